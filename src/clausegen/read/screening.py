r"""What no description may hold, however it comes: control characters, unbounded data.

A text (YAML or JSON) is screened for control characters before it is parsed, so that each
is reported with its line, column and field rather than as a parser's complaint, and after,
for those that escapes (``"\v"``, ``"\u000b"``) put in its values. Data given without a
text (a mapping from a program) is held to the same bounds as a text: depth, number of
values, no control character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from clausegen.characters import CONTROL, group_digits, problem_for
from clausegen.errors import ContractError, Problem
from clausegen.i18n import _, ngettext
from clausegen.limits import Limits, current
from clausegen.paths import PathPart, format_path
from clausegen.read import yamlreader
from clausegen.read.problems import MAX_PROBLEMS, cap, file_error

_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")


def position(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of ``text[index]``, counting lines as YAML does."""
    return next(_positions(text, [index]))


def _positions(text: str, indexes: list[int]) -> Iterator[tuple[int, int]]:
    """Yield the line and column of each of ``indexes`` (in increasing order), in one pass."""
    line, start, searched = 1, 0, 0
    for index in indexes:
        for found in _LINE_BREAK.finditer(text, searched, index):
            line += 1
            start = found.end()
        searched = max(searched, index)
        yield line, index - start + 1


#: Control characters are replaced by private-use characters, to find their fields.
_MASK = 0xF0000
_MASKED = re.compile(f"[{chr(_MASK)}-{chr(_MASK + 0x9F)}]")
_MASKING = {code: _MASK + code for code in range(0xA0) if CONTROL.match(chr(code))}
#: The most control characters located in one text; the others are counted.
_MAX_CHARACTERS = 20


def raw_controls(text: str, limits: Limits) -> list[Problem]:
    """Report the control characters of a text, with line, column and field where found.

    The first of each character in each field is reported (20 at most), the others counted.
    """
    spans = _masked_scalars(text, limits)
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    found = [match for match, _ in zip(CONTROL.finditer(text), range(10_000), strict=False)]
    places = _positions(text, [match.start() for match in found])
    for match, (line, column) in zip(found, places, strict=True):
        where = next((span for span in spans if span[0] <= (line - 1, column - 1) < span[1]), None)
        path = "" if where is None else where[2]
        if (path, match.group()) in reported:
            continue
        reported.add((path, match.group()))
        message = problem_for(match.group())
        if where is not None and where[3]:
            message = _("a field name {problem}").format(problem=message)
        problems.append(Problem(path=path, message=message, line=line, column=column))
        if len(problems) == _MAX_CHARACTERS:
            break
    rest = len(CONTROL.findall(text)) - len(problems)
    if rest > 0:
        message = ngettext(
            "and {count} more control character like these",
            "and {count} more control characters like these",
            rest,
        ).format(count=group_digits(rest))
        problems.append(Problem(path="", message=message))
    return problems


_Span = tuple[tuple[int, int], tuple[int, int], str, bool]


def _masked_scalars(text: str, limits: Limits) -> list[_Span]:
    """Find the texts (field values and names) that hold a control character, by field.

    The control characters are replaced by private-use characters that YAML accepts, the
    text is composed (JSON is YAML too), and every scalar holding one gives its span.
    """
    if _MASKED.search(text) is not None:
        return []  # NOTE: the text uses these characters itself: no field, but no mix-up
    try:
        root = yamlreader.compose(text.translate(_MASKING), limits)
    except (yaml.YAMLError, RecursionError):
        return []
    spans: list[_Span] = []
    for path, node, is_key in yamlreader.walk(root) if root is not None else ():
        if _MASKED.search(node.value):
            start, end = node.start_mark, node.end_mark
            at = (start.line, start.column), (end.line, end.column)
            spans.append((*at, format_path(path), is_key))
    return spans


def escaped_controls(root: yaml.Node) -> list[Problem]:
    r"""Report the control characters that escapes (``"\v"``, ``"\u000b"``) put in texts."""
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    for path, node, is_key in yamlreader.walk(root):
        found = CONTROL.search(node.value)
        mark = (int(node.start_mark.line), int(node.start_mark.column))
        if found is None or mark in seen:
            continue
        seen.add(mark)
        message = problem_for(found.group(), position=found.start() + 1)
        problems.append(
            Problem(
                path=format_path(path),
                message=_("a field name {problem}").format(problem=message) if is_key else message,
                line=mark[0] + 1,
                column=mark[1] + 1,
            )
        )
    return problems


def check_data(data: object, *, name: str, limits: Limits | None = None) -> None:
    """Check data given without a text (a mapping, or JSON that YAML cannot read).

    The same bounds as for a text: nesting depth (which also stops a mapping that contains
    itself), number of values, and no control character in a text or a key.

    Raises:
        ContractError: naming the field at fault.
    """
    limits = limits or current()
    problems: list[Problem] = []
    values = 0
    stack: list[tuple[tuple[PathPart, ...], object, int]] = [((), data, 0)]
    while stack and len(problems) <= MAX_PROBLEMS:
        path, value, depth = stack.pop()
        values += 1
        if values > limits.description_values:
            message = _("holds more than {count} values (a limit set by {variable})").format(
                count=group_digits(limits.description_values),
                variable=Limits.variable("description_values"),
            )
            raise file_error(name, message)
        if isinstance(value, dict | list | tuple):
            if depth >= limits.nesting_depth:
                message = _(
                    "nests mappings and lists more than {depth} levels deep "
                    "(a limit set by {variable})"
                ).format(depth=limits.nesting_depth, variable=Limits.variable("nesting_depth"))
                raise ContractError(
                    source=name, problems=[Problem(path=format_path(path), message=message)]
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in reversed(list(items)):
                if isinstance(key, str) and (found := CONTROL.search(key)):
                    message = _("a field name {problem}").format(
                        problem=problem_for(found.group(), position=found.start() + 1)
                    )
                    problems.append(Problem(path=format_path(path), message=message))
                part = key if isinstance(key, str | int) else str(key)
                stack.append(((*path, part), item, depth + 1))
        elif isinstance(value, str) and (found := CONTROL.search(value)):
            message = problem_for(found.group(), position=found.start() + 1)
            problems.append(Problem(path=format_path(path), message=message))
    if problems:
        raise ContractError(source=name, problems=cap(problems))
