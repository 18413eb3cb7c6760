"""The kinds of field a contract description or a buyer profile is made of, and their bounds.

Every constraint lives in one reusable annotated type, so that its error message is the same
wherever it applies, and every bound is stated once, here:

* figures (amounts, hours, months, rates, costs) are read the French way or not
  (:mod:`clausegen.obligation.numbers`) and must lie in a sane range with at most six
  decimals (:class:`NumberRule`): a figure beyond it is a typing mistake, and keeps the exact
  computation away from the limits of decimal arithmetic;
* texts have a maximum length suited to what they are (a name, a title, a charter text) and
  hold no control character (tab and line breaks apart);
* the contract reference names the output files, so it must fit in a file name everywhere.

The limits are listed in the README ("Limits").
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from clausegen.obligation.characters import control_problem, excerpt, group_digits
from clausegen.obligation.numbers import NumberFormatError, parse_decimal, plain

_NUMBER_PATTERN = r"^\s*[+-]?\d[\d\s\u00a0\u202f.,]*\s*(%|€|€ ?HT|€ ?/ ?h|h|heures|mois)?\s*$"


def describe_input(value: object) -> str:
    """Show a user's value the way they wrote it, for the ``(got …)`` part of messages.

    Long texts and numbers are shortened to an excerpt (:func:`~clausegen.obligation.
    characters.excerpt`); mappings and lists are named, never listed.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return excerpt(value)
    if isinstance(value, Decimal):
        if not value.is_finite() or abs(value.adjusted()) > 30:
            return str(value)  # scientific notation: 1E+999999999 is not written out
        return plain(value)
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return f"a value of type {type(value).__name__}"


def _int_text(value: int) -> str:
    if value.bit_length() > 100:  # about 30 digits; Python refuses to write 4 300
        return "a whole number of more than 30 digits"
    return str(value)


def invalid(*, kind: str, message: str) -> PydanticCustomError:
    """Build a validation error whose message is shown to the user as is."""
    return PydanticCustomError(f"clausegen_{kind}", message)


class FigureError(ValueError):
    """Raised when a figure cannot be read or is out of its range; the message says why."""


