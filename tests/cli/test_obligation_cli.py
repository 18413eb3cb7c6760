"""The commands about descriptions and hours, through click's runner: exact output and codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from clausegen import __version__
from clausegen.cli import main
from clausegen.inputs import CURRENT_FOLDER
from clausegen.present.starters import starter_description
from tests.helpers import EXAMPLES, build_file_tree, contract_data

LYCEE = str(EXAMPLES / "lycee-jules-verne.yaml")


def test_hours_prints_the_table_the_calculation_and_the_warnings(runner: CliRunner) -> None:
    result = runner.invoke(main, ["hours", LYCEE])
    assert result.exit_code == 0, result.output
    # NOTE: the warnings go to standard error, as every command's (issue 15).
    assert result.stderr == (
        f"Warning: {LYCEE}: lot 2: 109 insertion hours is under 150 h, below which practice "
        "advises against a clause\n"
    )
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "2026-TRV-014 — Rénovation énergétique du lycée Jules Verne",
        "works contract, mechanism execution_condition",
        "",
    ]
    assert lines[3].split() == [
        "Lot",
        "Title",
        "Method",
        "Labour",
        "hours",
        "Rate",
        "Insertion",
        "hours",
        "FTE",
    ]
    assert lines[4].split() == [
        "1",
        "Gros",
        "œuvre",
        "–",
        "maçonnerie",
        "amount",
        "17142.86",
        "5",
        "%",
        "857",
        "0.5",
    ]
    assert lines[9].split() == ["Total", "1947", "1.2"]
    assert (
        "  Lot 1 (Gros œuvre – maçonnerie): 1200000 € × 0.5 ÷ 35 €/h × 0.05 = 857.14 h → 857 h"
        in lines
    )
    assert (
        "  Lot 5 (Électricité courants forts et faibles): 5200 h (estimated labour volume) "
        "× 0.05 = 260 h → 260 h" in lines
    )
    assert (
        "    labour share 0.5 from the maconnerie preset; hourly cost 35 from the contract; "
        "rate 0.05 from the contract; penalty per missing hour 35 from default: the lot's "
        "hourly cost" in lines
    )
    assert "Warnings:" not in lines


def test_hours_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["hours", "--json", LYCEE])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == [
        "reference",
        "lots",
        "form",
        "max_duration_months",
        "total_insertion_hours",
        "total_fte",
        "hours_per_fte",
        "warnings",
        "warning_details",
        "eu_threshold",
    ]
    assert (data["form"], data["max_duration_months"]) == ("single", "18")
    assert data["reference"] == "2026-TRV-014"
    assert data["eu_threshold"] == {
        "estimated_value": 3050000,
        "estimated_value_basis": "lots",
        "threshold": 5404000,
        "period": "2026-2027",
        "reached": False,
        "social_condition_exception": False,
        "social_condition_required": False,
    }
    assert data["warning_details"] == [
        {
            "code": "under_minimum_hours",
            "message": "109 insertion hours is under 150 h, below which practice advises "
            "against a clause",
            "lot": 2,
            "legal": False,
        }
    ]
    assert [lot["insertion_hours"] for lot in data["lots"]] == [857, 109, 411, 310, 260]
    assert data["total_insertion_hours"] == 1947
    assert data["total_fte"] == 1.2
    first = data["lots"][0]
    assert {key: first[key] for key in first if key != "trace"} == {
        "number": 1,
        "title": "Gros œuvre – maçonnerie",
        "method": "amount",
        "labour_hours": 17142.86,
        "insertion_rate": 0.05,
        "insertion_hours": 857,
        "hours_per_1000_eur": None,
        "minimum_amount": None,
        "maximum_amount": None,
        "firm_hours": 857,
        "tranches": [],
        "periods": None,
        "fte": 0.5,
        "warnings": [],
    }
    assert first["trace"]["labour_hours"] == "17142.85714285714285714285714"
    assert first["trace"]["insertion_hours_exact"] == "857.1428571428571428571428571"
    assert first["trace"]["labour_share"] == {
        "value": "0.5",
        "source": "preset",
        "detail": "maconnerie",
        "origin": "MEF Sud 77, « La clause d'insertion » ; LASER Emploi",
    }
    assert first["trace"]["hourly_cost"] == {"value": "35", "source": "contract"}
    assert data["warnings"] == [
        "lot 2: 109 insertion hours is under 150 h, below which practice advises against a clause"
    ]
    assert data["lots"][1]["warnings"] == [
        "109 insertion hours is under 150 h, below which practice advises against a clause"
    ]


def test_hours_reads_standard_input(runner: CliRunner) -> None:
    text = (EXAMPLES / "nettoyage-sieges.yaml").read_text("utf-8")
    result = runner.invoke(main, ["hours", "--json", "-"], input=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total_insertion_hours"] == 980
    json_text = json.dumps(contract_data())
    result = runner.invoke(main, ["hours", "--json", "-"], input=json_text)
    assert json.loads(result.stdout)["total_insertion_hours"] == 714


def test_invalid_description_exits_1_with_nothing_on_stdout(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = contract_data()
    data["lots"][0]["labour_share"] = 4.5
    path = build_file_tree(tmp_path, {"contract.yaml": data}) / "contract.yaml"
    result = runner.invoke(main, ["hours", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}:22: lots[0].labour_share: must be between 0 and 1 (got 4.5)\n"
    )


def test_debug_shows_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--debug", "hours", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1
    assert result.exception is not None
    assert type(result.exception).__name__ == "ContractError"


def test_validate_reports_each_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = build_file_tree(tmp_path, {"bad.yaml": contract_data(kind="work")}) / "bad.yaml"
    nettoyage = str(EXAMPLES / "nettoyage-sieges.yaml")
    result = runner.invoke(main, ["validate", LYCEE, str(bad), nettoyage])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{LYCEE}: valid (5 lots, 1947 insertion hours, 1 warning)",
        f"{nettoyage}: valid (3 lots, 980 insertion hours, 9 warnings)",
    ]
    # The cleaning contract's inline buyer has no personal_data and it has no environmental
    # clause or criterion: 8 legal warnings follow its own (tests/compute/test_legal.py).
    legal = result.stderr.splitlines()[3:]
    assert len(legal) == 8
    assert all(line.startswith(f"Warning: {nettoyage}: ") for line in legal)
    assert result.stderr.splitlines()[:3] == [
        f"Warning: {LYCEE}: lot 2: 109 insertion hours is under 150 h, below which practice "
        "advises against a clause",
        f"Error: {bad}:3: kind: must be one of works, services, intellectual_services, "
        "supplies (got \"work\"); did you mean 'works'?",
        f"Warning: {nettoyage}: lot 3: the staff to take over (200 h a month) already exceed "
        "the lot's labour potential (P ≤ 0): no clause is possible on this lot, 0 h",
    ]
    assert runner.invoke(main, ["validate", LYCEE]).exit_code == 0


def test_validate_needs_a_file(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "Missing argument 'FILES...'" in result.stderr


def test_schema_to_stdout_and_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "clausegen contract description"
    assert schema["required"] == ["reference", "title", "kind", "buyer", "lots"]
    target = tmp_path / "contract.schema.json"
    assert runner.invoke(main, ["schema", "-o", str(target)]).exit_code == 0
    assert json.loads(target.read_text("utf-8")) == schema
    again = runner.invoke(main, ["schema", "-o", str(target)])
    assert again.exit_code == 4
    assert again.stderr == f"Error: {target}: already exists; use --force to replace it\n"
    assert runner.invoke(main, ["schema", "-o", str(target), "--force"]).exit_code == 0


def test_init_writes_a_valid_description_and_keeps_existing_files(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "contract.yaml"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {target}: edit it, then run 'clausegen hours {target}'.\n"
    assert target.read_text("utf-8") == starter_description()
    assert runner.invoke(main, ["validate", str(target)]).exit_code == 0
    target.write_text("mine", "utf-8")
    refused = runner.invoke(main, ["init", str(target)])
    assert refused.exit_code == 4
    assert target.read_text("utf-8") == "mine"
    assert runner.invoke(main, ["init", str(target), "--force"]).exit_code == 0
    assert target.read_text("utf-8") == starter_description()
    assert list(tmp_path.iterdir()) == [target]


def test_init_names_a_buyer_profile_relative_to_the_contract(
    runner: CliRunner, tmp_path: Path
) -> None:
    profile = tmp_path / "profiles" / "ville.yaml"
    profile.parent.mkdir()
    assert runner.invoke(main, ["profile", "init", str(profile)]).exit_code == 0
    target = tmp_path / "dossier" / "contract.yaml"
    result = runner.invoke(main, ["init", str(target), "--buyer", str(profile)])
    assert result.exit_code == 0, result.stderr
    text = target.read_text("utf-8")
    assert (
        'buyer: "../profiles/ville.yaml"      # the buyer profile: contacts, defaults, charter\n'
        "\n# The facilitator" in text
    )
    assert "Nom de l'acheteur public" not in text
    charter = runner.invoke(main, ["charter", str(target)])
    assert charter.exit_code == 0, charter.stderr
    assert "Commitments this contract puts into practice (2 of 4):" in charter.stdout
    standard = runner.invoke(main, ["init", "-", "--buyer", "acheteur.yaml"])
    assert 'buyer: "acheteur.yaml"' in standard.stdout


def test_init_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["init", "-"])
    assert result.stdout == starter_description()


def test_rates(runner: CliRunner) -> None:
    result = runner.invoke(main, ["rates"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.split()[:4] == ["nettoyage", "80", "%", "20"] for line in lines)
    assert any(line.split()[:4] == ["works", "5", "%", "35"] for line in lines)
    data = json.loads(runner.invoke(main, ["rates", "--json"]).stdout)
    assert data["trades"]["maconnerie"]["labour_share"] == "0.5"
    assert data["trades"]["menuiserie"]["sourced"] is False
    assert data["kinds"]["supplies"]["rate"] is None
    assert data["hours_per_fte"]["value"] == "1607"


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.stdout == f"clausegen, version {__version__}\n"


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(main, ["hours", "--jsn", LYCEE]).exit_code == 2


def test_hours_calls_the_library(runner: CliRunner) -> None:
    with mock.patch("clausegen.cli._obligation.load_resolved", side_effect=SystemExit(0)) as load:
        runner.invoke(main, ["hours", "somewhere.yaml"])
    load.assert_called_once_with("somewhere.yaml", base_dir=CURRENT_FOLDER)


@pytest.mark.parametrize("args", [["--help"], ["hours", "--help"]])
def test_python_dash_m(args: list[str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "clausegen", *args], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("Usage: clausegen")
