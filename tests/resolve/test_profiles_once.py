"""A run of many contracts reads each buyer profile once; each contract still gets it whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clausegen.errors import ClausegenError
from clausegen.read import documents
from clausegen.resolve import buyer
from clausegen.resolve.buyer import profiles_read_once
from clausegen.resolve.loading import load_resolved
from clausegen.resolve.portfolio import load_portfolio
from tests.helpers import build_file_tree, contract_data

PROFILE = {"name": "Ville de Profil", "service": "Achats", "insertion": {"hours_per_fte": 1600}}


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    real = documents.read_readable_document

    def counted(path: Path, *args: Any, **kwargs: Any) -> Any:
        reads.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(buyer, "read_readable_document", counted)
    return reads


def _contracts(tmp_path: Path, count: int) -> list[Path]:
    files: dict[str, Any] = {"profiles/ville.yaml": PROFILE}
    for number in range(count):
        files[f"c{number}.yaml"] = contract_data(
            reference=f"R-{number}", buyer={"profile": "profiles/ville.yaml"}
        )
    build_file_tree(tmp_path, files)
    return [tmp_path / f"c{number}.yaml" for number in range(count)]


def test_a_portfolio_reads_its_shared_profile_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _contracts(tmp_path, 5)
    reads = _counting(monkeypatch)
    entries = load_portfolio([tmp_path])
    assert len(reads) == 1
    assert [entry.resolved.contract.buyer.name for entry in entries] == ["Ville de Profil"] * 5


def test_outside_a_run_each_contract_reads_its_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _contracts(tmp_path, 2)
    reads = _counting(monkeypatch)
    for path in paths:
        load_resolved(path)
    assert len(reads) == 2


def test_an_invalid_profile_is_reported_by_every_contract_that_names_it(
    tmp_path: Path,
) -> None:
    paths = _contracts(tmp_path, 2)
    build_file_tree(tmp_path, {"profiles/ville.yaml": {"name": 3}})
    with profiles_read_once():
        messages = []
        for path in paths:
            with pytest.raises(ClausegenError) as caught:
                load_resolved(path)
            messages.append(str(caught.value))
    assert messages[0].replace("c0.yaml", "c1.yaml") == messages[1]
