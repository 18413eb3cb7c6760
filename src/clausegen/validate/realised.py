"""Realised-hours files: one line per person and period, read and checked line by line.

The facilitator collects the hours that eligible people actually worked; clausegen reads them
from the files a spreadsheet writes (:func:`clausegen.read.tables.read_table`: CSV in UTF-8
or Windows-1252, ``;``, tab or ``,`` separated, or an .xlsx workbook; French decimal commas
and dates accepted). A line that cannot be trusted — an unknown
contract or lot, an unknown category or modality, hours that are not a number or are
negative, a bad date, a period that ends before it starts, a missing field, the same
person and period counted twice — is **rejected** with its file and line number and is not
counted; the good lines still give their figures. A file that cannot be read at all (missing,
not a table, no header, a missing column) is an error for the whole run.

The format is documented in the README and in ``examples/portfolio/realised/``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clausegen.errors import Problem, RealisedHoursError
from clausegen.i18n import _
from clausegen.read.csvlines import read_each
from clausegen.read.tables import TableError, read_table
from clausegen.records import ErrorRecord
from clausegen.records import record as error_record
from clausegen.validate.lines import (
    HEADER_ALIASES,
    Column,
    LineFields,
    RealisedLine,
    header_columns,
)
from clausegen.validate.periods import CountedPeriods
from clausegen.validate.terms import Modality


@dataclass(frozen=True)
class RejectedLine:
    """A line (or record) of a data file that is not counted, with every reason found.

    Realised-hours and orders lines, and the DECP records that ``clausegen opendata`` reads
    (:data:`clausegen.opendata.records.RejectedRecord` is this class).
    """

    source: str
    line: int
    problems: tuple[Problem, ...]

    def messages(self) -> list[str]:
        """Return one ``file:line: column (or field): message`` text per problem."""
        return [problem.render(self.source) for problem in self.problems]

    def records(self, code: str) -> list[ErrorRecord]:
        """Return one located record per problem, for programs (``code`` by default)."""
        return [
            error_record(
                self.source,
                self.line if problem.line is None else problem.line,
                problem.column,
                problem.path,
                problem.code or code,
                problem.message,
            )
            for problem in self.problems
        ]


@dataclass(frozen=True)
class RealisedHours:
    """What a set of realised-hours files says, and what it could not say.

    Attributes:
        files: the files read, as named in messages, in order.
        lines_read: the data lines read (blank lines and ``#`` comments excluded).
        accepted: the lines counted.
        rejected: the lines not counted, in file and line order.
        warnings: things worth knowing that reject nothing (an unused column…).
    """

    files: tuple[str, ...]
    lines_read: int
    accepted: tuple[RealisedLine, ...]
    rejected: tuple[RejectedLine, ...]
    warnings: tuple[str, ...] = ()


@dataclass
class _Reader:
    """State of one run over several files: duplicates are found across files."""

    lots: Mapping[str, Collection[int]]
    accepted: list[RealisedLine] = field(default_factory=list)
    rejected: list[RejectedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lines_read: int = 0
    periods: defaultdict[tuple[str, int, str, Modality], CountedPeriods] = field(
        default_factory=lambda: defaultdict(CountedPeriods)
    )


def read_realised_hours(
    sources: Sequence[str | os.PathLike[str]],
    *,
    lots: Mapping[str, Collection[int]],
    sheet: str | None = None,
) -> RealisedHours:
    """Read realised-hours files and check every line against the contracts' lots.

    Args:
        sources: CSV files or .xlsx workbooks, or directories whose ``*.csv`` and
            ``*.xlsx`` files are read (not recursively).
        lots: the lot numbers of each contract reference of the portfolio.
        sheet: the sheet of the workbooks to read; by default their first sheet.

    Returns:
        The accepted lines, the rejected ones with their reasons, and warnings.

    Raises:
        RealisedHoursError: when a file cannot be used at all (several files: an
            ErrorGroup with one error per file).
    """
    reader = _Reader(lots=lots)
    files = read_each(
        sources,
        RealisedHoursError,
        lambda path, name: _read_file(path, name, reader, sheet),
        reader.warnings,
    )
    return RealisedHours(
        files=files,
        lines_read=reader.lines_read,
        accepted=tuple(reader.accepted),
        rejected=tuple(reader.rejected),
        warnings=tuple(reader.warnings),
    )


def _file_error(name: str, message: str, line: int | None = None) -> RealisedHoursError:
    return RealisedHoursError(source=name, problems=[Problem(path="", message=message, line=line)])


def _read_file(path: Path, name: str, reader: _Reader, sheet: str | None) -> None:
    try:
        table = read_table(path, sheet=sheet)
    except TableError as error:
        raise _file_error(name, error.message, error.line) from None
    reader.warnings.extend(f"{name}: {note}" for note in table.notes)
    if not table.rows:
        raise _file_error(name, _("is empty; the first line must name the columns"))
    header, *records = table.rows
    columns = _columns(list(header.cells), name, header.line, reader)
    for record in records:
        reader.lines_read += 1
        _read_record(
            list(record.cells),
            len(header.cells),
            columns,
            name,
            record.line,
            table.delimiter,
            reader,
        )


def _columns(header: list[str], name: str, line: int, reader: _Reader) -> dict[Column, int]:
    columns, problems = header_columns(
        header, HEADER_ALIASES, where=name, line=line, warnings=reader.warnings
    )
    if problems:
        raise RealisedHoursError(source=name, problems=problems)
    return columns


def _read_record(
    cells: list[str],
    width: int,
    columns: dict[Column, int],
    name: str,
    line: int,
    delimiter: str | None,
    reader: _Reader,
) -> None:
    if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
        cells = cells[:width]  # empty trailing fields, as spreadsheets write
    if len(cells) < width and all(index < len(cells) for index in columns.values()):
        cells = cells + [""] * (width - len(cells))  # only unused trailing columns are left out
    if len(cells) != width:
        message = _("has {count} fields where the header has {width}").format(
            count=len(cells), width=width
        )
        if len(cells) > width and delimiter == ",":
            message += _(' (in a comma-separated file, put a decimal comma in quotes: "12,5")')
        problem = Problem(path="", message=message)
        reader.rejected.append(RejectedLine(name, line, (_at(problem, line),)))
        return
    values = {column: _trim(cells[index]) for column, index in columns.items()}
    fields = LineFields(values, reader.lots)
    record = fields.check(name, line)
    if record is None:
        reader.rejected.append(
            RejectedLine(name, line, tuple(_at(p, line) for p in fields.problems))
        )
        return
    duplicate = _duplicate(record, reader)
    if duplicate is not None:
        reader.rejected.append(
            RejectedLine(name, line, (Problem(path="", message=duplicate, line=line),))
        )
        return
    reader.periods[_key(record)].add(record)
    reader.accepted.append(record)


def _trim(cell: str) -> str:
    """Strip the spaces around a value, but not a control character (a line rejects it)."""
    return cell.strip(" \t\r\n\u00a0\u202f\u2009")


def _at(problem: Problem, line: int) -> Problem:
    return Problem(path=problem.path, message=problem.message, line=line)


def _key(record: RealisedLine) -> tuple[str, int, str, Modality]:
    return (record.contract, record.lot, record.person, record.modality)


def _duplicate(record: RealisedLine, reader: _Reader) -> str | None:
    """Say why ``record`` repeats hours already counted, or None when it does not.

    The line named is the first counted line, in reading order, whose period overlaps;
    :class:`~clausegen.validate.periods.CountedPeriods` finds it in logarithmic time.
    """
    periods = reader.periods.get(_key(record))
    earlier = (
        None if periods is None else periods.first_overlap(record.period_start, record.period_end)
    )
    if earlier is None:
        return None
    where = (
        _("line {line}").format(line=earlier.line)
        if earlier.source == record.source
        else f"{earlier.source}:{earlier.line}"
    )
    if (earlier.period_start, earlier.period_end) == (record.period_start, record.period_end):
        return _(
            "duplicate of {where} (same person, contract, lot, modality and period): "
            "counted once, on {where}"
        ).format(where=where)
    return _(
        "period {start} to {end} overlaps {where} ({earlier_start} to {earlier_end}) for the "
        "same person, contract, lot and modality: not counted"
    ).format(
        start=record.period_start,
        end=record.period_end,
        where=where,
        earlier_start=earlier.period_start,
        earlier_end=earlier.period_end,
    )
