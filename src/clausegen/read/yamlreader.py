"""A YAML reader for untrusted text: bounded while it composes, and located problems.

PyYAML's safe loader builds no object it should not, but it follows the document wherever
it goes: ten nested levels of ten aliases make a billion values ("billion laughs"), a
thousand nested brackets exhaust the recursion. The composer here counts while it builds
the node tree and stops at the first value beyond the limits, with its line and column:

* ``Limits.nesting_depth``: mappings and lists nested deeper (an alias counts as the value
  it stands for, wherever it is used);
* ``Limits.yaml_aliases``: aliases used, counting each alias inside an anchored value once
  per repetition of that value;
* ``Limits.description_values``: values (mappings, lists, texts, numbers), counting what
  aliases repeat.

Texts go through libyaml's parser when PyYAML has it (several times faster); a small text it
refuses is read again by PyYAML's pure-Python parser, whose messages help most.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent, Event, ScalarEvent
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from clausegen.characters import excerpt, group_digits
from clausegen.i18n import _
from clausegen.limits import Limits
from clausegen.paths import PathPart

_T = TypeVar("_T")

#: Errors of texts longer than this (characters) are libyaml's; shorter ones are PyYAML's.
FAST_PARSER_FROM = 64 * 1024

#: A place in the text, from PyYAML's parser or from libyaml's.
_Mark = Any


class LimitExceeded(yaml.MarkedYAMLError):
    """Raised when a YAML document goes beyond a limit; ``problem`` says which, ``limit`` names it.

    Attributes: limit: the :class:`~clausegen.limits.Limits` field exceeded.
    """

    def __init__(self, message: str, mark: _Mark | None, *, limit: str) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.limit = limit


@dataclass
class _Extent:
    """What a value holds, aliases expanded: levels of nesting, values and aliases."""

    height: int = 0
    values: int = 0
    aliases: int = 0


class _Resolver(Resolver):
    """The standard resolver, but dates stay text.

    PyYAML turns ``2026-11-25`` into a date and raises a bare ValueError for ``2026-13-01``;
    leaving dates as text lets the models parse them with a proper message, and keeps a
    date-like reference (``reference: 2026-11-25``) as the text the user wrote.
    """


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}


class _Constructor(SafeConstructor):
    """The safe constructor, with a located error for whole numbers Python refuses to read."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            digits = sum(character.isdigit() for character in str(node.value))
            if digits > _INT_DIGITS:
                # NOTE: Python refuses to convert more than 4 300 digits (CVE-2020-10735).
                message = _("a whole number too long to read (more than 4 300 digits)")
            else:
                message = _("{tag}: the value is not a whole number").format(
                    tag=_tag_name(node.tag)
                )
            raise ConstructorError(None, None, message, node.start_mark) from None

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct a value; a value its explicit tag cannot take is a located YAML error.

        PyYAML's constructors fail on ``!!timestamp nonsense`` or ``!!bool maybe`` with
        ``AttributeError``, ``KeyError``… rather than a YAML error.
        """
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ArithmeticError, AttributeError, KeyError, LookupError, TypeError, ValueError):
            message = _(
                "{tag}: the value cannot be read as what its tag says "
                "(a description needs no explicit YAML tag: remove it)"
            ).format(tag=_tag_name(node.tag))
            raise ConstructorError(None, None, message, node.start_mark) from None


_INT_DIGITS = 4300


def _tag_name(tag: str) -> str:
    """Write a tag as YAML files do: ``!!bool`` for ``tag:yaml.org,2002:bool``."""
    name = tag.removeprefix("tag:yaml.org,2002:")
    if name != tag and name.isascii() and name.isalnum():
        return _("the tag {tag}").format(tag=f"!!{name}")
    return _("the tag {tag}").format(tag=excerpt(tag, limit=40))


_Constructor.yaml_constructors = {
    **SafeConstructor.yaml_constructors,
    "tag:yaml.org,2002:int": _Constructor.construct_yaml_int,
}


class _BoundedComposer(Composer):
    """PyYAML's composer, counting nesting, aliases and values as it composes."""

    if TYPE_CHECKING:
        # NOTE: given by the parser the loaders below are made with (Python's or libyaml's).
        def check_event(self, *choices: type[Event]) -> bool: ...
        def peek_event(self) -> Event: ...
        def dispose(self) -> None: ...

    def __init__(self, limits: Limits) -> None:
        Composer.__init__(self)
        self._limits = limits
        self._extents: dict[int, _Extent] = {}
        self._open: list[_Extent] = []
        self._aliases = 0
        self._values = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)  # type: ignore[attr-defined]
            if target is not None:
                extent = self._extents.get(id(target))
                if extent is None:
                    message = _("an alias stands for the value that contains it")
                    mark: _Mark = event.start_mark
                    raise ComposerError(None, None, message, mark)
                self._count(extent, event.start_mark, alias=True)
            return super().compose_node(parent, index)
        mark = self.peek_event().start_mark
        if self.check_event(ScalarEvent):
            node = super().compose_node(parent, index)
            self._count(_Extent(0, 1, 0), mark, node=node)
            return node
        if len(self._open) >= self._limits.nesting_depth:
            raise self._too_deep(mark)
        self._open.append(_Extent())
        node = super().compose_node(parent, index)
        inner = self._open.pop()
        self._count(_Extent(inner.height + 1, inner.values + 1, inner.aliases), mark, node=node)
        return node

    def _count(
        self,
        extent: _Extent,
        mark: _Mark | None,
        *,
        alias: bool = False,
        node: yaml.Node | None = None,
    ) -> None:
        if node is not None:
            self._extents[id(node)] = extent
        if len(self._open) + extent.height > self._limits.nesting_depth:
            raise self._too_deep(mark)
        if alias:
            self._aliases += 1 + extent.aliases
            self._values += extent.values
        else:
            self._values += 1
        if self._aliases > self._limits.yaml_aliases:
            message = _(
                "uses more than {count} aliases (*name), counting those that other aliases repeat"
            ).format(count=group_digits(self._limits.yaml_aliases))
            raise LimitExceeded(message, mark, limit="yaml_aliases")
        if self._values > self._limits.description_values:
            message = _(
                "holds more than {count} values, counting those that aliases repeat"
            ).format(count=group_digits(self._limits.description_values))
            raise LimitExceeded(message, mark, limit="description_values")
        if self._open:
            parent = self._open[-1]
            parent.height = max(parent.height, extent.height)
            parent.values += extent.values
            parent.aliases += extent.aliases + (1 if alias else 0)

    def _too_deep(self, mark: _Mark | None) -> LimitExceeded:
        message = _("nests mappings and lists more than {depth} levels deep").format(
            depth=self._limits.nesting_depth
        )
        return LimitExceeded(message, mark, limit="nesting_depth")


