"""The one Jinja environment of templates: sandboxed, strict, always escaping, and bounded.

A template is code written by legal staff (or received from elsewhere), and its output is a
contract document. So, over Jinja's :class:`ImmutableSandboxedEnvironment`:

* ``StrictUndefined`` and autoescape, which a template cannot switch off
  (``{% autoescape false %}`` and the ``safe`` filter are refused); no loader, no import,
  include or extends, no macros (:data:`REFUSED_STATEMENTS`);
* only the plain methods of texts and numbers (``upper``, ``split``, ``format``…), never
  those that could build a huge value behind the checks (``expandtabs``, ``translate``,
  ``to_bytes``…);
* everything that could build a huge value is bounded before it is built (:mod:`.bounds`):
  powers and products of whole numbers, repetition and concatenation of texts and lists,
  format widths, the ``indent``, ``center``, ``wordwrap``, ``batch``, ``slice``,
  ``replace``, ``join`` filters, ``range`` and ``lipsum``; the lists and mappings a template
  writes, the values it prints and the output it keeps aside are measured (:mod:`.budget`);
* every loop iteration, call, attribute access, operator and printed value looks at the
  clock, so that a render stops at its time budget in any thread.

A bound that is reached raises :class:`~.budget.RenderLimitError`, reported by the renderer
as a located template error.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.filters import FILTERS
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from clausegen.render import budget
from clausegen.render.bounds import (
    PLAIN,
    EscapeFormatter,
    Formatter,
    bounded_filter,
    check_binop,
    check_method_call,
    lipsum,
)
from clausegen.render.budget import check_size, measure, tick
from clausegen.render.cleaning import clean_text

#: Filters removed from Jinja's built-ins, with why (the template check words them in French).
REFUSED_FILTERS = {
    # NOTE: `safe` would let a template print a value as raw XML (docxtpl issues #105, #594).
    "safe": "it would print a value as raw XML",
    # NOTE: `urlize` returns HTML (<a href=…>) as markup; inside a Word run the text after the
    # link vanished without an error (checked with docxtpl 0.20.2).
    "urlize": "its HTML links make the text around them vanish from the document",
}
#: Statements a template may not use: it has no loader, and macros are not part of the
#: language offered to legal staff (the template check words them in French).
REFUSED_STATEMENTS: dict[type[nodes.Node], str] = {
    nodes.EvalContextModifier: "templates may not switch autoescaping off",
    nodes.Macro: "templates may not define macros",
    nodes.CallBlock: "templates may not call macros",
    nodes.Import: "templates may not import other templates",
    nodes.FromImport: "templates may not import other templates",
    nodes.Include: "templates may not include other templates",
    nodes.Extends: "templates may not extend other templates",
}
#: How many pieces of output are kept before they are joined into one text.
JOIN_EVERY = 4096
#: The message of a template nested too deeply to be read or run.
TOO_DEEP = (
    "the template nests its parentheses, lists, filters, attributes or blocks too deeply to be read"
)
#: The methods of texts a template may call; the others are refused by the sandbox.
TEXT_METHODS = frozenset(
    "capitalize casefold center count endswith find format format_map index isalnum isalpha "  # noqa: SIM905 - a list of words
    "isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle "
    "isupper join ljust lower lstrip partition removeprefix removesuffix replace rfind "
    "rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title "
    "upper zfill striptags unescape".split()
)
#: The attributes of numbers a template may read.
NUMBER_ATTRIBUTES = frozenset(
    ("real", "imag", "numerator", "denominator", "bit_length", "conjugate", "is_integer")
)
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _deepest_line(source: str) -> int:
    """Guess the line of a template nested too deeply: the one with the most openings."""
    lines = source.split("\n") or [""]
    scores = [sum(line.count(mark) for mark in ("(", "[", "{%", "|", ".")) for line in lines]
    return scores.index(max(scores)) + 1


def finalize(value: object) -> Markup:
    """Turn a printed value into XML text that comes out exactly as written.

    Plain values are cleaned and escaped; ``_`` becomes ``&#95;``, which XML reads back as
    ``_`` but docxtpl's post-render ``str.replace("{_{", "{{")`` (and its three siblings)
    cannot match. Markup (made by Jinja itself, e.g. ``join`` under autoescape) is already
    escaped; only characters XML forbids are removed from it.

    Raises:
        RenderLimitError: when the value would be larger than the output budget.
    """
    if not isinstance(value, str):
        measure(value, "the printed value")
    text = value if isinstance(value, str) else str(value)
    current = budget.current()
    if current is not None:
        # NOTE: refuse before escaping: `"` becomes `&#34;`, five times longer.
        growth = 0 if isinstance(value, Markup) else sum(text.count(c) for c in "&<>\"'_") * 4
        current.expect_output(len(text) + growth)
    if isinstance(value, Markup):
        return Markup(_XML_FORBIDDEN.sub("", str(value)))  # noqa: S704 - escaped by Jinja
    escaped = str(escape(clean_text(text)))
    return Markup(escaped.replace("_", "&#95;"))  # noqa: S704 - escaped on the line above


class _BudgetedIterable:
    """What a ``{% for %}`` loop iterates over: the same items, with a look at the clock."""

    def __init__(self, iterable: Iterable[Any]) -> None:
        self._iterable = iterable

    def __len__(self) -> int:
        return len(self._iterable)  # type: ignore[arg-type]  # TypeError when unsized: fine

    def __iter__(self) -> Iterator[Any]:
        for item in self._iterable:
            tick()
            yield item


class _CountedBuffer(list[str]):
    """Where Jinja keeps output aside (``{% filter %}``, ``{% set %}`` blocks): counted.

    Every :data:`JOIN_EVERY` pieces are joined into one text, so that millions of tiny
    pieces do not cost a Python object each (Jinja only ever joins the whole buffer).
    """

    _joined = 0

    def append(self, item: str) -> None:
        """Keep one piece, counted against the output budget."""
        _count_buffered(item)
        super().append(item)
        if len(self) - self._joined >= JOIN_EVERY:
            block = "".join(self[self._joined :])
            del self[self._joined :]
            super().append(block)
            self._joined = len(self)

    def extend(self, items: Iterable[str]) -> None:
        """Keep several pieces, each counted against the output budget."""
        for item in items:
            self.append(item)


def _count_buffered(item: str) -> None:
    current = budget.current()
    if current is not None:
        tick()
        current.add_buffered(len(item))


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with the budget's checks where Jinja offers no hook."""

    def buffer(self, frame: Frame) -> None:
        """Keep output aside in a :class:`_CountedBuffer` (as Jinja 3.1 does, in a list)."""
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.counted_buffer()")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        """Iterate through :class:`_BudgetedIterable`, which looks at the clock."""
        original = node.iter
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("budgeted_iterable"), [original], [], None, None
        ).set_lineno(original.lineno)
        try:
            super().visit_For(node, frame)
        finally:
            node.iter = original

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """Check the size of ``a ~ b`` before joining (as Jinja 3.1 writes it, plus the check)."""
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"{join}(environment.concat_within_budget((")
        for operand in node.nodes:
            self.visit(operand, frame)
            self.write(", ")
        self.write(")))")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        """Check the size of a list a template writes."""
        self._bounded(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        """Check the size of a mapping a template writes."""
        self._bounded(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        """Check the size of a tuple a template writes (not of an assignment's names)."""
        if node.ctx != "load":
            super().visit_Tuple(node, frame)
        else:
            self._bounded(super().visit_Tuple, node, frame)

    def _bounded(self, visit: Callable[..., None], node: nodes.Expr, frame: Frame) -> None:
        self.write("environment.container_within_budget(")
        visit(node, frame)
        self.write(")")


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox: autoescape always on, no macros or loader, every operation bounded.

    See the module docstring for what is bounded and how.
    """

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = super()._parse(source, name, filename)
            refused = next(tree.find_all(tuple(REFUSED_STATEMENTS)), None)
        except RecursionError:
            raise jinja2.TemplateSyntaxError(
                TOO_DEEP, _deepest_line(source), name, filename
            ) from None
        if refused is not None:
            message = next(m for k, m in REFUSED_STATEMENTS.items() if isinstance(refused, k))
            raise jinja2.TemplateSyntaxError(message, refused.lineno, name, filename)
        return tree

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Compile a template; a nesting Python cannot compile is a template syntax error."""
        try:
            if raw:
                return super().compile(source, name, filename, raw=True, defer_init=defer_init)
            return super().compile(source, name, filename, raw=False, defer_init=defer_init)
        except (RecursionError, SyntaxError, MemoryError):
            # NOTE: Python refuses more than 20 nested blocks and deep expressions, and the
            # code generator recurses: the template is at fault, not clausegen.
            text = source if isinstance(source, str) else ""
            raise jinja2.TemplateSyntaxError(
                TOO_DEEP, _deepest_line(text), name, filename
            ) from None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Allow only the plain methods of texts and the plain attributes of numbers."""
        if isinstance(obj, str) and attr not in TEXT_METHODS:
            return False
        if isinstance(obj, bytes):
            return False
        if isinstance(obj, int | float) and attr not in NUMBER_ATTRIBUTES:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Read an attribute (the sandbox's rules), after a look at the clock."""
        tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Read an item (the sandbox's rules), after a look at the clock."""
        tick()
        return super().getitem(obj, argument)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call a function or method (the sandbox's rules), with bounded arguments."""
        tick()
        for argument in (*args, *kwargs.values()):
            if not isinstance(argument, PLAIN):
                measure(argument, "an argument")
        check_method_call(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Compute ``left <operator> right`` after checking that the result is not too large."""
        tick()
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Route ``str.format`` and ``format_map`` through the bounded formatter."""
        if not isinstance(value, types.MethodType | types.BuiltinMethodType) or (
            value.__name__ not in ("format", "format_map")
        ):
            return None
        owner = value.__self__
        if not isinstance(owner, str):
            return None
        formatter: Formatter
        if isinstance(owner, Markup):
            formatter = EscapeFormatter(self, escape=owner.escape)
        else:
            formatter = Formatter(self)
        kind = type(owner)
        mapping = value.__name__ == "format_map"

        def bounded_format(*args: Any, **kwargs: Any) -> str:
            if mapping:
                if kwargs or len(args) != 1:
                    message = "format_map() takes exactly one argument"
                    raise TypeError(message)
                return kind(formatter.vformat(owner, (), args[0]))
            return kind(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(bounded_format, value)

    def counted_buffer(self) -> _CountedBuffer:
        """Return a buffer for output kept aside (called by the generated code)."""
        return _CountedBuffer()

    def budgeted_iterable(self, iterable: Iterable[Any]) -> _BudgetedIterable:
        """Wrap what a loop iterates over (called by the generated code of every loop)."""
        return _BudgetedIterable(iterable)

    def concat_within_budget(self, operands: tuple[Any, ...]) -> tuple[Any, ...]:
        """Check the operands of ``a ~ b ~ …`` before they are joined into one text."""
        tick()
        check_size(sum(measure(item, "joining with ~") for item in operands), "joining with ~")
        return operands

    def container_within_budget(self, value: Any) -> Any:
        """Check the size of a list, tuple or mapping a template writes."""
        tick()
        measure(value, "this list")
        return value


@functools.cache
def environment() -> TemplateEnvironment:
    """Return the one Jinja environment every clausegen template is rendered with."""
    env = TemplateEnvironment(undefined=StrictUndefined, autoescape=True, finalize=finalize)
    env.filters = {
        name: bounded_filter(name, function)
        for name, function in FILTERS.items()
        if name not in REFUSED_FILTERS
    }
    env.globals["lipsum"] = lipsum
    return env
