"""The contract description: strict pydantic models whose field names are the public interface.

A misspelt key is an error (``extra="forbid"``), never a silently ignored setting; numbers
accept the French way of writing them; every constraint lives in one reusable annotated type
so that its error message is the same wherever it applies. Models are frozen: once loaded, a
contract cannot change under the computation.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, WithJsonSchema
from pydantic_core import PydanticCustomError

from clausegen.obligation.numbers import NumberFormatError, parse_decimal, plain

if TYPE_CHECKING:
    # NOTE: the charter's rules name contract facts (enums below), so the two modules refer
    # to each other; clausegen/obligation/__init__.py resolves Buyer.charter once both exist.
    from clausegen.obligation.charter import Charter

_NUMBER_PATTERN = r"^\s*[+-]?\d[\d\s\u00a0\u202f.,]*\s*(%|€|€ ?HT|€ ?/ ?h|h|heures|mois)?\s*$"


def describe_input(value: object) -> str:
    """Show a user's value the way they wrote it, for the ``(got …)`` part of messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _invalid(*, kind: str, message: str) -> PydanticCustomError:
    """Build a validation error whose message is shown to the user as is."""
    return PydanticCustomError(f"clausegen_{kind}", message)


@dataclass(frozen=True)
class _NumberRule:
    """How one kind of figure is read and which values it admits."""

    description: str
    percent: bool = False
    units: tuple[str, ...] = ()
    allow_zero: bool = False
    at_most_one: bool = False

    def validate(self, raw: object) -> Decimal:
        """Read ``raw`` as a Decimal and check its range, with the user-facing message."""
        try:
            value = parse_decimal(raw, percent=self.percent, units=self.units)
        except NumberFormatError:
            if self.percent:
                raise _invalid(
                    kind="number", message='must be a rate such as 0.05, "0,05" or "5 %"'
                ) from None
            raise _invalid(
                kind="number",
                message='must be a number such as 1200000, "1 200 000" or "1 200 000,50"',
            ) from None
        if self.at_most_one and (value < 0 or value > 1):
            raise _invalid(kind="range", message="must be between 0 and 1")
        if value < 0 or (value == 0 and not self.allow_zero):
            raise _invalid(
                kind="range",
                message="must be 0 or more" if self.allow_zero else "must be greater than 0",
            )
        return value

    def validator(self) -> BeforeValidator:
        """Return the pydantic validator that reads and checks this kind of figure."""
        return BeforeValidator(self.validate)

    def schema(self) -> WithJsonSchema:
        """Return the JSON Schema of this kind of figure: a number, or text such as "5 %"."""
        bound: dict[str, Any] = {"minimum" if self.allow_zero else "exclusiveMinimum": 0}
        if self.at_most_one:
            bound["maximum"] = 1
        return WithJsonSchema(
            {
                "description": self.description,
                "anyOf": [
                    {"type": "number", **bound},
                    {"type": "string", "pattern": _NUMBER_PATTERN},
                ],
            }
        )


_AMOUNT = _NumberRule(
    'Amount in euros excl. VAT, e.g. 1200000 or "1 200 000,50".',
    units=("€ HT", "€HT", "€", "EUR"),
)
_HOURLY_COST = _NumberRule(
    'Loaded labour cost in euros excl. VAT per hour, e.g. 35 or "35,50".',
    units=("€ HT/h", "€/h", "€ / h", "€"),
)
_HOURS = _NumberRule("A number of hours, greater than 0.", units=("heures", "h"))
_MONTHLY_HOURS = _NumberRule(
    "Hours per month, 0 or more.", units=("h/mois", "heures", "h"), allow_zero=True
)
_MONTHS = _NumberRule("A duration in months, greater than 0.", units=("mois",))
_RATE = _NumberRule(
    'A rate between 0 (excluded) and 1, e.g. 0.05, "0,05" or "5 %".',
    percent=True,
    at_most_one=True,
)

Amount = Annotated[Decimal, _AMOUNT.validator(), _AMOUNT.schema()]
HourlyCost = Annotated[Decimal, _HOURLY_COST.validator(), _HOURLY_COST.schema()]
Hours = Annotated[Decimal, _HOURS.validator(), _HOURS.schema()]
MonthlyHours = Annotated[Decimal, _MONTHLY_HOURS.validator(), _MONTHLY_HOURS.schema()]
Months = Annotated[Decimal, _MONTHS.validator(), _MONTHS.schema()]
Rate = Annotated[Decimal, _RATE.validator(), _RATE.schema()]


