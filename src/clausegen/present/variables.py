"""How the template vocabulary is declared and checked: the types, not the names.

:mod:`clausegen.present.vocabulary` declares every name a template may use with the
builders of this module (:func:`text`, :func:`integer`, :func:`boolean`, :func:`group`,
:func:`items`); :func:`variables` and :func:`lookup` walk a declaration (for the list of
variables and the lint of template tags), and :func:`shape_problems` checks that a context
has exactly the declared shape.

Values are plain: text (``str``, already in French typography), whole numbers (``int``),
yes/no (``bool``), groups (``dict``) and lists of groups (``list`` of ``dict``). An optional
value that the contract does not give is an empty string, never missing, so that a template
can always write ``{%p if buyer.email %}``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


class Kind(enum.StrEnum):
    """The type of a variable, as a template sees it."""

    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    GROUP = "group"
    LIST = "list"


@dataclass(frozen=True)
class Variable:
    """One name of the vocabulary.

    Attributes:
        name: the key in its group (``hours``), not the full path.
        kind: text, integer, boolean, a group of named values, or a list of groups.
        description: what it is, in French, for legal staff.
        example: an example value (leaves only; groups and lists have None).
        fields: the members of a group, or of each item of a list.
    """

    name: str
    kind: Kind
    description: str
    example: str | int | bool | None = None
    fields: tuple[Variable, ...] = ()

    def field(self, name: str) -> Variable | None:
        """Return the member called ``name`` of a group or list item, if there is one."""
        return next((f for f in self.fields if f.name == name), None)


def text(name: str, description: str, example: str) -> Variable:
    """Declare a text value (an empty string when the contract does not give it)."""
    return Variable(name, Kind.TEXT, description, example)


def integer(name: str, description: str, example: int) -> Variable:
    """Declare a whole number."""
    return Variable(name, Kind.INTEGER, description, example)


def boolean(name: str, description: str, example: bool) -> Variable:
    """Declare a yes/no value, for ``{%p if … %}``."""
    return Variable(name, Kind.BOOLEAN, description, example)


def group(name: str, description: str, *fields: Variable) -> Variable:
    """Declare a group of named values (``buyer.name``, ``buyer.phone``…)."""
    return Variable(name, Kind.GROUP, description, None, fields)


def items(name: str, description: str, *fields: Variable) -> Variable:
    """Declare a list whose items are groups with the given fields (``lots``)."""
    return Variable(name, Kind.LIST, description, None, fields)


_PYTHON_TYPES: dict[Kind, type] = {
    Kind.TEXT: str,
    Kind.INTEGER: int,
    Kind.BOOLEAN: bool,
    Kind.GROUP: dict,
    Kind.LIST: list,
}


def variables(root: Variable) -> Iterator[tuple[str, Variable]]:
    """Yield every variable under ``root`` with its full path, depth first.

    Paths use dots for groups and ``[]`` for list items: ``buyer.name``,
    ``lots[].insertion_hours``, ``lots[].parameters[].origin``.
    """
    yield from _walk(root, "")


def _walk(variable: Variable, prefix: str) -> Iterator[tuple[str, Variable]]:
    for member in variable.fields:
        path = f"{prefix}.{member.name}" if prefix else member.name
        yield path, member
        if member.kind is Kind.LIST:
            yield from _walk(member, f"{path}[]")
        elif member.kind is Kind.GROUP:
            yield from _walk(member, path)


def lookup(root: Variable, path: str) -> Variable | None:
    """Return the variable at ``path`` (as :func:`variables` writes it), or None."""
    current = root
    for name in path.replace("[]", "").split("."):
        found = current.field(name)
        if found is None:
            return None
        current = found
    return current


def shape_problems(root: Variable, values: Mapping[str, Any]) -> list[str]:
    """Compare a context with the vocabulary; return one line per difference (none is good).

    Every declared name must be present with a value of its type, and nothing undeclared may
    be present: a template must not be able to use a name that the documentation of the
    vocabulary does not describe.
    """
    problems: list[str] = []
    _check_group(root, values, "", problems)
    return problems


def _check_group(
    variable: Variable, values: Mapping[str, Any], prefix: str, problems: list[str]
) -> None:
    declared = {member.name for member in variable.fields}
    for extra in sorted(set(values) - declared):
        problems.append(f"{prefix}{extra}: not declared in the vocabulary")
    for member in variable.fields:
        path = f"{prefix}{member.name}"
        if member.name not in values:
            problems.append(f"{path}: missing")
            continue
        _check_value(member, values[member.name], path, problems)


def _check_value(variable: Variable, value: Any, path: str, problems: list[str]) -> None:
    expected = _PYTHON_TYPES[variable.kind]
    # NOTE: bool is a subclass of int; an integer variable must not receive True.
    if not isinstance(value, expected) or (
        variable.kind is Kind.INTEGER and isinstance(value, bool)
    ):
        problems.append(f"{path}: expected {variable.kind.value}, got {type(value).__name__}")
        return
    if variable.kind is Kind.GROUP and isinstance(value, Mapping):
        _check_group(variable, value, f"{path}.", problems)
    elif variable.kind is Kind.LIST and isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                _check_group(variable, item, f"{path}[{index}].", problems)
            else:
                problems.append(f"{path}[{index}]: expected group, got {type(item).__name__}")
