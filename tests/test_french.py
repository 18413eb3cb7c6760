"""French typography of figures, dates and lists."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from clausegen import french

S = "\u00a0"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1543"), 0, f"1{S}543"),
        (Decimal("2400000"), 2, f"2{S}400{S}000,00"),
        (Decimal("999"), 0, "999"),
        (Decimal("1000"), 0, f"1{S}000"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("-1234.5"), 1, f"-1{S}234,5"),
        (0, 0, "0"),
    ],
)
def test_number(value: Decimal, places: int, expected: str) -> None:
    assert french.number(value, places) == expected


def test_hours_agree_in_number() -> None:
    assert french.hours(1543) == f"1{S}543{S}heures"
    assert french.hours(1) == f"1{S}heure"
    assert french.hours(0) == f"0{S}heure"
    assert french.hours(Decimal("1.5")) == f"1,5{S}heure"


def test_euros_and_percent() -> None:
    assert french.euros(Decimal("2400000")) == f"2{S}400{S}000,00{S}€{S}HT"
    assert french.euros(Decimal("35"), excl_vat=False) == f"35,00{S}€"
    assert french.percent(Decimal("0.05")) == f"5{S}%"
    assert french.percent(Decimal("0.125")) == f"12,5{S}%"


def test_dates() -> None:
    assert french.date(datetime.date(2026, 11, 25)) == "25 novembre 2026"
    assert french.date(datetime.date(2027, 2, 1)) == "1er février 2027"
    assert french.date(datetime.date(2027, 8, 15)) == "15 août 2027"


def test_join() -> None:
    assert french.join([]) == ""
    assert french.join(["A"]) == "A"
    assert french.join(["A", "B"]) == "A et B"
    assert french.join(["A", "B", "C"]) == "A, B et C"
    assert french.join(["A", "B"], last="ou") == "A ou B"


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ([2], "lot 2"),
        ([1, 3], "lots 1 et 3"),
        ([1, 2], "lots 1 et 2"),
        ([3, 1, 2], "lots 1 à 3"),
        ([1, 2, 3, 5], "lots 1 à 3 et 5"),
        ([1, 2, 3, 5, 6, 7, 9], "lots 1 à 3, 5 à 7 et 9"),
        ([], ""),
    ],
)
def test_lot_numbers(numbers: list[int], expected: str) -> None:
    assert french.lot_numbers(numbers) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("« texte »", "«\u00a0texte\u00a0»"),
        ("«texte»", "«\u00a0texte\u00a0»"),
        ("«  a  »", "«\u00a0a\u00a0»"),
        ("«\u202fa\u202f»", "«\u202fa\u202f»"),
        ("Note : voir ; ici ! non ?", "Note\u00a0: voir\u00a0; ici\u00a0! non\u00a0?"),
        ("10:30 https://exemple.fr a:b", "10:30 https://exemple.fr a:b"),
        ("«\nligne\n»", "«\nligne\n»"),
        ("fin « ", "fin «\u00a0"),
        (" » suite", "\u00a0» suite"),
        ("&amp; &#95;", "&amp; &#95;"),
    ],
)
def test_typography(text: str, expected: str) -> None:
    assert french.typography(text) == expected
