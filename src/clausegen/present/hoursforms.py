"""The form of a contract in ``clausegen hours``: framework ratio, tranches, renewal periods.

:mod:`clausegen.present.obligation` prints the lots' hours; this module adds what a
framework agreement, optional tranches and renewals change (issue 13), in JSON and as text.
In JSON the ratio is a number with three decimals (``hours_per_1000_eur``), the hours are
integers and exact values are strings, as in the trace.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from clausegen.compute.forms import RATIO_BASE, PeriodHours, TrancheObligation
from clausegen.compute.hours import LotObligation, Obligation
from clausegen.numbers import ONE_HUNDREDTH, plain, round_half_up

__all__ = ["contract_form_json", "form_text", "lot_form_json"]


def _optional(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _tranche_json(tranche: TrancheObligation) -> dict[str, Any]:
    return {
        "label": tranche_label(tranche),
        "title": tranche.title,
        "optional": tranche.optional,
        "estimated_amount": _optional(tranche.estimated_amount),
        "labour_hours": plain(tranche.labour_hours) if tranche.labour_hours_given else None,
        "insertion_hours_exact": plain(tranche.insertion_hours_exact),
        "insertion_hours": tranche.insertion_hours,
    }


def _periods_json(periods: PeriodHours) -> dict[str, Any]:
    return {
        "initial_months": plain(periods.initial_months),
        "renewal_count": periods.renewal_count,
        "renewal_months": periods.renewal_months,
        "max_months": plain(periods.max_months),
        "initial_hours_exact": plain(periods.initial_hours_exact),
        "initial_hours": periods.initial_hours,
        "renewal_hours_exact": plain(periods.renewal_hours_exact),
        "renewal_hours": periods.renewal_hours,
        "total_hours": periods.total,
    }


def lot_form_json(lot: LotObligation) -> dict[str, Any]:
    """The keys a lot's form adds to ``clausegen hours --json`` (null or empty when unused)."""
    ratio = lot.hours_per_1000
    return {
        "hours_per_1000_eur": None if ratio is None else float(ratio),
        "minimum_amount": _optional(lot.minimum_amount),
        "maximum_amount": _optional(lot.maximum_amount),
        "firm_hours": lot.firm_hours,
        "tranches": [_tranche_json(tranche) for tranche in lot.tranches],
        "periods": None if lot.periods is None else _periods_json(lot.periods),
    }


def contract_form_json(obligation: Obligation) -> dict[str, Any]:
    """The keys the contract's form adds to ``clausegen hours --json``."""
    return {
        "form": obligation.form.value,
        "max_duration_months": _optional(obligation.max_duration_months),
    }


def tranche_label(tranche: TrancheObligation) -> str:
    """Name a tranche in English: ``firm tranche``, ``optional tranche 1``, and so on."""
    return f"optional tranche {tranche.optional_number}" if tranche.optional else "firm tranche"


def _hundredths(value: Decimal) -> str:
    return plain(round_half_up(value, ONE_HUNDREDTH))


def _framework_lines(lot: LotObligation) -> list[str]:
    ratio, amount = lot.hours_per_1000, lot.estimated_amount
    if ratio is None or amount is None:
        return []
    bounds = ", ".join(
        f"{name} {plain(value)} €"
        for name, value in (("minimum", lot.minimum_amount), ("maximum", lot.maximum_amount))
        if value is not None
    )
    return [
        f"  Lot {lot.number}: {ratio:f} insertion hours per {plain(RATIO_BASE)} € excl. "
        f"VAT ordered = {_hundredths(lot.insertion_hours_exact)} h ÷ {plain(amount)} € × "
        f"{plain(RATIO_BASE)}, rounded half-up to 0.001 h",
        f"    estimate: {lot.insertion_hours} h on {plain(amount)} € excl. VAT"
        + (f" ({bounds})" if bounds else "")
        + ", indicative; hours due = ratio × amount ordered ÷ 1000, rounded half-up to the "
        "hour on the cumulative amount",
    ]


def _tranche_lines(lot: LotObligation) -> list[str]:
    if not lot.tranches:
        return []
    parts = [f"{tranche_label(t)} {t.insertion_hours} h" for t in lot.tranches]
    return [
        f"  Lot {lot.number} tranches: {'; '.join(parts)} "
        f"(total {lot.insertion_hours} h; an optional tranche's hours are due only once it "
        "is triggered)"
    ]


def _period_lines(lot: LotObligation) -> list[str]:
    periods = lot.periods
    if periods is None:
        return []
    exact = _hundredths(lot.insertion_hours_exact)
    max_months = plain(periods.max_months)
    return [
        f"  Lot {lot.number} periods: initial {plain(periods.initial_months)} months "
        f"{periods.initial_hours} h ({exact} × {plain(periods.initial_months)} ÷ {max_months}); "
        f"each of {periods.renewal_count} renewals of {periods.renewal_months} months "
        f"{periods.renewal_hours} h ({exact} × {periods.renewal_months} ÷ {max_months}); "
        f"total {periods.initial_hours} + {periods.renewal_count} × {periods.renewal_hours} "
        f"= {periods.total} h over {max_months} months",
    ]


def form_text(obligation: Obligation) -> list[str]:
    """The lines ``clausegen hours`` adds for a framework, tranches or renewals; [] for none."""
    lines: list[str] = []
    framework = [line for lot in obligation.lots for line in _framework_lines(lot)]
    if framework:
        name = obligation.form.value.replace("_", " ")
        lines += ["", f"Framework agreement ({name}): the hours follow what is ordered", *framework]
    tranches = [line for lot in obligation.lots for line in _tranche_lines(lot)]
    if tranches:
        lines += ["", "Tranches:", *tranches]
    periods = [line for lot in obligation.lots for line in _period_lines(lot)]
    if periods:
        lines += ["", "Renewals:", *periods]
    return lines