def _validate_text(raw: object) -> str:
    if not isinstance(raw, str):
        raise _invalid(kind="text", message="must be text; put the value in quotes")
    if not raw.strip():
        raise _invalid(kind="text", message="must not be empty")
    return raw


Text = Annotated[
    str,
    BeforeValidator(_validate_text),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "description": "Text, written as it must appear in the documents.",
        }
    ),
]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _validate_email(raw: object) -> str:
    text = _validate_text(raw)
    if not _EMAIL.fullmatch(text.strip()):
        raise _invalid(kind="email", message="must be an e-mail address")
    return text


Email = Annotated[
    str,
    BeforeValidator(_validate_email),
    WithJsonSchema({"type": "string", "format": "email", "description": "An e-mail address."}),
]


def _validate_reference(raw: object) -> str:
    text = _validate_text(raw)
    if len(text) > 100 or any(ord(c) < 32 for c in text):
        raise _invalid(kind="reference", message="must be one line of at most 100 characters")
    return text


Reference = Annotated[
    str,
    BeforeValidator(_validate_reference),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "description": "The contract's reference, used in output file names.",
        }
    ),
]


def _validate_lot_number(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _invalid(kind="lot_number", message="must be a whole number from 1")
    try:
        value = parse_decimal(raw)
    except NumberFormatError:
        raise _invalid(kind="lot_number", message="must be a whole number from 1") from None
    if value != value.to_integral_value() or value < 1:
        raise _invalid(kind="lot_number", message="must be a whole number from 1")
    return int(value)


LotNumber = Annotated[
    int,
    BeforeValidator(_validate_lot_number),
    WithJsonSchema({"type": "integer", "minimum": 1, "description": "The lot number."}),
]

CommitmentNumber = Annotated[
    int,
    BeforeValidator(_validate_lot_number),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 1,
            "description": "The number of a commitment in the buyer's charter.",
        }
    ),
]


_FRENCH_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")


def _read_french_date(raw: object) -> object:
    """Accept 25/11/2026 as well as 2026-11-25; anything else is left to pydantic."""
    if isinstance(raw, str) and (match := _FRENCH_DATE.fullmatch(raw)):
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise _invalid(kind="date", message="is not a date of the calendar") from None
    return raw


DocumentDate = Annotated[
    datetime.date,
    BeforeValidator(_read_french_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$",
            "description": "Date printed on the documents: 2026-11-25 or 25/11/2026.",
        }
    ),
]


def _validate_cpv(raw: object) -> str:
    text = _validate_text(raw) if not isinstance(raw, int) or isinstance(raw, bool) else str(raw)
    if not re.fullmatch(r"[0-9]{8}(-[0-9])?", text.strip()):
        raise _invalid(kind="cpv", message="must be a CPV code of 8 digits, e.g. 45214200")
    return text.strip()


Cpv = Annotated[
    str,
    BeforeValidator(_validate_cpv),
    WithJsonSchema(
        {"type": "string", "pattern": "^[0-9]{8}(-[0-9])?$", "description": "A CPV code."}
    ),
]


class ContractKind(enum.StrEnum):
    """What the contract buys; it chooses the default rate and hourly cost."""

    WORKS = "works"
    SERVICES = "services"
    INTELLECTUAL_SERVICES = "intellectual_services"
    SUPPLIES = "supplies"


class Mechanism(enum.StrEnum):
    """The legal mechanism that carries the insertion objective (domain.md A4)."""

    EXECUTION_CONDITION = "execution_condition"
    AWARD_CRITERION = "award_criterion"
    RESERVED_SIAE = "reserved_siae"
    RESERVED_EA_ESAT = "reserved_ea_esat"
    INSERTION_SERVICE = "insertion_service"

    @property
    def is_reserved(self) -> bool:
        """Whether the contract is reserved, in which case no hour figure is computed."""
        return self in (Mechanism.RESERVED_SIAE, Mechanism.RESERVED_EA_ESAT)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Facilitator(_Model):
    """The facilitator who helps the winning company carry out the insertion action."""

    name: Text | None = None
    organisation: Text | None = None
    phone: Text | None = None
    email: Email | None = None
    address: Text | None = Field(
        default=None, description="Postal address; line breaks are kept in the documents."
    )


class BuyerInsertionDefaults(_Model):
    """A buyer's own defaults, used when the contract and the lot do not say otherwise."""

    rates: dict[ContractKind, Rate] = Field(
        default_factory=dict, description="Insertion rate per contract kind."
    )
    hourly_costs: dict[ContractKind, HourlyCost] = Field(
        default_factory=dict, description="Hourly labour cost per contract kind."
    )
    hours_per_fte: Hours | None = None
    penalty_per_missing_hour: HourlyCost | None = None


