"""Check the filters (``|upper``) and tests (``is defined``) a template uses.

A filter or test must exist in the environment templates are rendered with; ``safe`` and
``urlize`` are refused (:data:`~clausegen.render.renderer.REFUSED_FILTERS`), ``attr`` only
takes a field name written out. Filters that take field names as text
(``selectattr("has_hours")``, ``sort(attribute="number")``) have them checked against the
list's items, and those that keep a list (or pick one of its items) keep what it is, so that
``{% for lot in lots|selectattr("has_hours") %}`` still knows what ``lot`` holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import jinja2
from jinja2 import nodes

from clausegen.i18n import _
from clausegen.present.vocabulary import Kind, Variable
from clausegen.render.lint.findings import closest, either, quoted
from clausegen.render.lint.paragraphs import Reporter, Tag
from clausegen.render.lint.values import ANY, Value
from clausegen.render.renderer import REFUSED_FILTERS


class Resolver(Protocol):
    """What checking a filter needs of the name resolver (:mod:`.names`), which calls it."""

    @property
    def env(self) -> jinja2.Environment:
        """The environment templates are rendered with."""

    @property
    def reporter(self) -> Reporter:
        """Where findings go."""

    def resolve(self, node: nodes.Node) -> Value:
        """Return what an expression refers to."""

    def arguments(self, node: nodes.Filter | nodes.Test | nodes.Call) -> None:
        """Resolve the arguments of a filter, test or call."""

    def attribute(self, value: Value, name: str) -> Value:
        """Return the field ``name`` of ``value``."""

    def current(self) -> Tag:
        """The tag being checked."""

    def unknown(
        self,
        written: str,
        message: str,
        advice: str | None = None,
        word: str | None = None,
        candidates: Iterable[str] = (),
        prefix: str = "",
    ) -> None:
        """Report a name that is not in the vocabulary."""

    def refuse(self, key: str, message: str) -> None:
        """Report what the sandbox would refuse."""


_LIST_FILTERS = {
    "selectattr",
    "rejectattr",
    "sort",
    "reverse",
    "unique",
    "list",
    "select",
    "reject",
}
_ITEM_FILTERS = {"first", "last", "random"}
_ATTRIBUTE_FILTERS = {"sort", "unique", "min", "max", "sum", "map", "groupby"}
_FRENCH_FILTERS = {
    "majuscule": "upper",
    "minuscule": "lower",
    "capitale": "capitalize",
    "longueur": "length",
    "nombre": "length",
    "defaut": "default",
    "défaut": "default",
    "joindre": "join",
    "remplacer": "replace",
    "premier": "first",
    "dernier": "last",
    "trier": "sort",
    "somme": "sum",
    "arrondi": "round",
    "titre": "title",
}


def resolve_filter(names: Resolver, node: nodes.Filter) -> Value:
    """Check a filter (it exists, is not refused, its field names) and return its result."""
    value = names.resolve(node.node) if node.node is not None else ANY
    name = node.name
    names.arguments(node)
    if name in REFUSED_FILTERS:
        names.refuse(
            name,
            (
                _("The filter {name} is refused: it would pass raw XML code into the document.")
                if name == "safe"
                else _(
                    "The filter {name} is refused: the HTML code it produces would make text "
                    "vanish from the document."
                )
            ).format(name=quoted(name)),
        )
        return ANY
    if name not in names.env.filters:
        french = _FRENCH_FILTERS.get(name.lower().rstrip("s"))
        close = [french] if french else []
        close = close or closest(name, sorted(names.env.filters))
        names.reporter.about(
            names.current(),
            "unknown-filter",
            _("The filter {name} does not exist.").format(name=quoted(name)),
            _("Did you mean {name}?").format(name=either(close))
            if close
            else _("The filters available are listed in the template guide."),
        )
        return ANY
    if name == "attr":
        return _attr_filter(names, node, value)
    _filter_names(names, node, value)
    variable = value.variable
    if variable is not None and variable.kind is Kind.LIST and not value.item:
        if name in _LIST_FILTERS:
            return value
        if name in _ITEM_FILTERS:
            return Value(f"({value.written}|{name})", variable, item=True)
    return ANY


def _attr_filter(names: Resolver, node: nodes.Filter, value: Value) -> Value:
    argument = node.args[0] if node.args else None
    if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
        return names.attribute(value, argument.value)
    names.refuse(
        "attr",
        _('The filter "attr" is only allowed with a field name written between quotes.'),
    )
    return ANY


def _filter_names(names: Resolver, node: nodes.Filter, value: Value) -> None:
    """Check the field, test and filter names that some filters take as text."""
    name = node.name
    first = _constant(node.args[0]) if node.args else None
    second = _constant(node.args[1]) if len(node.args) > 1 else None
    keyword = {str(k.key): _constant(k.value) for k in node.kwargs}
    fields = []
    if name in ("selectattr", "rejectattr", "groupby") and first:
        fields.append(first)
    if name in _ATTRIBUTE_FILTERS and keyword.get("attribute"):
        fields.append(str(keyword["attribute"]))
    if name in ("select", "reject") and first and first not in names.env.tests:
        unknown_test(names, first)
    if name in ("selectattr", "rejectattr") and second and second not in names.env.tests:
        unknown_test(names, second)
    if name == "map" and first and "attribute" not in keyword and first not in names.env.filters:
        names.attribute(Value(f"{value.written}|map"), first)
    variable = value.variable
    if variable is None or variable.kind is not Kind.LIST or value.item:
        return
    for path in fields:
        current: Variable | None = variable
        for part in path.split("."):
            member = current.field(part) if current is not None else None
            if member is None:
                known = [f.name for f in current.fields] if current is not None else []
                names.unknown(
                    f"{value.written}[].{path}",
                    _("{field} is not a field of the items of {list}.").format(
                        field=quoted(path), list=quoted(value.written)
                    ),
                    None,
                    part,
                    known,
                )
                break
            current = member


def unknown_test(names: Resolver, name: str) -> None:
    """Report a test (after ``is``) that does not exist, with the closest ones."""
    close = closest(name, sorted(names.env.tests))
    if name.lower() in ("vide", "empty", "blank"):
        advice = _(
            'An empty value counts as false: write "if not …" for "is empty" and "if …" for '
            '"is not empty".'
        )
    elif close:
        advice = _("Did you mean {name}?").format(name=either(close))
    else:
        advice = _("The tests available are listed in the template guide.")
    names.reporter.about(
        names.current(),
        "unknown-test",
        _("The test {name} does not exist.").format(name=quoted(name)),
        advice,
    )


def _constant(node: nodes.Node) -> str | None:
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None
