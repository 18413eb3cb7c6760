"""The one date parser: the forms French offices write, and what it refuses."""

from __future__ import annotations

import datetime

import pytest

from clausegen.dates import DateFormatError, parse_date


@pytest.mark.parametrize(
    "text", ["31/12/2025", "31/12/25", "31.12.2025", "2025-12-31", " 31/12/2025 ", "2025-12-31"]
)
def test_the_forms_of_one_day(text: str) -> None:
    assert parse_date(text) == datetime.date(2025, 12, 31)


def test_short_days_and_months() -> None:
    assert parse_date("1/4/24") == datetime.date(2024, 4, 1)
    assert parse_date("01.04.2024") == datetime.date(2024, 4, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2025", "is not a date of the calendar"),
        ("2025-13-01", "is not a date of the calendar"),
        ("31.12.25", "must be a date written DD/MM/YYYY, DD/MM/YY, DD.MM.YYYY or YYYY-MM-DD"),
        ("31/12/2025/1", "must be a date written DD/MM/YYYY, DD/MM/YY, DD.MM.YYYY or YYYY-MM-DD"),
        ("31-12-2025", "must be a date written DD/MM/YYYY, DD/MM/YY, DD.MM.YYYY or YYYY-MM-DD"),
        ("", "must be a date written DD/MM/YYYY, DD/MM/YY, DD.MM.YYYY or YYYY-MM-DD"),
    ],
)
def test_what_is_not_a_date(text: str, message: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_date(text)
    assert str(caught.value) == message
