"""The counted periods of one person: the same line found as by comparing with every one."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

from clausegen.validate.lines import RealisedLine
from clausegen.validate.periods import CountedPeriods
from clausegen.validate.terms import EligibilityCategory, Modality


def realised(number: int, start: datetime.date, end: datetime.date) -> RealisedLine:
    return RealisedLine(
        source="realised.csv",
        line=number,
        contract="X-1",
        lot=1,
        person="P1",
        category=EligibilityCategory.RSA_RECIPIENT,
        modality=Modality.DIRECT_HIRING,
        contract_type="CDI",
        period_start=start,
        period_end=end,
        hours=Decimal(7),
    )


def first_by_scan(
    counted: list[RealisedLine], start: datetime.date, end: datetime.date
) -> RealisedLine | None:
    """What the check did before: the first counted line, in order, that overlaps."""
    for earlier in counted:
        if not (start > earlier.period_end or end < earlier.period_start):
            return earlier
    return None


@pytest.mark.parametrize("seed", range(12))
def test_the_first_overlapping_line_is_the_one_a_scan_finds(seed: int) -> None:
    chance = random.Random(seed)  # noqa: S311 - test data, not secrets
    origin = chance.choice([1, 739_000, 3_615_000])  # 1 January of the years 1, 2025 and 9900
    spread, longest = chance.choice([(200, 3), (2_000, 30), (30_000, 400)])
    periods = CountedPeriods()
    counted: list[RealisedLine] = []
    for number in range(2, 600):
        first = origin + chance.randrange(spread)
        start = datetime.date.fromordinal(first)
        end = datetime.date.fromordinal(first + chance.randint(0, longest))
        expected = first_by_scan(counted, start, end)
        assert periods.first_overlap(start, end) is expected
        if expected is None:
            line = realised(number, start, end)
            periods.add(line)
            counted.append(line)
    assert len(periods) == len(counted) > 16  # past the plain scan, into the tree


def test_the_first_and_last_days_of_the_calendar() -> None:
    periods = CountedPeriods()
    lines = [
        realised(2, datetime.date.min, datetime.date.min),
        realised(3, datetime.date.max, datetime.date.max),
    ]
    for n in range(40):
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=n)
        lines.append(realised(4 + n, day, day))
    for line in lines:
        assert periods.first_overlap(line.period_start, line.period_end) is None
        periods.add(line)
    assert periods.first_overlap(datetime.date.min, datetime.date.max) is lines[0]
    assert periods.first_overlap(datetime.date.max, datetime.date.max) is lines[1]
    assert periods.first_overlap(datetime.date(2027, 1, 1), datetime.date(2027, 1, 1)) is None
