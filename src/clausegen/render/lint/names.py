"""Resolve the names a template uses against the vocabulary, with the filters and tests it has.

Every name of a tag is resolved to what it refers to: a variable of
:data:`~clausegen.present.vocabulary.VOCABULARY` (``buyer.name``), an item of one of its
lists (a loop variable, ``lots[0]``), ``loop``, a ``{% set %}`` name, or one of the sandbox's
globals. A name that resolves to nothing is reported with the closest names (difflib); a
filter or test must exist in the environment templates are rendered with; what the sandbox
would refuse (``_`` names, ``attr`` with such a name, ``safe``, ``urlize``) is reported
before any render.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeVisitor

from clausegen.i18n import N_, _
from clausegen.present.vocabulary import Kind, Variable, variables
from clausegen.render.lint.filters import resolve_filter, unknown_test
from clausegen.render.lint.findings import closest, either, quoted, tag_text
from clausegen.render.lint.paragraphs import Reporter, Tag
from clausegen.render.lint.values import (
    ANY,
    ANY_NAME,
    KIND_WORDS,
    LOOP_ATTRIBUTES,
    Value,
    not_a_list,
)


@dataclass
class Resolver(NodeVisitor):
    """Resolves the names of one part's tags, scope by scope.

    Jinja's :class:`~jinja2.visitor.NodeVisitor` dispatches each node of a tag's parsed
    expression to the ``visit_`` method of its kind; every other node has its children
    resolved (:meth:`generic_visit`).

    Attributes:
        reporter: where findings go.
        vocabulary: the names templates may use.
        env: the environment templates are rendered with (its filters, tests and globals).
        scopes: the names bound by ``{% for %}``, ``{% with %}`` and ``{% set %}``, outermost
            first; the first is the part's own.
        tag: the tag being checked, which findings are about.
    """

    reporter: Reporter
    vocabulary: Variable
    env: jinja2.Environment
    scopes: list[dict[str, Value]] = field(default_factory=lambda: [{}])
    tag: Tag | None = None
    reported: set[tuple[str, str]] = field(default_factory=set)

    def start(self, tag: Tag) -> None:
        """Make ``tag`` the one findings are about (each tag reports a name once)."""
        self.tag = tag
        self.reported = set()

    def assign(self, node: nodes.Assign) -> None:
        """Bind the name of a ``{% set x = … %}`` to what it is set to, in the current scope."""
        value = self.resolve(node.node)
        if isinstance(node.target, nodes.Name):
            name = node.target.name
            self.scopes[-1][name] = Value(name, value.variable, value.item, value.loop)
        else:
            self.bind(node.target, ANY)

    def bind(self, target: nodes.Node, value: Value) -> None:
        """Bind a loop or ``with`` target (a name, or several: then to anything)."""
        if isinstance(target, nodes.Name):
            self.scopes[-1][target.name] = Value(target.name, value.variable, value.item)
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY)
        elif isinstance(target, nodes.NSRef):
            self._name(target.name)

    def printable(self, tag: Tag, value: Value) -> None:
        """Report a ``{{ … }}`` that would print a whole group or list."""
        variable = value.variable
        if variable is None or variable.kind not in (Kind.GROUP, Kind.LIST):
            return
        if variable.kind is Kind.LIST and not value.item:
            message = N_("{tag} would print the whole list {name}, as computer code.")
            advice = _(
                "Go through it with a loop ({loop}) or print its number of items: {length}."
            ).format(
                loop=tag_text("p", "for … in " + value.written),
                length=quoted("{{ " + value.written + "|length }}"),
            )
        else:
            message = (
                N_("{tag} would print the whole group {name}, as computer code.")
                if not value.item
                else N_("{tag} would print the whole item {name}, as computer code.")
            )
            first = variable.fields[0].name
            advice = _("Print one of its fields, for example {field}.").format(
                field=quoted(value.written + "." + first)
            )
        self.reporter.about(
            tag,
            "prints-group",
            _(message).format(tag=quoted(tag.text), name=quoted(value.written)),
            advice,
        )

    def resolve(self, node: nodes.Node) -> Value:
        """Return what an expression refers to, reporting unknown names on the way."""
        value: Value = self.visit(node)
        return value

    def visit_Name(self, node: nodes.Name) -> Value:
        """A name: a variable, a loop or ``set`` name, or a global."""
        return self._name(node.name)

    def visit_Getattr(self, node: nodes.Getattr) -> Value:
        """``value.field``."""
        return self.attribute(self.resolve(node.node), node.attr)

    def visit_Getitem(self, node: nodes.Getitem) -> Value:
        """``value[0]`` or ``value["field"]``."""
        return self._item(node)

    def visit_Filter(self, node: nodes.Filter) -> Value:
        """``value|filter(…)``."""
        return resolve_filter(self, node)

    def visit_Test(self, node: nodes.Test) -> Value:
        """``value is test``."""
        self.resolve(node.node)
        self.arguments(node)
        if node.name not in self.env.tests:
            unknown_test(self, node.name)
        return ANY

    def visit_Call(self, node: nodes.Call) -> Value:
        """``function(…)``: a global such as ``range``, or a method of a value."""
        target = node.node
        if not (isinstance(target, nodes.Name) and target.name in self.env.globals):
            self.resolve(target)
        self.arguments(node)
        return ANY

    def generic_visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Value:  # noqa: ARG002
        """Any other expression: resolve what it is made of; it may be anything."""
        for child in node.iter_child_nodes():
            self.resolve(child)
        return ANY

    def arguments(self, node: nodes.Filter | nodes.Test | nodes.Call) -> None:
        """Resolve the arguments of a filter, test or call."""
        for argument in [*node.args, *(k.value for k in node.kwargs)]:
            self.resolve(argument)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.resolve(extra)

    def _name(self, name: str) -> Value:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
            if ANY_NAME in scope:
                return ANY
        top = self.vocabulary.field(name)
        if top is not None:
            return Value(name, top)
        if name in self.env.globals:
            return ANY
        if name == "loop":
            self.unknown(
                "loop",
                _('"loop" only exists inside a {% for %} loop.'),
                _('Use "loop" between {%p for … %} and {%p endfor %}.'),
            )
            return ANY
        visible = {n for scope in self.scopes for n in scope if n != ANY_NAME}
        plural = self.vocabulary.field(name + "s")
        if plural is not None and plural.kind is Kind.LIST and not closest(name, visible):
            loop = tag_text("p", f"for {name} in {plural.name}")
            self.unknown(
                name,
                _(
                    "{name} is not a variable of the vocabulary: this name only exists in a loop "
                    "over {list}."
                ).format(name=quoted(name), list=quoted(plural.name)),
                _(
                    "Put this passage between {loop} and {end}, or between {row_loop} and "
                    "{row_end} in a table."
                ).format(
                    loop=quoted(loop),
                    end=quoted(tag_text("p", "endfor")),
                    row_loop=quoted(tag_text("tr", f"for {name} in {plural.name}")),
                    row_end=quoted(tag_text("tr", "endfor")),
                ),
            )
            return ANY
        candidates = sorted(visible | self._top_paths())
        self.unknown(
            name,
            _("{name} is not a variable of the vocabulary.").format(name=quoted(name)),
            None,
            name,
            candidates,
        )
        return ANY

    def _top_paths(self) -> set[str]:
        return {path for path, _ in variables(self.vocabulary) if "[]" not in path}

    def attribute(self, value: Value, name: str) -> Value:
        """Return the field ``name`` of ``value``; report it when it has none."""
        written = f"{value.written}.{name}" if value.written else name
        if name.startswith("_"):
            self.refuse(
                written,
                _(
                    '{name}: names that start with "_" are refused, a template has no access to '
                    "the inner workings of the program."
                ).format(name=quoted(written)),
            )
            return ANY
        if value.loop:
            self._loop_attribute(written, name)
            return ANY
        variable = value.variable
        if variable is None:
            return ANY
        if variable.kind is Kind.LIST and not value.item:
            self._list_attribute(value, variable, written, name)
            return ANY
        if variable.kind in (Kind.GROUP, Kind.LIST):
            member = variable.field(name)
            if member is not None:
                return Value(written, member)
            self.unknown(
                written,
                _(
                    "{name} is not a variable of the vocabulary: {parent} has no field {field}."
                ).format(name=quoted(written), parent=quoted(value.written), field=quoted(name)),
                None,
                name,
                [f.name for f in variable.fields],
                prefix=value.written + ".",
            )
            return ANY
        advice = (
            _("To transform a value, use a filter: {filter}.").format(
                filter=quoted(value.written + "|" + name)
            )
            if name in self.env.filters
            else None
        )
        self.unknown(
            written,
            _(
                "{name} is not a variable of the vocabulary: {parent} is {kind}, without a field "
                "{field}."
            ).format(
                name=quoted(written),
                parent=quoted(value.written),
                kind=_(KIND_WORDS[variable.kind]),
                field=quoted(name),
            ),
            advice,
        )
        return ANY

    def _loop_attribute(self, written: str, name: str) -> None:
        if name not in LOOP_ATTRIBUTES:
            self.unknown(
                written,
                _('{name} does not exist: "loop" has no field {field}.').format(
                    name=quoted(written), field=quoted(name)
                ),
                None,
                name,
                list(LOOP_ATTRIBUTES),
                prefix="loop.",
            )

    def _list_attribute(self, value: Value, variable: Variable, written: str, name: str) -> None:
        """Report a field asked of a whole list rather than of one of its items."""
        member = variable.field(name)
        advice = (
            _(
                "{field} is a field of each of its items: go through the list with a loop, or "
                "take one of its items ({item})."
            ).format(field=quoted(name), item=quoted(value.written + "[0]." + name))
            if member
            else None
        )
        self.unknown(
            written,
            _("{name} is not a variable of the vocabulary: {parent} is a list.").format(
                name=quoted(written), parent=quoted(value.written)
            ),
            advice,
        )

    def _item(self, node: nodes.Getitem) -> Value:
        value = self.resolve(node.node)
        argument = node.arg
        if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
            return self.attribute(value, argument.value)
        variable = value.variable
        is_list = variable is not None and variable.kind is Kind.LIST and not value.item
        if isinstance(argument, nodes.Slice):
            self.resolve(argument)
            return value if is_list else ANY
        if isinstance(argument, nodes.Const) and isinstance(argument.value, int):
            index = str(argument.value)
        else:
            self.resolve(argument)
            index = "…"
        if is_list:
            return Value(f"{value.written}[{index}]", variable, item=True)
        return ANY

    def item_of(self, value: Value, node: nodes.Node) -> Value:
        """Return what a ``{% for %}`` over ``value`` binds its target to; report non-lists."""
        variable = value.variable
        if variable is None or value.loop:
            return ANY
        if variable.kind is Kind.LIST and not value.item:
            return Value("", variable, item=True)
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem | nodes.Filter):
            lists = list_names(self.vocabulary)
            self.reporter.about(
                self.current(),
                "not-a-list",
                not_a_list(quoted(value.written), variable.kind, item=value.item),
                _("The lists of the vocabulary are {lists}.").format(lists=either(lists)),
            )
        return ANY

    # -- reporting ----------------------------------------------------------------------

    def current(self) -> Tag:
        """The tag being checked."""
        assert self.tag is not None  # noqa: S101 - set before any tag is checked
        return self.tag

    def unknown(
        self,
        written: str,
        message: str,
        advice: str | None = None,
        word: str | None = None,
        candidates: Iterable[str] = (),
        prefix: str = "",
    ) -> None:
        """Report a name that is not in the vocabulary (once per tag), with the closest ones.

        Args:
            written: the name as the template writes it (``lot.titre``).
            message: what is wrong.
            advice: what to do; by default, the closest of ``candidates`` to ``word``.
            word: the part of the name to compare with ``candidates``.
            candidates: the names that would be right here.
            prefix: what to put before a candidate to suggest it (``lot.``).
        """
        if ("unknown-variable", written) in self.reported:
            return
        self.reported.add(("unknown-variable", written))
        if advice is None and word is not None:
            close = closest(word, candidates)
            if close:
                advice = _("Did you mean {name}?").format(name=either([prefix + c for c in close]))
        self.reporter.about(
            self.current(),
            "unknown-variable",
            message,
            advice or _('The list of the variables: "clausegen templates variables".'),
        )

    def refuse(self, key: str, message: str) -> None:
        """Report what the sandbox would refuse (once per tag)."""
        if ("sandbox-refused", key) in self.reported:
            return
        self.reported.add(("sandbox-refused", key))
        self.reporter.about(
            self.current(),
            "sandbox-refused",
            message,
            _("Use only the variables of the vocabulary and the filters of the template guide."),
        )


def list_names(vocabulary: Variable) -> list[str]:
    """The lists of the vocabulary a loop can start from (not those inside list items)."""
    return [p for p, v in variables(vocabulary) if v.kind is Kind.LIST and "[]" not in p]
