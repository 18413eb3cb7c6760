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

from clausegen.compute.legal import ThresholdCheck, legal_warnings, threshold_check
from clausegen.compute.warnings import ContractWarning
from clausegen.numbers import DECIMAL_CONTEXT, ONE_TENTH, plain, round_half_up
from clausegen.resolve.parameters import (
    Method,
    Parameter,
    ResolvedContract,
    ResolvedLot,
    Source,
    resolve_contract,
)
from clausegen.resolve.reference import ReferenceData, TradePreset
from clausegen.validate.models import Contract, ContractKind, Lot, Mechanism

__all__ = [
    "ContractWarning",
    "LotObligation",
    "Method",
    "Obligation",
    "Parameter",
    "Source",
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
        insertion_hours: the contractual figure, rounded half-up to the hour.
        fte: insertion hours ÷ hours per FTE, one decimal.
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
    """

    reference: str
    lots: tuple[LotObligation, ...]
    total_insertion_hours: int
    total_fte: Decimal
    hours_per_fte: Parameter
    duration_months: Decimal | None
    warnings: tuple[ContractWarning, ...]
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
        warnings = [*_contract_warnings(contract, reference)]
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
        )


@dataclass(frozen=True)
class _Volume:
    """A lot's labour volume and its insertion hours before rounding, by its sizing method."""

    labour_hours: Decimal
    insertion_exact: Decimal
    warnings: tuple[ContractWarning, ...] = ()
    staff_weighting: Decimal | None = None


def _lot(
    resolved: ResolvedLot, contract: Contract, reference: ReferenceData, hours_per_fte: Decimal
) -> LotObligation:
    """Compute one lot by its sizing method."""
    lot = resolved.lot
    if resolved.method is Method.RESERVED:
        return _reserved(resolved, reference)
    rate = resolved.insertion_rate
    assert rate is not None  # noqa: S101 - only a reserved contract has none
    by_hours = lot.labour_hours is not None
    volume = _by_labour_hours(lot, rate) if by_hours else _by_amount(resolved, rate)
    if resolved.method is Method.CLEANING:
        volume = _net_staff(volume, lot, contract, rate)
    insertion_hours = int(round_half_up(volume.insertion_exact))
    warnings = [
        *_amount_warnings(lot, reference),
        *volume.warnings,
        *_hours_warnings(lot, volume, insertion_hours, reference),
    ]
    return LotObligation(
        number=lot.number,
        title=lot.title,
        method=resolved.method,
        trade=resolved.trade,
        trade_key=lot.trade,
        estimated_amount=lot.estimated_amount,
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
        warnings=tuple(warnings),
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
        warnings=tuple(_amount_warnings(lot, reference)),
    )


def _by_labour_hours(lot: Lot, rate: Parameter) -> _Volume:
    """The lot gives its labour volume itself, which wins over its amount."""
    assert lot.labour_hours is not None  # noqa: S101 - the method says so
    warnings: tuple[ContractWarning, ...] = ()
    if lot.labour_share is not None:
        warnings = (
            ContractWarning(
                "labour_share_unused",
                "labour_hours is given, so labour_share is not used to size the lot",
                lot.number,
            ),
        )
    return _Volume(lot.labour_hours, lot.labour_hours * rate.value, warnings)


def _by_amount(resolved: ResolvedLot, rate: Parameter) -> _Volume:
    """Amount excl. VAT × labour share ÷ hourly cost."""
    lot, share, cost = resolved.lot, resolved.labour_share, resolved.hourly_cost
    amount = lot.estimated_amount
    assert share is not None and amount is not None  # noqa: S101 - resolution checked both
    # NOTE: one division, last, so that an exact half hour stays exact before rounding.
    labour_hours = amount * share.value / cost.value
    insertion_exact = amount * share.value * rate.value / cost.value
    preset = resolved.trade
    warnings: tuple[ContractWarning, ...] = ()
    if share.source is Source.PRESET and preset is not None and not preset.sourced:
        warnings = (
            ContractWarning(
                "indicative_labour_share",
                f"the labour share {plain(share.value * 100)} % comes from the "
                f"indicative preset {preset.key!r}, which no published source backs: "
                "check it with the facilitator",
                lot.number,
            ),
        )
    return _Volume(labour_hours, insertion_exact, warnings)


def _net_staff(volume: _Volume, lot: Lot, contract: Contract, rate: Parameter) -> _Volume:
    """Cleaning sector: net the hours of the staff to take over out of the volume."""
    staff, months = lot.transferable_staff_monthly_hours, contract.duration_months
    assert staff is not None and months is not None  # noqa: S101 - resolution checked both
    # PACT Propreté: P = 1 − (S × C) / (A / N) with C = hourly cost ÷ labour share, and
    # I = P × A / C × T. Since A / C is the labour volume V, I = T × (V − S × N): the
    # hours of the staff taken over during the contract are netted out of the volume.
    staff_hours = staff * months
    return _Volume(
        labour_hours=volume.labour_hours,
        insertion_exact=max(Decimal(0), volume.insertion_exact - staff_hours * rate.value),
        warnings=volume.warnings,
        staff_weighting=1 - staff_hours / volume.labour_hours,
    )


def _hours_warnings(
    lot: Lot, volume: _Volume, insertion_hours: int, reference: ReferenceData
) -> list[ContractWarning]:
    weighting = volume.staff_weighting
    if weighting is not None and weighting <= 0:
        staff = lot.transferable_staff_monthly_hours or Decimal(0)
        return [
            ContractWarning(
                "no_clause_possible",
                f"the staff to take over ({plain(staff)} h a month) already "
                "exceed the lot's labour potential (P ≤ 0): no clause is possible on this "
                "lot, 0 h",
                lot.number,
            )
        ]
    minimum = reference.thresholds.minimum_insertion_hours.value
    if insertion_hours < minimum:
        return [
            ContractWarning(
                "under_minimum_hours",
                f"{insertion_hours} insertion hours is under "
                f"{plain(minimum)} h, below which "
                "practice advises against a clause",
                lot.number,
            )
        ]
    return []


def _amount_warnings(lot: Lot, reference: ReferenceData) -> list[ContractWarning]:
    minimum = reference.thresholds.minimum_amount.value
    if lot.estimated_amount is not None and lot.estimated_amount < minimum:
        return [
            ContractWarning(
                "under_minimum_amount",
                f"the estimated amount {plain(lot.estimated_amount)} € excl. VAT is under "
                f"{plain(minimum)} €, below which a clause is rarely worth it",
                lot.number,
            )
        ]
    return []


def _contract_warnings(contract: Contract, reference: ReferenceData) -> list[ContractWarning]:
    warnings = []
    minimum_months = reference.thresholds.minimum_duration_months.value
    if contract.duration_months is not None and contract.duration_months < minimum_months:
        warnings.append(
            ContractWarning(
                "short_duration",
                f"the contract lasts {plain(contract.duration_months)} months, under "
                f"{plain(minimum_months)} months: too short for insertion hires to take root",
            )
        )
    if contract.kind is ContractKind.SUPPLIES and not contract.mechanism.is_reserved:
        warnings.append(
            ContractWarning(
                "supplies_contract",
                "an insertion clause rarely fits a supplies contract: make sure the lots "
                "carry real labour (installation, assembly, delivery)",
            )
        )
    if contract.effective_facilitator is None:
        warnings.append(
            ContractWarning(
                "no_facilitator",
                "no facilitator is named: the documents give the buyer's contact instead",
            )
        )
    if (
        contract.mechanism is Mechanism.AWARD_CRITERION
        and contract.insertion.criterion_weight is None
    ):
        warnings.append(
            ContractWarning(
                "no_criterion_weight",
                "the insertion award criterion has no weight (insertion.criterion_weight): "
                "the documents refer to the consultation rules for it",
            )
        )
    return warnings
