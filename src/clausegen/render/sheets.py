"""The portfolio report as spreadsheets: an .xlsx workbook and a CSV for French Excel.

``clausegen report -o bilan.xlsx`` writes one sheet per table of the Word report, French
headers, figures as numbers with number formats (hours, FTE, rates, euros), so that a
facilitator can sort and add them up. ``-o bilan.csv`` writes one table, the lots unless
``--table`` names another (a CSV holds one table, as a sheet does), in the dialect French
Excel opens with a double click: ``;`` between fields, a decimal comma, UTF-8
with a BOM, CRLF line ends. Text cells are neutralised against formulas as in
:func:`clausegen.present.report.spreadsheet_text` (the CSV) or stored as text, never as a
formula (the workbook). ``--csv`` on standard output stays the portable form for programs.
"""

from __future__ import annotations

import csv
import datetime
import enum
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from clausegen.compute.figures import ContractFigures, GroupFigures, LotFigures, PortfolioReport
from clausegen.i18n import _
from clausegen.inputs import UsageError
from clausegen.numbers import ONE_HUNDREDTH, ONE_TENTH, plain, round_half_up
from clausegen.present.report import spreadsheet_text
from clausegen.render.labels import MECHANISM_LABELS, STATUS_LABELS, kind_label
from clausegen.render.output import normalise_zip
from clausegen.validate.models import Mechanism

#: The suffixes ``report -o`` writes, in the order they are named in messages.
REPORT_SUFFIXES = (".docx", ".xlsx", ".csv")


class Kind(enum.Enum):
    """What a column holds: its rounding and its number format in the workbook."""

    TEXT = ("@", None)
    COUNT = ("#,##0", Decimal(1))
    HOURS = ("#,##0.00", ONE_HUNDREDTH)
    FTE = ("#,##0.0", ONE_TENTH)
    RATE = ("0.0%", Decimal("0.0001"))
    EUROS = ('#,##0.00 "€"', ONE_HUNDREDTH)

    def __init__(self, number_format: str, quantum: Decimal | None) -> None:
        self.number_format = number_format
        self.quantum = quantum


Cell = str | Decimal | None
#: A value before rounding: text, a count or an exact figure, or nothing.
Raw = str | int | Decimal | None


