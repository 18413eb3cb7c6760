"""French writing of figures, dates and lists, as they appear in contract documents.

One place for the typography of every document, annex and report: thousands separated by a
no-break space (so that a figure is never split across two lines of a contract), a decimal
comma, a no-break space before ``%`` and ``€``, "1er" for the first day of a month, and
lists joined with "et", and the no-break spaces of French punctuation (:func:`typography`:
inside « » and before ; : ! ?), so that a guillemet or a colon never starts a line. Pure
functions of their arguments.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from clausegen.numbers import round_half_up

#: The no-break space used between groups of digits and before units.
NBSP = "\u00a0"

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


_AFTER_OPENING = re.compile("«[ \u00a0\u202f]*(?=[^\\s»]|$)")
_BEFORE_CLOSING = re.compile("(?:(?<=[^\\s«])|^)[ \u00a0\u202f]*»")
_BEFORE_PUNCTUATION = re.compile("[ \u00a0]+(?=[;:!?])")


def typography(text: str) -> str:
    """Put the no-break spaces of French typography into a text.

    Inside guillemets (« texte »), the space after « and before » becomes a no-break space,
    and one is added when none was written (also at the end or start of ``text``, which may
    be one run of a paragraph); a space before ``;``, ``:``, ``!`` or ``?`` becomes a
    no-break space (none is added: "10:30" and "https://" stay as they are). A narrow
    no-break space already written is kept. Line breaks are left alone.
    """
    if "«" in text or "»" in text:
        text = _AFTER_OPENING.sub(_keep_narrow("«", after=True), text)
        text = _BEFORE_CLOSING.sub(_keep_narrow("»", after=False), text)
    return _BEFORE_PUNCTUATION.sub(NBSP, text)


def _keep_narrow(mark: str, *, after: bool) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        space = "\u202f" if "\u202f" in match[0] else NBSP
        return mark + space if after else space + mark

    return replace


def number(value: Decimal | int, places: int = 0) -> str:
    """Write a number the French way: ``number(Decimal("2400000"), 2)`` is "2 400 000,00".

    The value is rounded half-up to ``places`` decimals; digits are grouped by three with
    no-break spaces.
    """
    quantum = Decimal(1).scaleb(-places)
    rounded = round_half_up(Decimal(value), quantum)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = format(abs(rounded), "f").partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + NBSP.join(groups or ["0"])
    return f"{text},{fraction}" if places > 0 else text


def plain_number(value: Decimal | int) -> str:
    """Write a number with as many decimals as it has (no trailing zeros), the French way."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number(value, places)


def hours(value: Decimal | int) -> str:
    """Write a number of hours: "1 543 heures", "1 heure", "0 heure"."""
    unit = "heure" if abs(Decimal(value)) < 2 else "heures"
    return f"{plain_number(value)}{NBSP}{unit}"


def euros(value: Decimal | int, *, excl_vat: bool = True) -> str:
    """Write an amount in euros with cents: "2 400 000,00 € HT"."""
    suffix = f"{NBSP}HT" if excl_vat else ""
    return f"{number(value, 2)}{NBSP}€{suffix}"


def percent(rate: Decimal) -> str:
    """Write a rate as a percentage: Decimal("0.05") is "5 %", Decimal("0.125") "12,5 %"."""
    return f"{plain_number(rate * 100)}{NBSP}%"


def date(value: datetime.date) -> str:
    """Write a date in full: "25 novembre 2026", "1er février 2027"."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def join(items: Iterable[str], last: str = "et") -> str:
    """Join items as in French prose: "A", "A et B", "A, B et C"."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def lot_numbers(numbers: Sequence[int]) -> str:
    """Name a set of lots, folding runs: "lot 2", "lots 1 et 3", "lots 1 à 3 et 5"."""
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    runs: list[list[int]] = []
    for value in ordered:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]} à {run[-1]}")
        else:
            parts.extend(str(value) for value in run)
    return f"{'lots' if len(ordered) > 1 else 'lot'} {join(parts)}"
