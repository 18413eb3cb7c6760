"""The lots of the template context: each figure with its calculation and the origin of its inputs.

So that a company can check each number of the tender file, every lot gives its whole
calculation, from the inputs to the contractual figure, and where each input comes from
(the lot, the contract, the buyer, a trade preset or a default, with its published source).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from clausegen import french
from clausegen.compute.hours import LotObligation, Obligation
from clausegen.numbers import ONE_HUNDREDTH, round_half_up
from clausegen.resolve.parameters import Method, Parameter, Source
from clausegen.resolve.reference import INDICATIVE

_SOURCE_LABELS = {
    Source.LOT: "valeur fixée pour ce lot",
    Source.CONTRACT: "valeur fixée pour le marché",
    Source.BUYER: "valeur retenue par l'acheteur",
}

_BUYER_ESTIMATE = "estimation de l'acheteur"


def _hours(value: Decimal) -> str:
    """Write a volume of hours with at most two decimals: "17 142,86 heures"."""
    return french.hours(round_half_up(value, ONE_HUNDREDTH))


def origin_of(parameter: Parameter, kind_label: str, trade_label: str = "") -> str:
    """Say in French where a parameter's value comes from, with its published source."""
    if parameter.source in _SOURCE_LABELS:
        return _SOURCE_LABELS[parameter.source]
    if parameter.detail == "hourly_cost":
        return "valeur égale au coût horaire moyen retenu pour le calcul des heures"
    origin = parameter.origin
    if parameter.source is Source.PRESET:
        trade = f"du métier « {trade_label or parameter.detail} »"
        value = f"valeur de référence {trade}"
        indicative = f"valeur indicative {trade}, sans source publiée"
    elif parameter.detail:
        value = f"valeur par défaut des marchés de {kind_label}"
        indicative = f"{value}, indicative et sans source publiée"
    else:
        return f"valeur par défaut : {origin}" if origin else "valeur par défaut"
    if not origin:
        return value
    if origin.startswith(INDICATIVE):
        # NOTE: "à valider avec le facilitateur" is advice to the buyer (a warning says it);
        # the tender documents state what the value is: indicative, without a published source.
        remark = origin.removeprefix(INDICATIVE).strip(" ()")
        return f"{indicative} ({remark})" if remark else indicative
    return f"{value} (source : {origin})"


_BASIS_LABELS = {
    Source.LOT: "valeur fixée pour ce lot",
    Source.CONTRACT: "valeur fixée pour le marché",
    Source.BUYER: "valeur retenue par l'acheteur pour ses marchés",
}
_PRESET_BASIS = {
    "labour_share": "part de main-d'œuvre de référence",
    "hourly_cost": "coût horaire de référence",
    "rate": "taux de référence",
}
_KIND_BASIS = {
    "hourly_cost": "coût horaire moyen de référence",
    "rate": "taux d'insertion de référence",
}
PENALTY_BASIS = "égale au coût horaire moyen retenu pour le calcul des heures"


def basis_of(parameter: Parameter, what: str, kind_label: str, trade_label: str = "") -> str:
    """Say on what basis the buyer retained a value, as a contract document may print it.

    Unlike :func:`origin_of`, the basis never names a source or says « indicative »: the
    provenance belongs to the calculation note, not to a contract document (issue 12).

    Args:
        parameter: the resolved parameter.
        what: ``labour_share``, ``hourly_cost``, ``rate`` or ``penalty``.
        kind_label: the contract kind in French.
        trade_label: the lot's trade in French, for a trade preset.
    """
    if parameter.source in _BASIS_LABELS:
        return _BASIS_LABELS[parameter.source]
    if parameter.detail == "hourly_cost" or what == "penalty":
        return PENALTY_BASIS
    if parameter.source is Source.PRESET:
        label = _PRESET_BASIS.get(what, "valeur de référence")
        return f"{label} du métier « {trade_label or parameter.detail} »"
    label = _KIND_BASIS.get(what, "valeur de référence")
    return f"{label} des marchés de {kind_label}"


def lot_context(
    lot: LotObligation,
    obligation: Obligation,
    several: bool,
    kind_label: str,
) -> dict[str, Any]:
    """Return one lot of the context; ``several`` says whether the contract has other lots."""
    trade_label = lot.trade.label if lot.trade is not None else (lot.trade_key or "")
    reserved = lot.method is Method.RESERVED
    share = lot.labour_share
    rate = lot.insertion_rate
    return {
        "number": lot.number,
        "title": lot.title,
        "label": f"Lot {lot.number} – {lot.title}" if several else lot.title,
        "trade": trade_label,
        "method": lot.method.value,
        "estimated_amount": (
            "" if lot.estimated_amount is None else french.euros(lot.estimated_amount)
        ),
        "labour_share": "" if share is None else french.percent(share.value),
        "hourly_cost": french.euros(lot.hourly_cost.value),
        "insertion_rate": "" if rate is None else french.percent(rate.value),
        "labour_hours": "" if lot.labour_hours is None else _hours(lot.labour_hours),
        "insertion_hours": "" if reserved else french.hours(lot.insertion_hours),
        "insertion_hours_number": lot.insertion_hours,
        "has_hours": not reserved and lot.insertion_hours > 0,
        "fte": french.number(lot.fte, 1),
        "calculation": "" if reserved else _calculation(lot, obligation),
        "parameters": [] if reserved else _parameters(lot, obligation, kind_label, trade_label),
        "penalty": french.euros(lot.penalty_per_missing_hour.value),
        "penalty_origin": origin_of(lot.penalty_per_missing_hour, kind_label),
        "penalty_basis": basis_of(lot.penalty_per_missing_hour, "penalty", kind_label),
        "note": _note(lot, obligation),
    }


