"""Red team, resource exhaustion and tracebacks: every input is bounded, every bound a message.

Issue 10: YAML alias bombs hung (contracts, profiles, the templates manifest), deep
nesting raised RecursionError, a FIFO or /dev/zero given as a contract or a realised-hours
file blocked or exhausted the memory, a 29-digit amount, an absurdly small hourly cost or a
5 000-digit JSON integer ended in a traceback.
"""

from __future__ import annotations

import copy
import decimal
import json
import os
from pathlib import Path
from typing import Any

import pytest

from clausegen import ContractError, compute_obligation, limits, load_contract
from clausegen.limits import Limits
from clausegen.validate.figures import AMOUNT, HOURS_PER_FTE, FigureError
from tests.helpers import EXAMPLES, build_file_tree, contract_data, profile_data
from tests.security.hostile import (
    CONTRACT_YAML,
    billion_laughs,
    cli,
    cli_process,
    files_under,
)

ALIASES = "(a limit set by CLAUSEGEN_LIMIT_YAML_ALIASES)"
DEPTH = "nests mappings and lists more than 64 levels deep (a limit set by "
DEPTH += "CLAUSEGEN_LIMIT_NESTING_DEPTH)"


def messages(source: Any, **options: Any) -> list[str]:
    with pytest.raises(ContractError) as caught:
        load_contract(source, **options)
    return caught.value.lines()


# --- alias bombs ---------------------------------------------------------------------------


def test_a_billion_laughs_contract_stops_at_once_through_the_command_line(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"bomb.yaml": CONTRACT_YAML + billion_laughs()})
    result = cli_process("generate", "bomb.yaml", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: bomb.yaml:13:14: uses more than 200 aliases (*name), counting those that "
        f"other aliases repeat {ALIASES}\n"
    )
    assert files_under(tmp_path / "out") == []


def test_a_billion_laughs_profile_and_manifest(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "ville.yaml": "name: Ville\n" + billion_laughs(key="x"),
            "c.yaml": CONTRACT_YAML.replace('buyer: {name: "Ville"}', "buyer: ville.yaml"),
            "modeles/templates.yaml": "templates: []\n" + billion_laughs(),
        },
    )
    profile = cli("profile", "check", tmp_path / "ville.yaml")
    assert profile.exit_code == 1
    assert profile.stderr == (
        f"Error: {tmp_path / 'ville.yaml'}:5:10: uses more than 200 aliases (*name), counting "
        f"those that other aliases repeat {ALIASES}\n"
    )
    contract = cli("hours", tmp_path / "c.yaml")
    assert contract.stderr.splitlines() == [
        f"Error: {tmp_path / 'c.yaml'}:4: buyer: the buyer profile {tmp_path / 'ville.yaml'} is "
        "invalid:",
        profile.stderr.rstrip("\n"),
    ]
    generate = cli(
        "generate", tmp_path / "c.yaml", "--templates", tmp_path / "modeles", "-o", tmp_path / "o"
    )
    assert generate.exit_code == 3
    assert generate.stderr == (
        f"Error: {tmp_path / 'modeles' / 'templates.yaml'}:5: uses more than 200 aliases "
        f"(*name), counting those that other aliases repeat {ALIASES}\n"
    )
    check = cli("templates", "check", tmp_path / "modeles")
    assert check.exit_code == 3
    assert "ligne 5\n    templates.yaml ne peut pas être lu (détail technique : uses more" in (
        check.stdout
    )
    assert files_under(tmp_path / "o") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # few aliases, each repeating a huge list: the values are counted, not the aliases
        (
            "a: &a [" + ", ".join(["x"] * 30_000) + "]\nb: [*a, *a, *a, *a]\n",
            "2:13: holds more than 100 000 values, counting those that aliases repeat (a limit "
            "set by CLAUSEGEN_LIMIT_DESCRIPTION_VALUES)",
        ),
        ("a: &a [*a]\n", "1:8: invalid YAML: an alias stands for the value that contains it"),
        ("a: &a {<<: *a}\n", "1:12: invalid YAML: an alias stands for the value that contains it"),
        # an alias counts as deep as the value it stands for
        ("a: &a " + "[" * 60 + "]" * 60 + "\nb: [[[[[*a]]]]]\n", "2:9: " + DEPTH),
    ],
    ids=["wide", "recursive", "recursive-merge", "deep-alias"],
)
def test_aliases_are_bounded_by_what_they_expand_to(
    tmp_path: Path, text: str, message: str
) -> None:
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    assert messages(path) == [f"{path}:{message}"]


