r"""Read YAML and JSON descriptions as untrusted text: bounded, checked, with lines to point at.

Contract descriptions, buyer profiles and template manifests are read here. Whatever their
content, reading one ends quickly with data or a :class:`~clausegen.errors.ContractError`
that names the file, the line and the column:

* the file is read through :func:`clausegen.inputs.read_input` (regular files only, at most
  ``Limits.description_bytes``);
* the YAML composer counts while it builds the tree: nesting beyond ``Limits.nesting_depth``,
  more aliases than ``Limits.yaml_aliases`` or more values than ``Limits.description_values``
  (both counted as if every alias were written out, which is how "billion laughs" documents
  explode) stop it at once; JSON nesting is measured before the parser recurses;
* control characters (raw or written as escapes such as ``"\v"`` or ``"\u000b"``) are
  refused with their place and field (:mod:`clausegen.read.screening`).

Nothing here knows what a contract is: :mod:`clausegen.resolve.loading` validates.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clausegen.characters import CONTROL, excerpt
from clausegen.errors import ContractError, Problem
from clausegen.i18n import N_, _
from clausegen.inputs import (
    STDIN,
    STDIN_NAME,
    InputRefusal,
    path_argument,
    read_input,
    read_standard_input,
    too_large,
)
from clausegen.limits import Limits, current
from clausegen.paths import PathPart, format_path, parse_path
from clausegen.read import yamlreader
from clausegen.read.parsertexts import json_text, shorten, yaml_problem
from clausegen.read.problems import MAX_PROBLEMS, cap, file_error
from clausegen.read.screening import check_data, escaped_controls, position, raw_controls

__all__ = [
    "Document",
    "Locator",
    "decode_text",
    "parse_document",
    "read_document",
    "read_readable_document",
]


@dataclass(frozen=True)
class Document:
    """A parsed YAML or JSON document and what is needed to point back into its text.

    Attributes:
        data: the parsed content.
        name: how messages name the source (the path as given, or ``<stdin>``).
        path: the file it was read from, None for standard input, a text or a mapping.
        locator: finds the line of a field path, when the source gives lines.
    """

    data: Any
    name: str
    path: Path | None
    locator: Locator


class Locator:
    """Map field paths to line numbers using the YAML node tree of the source."""

    def __init__(self, root: yaml.Node | None) -> None:
        self._root = root

    def line(self, path: tuple[PathPart, ...], *, key: bool = False) -> int | None:
        """Return the 1-based line of ``path``, or of its nearest existing parent.

        Args:
            path: keys and list positions from the document root.
            key: point at the key rather than at the value (for unknown or duplicate keys).
        """
        return self.position(path, key=key)[0]

    def position(
        self, path: tuple[PathPart, ...], *, key: bool = False
    ) -> tuple[int | None, int | None]:
        """Return the 1-based line and column of ``path`` (of its nearest existing parent)."""
        node = self._root
        if node is None:
            return None, None
        key_node: yaml.Node | None = None
        for part in path:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for candidate_key, candidate_value in node.value:
                    if isinstance(candidate_key, yaml.ScalarNode) and candidate_key.value == str(
                        part
                    ):
                        key_node, child = candidate_key, candidate_value
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                key_node, child = None, node.value[part]
            if child is None:
                return int(node.start_mark.line) + 1, None
            node = child
        target = key_node if key and key_node is not None else node
        return int(target.start_mark.line) + 1, int(target.start_mark.column) + 1

    def locate(self, problem: Problem) -> Problem:
        """Return ``problem`` with its line filled in from its field path."""
        if problem.line is not None or not problem.path:
            return problem
        return Problem(
            path=problem.path,
            message=problem.message,
            line=self.line(parse_path(problem.path)),
        )


def read_document(source: str | os.PathLike[str]) -> Document:
    """Read a YAML or JSON file (or standard input for ``-``) with line information.

    The format follows the suffix (``.json`` is JSON, anything else YAML); standard input is
    JSON when it starts with ``{``.

    Raises:
        ContractError: when the file cannot be read (missing, a folder, not a regular file,
            too large…), is not UTF-8, has a syntax error (with line and column), a
            duplicate key, a control character, or goes beyond the limits of
            :class:`~clausegen.limits.Limits`.
    """
    try:
        return read_readable_document(source)
    except InputRefusal as refusal:
        name = STDIN_NAME if str(source) == STDIN else str(source)
        raise file_error(name, refusal.message) from None


def read_readable_document(source: str | os.PathLike[str], *, name: str | None = None) -> Document:
    """Do what :func:`read_document` does, but let a file that cannot be read raise as such.

    ``name`` is how messages name the file (its path by default): a service names a profile
    by the name its clients know, not by where it lies on the server.

    Raises:
        InputRefusal: when the file cannot or may not be read at all.
        ContractError: for every other problem, as :func:`read_document`.
    """
    limits = current()
    given = path_argument("source", source)
    path = None if str(given) == STDIN else given
    if path is None:
        raw = read_standard_input(limit=limits.description_bytes, limit_name="description_bytes")
    else:
        raw = read_input(path, limit=limits.description_bytes, limit_name="description_bytes")
    if name is None:
        name = STDIN_NAME if path is None else str(source)
    text = _decode(raw, name)
    is_json = path.suffix.lower() == ".json" if path else text.lstrip().startswith("{")
    return parse_document(text, name=name, path=path, is_json=is_json)


def parse_document(
    text: str, *, name: str, path: Path | None = None, is_json: bool = False
) -> Document:
    """Parse the text of a YAML or JSON description, within the limits in force.

    Args:
        text: the whole text.
        name: how messages name the source.
        path: the file it was read from, if any.
        is_json: parse as JSON rather than YAML.

    Raises:
        ContractError: as :func:`read_document` does.
    """
    limits = current()
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.description_bytes:
        refusal = too_large(size, limits.description_bytes, "description_bytes")
        raise file_error(name, refusal.message)
    try:
        if CONTROL.search(text):
            raise ContractError(source=name, problems=raw_controls(text, limits))
        data, root = (_parse_json if is_json else _parse_yaml)(text, name, limits)
        if root is None:
            check_data(data, name=name, limits=limits)
        # NOTE: the text has no control character, so only an escape (\v) can put one in.
        problems = escaped_controls(root) if root is not None and "\\" in text else []
    except RecursionError:
        # NOTE: only when whoever runs clausegen raised CLAUSEGEN_LIMIT_NESTING_DEPTH very high.
        raise file_error(name, _TOO_DEEP) from None
    if problems:
        raise ContractError(source=name, problems=cap(problems))
    return Document(data=data, name=name, path=path, locator=Locator(root))


_TOO_DEEP = N_("nests mappings and lists too deeply to be read")
#: libyaml refuses to nest deeper than this, whatever the limit.
_LIBYAML_DEPTH = 1000


def decode_text(raw: bytes, name: str) -> str:
    """Decode the bytes of a description (UTF-8, a byte-order mark allowed).

    Raises:
        ContractError: when the bytes are not UTF-8, with the line of the first bad byte.
    """
    return _decode(raw, name)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = _("is not UTF-8 text (byte {byte}); save the file as UTF-8").format(
            byte=f"0x{raw[error.start]:02x}"
        )
        raise file_error(name, message, line) from None


def _limit_problem(error: yamlreader.LimitExceeded) -> Problem:
    mark = error.problem_mark
    return Problem(
        path="",
        message=_("{problem} (a limit set by {variable})").format(
            problem=error.problem, variable=Limits.variable(error.limit)
        ),
        line=None if mark is None else mark.line + 1,
        column=None if mark is None else mark.column + 1,
    )


def _parse_yaml(text: str, name: str, limits: Limits) -> tuple[Any, yaml.Node | None]:
    def refuse_duplicates(root: yaml.Node) -> None:
        problems = _duplicate_keys(root, ())
        if problems:
            raise ContractError(source=name, problems=cap(problems))

    try:
        return yamlreader.load(text, limits, check=refuse_duplicates)
    except yamlreader.LimitExceeded as error:
        raise ContractError(source=name, problems=[_limit_problem(error)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        if "maximum nesting depth" in message:  # libyaml's own bound: 1 000 levels
            error = yamlreader.LimitExceeded(
                _("nests mappings and lists more than {depth} levels deep").format(
                    depth=limits.nesting_depth
                ),
                mark,
                limit="nesting_depth",
            )
            problem = _limit_problem(error)
            if limits.nesting_depth >= _LIBYAML_DEPTH:
                problem = Problem("", _(_TOO_DEEP), problem.line, problem.column)
            raise ContractError(source=name, problems=[problem]) from None
        words = yaml_problem(error.context, error.problem)
        problem = Problem(
            path="",
            message=_("invalid YAML: {detail}").format(detail=shorten(words)),
            line=None if mark is None else mark.line + 1,
            column=None if mark is None else mark.column + 1,
        )
        raise ContractError(source=name, problems=[problem]) from None
    except yaml.reader.ReaderError as error:
        line, column = position(text, error.position)
        problem = Problem(
            path="",
            message=_("invalid YAML: the character {character} is not allowed").format(
                character=f"U+{error.character:04X}"
            ),
            line=line,
            column=column,
        )
        raise ContractError(source=name, problems=[problem]) from None
    except (yaml.YAMLError, ValueError) as error:
        message = _("invalid YAML: {detail}").format(detail=shorten(str(error)))
        raise file_error(name, message) from None


def _duplicate_keys(node: yaml.Node, where: tuple[PathPart, ...]) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            label = key.value if isinstance(key, yaml.ScalarNode) else None
            line = int(key.start_mark.line) + 1
            if label is not None and label != "<<":
                if label in seen:
                    problems.append(
                        Problem(
                            path=format_path((*where, label)),
                            message=_("duplicate key (first written on line {line})").format(
                                line=seen[label]
                            ),
                            line=line,
                        )
                    )
                else:
                    seen[label] = line
            problems.extend(_duplicate_keys(value, (*where, label or "?")))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems.extend(_duplicate_keys(item, (*where, index)))
    return problems


_JSON_TOKEN = re.compile(r'"(?:[^"\\]++|\\[\s\S]?)*+(?:"|\Z)|[\[\]{}]')
_LONG_NUMBER = re.compile(r"(?<![\w.])-?\d{4301,}")


def _parse_json(text: str, name: str, limits: Limits) -> tuple[Any, yaml.Node | None]:
    _check_json_depth(text, name, limits)
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        problem = Problem(
            path="",
            message=_("invalid JSON: {detail}").format(detail=json_text(error.msg)),
            line=error.lineno,
            column=error.colno,
        )
        raise ContractError(source=name, problems=[problem]) from None
    except ValueError:
        # NOTE: Python refuses to convert more than 4 300 digits (CVE-2020-10735).
        found = _LONG_NUMBER.search(text)
        line, column = position(text, found.start()) if found else (None, None)
        problem = Problem(
            path="",
            message=_("invalid JSON: a whole number too long to read (more than 4 300 digits)"),
            line=line,
            column=column,
        )
        raise ContractError(source=name, problems=[problem]) from None
    try:
        # NOTE: JSON is (almost always) YAML too; the YAML node tree gives line numbers.
        root = yamlreader.compose(text, limits)
    except yamlreader.LimitExceeded as error:
        raise ContractError(source=name, problems=[_limit_problem(error)]) from None
    except (yaml.YAMLError, RecursionError):
        root = None
    if duplicates:
        problems = _duplicate_keys(root, ()) if root is not None else []
        raise ContractError(
            source=name,
            problems=cap(problems)
            or [
                Problem(path="", message=_("duplicate key {key}").format(key=excerpt(key)))
                for key in duplicates[:MAX_PROBLEMS]
            ],
        )
    return data, root


def _check_json_depth(text: str, name: str, limits: Limits) -> None:
    """Refuse JSON nested deeper than the limit before the parser recurses into it."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > limits.nesting_depth:
                line, column = position(text, token.start())
                message = _("nests mappings and lists more than {depth} levels deep").format(
                    depth=limits.nesting_depth
                ) + _(" (a limit set by {variable})").format(
                    variable=Limits.variable("nesting_depth")
                )
                problem = Problem(path="", message=message, line=line, column=column)
                raise ContractError(source=name, problems=[problem])
        elif bracket in "]}":
            depth -= 1
