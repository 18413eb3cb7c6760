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
from pathlib import Path

from clausegen.recovery import remove_leftovers
from clausegen.render.documents import TemplatesArgument, template_set_of
from clausegen.resolve.buyer import profiles_read_once
from clausegen.resolve.loading import ContractSource
from clausegen.write.contracts import AlsoWritten, Batch, collisions, run_budget
from clausegen.write.pdf import convert_documents, find_soffice
from clausegen.write.rendered import (
    RenderedRun,
    combine_problems,
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
    also_written: AlsoWritten | None = None,
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
        force: when given, every file of the run is checked once every contract is
            planned: one that exists without ``force`` stops it before any rendering.
        also_written: the other files a contract writes (eForms fragments), checked too.

    Returns:
        The rendered run, ready to :meth:`~RenderedRun.write`. When ``only`` is None, a
        document that the contract cannot have (the charter annex of a buyer without a
        charter) is left out and listed in :attr:`RenderedRun.skipped`.

    Raises:
        ClausegenError: the single problem of the run, or a ErrorGroup listing all of them
            (templates refused as unsafe, invalid contracts, failing templates, two
            contracts writing the same file, a document named in ``only`` that a contract
            cannot have: NoCharterError, files that exist without ``force``).
        ConversionError: when ``pdf`` is asked and LibreOffice is missing (checked before
            any rendering) or a conversion fails.
    """
    if pdf or odt:
        find_soffice()
    template_set = template_set_of(templates)
    outputs = tuple(s for s, on in ((".docx", docx), (".pdf", pdf), (".odt", odt)) if on)
    entries = template_set.select(None if only is None else list(only))
    batch = Batch(template_set, entries, outputs, force, also_written, run_budget())
    if force is not None:
        remove_leftovers(Path(out_dir))  # a set an interrupted run was writing counts as written
    _render_all(batch, sources, Path(out_dir), base_dir, named=only is not None, tick=progress)
    documents = {path: data for item in batch.rendered for path, data in item.documents.items()}
    files = dict(documents) if docx else {}
    files.update(_convert(documents, outputs, pdf_standard, converting))
    return RenderedRun(tuple(batch.rendered), files)


def _render_all(
    batch: Batch,
    sources: Sequence[ContractSource],
    out_dir: Path,
    base_dir: str | os.PathLike[str] | None,
    *,
    named: bool,
    tick: Callable[[], None] | None,
) -> None:
    """Plan every contract, then render them unless a file exists; raise every problem."""
    batch.check_templates()
    with profiles_read_once():
        planned = [
            batch.plan(source, out_dir, base_dir=base_dir, named=named) for source in sources
        ]
    if not any(item.refused() for item in planned):
        for item in planned:
            batch.render(item, tick=tick)
    problems = [*batch.problems, *(p for item in planned for p in item.problems)]
    problems.extend(collisions(batch.rendered))
    if problems:
        raise combine_problems(problems)


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
