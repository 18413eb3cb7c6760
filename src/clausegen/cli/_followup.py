"""Commands about what happened after award: the portfolio report and the open-data fragment."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from clausegen.characters import excerpt, is_printable_name
from clausegen.cli._app import (
    STDOUT,
    echo_json,
    error_line,
    json_text,
    lazy,
    main,
    write_binary,
)
from clausegen.cli._help import option
from clausegen.cli._progress import Elapsed
from clausegen.errors import ExitCode
from clausegen.files import check_writable
from clausegen.i18n import _, ngettext
from clausegen.inputs import CURRENT_FOLDER

if TYPE_CHECKING:
    from decimal import Decimal

    from clausegen.compute.decp import decp_fragment
    from clausegen.compute.figures import PortfolioReport
    from clausegen.compute.hours import compute
    from clausegen.compute.report import portfolio_report
    from clausegen.present.decp import decp_as_text
    from clausegen.present.report import rejected_messages, report_as_csv, report_document
    from clausegen.present.terminal import report_as_text
    from clausegen.readable import figure
    from clausegen.render.sheets import report_file
    from clausegen.resolve.loading import load_resolved
else:
    figure = lazy("clausegen.readable", "figure")
    decp_fragment = lazy("clausegen.compute.decp", "decp_fragment")
    compute = lazy("clausegen.compute.hours", "compute")
    portfolio_report = lazy("clausegen.compute.report", "portfolio_report")
    decp_as_text = lazy("clausegen.present.decp", "decp_as_text")
    rejected_messages = lazy("clausegen.present.report", "rejected_messages")
    report_as_csv = lazy("clausegen.present.report", "report_as_csv")
    report_document = lazy("clausegen.present.report", "report_document")
    report_as_text = lazy("clausegen.present.terminal", "report_as_text")
    report_file = lazy("clausegen.render.sheets", "report_file")
    load_resolved = lazy("clausegen.resolve.loading", "load_resolved")


#: The formats of ``report -o``; a file's suffix names the first three.
_OUTPUT_FORMATS = ("docx", "xlsx", "csv", "text", "json")


class _Date(click.ParamType[datetime.date]):
    """A date as French offices write it: 31/12/2025, 31/12/25, 31.12.2025 or 2025-12-31."""

    name = "DATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        from clausegen.dates import DateFormatError, parse_date

        text = str(value)
        try:
            return parse_date(text)
        except DateFormatError as error:
            shown = repr(text) if is_printable_name(text) else excerpt(text)
            self.fail(_("{problem} (got {got})").format(problem=error, got=shown), param, ctx)


class _HoursPerFte(click.ParamType["Decimal"]):  # NOTE: decimal imported when used
    """A number of hours per full-time equivalent, written as buyers write it ("1 680").

    The same rule as ``hours_per_fte`` in a description: from 100 to 8 784 hours.
    """

    name = "HOURS"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> Decimal:
        from decimal import Decimal

        if isinstance(value, Decimal):
            return value
        from clausegen.validate.figures import HOURS_PER_FTE, NUMBER_FORMAT, FigureError

        try:
            return HOURS_PER_FTE.read(value)
        except FigureError as error:
            message = str(error)
            if message == _(NUMBER_FORMAT):
                message = _("must be a number of hours such as 1607 or 1680")
            text = str(value)
            shown = repr(text) if is_printable_name(text) else excerpt(text)
            self.fail(_("{problem} (got {got})").format(problem=message, got=shown), param, ctx)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@option(
    "-r",
    "--realised",
    multiple=True,
    type=click.Path(),
    help="A realised-hours file (CSV or .xlsx), or a directory of them; repeat for several.",
)
@option(
    "--sheet",
    metavar="NAME",
    help="The sheet of the realised-hours .xlsx workbooks to read (by default the first).",
)
@option(
    "--orders",
    multiple=True,
    type=click.Path(),
    help="An orders file, CSV or .xlsx (contract, lot, date, amount excl. VAT), or a "
    "directory of them; repeat for several. A framework agreement's hours due then follow what was "
    "ordered.",
)
@option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@option("--csv", "as_csv", is_flag=True, help="Print one CSV row per lot instead of tables.")
@option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help="Also write the report, in French, to this file: a Word report (.docx), a workbook "
    "with one sheet per table (.xlsx) or one table for French Excel (.csv: ';', decimal "
    "comma, UTF-8 with BOM; the lots unless --table); '-' writes it to standard output "
    "instead of the tables (give --format).",
)
@option(
    "--table",
    metavar="NAME",
    help="The table of a .csv report (a CSV holds one): key-figures, by-kind, by-mechanism, "
    "contracts, lots (the default), by-category or by-modality (with realised hours).",
)
@option(
    "--format",
    "output_format",
    type=click.Choice(_OUTPUT_FORMATS),
    help="Format of the -o output; needed with -o -. docx and xlsx are binary: not to a terminal.",
)
@option("--force", is_flag=True, help="Replace the output file if it exists.")
@option(
    "--hours-per-fte",
    type=_HoursPerFte(),
    help="Use this FTE convention for every contract instead of each one's own.",
)
@option(
    "--date",
    "situation",
    type=_Date(),
    help="Date of the situation (31/12/2025 or 2025-12-31) shown on the report; by default "
    "the last day of the realised periods, else the latest contract date.",
)
def report(
    paths: tuple[str, ...],
    realised: tuple[str, ...],
    sheet: str | None,
    orders: tuple[str, ...],
    as_json: bool,
    as_csv: bool,
    output: Path | None,
    output_format: str | None,
    table: str | None,
    force: bool,
    hours_per_fte: Decimal | None,
    situation: datetime.date | None,
) -> None:
    """Give the key figures of a portfolio and, with realised hours, what was fulfilled.

    PATHS are contract descriptions, or directories whose *.yaml, *.yml and *.json files
    are read (not their sub-directories). The key figures are the operations, lots,
    companies potentially concerned, insertion hours and FTE, split by contract kind and by
    mechanism. With --realised: per contract and per lot, the obligation, the realised
    hours, the completion rate, the persons, the hours by eligibility category and by
    modality, and the penalties due on finished contracts.

    Realised-hours files may be CSV (UTF-8, or Windows-1252 as Excel saves it; ';', tab or
    ',' between fields) or .xlsx. --csv prints one row per lot in the portable form for
    programs (',', decimal points); -o FILE.csv writes it for French Excel, or --table.

    With --orders, a framework agreement's lots owe the ratio (hours per 1 000 € excl.
    VAT) times what was ordered, year by year; without, they are shown against their
    estimate, marked as such, and no penalty is computed on it.

    A realised-hours or orders line that cannot be trusted is not counted: it is reported on
    standard error (with --json: in "errors", "ok" false) with its file and line, the other
    lines' figures are still given (and the Word report written), and the exit code is 1.
    """
    if as_json and as_csv:
        message = _("--json and --csv cannot be used together")
        raise click.UsageError(message)
    output_format = _output_format(output, output_format, table, printing=as_json or as_csv)
    if output is not None and str(output) != STDOUT:
        check_writable(output, force=force)
    with Elapsed() as elapsed:
        elapsed.start(_("Computing the report…"), announce=False)
        result = portfolio_report(
            paths,
            realised=realised,
            orders=orders,
            hours_per_fte=hours_per_fte,
            date=situation,
            sheet=sheet,
        )
        data = None if output_format is None else _REPORT_WRITERS[output_format](result, table)
    if output is not None and output_format is not None and data is not None:
        write_binary(data, output, force=force, what=_report_name(output_format))
    if as_json:
        echo_json(report_document(result))
    elif as_csv:
        click.echo(report_as_csv(result), nl=False)
    elif output is None or str(output) != STDOUT:
        click.echo(report_as_text(result), nl=False)
    _fail_on_rejected(result, told=as_json)


def _report_name(output_format: str) -> str:
    """Name the report in a message: ``a docx report``."""
    return _("a {format} report").format(format=output_format)


def _output_format(
    output: Path | None, chosen: str | None, table: str | None, *, printing: bool
) -> str | None:
    """Return the format of the ``-o`` output, from --format or else the file's suffix.

    Raises:
        click.UsageError: for ``-o -`` without --format or with --json/--csv (both would
            use standard output), a file whose suffix names no format, or --table for
            another format than csv.
    """
    found = _format_of(output, chosen, printing=printing)
    if table is not None and found != "csv":
        message = _("--table chooses the table of a .csv report: give -o FILE.csv")
        raise click.UsageError(message)
    return found


def _format_of(output: Path | None, chosen: str | None, *, printing: bool) -> str | None:
    if output is None:
        if chosen is not None:
            message = _("--format chooses the format of -o: give -o FILE, or -o - for stdout")
            raise click.UsageError(message)
        return None
    if str(output) == STDOUT:
        if chosen is None:
            message = _("-o - needs --format ({formats})").format(
                formats=", ".join(_OUTPUT_FORMATS)
            )
            raise click.UsageError(message)
        if printing:
            message = _("-o - cannot be used with --json or --csv: both use standard output")
            raise click.UsageError(message)
        return chosen
    if chosen is not None:
        return chosen
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in ("docx", "xlsx", "csv"):
        message = _(
            "the report file must end in .docx, .xlsx or .csv (got {file}); or give --format"
        ).format(file=output)
        raise click.UsageError(message)
    return suffix


#: What ``report -o … --format`` writes, as bytes (the table: that of a csv).
_REPORT_WRITERS: dict[str, Callable[[PortfolioReport, str | None], bytes]] = {
    "docx": lambda result, _table: report_file(result, Path("report.docx")),
    "xlsx": lambda result, _table: report_file(result, Path("report.xlsx")),
    "csv": lambda result, table: report_file(result, Path("report.csv"), table=table or "lots"),
    "text": lambda result, _table: report_as_text(result).encode("utf-8"),
    "json": lambda result, _table: (json_text(report_document(result)) + "\n").encode("utf-8"),
}


def _fail_on_rejected(result: PortfolioReport, *, told: bool = False) -> None:
    """Report every rejected realised-hours or orders line on standard error, then exit 1.

    ``told``: the JSON printed already holds them (``--json``): nothing more is printed.
    """
    problems = rejected_messages(result)
    if not problems:
        return
    if told:
        raise SystemExit(ExitCode.INVALID_INPUT)
    for message in problems:
        click.echo(error_line(message), err=True)
    count = 0 if result.realised_hours is None else len(result.realised_hours.rejected)
    if count:
        text = ngettext(
            "{count} realised-hours line rejected and not counted; fix them and run the report "
            "again",
            "{count} realised-hours lines rejected and not counted; fix them and run the report "
            "again",
            count,
        )
        click.echo(error_line(text.format(count=figure(count))), err=True)
    count = 0 if result.orders is None else len(result.orders.rejected)
    if count:
        text = ngettext(
            "{count} orders line rejected and not counted; fix them and run the report again",
            "{count} orders lines rejected and not counted; fix them and run the report again",
            count,
        )
        click.echo(error_line(text.format(count=figure(count))), err=True)
    raise SystemExit(ExitCode.INVALID_INPUT)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@option("--json", "as_json", is_flag=True, help="Print the JSON fragment only.")
def decp(file: str, as_json: bool) -> None:
    """Print the open-data (DECP) considerations of a contract.

    FILE is a contract description; '-' reads standard input. The fragment gives
    considerationsSociales ("Clause sociale" for an insertion clause, "Critère social" for
    an award criterion, "Marché réservé" for a reserved contract) and
    considerationsEnvironnementales, plus objet, codeCPV and dureeMois when known, to merge
    into the contract's DECP 2.0.3 record after award.
    """
    resolved = load_resolved(file, base_dir=CURRENT_FOLDER)
    fragment = decp_fragment(resolved.contract, compute(resolved))
    if as_json:
        echo_json(fragment.as_json())
    else:
        click.echo(decp_as_text(fragment), nl=False)
