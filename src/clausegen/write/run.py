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

from clausegen.errors import ClausegenError, OutputError, TemplateError
from clausegen.files import check_writable
from clausegen.i18n import _
from clausegen.recovery import remove_leftovers
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
from clausegen.render.lint.check import template_faults
from clausegen.render.templates import TemplateEntry, TemplateSet, default_dir
from clausegen.resolve.buyer import profiles_read_once
from clausegen.resolve.loading import ContractSource, load_resolved
from clausegen.write.pdf import convert_documents, find_soffice
from clausegen.write.rendered import (
    RenderedContract,
    RenderedRun,
    SkippedDocument,
    combine_problems,
    skipped_document,
)


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
    odt: bool = False,
    pdf_standard: str = "pdfa-2b",
    force: bool | None = None,
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
        converting: called with the number of documents just before the conversion.
        base_dir: where a buyer profile path starts, for a contract that has no file of its
            own (standard input, a mapping); see :func:`~clausegen.load_contract`.
        odt: also convert every document to ODT (same LibreOffice profile as the PDFs).
        pdf_standard: ``"pdfa-2b"`` (archival PDF/A-2b, the default) or ``"none"``.
        force: when given, an existing output is refused before its document is rendered.

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
    if pdf or odt:
        find_soffice()
    template_set = template_set_of(templates)
    outputs = tuple(s for s, on in ((".docx", docx), (".pdf", pdf), (".odt", odt)) if on)
    batch = _Batch(template_set, template_set.select(None if only is None else list(only)))
    batch.refuse_existing(Path(out_dir), outputs, force)
    _render_all(batch, sources, Path(out_dir), base_dir, named=only is not None, tick=progress)
    documents = {path: data for item in batch.rendered for path, data in item.documents.items()}
    files = dict(documents) if docx else {}
    files.update(_convert(documents, outputs, pdf_standard, converting))
    return RenderedRun(tuple(batch.rendered), files)


def _render_all(
    batch: _Batch,
    sources: Sequence[ContractSource],
    out_dir: Path,
    base_dir: str | os.PathLike[str] | None,
    *,
    named: bool,
    tick: Callable[[], None] | None,
) -> None:
    """Render every contract of the run into ``batch``; raise every problem met at once."""
    batch.check_templates()
    with profiles_read_once():
        for source in sources:
            batch.add(source, out_dir, base_dir=base_dir, named=named, tick=tick)
    batch.problems.extend(_collisions(batch.rendered))
    if batch.problems:
        raise combine_problems(batch.problems)


@dataclass
class _Batch:
    """The contracts of a run rendered so far, and every problem met."""

    template_set: TemplateSet
    entries: list[TemplateEntry]
    outputs: tuple[str, ...] = (".docx",)
    force: bool | None = None
    problems: list[ClausegenError] = field(default_factory=list)
    rendered: list[RenderedContract] = field(default_factory=list)
    usable: set[str] = field(default_factory=set)

    @property
    def bundled(self) -> bool:
        """Whether the templates are clausegen's own (checked by its tests, not at each run)."""
        try:
            return self.template_set.directory.resolve() == default_dir().resolve()
        except TemplateError:
            return False  # clausegen's own are missing: these are not them

    def check_templates(self) -> None:
        """Read and check every template once; each problem of a template is reported once.

        A template that cannot be read or is unsafe is reported as the set refuses it; one
        whose text has errors (tags, statements, names) with every finding of the template
        check, located and in the language of messages (issue 15). clausegen's own templates
        are checked by its tests, not at every run.
        """
        for entry in self.entries:
            try:
                data = self.template_set.read(entry)
            except TemplateError as error:
                self.problems.append(error)
                continue
            faults = [] if self.bundled else template_faults(data, entry)
            if faults:
                self.problems.extend(faults)
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
            missing = missing_requirement(
                prepared.contract,
                entry,
                name,
                hours=prepared.obligation.total_insertion_hours,
            )
            if missing is not None and not named:
                skipped.append(skipped_document(missing, entry.id))
            elif missing is not None:
                self.problems.append(missing)
            else:
                target = directory / output_name(prepared.contract.reference, entry.id)
                if self._refused(target):
                    continue
                data = self._render(prepared, entry)
                if data is not None:
                    documents[target] = data
        self.rendered.append(
            RenderedContract(
                name, prepared.contract, prepared.obligation, documents, tuple(skipped)
            )
        )

    def refuse_existing(self, folder: Path, outputs: tuple[str, ...], force: bool | None) -> None:
        """Check the files of ``outputs`` before rendering (``force`` None: do not check)."""
        self.outputs, self.force = outputs, force
        if force is not None:
            remove_leftovers(folder)  # a set an interrupted run was writing counts as written

    def _refused(self, target: Path) -> bool:
        """Whether a file of ``target`` in a format asked exists, before it is rendered."""
        if self.force is None:
            return False
        refused = False
        for suffix in self.outputs:
            try:
                check_writable(target.with_suffix(suffix), force=self.force)
            except OutputError as error:
                self.problems.append(error)
                refused = True
        return refused

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


def _convert(
    documents: Mapping[Path, bytes],
    outputs: tuple[str, ...],
    pdf_standard: str,
    converting: Callable[[int], None] | None,
) -> dict[Path, bytes]:
    """Convert the run's documents with LibreOffice; each copy goes beside its .docx."""
    formats = tuple(suffix[1:] for suffix in outputs if suffix != ".docx")
    if not documents or not formats:
        return {}
    if converting is not None:
        converting(len(documents))
    by_stem = {Path(path.name).stem: path for path in documents}
    converted = convert_documents(
        {path.name: data for path, data in documents.items()},
        formats=formats,
        pdf_standard=pdf_standard,
    )
    return {
        by_stem[Path(name).stem].with_suffix(Path(name).suffix): data
        for name, data in converted.items()
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
                        message=_(
                            "would be written for both {first} and {second}; give the contracts "
                            "different references or generate them apart"
                        ).format(first=owners[path], second=item.source),
                    )
                )
            else:
                owners[path] = item.source
    return problems


def generate(
    contract: ContractSource,
    out_dir: str | os.PathLike[str],
    *,
    templates: TemplatesArgument = None,
    only: Iterable[str] | None = None,
    force: bool = False,
    pdf: bool = False,
    base_dir: str | os.PathLike[str] | None = None,
    odt: bool = False,
    pdf_standard: str = "pdfa-2b",
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
        odt: also write ``<reference>-<id>.odt`` for each document (needs LibreOffice).
        pdf_standard: ``"pdfa-2b"`` (the default) or ``"none"`` for plain tagged PDF.

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
        [contract],
        out_dir,
        templates=templates,
        only=only,
        pdf=pdf,
        base_dir=base_dir,
        odt=odt,
        pdf_standard=pdf_standard,
        force=force,
    )
    return run.write(force=force)
