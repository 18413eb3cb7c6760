"""A contract's facts, and the evidence sentences of its buyer's charter filled from them.

Each placeholder of a sentence (:mod:`clausegen.validate.sentences`) is filled from the
contract's facts with clausegen's French typography; a value is inserted once and never read
again, so text written in a contract (``{heures}`` in a clause, say) stays as written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from clausegen import french
from clausegen.compute.hours import Obligation
from clausegen.validate.basics import ContractKind, Mechanism
from clausegen.validate.models import Contract
from clausegen.validate.sentences import PLACEHOLDERS, parse_sentence


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


#: How each placeholder is written, from the contract's facts.
VALUES: dict[str, Callable[[ContractFacts], str]] = {
    "heures": lambda f: french.hours(f.insertion_hours),
    "etp": lambda f: french.number(f.fte, 1),
    "lots_insertion": lambda f: _lots_phrase(f.insertion_lots),
    "nombre_lots": lambda f: french.number(len(f.lots)),
    "ecolabels": lambda f: french.join(f.ecolabels),
    "clause_environnementale": lambda f: f.texts["environmental.clause"],
    "critere_environnemental": lambda f: f.texts["environmental.criterion"],
    "commerce_equitable": lambda f: f.texts["ethical.fair_trade"],
    "responsabilite_sociale": lambda f: f.texts["ethical.social_responsibility"],
}
assert VALUES.keys() == PLACEHOLDERS.keys()  # noqa: S101 - every placeholder has a value


def fill_sentence(sentence: str, facts: ContractFacts) -> str:
    """Fill a checked sentence; values are inserted once, never read again as placeholders."""
    return "".join(
        part if isinstance(part, str) else VALUES[part.name](facts)
        for part in parse_sentence(sentence)
    )
