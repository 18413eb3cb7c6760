"""Tables that offices keep in spreadsheets: CSV in any of Excel's forms, or an .xlsx workbook.

A facilitator's realised hours (and a buyer's orders) come from Excel or LibreOffice, saved
however the software offers: CSV UTF-8 with or without BOM, Excel's own "CSV (séparateur:
point-virgule)" in Windows-1252, "Texte Unicode" (UTF-16, tab-separated), or the workbook
itself. :func:`read_table` gives all of them as rows of text cells with the line (or row)
where each starts, and notes on what it had to assume; the caller checks the cells.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from clausegen import limits
from clausegen.i18n import _
from clausegen.inputs import InputRefusal, read_input
from clausegen.read.csvlines import PhysicalLines, is_comment
from clausegen.readable import figure

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls)


class TableError(Exception):
    """Raised when a file cannot be read as a table; ``line`` is 1-based, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class TableRow:
    """One record of a table: its cells as text, and the line (or sheet row) it starts on."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """The records of a file, blank lines and ``#`` comments left out, the header first.

    Attributes:
        rows: the records, in file order.
        notes: what was assumed to read the file (an encoding…), as sentences to show.
        delimiter: the CSV separator, None for a workbook.
    """

    rows: tuple[TableRow, ...]
    notes: tuple[str, ...] = ()
    delimiter: str | None = None


def read_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> Table:
    """Read a CSV file or an .xlsx workbook (its first sheet, or ``sheet``) as text cells.

    The kind of file is told by its content, not its name. A CSV file is UTF-8 (a BOM is
    allowed), UTF-16 with a BOM, or else Windows-1252 (with a note); its separator is the
    one its first line has most of, among ``;``, tab and ``,``.

    Raises:
        TableError: when the file cannot be read, is not a table, or has no such sheet.
    """
    try:
        raw = read_input(Path(path), limit=limits.current().data_bytes, limit_name="data_bytes")
    except InputRefusal as refusal:
        raise TableError(refusal.message) from None
    if raw.startswith(_OLE):
        message = _("is an Excel 97-2003 workbook (.xls); save it as .xlsx or as CSV")
        raise TableError(message)
    if raw.startswith(_ZIP):
        return _workbook(raw, sheet)
    notes = (
        []
        if sheet is None
        else [_("a CSV file has no sheets: sheet {sheet} ignored").format(sheet=repr(sheet))]
    )
    text, note = _decode(raw)
    if note:
        notes.append(note)
    return _csv_table(text, notes)


def _decode(raw: bytes) -> tuple[str, str | None]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            message = _("is not UTF-16 text although it starts like it (a byte order mark)")
            raise TableError(message) from None
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as error:
        message = _(
            "is neither UTF-8 nor Windows-1252 text (byte {byte}); save it as CSV UTF-8"
        ).format(byte=f"0x{raw[error.start]:02x}")
        raise TableError(message, raw[: error.start].count(b"\n") + 1) from None
    return text, _(
        "not UTF-8 (line {line}): read as Windows-1252, the encoding of Excel's CSV; "
        "check its accented letters, or save it as CSV UTF-8"
    ).format(line=line)


def _csv_table(text: str, notes: list[str]) -> Table:
    physical = PhysicalLines(text)
    records = csv.reader(physical, delimiter=physical.delimiter)
    rows: list[TableRow] = []
    while True:
        physical.begin_record()
        try:
            cells = next(records)
        except StopIteration:
            break
        except csv.Error as error:
            message = _("invalid CSV: {detail}").format(detail=error)
            raise TableError(message, physical.record_start) from None
        if any(cell.strip() for cell in cells):
            rows.append(TableRow(physical.record_start, tuple(cells)))
    return Table(tuple(rows), tuple(notes), physical.delimiter)


def _workbook(raw: bytes, sheet: str | None) -> Table:
    # NOTE: imported here: openpyxl is only needed for workbooks.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        message = _("is a zip file but not an .xlsx workbook; save it as .xlsx or as CSV")
        raise TableError(message) from None
    try:
        if sheet is None:
            chosen = book.worksheets[0]
        elif sheet in [found.title for found in book.worksheets]:
            chosen = book[sheet]
        else:
            names = ", ".join(repr(found.title) for found in book.worksheets)
            message = _("has no sheet named {sheet} (its sheets: {names})").format(
                sheet=repr(sheet), names=names
            )
            raise TableError(message)
        return Table(tuple(_sheet_rows(chosen)))
    finally:
        book.close()


def _sheet_rows(sheet: Worksheet) -> list[TableRow]:
    """Read the rows of a sheet as text, within the data_bytes limit (a zip expands)."""
    budget = limits.current().data_bytes
    rows: list[TableRow] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = tuple(_cell_text(value) for value in values)
        budget -= sum(len(cell) + 1 for cell in cells)
        if budget < 0:
            message = _("holds more than {count} bytes of cells (limit data_bytes)").format(
                count=figure(limits.current().data_bytes)
            )
            raise TableError(message, number)
        if any(cell.strip() for cell in cells) and not is_comment(cells[0]):
            rows.append(TableRow(number, cells))
    return rows


def _cell_text(value: object) -> str:
    """Write a cell's value as a CSV export would: dates ISO, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # NOTE: repr gives the shortest text that reads back as the same float, which is
        # what the user typed (12.5, not 12.4999…).
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)