def test_the_alias_limit_is_set_by_whoever_runs_clausegen(tmp_path: Path) -> None:
    text = CONTRACT_YAML + "x: &x 1\ny: [*x, *x, *x]\n"
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    with limits.using(Limits(yaml_aliases=2)):
        assert messages(path) == [
            f"{path}:11:13: uses more than 2 aliases (*name), counting those that other aliases "
            f"repeat {ALIASES}"
        ]
    result = cli_process("validate", path, cwd=tmp_path, env={"CLAUSEGEN_LIMIT_YAML_ALIASES": "2"})
    assert result.returncode == 1
    assert "uses more than 2 aliases" in result.stderr


# --- nesting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("flow.yaml", "reference: " + "[" * 100_000 + "]" * 100_000 + "\n", "1:"),
        ("small.yaml", "title: " + "[" * 70 + "]" * 70 + "\n", "1:71"),
        ("block.yaml", "".join("  " * i + "a:\n" for i in range(100)) + "  " * 100 + "x\n", "65:"),
        ("deep.json", '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}", "1:74"),
        ("objects.json", '{"a": ' * 70 + "1" + "}" * 70, "1:385"),
    ],
)
def test_deep_nesting_is_an_error_with_its_place(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = build_file_tree(tmp_path, {name: text}) / name
    (found,) = messages(path)
    assert found.startswith(f"{path}:{where}")
    assert found.endswith(f": {DEPTH}")


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("flow.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n", ":1:1003"),
        ("block.yaml", "".join("  " * i + "a:\n" for i in range(3000)) + "x\n", ""),
        ("deep.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", ""),
    ],
)
def test_a_nesting_limit_raised_too_high_still_ends_in_a_message(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = build_file_tree(tmp_path, {name: text}) / name
    with limits.using(Limits(nesting_depth=10**6)):
        assert messages(path) == [f"{path}{where}: nests mappings and lists too deeply to be read"]


def test_deep_nesting_in_a_mapping_and_a_mapping_that_contains_itself() -> None:
    nested: list[Any] = []
    for _ in range(1000):
        nested = [nested]
    cyclic: dict[str, Any] = {}
    cyclic["a"] = cyclic
    for data, path in (
        ({**contract_data(), "title": nested}, "title"),
        ({**contract_data(), "buyer": cyclic}, "buyer"),
    ):
        (found,) = messages(data)
        assert found.startswith(f"<mapping>: {path}")
        assert found.endswith(f"…: {DEPTH}")


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "c.json",
            '{"reference": "T", "lots": [{"number": 1, "estimated_amount": ' + "9" * 5000 + "}]}",
            "1:63: invalid JSON: a whole number too long to read (more than 4 300 digits)",
        ),
        (
            "c.yaml",
            "reference: T\nlots: [{number: 1, estimated_amount: " + "9" * 5000 + "}]\n",
            "2:38: invalid YAML: a whole number too long to read (more than 4 300 digits)",
        ),
    ],
)
def test_numbers_python_refuses_to_read_are_located(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = build_file_tree(tmp_path, {name: text}) / name
    assert messages(path) == [f"{path}:{message}"]


def lot(**fields: Any) -> dict[str, Any]:
    return {"number": 1, "title": "Lot", "estimated_amount": 100_000, "labour_share": 0.3, **fields}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"lots": [lot(estimated_amount=12345678901234567890123456789)]},
            "lots[0].estimated_amount: must be at most 1 000 000 000 000 € excl. VAT (got "
            "12345678901234567890123456789)",
        ),
        (
            {"lots": [lot(estimated_amount="1" + "0" * 40)]},
            "lots[0].estimated_amount: must be at most 1 000 000 000 000 € excl. VAT (got "
            '"10000000000000000000000000000000000000000")',
        ),
        (
            {"lots": [lot(hourly_cost=0.0000001)]},
            "lots[0].hourly_cost: must be between 1 and 10 000 € excl. VAT per hour (got 1e-07)",
        ),
        (
            {"lots": [lot(hourly_cost="0,5")]},
            'lots[0].hourly_cost: must be between 1 and 10 000 € excl. VAT per hour (got "0,5")',
        ),
        (
            {"insertion": {"penalty_per_missing_hour": 50_000}},
            "insertion.penalty_per_missing_hour: must be between 1 and 10 000 € excl. VAT per "
            "hour (got 50000)",
        ),
        (
            {"lots": [lot(labour_hours=10**10)]},
            "lots[0].labour_hours: must be at most 1 000 000 000 hours (got 10000000000)",
        ),
        (
            {"insertion": {"hours_per_fte": 50}},
            "insertion.hours_per_fte: must be between 100 and 8 784 hours (a leap year has "
            "8 784) (got 50)",
        ),
        (
            {"duration_months": 601},
            "duration_months: must be at most 600 months (got 601)",
        ),
        (
            {"lots": [lot(transferable_staff_monthly_hours=10**8)]},
            "lots[0].transferable_staff_monthly_hours: must be at most 10 000 000 hours a month "
            "(got 100000000)",
        ),
        (
            {"lots": [lot(estimated_amount="100 000,1234567")]},
            'lots[0].estimated_amount: must have at most 6 decimals (got "100 000,1234567")',
        ),
        (
            {"insertion": {"criterion_weight": "12,3456789 %"}},
            'insertion.criterion_weight: must have at most 8 decimals (got "12,3456789 %")',
        ),
        (
            {"lots": [lot(number=10_000)]},
            "lots[0].number: must be a whole number from 1 to 9 999 (got 10000)",
        ),
        (
            {"lots": [lot(labour_hours=decimal.Decimal("1e999999999"))]},
            "lots[0].labour_hours: must be at most 1 000 000 000 hours (got 1E+999999999)",
        ),
        (
            {"lots": [lot(labour_hours=10**5000)]},
            "lots[0].labour_hours: must be at most 1 000 000 000 hours (got a whole number of "
            "more than 30 digits)",
        ),
    ],
)
def test_figures_out_of_range_are_errors_on_their_field(
    changes: dict[str, Any], message: str
) -> None:
    assert messages(contract_data(**changes)) == [f"<mapping>: {message}"]


