"""The condition language of charter rules: which contract facts a rule requires.

A condition is a mapping of facts to tests, all of which must hold; ``any``, ``all`` and
``not`` combine conditions. It is data validated by pydantic (an unknown fact is an unknown
field, with a suggestion) and checked here; :mod:`clausegen.review.conditions` evaluates it,
never executes it.
"""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import BeforeValidator, Field, StrictBool, StrictInt, WithJsonSchema
from pydantic_core import PydanticCustomError

from clausegen.errors import Problem
from clausegen.i18n import _
from clausegen.paths import PathPart, format_path
from clausegen.validate.basics import ContractKind, Mechanism, StrictModel


def _one_or_more(enumeration: type[enum.StrEnum]) -> BeforeValidator:
    """Accept one value or a list of values of ``enumeration``, as a list."""

    def read(raw: object) -> object:
        if isinstance(raw, list):
            return raw
        if isinstance(raw, str) and raw in enumeration.__members__.values():
            return [raw]
        expected = ", ".join(f"'{member.value}'" for member in enumeration)
        # NOTE: the "enum" type makes the loader word it like every other enum error.
        kind = "enum"
        raise PydanticCustomError(kind, "Input should be {expected}", {"expected": expected})

    return BeforeValidator(read)


def _one_or_more_schema(enumeration: type[enum.StrEnum], description: str) -> WithJsonSchema:
    values = [member.value for member in enumeration]
    return WithJsonSchema(
        {
            "description": description,
            "anyOf": [
                {"enum": values},
                {"type": "array", "items": {"enum": values}, "minItems": 1},
            ],
        }
    )


def _exactly(raw: object) -> object:
    """Read ``lot_count: 1`` as ``lot_count: {at_least: 1, at_most: 1}``."""
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return {"at_least": raw, "at_most": raw}
    kind = "clausegen_count"
    raise PydanticCustomError(
        kind, _("must be a whole number from 0, or {at_least: N, at_most: N}")
    )


class NumberCondition(StrictModel):
    """A test on a count: at least, at most, or both (a plain number means exactly)."""

    at_least: Annotated[StrictInt, Field(ge=0)] | None = None
    at_most: Annotated[StrictInt, Field(ge=0)] | None = None

    def admits(self, value: int) -> bool:
        """Whether ``value`` passes the test."""
        low_ok = self.at_least is None or value >= self.at_least
        return low_ok and (self.at_most is None or value <= self.at_most)

    def describe(self) -> str:
        """Say the test in words, e.g. "is at least 2"."""
        if self.at_least is not None and self.at_least == self.at_most:
            return _("is {count}").format(count=self.at_least)
        if self.at_least is not None and self.at_most is not None:
            return _("is between {low} and {high}").format(low=self.at_least, high=self.at_most)
        if self.at_least is not None:
            return _("is at least {count}").format(count=self.at_least)
        return _("is at most {count}").format(count=self.at_most)


