"""Every problem of a contract description in one run: its fields, its buyer, its hours.

A description is checked in steps (its buyer profile, its fields, then what its hours need),
and a step cannot run on what the step before rejected. Stopping at the first step that
fails would show the problems in waves: a field error, then, once fixed, an unknown trade,
then a duplicate lot number. Instead, when the fields fail, what they reject is set aside
and the later steps run on the rest:

* a lot with a field error is left out as a whole (its own resolution waits until its
  fields are valid, so that a wrong ``labour_share`` is never also reported as missing);
* a faulty field of the contract is left out (or, when required, given a stand-in value);
* a later problem that depends on a field that failed is not reported: an unknown trade
  when the buyer's ``labour_shares`` failed, a missing rate when ``kind`` or a rate failed,
  a charter override when the charter failed (:data:`_DEPENDS_ON`).

What cannot be set aside (no list of lots, nothing left that validates) stops at the field
errors, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from clausegen.errors import ClausegenError, ContractError, ErrorGroup, Problem, ProfileError
from clausegen.paths import PathPart
from clausegen.read.documents import Document
from clausegen.read.problems import by_line
from clausegen.resolve.buyer import ResolvedBuyer, buyer_problems
from clausegen.resolve.parameters import ResolvedContract, resolution
from clausegen.resolve.reference import ReferenceData
from clausegen.validate.contract import check_fields
from clausegen.validate.models import Contract

__all__ = ["Gathered", "contract_failure", "fields_and_resolution"]

Location = tuple[PathPart, ...]

#: Stand-ins for required fields that failed: no later check reads them.
_STAND_INS: dict[str, object] = {"reference": "stand-in", "title": "stand-in", "kind": "works"}

#: The fields each later problem depends on, by the problem's field (a lot's path
#: ``lots[n]`` removed); a problem whose field is not listed depends on every field.
_DEPENDS_ON: dict[str, tuple[Location, ...]] = {
    "number": (),
    "trade": (("buyer", "labour_shares"),),
    "labour_share": (("mechanism",), ("buyer", "labour_shares")),
    "rate": (("kind",), ("mechanism",), ("insertion", "rate"), ("buyer", "insertion")),
    "": (("mechanism",),),
    "duration_months": (("mechanism",), ("duration_months",)),
    "charter": (("charter",), ("buyer", "charter")),
    "buyer.charter": (("buyer", "charter"),),
}
_LOT_PATH = re.compile(r"lots\[\d+\]\.?")


@dataclass(frozen=True)
class Gathered:
    """What the checks of a description found.

    Attributes:
        resolved: the resolved contract when there is no problem at all, else None.
        problems: every problem of the contract's file, not yet located nor sorted.
    """

    resolved: ResolvedContract | None
    problems: list[Problem]


def fields_and_resolution(
    document: Document,
    buyer: ResolvedBuyer,
    reference: ReferenceData | None,
    *,
    buyer_failed: bool = False,
) -> Gathered:
    """Validate the contract's fields, then check and resolve what validated.

    Args:
        document: the description, already checked to be a mapping of contract fields.
        buyer: its buyer resolved (merged from the profile, if any).
        reference: the reference tables.
        buyer_failed: whether the buyer could not be resolved (its profile unreadable or
            invalid), so that ``buyer`` is a stand-in whose fields nothing may trust.
    """
    failed: list[Location] = [("buyer",)] if buyer_failed else []
    fields = check_fields(document, buyer.data)
    contract, problems, positions = fields.contract, list(fields.problems), None
    if contract is None:
        failed += fields.failed
        contract, positions = _salvage(buyer.data, failed)
    if contract is None:
        return Gathered(None, problems)
    contract.buyer.with_profile(buyer.profile)
    contract = contract.with_source(document.path)
    resolved, later = resolution(contract, reference=reference, positions=positions)
    later = [*buyer_problems(contract, buyer), *later]
    problems += [problem for problem in later if _independent(problem, failed)]
    return Gathered(resolved if not problems else None, problems)


def contract_failure(
    document: Document, problems: Sequence[Problem], profile_error: ProfileError | None
) -> ClausegenError | None:
    """Return the error that reports every problem: the contract's, then its profile's.

    Returns:
        None when there is nothing to report; the profile's error alone when the contract
        itself has no problem.
    """
    errors: list[ClausegenError] = []
    if problems:
        located = by_line(document.locator.locate(problem) for problem in problems)
        errors.append(ContractError(source=document.name, problems=located))
    if profile_error is not None:
        errors.append(profile_error)
    return ErrorGroup.of(errors) if errors else None


def _salvage(
    data: dict[str, Any], failed: Sequence[Location]
) -> tuple[Contract | None, tuple[int, ...] | None]:
    """Validate what is left once the failed fields are set aside.

    Returns:
        The contract made of what validated and the position of each of its lots in the
        file; (None, None) when too little is left to check anything further.
    """
    lots = data.get("lots")
    if not isinstance(lots, list) or any(location == ("lots",) for location in failed):
        return None, None
    bad_lots = {loc[1] for loc in failed if loc[:1] == ("lots",) and len(loc) > 1}
    positions = tuple(index for index in range(len(lots)) if index not in bad_lots)
    if not positions:
        return None, None
    rest: dict[str, Any] = {**data, "lots": [lots[index] for index in positions]}
    for location in failed:
        if location and location[0] != "lots":
            _set_aside(rest, location)
    try:
        return Contract.model_validate(rest), positions
    except ValidationError:
        return None, None


def _set_aside(data: dict[str, Any], location: Location) -> None:
    """Remove a failed field (inside ``buyer``, the buyer's field) or give it a stand-in."""
    top = location[0]
    buyer = data.get("buyer")
    if top == "buyer" and len(location) > 1 and isinstance(buyer, dict):
        field = location[1]
        data["buyer"] = {key: value for key, value in buyer.items() if key != field}
        if field == "name":
            data["buyer"]["name"] = "stand-in"
    elif top == "buyer":
        data["buyer"] = {"name": "stand-in"}
    elif isinstance(top, str) and top in _STAND_INS:
        data[top] = _STAND_INS[top]
    elif isinstance(top, str):
        data.pop(top, None)


def _independent(problem: Problem, failed: Sequence[Location]) -> bool:
    """Whether a later problem is sure, whatever the fields that failed were meant to be."""
    if not failed:
        return True
    field = _LOT_PATH.sub("", problem.path, count=1)
    key = next((name for name in _DEPENDS_ON if name and _within(field, name)), field)
    if key not in _DEPENDS_ON:
        return all(location[:1] == ("lots",) for location in failed)
    return not any(
        location[: len(needed)] == needed or needed[: len(location)] == location
        for needed in _DEPENDS_ON[key]
        for location in failed
    )


def _within(path: str, field: str) -> bool:
    """Whether ``path`` is ``field`` or a path inside it."""
    return path == field or path.startswith((f"{field}.", f"{field}["))
