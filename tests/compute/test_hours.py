"""The hour obligation: worked examples, rounding, precedence, warnings and errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from clausegen import ContractError, Method, Source, compute_obligation
from clausegen.validate.models import Contract
from tests.helpers import contract_data


def contract(**changes: Any) -> Contract:
    return Contract.model_validate(contract_data(**changes))


def lot(**fields: Any) -> dict[str, Any]:
    return {"number": 1, "title": "Lot", **fields}


def test_mef_sud_77_example_gives_833_hours() -> None:
    # domain.md §3 example 1: 1 000 000 € × 50 % × 5 % ÷ 30 €/h = 833.33 h.
    result = compute_obligation(
        contract(lots=[lot(estimated_amount=1000000, labour_share=0.5, hourly_cost=30, rate=0.05)])
    )
    (only,) = result.lots
    assert only.method is Method.AMOUNT
    assert only.labour_hours is not None
    assert only.labour_hours.quantize(Decimal("0.01")) == Decimal("16666.67")
    assert only.insertion_hours_exact.quantize(Decimal("0.01")) == Decimal("833.33")
    assert only.insertion_hours == 833
    assert result.total_insertion_hours == 833


def test_ales_example_reconstructed_gives_3500_hours() -> None:
    # domain.md §3 example 2 (reconstructed): 1.5 M€ at 70 % labour, 30 €/h, 10 %.
    result = compute_obligation(
        contract(
            kind="services",
            lots=[lot(estimated_amount="1 500 000", labour_share="70 %", hourly_cost=30)],
            insertion={"rate": "10 %"},
        )
    )
    assert result.lots[0].labour_hours == Decimal(35000)
    assert result.total_insertion_hours == 3500


def test_cleaning_method_without_staff_is_the_general_formula() -> None:
    # domain.md §3 example 3: A = 600 000 €, N = 36, T = 5 %, S = 0 → 1 200 h.
    result = compute_obligation(
        contract(
            kind="services",
            duration_months=36,
            insertion={"rate": 0.05},
            lots=[
                lot(trade="nettoyage", estimated_amount=600000, transferable_staff_monthly_hours=0)
            ],
        )
    )
    assert result.lots[0].method is Method.CLEANING
    assert result.lots[0].staff_weighting == 1
    assert result.total_insertion_hours == 1200


def test_cleaning_method_nets_out_the_staff_to_take_over() -> None:
    # S = 400 h a month: P = 1 − (400 × 25) / (600 000 / 36) = 0.4 → 480 h.
    result = compute_obligation(
        contract(
            kind="services",
            duration_months=36,
            insertion={"rate": 0.05},
            lots=[
                lot(
                    trade="nettoyage", estimated_amount=600000, transferable_staff_monthly_hours=400
                )
            ],
        )
    )
    (only,) = result.lots
    assert only.staff_weighting == Decimal("0.4")
    assert only.insertion_hours_exact == Decimal(480)
    assert only.insertion_hours == 480
    assert [w.code for w in result.warnings if not w.legal] == []


def test_cleaning_method_with_too_much_staff_gives_no_clause_and_one_warning() -> None:
    result = compute_obligation(
        contract(
            kind="services",
            duration_months=36,
            insertion={"rate": 0.05},
            lots=[
                lot(trade="nettoyage", estimated_amount=90000, transferable_staff_monthly_hours=200)
            ],
        )
    )
    (only,) = result.lots
    assert only.staff_weighting == Decimal(-1)
    assert only.insertion_hours == 0
    assert [str(w) for w in result.warnings if not w.legal] == [
        "lot 1: the staff to take over (200 h a month) already exceed the lot's labour "
        "potential (P ≤ 0): no clause is possible on this lot, 0 h"
    ]


@pytest.mark.parametrize(
    ("labour_hours", "rate", "expected"),
    [
        # 170 × 0.35 is 59.499999999999993 in binary floats: it must still round to 60.
        (170, 0.35, 60),
        # Python's round() gives 12 here (round half to even); the contract says 13.
        (250, 0.05, 13),
        (349, 0.05, 17),
    ],
)
def test_rounding_is_half_up_on_exact_decimals(
    labour_hours: int, rate: float, expected: int
) -> None:
    result = compute_obligation(contract(lots=[lot(labour_hours=labour_hours, rate=rate)]))
    assert result.lots[0].insertion_hours == expected


def test_total_is_the_sum_of_the_rounded_lots() -> None:
    # Each lot is 12.5 h: the lots round to 13 + 13 = 26, although 25 h would be the total
    # of the unrounded figures.
    result = compute_obligation(
        contract(
            lots=[
                lot(number=1, labour_hours=250, rate=0.05),
                lot(number=2, labour_hours=250, rate=0.05),
            ]
        )
    )
    assert [item.insertion_hours for item in result.lots] == [13, 13]
    assert result.total_insertion_hours == 26


def test_fte_has_one_decimal_and_uses_the_convention() -> None:
    result = compute_obligation(
        contract(lots=[lot(labour_hours=1480000, rate=0.05)], insertion={"hours_per_fte": 1680})
    )
    assert result.total_insertion_hours == 74000
    assert result.total_fte == Decimal("44.0")
    assert result.hours_per_fte.source is Source.CONTRACT
    default = compute_obligation(contract(lots=[lot(labour_hours=1480000, rate=0.05)]))
    assert default.total_fte == Decimal("46.0")
    assert default.hours_per_fte.value == 1607
    assert default.hours_per_fte.source is Source.DEFAULT


def test_labour_hours_win_over_the_amount_which_is_kept() -> None:
    result = compute_obligation(
        contract(lots=[lot(estimated_amount=520000, trade="electricite", labour_hours=5200)])
    )
    (only,) = result.lots
    assert only.method is Method.LABOUR_HOURS
    assert only.labour_hours_given
    assert only.labour_hours == 5200
    assert only.estimated_amount == 520000
    assert only.insertion_hours == 260
    # The indicative preset is not used to size the lot, so it is not warned about.
    assert [w.code for w in result.warnings if not w.legal] == []


class TestPrecedence:
    """The lot, then the contract, then the buyer, then the trade preset, then the default."""

    def test_rate(self) -> None:
        buyer = {"name": "B", "insertion": {"rates": {"works": 0.07}}}
        cases = [
            (
                contract(
                    lots=[lot(labour_hours=1000, rate=0.2)], insertion={"rate": 0.1}, buyer=buyer
                ),
                "0.2",
                Source.LOT,
            ),
            (
                contract(lots=[lot(labour_hours=1000)], insertion={"rate": 0.1}, buyer=buyer),
                "0.1",
                Source.CONTRACT,
            ),
            (contract(lots=[lot(labour_hours=1000)], buyer=buyer), "0.07", Source.BUYER),
            (contract(lots=[lot(labour_hours=1000)]), "0.05", Source.DEFAULT),
        ]
        for case, value, source in cases:
            rate = compute_obligation(case).lots[0].insertion_rate
            assert rate is not None
            assert (rate.value, rate.source) == (Decimal(value), source)

    def test_hourly_cost(self) -> None:
        buyer = {"name": "B", "insertion": {"hourly_costs": {"services": 33}}}
        nettoyage = {"trade": "nettoyage", "estimated_amount": 100000}
        cases = [
            (
                contract(
                    kind="services",
                    lots=[lot(**nettoyage, hourly_cost=22)],
                    insertion={"hourly_cost": 30},
                    buyer=buyer,
                ),
                "22",
                Source.LOT,
            ),
            (
                contract(
                    kind="services",
                    lots=[lot(**nettoyage)],
                    insertion={"hourly_cost": 30},
                    buyer=buyer,
                ),
                "30",
                Source.CONTRACT,
            ),
            (contract(kind="services", lots=[lot(**nettoyage)], buyer=buyer), "33", Source.BUYER),
            (contract(kind="services", lots=[lot(**nettoyage)]), "20", Source.PRESET),
            (
                contract(kind="services", lots=[lot(trade="peinture", estimated_amount=100000)]),
                "39",
                Source.DEFAULT,
            ),
        ]
        for case, value, source in cases:
            cost = compute_obligation(case).lots[0].hourly_cost
            assert (cost.value, cost.source) == (Decimal(value), source)

    def test_labour_share(self) -> None:
        buyer = {"name": "B", "labour_shares": {"peinture": 0.65}}
        cases = [
            (
                contract(
                    lots=[lot(trade="peinture", estimated_amount=1, labour_share=0.6)], buyer=buyer
                ),
                "0.6",
                Source.LOT,
            ),
            (
                contract(lots=[lot(trade="peinture", estimated_amount=1)], buyer=buyer),
                "0.65",
                Source.BUYER,
            ),
            (contract(lots=[lot(trade="peinture", estimated_amount=1)]), "0.7", Source.PRESET),
        ]
        for case, value, source in cases:
            share = compute_obligation(case).lots[0].labour_share
            assert share is not None
            assert (share.value, share.source) == (Decimal(value), source)

    def test_buyer_may_define_its_own_trades(self) -> None:
        buyer = {"name": "B", "labour_shares": {"ascenseurs": 0.35}}
        result = compute_obligation(
            contract(lots=[lot(trade="ascenseurs", estimated_amount=700000)], buyer=buyer)
        )
        # 700 000 × 0.35 ÷ 35 × 0.05 = 350 h
        assert result.total_insertion_hours == 350

    def test_penalty_defaults_to_the_hourly_cost(self) -> None:
        default = compute_obligation(contract()).lots[0].penalty_per_missing_hour
        assert (default.value, default.source, default.detail) == (
            Decimal(35),
            Source.DEFAULT,
            "hourly_cost",
        )
        chosen = compute_obligation(contract(insertion={"penalty_per_missing_hour": 50}))
        penalty = chosen.lots[0].penalty_per_missing_hour
        assert (penalty.value, penalty.source) == (Decimal(50), Source.CONTRACT)


class TestWarnings:
    def test_under_150_hours(self) -> None:
        result = compute_obligation(contract(lots=[lot(labour_hours=2000, rate=0.05)]))
        assert [str(w) for w in result.warnings if not w.legal] == [
            "lot 1: 100 insertion hours is under 150 h, below which practice advises "
            "against a clause"
        ]

    def test_under_40000_euros(self) -> None:
        result = compute_obligation(
            contract(lots=[lot(estimated_amount=30000, labour_share=0.5, hourly_cost=1, rate=0.05)])
        )
        assert [str(w) for w in result.warnings if not w.legal] == [
            "lot 1: the estimated amount 30000 € excl. VAT is under 40000 €, below which a "
            "clause is rarely worth it"
        ]

    def test_short_contract(self) -> None:
        result = compute_obligation(contract(duration_months="1,5"))
        assert [str(w) for w in result.warnings if not w.legal] == [
            "the contract lasts 1.5 months, under 2 months: too short for insertion hires to "
            "take root"
        ]

    def test_indicative_preset(self) -> None:
        result = compute_obligation(
            contract(lots=[lot(trade="gros_oeuvre", estimated_amount=2000000)])
        )
        assert [str(w) for w in result.warnings if not w.legal] == [
            "lot 1: the labour share 50 % comes from the indicative preset 'gros_oeuvre', "
            "which no published source backs: check it with the facilitator"
        ]

    def test_no_facilitator(self) -> None:
        data = contract_data()
        del data["facilitator"]
        result = compute_obligation(Contract.model_validate(data))
        assert [str(w) for w in result.warnings if not w.legal] == [
            "no facilitator is named: the documents give the buyer's contact instead"
        ]

    def test_supplies(self) -> None:
        result = compute_obligation(
            contract(kind="supplies", lots=[lot(labour_hours=10000)], insertion={"rate": 0.05})
        )
        assert [w.code for w in result.warnings if not w.legal] == ["supplies_contract"]

    def test_award_criterion_without_weight(self) -> None:
        result = compute_obligation(contract(mechanism="award_criterion"))
        assert [w.code for w in result.warnings if not w.legal] == ["no_criterion_weight"]
        weighted = compute_obligation(
            contract(mechanism="award_criterion", insertion={"criterion_weight": "10 %"})
        )
        assert weighted.warnings == weighted.legal_warnings

    def test_labour_share_unused(self) -> None:
        result = compute_obligation(contract(lots=[lot(labour_hours=10000, labour_share=0.5)]))
        assert [w.code for w in result.warnings if not w.legal] == ["labour_share_unused"]

    def test_warnings_are_listed_per_lot_and_for_the_contract(self) -> None:
        data = contract_data(
            lots=[lot(number=1, labour_hours=100), lot(number=2, labour_hours=100)]
        )
        del data["facilitator"]
        result = compute_obligation(Contract.model_validate(data))
        assert [w.code for w in result.warnings if not w.legal] == [
            "no_facilitator",
            "under_minimum_hours",
            "under_minimum_hours",
        ]
        assert [w.code for w in result.lots[1].warnings] == ["under_minimum_hours"]


def test_reserved_contracts_have_no_hour_figure() -> None:
    result = compute_obligation(
        contract(mechanism="reserved_ea_esat", lots=[lot(title="Blanchisserie")])
    )
    (only,) = result.lots
    assert only.method is Method.RESERVED
    assert only.insertion_rate is None
    assert only.insertion_hours == 0
    assert result.total_insertion_hours == 0


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ContractError) as caught:
        compute_obligation(Contract.model_validate(data))
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


class TestErrors:
    def test_lot_without_amount_or_hours(self) -> None:
        assert problems(contract_data(lots=[lot()])) == [
            "lots[0]: give estimated_amount or labour_hours to size this lot"
        ]

    def test_amount_without_share_or_trade_points_to_rates(self) -> None:
        assert problems(contract_data(lots=[lot(estimated_amount=100000)])) == [
            "lots[0].labour_share: no labour share for this lot: give labour_share or a trade "
            "(see 'clausegen rates')"
        ]

    def test_unknown_trade_suggests_the_closest(self) -> None:
        assert problems(contract_data(lots=[lot(trade="maconerie", estimated_amount=1)])) == [
            "lots[0].trade: unknown trade (got \"maconerie\"); did you mean 'maconnerie', "
            "'menuiserie' or 'platrerie'? See 'clausegen rates' for the list."
        ]
        assert problems(contract_data(lots=[lot(trade="zzz", estimated_amount=1)])) == [
            "lots[0].trade: unknown trade (got \"zzz\"). See 'clausegen rates' for the list."
        ]

    def test_duplicate_lot_numbers(self) -> None:
        data = contract_data(lots=[lot(labour_hours=9000), lot(labour_hours=9000)])
        assert problems(data) == ["lots[1].number: lot number 1 is already used by lots[0]"]

    def test_supplies_need_a_rate(self) -> None:
        assert problems(contract_data(kind="supplies", lots=[lot(labour_hours=9000)])) == [
            "lots[0].rate: supplies contracts have no default insertion rate: set "
            "insertion.rate or lots[0].rate"
        ]

    def test_cleaning_method_needs_the_duration(self) -> None:
        data = contract_data(
            kind="services",
            lots=[lot(trade="nettoyage", estimated_amount=1, transferable_staff_monthly_hours=4)],
        )
        assert problems(data) == [
            "duration_months: required by the cleaning-sector method used by lots[0]"
        ]

    def test_every_problem_is_reported_at_once(self) -> None:
        data = contract_data(lots=[lot(number=1), lot(number=1, trade="xx", estimated_amount=1)])
        assert len(problems(data)) == 3
