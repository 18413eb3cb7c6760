"""The figures of a contract's form (issue 13): the framework ratio, tranches, renewal periods.

The one rounding rule of clausegen is half-up (:func:`~clausegen.numbers.round_half_up`);
here it is applied as follows, and nowhere else:

* hours (a lot, a tranche, a period, the hours due on orders) are rounded to the hour;
* the framework ratio — insertion hours per 1 000 € excl. VAT ordered — is the exact
  (unrounded) hours of the estimate ÷ the estimate × 1 000, rounded to three decimals
  (:data:`RATIO_QUANTUM`); for a lot sized on its amount it equals labour share ÷ hourly
  cost × rate × 1 000;
* the hours due on what was ordered are the rounded ratio × the cumulative amount ordered
  ÷ 1 000, rounded to the hour, always on the cumulative amount, never order by order
  (:func:`hours_due`). The estimate's figure may therefore differ by an hour or two from
  ratio × estimate: the estimate is indicative, the ratio is what the contract applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clausegen.numbers import round_half_up

__all__ = [
    "RATIO_BASE",
    "RATIO_PLACES",
    "RATIO_QUANTUM",
    "PeriodHours",
    "TrancheObligation",
    "hours_due",
    "hours_per_1000",
    "split_periods",
]

#: The ratio is stated per this many euros excl. VAT ordered.
RATIO_BASE = Decimal(1000)
#: The ratio is rounded half-up to the thousandth of an hour: three decimals, always shown.
RATIO_PLACES = 3
RATIO_QUANTUM = Decimal(1).scaleb(-RATIO_PLACES)


@dataclass(frozen=True)
class TrancheObligation:
    """The hours of one tranche of a lot, due only once the tranche is triggered.

    Attributes:
        index: the tranche's position in the lot, from 0 (0 is the firm tranche).
        optional_number: 0 for the firm tranche, then 1, 2… for the optional ones.
        estimated_amount: the tranche's amount excl. VAT, None when it gives labour hours.
        labour_hours: the tranche's exact labour volume.
        labour_hours_given: whether the volume is the tranche's own ``labour_hours``.
        insertion_hours_exact: labour hours × rate, before rounding.
        insertion_hours: rounded half-up to the hour.
    """

    index: int
    title: str | None
    optional: bool
    optional_number: int
    estimated_amount: Decimal | None
    labour_hours: Decimal
    labour_hours_given: bool
    insertion_hours_exact: Decimal
    insertion_hours: int


@dataclass(frozen=True)
class PeriodHours:
    """The hours of a renewed lot, split into its initial period and each renewal.

    Attributes:
        initial_months: the contract's ``duration_months``.
        renewal_count: how many renewals the contract allows.
        renewal_months: the length of each renewal.
        max_months: initial months + count × renewal months.
        initial_hours_exact: exact hours × initial months ÷ max months.
        renewal_hours_exact: exact hours × renewal months ÷ max months.
        initial_hours: rounded half-up.
        renewal_hours: rounded half-up; each renewal period owes this many.
    """

    initial_months: Decimal
    renewal_count: int
    renewal_months: int
    max_months: Decimal
    initial_hours_exact: Decimal
    renewal_hours_exact: Decimal
    initial_hours: int
    renewal_hours: int

    @property
    def total(self) -> int:
        """The hours over the maximum duration: initial + count × renewal (rounded figures)."""
        return self.initial_hours + self.renewal_count * self.renewal_hours


def hours_per_1000(exact_hours: Decimal, amount: Decimal) -> Decimal:
    """Insertion hours per 1 000 € excl. VAT: exact hours ÷ amount × 1 000, to 0.001 h."""
    return round_half_up(exact_hours * RATIO_BASE / amount, RATIO_QUANTUM)


def hours_due(ratio: Decimal, ordered: Decimal) -> int:
    """Hours due on a cumulative amount ordered: ratio × amount ÷ 1 000, to the hour."""
    return int(round_half_up(ratio * ordered / RATIO_BASE))


def split_periods(
    exact_hours: Decimal, initial_months: Decimal, renewal_count: int, renewal_months: int
) -> PeriodHours:
    """Split the exact hours of the maximum duration over the initial period and renewals."""
    max_months = initial_months + renewal_count * renewal_months
    initial_exact = exact_hours * initial_months / max_months
    renewal_exact = exact_hours * renewal_months / max_months
    return PeriodHours(
        initial_months=initial_months,
        renewal_count=renewal_count,
        renewal_months=renewal_months,
        max_months=max_months,
        initial_hours_exact=initial_exact,
        renewal_hours_exact=renewal_exact,
        initial_hours=int(round_half_up(initial_exact)),
        renewal_hours=int(round_half_up(renewal_exact)),
    )
