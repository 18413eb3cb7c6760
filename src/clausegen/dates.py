"""Dates as French offices write them: one parser for every date clausegen reads.

A buyer types ``31/12/2025``, a spreadsheet exports ``31/12/25`` or ``31.12.2025``, a program
writes ``2025-12-31``: all four name the same day, in a description, a realised-hours file,
an open-data record or on the command line. A two-digit year is in the 2000s (``31/12/25``
is 2025): clausegen's contracts are not older than that.
"""

from __future__ import annotations

import datetime
import functools
import re

from clausegen.i18n import N_, _

#: How the accepted forms are named in messages.
DATE_FORMS = N_("DD/MM/YYYY, DD/MM/YY, DD.MM.YYYY or YYYY-MM-DD")

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})|(\d{1,2})\.(\d{1,2})\.(\d{4})")


class DateFormatError(ValueError):
    """Raised when a text is not a date; ``args[0]`` says why, for a message."""


# NOTE: a realised-hours file repeats the same few dates on every line; dates are immutable.
@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> datetime.date:
    """Read a date written ``DD/MM/YYYY``, ``DD/MM/YY``, ``DD.MM.YYYY`` or ``YYYY-MM-DD``.

    Spaces around the date are ignored.

    Raises:
        DateFormatError: "not a date of the calendar" for 31/02/2025, else a message naming
            the accepted forms.
    """
    stripped = text.strip()
    if match := _ISO.fullmatch(stripped):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DAY_FIRST.fullmatch(stripped):
        day_text, month_text, year_text = [part for part in match.groups() if part]
        day, month = int(day_text), int(month_text)
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    else:
        message = _("must be a date written {forms}").format(forms=_(DATE_FORMS))
        raise DateFormatError(message)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        message = _("is not a date of the calendar")
        raise DateFormatError(message) from None


def is_date_text(text: str) -> bool:
    """Whether ``text`` has the shape of a date (it may still not be a day of the calendar)."""
    stripped = text.strip()
    return bool(_ISO.fullmatch(stripped) or _DAY_FIRST.fullmatch(stripped))
