"""One run of clausegen: contracts in, the Word documents of their tender files out.

load → compute → context → render → files. Every document of a run is rendered in memory
first; only when all of them succeeded are they written, all or nothing, so that an invalid
contract or a failing template never leaves part of a tender file behind. Every problem of
the run is reported at once.

A document may need more than the contract: the charter annex (``requires: [charter]`` in
the manifest) needs a buyer with a charter, and an empty annex would mislead. Producing the
whole set for a contract whose buyer has none skips that document and says so
(:class:`SkippedDocument`), because most contracts have no charter and their other documents
are still wanted; asking for it by name (``only``) is an error (:class:`NoCharterError`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausegen.compute.hours import Obligation, compute_obligation
from clausegen.errors import (
    ClausegenError,
    ErrorGroup,
    NoCharterError,
    OutputError,
    TemplateError,
)
from clausegen.files import check_writable, remove_leftovers, write_all
from clausegen.present.context import build_context
from clausegen.render.renderer import DocumentProperties, render_docx
from clausegen.render.templates import (
    Requirement,
    TemplateEntry,
    TemplateSet,
    load_template_set,
)
from clausegen.resolve.loading import STDIN, STDIN_NAME, load_contract
from clausegen.validate.models import Contract
from clausegen.version import __version__
from clausegen.write.leftovers import remove_stale_work_folders
from clausegen.write.pdf import convert_to_pdf, find_soffice

ContractSource = Contract | str | os.PathLike[str] | Mapping[str, Any]
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


def _template_set(templates: TemplatesArgument) -> TemplateSet:
    return templates if isinstance(templates, TemplateSet) else load_template_set(templates)


def _source_name(source: ContractSource) -> str:
    if isinstance(source, Contract):
        return str(source.source) if source.source is not None else source.reference
    if isinstance(source, Mapping):
        return "<mapping>"
    return STDIN_NAME if str(source) == STDIN else str(source)


def _load(source: ContractSource, base_dir: str | os.PathLike[str] | None = None) -> Contract:
    return source if isinstance(source, Contract) else load_contract(source, base_dir=base_dir)


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
    contract: Contract, entry: TemplateEntry, source: str | None = None
) -> NoCharterError | None:
    """Return why the contract cannot have this document, or None when it can.

    Args:
        contract: the contract.
        entry: the template, with what it ``requires``.
        source: how messages name the contract; its file by default.
    """
    buyer = contract.buyer
    if Requirement.CHARTER in entry.requires and buyer.charter is None:
        return NoCharterError(
            source=source or _source_name(contract),
            buyer=buyer.name,
            profile=buyer.profile,
            document=entry.id,
        )
    return None


def _render(
    contract: Contract, obligation: Obligation, template_set: TemplateSet, entry: TemplateEntry
) -> bytes:
    context = build_context(contract, obligation, document=entry)
    return render_docx(
        template_set.read(entry),
        context,
        name=entry.path,
        properties=document_properties(contract, entry),
        update_fields=entry.update_fields,
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
        TemplateError: when the set has no such template or the template fails.
    """
    loaded = _load(contract)
    template_set = _template_set(templates)
    entry = template_set.get(template_id)
    missing = missing_requirement(loaded, entry, _source_name(contract))
    if missing is not None:
        raise missing
    return _render(loaded, compute_obligation(loaded), template_set, entry)


@dataclass(frozen=True)
class SkippedDocument:
    """A document of the set that a contract does not get, and why.

    Attributes:
        source: how messages name the contract (its file).
        template_id: the template id (``charte``).
        reason: what the contract lacks, e.g. ``the buyer "Ville de X" has no charter``.
    """

    source: str
    template_id: str
    reason: str

    @property
    def message(self) -> str:
        """The warning to print: the contract, what it lacks and the document not produced."""
        return f"{self.source}: {self.reason}, so the document {self.template_id!r} is not produced"


def _skipped(error: NoCharterError, template_id: str) -> SkippedDocument:
    lacking = (
        f'the buyer "{error.buyer}" has no charter'
        if error.profile is None
        else f"the buyer profile {error.profile} has no charter"
    )
    return SkippedDocument(error.source, template_id, lacking)


