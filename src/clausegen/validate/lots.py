"""The lots of a contract description: a lot, its tranches, the contract's renewals.

Strict pydantic models like the rest of the description (:mod:`clausegen.validate.models`,
which gathers them into the contract): what the hours of a lot are sized on, and the
follow-up facts (tranches triggered, renewals decided) its hours due depend on.
"""

from __future__ import annotations

from pydantic import Field

from clausegen.validate.basics import LIST_LENGTH, StrictModel
from clausegen.validate.fields import (
    LotNumber,
    RenewalCount,
    RenewalMonths,
    RenewalsExercised,
    ShortText,
    Text,
)
from clausegen.validate.figures import Amount, HourlyCost, Hours, MonthlyHours, Rate


class Tranche(StrictModel):
    """One tranche of a lot: the firm tranche, or an optional one (CCP R. 2113-4 to 6)."""

    title: Text | None = None
    optional: bool = Field(description="false for the firm tranche, true for an optional one.")
    triggered: bool = Field(
        default=False,
        description="Follow-up: the optional tranche was triggered (affermie), so its hours "
        "are due; the firm tranche's always are.",
    )
    estimated_amount: Amount | None = None
    labour_hours: Hours | None = Field(
        default=None, description="The tranche's estimated labour volume itself, in hours."
    )


class Renewals(StrictModel):
    """How often, and for how long each time, the contract may be renewed (reconductions)."""

    count: RenewalCount
    months: RenewalMonths
    exercised: RenewalsExercised | None = Field(
        default=None,
        description="Follow-up: how many renewals were decided; the hours due of a single "
        "contract then count only those periods (all of them when not given).",
    )


class Lot(StrictModel):
    """One lot: its estimated labour volume, or what it is derived from."""

    number: LotNumber
    title: Text
    trade: ShortText | None = Field(
        default=None, description="A trade preset key (see `clausegen rates`)."
    )
    estimated_amount: Amount | None = Field(
        default=None,
        description="Amount excl. VAT the hours are sized on: over the maximum duration "
        "(renewals included); for a framework, the buyer's estimate of what will be ordered.",
    )
    minimum_amount: Amount | None = Field(
        default=None, description="Framework agreement: minimum over the whole duration."
    )
    maximum_amount: Amount | None = Field(
        default=None, description="Framework agreement: maximum over the whole duration."
    )
    tranches: list[Tranche] = Field(
        default_factory=list,
        max_length=LIST_LENGTH,
        description="A firm tranche then optional ones (form single only).",
    )
    labour_share: Rate | None = None
    labour_hours: Hours | None = Field(
        default=None, description="The estimated labour volume itself, in hours."
    )
    hourly_cost: HourlyCost | None = None
    rate: Rate | None = None
    transferable_staff_monthly_hours: MonthlyHours | None = Field(
        default=None,
        description="Monthly hours of staff to take over (cleaning-sector method).",
    )
    awardees: list[ShortText] = Field(
        default_factory=list,
        max_length=LIST_LENGTH,
        description="The companies that won the lot (after award), for portfolio figures.",
    )
