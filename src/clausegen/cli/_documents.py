"""The command that produces the Word documents of a tender file."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
import click.shell_completion
from click.core import ParameterSource

from clausegen.cli._app import STDOUT, echo_json, is_quiet, lazy, main, note, warn, write_binary
from clausegen.cli._generating import (
    CONTRACT_FILE,
    complete_formats,
    complete_ids,
    parse_formats,
    template_ids,
)
from clausegen.cli._help import option
from clausegen.cli._progress import Elapsed
from clausegen.files import check_writable
from clausegen.i18n import _, ngettext
from clausegen.inputs import CURRENT_FOLDER, STDIN

if TYPE_CHECKING:
    from clausegen.readable import figure
    from clausegen.render.templates import TemplateSet
    from clausegen.validate.models import Contract
    from clausegen.write.batch import StagedRun
    from clausegen.write.rendered import RenderedRun
else:
    figure = lazy("clausegen.readable", "figure")


@main.command()
@click.argument("files", nargs=-1, required=True, type=CONTRACT_FILE)
@option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default="the current folder",
    help="Folder to write the documents to; created if needed.",
)
@option(
    "--templates",
    "templates_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="CLAUSEGEN_TEMPLATES",
    show_envvar=True,
    help="Folder of templates (with its templates.yaml) to use instead of clausegen's own.",
)
@option(
    "--only",
    callback=template_ids,
    shell_complete=complete_ids,
    metavar="IDS",
    help="Produce only these documents, e.g. --only ccap,rc (ids from templates.yaml).",
)
@option(
    "--format",
    "formats",
    callback=parse_formats,
    shell_complete=complete_formats,
    metavar="FORMATS",
    help="Formats to write, among docx (default), pdf, odt and eforms (each lot's eForms "
    "notice fragment): --format docx,pdf,odt,eforms.",
)
@option("--pdf", is_flag=True, help="Also write a PDF of each document (LibreOffice).")
@option(
    "--pdf-standard",
    type=click.Choice(["pdfa-2b", "none"]),
    default="pdfa-2b",
    show_default=True,
    help="Archival PDF/A-2b, or none for a plain PDF; PDFs are tagged for accessibility.",
)
@option(
    "--notice-subtype",
    "subtype",
    metavar="N",
    help="With --format eforms: the eForms notice subtype of every contract (see 'clausegen "
    "eforms'); each contract's usual one by default.",
)
@option(
    "--zip",
    "zip_path",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    metavar="FILE",
    help="Write the documents into this one zip file instead of a folder ('-' is standard output).",
)
@option("--force", is_flag=True, help="Replace documents that already exist.")
@option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@option(
    "--strict",
    is_flag=True,
    help="Turn every legal warning into an error: exit 1 and write nothing.",
)
@option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Render a batch of Word documents in N worker processes (default: the number of CPUs).",
)
@click.pass_context
def generate(
    ctx: click.Context,
    files: tuple[str, ...],
    output_dir: Path,
    templates_dir: Path | None,
    only: tuple[str, ...] | None,
    formats: tuple[str, ...],
    pdf: bool,
    pdf_standard: str,
    subtype: str | None,
    zip_path: Path | None,
    force: bool,
    as_json: bool,
    strict: bool,
    jobs: int | None,
) -> None:
    """Produce the Word documents of the tender file of each contract.

    FILES are contract descriptions in YAML or JSON ('-' reads standard input); several
    make a batch, with a progress bar. Each contract gets one document per template, written as
    <reference>-<id>.docx: by default the CCAP article (ccap), the consultation rules
    paragraph (rc), the candidate's commitment (ae), the monitoring sheet (suivi) and the
    annex of the buyer's charter commitments (charte). A contract whose buyer has no charter
    gets no charte document (a warning says so), and asking for it with --only is an error.

    With --pdf (or --format docx,pdf), LibreOffice also makes a PDF of each document,
    written beside it; --format pdf writes the PDFs alone, --format odt adds OpenDocument
    copies (LibreOffice starts once per format). PDFs are PDF/A-2b (archival) and tagged
    (accessible) unless --pdf-standard none. LibreOffice ('soffice') must be installed:
    without it, nothing is written and the error says how to get it. --format eforms
    writes each lot's eForms fragment as 'clausegen eforms --xml' does.

    With --strict, a legal warning is an error: exit 1 and nothing is written. A batch of
    Word documents alone is rendered on every CPU (--jobs), each document waiting on disk
    in a hidden temporary file beside its destination; the files, their bytes, the
    messages and the exit code are those of --jobs 1.
    Every document is rendered in memory first: if a contract is invalid, a template or a
    conversion fails, nothing is written and every problem is reported. Existing files are
    kept unless --force is given, and checked before anything is rendered or converted. The
    same input always gives the same Word bytes.

    --zip FILE writes them into one byte-stable zip instead ('-': standard output, not a
    terminal). --json prints {"ok", "exit_code", "written": [...], "warnings": [...]}.
    """
    files = tuple(dict.fromkeys(files))  # the same file twice is one contract
    subtype = _notice_subtype(ctx, subtype, formats)
    _check_zip(ctx, zip_path, as_json=as_json, force=force)
    run = _rendered_run(
        ctx,
        files,
        output_dir,
        templates_dir,
        only,
        wanted={*formats, *(["pdf"] if pdf else [])},
        pdf_standard=pdf_standard,
        force=force or zip_path is not None,  # a zip is checked whole by _check_zip
        jobs=None if zip_path is not None or "eforms" in formats else (jobs or 0),
    )
    run = _with_eforms(run, output_dir, subtype) if "eforms" in formats else run
    written = _write(run, zip_path, force=force, strict=strict)
    _report_written(run, written, output_dir if zip_path is None else zip_path, as_json=as_json)


def _write(
    run: RenderedRun | StagedRun, zip_path: Path | None, *, force: bool, strict: bool
) -> list[Path]:
    """Warn (or refuse legal warnings), then write the run or its zip.

    A staged run's temporary files never stay behind.
    """
    from clausegen.write.batch import StagedRun

    try:
        _warn_about(run, strict=strict)
        if zip_path is None:
            return run.write(force=force)
        assert not isinstance(run, StagedRun)  # noqa: S101 - a zip is rendered in memory
        write_binary(run.as_zip(), zip_path, force=force, what=_("a zip file"), announce=False)
        return [zip_path]
    finally:
        if isinstance(run, StagedRun):
            run.discard()


def _rendered_run(
    ctx: click.Context,
    files: tuple[str, ...],
    output_dir: Path,
    templates_dir: Path | None,
    only: tuple[str, ...] | None,
    *,
    wanted: set[str],
    pdf_standard: str,
    force: bool,
    jobs: int | None,
) -> RenderedRun | StagedRun:
    """Render every document of the run and convert the copies asked for.

    Word documents alone are staged on every core (``jobs``: 0 for the number of CPUs);
    PDF or ODT copies (one LibreOffice run), a zip or eForms fragments (``jobs`` None) are
    rendered in memory.
    """
    # NOTE: imported here so that commands that write no document start faster.
    from clausegen.render.templates import load_template_set
    from clausegen.write.batch import stage_run
    from clausegen.write.run import render_run

    template_set = load_template_set(templates_dir)
    _check_only(ctx, template_set, only)
    count = len(files) * len(template_set.select(only))
    if jobs is not None and wanted == {"docx"}:
        staged = functools.partial(
            stage_run,
            files,
            output_dir,
            templates=template_set,
            only=only,
            jobs=jobs or None,
            base_dir=CURRENT_FOLDER,
            force=force,
        )
        return _render(files, count, staged)
    elapsed = Elapsed()
    run_with = functools.partial(
        render_run,
        files,
        output_dir,
        templates=template_set,
        only=only,
        pdf="pdf" in wanted,
        docx="docx" in wanted,
        odt="odt" in wanted,
        pdf_standard=pdf_standard,
        force=force,
        converting=functools.partial(_conversion, elapsed, wanted),
        base_dir=CURRENT_FOLDER,
        also_written=_fragment_names() if "eforms" in wanted else None,
    )
    with elapsed:
        return _render(files, count, run_with)


def _fragment_names() -> Callable[[Contract], list[str]]:
    """The names of a contract's eForms fragments, checked with its documents."""
    from clausegen.eforms.notice import fragment_names

    return fragment_names


