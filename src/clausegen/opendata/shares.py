"""The share of a buyer's contracts with a social consideration, by year and kind, against a target.

The national plan for sustainable public procurement 2022–2025 (PNAD) aimed at 30 % of the
contracts notified each year with at least one social consideration; the target is a
parameter, because a buyer may set its own. A contract *has a social consideration* when
its record says "Clause sociale", "Critère social" or "Marché réservé" ("Concession
réservée"); a record whose ``considerationsSociales`` is empty states nothing and counts as
a contract without one (the figures say how many did so, under ``not_stated``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from clausegen.errors import OpenDataError
from clausegen.i18n import _, ngettext
from clausegen.inputs import UsageError
from clausegen.opendata.fields import CONCESSION, SERVICES, SUPPLIES, UNKNOWN_KIND, WORKS
from clausegen.opendata.reading import read_decp
from clausegen.opendata.records import DecpReading, DecpRecord
from clausegen.outcomes import ExitCode
from clausegen.readable import figure
from clausegen.user_values import describe_input

#: The 2022–2025 national plan's target: 30 % of contracts with a social consideration.
NATIONAL_TARGET = Decimal("0.30")
_KIND_ORDER = (WORKS, SUPPLIES, SERVICES, CONCESSION)
_SHARE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class ShareFigures:
    """The counts of a set of contracts (a year, or a kind within a year).

    Attributes:
        contracts: the contracts.
        with_social: those with at least one social consideration.
        clauses: those with "Clause sociale".
        criteria: those with "Critère social".
        reserved: those with "Marché réservé" (or "Concession réservée").
        not_stated: those whose record gives no ``considerationsSociales`` value.
    """

    contracts: int
    with_social: int
    clauses: int
    criteria: int
    reserved: int
    not_stated: int

    @classmethod
    def of(cls, records: Iterable[DecpRecord]) -> ShareFigures:
        """Count ``records``."""
        socials = [record.social for record in records]
        return cls(
            contracts=len(socials),
            with_social=sum(social.any for social in socials),
            clauses=sum(social.clause for social in socials),
            criteria=sum(social.criterion for social in socials),
            reserved=sum(social.reserved for social in socials),
            not_stated=sum(not social.stated for social in socials),
        )

    @property
    def share(self) -> Decimal:
        """The share of contracts with a social consideration, a fraction to 4 decimals."""
        exact = Decimal(self.with_social) / Decimal(self.contracts or 1)
        return exact.quantize(_SHARE_PLACES, rounding=ROUND_HALF_UP)

    def meets(self, target: Decimal) -> bool:
        """Whether the exact share reaches ``target`` (a fraction)."""
        return Decimal(self.with_social) >= target * self.contracts

    def missing(self, target: Decimal) -> int:
        """How many more contracts with a social consideration would reach ``target``."""
        return max(0, math.ceil(target * self.contracts) - self.with_social)


@dataclass(frozen=True)
class YearShares:
    """The figures of one year of notification, whole and by kind of purchase."""

    year: int
    total: ShareFigures
    kinds: tuple[tuple[str, ShareFigures], ...]


@dataclass(frozen=True)
class OpenDataShares:
    """The read-back of a buyer's DECP records.

    Attributes:
        target: the target share, a fraction (0.30 for 30 %).
        years: the figures of each year, in order.
        reading: the records read, rejected and warned about.
    """

    target: Decimal
    years: tuple[YearShares, ...]
    reading: DecpReading


def social_shares(
    sources: Sequence[str | os.PathLike[str]], *, target: Decimal = NATIONAL_TARGET
) -> OpenDataShares:
    """Read DECP files and give the share of contracts with a social consideration.

    Args:
        sources: DECP files, in the 2.0.3 JSON shape or the consolidated CSV shape.
        target: the target share, a fraction in (0, 1].

    Returns:
        The figures by year and kind, with the records rejected (each with its file and
        line) and the warnings.

    Raises:
        UsageError: for a target that is not a number in (0, 1] (a :class:`ValueError`).
        OpenDataError: when a file cannot be used at all.
    """
    given = Decimal(target) if isinstance(target, Decimal | int) else Decimal("NaN")
    if isinstance(target, bool) or not given.is_finite() or not 0 < given <= 1:
        shown = describe_input(target)
        message = _("must be a fraction above 0 and at most 1, such as 0.30 (got {value})").format(
            value=shown
        )
        raise UsageError(argument="target", message=message)
    target = given
    reading = read_decp(sources)
    by_year: dict[int, list[DecpRecord]] = {}
    for record in reading.contracts:
        by_year.setdefault(record.notified.year, []).append(record)
    years = tuple(_year(year, by_year[year]) for year in sorted(by_year))
    return OpenDataShares(target=target, years=years, reading=reading)


def _kind_order(kind: str) -> tuple[int, str]:
    if kind in _KIND_ORDER:
        return (_KIND_ORDER.index(kind), "")
    return (len(_KIND_ORDER) + (kind == UNKNOWN_KIND), kind)


def _year(year: int, records: list[DecpRecord]) -> YearShares:
    by_kind: dict[str, list[DecpRecord]] = {}
    for record in records:
        by_kind.setdefault(record.kind, []).append(record)
    kinds = tuple(
        (kind, ShareFigures.of(by_kind[kind])) for kind in sorted(by_kind, key=_kind_order)
    )
    return YearShares(year=year, total=ShareFigures.of(records), kinds=kinds)


def _figures_json(figures: ShareFigures, target: Decimal) -> dict[str, Any]:
    return {
        "contracts": figures.contracts,
        "with_social": figures.with_social,
        "share": float(figures.share),
        "clauses": figures.clauses,
        "criteria": figures.criteria,
        "reserved": figures.reserved,
        "not_stated": figures.not_stated,
        "meets_target": figures.meets(target),
    }


def shares_as_json(shares: OpenDataShares) -> dict[str, Any]:
    """Return the figures as JSON data, shares as fractions.

    The shape is ``{"years": [{"year", "contracts", "with_social", "share", "clauses",
    "criteria", "reserved", "not_stated", "meets_target", "kinds": [{"kind", …}]}],
    "target"}``.
    """
    years = [
        {
            "year": year.year,
            **_figures_json(year.total, shares.target),
            "kinds": [
                {"kind": kind, **_figures_json(figures, shares.target)}
                for kind, figures in year.kinds
            ],
        }
        for year in shares.years
    ]
    return {"years": years, "target": float(shares.target)}


def shares_document(shares: OpenDataShares) -> dict[str, Any]:
    """Return what ``opendata --json`` prints: the figures, after ``ok``, ``exit_code``, ``errors``.

    A rejected record makes the command fail (``ok`` false, ``exit_code`` 1): ``errors``
    holds each of its problems as a located record, and the other records' figures are
    still given (:func:`shares_as_json`).
    """
    errors = [
        item
        for rejected in shares.reading.rejected
        for item in rejected.records(OpenDataError.code)
    ]
    code = ExitCode.INVALID_INPUT if errors else ExitCode.OK
    return {"ok": not errors, "exit_code": int(code), "errors": errors, **shares_as_json(shares)}


def _percent(value: Decimal) -> str:
    return f"{figure(value * 100, 1)} %"


def shares_as_text(shares: OpenDataShares) -> str:
    """Return the figures as a table, year by year, each year followed by its kinds."""
    target = shares.target
    title = _(
        "Contracts with a social consideration (target: {target} of the contracts notified "
        "each year)"
    )
    lines = [
        title.format(target=_percent(target)),
        "",
        _header(),
    ]
    every = _("all")
    for year in shares.years:
        rows = [(str(year.year), every, year.total), *(("", k, f) for k, f in year.kinds)]
        for label, kind, figures in rows:
            line = (
                f"{label:<6}{kind:<14}{figure(figures.contracts):>10}"
                f"{figure(figures.with_social):>8}{_percent(figures.share):>9}"
                f"{figure(figures.clauses):>9}{figure(figures.criteria):>10}"
                f"{figure(figures.reserved):>10}"
            )
            if label:
                line += "  " + _verdict(figures, target)
            lines.append(line)
    lines += ["", _summary(shares)]
    return "\n".join(lines) + "\n"


def _header() -> str:
    year, kind, contracts, social = _("Year"), _("Kind"), _("Contracts"), _("Social")
    share, clauses, criteria, reserved = _("Share"), _("Clauses"), _("Criteria"), _("Reserved")
    return (
        f"{year:<6}{kind:<14}{contracts:>10}{social:>8}{share:>9}"
        f"{clauses:>9}{criteria:>10}{reserved:>10}"
    )


def _verdict(figures: ShareFigures, target: Decimal) -> str:
    if figures.meets(target):
        return _("target met")
    missing = figures.missing(target)
    return ngettext(
        "below target: {count} more contract needed",
        "below target: {count} more contracts needed",
        missing,
    ).format(count=figure(missing))


def _summary(shares: OpenDataShares) -> str:
    reading = shares.reading
    files = len(reading.files)
    records = ngettext("{count} record", "{count} records", reading.records_read).format(
        count=figure(reading.records_read)
    )
    contracts = len(reading.contracts)
    summary = _("{records} read in {files}; {contracts} counted once each").format(
        records=records,
        files=ngettext("{count} file", "{count} files", files).format(count=figure(files)),
        contracts=ngettext("{count} contract", "{count} contracts", contracts).format(
            count=figure(contracts)
        ),
    )
    not_stated = sum(year.total.not_stated for year in shares.years)
    if not_stated:
        summary = _(
            "{summary}; {count} with no considerationsSociales value, counted without a social "
            "consideration"
        ).format(summary=summary, count=figure(not_stated))
    if reading.rejected:
        summary = _("{summary}; {count} rejected (see the errors)").format(
            summary=summary, count=figure(len(reading.rejected))
        )
    return _("{summary}.").format(summary=summary)
