"""Figures written for a person, in the language of messages.

What the commands print for people to read (the tables and calculations of ``hours``,
``rates`` and ``report``, the verdicts of ``validate``, the warnings) writes its figures
with :func:`figure`: under English as clausegen always did (``17142.86``, ``0.5``: no
grouping, a decimal point), under French as the documents write them
(:mod:`clausegen.french`: ``17 142,86``, ``0,5``, groups of three digits separated by a
no-break space, a decimal comma). The choice is made here and nowhere else.

Machine formats (JSON numbers and exact strings, CSV, XLSX, DECP, eForms) never come here:
they keep the decimal point whatever the language. Years, dates, references and the
identifiers users write (``works``, ``maconnerie``) are not figures and stay as they are; a
date of a report's situation is written by :func:`day` (``2026-06-30``, ``30 juin 2026``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from clausegen import french
from clausegen.i18n import language
from clausegen.numbers import plain, round_half_up

__all__ = ["day", "figure"]


def figure(value: Decimal | int, places: int | None = None) -> str:
    """Write a figure for a person, in the language of messages.

    Args:
        value: the figure.
        places: ``None`` writes every decimal the value has and no trailing zero
            (``0.05``, ``1200000``); a number rounds half-up to that many decimals and keeps
            them (``0.5``, ``2.000`` with 1 and 3).

    Returns:
        ``17142.86`` under English, ``17 142,86`` (no-break spaces) under French.
    """
    number = Decimal(value)
    if language() == "fr":
        return french.plain_number(number) if places is None else french.number(number, places)
    if places is None:
        return plain(number)
    return format(round_half_up(number, Decimal(1).scaleb(-places)), "f")


def day(value: datetime.date) -> str:
    """Write a date for a person: ``2026-06-30`` under English, ``30 juin 2026`` under French."""
    return french.date(value) if language() == "fr" else value.isoformat()
