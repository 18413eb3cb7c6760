"""The one error tree of clausegen and its documented exit codes.

Every error a user can cause is a :class:`ClausegenError`. Each subclass builds its
message from keyword-only fields, so that the wording is the same wherever the error is
raised; the command-line layer catches the base class once and turns it into a message on
standard error and the exit code that the error carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from clausegen.i18n import N_, _
from clausegen.outcomes import ExitCode as ExitCode
from clausegen.outcomes import restored as _restored
from clausegen.records import ErrorRecord as ErrorRecord
from clausegen.records import record as _record


class ClausegenError(Exception):
    """Base class of every error that clausegen reports to its users.

    Attributes:
        exit_code: the exit code the command line uses for this error.
        code: the stable kind of error that :meth:`to_dict` gives programs.
    """

    exit_code: ExitCode = ExitCode.INVALID_INPUT
    code: ClassVar[str] = "invalid-input"

    def lines(self) -> list[str]:
        """Return the message as lines, one per problem, for the command line."""
        return str(self).splitlines() or [type(self).__name__]

    def records(self) -> list[ErrorRecord]:
        """Return the error as located records, one per problem, for programs.

        Subclasses that know their source, lines and fields override this; the base gives
        the whole message as one record without a location.
        """
        return [_record(None, None, None, "", self.code, str(self))]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state, as the constructors take keywords: a worker process reports it."""
        return (_restored, (type(self), self.args, dict(self.__dict__)))

    def to_dict(self) -> dict[str, object]:
        """Return the error as JSON-ready data: ``{"ok": false, "exit_code", "errors"}``.

        ``errors`` holds :meth:`records`; the shape is the one ``--json`` prints and the HTTP
        service puts in its problem documents.
        """
        return {"ok": False, "exit_code": int(self.exit_code), "errors": self.records()}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file.

    Attributes:
        path: the field path, e.g. ``lots[1].labour_share``; empty for the whole file.
        message: what is wrong, in English, ending with the offending value if useful.
        line: the 1-based line in the source file, when the source gives it.
        column: the 1-based column, for syntax errors.
        code: a stable kind of problem for programs; None takes the error's own code.
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    code: str | None = None

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


class InputFileError(ClausegenError):
    """Raised when an input file is invalid, with every problem found in one pass.

    Each problem is one line: the file, the line where known, the field and what is wrong,
    so that the user can fix them all at once.
    """

    exit_code = ExitCode.INVALID_INPUT
    code: ClassVar[str] = "input-file"

    def __init__(self, *, source: str | Path, problems: Sequence[Problem]) -> None:
        self.source = str(source)
        self.problems = tuple(problems)
        super().__init__("\n".join(p.render(self.source) for p in self.problems))

    def records(self) -> list[ErrorRecord]:
        """Return one record per problem, located in the file."""
        return [
            _record(self.source, p.line, p.column, p.path, p.code or self.code, p.message)
            for p in self.problems
        ]


class ContractError(InputFileError):
    """Raised when a contract description (or a file it points to) is invalid."""

    code: ClassVar[str] = "contract"


class ProfileError(ContractError):
    """Raised when a buyer profile is invalid: its problems name the profile file.

    When a contract points at the profile, the first line says which contract and where,
    so that the user knows which of the two files to fix.
    """

    code: ClassVar[str] = "profile"

    def __init__(
        self, *, source: str | Path, problems: Sequence[Problem], used_by: str | None = None
    ) -> None:
        self.source = str(source)
        self.problems = tuple(problems)
        self.used_by = used_by
        lines = [p.render(self.source) for p in self.problems]
        if used_by is not None:
            lines.insert(
                0,
                _("{contract}: the buyer profile {profile} is invalid:").format(
                    contract=used_by, profile=self.source
                ),
            )
        # NOTE: ContractError.__init__ would build the message without the first line.
        ClausegenError.__init__(self, "\n".join(lines))


class RealisedHoursError(InputFileError):
    """Raised when a realised-hours file cannot be used at all.

    Missing, not UTF-8, without header or lacking a column; a readable file rejects bad lines.
    """

    code: ClassVar[str] = "realised-hours"


