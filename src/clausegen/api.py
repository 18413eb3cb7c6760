"""clausegen for other programs: contracts from memory, documents and results as data.

A workflow (a procurement platform, an e-signature pipeline, the HTTP service of
``clausegen serve``) holds a description in memory and wants bytes and JSON back, without
temporary files and without clausegen reading files it was not given::

    from clausegen import load_contract_from, render_documents, hours_result

    contract = load_contract_from(yaml_text, source="demande-42.yaml")
    print(hours_result(contract)["total_insertion_hours"])
    files = render_documents(contract, formats=("docx", "pdf"), only=["ccap"])

Every error is a :class:`~clausegen.errors.ClausegenError`; ``error.to_dict()`` gives its
located records (source, line, column, field path, code, message).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from clausegen.compute.decp import decp_fragment
from clausegen.compute.hours import compute
from clausegen.inputs import too_large
from clausegen.limits import current
from clausegen.present.charter import review_as_json
from clausegen.present.obligation import obligation_as_json
from clausegen.read.documents import decode_text, parse_document
from clausegen.read.problems import file_error
from clausegen.render.documents import TemplatesArgument
from clausegen.resolve.buyer import ProfileRegistry, ProfileText
from clausegen.resolve.loading import load_resolved, resolve_document
from clausegen.resolve.parameters import ResolvedContract
from clausegen.review.charter import review_charter
from clausegen.validate.models import Contract
from clausegen.write.run import render_run

__all__ = [
    "FORMATS",
    "charter_result",
    "decp_result",
    "hours_result",
    "load_contract_from",
    "load_resolved_from",
    "render_documents",
    "validation_result",
]

#: The formats :func:`render_documents` writes, as ``generate --format`` names them.
FORMATS = ("docx", "pdf", "odt", "eforms")

#: What a description may be given as: its text, its bytes, or a stream of either.
DescriptionInput = str | bytes | bytearray | IO[str] | IO[bytes]

#: A profile given to :func:`load_contract_from`: a file (a path object) or its text.
ProfileInput = os.PathLike[str] | str | bytes


def load_contract_from(
    data: DescriptionInput,
    *,
    format: Literal["yaml", "json"] | None = None,
    source: str = "<text>",
    base_dir: str | os.PathLike[str] | None = None,
    profiles: Mapping[str, ProfileInput] | None = None,
) -> Contract:
    """Load and check a contract description held in memory (YAML or JSON).

    Nothing is read from the file system unless the caller allows it: a ``buyer`` that
    names a profile is looked up in ``profiles`` (by name, exactly as the contract writes
    it: ``buyer: region.yaml``), or else, when ``base_dir`` is given, read from that folder
    (and only from it, symbolic links resolved); otherwise it is an error that reads nothing.

    Args:
        data: the description: a text, UTF-8 bytes, or a stream (text or binary) read at
            most to ``limits.current().description_bytes``.
        format: ``"yaml"`` or ``"json"``; None takes JSON when ``source`` ends in ``.json``
            or the text starts with ``{``, YAML otherwise.
        source: how messages name the description (``line`` and ``column`` refer to it).
        base_dir: a folder that profile paths start from, and the only one they may be in.
        profiles: the profiles the contract may name, by name: a path object is a file
            (read only if it lies, links resolved, in its own folder), a ``str`` or
            ``bytes`` is the profile's text. When given, ``base_dir`` is not used.

    Returns:
        The validated contract.

    Raises:
        ContractError: every problem, each with its line, column and field path.
        ProfileError: when the named profile is invalid.
    """
    return load_resolved_from(
        data, format=format, source=source, base_dir=base_dir, profiles=profiles
    ).contract


def load_resolved_from(
    data: DescriptionInput,
    *,
    format: Literal["yaml", "json"] | None = None,
    source: str = "<text>",
    base_dir: str | os.PathLike[str] | None = None,
    profiles: Mapping[str, ProfileInput] | None = None,
) -> ResolvedContract:
    """Do what :func:`load_contract_from` does, keeping every resolved parameter.

    Raises:
        ContractError, ProfileError: as :func:`load_contract_from`.
    """
    text = _text_of(data, source)
    is_json = (
        format == "json"
        if format is not None
        else source.lower().endswith(".json") or text.lstrip().startswith("{")
    )
    document = parse_document(text, name=source, is_json=is_json)
    folders = None if base_dir is None else [base_dir]
    return resolve_document(
        document,
        base_dir=base_dir,
        profile_dirs=folders,
        profiles=None if profiles is None else _registry(profiles),
    )


def _text_of(data: DescriptionInput, source: str) -> str:
    """Return the text of a description, reading a stream no further than the limit."""
    limit = current().description_bytes
    if isinstance(data, str):
        return data
    if isinstance(data, bytes | bytearray):
        raw = bytes(data)
    else:
        chunk = data.read(limit + 1)
        if isinstance(chunk, str):
            if len(chunk.encode("utf-8", "surrogatepass")) > limit:
                raise file_error(source, too_large(limit + 1, limit, "description_bytes").message)
            return chunk
        raw = chunk
    if len(raw) > limit:
        raise file_error(source, too_large(len(raw), limit, "description_bytes").message)
    return decode_text(raw, source)


def _registry(profiles: Mapping[str, ProfileInput]) -> ProfileRegistry:
    entries: dict[str, Path | ProfileText] = {}
    for name, value in profiles.items():
        if isinstance(value, str):
            entries[name] = ProfileText(value)
        elif isinstance(value, bytes):
            entries[name] = ProfileText(decode_text(value, name))
        else:
            entries[name] = Path(value)
    return entries


def _resolved(contract: Contract | ResolvedContract) -> ResolvedContract:
    return contract if isinstance(contract, ResolvedContract) else load_resolved(contract)


def render_documents(
    contract: Contract | ResolvedContract,
    *,
    formats: Sequence[str] = ("docx",),
    only: Iterable[str] | None = None,
    templates: TemplatesArgument = None,
) -> dict[str, bytes]:
    """Render a contract's documents in memory: file name → bytes.

    The names and bytes are those ``clausegen generate`` writes (``<reference>-<id>.docx``,
    then ``<reference>-<id>.pdf`` and ``.odt`` made by LibreOffice in a private temporary
    folder, PDF/A-2b and tagged; ``eforms``: each lot's ``<reference>-lot-<n>.xml``). As with
    ``generate``, without ``only`` the charter annex of a buyer without a charter is left
    out; naming it in ``only`` is an error.

    Args:
        contract: a loaded contract.
        formats: among ``docx``, ``pdf``, ``odt`` and ``eforms``.
        only: template ids (``ccap``, ``rc``…); every template of the set when None.
        templates: a template set or its folder; clausegen's own set when None.

    Raises:
        ValueError: for an empty ``formats`` or an unknown format (a programming error).
        ContractError, NoCharterError, TemplateError, ConversionError: as ``generate``; or a
            ErrorGroup of several.
    """
    unknown = [item for item in formats if item not in FORMATS]
    if unknown or not formats:
        message = f"formats must be among {', '.join(FORMATS)} (got {list(formats)!r})"
        raise ValueError(message)
    subject = contract.contract if isinstance(contract, ResolvedContract) else contract
    run = render_run(
        [subject],
        Path(),
        templates=templates,
        only=None if only is None else list(only),
        pdf="pdf" in formats,
        docx="docx" in formats,
        odt="odt" in formats,
    )
    if "eforms" in formats:
        # NOTE: imported here: the eForms package reads the SDK files (lxml).
        from clausegen.eforms.notice import with_fragments

        run = with_fragments(run, Path())
    return {path.name: data for path, data in run.files.items()}


def hours_result(contract: Contract | ResolvedContract) -> dict[str, Any]:
    """Return the hours of a contract as ``clausegen hours --json`` prints them."""
    return obligation_as_json(compute(_resolved(contract)))


def validation_result(contract: Contract | ResolvedContract) -> dict[str, Any]:
    """Return what ``clausegen validate`` says of a valid contract, as data.

    ``{"ok": true, "lots", "total_insertion_hours", "warnings": [...]}``; an invalid
    description never gets this far (:func:`load_contract_from` raises).
    """
    obligation = compute(_resolved(contract))
    return {
        "ok": True,
        "lots": len(obligation.lots),
        "total_insertion_hours": obligation.total_insertion_hours,
        "warnings": [str(warning) for warning in obligation.warnings],
    }


def decp_result(contract: Contract | ResolvedContract) -> dict[str, Any]:
    """Return the DECP considerations of a contract as ``clausegen decp --json`` prints them."""
    resolved = _resolved(contract)
    return decp_fragment(resolved.contract, compute(resolved)).as_json()


def charter_result(contract: Contract | ResolvedContract) -> dict[str, Any]:
    """Return the charter review of a contract as ``clausegen charter --json`` prints it.

    Raises:
        NoCharterError: when the buyer has no charter.
    """
    resolved = _resolved(contract)
    return review_as_json(review_charter(resolved.contract, compute(resolved)))
