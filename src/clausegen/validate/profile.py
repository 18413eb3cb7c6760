"""Buyer profiles: what a buyer repeats in every contract, written once, read and checked.

A profile is a YAML (or JSON) file with the fields of :class:`~clausegen.validate.models.Buyer`:
identity and contacts, a usual facilitator, default insertion parameters, labour shares per
trade, and the charter of commitments. It is checked like a contract description, each
problem with the profile's file name, line and field path. How a contract names its profile,
and how the two are merged, is :mod:`clausegen.resolve.buyer`'s.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import ValidationError

from clausegen.errors import ContractError, Problem, ProfileError
from clausegen.i18n import _
from clausegen.read.documents import Document, read_document
from clausegen.read.problems import by_line
from clausegen.validate.charter import charter_problems
from clausegen.validate.models import Buyer
from clausegen.validate.problems import mostly_foreign, shape_message, validation_problems


def load_profile(source: str | os.PathLike[str]) -> Buyer:
    """Load and check a buyer profile.

    Args:
        source: a path to a YAML or JSON file, or ``"-"`` for standard input.

    Returns:
        The buyer, which remembers the profile file it came from.

    Raises:
        ProfileError: listing every problem, each with the profile's file, line and field
            path: unreadable file, syntax, unknown or invalid fields, and a charter that a
            contract could trip over (duplicate numbers, unknown placeholders…).
    """
    return read_profile(source, used_by=None)[1]


def read_profile(source: str | os.PathLike[str], *, used_by: str | None) -> tuple[Document, Buyer]:
    """Read and check a profile file; ``used_by`` names the contract that uses it, if any.

    Raises:
        ProfileError: as :func:`load_profile` does, its first line naming ``used_by``.
    """
    try:
        document = read_document(source)
    except ContractError as error:
        raise ProfileError(source=error.source, problems=error.problems, used_by=used_by) from None
    return check_profile(document, used_by=used_by)


def check_profile(document: Document, *, used_by: str | None) -> tuple[Document, Buyer]:
    """Check a parsed profile: its shape, its fields and its charter.

    Raises:
        ProfileError: listing every problem, each with the profile's line and field path.
    """
    data = document.data
    if data is None:
        problem = Problem(path="", message=_("is empty; it must describe a buyer (name, charter…)"))
        raise ProfileError(source=document.name, problems=[problem], used_by=used_by)
    fields = "(name, service, facilitator, insertion, charter…)"
    message = shape_message(data, Buyer, fields=fields, kind=_("a buyer profile"))
    if message is None and isinstance(data, dict) and mostly_foreign(data, Buyer):
        message = _(
            "is not a buyer profile: most of its fields are not a profile's {fields}"
        ).format(fields=fields)
    if message is not None:
        problem = Problem(path="", message=message, line=document.locator.line(()))
        raise ProfileError(source=document.name, problems=[problem], used_by=used_by)
    try:
        buyer = Buyer.model_validate(data)
    except ValidationError as error:
        problems = validation_problems(error, Buyer, document.locator)
        raise ProfileError(
            source=document.name, problems=by_line(problems), used_by=used_by
        ) from None
    if buyer.charter is not None:
        problems = charter_problems(buyer.charter, ("charter",))
        if problems:
            located = by_line(document.locator.locate(p) for p in problems)
            raise ProfileError(source=document.name, problems=located, used_by=used_by)
    return document, buyer.with_profile(document.path)


def profile_json_schema(*, schema_id: str | None = None) -> dict[str, Any]:
    """Return the JSON Schema of a buyer profile, for editors and other tools."""
    schema = Buyer.model_json_schema()
    header: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if schema_id:
        header["$id"] = schema_id
    header["title"] = "clausegen buyer profile"
    schema.pop("title", None)
    return {**header, **schema}
