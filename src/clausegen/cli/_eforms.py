"""The ``eforms`` command: the insertion clause's values for the EU notice, lot by lot."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from clausegen.cli._app import echo_json, lazy, main, note, warn
from clausegen.cli._help import option
from clausegen.errors import NoticeSubtypeError
from clausegen.i18n import _

if TYPE_CHECKING:
    from clausegen.compute.hours import compute
    from clausegen.resolve.loading import load_resolved
else:
    compute = lazy("clausegen.compute.hours", "compute")
    load_resolved = lazy("clausegen.resolve.loading", "load_resolved")


class _NoticeSubtype(click.ParamType[str]):
    """An eForms notice subtype where clausegen's fields are allowed (16, 20, E3…)."""

    name = "N"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        # NOTE: the eForms package (lxml, the SDK files) is imported when a command needs it,
        # so that every other command starts without it.
        from clausegen.eforms.notice import check_subtype

        try:
            return check_subtype(str(value))
        except NoticeSubtypeError as error:
            self.fail(str(error), param, ctx)


@main.command()
@click.argument("contract", type=click.Path(dir_okay=False, allow_dash=True))
@option(
    "--notice-subtype",
    "subtype",
    type=_NoticeSubtype(),
    help="The eForms notice subtype: 16 (contract notice, standard regime) by default, 20 "
    "(light regime) for an insertion-service contract; 7 to 22 and E3 are accepted.",
)
@option("--json", "as_json", is_flag=True, help="Print JSON instead of the French table.")
@option(
    "--xml",
    "xml_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one <reference>-lot-<n>.xml per lot into this folder.",
)
@option("--force", is_flag=True, help="Replace the XML files if they exist.")
def eforms(
    contract: str, subtype: str | None, as_json: bool, xml_dir: Path | None, force: bool
) -> None:
    """Give, lot by lot, the eForms notice fields that carry the insertion clause.

    CONTRACT is a contract description; '-' reads standard input. The French table lists,
    per lot, each field (BT-06 strategic procurement, BT-777 its description, BT-775 social
    objective, BT-71 reserved participation, BT-736 reserved execution, BT-70 execution
    conditions, BT-539/BT-734/BT-540/BT-541 the insertion award criterion, and the lot's
    identifier, title and nature), its value and the French label of a code, for a buyer
    who fills in a publication platform's form. --json gives the same as a list of
    {"lot", "field", "value", "label_fr"}. --xml writes each lot's
    cac:ProcurementProjectLot, which validates on its own, all files or none.

    Every value is checked against the eForms SDK 1.15.1 schemas, code lists and field
    rules of the notice subtype before anything is printed or written. A failure of that
    check is a bug of clausegen: exit code 70, and nothing is written.
    """
    from clausegen.eforms.notice import eforms_notice, write_fragments
    from clausegen.eforms.presentation import notice_as_json, notice_as_table

    resolved = load_resolved(contract)
    notice = eforms_notice(resolved.contract, compute(resolved), subtype=subtype)
    for message in notice.warnings:
        warn(message)
    if xml_dir is not None:
        for path in write_fragments(notice, xml_dir, force=force):
            note(_("Wrote {file}").format(file=path))
    if as_json:
        echo_json(notice_as_json(notice))
    else:
        click.echo(notice_as_table(notice), nl=False)
