"""The portfolio report as JSON, as CSV and as readable terminal tables.

In JSON, counts and whole hours are integers, other figures JSON numbers: hours with two
decimals at most, FTE with one, rates as ratios with four decimals (0.7071 is 70.71 %), euros
with cents. The CSV has one row per lot, with a dot as decimal separator, for spreadsheets
and workflows; the terminal tables are for people.

The CSV is opened by spreadsheets, which run a cell that starts with ``=`` (or ``+``, ``-``,
``@``) as a formula: ``=HYPERLINK(…)`` in a contract title would become a link, and worse.
So every text cell is quoted (a French spreadsheet that splits on ``;`` keeps it whole) and
one that starts with such a character, a tab or a carriage return gets a leading ``'``, as
OWASP recommends ("CSV Injection"); the figures clausegen computes stay plain numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from clausegen.compute.figures import (
    ContractFigures,
    GroupFigures,
    LotFigures,
    PortfolioReport,
    Realisation,
)
from clausegen.errors import OrdersError, RealisedHoursError
from clausegen.numbers import ONE_HUNDREDTH, ONE_TENTH, plain, round_half_up
from clausegen.outcomes import ExitCode
from clausegen.records import ErrorRecord
from clausegen.validate.realised import RejectedLine
from clausegen.validate.terms import EligibilityCategory, Modality

_RATE = Decimal("0.0001")
_RATIO_1000 = Decimal("0.001")


def json_hours(value: Decimal | int) -> int | float:
    """Write hours as a JSON number: an integer when whole, else two decimals at most."""
    exact = Decimal(value)
    if exact == exact.to_integral_value():
        return int(exact)
    return float(round_half_up(exact, ONE_HUNDREDTH))


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(round_half_up(value, ONE_HUNDREDTH))


def _ratio(value: Decimal | None) -> float | None:
    return None if value is None else float(round_half_up(value, _RATE))


def _realisation(realised: Realisation) -> dict[str, Any]:
    return {
        "hours": json_hours(realised.hours),
        "persons": realised.persons,
        "lines": realised.lines,
        "by_category": {k.value: json_hours(v) for k, v in realised.by_category.items()},
        "by_modality": {k.value: json_hours(v) for k, v in realised.by_modality.items()},
    }


def _group_json(group: GroupFigures) -> dict[str, Any]:
    realised = group.realised
    return {
        "operations": group.operations,
        "lots": group.lots,
        "companies": group.companies,
        "insertion_hours": group.obligation_hours,
        "fte": float(group.fte),
        "realised_hours": None if realised is None else json_hours(realised.hours),
        "realised_fte": None if group.realised_fte is None else float(group.realised_fte),
        "completion_rate": _ratio(group.completion_rate),
        "persons": None if realised is None else realised.persons,
        "penalties": _money(group.penalties),
    }


def _lot_json(lot: LotFigures) -> dict[str, Any]:
    realised = None
    if lot.realised is not None:
        realised = {
            **_realisation(lot.realised),
            "completion_rate": _ratio(lot.completion_rate),
            "missing_hours": json_hours(lot.missing_hours or Decimal(0)),
            "penalty": _money(lot.penalty),
        }
    return {
        "number": lot.number,
        "title": lot.title,
        "awardees": list(lot.awardees),
        "companies": lot.companies,
        "insertion_hours": lot.obligation_hours,
        "due_basis": lot.due_basis.value,
        "estimate_hours": lot.estimate_hours,
        "ordered_amount": _money(lot.ordered),
        "hours_per_1000_eur": None if lot.hours_per_1000 is None else float(lot.hours_per_1000),
        "years": [
            {
                "year": year.year,
                "orders": year.orders,
                "ordered_amount": _money(year.ordered),
                "cumulative_ordered_amount": _money(year.cumulative_ordered),
                "cumulative_hours_due": year.cumulative_due,
                "hours_due": year.due,
            }
            for year in lot.years
        ],
        "penalty_per_missing_hour": float(lot.penalty_per_missing_hour),
        "realised": realised,
    }


def _contract_json(contract: ContractFigures) -> dict[str, Any]:
    realised = None
    if contract.realised is not None:
        realised = {
            **_realisation(contract.realised),
            "fte": float(
                round_half_up(contract.realised.hours / contract.hours_per_fte, ONE_TENTH)
            ),
            "completion_rate": _ratio(contract.completion_rate),
            "missing_hours": json_hours(contract.missing_hours or Decimal(0)),
            "penalty": _money(contract.penalty),
        }
    return {
        "reference": contract.reference,
        "title": contract.title,
        "source": contract.source,
        "buyer": contract.buyer,
        "kind": contract.kind.value,
        "mechanism": contract.mechanism.value,
        "form": contract.form.value,
        "status": contract.status.value,
        "hours_per_fte": json_hours(contract.hours_per_fte),
        "companies": contract.companies,
        "insertion_hours": contract.obligation_hours,
        "estimate_hours": contract.estimate_hours,
        "fte": float(contract.fte),
        "realised": realised,
        "lots": [_lot_json(lot) for lot in contract.lots],
        "decp": contract.decp.as_json(),
    }


def report_as_json(report: PortfolioReport) -> dict[str, Any]:
    """Return the report as the JSON document of ``clausegen report --json``."""
    conventions = [json_hours(value) for value in report.conventions]
    realised_json = None
    hours = report.realised_hours
    if hours is not None:
        total = report.total.realised
        realised_json = {
            "files": list(hours.files),
            "lines_read": hours.lines_read,
            "lines_accepted": len(hours.accepted),
            "lines_rejected": len(hours.rejected),
            "rejected": _rejected_json(hours.rejected),
            "by_category": {}
            if total is None
            else {k.value: json_hours(v) for k, v in total.by_category.items()},
            "by_modality": {}
            if total is None
            else {k.value: json_hours(v) for k, v in total.by_modality.items()},
        }
    return {
        "date": None if report.date is None else report.date.isoformat(),
        "key_figures": {
            **_group_json(report.total),
            "hours_per_fte": conventions[0] if len(conventions) == 1 else None,
            "hours_per_fte_conventions": conventions,
        },
        "by_kind": [{"kind": g.name, **_group_json(g)} for g in report.by_kind],
        "by_mechanism": [{"mechanism": g.name, **_group_json(g)} for g in report.by_mechanism],
        "contracts": [_contract_json(contract) for contract in report.contracts],
        "realised": realised_json,
        "orders": _orders_json(report),
        "warnings": list(report.warnings),
    }


def report_document(report: PortfolioReport) -> dict[str, Any]:
    """Return what ``report --json`` prints: the report, after ``ok``, ``exit_code``, ``errors``.

    A realised-hours or orders line that was rejected makes the report fail (``ok`` false,
    ``exit_code`` 1): ``errors`` holds each of its problems as a located record (the shape
    of every command's failures), and the figures of the other lines are still there.
    """
    errors = rejected_records(report)
    code = ExitCode.INVALID_INPUT if errors else ExitCode.OK
    return {"ok": not errors, "exit_code": int(code), "errors": errors, **report_as_json(report)}


def rejected_records(report: PortfolioReport) -> list[ErrorRecord]:
    """Return every problem of every rejected line as a located record, as messages go."""
    realised = report.realised_hours.rejected if report.realised_hours is not None else ()
    orders = report.orders.rejected if report.orders is not None else ()
    return [
        *(item for line in realised for item in line.records(RealisedHoursError.code)),
        *(item for line in orders for item in line.records(OrdersError.code)),
    ]


def _rejected_json(rejected: Sequence[RejectedLine]) -> list[dict[str, Any]]:
    return [
        {
            "file": line.source,
            "line": line.line,
            "problems": [
                {"column": problem.path or None, "message": problem.message}
                for problem in line.problems
            ],
        }
        for line in rejected
    ]


def _orders_json(report: PortfolioReport) -> dict[str, Any] | None:
    orders = report.orders
    if orders is None:
        return None
    return {
        "files": list(orders.files),
        "lines_read": orders.lines_read,
        "lines_accepted": len(orders.accepted),
        "lines_rejected": len(orders.rejected),
        "rejected": _rejected_json(orders.rejected),
    }


#: The columns of ``clausegen report --csv``, one row per lot.
CSV_COLUMNS = (
    "reference",
    "title",
    "buyer",
    "kind",
    "mechanism",
    "form",
    "status",
    "hours_per_fte",
    "lot",
    "lot_title",
    "companies",
    "insertion_hours",
    "due_basis",
    "estimate_hours",
    "ordered_amount",
    "hours_per_1000_eur",
    "fte",
    "realised_hours",
    "completion_rate",
    "persons",
    "missing_hours",
    "penalty_per_missing_hour",
    "penalty",
    *(f"hours_{category.value}" for category in EligibilityCategory),
    *(f"hours_{modality.value}" for modality in Modality),
)


def _cell(value: Decimal | int | None, quantum: Decimal = ONE_HUNDREDTH) -> Decimal | str:
    """A figure as a number the CSV writer leaves unquoted, or an empty cell."""
    return "" if value is None else Decimal(plain(round_half_up(Decimal(value), quantum)))


#: What makes a spreadsheet read a cell as a formula (OWASP), with their full-width forms.
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_FORMULA_AFTER_SEMICOLON = re.compile(
    ";(?=[ \u00a0\n]*[" + re.escape("".join(sorted(_FORMULA_STARTS))) + "]|[\t\r])"
)
#: A line break inside the text (not at its start) before a formula start or a tab.
_FORMULA_AFTER_LINE_BREAK = re.compile(
    "(?<=[\\s\\S])(\r\n|\r|\n)(?=[ \u00a0]*["
    + re.escape("".join(sorted(_FORMULA_STARTS)))
    + "]|\t)"
)


def spreadsheet_text(value: str) -> str:
    """Return ``value`` made safe as a spreadsheet cell: a ``'`` before a formula start.

    A cell starting with ``=``, ``+``, ``-``, ``@`` (after any spaces), a tab or a carriage
    return is prefixed with a single quote, so that a spreadsheet shows it as text instead
    of running it (OWASP, "CSV Injection"). So is such a character after a ``;`` (and any
    spaces or no-break spaces) inside the text: a French spreadsheet may split a
    comma-separated file on semicolons, and the piece after one would start a cell. And so
    is such a character at the start of a line inside the text (after spaces): a quote
    goes after the line break, for the programs that read a quoted cell line by line.
    """
    value = _FORMULA_AFTER_SEMICOLON.sub(";'", value)
    value = _FORMULA_AFTER_LINE_BREAK.sub("\\1'", value)
    start = value.lstrip(" \u00a0\n")[:1]
    if value[:1] in ("\t", "\r") or start in _FORMULA_STARTS:
        return "'" + value
    return value


def report_as_csv(report: PortfolioReport) -> str:
    """Return one CSV row per lot (comma-separated, dot decimals), for spreadsheets.

    Text cells are quoted and neutralised (:func:`spreadsheet_text`); figures are plain
    numbers, unquoted.
    """
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CSV_COLUMNS)
    for contract in report.contracts:
        for lot in contract.lots:
            realised = lot.realised
            categories = {} if realised is None else realised.by_category
            modalities = {} if realised is None else realised.by_modality
            empty = realised is None
            writer.writerow(
                [
                    spreadsheet_text(contract.reference),
                    spreadsheet_text(contract.title),
                    spreadsheet_text(contract.buyer),
                    contract.kind.value,
                    contract.mechanism.value,
                    contract.form.value,
                    contract.status.value,
                    _cell(contract.hours_per_fte),
                    lot.number,
                    spreadsheet_text(lot.title),
                    lot.companies,
                    lot.obligation_hours,
                    lot.due_basis.value,
                    "" if lot.estimate_hours is None else lot.estimate_hours,
                    _cell(lot.ordered),
                    _cell(lot.hours_per_1000, _RATIO_1000),
                    _cell(Decimal(lot.obligation_hours) / contract.hours_per_fte, ONE_TENTH),
                    _cell(None if realised is None else realised.hours),
                    _cell(lot.completion_rate, _RATE),
                    "" if realised is None else realised.persons,
                    _cell(lot.missing_hours),
                    _cell(lot.penalty_per_missing_hour),
                    _cell(lot.penalty),
                    *(
                        "" if empty else _cell(categories.get(c, Decimal(0)))
                        for c in EligibilityCategory
                    ),
                    *("" if empty else _cell(modalities.get(m, Decimal(0))) for m in Modality),
                ]
            )
    return stream.getvalue()


def rejected_messages(report: PortfolioReport) -> list[str]:
    """Return one ``file:line: column: message`` text per problem of every rejected line.

    The lines of realised-hours files first, then those of orders files.
    """
    rejected = [
        *(report.realised_hours.rejected if report.realised_hours is not None else ()),
        *(report.orders.rejected if report.orders is not None else ()),
    ]
    return [text for line in rejected for text in line.messages()]
