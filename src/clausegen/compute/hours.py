"""The hour obligation: labour volume × insertion rate per lot, totals, FTE, trace, warnings.

Pure: models and reference tables in, result objects out; no files, no printing, no clock.
The formula, the rounding and the warnings are those of domain.md A1–A3:

* labour hours = the lot's ``labour_hours``, or amount excl. VAT × labour share ÷ hourly cost;
* insertion hours = labour hours × insertion rate, rounded half-up to the hour per lot;
* with staff to take over (cleaning sector, PACT Propreté), the labour volume is weighted by
  ``P = 1 − (S × C) / (A / N)`` where ``C`` = hourly cost ÷ labour share, i.e. the monthly
  hours S of that staff over the N months are netted out of the volume;
* the contract total is the sum of the rounded lots; FTE = hours ÷ hours per FTE, 1 decimal.

The parameters come resolved, each with where it came from
(:mod:`clausegen.resolve.parameters`): this module only does the arithmetic, once per lot,
by the lot's sizing method.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal

from clausegen.compute.forms import (
    PeriodHours,
    TrancheObligation,
    hours_per_1000,
    split_periods,
)
from clausegen.compute.legal import ThresholdCheck, legal_warnings, threshold_check
from clausegen.compute.volumes import by_amount, lot_volume
from clausegen.compute.warnings import (
    ContractWarning,
    amount_warnings,
    contract_warnings,
    lot_warnings,
)
from clausegen.numbers import DECIMAL_CONTEXT, ONE_TENTH, round_half_up
from clausegen.resolve.forms import max_duration_months
from clausegen.resolve.parameters import (
    Method,
    Parameter,
    ResolvedContract,
    ResolvedLot,
    Source,
    resolve_contract,
)
from clausegen.resolve.reference import ReferenceData, TradePreset
from clausegen.validate.models import Contract, Form, Lot, Tranche

__all__ = [
    "ContractWarning",
    "LotObligation",
    "Method",
    "Obligation",
    "Parameter",
    "PeriodHours",
    "Source",
    "TrancheObligation",
    "compute",
    "compute_obligation",
]


@dataclass(frozen=True)
class LotObligation:
    """The computed obligation of one lot, with everything needed to check it.

    Attributes:
        labour_hours: the exact estimated labour volume, None for a reserved contract.
        labour_hours_given: whether the volume is the lot's own ``labour_hours`` (which wins
            over the amount) rather than amount × labour share ÷ hourly cost.
        staff_weighting: P of the cleaning-sector method, None for other methods.
        insertion_hours_exact: labour hours × rate (× P), before rounding.
        insertion_hours: the contractual figure, rounded half-up to the hour; for a lot
            with tranches, the sum of the rounded tranches; for a renewed contract, the total
            over the maximum duration (initial period + each renewal, rounded figures); for
            a framework, the estimate's figure (indicative: the ratio is what applies).
        fte: insertion hours ÷ hours per FTE, one decimal.
        hours_per_1000: for a framework lot, the ratio of insertion hours per 1 000 € excl.
            VAT ordered (three decimals); None otherwise.
        tranches: the tranches' hours, firm first; empty without tranches.
        periods: the hours per period of a renewed contract; None without renewals.
    """

    number: int
    title: str
    method: Method
    trade: TradePreset | None
    trade_key: str | None
    estimated_amount: Decimal | None
    labour_share: Parameter | None
    hourly_cost: Parameter
    insertion_rate: Parameter | None
    transferable_staff_monthly_hours: Decimal | None
    staff_weighting: Decimal | None
    labour_hours: Decimal | None
    labour_hours_given: bool
    insertion_hours_exact: Decimal
    insertion_hours: int
    fte: Decimal
    penalty_per_missing_hour: Parameter
    warnings: tuple[ContractWarning, ...] = ()
    minimum_amount: Decimal | None = None
    maximum_amount: Decimal | None = None
    hours_per_1000: Decimal | None = None
    tranches: tuple[TrancheObligation, ...] = ()
    periods: PeriodHours | None = None

    @property
    def firm_hours(self) -> int:
        """The hours due without any optional tranche (all of them without tranches)."""
        return self.tranches[0].insertion_hours if self.tranches else self.insertion_hours

    def amount_basis(self) -> tuple[Decimal, Parameter] | None:
        """Return (amount, labour share) when the volume is amount × share ÷ hourly cost.

        None when the lot gave its labour volume itself (or is reserved): the calculation
        shown to companies then starts from that volume.
        """
        if self.labour_hours_given or self.labour_share is None or self.estimated_amount is None:
            return None
        return self.estimated_amount, self.labour_share


@dataclass(frozen=True)
class Obligation:
    """The hour obligation of a whole contract.

    Attributes:
        total_insertion_hours: the sum of the lots' rounded hours, so that documents add up.
        total_fte: total hours ÷ hours per FTE, one decimal.
        warnings: every warning, contract-level first, then lot by lot, then the legal ones.
        eu_threshold: the contract's estimated value against its EU threshold.
        form: the contract's form (single or a framework agreement).
        max_duration_months: the duration with every renewal; the duration without renewals.
    """

    reference: str
    lots: tuple[LotObligation, ...]
    total_insertion_hours: int
    total_fte: Decimal
    hours_per_fte: Parameter
    duration_months: Decimal | None
    warnings: tuple[ContractWarning, ...]
    form: Form = Form.SINGLE
    max_duration_months: Decimal | None = None
    eu_threshold: ThresholdCheck | None = None

    @property
    def legal_warnings(self) -> tuple[ContractWarning, ...]:
        """The warnings that ``--strict`` turns into errors."""
        return tuple(warning for warning in self.warnings if warning.legal)


def compute_obligation(contract: Contract, *, reference: ReferenceData | None = None) -> Obligation:
    """Compute the insertion-hour obligation of every lot and of the contract.

    The parameters are resolved first (:func:`~clausegen.resolve.parameters.resolve_contract`);
    a contract loaded by :func:`~clausegen.load_contract` was already checked that way.

    Args:
        contract: a validated contract description.
        reference: the reference tables; clausegen's shipped tables by default.

    Returns:
        The obligation with its trace and warnings.

    Raises:
        ContractError: when the description is valid in shape but cannot be computed (an
            unknown trade, a lot without amount or hours, no rate for a supplies contract,
            duplicate lot numbers…), listing every such problem with its field path.
    """
    return compute(resolve_contract(contract, reference=reference))


def compute(resolved: ResolvedContract) -> Obligation:
    """Compute the obligation of a contract whose parameters are resolved (pure arithmetic)."""
    with decimal.localcontext(DECIMAL_CONTEXT):
        contract, reference = resolved.contract, resolved.reference
        hours_per_fte = resolved.hours_per_fte
        lots = tuple(_lot(lot, contract, reference, hours_per_fte.value) for lot in resolved.lots)
        total = sum(lot.insertion_hours for lot in lots)
        warnings = [*contract_warnings(contract, reference)]
        warnings += [warning for lot in lots for warning in lot.warnings]
        check = threshold_check(contract)
        has_hours = not contract.mechanism.is_reserved and total > 0
        warnings += legal_warnings(contract, check, has_hours=has_hours)
        return Obligation(
            reference=contract.reference,
            lots=lots,
            total_insertion_hours=total,
            total_fte=round_half_up(Decimal(total) / hours_per_fte.value, ONE_TENTH),
            hours_per_fte=hours_per_fte,
            duration_months=contract.duration_months,
            warnings=tuple(warnings),
            eu_threshold=check,
            form=contract.form,
            max_duration_months=max_duration_months(contract),
        )


def _lot(
    resolved: ResolvedLot, contract: Contract, reference: ReferenceData, hours_per_fte: Decimal
) -> LotObligation:
    """Compute one lot by its sizing method, then its tranches, periods and ratio."""
    lot = resolved.lot
    if resolved.method is Method.RESERVED:
        return _reserved(resolved, reference)
    rate = resolved.insertion_rate
    assert rate is not None  # noqa: S101 - only a reserved contract has none
    tranches = tuple(_tranche(resolved, rate, index) for index in range(len(lot.tranches)))
    by_hours = lot.labour_hours is not None or (
        bool(tranches) and all(t.labour_hours_given for t in tranches)
    )
    volume = lot_volume(resolved, rate, tranches, contract)
    insertion_hours = int(round_half_up(volume.insertion_exact))
    periods = None
    if tranches:
        insertion_hours = sum(tranche.insertion_hours for tranche in tranches)
    elif contract.renewals is not None and contract.duration_months is not None:
        renewals = contract.renewals
        periods = split_periods(
            volume.insertion_exact, contract.duration_months, renewals.count, renewals.months
        )
        insertion_hours = periods.total
    amount = _amount(lot, tranches)
    return LotObligation(
        number=lot.number,
        title=lot.title,
        method=resolved.method,
        trade=resolved.trade,
        trade_key=lot.trade,
        estimated_amount=amount,
        labour_share=resolved.labour_share,
        hourly_cost=resolved.hourly_cost,
        insertion_rate=rate,
        transferable_staff_monthly_hours=lot.transferable_staff_monthly_hours,
        staff_weighting=volume.staff_weighting,
        labour_hours=volume.labour_hours,
        labour_hours_given=by_hours,
        insertion_hours_exact=volume.insertion_exact,
        insertion_hours=insertion_hours,
        fte=round_half_up(Decimal(insertion_hours) / hours_per_fte, ONE_TENTH),
        penalty_per_missing_hour=resolved.penalty_per_missing_hour,
        warnings=tuple(
            lot_warnings(
                contract, lot, volume.warnings, volume.staff_weighting, insertion_hours, reference
            )
        ),
        minimum_amount=lot.minimum_amount,
        maximum_amount=lot.maximum_amount,
        hours_per_1000=None
        if not contract.form.is_framework or amount is None
        else hours_per_1000(volume.insertion_exact, amount),
        tranches=tranches,
        periods=periods,
    )


def _amount(lot: Lot, tranches: tuple[TrancheObligation, ...]) -> Decimal | None:
    """The lot's amount; for tranches, their sum when every tranche gives one."""
    if not tranches:
        return lot.estimated_amount
    amounts = [tranche.estimated_amount for tranche in tranches]
    return None if None in amounts else sum((a for a in amounts if a is not None), Decimal(0))


