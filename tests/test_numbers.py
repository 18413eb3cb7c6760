"""Reading numbers as buyers write them, and the one rounding rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clausegen.numbers import NumberFormatError, parse_decimal, plain, round_half_up


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1200000, Decimal("1200000")),
        (0.05, Decimal("0.05")),
        (0.1, Decimal("0.1")),
        ("1200000", Decimal("1200000")),
        ("1 200 000", Decimal("1200000")),
        ("1\u00a0200\u00a0000", Decimal("1200000")),
        ("1\u202f200\u202f000,50", Decimal("1200000.50")),
        ("1 200 000,50", Decimal("1200000.50")),
        ("1200000.50", Decimal("1200000.50")),
        ("0,05", Decimal("0.05")),
        (" 35 ", Decimal("35")),
        (Decimal("2.5"), Decimal("2.5")),
    ],
)
def test_numbers_are_read_exactly(raw: object, expected: Decimal) -> None:
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("5 %", Decimal("0.05")), ("5%", Decimal("0.05")), ("12,5 %", Decimal("0.125"))],
)
def test_percentages_are_divided_by_a_hundred(raw: str, expected: Decimal) -> None:
    assert parse_decimal(raw, percent=True) == expected


def test_units_may_follow_the_number() -> None:
    assert parse_decimal("1 200 000 €", units=("€",)) == Decimal("1200000")
    assert parse_decimal("35 €/h", units=("€/h", "€")) == Decimal("35")


@pytest.mark.parametrize(
    "raw",
    [True, False, None, "abc", "1,200,000", "1.200.000", "12 00", "5 %", "", float("nan"), [1]],
)
def test_what_is_not_a_number_is_refused(raw: object) -> None:
    with pytest.raises(NumberFormatError):
        parse_decimal(raw)


def test_round_half_up_is_not_bankers_rounding() -> None:
    assert round_half_up(Decimal("12.5")) == 13
    assert round_half_up(Decimal("13.5")) == 14
    assert round_half_up(Decimal("0.5")) == 1
    assert round_half_up(Decimal("833.33")) == 833
    assert round_half_up(Decimal("0.05"), Decimal("0.1")) == Decimal("0.1")


def test_plain_has_no_exponent_and_no_trailing_zeros() -> None:
    assert plain(Decimal("1E+6")) == "1000000"
    assert plain(Decimal("0.0500")) == "0.05"
    assert plain(Decimal("35.0")) == "35"
    assert plain(Decimal("0")) == "0"
