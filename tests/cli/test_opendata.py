"""``clausegen opendata``: outputs, the target option, rejected records and exit codes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clausegen.cli import _opendata, main
from clausegen.errors import ExitCode
from clausegen.opendata.shares import OpenDataShares, shares_as_text, social_shares
from tests.helpers import EXAMPLES

JSON_SAMPLE = EXAMPLES / "opendata" / "decp-2024-2025.json"
CSV_SAMPLE = EXAMPLES / "opendata" / "decp-consolide-2023-2024.csv"


def run(runner: CliRunner, *args: str | Path) -> Any:
    return runner.invoke(main, [str(arg) for arg in args])


def test_the_table_of_the_csv_sample(runner: CliRunner) -> None:
    result = run(runner, "opendata", CSV_SAMPLE)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == shares_as_text(social_shares([CSV_SAMPLE]))
    assert "2024  all                    7       2   28.6 %" in result.stdout


def test_json_with_a_target(runner: CliRunner) -> None:
    result = run(runner, "opendata", JSON_SAMPLE, "--json", "--target", "45 %")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert data["target"] == 0.45
    assert [
        (y["year"], y["contracts"], y["with_social"], y["share"], y["meets_target"])
        for y in data["years"]
    ] == [
        (2024, 5, 3, 0.6, True),
        (2025, 5, 2, 0.4, False),
    ]


@pytest.mark.parametrize(
    ("written", "fraction"), [("30", "0.3"), ("12,5", "0.125"), ("100 %", "1")]
)
def test_target_spellings(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, written: str, fraction: str
) -> None:
    seen: list[Decimal] = []

    def spy(files: Any, *, target: Decimal) -> OpenDataShares:
        seen.append(target)
        return social_shares(files, target=target)

    monkeypatch.setattr(_opendata, "social_shares", spy)
    assert run(runner, "opendata", CSV_SAMPLE, "--target", written).exit_code == 0
    assert seen == [Decimal(fraction)]


@pytest.mark.parametrize("written", ["0", "150", "trente"])
def test_a_bad_target_is_a_usage_error(runner: CliRunner, written: str) -> None:
    result = run(runner, "opendata", CSV_SAMPLE, "--target", written)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.endswith(
        "Error: Invalid value for '--target': must be a percentage above 0 and at most 100, "
        f"such as 30 (got {written!r})\n"
    )


def test_rejected_records_give_the_figures_and_exit_1(tmp_path: Path, runner: CliRunner) -> None:
    source = tmp_path / "decp.csv"
    source.write_text(
        "id,dateNotification,considerationsSociales\n"
        "1,2025-01-10,Clause sociale\n"
        "2,2025-01-11,Clause\n"
        "3,2025-01-12,Sans objet\n",
        encoding="utf-8",
    )
    message = (
        'unknown value "Clause"; DECP writes "Clause sociale", "Critère social", "Marché '
        'réservé", "Concession réservée", "Pas de considération sociale" or "Sans objet"'
    )
    result = run(runner, "opendata", source, "--json")
    assert result.exit_code == ExitCode.INVALID_INPUT
    data = json.loads(result.stdout)
    (year,) = data["years"]
    assert (year["contracts"], year["with_social"], year["share"]) == (2, 1, 0.5)
    # With --json the rejected record is the failure's located record, on standard output.
    assert (data["ok"], data["exit_code"]) == (False, 1)
    assert data["errors"] == [
        {
            "source": str(source),
            "line": 3,
            "column": None,
            "path": "considerationsSociales",
            "code": "open-data",
            "message": message,
        }
    ]
    assert result.stderr == ""
    result = run(runner, "opendata", source)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr == (
        f"Error: {source}:3: considerationsSociales: {message}\n"
        "Error: 1 record rejected and not counted; fix them and run the command again\n"
    )


def test_an_unusable_file_is_exit_1_with_nothing_on_standard_output(
    tmp_path: Path, runner: CliRunner
) -> None:
    source = tmp_path / "notes.csv"
    source.write_text("a,b\n", encoding="utf-8")
    result = run(runner, "opendata", source)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {source}:1: missing columns uid (or id), dateNotification, "
        "considerationsSociales (the header line has 2 cells, none of them a known column): not a consolidated DECP file\n"
    )


def test_warnings_go_to_standard_error(runner: CliRunner) -> None:
    result = run(runner, "opendata", JSON_SAMPLE, CSV_SAMPLE)
    assert result.exit_code == 0
    assert result.stderr == (
        'Warning: the records are those of 2 buyers ("21449999900015", "24449999900017"), counted '
        "together; give the records of one buyer to measure that buyer\n"
    )
