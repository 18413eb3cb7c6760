"""The example portfolio reads like the brochure's key-figures panel."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from clausegen.compute.figures import PortfolioReport
from clausegen.compute.report import portfolio_report
from tests.helpers import EXAMPLES

PORTFOLIO = EXAMPLES / "portfolio"


@pytest.fixture(scope="module")
def report() -> PortfolioReport:
    return portfolio_report([PORTFOLIO], realised=[PORTFOLIO / "realised"])


def test_the_key_figures_read_like_the_brochure(report: PortfolioReport) -> None:
    # "Plus de 15 opérations, près d'une centaine d'entreprises potentiellement concernées,
    # 74 000 heures d'insertion générées, soit 44 équivalents temps plein"
    total = report.total
    assert (total.operations, total.lots, total.companies) == (16, 59, 95)
    assert total.obligation_hours == 73983
    assert total.fte == Decimal("44.0")
    assert report.conventions == (Decimal(1680),)


def test_every_kind_and_mechanism_is_there(report: PortfolioReport) -> None:
    assert [group.name for group in report.by_kind] == [
        "works",
        "services",
        "intellectual_services",
        "supplies",
    ]
    assert [group.name for group in report.by_mechanism] == [
        "execution_condition",
        "award_criterion",
        "reserved_siae",
        "reserved_ea_esat",
        "insertion_service",
    ]
    assert {contract.status.value for contract in report.contracts} == {
        "planned",
        "running",
        "finished",
    }


def test_the_realised_hours_are_all_counted(report: PortfolioReport) -> None:
    hours = report.realised_hours
    assert hours is not None
    assert [Path(path).name for path in hours.files] == ["2024-2025.csv", "2026-s1.csv"]
    assert (hours.lines_read, len(hours.accepted), hours.rejected) == (469, 469, ())
    total = report.total
    assert total.realised is not None
    assert total.realised.hours == Decimal(51702)
    assert total.realised.persons == 109
    assert total.penalties == Decimal("37815.00")
    assert report.warnings == ()
