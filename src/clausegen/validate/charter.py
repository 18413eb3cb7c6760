"""A buyer's charter of commitments, and which of them a contract puts into practice.

A charter is data in the buyer's profile: each commitment has a number, a short title, its
full text and *rules*. A rule is a condition on a closed set of contract facts (``when``,
see :mod:`clausegen.validate.conditions`) and the evidence sentence to print when it holds,
in French, with placeholders from a closed set (``{heures}``, ``{lots_insertion}``…, see
:mod:`clausegen.validate.sentences`). The language is deliberately small, with no code and
no templates, so that a profile can be checked completely (:func:`charter_problems`) before
any contract uses it. A contract may also name commitments to add (``charter.include``) or
remove (``charter.exclude``) whatever the rules say.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from clausegen.errors import ContractError, NoCharterError, Problem, ProfileError
from clausegen.paths import PathPart, format_path
from clausegen.validate.conditions import (
    Condition,
    condition_problems,
    describe,
    holds,
    required_facts,
)
from clausegen.validate.fields import CommitmentNumber, LongText, Text
from clausegen.validate.models import LIST_LENGTH, _Model
from clausegen.validate.sentences import contract_facts, fill_sentence, sentence_problems

if TYPE_CHECKING:
    from clausegen.compute.hours import Obligation
    from clausegen.validate.models import Contract

#: Printed for a commitment that the contract includes while none of its rules match and
#: the commitment gives no ``evidence`` of its own.
GENERIC_EVIDENCE = "Engagement retenu par l'acheteur pour ce marché"


class CommitmentRule(_Model):
    """When a contract puts the commitment into practice, and the sentence that shows how."""

    when: Condition
    evidence: LongText = Field(description="French sentence; placeholders such as {heures}.")


class Commitment(_Model):
    """One commitment of the charter."""

    number: CommitmentNumber
    title: Text = Field(description="Short title, e.g. « Clauses d'insertion ».")
    text: LongText = Field(description="The commitment's full text, as the charter words it.")
    rules: list[CommitmentRule] = Field(default_factory=list, max_length=LIST_LENGTH)
    evidence: LongText | None = Field(
        default=None,
        description="Sentence printed when a contract includes the commitment (charter."
        "include) and no rule matches; without it a generic sentence is printed.",
    )


class Charter(_Model):
    """The buyer's responsible-procurement charter."""

    title: Text = Field(description="e.g. « Charte de la commande publique responsable ».")
    commitments: list[Commitment] = Field(min_length=1, max_length=LIST_LENGTH)


def charter_problems(charter: Charter, at: tuple[PathPart, ...] = ()) -> list[Problem]:
    """Find what pydantic cannot see in a charter: everything a contract could trip over.

    Checks that commitment numbers are unique, that every condition tests something and
    can match, and that every evidence sentence reads (closed set of placeholders, braces
    paired) and only uses placeholders whose value exists whenever its rule matches.

    Args:
        charter: the charter to check.
        at: the field path of the charter in its file, e.g. ``("charter",)``.

    Returns:
        The problems, with field paths such as ``charter.commitments[2].rules[0].evidence``.
    """
    problems: list[Problem] = []
    first: dict[int, int] = {}
    for index, commitment in enumerate(charter.commitments):
        where: tuple[PathPart, ...] = (*at, "commitments", index)
        if commitment.number in first:
            problems.append(
                Problem(
                    path=format_path((*where, "number")),
                    message=f"commitment number {commitment.number} is already used by "
                    f"{format_path((*at, 'commitments', first[commitment.number]))}",
                )
            )
        else:
            first[commitment.number] = index
        for position, rule in enumerate(commitment.rules):
            rule_path = (*where, "rules", position)
            problems += condition_problems(rule.when, (*rule_path, "when"))
            problems += sentence_problems(
                rule.evidence, (*rule_path, "evidence"), required_facts(rule.when)
            )
        if commitment.evidence is not None:
            problems += sentence_problems(commitment.evidence, (*where, "evidence"), None)
    return problems