def test_the_largest_figures_admitted_compute_under_any_decimal_context(tmp_path: Path) -> None:
    largest = contract_data(lots=[lot(estimated_amount=10**12, labour_share=1, hourly_cost=1)])
    contract = load_contract(largest)
    # NOTE: a caller's context (here 3 digits, every signal trapped) does not change a figure.
    with decimal.localcontext(decimal.Context(prec=3, traps=list(decimal.Context().flags))):
        obligation = compute_obligation(contract)
    assert obligation.total_insertion_hours == 50_000_000_000
    path = build_file_tree(tmp_path, {"c.yaml": largest}) / "c.yaml"
    result = cli("hours", path)
    assert result.exit_code == 0, result.stderr
    assert "1    Lot    amount  1000000000000   5 %      50000000000" in result.stdout


def test_the_rules_give_their_reasons() -> None:
    with pytest.raises(FigureError, match=r"^must be at most 1 000 000 000 000 € excl\. VAT$"):
        AMOUNT.read("1 000 000 000 001")
    assert HOURS_PER_FTE.read("1 607 h") == decimal.Decimal(1607)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("50", "must be between 100 and 8 784 hours (a leap year has 8 784) (got '50')"),
        ("9000", "must be between 100 and 8 784 hours (a leap year has 8 784) (got '9000')"),
        ("1e5", "must be a number of hours such as 1607 or 1680 (got '1e5')"),
        ("1607,1234567", "must have at most 6 decimals (got '1607,1234567')"),
        (
            "9" * 5000,
            'must be between 100 and 8 784 hours (a leap year has 8 784) (got "'
            + "9" * 60
            + '…" (5 000 characters))',
        ),
    ],
)
def test_report_hours_per_fte_has_the_same_bounds(value: str, message: str) -> None:
    result = cli("report", EXAMPLES / "portfolio", "--hours-per-fte", value)
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1] == f"Error: Invalid value for '--hours-per-fte': {message}"
    )


# --- files that are not data ---------------------------------------------------------------


