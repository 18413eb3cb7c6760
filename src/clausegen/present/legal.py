"""The law as of 2026 in the template context: threshold, CCAG, penalties, personal data.

Every value is plain (text in French typography, bool, int, groups) and empty when the
contract does not give it; placeholders such as « [à compléter par l'acheteur] » are written
by the templates, never produced here (issue 12, variables.md § 3).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from clausegen import french
from clausegen.compute.hours import Obligation
from clausegen.compute.legal import ThresholdCheck
from clausegen.numbers import plain
from clausegen.resolve.legal import ccag_table
from clausegen.validate.basics import BuyerCategory, ContractKind
from clausegen.validate.clauses import CORE_PERSONAL_DATA, ExceptionCode, PenaltyCap
from clausegen.validate.models import Contract

__all__ = ["DEFAULT_ELIGIBILITY_MONTHS", "legal_context"]

#: clausegen's default eligibility duration, aligned on the PASS IAE; no text sets it.
DEFAULT_ELIGIBILITY_MONTHS = 24

_CATEGORY_LABELS = {
    BuyerCategory.STATE: "autorité publique centrale (État et ses établissements publics "
    "administratifs, notamment)",
    BuyerCategory.LOCAL: "autre pouvoir adjudicateur (collectivité territoriale, établissement "
    "public local, notamment)",
    BuyerCategory.NETWORK: "entité adjudicatrice (opérateur de réseau)",
}
_SCOPES = {
    "works": "marchés de travaux",
    BuyerCategory.STATE: "marchés de fournitures et de services des autorités publiques centrales",
    BuyerCategory.LOCAL: "marchés de fournitures et de services des autres pouvoirs adjudicateurs",
    BuyerCategory.NETWORK: "marchés de fournitures et de services des entités adjudicatrices",
}
_VALUE_BASES = {
    "declared": "valeur déclarée par l'acheteur",
    "lots": "somme des montants estimés des lots, tranches et reconductions comprises",
    "unknown": "non déterminée : le montant estimé d'au moins un lot n'est pas connu",
}
_EXCEPTIONS = {
    ExceptionCode.INSUFFICIENT_LINK: "absence de lien suffisant avec l'objet du marché",
    ExceptionCode.COMPETITION_OR_EXECUTION: "risque de restreindre la concurrence ou de rendre "
    "l'exécution du marché techniquement ou économiquement difficile",
    ExceptionCode.OTHER: "autre motif, exposé dans la justification",
}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def legal_context(contract: Contract, obligation: Obligation) -> dict[str, Any]:
    """The variables of issue 12 for one contract (variables.md § 3.1 and § 3.2)."""
    check = obligation.eu_threshold
    clause = contract.mechanism.is_clause
    lots_with_hours = [lot for lot in obligation.lots if lot.insertion_hours > 0]
    has_hours = not contract.mechanism.is_reserved and bool(lots_with_hours)
    without = [lot.number for lot in obligation.lots if lot.insertion_hours == 0]
    return {
        "is_clause": clause,
        "has_hours": has_hours,
        "has_lots_without_hours": has_hours and bool(without),
        "lots_without_hours_count": len(without) if has_hours else 0,
        "lots_without_hours_numbers": french.lot_numbers(without) if has_hours and without else "",
        "eu_threshold": _threshold(contract, check),
        "social_condition_required": check is not None and check.social_condition_required,
        "social_condition_exception": _exception(contract),
        "environmental": {
            "clause": _text(contract.environmental.clause),
            "criterion": _text(contract.environmental.criterion),
        },
        "ccag": _ccag(contract),
        "globalisation": contract.globalisation,
        **_penalties(contract),
        "personal_data": _personal_data(contract),
        "criterion": _criterion(contract),
        **_eligibility(contract),
    }


def _threshold(contract: Contract, check: ThresholdCheck | None) -> dict[str, Any]:
    category = contract.effective_buyer_category
    empty: dict[str, Any] = {
        "known": False,
        "estimated_value": "",
        "estimated_value_basis": "",
        "amount": "",
        "reached": False,
        "scope": "",
        "period": "",
        "buyer_category": "" if category is None else category.value,
        "buyer_category_label": "" if category is None else _CATEGORY_LABELS[category],
    }
    if check is None:
        return empty
    value = check.estimated.value
    threshold = check.threshold
    scope_key = "works" if contract.kind is ContractKind.WORKS else category
    return {
        **empty,
        "known": value is not None,
        "estimated_value": "" if value is None else french.euros(value),
        "estimated_value_basis": _VALUE_BASES[check.estimated.basis],
        "amount": "" if threshold is None else _whole_euros(threshold.amount),
        "reached": check.reached,
        "scope": "" if scope_key is None else _SCOPES[scope_key],
        "period": "" if threshold is None else " ".join(threshold.period.text.split()),
    }


def _whole_euros(amount: int) -> str:
    """« 216 000 € HT »: a threshold is written without cents."""
    return f"{french.plain_number(amount)}{french.NBSP}€{french.NBSP}HT"


def _exception(contract: Contract) -> dict[str, Any]:
    exception = contract.social_condition_exception
    if exception is None:
        return {"has": False, "code": "", "label": "", "justification": ""}
    return {
        "has": True,
        "code": exception.code.value,
        "label": _EXCEPTIONS[exception.code],
        "justification": exception.justification,
    }


def _ccag(contract: Contract) -> dict[str, Any]:
    code = contract.effective_ccag.value
    entry = ccag_table().get(code)
    fields = ("insertion_article", "cap_article", "contradictory_article", "derogations_article")
    if entry is None:
        return {"has": False, "code": "", "name": "", "title": "", **dict.fromkeys(fields, "")}
    return {
        "has": True,
        "code": code,
        "name": entry.name,
        "title": " ".join(entry.title.split()),
        **{field: getattr(entry, field) for field in fields},
    }


def _penalties(contract: Contract) -> dict[str, Any]:
    own, buyer = contract.insertion, contract.buyer.insertion
    cap = own.penalty_cap or buyer.penalty_cap
    late = own.late_report_penalty or buyer.late_report_penalty
    counts = own.counts_in_ccag_cap
    if counts is None and contract.effective_ccag.value != "none":
        counts = buyer.counts_in_ccag_cap
    return {
        "penalty_cap": _cap(cap),
        "late_report_penalty": "" if late is None else french.euros(late),
        "counts_in_ccag_cap": bool(counts),
    }


def _cap(cap: PenaltyCap | None) -> dict[str, Any]:
    if cap is None:
        return {"has": False, "kind": "", "percent": "", "amount": ""}
    if cap.percent is not None:
        return {
            "has": True,
            "kind": "percent",
            "percent": french.percent(cap.percent),
            "amount": "",
        }
    assert cap.amount is not None  # noqa: S101 - the model requires one of the two
    return {"has": True, "kind": "amount", "percent": "", "amount": french.euros(cap.amount)}


def _personal_data(contract: Contract) -> dict[str, Any]:
    data = contract.buyer.personal_data
    names = (*CORE_PERSONAL_DATA, "facilitator_role", "health_data_condition")
    if data is None:
        return {**dict.fromkeys(names, ""), "complete": False}
    values = {name: _text(getattr(data, name)) for name in names}
    role = data.facilitator_role
    values["facilitator_role"] = "" if role is None else role.value
    return {**values, "complete": all(values[name] for name in CORE_PERSONAL_DATA)}


def _criterion(contract: Contract) -> dict[str, Any]:
    empty = {
        "hours_share": "",
        "quality_share": "",
        "hours_weight": "",
        "quality_weight": "",
        "has_hours_part": False,
        "has_quality_part": False,
    }
    if contract.mechanism.value != "award_criterion":
        return empty
    scoring = contract.insertion.criterion_scoring
    hours = Decimal("0.5") if scoring is None else scoring.hours
    quality = Decimal("0.5") if scoring is None else scoring.quality
    weight = contract.insertion.criterion_weight

    def share(value: Decimal) -> str:
        return french.percent(value)

    return {
        "hours_share": share(hours),
        "quality_share": share(quality),
        "hours_weight": "" if weight is None else share(weight * hours),
        "quality_weight": "" if weight is None else share(weight * quality),
        "has_hours_part": hours > 0,
        "has_quality_part": quality > 0,
    }


def _eligibility(contract: Contract) -> dict[str, str]:
    own, buyer = contract.insertion.eligibility_months, contract.buyer.insertion.eligibility_months
    if own is not None:
        months, origin = own, "valeur fixée pour le marché"
    elif buyer is not None:
        months, origin = buyer, "valeur retenue par l'acheteur (profil d'acheteur)"
    else:
        months = DEFAULT_ELIGIBILITY_MONTHS
        origin = (
            "valeur par défaut de clausegen, alignée sur la durée de validité du PASS IAE "
            "(24 mois) ; aucun texte ne fixe la durée d'éligibilité des personnes au titre "
            "d'une clause d'insertion"
        )
    return {
        "eligibility_duration": f"{plain(Decimal(months))}{french.NBSP}mois",
        "eligibility_duration_origin": origin,
    }
