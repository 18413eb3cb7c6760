"""The hours due on a lot in the follow-up: what was ordered, what was triggered, or all.

The contract's figure is not always what is due (issue 13):

* a lot of a single contract owes its contractual hours (``contract``); with tranches, the
  firm tranche and the optional tranches the description marks ``triggered: true``
  (``tranches``);
* a framework lot owes the ratio × what was actually ordered (``orders``, from an orders
  file): the hours due are computed on the cumulative amount ordered at the end of each
  year, rounded half-up to the hour (:func:`~clausegen.compute.forms.hours_due`), and each
  year's part is the difference of two cumulative figures, so that the years add up;
* without an orders file, a framework lot is shown against its estimate (``estimate``):
  indicative only, so no penalty is computed on it;
* a renewed single contract that says how many renewals were decided
  (``renewals.exercised``) owes the initial period and those renewals (``renewals``);
  without it, every renewal is counted (``contract``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from clausegen.compute.forms import hours_due
from clausegen.compute.hours import LotObligation
from clausegen.validate.models import Contract, Lot
from clausegen.validate.orders import OrderLine

__all__ = ["DueBasis", "LotDue", "YearDue", "lot_due"]


class DueBasis(enum.StrEnum):
    """What a lot's hours due are measured on."""

    CONTRACT = "contract"
    TRANCHES = "tranches"
    ORDERS = "orders"
    ESTIMATE = "estimate"
    RENEWALS = "renewals"

    @property
    def penalty_applies(self) -> bool:
        """Whether a penalty may be computed: never on a framework's mere estimate."""
        return self is not DueBasis.ESTIMATE


@dataclass(frozen=True)
class YearDue:
    """One calendar year of a framework lot's orders.

    Attributes:
        ordered: the amount ordered that year (excl. VAT).
        cumulative_ordered: the amount ordered up to the end of that year.
        cumulative_due: ratio × cumulative_ordered ÷ 1 000, rounded half-up to the hour.
        due: the year's part: cumulative_due minus the previous year's.
    """

    year: int
    orders: int
    ordered: Decimal
    cumulative_ordered: Decimal
    cumulative_due: int
    due: int


@dataclass(frozen=True)
class LotDue:
    """The hours due on a lot and what they are measured on.

    Attributes:
        hours: the hours due, compared with the realised hours.
        basis: what they are measured on.
        estimate_hours: the description's figure (all tranches, the whole estimate), shown
            for context.
        ordered: the amount ordered in all (framework with an orders file), else None.
        hours_per_1000: the framework ratio, else None.
        years: the orders year by year (framework with an orders file).
    """

    hours: int
    basis: DueBasis
    estimate_hours: int
    ordered: Decimal | None = None
    hours_per_1000: Decimal | None = None
    years: tuple[YearDue, ...] = ()


def lot_due(
    contract: Contract,
    lot: Lot,
    computed: LotObligation,
    orders: Sequence[OrderLine] | None,
) -> LotDue:
    """Say what a lot owes; ``orders`` are this lot's orders, None without an orders file."""
    estimate = computed.insertion_hours
    ratio = computed.hours_per_1000
    if contract.form.is_framework and ratio is not None:
        if orders is None:
            return LotDue(estimate, DueBasis.ESTIMATE, estimate, hours_per_1000=ratio)
        years = _years(ratio, orders)
        ordered = sum((order.amount for order in orders), Decimal(0))
        due = hours_due(ratio, ordered)
        return LotDue(due, DueBasis.ORDERS, estimate, ordered, ratio, years)
    if computed.tranches:
        due = sum(
            tranche.insertion_hours
            for tranche, described in zip(computed.tranches, lot.tranches, strict=True)
            if not tranche.optional or described.triggered
        )
        return LotDue(due, DueBasis.TRANCHES, estimate)
    renewals, periods = contract.renewals, computed.periods
    if renewals is not None and renewals.exercised is not None and periods is not None:
        due = periods.initial_hours + renewals.exercised * periods.renewal_hours
        return LotDue(due, DueBasis.RENEWALS, estimate)
    return LotDue(estimate, DueBasis.CONTRACT, estimate)


def _years(ratio: Decimal, orders: Sequence[OrderLine]) -> tuple[YearDue, ...]:
    by_year: dict[int, list[OrderLine]] = {}
    for order in orders:
        by_year.setdefault(order.date.year, []).append(order)
    years = []
    cumulative = Decimal(0)
    previous_due = 0
    for year in sorted(by_year):
        ordered = sum((order.amount for order in by_year[year]), Decimal(0))
        cumulative += ordered
        cumulative_due = hours_due(ratio, cumulative)
        years.append(
            YearDue(
                year=year,
                orders=len(by_year[year]),
                ordered=ordered,
                cumulative_ordered=cumulative,
                cumulative_due=cumulative_due,
                due=cumulative_due - previous_due,
            )
        )
        previous_due = cumulative_due
    return tuple(years)
