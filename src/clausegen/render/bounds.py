"""The bounded versions of what a template can do that could build a huge value.

Jinja's sandbox stops templates from reaching Python's internals, not from asking for
``'a' * 10**9``, ``'%0999999999d' % 1`` or ``range``-sized loops of ``center``. The checks
here run before the operation, so that nothing large is ever built: widths and precisions
(at most :data:`MAX_WIDTH`), repetitions, sums, joins and replacements (never larger than
the output budget, :mod:`.budget`), whole numbers (:data:`~.budget.MAX_DIGITS` digits),
lists made of a text's characters or pieces (:data:`~.budget.MAX_ITEMS`), ``batch`` and
``slice`` (:data:`MAX_GROUPS`) and ``lipsum`` (:data:`MAX_LIPSUM_PARAGRAPHS`). The
environment of :mod:`.sandbox` calls them from its hooks and wraps every filter with
:func:`bounded_filter`.
"""

from __future__ import annotations

import functools
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sized
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import generate_lorem_ipsum

from clausegen.render import budget
from clausegen.render.budget import (
    MAX_BITS,
    MAX_ITEMS,
    RenderLimitError,
    check_size,
    measure,
    tick,
)

#: The widest padding, width or precision a template may ask for (``center``, ``indent``,
#: ``%10d``, ``{:>10}``…), in characters.
MAX_WIDTH = 10_000
#: The most paragraphs ``lipsum`` may make, and the most words in each.
MAX_LIPSUM_PARAGRAPHS = 100
MAX_LIPSUM_WORDS = 1000
#: The most groups ``batch`` and ``slice`` may make, or items in one (Jinja's bound on
#: ``range``).
MAX_GROUPS = 100_000

_NUMBERS = re.compile(r"\d+")
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?.", re.DOTALL)
#: Values whose size is known without walking them.
PLAIN = (str, int, float, bool, type(None))


#: The most characters ``wordwrap`` may copy while it cuts long words (its work grows with
#: the square of a word's length): a fraction of a second.
MAX_WRAP_WORK = 10**9


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


def check_binop(operator: str, left: object, right: object) -> None:
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


class Formatter(SandboxedFormatter):
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


class EscapeFormatter(Formatter, SandboxedEscapeFormatter):
    """``Markup.format`` in the sandbox, bounded as :class:`Formatter`."""


def check_method_call(method: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
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


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: a look at the clock, lists and mappings measured, and its own check."""
    check = _FILTER_CHECKS.get(name)
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0

    iterates = name in _LISTING_FILTERS

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        tick()
        for argument in (*args[skip:], *kwargs.values()):
            if not isinstance(argument, PLAIN):
                measure(argument, f"the value given to the filter {name}")
        value = args[skip] if len(args) > skip else None
        if iterates and isinstance(value, Sized) and len(value) > MAX_ITEMS:
            msg = (
                f"the filter {name} would go through {len(value)} items or characters, more "
                f"than {MAX_ITEMS}"
            )
            raise RenderLimitError(msg)
        if check is not None:
            args = (*args[:skip], *check(list(args[skip:]), kwargs))
        return function(*args, **kwargs)

    return bounded


# Filters that go through their value item by item (a text's characters or words), making
# a Python object of each or running Python code for each: no value may have more than
# MAX_ITEMS items for them, so that they end within seconds even where no signal can stop
# them (a worker thread).
_LISTING_FILTERS = frozenset(
    {"list", "batch", "slice", "sort", "unique", "map", "select", "reject", "selectattr"}
    | {"rejectattr", "groupby", "join", "dictsort", "wordwrap", "wordcount", "title"}
    | {"urlencode", "pprint"}
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
    columns = max(width if isinstance(width, int) else 79, 1)
    lines = len(text) // columns + 1
    check_size(len(text) + lines * len(str(wrap or "\n")), "wordwrap")
    # NOTE: Python's textwrap copies the rest of a long word for every line it cuts from it:
    # its work grows with the square of the longest word. One call runs without a look at
    # the clock (no signal reaches a worker thread), so that work is bounded before it runs.
    longest = max((len(word) for word in text.split()), default=0)
    if longest * longest // columns > MAX_WRAP_WORK:
        msg = (
            f"the filter wordwrap would cut a word of {longest} characters into lines of "
            f"{columns}, too much work for one filter"
        )
        raise RenderLimitError(msg)
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


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's ``lipsum``, with at most :data:`MAX_LIPSUM_PARAGRAPHS` paragraphs."""
    if n > MAX_LIPSUM_PARAGRAPHS or max > MAX_LIPSUM_WORDS:
        msg = (
            f"lipsum({n}, max={max}) asks for more than {MAX_LIPSUM_PARAGRAPHS} paragraphs or "
            f"{MAX_LIPSUM_WORDS} words a paragraph"
        )
        raise RenderLimitError(msg)
    return str(generate_lorem_ipsum(n, html, min, max))
