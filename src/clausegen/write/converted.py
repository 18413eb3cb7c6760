"""LibreOffice's command line and what it leaves in its output folder, checked whole.

``soffice`` can exit 0 without writing a file, or leave a truncated one; every converted file
is read only when it is a regular file and whole (a PDF with its end marker, an ODT text
document with its mimetype and content), and a run stopped as hung says how far it went.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

from clausegen import limits
from clausegen.i18n import N_, _, ngettext

#: The formats LibreOffice converts the Word documents to.
CONVERTED_FORMATS = ("pdf", "odt")
#: The PDF standards ``generate --pdf-standard`` offers; PDF/A-2b is the default.
PDF_STANDARDS = ("pdfa-2b", "none")
#: LibreOffice's PDF export: tagged (accessible) always, PDF/A-2b unless "none" is asked
#: (the JSON syntax of filter options, LibreOffice 7.4 or later).
_PDF_FILTERS = {
    "pdfa-2b": 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"}}',
    "none": 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}',
}
#: The export filter of ODT text documents.
_ODT_FILTER = "odt:writer8"
#: How an ODT text document starts: its mimetype, first and uncompressed.
_ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"


def export_filter(target: str, pdf_standard: str) -> str:
    """The ``--convert-to`` argument of a format (and, for PDF, of its standard)."""
    return _PDF_FILTERS[pdf_standard] if target == "pdf" else _ODT_FILTER


def converted_name(name: str, target: str) -> str:
    """The name of the ``target`` copy of the document ``name``: x.docx gives x.pdf."""
    return f"{name[: -len('.docx')]}.{target}"


def soffice_command(
    program: str,
    work_dir: Path,
    source_dir: Path,
    output_dir: Path,
    export: str,
    documents: Mapping[str, bytes],
) -> list[str]:
    """The command that converts ``documents`` with the ``export`` filter."""
    return [
        program,
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
        # NOTE: without an explicit import filter, LibreOffice reads a damaged .docx as
        # plain text and "succeeds"; with it, a file Word could not open fails here too.
        "--infilter=MS Word 2007 XML",
        "--convert-to",
        export,
        "--outdir",
        str(output_dir),
        *(str(source_dir / name) for name in documents),
    ]


def read_converted(path: Path, target: str) -> bytes | None:
    """Return the content of a converted file, or None when it is missing or not whole."""
    try:
        content = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    except OSError:
        return None
    return content if _whole(content, target) else None


def _whole(content: bytes, target: str) -> bool:
    """Whether ``content`` is a whole PDF, or an ODT text document (its mimetype first)."""
    if target == "pdf":
        return content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]
    if not content.startswith(b"PK\x03\x04") or _ODT_MIMETYPE not in content[:100]:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.testzip() is None and "content.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


#: How to get LibreOffice, when it is missing.
INSTALL_HINT = N_(
    "install LibreOffice (Debian/Ubuntu: 'sudo apt-get install --no-install-recommends "
    "libreoffice-writer-nogui'; macOS: 'brew install --cask libreoffice'; Windows: "
    "https://www.libreoffice.org/download/) or set CLAUSEGEN_SOFFICE to the soffice program"
)


def no_output_message(target: str, returncode: int, reason: str) -> str:
    """Say that LibreOffice wrote no file for a document (``reason``: its log's last line)."""
    message = (
        _("LibreOffice produced no {format} for this document (exit code {code}) ({reason})")
        if reason
        else _("LibreOffice produced no {format} for this document (exit code {code})")
    )
    return message.format(format=target.upper(), code=returncode, reason=reason)


def overtime_message(budget: float) -> str:
    """Say that a conversion run took all the time it had."""
    message = _("LibreOffice did not finish the conversion within {seconds} seconds")
    return message.format(seconds=f"{budget:g}")


def stalled_message(
    settings: limits.Limits, seen: frozenset[tuple[str, int]], names: list[str]
) -> str:
    """Say why a run was stopped as hung; ``names`` are the files it was to write (``x.pdf``…)."""
    kind = Path(names[0]).suffix[1:].upper() if names else "PDF"
    if not seen:
        variable = limits.Limits.variable("conversion_start_seconds")
        return _(
            "LibreOffice wrote no {format} within {seconds} seconds of starting and was stopped "
            "as hung ({variable} gives it more time)"
        ).format(format=kind, seconds=f"{settings.conversion_start_seconds:g}", variable=variable)
    written = {name for name, _ in seen}
    done = sum(1 for name in names if name in written)
    variable = limits.Limits.variable("conversion_document_seconds")
    return ngettext(
        "LibreOffice wrote nothing for {seconds} seconds after {done} of {count} {format} and "
        "was stopped as hung ({variable} gives it more time)",
        "LibreOffice wrote nothing for {seconds} seconds after {done} of {count} {format}s and "
        "was stopped as hung ({variable} gives it more time)",
        len(names),
    ).format(
        seconds=f"{settings.conversion_document_seconds:g}",
        done=done,
        count=len(names),
        format=kind,
        variable=variable,
    )


def last_line(log: Path) -> str:
    """The last line of LibreOffice's log (300 characters at most), or "" when none."""
    try:
        with log.open("rb") as stream:
            stream.seek(max(0, log.stat().st_size - 4096))
            lines = stream.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].strip()[:300] if lines else ""
