"""Red team, slow paths: big realised-hours files, and hours far above the obligation.

The duplicate check once compared each line with every earlier line of the same person:
40 000 lines of one person took minutes. These runs go through the command line in a
subprocess with a timeout as a guard (the timings themselves live in ``benchmarks/``).
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from clausegen.cli import main
from tests.helpers import build_file_tree, contract_data
from tests.portfolio_builders import REALISED_HEADER, lot

DAY_ONE = datetime.date(1990, 1, 1)


def day(number: int) -> str:
    return (DAY_ONE + datetime.timedelta(days=number)).isoformat()


def line(first: int, last: int, hours: str = "7") -> str:
    return f"X-1;1;P1;RSA;direct_hiring;CDI;{day(first)};{day(last)};{hours}\n"


def report(tmp_path: Path, lines: list[str]) -> subprocess.CompletedProcess[str]:
    build_file_tree(
        tmp_path,
        {
            "contracts/x.yaml": contract_data(reference="X-1", status="running"),
            "realised.csv": REALISED_HEADER + "".join(lines),
        },
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CLAUSEGEN")}
    contracts, realised = tmp_path / "contracts", tmp_path / "realised.csv"
    return subprocess.run(
        [sys.executable, "-m", "clausegen", "report", contracts, "-r", realised, "--json"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,  # a guard: this took minutes when the check was quadratic
        check=False,
    )


def test_forty_thousand_lines_of_one_person_are_read(tmp_path: Path) -> None:
    result = report(tmp_path, [line(n, n) for n in range(40_000)])
    assert result.returncode == 0, result.stderr[-2000:]
    realised = json.loads(result.stdout)["realised"]
    assert (realised["lines_read"], realised["lines_accepted"]) == (40_000, 40_000)


def test_lines_spanning_thousands_of_counted_days_are_rejected_naming_the_first(
    tmp_path: Path,
) -> None:
    """The worst case for a scan: 20 000 days counted, then 20 000 lines ending on the last."""
    counted = [line(n, n) for n in range(20_000)]
    spanning = [line(19_999 - n, 19_999) for n in range(20_000)]
    result = report(tmp_path, counted + spanning)
    assert result.returncode == 1
    realised = json.loads(result.stdout)["realised"]
    assert (realised["lines_accepted"], realised["lines_rejected"]) == (20_000, 20_000)
    first, second, last = (realised["rejected"][n] for n in (0, 1, -1))
    assert (first["line"], second["line"], last["line"]) == (20_002, 20_003, 40_001)
    assert first["problems"][0]["message"] == (
        "duplicate of line 20001 (same person, contract, lot, modality and period): counted "
        "once, on line 20001"
    )
    assert second["problems"][0]["message"] == (
        f"period {day(19_998)} to {day(19_999)} overlaps line 20000 ({day(19_998)} to "
        f"{day(19_998)}) for the same person, contract, lot and modality: not counted"
    )
    assert last["problems"][0]["message"] == (
        f"period {day(0)} to {day(19_999)} overlaps line 2 ({day(0)} to {day(0)}) for the "
        "same person, contract, lot and modality: not counted"
    )


def far_above(tmp_path: Path, runner: CliRunner, realised_hours: int) -> list[str]:
    """Report a 500-hour lot and a 0-hour lot with ``realised_hours`` on the first."""
    lines = [  # 125 hours a month per person, ten months each
        f"F-1;1;P{n // 10};RSA;direct_hiring;CDI;2026-{n % 10 + 1:02d}-01;"
        f"2026-{n % 10 + 1:02d}-28;125\n"
        for n in range(realised_hours // 125)
    ]
    lines.append("F-1;2;P0;RSA;direct_hiring;CDI;2026-01-01;2026-01-28;35\n")
    build_file_tree(
        tmp_path,
        {
            "contracts/f.yaml": contract_data(
                reference="F-1", status="running", lots=[lot(1, 10000), lot(2, 10, "1 %")]
            ),
            "realised.csv": REALISED_HEADER + "".join(lines),
        },
    )
    arguments = ["report", str(tmp_path / "contracts"), "-r", str(tmp_path / "realised.csv")]
    result = runner.invoke(main, [*arguments, "--json"])
    assert result.exit_code == 0, result.stderr
    warnings: list[str] = json.loads(result.stdout)["warnings"]
    text = runner.invoke(main, arguments)
    for warning in warnings:
        assert f"  - {warning}" in text.stdout
    return warnings


ZERO_HOUR_LOT = (
    "F-1, lot 2: 35 realised hours on a lot without insertion hours: check its lines in the "
    "realised-hours files (hours entered twice or in another unit, lines of another lot or "
    "contract)"
)


def test_realised_hours_far_above_the_obligation_are_a_warning(
    tmp_path: Path, runner: CliRunner
) -> None:
    assert far_above(tmp_path, runner, 50_000) == [
        "F-1, lot 1: 50000 realised hours, more than twice the obligation of 500 hours: "
        "check its lines in the realised-hours files (hours entered twice or in another "
        "unit, lines of another lot or contract)",
        ZERO_HOUR_LOT,
    ]


def test_twice_the_obligation_is_not_yet_a_warning(tmp_path: Path, runner: CliRunner) -> None:
    assert far_above(tmp_path, runner, 1_000) == [ZERO_HOUR_LOT]
