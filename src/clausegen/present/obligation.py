"""The obligation as JSON data and as a readable text table.

Both the command line and library callers use these, so that ``clausegen hours --json`` and
a workflow embedding clausegen see the same figures. In JSON, hours are integers, other
figures JSON numbers (FTE with one decimal) and the calculation trace carries the exact
decimal values as strings (domain.md A3).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from clausegen.compute.hours import LotObligation, Obligation
from clausegen.i18n import N_, _
from clausegen.numbers import ONE_HUNDREDTH, plain, round_half_up
from clausegen.present.hoursforms import contract_form_json, form_text, lot_form_json
from clausegen.readable import figure
from clausegen.resolve.parameters import Method, Parameter
from clausegen.validate.models import Contract

#: How a figure is written: :func:`exact` for the trace of JSON, :func:`figure` for people.
Writer = Callable[[Decimal | int], str]


def exact(value: Decimal | int) -> str:
    """Write a figure as the calculation trace of JSON does, whatever the language (``0.05``)."""
    return plain(Decimal(value))


def _number(value: Decimal, quantum: Decimal = ONE_HUNDREDTH) -> float:
    return float(round_half_up(value, quantum))


def _parameter(parameter: Parameter | None) -> dict[str, str] | None:
    if parameter is None:
        return None
    data = {"value": plain(parameter.value), "source": parameter.source.value}
    if parameter.detail:
        data["detail"] = parameter.detail
    if parameter.origin:
        data["origin"] = parameter.origin
    return data


def formula(
    lot: LotObligation, duration_months: Decimal | None = None, write: Writer = exact
) -> str:
    """Write the lot's calculation in one line with exact inputs, e.g. for the trace.

    ``write`` writes its figures: :func:`exact` (the default) for the JSON trace,
    :func:`clausegen.readable.figure` for the text a person reads.
    """
    if lot.method is Method.RESERVED:
        return _("reserved contract: no hour obligation")
    rate = lot.insertion_rate
    assert rate is not None  # noqa: S101 - only reserved lots have no rate
    if lot.tranches:
        parts = " + ".join(f"{write(tranche.insertion_hours)} h" for tranche in lot.tranches)
        return _("sum of the tranches: {parts} = {hours} h").format(
            parts=parts, hours=write(lot.insertion_hours)
        )
    basis = lot.amount_basis()
    if basis is None:
        volume = _("{hours} h (estimated labour volume)").format(
            hours=write(lot.labour_hours or Decimal(0))
        )
    else:
        amount, share = basis
        volume = f"{write(amount)} € × {write(share.value)} ÷ {write(lot.hourly_cost.value)} €/h"
    if lot.method is Method.CLEANING:
        staff = write(lot.transferable_staff_monthly_hours or Decimal(0))
        months = write(duration_months or Decimal(0))
        volume = _("({volume} − {staff} h × {months} months)").format(
            volume=volume, staff=staff, months=months
        )
    hours = write(round_half_up(lot.insertion_hours_exact, ONE_HUNDREDTH))
    result = f"{volume} × {write(rate.value)} = {hours} h → "
    periods = lot.periods
    if periods is not None:
        result += (
            f"{write(periods.initial_hours)} h + {write(periods.renewal_count)} × "
            f"{write(periods.renewal_hours)} h = "
        )
    return f"{result}{write(lot.insertion_hours)} h"


def lot_trace(lot: LotObligation, obligation: Obligation) -> dict[str, Any]:
    """Return where every figure of the lot comes from, with exact values as strings."""
    trace: dict[str, Any] = {
        "formula": formula(lot, obligation.max_duration_months),
        "trade": lot.trade_key,
        "estimated_amount": None if lot.estimated_amount is None else plain(lot.estimated_amount),
        "labour_share": _parameter(lot.labour_share),
        "hourly_cost": _parameter(lot.hourly_cost),
        "labour_hours": None if lot.labour_hours is None else plain(lot.labour_hours),
        "insertion_rate": _parameter(lot.insertion_rate),
    }
    if lot.method is Method.CLEANING:
        trace["transferable_staff_monthly_hours"] = plain(
            lot.transferable_staff_monthly_hours or Decimal(0)
        )
        trace["duration_months"] = plain(obligation.max_duration_months or Decimal(0))
        trace["staff_weighting"] = plain(lot.staff_weighting or Decimal(0))
    trace.update(
        {
            "insertion_hours_exact": plain(lot.insertion_hours_exact),
            "insertion_hours": str(lot.insertion_hours),
            "hours_per_fte": _parameter(obligation.hours_per_fte),
            "fte": plain(lot.fte),
            "penalty_per_missing_hour": _parameter(lot.penalty_per_missing_hour),
        }
    )
    return trace


def obligation_as_json(obligation: Obligation) -> dict[str, Any]:
    """Return the obligation as the JSON document printed by ``clausegen hours --json``."""
    return {
        "reference": obligation.reference,
        "lots": [
            {
                "number": lot.number,
                "title": lot.title,
                "method": lot.method.value,
                "labour_hours": None if lot.labour_hours is None else _number(lot.labour_hours),
                "insertion_rate": None
                if lot.insertion_rate is None
                else float(lot.insertion_rate.value),
                "insertion_hours": lot.insertion_hours,
                **lot_form_json(lot),
                "fte": float(lot.fte),
                "trace": lot_trace(lot, obligation),
                "warnings": [w.message for w in lot.warnings],
            }
            for lot in obligation.lots
        ],
        **contract_form_json(obligation),
        "total_insertion_hours": obligation.total_insertion_hours,
        "total_fte": float(obligation.total_fte),
        "hours_per_fte": float(obligation.hours_per_fte.value),
        "warnings": [str(w) for w in obligation.warnings],
        "warning_details": [w.as_json() for w in obligation.warnings],
        "eu_threshold": _threshold_json(obligation),
    }


def _threshold_json(obligation: Obligation) -> dict[str, Any] | None:
    """The estimated value against the EU threshold, for ``hours --json``."""
    check = obligation.eu_threshold
    if check is None:
        return None
    value = check.estimated.value
    threshold = check.threshold
    return {
        "estimated_value": None if value is None else _number(value),
        "estimated_value_basis": check.estimated.basis,
        "threshold": None if threshold is None else threshold.amount,
        "period": None if threshold is None else threshold.period.id,
        "reached": check.reached,
        "social_condition_exception": check.has_exception,
        "social_condition_required": check.social_condition_required,
    }


def table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Align a table's columns for the terminal, the ``right`` ones to the right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(padded).rstrip()

    return [line(header), *(line(row) for row in rows)]


def percent(value: Decimal) -> str:
    """Write a rate as a percentage for people: ``5 %``, ``12.5 %`` (``12,5 %`` in French)."""
    return f"{figure(value * 100)} %"


def _shorten(text: str, width: int = 36) -> str:
    single = " ".join(text.split())
    return single if len(single) <= width else single[: width - 1] + "…"


def obligation_as_text(contract: Contract, obligation: Obligation) -> str:
    """Return the readable report of ``clausegen hours``: table and calculation.

    The warnings are not part of it: the command line prints them on standard error.
    """
    lines = [
        f"{contract.reference} — {contract.title}",
        (
            _("{kind} contract, mechanism {mechanism}")
            if contract.form.value == "single"
            else _("{kind} contract, mechanism {mechanism}, form {form}")
        ).format(
            kind=contract.kind.value,
            mechanism=contract.mechanism.value,
            form=contract.form.value,
        ),
        "",
    ]
    rows = [
        [
            str(lot.number),
            _shorten(lot.title),
            lot.method.value,
            "-"
            if lot.labour_hours is None
            else figure(round_half_up(lot.labour_hours, ONE_HUNDREDTH)),
            "-" if lot.insertion_rate is None else percent(lot.insertion_rate.value),
            figure(lot.insertion_hours),
            figure(lot.fte, 1),
        ]
        for lot in obligation.lots
    ]
    rows.append(
        [
            "",
            _("Total"),
            "",
            "",
            "",
            figure(obligation.total_insertion_hours),
            figure(obligation.total_fte, 1),
        ]
    )
    lines += table(_header(), rows, right={3, 4, 5, 6})
    fte = obligation.hours_per_fte
    lines += [
        "",
        _("FTE = insertion hours ÷ {hours} hours per FTE ({origin})").format(
            hours=figure(fte.value), origin=fte.describe()
        ),
    ]
    lines += ["", _("Calculation:")]
    for lot in obligation.lots:
        lines += _calculation(lot, obligation)
    lines += form_text(obligation)
    return "\n".join(lines) + "\n"


def _header() -> list[str]:
    """The header of the table of lots, in the language of messages."""
    return [
        _("Lot"),
        _("Title"),
        _("Method"),
        _("Labour hours"),
        _("Rate"),
        _("Insertion hours"),
        _("FTE"),
    ]


def _one_more_source(sources: str, source: str) -> str:
    return _("{sources}; {source}").format(sources=sources, source=source)


def _calculation(lot: LotObligation, obligation: Obligation) -> list[str]:
    """The lines that show how a lot's hours were computed and where each input came from."""
    lines = [
        "  "
        + _("Lot {number} ({title}): {formula}").format(
            number=lot.number,
            title=lot.title,
            formula=formula(lot, obligation.max_duration_months, figure),
        )
    ]
    sources = [
        _("{name} {value} from {origin}").format(
            name=_(name), value=figure(p.value), origin=p.describe()
        )
        for name, p in (
            (N_("labour share"), None if lot.labour_hours_given else lot.labour_share),
            (N_("hourly cost"), None if lot.labour_hours_given else lot.hourly_cost),
            (N_("rate"), lot.insertion_rate),
            (N_("penalty per missing hour"), lot.penalty_per_missing_hour),
        )
        if p is not None
    ]
    lines.append("    " + functools.reduce(_one_more_source, sources))
    if lot.method is Method.CLEANING:
        weighting = round_half_up(lot.staff_weighting or Decimal(0), Decimal("0.0001"))
        lines.append(
            "    "
            + _(
                "cleaning-sector method: the hours of the staff to take over are netted out of "
                "the labour volume (P = {weighting})"
            ).format(weighting=figure(weighting))
        )
    return lines
