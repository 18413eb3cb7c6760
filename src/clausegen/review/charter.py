"""Which commitments of a buyer's charter a contract puts into practice, and why.

A commitment applies when one of its rules matches the contract's facts
(:mod:`clausegen.review.evidence`, :mod:`clausegen.review.conditions`), or when the contract
includes it; ``charter.exclude`` wins over both.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from clausegen.compute.hours import Obligation
from clausegen.errors import ContractError, ProfileError
from clausegen.missing import NoCharterError
from clausegen.review.conditions import describe, holds
from clausegen.review.evidence import ContractFacts, contract_facts, fill_sentence
from clausegen.validate.charter import Charter, Commitment, charter_problems
from clausegen.validate.contract import override_problems
from clausegen.validate.models import Contract

#: Printed for a commitment that the contract includes while none of its rules match and
#: the commitment gives no ``evidence`` of its own.
GENERIC_EVIDENCE = "Engagement retenu par l'acheteur pour ce marché"


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
    _check(contract, charter, source)
    facts = contract_facts(contract, obligation)
    include, exclude = set(contract.charter.include), set(contract.charter.exclude)
    applied: list[AppliedCommitment] = []
    skipped: list[SkippedCommitment] = []
    for commitment in charter.commitments:
        number, title, text = commitment.number, commitment.title, commitment.text
        if number in exclude:
            skipped.append(SkippedCommitment(number, title, text, Reason.EXCLUDED))
            continue
        reason, evidence = _evidence(commitment, facts, included=number in include)
        if evidence:
            applied.append(
                AppliedCommitment(number, title, text, reason, number in include, evidence)
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


def _check(contract: Contract, charter: Charter, source: str) -> None:
    """Check what the loader checks, for a contract built without it."""
    profile = contract.buyer.profile
    if profile is not None:
        problems = charter_problems(charter, ("charter",))
        if problems:
            raise ProfileError(source=profile, problems=problems)
    problems = charter_problems(charter, ("buyer", "charter")) if profile is None else []
    problems += override_problems(contract)
    if problems:
        raise ContractError(source=source, problems=problems)


def _evidence(
    commitment: Commitment, facts: ContractFacts, *, included: bool
) -> tuple[Reason, tuple[Evidence, ...]]:
    """Why and how the contract applies a commitment; no evidence when it does not."""
    evidence = [
        Evidence(fill_sentence(rule.evidence, facts), position, describe(rule.when))
        for position, rule in enumerate(commitment.rules)
        if holds(rule.when, facts)
    ]
    if evidence or not included:
        return Reason.RULE, tuple(evidence)
    sentence = fill_sentence(commitment.evidence or GENERIC_EVIDENCE, facts)
    return Reason.INCLUDED, (
        Evidence(sentence, None, "the contract includes it (charter.include)"),
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


def charter_review(contract: Contract, obligation: Obligation) -> CharterReview | None:
    """Review the contract's charter, or return None when its buyer has none.

    What the documents need: a contract without a charter is the common case, not an error.

    Raises:
        ContractError, ProfileError: as :func:`review_charter` does.
    """
    if contract.buyer.charter is None:
        return None
    return review_charter(contract, obligation)
