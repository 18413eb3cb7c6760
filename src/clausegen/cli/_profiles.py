"""Commands about buyer profiles and the charter commitments a contract puts into practice."""

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
)
from clausegen.cli._help import option
from clausegen.files import write_atomically
from clausegen.i18n import _, ngettext
from clausegen.inputs import CURRENT_FOLDER, STDIN, STDIN_NAME

if TYPE_CHECKING:
    from clausegen.compute.hours import compute
    from clausegen.present.charter import review_as_json, review_as_text
    from clausegen.present.starters import starter_profile
    from clausegen.resolve.loading import load_resolved
    from clausegen.review.charter import review_charter
    from clausegen.validate.profile import load_profile, profile_json_schema
else:
    compute = lazy("clausegen.compute.hours", "compute")
    review_as_json = lazy("clausegen.present.charter", "review_as_json")
    review_as_text = lazy("clausegen.present.charter", "review_as_text")
    starter_profile = lazy("clausegen.present.starters", "starter_profile")
    load_resolved = lazy("clausegen.resolve.loading", "load_resolved")
    review_charter = lazy("clausegen.review.charter", "review_charter")
    load_profile = lazy("clausegen.validate.profile", "load_profile")
    profile_json_schema = lazy("clausegen.validate.profile", "profile_json_schema")

_INPUT_FILE = click.Path(dir_okay=False, allow_dash=True)


@main.group()
def profile() -> None:
    """Check buyer profiles, write a starting one, print their JSON Schema.

    A buyer profile holds what a buyer repeats in every contract: contacts, usual
    facilitator, default rates, FTE convention, labour shares and its charter of
    commitments. A contract uses it with 'buyer: path/to/profile.yaml'.
    """


@profile.command("check")
@click.argument("files", nargs=-1, required=True, type=_INPUT_FILE)
@option("--json", "as_json", is_flag=True, help="Print one JSON document instead.")
def check(files: tuple[str, ...], as_json: bool) -> None:
    """Check buyer profiles; exit 0 only if all of them are valid.

    Each valid file is reported on standard output; each problem of an invalid file on
    standard error, with file, line and field: unknown fields, invalid values, duplicate
    commitment numbers, conditions that test nothing, unknown placeholders in evidence
    sentences, and placeholders that may have no value when their rule matches. --json prints
    {"ok", "exit_code", "valid": [{"file", "buyer", "commitments", "with_rules"}], "errors"}
    (commitments is null without a charter).
    """

    def check(file: str) -> tuple[str, dict[str, object]]:
        buyer = load_profile(file)
        name = STDIN_NAME if file == STDIN else file
        data: dict[str, object] = {"file": name, "buyer": buyer.name}
        if buyer.charter is None:
            verdict = _("{file}: valid ({buyer}; no charter)").format(file=name, buyer=buyer.name)
            return verdict, {
                **data,
                "commitments": None,
                "with_rules": None,
            }
        total = len(buyer.charter.commitments)
        with_rules = sum(1 for commitment in buyer.charter.commitments if commitment.rules)
        charter = ngettext(
            "charter of {count} commitment, {rules} with rules",
            "charter of {count} commitments, {rules} with rules",
            total,
        ).format(count=total, rules=with_rules)
        verdict = _("{file}: valid ({buyer}; {charter})").format(
            file=name, buyer=buyer.name, charter=charter
        )
        return verdict, {**data, "commitments": total, "with_rules": with_rules}

    check_each(files, check, as_json=as_json)


@profile.command("init")
@click.argument(
    "path",
    required=False,
    default="buyer-profile.yaml",
    type=click.Path(dir_okay=False, allow_dash=True),
)
@option("--force", is_flag=True, help="Replace the file if it exists.")
def init(path: str, force: bool) -> None:
    """Write a commented starting buyer profile to PATH (default buyer-profile.yaml).

    It documents every field, the contract facts that charter rules may test and the
    placeholders of evidence sentences. '-' prints it on standard output. An existing file
    is kept unless --force is given.
    """
    text = starter_profile()
    if path == STDOUT:
        click.echo(text, nl=False)
        return
    write_atomically(Path(path), text.encode("utf-8"), force=force)
    note(_("Wrote {file}: edit it, then run 'clausegen profile check {file}'.").format(file=path))


@profile.command("schema")
@schema_options
def schema(output: Path | None, force: bool) -> None:
    """Print the JSON Schema of a buyer profile.

    Editors use it to check profiles as you type: put the line
    '# yaml-language-server: $schema=profile.schema.json' at the top of a YAML file.
    """
    schema_text = json_text(profile_json_schema()) + "\n"
    print_or_write(schema_text, output, force=force)


@main.command()
@click.argument("file", type=_INPUT_FILE)
@option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def charter(file: str, as_json: bool) -> None:
    """Show which commitments of the buyer's charter the contract puts into practice, and why.

    FILE is a contract description; '-' reads standard input (a relative profile path then
    starts from the current folder). For each commitment that applies: its evidence
    sentences, built from the contract's figures, and the rule that matched (or the
    contract's charter.include); then the commitments that do not apply and why. A buyer
    without a charter is an error.
    """
    resolved = load_resolved(file, base_dir=CURRENT_FOLDER)
    contract = resolved.contract
    review = review_charter(contract, compute(resolved))
    if as_json:
        echo_json(review_as_json(review))
    else:
        click.echo(review_as_text(review, contract.title), nl=False)
