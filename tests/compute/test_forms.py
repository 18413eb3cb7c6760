"""Frameworks, tranches and renewals: hours and ratio, each figure computed by hand here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from clausegen.compute.forms import hours_due, hours_per_1000, split_periods
from clausegen.compute.hours import Obligation, compute_obligation
from clausegen.validate.models import Contract
from tests.helpers import EXAMPLES, contract_data


def obligation(**changes: Any) -> Obligation:
    return compute_obligation(Contract.model_validate(contract_data(**changes)))


def lot(**fields: Any) -> dict[str, Any]:
    return {"number": 1, "title": "Lot", **fields}


def framework(**fields: Any) -> Obligation:
    return obligation(
        kind="services", form="framework_orders", duration_months=48, lots=[lot(**fields)]
    )


def test_the_framework_example_of_the_design() -> None:
    # 600 000 × 80 % ÷ 20 € × 5 % = 1 200 h; 1 200 ÷ 600 000 × 1 000 = 2.000 h per 1 000 €.
    computed = framework(
        minimum_amount=400000,
        maximum_amount=900000,
        estimated_amount=600000,
        labour_share=0.8,
        hourly_cost=20,
        rate=0.05,
    ).lots[0]
    assert computed.insertion_hours == 1200
    assert computed.hours_per_1000 == Decimal("2.000")
    assert (computed.minimum_amount, computed.maximum_amount) == (Decimal(400000), Decimal(900000))


def test_the_ratio_is_rounded_half_up_to_the_thousandth_from_the_exact_hours() -> None:
    # 140 000 × 75 % ÷ 24 € × 5 % = 218.75 h exactly → 219 h;
    # 218.75 ÷ 140 000 × 1 000 = 1.5625 → 1.563 (half-up; half-even would give 1.562).
    computed = framework(
        maximum_amount=250000, estimated_amount=140000, labour_share=0.75, hourly_cost=24, rate=0.05
    ).lots[0]
    assert computed.insertion_hours_exact == Decimal("218.75")
    assert computed.insertion_hours == 219
    assert computed.hours_per_1000 == Decimal("1.563")


def test_the_ratio_of_an_amount_lot_is_share_over_cost_times_rate() -> None:
    # 45 % ÷ 35 € × 7 % × 1 000 = 0.9 h per 1 000 €, whatever the estimate.
    for estimate in (100000, 333333, 1234567):
        computed = framework(
            maximum_amount=2000000,
            estimated_amount=estimate,
            labour_share=0.45,
            hourly_cost=35,
            rate=0.07,
        ).lots[0]
        assert computed.hours_per_1000 == Decimal("0.900")


def test_the_ratio_of_a_lot_sized_in_hours_is_hours_over_amount() -> None:
    # 10 000 labour hours × 5 % = 500 h on an estimate of 300 000: 500 ÷ 300 = 1.6666… → 1.667.
    computed = framework(
        maximum_amount=400000, estimated_amount=300000, labour_hours=10000, rate=0.05
    ).lots[0]
    assert computed.insertion_hours == 500
    assert computed.hours_per_1000 == Decimal("1.667")


def test_a_single_contract_has_no_ratio() -> None:
    assert obligation().lots[0].hours_per_1000 is None


def test_hours_due_are_rounded_once_on_the_cumulative_amount() -> None:
    # 1.563 × 70 000 ÷ 1 000 = 109.41 → 109; 1.563 × 140 000 ÷ 1 000 = 218.82 → 219.
    assert hours_due(Decimal("1.563"), Decimal(70000)) == 109
    assert hours_due(Decimal("1.563"), Decimal(140000)) == 219
    # half-up: 2.5 × 1 000 ÷ 1 000 = 2.5 → 3
    assert hours_due(Decimal("2.500"), Decimal(1000)) == 3
    assert hours_per_1000(Decimal("0.0005"), Decimal(1000)) == Decimal("0.001")


TRANCHES = [
    {"optional": False, "title": "A", "estimated_amount": 833333},
    {"optional": True, "title": "B", "estimated_amount": 250000},
    {"optional": True, "labour_hours": 2280},
]


def test_each_tranche_is_computed_like_a_lot_and_the_lot_adds_the_rounded_tranches() -> None:
    # firm: 833 333 × 48 % ÷ 35 × 5 % = 571.428… → 571; B: 250 000 × 48 % ÷ 35 × 5 % =
    # 171.428… → 171; C: 2 280 × 5 % = 114. Lot: 571 + 171 + 114 = 856 (the exact sum,
    # 856.857…, would round to 857).
    computed = obligation(
        lots=[lot(labour_share=0.48, hourly_cost=35, rate=0.05, tranches=TRANCHES)]
    ).lots[0]
    assert [t.insertion_hours for t in computed.tranches] == [571, 171, 114]
    assert [t.optional_number for t in computed.tranches] == [0, 1, 2]
    assert computed.insertion_hours == 856
    assert computed.firm_hours == 571
    assert computed.estimated_amount is None  # one tranche is sized in hours
    assert obligation(
        lots=[lot(labour_share=0.48, hourly_cost=35, rate=0.05, tranches=TRANCHES[:2])]
    ).lots[0].estimated_amount == Decimal(1083333)


def test_renewals_split_the_hours_of_the_maximum_duration() -> None:
    # 500 000 × 60 % ÷ 30 × 7 % = 700 h over 12 + 3 × 12 = 48 months: 175 h per period.
    computed = obligation(
        kind="services",
        form="framework_orders",
        duration_months=12,
        renewals={"count": 3, "months": 12},
        lots=[
            lot(
                maximum_amount=800000,
                estimated_amount=500000,
                labour_share=0.6,
                hourly_cost=30,
                rate=0.07,
            )
        ],
    )
    periods = computed.lots[0].periods
    assert periods is not None
    assert (periods.initial_hours, periods.renewal_hours, periods.total) == (175, 175, 700)
    assert computed.lots[0].insertion_hours == 700
    assert computed.max_duration_months == 48
    assert computed.lots[0].hours_per_1000 == Decimal("1.400")


def test_renewal_periods_are_rounded_each_and_added() -> None:
    # 1 000 h exact over 24 + 2 × 12 = 48 months: initial 1 000 × 24 ÷ 48 = 500,
    # renewal 1 000 × 12 ÷ 48 = 250 → 500 + 2 × 250 = 1 000.
    periods = split_periods(Decimal(1000), Decimal(24), 2, 12)
    assert (periods.initial_hours, periods.renewal_hours, periods.total) == (500, 250, 1000)
    # 100 h over 12 + 2 × 12 = 36: 33.33… → 33 each: total 99 (the exact 100 is not kept).
    periods = split_periods(Decimal(100), Decimal(12), 2, 12)
    assert (periods.initial_hours, periods.renewal_hours, periods.total) == (33, 33, 99)


def test_a_single_renewed_contract() -> None:
    # 1 000 000 × 40 % ÷ 40 × 5 % = 500 h over 36 + 1 × 12 = 48 months:
    # 500 × 36 ÷ 48 = 375, 500 × 12 ÷ 48 = 125 → 375 + 125 = 500.
    computed = obligation(
        duration_months=36,
        renewals={"count": 1, "months": 12},
        lots=[lot(estimated_amount=1000000, labour_share=0.4, hourly_cost=40, rate=0.05)],
    ).lots[0]
    assert computed.periods is not None
    assert (computed.periods.initial_hours, computed.periods.renewal_hours) == (375, 125)
    assert computed.hours_per_1000 is None


def test_the_cleaning_method_nets_staff_over_the_maximum_duration() -> None:
    # 600 000 × 80 % ÷ 20 = 24 000 h; staff 10 h a month × (12 + 1 × 12) months = 240 h;
    # (24 000 − 240) × 5 % = 1 188 h.
    computed = obligation(
        kind="services",
        duration_months=12,
        renewals={"count": 1, "months": 12},
        lots=[
            lot(
                estimated_amount=600000,
                labour_share=0.8,
                hourly_cost=20,
                rate=0.05,
                transferable_staff_monthly_hours=10,
            )
        ],
    ).lots[0]
    assert computed.insertion_hours_exact == Decimal(1188)
    assert computed.insertion_hours == 594 + 594


@pytest.mark.parametrize(
    ("name", "hours", "ratios"),
    [
        ("nettoyage-accord-cadre.yaml", [1200, 219], [Decimal("2.000"), Decimal("1.563")]),
        ("espaces-verts-reconduction.yaml", [700], [Decimal("1.400")]),
        ("travaux-tranches.yaml", [856, 193], [None, None]),
    ],
)
def test_the_form_examples(name: str, hours: list[int], ratios: list[Decimal | None]) -> None:
    from clausegen.resolve.loading import load_contract

    computed = compute_obligation(load_contract(EXAMPLES / name))
    assert [lot.insertion_hours for lot in computed.lots] == hours
    assert [lot.hours_per_1000 for lot in computed.lots] == ratios
