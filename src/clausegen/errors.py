"""The one error tree of clausegen and its documented exit codes.

Every error a user can cause is a :class:`ClausegenError`. Each subclass builds its
message from keyword-only fields, so that the wording is the same wherever the error is
raised; the command-line layer catches the base class once and turns it into a message on
standard error and the exit code that the error carries.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class ExitCode(enum.IntEnum):
    """Exit codes of the ``clausegen`` command, as documented in the README."""

    OK = 0
    INVALID_INPUT = 1
    USAGE = 2
    TEMPLATE = 3
    OUTPUT = 4
    CONVERSION = 5
    INTERRUPTED = 130


class ClausegenError(Exception):
    """Base class of every error that clausegen reports to its users.

    Attributes:
        exit_code: the exit code the command line uses for this error.
    """

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def lines(self) -> list[str]:
        """Return the message as lines, one per problem, for the command line."""
        return str(self).splitlines() or [type(self).__name__]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file.

    Attributes:
        path: the field path, e.g. ``lots[1].labour_share``; empty for the whole file.
        message: what is wrong, in English, ending with the offending value if useful.
        line: the 1-based line in the source file, when the source gives it.
        column: the 1-based column, for syntax errors.
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def render(self, source: str) -> str:
        """Format the problem as ``source:line:column: path: message``."""
        location = source
        if self.line is not None:
            location += f":{self.line}"
            if self.column is not None:
                location += f":{self.column}"
        if self.path:
            return f"{location}: {self.path}: {self.message}"
        return f"{location}: {self.message}"


class ContractError(ClausegenError):
    """Raised when a contract description (or a file it points to) is invalid.

    It carries every problem found in one pass so that the user can fix them all at once.
    """

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, *, source: str | Path, problems: Sequence[Problem]) -> None:
        self.source = str(source)
        self.problems = tuple(problems)
        super().__init__("\n".join(p.render(self.source) for p in self.problems))


class ProfileError(ContractError):
    """Raised when a buyer profile is invalid: its problems name the profile file.

    When a contract points at the profile, the first line says which contract and where,
    so that the user knows which of the two files to fix.
    """

    def __init__(
        self, *, source: str | Path, problems: Sequence[Problem], used_by: str | None = None
    ) -> None:
        self.source = str(source)
        self.problems = tuple(problems)
        self.used_by = used_by
        lines = [p.render(self.source) for p in self.problems]
        if used_by is not None:
            lines.insert(0, f"{used_by}: the buyer profile {self.source} is invalid:")
        # NOTE: ContractError.__init__ would build the message without the first line.
        ClausegenError.__init__(self, "\n".join(lines))


class NoCharterError(ClausegenError):
    """Raised when a contract's charter commitments are asked for but its buyer has no charter.

    An empty list would let an empty charter annex through; this says what to do instead.
    """

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, *, source: str | Path, buyer: str, profile: str | Path | None) -> None:
        self.source = str(source)
        self.buyer = buyer
        self.profile = None if profile is None else str(profile)
        if self.profile is not None:
            message = (
                f"{self.source}: buyer: the buyer profile {self.profile} has no charter, so no "
                "commitment can be listed: add one to the profile (see 'clausegen profile init')"
            )
        else:
            message = (
                f'{self.source}: buyer: the buyer "{buyer}" has no charter, so no commitment '
                "can be listed: point buyer at a profile that has one "
                "(see 'clausegen profile init')"
            )
        super().__init__(message)


class RealisedHoursError(ClausegenError):
    """Raised when a realised-hours file cannot be used at all.

    That is: it is missing, not UTF-8 text, has no header line, or lacks a column. A file
    that can be read reports its bad lines one by one instead (they are rejected, not
    raised), so that the figures of the good lines are still given.
    """

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, *, source: str | Path, problems: Sequence[Problem]) -> None:
        self.source = str(source)
        self.problems = tuple(problems)
        super().__init__("\n".join(p.render(self.source) for p in self.problems))


class ErrorGroup(ClausegenError):
    """Raised when several input files of one run are invalid, with every error at once.

    A portfolio of contract descriptions is checked whole, so that the user fixes all the
    files in one go; the exit code is the first error's.
    """

    def __init__(self, *, errors: Sequence[ClausegenError]) -> None:
        self.errors = tuple(errors)
        self.exit_code = self.errors[0].exit_code if self.errors else ExitCode.INVALID_INPUT
        super().__init__("\n".join(line for error in self.errors for line in error.lines()))


class ReferenceDataError(ClausegenError):
    """Raised when a shipped or user-supplied reference table cannot be read or is invalid."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, *, source: str | Path, message: str) -> None:
        self.source = str(source)
        super().__init__(f"{source}: {message}")


class OutputError(ClausegenError):
    """Raised when an output file cannot be written, or exists and may not be replaced."""

    exit_code = ExitCode.OUTPUT

    def __init__(self, *, path: str | Path, message: str) -> None:
        self.path = Path(path)
        super().__init__(f"{path}: {message}")
