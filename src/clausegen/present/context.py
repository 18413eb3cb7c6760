r"""The one context builder: a contract and its obligation become the plain dict templates see.

Everything a template prints is prepared here, in French typography ("1 543 heures",
"2 400 000,00 € HT", "5 %", "25 novembre 2026", "lots 1 à 3"), with the calculation of every
figure and the origin of every parameter, so that a company can check each number of the
tender file. No model object reaches a template: the result is made of ``str``, ``int``,
``bool``, ``list`` and ``dict`` only, in exactly the shape that
:data:`~clausegen.present.vocabulary.VOCABULARY` declares.

Texts are given as the contract writes them: they are cleaned once, where they enter the
documents, by the renderer (:func:`clausegen.render.sandbox.finalize` removes what XML forbids
and normalises line breaks, domain.md A7, for every value a template prints).

A run builds the context of a contract once (:func:`contract_context`) and only its
``document`` group for each document (:func:`document_context`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from clausegen import french
from clausegen.compute.hours import LotObligation, Obligation, compute_obligation
from clausegen.numbers import ONE_HUNDREDTH, round_half_up
from clausegen.present.commitments import charter_context, terms
from clausegen.present.vocabulary import VOCABULARY, shape_problems
from clausegen.resolve.parameters import Method, Parameter, Source
from clausegen.resolve.reference import INDICATIVE, ReferenceData, default_reference
from clausegen.review.charter import CharterReview, charter_review
from clausegen.validate.models import Contract, ContractKind, Facilitator, Mechanism
from clausegen.validate.terms import EligibilityCategory, Modality

_MECHANISM_LABELS = {
    Mechanism.EXECUTION_CONDITION: "condition d'exécution",
    Mechanism.AWARD_CRITERION: "condition d'exécution et critère d'attribution",
    Mechanism.RESERVED_SIAE: "marché réservé aux structures d'insertion par l'activité économique",
    Mechanism.RESERVED_EA_ESAT: (
        "marché réservé aux entreprises adaptées et aux établissements et services d'aide "
        "par le travail"
    ),
    Mechanism.INSERTION_SERVICE: (
        "marché de prestation d'insertion et de qualification professionnelle"
    ),
}

_SOURCE_LABELS = {
    Source.LOT: "valeur fixée pour ce lot",
    Source.CONTRACT: "valeur fixée pour le marché",
    Source.BUYER: "valeur retenue par l'acheteur",
}

_BUYER_ESTIMATE = "estimation de l'acheteur"


class DocumentDescription(Protocol):
    """What the context needs to know of the document being produced (a manifest entry)."""

    @property
    def id(self) -> str:
        """The template id, e.g. ``ccap``."""

    @property
    def title(self) -> str:
        """The French title of the document."""

    @property
    def destination(self) -> str:
        """The piece of the tender file the document belongs to."""


def _optional(value: str | None) -> str:
    return "" if value is None else value


def build_context(
    contract: Contract,
    obligation: Obligation | None = None,
    *,
    document: DocumentDescription | None = None,
    reference: ReferenceData | None = None,
    review: CharterReview | None = None,
) -> dict[str, Any]:
    """Build the whole vocabulary a template can use, for one contract and one document.

    Args:
        contract: a validated contract description.
        obligation: its computed obligation; computed here when not given.
        document: the manifest entry of the document being produced, for ``document.*``.
        reference: the reference tables (kind labels, defaults); clausegen's by default.
        review: the contract's charter review; made here when the buyer has a charter and
            none is given.

    Returns:
        A plain dict of str, int, bool, list and dict, shaped as ``VOCABULARY`` declares.

    Raises:
        ContractError: when the obligation has to be computed and cannot be.
    """
    obligation = obligation or compute_obligation(contract, reference=reference)
    if review is None:
        review = charter_review(contract, obligation)
    context = contract_context(contract, obligation, review=review, reference=reference)
    return document_context(context, document)


def document_context(
    context: dict[str, Any], document: DocumentDescription | None
) -> dict[str, Any]:
    """Return a contract's context for one document: only its ``document`` group differs."""
    return {**context, "document": _document(document)}