@dataclass(frozen=True)
class NumberRule:
    """How one kind of figure is read and which values it admits.

    Attributes:
        description: the JSON Schema description.
        unit: how messages name the unit (``€ excl. VAT``), empty for rates.
        maximum: the largest value admitted.
        minimum: the smallest value admitted, when it is more than just "positive".
        percent: whether ``"5 %"`` is accepted (the value is then divided by 100).
        units: trailing unit words that may follow the number.
        allow_zero: whether 0 is admitted.
        decimals: the most decimals the value may have.
    """

    description: str
    unit: str
    maximum: Decimal
    minimum: Decimal | None = None
    percent: bool = False
    units: tuple[str, ...] = ()
    allow_zero: bool = False
    decimals: int = 6

    def read(self, raw: object) -> Decimal:
        """Read ``raw`` as a Decimal and check it; raise :class:`FigureError` with the message."""
        try:
            value = parse_decimal(raw, percent=self.percent, units=self.units)
        except NumberFormatError:
            message = (
                'must be a rate such as 0.05, "0,05" or "5 %"'
                if self.percent
                else 'must be a number such as 1200000, "1 200 000" or "1 200 000,50"'
            )
            raise FigureError(message) from None
        problem = self.problem(value)
        if problem is not None:
            raise FigureError(problem)
        return value

    def problem(self, value: Decimal) -> str | None:
        """Say why ``value`` is out of this kind of figure's range, or None when it is not."""
        if self.percent and self.maximum == 1 and (value < 0 or value > 1):
            return "must be between 0 and 1"
        if value < 0 or (value == 0 and not self.allow_zero):
            return "must be 0 or more" if self.allow_zero else "must be greater than 0"
        if (self.minimum is not None and value < self.minimum) or value > self.maximum:
            return self._range()
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimals:
            return f"must have at most {self.decimals} decimals"
        return None

    def _range(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.minimum is None:
            return f"must be at most {_figure(self.maximum)}{unit}"
        return f"must be between {_figure(self.minimum)} and {_figure(self.maximum)}{unit}"

    def validate(self, raw: object) -> Decimal:
        """Read and check ``raw`` for pydantic, with the user-facing message."""
        try:
            return self.read(raw)
        except FigureError as error:
            kind = "range" if "between" in str(error) or "most" in str(error) else "number"
            raise invalid(kind=kind, message=str(error)) from None

    def validator(self) -> BeforeValidator:
        """Return the pydantic validator that reads and checks this kind of figure."""
        return BeforeValidator(self.validate)

    def schema(self) -> WithJsonSchema:
        """Return the JSON Schema of this kind of figure: a number, or text such as "5 %"."""
        bound: dict[str, Any] = {"minimum" if self.allow_zero else "exclusiveMinimum": 0}
        if self.minimum is not None:
            bound = {"minimum": _json_number(self.minimum)}
        bound["maximum"] = _json_number(self.maximum)
        return WithJsonSchema(
            {
                "description": self.description,
                "anyOf": [
                    {"type": "number", **bound},
                    {"type": "string", "pattern": _NUMBER_PATTERN},
                ],
            }
        )


def _figure(value: Decimal) -> str:
    text = plain(value)
    whole, _, decimals = text.partition(".")
    grouped = group_digits(int(whole))
    return f"{grouped},{decimals}" if decimals else grouped


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


#: Amounts in euros excl. VAT: up to a thousand billion euros.
AMOUNT = NumberRule(
    'Amount in euros excl. VAT, e.g. 1200000 or "1 200 000,50"; at most 10^12.',
    unit="€ excl. VAT",
    maximum=Decimal(10**12),
    units=("€ HT", "€HT", "€", "EUR"),
)
#: Loaded labour costs (and penalties) per hour: from 1 to 10 000 € an hour.
HOURLY_COST = NumberRule(
    'Euros excl. VAT per hour, e.g. 35 or "35,50"; between 1 and 10000.',
    unit="€ excl. VAT per hour",
    minimum=Decimal(1),
    maximum=Decimal(10_000),
    units=("€ HT/h", "€/h", "€ / h", "€"),
)
#: A lot's labour volume: up to a billion hours.
HOURS = NumberRule(
    "A number of hours, greater than 0; at most 10^9.",
    unit="hours",
    maximum=Decimal(10**9),
    units=("heures", "h"),
)
#: Hours of one full-time equivalent a year: from 100 to the 8 784 hours of a leap year.
HOURS_PER_FTE = NumberRule(
    "Hours of one full-time equivalent a year, e.g. 1607; between 100 and 8784.",
    unit="hours (a leap year has 8 784)",
    minimum=Decimal(100),
    maximum=Decimal(8_784),
    units=("heures", "h"),
)
#: Monthly hours of staff to take over: up to ten million hours a month.
MONTHLY_HOURS = NumberRule(
    "Hours per month, 0 or more; at most 10^7.",
    unit="hours a month",
    maximum=Decimal(10**7),
    units=("h/mois", "heures", "h"),
    allow_zero=True,
)
#: Contract durations: up to fifty years.
MONTHS = NumberRule(
    "A duration in months, greater than 0; at most 600.",
    unit="months",
    maximum=Decimal(600),
    units=("mois",),
)
#: Rates and shares: more than 0, at most 1 (100 %).
RATE = NumberRule(
    'A rate between 0 (excluded) and 1, e.g. 0.05, "0,05" or "5 %".',
    unit="",
    maximum=Decimal(1),
    percent=True,
    decimals=8,
)

Amount = Annotated[Decimal, AMOUNT.validator(), AMOUNT.schema()]
HourlyCost = Annotated[Decimal, HOURLY_COST.validator(), HOURLY_COST.schema()]
Hours = Annotated[Decimal, HOURS.validator(), HOURS.schema()]
HoursPerFte = Annotated[Decimal, HOURS_PER_FTE.validator(), HOURS_PER_FTE.schema()]
MonthlyHours = Annotated[Decimal, MONTHLY_HOURS.validator(), MONTHLY_HOURS.schema()]
Months = Annotated[Decimal, MONTHS.validator(), MONTHS.schema()]
Rate = Annotated[Decimal, RATE.validator(), RATE.schema()]

#: The longest texts, by kind (characters).
SHORT_TEXT_LENGTH = 500
TEXT_LENGTH = 2_000
LONG_TEXT_LENGTH = 20_000


def check_text(raw: object, *, max_length: int) -> str:
    """Check a user's text: text indeed, not too long, no control character, not blank.

    Raises:
        PydanticCustomError: with the user-facing message.
    """
    if not isinstance(raw, str):
        raise invalid(kind="text", message="must be text; put the value in quotes")
    if len(raw) > max_length:
        raise invalid(
            kind="length", message=f"must be at most {group_digits(max_length)} characters long"
        )
    problem = control_problem(raw)
    if problem is not None:
        raise invalid(kind="character", message=problem)
    if not raw.strip():
        raise invalid(kind="text", message="must not be empty")
    return raw


def _text_validator(max_length: int) -> BeforeValidator:
    return BeforeValidator(functools.partial(check_text, max_length=max_length))


def _text_schema(max_length: int, description: str) -> WithJsonSchema:
    return WithJsonSchema(
        {"type": "string", "minLength": 1, "maxLength": max_length, "description": description}
    )


#: A name, a phone number, a place, a trade key: one line of at most 500 characters.
ShortText = Annotated[
    str,
    _text_validator(SHORT_TEXT_LENGTH),
    _text_schema(SHORT_TEXT_LENGTH, "Text, written as it must appear in the documents."),
]
#: A title, an address, a clause in a few words: at most 2 000 characters.
Text = Annotated[
    str,
    _text_validator(TEXT_LENGTH),
    _text_schema(TEXT_LENGTH, "Text, written as it must appear in the documents."),
]
#: A charter's texts and evidence sentences: at most 20 000 characters.
LongText = Annotated[
    str,
    _text_validator(LONG_TEXT_LENGTH),
    _text_schema(LONG_TEXT_LENGTH, "Text, written as it must appear in the documents."),
]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _validate_email(raw: object) -> str:
    text = check_text(raw, max_length=SHORT_TEXT_LENGTH)
    if len(text) > 254 or not _EMAIL.fullmatch(text.strip()):
        raise invalid(kind="email", message="must be an e-mail address")
    return text


Email = Annotated[
    str,
    BeforeValidator(_validate_email),
    WithJsonSchema(
        {
            "type": "string",
            "format": "email",
            "maxLength": 254,
            "description": "An e-mail address.",
        }
    ),
]

#: The most characters, and UTF-8 bytes, of a contract reference: it names the output files
#: (``<reference>-<template>.docx``), and file systems hold 255 bytes per name.
REFERENCE_LENGTH = 100
REFERENCE_BYTES = 200
#: Names that Windows reserves for devices, whatever the case and the extension.
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{device}{digit}" for device in ("COM", "LPT") for digit in "123456789¹²³"}
)


