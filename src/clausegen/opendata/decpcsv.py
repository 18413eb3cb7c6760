"""DECP records in the consolidated CSV most people download.

The consolidated tabular DECP of data.gouv.fr ("Données essentielles de la commande publique
consolidées (format tabulaire)",
https://www.data.gouv.fr/fr/datasets/donnees-essentielles-de-la-commande-publique-consolidees-format-tabulaire/,
built by the decp-processing project, whose table schema ``reference/schema_base.json`` lists
the columns) writes one line per holder and per modification, with columns such as ``uid``
(buyer SIRET + ``id``), ``id``, ``nature``, ``acheteur_id``, ``type`` ("fournitures, services
ou travaux", derived from the CPV code), ``codeCPV``, ``dateNotification``,
``considerationsSociales`` ("Clause sociale, Critère social", "Sans objet"…),
``modification_id`` and ``donneesActuelles``. Only the columns below are read; the others are
ignored. Fields are separated by ``,`` (``;`` when the header line uses it, as a
spreadsheet saving "CSV" in French does).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from clausegen.errors import Problem
from clausegen.i18n import _, ngettext
from clausegen.opendata.fields import kind_of_type, notification_date, social_considerations
from clausegen.opendata.records import Collector, DecpRecord, file_error
from clausegen.user_values import describe_header

#: The column names read, each with the spellings accepted (compared case-insensitively).
COLUMNS = {
    "uid": ("uid",),
    "id": ("id",),
    "buyer": ("acheteur_id", "acheteur.id"),
    "date": ("dateNotification",),
    "social": (
        "considerationsSociales",
        "considerationsSociales_considerationSociale",
        "considerationsSociales.considerationSociale",
    ),
    "type": ("type",),
    "cpv": ("codeCPV",),
}


def read_csv(text: str, name: str, collector: Collector) -> None:
    """Read the records of a consolidated DECP CSV file into ``collector``.

    Raises:
        OpenDataError: for a file without a header line, with a missing column, or whose
            CSV cannot be read (an unclosed quote).
    """
    lines = text.splitlines(keepends=True)
    header_line = next((line for line in lines if line.strip()), "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(iter(lines), delimiter=delimiter)
    header: list[str] | None = None
    columns: dict[str, int] = {}
    for start, cells in _records(reader, name):
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header, columns = cells, _columns(cells, name, start)
            continue
        collector.read += 1
        _read_line(cells, len(header), columns, name, start, collector)
    if header is None:
        raise file_error(name, "is empty; the first line must name the columns")


def _records(reader: Iterator[list[str]], name: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (starting line, cells) for each CSV record (a quoted field may span lines)."""
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            message = _("invalid CSV: {detail}").format(detail=error)
            raise file_error(name, message, previous + 1) from None
        yield previous + 1, cells
        previous = reader.line_num  # type: ignore[attr-defined]  # a csv reader's count


def _columns(header: list[str], name: str, line: int) -> dict[str, int]:
    spellings = {spelling.casefold(): key for key, names in COLUMNS.items() for spelling in names}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = spellings.get(cell.strip().casefold())
        if key is not None and key not in columns:
            columns[key] = index
    missing = [COLUMNS[key][0] for key in ("date", "social") if key not in columns]
    if "uid" not in columns and "id" not in columns:
        missing.insert(0, "uid (or id)")
    if missing:
        found = describe_header(header, known=len(columns))
        message = ngettext(
            "missing column {columns} (the header line has {found}): not a consolidated DECP file",
            "missing columns {columns} (the header line has {found}): not a consolidated DECP file",
            len(missing),
        ).format(columns=", ".join(missing), found=found)
        raise file_error(name, message, line)
    return columns


def _read_line(
    cells: list[str],
    width: int,
    columns: dict[str, int],
    name: str,
    line: int,
    collector: Collector,
) -> None:
    if len(cells) != width and not (
        len(cells) > width and not any(cell.strip() for cell in cells[width:])
    ):
        problem = Problem(
            "",
            _("has {count} fields where the header has {width}").format(
                count=len(cells), width=width
            ),
        )
        collector.reject(name, line, [problem])
        return

    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    problems: list[Problem] = []
    # NOTE: uid is the buyer's SIRET followed by the contract's id (table schema).
    key = cell("uid") or (cell("buyer") + cell("id") if cell("id") else "")
    if not key:
        problems.append(Problem("uid" if "uid" in columns else "id", _("is empty")))
    notified, date_problems = notification_date(cell("date"), "dateNotification")
    social, social_problems = social_considerations(
        cell("social") or None, "considerationsSociales"
    )
    problems += date_problems + social_problems
    if problems or notified is None or social is None:
        collector.reject(name, line, problems)
        return
    collector.records.append(
        DecpRecord(
            source=name,
            line=line,
            key=key,
            buyer=cell("buyer"),
            notified=notified,
            kind=kind_of_type(cell("type"), cell("cpv")),
            social=social,
        )
    )