def test_special_files_as_contracts_and_realised_hours_end_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    result = cli_process(
        "validate", "fifo.yaml", "/dev/zero", "/proc/self/environ", "loop.yaml", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: fifo.yaml: is not a regular file (a pipe, socket or device): refused",
        "Error: /dev/zero: is a file of the operating system, not a data file: refused",
        "Error: /proc/self/environ: is a file of the operating system, not a data file: refused",
        "Error: loop.yaml: is a symbolic link loop, not a file",
    ]
    realised = cli_process(
        "report", EXAMPLES / "portfolio", "-r", "fifo.csv", "-r", "/dev/zero", cwd=tmp_path
    )
    assert realised.returncode == 1
    assert realised.stderr.splitlines() == [
        "Error: fifo.csv: is not a regular file (a pipe, socket or device): refused",
        "Error: /dev/zero: is a file of the operating system, not a data file: refused",
    ]


def test_standard_input_and_files_are_held_to_the_size_limit(tmp_path: Path) -> None:
    with Path("/dev/zero").open("rb") as zero:
        result = cli_process(
            "hours", "-", cwd=tmp_path, stdin=zero, env={"CLAUSEGEN_LIMIT_DESCRIPTION_BYTES": "1MB"}
        )
    assert result.returncode == 1
    assert result.stderr == (
        "Error: <stdin>: is too large (more than 1 MB; the limit is 1 MB, set by "
        "CLAUSEGEN_LIMIT_DESCRIPTION_BYTES)\n"
    )
    build_file_tree(tmp_path, {"big.csv": "contract,lot\n" + "x,1\n" * 1000})
    with limits.using(Limits(data_bytes=1000)):
        report = cli("report", EXAMPLES / "portfolio", "-r", tmp_path / "big.csv")
    assert report.stderr == (
        f"Error: {tmp_path / 'big.csv'}: is too large (3.9 KB; the limit is 1000 bytes, set by "
        "CLAUSEGEN_LIMIT_DATA_BYTES)\n"
    )


def test_a_dense_document_stops_at_the_values_limit(tmp_path: Path) -> None:
    # NOTE: 5 million values in 10 MB; counted while composing, with libyaml (over 64 KB).
    text = "reference: T\nlots: [" + "a," * 4_900_000 + "]\n"
    path = build_file_tree(tmp_path, {"c.yaml": text, "c.json": json.dumps({"a": [1] * 200_000})})
    assert messages(path / "c.yaml") == [
        f"{path / 'c.yaml'}:2:200002: holds more than 100 000 values, counting those that "
        "aliases repeat (a limit set by CLAUSEGEN_LIMIT_DESCRIPTION_VALUES)"
    ]
    (found,) = messages(path / "c.json")
    assert found.endswith(
        "holds more than 100 000 values, counting those that aliases repeat "
        "(a limit set by CLAUSEGEN_LIMIT_DESCRIPTION_VALUES)"
    )


def test_a_profile_with_a_huge_charter_is_refused_on_its_field(tmp_path: Path) -> None:
    commitment = profile_data()["charter"]["commitments"][0]
    commitments = [{**copy.deepcopy(commitment), "number": n} for n in range(1, 1002)]
    charter = {"title": "Charte", "commitments": commitments}
    path = build_file_tree(tmp_path, {"p.yaml": profile_data(charter=charter)}) / "p.yaml"
    result = cli("profile", "check", path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}:7: charter.commitments: must have at most 1 000 items (got 1 001)\n"
    )


def test_the_readme_lists_every_limit_with_its_variable_and_default() -> None:
    import dataclasses
    import re

    from clausegen.limits import describe_size
    from tests.helpers import REPO

    rows = re.findall(
        r"^\| `(\w+)` \| `(CLAUSEGEN_LIMIT_\w+)` \| ([^|]+) \|",
        (REPO / "README.md").read_text("utf-8"),
        flags=re.MULTILINE,
    )
    defaults = Limits()
    expected = []
    for field in dataclasses.fields(Limits):
        value = getattr(defaults, field.name)
        shown = describe_size(value) if field.name.endswith("_bytes") else f"{value:,g}"
        expected.append((field.name, Limits.variable(field.name), shown.replace(",", " ")))
    found = [(name, variable, default.strip()) for name, variable, default in rows]
    assert sorted(found) == sorted(expected)
