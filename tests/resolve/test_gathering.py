"""Every problem of a description in one run: fields, trades, lots, charter and profile."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from clausegen.cli import main
from tests.helpers import build_file_tree

CHARTER = """\
  charter:
    title: Charte
    commitments:
      - number: 1
        title: Un
        text: Texte
"""

ALL_KINDS = (
    "reference: T-1\ntitle: Test\nkind: works\nbuyer:\n  name: Ville\n"
    + CHARTER
    + """\
charter:
  include: [7]
lots:
  - number: 1
    title: Gros oeuvre
    estimated_amount: 100000
    labour_share: 1.5
  - number: 2
    title: Plomberie
    estimated_amount: 100000
    trade: plomberiee
  - number: 2
    title: Peinture
    estimated_amount: 100000
    trade: peinture
"""
)


def test_a_field_error_an_unknown_trade_a_duplicate_lot_and_a_charter_problem_in_one_run(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = build_file_tree(tmp_path, {"c.yaml": ALL_KINDS}) / "c.yaml"
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {path}:13: charter.include[0]: the buyer's charter has no commitment 7 (it has 1)",
        f"Error: {path}:18: lots[0].labour_share: must be between 0 and 1 (got 1.5)",
        f'Error: {path}:22: lots[1].trade: unknown trade (got "plomberiee"); did you mean '
        "'plomberie_cvc', 'platrerie' or 'menuiserie'? See 'clausegen rates' for the list.",
        f"Error: {path}:23: lots[2].number: lot number 2 is already used by lots[1]",
    ]


def test_a_lot_whose_fields_failed_is_not_also_reported_by_the_resolution(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = (
        "reference: T-1\ntitle: Test\nkind: works\nbuyer: {name: Ville}\nlots:\n"
        "  - {number: 1, title: A, estimated_amount: 1000, labour_share: 2}\n"
        "  - {number: 1, title: B, estimated_amount: -5, trade: nope}\n"
    )
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    # NOTE: no "no labour share" for lot 0, no unknown trade nor duplicate for lot 1: both
    # wait until their fields are valid.
    assert [line.split(": ")[2] for line in result.stderr.splitlines()] == [
        "lots[0].labour_share",
        "lots[1].estimated_amount",
    ]


def test_a_problem_that_depends_on_a_failed_field_is_not_reported(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = (
        "reference: T-1\ntitle: Test\nkind: supply\nbuyer:\n  name: Ville\n"
        "  labour_shares: {maison: 3}\nlots:\n"
        "  - {number: 1, title: A, estimated_amount: 1000, trade: maison}\n"
        "  - {number: 2, title: B, estimated_amount: 1000, trade: inconnu}\n"
    )
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    # NOTE: the trades cannot be judged while labour_shares is wrong, nor the rate while the
    # kind is; the duplicate-free lots have nothing else to report.
    assert [line.split(": ")[2] for line in result.stderr.splitlines()] == [
        "kind",
        "buyer.labour_shares.maison",
    ]


def test_an_invalid_profile_and_the_contract_s_own_problems_come_together(
    runner: CliRunner, tmp_path: Path
) -> None:
    contract = (
        "reference: T-1\ntitle: Test\nkind: works\nbuyer: p.yaml\nlots:\n"
        "  - {number: 1, title: A, estimated_amount: 1000, trade: nope}\n"
        "  - {number: 1, title: B, labour_hours: 10, rate: 3}\n"
    )
    root = build_file_tree(tmp_path, {"c.yaml": contract, "p.yaml": "name: V\nphone: [1]\n"})
    result = runner.invoke(main, ["validate", str(root / "c.yaml")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {root / 'c.yaml'}:7: lots[1].rate: must be between 0 and 1 (got 3)",
        f"Error: {root / 'c.yaml'}:4: buyer: the buyer profile {root / 'p.yaml'} is invalid:",
        f"Error: {root / 'p.yaml'}:2: phone: must be text; put the value in quotes (got a list)",
    ]


def test_a_rate_that_failed_is_not_also_said_to_be_missing(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = (
        "reference: T-1\ntitle: Test\nkind: supplies\nbuyer: {name: Ville}\n"
        "insertion: {rate: 2}\nlots:\n"
        "  - {number: 1, title: A, labour_hours: 1000}\n"
        "  - {number: 1, title: B, labour_hours: 1000}\n"
    )
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    # NOTE: supplies contracts have no default rate, but the rate given is only wrong.
    assert result.stderr.splitlines() == [
        f"Error: {path}:5: insertion.rate: must be between 0 and 1 (got 2)",
        f"Error: {path}:8: lots[1].number: lot number 1 is already used by lots[0]",
    ]
