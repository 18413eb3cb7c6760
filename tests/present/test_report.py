"""The report as terminal tables, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from clausegen.compute.figures import PortfolioReport
from clausegen.compute.report import portfolio_report
from clausegen.present.report import (
    CSV_COLUMNS,
    json_hours,
    rejected_messages,
    report_as_csv,
    report_as_json,
)
from clausegen.present.terminal import report_as_text
from tests.portfolio_builders import portfolio

BAD_LINE = "A-1;1;P9;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;-4\n"


@pytest.fixture
def report(tmp_path: Path) -> PortfolioReport:
    root = portfolio(tmp_path)
    realised = root / "realised.csv"
    realised.write_text(realised.read_text(encoding="utf-8") + BAD_LINE, encoding="utf-8")
    return portfolio_report([root / "contracts"], realised=[realised])


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal(12), 12), (Decimal("12.0"), 12), (Decimal("12.5"), 12.5), (Decimal("1.005"), 1.01)],
)
def test_json_hours(value: Decimal, expected: float) -> None:
    written = json_hours(value)
    assert written == expected
    assert type(written) is type(expected)


def test_text(tmp_path: Path, report: PortfolioReport) -> None:
    assert report_as_text(report) == (
        "Portfolio report — 3 operations (situation on 2026-03-31)\n"
        "\n"
        "Key figures\n"
        "  Operations                               3\n"
        "  Lots                                     4\n"
        "  Companies potentially concerned          4\n"
        "  Insertion hours                       1000\n"
        "  FTE                                    0.6  (1680 h per FTE)\n"
        "  Realised hours                       620.5  (62.1 % of the obligation)\n"
        "  Realised FTE                           0.4\n"
        "  Persons                                  3\n"
        "  Penalties due                    9874.74 €  (finished contracts)\n"
        "\n"
        "By contract kind\n"
        "Kind      Operations  Lots  Companies  Insertion hours  FTE  Realised hours  Completion\n"
        "works              1     2          3              700  0.4           470.5      67.2 %\n"
        "services           2     2          2              300  0.2             150        50 %\n"
        "\n"
        "By mechanism\n"
        "Mechanism            Operations  Lots  Companies  Insertion hours  FTE  Realised hours"
        "  Completion\n"
        "execution_condition           1     2          3              700  0.4           470.5"
        "      67.2 %\n"
        "award_criterion               1     1          1              300  0.2             150"
        "        50 %\n"
        "reserved_siae                 1     1          1                0  0.0               0"
        "           -\n"
        "\n"
        "Contracts\n"
        "Reference  Title           Status    Kind      Mechanism            Lots  Companies"
        "  Hours  FTE  Realised  Completion  Persons    Penalty\n"
        "A-1        Marché de test  finished  works     execution_condition     2          3"
        "    700  0.4     470.5      67.2 %        2  9874.74 €\n"
        "B-2        Marché de test  running   services  award_criterion         1          1"
        "    300  0.2       150        50 %        1          -\n"
        "C-3        Marché de test  finished  services  reserved_siae           1          1"
        "      0  0.0         0           -        0     0.00 €\n"
        "\n"
        "Lots: hours due against realised hours\n"
        "Contract  Lot  Due on    Due  Realised  Completion  Persons  Missing"
        "  € per missing hour    Penalty\n"
        "A-1       1    contract  500     220.5      44.1 %        2    279.5"
        "               35.33  9874.74 €\n"
        "A-1       2    contract  200       250       125 %        1        0"
        "               35.33     0.00 €\n"
        "B-2       1    contract  300       150        50 %        1      150"
        "                  39          -\n"
        "C-3       1    contract    0         0           -        0        0"
        "                  39     0.00 €\n"
        "\n"
        "Realised hours by eligibility category\n"
        "Category                Hours   Share\n"
        "long_term_jobseeker     100.5  16.2 %\n"
        "rsa_recipient             370  59.6 %\n"
        "priority_neighbourhood    150  24.2 %\n"
        "\n"
        "Realised hours by modality\n"
        "Modality         Hours   Share\n"
        "staff_provision  100.5  16.2 %\n"
        "direct_hiring      370  59.6 %\n"
        "training           150  24.2 %\n"
        "\n"
        "Realised hours by contract and eligibility category\n"
        "Contract  long_term_jobseeker  rsa_recipient  priority_neighbourhood\n"
        "A-1                     100.5            370                       0\n"
        "B-2                         0              0                     150\n"
        "\n"
        "Realised hours by contract and modality\n"
        "Contract  staff_provision  direct_hiring  training\n"
        "A-1                 100.5            370         0\n"
        "B-2                     0              0       150\n"
        "\n"
        f"Realised-hours files: {tmp_path / 'realised.csv'}\n"
        "  5 lines read, 4 counted, 1 rejected (listed on standard error)\n"
    )


def test_text_without_realised_hours(tmp_path: Path) -> None:
    text = report_as_text(portfolio_report([portfolio(tmp_path) / "contracts"]))
    assert "Realised" not in text
    assert (
        "Contracts\nReference  Title           Status    Kind      Mechanism            Lots"
        in text
    )
    assert text.endswith(
        "C-3        Marché de test  finished  services  reserved_siae           1          1"
        "      0  0.0\n"
    )


def test_json(tmp_path: Path, report: PortfolioReport) -> None:
    data = report_as_json(report)
    assert json.loads(json.dumps(data)) == data  # only JSON types
    assert data["date"] == "2026-03-31"
    assert data["key_figures"] == {
        "operations": 3,
        "lots": 4,
        "companies": 4,
        "insertion_hours": 1000,
        "fte": 0.6,
        "realised_hours": 620.5,
        "realised_fte": 0.4,
        "completion_rate": 0.6205,
        "persons": 3,
        "penalties": 9874.74,
        "hours_per_fte": 1680,
        "hours_per_fte_conventions": [1680],
    }
    assert [group["kind"] for group in data["by_kind"]] == ["works", "services"]
    first = data["contracts"][0]
    assert first["realised"]["hours"] == 470.5
    assert first["realised"]["penalty"] == 9874.74
    assert first["lots"][1] == {
        "number": 2,
        "title": "Lot 2",
        "awardees": ["Alpha BTP", "Beta"],
        "companies": 2,
        "insertion_hours": 200,
        "due_basis": "contract",
        "estimate_hours": 200,
        "ordered_amount": None,
        "hours_per_1000_eur": None,
        "years": [],
        "penalty_per_missing_hour": 35.33,
        "realised": {
            "hours": 250,
            "persons": 1,
            "lines": 1,
            "by_category": {"rsa_recipient": 250},
            "by_modality": {"direct_hiring": 250},
            "completion_rate": 1.25,
            "missing_hours": 0,
            "penalty": 0.0,
        },
    }
    assert type(first["lots"][1]["realised"]["hours"]) is int
    assert data["contracts"][1]["realised"]["penalty"] is None  # running
    assert first["decp"]["considerationsSociales"] == {"considerationSociale": ["Clause sociale"]}
    assert data["contracts"][1]["decp"]["considerationsSociales"] == {
        "considerationSociale": ["Clause sociale", "Critère social"]
    }
    assert data["realised"] == {
        "files": [str(tmp_path / "realised.csv")],
        "lines_read": 5,
        "lines_accepted": 4,
        "lines_rejected": 1,
        "rejected": [
            {
                "file": str(tmp_path / "realised.csv"),
                "line": 6,
                "problems": [{"column": "hours", "message": 'must not be negative (got "-4")'}],
            }
        ],
        "by_category": {
            "long_term_jobseeker": 100.5,
            "rsa_recipient": 370,
            "priority_neighbourhood": 150,
        },
        "by_modality": {"staff_provision": 100.5, "direct_hiring": 370, "training": 150},
    }
    assert data["warnings"] == []


def test_json_without_realised_hours(tmp_path: Path) -> None:
    data = report_as_json(portfolio_report([portfolio(tmp_path) / "contracts"]))
    assert data["realised"] is None
    assert data["key_figures"]["realised_hours"] is None
    assert data["key_figures"]["penalties"] is None
    assert all(contract["realised"] is None for contract in data["contracts"])


def test_csv(report: PortfolioReport) -> None:
    rows = list(csv.DictReader(io.StringIO(report_as_csv(report))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(row["reference"], row["lot"]) for row in rows] == [
        ("A-1", "1"),
        ("A-1", "2"),
        ("B-2", "1"),
        ("C-3", "1"),
    ]
    first = rows[0]
    assert {key: first[key] for key in CSV_COLUMNS[8:23]} == {
        "lot": "1",
        "lot_title": "Lot 1",
        "companies": "1",
        "insertion_hours": "500",
        "due_basis": "contract",
        "estimate_hours": "500",
        "ordered_amount": "",
        "hours_per_1000_eur": "",
        "fte": "0.3",
        "realised_hours": "220.5",
        "completion_rate": "0.441",
        "persons": "2",
        "missing_hours": "279.5",
        "penalty_per_missing_hour": "35.33",
        "penalty": "9874.74",
    }
    assert (first["hours_long_term_jobseeker"], first["hours_rsa_recipient"]) == ("100.5", "120")
    assert (first["hours_staff_provision"], first["hours_training"]) == ("100.5", "0")
    assert rows[2]["penalty"] == ""  # running contract: no penalty yet


def test_rejected_messages(tmp_path: Path, report: PortfolioReport) -> None:
    assert rejected_messages(report) == [
        f'{tmp_path / "realised.csv"}:6: hours: must not be negative (got "-4")'
    ]
