"""The part of the template context that tells the buyer's charter and the shared vocabulary.

Two lists that do not depend on the figures of a contract but must read the same everywhere:

* the eligible publics and the modalities, from :mod:`clausegen.validate.terms`,
  which the monitoring of realised hours reads too, so that the tender documents and the
  realised-hours files name a category or a modality in the same words;
* the buyer's charter of commitments, seen from the contract
  (:func:`~clausegen.validate.charter.review_charter`): the commitments the contract puts
  into practice with their evidence sentences, and the whole charter for the appendix.

Everything is plain text, numbers, yes/no, dicts and lists, and text from a profile or a
contract is cleaned like every other value of the context.
"""

from __future__ import annotations

from typing import Any

from clausegen.compute.hours import Obligation
from clausegen.render.cleaning import clean_text
from clausegen.validate.charter import AppliedCommitment, Reason, review_charter
from clausegen.validate.models import Contract
from clausegen.validate.terms import EligibilityCategory, Modality

#: Why a commitment is put into practice, as the annex prints it.
BY_RULE = "Découle des caractéristiques du marché"
INCLUDED = "Retenu expressément pour ce marché"
BY_RULE_AND_INCLUDED = f"{BY_RULE} ; retenu aussi expressément pour ce marché"


def terms(kind: type[EligibilityCategory] | type[Modality]) -> list[dict[str, str]]:
    """List the entries of the shared vocabulary, in its order, as templates loop over them."""
    return [
        {
            "code": code.value,
            "abbreviation": code.term.abbreviation,
            "short": code.term.short,
            "label": code.term.label,
        }
        for code in kind
    ]


def reason(commitment: AppliedCommitment) -> str:
    """Say in French why the contract puts the commitment into practice."""
    if commitment.reason is Reason.INCLUDED:
        return INCLUDED
    return BY_RULE_AND_INCLUDED if commitment.included else BY_RULE


def charter_context(contract: Contract, obligation: Obligation) -> tuple[bool, dict[str, Any]]:
    """Return ``has_charter`` and the ``charter`` group of the context.

    A buyer without a charter gives ``False`` and a group of empty values (the shape stays
    the same for every contract); the document that needs the charter is then not produced
    (see :func:`clausegen.write.run.render_run`), never rendered empty.

    Args:
        contract: a validated contract.
        obligation: its obligation, whose figures fill the evidence sentences.

    Raises:
        ContractError: when the contract's ``charter.include``/``exclude`` do not fit the
            charter (only for contracts not read by the loader, which checks it).
    """
    if contract.buyer.charter is None:
        empty: dict[str, Any] = {
            "title": "",
            "commitment_count": 0,
            "applied": [],
            "applied_count": 0,
            "has_applied": False,
            "commitments": [],
        }
        return False, empty
    review = review_charter(contract, obligation)
    applied_numbers = {item.number for item in review.applied}
    applied = [
        {
            "number": item.number,
            "title": clean_text(item.title),
            "text": clean_text(item.text),
            "evidence": [{"sentence": clean_text(sentence)} for sentence in item.sentences],
            "by_rule": item.reason is Reason.RULE,
            "included": item.included,
            "reason": reason(item),
        }
        for item in review.applied
    ]
    commitments = [
        {
            "number": commitment.number,
            "title": clean_text(commitment.title),
            "text": clean_text(commitment.text),
            "applied": commitment.number in applied_numbers,
        }
        for commitment in review.charter.commitments
    ]
    return True, {
        "title": clean_text(review.charter.title),
        "commitment_count": len(commitments),
        "applied": applied,
        "applied_count": len(applied),
        "has_applied": bool(applied),
        "commitments": commitments,
    }
