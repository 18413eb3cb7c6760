"""Fields that issue 12 added for the law as of 2026: CCAG, penalty cap, personal data, exceptions.

The models are strict like the others; the checks that tie several fields together (a
penalty counted in the CCAG's cap without a CCAG, a scoring without an award criterion…)
are in :func:`clause_problems`, which names the field to fix.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Self

from pydantic import Field, model_validator

from clausegen.i18n import _
from clausegen.validate.basics import ContractKind, StrictModel
from clausegen.validate.fields import LongText, Text
from clausegen.validate.figures import Amount, Rate

__all__ = [
    "CORE_PERSONAL_DATA",
    "Ccag",
    "CriterionScoring",
    "ExceptionCode",
    "FacilitatorRole",
    "PenaltyCap",
    "PersonalData",
    "SocialConditionException",
    "default_ccag",
]


class Ccag(enum.StrEnum):
    """The CCAG (cahier des clauses administratives générales) the contract refers to."""

    TRAVAUX = "travaux"
    FCS = "fcs"
    PI = "pi"
    TIC = "tic"
    MI = "mi"
    MOE = "moe"
    NONE = "none"


_DEFAULT_CCAG = {
    ContractKind.WORKS: Ccag.TRAVAUX,
    ContractKind.SERVICES: Ccag.FCS,
    ContractKind.SUPPLIES: Ccag.FCS,
    ContractKind.INTELLECTUAL_SERVICES: Ccag.PI,
}


def default_ccag(kind: ContractKind) -> Ccag:
    """The CCAG a contract of that kind refers to when it does not say (never TIC, MI, MOE)."""
    return _DEFAULT_CCAG[kind]


class PenaltyCap(StrictModel):
    """The cap of the insertion penalties of a lot: a share of its amount, or an amount."""

    percent: Rate | None = Field(
        default=None, description='Share of the lot\'s amount excl. VAT, e.g. "10 %".'
    )
    amount: Amount | None = Field(default=None, description="Amount in euros excl. VAT.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.percent is None) == (self.amount is None):
            msg = _("give either percent or amount, not both and not neither")
            raise ValueError(msg)
        return self


class ExceptionCode(enum.StrEnum):
    """Why a contract at or above the EU threshold carries no social execution condition."""

    INSUFFICIENT_LINK = "insufficient_link"
    COMPETITION_OR_EXECUTION = "competition_or_execution"
    OTHER = "other"


class SocialConditionException(StrictModel):
    """The buyer's record that it lawfully provides no social execution condition."""

    code: ExceptionCode
    justification: LongText = Field(description="Why, in the buyer's words (printed in the note).")


class FacilitatorRole(enum.StrEnum):
    """What the facilitator is under the GDPR for the data of the persons in insertion."""

    PROCESSOR = "processor"
    CONTROLLER = "controller"
    JOINT_CONTROLLER = "joint_controller"


class PersonalData(StrictModel):
    """What the CCAP says on the personal data of the persons in insertion (buyer profile)."""

    controller: Text | None = Field(
        default=None, description="The controller: name, address, contact."
    )
    dpo_contact: Text | None = Field(default=None, description="Contact of the DPO.")
    legal_basis: Text | None = Field(
        default=None, description="Legal basis of the processing, as the DPO words it."
    )
    retention: Text | None = Field(
        default=None, description="Retention period and what happens then, as one phrase."
    )
    facilitator_role: FacilitatorRole | None = None
    health_data_condition: Text | None = Field(
        default=None,
        description="One French sentence naming the GDPR art. 9 (2) condition for health data.",
    )


#: The four fields without which the CCAP prints « [à compléter par l'acheteur] ».
CORE_PERSONAL_DATA = ("controller", "dpo_contact", "legal_basis", "retention")


class CriterionScoring(StrictModel):
    """The shares of the two sub-criteria of the insertion award criterion."""

    hours: Decimal = Field(ge=0, le=1, description="Share of the hours offered, 0 to 1.")
    quality: Decimal = Field(ge=0, le=1, description="Share of the quality of the note, 0 to 1.")

    @model_validator(mode="after")
    def _whole(self) -> Self:
        if self.hours + self.quality != 1:
            msg = _("hours and quality must add up to 100 %")
            raise ValueError(msg)
        return self