class _PythonLoader(Reader, Scanner, Parser, _BoundedComposer, _Constructor, _Resolver):
    """PyYAML's pure-Python parser: slower, with the most helpful messages."""

    def __init__(self, text: str, limits: Limits) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _BoundedComposer.__init__(self, limits)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


@functools.cache
def _fast_loader() -> Callable[[str, Limits], _BoundedComposer]:
    """Return the class of a loader on libyaml's parser (only when PyYAML has it)."""
    from yaml._yaml import CParser

    class _FastLoader(_BoundedComposer, CParser, _Constructor, _Resolver):
        def __init__(self, text: str, limits: Limits) -> None:
            CParser.__init__(self, text)
            _BoundedComposer.__init__(self, limits)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

    return _FastLoader


def compose(text: str, limits: Limits) -> yaml.Node | None:
    """Compose the node tree of a YAML text within ``limits`` (None for an empty document).

    Raises:
        LimitExceeded: when the document goes beyond a limit.
        yaml.YAMLError: for a syntax error.
    """
    root: yaml.Node | None = _parsed(text, limits, lambda loader: loader.get_single_node())
    return root


def load(
    text: str, limits: Limits, *, check: Callable[[yaml.Node], None] | None = None
) -> tuple[Any, yaml.Node | None]:
    """Compose and construct a YAML text within ``limits``: (data, node tree).

    Args:
        text: the YAML text.
        limits: the limits to apply.
        check: called with the node tree before any value is constructed; it may raise.

    Raises:
        LimitExceeded: when the document goes beyond a limit.
        yaml.YAMLError: for a syntax error, or a value that cannot be constructed.
    """

    def build(loader: _BoundedComposer) -> tuple[Any, yaml.Node | None]:
        root = loader.get_single_node()
        if root is None:
            return None, None
        if check is not None:
            check(root)
        assert isinstance(loader, _Constructor)  # noqa: S101 - both loaders construct
        return loader.construct_document(root), root

    return _parsed(text, limits, build)