class OrdersError(InputFileError):
    """Raised when an orders file cannot be used at all (as :class:`RealisedHoursError`)."""

    code: ClassVar[str] = "orders"


class ErrorGroup(ClausegenError):
    """Raised when one run meets several problems, so that all of them are reported at once.

    A portfolio of contract descriptions is checked whole, and ``clausegen generate``
    renders every document in memory before writing any: the user fixes everything in one
    go. The exit code is the first error's, in the order of the inputs; a line repeated by
    several errors is printed once.
    """

    def __init__(self, *, errors: Sequence[ClausegenError]) -> None:
        if not errors:
            message = "ErrorGroup needs at least one error"
            raise ValueError(message)
        self.errors = tuple(errors)
        self.exit_code = self.errors[0].exit_code
        lines: list[str] = []
        for error in self.errors:
            lines.extend(line for line in error.lines() if line not in lines)
        super().__init__("\n".join(lines))

    def records(self) -> list[ErrorRecord]:
        """Return the records of every error of the group, in order."""
        return [record for error in self.errors for record in error.records()]

    @staticmethod
    def of(errors: Sequence[ClausegenError]) -> ClausegenError:
        """Return the single error itself, or a group of several (never an empty group)."""
        return errors[0] if len(errors) == 1 else ErrorGroup(errors=errors)


class ReferenceDataError(ClausegenError):
    """Raised when a shipped or user-supplied reference table cannot be read or is invalid."""

    exit_code = ExitCode.INVALID_INPUT
    code: ClassVar[str] = "reference-data"

    def __init__(self, *, source: str | Path, message: str) -> None:
        self.source = str(source)
        self.message = message
        super().__init__(f"{source}: {message}")

    def records(self) -> list[ErrorRecord]:
        """Return the error located at its table."""
        return [_record(self.source, None, None, "", self.code, self.message)]