def _validate_reference(raw: object) -> str:
    text = check_text(raw, max_length=REFERENCE_LENGTH)
    if any(character in text for character in "\t\n\r"):
        raise invalid(kind="reference", message="must be one line (it names the output files)")
    problem = control_problem(text, bidi=True)
    if problem is not None:
        raise invalid(kind="character", message=problem)
    size = len(text.encode("utf-8"))
    if size > REFERENCE_BYTES:
        raise invalid(
            kind="reference",
            message=f"takes {group_digits(size)} bytes in a file name, more than the "
            f"{REFERENCE_BYTES} a name can hold with the template's (accented letters take "
            "2 bytes, other scripts and emoji 3 or 4): shorten it",
        )
    if not text.strip(". "):
        raise invalid(
            kind="reference",
            message="must not be only dots and spaces (it names the output files)",
        )
    device = text.split(".", 1)[0].rstrip(" ").upper()
    if device in _RESERVED_NAMES:
        raise invalid(
            kind="reference",
            message=f"is {device}, a name Windows reserves for a device, which no file can "
            f'have: add to it (e.g. "{device}-2026")',
        )
    return text


Reference = Annotated[
    str,
    BeforeValidator(_validate_reference),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": REFERENCE_LENGTH,
            "description": "The contract's reference, used in output file names: one line of "
            f"at most {REFERENCE_LENGTH} characters ({REFERENCE_BYTES} bytes in UTF-8), not a "
            "name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9).",
        }
    ),
]

#: The largest lot or commitment number.
NUMBER_MAXIMUM = 9_999


def _number_validator(what: str) -> BeforeValidator:
    def validate(raw: object) -> int:
        message = f"must be a whole number from 1 to {group_digits(NUMBER_MAXIMUM)}"
        if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
            raise invalid(kind=what, message=message)
        try:
            value = parse_decimal(raw)
        except NumberFormatError:
            raise invalid(kind=what, message=message) from None
        if value != value.to_integral_value() or value < 1:
            raise invalid(kind=what, message="must be a whole number from 1")
        if value > NUMBER_MAXIMUM:
            raise invalid(kind=what, message=message)
        return int(value)

    return BeforeValidator(validate)


LotNumber = Annotated[
    int,
    _number_validator("lot_number"),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 1,
            "maximum": NUMBER_MAXIMUM,
            "description": "The lot number.",
        }
    ),
]

CommitmentNumber = Annotated[
    int,
    _number_validator("lot_number"),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 1,
            "maximum": NUMBER_MAXIMUM,
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
            raise invalid(kind="date", message="is not a date of the calendar") from None
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
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw) if abs(raw) < 10**20 else ""
    else:
        text = check_text(raw, max_length=SHORT_TEXT_LENGTH)
    if not re.fullmatch(r"[0-9]{8}(-[0-9])?", text.strip()):
        raise invalid(kind="cpv", message="must be a CPV code of 8 digits, e.g. 45214200")
    return text.strip()


Cpv = Annotated[
    str,
    BeforeValidator(_validate_cpv),
    WithJsonSchema(
        {"type": "string", "pattern": "^[0-9]{8}(-[0-9])?$", "description": "A CPV code."}
    ),
]