def _parsed(text: str, limits: Limits, build: Callable[[Any], _T]) -> _T:
    """Run ``build`` on libyaml's parser, and on PyYAML's when a small text has an error.

    libyaml is several times faster and gives the nodes the same places (lines and
    columns); PyYAML words the errors of small texts best. So a text up to
    :data:`FAST_PARSER_FROM` that libyaml refuses (or nests beyond Python's recursion) is
    read again by PyYAML, whose error is the one reported; a larger text keeps libyaml's.
    A text without anchors and aliases is first composed by libyaml alone
    (:func:`_composed_by_libyaml`).
    """
    if yaml.__with_libyaml__:
        if not any(sign in text for sign in _REPEATS):
            done, result = _composed_by_libyaml(text, limits, build)
            if done:
                return result  # type: ignore[return-value]  # done: build's result
        fast = _fast_loader()(text, limits)
        try:
            return build(fast)
        except (yaml.YAMLError, RecursionError):
            if len(text) > FAST_PARSER_FROM:
                raise
        finally:
            fast.dispose()
    loader = _PythonLoader(text, limits)
    try:
        return build(loader)
    finally:
        loader.dispose()


def walk(
    node: yaml.Node, path: tuple[PathPart, ...] = ()
) -> Iterator[tuple[tuple[PathPart, ...], yaml.ScalarNode, bool]]:
    """Yield every scalar of a node tree with its field path, and whether it is a key.

    An alias is followed each time it is used (the composer bounds how often).
    """
    if isinstance(node, yaml.ScalarNode):
        yield path, node, False
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from walk(item, (*path, index))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield path, key, True
                label: PathPart = str(key.value)
            else:
                yield from walk(key, (*path, "?"))
                label = "?"
            yield from walk(value, (*path, label))


#: A text without these signs has no anchor and no alias: none of its values is repeated.
_REPEATS = ("&", "*")


class _Unsure(Exception):
    """Raised when a tree composed by libyaml may go beyond a limit."""


def _composed_by_libyaml(
    text: str, limits: Limits, build: Callable[[Any], _T]
) -> tuple[bool, _T | None]:
    """Run ``build`` on a tree composed by libyaml itself, when it is within the limits.

    Without aliases a tree is no larger than its text: libyaml may compose it whole, several
    times faster, and it is measured then (:func:`_within`). (False, None) when it is not
    within them or libyaml refuses the text: the bounded composer reads it again and words why.
    """
    loader = _libyaml_loader()(text, limits)
    try:
        return True, build(loader)
    except (_Unsure, yaml.YAMLError, RecursionError):
        return False, None
    finally:
        loader.dispose()


@functools.cache
def _libyaml_loader() -> Callable[[str, Limits], Any]:
    """Return the class of a loader composed by libyaml (only when PyYAML has it)."""
    from yaml._yaml import CParser

    class _LibyamlLoader(CParser, _Constructor, _Resolver):
        def __init__(self, text: str, limits: Limits) -> None:
            CParser.__init__(self, text)
            _Constructor.__init__(self)
            _Resolver.__init__(self)
            self._limits = limits

        def get_single_node(self) -> yaml.Node | None:
            root: yaml.Node | None = super().get_single_node()
            if root is not None and not _within(root, self._limits):
                raise _Unsure
            return root

    return _LibyamlLoader


def _within(root: yaml.Node, limits: Limits) -> bool:
    """Whether a tree without aliases is within the limits, counted as the composer counts."""
    values, stack = 0, [(root, 1)]
    while stack:
        node, level = stack.pop()
        values += 1
        if isinstance(node, yaml.ScalarNode):
            continue
        if level > limits.nesting_depth:
            return False
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, level + 1) for item in node.value)
        else:
            for key, value in node.value:
                stack += ((key, level + 1), (value, level + 1))
    return values <= limits.description_values
