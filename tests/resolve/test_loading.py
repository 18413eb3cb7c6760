"""Loading descriptions: every problem with its file, line, field path and value."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from clausegen import ContractError, load_contract
from tests.helpers import EXAMPLES, build_file_tree, contract_data

VALID = """\
reference: "2026-TRV-014"
title: "Rénovation"
kind: works
buyer:
  name: "Région"
facilitator:
  name: "Claire"
lots:
  - number: 1
    title: "Gros œuvre"
    trade: maconnerie
    estimated_amount: "1 200 000"
  - number: 2
    title: "Peinture"
    trade: peinture
    estimated_amount: 310000
    labour_share: 0.5
"""


def messages(path: Path | str) -> list[str]:
    with pytest.raises(ContractError) as caught:
        load_contract(path)
    return str(caught.value).splitlines()


def write(tmp_path: Path, text: str, name: str = "contract.yaml") -> Path:
    return build_file_tree(tmp_path, {name: text}) / name


@pytest.mark.parametrize("written", ["2026-11-25", "25/11/2026", '"2026-11-25"'])
def test_dates_iso_or_french(tmp_path: Path, written: str) -> None:
    contract = load_contract(
        write(tmp_path, VALID.replace("kind: works", f"kind: works\ndate: {written}"))
    )
    assert contract.date == datetime.date(2026, 11, 25)


def test_date_like_references_stay_text(tmp_path: Path) -> None:
    contract = load_contract(write(tmp_path, VALID.replace('"2026-TRV-014"', "2026-11-25")))
    assert contract.reference == "2026-11-25"


def test_a_valid_description_loads_with_french_numbers(tmp_path: Path) -> None:
    contract = load_contract(write(tmp_path, VALID))
    assert contract.lots[0].estimated_amount == Decimal(1200000)
    assert contract.lots[1].labour_share == Decimal("0.5")
    assert contract.source == tmp_path / "contract.yaml"


def test_the_issue_example_message(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("labour_share: 0.5", "labour_share: 4.5"))
    assert messages(path) == [f"{path}:17: lots[1].labour_share: must be between 0 and 1 (got 4.5)"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "kind: works",
            "kind: work",
            "3: kind: must be one of works, services, intellectual_services, supplies (got \"work\"); did you mean 'works'?",
        ),
        (
            "    trade: peinture",
            "    trade: peinture\n    labor_share: 1",
            "16: lots[1].labor_share: unknown field; did you mean 'labour_share'?",
        ),
        (
            'reference: "2026-TRV-014"',
            "reference: 2026",
            "1: reference: must be text; put the value in quotes (got 2026)",
        ),
        (
            'estimated_amount: "1 200 000"',
            'estimated_amount: "1,200,000"',
            '12: lots[0].estimated_amount: must be a number such as 1200000, "1 200 000" or "1 200 000,50" (got "1,200,000")',
        ),
        (
            "estimated_amount: 310000",
            "estimated_amount: -5",
            "16: lots[1].estimated_amount: must be greater than 0 (got -5)",
        ),
        (
            "estimated_amount: 310000",
            "estimated_amount: 0",
            "16: lots[1].estimated_amount: must be greater than 0 (got 0)",
        ),
        (
            "labour_share: 0.5",
            'labour_share: "0 %"',
            '17: lots[1].labour_share: must be greater than 0 (got "0 %")',
        ),
        (
            "labour_share: 0.5",
            "labour_share: abc",
            '17: lots[1].labour_share: must be a rate such as 0.05, "0,05" or "5 %" (got "abc")',
        ),
        (
            "  - number: 2",
            "  - number: 2.5",
            "13: lots[1].number: must be a whole number from 1 (got 2.5)",
        ),
        (
            '  name: "Claire"',
            '  name: "Claire"\n  email: "claire"',
            '8: facilitator.email: must be an e-mail address (got "claire")',
        ),
        (
            "kind: works",
            "kind: works\ndate: 31/02/2026",
            '4: date: is not a date of the calendar (got "31/02/2026")',
        ),
        (
            "kind: works",
            "kind: works\ndate: 2026-13-01",
            '4: date: is not a date of the calendar (got "2026-13-01")',
        ),
        (
            'buyer:\n  name: "Région"',
            "buyer: 42",
            "4: buyer: must be a mapping of fields (got 42)",
        ),
        (
            'buyer:\n  name: "Région"',
            'buyer:\n  service: "S"',
            "5: buyer.name: required field is missing",
        ),
    ],
)
def test_each_problem_names_line_field_and_value(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    assert messages(path) == [f"{path}:{expected}"]


def test_all_problems_are_listed_in_file_order(tmp_path: Path) -> None:
    text = VALID.replace("kind: works", "kind: work").replace(
        "labour_share: 0.5", "labour_share: 9"
    )
    text = text.replace('title: "Rénovation"\n', "")
    path = write(tmp_path, text)
    assert messages(path) == [
        f"{path}:1: title: required field is missing",
        f"{path}:2: kind: must be one of works, services, intellectual_services, supplies "
        "(got \"work\"); did you mean 'works'?",
        f"{path}:16: lots[1].labour_share: must be between 0 and 1 (got 9)",
    ]


def test_computation_problems_get_their_lines_too(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("trade: maconnerie", "trade: maconerie"))
    assert messages(path) == [
        f'{path}:11: lots[0].trade: unknown trade (got "maconerie"); did you mean '
        "'maconnerie', 'menuiserie' or 'platrerie'? See 'clausegen rates' for the list."
    ]


def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "reference: x\n  title: y\n")
    assert messages(path) == [f"{path}:2:8: invalid YAML: mapping values are not allowed here"]


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("kind: works", "kind: works\nkind: services"))
    assert messages(path) == [f"{path}:4: kind: duplicate key (first written on line 3)"]


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    empty = write(tmp_path, "# nothing\n", "empty.yaml")
    assert messages(empty) == [f"{empty}: is empty; it must describe a contract"]
    listed = write(tmp_path, "- a\n- b\n", "list.yaml")
    assert messages(listed) == [
        f"{listed}:1: must be a mapping of fields (reference, title, kind, buyer, lots…) "
        "(got a list)"
    ]


def test_missing_file_directory_and_encoding(tmp_path: Path) -> None:
    assert messages(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: file not found"]
    assert messages(tmp_path) == [f"{tmp_path}: is a folder, not a file"]
    latin1_text = "reference: x\ntitle: Rénovation\n".encode("latin-1")
    latin1 = build_file_tree(tmp_path, {"latin1.yaml": latin1_text}) / "latin1.yaml"
    assert messages(latin1) == [
        f"{latin1}:2: is not UTF-8 text (byte 0xe9); save the file as UTF-8"
    ]


def test_json_descriptions_with_lines(tmp_path: Path) -> None:
    data = contract_data()
    data["lots"][0]["labour_share"] = 1.5
    text = json.dumps(data, indent=2, ensure_ascii=False)
    line = text.splitlines().index('      "labour_share": 1.5') + 1
    path = write(tmp_path, text, "contract.json")
    assert messages(path) == [
        f"{path}:{line}: lots[0].labour_share: must be between 0 and 1 (got 1.5)"
    ]
    broken = write(tmp_path, '{"reference": "x",\n "title": 3,}', "broken.json")
    assert messages(broken) == [
        f"{broken}:2:13: invalid JSON: Expecting property name enclosed in double quotes"
    ]
    duplicated = write(tmp_path, '{"reference": "x",\n "reference": "y"}', "dup.json")
    assert messages(duplicated) == [
        f"{duplicated}:2: reference: duplicate key (first written on line 1)"
    ]


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(VALID.encode())))
    contract = load_contract("-")
    assert contract.reference == "2026-TRV-014"
    assert contract.source is None
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"reference": 1}')))
    with pytest.raises(ContractError) as caught:
        load_contract("-")
    assert (
        str(caught.value).splitlines()[0]
        == "<stdin>:1: reference: must be text; put the value in quotes (got 1)"
    )


def test_a_mapping_is_accepted_and_checked() -> None:
    assert load_contract(contract_data()).reference == "T-001"
    with pytest.raises(ContractError) as caught:
        load_contract(contract_data(kind="bad"))
    assert str(caught.value) == (
        "<mapping>: kind: must be one of works, services, intellectual_services, supplies "
        '(got "bad")'
    )


@pytest.mark.parametrize(
    "path", sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".yaml", ".json"))
)
def test_shipped_examples_are_valid(path: Path) -> None:
    assert load_contract(path).lots
