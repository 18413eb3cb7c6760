"""Red team, outputs that attack their readers: ``report --csv`` opened by a spreadsheet.

A contract reference, title, buyer or lot title is written by whoever drafts the contract
description; a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by Excel or LibreOffice Calc. Each must come out as text, with a
leading single quote (OWASP); clausegen's own figures must stay numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen.cli import main
from clausegen.present.report import spreadsheet_text
from tests.helpers import build_file_tree, contract_data
from tests.portfolio_builders import REALISED_HEADER, lot

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1dSUM(A1)",  # a full-width equals sign
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_text_that_a_spreadsheet_would_run_gets_a_leading_quote(payload: str) -> None:
    assert spreadsheet_text(payload) == "'" + payload


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("Lycée Jules Verne", "Lycée Jules Verne"),
        ("Lot 1 - Gros œuvre", "Lot 1 - Gros œuvre"),
        ("2024-TRV-101", "2024-TRV-101"),
        ("Lot A;=HYPERLINK(1)", "Lot A;'=HYPERLINK(1)"),
        ("Lot A; =1", "Lot A;' =1"),  # red team 2: spaces after ";" do not hide a formula
        ("", ""),
    ],
)
def test_other_texts_are_kept_and_a_formula_after_a_semicolon_is_neutralised(
    text: str, safe: str
) -> None:
    assert spreadsheet_text(text) == safe


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("Lot A\n=HYPERLINK(1)", "Lot A\n'=HYPERLINK(1)"),
        ("Lot A\r\n+cmd|' /C calc'!A0", "Lot A\r\n'+cmd|' /C calc'!A0"),
        ("Lot A\r-2+3", "Lot A\r'-2+3"),
        ("Lot A\n  @SUM(A1)", "Lot A\n'  @SUM(A1)"),
        ("Lot A\n\n\uff1dSUM(A1)", "Lot A\n\n'\uff1dSUM(A1)"),
        ("Lot A\n\t=1", "Lot A\n'\t=1"),
        ("Lot A\nsuite = fin", "Lot A\nsuite = fin"),
        ("\n=1+1", "'\n=1+1"),
    ],
)
def test_a_formula_at_the_start_of_a_line_inside_a_cell_is_neutralised(
    text: str, safe: str
) -> None:
    assert spreadsheet_text(text) == safe


def test_report_csv_neutralises_every_text_cell_and_keeps_figures_as_numbers(
    tmp_path: Path, runner: CliRunner
) -> None:
    build_file_tree(
        tmp_path,
        {
            "contracts/a.yaml": contract_data(
                reference="-2+3",
                title='=HYPERLINK("http://x","y")',
                buyer={"name": "@SUM(A1)"},
                status="running",
                lots=[
                    {**lot(1, 10000), "title": "+cmd|' /C calc'!A0"},
                    {**lot(2, 4000), "title": "Lot B;=1+1"},
                ],
            ),
            "realised.csv": REALISED_HEADER
            + "-2+3;1;P1;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;120\n",
        },
    )
    contracts, realised = tmp_path / "contracts", tmp_path / "realised.csv"
    result = runner.invoke(main, ["report", str(contracts), "-r", str(realised), "--csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header, first, second = rows
    cells = dict(zip(header, first, strict=True))
    assert cells["reference"] == "'-2+3"
    assert cells["title"] == '\'=HYPERLINK("http://x","y")'
    assert cells["buyer"] == "'@SUM(A1)"
    assert cells["lot_title"] == "'+cmd|' /C calc'!A0"
    assert dict(zip(header, second, strict=True))["lot_title"] == "Lot B;'=1+1"
    for row in rows[1:]:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    # Figures are unquoted numbers; every text cell is quoted, whatever its content.
    lines = result.stdout.splitlines()
    assert lines[1].startswith(
        '"\'-2+3","\'=HYPERLINK(""http://x"",""y"")","\'@SUM(A1)","works",'
        '"execution_condition","single","running",1607,1,"\'+cmd|\' /C calc\'!A0",1,500,'
        '"contract",500,"","",0.3,120,0.24,1,380,'
    )
