"""One run of clausegen: contracts in, the Word documents of their tender files out.

Each contract goes forward once (:func:`~clausegen.render.documents.prepare`: load, resolve,
compute, review, context), then each of its documents is rendered. Every document of a run
is rendered in memory first; only when all of them succeeded are they written, all or
nothing, so that an invalid contract or a failing template never leaves part of a tender
file behind. Every problem of the run is reported at once.

A document may need more than the contract: the charter annex (``requires: [charter]`` in
the manifest) needs a buyer with a charter, and an empty annex would mislead. Producing the
whole set for a contract whose buyer has none skips that document and says so
(:class:`SkippedDocument`), because most contracts have no charter and their other documents
are still wanted; asking for it by name (``only``) is an error (:class:`NoCharterError`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clausegen.compute.hours import Obligation
from clausegen.errors import ClausegenError, ErrorGroup, NoCharterError, OutputError, TemplateError
from clausegen.files import check_writable, remove_leftovers, write_all
from clausegen.render.documents import (
    PreparedContract,
    TemplatesArgument,
    missing_requirement,
    output_name,
    prepare,
    render_entry,
    source_name,
    template_set_of,
)
from clausegen.render.templates import TemplateEntry, TemplateSet
from clausegen.resolve.buyer import profiles_read_once
from clausegen.resolve.loading import ContractSource, load_resolved
from clausegen.validate.models import Contract
from clausegen.write.leftovers import remove_stale_work_folders
from clausegen.write.pdf import convert_to_pdf, find_soffice


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
    template_set = template_set_of(templates)
    batch = _Batch(template_set, template_set.select(None if only is None else list(only)))
    batch.check_templates()
    with profiles_read_once():
        for source in sources:
            batch.add(
                source, Path(out_dir), base_dir=base_dir, named=only is not None, tick=progress
            )
    batch.problems.extend(_collisions(batch.rendered))
    if batch.problems:
        raise _combine(batch.problems)
    documents = {path: data for item in batch.rendered for path, data in item.documents.items()}
    files = dict(documents) if docx else {}
    if pdf:
        if converting is not None and documents:
            converting(len(documents))
        files.update(_to_pdf(documents))
    return RenderedRun(tuple(batch.rendered), files)


@dataclass
class _Batch:
    """The contracts of a run rendered so far, and every problem met."""

    template_set: TemplateSet
    entries: list[TemplateEntry]
    problems: list[ClausegenError] = field(default_factory=list)
    rendered: list[RenderedContract] = field(default_factory=list)
    usable: set[str] = field(default_factory=set)

    def check_templates(self) -> None:
        """Read every template once: one that cannot be read or is unsafe is reported once."""
        for entry in self.entries:
            try:
                self.template_set.read(entry)
            except TemplateError as error:
                self.problems.append(error)
            else:
                self.usable.add(entry.id)

    def add(
        self,
        source: ContractSource,
        directory: Path,
        *,
        base_dir: str | os.PathLike[str] | None,
        named: bool,
        tick: Callable[[], None] | None,
    ) -> None:
        """Prepare one contract once, then render each of its documents."""
        name = source_name(source)
        try:
            prepared = prepare(load_resolved(source, base_dir=base_dir), name)
        except ClausegenError as error:
            self.problems.append(error)
            for _ in self.entries:
                _tick(tick)
            return
        documents: dict[Path, bytes] = {}
        skipped: list[SkippedDocument] = []
        for entry in self.entries:
            _tick(tick)
            if entry.id not in self.usable:
                continue
            missing = missing_requirement(prepared.contract, entry, name)
            if missing is not None and not named:
                skipped.append(_skipped(missing, entry.id))
            elif missing is not None:
                self.problems.append(missing)
            else:
                data = self._render(prepared, entry)
                if data is not None:
                    documents[directory / output_name(prepared.contract.reference, entry.id)] = data
        self.rendered.append(
            RenderedContract(
                name, prepared.contract, prepared.obligation, documents, tuple(skipped)
            )
        )

    def _render(self, prepared: PreparedContract, entry: TemplateEntry) -> bytes | None:
        try:
            return render_entry(prepared, self.template_set, entry)
        except TemplateError as error:
            self.problems.append(error.for_contract(prepared.source))
            if error.reason in ("time-budget", "output-budget"):
                # NOTE: each render with another contract would take as long: the budget
                # is the template's problem, reported once.
                self.usable.discard(entry.id)
            return None


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
