"""Read contract descriptions (YAML or JSON) and explain every problem with file, line and field.

The loader is the edge of clausegen: whatever a buyer typed, what comes out is either a
validated :class:`~clausegen.obligation.models.Contract` or one :class:`ContractError` that
lists every problem, each with the file name, the line where the source gives it, the field
path (list positions from 0) and the offending value. The generic pieces (parsing with line
information, turning pydantic errors into problems) serve buyer profiles too.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from clausegen.errors import ContractError, Problem
from clausegen.obligation.hours import compute_obligation
from clausegen.obligation.models import Contract, describe_input
from clausegen.obligation.reference import ReferenceData

#: The file name that means standard input on the command line.
STDIN = "-"
STDIN_NAME = "<stdin>"

PathPart = str | int


@dataclass(frozen=True)
class Document:
    """A parsed YAML or JSON document and what is needed to point back into its text.

    Attributes:
        data: the parsed content.
        name: how messages name the source (the path as given, or ``<stdin>``).
        path: the file it was read from, None for standard input or a mapping.
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
        node = self._root
        if node is None:
            return None
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
                return int(node.start_mark.line) + 1
            node = child
        target = key_node if key and key_node is not None else node
        return int(target.start_mark.line) + 1

    def locate(self, problem: Problem) -> Problem:
        """Return ``problem`` with its line filled in from its field path."""
        if problem.line is not None or not problem.path:
            return problem
        return Problem(
            path=problem.path,
            message=problem.message,
            line=self.line(parse_path(problem.path)),
        )


_PATH_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parse_path(path: str) -> tuple[PathPart, ...]:
    """Turn ``lots[1].labour_share`` into ``("lots", 1, "labour_share")``."""
    return tuple(int(index) if index else name for index, name in _PATH_TOKEN.findall(path))


def format_path(parts: tuple[PathPart, ...]) -> str:
    """Turn ``("lots", 1, "labour_share")`` into ``lots[1].labour_share``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class _Loader(yaml.SafeLoader):
    """A safe YAML loader that leaves dates as text.

    PyYAML turns ``2026-11-25`` into a date and raises a bare ValueError for ``2026-13-01``;
    leaving dates as text lets the models parse them with a proper message, and keeps a
    date-like reference (``reference: 2026-11-25``) as the text the user wrote.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_document(source: str | os.PathLike[str]) -> Document:
    """Read a YAML or JSON file (or standard input for ``-``) with line information.

    The format follows the suffix (``.json`` is JSON, anything else YAML); standard input is
    JSON when it starts with ``{``.

    Raises:
        ContractError: when the file cannot be read, is not UTF-8, has a syntax error (with
            line and column) or a duplicate key.
    """
    if str(source) == STDIN:
        name, path = STDIN_NAME, None
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    else:
        path = Path(source)
        name = str(source)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise _file_error(name, "file not found") from None
        except IsADirectoryError:
            raise _file_error(name, "is a directory, not a file") from None
        except OSError as error:
            raise _file_error(name, f"cannot be read: {error.strerror}") from None
    text = _decode(raw, name)
    is_json = path.suffix.lower() == ".json" if path else text.lstrip().startswith("{")
    return _parse_json(text, name, path) if is_json else _parse_yaml(text, name, path)


def _file_error(name: str, message: str) -> ContractError:
    return ContractError(source=name, problems=[Problem(path="", message=message)])


def _decode(raw: bytes | str, name: str) -> str:
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContractError(
            source=name,
            problems=[
                Problem(
                    path="",
                    message=f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); "
                    "save the file as UTF-8",
                    line=line,
                )
            ],
        ) from None


