"""How a user's value is shown in a message: the way they wrote it, never flooding a terminal.

Every ``(got …)`` of a message comes from :func:`describe_input`; a file that is not what it
should be is described by :func:`describe_shape`, which never quotes its content.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from clausegen.characters import excerpt, group_digits
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


def describe_shape(value: object) -> str:
    """Say what a value is without quoting it (for a file that is not what it should be)."""
    if isinstance(value, str):
        count = len(value)
        return f"a text of {group_digits(count)} character{'s' if count != 1 else ''}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return describe_input(value) if value is None else "a value"
