"""PDF output of `clausegen generate`: beside each .docx, all or nothing, or a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen import generate
from clausegen.cli import main
from tests.helpers import EXAMPLES, needs_programs

NETTOYAGE = str(EXAMPLES / "nettoyage-sieges.yaml")
STEMS = [
    f"2027-SRV-003-{i}" for i in ("ae", "ccap", "note-calcul", "rc", "suivi", "suivi-facilitateur")
]

needs_libreoffice = needs_programs("soffice")


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.libreoffice
@needs_libreoffice
def test_pdf_beside_each_document(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["generate", NETTOYAGE, "-o", str(tmp_path), "--pdf"])
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == sorted(
        [f"{stem}.docx" for stem in STEMS] + [f"{stem}.pdf" for stem in STEMS]
    )
    assert result.stderr.splitlines()[0] == "Converting 6 documents to PDF with LibreOffice…"
    assert result.stderr.splitlines()[-1] == f"Wrote 12 documents for 2027-SRV-003 in {tmp_path}"
    for stem in STEMS:
        assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
@needs_libreoffice
def test_format_pdf_alone_and_the_library_option(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["generate", NETTOYAGE, "-o", str(tmp_path / "a"), "--format", "pdf", "--only", "rc"]
    )
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path / "a") == ["2027-SRV-003-rc.pdf"]
    written = generate(NETTOYAGE, tmp_path / "b", only=["ae"], pdf=True)
    assert [p.name for p in written] == ["2027-SRV-003-ae.docx", "2027-SRV-003-ae.pdf"]


def test_unknown_format_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["generate", NETTOYAGE, "-o", str(tmp_path), "--format", "odt"])
    assert result.exit_code == 2
    assert "Invalid value for '--format': choose among docx, pdf, e.g. --format docx,pdf" in (
        result.stderr
    )


def test_without_libreoffice_nothing_is_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAUSEGEN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    result = runner.invoke(main, ["generate", NETTOYAGE, "-o", str(out), "--pdf"])
    assert result.exit_code == 5
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: PDF output needs LibreOffice, which was not found on the PATH: install "
        "LibreOffice (Debian/Ubuntu: 'sudo apt-get install --no-install-recommends "
        "libreoffice-writer-nogui'; macOS: 'brew install --cask libreoffice'; Windows: "
        "https://www.libreoffice.org/download/) or set CLAUSEGEN_SOFFICE to the soffice program"
    )
    assert files_in(out) == []


def test_a_failed_conversion_writes_no_document(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An office suite that exits 0 without writing a PDF, as soffice sometimes does.
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CLAUSEGEN_SOFFICE", str(fake))
    out = tmp_path / "out"
    result = runner.invoke(main, ["generate", NETTOYAGE, "-o", str(out), "--pdf"])
    assert result.exit_code == 5
    assert result.stderr.splitlines()[-1] == (
        "Error: 2027-SRV-003-ccap.docx: LibreOffice produced no PDF for this document (exit code 0)"
    )
    assert files_in(out) == []
