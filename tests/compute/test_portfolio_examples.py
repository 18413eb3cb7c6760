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
    # The frameworks 2024-SRV-201 and 2024-SRV-202 are shown against their estimate without
    # an orders file, and no penalty is computed on an estimate (lot 3 of 2024-SRV-202 would
    # owe 30 h × 39 € = 1 170 € on it).
    assert total.penalties == Decimal("36645.00")
    assert report.warnings == tuple(
        f"{reference}: a framework agreement shown against its estimate (indicative, no "
        "penalty computed on it): give --orders for the hours due on what was ordered"
        for reference in ("2024-SRV-201", "2024-SRV-202")
    )


def test_with_the_orders_the_frameworks_owe_what_was_ordered() -> None:
    report = portfolio_report(
        [PORTFOLIO], realised=[PORTFOLIO / "realised"], orders=[PORTFOLIO / "orders"]
    )
    assert report.warnings == ()
    figures = {contract.reference: contract for contract in report.contracts}
    # 2024-SRV-202: 900 h on an estimate of 585 000 € → 1.538 h per 1 000 €; 540 000 €
    # ordered on lot 1 → 830.52 → 831 h; lot 3: 280 000 € → 430.64 → 431 h, below the 570
    # realised: nothing missing, no penalty (the estimate's 600 h would have missed 30 h).
    lots = figures["2024-SRV-202"].lots
    assert [lot.hours_per_1000 for lot in lots] == [Decimal("1.538")] * 4
    assert [(lot.obligation_hours, lot.estimate_hours) for lot in lots] == [
        (831, 900),
        (738, 700),
        (431, 600),
        (500, 500),
    ]
    assert [lot.penalty for lot in lots] == [Decimal("0.00")] * 4
    # Key figures count the hours due: 73 983 − (2 160 − 1 245) − (2 700 − 2 500) = 72 868.
    assert (figures["2024-SRV-201"].obligation_hours, figures["2024-SRV-201"].estimate_hours) == (
        1245,
        2160,
    )
    assert report.total.obligation_hours == 72868
    assert report.total.penalties == Decimal("36645.00")
    assert report.orders is not None
    assert (report.orders.lines_read, len(report.orders.accepted)) == (30, 30)
