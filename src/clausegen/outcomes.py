"""What the command line and programs receive of an error: exit codes and located records.

The ground of :mod:`clausegen.errors` (which re-exports every name here): the documented
exit codes, the interruption by a signal, the record of one located problem, and how an
error crosses from a worker process to its parent.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar, TypedDict, TypeVar

_E = TypeVar("_E", bound=BaseException)


class ExitCode(enum.IntEnum):
    """Exit codes of the ``clausegen`` command, as documented in the README."""

    OK = 0
    INVALID_INPUT = 1
    USAGE = 2
    TEMPLATE = 3
    OUTPUT = 4
    CONVERSION = 5
    INTERNAL = 70
    HANGUP = 129
    INTERRUPTED = 130
    TERMINATED = 143


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


class ErrorRecord(TypedDict):
    """One located problem, as programs receive it (``--json``, the HTTP service).

    Keys:
        source: the file (or template, or output path) at fault; None when there is none.
        line: the 1-based line in the source, when known.
        column: the 1-based column, when known.
        path: the field path (``lots[1].labour_share``), empty for the whole source.
        code: a stable, machine-readable kind of problem (``contract``, ``template``…).
        message: what is wrong, as the command line says it after the location.
    """

    source: str | None
    line: int | None
    column: int | None
    path: str
    code: str
    message: str


def record(
    source: str | None,
    line: int | None,
    column: int | None,
    path: str,
    code: str,
    message: str,
) -> ErrorRecord:
    """Build one :class:`ErrorRecord` (keyword names kept in one place)."""
    return ErrorRecord(
        source=source, line=line, column=column, path=path, code=code, message=message
    )


def restored(kind: type[_E], args: tuple[Any, ...], state: dict[str, Any]) -> _E:
    """Rebuild an error pickled by :meth:`clausegen.errors.ClausegenError.__reduce__`."""
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error
