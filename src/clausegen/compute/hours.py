"""The hour obligation: labour volume × insertion rate per lot, totals, FTE, trace, warnings.

Pure: models and reference tables in, result objects out; no files, no printing, no clock.
The formula, the rounding and the warnings are those of domain.md A1–A3:

* labour hours = the lot's ``labour_hours``, or amount excl. VAT × labour share ÷ hourly cost;
* insertion hours = labour hours × insertion rate, rounded half-up to the hour per lot;
* with staff to take over (cleaning sector, PACT Propreté), the labour volume is weighted by
  ``P = 1 − (S × C) / (A / N)`` where ``C`` = hourly cost ÷ labour share, i.e. the monthly
  hours S of that staff over the N months are netted out of the volume;
* the contract total is the sum of the rounded lots; FTE = hours ÷ hours per FTE, 1 decimal.

Every parameter records where it came from (lot, contract, buyer, preset, default): what the
user wrote wins over what clausegen assumes.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from clausegen.errors import ContractError, Problem
from clausegen.numbers import DECIMAL_CONTEXT, ONE_TENTH, plain, round_half_up
from clausegen.resolve.reference import ReferenceData, TradePreset, default_reference
from clausegen.user_values import describe_input
from clausegen.validate.models import Contract, ContractKind, Lot, Mechanism


class Source(enum.StrEnum):
    """Where a parameter's value came from, from the strongest to the weakest."""

    LOT = "lot"
    CONTRACT = "contract"
    BUYER = "buyer"
    PRESET = "preset"
    DEFAULT = "default"


class Method(enum.StrEnum):
    """How a lot's labour volume was sized."""

    AMOUNT = "amount"
    LABOUR_HOURS = "labour_hours"
    CLEANING = "cleaning"
    RESERVED = "reserved"


@dataclass(frozen=True)
class Parameter:
    """One input of the calculation and its provenance.

    Attributes:
        value: the exact value used.
        source: the precedence level it came from.
        detail: for a preset, the trade key; for a default, the contract kind or "general";
            empty otherwise.
        origin: the published origin of a preset or default value (French, from the data
            files); empty for values written by the user.
    """

    value: Decimal
    source: Source
    detail: str = ""
    origin: str = ""

    def describe(self) -> str:
        """Say where the value came from, in English, for the command line."""
        if self.source is Source.PRESET:
            return f"the {self.detail} preset"
        if self.source is Source.DEFAULT:
            if self.detail == "hourly_cost":
                return "default: the lot's hourly cost"
            return f"default for {self.detail} contracts" if self.detail else "default"
        return f"the {self.source.value}"


@dataclass(frozen=True)
class ContractWarning:
    """Something the buyer should know; the documents are still produced.

    Attributes:
        code: a stable identifier (``under_minimum_hours``…), for workflows.
        message: the explanation, in English.
        lot: the lot number the warning is about, or None for the whole contract.
    """

    code: str
    message: str
    lot: int | None = None

    def __str__(self) -> str:
        return f"lot {self.lot}: {self.message}" if self.lot is not None else self.message


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
        warnings: every warning, contract-level first, then lot by lot.
    """

    reference: str
    lots: tuple[LotObligation, ...]
    total_insertion_hours: int
    total_fte: Decimal
    hours_per_fte: Parameter
    duration_months: Decimal | None
    warnings: tuple[ContractWarning, ...]


@dataclass
class _Collector:
    """Problems found while computing; all of them are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message))


