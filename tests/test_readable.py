"""A figure for people, written in the language of messages (clausegen.readable)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from clausegen.i18n import Language, speaking
from clausegen.limits import describe_size
from clausegen.readable import day, figure

N = "\u00a0"


@pytest.mark.parametrize(
    ("value", "places", "english", "french"),
    [
        (Decimal("17142.86"), None, "17142.86", f"17{N}142,86"),
        (Decimal("1200000"), None, "1200000", f"1{N}200{N}000"),
        (Decimal("0.050"), None, "0.05", "0,05"),
        (1947, None, "1947", f"1{N}947"),
        (857, None, "857", "857"),
        (0, None, "0", "0"),
        (-1234, None, "-1234", f"-1{N}234"),
        (Decimal("0.5"), 1, "0.5", "0,5"),
        (Decimal(2), 1, "2.0", "2,0"),
        (Decimal("0.25"), 1, "0.3", "0,3"),
        (Decimal("36645"), 2, "36645.00", f"36{N}645,00"),
        (Decimal("1.4"), 3, "1.400", "1,400"),
    ],
)
def test_a_figure_in_each_language(
    value: Decimal | int, places: int | None, english: str, french: str
) -> None:
    expected: dict[Language, str] = {"en": english, "fr": french}
    for language, text in expected.items():
        with speaking(language):
            assert figure(value, places) == text


def test_the_environment_chooses_when_nothing_is_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGEN_LANG", "fr")
    assert figure(Decimal("1680.5")) == f"1{N}680,5"
    monkeypatch.setenv("CLAUSEGEN_LANG", "en")
    assert figure(Decimal("1680.5")) == "1680.5"


@pytest.mark.parametrize(
    ("size", "english", "french"),
    [
        (512, "512 bytes", "512 octets"),
        (1536, "1.5 KB", "1,5 Ko"),
        (10 * 1024 * 1024, "10 MB", "10 Mo"),
        (int(47.7 * 1024 * 1024), "47.7 MB", "47,7 Mo"),
        (8192 * 1024 * 1024, "8192 MB", f"8{N}192 Mo"),
    ],
)
def test_a_size_in_each_language(size: int, english: str, french: str) -> None:
    with speaking("en"):
        assert describe_size(size) == english
    with speaking("fr"):
        assert describe_size(size) == french


def test_a_day_in_each_language() -> None:
    with speaking("en"):
        assert day(datetime.date(2026, 7, 1)) == "2026-07-01"
    with speaking("fr"):
        assert day(datetime.date(2026, 7, 1)) == "1er juillet 2026"
        assert day(datetime.date(2026, 6, 30)) == "30 juin 2026"