def _document(document: DocumentDescription | None) -> dict[str, str]:
    if document is None:
        return {"id": "", "title": "", "destination": ""}
    return {"id": document.id, "title": document.title, "destination": document.destination}


def contract_context(
    contract: Contract,
    obligation: Obligation,
    *,
    review: CharterReview | None,
    reference: ReferenceData | None = None,
) -> dict[str, Any]:
    """Build the context of a contract, the same for every document (``document`` empty).

    Args:
        contract: a validated contract description.
        obligation: its computed obligation.
        review: its charter review, None when its buyer has no charter.
        reference: the reference tables (kind labels, defaults); clausegen's by default.
    """
    reference = reference or default_reference()
    kind_label = reference.kinds[contract.kind].label
    has_charter, charter = charter_context(review)
    context: dict[str, Any] = {
        **_contract(contract, kind_label),
        "buyer": {
            "name": contract.buyer.name,
            "service": _optional(contract.buyer.service),
            "phone": _optional(contract.buyer.phone),
            "email": _optional(contract.buyer.email),
            "website": _optional(contract.buyer.website),
            "address": _optional(contract.buyer.address),
        },
        "has_facilitator": contract.effective_facilitator is not None,
        "facilitator": _facilitator(contract.effective_facilitator),
        "contact": _contact(contract),
        **_figures(obligation, kind_label),
        "categories": terms(EligibilityCategory),
        "modalities": terms(Modality),
        "has_charter": has_charter,
        "charter": charter,
        "document": _document(None),
    }
    problems = shape_problems(VOCABULARY, context)
    if problems:  # pragma: no cover - a programming error, caught by the tests
        message = "the context does not match the vocabulary: " + "; ".join(problems)
        raise RuntimeError(message)
    return context


def _contract(contract: Contract, kind_label: str) -> dict[str, Any]:
    """The contract's own fields: what it is, how the insertion is carried, when and where."""
    return {
        "reference": contract.reference,
        "title": contract.title,
        "kind": contract.kind.value,
        "kind_label": kind_label,
        "contract_label": f"marché de {kind_label}",
        "performance": "les travaux" if contract.kind is ContractKind.WORKS else "les prestations",
        "mechanism": contract.mechanism.value,
        "mechanism_label": _MECHANISM_LABELS[contract.mechanism],
        "reserved": contract.mechanism.is_reserved,
        "has_hours": not contract.mechanism.is_reserved,
        "criterion_weight": (
            ""
            if contract.insertion.criterion_weight is None
            else french.percent(contract.insertion.criterion_weight)
        ),
        "location": _optional(contract.location),
        "duration": (
            ""
            if contract.duration_months is None
            else f"{french.plain_number(contract.duration_months)}{french.NBSP}mois"
        ),
        "date": "" if contract.date is None else french.date(contract.date),
        "cpv": _optional(contract.cpv),
    }


def _figures(obligation: Obligation, kind_label: str) -> dict[str, Any]:
    """The lots and the figures of the obligation, each with how it was computed."""
    several = len(obligation.lots) > 1
    lots = [_lot(lot, obligation, several, kind_label) for lot in obligation.lots]
    penalties = {(lot["penalty"], lot["penalty_origin"]) for lot in lots}
    common_penalty = next(iter(penalties)) if len(penalties) == 1 else ("", "")
    return {
        "lots": lots,
        "lot_count": len(lots),
        "several_lots": several,
        "lot_numbers": french.lot_numbers([lot.number for lot in obligation.lots]),
        "total_hours": french.hours(obligation.total_insertion_hours),
        "total_hours_number": obligation.total_insertion_hours,
        "total_fte": french.number(obligation.total_fte, 1),
        "hours_per_fte": french.hours(obligation.hours_per_fte.value),
        "hours_per_fte_origin": _origin(obligation.hours_per_fte, kind_label),
        "penalty": common_penalty[0],
        "penalty_origin": common_penalty[1],
    }