def _tranche(resolved: ResolvedLot, rate: Parameter, index: int) -> TrancheObligation:
    """Compute one tranche like a lot, with the lot's parameters."""
    tranche: Tranche = resolved.lot.tranches[index]
    if tranche.labour_hours is not None:
        labour_hours = tranche.labour_hours
        exact = labour_hours * rate.value
    else:
        assert tranche.estimated_amount is not None  # noqa: S101 - resolution checked it
        volume = by_amount(resolved, tranche.estimated_amount, rate)
        labour_hours, exact = volume.labour_hours, volume.insertion_exact
    optional_number = sum(1 for t in resolved.lot.tranches[1 : index + 1] if t.optional)
    return TrancheObligation(
        index=index,
        title=tranche.title,
        optional=tranche.optional,
        optional_number=optional_number if tranche.optional else 0,
        estimated_amount=tranche.estimated_amount if tranche.labour_hours is None else None,
        labour_hours=labour_hours,
        labour_hours_given=tranche.labour_hours is not None,
        insertion_hours_exact=exact,
        insertion_hours=int(round_half_up(exact)),
    )


def _reserved(resolved: ResolvedLot, reference: ReferenceData) -> LotObligation:
    """A lot of a reserved contract: no hour figure at all."""
    lot = resolved.lot
    return LotObligation(
        number=lot.number,
        title=lot.title,
        method=Method.RESERVED,
        trade=resolved.trade,
        trade_key=lot.trade,
        estimated_amount=lot.estimated_amount,
        labour_share=resolved.labour_share,
        hourly_cost=resolved.hourly_cost,
        insertion_rate=None,
        transferable_staff_monthly_hours=None,
        staff_weighting=None,
        labour_hours=None,
        labour_hours_given=False,
        insertion_hours_exact=Decimal(0),
        insertion_hours=0,
        fte=Decimal(0),
        penalty_per_missing_hour=resolved.penalty_per_missing_hour,
        warnings=tuple(amount_warnings(lot, reference)),
    )
