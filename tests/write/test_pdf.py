"""PDF conversion through headless LibreOffice."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from clausegen.write.pdf import ConversionError, convert_to_pdf, find_soffice
from tests.helpers import needs_programs

needs_libreoffice = needs_programs("soffice", "pdftotext")


def sample_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_heading("Action d'insertion professionnelle", level=1)
    document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.libreoffice
@needs_libreoffice
def test_documents_are_converted_in_one_run(tmp_path: Path) -> None:
    pdfs = convert_to_pdf(
        {
            "a-ccap.docx": sample_docx("Le titulaire réalise 1\u00a0947 heures."),
            "a-rc.docx": sample_docx("Facilitateur : Claire Martin & Fils <SARL>"),
        }
    )
    assert list(pdfs) == ["a-ccap.pdf", "a-rc.pdf"]
    assert "1 947 heures" in pdf_text(pdfs["a-ccap.pdf"], tmp_path)
    assert "Claire Martin & Fils <SARL>" in pdf_text(pdfs["a-rc.pdf"], tmp_path)


@pytest.mark.libreoffice
@needs_libreoffice
def test_a_document_libreoffice_cannot_read_is_named() -> None:
    with pytest.raises(ConversionError) as caught:
        convert_to_pdf({"broken.docx": b"not a zip at all"})
    assert str(caught.value).startswith(
        "broken.docx: LibreOffice produced no PDF for this document (exit code "
    )


def test_missing_libreoffice_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAUSEGEN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ConversionError) as caught:
        find_soffice()
    assert str(caught.value) == (
        "PDF output needs LibreOffice, which was not found on the PATH: install LibreOffice "
        "(Debian/Ubuntu: 'sudo apt-get install --no-install-recommends "
        "libreoffice-writer-nogui'; macOS: 'brew install --cask libreoffice'; Windows: "
        "https://www.libreoffice.org/download/) or set CLAUSEGEN_SOFFICE to the soffice program"
    )
    assert caught.value.exit_code == 5


def test_configured_program_must_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGEN_SOFFICE", "/nowhere/soffice")
    with pytest.raises(ConversionError) as caught:
        find_soffice()
    assert str(caught.value) == "CLAUSEGEN_SOFFICE=/nowhere/soffice is not an executable program"


def test_a_hung_office_suite_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(30)\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CLAUSEGEN_SOFFICE", str(fake))
    with pytest.raises(ConversionError) as caught:
        convert_to_pdf({"a.docx": b"x"}, timeout=0.5)
    assert str(caught.value) == "LibreOffice did not finish the conversion within 0.5 seconds"


def test_exit_zero_without_a_pdf_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CLAUSEGEN_SOFFICE", str(fake))
    with pytest.raises(ConversionError) as caught:
        convert_to_pdf({"a.docx": b"x"})
    assert (
        str(caught.value) == "a.docx: LibreOffice produced no PDF for this document (exit code 0)"
    )
