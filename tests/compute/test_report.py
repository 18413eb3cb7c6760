"""Portfolio aggregation: key figures, FTE conventions, realised hours and penalties."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from clausegen.compute.figures import PortfolioReport
from clausegen.compute.report import portfolio_report
from clausegen.errors import ContractError, ErrorGroup
from clausegen.resolve.portfolio import find_contract_files, load_portfolio
from clausegen.validate.terms import EligibilityCategory, Modality
from tests.helpers import build_file_tree, contract_data
from tests.portfolio_builders import REALISED_HEADER, lot, portfolio


@pytest.fixture
def report(tmp_path: Path) -> PortfolioReport:
    root = portfolio(tmp_path)
    return portfolio_report([root / "contracts"], realised=[root / "realised.csv"])


def test_key_figures(tmp_path: Path) -> None:
    result = portfolio_report([portfolio(tmp_path) / "contracts"])
    total = result.total
    assert (total.operations, total.lots, total.obligation_hours) == (3, 4, 1000)
    # lot A-1/1 and C-3/1 name nobody (one each); "Alpha BTP" and "ALPHA  btp" are one company
    assert total.companies == 4
    assert total.fte == Decimal("0.6")
    assert result.conventions == (Decimal(1680),)
    assert total.realised is None
    assert total.penalties is None
    assert result.realised_hours is None
    assert result.warnings == ()


def test_split_by_kind_and_mechanism(tmp_path: Path) -> None:
    result = portfolio_report([portfolio(tmp_path) / "contracts"])
    kinds = {
        g.name: (g.operations, g.lots, g.companies, g.obligation_hours) for g in result.by_kind
    }
    assert kinds == {"works": (1, 2, 3, 700), "services": (2, 2, 2, 300)}
    mechanisms = {
        g.name: (g.operations, g.lots, g.companies, g.obligation_hours) for g in result.by_mechanism
    }
    assert mechanisms == {
        "execution_condition": (1, 2, 3, 700),
        "award_criterion": (1, 1, 1, 300),
        "reserved_siae": (1, 1, 1, 0),
    }


def test_contracts_keep_the_order_of_their_files(tmp_path: Path) -> None:
    result = portfolio_report([portfolio(tmp_path) / "contracts"])
    assert [c.reference for c in result.contracts] == ["A-1", "B-2", "C-3"]
    assert [c.companies for c in result.contracts] == [3, 1, 1]
    assert [lot.companies for lot in result.contracts[0].lots] == [1, 2]


def test_realised_per_lot(report: PortfolioReport) -> None:
    first, second = report.contracts[0].lots
    assert first.realised is not None and second.realised is not None
    assert (first.obligation_hours, first.realised.hours, first.realised.persons) == (
        500,
        Decimal("220.5"),
        2,
    )
    assert first.completion_rate == Decimal("220.5") / 500
    assert first.missing_hours == Decimal("279.5")
    assert (second.realised.hours, second.missing_hours, second.realised.persons) == (
        Decimal(250),
        Decimal(0),
        1,
    )
    assert first.realised.by_category == {
        EligibilityCategory.LONG_TERM_JOBSEEKER: Decimal("100.5"),
        EligibilityCategory.RSA_RECIPIENT: Decimal(120),
    }
    assert first.realised.by_modality == {
        Modality.STAFF_PROVISION: Decimal("100.5"),
        Modality.DIRECT_HIRING: Decimal(120),
    }


def test_realised_per_contract_and_in_total(report: PortfolioReport) -> None:
    a, b, c = report.contracts
    assert a.realised is not None and b.realised is not None and c.realised is not None
    assert (a.realised.hours, a.realised.persons, a.completion_rate) == (
        Decimal("470.5"),
        2,
        Decimal("470.5") / 700,
    )
    assert (b.realised.hours, b.completion_rate) == (Decimal(150), Decimal("0.5"))
    assert (c.realised.hours, c.completion_rate) == (Decimal(0), None)
    total = report.total
    assert total.realised is not None
    assert (total.realised.hours, total.realised.persons, total.realised.lines) == (
        Decimal("620.5"),
        3,
        4,
    )
    assert total.completion_rate == Decimal("0.6205")
    assert total.realised_fte == Decimal("0.4")
    assert total.realised.by_category == {
        EligibilityCategory.LONG_TERM_JOBSEEKER: Decimal("100.5"),
        EligibilityCategory.RSA_RECIPIENT: Decimal(370),
        EligibilityCategory.PRIORITY_NEIGHBOURHOOD: Decimal(150),
    }
    assert total.realised.by_modality == {
        Modality.STAFF_PROVISION: Decimal("100.5"),
        Modality.DIRECT_HIRING: Decimal(370),
        Modality.TRAINING: Decimal(150),
    }


def test_penalties_are_due_lot_by_lot_on_finished_contracts_only(report: PortfolioReport) -> None:
    a, b, c = report.contracts
    # 279.5 missing hours × 35.33 € = 9 874.735 €, rounded half-up to the cent; the surplus
    # of lot 2 (250 h for 200 h) makes up for nothing.
    assert [lot.penalty for lot in a.lots] == [Decimal("9874.74"), Decimal("0.00")]
    assert a.penalty == Decimal("9874.74")
    assert b.penalty is None  # running
    assert [lot.penalty for lot in b.lots] == [None]
    assert c.penalty == Decimal("0.00")  # reserved: no obligation, nothing missing
    assert report.total.penalties == Decimal("9874.74")
    by_mechanism = {group.name: group.penalties for group in report.by_mechanism}
    assert by_mechanism == {
        "execution_condition": Decimal("9874.74"),
        "award_criterion": Decimal(0),
        "reserved_siae": Decimal("0.00"),
    }


def test_the_default_penalty_per_missing_hour_is_the_lots_hourly_cost(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "s.yaml": contract_data(
                reference="S-1",
                kind="services",
                status="finished",
                lots=[lot(1, 1000, "10 %")],
            ),
            "r.csv": REALISED_HEADER
            + "S-1;1;P;RSA;training;formation;2026-01-01;2026-01-31;40,25\n",
        },
    )
    result = portfolio_report([tmp_path / "s.yaml"], realised=[tmp_path / "r.csv"])
    (only,) = result.contracts[0].lots
    assert only.penalty_per_missing_hour == Decimal(39)
    assert only.penalty == Decimal("2330.25")  # (100 − 40.25) h × 39 €


def test_warnings_about_status(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "p.yaml": contract_data(reference="P-1", lots=[lot(1, 4000)]),
            "f.yaml": contract_data(reference="F-1", status="finished", lots=[lot(1, 4000)]),
            "r.csv": REALISED_HEADER + "P-1;1;X;RSA;training;formation;2026-01-01;2026-01-31;5\n",
        },
    )
    result = portfolio_report([tmp_path], realised=[tmp_path / "r.csv"])
    assert result.warnings == (
        "F-1: the contract is finished but no realised hours were given for it: its penalty "
        "counts every hour of the obligation as missing",
        "P-1: realised hours are reported but the contract's status is planned; set status: "
        "running or finished in its description",
    )
    assert result.contracts[0].penalty == Decimal("7000.00")  # 200 h × 35 €


def brochure(tmp_path: Path, hours_per_fte: int | None) -> Path:
    insertion = {} if hours_per_fte is None else {"hours_per_fte": hours_per_fte}
    data = contract_data(reference="PDL", insertion=insertion, lots=[lot(1, 1480000)])
    return build_file_tree(tmp_path, {"pdl.yaml": data}) / "pdl.yaml"


@pytest.mark.parametrize(
    ("convention", "override", "fte"),
    [
        (1680, None, "44.0"),  # the brochure: 74 000 heures soit 44 ETP
        (None, None, "46.0"),  # the legal annual working time, 1 607 h
        (1680, Decimal(1820), "40.7"),
    ],
)
def test_fte_conventions(
    tmp_path: Path, convention: int | None, override: Decimal | None, fte: str
) -> None:
    result = portfolio_report([brochure(tmp_path, convention)], hours_per_fte=override)
    assert result.total.obligation_hours == 74000
    assert result.total.fte == Decimal(fte)
    assert result.convention_given is (override is not None)


def test_mixed_conventions_add_each_contracts_exact_fte(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "a.yaml": contract_data(
                reference="A", insertion={"hours_per_fte": 1680}, lots=[lot(1, 16800, "2,5 %")]
            ),
            "b.yaml": contract_data(reference="B", lots=[lot(1, 16070, "2,5 %")]),
        },
    )
    result = portfolio_report([tmp_path])
    assert [c.obligation_hours for c in result.contracts] == [420, 402]
    assert [c.fte for c in result.contracts] == [Decimal("0.3"), Decimal("0.3")]
    # 420/1680 + 402/1607 = 0.25 + 0.2502 = 0.5002 → 0.5 (not 0.3 + 0.3 = 0.6)
    assert result.total.fte == Decimal("0.5")
    assert result.conventions == (Decimal(1607), Decimal(1680))
    assert result.warnings == (
        "the contracts use different FTE conventions (1607 h and 1680 h per FTE): each "
        "contract's FTE uses its own and the totals add them up; give --hours-per-fte to use "
        "one convention for all",
    )
    forced = portfolio_report([tmp_path], hours_per_fte=Decimal(1680))
    assert forced.conventions == (Decimal(1680),)
    assert forced.warnings == ()
    assert forced.total.fte == Decimal("0.5")  # 822 / 1680 = 0.489


def test_the_situation_date(tmp_path: Path, report: PortfolioReport) -> None:
    assert report.date == datetime.date(2026, 3, 31)  # the last day of the realised periods
    dated = contract_data(reference="D", date="2026-11-25")
    build_file_tree(tmp_path, {"dated/d.yaml": dated})
    assert portfolio_report([tmp_path / "dated"]).date == datetime.date(2026, 11, 25)
    given = portfolio_report([tmp_path / "dated"], date=datetime.date(2027, 1, 1))
    assert given.date == datetime.date(2027, 1, 1)
    build_file_tree(tmp_path, {"undated/u.yaml": contract_data()})
    assert portfolio_report([tmp_path / "undated"]).date is None


def test_realised_lines_are_checked_against_the_portfolio(tmp_path: Path) -> None:
    root = portfolio(tmp_path)
    (root / "realised.csv").write_text(
        REALISED_HEADER
        + "C-3;2;P1;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;120\n"
        + "A-1;1;P1;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;120\n",
        encoding="utf-8",
    )
    result = portfolio_report([root / "contracts"], realised=[root / "realised.csv"])
    assert result.realised_hours is not None
    assert [line.messages() for line in result.realised_hours.rejected] == [
        [f"{root / 'realised.csv'}:2: lot: contract C-3 has no lot 2 (its lots: 1)"]
    ]
    assert result.total.realised is not None
    assert result.total.realised.hours == Decimal(120)


def test_directories_give_their_descriptions_in_name_order(tmp_path: Path) -> None:
    root = portfolio(tmp_path)
    contracts = root / "contracts"
    assert find_contract_files([contracts]) == [
        contracts / "a.yaml",
        contracts / "b.yaml",
        contracts / "c.json",
    ]
    assert find_contract_files(
        [contracts / "b.yaml", contracts, contracts / ".." / "contracts" / "a.yaml"]
    ) == [
        contracts / "b.yaml",
        contracts / "a.yaml",
        contracts / "c.json",
    ]


def test_a_directory_without_descriptions_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ContractError) as caught:
        find_contract_files([tmp_path / "empty"])
    assert str(caught.value) == (
        f"{tmp_path / 'empty'}: is a directory without any contract description "
        "(*.yaml, *.yml, *.json)"
    )


def test_every_invalid_file_is_reported_at_once(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "a.yaml": contract_data(reference="SAME"),
            "b.yaml": contract_data(reference="SAME"),
            "c.yaml": "name: a buyer profile, not a contract\n",
            "d.yaml": contract_data(kind="workz"),
        },
    )
    with pytest.raises(ErrorGroup) as caught:
        load_portfolio([tmp_path])
    assert caught.value.lines() == [
        f"{tmp_path / 'b.yaml'}: reference: SAME is already the reference of "
        f"{tmp_path / 'a.yaml'}; each operation needs its own",
        f"{tmp_path / 'c.yaml'}:1: is not a contract description: it has none of the fields "
        "of one (reference, title, kind, buyer, lots…)",
        f"{tmp_path / 'd.yaml'}:3: kind: must be one of works, services, "
        "intellectual_services, supplies (got \"workz\"); did you mean 'works'?",
    ]