class Buyer(_Model):
    """The public buyer: identity, contacts, defaults and charter; what a buyer profile holds.

    A contract gives its buyer inline or as the path of a profile file (see
    :mod:`clausegen.obligation.profiles`); either way the contract ends up with this model.
    """

    name: Text
    service: Text | None = None
    phone: Text | None = None
    email: Email | None = None
    website: Text | None = None
    address: Text | None = None
    facilitator: Facilitator | None = Field(
        default=None,
        description="The buyer's usual facilitator, for contracts that name none.",
    )
    insertion: BuyerInsertionDefaults = Field(default_factory=BuyerInsertionDefaults)
    labour_shares: dict[str, Rate] = Field(
        default_factory=dict,
        description="Labour share per trade key, overriding clausegen's presets.",
    )
    charter: Charter | None = Field(
        default=None,
        description="The buyer's responsible-procurement charter and when a contract applies it.",
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


class ContractInsertion(_Model):
    """Contract-level insertion parameters; a lot's own values win over these."""

    rate: Rate | None = None
    hourly_cost: HourlyCost | None = None
    hours_per_fte: Hours | None = None
    penalty_per_missing_hour: HourlyCost | None = None
    criterion_weight: Rate | None = Field(
        default=None,
        description="Weight of the insertion award criterion (mechanism award_criterion).",
    )


class Lot(_Model):
    """One lot: its estimated labour volume, or what it is derived from."""

    number: LotNumber
    title: Text
    trade: Text | None = Field(
        default=None, description="A trade preset key (see `clausegen rates`)."
    )
    estimated_amount: Amount | None = None
    labour_share: Rate | None = None
    labour_hours: Hours | None = Field(
        default=None, description="The estimated labour volume itself, in hours."
    )
    hourly_cost: HourlyCost | None = None
    rate: Rate | None = None
    transferable_staff_monthly_hours: MonthlyHours | None = Field(
        default=None,
        description="Monthly hours of staff to take over (cleaning-sector method).",
    )
    awardees: list[Text] = Field(
        default_factory=list,
        description="The companies that won the lot (after award), for portfolio figures.",
    )


class ContractStatus(enum.StrEnum):
    """Where the contract stands; penalties are only due on finished contracts."""

    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"


class Environmental(_Model):
    """The contract's environmental considerations (charter commitments, open data)."""

    clause: Text | None = Field(
        default=None, description="The environmental execution condition, in a few words."
    )
    criterion: Text | None = Field(
        default=None, description="The environmental award criterion, in a few words."
    )
    ecolabels: list[Text] = Field(
        default_factory=list, description="Ecolabels (or equivalent) required or accepted."
    )


class Ethical(_Model):
    """The contract's ethical requirements (fair trade, social responsibility)."""

    fair_trade: Text | None = Field(
        default=None, description="The fair-trade requirement, in a few words."
    )
    social_responsibility: Text | None = Field(
        default=None, description="The social-responsibility (RSE) requirement, in a few words."
    )


class CharterOverride(_Model):
    """Commitments of the buyer's charter to add to, or remove from, what the rules find."""

    include: list[CommitmentNumber] = Field(
        default_factory=list, description="Commitments this contract applies whatever the rules."
    )
    exclude: list[CommitmentNumber] = Field(
        default_factory=list, description="Commitments not to claim, even when a rule matches."
    )


class Contract(_Model):
    """A contract description: one contract, one or more lots."""

    reference: Reference
    title: Text
    kind: ContractKind
    mechanism: Mechanism = Mechanism.EXECUTION_CONDITION
    location: Text | None = None
    duration_months: Months | None = None
    date: DocumentDate | None = None
    buyer: Buyer
    facilitator: Facilitator | None = None
    insertion: ContractInsertion = Field(default_factory=ContractInsertion)
    lots: list[Lot] = Field(min_length=1)
    cpv: Cpv | None = Field(default=None, description="Main CPV code, e.g. 45214200.")
    variants_allowed: bool = False
    lifecycle_cost: bool = Field(
        default=False, description="Whether offers are compared on their global (life-cycle) cost."
    )
    environmental: Environmental = Field(default_factory=Environmental)
    ethical: Ethical = Field(default_factory=Ethical)
    charter: CharterOverride = Field(default_factory=CharterOverride)
    status: ContractStatus = ContractStatus.PLANNED

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
