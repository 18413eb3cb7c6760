"""Stopping cleanly when asked to: SIGINT, SIGTERM and SIGHUP, and what a kill -9 leaves.

Python turns Ctrl-C (SIGINT) into :class:`KeyboardInterrupt`, so that ``finally`` blocks
remove temporary files and end LibreOffice; but SIGTERM (``kill``, a service manager, a CI
runner's timeout) and SIGHUP (a closed terminal or SSH session) end the process on the spot,
leaving them behind. :func:`handling_signals` turns the three signals into
:class:`~Interrupted` for the length of a command, so that every one of
them cleans up the same way; :func:`deferred_signals` holds them back for the few
instructions that must not be cut in the middle (the renames that publish a set of files).

What nothing can clean up — after a ``kill -9`` or a power cut — carries the id of the
process that made it (``.clausegen-<pid>-….tmp`` files, ``clausegen-pdf-<pid>-…`` folders),
so that a later run can tell it from the work of a run still going, with
:func:`process_alive`, and remove it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import ClassVar

from clausegen.errors import ExitCode


class Interrupted(KeyboardInterrupt):
    """Raised when a signal asks clausegen to stop: SIGINT (Ctrl-C), SIGTERM or SIGHUP.

    It is a :class:`KeyboardInterrupt`, so that whatever cleans up after Ctrl-C (temporary
    files, the LibreOffice conversion) cleans up after the other signals too, and so that
    ``except Exception`` never swallows it. The command line reports it as ``Interrupted.``
    with the exit code of the signal (128 + its number, as shells do).

    Attributes:
        signal_number: the signal received.
        exit_code: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
    """

    _EXIT_CODES: ClassVar[dict[int, ExitCode]] = {
        2: ExitCode.INTERRUPTED,
        15: ExitCode.TERMINATED,
        1: ExitCode.HANGUP,
    }

    def __init__(self, signal_number: int) -> None:
        self.signal_number = signal_number
        self.exit_code = self._EXIT_CODES.get(signal_number, ExitCode.INTERRUPTED)
        super().__init__(signal_number)


#: The signals that ask clausegen to stop (SIGHUP does not exist on Windows).
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def handling_signals() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into :class:`~Interrupted`, inside.

    The first signal raises; the ones that follow while the program cleans up and exits
    are ignored, so that a second Ctrl-C or an impatient ``kill`` does not cut the cleanup
    short (``kill -9`` still ends everything). A signal that the parent process told to
    ignore (``nohup`` ignores SIGHUP) stays ignored. Outside the main thread, where Python
    cannot handle signals, nothing changes. The previous handlers are restored at the end.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def stop(signal_number: int, frame: FrameType | None) -> None:
        del frame
        if received:
            return
        received.append(signal_number)
        raise Interrupted(signal_number)

    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number, handler in previous.items():
        if handler not in (signal.SIG_IGN, None):
            signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            if handler is not None:
                signal.signal(number, handler)


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back inside the block, and deliver them at its end.

    Used around the renames that publish a set of files, so that a signal leaves the whole
    set written or none of it: a signal received inside is delivered (and raises, under
    :func:`handling_signals`) only once the last file is in place. Where the operating
    system cannot block signals (Windows), a Ctrl-C received inside is kept and raised at
    the end in the same way.
    """
    if hasattr(signal, "pthread_sigmask"):
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        return
    if threading.current_thread() is not threading.main_thread():  # pragma: no cover
        yield
        return
    with _kept_interrupt():  # pragma: no cover - Windows
        yield


@contextlib.contextmanager
def _kept_interrupt() -> Iterator[None]:  # pragma: no cover - Windows
    kept: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda number, _frame: kept.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if kept:
        raise Interrupted(kept[0])


#: The largest process id an operating system hands out (Linux allows at most 2**22; a
#: signed 32-bit id is the limit everywhere). A larger id in a work file's name is not ours.
PID_MAX = 2**31 - 1


def process_alive(pid: int) -> bool:
    """Return whether a process with this id runs on this machine (any user's).

    A process that has ended but that its parent has not reaped yet (a zombie) does not
    run. A process id can be reused by a later process: a leftover whose process id is alive
    again is kept (and removed by a later run), never removed under a running process. On
    Windows, where a process cannot be probed without ending it, every process counts as
    alive, so that leftovers are kept rather than taken from a running clausegen.
    """
    if not 0 < pid <= PID_MAX:
        return False  # no process can have this id: a name someone else made up
    if pid == os.getpid() or sys.platform == "win32":
        # NOTE: on Windows, os.kill ends the process whatever the signal: never probe there.
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError, ValueError):
        return False
    except PermissionError:
        return True  # another user's process
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether the process has ended but not been reaped yet (Linux; False elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    # NOTE: the state follows the command name, which is in parentheses and may hold any.
    return status[status.rfind(b")") + 2 :][:1] == b"Z"
