"""The documents of one contract, rendered in memory: what a run and the lint both do.

A contract goes forward once: loaded and resolved, its hours computed, its charter reviewed
and its template context built (:func:`prepare`); each document then only adds its own
``document`` group to that context and is rendered (:func:`render_entry`). Nothing is
written here (:mod:`clausegen.write.run` writes a run's documents, all or nothing).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clausegen.compute.hours import Obligation, compute
from clausegen.inputs import STDIN, STDIN_NAME
from clausegen.missing import NoCharterError, NoHoursError
from clausegen.present.context import contract_context, document_context
from clausegen.render.renderer import DocumentProperties, render_docx
from clausegen.render.templates import Requirement, TemplateEntry, TemplateSet, load_template_set
from clausegen.resolve.loading import ContractSource, load_resolved
from clausegen.resolve.parameters import ResolvedContract
from clausegen.review.charter import charter_review
from clausegen.validate.models import Contract
from clausegen.version import __version__

TemplatesArgument = TemplateSet | str | os.PathLike[str] | None

# Characters that Windows, macOS or Linux refuse in a file name, and control characters.
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def output_name(reference: str, template_id: str) -> str:
    """Return the file name of a document: ``<reference>-<id>.docx``.

    The reference is made safe for every file system (``/`` and the other characters that
    some system refuses become ``-``; leading dots and spaces are dropped); the documents
    themselves print it unchanged.
    """
    stem = _UNSAFE_IN_NAME.sub("-", reference).strip().lstrip(".").strip() or "marche"
    return f"{stem}-{template_id}.docx"


def template_set_of(templates: TemplatesArgument) -> TemplateSet:
    """Return the template set given, or load it from its folder (clausegen's when None)."""
    return templates if isinstance(templates, TemplateSet) else load_template_set(templates)


def source_name(source: ContractSource) -> str:
    """Name a contract as messages do: its file, ``<stdin>``, ``<mapping>`` or its reference."""
    if isinstance(source, Contract):
        return str(source.source) if source.source is not None else source.reference
    if isinstance(source, Mapping):
        return "<mapping>"
    return STDIN_NAME if str(source) == STDIN else str(source)


@dataclass(frozen=True)
class PreparedContract:
    """A contract ready for its documents; everything in it was computed once.

    Attributes:
        source: how messages name the contract (its file).
        contract: the validated contract.
        obligation: its hour obligation (and its warnings).
        context: its template context, with an empty ``document`` group.
    """

    source: str
    contract: Contract
    obligation: Obligation
    context: dict[str, Any]


def prepare(resolved: ResolvedContract, source: str) -> PreparedContract:
    """Compute a resolved contract's hours, review its charter and build its context.

    Raises:
        ContractError, ProfileError: when the charter of a contract built without the
            loader does not fit its buyer (see :func:`~clausegen.review.charter.review_charter`).
    """
    contract = resolved.contract
    obligation = compute(resolved)
    review = charter_review(contract, obligation)
    context = contract_context(contract, obligation, review=review, reference=resolved.reference)
    return PreparedContract(source, contract, obligation, context)


def document_properties(contract: Contract, entry: TemplateEntry) -> DocumentProperties:
    """Return the properties of a document, all from the contract and the manifest."""
    return DocumentProperties(
        title=f"{entry.title} — {contract.title}",
        subject=f"{contract.reference} — {contract.title}",
        author=contract.buyer.name,
        identifier=f"{contract.reference}-{entry.id}",
        keywords="clause d'insertion; commande publique",
        comments=f"Document produit par clausegen {__version__} à partir du modèle « "
        f"{entry.file} » et de la description du marché {contract.reference}.",
        category=entry.destination,
        date=contract.date,
    )


def missing_requirement(
    contract: Contract,
    entry: TemplateEntry,
    source: str | None = None,
    *,
    hours: int | None = None,
) -> NoCharterError | NoHoursError | None:
    """Return why the contract cannot have this document, or None when it can.

    Args:
        contract: the contract.
        entry: the template, with what it ``requires``.
        source: how messages name the contract; its file by default.
        hours: the contract's total insertion hours, when computed; without it, only a
            reserved contract is known to have none.
    """
    if Requirement.HOURS in entry.requires and (
        contract.mechanism.is_reserved or (hours is not None and hours <= 0)
    ):
        return NoHoursError(source=source or source_name(contract), document=entry.id)
    buyer = contract.buyer
    if Requirement.CHARTER in entry.requires and buyer.charter is None:
        return NoCharterError(
            source=source or source_name(contract),
            buyer=buyer.name,
            profile=buyer.profile,
            document=entry.id,
        )
    return None


def render_entry(
    prepared: PreparedContract, template_set: TemplateSet, entry: TemplateEntry
) -> bytes:
    """Render one document of a prepared contract.

    Raises:
        TemplateError: when the template cannot be read, is unsafe or fails.
    """
    return render_docx(
        template_set.read(entry),
        document_context(prepared.context, entry),
        name=entry.path,
        properties=document_properties(prepared.contract, entry),
        update_fields=entry.update_fields,
        prepared=template_set.prepared(entry),
    )


def render_document(
    contract: ContractSource, template_id: str, *, templates: TemplatesArgument = None
) -> bytes:
    """Render one document of a contract's tender file, in memory.

    Args:
        contract: a contract, or a path to its description (``"-"`` for standard input),
            or a mapping.
        template_id: the id of the template in the set (``ccap``, ``rc``, ``ae``, ``suivi``).
        templates: a template set or the folder of one; clausegen's own set when None.

    Returns:
        The bytes of the .docx, identical for the same contract and template.

    Raises:
        ContractError: when the contract is invalid.
        NoCharterError: when the document needs the buyer's charter (``charte``) and the
            buyer has none.
        NoHoursError: when the document needs insertion hours and the contract has none.
        TemplateError: when the set has no such template or the template fails.
    """
    resolved = load_resolved(contract)
    template_set = template_set_of(templates)
    entry = template_set.get(template_id)
    name = source_name(contract)
    prepared = prepare(resolved, name)
    hours = prepared.obligation.total_insertion_hours
    missing = missing_requirement(resolved.contract, entry, name, hours=hours)
    if missing is not None:
        raise missing
    return render_entry(prepared, template_set, entry)
