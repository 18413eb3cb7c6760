"""The warnings of a computed obligation: what a buyer should know, documents still produced.

Each is a stable ``code`` and an English message, for the whole contract or one lot (the
thresholds come from the reference tables, with their origin).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clausegen.i18n import _
from clausegen.readable import figure
from clausegen.resolve.reference import ReferenceData
from clausegen.validate.models import Contract, ContractKind, Lot, Mechanism

__all__ = [
    "ContractWarning",
    "amount_warnings",
    "contract_warnings",
    "hours_warnings",
    "lot_warnings",
]


@dataclass(frozen=True)
class ContractWarning:
    """Something the buyer should know; the documents are still produced.

    Attributes:
        code: a stable identifier (``under_minimum_hours``…), for workflows.
        message: the explanation, in English.
        lot: the lot number the warning is about, or None for the whole contract.
        legal: whether the warning is about the law (an obligation of the code de la
            commande publique, personal data): ``--strict`` turns those into errors.
    """

    code: str
    message: str
    lot: int | None = None
    legal: bool = False

    def __str__(self) -> str:
        return f"lot {self.lot}: {self.message}" if self.lot is not None else self.message

    def as_json(self) -> dict[str, object]:
        """The warning as JSON-ready data: code, message, lot, legal."""
        return {"code": self.code, "message": self.message, "lot": self.lot, "legal": self.legal}


def lot_warnings(
    contract: Contract,
    lot: Lot,
    sizing: tuple[ContractWarning, ...],
    weighting: Decimal | None,
    insertion_hours: int,
    reference: ReferenceData,
) -> list[ContractWarning]:
    """Every warning of a lot: its amount, its sizing (``sizing``), its hours, its form."""
    warnings = [
        *amount_warnings(lot, reference),
        *sizing,
        *hours_warnings(lot, weighting, insertion_hours, reference),
    ]
    if contract.form.is_framework and lot.maximum_amount is None:
        warnings.append(
            ContractWarning(
                "framework_without_maximum",
                _(
                    "the framework agreement lot gives no maximum_amount: a framework "
                    "agreement must state a maximum in value or quantity (CCP R. 2162-4, since "
                    "1 January 2022); give maximum_amount"
                ),
                lot.number,
            )
        )
    return warnings


def hours_warnings(
    lot: Lot, weighting: Decimal | None, insertion_hours: int, reference: ReferenceData
) -> list[ContractWarning]:
    """Warn about a lot with no possible clause (P ≤ 0) or too few hours for one."""
    if weighting is not None and weighting <= 0:
        staff = lot.transferable_staff_monthly_hours or Decimal(0)
        return [
            ContractWarning(
                "no_clause_possible",
                _(
                    "the staff to take over ({hours} h a month) already exceed the lot's "
                    "labour potential (P ≤ 0): no clause is possible on this lot, 0 h"
                ).format(hours=figure(staff)),
                lot.number,
            )
        ]
    minimum = reference.thresholds.minimum_insertion_hours.value
    if insertion_hours < minimum:
        return [
            ContractWarning(
                "under_minimum_hours",
                _(
                    "{hours} insertion hours is under {minimum} h, below which practice "
                    "advises against a clause"
                ).format(hours=figure(insertion_hours), minimum=figure(minimum)),
                lot.number,
            )
        ]
    return []


def amount_warnings(lot: Lot, reference: ReferenceData) -> list[ContractWarning]:
    """Warn about a lot whose amount is too small for a clause to be worth it."""
    minimum = reference.thresholds.minimum_amount.value
    if lot.estimated_amount is not None and lot.estimated_amount < minimum:
        return [
            ContractWarning(
                "under_minimum_amount",
                _(
                    "the estimated amount {amount} € excl. VAT is under {minimum} €, below "
                    "which a clause is rarely worth it"
                ).format(amount=figure(lot.estimated_amount), minimum=figure(minimum)),
                lot.number,
            )
        ]
    return []


def contract_warnings(contract: Contract, reference: ReferenceData) -> list[ContractWarning]:
    """Warn about the whole contract: too short, supplies, no facilitator, no weight."""
    warnings = []
    minimum_months = reference.thresholds.minimum_duration_months.value
    if contract.duration_months is not None and contract.duration_months < minimum_months:
        warnings.append(
            ContractWarning(
                "short_duration",
                _(
                    "the contract lasts {months} months, under {minimum} months: too short "
                    "for insertion hires to take root"
                ).format(months=figure(contract.duration_months), minimum=figure(minimum_months)),
            )
        )
    if contract.kind is ContractKind.SUPPLIES and not contract.mechanism.is_reserved:
        warnings.append(
            ContractWarning(
                "supplies_contract",
                _(
                    "an insertion clause rarely fits a supplies contract: make sure the lots "
                    "carry real labour (installation, assembly, delivery)"
                ),
            )
        )
    if contract.effective_facilitator is None:
        warnings.append(
            ContractWarning(
                "no_facilitator",
                _("no facilitator is named: the documents give the buyer's contact instead"),
            )
        )
    if (
        contract.mechanism is Mechanism.AWARD_CRITERION
        and contract.insertion.criterion_weight is None
    ):
        warnings.append(
            ContractWarning(
                "no_criterion_weight",
                _(
                    "the insertion award criterion has no weight (insertion.criterion_weight): "
                    "the documents refer to the consultation rules for it"
                ),
            )
        )
    return warnings
