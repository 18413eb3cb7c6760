"""The template variables of a contract's form: framework, tranches, renewals (issue 13).

Values follow the conventions of the vocabulary: French texts in French typography, ``""``
for an optional value that is not given, never a missing key. :func:`form_context` gives the
contract-level variables, :func:`lot_form_context` those of one lot (``lots[]``), as
designed in ``variables.md`` § 3; the hours come computed (:mod:`clausegen.compute.hours`,
:mod:`clausegen.compute.forms`, where the one rounding rule is applied).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from clausegen import french
from clausegen.compute.forms import RATIO_BASE, PeriodHours, TrancheObligation
from clausegen.compute.hours import LotObligation, Obligation
from clausegen.numbers import ONE_HUNDREDTH, round_half_up
from clausegen.validate.models import Contract, Form

__all__ = ["FORM_LABELS", "form_context", "lot_form_context"]

#: How the documents name each form; a single contract is not named.
FORM_LABELS = {
    Form.SINGLE: "",
    Form.FRAMEWORK_ORDERS: "accord-cadre à bons de commande",
    Form.FRAMEWORK_SUBSEQUENT: ("accord-cadre exécuté par la conclusion de marchés subséquents"),
}

_COUNT_LABELS = (
    "une fois",
    "deux fois",
    "trois fois",
    "quatre fois",
    "cinq fois",
    "six fois",
    "sept fois",
    "huit fois",
    "neuf fois",
    "dix fois",
)

#: A framework lasting longer than this many months is checked year by year.
_CHECKPOINT_MONTHS = 12


def _months(value: Decimal | int) -> str:
    return f"{french.plain_number(value)}{french.NBSP}mois"


def _hours2(value: Decimal) -> str:
    """Hours with at most two decimals: "3 428,57 heures"."""
    return french.hours(round_half_up(value, ONE_HUNDREDTH))


def form_context(contract: Contract, obligation: Obligation) -> dict[str, Any]:
    """Return the contract-level variables of the form (§ 3.1 of the design)."""
    renewals = contract.renewals
    max_months = obligation.max_duration_months
    return {
        "form": contract.form.value,
        "form_label": FORM_LABELS[contract.form],
        "is_framework": contract.form.is_framework,
        "has_tranches": any(lot.tranches for lot in obligation.lots),
        "has_renewals": renewals is not None,
        "renewals": {
            "count": 0 if renewals is None else renewals.count,
            "count_label": "" if renewals is None else _COUNT_LABELS[renewals.count - 1],
            "months": "" if renewals is None else _months(renewals.months),
        },
        "max_duration": "" if renewals is None or max_months is None else _months(max_months),
        "yearly_checkpoint": contract.form.is_framework
        and max_months is not None
        and max_months > _CHECKPOINT_MONTHS,
    }


def lot_form_context(
    lot: LotObligation,
    contract: Contract,
    obligation: Obligation,  # noqa: ARG001 - the signature shared with issue 12's context
) -> dict[str, Any]:
    """Return the variables of one lot's form (§ 3.3 and § 3.4 of the design)."""
    framework = contract.form.is_framework
    periods = lot.periods
    return {
        "minimum_amount": "" if lot.minimum_amount is None else french.euros(lot.minimum_amount),
        "maximum_amount": "" if lot.maximum_amount is None else french.euros(lot.maximum_amount),
        "hours_per_1000": _ratio(lot.hours_per_1000) if framework else "",
        "hours_per_1000_calculation": _ratio_calculation(lot) if framework else "",
        "has_tranches": bool(lot.tranches),
        "tranches": [_tranche(lot, tranche) for tranche in lot.tranches],
        "period_hours": "" if periods is None else french.hours(periods.initial_hours),
        "renewal_hours": "" if periods is None else french.hours(periods.renewal_hours),
        "periods_calculation": "" if periods is None else _periods_calculation(lot, periods),
    }


def _ratio(ratio: Decimal | None) -> str:
    if ratio is None:
        return ""
    unit = "heure" if ratio < 2 else "heures"
    return f"{french.number(ratio, 3)}{french.NBSP}{unit}"


def _ratio_calculation(lot: LotObligation) -> str:
    if lot.hours_per_1000 is None or lot.estimated_amount is None:
        return ""
    base = french.plain_number(RATIO_BASE)
    return (
        f"{_hours2(lot.insertion_hours_exact)} ÷ {french.euros(lot.estimated_amount)} × {base} "
        f"= {_ratio(lot.hours_per_1000)} par tranche de {base}{french.NBSP}€{french.NBSP}HT "
        "(valeur arrondie au millième)"
    )


def _tranche_label(tranche: TrancheObligation) -> str:
    if not tranche.optional:
        return "Tranche ferme"
    return f"Tranche optionnelle n°{french.NBSP}{tranche.optional_number}"


def _tranche(lot: LotObligation, tranche: TrancheObligation) -> dict[str, Any]:
    return {
        "label": _tranche_label(tranche),
        "title": tranche.title or "",
        "optional": tranche.optional,
        "amount": ""
        if tranche.estimated_amount is None
        else french.euros(tranche.estimated_amount),
        "insertion_hours": french.hours(tranche.insertion_hours),
        "insertion_hours_number": tranche.insertion_hours,
        "has_hours": tranche.insertion_hours > 0,
        "calculation": _tranche_calculation(lot, tranche),
    }


def _tranche_calculation(lot: LotObligation, tranche: TrancheObligation) -> str:
    """The tranche's calculation, in the shape of a lot's."""
    assert lot.insertion_rate is not None  # noqa: S101 - a reserved lot has no tranche hours
    labour = _hours2(tranche.labour_hours)
    if tranche.estimated_amount is None or lot.labour_share is None:
        volume = f"volume de main-d'œuvre estimé : {labour}"
    else:
        volume = (
            f"{french.euros(tranche.estimated_amount)} × {french.percent(lot.labour_share.value)}"
            f" ÷ {french.euros(lot.hourly_cost.value)} par heure = {labour} de main-d'œuvre"
        )
    result = _hours2(tranche.insertion_hours_exact)
    if tranche.insertion_hours_exact != tranche.insertion_hours:
        result += f", soit {french.hours(tranche.insertion_hours)} après arrondi à l'heure"
    return f"{volume} ; {labour} × {french.percent(lot.insertion_rate.value)} = {result}"


def _periods_calculation(lot: LotObligation, periods: PeriodHours) -> str:
    exact = _hours2(lot.insertion_hours_exact)
    max_months = _months(periods.max_months)
    return (
        f"{exact} × {_months(periods.initial_months)} ÷ {max_months} = "
        f"{_hours2(periods.initial_hours_exact)}, soit {french.hours(periods.initial_hours)} "
        f"pour la période initiale ; {exact} × {_months(periods.renewal_months)} ÷ "
        f"{max_months} = {_hours2(periods.renewal_hours_exact)}, soit "
        f"{french.hours(periods.renewal_hours)} par période de reconduction ; total : "
        f"{french.hours(periods.initial_hours)} + {periods.renewal_count} × "
        f"{french.hours(periods.renewal_hours)} = {french.hours(periods.total)}"
    )
