"""The form of a contract: bad combinations of framework, tranches and renewals are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegen import ContractError, load_contract
from tests.helpers import EXAMPLES, build_file_tree

FRAMEWORK = """\
reference: AC-1
title: Nettoyage
kind: services
form: framework_orders
duration_months: 48
buyer:
  name: Ville
lots:
  - number: 1
    title: Bureaux
    minimum_amount: {minimum}
    maximum_amount: {maximum}
    estimated_amount: {estimate}
    labour_share: 0.8
    hourly_cost: 20
    rate: 0.05
"""

SINGLE = """\
reference: T-1
title: Travaux
kind: works
duration_months: 24
buyer:
  name: Ville
lots:
  - number: 1
    title: Gros oeuvre
    labour_share: 0.48
    hourly_cost: 35
"""


def write(tmp_path: Path, text: str) -> Path:
    return build_file_tree(tmp_path, {"contract.yaml": text}) / "contract.yaml"


def messages(path: Path) -> list[str]:
    with pytest.raises(ContractError) as caught:
        load_contract(path)
    return str(caught.value).splitlines()


def framework(tmp_path: Path, minimum: str, maximum: str, estimate: str) -> Path:
    text = FRAMEWORK.format(minimum=minimum, maximum=maximum, estimate=estimate)
    return write(tmp_path, text)


def test_a_framework_with_its_estimate_between_minimum_and_maximum_loads(tmp_path: Path) -> None:
    contract = load_contract(framework(tmp_path, "400 000", "900 000", "600 000"))
    assert contract.form.is_framework
    assert contract.lots[0].minimum_amount == 400000


def test_the_estimate_may_equal_a_bound(tmp_path: Path) -> None:
    assert load_contract(framework(tmp_path, "400 000", "900 000", "900 000")).lots


def test_an_estimate_below_the_minimum(tmp_path: Path) -> None:
    path = framework(tmp_path, "400 000", "900 000", "350 000")
    assert messages(path) == [
        f"{path}:13: lots[0].estimated_amount: estimated_amount (350 000 € excl. VAT) is "
        "outside minimum_amount–maximum_amount (400 000 € excl. VAT to 900 000 € excl. VAT)"
    ]


def test_an_estimate_above_the_maximum(tmp_path: Path) -> None:
    path = framework(tmp_path, "400 000", "900 000", "900 000,50")
    assert messages(path) == [
        f"{path}:13: lots[0].estimated_amount: estimated_amount (900 000,5 € excl. VAT) is "
        "outside minimum_amount–maximum_amount (400 000 € excl. VAT to 900 000 € excl. VAT)"
    ]


def test_a_maximum_below_the_minimum(tmp_path: Path) -> None:
    path = framework(tmp_path, "900 000", "400 000", "600 000")
    assert messages(path) == [
        f"{path}:12: lots[0].maximum_amount: maximum_amount (400 000 € excl. VAT) is below "
        "minimum_amount (900 000 € excl. VAT)"
    ]


def test_a_framework_lot_needs_its_estimate(tmp_path: Path) -> None:
    text = FRAMEWORK.format(minimum=1, maximum=2, estimate=3).replace(
        "    estimated_amount: 3\n", ""
    )
    path = write(tmp_path, text)
    assert messages(path) == [
        f"{path}:9: lots[0].estimated_amount: a framework agreement lot needs "
        "estimated_amount: the buyer's estimate of what will be ordered, on which its hours "
        "are sized"
    ]


def test_minimum_and_maximum_are_for_frameworks(tmp_path: Path) -> None:
    text = FRAMEWORK.format(minimum=400000, maximum=900000, estimate=600000)
    path = write(tmp_path, text.replace("form: framework_orders\n", ""))
    assert messages(path) == [
        f"{path}:10: lots[0].minimum_amount: minimum_amount is for a framework agreement: set "
        "form to framework_orders or framework_subsequent, or remove it",
        f"{path}:11: lots[0].maximum_amount: maximum_amount is for a framework agreement: set "
        "form to framework_orders or framework_subsequent, or remove it",
    ]


TRANCHES = """\
    tranches:
      - optional: false
        estimated_amount: 833333
      - optional: true
        estimated_amount: 250000
