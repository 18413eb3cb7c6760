"""The ``opendata`` command: a buyer's published DECP records read back against a target."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from clausegen.cli._app import echo_json, error_line, lazy, main, warn
from clausegen.cli._help import option
from clausegen.errors import ExitCode
from clausegen.i18n import _, ngettext

if TYPE_CHECKING:
    from decimal import Decimal

    from clausegen.opendata.shares import shares_as_text, shares_document, social_shares
    from clausegen.readable import figure
else:
    figure = lazy("clausegen.readable", "figure")
    shares_document = lazy("clausegen.opendata.shares", "shares_document")
    shares_as_text = lazy("clausegen.opendata.shares", "shares_as_text")
    social_shares = lazy("clausegen.opendata.shares", "social_shares")

_PERCENT = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*%?\s*")


class _Percent(click.ParamType["Decimal"]):  # NOTE: decimal imported when used
    """A percentage such as 30, "30 %" or "12,5", returned as a fraction (0.30)."""

    name = "PERCENT"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> Decimal:
        from decimal import Decimal

        if isinstance(value, Decimal):
            return value
        match = _PERCENT.fullmatch(str(value))
        percent = Decimal(match.group(1).replace(",", ".")) if match else None
        if percent is None or not 0 < percent <= 100:
            message = _(
                "must be a percentage above 0 and at most 100, such as 30 (got {got})"
            ).format(got=repr(value))
            self.fail(message, param, ctx)
        return percent / 100


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@option(
    "--target",
    type=_Percent(),
    default="30",
    show_default=True,
    help="The target share of contracts with a social consideration, in percent (the "
    "2022-2025 national plan aimed at 30).",
)
@option("--json", "as_json", is_flag=True, help="Print JSON instead of the table.")
def opendata(files: tuple[str, ...], target: Decimal, as_json: bool) -> None:
    """Read back published DECP records: the share of contracts with a social consideration.

    FILES are a buyer's DECP records, in the JSON of format 2.0.3 ({"marches": {"marche":
    [...]}}) or in the consolidated CSV shape of data.gouv.fr (columns uid or id,
    dateNotification, considerationsSociales with values such as "Clause sociale, Critère
    social" or "Sans objet", and type or codeCPV; separated by , or ;). Each contract counts
    once (the consolidated files repeat it per holder and per modification), in the year of
    its notification. By year and by kind (works, supplies, services, concessions): the
    contracts, those with a social consideration (a clause, a criterion or a reservation),
    their share against the target, and the counts of clauses, criteria and reservations.
    --json gives {"ok", "exit_code", "errors", "years": [{"year", "contracts",
    "with_social", "share", "clauses", "criteria", "reserved", "not_stated",
    "meets_target", "kinds": [...]}], "target"}, shares as fractions.

    A record that cannot be trusted (no identifier, no valid date, an unknown value) is
    not counted: it is reported on standard error with its file and line (with --json: in
    errors, ok false), the other records still give their figures, and the exit code is 1.
    """
    shares = social_shares(files, target=target)
    for message in shares.reading.warnings:
        warn(message)
    if as_json:
        echo_json(shares_document(shares))
    else:
        click.echo(shares_as_text(shares), nl=False)
    rejected = shares.reading.rejected
    if rejected and as_json:
        raise SystemExit(ExitCode.INVALID_INPUT)
    if rejected:
        for record in rejected:
            for message in record.messages():
                click.echo(error_line(message), err=True)
        count = len(rejected)
        text = ngettext(
            "{count} record rejected and not counted; fix them and run the command again",
            "{count} records rejected and not counted; fix them and run the command again",
            count,
        ).format(count=figure(count))
        click.echo(error_line(text), err=True)
        raise SystemExit(ExitCode.INVALID_INPUT)