@dataclass(frozen=True)
class RenderedContract:
    """The documents of one contract, rendered in memory.

    Attributes:
        source: how messages name the contract (its file).
        contract: the validated contract.
        obligation: its hour obligation (and its warnings).
        documents: destination path → bytes, in manifest order.
        skipped: the documents of the set this contract does not get (a charter annex for
            a buyer without a charter), in manifest order.
    """

    source: str
    contract: Contract
    obligation: Obligation
    documents: dict[Path, bytes]
    skipped: tuple[SkippedDocument, ...] = ()


@dataclass(frozen=True)
class RenderedRun:
    """Every document of a run, rendered in memory and not yet written."""

    contracts: tuple[RenderedContract, ...]
    files: dict[Path, bytes] = field(default_factory=dict)

    @property
    def skipped(self) -> tuple[SkippedDocument, ...]:
        """Every document not produced, contract by contract (warnings, not errors)."""
        return tuple(skip for item in self.contracts for skip in item.skipped)

    def write(self, *, force: bool = False) -> list[Path]:
        """Write every document, all or nothing.

        What interrupted runs left is dealt with first: in the output folders (see
        :mod:`clausegen.files`), so that a set they were writing counts as written, and
        their PDF conversion folders (:mod:`~clausegen.write.leftovers`).

        Raises:
            OutputError: (or a ErrorGroup of them, one per file) when a file exists and
                ``force`` is not given, or cannot be written; then nothing is written.
        """
        remove_stale_work_folders()
        for folder in dict.fromkeys(path.parent for path in self.files):
            remove_leftovers(folder)
        problems: list[ClausegenError] = []
        for path in self.files:
            try:
                check_writable(path, force=force)
            except OutputError as error:
                problems.append(error)
        if problems:
            raise _combine(problems)
        return write_all(self.files, force=force)


def render_run(
    sources: Sequence[ContractSource],
    out_dir: str | os.PathLike[str],
    *,
    templates: TemplatesArgument = None,
    only: Iterable[str] | None = None,
    progress: Callable[[], None] | None = None,
    pdf: bool = False,
    docx: bool = True,
    converting: Callable[[int], None] | None = None,
    base_dir: str | os.PathLike[str] | None = None,
) -> RenderedRun:
    """Render every document of every contract in memory, collecting every problem.

    Args:
        sources: contracts or paths to their descriptions.
        out_dir: the folder the documents will be written to.
        templates: a template set or its folder; clausegen's own set when None.
        only: template ids to produce (all the set's templates when None).
        progress: called once per document rendered or not produced.
        pdf: also convert every document to PDF with LibreOffice (``<reference>-<id>.pdf``).
        docx: keep the Word documents among the files to write (False for PDF only).
        converting: called with the number of documents just before the PDF conversion,
            which takes seconds (LibreOffice starts once for the whole run).
        base_dir: where a buyer profile path starts, for a contract that has no file of its
            own (standard input, a mapping); see :func:`~clausegen.load_contract`.

    Returns:
        The rendered run, ready to :meth:`~RenderedRun.write`. When ``only`` is None, a
        document that the contract cannot have (the charter annex of a buyer without a
        charter) is left out and listed in :attr:`RenderedRun.skipped`.

    Raises:
        ClausegenError: the single problem of the run, or a ErrorGroup listing all of them
            (templates refused as unsafe, invalid contracts, failing templates, two
            contracts writing the same file, a document named in ``only`` that a contract
            cannot have: NoCharterError).
        ConversionError: when ``pdf`` is asked and LibreOffice is missing (checked before
            any rendering) or a conversion fails.
    """
    if pdf:
        find_soffice()
    template_set = _template_set(templates)
    entries = template_set.select(None if only is None else list(only))
    directory = Path(out_dir)
    problems: list[ClausegenError] = []
    # NOTE: a template that cannot be read or is refused as unsafe is reported once, not
    # once per contract, and the other templates are still rendered.
    usable: set[str] = set()
    for entry in entries:
        try:
            template_set.read(entry)
        except TemplateError as error:
            problems.append(error)
        else:
            usable.add(entry.id)
    rendered: list[RenderedContract] = []
    for source in sources:
        name = _source_name(source)
        try:
            contract = _load(source, base_dir)
            obligation = compute_obligation(contract)
        except ClausegenError as error:
            problems.append(error)
            for _ in entries:
                _tick(progress)
            continue
        documents: dict[Path, bytes] = {}
        skipped: list[SkippedDocument] = []
        for entry in entries:
            _tick(progress)
            if entry.id not in usable:
                continue
            missing = missing_requirement(contract, entry, name)
            if missing is not None and only is None:
                skipped.append(_skipped(missing, entry.id))
                continue
            if missing is not None:
                problems.append(missing)
                continue
            try:
                data = _render(contract, obligation, template_set, entry)
            except TemplateError as error:
                problems.append(error.for_contract(name))
                if error.reason in ("time-budget", "output-budget"):
                    # NOTE: each render with another contract would take as long: the
                    # budget is the template's problem, reported once.
                    usable.discard(entry.id)
            else:
                documents[directory / output_name(contract.reference, entry.id)] = data
        rendered.append(RenderedContract(name, contract, obligation, documents, tuple(skipped)))
    problems.extend(_collisions(rendered))
    if problems:
        raise _combine(problems)
    documents = {path: data for item in rendered for path, data in item.documents.items()}
    files = dict(documents) if docx else {}
    if pdf:
        if converting is not None and documents:
            converting(len(documents))
        files.update(_to_pdf(documents))
    return RenderedRun(tuple(rendered), files)


