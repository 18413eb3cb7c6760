"""Commands about the contract description and its hour obligation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from clausegen.cli._app import (
    STDOUT,
    check_each,
    echo_json,
    json_text,
    lazy,
    main,
    note,
    print_or_write,
    schema_options,
    warn,
)
from clausegen.cli._help import option
from clausegen.files import write_atomically
from clausegen.i18n import _, ngettext
from clausegen.inputs import CURRENT_FOLDER, STDIN, STDIN_NAME

_STRICT = option(
    "--strict",
    is_flag=True,
    help="Turn every legal warning (EU threshold, environmental condition and criterion, "
    "personal data…) into an error: exit 1.",
)

if TYPE_CHECKING:
    from clausegen.compute.hours import compute
    from clausegen.compute.legal import strict_error
    from clausegen.present.obligation import obligation_as_json, obligation_as_text
    from clausegen.present.rates import reference_as_json, reference_as_text
    from clausegen.present.starters import starter_description
    from clausegen.readable import figure
    from clausegen.resolve.loading import load_resolved
    from clausegen.resolve.reference import default_reference
    from clausegen.validate.models import json_schema
else:
    compute = lazy("clausegen.compute.hours", "compute")
    strict_error = lazy("clausegen.compute.legal", "strict_error")
    obligation_as_json = lazy("clausegen.present.obligation", "obligation_as_json")
    figure = lazy("clausegen.readable", "figure")
    obligation_as_text = lazy("clausegen.present.obligation", "obligation_as_text")
    reference_as_json = lazy("clausegen.present.rates", "reference_as_json")
    reference_as_text = lazy("clausegen.present.rates", "reference_as_text")
    starter_description = lazy("clausegen.present.starters", "starter_description")
    load_resolved = lazy("clausegen.resolve.loading", "load_resolved")
    default_reference = lazy("clausegen.resolve.reference", "default_reference")
    json_schema = lazy("clausegen.validate.models", "json_schema")

_CONTRACT_FILE = click.Path(dir_okay=False, allow_dash=True)


@main.command()
@click.argument("file", type=_CONTRACT_FILE)
@option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_STRICT
def hours(file: str, as_json: bool, strict: bool) -> None:
    """Compute the insertion hours of each lot, the total and the FTE.

    FILE is a contract description in YAML or JSON; '-' reads standard input. The table
    shows how each figure was computed and where every parameter came from (lot, contract,
    buyer, trade preset or default); the warnings go to standard error. With --strict, a
    legal warning is an error and nothing is printed on standard output.
    """
    resolved = load_resolved(file, base_dir=CURRENT_FOLDER)
    contract, obligation = resolved.contract, compute(resolved)
    name = STDIN_NAME if file == STDIN else file
    error = strict_error(name, obligation.warnings)
    if strict and error is not None:
        raise error
    for warning in obligation.warnings:
        warn(f"{name}: {warning}")
    if as_json:
        echo_json(obligation_as_json(obligation))
    else:
        click.echo(obligation_as_text(contract, obligation), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=_CONTRACT_FILE)
@option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
@_STRICT
def validate(files: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """Check contract descriptions; exit 0 only if all of them are valid.

    Each valid file is reported on standard output with its number of lots and hours; each
    problem of an invalid file on standard error, with file, line and field: every problem
    of a file at once (fields, trades, lot numbers, charter, profile), in line order.
    Warnings do not make a file invalid, except legal warnings with --strict. --json prints
    {"ok", "exit_code", "valid": [{"file", "lots", "insertion_hours", "warnings"}],
    "errors": [...]}.
    """

    def check(file: str) -> tuple[str, dict[str, object]]:
        obligation = compute(load_resolved(file, base_dir=CURRENT_FOLDER))
        name = STDIN_NAME if file == STDIN else file
        error = strict_error(name, obligation.warnings)
        if strict and error is not None:
            raise error
        for warning in obligation.warnings:
            warn(f"{name}: {warning}")
        lots = len(obligation.lots)
        warnings = len(obligation.warnings)
        verdict = _("{file}: valid ({lots}, {hours} insertion hours, {warnings})").format(
            file=name,
            lots=ngettext("{count} lot", "{count} lots", lots).format(count=lots),
            hours=figure(obligation.total_insertion_hours),
            warnings=ngettext("{count} warning", "{count} warnings", warnings).format(
                count=warnings
            ),
        )
        data: dict[str, object] = {
            "file": name,
            "lots": lots,
            "insertion_hours": int(obligation.total_insertion_hours),
            "warnings": [str(warning) for warning in obligation.warnings],
        }
        return verdict, data

    check_each(files, check, as_json=as_json)


@main.command()
@schema_options
def schema(output: Path | None, force: bool) -> None:
    """Print the JSON Schema of the contract description.

    Editors use it to check descriptions as you type: put the line
    '# yaml-language-server: $schema=contract.schema.json' at the top of a YAML file.
    """
    print_or_write(json_text(json_schema()) + "\n", output, force=force)


@main.command()
@click.argument(
    "path",
    required=False,
    default="contract.yaml",
    type=click.Path(dir_okay=False, allow_dash=True),
)
@option(
    "--buyer",
    metavar="PROFILE",
    type=click.Path(dir_okay=False),
    help="Name this buyer profile (from 'clausegen profile init') as the contract's buyer.",
)
@option("--force", is_flag=True, help="Replace the file if it exists.")
def init(path: str, buyer: str | None, force: bool) -> None:
    """Write a commented starting contract description to PATH (default contract.yaml).

    '-' prints it on standard output. An existing file is kept unless --force is given.
    With --buyer, the contract's buyer is that profile (its path written relative to
    PATH's folder) instead of an inline buyer.
    """
    text = starter_description(buyer, path=None if path == STDOUT else path)
    if path == STDOUT:
        click.echo(text, nl=False)
        return
    write_atomically(Path(path), text.encode("utf-8"), force=force)
    note(_("Wrote {file}: edit it, then run 'clausegen hours {file}'.").format(file=path))


@main.command()
@option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def rates(as_json: bool) -> None:
    """Print the default rates, hourly costs and trade presets, with their origin.

    Presets marked 'indicatif' have no published source: check them with the facilitator,
    or give the lot's labour_share yourself.
    """
    reference = default_reference()
    if as_json:
        echo_json(reference_as_json(reference))
    else:
        click.echo(reference_as_text(reference), nl=False)
