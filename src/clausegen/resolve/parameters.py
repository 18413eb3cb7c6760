"""Every parameter of a contract's hours, resolved with its provenance, and what stops them.

For each lot, the hourly cost, the labour share, the insertion rate and the penalty per
missing hour are taken from the strongest level that gives them: the lot, the contract, the
buyer (its profile), the trade preset, clausegen's default (domain.md A2). What the user
wrote wins over what clausegen assumes, and each value remembers where it came from, for the
trace printed in the documents. The hours per FTE follow the same rule for the contract.

A contract that is valid in shape can still not be computed: an unknown trade, a lot with
neither amount nor labour hours, no rate for a supplies contract, two lots with one number,
no labour share for a lot sized by its amount, staff to take over without a duration. Every
such problem is found here, all at once, before any figure is computed
(:mod:`clausegen.compute.hours` then only does arithmetic).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from clausegen.errors import ContractError, Problem
from clausegen.i18n import N_, _
from clausegen.resolve.forms import form_problems
from clausegen.resolve.reference import ReferenceData, TradePreset, default_reference
from clausegen.user_values import describe_input
from clausegen.validate.contract import clause_problems
from clausegen.validate.models import Contract, Lot


class Source(enum.StrEnum):
    """Where a parameter's value came from, from the strongest to the weakest."""

    LOT = "lot"
    CONTRACT = "contract"
    BUYER = "buyer"
    PRESET = "preset"
    DEFAULT = "default"


class Method(enum.StrEnum):
    """How a lot's labour volume is sized."""

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
            return _("the {preset} preset").format(preset=self.detail)
        if self.source is Source.DEFAULT:
            if self.detail == "hourly_cost":
                return _("default: the lot's hourly cost")
            if self.detail:
                return _("default for {kind} contracts").format(kind=self.detail)
            return _("default")
        return _(_SOURCES[self.source])


#: Where a parameter came from, as the command line says it ("from the contract").
_SOURCES = {
    Source.LOT: N_("the lot"),
    Source.CONTRACT: N_("the contract"),
    Source.BUYER: N_("the buyer"),
    Source.PRESET: N_("the preset"),
    Source.DEFAULT: N_("the default"),
}


@dataclass(frozen=True)
class ResolvedLot:
    """A lot and every parameter its hours are computed from.

    Attributes:
        lot: the lot as described.
        method: how its labour volume is sized (a cleaning lot is also sized by its amount
            or its labour hours first, then the staff to take over are netted out).
        trade: the trade preset the lot names, None without one or for a buyer's own trade.
        labour_share: None when no level gives one (a lot sized by its labour hours).
        insertion_rate: None only for a reserved contract, which has no hour figure.
    """

    lot: Lot
    method: Method
    trade: TradePreset | None
    hourly_cost: Parameter
    labour_share: Parameter | None
    insertion_rate: Parameter | None
    penalty_per_missing_hour: Parameter


@dataclass(frozen=True)
class ResolvedContract:
    """A validated contract with every parameter of its hours resolved: ready to compute.

    Attributes:
        contract: the contract, its buyer profile merged.
        reference: the reference tables the defaults and presets came from (the
            computation reads its warning thresholds there too).
        lots: one resolved lot per lot, in the contract's order.
        hours_per_fte: the FTE convention of the contract.
    """

    contract: Contract
    reference: ReferenceData
    lots: tuple[ResolvedLot, ...]
    hours_per_fte: Parameter


