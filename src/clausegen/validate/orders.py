"""Orders files: the amounts actually ordered under framework agreements, line by line.

A framework agreement's hours follow what is ordered (issue 13): the buyer lists its orders
(bons de commande, or subsequent contracts) in CSV files read with the same rules as
realised-hours files (UTF-8 with or without BOM, ``;`` or ``,`` separated, ``#`` comments,
French decimal commas, bounded by ``Limits.data_bytes``). The columns are ``contract``,
``lot``, ``date`` and ``amount`` (excl. VAT), with French header spellings accepted. A line
that cannot be trusted is **rejected** with its file and line and is not counted; a file that
cannot be read at all is an error for the whole run.
"""

from __future__ import annotations

import datetime
import enum
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from clausegen.errors import OrdersError, Problem
from clausegen.i18n import _
from clausegen.numbers import NumberFormatError, parse_decimal
from clausegen.read.csvlines import file_error, read_each
from clausegen.read.tables import TableError, read_table
from clausegen.user_values import describe_input
from clausegen.validate.lines import HEADER_ALIASES, Column, LineFields, header_columns
from clausegen.validate.realised import RejectedLine

__all__ = ["ORDER_ALIASES", "OrderColumn", "OrderLine", "Orders", "read_orders"]


class OrderColumn(enum.StrEnum):
    """The columns of an orders file, by their English header names."""

    CONTRACT = "contract"
    LOT = "lot"
    DATE = "date"
    AMOUNT = "amount"


#: Header spellings accepted for each column (compared after normalising), French too.
ORDER_ALIASES: dict[OrderColumn, tuple[str, ...]] = {
    OrderColumn.CONTRACT: HEADER_ALIASES[Column.CONTRACT],
    OrderColumn.LOT: HEADER_ALIASES[Column.LOT],
    OrderColumn.DATE: (
        "order_date",
        "date_de_commande",
        "date_commande",
        "date_du_bon_de_commande",
        "date_de_notification",
    ),
    OrderColumn.AMOUNT: (
        "amount_excl_vat",
        "montant",
        "montant_ht",
        "montant_hors_taxes",
        "montant_commande",
        "montant_de_la_commande",
    ),
}

_AMOUNT_UNITS = ("€ HT", "€HT", "€", "EUR")
#: The largest amount of one order, as for amounts in a description.
_LARGEST_AMOUNT = Decimal(10**12)


@dataclass(frozen=True)
class OrderLine:
    """One accepted order: an amount excl. VAT ordered on a lot at a date."""

    source: str
    line: int
    contract: str
    lot: int
    date: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class Orders:
    """What a set of orders files says, and what it could not say.

    Attributes:
        files: the files read, as named in messages, in order.
        lines_read: the data lines read (blank lines and ``#`` comments excluded).
        accepted: the orders counted.
        rejected: the lines not counted, in file and line order.
        warnings: things worth knowing that reject nothing (an unused column…).
    """

    files: tuple[str, ...]
    lines_read: int
    accepted: tuple[OrderLine, ...]
    rejected: tuple[RejectedLine, ...]
    warnings: tuple[str, ...] = ()


@dataclass
class _Reader:
    lots: Mapping[str, Collection[int]]
    accepted: list[OrderLine] = field(default_factory=list)
    rejected: list[RejectedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lines_read: int = 0


def read_orders(
    sources: Sequence[str | os.PathLike[str]], *, lots: Mapping[str, Collection[int]]
) -> Orders:
    """Read orders files and check every line against the contracts' lots.

    Args:
        sources: CSV files or .xlsx workbooks (read as realised-hours files are), or
            directories whose ``*.csv`` and ``*.xlsx`` files are read (not recursively).
        lots: the lot numbers of each contract reference of the portfolio.

    Raises:
        OrdersError: when a file cannot be used at all (several files: an ErrorGroup).
    """
    reader = _Reader(lots=lots)
    files = read_each(
        sources, OrdersError, lambda path, name: _read_file(path, name, reader), reader.warnings
    )
    return Orders(
        files=files,
        lines_read=reader.lines_read,
        accepted=tuple(reader.accepted),
        rejected=tuple(reader.rejected),
        warnings=tuple(reader.warnings),
    )


def _read_file(path: Path, name: str, reader: _Reader) -> None:
    try:
        table = read_table(path)
    except TableError as error:
        raise file_error(OrdersError, name, error.message, error.line) from None
    reader.warnings.extend(f"{name}: {note}" for note in table.notes)
    if not table.rows:
        raise file_error(OrdersError, name, _("is empty; the first line must name the columns"))
    header, *records = table.rows
    columns = _columns(list(header.cells), name, header.line, reader)
    for record in records:
        reader.lines_read += 1
        _read_record(list(record.cells), len(header.cells), columns, name, record.line, reader)


def _columns(header: list[str], name: str, line: int, reader: _Reader) -> dict[OrderColumn, int]:
    columns, problems = header_columns(
        header, ORDER_ALIASES, where=name, line=line, warnings=reader.warnings
    )
    if problems:
        raise OrdersError(source=name, problems=problems)
    return columns


def _read_record(
    cells: list[str],
    width: int,
    columns: dict[OrderColumn, int],
    name: str,
    line: int,
    reader: _Reader,
) -> None:
    if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
        cells = cells[:width]
    if len(cells) < width and all(index < len(cells) for index in columns.values()):
        cells = cells + [""] * (width - len(cells))
    if len(cells) != width:
        message = _("has {count} fields where the header has {width}").format(
            count=len(cells), width=width
        )
        reader.rejected.append(RejectedLine(name, line, (Problem("", message, line),)))
        return
    values = {
        column: cells[index].strip(" \t\r\n\u00a0\u202f") for column, index in columns.items()
    }
    # The contract, lot and date are checked as in realised-hours files.
    fields = LineFields(
        {
            Column.CONTRACT: values[OrderColumn.CONTRACT],
            Column.LOT: values[OrderColumn.LOT],
            Column.PERIOD_START: values[OrderColumn.DATE],
        },
        reader.lots,
    )
    contract, lot, date = fields.identify()
    problems = [_renamed(p) for p in fields.problems]
    amount = _amount(values[OrderColumn.AMOUNT], problems)
    if problems or contract is None or lot is None or date is None or amount is None:
        reader.rejected.append(
            RejectedLine(name, line, tuple(Problem(p.path, p.message, line) for p in problems))
        )
        return
    reader.accepted.append(OrderLine(name, line, contract, lot, date, amount))


def _renamed(problem: Problem) -> Problem:
    path = OrderColumn.DATE.value if problem.path == Column.PERIOD_START.value else problem.path
    return Problem(path=path, message=problem.message)


def _amount(raw: str, problems: list[Problem]) -> Decimal | None:
    column = OrderColumn.AMOUNT.value
    if not raw:
        problems.append(Problem(path=column, message=_("is empty")))
        return None
    try:
        amount = parse_decimal(raw, units=_AMOUNT_UNITS)
    except NumberFormatError:
        message = _('must be an amount excl. VAT such as 12500 or "12 500,50" (got {got})').format(
            got=describe_input(raw)
        )
        problems.append(Problem(path=column, message=message))
        return None
    if amount < 0 or amount > _LARGEST_AMOUNT:
        message = _("must be from 0 to 10^12 € excl. VAT (got {got})").format(
            got=describe_input(raw)
        )
        problems.append(Problem(path=column, message=message))
        return None
    return amount