class OutputError(ClausegenError):
    """Raised when an output file cannot be written, or exists and may not be replaced."""

    exit_code = ExitCode.OUTPUT
    code: ClassVar[str] = "output"

    def __init__(self, *, path: str | Path, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{path}: {message}")

    def records(self) -> list[ErrorRecord]:
        """Return the error located at the output path."""
        return [_record(str(self.path), None, None, "", self.code, self.message)]


# The parts of a Word document, as TemplateError names them ("footer 2" is the second footer).
_PART_NAMES = {"body": N_("body"), "header": N_("header"), "footer": N_("footer")}
_PART_NAMES["footnotes"] = N_("footnotes")


def _part_name(part: str | None) -> str | None:
    """Name a part of a Word document in the language of messages ("footer 2": "pied de page 2")."""
    kind, _space, number = (part or "").partition(" ")
    name = _PART_NAMES.get(kind)
    return part if name is None else f"{_(name)} {number}".rstrip()


class TemplateError(ClausegenError):
    """Raised when a template, or the set it belongs to, cannot be used to produce a document.

    A template is code written by legal staff: a Jinja error, something the sandbox refuses,
    an undefined variable or XML that the rendering would break all land here, located as
    precisely as the template allows so that the person editing it in Word can find the spot.

    Attributes:
        template: the template file (or the manifest) at fault.
        part: where in the document: "body", "header", "footer 2"…; None for the whole file.
        paragraph: the 1-based paragraph number in that part, when known.
        excerpt: the text of that paragraph (shortened), as Word shows it.
        variable: the variable at fault, as written in the template (``lot.hours``).
        table: for a paragraph in a table, the table's number in the part (1-based).
        row: for a paragraph in a table, the row's number in its table (1-based).
        line: the line of the manifest, for manifest problems.
        contract: the contract being rendered, when the error depends on its data.
        reason: what kind of failure, for tools that report it in their own words
            (``undefined``, ``sandbox``, ``syntax``, ``jinja``, ``expression``, ``xml``,
            ``rich-text``, ``unsafe``); None when not classified.
        detail: the underlying message (Jinja's, in English), when there is one.
    """

    exit_code = ExitCode.TEMPLATE
    code: ClassVar[str] = "template"

    def __init__(
        self,
        *,
        template: str | Path,
        message: str,
        part: str | None = None,
        paragraph: int | None = None,
        excerpt: str | None = None,
        variable: str | None = None,
        table: int | None = None,
        row: int | None = None,
        line: int | None = None,
        contract: str | None = None,
        reason: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.template = str(template)
        self.message = message
        self.part = part
        self.paragraph = paragraph
        self.excerpt = excerpt
        self.variable = variable
        self.table = table
        self.row = row
        self.line = line
        self.contract = contract
        self.reason = reason
        self.detail = detail
        location = self.template if line is None else f"{self.template}:{line}"
        paragraph_text = (
            None if paragraph is None else _("paragraph {number}").format(number=paragraph)
        )
        if paragraph_text and table is not None:
            paragraph_text += _(" (table {table}, row {row})").format(table=table, row=row)
        where = ", ".join(item for item in (_part_name(part), paragraph_text) if item)
        text = f"{location}: {where}: {message}" if where else f"{location}: {message}"
        if excerpt:
            text += _(' in "{excerpt}"').format(excerpt=excerpt)
        if contract:
            text += _(" (rendering {contract})").format(contract=contract)
        super().__init__(text)

    def records(self) -> list[ErrorRecord]:
        """Return the error located in its template (the variable as the field path).

        The code is ``template`` or, when the failure is classified, ``template-<reason>``
        (``template-undefined``, ``template-sandbox``…); the message keeps the part,
        paragraph and excerpt that locate it inside the document.
        """
        code = self.code if self.reason is None else f"{self.code}-{self.reason}"
        message = str(self).removeprefix(
            self.template if self.line is None else f"{self.template}:{self.line}"
        )
        return [_record(self.template, self.line, None, self.variable or "", code, message[2:])]

    def for_contract(self, contract: str) -> TemplateError:
        """Return the same error, saying which contract was being rendered."""
        return TemplateError(
            template=self.template,
            message=self.message,
            part=self.part,
            paragraph=self.paragraph,
            excerpt=self.excerpt,
            variable=self.variable,
            table=self.table,
            row=self.row,
            line=self.line,
            contract=contract,
            reason=self.reason,
            detail=self.detail,
        )


class RunBudgetError(ClausegenError):
    """Raised when the renders of a ``generate`` run take longer than its time budget.

    Each document has its own budget (``render_seconds``); the run has one for all of them
    together (``run_seconds``), so that a template slow on every document cannot hold a
    run of many contracts for ever. Nothing is written then.

    Attributes:
        seconds: the run's budget.
        template: the template being rendered when the budget ran out.
    """

    exit_code = ExitCode.TEMPLATE
    code: ClassVar[str] = "run-budget"

    def __init__(self, *, seconds: float, template: str | Path) -> None:
        self.seconds = seconds
        self.template = str(template)
        super().__init__(
            _(
                "{template}: the run's renders took longer than its time budget of {seconds} "
                "seconds, so nothing was written: the template renders too slowly for this "
                "many contracts; generate fewer at a time or, if it is right, raise the "
                "budget with {variable}"
            ).format(
                template=self.template,
                seconds=f"{seconds:g}",
                variable="CLAUSEGEN_LIMIT_RUN_SECONDS",
            )
        )


class OpenDataError(InputFileError):
    """Raised when a published open-data file (DECP records) cannot be used at all.

    That is: it is missing, refused (too large, not a regular file), not UTF-8 text, not
    JSON or CSV of a DECP shape, or lacks a column. A file that can be read reports its bad
    records one by one instead, with their lines, and its good records are still counted.
    """

    code: ClassVar[str] = "open-data"


class NoticeSubtypeError(ClausegenError):
    """Raised when an eForms notice subtype is unknown or forbids clausegen's fields.

    The message lists the subtypes that can be used.
    """

    exit_code = ExitCode.USAGE
    code: ClassVar[str] = "notice-subtype"


class InternalError(ClausegenError):
    """Raised when clausegen finds that what it is about to write breaks a rule it must keep.

    That is a bug of clausegen, not of the user's input: for instance an eForms fragment
    that its own validation rejects. Nothing is written; the message says to report it.
    """

    exit_code = ExitCode.INTERNAL
    code: ClassVar[str] = "internal"
