"""The periods already counted for one person, for the duplicate check of realised hours.

A realised-hours line is not counted when its period overlaps a line already counted for the
same person, contract, lot and modality; the message names the first such line in reading
order. Comparing each line with every earlier one of the same person made a file of 40 000
lines for one person take minutes (issue 10). :class:`CountedPeriods` answers the same
question in logarithmic time, whatever the periods: the counted periods of one person never
overlap (an overlapping one is not counted), so each day belongs to at most one of them, and
a segment tree over day numbers gives, for any range of days, the earliest counted line that
covers one of them.
"""

from __future__ import annotations

import datetime

from clausegen.validate.lines import RealisedLine

#: Leaves of the day tree: more than ``datetime.date.max.toordinal()`` (3 652 059).
_DAYS = 1 << 22
#: Up to this many counted lines, a plain scan is faster than the tree (and uses no memory).
_SCANNED = 16
_NONE = _DAYS * 4  # larger than any position


class _DayTree:
    """The earliest position covering any day of a range, over disjoint ranges of days.

    A segment tree over day numbers, stored sparsely: ``_tag[node]`` is the position of the
    period that covers the whole of the node's days (set on the nodes that decompose that
    period), ``_below[node]`` the smallest position tagged on the node or under it. Positions
    only grow (they are the order in which lines are counted), which the updates rely on.
    """

    def __init__(self) -> None:
        self._tag: dict[int, int] = {}
        self._below: dict[int, int] = {}

    def add(self, first: int, last: int, position: int) -> None:
        """Record that days ``first`` to ``last`` (inclusive) belong to ``position``."""
        low, high = first + _DAYS, last + 1 + _DAYS
        while low < high:
            if low & 1:
                self._mark(low, position)
                low += 1
            if high & 1:
                high -= 1
                self._mark(high, position)
            low >>= 1
            high >>= 1

    def _mark(self, node: int, position: int) -> None:
        self._tag[node] = position
        # NOTE: a node in _below has all its ancestors there, with a smaller position (the
        # positions only grow): the walk up stops at the first one.
        while node and node not in self._below:
            self._below[node] = position
            node >>= 1

    def first(self, first: int, last: int) -> int | None:
        """Return the smallest position covering a day from ``first`` to ``last``, if any."""
        low, high = first + _DAYS, last + 1 + _DAYS
        best = _NONE
        for node in (low, high - 1):
            while node:
                best = min(best, self._tag.get(node, _NONE))
                node >>= 1
        while low < high:
            if low & 1:
                best = min(best, self._below.get(low, _NONE))
                low += 1
            if high & 1:
                high -= 1
                best = min(best, self._below.get(high, _NONE))
            low >>= 1
            high >>= 1
        return None if best == _NONE else best


class CountedPeriods:
    """The lines counted for one person, contract, lot and modality, in reading order."""

    def __init__(self) -> None:
        self._lines: list[RealisedLine] = []
        self._tree: _DayTree | None = None

    def __len__(self) -> int:
        return len(self._lines)

    def add(self, line: RealisedLine) -> None:
        """Count ``line``, whose period overlaps none of the lines counted before."""
        self._lines.append(line)
        if self._tree is not None:
            self._tree.add(*_days(line.period_start, line.period_end), len(self._lines) - 1)
        elif len(self._lines) > _SCANNED:
            self._tree = _DayTree()
            for position, counted in enumerate(self._lines):
                self._tree.add(*_days(counted.period_start, counted.period_end), position)

    def first_overlap(self, start: datetime.date, end: datetime.date) -> RealisedLine | None:
        """Return the first counted line whose period shares a day with ``start``–``end``."""
        if self._tree is None:
            for counted in self._lines:
                if start <= counted.period_end and end >= counted.period_start:
                    return counted
            return None
        position = self._tree.first(*_days(start, end))
        return None if position is None else self._lines[position]


def _days(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    return start.toordinal(), max(start, end).toordinal()
