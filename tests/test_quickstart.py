"""The README's Quick start works line by line as written, in a fresh folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO


def quick_start_lines() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    block = text.split("\n## Quick start\n", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    return [line.removeprefix("$ ") for line in block.splitlines()]


def test_the_quick_start_runs_as_written(tmp_path: Path) -> None:
    lines = quick_start_lines()
    assert len(lines) >= 10
    assert lines[:2] == [
        "clausegen profile init buyer.yaml     # a commented starting buyer profile "
        "(contacts, charter)",
        "clausegen init contract.yaml --buyer buyer.yaml   # a commented starting description, "
        "for that buyer",
    ]
    # NOTE: a fresh clone has the examples; the commands write beside them.
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    scripts = Path(sys.executable).parent
    environment = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    environment.pop("CLAUSEGEN_TEMPLATES", None)
    for line in lines:
        # The shell expands examples/*.yaml and drops the comments, as in a terminal.
        result = subprocess.run(  # noqa: S602 - the README's own lines
            line, shell=True, cwd=tmp_path, env=environment, capture_output=True, text=True
        )
        assert result.returncode == 0, (line, result.stderr)
    assert (tmp_path / "bilan.docx").is_file()
    assert sorted(p.name for p in (tmp_path / "dossier").iterdir()) == [
        "2027-TRV-001-ae.docx",
        "2027-TRV-001-ccap.docx",
        "2027-TRV-001-charte.docx",
        "2027-TRV-001-note-calcul.docx",
        "2027-TRV-001-rc.docx",
        "2027-TRV-001-suivi-facilitateur.docx",
        "2027-TRV-001-suivi.docx",
    ]


def test_the_readme_names_no_file_outside_the_repository() -> None:
    text = (REPO / "README.md").read_text("utf-8")
    assert "../shared" not in text
    assert "domain.md" not in text
