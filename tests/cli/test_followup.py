"""``clausegen report`` and ``clausegen decp``: wiring, outputs and exit codes."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from clausegen.cli import _followup, main
from clausegen.compute.figures import PortfolioReport
from clausegen.compute.report import portfolio_report
from tests.helpers import EXAMPLES, REPO, build_file_tree, contract_data
from tests.portfolio_builders import REALISED_HEADER, lot, portfolio

PORTFOLIO = EXAMPLES / "portfolio"


def run(runner: CliRunner, *args: str | Path) -> Any:
    return runner.invoke(main, [str(arg) for arg in args])


def test_report_of_the_example_portfolio(runner: CliRunner) -> None:
    result = run(runner, "report", PORTFOLIO, "--realised", PORTFOLIO / "realised")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(
        "Portfolio report — 16 operations (situation on 2026-06-30)\n"
        "\n"
        "Key figures\n"
        "  Operations                               16\n"
        "  Lots                                     59\n"
        "  Companies potentially concerned          95\n"
        "  Insertion hours                       73983\n"
        "  FTE                                    44.0  (1680 h per FTE)\n"
        "  Realised hours                        51702  (69.9 % of the obligation)\n"
        "  Realised FTE                           30.8\n"
        "  Persons                                 109\n"
        "  Penalties due                    36645.00 €  (finished contracts)\n"
    )


def test_rejected_lines_give_the_figures_and_exit_1(tmp_path: Path, runner: CliRunner) -> None:
    root = portfolio(tmp_path)
    realised = root / "realised.csv"
    realised.write_text(
        realised.read_text(encoding="utf-8")
        + "A-1;7;P9;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;4\n"
        + "A-1;1;P9;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;-4\n",
        encoding="utf-8",
    )
    result = run(runner, "report", root / "contracts", "-r", realised, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["key_figures"]["realised_hours"] == 620.5
    assert data["realised"]["lines_rejected"] == 2
    # With --json the rejected lines are the failure's located records, on standard output.
    assert (data["ok"], data["exit_code"]) == (False, 1)
    assert data["errors"] == [
        {
            "source": str(realised),
            "line": 6,
            "column": None,
            "path": "lot",
            "code": "realised-hours",
            "message": "contract A-1 has no lot 7 (its lots: 1, 2)",
        },
        {
            "source": str(realised),
            "line": 7,
            "column": None,
            "path": "hours",
            "code": "realised-hours",
            "message": 'must not be negative (got "-4")',
        },
    ]
    assert result.stderr == ""
    result = run(runner, "report", root / "contracts", "-r", realised)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {realised}:6: lot: contract A-1 has no lot 7 (its lots: 1, 2)\n"
        f'Error: {realised}:7: hours: must not be negative (got "-4")\n'
        "Error: 2 realised-hours lines rejected and not counted; fix them and run the report "
        "again\n"
    )


def test_csv_output(tmp_path: Path, runner: CliRunner) -> None:
    root = portfolio(tmp_path)
    result = run(runner, "report", root / "contracts", "--realised", root / "realised.csv", "--csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["reference"], row["lot"], row["realised_hours"]) for row in rows] == [
        ("A-1", "1", "220.5"),
        ("A-1", "2", "250"),
        ("B-2", "1", "150"),
        ("C-3", "1", "0"),
    ]


def test_json_and_csv_together_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = run(runner, "report", portfolio(tmp_path) / "contracts", "--csv", "--json")
    assert result.exit_code == 2
    # NOTE: with --json, a usage error is JSON on standard output too (issue 15).
    assert result.stderr == ""
    assert json.loads(result.stdout)["errors"][0]["message"] == (
        "--json and --csv cannot be used together"
    )
    result = run(runner, "report", portfolio(tmp_path) / "contracts", "--csv", "-o", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith("Error: -o - needs --format (docx, xlsx, csv, text, json)\n")


def test_the_word_report_is_written(tmp_path: Path, runner: CliRunner) -> None:
    root = portfolio(tmp_path)
    output = tmp_path / "out" / "bilan.docx"
    args: list[str | Path] = [
        "report",
        root / "contracts",
        "-r",
        root / "realised.csv",
        "-o",
        output,
    ]
    result = run(runner, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {output}\n"
    assert result.stdout.startswith("Portfolio report — 3 operations")
    document = docx.Document(str(output))
    assert len(document.inline_shapes) == 1
    assert document.tables[0].rows[0].cells[2].text == "1\u00a0000\nheures d'insertion"

    again = run(runner, *args)
    assert again.exit_code == 4
    assert again.stdout == ""
    assert again.stderr == f"Error: {output}: already exists; use --force to replace it\n"
    assert run(runner, *args, "--force").exit_code == 0


def test_the_report_file_must_be_docx_xlsx_or_csv(tmp_path: Path, runner: CliRunner) -> None:
    result = run(runner, "report", portfolio(tmp_path) / "contracts", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: the report file must end in .docx, .xlsx or .csv (got {tmp_path / 'r.pdf'}); "
        "or give --format\n"
    )
    assert not (tmp_path / "r.pdf").exists()


def test_an_invalid_contract_stops_the_report(tmp_path: Path, runner: CliRunner) -> None:
    build_file_tree(tmp_path, {"a.yaml": contract_data(kind="workz"), "b.yaml": contract_data()})
    result = run(runner, "report", tmp_path, "-o", tmp_path / "r.docx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {tmp_path / 'a.yaml'}:3: kind: must be one of works, services, "
        "intellectual_services, supplies (got \"workz\"); did you mean 'works'?\n"
    )
    assert not (tmp_path / "r.docx").exists()


def test_an_unreadable_realised_file_stops_the_report(tmp_path: Path, runner: CliRunner) -> None:
    root = portfolio(tmp_path)
    result = run(runner, "report", root / "contracts", "-r", tmp_path / "missing.csv")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {tmp_path / 'missing.csv'}: file not found\n"


def test_hours_per_fte(tmp_path: Path, runner: CliRunner) -> None:
    data = contract_data(insertion={"hours_per_fte": 1680}, lots=[lot(1, 1480000)])
    build_file_tree(tmp_path, {"pdl.yaml": data})
    result = run(runner, "report", tmp_path / "pdl.yaml", "--json", "--hours-per-fte", "1 820")
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)["key_figures"]
    assert (figures["insertion_hours"], figures["fte"], figures["hours_per_fte"]) == (
        74000,
        40.7,
        1820,
    )
    wrong = run(runner, "report", tmp_path / "pdl.yaml", "--hours-per-fte", "beaucoup")
    assert wrong.exit_code == 2
    assert "must be a number of hours such as 1607 or 1680 (got 'beaucoup')" in wrong.stderr
    zero = run(runner, "report", tmp_path / "pdl.yaml", "--hours-per-fte", "0")
    assert zero.exit_code == 2
    assert "must be greater than 0 (got '0')" in zero.stderr


def test_report_wiring(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    root = portfolio(tmp_path)
    calls: list[tuple[Any, dict[str, Any]]] = []

    def fake(paths: Any, **options: Any) -> PortfolioReport:
        calls.append((paths, options))
        return portfolio_report([root / "contracts"])

    monkeypatch.setattr(_followup, "portfolio_report", fake)
    result = run(
        runner,
        "report",
        "one.yaml",
        "dir",
        "-r",
        "a.csv",
        "--realised",
        "b",
        "--orders",
        "o.csv",
        "--hours-per-fte",
        "1680",
        "--date",
        "31/12/26",
        "--sheet",
        "Heures",
    )
    assert result.exit_code == 0, result.stderr
    assert calls == [
        (
            ("one.yaml", "dir"),
            {
                "realised": ("a.csv", "b"),
                "orders": ("o.csv",),
                "hours_per_fte": Decimal(1680),
                "date": datetime.date(2026, 12, 31),
                "sheet": "Heures",
            },
        )
    ]


def test_report_needs_a_path(runner: CliRunner) -> None:
    result = run(runner, "report")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


def test_decp_text_and_json(runner: CliRunner) -> None:
    path = PORTFOLIO / "2024-res-401-espaces-verts-siege.yaml"
    text = run(runner, "decp", path)
    assert text.exit_code == 0, text.stderr
    assert text.stdout == (
        "2024-RES-401 — Entretien des espaces verts du siège de la Région\n"
        "\n"
        "considerationsSociales: Marché réservé\n"
        "considerationsEnvironnementales: Pas de considération environnementale\n"
        "dureeMois: 36\n"
        "\n"
        "Why:\n"
        "  - Marché réservé: the contract is reserved to EA/ESAT (reserved_ea_esat)\n"
        "  - Pas de considération environnementale: the description gives no environmental "
        "field\n"
    )
    as_json = run(runner, "decp", EXAMPLES / "lycee-jules-verne.yaml", "--json")
    assert as_json.exit_code == 0, as_json.stderr
    assert json.loads(as_json.stdout) == {
        "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": ["Clause environnementale", "Critère environnemental"]
        },
        "objet": "Rénovation énergétique du lycée Jules Verne",
        "dureeMois": 18,
    }


def test_decp_of_an_invalid_contract(tmp_path: Path, runner: CliRunner) -> None:
    build_file_tree(tmp_path, {"c.yaml": contract_data(kind="workz")})
    result = run(runner, "decp", tmp_path / "c.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {tmp_path / 'c.yaml'}:3: kind: must be one of")


def test_decp_reads_standard_input(runner: CliRunner) -> None:
    text = (EXAMPLES / "restauration-scolaire.json").read_text(encoding="utf-8")
    result = runner.invoke(main, ["decp", "-", "--json"], input=text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["considerationsSociales"] == {
        "considerationSociale": ["Clause sociale"]
    }


@pytest.mark.parametrize("command", ["report", "decp"])
def test_the_readme_documents_the_command(command: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"### `clausegen {command}`" in readme


def test_realised_header_is_the_documented_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert REALISED_HEADER.strip() in readme


def test_the_report_as_a_workbook(tmp_path: Path, runner: CliRunner) -> None:
    root = portfolio(tmp_path)
    output = tmp_path / "bilan.xlsx"
    result = run(runner, "report", root / "contracts", "-r", root / "realised.csv", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {output}\n"
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == [
        "Chiffres-clés",
        "Par type de marché",
        "Par dispositif",
        "Opérations",
        "Lots",
        "Par public",
        "Par modalité",
    ]
    lots = book["Lots"]
    rows = list(lots.iter_rows(values_only=True))
    assert rows[0][:3] == ("Référence", "Intitulé", "Lot")
    assert [(row[0], row[2], row[7]) for row in rows[1:]] == [
        ("A-1", 1, 220.5),
        ("A-1", 2, 250),
        ("B-2", 1, 150),
        ("C-3", 1, 0),
    ]
    assert lots["H2"].data_type == "n"
    assert lots["H2"].number_format == "#,##0.00"
    assert lots["I2"].number_format == "0.0%"
    assert isinstance(lots["I2"].value, float)
    assert book["Chiffres-clés"]["A2"].value == "Ensemble du portefeuille"
    first = output.read_bytes()
    again = run(runner, "report", root / "contracts", "-r", root / "realised.csv", "-o", output)
    assert again.exit_code == 4
    assert output.read_bytes() == first
    args: list[str | Path] = ["report", root / "contracts", "-r", root / "realised.csv"]
    assert run(runner, *args, "-o", output, "--force").exit_code == 0
    assert output.read_bytes() == first  # the same inputs give the same bytes


def test_the_report_as_csv_for_french_excel(tmp_path: Path, runner: CliRunner) -> None:
    root = portfolio(tmp_path)
    output = tmp_path / "bilan.csv"
    result = run(runner, "report", root / "contracts", "-r", root / "realised.csv", "-o", output)
    assert result.exit_code == 0, result.stderr
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfR\xc3\xa9f\xc3\xa9rence;")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Référence", "Intitulé", "Lot"]
    assert [(row[0], row[2], row[7]) for row in rows[1:]] == [
        ("A-1", "1", "220,5"),
        ("A-1", "2", "250"),
        ("B-2", "1", "150"),
        ("C-3", "1", "0"),
    ]
    assert [Decimal(row[7].replace(",", ".")) for row in rows[1:]] == [
        Decimal("220.5"),
        Decimal(250),
        Decimal(150),
        Decimal(0),
    ]


def test_the_csv_holds_the_table_that_table_names(tmp_path: Path, runner: CliRunner) -> None:
    # Issue 15: a French-Excel CSV holds one table (a sheet); --table chooses which.
    root = portfolio(tmp_path)
    args: list[str | Path] = ["report", root / "contracts", "-r", root / "realised.csv"]
    output = tmp_path / "par-type.csv"
    result = run(runner, *args, "-o", output, "--table", "by-kind")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(output.read_text("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == [
        "Groupe",
        "Opérations",
        "Lots",
        "Entreprises",
        "Heures d'insertion",
        "ETP",
        "Heures réalisées",
        "Taux de réalisation",
        "Pénalités",
    ]
    assert [row[0] for row in rows[1:]] == ["Travaux", "Services"]
    piped = run(runner, *args, "-o", "-", "--format", "csv", "--table", "by-modality")
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout.splitlines()[0] == "\ufeffModalité;Heures;Part"
    workbook = tmp_path / "r.xlsx"
    assert run(runner, *args, "-o", workbook).exit_code == 0
    assert openpyxl.load_workbook(workbook).sheetnames == [
        "Chiffres-clés",
        "Par type de marché",
        "Par dispositif",
        "Opérations",
        "Lots",
        "Par public",
        "Par modalité",
    ]


def test_table_errors(tmp_path: Path, runner: CliRunner) -> None:
    contracts = portfolio(tmp_path) / "contracts"
    output = tmp_path / "r.csv"
    result = run(runner, "report", contracts, "-o", output, "--table", "by-category")
    assert result.exit_code == 2
    assert result.stderr == "Error: table: the table by-category exists only with realised hours\n"
    result = run(runner, "report", contracts, "-o", output, "--table", "lot")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: table: must be one of key-figures, by-kind, by-mechanism, contracts, lots, "
        "by-category, by-modality (got 'lot')\n"
    )
    result = run(runner, "report", contracts, "-o", tmp_path / "r.xlsx", "--table", "lots")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: --table chooses the table of a .csv report: give -o FILE.csv\n"
    )
    assert list(tmp_path.glob("r.*")) == []


def test_the_report_files_neutralise_formulas(tmp_path: Path, runner: CliRunner) -> None:
    build_file_tree(tmp_path, {"a.yaml": contract_data(title='=HYPERLINK("x")')})
    csv_file, workbook = tmp_path / "r.csv", tmp_path / "r.xlsx"
    assert run(runner, "report", tmp_path / "a.yaml", "-o", csv_file).exit_code == 0
    assert run(runner, "report", tmp_path / "a.yaml", "-o", workbook).exit_code == 0
    rows = list(csv.reader(io.StringIO(csv_file.read_text("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == '\'=HYPERLINK("x")'
    cell = openpyxl.load_workbook(workbook)["Lots"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("31/02/2026", "is not a date of the calendar (got '31/02/2026')"),
        (
            "demain",
            "must be a date written DD/MM/YYYY, DD/MM/YY, DD.MM.YYYY or YYYY-MM-DD (got 'demain')",
        ),
    ],
)
def test_a_bad_situation_date_is_a_usage_error(
    tmp_path: Path, runner: CliRunner, date: str, message: str
) -> None:
    result = run(runner, "report", portfolio(tmp_path) / "contracts", "--date", date)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--date': {message}\n")


def test_report_with_orders_and_a_rejected_order(tmp_path: Path, runner: CliRunner) -> None:
    root = build_file_tree(
        tmp_path,
        {
            "contracts/ac.yaml": contract_data(
                reference="AC-1",
                kind="services",
                form="framework_orders",
                lots=[
                    {
                        "number": 1,
                        "title": "Bureaux",
                        "maximum_amount": 900000,
                        "estimated_amount": 600000,
                        "labour_share": 0.8,
                        "hourly_cost": 20,
                        "rate": 0.05,
                    }
                ],
            ),
            "orders.csv": "contrat;lot;date;montant HT\nAC-1;1;2026-01-05;100 000\nAC-1;1;x;1\n",
        },
    )
    message = 'must be a date written DD/MM/YYYY, DD/MM/YY, DD.MM.YYYY or YYYY-MM-DD (got "x")'
    result = run(runner, "report", root / "contracts", "--orders", root / "orders.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {root / 'orders.csv'}:3: date: {message}\n"
        "Error: 1 orders line rejected and not counted; fix them and run the report again\n"
    )
    result = run(runner, "report", root / "contracts", "--orders", root / "orders.csv", "--json")
    assert result.exit_code == 1
    assert result.stderr == ""
    data = json.loads(result.stdout)
    lot_json = data["contracts"][0]["lots"][0]
    assert (lot_json["insertion_hours"], lot_json["hours_per_1000_eur"]) == (200, 2.0)
    assert data["errors"] == [
        {
            "source": str(root / "orders.csv"),
            "line": 3,
            "column": None,
            "path": "date",
            "code": "orders",
            "message": message,
        }
    ]


def test_report_with_a_missing_orders_file(tmp_path: Path, runner: CliRunner) -> None:
    root = portfolio(tmp_path)
    result = run(runner, "report", root / "contracts", "--orders", root / "none.csv")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {root / 'none.csv'}: ")
