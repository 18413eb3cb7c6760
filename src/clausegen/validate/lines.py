"""The fields of one realised-hours line: the columns, their spellings and their checks.

Each field is checked on its own and every problem is kept, so that a user fixes a line in
one go; the messages name the column and quote the value as written.
"""

from __future__ import annotations

import datetime
import difflib
import enum
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from clausegen.characters import control_problem
from clausegen.dates import DateFormatError, parse_date
from clausegen.errors import Problem
from clausegen.i18n import N_, _, ngettext
from clausegen.numbers import NumberFormatError, parse_decimal
from clausegen.user_values import describe_header, describe_input
from clausegen.validate.terms import EligibilityCategory, Modality, closest, lookup, normalise

_Code = TypeVar("_Code", EligibilityCategory, Modality)


class Column(enum.StrEnum):
    """The columns of a realised-hours file, by their English header names."""

    CONTRACT = "contract"
    LOT = "lot"
    PERSON = "person"
    CATEGORY = "category"
    MODALITY = "modality"
    CONTRACT_TYPE = "contract_type"
    PERIOD_START = "period_start"
    PERIOD_END = "period_end"
    HOURS = "hours"


#: Header spellings accepted for each column (compared after :func:`normalise`), French too.
HEADER_ALIASES: dict[Column, tuple[str, ...]] = {
    Column.CONTRACT: (
        "contract_reference",
        "reference",
        "contrat",
        "marche",
        "reference_marche",
        "reference_du_marche",
        "reference_contrat",
    ),
    Column.LOT: ("lot_number", "numero_de_lot", "numero_lot", "n_lot", "n_de_lot", "no_lot"),
    Column.PERSON: (
        "person_id",
        "person_identifier",
        "personne",
        "identifiant",
        "identifiant_personne",
    ),
    Column.CATEGORY: ("eligibility_category", "categorie", "public", "categorie_de_public"),
    Column.MODALITY: ("modalite", "modalite_de_mise_en_oeuvre"),
    Column.CONTRACT_TYPE: ("type_de_contrat", "type_contrat"),
    Column.PERIOD_START: ("start", "start_date", "debut", "date_de_debut", "debut_de_periode"),
    Column.PERIOD_END: ("end", "end_date", "fin", "date_de_fin", "fin_de_periode"),
    Column.HOURS: ("heures", "nombre_d_heures", "heures_realisees", "realised_hours"),
}

#: The longest value of a column (a person's identifier, a contract type…).
_ColumnT = TypeVar("_ColumnT", bound=enum.StrEnum)