_COUNT_BOUND = {"type": "integer", "minimum": 0}
Count = Annotated[
    NumberCondition,
    BeforeValidator(_exactly),
    WithJsonSchema(
        {
            "description": "Exactly this number, or {at_least: N, at_most: N}.",
            "anyOf": [
                _COUNT_BOUND,
                {
                    "type": "object",
                    "properties": {"at_least": _COUNT_BOUND, "at_most": _COUNT_BOUND},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
        }
    ),
]
Mechanisms = Annotated[
    list[Mechanism],
    Field(min_length=1),
    _one_or_more(Mechanism),
    _one_or_more_schema(Mechanism, "The legal mechanism, or a list of accepted ones."),
]
Kinds = Annotated[
    list[ContractKind],
    Field(min_length=1),
    _one_or_more(ContractKind),
    _one_or_more_schema(ContractKind, "The contract kind, or a list of accepted ones."),
]


class EnvironmentalCondition(StrictModel):
    """Tests on the contract's ``environmental`` fields: true when the field is filled in."""

    clause: StrictBool | None = None
    criterion: StrictBool | None = None
    ecolabels: StrictBool | None = None


class EthicalCondition(StrictModel):
    """Tests on the contract's ``ethical`` fields: true when the field is filled in."""

    fair_trade: StrictBool | None = None
    social_responsibility: StrictBool | None = None


class Condition(StrictModel):
    """Contract facts that must all hold; ``any``, ``all`` and ``not`` combine conditions."""

    insertion_clause: StrictBool | None = Field(
        default=None, description="Whether the contract carries insertion hours (more than 0)."
    )
    insertion_hours: Count | None = Field(
        default=None, description="The contract's total insertion hours."
    )
    mechanism: Mechanisms | None = None
    kind: Kinds | None = None
    lot_count: Count | None = Field(default=None, description="The number of lots.")
    variants_allowed: StrictBool | None = None
    lifecycle_cost: StrictBool | None = None
    environmental: EnvironmentalCondition | None = None
    ethical: EthicalCondition | None = None
    any_: list[Condition] | None = Field(default=None, alias="any", min_length=1)
    all_: list[Condition] | None = Field(default=None, alias="all", min_length=1)
    not_: Condition | None = Field(default=None, alias="not")


def flag_tests(condition: Condition) -> list[tuple[str, bool]]:
    """The ``environmental`` and ``ethical`` tests of a condition, as (fact, expected)."""
    tests = []
    for group in ("environmental", "ethical"):
        sub = getattr(condition, group)
        if sub is not None:
            tests += [
                (f"{group}.{name}", value)
                for name, value in sub.model_dump().items()
                if value is not None
            ]
    return tests


def required_facts(condition: Condition) -> frozenset[str]:
    """The facts that are necessarily true whenever ``condition`` holds."""
    found: set[str] = {name for name, value in flag_tests(condition) if value}
    hours = condition.insertion_hours
    if condition.insertion_clause or (hours is not None and (hours.at_least or 0) >= 1):
        found.add("insertion_clause")
    for item in condition.all_ or ():
        found |= required_facts(item)
    if condition.any_:
        found |= frozenset.intersection(*(required_facts(item) for item in condition.any_))
    return frozenset(found)


def condition_problems(condition: Condition, where: tuple[PathPart, ...]) -> list[Problem]:
    """Find conditions that test nothing or can never hold; ``where`` is the field path."""
    problems = []
    if _is_empty(condition):
        facts = ", ".join(FACTS)
        problems.append(
            Problem(
                path=format_path(where),
                message=_(
                    "the condition tests nothing; give one or more of {facts}, any, all, not"
                ).format(facts=facts),
            )
        )
    for name in ("insertion_hours", "lot_count"):
        count = getattr(condition, name)
        if count is None:
            continue
        low, high = count.at_least, count.at_most
        if low is None and high is None:
            message = _("give at_least, at_most or both")
        elif low is not None and high is not None and low > high:
            message = _(
                "at_least ({low}) is greater than at_most ({high}): no contract can match"
            ).format(low=low, high=high)
        else:
            continue
        problems.append(Problem(path=format_path((*where, name)), message=message))
    for group in ("environmental", "ethical"):
        sub = getattr(condition, group)
        if sub is not None and _is_empty(sub):
            fields = ", ".join(type(sub).model_fields)
            problems.append(
                Problem(
                    path=format_path((*where, group)),
                    message=_("give one or more of {fields}").format(fields=fields),
                )
            )
    for alias, items in (("all", condition.all_), ("any", condition.any_)):
        for index, item in enumerate(items or ()):
            problems += condition_problems(item, (*where, alias, index))
    if condition.not_ is not None:
        problems += condition_problems(condition.not_, (*where, "not"))
    return problems


def _is_empty(model: StrictModel) -> bool:
    return all(getattr(model, name) is None for name in type(model).model_fields)


#: The contract facts that conditions may test, with what they mean (for the README).
FACTS: dict[str, str] = {
    "insertion_clause": "true when the contract carries insertion hours (a total over 0 h); "
    "false for a reserved contract",
    "insertion_hours": "the total insertion hours: a number (exactly) or {at_least: N, at_most: N}",
    "mechanism": "the legal mechanism, or a list of accepted ones (execution_condition, "
    "award_criterion, reserved_siae, reserved_ea_esat, insertion_service, reserved_joint)",
    "kind": "the contract kind, or a list (works, services, intellectual_services, supplies)",
    "lot_count": "the number of lots: a number (exactly) or {at_least: N, at_most: N}",
    "variants_allowed": "true or false, the contract's variants_allowed",
    "lifecycle_cost": "true or false, the contract's lifecycle_cost (global-cost criterion)",
    "environmental": "{clause, criterion, ecolabels}: true when the contract fills the field in",
    "ethical": "{fair_trade, social_responsibility}: true when the contract fills it in",
}
