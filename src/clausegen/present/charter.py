"""A contract's charter review worded for people (``clausegen charter``) and for tools (JSON)."""

from __future__ import annotations

from typing import Any

from clausegen.i18n import _
from clausegen.review.charter import CharterReview, Reason


def review_as_json(review: CharterReview) -> dict[str, Any]:
    """Return the review as the JSON document printed by ``clausegen charter --json``."""
    return {
        "reference": review.reference,
        "buyer": review.buyer,
        "profile": None if review.profile is None else str(review.profile),
        "charter": review.charter.title,
        "applied": [
            {
                "number": item.number,
                "title": item.title,
                "text": item.text,
                "reason": item.reason.value,
                "included": item.included,
                "evidence": [
                    {"sentence": e.sentence, "rule": e.rule, "condition": e.condition}
                    for e in item.evidence
                ],
            }
            for item in review.applied
        ],
        "not_applied": [
            {"number": item.number, "title": item.title, "reason": item.reason.value}
            for item in review.skipped
        ],
    }


def review_as_text(review: CharterReview, title: str) -> str:
    """Return the readable report of ``clausegen charter`` for the contract titled ``title``."""
    origin = f" ({review.profile})" if review.profile is not None else ""
    total = len(review.charter.commitments)
    lines = [
        f"{review.reference} — {title}",
        f"{review.charter.title} — {review.buyer}{origin}",
        "",
        _("Commitments this contract puts into practice ({applied} of {total}):").format(
            applied=len(review.applied), total=total
        ),
    ]
    for item in review.applied:
        lines.append(f"  {item.number}. {item.title}")
        for evidence in item.evidence:
            lines.append(f"     {evidence.sentence}")
            why = (
                _("rules[{rule}] matches: {condition}").format(
                    rule=evidence.rule, condition=evidence.condition
                )
                if evidence.rule is not None
                else evidence.condition
            )
            lines.append("       " + _("because {why}").format(why=why))
        if item.included and item.reason is Reason.RULE:
            lines.append("       " + _("(the contract also includes it: charter.include)"))
    if not review.applied:
        lines.append("  " + _("none"))
    if review.skipped:
        lines += ["", _("Not put into practice:")]
        lines += [
            "  "
            + _("{number}. {title}: {reason}").format(
                number=item.number,
                title=item.title,
                reason=_("excluded by the contract (charter.exclude)")
                if item.reason is Reason.EXCLUDED
                else _("no rule matches"),
            )
            for item in review.skipped
        ]
    return "\n".join(lines) + "\n"
