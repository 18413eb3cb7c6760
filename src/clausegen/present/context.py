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

from typing import Any, Protocol

from clausegen import french
from clausegen.compute.hours import Obligation, compute_obligation
from clausegen.present.commitments import charter_context, terms
from clausegen.present.forms import form_context, lot_form_context
from clausegen.present.legal import legal_context
from clausegen.present.lots import lot_context, origin_of
from clausegen.present.vocabulary import VOCABULARY, shape_problems
from clausegen.resolve.loading import ContractSource, load_contract
from clausegen.resolve.reference import ReferenceData, default_reference
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
    Mechanism.RESERVED_JOINT: (
        "marché réservé à la fois aux entreprises adaptées et aux établissements et services "
        "d'aide par le travail et aux structures d'insertion par l'activité économique"
    ),
}


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
    contract: ContractSource,
    obligation: Obligation | None = None,
    *,
    document: DocumentDescription | None = None,
    reference: ReferenceData | None = None,
    review: CharterReview | None = None,
) -> dict[str, Any]:
    """Build the whole vocabulary a template can use, for one contract and one document.

    Args:
        contract: a validated contract description, or a path (``"-"`` for standard
            input) or a mapping, loaded as :func:`~clausegen.resolve.loading.load_contract`
            does (a mapping's profile path is refused: load it with ``base_dir`` first).
        obligation: its computed obligation; computed here when not given.
        document: the manifest entry of the document being produced, for ``document.*``.
        reference: the reference tables (kind labels, defaults); clausegen's by default.
        review: the contract's charter review; made here when the buyer has a charter and
            none is given.

    Returns:
        A plain dict of str, int, bool, list and dict, shaped as ``VOCABULARY`` declares.

    Raises:
        ContractError: when the contract is invalid, or the obligation has to be computed
            and cannot be.
    """
    if not isinstance(contract, Contract):
        contract = load_contract(contract, reference=reference)
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
        contract: a validated contract description, or a path (``"-"`` for standard
            input) or a mapping, loaded as :func:`~clausegen.resolve.loading.load_contract`
            does (a mapping's profile path is refused: load it with ``base_dir`` first).
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
        **_figures(contract, obligation, kind_label),
        **legal_context(contract, obligation),
        **form_context(contract, obligation),
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


def _figures(contract: Contract, obligation: Obligation, kind_label: str) -> dict[str, Any]:
    """The lots and the figures of the obligation, each with how it was computed."""
    several = len(obligation.lots) > 1
    lots = [
        {
            **lot_context(lot, obligation, several, kind_label),
            **lot_form_context(lot, contract, obligation),
        }
        for lot in obligation.lots
    ]
    # NOTE: a lot without hours has no penalty to pay: it does not break a common penalty.
    with_hours = [lot for lot in lots if lot["has_hours"]] or lots
    penalties = {
        (lot["penalty"], lot["penalty_origin"], lot["penalty_basis"]) for lot in with_hours
    }
    common_penalty = next(iter(penalties)) if len(penalties) == 1 else ("", "", "")
    return {
        "lots": lots,
        "lot_count": len(lots),
        "several_lots": several,
        "lot_numbers": french.lot_numbers([lot.number for lot in obligation.lots]),
        "total_hours": french.hours(obligation.total_insertion_hours),
        "total_hours_number": obligation.total_insertion_hours,
        "total_fte": french.number(obligation.total_fte, 1),
        "hours_per_fte": french.hours(obligation.hours_per_fte.value),
        "hours_per_fte_origin": origin_of(obligation.hours_per_fte, kind_label),
        "penalty": common_penalty[0],
        "penalty_origin": common_penalty[1],
        "penalty_basis": common_penalty[2],
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
