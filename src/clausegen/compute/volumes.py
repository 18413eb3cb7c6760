"""A lot's labour volume and its exact insertion hours, by its sizing method.

The labour hours given, or an amount excl. VAT × labour share ÷ hourly cost, or a lot's
tranches added up; for the cleaning sector, the hours of the staff taken over netted out.
:mod:`clausegen.compute.hours` rounds them and builds the lot's obligation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clausegen.compute.forms import TrancheObligation
from clausegen.compute.warnings import ContractWarning
from clausegen.i18n import _
from clausegen.readable import figure
from clausegen.resolve.forms import max_duration_months
from clausegen.resolve.parameters import Method, Parameter, ResolvedLot, Source
from clausegen.validate.models import Contract, Lot


@dataclass(frozen=True)
class Volume:
    """A lot's labour volume and its insertion hours before rounding, by its sizing method."""

    labour_hours: Decimal
    insertion_exact: Decimal
    warnings: tuple[ContractWarning, ...] = ()
    staff_weighting: Decimal | None = None


def lot_volume(
    resolved: ResolvedLot,
    rate: Parameter,
    tranches: tuple[TrancheObligation, ...],
    contract: Contract,
) -> Volume:
    """The lot's labour volume and exact hours: its own, or its tranches' added up."""
    lot = resolved.lot
    if tranches:
        return Volume(
            labour_hours=sum((t.labour_hours for t in tranches), Decimal(0)),
            insertion_exact=sum((t.insertion_hours_exact for t in tranches), Decimal(0)),
            warnings=_share_warnings(resolved, any(not t.labour_hours_given for t in tranches)),
        )
    if lot.labour_hours is not None:
        volume = _by_labour_hours(lot, rate)
    else:
        assert lot.estimated_amount is not None  # noqa: S101 - resolution checked it
        volume = by_amount(resolved, lot.estimated_amount, rate)
    if resolved.method is Method.CLEANING:
        volume = _net_staff(volume, lot, max_duration_months(contract), rate)
    return volume


def _by_labour_hours(lot: Lot, rate: Parameter) -> Volume:
    """The lot gives its labour volume itself, which wins over its amount."""
    assert lot.labour_hours is not None  # noqa: S101 - the method says so
    warnings: tuple[ContractWarning, ...] = ()
    if lot.labour_share is not None:
        warnings = (
            ContractWarning(
                "labour_share_unused",
                _("labour_hours is given, so labour_share is not used to size the lot"),
                lot.number,
            ),
        )
    return Volume(lot.labour_hours, lot.labour_hours * rate.value, warnings)


def by_amount(resolved: ResolvedLot, amount: Decimal, rate: Parameter) -> Volume:
    """Amount excl. VAT × labour share ÷ hourly cost."""
    share, cost = resolved.labour_share, resolved.hourly_cost
    assert share is not None  # noqa: S101 - resolution checked it
    # NOTE: one division, last, so that an exact half hour stays exact before rounding.
    labour_hours = amount * share.value / cost.value
    insertion_exact = amount * share.value * rate.value / cost.value
    return Volume(labour_hours, insertion_exact, _share_warnings(resolved, by_amount=True))


def _share_warnings(resolved: ResolvedLot, by_amount: bool) -> tuple[ContractWarning, ...]:
    """Warn when an amount is sized with the labour share of an indicative preset."""
    share, preset = resolved.labour_share, resolved.trade
    if not by_amount or share is None or share.source is not Source.PRESET:
        return ()
    if preset is None or preset.sourced:
        return ()
    return (
        ContractWarning(
            "indicative_labour_share",
            _(
                "the labour share {share} % comes from the indicative preset {preset}, which "
                "no published source backs: check it with the facilitator"
            ).format(share=figure(share.value * 100), preset=repr(preset.key)),
            resolved.lot.number,
        ),
    )


def _net_staff(volume: Volume, lot: Lot, months: Decimal | None, rate: Parameter) -> Volume:
    """Cleaning sector: net the hours of the staff to take over (over the maximum duration)."""
    staff = lot.transferable_staff_monthly_hours
    assert staff is not None and months is not None  # noqa: S101 - resolution checked both
    # PACT Propreté: P = 1 − (S × C) / (A / N) with C = hourly cost ÷ labour share, and
    # I = P × A / C × T. Since A / C is the labour volume V, I = T × (V − S × N): the
    # hours of the staff taken over during the contract are netted out of the volume.
    staff_hours = staff * months
    return Volume(
        labour_hours=volume.labour_hours,
        insertion_exact=max(Decimal(0), volume.insertion_exact - staff_hours * rate.value),
        warnings=volume.warnings,
        staff_weighting=1 - staff_hours / volume.labour_hours,
    )
