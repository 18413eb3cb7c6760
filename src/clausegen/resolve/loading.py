"""Read contract descriptions (YAML or JSON) and explain every problem with file, line and field.

The loader is the edge of clausegen: whatever a buyer typed, what comes out is either a
validated :class:`~clausegen.validate.models.Contract` or one :class:`ContractError` that
lists every problem, each with the file name, the line where the source gives it, the field
path (list positions from 0) and the offending value. The generic pieces (parsing with line
information, turning pydantic errors into problems) serve buyer profiles too.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from clausegen.characters import group_digits
from clausegen.compute.hours import compute_obligation
from clausegen.errors import ContractError, Problem
from clausegen.paths import PathPart, format_path
from clausegen.read.documents import (
    STDIN,
    STDIN_NAME,
    Document,
    Locator,
    cap,
    check_data,
    file_error,
    parse_document,
    read_document,
)
from clausegen.resolve.reference import ReferenceData
from clausegen.user_values import describe_input, describe_shape
from clausegen.validate.models import Contract

__all__ = [
    "CURRENT_FOLDER",
    "STDIN",
    "STDIN_NAME",
    "Document",
    "Locator",
    "by_line",
    "foreign_keys",
    "load_contract",
    "load_contract_text",
    "read_document",
    "validate_contract",
    "validation_problems",
]

#: The base folder the command line passes (``base_dir``): a contract read from standard
#: input finds its buyer profile from the current folder, as a file does from its own.
CURRENT_FOLDER = Path()

#: How messages name a contract given as a mapping, and as a text.
MAPPING_NAME = "<mapping>"
TEXT_NAME = "<text>"

ProfileFolders = Sequence[str | os.PathLike[str]]


def by_line(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems as they appear in the file (those without a line keep their order).

    At most :data:`~clausegen.read.documents.MAX_PROBLEMS` are kept; the last line
    says how many more there are.
    """
    return cap(sorted(problems, key=lambda problem: problem.line or 0))


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
        line, column = locator.position(parts, key=pointing_at_key)
        problems.append(
            Problem(
                path=format_path(parts),
                message=message,
                line=line,
                # NOTE: a character problem is pointed at exactly; others name a line.
                column=column if detail["type"] == "clausegen_character" else None,
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
    if kind == "too_long":
        limit = group_digits(int(detail.get("ctx", {}).get("max_length", 0)))
        return f"must have at most {limit} items (got {group_digits(len(value))})"
    if kind == "too_short":
        return (
            f"must have at least one item{got}"
            if parts[-1:] != ("lots",)
            else ("must list at least one lot")
        )
    if kind.startswith(("date_", "datetime_")):
        return f"must be a date written YYYY-MM-DD{got}"
    # NOTE: pydantic prefixes the message of a ValueError raised by a validator.
    return f"{detail['msg'].removeprefix('Value error, ')}{got}"


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
    base_dir: str | os.PathLike[str] | None = None,
    profile_dirs: ProfileFolders | None = None,
) -> Contract:
    """Load and check a contract description.

    A ``buyer`` that names a profile file is read only where the caller allows it:

    * a contract read from a file resolves a relative profile path from the file's folder;
    * a contract from standard input (``"-"``) or given as a mapping has no folder of its
      own: a profile path is resolved from ``base_dir``, and without one it is an error
      that reads nothing (the command line passes the current folder for standard input);
    * with ``profile_dirs``, a profile must be in one of those folders once symbolic links
      are resolved, whatever the contract says (a service that takes descriptions from
      others should always pass it).

    Args:
        source: a path to a YAML or JSON file, ``"-"`` for standard input, or a mapping
            already parsed by the caller.
        reference: the reference tables used to check trades and defaults.
        base_dir: the folder relative profile paths start from, for a contract that has no
            file of its own (standard input, a mapping).
        profile_dirs: the folders buyer profiles may be read from; None allows any.

    Returns:
        The validated contract, which remembers the file it came from.

    Raises:
        ContractError: listing every problem, each with the file, line and field path.
        ProfileError: when the buyer's profile is invalid (its problems name the profile).
    """
    if isinstance(source, Mapping):
        data = dict(source)
        check_data(data, name=MAPPING_NAME)
        document = Document(data=data, name=MAPPING_NAME, path=None, locator=Locator(None))
    else:
        document = read_document(source)
    return _checked(document, reference, base_dir, profile_dirs)


def load_contract_text(
    text: str,
    *,
    syntax: Literal["yaml", "json"] = "yaml",
    name: str = TEXT_NAME,
    reference: ReferenceData | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    profile_dirs: ProfileFolders | None = None,
) -> Contract:
    """Load and check a contract description given as text (YAML or JSON).

    Messages point at lines and columns of the text, named ``name``. A profile path in
    ``buyer`` follows the rules of :func:`load_contract` for a contract without a file: it
    is resolved from ``base_dir``, or refused without one.

    Raises:
        ContractError: as :func:`load_contract` does.
        ProfileError: when the buyer's profile is invalid.
    """
    document = parse_document(text, name=name, is_json=syntax == "json")
    return _checked(document, reference, base_dir, profile_dirs)


def _checked(
    document: Document,
    reference: ReferenceData | None,
    base_dir: str | os.PathLike[str] | None,
    profile_dirs: ProfileFolders | None,
) -> Contract:
    contract = validate_contract(document, base_dir=base_dir, profile_dirs=profile_dirs)
    try:
        compute_obligation(contract, reference=reference)
    except ContractError as error:
        raise ContractError(
            source=document.name,
            problems=by_line(document.locator.locate(p) for p in error.problems),
        ) from None
    return contract


def foreign_keys(data: dict[Any, Any], model: type[BaseModel]) -> bool:
    """Whether a mapping has keys, none of which is a field of ``model``.

    Such a mapping is not a misspelt description but another file (``/etc/shadow`` reads
    as a mapping): its keys are not listed one by one, since they may be its content.
    """
    known = _fields_by_key(model)
    return bool(data) and not any(isinstance(key, str) and key in known for key in data)


def validate_contract(
    document: Document,
    *,
    base_dir: str | os.PathLike[str] | None = None,
    profile_dirs: ProfileFolders | None = None,
) -> Contract:
    """Validate the shape of a parsed document as a contract description.

    A ``buyer`` that names a profile file is read and merged first, under the rules of
    :func:`load_contract` (:mod:`clausegen.resolve.buyer`); the charter overrides are
    checked against it.

    Raises:
        ContractError: for an empty document, a document that is not a mapping or none of
            whose keys is a contract field, any field that does not fit the model, a
            profile that cannot or may not be read, or ``charter.include`` / ``exclude``
            numbers that the buyer's charter does not have.
        ProfileError: when the buyer's profile is invalid (its problems name the profile).
    """
    data = document.data
    if data is None:
        raise file_error(document.name, "is empty; it must describe a contract")
    fields = "(reference, title, kind, buyer, lots…)"
    if not isinstance(data, dict) or foreign_keys(data, Contract):
        message = (
            f"must be a mapping of fields {fields} (got {describe_shape(data)})"
            if not isinstance(data, dict)
            else f"is not a contract description: it has none of the fields of one {fields}"
        )
        problem = Problem(path="", message=message, line=document.locator.line(()))
        raise ContractError(source=document.name, problems=[problem])
    # NOTE: profiles.py reads profiles with this module's reader, hence the late import.
    from clausegen.resolve.buyer import buyer_problems, resolve_buyer

    resolved = resolve_buyer(
        document, base_dir=None if base_dir is None else Path(base_dir), profile_dirs=profile_dirs
    )
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
