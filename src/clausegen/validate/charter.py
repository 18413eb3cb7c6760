"""A buyer's charter of commitments: its model and the checks a contract could trip over.

A charter is data in the buyer's profile: each commitment has a number, a short title, its
full text and *rules*. A rule is a condition on a closed set of contract facts (``when``,
see :mod:`clausegen.validate.conditions`) and the evidence sentence to print when it holds,
in French, with placeholders from a closed set (``{heures}``, ``{lots_insertion}``…, see
:mod:`clausegen.validate.sentences`). The language is deliberately small, with no code and
no templates, so that a profile can be checked completely (:func:`charter_problems`) before
any contract uses it. Which commitments a contract puts into practice is the review's
(:mod:`clausegen.review.charter`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from clausegen.errors import Problem
from clausegen.i18n import _
from clausegen.paths import PathPart, format_path
from clausegen.validate.basics import LIST_LENGTH, StrictModel
from clausegen.validate.conditions import Condition, condition_problems, required_facts
from clausegen.validate.fields import CommitmentNumber, LongText, Text
from clausegen.validate.sentences import sentence_problems


class CommitmentRule(StrictModel):
    """When a contract puts the commitment into practice, and the sentence that shows how."""

    when: Condition
    evidence: LongText = Field(description="French sentence; placeholders such as {heures}.")


class Commitment(StrictModel):
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


class Charter(StrictModel):
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
                    message=_("commitment number {number} is already used by {other}").format(
                        number=commitment.number,
                        other=format_path((*at, "commitments", first[commitment.number])),
                    ),
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


def commitment_ranges(numbers: Sequence[int]) -> str:
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
