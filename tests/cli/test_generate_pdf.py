"""PDF output of `clausegen generate`: beside each .docx, all or nothing, or a clear error."""

from __future__ import annotations

import re
import sys
import threading
import zipfile
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from clausegen import generate
from clausegen.cli import _documents, main
from clausegen.cli._progress import Elapsed
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
    result = runner.invoke(main, ["generate", NETTOYAGE, "-o", str(tmp_path), "--format", "rtf"])
    assert result.exit_code == 2
    assert (
        "Invalid value for '--format': choose among docx, pdf, odt, eforms, e.g. --format "
        "docx,pdf,eforms" in (result.stderr)
    )


def pdf_identification(path: Path) -> tuple[str | None, str | None, bool, bool]:
    """The PDF/A part and conformance of the XMP metadata, whether marked and structured."""
    reader = pypdf.PdfReader(path)
    metadata = reader.xmp_metadata
    part = conformance = None
    if metadata is not None:
        xml = metadata.rdf_root.toxml()
        part = re.search(r"<pdfaid:part>(\d)</pdfaid:part>", xml)
        conformance = re.search(r"<pdfaid:conformance>(\w)</pdfaid:conformance>", xml)
    root = reader.root_object
    mark_info = root.get("/MarkInfo")
    mark_info = None if mark_info is None else mark_info.get_object()
    marked = isinstance(mark_info, pypdf.generic.DictionaryObject) and bool(
        mark_info.get("/Marked")
    )
    return (
        part[1] if part else None,
        conformance[1] if conformance else None,
        marked,
        "/StructTreeRoot" in root,
    )


@pytest.mark.libreoffice
@needs_libreoffice
def test_pdfs_are_pdfa_2b_and_tagged_and_odt_opens(runner: CliRunner, tmp_path: Path) -> None:
    args = ["generate", NETTOYAGE, "--only", "ccap", "--format", "pdf,odt", "-o"]
    result = runner.invoke(main, [*args, str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "Converting 1 document to PDF and ODT with LibreOffice…"
    assert files_in(tmp_path / "a") == ["2027-SRV-003-ccap.odt", "2027-SRV-003-ccap.pdf"]
    assert pdf_identification(tmp_path / "a" / "2027-SRV-003-ccap.pdf") == ("2", "B", True, True)
    with zipfile.ZipFile(tmp_path / "a" / "2027-SRV-003-ccap.odt") as odt:
        assert odt.namelist()[0] == "mimetype"
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert "2027-SRV-003" in odt.read("content.xml").decode("utf-8")
    plain = runner.invoke(
        main, [*args[:-3], "--format", "pdf", "--pdf-standard", "none", "-o", str(tmp_path / "b")]
    )
    assert plain.exit_code == 0, plain.output
    assert pdf_identification(tmp_path / "b" / "2027-SRV-003-ccap.pdf") == (None, None, True, True)


def test_existing_files_are_refused_before_any_conversion(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An office suite that would fail the test if it were started at all.
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\ntouch {tmp_path / 'started'}\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CLAUSEGEN_SOFFICE", str(fake))
    out = tmp_path / "out"
    out.mkdir()
    (out / "2027-SRV-003-rc.odt").write_bytes(b"mine")
    (out / "2027-SRV-003-ae.pdf").write_bytes(b"mine")
    result = runner.invoke(
        main, ["generate", NETTOYAGE, "-o", str(out), "--format", "docx,pdf,odt"]
    )
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        f"Error: {out / '2027-SRV-003-rc.odt'}: already exists; use --force to replace it",
        f"Error: {out / '2027-SRV-003-ae.pdf'}: already exists; use --force to replace it",
    ]
    assert not (tmp_path / "started").exists()
    assert files_in(out) == ["2027-SRV-003-ae.pdf", "2027-SRV-003-rc.odt"]


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


class _OnceThenDone(threading.Event):
    """An event that lets one wait go by, then says it is set."""

    def __init__(self) -> None:
        super().__init__()
        self.waits = 0

    def wait(self, timeout: float | None = None) -> bool:  # noqa: ARG002 - as Event.wait
        self.waits += 1
        return self.waits > 1


def test_the_conversion_is_counted_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with Elapsed() as piped:
        _documents._conversion(piped, {"pdf"}, 2)
    assert capsys.readouterr().err == "Converting 2 documents to PDF with LibreOffice…\n"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with Elapsed(_OnceThenDone()) as counted:
        _documents._conversion(counted, {"pdf", "odt"}, 1)
    assert capsys.readouterr().err == (
        "Converting 1 document to PDF and ODT with LibreOffice…"
        "\rConverting 1 document to PDF and ODT with LibreOffice… 0 s\n"
    )