def _staff_hours(lot: LotObligation, obligation: Obligation) -> Decimal:
    months = obligation.max_duration_months or Decimal(0)
    return (lot.transferable_staff_monthly_hours or Decimal(0)) * months


def _calculation(lot: LotObligation, obligation: Obligation) -> str:
    """Write the lot's whole calculation, from the inputs to the contractual figure."""
    assert lot.labour_hours is not None and lot.insertion_rate is not None  # noqa: S101
    if lot.tranches:
        parts = " + ".join(french.hours(tranche.insertion_hours) for tranche in lot.tranches)
        return f"somme des tranches : {parts} = {french.hours(lot.insertion_hours)}"
    labour = _hours(lot.labour_hours)
    rate = french.percent(lot.insertion_rate.value)
    basis = lot.amount_basis()
    if basis is None:
        volume = f"volume de main-d'œuvre estimé : {labour}"
    else:
        amount, share = basis
        volume = (
            f"{french.euros(amount)} × {french.percent(share.value)} "
            f"÷ {french.euros(lot.hourly_cost.value)} par heure = {labour} de main-d'œuvre"
        )
    result = f"{_hours(lot.insertion_hours_exact)}"
    if lot.periods is not None:
        result += (
            f" sur la durée maximale, soit {french.hours(lot.insertion_hours)} après arrondi "
            "à l'heure des heures de chaque période"
        )
    elif lot.insertion_hours_exact != lot.insertion_hours:
        result += f", soit {french.hours(lot.insertion_hours)} après arrondi à l'heure"
    if lot.method is not Method.CLEANING:
        return f"{volume} ; {labour} × {rate} = {result}"
    staff = _staff_hours(lot, obligation)
    monthly = french.hours(lot.transferable_staff_monthly_hours or Decimal(0))
    months = french.plain_number(obligation.max_duration_months or Decimal(0))
    netting = (
        f"{volume}, dont {monthly} par mois × {months}{french.NBSP}mois = {_hours(staff)} "
        "de personnel à reprendre"
    )
    difference = f"({labour} − {_hours(staff)}) × {rate}"
    if lot.staff_weighting is not None and lot.staff_weighting <= 0:
        return f"{netting} ; {difference} est nul ou négatif, d'où {french.hours(0)}"
    return f"{netting} ; {difference} = {result}"


def _parameters(
    lot: LotObligation, obligation: Obligation, kind_label: str, trade_label: str
) -> list[dict[str, str]]:
    """List the inputs of the lot's calculation, each with its value and origin."""
    rows: list[dict[str, str]] = []

    def add(label: str, value: str, origin: str, basis: str = "") -> None:
        rows.append({"label": label, "value": value, "origin": origin, "basis": basis or origin})

    def sourced(label: str, value: str, parameter: Parameter, what: str) -> None:
        add(
            label,
            value,
            origin_of(parameter, kind_label, trade_label),
            basis_of(parameter, what, kind_label, trade_label),
        )

    by_volume = lot.labour_hours_given or lot.labour_share is None
    if lot.estimated_amount is not None:
        origin = _BUYER_ESTIMATE
        if by_volume:
            origin += " ; le volume de main-d'œuvre estimé est retenu pour le calcul"
        add("Montant estimé", french.euros(lot.estimated_amount), origin)
    if by_volume:
        assert lot.labour_hours is not None  # noqa: S101 - only reserved lots have none
        add("Volume de main-d'œuvre estimé", _hours(lot.labour_hours), _BUYER_ESTIMATE)
    else:
        assert lot.labour_share is not None  # noqa: S101
        sourced(
            "Part de main-d'œuvre",
            french.percent(lot.labour_share.value),
            lot.labour_share,
            "labour_share",
        )
        sourced(
            "Coût horaire moyen chargé",
            french.euros(lot.hourly_cost.value),
            lot.hourly_cost,
            "hourly_cost",
        )
    if lot.method is Method.CLEANING:
        add(
            "Personnel à reprendre",
            f"{french.hours(lot.transferable_staff_monthly_hours or Decimal(0))} par mois",
            "déclaré par l'acheteur (méthode de calcul de la branche de la propreté)",
        )
        add(
            "Durée du marché",
            f"{french.plain_number(obligation.max_duration_months or Decimal(0))}{french.NBSP}mois",
            "durée fixée pour le marché",
        )
    assert lot.insertion_rate is not None  # noqa: S101
    sourced(
        "Taux d'insertion", french.percent(lot.insertion_rate.value), lot.insertion_rate, "rate"
    )
    return rows


def _note(lot: LotObligation, obligation: Obligation) -> str:
    weighting = lot.staff_weighting
    if lot.method is not Method.CLEANING or weighting is None or weighting > 0:
        return ""
    assert lot.labour_hours is not None  # noqa: S101 - a cleaning lot has a volume
    return (
        "Aucune heure d'insertion n'est exigée sur ce lot : les heures du personnel à "
        f"reprendre ({_hours(_staff_hours(lot, obligation))}) atteignent ou dépassent "
        f"son volume de main-d'œuvre ({_hours(lot.labour_hours)})."
    )
