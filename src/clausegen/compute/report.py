"""Portfolio key figures, realised hours against the obligation, and the penalties due.

The brochure's "Chiffres-clés" panel — operations, companies potentially concerned,
insertion hours, full-time equivalents — comes from the same contract descriptions that
produce the tender documents, and the facilitator's realised-hours files say how much of each
obligation was fulfilled. The rules (README, "Portfolio report"):

* an operation is a contract description; its lots are counted as they are described;
* companies potentially concerned: one per lot, unless the lot names its awardees, then each
  distinct name (compared without case, accents or punctuation) counts once in a total;
* insertion hours are the contractual figures (the sum of the rounded lots); FTE use each
  contract's own convention (``hours_per_fte`` of the contract, its buyer, or 1 607 h), or
  one convention for all when the caller gives one; a total adds the exact FTE of its
  contracts and rounds once, to one decimal;
* realised hours count per lot; completion rate = realised ÷ obligation; persons are distinct
  identifiers;
* penalties are due only on finished contracts, lot by lot (a surplus on one lot does not make
  up for another lot): (obligation − realised, never below 0) × the lot's penalty per missing
  hour, computed exactly and rounded half-up to the cent; totals add the rounded lots.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from clausegen.compute.decp import decp_fragment
from clausegen.compute.due import lot_due
from clausegen.compute.figures import (
    ContractFigures,
    GroupFigures,
    LotFigures,
    PortfolioContract,
    PortfolioReport,
    Realisation,
)
from clausegen.compute.hours import LotObligation, compute
from clausegen.compute.portfoliowarnings import order_warnings, report_warnings
from clausegen.i18n import _
from clausegen.inputs import UsageError
from clausegen.numbers import ONE_HUNDREDTH, ONE_TENTH, round_half_up
from clausegen.resolve.portfolio import load_portfolio
from clausegen.user_values import describe_input
from clausegen.validate.figures import HOURS_PER_FTE, FigureError
from clausegen.validate.lines import RealisedLine
from clausegen.validate.models import Contract, ContractKind, ContractStatus, Lot, Mechanism
from clausegen.validate.orders import OrderLine, Orders, read_orders
from clausegen.validate.realised import RealisedHours, read_realised_hours
from clausegen.validate.terms import EligibilityCategory, Modality, normalise


def portfolio_report(
    paths: Sequence[str | os.PathLike[str]],
    *,
    realised: Sequence[str | os.PathLike[str]] = (),
    orders: Sequence[str | os.PathLike[str]] = (),
    hours_per_fte: Decimal | None = None,
    date: datetime.date | None = None,
    sheet: str | None = None,
) -> PortfolioReport:
    """Load a portfolio and its realised hours, and compute the report (what the CLI calls).

    Args:
        paths: contract descriptions, or directories of them.
        realised: realised-hours files (CSV or .xlsx) or directories; none means no
            realised figures.
        orders: orders CSV files or directories; without any, a framework agreement's lots
            are shown against their estimate.
        hours_per_fte: one FTE convention for every contract, instead of each one's own.
        date: the date of the situation printed on the Word report.
        sheet: the sheet of the realised-hours workbooks to read (by default the first).

    Raises:
        ContractError, ErrorGroup: for invalid contract descriptions.
        RealisedHoursError: for a realised-hours file that cannot be read at all (a bad
            line does not raise: it is rejected and listed in the report).
        UsageError: for an ``hours_per_fte`` that is not from 100 to 8 784 hours.
        OrdersError: for an orders file that cannot be read at all (likewise).
    """
    hours_per_fte = _convention(hours_per_fte)
    with collection_paused():
        contracts = tuple(
            PortfolioContract(entry.resolved.contract, compute(entry.resolved), entry.source)
            for entry in load_portfolio(paths)
        )
        lots = {c.contract.reference: [lot.number for lot in c.contract.lots] for c in contracts}
        hours = read_realised_hours(realised, lots=lots, sheet=sheet) if realised else None
        ordered = read_orders(orders, lots=lots) if orders else None
        return build_report(
            contracts, hours, hours_per_fte=hours_per_fte, date=date, orders=ordered
        )


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector inside the block; it runs again as before after it.

    A portfolio read builds hundreds of thousands of small objects that live until the
    report is done (the contracts, the realised-hours lines): the collector went through
    all of them again and again, for half the time of a 2 000-contract report, and found
    nothing, since reading leaves no cycle of garbage behind (the peak memory is the same).
    Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _to_oldest_generation()
            gc.enable()


def _to_oldest_generation() -> None:
    """Move the objects made while the collector was paused to its oldest generation.

    Otherwise the first collections after the pause go through all of them, once as young
    objects and once as middle-aged ones (half a second for a large portfolio); they are
    looked at with the oldest, at the next full collection, like any long-lived object.
    ``gc.freeze()`` then ``gc.unfreeze()`` does that; it is done only when nothing else in
    the process froze objects, which must stay frozen.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _convention(hours_per_fte: object) -> Decimal | None:
    """Check a caller's FTE convention with the rule of the command line and descriptions.

    Raises:
        UsageError: for a value that is not a number of hours from 100 to 8 784.
    """
    if hours_per_fte is None:
        return None
    try:
        return HOURS_PER_FTE.read(hours_per_fte)
    except FigureError as error:
        raise UsageError(
            argument="hours_per_fte",
            message=_("{problem} (got {got})").format(
                problem=error, got=describe_input(hours_per_fte)
            ),
        ) from None


