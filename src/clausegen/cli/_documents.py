"""The command that produces the Word documents of a tender file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from clausegen.cli._app import main, warn
from clausegen.inputs import CURRENT_FOLDER, STDIN

if TYPE_CHECKING:
    from clausegen.render.templates import TemplateSet
    from clausegen.write.batch import StagedRun
    from clausegen.write.run import RenderedRun

_CONTRACT_FILE = click.Path(dir_okay=False, allow_dash=True)


def _template_ids(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[str, ...] | None:
    """Split ``--only ccap,rc`` into ids; the template set checks that they exist."""
    if value is None:
        return None
    ids = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not ids:
        message = "give at least one template id, e.g. --only ccap,rc"
        raise click.BadParameter(message, ctx=ctx, param=param)
    return ids


_FORMATS = ("docx", "pdf")


def _formats(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """Split ``--format docx,pdf`` into formats, refusing unknown ones."""
    if value is None:
        return ("docx",)
    formats = tuple(
        dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip())
    )
    unknown = [item for item in formats if item not in _FORMATS]
    if unknown or not formats:
        message = f"choose among {', '.join(_FORMATS)}, e.g. --format docx,pdf"
        raise click.BadParameter(message, ctx=ctx, param=param)
    return formats


@main.command()
@click.argument("files", nargs=-1, required=True, type=_CONTRACT_FILE)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default="the current folder",
    help="Folder to write the documents to; created if needed.",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="CLAUSEGEN_TEMPLATES",
    show_envvar=True,
    help="Folder of templates (with its templates.yaml) to use instead of clausegen's own.",
)
@click.option(
    "--only",
    callback=_template_ids,
    metavar="IDS",
    help="Produce only these documents, e.g. --only ccap,rc (ids from templates.yaml).",
)
@click.option(
    "--format",
    "formats",
    callback=_formats,
    metavar="FORMATS",
    help="Formats to write: docx (default), pdf, or both: --format docx,pdf.",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF of each document (LibreOffice).")
@click.option("--force", is_flag=True, help="Replace documents that already exist.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Render a batch in N worker processes (default: the number of CPUs).",
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
    force: bool,
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
    written beside it; --format pdf writes the PDFs alone. LibreOffice ('soffice') must
    then be installed: without it, nothing is written and the error says how to get it.

    Every document is rendered first, and put in place only when all succeeded: if a
    contract is invalid, a template or a conversion fails, nothing is written and every
    problem is reported. Existing documents are kept unless --force is given. The same
    contract and templates always give the same Word bytes. A batch of Word documents is
    rendered on every CPU (--jobs), each document waiting on disk in a hidden temporary
    file beside its destination, so that memory does not grow with the batch; the files,
    their bytes, the messages and the exit code are those of --jobs 1.
    """
    # NOTE: imported here so that commands that write no document start faster.
    from clausegen.render.templates import load_template_set

    files = tuple(dict.fromkeys(files))  # the same file twice is one contract
    template_set = load_template_set(templates_dir)
    _check_only(ctx, template_set, only)
    count = len(files) * len(template_set.select(only))
    options = _Options(output_dir, template_set, only, pdf or "pdf" in formats, formats, jobs)
    if len(files) > 1:
        with click.progressbar(length=count, label="Rendering documents", file=sys.stderr) as bar:
            run = _render(files, options, lambda: bar.update(1))
    else:
        run = _render(files, options, None)
    _report_written(run, _write(run, force=force), output_dir)


@dataclass(frozen=True)
class _Options:
    output_dir: Path
    template_set: TemplateSet
    only: tuple[str, ...] | None
    pdf: bool
    formats: tuple[str, ...]
    jobs: int | None


def _render(
    files: tuple[str, ...], options: _Options, progress: Callable[[], None] | None
) -> RenderedRun | StagedRun:
    """Render in memory for PDFs (one LibreOffice run), else staged on every core."""
    from clausegen.write.batch import stage_run
    from clausegen.write.run import render_run

    if options.pdf:
        return render_run(
            files,
            options.output_dir,
            templates=options.template_set,
            only=options.only,
            progress=progress,
            pdf=True,
            docx="docx" in options.formats,
            converting=_converting,
            base_dir=CURRENT_FOLDER,
        )
    return stage_run(
        files,
        options.output_dir,
        templates=options.template_set,
        only=options.only,
        jobs=options.jobs,
        progress=progress,
        base_dir=CURRENT_FOLDER,
    )


def _write(run: RenderedRun | StagedRun, *, force: bool) -> list[Path]:
    """Warn, then write the run; a staged run's temporary files never stay behind."""
    from clausegen.write.batch import StagedRun

    try:
        _warn_about(run)
        return run.write(force=force)
    finally:
        if isinstance(run, StagedRun):
            run.discard()


def _report_written(run: RenderedRun | StagedRun, written: list[Path], output_dir: Path) -> None:
    for path in written:
        click.echo(str(path))
    contracts = len(run.contracts)
    subject = f"{contracts} contracts" if contracts > 1 else run.contracts[0].contract.reference
    plural = "s" if len(written) != 1 else ""
    click.echo(f"Wrote {len(written)} document{plural} for {subject} in {output_dir}", err=True)


def _converting(documents: int) -> None:
    plural = "s" if documents != 1 else ""
    click.echo(f"Converting {documents} document{plural} to PDF with LibreOffice…", err=True)


def _check_only(
    ctx: click.Context, template_set: TemplateSet, only: tuple[str, ...] | None
) -> None:
    unknown = [template_id for template_id in only or () if template_id not in template_set.ids]
    if unknown:
        message = (
            f"no template {', '.join(repr(u) for u in unknown)} in {template_set.directory}; "
            f"choose among {', '.join(template_set.ids)}"
        )
        raise click.BadParameter(message, ctx=ctx, param_hint="'--only'")


def _warn_about(run: RenderedRun | StagedRun) -> None:
    for item in run.contracts:
        name = "<stdin>" if item.source == STDIN else item.source
        for warning in item.obligation.warnings:
            warn(f"{name}: {warning}")
        for skipped in item.skipped:
            warn(skipped.message)
