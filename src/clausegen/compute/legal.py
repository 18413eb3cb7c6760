"""The law as of 2026 applied to one contract: its estimated value, the EU threshold, warnings.

Since 22 August 2026 (loi n° 2021-1104, art. 35) every contract carries an environmental
execution condition (CCP L2112-2) and an environmental award criterion (L2152-7), and a
contract whose estimated value reaches the EU threshold carries a social or employment
execution condition (L2112-2-1) unless the buyer records a lawful exception. clausegen
cannot judge the buyer's other clauses; it says what it sees, as *legal* warnings that
``--strict`` turns into errors.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from clausegen.compute.warnings import ContractWarning
from clausegen.errors import ContractError, Problem
from clausegen.i18n import _
from clausegen.readable import figure
from clausegen.resolve.legal import Threshold, legal_basis, thresholds
from clausegen.validate.basics import ContractKind
from clausegen.validate.clauses import CORE_PERSONAL_DATA

if TYPE_CHECKING:
    from clausegen.validate.models import Contract

__all__ = [
    "EstimatedValue",
    "ThresholdCheck",
    "legal_warnings",
    "strict_error",
    "threshold_check",
]


@dataclass(frozen=True)
class EstimatedValue:
    """The contract's estimated value (CCP R2121-1), € excl. VAT, and where it comes from.

    Attributes:
        value: None when it cannot be known.
        basis: ``declared`` (the contract's ``estimated_value``), ``lots`` (the sum of the
            lots' estimated amounts) or ``unknown``.
        missing_lot: the first lot without an estimated amount, when ``unknown``.
    """

    value: Decimal | None
    basis: str
    missing_lot: int | None = None


@dataclass(frozen=True)
class ThresholdCheck:
    """Whether the contract reaches its EU threshold.

    Attributes:
        estimated: the estimated value.
        threshold: the threshold, None when it cannot be told (no buyer category for a
            supplies or services contract, or a date outside the table).
        reached: the value is known and at least equal to the threshold.
        has_exception: the contract records a ``social_condition_exception``.
    """

    estimated: EstimatedValue
    threshold: Threshold | None
    reached: bool
    has_exception: bool

    @property
    def social_condition_required(self) -> bool:
        """Whether CCP L2112-2-1 requires a social execution condition of this contract."""
        return self.reached and not self.has_exception


def estimated_value(contract: Contract) -> EstimatedValue:
    """The declared estimated value, else the sum of the lots' amounts when all are known."""
    if contract.estimated_value is not None:
        return EstimatedValue(contract.estimated_value, "declared")
    for lot in contract.lots:
        if lot.estimated_amount is None:
            return EstimatedValue(None, "unknown", lot.number)
    total = sum((lot.estimated_amount or Decimal(0) for lot in contract.lots), Decimal(0))
    return EstimatedValue(total, "lots")


def threshold_check(contract: Contract) -> ThresholdCheck:
    """Compare the contract's estimated value with its EU threshold (≥ reaches it)."""
    estimated = estimated_value(contract)
    threshold = thresholds().threshold(
        contract.kind, contract.effective_buyer_category, contract.date
    )
    reached = (
        threshold is not None
        and estimated.value is not None
        and estimated.value >= threshold.amount
    )
    return ThresholdCheck(
        estimated=estimated,
        threshold=threshold,
        reached=reached,
        has_exception=contract.social_condition_exception is not None,
    )


def legal_warnings(
    contract: Contract, check: ThresholdCheck, *, has_hours: bool
) -> list[ContractWarning]:
    """Every legal warning of the contract, in a stable order (``--strict`` fails on them).

    Args:
        contract: the contract.
        check: its threshold check.
        has_hours: whether some lot of an insertion clause carries hours.
    """
    return [
        *_threshold_warnings(contract, check),
        *_social_warnings(contract, check, has_hours=has_hours),
        *_environmental_warnings(contract),
        *_personal_data_warnings(contract),
    ]


def strict_error(source: str, warnings: Sequence[ContractWarning]) -> ContractError | None:
    """The error ``--strict`` reports for a contract's legal warnings, None when it has none.

    Each legal warning becomes one problem (exit code 1), with its code for programs.
    """
    problems = [
        Problem(
            path="",
            message=_("{warning} (a legal warning, an error with --strict)").format(
                warning=warning
            ),
            code=warning.code,
        )
        for warning in warnings
        if warning.legal
    ]
    return ContractError(source=source, problems=problems) if problems else None


def _legal(code: str, message: str) -> ContractWarning:
    return ContractWarning(code, message, legal=True)


def _threshold_warnings(contract: Contract, check: ThresholdCheck) -> list[ContractWarning]:
    warnings = []
    if contract.kind is not ContractKind.WORKS and contract.effective_buyer_category is None:
        warnings.append(
            _legal(
                "no_buyer_category",
                _(
                    "the EU threshold for supplies and services depends on buyer_category "
                    "(state, local or network): give it in the buyer profile or the contract"
                ),
            )
        )
    estimated = check.estimated
    if estimated.basis == "unknown":
        warnings.append(
            _legal(
                "estimated_value_unknown",
                _(
                    "the estimated value cannot be computed (lot {lot} has no "
                    "estimated_amount): give estimated_value"
                ).format(lot=estimated.missing_lot),
            )
        )
    lots = [lot.estimated_amount for lot in contract.lots if lot.estimated_amount is not None]
    declared = estimated.value if estimated.basis == "declared" else None
    if declared is not None and lots and declared < sum(lots, Decimal(0)):
        warnings.append(
            _legal(
                "estimated_value_below_lots",
                _(
                    "estimated_value is lower than the sum of the lots' amounts; it must "
                    "include every lot, option and renewal (CCP R2121-1)"
                ),
            )
        )
    return warnings


def _social_warnings(
    contract: Contract, check: ThresholdCheck, *, has_hours: bool
) -> list[ContractWarning]:
    carries = contract.mechanism.is_clause and has_hours
    if check.reached and not check.has_exception and not carries and check.threshold:
        value = figure(check.estimated.value or Decimal(0))
        why = (
            _("a reserved contract")
            if contract.mechanism.is_reserved
            else _("an insertion-service contract")
            if not contract.mechanism.is_clause
            else _("no lot with insertion hours")
        )
        return [
            _legal(
                "social_condition_missing",
                _(
                    "the estimated value ({value} € excl. VAT) reaches the EU threshold "
                    "({threshold} € excl. VAT): CCP L2112-2-1 requires a social or employment "
                    "execution condition; the documents carry none ({why}); add one or record "
                    "social_condition_exception"
                ).format(value=value, threshold=figure(check.threshold.amount), why=why),
            )
        ]
    if check.has_exception and (not check.reached or carries):
        reason = (
            _("the EU threshold is not reached") if not check.reached else _("lots carry hours")
        )
        return [
            _legal(
                "social_condition_exception_unused",
                _(
                    "social_condition_exception is recorded but {reason}: it is not printed "
                    "and changes nothing"
                ).format(reason=reason),
            )
        ]
    return []


def _in_force(entry_id: str, on: datetime.date | None) -> bool:
    since = legal_basis().entry(entry_id).in_force_since
    return on is None or since is None or on >= since


def _environmental_warnings(contract: Contract) -> list[ContractWarning]:
    if not _in_force("ccp-l2112-2", contract.date):
        return []
    environmental = contract.environmental
    warnings = []
    if not environmental.clause:
        warnings.append(
            _legal(
                "no_environmental_clause",
                _(
                    "environmental.clause is empty: since 22 August 2026 every contract "
                    "carries an environmental execution condition (CCP L2112-2)"
                ),
            )
        )
    if not environmental.criterion:
        warnings.append(
            _legal(
                "no_environmental_criterion",
                _(
                    "environmental.criterion is empty: since 22 August 2026 every contract is "
                    "awarded on at least one criterion that takes account of the environment "
                    "(CCP L2152-7)"
                ),
            )
        )
    return warnings


def _personal_data_warnings(contract: Contract) -> list[ContractWarning]:
    if contract.mechanism.is_reserved:
        return []
    data = contract.buyer.personal_data
    warnings = [
        _legal(
            "personal_data_missing",
            _(
                "personal_data.{name} is not set: the CCAP prints « [à compléter par l'acheteur] »"
            ).format(name=name),
        )
        for name in CORE_PERSONAL_DATA
        if data is None or getattr(data, name) is None
    ]
    warnings += [
        _legal(
            "personal_data_missing",
            _("personal_data.{name} is not set: the CCAP says nothing on it").format(name=name),
        )
        for name in ("facilitator_role", "health_data_condition")
        if data is None or getattr(data, name) is None
    ]
    return warnings
