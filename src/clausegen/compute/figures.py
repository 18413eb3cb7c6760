"""The figures of a portfolio report: per lot, per contract, per group, and the whole report.

Plain results computed by :mod:`clausegen.compute.report`; :mod:`clausegen.present.report`,
:mod:`clausegen.present.terminal` and :mod:`clausegen.render.wordreport` word them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from clausegen.compute.decp import DecpFragment
from clausegen.compute.due import DueBasis, YearDue
from clausegen.compute.hours import Obligation
from clausegen.validate.models import Contract, ContractKind, ContractStatus, Form, Mechanism
from clausegen.validate.orders import Orders
from clausegen.validate.realised import RealisedHours
from clausegen.validate.terms import EligibilityCategory, Modality


@dataclass(frozen=True)
class PortfolioContract:
    """A contract of the portfolio, its obligation and the file it came from."""

    contract: Contract
    obligation: Obligation
    source: str


@dataclass(frozen=True)
class Realisation:
    """What was realised on a lot, a contract or a group of contracts.

    Attributes:
        hours: the exact realised hours.
        person_ids: the distinct person identifiers with hours above 0.
        lines: the accepted lines counted.
        by_category: hours per eligibility category met, in the vocabulary's order.
        by_modality: hours per modality met, in the vocabulary's order.
    """

    hours: Decimal
    person_ids: frozenset[str]
    lines: int
    by_category: dict[EligibilityCategory, Decimal]
    by_modality: dict[Modality, Decimal]

    @property
    def persons(self) -> int:
        """The number of distinct persons with hours."""
        return len(self.person_ids)


@dataclass(frozen=True)
class LotFigures:
    """One lot: its obligation and, with realised hours, how far it was fulfilled.

    Attributes:
        companies: 1, or the number of distinct awardees the lot names.
        obligation_hours: the hours due (see ``due_basis``), which realised hours are
            compared with.
        completion_rate: realised ÷ obligation (exact), None without realised hours or
            without obligation.
        missing_hours: obligation − realised, never below 0; None without realised hours.
        penalty: missing hours × penalty per missing hour, rounded to the cent; None unless
            the contract is finished and realised hours were given, and never on a
            framework's estimate.
        due_basis: what the hours due are measured on (contract, tranches, orders, estimate).
        estimate_hours: the description's figure, for context.
        ordered: the amount ordered (framework lot with an orders file).
        hours_per_1000: the framework ratio.
        years: a framework lot's orders and hours due, year by year.
    """

    number: int
    title: str
    awardees: tuple[str, ...]
    companies: int
    obligation_hours: int
    penalty_per_missing_hour: Decimal
    realised: Realisation | None
    completion_rate: Decimal | None
    missing_hours: Decimal | None
    penalty: Decimal | None
    due_basis: DueBasis = DueBasis.CONTRACT
    estimate_hours: int | None = None
    ordered: Decimal | None = None
    hours_per_1000: Decimal | None = None
    years: tuple[YearDue, ...] = ()


@dataclass(frozen=True)
class ContractFigures:
    """One operation of the portfolio with its lots, figures and open-data fragment."""

    reference: str
    title: str
    source: str
    buyer: str
    kind: ContractKind
    mechanism: Mechanism
    status: ContractStatus
    hours_per_fte: Decimal
    lots: tuple[LotFigures, ...]
    companies: int
    obligation_hours: int
    fte: Decimal
    realised: Realisation | None
    completion_rate: Decimal | None
    missing_hours: Decimal | None
    penalty: Decimal | None
    decp: DecpFragment
    form: Form = Form.SINGLE
    estimate_hours: int | None = None


@dataclass(frozen=True)
class GroupFigures:
    """The key figures of a set of contracts: the whole portfolio, a kind or a mechanism.

    Attributes:
        name: ``total``, a contract kind or a mechanism.
        fte: the exact FTE of the contracts added up, rounded once to one decimal.
        penalties: the penalties of the finished contracts, None without realised hours.
    """

    name: str
    operations: int
    lots: int
    companies: int
    obligation_hours: int
    fte: Decimal
    realised: Realisation | None
    realised_fte: Decimal | None
    completion_rate: Decimal | None
    penalties: Decimal | None


@dataclass(frozen=True)
class PortfolioReport:
    """Everything ``clausegen report`` shows.

    Attributes:
        conventions: the distinct hours-per-FTE conventions used, ascending.
        convention_given: whether the caller imposed one convention on every contract.
        realised_hours: the realised-hours files read, None when none were given.
        orders: the orders files read, None when none were given.
        date: the date of the situation: the caller's, else the last day of the realised
            periods, else the latest contract date; None when nothing gives one.
        warnings: what the reader should know, in English.
    """

    contracts: tuple[ContractFigures, ...]
    total: GroupFigures
    by_kind: tuple[GroupFigures, ...]
    by_mechanism: tuple[GroupFigures, ...]
    conventions: tuple[Decimal, ...]
    convention_given: bool
    realised_hours: RealisedHours | None
    date: datetime.date | None
    warnings: tuple[str, ...]
    orders: Orders | None = None

    @property
    def buyers(self) -> tuple[str, ...]:
        """The distinct buyer names, in the order of the contracts."""
        return tuple(dict.fromkeys(contract.buyer for contract in self.contracts))
