"""The field definitions of the SDK and their rules: mandatory or forbidden, per notice subtype.

Read from ``sdk/fields-social.json``, never written in code. A rule has a default (false:
"not mandatory", "not forbidden") and constraints; a constraint applies to the notice
subtypes it lists and, when it has one, under a condition written in the SDK's expression
language (EFX), e.g. ``{ND-StrategicProcurementType} ${not(BT-06-Lot is not present or
BT-06-Lot == 'none')}``: the node (context) whose every instance is tested, then the test.

This module reads the subset of EFX that the vendored rules use (``is present``, ``is not
present``, ``==`` and ``!=`` against a quoted text, ``not(…)``, ``and``, ``or``,
parentheses). A condition outside that subset is refused when the definitions are read, so
that a rule can never be skipped without anyone noticing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from clausegen.eforms.sdk import fields_document
from clausegen.errors import InternalError

#: Values of a field within a context, as :func:`Condition.holds` asks for them.
Lookup = Callable[[str], Sequence[str]]


class Condition:
    """A parsed EFX condition; :meth:`holds` evaluates it with the fields' values."""

    def holds(self, lookup: Lookup) -> bool:
        """Whether the condition is true, given the values of each field it names."""
        raise NotImplementedError

    def fields(self) -> Iterator[str]:
        """Yield the field identifiers the condition reads."""
        raise NotImplementedError


@dataclass(frozen=True)
class _Presence(Condition):
    field: str
    present: bool

    def holds(self, lookup: Lookup) -> bool:
        return bool(lookup(self.field)) is self.present

    def fields(self) -> Iterator[str]:
        yield self.field


@dataclass(frozen=True)
class _Comparison(Condition):
    field: str
    equal: bool
    value: str

    def holds(self, lookup: Lookup) -> bool:
        # NOTE: as in XPath, a comparison holds when one of the field's values satisfies
        # it; an absent field satisfies neither == nor !=.
        return any((found == self.value) is self.equal for found in lookup(self.field))

    def fields(self) -> Iterator[str]:
        yield self.field


@dataclass(frozen=True)
class _Not(Condition):
    operand: Condition

    def holds(self, lookup: Lookup) -> bool:
        return not self.operand.holds(lookup)

    def fields(self) -> Iterator[str]:
        yield from self.operand.fields()


@dataclass(frozen=True)
class _Junction(Condition):
    conjunction: bool
    operands: tuple[Condition, ...]

    def holds(self, lookup: Lookup) -> bool:
        results = (operand.holds(lookup) for operand in self.operands)
        return all(results) if self.conjunction else any(results)

    def fields(self) -> Iterator[str]:
        for operand in self.operands:
            yield from operand.fields()


_TOKEN = re.compile(r"\s*(?:(\()|(\))|'([^']*)'|(==|!=)|([A-Za-z][A-Za-z0-9_-]*))")
_WRAPPED = re.compile(r"\{(?P<context>[A-Za-z0-9_-]+)\}\s*\$\{(?P<expression>.*)\}", re.DOTALL)


