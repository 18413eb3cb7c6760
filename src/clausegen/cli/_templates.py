"""The ``templates`` commands: for legal staff who edit the Word templates of the documents."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from clausegen.cli._app import echo_json, json_text, main, note
from clausegen.cli._help import option
from clausegen.errors import ExitCode, TemplateError
from clausegen.i18n import _, ngettext

_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)


def _dump(data: object) -> str:
    return json_text(data)


def _origin(ctx: click.Context, name: str, given: str) -> str:
    """Say where a template folder comes from: bundled, the command line or the environment."""
    if ctx.params.get(name) is None:
        return "bundled"
    if ctx.get_parameter_source(name) is ParameterSource.ENVIRONMENT:
        return "environment"
    return given


@main.group()
def templates() -> None:
    """List, copy, check the Word templates of the documents, and the variables they use.

    To change the wording of the documents: copy clausegen's templates, edit them in Word,
    check them, then generate with the copy (the guide for legal staff, in French, is
    docs/templates.md):

    \b
      clausegen templates export modeles/
      clausegen templates check modeles/
      clausegen generate contract.yaml --templates modeles/
    """  # noqa: D301 - \b is click's mark for a paragraph kept as written


@templates.command("list")
@option(
    "--templates",
    "templates_dir",
    type=_FOLDER,
    envvar="CLAUSEGEN_TEMPLATES",
    show_envvar=True,
    help="Folder of templates (with its templates.yaml) instead of clausegen's own.",
)
@option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def list_templates(ctx: click.Context, templates_dir: Path | None, as_json: bool) -> None:
    """List the templates of a set: id, French title, file and destination.

    The first line says which folder the set comes from: clausegen's own templates,
    --templates or the CLAUSEGEN_TEMPLATES variable. An invalid templates.yaml is an error
    (exit code 3); 'clausegen templates check' says everything that is wrong with it.
    """
    from clausegen.render.listing import templates_as_json, templates_as_text
    from clausegen.render.templates import load_template_set

    template_set = load_template_set(templates_dir)
    origin = _origin(ctx, "templates_dir", "option")
    if as_json:
        click.echo(_dump(templates_as_json(template_set, origin=origin)))
    else:
        click.echo(templates_as_text(template_set, origin=origin))


@templates.command()
@click.argument("directory", type=click.Path(path_type=Path))
@option("--force", is_flag=True, help="Replace files of the same names in DIRECTORY.")
@option("--json", "as_json", is_flag=True, help='Print {"ok", "written": [...]} instead.')
def export(directory: Path, force: bool, as_json: bool) -> None:
    """Copy clausegen's own templates and their templates.yaml into DIRECTORY, to edit them.

    DIRECTORY is created if needed. If it already holds one of the files, nothing is written
    unless --force is given. Word and LibreOffice lock files are never copied. The files
    written are printed, one per line.
    """
    from clausegen.render.templates import export_templates

    written = export_templates(directory, force=force)
    if as_json:
        echo_json({"ok": True, "written": [str(path) for path in written]})
    else:
        for path in written:
            click.echo(str(path))
    note(
        _(
            "Copied {count} templates and their templates.yaml to {folder}. Edit them in Word, "
            "then: clausegen templates check {folder}"
        ).format(count=len(written) - 1, folder=directory)
    )


@templates.command()
@click.argument("directory", required=False, type=_FOLDER, envvar="CLAUSEGEN_TEMPLATES")
@option(
    "--contract",
    "contracts",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also test-render every template with this contract description (repeatable).",
)
@option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"ok", "exit_code", "errors", "findings"} as JSON.',
)
@click.pass_context
def check(
    ctx: click.Context, directory: Path | None, contracts: tuple[Path, ...], as_json: bool
) -> None:
    """Check a folder of templates: every problem at once, located, explained in French.

    DIRECTORY defaults to the CLAUSEGEN_TEMPLATES variable, then to clausegen's own
    templates. The check covers templates.yaml (each problem with its line; a listed file
    missing; a .docx not listed; lock files are ignored), each file as untrusted input
    (damaged or encrypted parts, DOCTYPE, macros, active content, external links, fields
    that fetch, zip bombs), each tag (Jinja syntax, docxtpl pitfalls,
    names against the vocabulary with the closest names suggested, what the sandbox
    refuses), then a test render of every template without errors with clausegen's example
    contracts (and each --contract), within the render's time and output budgets.

    Each finding gives the template, the place (part, paragraph, table and row, or line),
    the text around it, a stable code, a message and a suggestion; docs/templates.md
    explains every code. Exit code 3 when there is an error; warnings alone exit 0. --json
    prints {"ok", "exit_code", "errors", "findings"}: ok is false and exit_code 3 when there
    is an error, errors holds the errors as located records (the shape of every command's
    failures), findings every finding, warnings included.
    """
    from clausegen.render.lint import check_templates, example_contracts
    from clausegen.render.lint.report import check_as_text, check_document

    sources = [*example_contracts(), *contracts] if contracts else None
    result = check_templates(directory, contracts=sources)
    if as_json:
        document = check_document(result)
        click.echo(_dump(document))
        if not document["ok"]:
            raise SystemExit(ExitCode.TEMPLATE)
        return
    click.echo(check_as_text(result, origin=_origin(ctx, "directory", "argument")))
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        found = ngettext(
            "the check found {count} error", "the check found {count} errors", errors
        ).format(count=errors)
        if warnings:
            found = ngettext(
                "{found} and {count} warning", "{found} and {count} warnings", warnings
            ).format(found=found, count=warnings)
        raise TemplateError(template=result.directory, message=found)


@templates.command()
@option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def variables(as_json: bool) -> None:
    """List every variable templates can use, with a description and an example.

    Names of list items are written lots[].title: inside {%p for lot in lots %}, write
    lot.title. The list comes from the same definition as what templates receive.
    """
    from clausegen.render.listing import variables_as_json, variables_as_text

    if as_json:
        click.echo(_dump(variables_as_json()))
    else:
        click.echo(variables_as_text())
