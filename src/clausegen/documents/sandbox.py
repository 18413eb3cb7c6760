"""The one Jinja environment of templates: sandboxed, strict, always escaping, and bounded.

A template is code written by legal staff (or received from elsewhere), and its output is a
contract document. So, over Jinja's :class:`ImmutableSandboxedEnvironment`:

* ``StrictUndefined`` and autoescape, which a template cannot switch off
  (``{% autoescape false %}`` and the ``safe`` filter are refused); no loader, no import,
  include or extends, no macros (:data:`REFUSED_STATEMENTS`);
* only the plain methods of texts and numbers (``upper``, ``split``, ``format``…), never
  those that could build a huge value behind the checks (``expandtabs``, ``translate``,
  ``to_bytes``…);
* everything that could exhaust the machine is bounded (:mod:`.budget`): big-number powers
  and products (at most :data:`~.budget.MAX_DIGITS` digits), repetition and concatenation
  of texts and lists, ``%`` and ``format`` widths and precisions and the ``indent``,
  ``center``, ``wordwrap``, ``batch``, ``slice``, ``replace``, ``join`` filters (at most
  :data:`MAX_WIDTH` columns, and never a value larger than the output budget), ``range``
  (Jinja's 100 000 numbers) and ``lipsum`` (:data:`MAX_LIPSUM_PARAGRAPHS` paragraphs);
* every loop iteration, call, attribute access, operator and printed value looks at the
  clock, so that a render stops at its time budget in any thread.

A bound that is reached raises :class:`~.budget.RenderLimitError`, reported by the renderer
as a located template error.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from typing import Any

import jinja2
from jinja2 import StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.filters import FILTERS
from jinja2.runtime import Context
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup, escape

from clausegen.documents import budget
from clausegen.documents.budget import (
    MAX_BITS,
    MAX_ITEMS,
    RenderLimitError,
    check_size,
    measure,
    tick,
)
from clausegen.documents.cleaning import clean_text

#: The widest padding, width or precision a template may ask for (``center``, ``indent``,
#: ``%10d``, ``{:>10}``…), in characters.
MAX_WIDTH = 10_000
#: The most paragraphs ``lipsum`` may make, and the most words in each.
MAX_LIPSUM_PARAGRAPHS = 100
MAX_LIPSUM_WORDS = 1000
#: The most groups ``batch`` and ``slice`` may make, or items in one (Jinja's bound on
#: ``range``).
MAX_GROUPS = 100_000

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
_NUMBERS = re.compile(r"\d+")
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?.", re.DOTALL)
_PLAIN = (str, int, float, bool, type(None))


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


def _too_wide(width: object, what: str) -> None:
    size = len(width) if isinstance(width, str) else width
    if isinstance(size, int) and size > MAX_WIDTH:
        msg = f"{what} asks for a width of {size} characters, more than the {MAX_WIDTH} allowed"
        raise RenderLimitError(msg)


def _check_numbers_in(spec: str, what: str) -> int:
    """Refuse widths and precisions above :data:`MAX_WIDTH` in a format spec; return their sum."""
    total = 0
    for number in _NUMBERS.findall(spec):
        if len(number) > len(str(MAX_WIDTH)) or int(number) > MAX_WIDTH:
            msg = (
                f"{what} asks for a width or precision of {number[:12]}"
                f"{'…' if len(number) > 12 else ''}, more than the {MAX_WIDTH} allowed"
            )
            raise RenderLimitError(msg)
        total += int(number)
    return total


def check_printf(template: str, values: object) -> None:
    """Bound ``template % values``: widths, precisions and the size of the result."""
    total = len(template)
    stars = False
    for match in _PRINTF.finditer(template):
        stars = stars or "*" in match.group(0)
        total += _check_numbers_in(match.group(0), "a % format")
    arguments: Iterable[object]
    if isinstance(values, tuple):
        arguments = values
    elif isinstance(values, Mapping):
        arguments = values.values()
    else:
        arguments = (values,)
    for argument in arguments:
        if stars and isinstance(argument, int):
            _too_wide(abs(argument), "a % format")
        total += measure(argument, "a % format")
    check_size(total, "a % format")


def _check_binop(operator: str, left: object, right: object) -> None:
    """Refuse an operation whose result would be too large, before computing it."""
    sequences = (str, bytes, list, tuple)
    if operator == "**" and isinstance(left, int) and isinstance(right, int):
        if right > 0 and abs(left) > 1 and right * abs(left).bit_length() > MAX_BITS:
            msg = f"{left} ** {right} would have more than {budget.MAX_DIGITS} digits"
            raise RenderLimitError(msg)
    elif operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_BITS:
                msg = f"this product would have more than {budget.MAX_DIGITS} digits"
                raise RenderLimitError(msg)
        elif isinstance(left, sequences) and isinstance(right, int):
            _check_repetition(left, right)
        elif isinstance(right, sequences) and isinstance(left, int):
            _check_repetition(right, left)
    elif operator == "+" and isinstance(left, sequences) and isinstance(right, sequences):
        check_size(measure(left, "a sum") + measure(right, "a sum"), "this addition")
    elif operator == "%" and isinstance(left, str):
        check_printf(left, right)


def _check_repetition(value: str | bytes | list[Any] | tuple[Any, ...], times: int) -> None:
    what = f"repeating a value {times} times"
    if isinstance(value, list | tuple) and len(value) * times > MAX_ITEMS:
        msg = f"{what} would make a list of more than {MAX_ITEMS} items"
        raise RenderLimitError(msg)
    check_size(measure(value, what) * times, what)


class _Formatter(SandboxedFormatter):
    """``str.format`` in the sandbox, with bounded widths and result."""

    def __init__(self, env: jinja2.Environment, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self._produced = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        """Format one field, refusing huge widths and precisions and a huge result."""
        tick()
        _check_numbers_in(format_spec, "a format")
        measure(value, "a format")
        result = super().format_field(value, format_spec)
        self._produced += len(result)
        check_size(self._produced, "a format")
        return result


class _EscapeFormatter(_Formatter, SandboxedEscapeFormatter):
    """``Markup.format`` in the sandbox, bounded as :class:`_Formatter`."""


def _check_method_call(method: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Bound the text methods that can build a large text: padding, join, replace."""
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str) or not isinstance(
        method, types.BuiltinMethodType | types.MethodType
    ):
        return
    name = method.__name__
    if name in ("center", "ljust", "rjust", "zfill"):
        _too_wide(args[0] if args else kwargs.get("width"), f"{name}()")
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else None)
    elif name == "join" and args and isinstance(args[0], list | tuple):
        _check_join(args[0], owner)
    elif name == "join" and args and isinstance(args[0], str):
        check_size(len(args[0]) * (1 + len(owner)), "join()")
    elif name in ("split", "rsplit", "splitlines"):
        _check_pieces(name, owner, args, kwargs)


