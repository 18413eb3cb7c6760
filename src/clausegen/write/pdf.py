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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from clausegen import limits
from clausegen.errors import ClausegenError, ErrorRecord, ExitCode
from clausegen.i18n import _
from clausegen.write.converted import (
    CONVERTED_FORMATS,
    INSTALL_HINT,
    PDF_STANDARDS,
    converted_name,
    export_filter,
    last_line,
    no_output_message,
    overtime_message,
    read_converted,
    soffice_command,
    stalled_message,
)
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
                message=_("{setting} is not an executable program").format(
                    setting=f"{SOFFICE_VARIABLE}={configured}"
                ),
            )
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found is not None:
            return found
    raise ConversionError(
        document=None,
        message=_("PDF output needs LibreOffice, which was not found on the PATH: {hint}").format(
            hint=_(INSTALL_HINT)
        ),
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
    documents: Mapping[str, bytes],
    *,
    timeout: float | None = None,
    pdf_standard: str = "pdfa-2b",
) -> dict[str, bytes]:
    """Convert Word documents to tagged PDF (PDF/A-2b by default) with headless LibreOffice.

    The same as :func:`convert_documents` with ``formats=("pdf",)``.
    """
    return convert_documents(
        documents, formats=("pdf",), timeout=timeout, pdf_standard=pdf_standard
    )


def convert_documents(
    documents: Mapping[str, bytes],
    *,
    formats: Sequence[str] = ("pdf",),
    timeout: float | None = None,
    pdf_standard: str = "pdfa-2b",
) -> dict[str, bytes]:
    """Convert Word documents to PDF and/or ODT with headless LibreOffice.

    One work folder and one LibreOffice profile serve every format; LibreOffice converts to
    one format per start, so ``("pdf", "odt")`` starts it twice, the second time on a
    profile already made.

    Args:
        documents: .docx contents by file name (names must end with ``.docx`` and be
            distinct); the PDF of ``x.docx`` is returned under ``x.pdf``, its ODT under
            ``x.odt``.
        formats: among :data:`CONVERTED_FORMATS`.
        timeout: the longest each start of LibreOffice may take, in seconds;
            :func:`conversion_timeout` of the number of documents when None.
        pdf_standard: ``"pdfa-2b"`` for archival PDF/A-2b, ``"none"`` for plain PDF (both
            tagged for accessibility).

    Returns:
        The converted contents by file name: the documents in the order given, format by
        format.

    Raises:
        ConversionError: when LibreOffice is missing, cannot start, exits with an error,
            writes nothing for longer than its allowance, exceeds ``timeout``, or leaves a
            document without a whole PDF (named in the message). Nothing is left behind:
            the work folder is removed and LibreOffice ended.
    """
    _check_arguments(documents, formats, pdf_standard)
    program = find_soffice()
    budget = timeout if timeout is not None else conversion_timeout(len(documents))
    remove_stale_work_folders()
    work_dir = _work_folder()
    try:
        source_dir = _prepare(work_dir, documents)
        results: dict[str, bytes] = {}
        for target in formats:
            output_dir = work_dir / f"out-{target}"
            export = export_filter(target, pdf_standard)
            command = soffice_command(program, work_dir, source_dir, output_dir, export, documents)
            expected = [converted_name(name, target) for name in documents]
            returncode = _run(command, work_dir, output_dir, expected, budget)
            results.update(
                _collect(documents, output_dir, returncode, work_dir / "soffice.log", target)
            )
        return results
    finally:
        remove_folder(work_dir)


def _check_arguments(
    documents: Mapping[str, bytes], formats: Sequence[str], pdf_standard: str
) -> None:
    for name in documents:
        if Path(name).name != name or not name.endswith(".docx"):
            message = f"not a plain .docx file name: {name!r}"
            raise ValueError(message)
    if pdf_standard not in PDF_STANDARDS or not set(formats) <= set(CONVERTED_FORMATS):
        message = f"unknown PDF standard {pdf_standard!r} or formats {formats!r}"
        raise ValueError(message)


def _work_folder() -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=f"{WORK_FOLDER_PREFIX}{os.getpid()}-"))
    except OSError as error:
        raise ConversionError(
            document=None,
            message=_("no work folder can be made in {folder}: {reason}").format(
                folder=tempfile.gettempdir(), reason=error.strerror
            ),
        ) from None


def _prepare(work_dir: Path, documents: Mapping[str, bytes]) -> Path:
    """Write the documents into the work folder; return its input folder."""
    source_dir = work_dir / "in"
    try:
        source_dir.mkdir()
        for target in CONVERTED_FORMATS:
            (work_dir / f"out-{target}").mkdir()
        (work_dir / "tmp").mkdir()
        for name, content in documents.items():
            (source_dir / name).write_bytes(content)
    except OSError as error:
        raise ConversionError(
            document=None,
            message=_("the documents cannot be written to {folder}: {reason}").format(
                folder=work_dir, reason=error.strerror
            ),
        ) from None
    return source_dir


def _run(
    command: list[str], work_dir: Path, output_dir: Path, names: list[str], budget: float
) -> int:
    """Run LibreOffice in a process group of its own, watched; return its exit code."""
    try:
        log = (work_dir / "soffice.log").open("wb")
    except OSError as error:
        raise ConversionError(
            document=None,
            message=_("{folder} cannot be written: {reason}").format(
                folder=work_dir, reason=error.strerror
            ),
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
                document=None,
                message=_("LibreOffice could not be started: {reason}").format(
                    reason=error.strerror
                ),
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
            raise ConversionError(document=None, message=overtime_message(budget))
        if now >= stalled_at:
            raise ConversionError(document=None, message=stalled_message(settings, seen, names))
        time.sleep(_POLL_SECONDS)


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
    documents: Mapping[str, bytes], output_dir: Path, returncode: int, log: Path, target: str
) -> dict[str, bytes]:
    """Read every converted file, refusing a missing, empty, foreign or truncated one."""
    results: dict[str, bytes] = {}
    for name in documents:
        written = converted_name(name, target)
        content = read_converted(output_dir / written, target)
        if content is None:
            reason = last_line(log)
            message = no_output_message(target, returncode, reason)
            raise ConversionError(document=name, message=message)
        results[written] = content
    return results