def _to_pdf(documents: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """Convert the run's documents in one LibreOffice run; each PDF goes beside its .docx."""
    if not documents:
        return {}
    by_name = {path.name: path for path in documents}
    pdfs = convert_to_pdf({path.name: data for path, data in documents.items()})
    return {
        by_name[name[: -len(".pdf")] + ".docx"].with_suffix(".pdf"): data
        for name, data in pdfs.items()
    }


def _tick(progress: Callable[[], None] | None) -> None:
    if progress is not None:
        progress()


def _collisions(rendered: list[RenderedContract]) -> list[ClausegenError]:
    """Refuse two contracts of one run that would write the same file."""
    owners: dict[Path, str] = {}
    problems: list[ClausegenError] = []
    for item in rendered:
        for path in item.documents:
            if path in owners:
                problems.append(
                    OutputError(
                        path=path,
                        message=f"would be written for both {owners[path]} and {item.source}; "
                        "give the contracts different references or generate them apart",
                    )
                )
            else:
                owners[path] = item.source
    return problems


def _combine(problems: list[ClausegenError]) -> ClausegenError:
    return ErrorGroup.of(problems)


def generate(
    contract: ContractSource,
    out_dir: str | os.PathLike[str],
    *,
    templates: TemplatesArgument = None,
    only: Iterable[str] | None = None,
    force: bool = False,
    pdf: bool = False,
    base_dir: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Produce the Word documents of a contract's tender file in ``out_dir``.

    Every document is rendered in memory first and written only when all succeeded; an
    existing file is replaced only with ``force``. With ``pdf``, each document also gets a
    PDF copy made by LibreOffice, written beside it in the same all-or-nothing step.
    Without ``only``, the charter annex of a contract whose buyer has no charter is not
    produced (and not returned); use :func:`render_run` to know which documents were left
    out and why.

    Args:
        contract: a contract, a path to its description (``"-"`` for standard input), or a
            mapping.
        out_dir: the folder to write to (created if needed).
        templates: a template set or its folder; clausegen's own set when None.
        only: template ids to produce; all the set's templates when None.
        force: replace existing files.
        pdf: also write ``<reference>-<id>.pdf`` for each document (needs LibreOffice).
        base_dir: where a buyer profile path starts, for a contract that has no file of its
            own (standard input, a mapping); see :func:`~clausegen.load_contract`.

    Returns:
        The files written, ``<reference>-<id>.docx`` in manifest order, then the PDFs.

    Raises:
        ContractError: when the contract is invalid (nothing is written).
        NoCharterError: when ``only`` names the charter annex and the buyer has no charter
            (nothing is written).
        TemplateError: when a template fails (nothing is written).
        OutputError: when a file exists without ``force`` or cannot be written.
        ConversionError: when ``pdf`` is asked and LibreOffice is missing or fails (nothing
            is written).
        ErrorGroup: when several of those happen at once.
    """
    run = render_run(
        [contract], out_dir, templates=templates, only=only, pdf=pdf, base_dir=base_dir
    )
    return run.write(force=force)
