"""Batches on every core: the files, bytes and errors of a serial run, nothing left behind."""

from __future__ import annotations

import pickle
import signal
from pathlib import Path
from typing import Any

import pytest

from clausegen import files
from clausegen.errors import ClausegenError
from clausegen.interruptions import Interrupted
from clausegen.write import batch
from clausegen.write.batch import generate_many, stage_run
from clausegen.write.rendered import ContractSummary
from clausegen.write.run import render_run
from tests.helpers import EXAMPLES, build_file_tree, contract_data

EXAMPLE_FILES = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))


def _contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_every_example_gives_the_same_files_and_bytes_on_one_or_two_processes(
    tmp_path: Path,
) -> None:
    serial = generate_many(EXAMPLE_FILES, tmp_path / "serial", jobs=1)
    parallel = generate_many(EXAMPLE_FILES, tmp_path / "parallel", jobs=2)
    in_memory = render_run(EXAMPLE_FILES, tmp_path / "memory")
    assert [p.name for p in serial] == [p.name for p in parallel]
    assert [p.name for p in serial] == [p.name for p in in_memory.files]
    assert _contents(tmp_path / "serial") == _contents(tmp_path / "parallel")
    assert _contents(tmp_path / "serial") == {p.name: d for p, d in in_memory.files.items()}


def test_the_warnings_and_skipped_documents_are_those_of_a_serial_run(tmp_path: Path) -> None:
    staged = stage_run(EXAMPLE_FILES, tmp_path, jobs=2)
    staged.discard()
    reference = render_run(EXAMPLE_FILES, tmp_path)
    assert staged.skipped == reference.skipped
    assert [c.source for c in staged.contracts] == [c.source for c in reference.contracts]
    assert [c.warnings for c in staged.contracts] == [
        c.obligation.warnings for c in reference.contracts
    ]
    assert [c.reference for c in staged.contracts] == [
        c.contract.reference for c in reference.contracts
    ]
    assert [c.documents for c in staged.contracts] == [
        tuple(c.documents) for c in reference.contracts
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_keeps_a_small_summary_per_contract_not_the_contract(
    tmp_path: Path, jobs: int
) -> None:
    # NOTE: the parent holds one per contract until the run is written: the contract with
    # its buyer and charter (~16 KB pickled, ~80 KB in memory) made memory grow with the run.
    staged = stage_run(EXAMPLE_FILES, tmp_path, jobs=jobs)
    staged.discard()
    full = render_run(EXAMPLE_FILES, tmp_path).contracts
    assert len(staged.contracts) == len(full) == len(EXAMPLE_FILES)
    assert {type(item) for item in staged.contracts} == {ContractSummary}
    for summary, rendered in zip(staged.contracts, full, strict=True):
        assert len(pickle.dumps(summary)) <= 4_000 < len(pickle.dumps(rendered))


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_invalid_contract_stops_the_run_with_the_errors_of_a_serial_run(
    tmp_path: Path, jobs: int
) -> None:
    build_file_tree(tmp_path, {"bad.yaml": contract_data(kind="roads")})
    sources = [EXAMPLE_FILES[0], str(tmp_path / "bad.yaml"), EXAMPLE_FILES[1]]
    with pytest.raises(ClausegenError) as reference:
        render_run(sources, tmp_path / "out")
    with pytest.raises(ClausegenError) as caught:
        generate_many(sources, tmp_path / "out", jobs=jobs)
    assert str(caught.value) == str(reference.value)
    assert caught.value.to_dict() == reference.value.to_dict()
    assert not (tmp_path / "out").exists()


def test_existing_documents_stop_the_run_and_no_temporary_file_stays(tmp_path: Path) -> None:
    first = generate_many(EXAMPLE_FILES[:2], tmp_path, jobs=2)
    before = _contents(tmp_path)
    with pytest.raises(ClausegenError) as caught:
        generate_many(EXAMPLE_FILES[:3], tmp_path, jobs=2)
    assert str(caught.value).splitlines() == [
        f"{path}: already exists; use --force to replace it" for path in first
    ]
    assert _contents(tmp_path) == before
    assert generate_many(EXAMPLE_FILES[:3], tmp_path, jobs=2, force=True)[: len(first)] == first


def test_an_interruption_while_staging_removes_what_was_staged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staged: list[Path] = []
    real = files.stage_file

    def stage_then_stop(path: Path, data: bytes, **kwargs: Any) -> Path:
        if len(staged) == 6:
            raise Interrupted(signal.SIGTERM)
        staged.append(real(path, data, **kwargs))
        return staged[-1]

    monkeypatch.setattr(batch, "stage_file", stage_then_stop)
    with pytest.raises(Interrupted):
        generate_many(EXAMPLE_FILES[:3], tmp_path / "out", jobs=1)
    assert len(staged) == 6
    assert list((tmp_path / "out").iterdir()) == []  # as when stopped while writing