"""


def test_tranches_on_a_framework(tmp_path: Path) -> None:
    text = FRAMEWORK.format(minimum=400000, maximum=900000, estimate=600000)
    path = write(tmp_path, text + TRANCHES)
    assert messages(path) == [
        f"{path}:18: lots[0].tranches: tranches are for a contract of form single, not a "
        "framework agreement"
    ]


def test_a_framework_without_maximum_is_a_warning(tmp_path: Path) -> None:
    from clausegen.compute.hours import compute_obligation

    text = FRAMEWORK.format(minimum=400000, maximum=1, estimate=600000)
    contract = load_contract(write(tmp_path, text.replace("    maximum_amount: 1\n", "")))
    warnings = [w for w in compute_obligation(contract).warnings if w.lot == 1]
    assert [w.code for w in warnings] == ["framework_without_maximum"]


@pytest.mark.parametrize(
    ("tranches", "expected"),
    [
        (
            "    tranches:\n      - optional: false\n        estimated_amount: 1000\n",
            [
                "13: lots[0].tranches: give the firm tranche and at least one optional tranche "
                "(got 1 tranche)"
            ],
        ),
        (
            "    tranches:\n      - optional: true\n        estimated_amount: 1000\n"
            "      - optional: false\n        estimated_amount: 1000\n",
            [
                "13: lots[0].tranches[0].optional: the first tranche must be the firm tranche "
                "(optional: false)",
                "15: lots[0].tranches[1].optional: only the first tranche is firm: this one "
                "must be optional (optional: true)",
            ],
        ),
        (
            "    tranches:\n      - optional: false\n        estimated_amount: 1000\n"
            "      - optional: true\n        title: B\n",
            ["15: lots[0].tranches[1]: give estimated_amount or labour_hours to size this tranche"],
        ),
        (
            "    estimated_amount: 5000\n" + TRANCHES,
            ["12: lots[0].estimated_amount: give the amounts in the tranches, not on the lot"],
        ),
        (
            "    tranches:\n      - optional: false\n        triggered: true\n"
            "        estimated_amount: 1000\n      - optional: true\n        labour_hours: 10\n",
            [
                "14: lots[0].tranches[0].triggered: the firm tranche is always due: triggered is "
                "for an optional tranche"
            ],
        ),
    ],
)
def test_bad_tranches(tmp_path: Path, tranches: str, expected: list[str]) -> None:
    path = write(tmp_path, SINGLE + tranches)
    assert messages(path) == [f"{path}:{message}" for message in expected]


def test_renewals_with_tranches_are_not_supported(tmp_path: Path) -> None:
    text = SINGLE.replace(
        "duration_months: 24\n", "duration_months: 12\nrenewals:\n  count: 2\n  months: 12\n"
    )
    path = write(tmp_path, text + TRANCHES)
    assert messages(path) == [
        f"{path}:16: lots[0].tranches: a contract with renewals cannot have tranches (not "
        "supported)"
    ]


def test_renewals_need_a_duration(tmp_path: Path) -> None:
    text = SINGLE.replace("duration_months: 24\n", "renewals:\n  count: 2\n  months: 12\n")
    path = write(tmp_path, text + "    estimated_amount: 100000\n")
    assert messages(path) == [
        f"{path}:5: renewals: renewals need duration_months: the length of the initial period"
    ]


@pytest.mark.parametrize(
    ("renewals", "expected"),
    [
        ("count: 0\n  months: 12", "6: renewals.count: must be a whole number from 1 to 10"),
        ("count: 11\n  months: 12", "6: renewals.count: must be a whole number from 1 to 10"),
        ("count: 2\n  months: 61", "7: renewals.months: must be a whole number from 1 to 60"),
        ("count: 2.5\n  months: 12", "6: renewals.count: must be a whole number from 1 to 10"),
    ],
)
def test_renewal_bounds(tmp_path: Path, renewals: str, expected: str) -> None:
    text = SINGLE.replace(
        "duration_months: 24\n", f"duration_months: 24\nrenewals:\n  {renewals}\n"
    )
    path = write(tmp_path, text + "    estimated_amount: 100000\n")
    lines = messages(path)
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:{expected}")


def test_an_unknown_form(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        SINGLE.replace("kind: works", "kind: works\nform: accord_cadre")
        + "    estimated_amount: 1000\n",
    )
    (line,) = messages(path)
    assert line.startswith(f"{path}:4: form: ")
    assert "framework_orders" in line


FORM_EXAMPLES = [
    "espaces-verts-reconduction.yaml",
    "nettoyage-accord-cadre.yaml",
    "travaux-tranches.yaml",
]


@pytest.mark.parametrize("name", FORM_EXAMPLES)
def test_the_form_examples_are_valid_and_show_a_form(name: str) -> None:
    contract = load_contract(EXAMPLES / name)
    tranches = any(lot.tranches for lot in contract.lots)
    assert contract.form.is_framework or contract.renewals is not None or tranches