def compute_obligation(contract: Contract, *, reference: ReferenceData | None = None) -> Obligation:
    """Compute the insertion-hour obligation of every lot and of the contract.

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
    with decimal.localcontext(DECIMAL_CONTEXT):
        return _compute(contract, reference or default_reference())


def _compute(contract: Contract, reference: ReferenceData) -> Obligation:
    collector = _Collector()
    _check_lot_numbers(contract, collector)
    lots = []
    for index, lot in enumerate(contract.lots):
        computed = _compute_lot(contract, lot, f"lots[{index}]", reference, collector)
        if computed is not None:
            lots.append(computed)
    if collector.problems:
        source = contract.source if contract.source is not None else "<contract>"
        raise ContractError(source=source, problems=collector.problems)
    hours_per_fte = _hours_per_fte(contract, reference)
    total = sum(lot.insertion_hours for lot in lots)
    contract_warnings = _contract_warnings(contract, reference)
    all_warnings = [*contract_warnings, *(w for lot in lots for w in lot.warnings)]
    return Obligation(
        reference=contract.reference,
        lots=tuple(lots),
        total_insertion_hours=total,
        total_fte=round_half_up(Decimal(total) / hours_per_fte.value, ONE_TENTH),
        hours_per_fte=hours_per_fte,
        duration_months=contract.duration_months,
        warnings=tuple(all_warnings),
    )


def _check_lot_numbers(contract: Contract, collector: _Collector) -> None:
    first_index: dict[int, int] = {}
    for index, lot in enumerate(contract.lots):
        if lot.number in first_index:
            collector.add(
                f"lots[{index}].number",
                f"lot number {lot.number} is already used by lots[{first_index[lot.number]}]",
            )
        else:
            first_index[lot.number] = index


def _hours_per_fte(contract: Contract, reference: ReferenceData) -> Parameter:
    if contract.insertion.hours_per_fte is not None:
        return Parameter(contract.insertion.hours_per_fte, Source.CONTRACT)
    if contract.buyer.insertion.hours_per_fte is not None:
        return Parameter(contract.buyer.insertion.hours_per_fte, Source.BUYER)
    default = reference.hours_per_fte
    return Parameter(default.value, Source.DEFAULT, "", default.origin)


def _first(*candidates: Callable[[], Parameter | None]) -> Parameter | None:
    """Return the first parameter that a level provides, in precedence order."""
    for candidate in candidates:
        found = candidate()
        if found is not None:
            return found
    return None


def _maybe(value: Decimal | None, source: Source, detail: str = "") -> Parameter | None:
    return None if value is None else Parameter(value, source, detail)


def _resolve_trade(
    contract: Contract, lot: Lot, path: str, reference: ReferenceData, collector: _Collector
) -> tuple[TradePreset | None, bool]:
    """Find the lot's trade preset; return (preset, known) where known covers buyer trades."""
    if lot.trade is None:
        return None, True
    preset = reference.trades.get(lot.trade)
    if preset is not None or lot.trade in contract.buyer.labour_shares:
        return preset, True
    closest = reference.closest_trades(lot.trade, tuple(contract.buyer.labour_shares))
    hint = f"; did you mean {_or_list(closest)}?" if closest else "."
    collector.add(
        f"{path}.trade",
        f"unknown trade (got {describe_input(lot.trade)}){hint} "
        "See 'clausegen rates' for the list.",
    )
    return None, False


