"""The law as of 2026: estimated value, EU threshold, legal warnings and --strict."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clausegen.cli import main
from clausegen.compute.hours import compute_obligation
from clausegen.validate.models import Contract
from tests.helpers import build_file_tree, contract_data

ENVIRONMENTAL = {"clause": "Tri des déchets", "criterion": "Performance environnementale"}


def obligation_of(**changes: Any) -> Any:
    changes.setdefault("environmental", ENVIRONMENTAL)
    return compute_obligation(Contract.model_validate(contract_data(**changes)))


def lot(number: int, amount: int | None) -> dict[str, Any]:
    data: dict[str, Any] = {"number": number, "title": f"Lot {number}", "trade": "nettoyage"}
    if amount is None:
        data["labour_hours"] = 1000
    else:
        data["estimated_amount"] = amount
    return data


def legal_codes(obligation: Any) -> list[str]:
    return [w.code for w in obligation.warnings if w.legal]


def test_a_contract_with_every_legal_field_has_no_legal_warning() -> None:
    assert legal_codes(obligation_of()) == []


@pytest.mark.parametrize(
    ("amount", "reached"),
    [(215_999, False), (216_000, True)],
)
def test_a_services_contract_just_below_and_at_the_threshold(amount: int, reached: bool) -> None:
    obligation = obligation_of(kind="services", lots=[lot(1, amount)])
    check = obligation.eu_threshold
    assert check.threshold.amount == 216_000
    assert check.reached is reached
    assert check.social_condition_required is reached
    assert legal_codes(obligation) == []


def test_a_state_buyer_has_the_central_threshold() -> None:
    data = contract_data(kind="services", lots=[lot(1, 150_000)], environmental=ENVIRONMENTAL)
    data["buyer"]["buyer_category"] = "state"
    check: Any = compute_obligation(Contract.model_validate(data)).eu_threshold
    assert (check.threshold.amount, check.reached) == (140_000, True)


def test_works_just_below_and_above_their_threshold() -> None:
    below = obligation_of(estimated_value=5_403_999).eu_threshold
    above = obligation_of(estimated_value=5_404_000).eu_threshold
    assert (below.reached, above.reached) == (False, True)
    assert above.estimated.basis == "declared"


def test_reserved_above_the_threshold_warns_unless_an_exception_is_recorded() -> None:
    reserved = {"kind": "services", "mechanism": "reserved_ea_esat", "lots": [lot(1, 300_000)]}
    warning = next(w for w in obligation_of(**reserved).warnings if w.legal)
    assert (warning.code, warning.message) == (
        "social_condition_missing",
        "the estimated value (300000 € excl. VAT) reaches the EU threshold (216000 € excl. "
        "VAT): CCP L2112-2-1 requires a social or employment execution condition; the "
        "documents carry none (a reserved contract); add one or record "
        "social_condition_exception",
    )
    exception = {"code": "insufficient_link", "justification": "Motif consigné."}
    assert legal_codes(obligation_of(**reserved, social_condition_exception=exception)) == []


def test_an_exception_below_the_threshold_changes_nothing() -> None:
    exception = {"code": "other", "justification": "Motif."}
    assert legal_codes(obligation_of(social_condition_exception=exception)) == [
        "social_condition_exception_unused"
    ]


def test_an_unknown_value_and_a_missing_category_are_warned() -> None:
    data = contract_data(
        kind="services", lots=[lot(1, 100_000), lot(2, None)], environmental=ENVIRONMENTAL
    )
    del data["buyer"]["buyer_category"]
    obligation = compute_obligation(Contract.model_validate(data))
    assert [str(w) for w in obligation.warnings if w.legal] == [
        "the EU threshold for supplies and services depends on buyer_category (state, local "
        "or network): give it in the buyer profile or the contract",
        "the estimated value cannot be computed (lot 2 has no estimated_amount): give "
        "estimated_value",
    ]


def test_empty_environmental_fields_name_the_articles() -> None:
    obligation = obligation_of(environmental={})
    assert [w.message for w in obligation.warnings if w.legal] == [
        "environmental.clause is empty: since 22 August 2026 every contract carries an "
        "environmental execution condition (CCP L2112-2)",
        "environmental.criterion is empty: since 22 August 2026 every contract is awarded on "
        "at least one criterion that takes account of the environment (CCP L2152-7)",
    ]
    before = obligation_of(environmental={}, date=datetime.date(2026, 8, 21))
    assert legal_codes(before) == []


def test_a_profile_without_personal_data_gets_one_warning_per_field() -> None:
    data = contract_data(environmental=ENVIRONMENTAL)
    del data["buyer"]["personal_data"]
    obligation = compute_obligation(Contract.model_validate(data))
    assert legal_codes(obligation) == ["personal_data_missing"] * 6
    assert obligation.warnings[-1].message == (
        "personal_data.health_data_condition is not set: the CCAP says nothing on it"
    )


@pytest.mark.parametrize("command", ["validate", "hours", "generate"])
def test_strict_turns_legal_warnings_into_errors(
    command: str, tmp_path: Path, runner: CliRunner
) -> None:
    data = contract_data(environmental={"clause": "Tri des déchets"})
    build_file_tree(tmp_path, {"c.yaml": data})
    args = [command, str(tmp_path / "c.yaml")]
    if command == "generate":
        args += ["-o", str(tmp_path / "out")]
    assert runner.invoke(main, args).exit_code == 0
    if command == "generate":
        args[-1] = str(tmp_path / "strict")
    strict = runner.invoke(main, [*args[:2], "--strict", *args[2:]])
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == (
        f"Error: {tmp_path / 'c.yaml'}: environmental.criterion is empty: since 22 August "
        "2026 every contract is awarded on at least one criterion that takes account of the "
        "environment (CCP L2152-7) (a legal warning, an error with --strict)"
    )
    assert not (tmp_path / "strict").exists()