def build_report(
    contracts: Sequence[PortfolioContract],
    realised: RealisedHours | None,
    *,
    hours_per_fte: Decimal | None = None,
    date: datetime.date | None = None,
    orders: Orders | None = None,
) -> PortfolioReport:
    """Aggregate the portfolio, its realised hours and orders (pure: no files are read).

    Raises:
        UsageError: for an ``hours_per_fte`` that is not from 100 to 8 784 hours.
    """
    hours_per_fte = _convention(hours_per_fte)
    lines = realised.accepted if realised is not None else ()
    by_contract: dict[str, list[RealisedLine]] = {}
    for line in lines:
        by_contract.setdefault(line.contract, []).append(line)
    ordered: dict[str, list[OrderLine]] | None = None
    if orders is not None:
        ordered = {}
        for order in orders.accepted:
            ordered.setdefault(order.contract, []).append(order)
    figures = tuple(
        _contract_figures(
            entry,
            realised is not None,
            by_contract.get(entry.contract.reference, []),
            hours_per_fte,
            None if ordered is None else ordered.get(entry.contract.reference, []),
        )
        for entry in contracts
    )
    conventions = tuple(sorted({figure.hours_per_fte for figure in figures}))
    warnings = report_warnings(figures, conventions, hours_per_fte is not None, realised)
    warnings += order_warnings(figures, orders)
    return PortfolioReport(
        contracts=figures,
        total=_group("total", figures, contracts),
        by_kind=tuple(
            _group(kind.value, [f for f in figures if f.kind is kind], contracts)
            for kind in ContractKind
            if any(f.kind is kind for f in figures)
        ),
        by_mechanism=tuple(
            _group(mechanism.value, [f for f in figures if f.mechanism is mechanism], contracts)
            for mechanism in Mechanism
            if any(f.mechanism is mechanism for f in figures)
        ),
        conventions=conventions,
        convention_given=hours_per_fte is not None,
        realised_hours=realised,
        date=date or _situation_date(contracts, lines),
        warnings=warnings,
        orders=orders,
    )


def _situation_date(
    contracts: Sequence[PortfolioContract], lines: Sequence[RealisedLine]
) -> datetime.date | None:
    if lines:
        return max(line.period_end for line in lines)
    dates = [c.contract.date for c in contracts if c.contract.date is not None]
    return max(dates) if dates else None


def realisation(lines: Sequence[RealisedLine]) -> Realisation:
    """Add up accepted lines: hours, distinct persons, hours per category and modality."""
    by_category: dict[EligibilityCategory, Decimal] = {}
    by_modality: dict[Modality, Decimal] = {}
    for line in lines:
        by_category[line.category] = by_category.get(line.category, Decimal(0)) + line.hours
        by_modality[line.modality] = by_modality.get(line.modality, Decimal(0)) + line.hours
    return Realisation(
        hours=sum((line.hours for line in lines), Decimal(0)),
        person_ids=frozenset(line.person for line in lines if line.hours > 0),
        lines=len(lines),
        by_category={k: by_category[k] for k in EligibilityCategory if k in by_category},
        by_modality={k: by_modality[k] for k in Modality if k in by_modality},
    )


def companies(lots: Iterable[Lot]) -> int:
    """Count the companies potentially concerned by lots: one per lot, or its awardees."""
    anonymous = 0
    named: set[str] = set()
    for lot in lots:
        if lot.awardees:
            named.update(normalise(name) for name in lot.awardees)
        else:
            anonymous += 1
    return anonymous + len(named)


def _rate(realised: Decimal, obligation: int) -> Decimal | None:
    return realised / obligation if obligation > 0 else None


