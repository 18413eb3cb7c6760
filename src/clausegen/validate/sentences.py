"""Contract facts and the evidence sentences that print them, in French.

A charter's evidence sentences are written by buyers with placeholders from a closed set
(``{heures}``, ``{lots_insertion}``, ``{ecolabels}``…). Each placeholder is filled from the
contract's facts with clausegen's French typography; a value is inserted once and never read
again, so text written in a contract (``{heures}`` in a clause, say) stays as written. There
is no attribute access, no format specification and no expression: only names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from clausegen import french
from clausegen.errors import Problem
from clausegen.paths import PathPart, format_path
from clausegen.validate.models import ContractKind, Mechanism

if TYPE_CHECKING:
    from clausegen.compute.hours import Obligation
    from clausegen.validate.models import Contract


@dataclass(frozen=True)
class ContractFacts:
    """What the rules and placeholders may know of a contract, and nothing else.

    Attributes:
        insertion_hours: the contract's total insertion hours (0 for a reserved contract).
        fte: the total in full-time equivalents, with the buyer's convention.
        insertion_lots: the numbers of the lots that carry insertion hours.
        lots: the numbers of all the lots.
        flags: ``environmental.clause``, ``ethical.fair_trade``…: whether the contract fills
            the field in (for ``environmental.ecolabels``, whether it lists any).
        texts: the values of the text fields that the contract fills in, as written.
        ecolabels: the ecolabels, as written.
    """

    insertion_hours: int
    fte: Decimal
    insertion_lots: tuple[int, ...]
    lots: tuple[int, ...]
    mechanism: Mechanism
    kind: ContractKind
    variants_allowed: bool
    lifecycle_cost: bool
    flags: dict[str, bool]
    texts: dict[str, str]
    ecolabels: tuple[str, ...]


def contract_facts(contract: Contract, obligation: Obligation) -> ContractFacts:
    """Gather the facts of ``contract`` that rules and placeholders may use.

    Raises:
        ValueError: when ``obligation`` was computed for another contract (a caller's slip
            that would print another contract's hours).
    """
    if obligation.reference != contract.reference:
        message = (
            f"the obligation of {obligation.reference!r} does not belong to the contract "
            f"{contract.reference!r}"
        )
        raise ValueError(message)
    environmental, ethical = contract.environmental, contract.ethical
    texts = {
        "environmental.clause": environmental.clause,
        "environmental.criterion": environmental.criterion,
        "ethical.fair_trade": ethical.fair_trade,
        "ethical.social_responsibility": ethical.social_responsibility,
    }
    flags = {name: value is not None for name, value in texts.items()}
    flags["environmental.ecolabels"] = bool(environmental.ecolabels)
    return ContractFacts(
        insertion_hours=obligation.total_insertion_hours,
        fte=obligation.total_fte,
        insertion_lots=tuple(lot.number for lot in obligation.lots if lot.insertion_hours > 0),
        lots=tuple(lot.number for lot in contract.lots),
        mechanism=contract.mechanism,
        kind=contract.kind,
        variants_allowed=contract.variants_allowed,
        lifecycle_cost=contract.lifecycle_cost,
        flags=flags,
        texts={name: value for name, value in texts.items() if value is not None},
        ecolabels=tuple(environmental.ecolabels),
    )


def _lots_phrase(numbers: Sequence[int]) -> str:
    """Name lots with their article, for "sur {…}": "les lots 1 à 3", "le lot 2"."""
    named = french.lot_numbers(numbers)
    return f"les {named}" if len(numbers) > 1 else f"le {named}"


@dataclass(frozen=True)
class Placeholder:
    """A name that evidence sentences may use, and how clausegen fills it.

    Attributes:
        name: written ``{name}`` in a sentence.
        description: what it stands for, with an example (English, for the README).
        needs: the fact a rule's ``when`` must require to be true for the value to exist
            (None when it always exists).
        value: builds the French text from the contract's facts.
    """

    name: str
    description: str
    needs: str | None
    value: Callable[[ContractFacts], str]


#: The closed set of placeholders, in the order the README lists them.
PLACEHOLDERS: dict[str, Placeholder] = {
    p.name: p
    for p in (
        Placeholder(
            "heures",
            'total insertion hours: "2 587 heures"',
            "insertion_clause",
            lambda f: french.hours(f.insertion_hours),
        ),
        Placeholder(
            "etp",
            'the same in full-time equivalents, buyer\'s convention: "1,5"',
            "insertion_clause",
            lambda f: french.number(f.fte, 1),
        ),
        Placeholder(
            "lots_insertion",
            'the lots that carry insertion hours, with the article: "les lots 1 à 3", "le lot 2"',
            "insertion_clause",
            lambda f: _lots_phrase(f.insertion_lots),
        ),
        Placeholder(
            "nombre_lots", 'the number of lots: "3"', None, lambda f: french.number(len(f.lots))
        ),
        Placeholder(
            "ecolabels",
            'the ecolabels, as written: "Écolabel européen et NF Environnement"',
            "environmental.ecolabels",
            lambda f: french.join(f.ecolabels),
        ),
        Placeholder(
            "clause_environnementale",
            "the environmental clause, as written",
            "environmental.clause",
            lambda f: f.texts["environmental.clause"],
        ),
        Placeholder(
            "critere_environnemental",
            "the environmental award criterion, as written",
            "environmental.criterion",
            lambda f: f.texts["environmental.criterion"],
        ),
        Placeholder(
            "commerce_equitable",
            "the fair-trade requirement, as written",
            "ethical.fair_trade",
            lambda f: f.texts["ethical.fair_trade"],
        ),
        Placeholder(
            "responsabilite_sociale",
            "the social-responsibility requirement, as written",
            "ethical.social_responsibility",
            lambda f: f.texts["ethical.social_responsibility"],
        ),
    )
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class SentenceError(ValueError):
    """A sentence that cannot be read: an unknown placeholder or a stray brace."""


def parse_sentence(sentence: str) -> list[str | Placeholder]:
    """Split a sentence into literal text and placeholders; ``{{`` and ``}}`` are braces."""
    parts: list[str | Placeholder] = []
    position = 0
    for match in _TOKEN.finditer(sentence):
        parts.append(sentence[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
        elif match.group(1) is not None:
            name = match.group(1)
            if name not in PLACEHOLDERS:
                close = difflib.get_close_matches(name.strip(), list(PLACEHOLDERS), n=1)
                known = ", ".join(f"{{{key}}}" for key in PLACEHOLDERS)
                hint = f"did you mean {{{close[0]}}}?" if close else f"known: {known}"
                shown = name if len(name) <= 40 else name[:40] + "…"
                message = f"unknown placeholder {{{shown}}}; {hint}"
                raise SentenceError(message)
            parts.append(PLACEHOLDERS[name])
        else:
            message = (
                f"unmatched {token!r} at character {match.start() + 1}; "
                f"write '{token * 2}' for a brace"
            )
            raise SentenceError(message)
    parts.append(sentence[position:])
    return [part for part in parts if part != ""]


def fill_sentence(sentence: str, facts: ContractFacts) -> str:
    """Fill a checked sentence; values are inserted once, never read again as placeholders."""
    return "".join(
        part if isinstance(part, str) else part.value(facts) for part in parse_sentence(sentence)
    )


def sentence_problems(
    sentence: str, where: tuple[PathPart, ...], required: frozenset[str] | None
) -> list[Problem]:
    """Check a sentence; ``required`` is what its rule guarantees (None: included only)."""
    path = format_path(where)
    try:
        parts = parse_sentence(sentence)
    except SentenceError as error:
        return [Problem(path=path, message=str(error))]
    problems = []
    for part in parts:
        if isinstance(part, str) or part.needs is None:
            continue
        if required is None:
            always = ", ".join(f"{{{p.name}}}" for p in PLACEHOLDERS.values() if p.needs is None)
            problems.append(
                Problem(
                    path=path,
                    message=f"{{{part.name}}} cannot be used here: this sentence is printed "
                    "when a contract includes the commitment and no rule matches, when the "
                    f"value may not exist; only {always} can",
                )
            )
        elif part.needs not in required:
            problems.append(
                Problem(
                    path=path,
                    message=f"{{{part.name}}} may have no value when this rule matches: "
                    f"add {_needs_as_yaml(part.needs)} to its 'when'",
                )
            )
    return problems


def _needs_as_yaml(fact: str) -> str:
    group, _, name = fact.partition(".")
    return f"'{group}: {{{name}: true}}'" if name else f"'{group}: true'"
