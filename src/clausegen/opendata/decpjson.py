"""DECP records in JSON: format 2.0.3, and the older flat shape.

Format 2.0.3 is ``{"marches": {"marche": [...], "contrat-concession": [...]}}``, as the
official example ``exemple-marches.json``; the older flat shape is ``{"marches": [...]}``,
where a ``_type`` tells concessions apart.

The records are walked one by one with :meth:`json.JSONDecoder.raw_decode`, so that each
keeps the line where it starts, for messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from clausegen.errors import Problem
from clausegen.i18n import _
from clausegen.opendata.fields import (
    CONCESSION,
    kind_of_cpv,
    notification_date,
    social_considerations,
)
from clausegen.opendata.records import Collector, DecpRecord, file_error
from clausegen.read.parsertexts import json_text

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_MARKETS, _CONCESSIONS = "marche", "contrat-concession"


class _Walker:
    """Walk a JSON text by hand around the values it decodes, knowing line numbers."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.position = 0
        self._counted = (0, 1)

    def line(self, position: int) -> int:
        start, line = self._counted
        if position < start:
            start, line = 0, 1
        line += self.text.count("\n", start, position)
        self._counted = (position, line)
        return line

    def skip(self) -> str:
        match = _SPACE.match(self.text, self.position)
        self.position = match.end() if match else self.position
        return self.text[self.position : self.position + 1]

    def expect(self, character: str) -> None:
        if self.skip() != character:
            found = self.text[self.position : self.position + 1] or _("the end of the file")
            message = _("invalid JSON: expected {expected}, found {found}").format(
                expected=repr(character), found=repr(found)
            )
            raise file_error(self.name, message, self.line(self.position))
        self.position += 1

    def value(self) -> tuple[int, Any]:
        self.skip()
        start = self.position
        try:
            value, self.position = _DECODER.raw_decode(self.text, start)
        except json.JSONDecodeError as error:
            message = _("invalid JSON: {detail}").format(detail=json_text(error.msg))
            raise file_error(self.name, message, error.lineno) from None
        except RecursionError:
            message = _("invalid JSON: nested too deeply to be a DECP record")
            raise file_error(self.name, message, self.line(start)) from None
        except ValueError:
            # NOTE: Python refuses to convert more than 4 300 digits (CVE-2020-10735).
            message = _("invalid JSON: a number too long to read (more than 4 300 digits)")
            raise file_error(self.name, message, self.line(start)) from None
        return start, value

    def members(self) -> Iterator[str]:
        """Yield the keys of the object at the current position; the caller reads each value."""
        self.expect("{")
        if self.skip() == "}":
            self.position += 1
            return
        while True:
            _, key = self.value()
            self.expect(":")
            yield str(key)
            if self.skip() == ",":
                self.position += 1
                continue
            self.expect("}")
            return

    def items(self) -> Iterator[tuple[int, Any]]:
        """Yield (line, value) for each item of the array at the current position."""
        self.expect("[")
        if self.skip() == "]":
            self.position += 1
            return
        while True:
            start, value = self.value()
            yield self.line(start), value
            if self.skip() == ",":
                self.position += 1
                continue
            self.expect("]")
            return


def read_json(text: str, name: str, collector: Collector) -> None:
    """Read the records of a DECP JSON file into ``collector``.

    Raises:
        OpenDataError: for invalid JSON, or JSON without a ``marches`` list.
    """
    walker = _Walker(text, name)
    found = False
    if walker.skip() == "[":
        found = True
        _read_items(walker, None, collector)
    else:
        for key in walker.members():
            if key != "marches":
                walker.value()
                continue
            found = True
            if walker.skip() == "[":
                _read_items(walker, None, collector)
                continue
            for kind in walker.members():
                if kind in (_MARKETS, _CONCESSIONS) and walker.skip() == "[":
                    _read_items(walker, kind, collector)
                else:
                    walker.value()
    if walker.skip():
        message = _("invalid JSON: text after the end")
        raise file_error(name, message, walker.line(walker.position))
    if not found:
        message = _(
            'has no "marches": not DECP records (format 2.0.3: {"marches": {"marche": [...]}})'
        )
        raise file_error(name, message)


def _read_items(walker: _Walker, kind: str | None, collector: Collector) -> None:
    for line, item in walker.items():
        collector.read += 1
        path = kind or "marches"
        if not isinstance(item, dict):
            problem = Problem(path, _("must be a record (a mapping)"))
            collector.reject(walker.name, line, [problem])
            continue
        concession = kind == _CONCESSIONS or (
            kind is None and "concession" in str(item.get("_type", "")).casefold()
        )
        record = _record(item, walker.name, line, concession=concession)
        if isinstance(record, DecpRecord):
            collector.records.append(record)
        else:
            collector.reject(walker.name, line, record)


def _record(
    item: dict[str, Any], name: str, line: int, *, concession: bool
) -> DecpRecord | list[Problem]:
    problems: list[Problem] = []
    identifier = item.get("id")
    valid = isinstance(identifier, str | int) and not isinstance(identifier, bool)
    if not valid or not str(identifier).strip():
        shown = json.dumps(identifier, ensure_ascii=False)
        message = _("must be the contract's identifier (got {value})").format(value=shown)
        problems.append(Problem("id", message))
    party = item.get("autoriteConcedante" if concession else "acheteur")
    buyer = party.get("id") if isinstance(party, dict) else None
    date_key = "dateSignature" if concession else "dateNotification"
    notified, date_problems = notification_date(item.get(date_key), date_key)
    raw = item.get("considerationsSociales")
    values = raw.get("considerationSociale") if isinstance(raw, dict) else raw
    social, social_problems = social_considerations(
        values, "considerationsSociales.considerationSociale"
    )
    problems += date_problems + social_problems
    if problems or notified is None or social is None:
        return problems
    return DecpRecord(
        source=name,
        line=line,
        key=f"{buyer or ''}{str(identifier).strip()}",
        buyer=str(buyer or "").strip(),
        notified=notified,
        kind=CONCESSION if concession else kind_of_cpv(item.get("codeCPV")),
        social=social,
    )
