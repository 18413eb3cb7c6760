"""The part of the template context that tells the buyer's charter and the shared vocabulary.

Two lists that do not depend on the figures of a contract but must read the same everywhere:

* the eligible publics and the modalities, from :mod:`clausegen.validate.terms`,
  which the monitoring of realised hours reads too, so that the tender documents and the
  realised-hours files name a category or a modality in the same words;
* the buyer's charter of commitments, seen from the contract
  (:func:`~clausegen.review.charter.review_charter`): the commitments the contract puts
  into practice with their evidence sentences, and the whole charter for the appendix.

Everything is plain text, numbers, yes/no, dicts and lists; text from a profile or a
contract is given as written (the renderer cleans every value it prints).
"""

from __future__ import annotations

from typing import Any

from clausegen.review.charter import AppliedCommitment, CharterReview, Reason
from clausegen.validate.terms import EligibilityCategory, Modality

#: Why a commitment is put into practice, as the annex prints it.
BY_RULE = "Découle des caractéristiques du marché"
INCLUDED = "Retenu expressément pour ce marché"
BY_RULE_AND_INCLUDED = f"{BY_RULE} ; retenu aussi expressément pour ce marché"


def terms(kind: type[EligibilityCategory] | type[Modality]) -> list[dict[str, str | bool]]:
    """List the entries of the shared vocabulary, in its order, as templates loop over them."""
    return [
        {
            "code": code.value,
            "abbreviation": code.term.abbreviation,
            "short": code.term.short,
            "label": code.term.label,
            "proof": code.term.proof,
            "sensitive": code.term.sensitive,
        }
        for code in kind
    ]


def reason(commitment: AppliedCommitment) -> str:
    """Say in French why the contract puts the commitment into practice."""
    if commitment.reason is Reason.INCLUDED:
        return INCLUDED
    return BY_RULE_AND_INCLUDED if commitment.included else BY_RULE


def charter_context(review: CharterReview | None) -> tuple[bool, dict[str, Any]]:
    """Return ``has_charter`` and the ``charter`` group of the context.

    A buyer without a charter (no review) gives ``False`` and a group of empty values (the
    shape stays the same for every contract); the document that needs the charter is then
    not produced (see :func:`clausegen.write.run.render_run`), never rendered empty.

    Args:
        review: the contract's charter review, None when its buyer has no charter.
    """
    if review is None:
        empty: dict[str, Any] = {
            "title": "",
            "commitment_count": 0,
            "applied": [],
            "applied_count": 0,
            "has_applied": False,
            "commitments": [],
        }
        return False, empty
    applied_numbers = {item.number for item in review.applied}
    applied = [
        {
            "number": item.number,
            "title": item.title,
            "text": item.text,
            "evidence": [{"sentence": sentence} for sentence in item.sentences],
            "by_rule": item.reason is Reason.RULE,
            "included": item.included,
            "reason": reason(item),
        }
        for item in review.applied
    ]
    commitments = [
        {
            "number": commitment.number,
            "title": commitment.title,
            "text": commitment.text,
            "applied": commitment.number in applied_numbers,
        }
        for commitment in review.charter.commitments
    ]
    return True, {
        "title": review.charter.title,
        "commitment_count": len(commitments),
        "applied": applied,
        "applied_count": len(applied),
        "has_applied": bool(applied),
        "commitments": commitments,
    }
