"""Numbers as buyers write them, exact decimals, and the one rounding rule.

Buyers type figures the French way ("1 200 000,50", "5 %", "0,05") as often as the
programmer's way (1200000.5, 0.05). Everything here turns either into an exact
:class:`~decimal.Decimal`; binary floats never take part in a computation (a YAML float is
converted through its shortest decimal representation, which is what the user wrote).
"""

from __future__ import annotations

import functools
import math
import re
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

from clausegen.i18n import N_, _

#: Contractual figures are whole hours, rounded half-up (domain.md A1).
WHOLE_HOUR = Decimal(1)
#: Full-time equivalents are shown with one decimal.
ONE_TENTH = Decimal("0.1")
#: Figures shown in tables and JSON numbers carry two decimals at most.
ONE_HUNDREDTH = Decimal("0.01")

#: The decimal context of every computation: Python's default precision (28 digits), so
#: that figures do not depend on the caller's context, and exponents wide enough that no
#: figure within the bounds of :mod:`clausegen.validate.fields` can overflow or make a
#: rounding fail.
DECIMAL_CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=MIN_EMIN,
    Emax=MAX_EMAX,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

# Spaces used as thousands separators: space, no-break space, narrow no-break space, thin space.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_PLAIN = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_NOT_A_NUMBER = N_("not a number")
_NOT_FINITE = N_("not a finite number")
_BOOLEAN = N_("true/false is not a number")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[" + _GROUP_SPACES + r"]\d{3})+(?:[.,]\d+)?")


#: Rounding keeps every digit of the integral part, however large a figure is.
_ROUNDING_CONTEXT = DECIMAL_CONTEXT.copy()
_ROUNDING_CONTEXT.prec = 200


class NumberFormatError(ValueError):
    """Raised when a value is not a number that clausegen can read exactly."""


def round_half_up(value: Decimal, quantum: Decimal = WHOLE_HOUR) -> Decimal:
    """Round ``value`` half-up to ``quantum`` (0.5 h becomes 1 h, never 0 h).

    This is the only rounding rule of clausegen: contractual hours, FTE and displayed
    figures all go through it, so that documents and JSON always agree.
    """
    return value.quantize(quantum, rounding=ROUND_HALF_UP, context=_ROUNDING_CONTEXT)


def parse_decimal(raw: object, *, percent: bool = False, units: tuple[str, ...] = ()) -> Decimal:
    """Read a number written as a number or as text, the French way or not.

    Args:
        raw: an int, a float (read through its shortest representation), a Decimal or a
            string such as ``"1 200 000"``, ``"1 200 000,50"``, ``"0,05"`` or ``"5 %"``.
        percent: whether a trailing ``%`` is allowed (the value is then divided by 100).
        units: trailing unit words that may follow the number, e.g. ``("€", "€ HT")``.

    Returns:
        The exact value.

    Raises:
        NumberFormatError: for booleans, non-finite values, and text that is not a number
            (``"1,200,000"`` is refused: a comma is a decimal separator).
    """
    if isinstance(raw, bool):
        raise NumberFormatError(_(_BOOLEAN))
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise NumberFormatError(_(_NOT_FINITE))
        # NOTE: repr() gives the shortest text that reads back as the same float, i.e.
        # what the user typed in YAML (0.05 -> "0.05"), not the binary approximation.
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NumberFormatError(_(_NOT_FINITE))
        return raw
    if not isinstance(raw, str):
        raise NumberFormatError(_(_NOT_A_NUMBER))
    return _parse_text(raw, percent=percent, units=units)


# NOTE: a file of many lines repeats the same few numbers; Decimals are immutable.
@functools.lru_cache(maxsize=4096)
def _parse_text(raw: str, *, percent: bool, units: tuple[str, ...]) -> Decimal:
    text = raw.strip(_GROUP_SPACES + "\t")
    divide_by_hundred = False
    if percent and text.endswith("%"):
        text = text[:-1].rstrip(_GROUP_SPACES)
        divide_by_hundred = True
    else:
        for unit in sorted(units, key=len, reverse=True):
            if text.endswith(unit):
                text = text[: -len(unit)].rstrip(_GROUP_SPACES)
                break
    if not (_PLAIN.fullmatch(text) or _GROUPED.fullmatch(text)):
        raise NumberFormatError(_(_NOT_A_NUMBER))
    for space in _GROUP_SPACES:
        text = text.replace(space, "")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the regexes admit only digits
        raise NumberFormatError(_(_NOT_A_NUMBER)) from error
    return DECIMAL_CONTEXT.divide(value, 100) if divide_by_hundred else value


def plain(value: Decimal) -> str:
    """Write a Decimal without exponent and without trailing zeros (``"0.05"``, ``"1200000"``).

    Used for exact values in the calculation trace, where a reader must see the number
    that was used, not a rounded or scientific form.
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"