def _parse_yaml(text: str, name: str, path: Path | None) -> Document:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        problems = _duplicate_keys(root, ()) if root is not None else []
        if problems:
            raise ContractError(source=name, problems=problems)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise ContractError(
            source=name,
            problems=[
                Problem(
                    path="",
                    message=f"invalid YAML: {message}",
                    line=None if mark is None else mark.line + 1,
                    column=None if mark is None else mark.column + 1,
                )
            ],
        ) from None
    except (yaml.YAMLError, ValueError) as error:
        raise _file_error(name, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()
    return Document(data=data, name=name, path=path, locator=Locator(root))


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
                            message=f"duplicate key (first written on line {seen[label]})",
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


def _parse_json(text: str, name: str, path: Path | None) -> Document:
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
        raise ContractError(
            source=name,
            problems=[
                Problem(
                    path="",
                    message=f"invalid JSON: {error.msg}",
                    line=error.lineno,
                    column=error.colno,
                )
            ],
        ) from None
    try:
        # NOTE: JSON is (almost always) YAML too; the YAML node tree gives line numbers.
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        root = None
    locator = Locator(root)
    if duplicates:
        problems = _duplicate_keys(root, ()) if root is not None else []
        raise ContractError(
            source=name,
            problems=problems
            or [Problem(path="", message=f"duplicate key {key!r}") for key in duplicates],
        )
    return Document(data=data, name=name, path=path, locator=locator)


def by_line(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems as they appear in the file (those without a line keep their order)."""
    return sorted(problems, key=lambda problem: problem.line or 0)


def validation_problems(
    error: ValidationError, model: type[BaseModel], locator: Locator
) -> list[Problem]:
    """Turn a pydantic ValidationError into problems worded for buyers, with lines."""
    problems = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        on_key = bool(loc) and loc[-1] == "[key]"
        parts: tuple[PathPart, ...] = tuple(p for p in loc if p != "[key]")
        message = _message(detail, model, parts)
        pointing_at_key = on_key or detail["type"] == "extra_forbidden"
        problems.append(
            Problem(
                path=format_path(parts),
                message=message,
                line=locator.line(parts, key=pointing_at_key),
            )
        )
    return problems


def _message(detail: ErrorDetails, model: type[BaseModel], parts: tuple[PathPart, ...]) -> str:
    kind = detail["type"]
    value = detail["input"]
    got = f" (got {describe_input(value)})"
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        known = _field_names(model, parts[:-1])
        close = difflib.get_close_matches(str(parts[-1]), known, n=1, cutoff=0.6)
        suggestion = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown field{suggestion}"
    if kind == "enum":
        expected = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.6)
        suggestion = f"; did you mean {close[0]!r}?" if close else ""
        return f"must be one of {', '.join(expected)}{got}{suggestion}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping of fields{got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false{got}"
    if kind == "list_type":
        return f"must be a list{got}"
    if kind == "too_short":
        return (
            f"must have at least one item{got}"
            if parts[-1:] != ("lots",)
            else ("must list at least one lot")
        )
    if kind.startswith(("date_", "datetime_")):
        return f"must be a date written YYYY-MM-DD{got}"
    return f"{detail['msg']}{got}"


def _field_names(model: type[BaseModel], parts: tuple[PathPart, ...]) -> list[str]:
    """Return the field names allowed at ``parts`` in ``model``, for suggestions."""
    current: Any = model
    for part in parts:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _fields_by_key(current).get(part)
            if field is None:
                return []
            current = field.annotation
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(_fields_by_key(current))
    return []


def _fields_by_key(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """The model's fields by the key written in files (the alias, e.g. ``not``, if any)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _unwrap(annotation: Any) -> Any:
    """Strip ``X | None``, ``list[X]`` and ``dict[K, X]`` down to ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        is_optional = origin in (typing.Union, types.UnionType) and len(args) == 1
        if is_optional or (origin is list and args):
            annotation = args[0]
        elif origin is dict and len(args) == 2:
            annotation = args[1]
        elif origin is typing.Annotated:
            annotation = args[0]
        else:
            return annotation


def load_contract(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    reference: ReferenceData | None = None,
) -> Contract:
    """Load and check a contract description.

    Args:
        source: a path to a YAML or JSON file, ``"-"`` for standard input, or a mapping
            already parsed by the caller.
        reference: the reference tables used to check trades and defaults.

    Returns:
        The validated contract, which remembers the file it came from.

    Raises:
        ContractError: listing every problem, each with the file, line and field path.
    """
    if isinstance(source, Mapping):
        document = Document(data=dict(source), name="<mapping>", path=None, locator=Locator(None))
    else:
        document = read_document(source)
    contract = validate_contract(document)
    try:
        compute_obligation(contract, reference=reference)
    except ContractError as error:
        raise ContractError(
            source=document.name,
            problems=by_line(document.locator.locate(p) for p in error.problems),
        ) from None
    return contract


def validate_contract(document: Document) -> Contract:
    """Validate the shape of a parsed document as a contract description.

    A ``buyer`` that names a profile file is read and merged first
    (:mod:`clausegen.obligation.profiles`); the charter overrides are checked against it.

    Raises:
        ContractError: for an empty document, a document that is not a mapping, any field
            that does not fit the model, a missing profile file, or ``charter.include`` /
            ``exclude`` numbers that the buyer's charter does not have.
        ProfileError: when the buyer's profile is invalid (its problems name the profile).
    """
    if document.data is None:
        raise _file_error(document.name, "is empty; it must describe a contract")
    if not isinstance(document.data, dict):
        raise ContractError(
            source=document.name,
            problems=[
                Problem(
                    path="",
                    message="must be a mapping of fields (reference, title, kind, buyer, "
                    f"lots…) (got {describe_input(document.data)})",
                    line=document.locator.line(()),
                )
            ],
        )
    # NOTE: profiles.py reads profiles with this module's reader, hence the late import.
    from clausegen.obligation.profiles import buyer_problems, resolve_buyer

    resolved = resolve_buyer(document)
    try:
        contract = Contract.model_validate(resolved.data)
    except ValidationError as error:
        raise ContractError(
            source=document.name,
            problems=by_line(validation_problems(error, Contract, document.locator)),
        ) from None
    contract.buyer.with_profile(resolved.profile)
    problems = buyer_problems(contract, resolved)
    if problems:
        raise ContractError(
            source=document.name, problems=by_line(document.locator.locate(p) for p in problems)
        )
    return contract.with_source(document.path)
