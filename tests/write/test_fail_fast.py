"""Fail fast (issue 15, item 7): a file that exists without --force stops a run before
anything is rendered or converted, on every path: in memory, staged on every core, and
with the eForms fragments. And a run has a time budget for all its renders (issue 10).

Rendering is counted at :func:`clausegen.write.contracts.render_entry`, the one place a
document is rendered; the processes used here are this one (``--jobs 1``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clausegen.cli import main
from clausegen.errors import ClausegenError, ExitCode, RunBudgetError
from clausegen.limits import Limits, using
from clausegen.render.documents import render_entry
from clausegen.render.templates import MANIFEST
from clausegen.write import contracts
from clausegen.write.batch import generate_many
from clausegen.write.run import generate, render_run
from tests.helpers import EXAMPLES, build_file_tree
from tests.template_builders import make_template

LYCEE = EXAMPLES / "lycee-jules-verne.yaml"
BOURG = EXAMPLES / "amenagement-bourg.yaml"
AVENUE = EXAMPLES / "avenue-de-la-gare.yaml"
EXISTS = "already exists; use --force to replace it"


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The template ids rendered, in order."""
    rendered: list[str] = []
    real = render_entry

    def counting(prepared: Any, template_set: Any, entry: Any) -> bytes:
        rendered.append(entry.id)
        data: bytes = real(prepared, template_set, entry)
        return data

    monkeypatch.setattr(contracts, "render_entry", counting)
    return rendered


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _existing(tmp_path: Path, name: str) -> Path:
    return build_file_tree(tmp_path, {f"out/{name}": b"the user's own file"}) / "out"


def test_in_memory_nothing_is_rendered_when_the_last_contract_s_document_exists(
    tmp_path: Path, renders: list[str]
) -> None:
    out = _existing(tmp_path, "2027-TRV-021-suivi.docx")
    with pytest.raises(ClausegenError) as caught:
        render_run([LYCEE, BOURG], out, force=False)
    assert str(caught.value) == f"{out / '2027-TRV-021-suivi.docx'}: {EXISTS}"
    assert renders == []
    assert _files(out) == {"2027-TRV-021-suivi.docx": b"the user's own file"}


def test_in_memory_every_existing_file_and_every_contract_error_come_together(
    tmp_path: Path, renders: list[str]
) -> None:
    out = _existing(tmp_path, "2026-TRV-014-rc.docx")
    bad = build_file_tree(tmp_path, {"bad.yaml": "reference: A\n"}) / "bad.yaml"
    with pytest.raises(ClausegenError) as caught:
        render_run([LYCEE, bad], out, force=False)
    lines = caught.value.lines()
    assert lines[0] == f"{out / '2026-TRV-014-rc.docx'}: {EXISTS}"
    assert lines[1] == f"{bad}:1: title: required field is missing"
    assert renders == []


def test_generate_without_force_renders_nothing_and_with_force_replaces(
    tmp_path: Path, renders: list[str]
) -> None:
    out = _existing(tmp_path, "2026-TRV-014-suivi.docx")
    with pytest.raises(ClausegenError):
        generate(LYCEE, out)
    assert renders == []
    written = generate(LYCEE, out, force=True)
    assert len(renders) == len(written) == 7


@pytest.mark.parametrize("jobs", [1, 2])
def test_staged_nothing_is_rendered_when_a_later_contract_s_document_exists(
    tmp_path: Path, renders: list[str], jobs: int
) -> None:
    # With 2 jobs the workers would render in other processes: the run must stop before.
    out = _existing(tmp_path, "2027-TRV-021-suivi.docx")
    with pytest.raises(ClausegenError) as caught:
        generate_many([LYCEE, BOURG], out, jobs=jobs)
    assert str(caught.value) == f"{out / '2027-TRV-021-suivi.docx'}: {EXISTS}"
    assert renders == []
    assert _files(out) == {"2027-TRV-021-suivi.docx": b"the user's own file"}


