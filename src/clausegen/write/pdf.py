"""PDF copies of the documents, made by a real office suite: headless LibreOffice.

Buyers publish tender files as PDF as well as Word. LibreOffice (``soffice``, Debian package
``libreoffice-writer-nogui``) lays the documents out as an office suite does, refreshes
their fields, and proves on the way that the .docx opens. Each conversion run gets its own
work folder and user profile, so that runs can be parallel, and every PDF is checked to be
whole, since ``soffice`` can exit 0 without writing one.

LibreOffice is watched, not trusted: it runs in a process group of its own (``soffice``
starts ``soffice.bin``), its output folder is watched, and a run that writes nothing for too
long is stopped as hung — ``conversion_start_seconds`` to start and write the first PDF,
then ``conversion_document_seconds`` for each further one (see :mod:`clausegen.limits`;
``CLAUSEGEN_LIMIT_CONVERSION_*`` variables). However the run ends — success, error, timeout
or interruption — the whole group is ended and the work folder removed. A work folder that
a killed run could not remove (``clausegen-pdf-<pid>-…`` in the temporary folder) is removed
by the next run once its process is gone, with the LibreOffice it may have left
(:mod:`clausegen.write.leftovers`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from clausegen import limits
from clausegen.errors import ClausegenError, ErrorRecord, ExitCode
from clausegen.write.leftovers import (
    POLL_SECONDS,
    WORK_FOLDER_PREFIX,
    remove_folder,
    remove_stale_work_folders,
)

#: Environment variable naming the LibreOffice program, when it is not ``soffice`` on PATH.
SOFFICE_VARIABLE = "CLAUSEGEN_SOFFICE"
#: Seconds between two looks at LibreOffice's output folder.
_POLL_SECONDS = POLL_SECONDS
#: Seconds LibreOffice has to end when asked (SIGTERM) before it is killed.
_GRACE_SECONDS = 2.0

# LibreOffice runs in a process group (a session) of its own, so that it can be ended whole.
if sys.platform == "win32":  # pragma: no cover - Windows
    _NEW_GROUP_FLAGS = subprocess.CREATE_NEW_PROCESS_GROUP
else:
    _NEW_GROUP_FLAGS = 0

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: 'sudo apt-get install --no-install-recommends "
    "libreoffice-writer-nogui'; macOS: 'brew install --cask libreoffice'; Windows: "
    "https://www.libreoffice.org/download/) or set CLAUSEGEN_SOFFICE to the soffice program"
)


class ConversionError(ClausegenError):
    """Raised when LibreOffice is missing, fails, hangs, or produces no PDF."""

    exit_code = ExitCode.CONVERSION
    code: ClassVar[str] = "conversion"

    def __init__(self, *, document: str | None, message: str) -> None:
        self.document = document
        self.message = message
        super().__init__(f"{document}: {message}" if document else message)

    def records(self) -> list[ErrorRecord]:
        """Return the error located at the document being converted."""
        return [
            ErrorRecord(
                source=self.document,
                line=None,
                column=None,
                path="",
                code=self.code,
                message=self.message,
            )
        ]


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
    """Return the longest a run of ``documents`` conversions may take, in seconds.

    That is ``conversion_start_seconds`` plus ``conversion_document_seconds`` per document,
    from the limits in force. A hung LibreOffice is stopped well before, as soon as it has
    written nothing for its allowance.
    """
    settings = limits.current()
    return settings.conversion_start_seconds + settings.conversion_document_seconds * max(
        documents, 1
    )


def convert_to_pdf(
    documents: Mapping[str, bytes], *, timeout: float | None = None
) -> dict[str, bytes]:
    """Convert Word documents to PDF with headless LibreOffice, in one run.

    Args:
        documents: .docx contents by file name (names must end with ``.docx`` and be
            distinct); the PDF of ``x.docx`` is returned under ``x.pdf``.
        timeout: the longest the whole run may take, in seconds;
            :func:`conversion_timeout` of the number of documents when None.

    Returns:
        The PDF contents by file name, in the order given.

    Raises:
        ConversionError: when LibreOffice is missing, cannot start, exits with an error,
            writes nothing for longer than its allowance, exceeds ``timeout``, or leaves a
            document without a whole PDF (named in the message). Nothing is left behind:
            the work folder is removed and LibreOffice ended.
    """
    for name in documents:
        if Path(name).name != name or not name.endswith(".docx"):
            message = f"not a plain .docx file name: {name!r}"
            raise ValueError(message)
    program = find_soffice()
    budget = timeout if timeout is not None else conversion_timeout(len(documents))
    remove_stale_work_folders()
    try:
        work_dir = Path(tempfile.mkdtemp(prefix=f"{WORK_FOLDER_PREFIX}{os.getpid()}-"))
    except OSError as error:
        raise ConversionError(
            document=None,
            message=f"no work folder can be made in {tempfile.gettempdir()}: {error.strerror}",
        ) from None
    try:
        source_dir, output_dir = _prepare(work_dir, documents)
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            # NOTE: without an explicit import filter, LibreOffice reads a damaged .docx as
            # plain text and "succeeds"; with it, a file Word could not open fails here too.
            "--infilter=MS Word 2007 XML",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(output_dir),
            *(str(source_dir / name) for name in documents),
        ]
        returncode = _run(command, work_dir, output_dir, list(documents), budget)
        return _collect(documents, output_dir, returncode, work_dir / "soffice.log")
    finally:
        remove_folder(work_dir)


def _prepare(work_dir: Path, documents: Mapping[str, bytes]) -> tuple[Path, Path]:
    """Write the documents into the work folder; return its input and output folders."""
    source_dir, output_dir = work_dir / "in", work_dir / "out"
    try:
        source_dir.mkdir()
        output_dir.mkdir()
        (work_dir / "tmp").mkdir()
        for name, content in documents.items():
            (source_dir / name).write_bytes(content)
    except OSError as error:
        raise ConversionError(
            document=None,
            message=f"the documents cannot be written to {work_dir}: {error.strerror}",
        ) from None
    return source_dir, output_dir


def _run(
    command: list[str], work_dir: Path, output_dir: Path, names: list[str], budget: float
) -> int:
    """Run LibreOffice in a process group of its own, watched; return its exit code."""
    try:
        log = (work_dir / "soffice.log").open("wb")
    except OSError as error:
        raise ConversionError(
            document=None, message=f"{work_dir} cannot be written: {error.strerror}"
        ) from None
    with log:
        try:
            process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                cwd=work_dir,
                env=_environment(work_dir),
                start_new_session=sys.platform != "win32",
                creationflags=_NEW_GROUP_FLAGS,
            )
        except OSError as error:
            raise ConversionError(
                document=None, message=f"LibreOffice could not be started: {error.strerror}"
            ) from None
        try:
            _watch(process, output_dir, names, budget)
        finally:
            _end_group(process)
    return process.returncode


def _environment(work_dir: Path) -> dict[str, str]:
    """LibreOffice's environment: its home and temporary folder inside the work folder.

    LibreOffice keeps copies of the document it converts in its own temporary folders
    (``lu<pid>….tmp``); a killed LibreOffice cannot remove them, so they are made inside the
    work folder, which clausegen removes however the run ends (or the next run does).
    """
    temporary = str(work_dir / "tmp")
    return {
        **os.environ,
        "HOME": str(work_dir),
        "TMPDIR": temporary,
        "TMP": temporary,
        "TEMP": temporary,
    }


def _watch(
    process: subprocess.Popen[bytes], output_dir: Path, names: list[str], budget: float
) -> None:
    """Wait for LibreOffice to exit, stopping it when it writes nothing for too long.

    Raises:
        ConversionError: when the run exceeds ``budget`` or its allowance without output.
    """
    settings = limits.current()
    started = time.monotonic()
    stalled_at = started + settings.conversion_start_seconds
    seen = _snapshot(output_dir)
    while not _exited(process):
        now = time.monotonic()
        current = _snapshot(output_dir)
        if current != seen:
            seen = current
            stalled_at = now + settings.conversion_document_seconds
        if now - started >= budget:
            raise ConversionError(
                document=None,
                message=f"LibreOffice did not finish the conversion within {budget:g} seconds",
            )
        if now >= stalled_at:
            raise ConversionError(document=None, message=_stalled(settings, seen, names))
        time.sleep(_POLL_SECONDS)


def _stalled(settings: limits.Limits, seen: frozenset[tuple[str, int]], names: list[str]) -> str:
    if not seen:
        variable = limits.Limits.variable("conversion_start_seconds")
        return (
            f"LibreOffice wrote no PDF within {settings.conversion_start_seconds:g} seconds "
            f"of starting and was stopped as hung ({variable} gives it more time)"
        )
    written = {name for name, _ in seen}
    done = sum(1 for name in names if name[: -len(".docx")] + ".pdf" in written)
    variable = limits.Limits.variable("conversion_document_seconds")
    return (
        f"LibreOffice wrote nothing for {settings.conversion_document_seconds:g} seconds "
        f"after {done} of {len(names)} PDF{'s' if len(names) != 1 else ''} and was stopped "
        f"as hung ({variable} gives it more time)"
    )


def _snapshot(folder: Path) -> frozenset[tuple[str, int]]:
    """The names and sizes in ``folder``: any change is progress."""
    try:
        with os.scandir(folder) as entries:
            return frozenset(
                (entry.name, entry.stat(follow_symlinks=False).st_size) for entry in entries
            )
    except OSError:
        return frozenset()


def _exited(process: subprocess.Popen[bytes]) -> bool:
    """Whether LibreOffice's first process ended, without reaping it on POSIX.

    An unreaped process keeps its id, so the id of its group cannot be given to another
    process before :func:`_end_group` has signalled the group.
    """
    if process.returncode is not None:
        return True
    if hasattr(os, "waitid"):
        try:
            state = os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return process.poll() is not None
        return state is not None
    return process.poll() is not None  # pragma: no cover - macOS, Windows


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and every process it started, then reap it."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        if process.poll() is None:
            process.kill()
        process.wait()
        return
    if not _exited(process):
        _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + _GRACE_SECONDS
        while not _exited(process) and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
    # NOTE: soffice.bin outlives a killed soffice; whatever is left of the group goes too.
    _signal_group(process.pid, signal.SIGKILL)
    process.wait()


def _signal_group(group: int, number: signal.Signals) -> None:
    if sys.platform != "win32":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, number)


def _collect(
    documents: Mapping[str, bytes], output_dir: Path, returncode: int, log: Path
) -> dict[str, bytes]:
    """Read every PDF, refusing a missing, empty, foreign or truncated one."""
    results: dict[str, bytes] = {}
    for name in documents:
        pdf_name = name[: -len(".docx")] + ".pdf"
        pdf = output_dir / pdf_name
        try:
            content = pdf.read_bytes() if pdf.is_file() and not pdf.is_symlink() else b""
        except OSError:
            content = b""
        if not (content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]):
            reason = _last_line(log)
            raise ConversionError(
                document=name,
                message="LibreOffice produced no PDF for this document "
                f"(exit code {returncode}){f' ({reason})' if reason else ''}",
            )
        results[pdf_name] = content
    return results


def _last_line(log: Path) -> str:
    try:
        with log.open("rb") as stream:
            stream.seek(max(0, log.stat().st_size - 4096))
            lines = stream.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].strip()[:300] if lines else ""