def override_problems(contract: Contract) -> list[Problem]:
    """Check the contract's ``charter.include`` and ``charter.exclude`` against its buyer.

    Returns:
        Problems with contract field paths: a number that the charter does not have, a
        number listed twice or both included and excluded, or an override without a charter.
    """
    override = contract.charter
    if not override.include and not override.exclude:
        return []
    charter = contract.buyer.charter
    if charter is None:
        return [
            Problem(
                path="charter",
                message="the buyer has no charter, so there is no commitment to include or exclude",
            )
        ]
    known = [commitment.number for commitment in charter.commitments]
    problems = []
    seen: dict[int, str] = {}
    for name in ("include", "exclude"):
        for index, number in enumerate(getattr(override, name)):
            path = f"charter.{name}[{index}]"
            if number not in known:
                message = (
                    f"the buyer's charter has no commitment {number} (it has {_ranges(known)})"
                )
            elif number in seen and seen[number].startswith(f"charter.{name}["):
                message = f"commitment {number} is already listed at {seen[number]}"
            elif number in seen:
                message = (
                    f"commitment {number} is also listed at {seen[number]}: it cannot be both "
                    "included and excluded"
                )
            else:
                seen[number] = path
                continue
            problems.append(Problem(path=path, message=message))
    return problems


def _ranges(numbers: Sequence[int]) -> str:
    """Write commitment numbers for messages: "1 to 11", "1, 2, 5 and 8"."""
    runs: list[list[int]] = []
    for value in sorted(set(numbers)):
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    parts: list[str] = []
    for run in runs:
        parts += [f"{run[0]} to {run[-1]}"] if len(run) > 2 else [str(value) for value in run]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --- which commitments a contract puts into practice -----------------------------------------


class Reason(enum.StrEnum):
    """Why a commitment is, or is not, put into practice by a contract."""

    RULE = "rule"
    """At least one of its rules matches the contract."""
    INCLUDED = "included"
    """No rule matches, but the contract lists it in ``charter.include``."""
    EXCLUDED = "excluded"
    """The contract lists it in ``charter.exclude`` (whatever the rules say)."""
    NO_RULE = "no_rule"
    """None of its rules matches and the contract does not include it."""


@dataclass(frozen=True)
class Evidence:
    """How the contract puts a commitment into practice, in one French sentence.

    Attributes:
        sentence: the filled evidence sentence, ready to print (French typography, with
            no-break spaces), e.g. "Clause d'insertion de 1 947 heures sur les lots 1 à 5".
        rule: the position of the matching rule in the commitment's ``rules`` (from 0), or
            None for the sentence of an explicitly included commitment.
        condition: why, in English: the matching rule's condition in words, or
            "the contract includes it (charter.include)".
    """

    sentence: str
    rule: int | None
    condition: str


@dataclass(frozen=True)
class AppliedCommitment:
    """A commitment of the buyer's charter that the contract puts into practice.

    Attributes:
        number: the commitment's number in the charter.
        title: its short title, as the profile writes it.
        text: its full text, as the profile writes it.
        reason: RULE (at least one rule matches) or INCLUDED (``charter.include`` only).
        included: whether the contract lists it in ``charter.include`` (also when a rule
            matches).
        evidence: one entry per matching rule, in the rules' order; exactly one (the
            commitment's ``evidence`` or :data:`GENERIC_EVIDENCE`) when reason is INCLUDED.
    """

    number: int
    title: str
    text: str
    reason: Reason
    included: bool
    evidence: tuple[Evidence, ...]

    @property
    def sentences(self) -> tuple[str, ...]:
        """The evidence sentences alone."""
        return tuple(item.sentence for item in self.evidence)


@dataclass(frozen=True)
class SkippedCommitment:
    """A commitment of the charter that the contract does not put into practice.

    Attributes:
        reason: EXCLUDED (``charter.exclude``) or NO_RULE (no rule matches).
    """

    number: int
    title: str
    text: str
    reason: Reason


@dataclass(frozen=True)
class CharterReview:
    """The buyer's whole charter, seen from one contract.

    Attributes:
        reference: the contract's reference.
        buyer: the buyer's name.
        profile: the profile file the charter comes from, None when the contract writes it.
        charter: the whole charter (title and commitments, in the buyer's order), e.g. for
            an appendix.
        applied: the commitments the contract puts into practice, in the charter's order.
        skipped: the other commitments, in the charter's order.
    """

    reference: str
    buyer: str
    profile: Path | None
    charter: Charter
    applied: tuple[AppliedCommitment, ...]
    skipped: tuple[SkippedCommitment, ...]


