"""The contract description: strict pydantic models whose field names are the public interface.

A misspelt key is an error (``extra="forbid"``), never a silently ignored setting; numbers
accept the French way of writing them; every constraint lives in one reusable annotated type
so that its error message is the same wherever it applies. Models are frozen: once loaded, a
contract cannot change under the computation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, PrivateAttr

from clausegen.validate.basics import (
    LIST_LENGTH,
    LOTS_LENGTH,
    BuyerCategory,
    ContractKind,
    ContractStatus,
    Form,
    Mechanism,
    StrictModel,
)
from clausegen.validate.charter import Charter
from clausegen.validate.clauses import (
    Ccag,
    CriterionScoring,
    PenaltyCap,
    PersonalData,
    SocialConditionException,
    default_ccag,
)
from clausegen.validate.fields import (
    CommitmentNumber,
    Cpv,
    DocumentDate,
    Email,
    LongText,
    Reference,
    ShortText,
    Text,
)
from clausegen.validate.figures import (
    Amount,
    HourlyCost,
    HoursPerFte,
    Months,
    Rate,
)
from clausegen.validate.lots import Lot, Renewals, Tranche

#: A duration of eligibility in months: 1 to 60.
EligibilityMonths = Annotated[int, Field(ge=1, le=60)]

__all__ = [
    "Buyer",
    "BuyerInsertionDefaults",
    "CharterOverride",
    "CommitmentNumber",
    "Contract",
    "ContractInsertion",
    "ContractKind",
    "ContractStatus",
    "Environmental",
    "Ethical",
    "Facilitator",
    "Form",
    "LongText",
    "Lot",
    "Mechanism",
    "Renewals",
    "ShortText",
    "Text",
    "Tranche",
    "json_schema",
]


class Facilitator(StrictModel):
    """The facilitator who helps the winning company carry out the insertion action."""

    name: ShortText | None = None
    organisation: ShortText | None = None
    phone: ShortText | None = None
    email: Email | None = None
    address: Text | None = Field(
        default=None, description="Postal address; line breaks are kept in the documents."
    )


class BuyerInsertionDefaults(StrictModel):
    """A buyer's own defaults, used when the contract and the lot do not say otherwise."""

    rates: dict[ContractKind, Rate] = Field(
        default_factory=dict, description="Insertion rate per contract kind."
    )
    hourly_costs: dict[ContractKind, HourlyCost] = Field(
        default_factory=dict, description="Hourly labour cost per contract kind."
    )
    hours_per_fte: HoursPerFte | None = None
    penalty_per_missing_hour: HourlyCost | None = None
    penalty_cap: PenaltyCap | None = Field(
        default=None, description="Cap of the insertion penalties of a lot (percent or amount)."
    )
    counts_in_ccag_cap: bool | None = Field(
        default=None,
        description="Whether the insertion penalties count in the CCAG's cap (default false).",
    )
    late_report_penalty: Amount | None = Field(
        default=None, description="Penalty per calendar day of delay of a monitoring sheet, € HT."
    )
    eligibility_months: EligibilityMonths | None = Field(
        default=None,
        description="How long a person stays eligible after validation, in months (default 24).",
    )


class Buyer(StrictModel):
    """The public buyer: identity, contacts, defaults and charter; what a buyer profile holds.

    A contract gives its buyer inline or as the path of a profile file (see
    :mod:`clausegen.resolve.buyer`); either way the contract ends up with this model.
    """

    name: ShortText
    service: ShortText | None = None
    phone: ShortText | None = None
    email: Email | None = None
    website: Text | None = None
    address: Text | None = None
    facilitator: Facilitator | None = Field(
        default=None,
        description="The buyer's usual facilitator, for contracts that name none.",
    )
    insertion: BuyerInsertionDefaults = Field(default_factory=BuyerInsertionDefaults)
    labour_shares: dict[ShortText, Rate] = Field(
        default_factory=dict,
        max_length=LIST_LENGTH,
        description="Labour share per trade key, overriding clausegen's presets.",
    )
    charter: Charter | None = Field(
        default=None,
        description="The buyer's responsible-procurement charter and when a contract applies it.",
    )
    buyer_category: BuyerCategory | None = Field(
        default=None,
        description="Which EU threshold applies: state (central government), local (other "
        "contracting authorities) or network (utilities).",
    )
    personal_data: PersonalData | None = Field(
        default=None,
        description="Controller, DPO contact, legal basis and retention of the personal data "
        "of the persons in insertion, printed in the CCAP.",
    )

    _profile: Path | None = PrivateAttr(default=None)

    @property
    def profile(self) -> Path | None:
        """The profile file the buyer was read from, None when written in the contract."""
        return self._profile

    def with_profile(self, profile: Path | None) -> Buyer:
        """Remember which profile file the buyer came from; returns the buyer itself."""
        self._profile = profile
        return self


class ContractInsertion(StrictModel):
    """Contract-level insertion parameters; a lot's own values win over these."""

    rate: Rate | None = None
    hourly_cost: HourlyCost | None = None
    hours_per_fte: HoursPerFte | None = None
    penalty_per_missing_hour: HourlyCost | None = None
    criterion_weight: Rate | None = Field(
        default=None,
        description="Weight of the insertion award criterion (mechanism award_criterion).",
    )
    criterion_scoring: CriterionScoring | None = Field(
        default=None,
        description="Shares of the hours and of the quality in the award criterion "
        "(default 50 % each).",
    )
    penalty_cap: PenaltyCap | None = None
    counts_in_ccag_cap: bool | None = None
    late_report_penalty: Amount | None = None
    eligibility_months: EligibilityMonths | None = None


