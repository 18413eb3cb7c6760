"""The kinds of field a contract description or a buyer profile is made of, and their bounds.

Every constraint lives in one reusable annotated type, so that its error message is the same
wherever it applies, and every bound is stated once:

* figures (amounts, hours, months, rates, costs) are in :mod:`clausegen.validate.figures`;
* texts have a maximum length suited to what they are (a name, a title, a charter text) and
  hold no control character (tab and line breaks apart);
* the contract reference names the output files, so it must fit in a file name everywhere.

The limits are listed in the README ("Limits").
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from clausegen.characters import control_problem, group_digits
from clausegen.dates import DateFormatError, is_date_text, parse_date
from clausegen.i18n import _
from clausegen.numbers import NumberFormatError, parse_decimal


def invalid(*, kind: str, message: str) -> PydanticCustomError:
    """Build a validation error whose message is shown to the user as is."""
    return PydanticCustomError(f"clausegen_{kind}", message)


#: The longest texts, by kind (characters).
SHORT_TEXT_LENGTH = 500
TEXT_LENGTH = 2_000
LONG_TEXT_LENGTH = 20_000


def check_text(raw: object, *, max_length: int) -> str:
    r"""Check a user's text: text indeed, not too long, no control character, not blank.

    Nor a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): a
    right-to-left override would make a title read in the documents and the command's
    output in another order than it is written.

    Line breaks written ``\r\n`` or ``\r`` (escapes in JSON or a quoted YAML text, or a
    mapping from a program) become ``\n``, as YAML makes the line breaks it reads: once
    checked, a text holds nothing a document could not print as written.

    Raises:
        PydanticCustomError: with the user-facing message.
    """
    if not isinstance(raw, str):
        raise invalid(kind="text", message=_("must be text; put the value in quotes"))
    if len(raw) > max_length:
        raise invalid(
            kind="length",
            message=_("must be at most {count} characters long").format(
                count=group_digits(max_length)
            ),
        )
    problem = control_problem(raw, reordering=True)
    if problem is not None:
        raise invalid(kind="character", message=problem)
    if not raw.strip():
        raise invalid(kind="text", message=_("must not be empty"))
    return raw.replace("\r\n", "\n").replace("\r", "\n")


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
        raise invalid(kind="email", message=_("must be an e-mail address"))
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


#: What breaks a line for Unicode and YAML: a reference holds none of them.
_LINE_BREAKS = "\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
#: Characters that show nothing although their category says otherwise (fillers, blanks).
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _invisible(character: str) -> bool:
    """Whether a character shows nothing: a space, a format or control character, a mark."""
    category = unicodedata.category(character)
    return (
        character.isspace()
        or character in _BLANKS
        or category[0] in "CZ"
        or category in ("Mn", "Me")
    )


def _validate_reference(raw: object) -> str:
    text = check_text(raw, max_length=REFERENCE_LENGTH)
    if any(character in text for character in _LINE_BREAKS):
        raise invalid(kind="reference", message=_("must be one line (it names the output files)"))
    if all(_invisible(character) for character in text):
        raise invalid(
            kind="reference",
            message=_(
                "has nothing visible, only spaces or invisible characters (it names the "
                "output files)"
            ),
        )
    problem = control_problem(text, bidi=True)
    if problem is not None:
        raise invalid(kind="character", message=problem)
    size = len(text.encode("utf-8"))
    if size > REFERENCE_BYTES:
        raise invalid(
            kind="reference",
            message=_(
                "takes {size} bytes in a file name, more than the {limit} a name can hold with "
                "the template's (accented letters take 2 bytes, other scripts and emoji 3 or 4): "
                "shorten it"
            ).format(size=group_digits(size), limit=REFERENCE_BYTES),
        )
    if not text.strip(". "):
        raise invalid(
            kind="reference",
            message=_("must not be only dots and spaces (it names the output files)"),
        )
    device = text.split(".", 1)[0].rstrip(" ").upper()
    if device in _RESERVED_NAMES:
        raise invalid(
            kind="reference",
            message=_(
                "is {device}, a name Windows reserves for a device, which no file can have: add "
                'to it (e.g. "{device}-2026")'
            ).format(device=device),
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
        message = _("must be a whole number from 1 to {maximum}").format(
            maximum=group_digits(NUMBER_MAXIMUM)
        )
        if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
            raise invalid(kind=what, message=message)
        try:
            value = parse_decimal(raw)
        except NumberFormatError:
            raise invalid(kind=what, message=message) from None
        if value != value.to_integral_value() or value < 1:
            raise invalid(kind=what, message=_("must be a whole number from 1"))
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


def _bounded_validator(what: str, lowest: int, highest: int) -> BeforeValidator:
    def validate(raw: object) -> int:
        message = _("must be a whole number from {lowest} to {highest}").format(
            lowest=lowest, highest=highest
        )
        if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
            raise invalid(kind=what, message=message)
        try:
            value = parse_decimal(raw, units=("mois",))
        except NumberFormatError:
            raise invalid(kind=what, message=message) from None
        if value != value.to_integral_value() or not lowest <= value <= highest:
            raise invalid(kind=what, message=message)
        return int(value)

    return BeforeValidator(validate)


#: How many times a contract may be renewed, and how long each renewal may last.
RENEWALS_MAXIMUM = 10
RENEWAL_MONTHS_MAXIMUM = 60

RenewalCount = Annotated[
    int,
    _bounded_validator("renewal_count", 1, RENEWALS_MAXIMUM),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 1,
            "maximum": RENEWALS_MAXIMUM,
            "description": "How many times the contract may be renewed.",
        }
    ),
]

RenewalsExercised = Annotated[
    int,
    _bounded_validator("renewals_exercised", 0, RENEWALS_MAXIMUM),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 0,
            "maximum": RENEWALS_MAXIMUM,
            "description": "Follow-up: how many renewals the buyer decided so far.",
        }
    ),
]

RenewalMonths = Annotated[
    int,
    _bounded_validator("renewal_months", 1, RENEWAL_MONTHS_MAXIMUM),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 1,
            "maximum": RENEWAL_MONTHS_MAXIMUM,
            "description": "The length of each renewal period, in months.",
        }
    ),
]


def _read_french_date(raw: object) -> object:
    """Accept 25/11/2026, 25/11/26 and 25.11.2026 as well as 2026-11-25 (:mod:`dates`).

    Anything else (a YAML date, a number…) is left to pydantic.
    """
    if isinstance(raw, str) and is_date_text(raw):
        try:
            return parse_date(raw)
        except DateFormatError as error:
            raise invalid(kind="date", message=str(error)) from None
    return raw


DocumentDate = Annotated[
    datetime.date,
    BeforeValidator(_read_french_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
            "|[0-9]{1,2}/[0-9]{1,2}/([0-9]{4}|[0-9]{2})|[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4})$",
            "description": "Date printed on the documents: 25/11/2026, 25/11/26, 25.11.2026 "
            "or 2026-11-25.",
        }
    ),
]


def _validate_cpv(raw: object) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw) if abs(raw) < 10**20 else ""
    else:
        text = check_text(raw, max_length=SHORT_TEXT_LENGTH)
    if not re.fullmatch(r"[0-9]{8}(-[0-9])?", text.strip()):
        raise invalid(kind="cpv", message=_("must be a CPV code of 8 digits, e.g. 45214200"))
    return text.strip()


Cpv = Annotated[
    str,
    BeforeValidator(_validate_cpv),
    WithJsonSchema(
        {"type": "string", "pattern": "^[0-9]{8}(-[0-9])?$", "description": "A CPV code."}
    ),
]
