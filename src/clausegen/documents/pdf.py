"""PDF copies of the documents, made by a real office suite: headless LibreOffice.

Buyers publish tender files as PDF as well as Word. LibreOffice (``soffice``, Debian package
``libreoffice-writer-nogui``) lays the documents out as an office suite does, refreshes
their fields, and proves on the way that the .docx opens. Each conversion run gets its own
user profile, so that runs can be parallel; a timeout guards against a hung office suite;
and every PDF is checked to exist, since ``soffice`` can exit 0 without writing one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from clausegen.errors import ClausegenError, ExitCode

#: Environment variable naming the LibreOffice program, when it is not ``soffice`` on PATH.
SOFFICE_VARIABLE = "CLAUSEGEN_SOFFICE"
#: Seconds one conversion run may take before it is stopped.
DEFAULT_TIMEOUT = 180.0
#: Seconds allowed for LibreOffice to start, then for each document of a run.
_START_SECONDS = 60.0
_SECONDS_PER_DOCUMENT = 20.0

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: 'sudo apt-get install --no-install-recommends "
    "libreoffice-writer-nogui'; macOS: 'brew install --cask libreoffice'; Windows: "
    "https://www.libreoffice.org/download/) or set CLAUSEGEN_SOFFICE to the soffice program"
)


class ConversionError(ClausegenError):
    """Raised when LibreOffice is missing, fails, times out, or produces no PDF."""

    exit_code = ExitCode.CONVERSION

    def __init__(self, *, document: str | None, message: str) -> None:
        self.document = document
        super().__init__(f"{document}: {message}" if document else message)


def find_soffice() -> str:
    """Return the LibreOffice program to run.

    Raises:
        ConversionError: when neither ``CLAUSEGEN_SOFFICE`` nor ``soffice`` /
            ``libreoffice`` on the PATH gives a program, saying how to install it.
    """
    configured = os.environ.get(SOFFICE_VARIABLE)
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ConversionError(
                document=None,
                message=f"{SOFFICE_VARIABLE}={configured} is not an executable program",
            )
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found is not None:
            return found
    raise ConversionError(
        document=None,
        message=f"PDF output needs LibreOffice, which was not found on the PATH: {INSTALL_HINT}",
    )


def conversion_timeout(documents: int) -> float:
    """Return a timeout for a run of ``documents`` conversions (start-up, then per document)."""
    return _START_SECONDS + _SECONDS_PER_DOCUMENT * max(documents, 1)


def convert_to_pdf(
    documents: Mapping[str, bytes], *, timeout: float = DEFAULT_TIMEOUT
) -> dict[str, bytes]:
    """Convert Word documents to PDF with headless LibreOffice, in one run.

    Args:
        documents: .docx contents by file name (names must end with ``.docx`` and be
            distinct); the PDF of ``x.docx`` is returned under ``x.pdf``.
        timeout: seconds before the run is stopped.

    Returns:
        The PDF contents by file name, in the order given.

    Raises:
        ConversionError: when LibreOffice is missing, exits with an error, times out, or
            leaves a document without a readable PDF (named in the message).
    """
    program = find_soffice()
    with tempfile.TemporaryDirectory(prefix="clausegen-pdf-") as work:
        work_dir = Path(work)
        source_dir = work_dir / "in"
        output_dir = work_dir / "out"
        profile = work_dir / "profile"
        source_dir.mkdir()
        output_dir.mkdir()
        sources = []
        for name, content in documents.items():
            if Path(name).name != name or not name.endswith(".docx"):
                message = f"not a plain .docx file name: {name!r}"
                raise ValueError(message)
            (source_dir / name).write_bytes(content)
            sources.append(str(source_dir / name))
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            # NOTE: without an explicit import filter, LibreOffice reads a damaged .docx as
            # plain text and "succeeds"; with it, a file Word could not open fails here too.
            "--infilter=MS Word 2007 XML",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(output_dir),
            *sources,
        ]
        try:
            completed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                cwd=work_dir,
                env={**os.environ, "HOME": str(work_dir)},
            )
        except subprocess.TimeoutExpired:
            raise ConversionError(
                document=None,
                message=f"LibreOffice did not finish the conversion within {timeout:g} seconds",
            ) from None
        except OSError as error:
            raise ConversionError(
                document=None, message=f"LibreOffice could not be started: {error.strerror}"
            ) from None
        results: dict[str, bytes] = {}
        for name in documents:
            pdf_name = name[: -len(".docx")] + ".pdf"
            pdf = output_dir / pdf_name
            content = pdf.read_bytes() if pdf.is_file() else b""
            if not content.startswith(b"%PDF"):
                detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
                reason = f" ({detail[-1]})" if detail else ""
                raise ConversionError(
                    document=name,
                    message="LibreOffice produced no PDF for this document "
                    f"(exit code {completed.returncode}){reason}",
                )
            results[pdf_name] = content
        return results