def header_columns(
    header: Sequence[str],
    aliases: Mapping[_ColumnT, tuple[str, ...]],
    *,
    where: str,
    line: int,
    warnings: list[str],
) -> tuple[dict[_ColumnT, int], list[Problem]]:
    """Find each column of a data file's header line, by its name or a French spelling.

    The header of realised-hours and orders files alike: an unknown column is a warning
    (``where``: the file, as messages name it), a column given twice or missing is a
    problem; the header is shown in messages only as :func:`describe_header` allows (a few
    cells, escaped, none at all when no known column is there).

    Returns:
        The index of each column found, and the problems of the header line.
    """
    spellings = {
        normalise(spelling): column
        for column, others in aliases.items()
        for spelling in (column.value, *others)
    }
    columns: dict[_ColumnT, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(header):
        if not cell.strip():
            continue  # a trailing separator, as spreadsheets write
        column = spellings.get(normalise(cell))
        if column is None:
            warnings.append(
                _("{where}:{line}: column {column} is not used").format(
                    where=where, line=line, column=describe_input(cell.strip())
                )
            )
        elif column in columns:
            message = _("column {column} is given twice (fields {first} and {second})").format(
                column=column.value, first=columns[column] + 1, second=index + 1
            )
            problems.append(Problem(path="", message=message, line=line))
        else:
            columns[column] = index
    missing = [column.value for column in aliases if column not in columns]
    if missing:
        found = describe_header(list(header), known=len(columns))
        message = ngettext(
            "missing column {missing} (the header line has {found}); the columns are {columns}",
            "missing columns {missing} (the header line has {found}); the columns are {columns}",
            len(missing),
        ).format(
            missing=", ".join(missing),
            found=found,
            columns=", ".join(column.value for column in aliases),
        )
        problems.append(Problem(path="", message=message, line=line))
    return columns, problems


_LONGEST_VALUE = 500
#: "Lot 2", "lot n° 2" and "2" name the same lot.
_LOT_PREFIX = re.compile(r"^\s*(lot\b)?\s*(n°|nº|no\b|n\.)?\s*", re.IGNORECASE)
_HOURS_UNITS = ("heures", "h")


@dataclass(frozen=True, slots=True)
class RealisedLine:
    """One accepted line: hours that a person worked on a lot during a period.

    Attributes:
        source: the file, as named in messages.
        line: the 1-based line where the record starts.
        hours: the exact hours, 0 or more.
    """

    source: str
    line: int
    contract: str
    lot: int
    person: str
    category: EligibilityCategory
    modality: Modality
    contract_type: str
    period_start: datetime.date
    period_end: datetime.date
    hours: Decimal


@dataclass
class LineFields:
    """Check the fields of one line; every problem is collected, not only the first.

    Attributes:
        values: the stripped text of each column.
        lots: the lot numbers of each contract reference of the portfolio.
        problems: what is wrong, one entry per field (the path is the column name).
    """

    values: Mapping[Column, str]
    lots: Mapping[str, Collection[int]]
    problems: list[Problem] = field(default_factory=list)

    def add(self, column: Column, message: str) -> None:
        """Record a problem of ``column``."""
        self.problems.append(Problem(path=column.value, message=message))

    def required(self, column: Column) -> str | None:
        """Return the column's text, or None (and a problem) when it is empty or unreadable.

        A control character (a NUL byte, Word's vertical tab…) makes the value unreadable:
        the line is rejected rather than a value guessed.
        """
        value = self.values[column]
        if not value:
            self.add(column, _("is empty"))
            return None
        problem = control_problem(value)
        if problem is not None:
            self.add(column, problem)
            return None
        if len(value) > _LONGEST_VALUE:
            self.add(
                column,
                _("is too long ({count} characters; at most {limit})").format(
                    count=len(value), limit=_LONGEST_VALUE
                ),
            )
            return None
        return value

    def check(self, source: str, line: int) -> RealisedLine | None:
        """Return the record, or None when a problem was found (all are in ``problems``)."""
        contract = self._contract()
        lot = self._lot(contract)
        person = self.required(Column.PERSON)
        category = self._term(Column.CATEGORY, EligibilityCategory, N_("eligibility category"))
        modality = self._term(Column.MODALITY, Modality, N_("modality"))
        contract_type = self.required(Column.CONTRACT_TYPE)
        start = self._date(Column.PERIOD_START)
        end = self._date(Column.PERIOD_END)
        if start is not None and end is not None and end < start:
            self.add(
                Column.PERIOD_END,
                _("is before period_start ({end} < {start})").format(end=end, start=start),
            )
        hours = self._hours(start, end)
        if (
            self.problems
            or contract is None
            or lot is None
            or person is None
            or category is None
            or modality is None
            or contract_type is None
            or start is None
            or end is None
            or hours is None
        ):
            return None
        return RealisedLine(
            source=source,
            line=line,
            contract=contract,
            lot=lot,
            person=person,
            category=category,
            modality=modality,
            contract_type=contract_type,
            period_start=start,
            period_end=end,
            hours=hours,
        )

    def identify(self) -> tuple[str | None, int | None, datetime.date | None]:
        """Check only the contract, the lot and the period start (an order's date).

        What an orders file shares with a realised-hours line; problems are collected as
        by :meth:`check`, with these columns' names.
        """
        contract = self._contract()
        return contract, self._lot(contract), self._date(Column.PERIOD_START)

    def _contract(self) -> str | None:
        contract = self.required(Column.CONTRACT)
        if contract is None or contract in self.lots:
            return contract
        close = difflib.get_close_matches(contract, list(self.lots), n=1, cutoff=0.6)
        got = describe_input(contract)
        message = (
            _("unknown contract (got {got}); did you mean {near}?").format(
                got=got, near=describe_input(close[0])
            )
            if close
            else _(
                "unknown contract (got {got}): no contract description given has this reference"
            ).format(got=got)
        )
        self.add(Column.CONTRACT, message)
        return None

    def _lot(self, contract: str | None) -> int | None:
        raw = self.required(Column.LOT)
        if raw is None:
            return None
        try:
            number = parse_decimal(_LOT_PREFIX.sub("", raw))
        except NumberFormatError:
            number = Decimal(0)
        if number != number.to_integral_value() or number < 1:
            self.add(
                Column.LOT,
                _("must be a whole number from 1 (got {got})").format(got=describe_input(raw)),
            )
            return None
        if contract is not None and int(number) not in self.lots[contract]:
            known = ", ".join(str(n) for n in sorted(self.lots[contract]))
            self.add(
                Column.LOT,
                _("contract {contract} has no lot {lot} (its lots: {known})").format(
                    contract=contract, lot=int(number), known=known
                ),
            )
            return None
        return int(number)

    def _term(self, column: Column, kind: type[_Code], what: str) -> _Code | None:
        raw = self.required(column)
        if raw is None:
            return None
        found = lookup(kind, raw)
        if found is None:
            near = closest(kind, raw)
            got = describe_input(raw)
            message = (
                _("unknown {what} (got {got}); did you mean {near}?").format(
                    what=_(what), got=got, near=near.value
                )
                if near is not None
                else _("unknown {what} (got {got}); use one of {codes}").format(
                    what=_(what), got=got, codes=", ".join(code.value for code in kind)
                )
            )
            self.add(column, message)
        return found

    def _date(self, column: Column) -> datetime.date | None:
        raw = self.required(column)
        if raw is None:
            return None
        try:
            return parse_date(raw)
        except DateFormatError as error:
            self.add(
                column, _("{problem} (got {got})").format(problem=error, got=describe_input(raw))
            )
            return None

    def _hours(self, start: datetime.date | None, end: datetime.date | None) -> Decimal | None:
        raw = self.required(Column.HOURS)
        if raw is None:
            return None
        try:
            hours = parse_decimal(raw, units=_HOURS_UNITS)
        except NumberFormatError:
            self.add(
                Column.HOURS,
                _('must be a number of hours such as 35 or "12,5" (got {got})').format(
                    got=describe_input(raw)
                ),
            )
            return None
        if hours < 0:
            self.add(
                Column.HOURS, _("must not be negative (got {got})").format(got=describe_input(raw))
            )
            return None
        if start is not None and end is not None and end >= start:
            days = (end - start).days + 1
            if hours > 24 * days:
                self.add(
                    Column.HOURS,
                    ngettext(
                        "more than 24 hours a day over the period (got {got} for {days} day)",
                        "more than 24 hours a day over the period (got {got} for {days} days)",
                        days,
                    ).format(got=describe_input(raw), days=days),
                )
                return None
        return hours
