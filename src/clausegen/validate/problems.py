"""Turn pydantic's validation errors into problems worded for buyers, each with its line.

Whatever model a description is checked against (a contract, a buyer profile, a template
manifest), its errors read the same: the field path, what is wrong in plain English, the
offending value as written (:func:`~clausegen.user_values.describe_input`) and, for a
misspelt key or value, the closest known one.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from clausegen.characters import group_digits
from clausegen.dates import DATE_FORMS
from clausegen.errors import Problem
from clausegen.i18n import _
from clausegen.paths import PathPart, format_path
from clausegen.read.documents import Locator
from clausegen.user_values import describe_input, describe_shape


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
    got = _(" (got {value})").format(value=describe_input(value))
    if kind == "missing":
        return _("required field is missing")
    if kind == "extra_forbidden":
        known = _field_names(model, parts[:-1])
        close = difflib.get_close_matches(str(parts[-1]), known, n=1, cutoff=0.6)
        return _("unknown field") + _did_you_mean(close)
    if kind == "enum":
        expected = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.6)
        return (
            _("must be one of {values}").format(values=", ".join(expected))
            + got
            + _did_you_mean(close)
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("must be a mapping of fields") + got
    if kind in ("bool_type", "bool_parsing"):
        return _("must be true or false") + got
    if kind == "list_type":
        return _("must be a list") + got
    if kind == "too_long":
        limit = group_digits(int(detail.get("ctx", {}).get("max_length", 0)))
        return _("must have at most {limit} items (got {count})").format(
            limit=limit, count=group_digits(len(value))
        )
    if kind == "too_short":
        return (
            _("must have at least one item") + got
            if parts[-1:] != ("lots",)
            else _("must list at least one lot")
        )
    if kind.startswith(("date_", "datetime_")):
        return _("must be a date written {forms}").format(forms=_(DATE_FORMS)) + got
    # NOTE: pydantic prefixes the message of a ValueError raised by a validator.
    return f"{detail['msg'].removeprefix('Value error, ')}{got}"


def _did_you_mean(close: list[str]) -> str:
    return _("; did you mean {name}?").format(name=repr(close[0])) if close else ""


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


def foreign_keys(data: dict[Any, Any], model: type[BaseModel]) -> bool:
    """Whether a mapping has keys, none of which is a field of ``model``.

    Such a mapping is not a misspelt description but another file (``/etc/shadow`` reads
    as a mapping): its keys are not listed one by one, since they may be its content.
    """
    known = _fields_by_key(model)
    return bool(data) and not any(isinstance(key, str) and key in known for key in data)


def mostly_foreign(data: dict[Any, Any], model: type[BaseModel]) -> bool:
    """Whether at least as many of a mapping's keys are foreign to ``model`` as belong to it.

    Such a file is another kind of file that happens to share a key or two (a credentials
    file with a ``name``): its other keys are not listed, since they may be its content.
    """
    known = _fields_by_key(model)
    ours = sum(1 for key in data if isinstance(key, str) and key in known)
    return bool(data) and len(data) - ours >= ours


def shape_message(data: object, model: type[BaseModel], *, fields: str, kind: str) -> str | None:
    """Say why ``data`` is not a description of ``model`` at all; None when it may be one.

    Args:
        data: the parsed document (not None).
        model: the model it should describe.
        fields: a few of the model's fields, for the message: "(name, charter…)".
        kind: what it should be, with its article: "a buyer profile".
    """
    if not isinstance(data, dict):
        return _("must be a mapping of fields {fields} (got {shape})").format(
            fields=fields, shape=describe_shape(data)
        )
    if foreign_keys(data, model):
        return _("is not {kind}: it has none of the fields of one {fields}").format(
            kind=kind, fields=fields
        )
    return None