_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _check_pieces(name: str, text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Bound the number of pieces ``split``, ``rsplit`` and ``splitlines`` would make."""
    if name == "splitlines":
        pieces = sum(text.count(c) for c in _LINE_BREAKS) + 1
    else:
        separator = args[0] if args else kwargs.get("sep")
        most = args[1] if len(args) > 1 else kwargs.get("maxsplit", -1)
        if isinstance(most, int) and most >= 0:
            pieces = most + 1
        elif isinstance(separator, str) and separator:
            pieces = text.count(separator) + 1
        else:
            pieces = len(text) // 2 + 1
    if pieces > MAX_ITEMS:
        msg = f"{name}() would make more than {MAX_ITEMS} pieces"
        raise RenderLimitError(msg)


def _check_replace(text: str, old: object, new: object, count: object) -> None:
    old_text, new_text = str(old), str(new)
    found = len(text) + 1 if not old_text else text.count(old_text)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    growth = max(len(new_text) - len(old_text), 0)
    check_size(len(text) + found * growth, "replace()")


def _check_join(items: list[Any] | tuple[Any, ...], separator: object) -> None:
    total = len(str(separator)) * max(len(items) - 1, 0)
    for item in items:
        total += measure(item, "join")
        check_size(total, "join")


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
    """Where Jinja keeps output aside (``{% filter %}``, ``{% set %}`` blocks): counted."""

    def append(self, item: str) -> None:
        """Keep one piece, counted against the output budget."""
        _count_buffered(item)
        super().append(item)

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
        tree = super()._parse(source, name, filename)
        for node in tree.find_all(tuple(REFUSED_STATEMENTS)):
            message = next(m for k, m in REFUSED_STATEMENTS.items() if isinstance(node, k))
            raise jinja2.TemplateSyntaxError(message, node.lineno, name, filename)
        return tree

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
            if not isinstance(argument, _PLAIN):
                measure(argument, "an argument")
        _check_method_call(obj, args, kwargs)
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Compute ``left <operator> right`` after checking that the result is not too large."""
        tick()
        _check_binop(operator, left, right)
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
        formatter: _Formatter
        if isinstance(owner, Markup):
            formatter = _EscapeFormatter(self, escape=owner.escape)
        else:
            formatter = _Formatter(self)
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


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: a look at the clock, lists and mappings measured, and its own check."""
    check = _FILTER_CHECKS.get(name)
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0

    iterates = name in _LISTING_FILTERS

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        tick()
        for argument in (*args[skip:], *kwargs.values()):
            if not isinstance(argument, _PLAIN):
                measure(argument, f"the value given to the filter {name}")
        value = args[skip] if len(args) > skip else None
        if iterates and isinstance(value, Sized) and len(value) > MAX_ITEMS:
            msg = f"the filter {name} would go through {len(value)} items, more than {MAX_ITEMS}"
            raise RenderLimitError(msg)
        if check is not None:
            args = (*args[:skip], *check(list(args[skip:]), kwargs))
        return function(*args, **kwargs)

    return bounded


# Filters that make a list, or a text, of every item of their value (a text's characters).
_LISTING_FILTERS = frozenset(
    {"list", "batch", "slice", "sort", "unique", "map", "select", "reject", "selectattr"}
    | {"rejectattr", "groupby", "join", "dictsort"}
)


def _argument(args: list[Any], kwargs: dict[str, Any], index: int, name: str) -> Any:
    return args[index] if len(args) > index else kwargs.get(name)


def _center(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    _too_wide(_argument(args, kwargs, 1, "width"), "center")
    return args


def _indent(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    width = _argument(args, kwargs, 1, "width")
    _too_wide(width, "indent")
    text = str(args[0]) if args else ""
    size = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
    check_size(len(text) + (text.count("\n") + 1) * size, "indent")
    return args


def _wordwrap(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    text = str(args[0]) if args else ""
    width = _argument(args, kwargs, 1, "width")
    wrap = _argument(args, kwargs, 3, "wrapstring")
    lines = len(text) // max(width if isinstance(width, int) else 79, 1) + 1
    check_size(len(text) + lines * len(str(wrap or "\n")), "wordwrap")
    return args


def _join(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    items = list(args[0]) if args else []
    _check_join(items, _argument(args, kwargs, 1, "d") or "")
    return [items, *args[1:]]


def _replace(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    if len(args) >= 3:
        _check_replace(str(args[0]), args[1], args[2], _argument(args, kwargs, 3, "count"))
    return args


def _format(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    if args:
        check_printf(str(args[0]), kwargs or tuple(args[1:]))
    return args


def _items(name: str, index: int, keyword: str) -> Callable[..., list[Any]]:
    def check(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
        count = _argument(args, kwargs, index, keyword)
        if isinstance(count, int) and count > MAX_GROUPS:
            msg = f"{name}({count}) would make more than {MAX_GROUPS} items"
            raise RenderLimitError(msg)
        return args

    return check


def _sum(args: list[Any], kwargs: dict[str, Any]) -> list[Any]:
    start = _argument(args, kwargs, 2, "start")
    if start is not None and not isinstance(start, int | float):
        message = "the filter sum adds numbers; its start must be a number"
        raise TypeError(message)
    return args


_FILTER_CHECKS: dict[str, Callable[[list[Any], dict[str, Any]], list[Any]]] = {
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "join": _join,
    "replace": _replace,
    "format": _format,
    "batch": _items("batch", 1, "linecount"),
    "slice": _items("slice", 1, "slices"),
    "sum": _sum,
    # NOTE: truncate only ever shortens a text (jinja2.filters.do_truncate): nothing to bound.
}


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's ``lipsum``, with at most :data:`MAX_LIPSUM_PARAGRAPHS` paragraphs."""
    if n > MAX_LIPSUM_PARAGRAPHS or max > MAX_LIPSUM_WORDS:
        msg = (
            f"lipsum({n}, max={max}) asks for more than {MAX_LIPSUM_PARAGRAPHS} paragraphs or "
            f"{MAX_LIPSUM_WORDS} words a paragraph"
        )
        raise RenderLimitError(msg)
    return str(generate_lorem_ipsum(n, html, min, max))


@functools.cache
def environment() -> TemplateEnvironment:
    """Return the one Jinja environment every clausegen template is rendered with."""
    env = TemplateEnvironment(undefined=StrictUndefined, autoescape=True, finalize=finalize)
    env.filters = {
        name: _bounded_filter(name, function)
        for name, function in FILTERS.items()
        if name not in REFUSED_FILTERS
    }
    env.globals["lipsum"] = _lipsum
    return env