def _with_eforms(
    run: RenderedRun | StagedRun, output_dir: Path, subtype: str | None
) -> RenderedRun:
    # NOTE: the eForms package (lxml, the SDK files) is imported only when asked for.
    from clausegen.eforms.notice import with_fragments
    from clausegen.write.rendered import RenderedRun

    assert isinstance(run, RenderedRun)  # noqa: S101 - eForms runs are rendered in memory
    return with_fragments(run, output_dir, subtype=subtype)


def _notice_subtype(
    ctx: click.Context, subtype: str | None, formats: tuple[str, ...]
) -> str | None:
    """Check ``--notice-subtype`` before anything is rendered."""
    if subtype is None:
        return None
    from clausegen.eforms.notice import check_subtype
    from clausegen.errors import NoticeSubtypeError

    if "eforms" not in formats:
        message = _("only with --format eforms")
        raise click.BadParameter(message, ctx=ctx, param_hint="'--notice-subtype'")
    try:
        return check_subtype(subtype)
    except NoticeSubtypeError as error:
        raise click.BadParameter(str(error), ctx=ctx, param_hint="'--notice-subtype'") from None


def _render(
    files: tuple[str, ...], count: int, render: Callable[..., RenderedRun | StagedRun]
) -> RenderedRun | StagedRun:
    """Render the run, with a progress bar on standard error for a batch (unless quiet)."""
    if len(files) > 1 and not is_quiet():
        with click.progressbar(
            length=count, label=_("Rendering documents"), file=sys.stderr
        ) as bar:
            return render(progress=lambda: bar.update(1))
    return render(progress=None)