class Environmental(StrictModel):
    """The contract's environmental considerations (charter commitments, open data)."""

    clause: LongText | None = Field(
        default=None, description="The environmental execution condition, in a few words."
    )
    criterion: LongText | None = Field(
        default=None, description="The environmental award criterion, in a few words."
    )
    ecolabels: list[ShortText] = Field(
        default_factory=list,
        max_length=LIST_LENGTH,
        description="Ecolabels (or equivalent) required or accepted.",
    )


class Ethical(StrictModel):
    """The contract's ethical requirements (fair trade, social responsibility)."""

    fair_trade: LongText | None = Field(
        default=None, description="The fair-trade requirement, in a few words."
    )
    social_responsibility: LongText | None = Field(
        default=None, description="The social-responsibility (RSE) requirement, in a few words."
    )


class CharterOverride(StrictModel):
    """Commitments of the buyer's charter to add to, or remove from, what the rules find."""

    include: list[CommitmentNumber] = Field(
        default_factory=list,
        max_length=LIST_LENGTH,
        description="Commitments this contract applies whatever the rules.",
    )
    exclude: list[CommitmentNumber] = Field(
        default_factory=list,
        max_length=LIST_LENGTH,
        description="Commitments not to claim, even when a rule matches.",
    )


class Contract(StrictModel):
    """A contract description: one contract, one or more lots."""

    reference: Reference
    title: Text
    kind: ContractKind
    mechanism: Mechanism = Mechanism.EXECUTION_CONDITION
    form: Form = Field(
        default=Form.SINGLE,
        description="single, framework_orders (accord-cadre à bons de commande) or "
        "framework_subsequent (accord-cadre à marchés subséquents).",
    )
    location: ShortText | None = None
    duration_months: Months | None = None
    renewals: Renewals | None = Field(
        default=None, description="Renewals (reconductions): how many, and months each."
    )
    date: DocumentDate | None = None
    buyer: Buyer
    facilitator: Facilitator | None = None
    insertion: ContractInsertion = Field(default_factory=ContractInsertion)
    lots: list[Lot] = Field(min_length=1, max_length=LOTS_LENGTH)
    cpv: Cpv | None = Field(default=None, description="Main CPV code, e.g. 45214200.")
    variants_allowed: bool = False
    lifecycle_cost: bool = Field(
        default=False, description="Whether offers are compared on their global (life-cycle) cost."
    )
    environmental: Environmental = Field(default_factory=Environmental)
    ethical: Ethical = Field(default_factory=Ethical)
    charter: CharterOverride = Field(default_factory=CharterOverride)
    status: ContractStatus = ContractStatus.PLANNED
    buyer_category: BuyerCategory | None = Field(
        default=None, description="Overrides the buyer profile's buyer_category."
    )
    estimated_value: Amount | None = Field(
        default=None,
        description="Estimated value of the whole contract (all lots, options and renewals), "
        "€ excl. VAT; by default the sum of the lots' amounts.",
    )
    social_condition_exception: SocialConditionException | None = Field(
        default=None,
        description="At or above the EU threshold, why the contract lawfully carries no "
        "social execution condition.",
    )
    ccag: Ccag | None = Field(
        default=None,
        description="The CCAG the contract refers to; by default travaux for works, fcs for "
        "services and supplies, pi for intellectual services.",
    )
    globalisation: bool = Field(
        default=False,
        description="Whether hours done on other operations may count under an agreement.",
    )

    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        """The file the description was read from, if any (for messages and relative paths)."""
        return self._source

    def with_source(self, source: Path | None) -> Contract:
        """Remember which file the contract came from; returns the contract itself."""
        self._source = source
        return self

    @property
    def effective_ccag(self) -> Ccag:
        """The contract's CCAG, or the default of its kind."""
        return self.ccag if self.ccag is not None else default_ccag(self.kind)

    @property
    def effective_buyer_category(self) -> BuyerCategory | None:
        """The contract's buyer category, or else its buyer profile's."""
        return self.buyer_category or self.buyer.buyer_category

    @property
    def effective_facilitator(self) -> Facilitator | None:
        """The contract's own facilitator, or else its buyer's usual one (profile default)."""
        return self.facilitator if self.facilitator is not None else self.buyer.facilitator


def json_schema(*, schema_id: str | None = None) -> dict[str, Any]:
    """Return the JSON Schema of the contract description, for editors and other tools.

    The ``buyer`` is described as written in a file: a mapping, the path of a buyer profile,
    or a mapping with ``profile`` and the fields that override the profile's.
    """
    schema = Contract.model_json_schema()
    buyer = schema["$defs"]["Buyer"]
    overrides = {key: value for key, value in buyer.items() if key not in ("required", "title")}
    overrides["properties"] = {
        "profile": {
            "type": "string",
            "minLength": 1,
            "description": "Path of the buyer profile file, relative to the contract file.",
        },
        **buyer["properties"],
    }
    overrides["required"] = ["profile"]
    schema["properties"]["buyer"] = {
        "description": "The buyer: inline, the path of a buyer profile, or a profile with "
        "overrides (the contract's values win).",
        "anyOf": [
            {
                "type": "string",
                "minLength": 1,
                "description": "Path of a buyer profile file, relative to the contract file.",
            },
            {"$ref": "#/$defs/Buyer"},
            overrides,
        ],
    }
    header: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if schema_id:
        header["$id"] = schema_id
    header["title"] = "clausegen contract description"
    schema.pop("title", None)
    return {**header, **schema}