def _or_list(keys: list[str]) -> str:
    quoted = [repr(k) for k in keys]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _compute_lot(
    contract: Contract,
    lot: Lot,
    path: str,
    reference: ReferenceData,
    collector: _Collector,
) -> LotObligation | None:
    kind_defaults = reference.kinds[contract.kind]
    preset, trade_known = _resolve_trade(contract, lot, path, reference, collector)
    buyer = contract.buyer

    hourly_cost = _first(
        lambda: _maybe(lot.hourly_cost, Source.LOT),
        lambda: _maybe(contract.insertion.hourly_cost, Source.CONTRACT),
        lambda: _maybe(buyer.insertion.hourly_costs.get(contract.kind), Source.BUYER),
        lambda: (
            None
            if preset is None or preset.hourly_cost is None
            else Parameter(preset.hourly_cost, Source.PRESET, preset.key, preset.origin)
        ),
    ) or Parameter(
        kind_defaults.hourly_cost.value,
        Source.DEFAULT,
        contract.kind.value,
        kind_defaults.hourly_cost.origin,
    )
    labour_share = _first(
        lambda: _maybe(lot.labour_share, Source.LOT),
        lambda: (
            None
            if lot.trade is None or lot.trade not in buyer.labour_shares
            else Parameter(buyer.labour_shares[lot.trade], Source.BUYER, lot.trade)
        ),
        lambda: (
            None
            if preset is None
            else Parameter(preset.labour_share, Source.PRESET, preset.key, preset.origin)
        ),
    )
    penalty = _first(
        lambda: _maybe(contract.insertion.penalty_per_missing_hour, Source.CONTRACT),
        lambda: _maybe(buyer.insertion.penalty_per_missing_hour, Source.BUYER),
    ) or Parameter(hourly_cost.value, Source.DEFAULT, "hourly_cost")

    if contract.mechanism.is_reserved:
        return LotObligation(
            number=lot.number,
            title=lot.title,
            method=Method.RESERVED,
            trade=preset,
            trade_key=lot.trade,
            estimated_amount=lot.estimated_amount,
            labour_share=labour_share,
            hourly_cost=hourly_cost,
            insertion_rate=None,
            transferable_staff_monthly_hours=None,
            staff_weighting=None,
            labour_hours=None,
            labour_hours_given=False,
            insertion_hours_exact=Decimal(0),
            insertion_hours=0,
            fte=Decimal(0),
            penalty_per_missing_hour=penalty,
            warnings=tuple(_amount_warnings(lot, reference)),
        )

    problems_before = len(collector.problems)
    rate = _first(
        lambda: _maybe(lot.rate, Source.LOT),
        lambda: _maybe(contract.insertion.rate, Source.CONTRACT),
        lambda: _maybe(buyer.insertion.rates.get(contract.kind), Source.BUYER),
    )
    if rate is None and kind_defaults.rate is not None:
        rate = Parameter(
            kind_defaults.rate.value, Source.DEFAULT, contract.kind.value, kind_defaults.rate.origin
        )
    if rate is None:
        collector.add(
            f"{path}.rate",
            f"{contract.kind.value} contracts have no default insertion rate: "
            f"set insertion.rate or {path}.rate",
        )
    staff = lot.transferable_staff_monthly_hours
    amount = lot.estimated_amount
    if lot.labour_hours is None and amount is None:
        collector.add(path, "give estimated_amount or labour_hours to size this lot")
    if staff is not None and contract.duration_months is None:
        collector.add("duration_months", f"required by the cleaning-sector method used by {path}")
    if lot.labour_hours is None and amount is not None and labour_share is None and trade_known:
        collector.add(
            f"{path}.labour_share",
            "no labour share for this lot: give labour_share or a trade (see 'clausegen rates')",
        )
    if len(collector.problems) > problems_before or not trade_known:
        return None
    assert rate is not None  # noqa: S101 - each None case was reported above

    warnings = _amount_warnings(lot, reference)
    if lot.labour_hours is not None:
        method = Method.LABOUR_HOURS
        labour_hours = lot.labour_hours
        insertion_exact = labour_hours * rate.value
        if lot.labour_share is not None:
            warnings.append(
                ContractWarning(
                    "labour_share_unused",
                    "labour_hours is given, so labour_share is not used to size the lot",
                    lot.number,
                )
            )
    else:
        assert labour_share is not None and amount is not None  # noqa: S101
        method = Method.AMOUNT
        # NOTE: one division, last, so that an exact half hour stays exact before rounding.
        labour_hours = amount * labour_share.value / hourly_cost.value
        insertion_exact = amount * labour_share.value * rate.value / hourly_cost.value
        if labour_share.source is Source.PRESET and preset is not None and not preset.sourced:
            warnings.append(
                ContractWarning(
                    "indicative_labour_share",
                    f"the labour share {plain(labour_share.value * 100)} % comes from the "
                    f"indicative preset {preset.key!r}, which no published source backs: "
                    "check it with the facilitator",
                    lot.number,
                )
            )

    staff_weighting: Decimal | None = None
    if staff is not None:
        assert contract.duration_months is not None  # noqa: S101
        # PACT Propreté: P = 1 − (S × C) / (A / N) with C = hourly cost ÷ labour share, and
        # I = P × A / C × T. Since A / C is the labour volume V, I = T × (V − S × N): the
        # hours of the staff taken over during the contract are netted out of the volume.
        method = Method.CLEANING
        staff_hours = staff * contract.duration_months
        staff_weighting = 1 - staff_hours / labour_hours
        insertion_exact = max(Decimal(0), insertion_exact - staff_hours * rate.value)

    insertion_hours = int(round_half_up(insertion_exact))
    if staff_weighting is not None and staff_weighting <= 0:
        warnings.append(
            ContractWarning(
                "no_clause_possible",
                f"the staff to take over ({plain(staff or Decimal(0))} h a month) already "
                "exceed the lot's labour potential (P ≤ 0): no clause is possible on this "
                "lot, 0 h",
                lot.number,
            )
        )
    elif insertion_hours < reference.thresholds.minimum_insertion_hours.value:
        warnings.append(
            ContractWarning(
                "under_minimum_hours",
                f"{insertion_hours} insertion hours is under "
                f"{plain(reference.thresholds.minimum_insertion_hours.value)} h, below which "
                "practice advises against a clause",
                lot.number,
            )
        )
    hours_per_fte = _hours_per_fte(contract, reference).value
    return LotObligation(
        number=lot.number,
        title=lot.title,
        method=method,
        trade=preset,
        trade_key=lot.trade,
        estimated_amount=lot.estimated_amount,
        labour_share=labour_share,
        hourly_cost=hourly_cost,
        insertion_rate=rate,
        transferable_staff_monthly_hours=staff,
        staff_weighting=staff_weighting,
        labour_hours=labour_hours,
        labour_hours_given=lot.labour_hours is not None,
        insertion_hours_exact=insertion_exact,
        insertion_hours=insertion_hours,
        fte=round_half_up(Decimal(insertion_hours) / hours_per_fte, ONE_TENTH),
        penalty_per_missing_hour=penalty,
        warnings=tuple(warnings),
    )


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
