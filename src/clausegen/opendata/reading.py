"""Reading a buyer's published DECP records, in the JSON of format 2.0.3 or the consolidated CSV.

Each file is read whole through :func:`clausegen.inputs.read_input` (regular files only,
at most ``Limits.data_bytes``) and decoded as UTF-8; its shape is told by its first
character (``{`` or ``[``: JSON, else CSV). A record that cannot be trusted — no
identifier, no valid notification date, an unknown ``considerationsSociales`` value — is
**rejected** with its file and line and not counted; the other records still count. A file
that cannot be read at all is an :class:`~clausegen.errors.OpenDataError`.

One contract may fill several records: the consolidated files write one line per holder and
per modification, and a buyer may publish a record again. Records are grouped by contract
(``uid``: the buyer's SIRET followed by the contract's ``id``) and each contract counts
once, with the values of its earliest notification.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from clausegen import limits
from clausegen.characters import excerpt
from clausegen.errors import ClausegenError, ErrorGroup, OpenDataError
from clausegen.i18n import _
from clausegen.inputs import InputRefusal, read_input
from clausegen.opendata.decpcsv import read_csv
from clausegen.opendata.decpjson import read_json
from clausegen.opendata.records import Collector, DecpReading, DecpRecord, file_error


def read_decp(sources: Sequence[str | os.PathLike[str]]) -> DecpReading:
    """Read DECP files (2.0.3 JSON or consolidated CSV) and keep one record per contract.

    Args:
        sources: the files, as the user named them.

    Returns:
        The contracts, the rejected records and the warnings.

    Raises:
        OpenDataError: when a file cannot be used at all (several files: an ErrorGroup).
    """
    collector = Collector()
    errors: list[ClausegenError] = []
    files: list[str] = []
    seen: dict[Path, str] = {}
    for source in sources:
        name = str(source)
        key = Path(source).resolve()
        if key in seen:
            collector.warnings.append(
                _("{file}: given twice (also as {other}); read once").format(
                    file=name, other=seen[key]
                )
            )
            continue
        seen[key] = name
        try:
            text = _read_text(source, name)
            reader = read_json if text.lstrip()[:1] in ("{", "[") else read_csv
            reader(text, name, collector)
        except OpenDataError as error:
            errors.append(error)
            continue
        files.append(name)
    if errors:
        raise ErrorGroup.of(errors)
    contracts = _one_per_contract(collector)
    buyers = sorted({record.buyer for record in contracts if record.buyer})
    if len(buyers) > 1:
        shown = ", ".join(excerpt(buyer, limit=30) for buyer in buyers[:3])
        shown += ", …" if len(buyers) > 3 else ""
        collector.warnings.append(
            _(
                "the records are those of {count} buyers ({buyers}), counted together; give the "
                "records of one buyer to measure that buyer"
            ).format(count=len(buyers), buyers=shown)
        )
    return DecpReading(
        files=tuple(files),
        contracts=tuple(contracts),
        records_read=collector.read,
        rejected=tuple(collector.rejected),
        warnings=tuple(collector.warnings),
    )


def _read_text(source: str | os.PathLike[str], name: str) -> str:
    try:
        raw = read_input(source, limit=limits.current().data_bytes, limit_name="data_bytes")
    except InputRefusal as refusal:
        raise file_error(name, refusal.message) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = _("is not UTF-8 text (byte {byte}); save it as UTF-8").format(
            byte=f"0x{raw[error.start]:02x}"
        )
        raise file_error(name, message, line) from None


def _one_per_contract(collector: Collector) -> list[DecpRecord]:
    """Keep, for each contract, its record of earliest notification (the first on a tie)."""
    kept: dict[str, DecpRecord] = {}
    for record in collector.records:
        earlier = kept.get(record.key)
        if earlier is None or record.notified < earlier.notified:
            kept[record.key] = record
    return list(kept.values())