@dataclass(frozen=True)
class Sheet:
    """One table: a name (at most 31 characters, Excel's limit), headers, kinds and rows."""

    name: str
    headers: tuple[str, ...]
    kinds: tuple[Kind, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _value(kind: Kind, value: Raw) -> Cell:
    if value is None or isinstance(value, str) or kind.quantum is None:
        return None if value is None else str(value)
    return Decimal(plain(round_half_up(Decimal(value), kind.quantum)))


def _sheet(name: str, columns: Sequence[tuple[str, Kind]], rows: Sequence[Sequence[Raw]]) -> Sheet:
    kinds = tuple(kind for _, kind in columns)
    return Sheet(
        name=name,
        headers=tuple(header for header, _ in columns),
        kinds=kinds,
        rows=tuple(
            tuple(_value(kind, value) for kind, value in zip(kinds, row, strict=True))
            for row in rows
        ),
    )


def _groups(name: str, groups: Sequence[GroupFigures], names: Callable[[str], str]) -> Sheet:
    columns = [
        ("Groupe", Kind.TEXT),
        ("Opérations", Kind.COUNT),
        ("Lots", Kind.COUNT),
        ("Entreprises", Kind.COUNT),
        ("Heures d'insertion", Kind.COUNT),
        ("ETP", Kind.FTE),
        ("Heures réalisées", Kind.HOURS),
        ("Taux de réalisation", Kind.RATE),
        ("Pénalités", Kind.EUROS),
    ]
    rows = [
        (
            names(group.name),
            group.operations,
            group.lots,
            group.companies,
            group.obligation_hours,
            group.fte,
            None if group.realised is None else group.realised.hours,
            group.completion_rate,
            group.penalties,
        )
        for group in groups
    ]
    return _sheet(name, columns, rows)


def _contract_row(contract: ContractFigures) -> tuple[Raw, ...]:
    realised = contract.realised
    return (
        contract.reference,
        contract.title,
        contract.buyer,
        kind_label(contract.kind.value),
        MECHANISM_LABELS[contract.mechanism],
        STATUS_LABELS[contract.status],
        contract.obligation_hours,
        contract.fte,
        None if realised is None else realised.hours,
        contract.completion_rate,
        None if realised is None else realised.persons,
        contract.penalty,
    )


def _lot_row(contract: ContractFigures, lot: LotFigures) -> tuple[Raw, ...]:
    realised = lot.realised
    return (
        contract.reference,
        contract.title,
        lot.number,
        lot.title,
        lot.companies,
        lot.obligation_hours,
        Decimal(lot.obligation_hours) / contract.hours_per_fte,
        None if realised is None else realised.hours,
        lot.completion_rate,
        None if realised is None else realised.persons,
        lot.missing_hours,
        lot.penalty_per_missing_hour,
        lot.penalty,
    )


_CONTRACT_COLUMNS = (
    ("Référence", Kind.TEXT),
    ("Intitulé", Kind.TEXT),
    ("Acheteur", Kind.TEXT),
    ("Type de marché", Kind.TEXT),
    ("Dispositif", Kind.TEXT),
    ("Statut", Kind.TEXT),
    ("Heures d'insertion", Kind.COUNT),
    ("ETP", Kind.FTE),
    ("Heures réalisées", Kind.HOURS),
    ("Taux de réalisation", Kind.RATE),
    ("Personnes", Kind.COUNT),
    ("Pénalités", Kind.EUROS),
)
_LOT_COLUMNS = (
    ("Référence", Kind.TEXT),
    ("Intitulé", Kind.TEXT),
    ("Lot", Kind.COUNT),
    ("Intitulé du lot", Kind.TEXT),
    ("Entreprises", Kind.COUNT),
    ("Heures d'insertion", Kind.COUNT),
    ("ETP", Kind.FTE),
    ("Heures réalisées", Kind.HOURS),
    ("Taux de réalisation", Kind.RATE),
    ("Personnes", Kind.COUNT),
    ("Heures manquantes", Kind.HOURS),
    ("Pénalité par heure manquante", Kind.EUROS),
    ("Pénalité", Kind.EUROS),
)


def lots_sheet(report: PortfolioReport) -> Sheet:
    """The table of lots: one row per lot of every contract."""
    rows = [_lot_row(contract, lot) for contract in report.contracts for lot in contract.lots]
    return _sheet("Lots", _LOT_COLUMNS, rows)


def report_sheets(report: PortfolioReport) -> tuple[Sheet, ...]:
    """Every table of the report, in the Word report's order."""
    sheets = [
        _groups("Chiffres-clés", [report.total], lambda _: "Ensemble du portefeuille"),
        _groups("Par type de marché", report.by_kind, kind_label),
        _groups("Par dispositif", report.by_mechanism, lambda n: MECHANISM_LABELS[Mechanism(n)]),
        _sheet("Opérations", _CONTRACT_COLUMNS, [_contract_row(c) for c in report.contracts]),
        lots_sheet(report),
    ]
    total = report.total.realised
    if total is not None:
        for name, values in (
            ("Par public", total.by_category),
            ("Par modalité", total.by_modality),
        ):
            columns = [(name.removeprefix("Par ").capitalize(), Kind.TEXT), ("Heures", Kind.HOURS)]
            columns.append(("Part", Kind.RATE))
            rows = [
                (code.term.short, value, value / total.hours if total.hours else None)
                for code, value in values.items()
            ]
            sheets.append(_sheet(name, columns, rows))
    return tuple(sheets)


#: The tables of the report, by the names ``report --table`` gives them, and their sheets.
CSV_TABLES = {
    "key-figures": "Chiffres-clés",
    "by-kind": "Par type de marché",
    "by-mechanism": "Par dispositif",
    "contracts": "Opérations",
    "lots": "Lots",
    "by-category": "Par public",
    "by-modality": "Par modalité",
}


def report_table(report: PortfolioReport, table: str = "lots") -> Sheet:
    """Return one table of the report by its name in :data:`CSV_TABLES`.

    A CSV holds one table, as French Excel opens it (a sheet of the workbook): ``lots`` by
    default, any other on request.

    Raises:
        UsageError: for a name that is not in :data:`CSV_TABLES`, or a table of the
            realised hours (``by-category``, ``by-modality``) of a report without them.
    """
    if table not in CSV_TABLES:
        message = _("must be one of {tables} (got {table})").format(
            tables=", ".join(CSV_TABLES), table=repr(table)
        )
        raise UsageError(argument="table", message=message)
    if table == "lots":
        return lots_sheet(report)
    for sheet in report_sheets(report):
        if sheet.name == CSV_TABLES[table]:
            return sheet
    message = _("the table {table} exists only with realised hours").format(table=table)
    raise UsageError(argument="table", message=message)


def report_as_french_csv(report: PortfolioReport, *, table: str = "lots") -> bytes:
    """Return one table (:func:`report_table`) as French Excel opens it.

    ``;`` between fields, a decimal comma, UTF-8 with a BOM, CRLF line ends.
    """
    sheet = report_table(report, table)
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow(
            [
                ""
                if cell is None
                else spreadsheet_text(cell)
                if isinstance(cell, str)
                else format(cell, "f").replace(".", ",")
                for cell in row
            ]
        )
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def report_as_xlsx(report: PortfolioReport) -> bytes:
    """Return the report as an .xlsx workbook, one sheet per table (deterministic bytes)."""
    # NOTE: imported here: openpyxl is only needed for workbooks.
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    stamp = datetime.datetime.combine(report.date or datetime.date(1980, 1, 1), datetime.time())
    book.properties.creator = "clausegen"
    book.properties.title = "Clauses d'insertion — bilan du portefeuille"
    book.properties.language = "fr-FR"
    book.properties.created = book.properties.modified = stamp
    for sheet in report_sheets(report):
        target = book.create_sheet(sheet.name)
        target.append(list(sheet.headers))
        for cell in target[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in sheet.rows:
            target.append([None if v is None else v for v in values])
        for index, kind in enumerate(sheet.kinds, start=1):
            header = sheet.headers[index - 1]
            letter = get_column_letter(index)
            target.column_dimensions[letter].width = max(12, min(40, len(header) + 2))
            for (cell,) in target.iter_rows(min_row=2, min_col=index, max_col=index):
                if kind is Kind.TEXT:
                    cell.data_type = "s"  # text, never a formula, whatever it starts with
                cell.number_format = kind.number_format
        target.freeze_panes = "A2"
    buffer = io.BytesIO()
    # NOTE: Workbook.save() stamps the clock into the properties; its writer does not.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return normalise_zip(buffer.getvalue())


def report_file(report: PortfolioReport, path: Path, *, table: str = "lots") -> bytes:
    """Return the bytes of the report file ``path`` names by its suffix (.docx, .xlsx, .csv).

    ``table`` names the one table of a .csv (:func:`report_table`).

    Raises:
        ValueError: for another suffix (:class:`UsageError` for a table that a .csv
            cannot hold).
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return report_as_xlsx(report)
    if suffix == ".csv":
        return report_as_french_csv(report, table=table)
    if suffix == ".docx":
        # NOTE: imported here: the Word report pulls in python-docx and matplotlib.
        from clausegen.render.wordreport import report_as_docx

        return report_as_docx(report)
    message = f"a report file ends in {', '.join(REPORT_SUFFIXES)} (got {path})"
    raise ValueError(message)
