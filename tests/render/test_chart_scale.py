"""The Word report's chart stays readable and bounded whatever the size of the portfolio."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

from PIL import Image

from clausegen.compute.figures import ContractFigures
from clausegen.compute.report import portfolio_report
from clausegen.render.chart import CHART_OPERATIONS, chart_bars, obligation_chart
from tests.portfolio_builders import portfolio


def _many(tmp_path: Path, count: int) -> list[ContractFigures]:
    folder = portfolio(tmp_path)
    (first, *_) = portfolio_report(
        [folder / "contracts"], realised=[folder / "realised.csv"]
    ).contracts
    return [
        dataclasses.replace(
            first,
            reference=f"R-{number:03d}",
            obligation_hours=100 * (number + 1),
            completion_rate=Decimal("0.5") if first.completion_rate is not None else None,
        )
        for number in range(count)
    ]


def test_a_small_portfolio_has_a_pair_of_bars_per_operation_in_its_order(
    tmp_path: Path,
) -> None:
    contracts = _many(tmp_path, CHART_OPERATIONS + 1)
    assert [bar.label for bar in chart_bars(contracts)] == [c.reference for c in contracts]


def test_a_large_portfolio_shows_the_largest_operations_and_adds_up_the_others(
    tmp_path: Path,
) -> None:
    contracts = _many(tmp_path, 500)
    bars = chart_bars(contracts)
    assert len(bars) == CHART_OPERATIONS + 1
    assert [bar.label for bar in bars[:3]] == ["R-499", "R-498", "R-497"]
    assert bars[-1].label == "Autres (480 opérations)"
    assert bars[-1].obligation == sum(100 * (n + 1) for n in range(480))
    realised = contracts[0].realised
    assert realised is not None
    assert bars[-1].realised == 480 * float(realised.hours)


def test_the_image_of_a_large_portfolio_is_no_larger_than_that_of_a_small_one(
    tmp_path: Path,
) -> None:
    small = Image.open(io.BytesIO(obligation_chart(_many(tmp_path, 21), with_realised=True)))
    large = obligation_chart(_many(tmp_path / "large", 2000), with_realised=True)
    assert Image.open(io.BytesIO(large)).size == small.size
