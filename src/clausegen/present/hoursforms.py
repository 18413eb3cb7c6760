"""The form of a contract in ``clausegen hours``: framework ratio, tranches, renewal periods.

:mod:`clausegen.present.obligation` prints the lots' hours; this module adds what a
framework agreement, optional tranches and renewals change (issue 13), in JSON and as text.
In JSON the ratio is a number with three decimals (``hours_per_1000_eur``), the hours are
integers and exact values are strings, as in the trace.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from clausegen.compute.forms import RATIO_BASE, RATIO_PLACES, PeriodHours, TrancheObligation
from clausegen.compute.hours import LotObligation, Obligation
from clausegen.i18n import N_, _
from clausegen.numbers import ONE_HUNDREDTH, plain, round_half_up
from clausegen.readable import figure

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
    """Name a tranche in the language of messages (``firm tranche``, ``optional tranche 1``)."""
    if tranche.optional:
        return _("optional tranche {number}").format(number=tranche.optional_number)
    return _("firm tranche")


def _hundredths(value: Decimal) -> str:
    return figure(round_half_up(value, ONE_HUNDREDTH))


def _framework_lines(lot: LotObligation) -> list[str]:
    ratio, amount = lot.hours_per_1000, lot.estimated_amount
    if ratio is None or amount is None:
        return []
    bounds = ", ".join(
        _(name).format(amount=figure(value))
        for name, value in (
            (N_("minimum {amount} €"), lot.minimum_amount),
            (N_("maximum {amount} €"), lot.maximum_amount),
        )
        if value is not None
    )
    estimate = (
        _("estimate: {hours} h on {amount} € excl. VAT ({bounds})")
        if bounds
        else _("estimate: {hours} h on {amount} € excl. VAT")
    ).format(hours=figure(lot.insertion_hours), amount=figure(amount), bounds=bounds)
    return [
        "  "
        + _(
            "Lot {number}: {ratio} insertion hours per {base} € excl. VAT ordered = {hours} h ÷ "
            "{amount} € × {base}, rounded half-up to 0.001 h"
        ).format(
            number=lot.number,
            ratio=figure(ratio, RATIO_PLACES),
            base=figure(RATIO_BASE),
            hours=_hundredths(lot.insertion_hours_exact),
            amount=figure(amount),
        ),
        "    "
        + _(
            "{estimate}, indicative; hours due = ratio × amount ordered ÷ 1000, rounded half-up "
            "to the hour on the cumulative amount"
        ).format(estimate=estimate),
    ]


def _tranche_lines(lot: LotObligation) -> list[str]:
    if not lot.tranches:
        return []
    parts = [
        _("{tranche} {hours} h").format(tranche=tranche_label(t), hours=figure(t.insertion_hours))
        for t in lot.tranches
    ]
    return [
        "  "
        + _(
            "Lot {number} tranches: {tranches} (total {hours} h; an optional tranche's hours are "
            "due only once it is triggered)"
        ).format(
            number=lot.number,
            tranches=functools.reduce(_one_more, parts),
            hours=figure(lot.insertion_hours),
        )
    ]


def _one_more(items: str, item: str) -> str:
    return _("{sources}; {source}").format(sources=items, source=item)


def _period_lines(lot: LotObligation) -> list[str]:
    periods = lot.periods
    if periods is None:
        return []
    exact = _hundredths(lot.insertion_hours_exact)
    max_months = figure(periods.max_months)
    return [
        "  "
        + _(
            "Lot {number} periods: initial {initial_months} months {initial_hours} h ({exact} × "
            "{initial_months} ÷ {max_months}); each of {renewals} renewals of {renewal_months} "
            "months {renewal_hours} h ({exact} × {renewal_months} ÷ {max_months}); total "
            "{initial_hours} + {renewals} × {renewal_hours} = {total} h over {max_months} months"
        ).format(
            number=lot.number,
            initial_months=figure(periods.initial_months),
            initial_hours=figure(periods.initial_hours),
            exact=exact,
            max_months=max_months,
            renewals=periods.renewal_count,
            renewal_months=figure(periods.renewal_months),
            renewal_hours=figure(periods.renewal_hours),
            total=figure(periods.total),
        ),
    ]


def form_text(obligation: Obligation) -> list[str]:
    """The lines ``clausegen hours`` adds for a framework, tranches or renewals; [] for none."""
    lines: list[str] = []
    framework = [line for lot in obligation.lots for line in _framework_lines(lot)]
    if framework:
        name = obligation.form.value.replace("_", " ")
        title = _("Framework agreement ({name}): the hours follow what is ordered")
        lines += ["", title.format(name=name), *framework]
    tranches = [line for lot in obligation.lots for line in _tranche_lines(lot)]
    if tranches:
        lines += ["", _("Tranches:"), *tranches]
    periods = [line for lot in obligation.lots for line in _period_lines(lot)]
    if periods:
        lines += ["", _("Renewals:"), *periods]
    return lines
