"""How a user's value is shown in a message: the way they wrote it, never flooding a terminal.

Every ``(got …)`` of a message comes from :func:`describe_input`; a file that is not what it
should be is described by :func:`describe_shape`, which never quotes its content.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from clausegen.characters import excerpt, group_digits
from clausegen.i18n import _, ngettext
from clausegen.numbers import plain


def describe_input(value: object) -> str:
    """Show a user's value the way they wrote it, for the ``(got …)`` part of messages.

    Long texts and numbers are shortened to an excerpt (:func:`~clausegen.characters.excerpt`);
    mappings and lists are named, never listed.
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
        return _("a mapping")
    if isinstance(value, list | tuple):
        return _("a list")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return _("a value of type {type}").format(type=type(value).__name__)


def _int_text(value: int) -> str:
    if value.bit_length() > 100:  # about 30 digits; Python refuses to write 4 300
        return _("a whole number of more than 30 digits")
    return str(value)


def describe_shape(value: object) -> str:
    """Say what a value is without quoting it (for a file that is not what it should be)."""
    if isinstance(value, str):
        count = len(value)
        return ngettext(
            "a text of {count} character", "a text of {count} characters", count
        ).format(count=group_digits(count))
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int | float):
        return _("a number")
    return describe_input(value) if value is None else _("a value")


#: The most cells of a header line quoted in a message, and the most characters in all.
HEADER_CELLS = 8
_HEADER_CHARACTERS = 300


def describe_header(cells: list[str], *, known: int) -> str:
    """Show the header line of a data file in a message: a few of its cells, escaped.

    Args:
        cells: the header line's cells.
        known: how many of them are columns the file should have; with none, the line may
            be any file's first line (``/etc/shadow``'s): only its number of cells is given.
    """
    count = len(cells)
    if not known:
        return ngettext(
            "{count} cell, none of them a known column",
            "{count} cells, none of them a known column",
            count,
        ).format(count=group_digits(count))
    shown: list[str] = []
    size = 0
    for cell in cells[:HEADER_CELLS]:
        quoted = excerpt(cell.strip(), limit=30)
        if size + len(quoted) > _HEADER_CHARACTERS:
            break
        shown.append(quoted)
        size += len(quoted) + 2
    rest = count - len(shown)
    more = _(" and {count} more").format(count=group_digits(rest)) if rest else ""
    return ", ".join(shown) + more