def _contract_figures(
    entry: PortfolioContract,
    with_realised: bool,
    mine: Sequence[RealisedLine],
    hours_per_fte: Decimal | None,
    orders: Sequence[OrderLine] | None,
) -> ContractFigures:
    """Figures of one contract; ``mine`` are its accepted lines, ``orders`` its orders."""
    contract, obligation = entry.contract, entry.obligation
    finished = contract.status is ContractStatus.FINISHED
    lots = [
        _lot_figures(contract, lot, computed, mine, with_realised, orders)
        for lot, computed in zip(contract.lots, obligation.lots, strict=True)
    ]
    convention = hours_per_fte or obligation.hours_per_fte.value
    total = sum(lot.obligation_hours for lot in lots)
    contract_realised = realisation(mine)
    return ContractFigures(
        reference=contract.reference,
        title=contract.title,
        source=entry.source,
        buyer=contract.buyer.name,
        kind=contract.kind,
        mechanism=contract.mechanism,
        status=contract.status,
        hours_per_fte=convention,
        lots=tuple(lots),
        companies=companies(contract.lots),
        obligation_hours=total,
        fte=round_half_up(Decimal(total) / convention, ONE_TENTH),
        realised=contract_realised if with_realised else None,
        completion_rate=_rate(contract_realised.hours, total) if with_realised else None,
        missing_hours=sum((lot.missing_hours or Decimal(0) for lot in lots), Decimal(0))
        if with_realised
        else None,
        penalty=sum((lot.penalty or Decimal(0) for lot in lots), Decimal(0))
        if with_realised and finished and any(lot.penalty is not None for lot in lots)
        else None,
        decp=decp_fragment(contract, obligation),
        form=contract.form,
        estimate_hours=obligation.total_insertion_hours,
    )


def _lot_figures(
    contract: Contract,
    lot: Lot,
    computed: LotObligation,
    mine: Sequence[RealisedLine],
    with_realised: bool,
    orders: Sequence[OrderLine] | None,
) -> LotFigures:
    """Figures of one lot: its hours due, against what was realised on it."""
    finished = contract.status is ContractStatus.FINISHED
    realised = realisation([line for line in mine if line.lot == lot.number])
    lot_orders = None if orders is None else [o for o in orders if o.lot == lot.number]
    due = lot_due(contract, lot, computed, lot_orders)
    missing = max(Decimal(0), due.hours - realised.hours)
    penalty_rate = computed.penalty_per_missing_hour.value
    penalised = with_realised and finished and due.basis.penalty_applies
    return LotFigures(
        number=lot.number,
        title=lot.title,
        awardees=tuple(lot.awardees),
        companies=companies([lot]),
        obligation_hours=due.hours,
        penalty_per_missing_hour=penalty_rate,
        realised=realised if with_realised else None,
        completion_rate=_rate(realised.hours, due.hours) if with_realised else None,
        missing_hours=missing if with_realised else None,
        penalty=round_half_up(missing * penalty_rate, ONE_HUNDREDTH) if penalised else None,
        due_basis=due.basis,
        estimate_hours=due.estimate_hours,
        ordered=due.ordered,
        hours_per_1000=due.hours_per_1000,
        years=due.years,
    )


def _group(
    name: str, figures: Sequence[ContractFigures], contracts: Sequence[PortfolioContract]
) -> GroupFigures:
    references = {figure.reference for figure in figures}
    members = [c.contract for c in contracts if c.contract.reference in references]
    hours = sum(figure.obligation_hours for figure in figures)
    fte = sum((Decimal(f.obligation_hours) / f.hours_per_fte for f in figures), Decimal(0))
    with_realised = any(figure.realised is not None for figure in figures)
    realised: Realisation | None = None
    realised_fte: Decimal | None = None
    penalties: Decimal | None = None
    if with_realised:
        realised = _merge([f.realised for f in figures if f.realised is not None])
        exact = sum(
            ((f.realised.hours if f.realised else Decimal(0)) / f.hours_per_fte for f in figures),
            Decimal(0),
        )
        realised_fte = round_half_up(exact, ONE_TENTH)
        penalties = sum((f.penalty or Decimal(0) for f in figures), Decimal(0))
    return GroupFigures(
        name=name,
        operations=len(figures),
        lots=sum(len(figure.lots) for figure in figures),
        companies=companies(lot for contract in members for lot in contract.lots),
        obligation_hours=hours,
        fte=round_half_up(fte, ONE_TENTH),
        realised=realised,
        realised_fte=realised_fte,
        completion_rate=None if realised is None else _rate(realised.hours, hours),
        penalties=penalties,
    )


def _merge(parts: Sequence[Realisation]) -> Realisation:
    """Add up realisations; a person met in several contracts counts once."""
    by_category: dict[EligibilityCategory, Decimal] = {}
    by_modality: dict[Modality, Decimal] = {}
    for part in parts:
        for category, value in part.by_category.items():
            by_category[category] = by_category.get(category, Decimal(0)) + value
        for modality, value in part.by_modality.items():
            by_modality[modality] = by_modality.get(modality, Decimal(0)) + value
    return Realisation(
        hours=sum((part.hours for part in parts), Decimal(0)),
        person_ids=frozenset().union(*(part.person_ids for part in parts)),
        lines=sum(part.lines for part in parts),
        by_category={k: by_category[k] for k in EligibilityCategory if k in by_category},
        by_modality={k: by_modality[k] for k in Modality if k in by_modality},
    )