@dataclass
class _Collector:
    """Problems found while resolving; all of them are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message))


def resolve_contract(
    contract: Contract, *, reference: ReferenceData | None = None
) -> ResolvedContract:
    """Resolve every parameter of the contract's hours, lot by lot, with its provenance.

    Args:
        contract: a validated contract description.
        reference: the reference tables; clausegen's shipped tables by default.

    Raises:
        ContractError: when the description is valid in shape but cannot be computed (an
            unknown trade, a lot without amount or hours, no rate for a supplies contract,
            duplicate lot numbers…), listing every such problem with its field path.
    """
    resolved, problems = resolution(contract, reference=reference)
    if resolved is None:
        source = contract.source if contract.source is not None else "<contract>"
        raise ContractError(source=source, problems=problems)
    return resolved


def resolution(
    contract: Contract,
    *,
    reference: ReferenceData | None = None,
    positions: Sequence[int] | None = None,
) -> tuple[ResolvedContract | None, list[Problem]]:
    """Resolve the contract as :func:`resolve_contract` does, returning its problems.

    Args:
        contract: a validated contract description.
        reference: the reference tables; clausegen's shipped tables by default.
        positions: the position in the file of each of the contract's lots, when lots that
            failed validation were set aside (:mod:`clausegen.resolve.gathering`), so that
            field paths point at the lots as written; None when every lot is there.

    Returns:
        The resolved contract and no problem, or None and every problem found.
    """
    reference = reference or default_reference()
    collector = _Collector(problems=clause_problems(contract))
    at = list(positions) if positions is not None else list(range(len(contract.lots)))
    _check_lot_numbers(contract, at, collector)
    collector.problems += form_problems(contract)
    lots = []
    for index, lot in zip(at, contract.lots, strict=True):
        resolved = _resolve_lot(contract, lot, f"lots[{index}]", reference, collector)
        if resolved is not None:
            lots.append(resolved)
    if collector.problems:
        return None, collector.problems
    return ResolvedContract(
        contract=contract,
        reference=reference,
        lots=tuple(lots),
        hours_per_fte=_hours_per_fte(contract, reference),
    ), []


def _check_lot_numbers(contract: Contract, at: list[int], collector: _Collector) -> None:
    first_index: dict[int, int] = {}
    for index, lot in zip(at, contract.lots, strict=True):
        if lot.number in first_index:
            collector.add(
                f"lots[{index}].number",
                _("lot number {number} is already used by {lot}").format(
                    number=lot.number, lot=f"lots[{first_index[lot.number]}]"
                ),
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
    hint = _("; did you mean {names}?").format(names=_or_list(closest)) if closest else "."
    collector.add(
        f"{path}.trade",
        _("unknown trade (got {value})").format(value=describe_input(lot.trade))
        + hint
        + " "
        + _("See 'clausegen rates' for the list."),
    )
    return None, False


def _or_list(keys: list[str]) -> str:
    quoted = [repr(k) for k in keys]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + _(" or ") + quoted[-1]


def _hourly_cost(
    contract: Contract, lot: Lot, preset: TradePreset | None, reference: ReferenceData
) -> Parameter:
    kind_defaults = reference.kinds[contract.kind]
    return _first(
        lambda: _maybe(lot.hourly_cost, Source.LOT),
        lambda: _maybe(contract.insertion.hourly_cost, Source.CONTRACT),
        lambda: _maybe(contract.buyer.insertion.hourly_costs.get(contract.kind), Source.BUYER),
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


def _labour_share(contract: Contract, lot: Lot, preset: TradePreset | None) -> Parameter | None:
    shares = contract.buyer.labour_shares
    return _first(
        lambda: _maybe(lot.labour_share, Source.LOT),
        lambda: (
            None
            if lot.trade is None or lot.trade not in shares
            else Parameter(shares[lot.trade], Source.BUYER, lot.trade)
        ),
        lambda: (
            None
            if preset is None
            else Parameter(preset.labour_share, Source.PRESET, preset.key, preset.origin)
        ),
    )


def _penalty(contract: Contract, hourly_cost: Parameter) -> Parameter:
    return _first(
        lambda: _maybe(contract.insertion.penalty_per_missing_hour, Source.CONTRACT),
        lambda: _maybe(contract.buyer.insertion.penalty_per_missing_hour, Source.BUYER),
    ) or Parameter(hourly_cost.value, Source.DEFAULT, "hourly_cost")


def _rate(
    contract: Contract, lot: Lot, path: str, reference: ReferenceData, collector: _Collector
) -> Parameter | None:
    rate = _first(
        lambda: _maybe(lot.rate, Source.LOT),
        lambda: _maybe(contract.insertion.rate, Source.CONTRACT),
        lambda: _maybe(contract.buyer.insertion.rates.get(contract.kind), Source.BUYER),
    )
    default = reference.kinds[contract.kind].rate
    if rate is None and default is not None:
        rate = Parameter(default.value, Source.DEFAULT, contract.kind.value, default.origin)
    if rate is None:
        collector.add(
            f"{path}.rate",
            _(
                "{kind} contracts have no default insertion rate: set insertion.rate or {field}"
            ).format(kind=contract.kind.value, field=f"{path}.rate"),
        )
    return rate


def _sizing_problems(
    contract: Contract,
    lot: Lot,
    path: str,
    labour_share: Parameter | None,
    trade_known: bool,
    collector: _Collector,
) -> None:
    """Report what a lot lacks to size its labour volume (its form is checked apart)."""
    sized = lot.labour_hours is not None or lot.estimated_amount is not None
    if not sized and not lot.tranches and not contract.form.is_framework:
        collector.add(path, _("give estimated_amount or labour_hours to size this lot"))
    if lot.transferable_staff_monthly_hours is not None and contract.duration_months is None:
        collector.add(
            "duration_months",
            _("required by the cleaning-sector method used by {lot}").format(lot=path),
        )
    by_amount = lot.labour_hours is None and lot.estimated_amount is not None
    by_amount = by_amount or any(
        tranche.labour_hours is None and tranche.estimated_amount is not None
        for tranche in lot.tranches
    )
    if by_amount and labour_share is None and trade_known:
        collector.add(
            f"{path}.labour_share",
            _("no labour share for this lot: give labour_share or a trade (see 'clausegen rates')"),
        )


def _method(contract: Contract, lot: Lot) -> Method:
    if contract.mechanism.is_reserved:
        return Method.RESERVED
    if lot.transferable_staff_monthly_hours is not None:
        return Method.CLEANING
    if lot.tranches:
        by_hours = all(tranche.labour_hours is not None for tranche in lot.tranches)
        return Method.LABOUR_HOURS if by_hours else Method.AMOUNT
    return Method.LABOUR_HOURS if lot.labour_hours is not None else Method.AMOUNT


def _resolve_lot(
    contract: Contract,
    lot: Lot,
    path: str,
    reference: ReferenceData,
    collector: _Collector,
) -> ResolvedLot | None:
    """Resolve one lot's parameters; None when a problem was reported for it."""
    preset, trade_known = _resolve_trade(contract, lot, path, reference, collector)
    hourly_cost = _hourly_cost(contract, lot, preset, reference)
    labour_share = _labour_share(contract, lot, preset)
    rate = None
    if not contract.mechanism.is_reserved:
        problems_before = len(collector.problems)
        rate = _rate(contract, lot, path, reference, collector)
        _sizing_problems(contract, lot, path, labour_share, trade_known, collector)
        if len(collector.problems) > problems_before:
            return None
    if not trade_known:
        return None
    return ResolvedLot(
        lot=lot,
        method=_method(contract, lot),
        trade=preset,
        hourly_cost=hourly_cost,
        labour_share=labour_share,
        insertion_rate=rate,
        penalty_per_missing_hour=_penalty(contract, hourly_cost),
    )