def _check_zip(ctx: click.Context, zip_path: Path | None, *, as_json: bool, force: bool) -> None:
    """Refuse what cannot go with ``--zip`` before anything is rendered."""
    if zip_path is None:
        return
    if ctx.get_parameter_source("output_dir") is not ParameterSource.DEFAULT:
        message = _("--zip and --output-dir cannot be used together: the zip holds the documents")
        raise click.UsageError(message)
    if str(zip_path) == STDOUT:
        if as_json:
            message = _("--json and --zip - cannot be used together: both use standard output")
            raise click.UsageError(message)
        return
    check_writable(zip_path, force=force)


def _report_written(
    run: RenderedRun | StagedRun, written: list[Path], destination: Path, *, as_json: bool
) -> None:
    if as_json:
        warnings = [
            *(str(warning) for item in run.contracts for warning in item.warnings),
            *(skipped.message for skipped in run.skipped),
        ]
        paths = [str(path) for path in written]
        echo_json({"ok": True, "exit_code": 0, "written": paths, "warnings": warnings})
    elif str(destination) != STDOUT:
        for path in written:
            click.echo(str(path))
    contracts = len(run.contracts)
    subject = (
        _("{count} contracts").format(count=figure(contracts))
        if contracts > 1
        else run.contracts[0].reference
    )
    from clausegen.write.batch import StagedRun

    count = len(run.staged) if isinstance(run, StagedRun) else len(run.files)
    where = _("standard output") if str(destination) == STDOUT else destination
    note(
        ngettext(
            "Wrote {count} document for {subject} in {where}",
            "Wrote {count} documents for {subject} in {where}",
            count,
        ).format(count=figure(count), subject=subject, where=where)
    )


def _conversion(elapsed: Elapsed, wanted: set[str], documents: int) -> None:
    """Announce the conversion of ``documents`` documents (and count it on a terminal)."""
    targets = _(" and ").join(target.upper() for target in ("pdf", "odt") if target in wanted)
    elapsed.start(
        ngettext(
            "Converting {count} document to {targets} with LibreOffice…",
            "Converting {count} documents to {targets} with LibreOffice…",
            documents,
        ).format(count=figure(documents), targets=targets)
    )


def _check_only(
    ctx: click.Context, template_set: TemplateSet, only: tuple[str, ...] | None
) -> None:
    unknown = [template_id for template_id in only or () if template_id not in template_set.ids]
    if unknown:
        message = _("no template {ids} in {folder}; choose among {known}").format(
            ids=", ".join(repr(u) for u in unknown),
            folder=template_set.directory,
            known=", ".join(template_set.ids),
        )
        raise click.BadParameter(message, ctx=ctx, param_hint="'--only'")


def _refuse_legal_warnings(run: RenderedRun | StagedRun) -> None:
    # NOTE: imported here like render_run, so that other commands start faster.
    from clausegen.compute.legal import strict_error
    from clausegen.errors import ErrorGroup

    errors = [
        error
        for item in run.contracts
        if (error := strict_error(_name(item.source), item.warnings)) is not None
    ]
    if errors:
        raise ErrorGroup.of(errors)


def _name(source: str) -> str:
    return "<stdin>" if source == STDIN else source


def _warn_about(run: RenderedRun | StagedRun, *, strict: bool) -> None:
    if strict:
        _refuse_legal_warnings(run)
    for item in run.contracts:
        name = "<stdin>" if item.source == STDIN else item.source
        for warning in item.warnings:
            warn(f"{name}: {warning}")
        for skipped in item.skipped:
            warn(skipped.message)
