"""Whether a charter rule's condition holds for a contract, and the condition in words."""

from __future__ import annotations

import functools

from clausegen.i18n import _
from clausegen.review.evidence import ContractFacts
from clausegen.validate.conditions import (
    Condition,
    EnvironmentalCondition,
    EthicalCondition,
    NumberCondition,
    flag_tests,
)


def holds(condition: Condition, facts: ContractFacts) -> bool:
    """Whether the contract's facts satisfy ``condition`` (every test given must pass)."""
    tests = [
        condition.insertion_clause is None
        or condition.insertion_clause == (facts.insertion_hours > 0),
        condition.insertion_hours is None
        or condition.insertion_hours.admits(facts.insertion_hours),
        condition.mechanism is None or facts.mechanism in condition.mechanism,
        condition.kind is None or facts.kind in condition.kind,
        condition.lot_count is None or condition.lot_count.admits(len(facts.lots)),
        condition.variants_allowed is None or condition.variants_allowed == facts.variants_allowed,
        condition.lifecycle_cost is None or condition.lifecycle_cost == facts.lifecycle_cost,
        all(facts.flags[name] == expected for name, expected in flag_tests(condition)),
        condition.any_ is None or any(holds(item, facts) for item in condition.any_),
        condition.all_ is None or all(holds(item, facts) for item in condition.all_),
        condition.not_ is None or not holds(condition.not_, facts),
    ]
    return all(tests)


def describe(condition: Condition) -> str:
    """Say a condition in words, in the order of the fields: "lot_count is at least 2"."""
    parts = []
    for name, field in type(condition).model_fields.items():
        value = getattr(condition, name)
        key = field.alias or name
        if value is None:
            continue
        if isinstance(value, bool):
            parts.append(_truth(key, value))
        elif isinstance(value, NumberCondition):
            parts.append(f"{key} {value.describe()}")
        elif isinstance(value, EnvironmentalCondition | EthicalCondition):
            parts += [
                _truth(f"{key}.{sub}", expected)
                for sub, expected in value.model_dump().items()
                if expected is not None
            ]
        elif isinstance(value, Condition):
            parts.append(_("not ({condition})").format(condition=describe(value)))
        elif name == "any_":
            either = functools.reduce(
                lambda done, item: _("{sources}; {source}").format(sources=done, source=item),
                [describe(item) for item in value],
            )
            parts.append(_("any of ({conditions})").format(conditions=either))
        elif name == "all_":
            parts += [f"({describe(item)})" for item in value]
        else:
            names = [item.value for item in value]
            words = _("{key} is {value}") if len(names) == 1 else _("{key} is one of {values}")
            parts.append(words.format(key=key, value=names[0], values=", ".join(names)))
    return _(" and ").join(parts)


def _truth(key: str, value: bool) -> str:
    return (_("{key} is true") if value else _("{key} is false")).format(key=key)