def test_staged_in_an_unrelated_folder_plans_nothing_twice(
    tmp_path: Path, renders: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build_file_tree(tmp_path, {"out/notes.txt": "mine"}) / "out"
    planned: list[str] = []
    real = contracts.Batch.plan

    def counting(self: contracts.Batch, source: Any, *args: Any, **kwargs: Any) -> Any:
        planned.append(str(source))
        return real(self, source, *args, **kwargs)

    monkeypatch.setattr(contracts.Batch, "plan", counting)
    written = generate_many([LYCEE, BOURG], out, jobs=1)
    assert planned == [str(LYCEE), str(BOURG)]  # once each: no file could be in the way
    assert len(renders) == len(written)


def test_cli_eforms_fragment_existing_stops_the_run_before_rendering(
    runner: CliRunner, tmp_path: Path, renders: list[str]
) -> None:
    out = _existing(tmp_path, "2027-RIV-021-lot-2.xml")
    result = runner.invoke(
        main, ["generate", str(AVENUE), "--format", "docx,eforms", "-o", str(out)]
    )
    assert result.exit_code == 4
    assert result.stderr == f"Error: {out / '2027-RIV-021-lot-2.xml'}: {EXISTS}\n"
    assert renders == []
    assert _files(out) == {"2027-RIV-021-lot-2.xml": b"the user's own file"}


def test_cli_batch_existing_document_stops_the_run_before_rendering(
    runner: CliRunner, tmp_path: Path, renders: list[str]
) -> None:
    out = _existing(tmp_path, "2027-TRV-021-ccap.docx")
    result = runner.invoke(main, ["generate", str(LYCEE), str(BOURG), "-o", str(out), "-j", "1"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == f"Error: {out / '2027-TRV-021-ccap.docx'}: {EXISTS}"
    assert renders == []
    assert _files(out) == {"2027-TRV-021-ccap.docx": b"the user's own file"}


# --- the run's time budget (issue 10 leftover) -------------------------------------------

SLOW = "{% for i in range(99999) %}{% for j in range(99999) %}{{ '' }}{% endfor %}{% endfor %}"
ENTRY = {"id": "x", "file": "x.docx", "title": "Titre", "destination": "CCAP", "description": "D"}


def _slow_set(root: Path) -> Path:
    return (
        build_file_tree(
            root,
            {
                f"t/{MANIFEST}": {"templates": [ENTRY]},
                "t/x.docx": make_template(["{{ title }}", SLOW]),
            },
        )
        / "t"
    )


def _run_budget_message(folder: Path, seconds: str) -> str:
    return (
        f"{folder / 'x.docx'}: the run's renders took longer than its time budget of {seconds} "
        "seconds, so nothing was written: the template renders too slowly for this many "
        "contracts; generate fewer at a time or, if it is right, raise the budget with "
        "CLAUSEGEN_LIMIT_RUN_SECONDS"
    )


def test_a_run_past_its_budget_stops_once_for_all_its_contracts(tmp_path: Path) -> None:
    # Each render would stop at its own budget (10 s): three contracts, 30 s. The run's
    # budget stops the first render at the run's end and renders nothing more.
    folder = _slow_set(tmp_path)
    with using(Limits(run_seconds=0.5)), pytest.raises(RunBudgetError) as caught:
        render_run([LYCEE, BOURG, AVENUE], tmp_path / "out", templates=folder)
    assert str(caught.value) == _run_budget_message(folder, "0.5")
    assert caught.value.exit_code == ExitCode.TEMPLATE
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_staged_run_past_its_budget_reports_it_once(tmp_path: Path, jobs: int) -> None:
    folder = _slow_set(tmp_path)
    with using(Limits(run_seconds=0.5)), pytest.raises(RunBudgetError) as caught:
        generate_many([LYCEE, BOURG, AVENUE], tmp_path / "out", templates=folder, jobs=jobs)
    assert str(caught.value) == _run_budget_message(folder, "0.5")
    assert not (tmp_path / "out").exists()


def test_once_the_run_s_budget_is_spent_nothing_more_is_rendered(
    tmp_path: Path, renders: list[str]
) -> None:
    with using(Limits(run_seconds=1e-9)), pytest.raises(RunBudgetError):
        render_run([LYCEE, BOURG], tmp_path / "out")
    assert renders == []


def test_the_run_budget_is_set_by_its_variable(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _slow_set(tmp_path)
    monkeypatch.setenv("CLAUSEGEN_LIMIT_RUN_SECONDS", "0.5")
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["generate", str(LYCEE), "--templates", str(folder), "-o", str(out)]
    )
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == f"Error: {_run_budget_message(folder, '0.5')}"
    assert not out.exists()