def _facilitator(facilitator: Facilitator | None) -> dict[str, str]:
    if facilitator is None:
        return dict.fromkeys(("name", "organisation", "phone", "email", "address"), "")
    return {
        "name": _optional(facilitator.name),
        "organisation": _optional(facilitator.organisation),
        "phone": _optional(facilitator.phone),
        "email": _optional(facilitator.email),
        "address": _optional(facilitator.address),
    }


def _contact(contract: Contract) -> dict[str, str]:
    """The facilitator when one is named, the buyer's service otherwise (domain.md A3)."""
    if contract.effective_facilitator is not None:
        return {**_facilitator(contract.effective_facilitator), "website": ""}
    buyer = contract.buyer
    return {
        "name": _optional(buyer.service),
        "organisation": buyer.name,
        "phone": _optional(buyer.phone),
        "email": _optional(buyer.email),
        "address": _optional(buyer.address),
        "website": _optional(buyer.website),
    }


def _hours(value: Decimal) -> str:
    """Write a volume of hours with at most two decimals: "17 142,86 heures"."""
    return french.hours(round_half_up(value, ONE_HUNDREDTH))


def _origin(parameter: Parameter, kind_label: str, trade_label: str = "") -> str:
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


def _lot(
    lot: LotObligation,
    obligation: Obligation,
    several: bool,
    kind_label: str,
) -> dict[str, Any]:
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
        "penalty_origin": _origin(lot.penalty_per_missing_hour, kind_label),
        "note": _note(lot, obligation),
    }


def _staff_hours(lot: LotObligation, obligation: Obligation) -> Decimal:
    months = obligation.duration_months or Decimal(0)
    return (lot.transferable_staff_monthly_hours or Decimal(0)) * months


def _calculation(lot: LotObligation, obligation: Obligation) -> str:
    """Write the lot's whole calculation, from the inputs to the contractual figure."""
    assert lot.labour_hours is not None and lot.insertion_rate is not None  # noqa: S101
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
    if lot.insertion_hours_exact != lot.insertion_hours:
        result += f", soit {french.hours(lot.insertion_hours)} après arrondi à l'heure"
    if lot.method is not Method.CLEANING:
        return f"{volume} ; {labour} × {rate} = {result}"
    staff = _staff_hours(lot, obligation)
    monthly = french.hours(lot.transferable_staff_monthly_hours or Decimal(0))
    months = french.plain_number(obligation.duration_months or Decimal(0))
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

    def add(label: str, value: str, origin: str) -> None:
        rows.append({"label": label, "value": value, "origin": origin})

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
        add(
            "Part de main-d'œuvre",
            french.percent(lot.labour_share.value),
            _origin(lot.labour_share, kind_label, trade_label),
        )
        add(
            "Coût horaire moyen chargé",
            french.euros(lot.hourly_cost.value),
            _origin(lot.hourly_cost, kind_label, trade_label),
        )
    if lot.method is Method.CLEANING:
        add(
            "Personnel à reprendre",
            f"{french.hours(lot.transferable_staff_monthly_hours or Decimal(0))} par mois",
            "déclaré par l'acheteur (méthode de calcul de la branche de la propreté)",
        )
        add(
            "Durée du marché",
            f"{french.plain_number(obligation.duration_months or Decimal(0))}{french.NBSP}mois",
            "durée fixée pour le marché",
        )
    assert lot.insertion_rate is not None  # noqa: S101
    add(
        "Taux d'insertion",
        french.percent(lot.insertion_rate.value),
        _origin(lot.insertion_rate, kind_label, trade_label),
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