class _Parser:
    """A recursive-descent parser of the EFX subset (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[str] = []
        position = 0
        while position < len(text.rstrip()):
            match = _TOKEN.match(text, position)
            if match is None:
                self.fail(f"unexpected text at {text[position:]!r}")
            self.tokens.append(match.group(0).strip())
            position = match.end()
        self.index = 0

    def fail(self, message: str) -> NoReturn:
        text = f"the eForms rule {self.text!r} is outside what clausegen can read: {message}"
        raise InternalError(text)

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            self.fail(f"expected {expected or 'more'} at token {self.index + 1}")
        self.index += 1
        return token

    def parse(self) -> Condition:
        condition = self.junction()
        if self.peek() is not None:
            self.fail(f"unexpected {self.peek()!r}")
        return condition

    def junction(self) -> Condition:
        operands = [self.conjunction()]
        while self.peek() == "or":
            self.take("or")
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else _Junction(False, tuple(operands))

    def conjunction(self) -> Condition:
        operands = [self.unary()]
        while self.peek() == "and":
            self.take("and")
            operands.append(self.unary())
        return operands[0] if len(operands) == 1 else _Junction(True, tuple(operands))

    def unary(self) -> Condition:
        if self.peek() == "not":
            self.take("not")
            self.take("(")
            operand = self.junction()
            self.take(")")
            return _Not(operand)
        if self.peek() == "(":
            self.take("(")
            inner = self.junction()
            self.take(")")
            return inner
        return self.atom()

    def atom(self) -> Condition:
        field = self.take()
        if not re.fullmatch(r"(BT|OPT|OPP|OPA)-[A-Za-z0-9_-]+", field):
            self.fail(f"{field!r} is not a field identifier")
        if self.peek() == "is":
            self.take("is")
            present = self.peek() != "not"
            if not present:
                self.take("not")
            self.take("present")
            return _Presence(field, present)
        operator = self.take()
        if operator not in ("==", "!="):
            self.fail(f"unknown operator {operator!r}")
        literal = self.take()
        match = re.fullmatch(r"'([^']*)'", literal)
        if match is None:
            self.fail(f"expected a quoted value after {operator}")
        return _Comparison(field, operator == "==", match.group(1))


def parse_condition(text: str) -> tuple[str, Condition]:
    """Parse ``{ND-Context} ${expression}`` into the context node and the condition.

    Raises:
        InternalError: when the text is outside the EFX subset clausegen reads.
    """
    match = _WRAPPED.fullmatch(text.strip())
    if match is None:
        message = f"the eForms rule {text!r} is outside what clausegen can read"
        raise InternalError(message)
    return match.group("context"), _Parser(match.group("expression")).parse()


@dataclass(frozen=True)
class Constraint:
    """One constraint of a rule.

    Attributes:
        subtypes: the notice subtypes it applies to.
        value: what the rule says when the constraint applies (true: mandatory/forbidden).
        context: the node whose instances the condition is tested in, or None.
        condition: the condition, or None for "always in these subtypes".
        source: the condition as written in the SDK, for messages.
    """

    subtypes: frozenset[str]
    value: bool
    context: str | None
    condition: Condition | None
    source: str


@dataclass(frozen=True)
class Rule:
    """A ``mandatory`` or ``forbidden`` rule of a field."""

    default: bool
    constraints: tuple[Constraint, ...]

    def in_subtype(self, subtype: str) -> tuple[Constraint, ...]:
        """Return the constraints that apply to ``subtype`` (conditions still to test)."""
        return tuple(c for c in self.constraints if subtype in c.subtypes)

    def always(self, subtype: str) -> bool:
        """Whether the rule holds in ``subtype`` without any condition."""
        return any(c.value and c.condition is None for c in self.in_subtype(subtype)) or (
            self.default and not self.in_subtype(subtype)
        )


@dataclass(frozen=True)
class FieldDefinition:
    """What the SDK says of one field.

    Attributes:
        id: the field identifier (``BT-06-Lot``).
        parent_node: the node the field belongs to (``ND-StrategicProcurementType``).
        xpath: the absolute XPath of the field in a notice.
        relative: its XPath relative to its parent node.
        kind: the SDK type (``code``, ``text-multilingual``, ``number``, ``id``…).
        code_list: the name of its code list, for codes.
        pattern: the regular expression its value must match, if any.
        max_length: the longest value allowed, for texts.
    """

    id: str
    parent_node: str
    xpath: str
    relative: str
    kind: str
    code_list: str | None
    pattern: str | None
    max_length: int | None
    mandatory: Rule
    forbidden: Rule

    @property
    def node_xpath(self) -> str:
        """The absolute XPath of the field's parent node (the field's path without its end)."""
        return self.xpath.removesuffix("/" + self.relative)


def _rule(raw: dict[str, Any] | None) -> Rule:
    if raw is None:
        return Rule(default=False, constraints=())
    constraints = []
    for item in raw.get("constraints", []):
        written = item.get("condition")
        context, condition = (None, None) if written is None else parse_condition(written)
        constraints.append(
            Constraint(
                subtypes=frozenset(item["noticeTypes"]),
                value=bool(item["value"]),
                context=context,
                condition=condition,
                source=written or "",
            )
        )
    return Rule(default=bool(raw["value"]), constraints=tuple(constraints))


@functools.cache
def field_definitions() -> dict[str, FieldDefinition]:
    """Return the definitions of ``fields-social.json`` by field identifier, read once.

    Raises:
        InternalError: when a rule uses EFX that clausegen cannot read.
    """
    definitions: dict[str, FieldDefinition] = {}
    for raw in fields_document()["fields"]:
        code_list = raw.get("codeList", {}).get("value", {}).get("id")
        definitions[raw["id"]] = FieldDefinition(
            id=raw["id"],
            parent_node=raw["parentNodeId"],
            xpath=raw["xpathAbsolute"],
            relative=raw["xpathRelative"],
            kind=raw["type"],
            code_list=code_list,
            pattern=raw.get("pattern", {}).get("value"),
            max_length=raw.get("maxLength"),
            mandatory=_rule(raw.get("mandatory")),
            forbidden=_rule(raw.get("forbidden")),
        )
    return definitions


def _subtype_order(subtype: str) -> tuple[int, int, str]:
    return (0, int(subtype), "") if subtype.isdigit() else (1, 0, subtype)


@functools.cache
def known_subtypes() -> tuple[str, ...]:
    """Return every notice subtype the field rules name (``1``…``40``, ``CEI``, ``E1``…)."""
    found = {
        subtype
        for definition in field_definitions().values()
        for rule in (definition.mandatory, definition.forbidden)
        for constraint in rule.constraints
        for subtype in constraint.subtypes
    }
    return tuple(sorted(found, key=_subtype_order))


def subtypes_allowing(field_ids: Sequence[str]) -> tuple[str, ...]:
    """Return the notice subtypes in which none of ``field_ids`` is forbidden outright."""
    definitions = field_definitions()
    return tuple(
        subtype
        for subtype in known_subtypes()
        if not any(definitions[field].forbidden.always(subtype) for field in field_ids)
    )