def review_charter(contract: Contract, obligation: Obligation) -> CharterReview:
    """Say, for every commitment of the buyer's charter, whether and how the contract applies it.

    A commitment applies when one of its rules matches the contract's facts, or when the
    contract includes it; ``charter.exclude`` wins over both.

    Args:
        contract: a validated contract (from :func:`~clausegen.load_contract`).
        obligation: its hour obligation (from :func:`~clausegen.compute_obligation`).

    Raises:
        NoCharterError: when the buyer has no charter (an empty annex would mislead).
        ProfileError: when the charter of the buyer's profile is inconsistent (only for
            contracts built without the loader, which checks it).
        ContractError: when ``charter.include``/``exclude`` name commitments the charter
            does not have, or the contract's own charter is inconsistent.
    """
    source = str(contract.source) if contract.source is not None else "<contract>"
    buyer = contract.buyer
    charter = buyer.charter
    if charter is None:
        raise NoCharterError(source=source, buyer=buyer.name, profile=buyer.profile)
    if buyer.profile is not None:
        problems = charter_problems(charter, ("charter",))
        if problems:
            raise ProfileError(source=buyer.profile, problems=problems)
    problems = charter_problems(charter, ("buyer", "charter")) if buyer.profile is None else []
    problems += override_problems(contract)
    if problems:
        raise ContractError(source=source, problems=problems)

    facts = contract_facts(contract, obligation)
    include, exclude = set(contract.charter.include), set(contract.charter.exclude)
    applied: list[AppliedCommitment] = []
    skipped: list[SkippedCommitment] = []
    for commitment in charter.commitments:
        number, title, text = commitment.number, commitment.title, commitment.text
        if number in exclude:
            skipped.append(SkippedCommitment(number, title, text, Reason.EXCLUDED))
            continue
        evidence = [
            Evidence(fill_sentence(rule.evidence, facts), position, describe(rule.when))
            for position, rule in enumerate(commitment.rules)
            if holds(rule.when, facts)
        ]
        reason = Reason.RULE
        if not evidence and number in include:
            reason = Reason.INCLUDED
            sentence = fill_sentence(commitment.evidence or GENERIC_EVIDENCE, facts)
            evidence = [Evidence(sentence, None, "the contract includes it (charter.include)")]
        if evidence:
            applied.append(
                AppliedCommitment(number, title, text, reason, number in include, tuple(evidence))
            )
        else:
            skipped.append(SkippedCommitment(number, title, text, Reason.NO_RULE))
    return CharterReview(
        reference=contract.reference,
        buyer=buyer.name,
        profile=buyer.profile,
        charter=charter,
        applied=tuple(applied),
        skipped=tuple(skipped),
    )


def applied_commitments(contract: Contract, obligation: Obligation) -> list[AppliedCommitment]:
    """Return the commitments of the buyer's charter that the contract puts into practice.

    The same as ``review_charter(contract, obligation).applied``: in the charter's order,
    each with its evidence sentences and why it applies. It may be empty when the buyer has
    a charter but the contract applies none of it; it never is because of a missing charter.

    Raises:
        NoCharterError: when the buyer has no charter.
        ContractError: see :func:`review_charter`.
    """
    return list(review_charter(contract, obligation).applied)


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
        f"Commitments this contract puts into practice ({len(review.applied)} of {total}):",
    ]
    for item in review.applied:
        lines.append(f"  {item.number}. {item.title}")
        for evidence in item.evidence:
            lines.append(f"     {evidence.sentence}")
            why = (
                f"rules[{evidence.rule}] matches: {evidence.condition}"
                if evidence.rule is not None
                else evidence.condition
            )
            lines.append(f"       because {why}")
        if item.included and item.reason is Reason.RULE:
            lines.append("       (the contract also includes it: charter.include)")
    if not review.applied:
        lines.append("  none")
    if review.skipped:
        lines += ["", "Not put into practice:"]
        lines += [
            f"  {item.number}. {item.title}: "
            + (
                "excluded by the contract (charter.exclude)"
                if item.reason is Reason.EXCLUDED
                else "no rule matches"
            )
            for item in review.skipped
        ]
    return "\n".join(lines) + "\n"
