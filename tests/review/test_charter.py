"""Which commitments of a buyer's charter a contract puts into practice, and the evidence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from clausegen import (
    CharterReview,
    ContractError,
    NoCharterError,
    Reason,
    applied_commitments,
    compute_obligation,
    load_contract,
    review_charter,
)
from clausegen.review.charter import GENERIC_EVIDENCE
from clausegen.validate.models import Contract
from tests.helpers import (
    EXAMPLES,
    PAYS_DE_LA_LOIRE,
    PROFILES,
    RIVELUNE,
    build_file_tree,
    contract_data,
    profile_data,
)

S = "\u00a0"


def lot(number: int, labour_hours: int) -> dict[str, Any]:
    return {"number": number, "title": f"Lot {number}", "labour_hours": labour_hours}


def review(buyer: object = str(PAYS_DE_LA_LOIRE), **changes: Any) -> CharterReview:
    contract = load_contract(contract_data(buyer=buyer, **changes), base_dir=PROFILES)
    return review_charter(contract, compute_obligation(contract))


def sentences(result: CharterReview) -> dict[int, list[str]]:
    return {item.number: list(item.sentences) for item in result.applied}


# --- the Pays de la Loire charter, commitment by commitment ----------------------------------
# The minimal contract: one works lot, 1 000 000 € × 50 % ÷ 35 €/h × 5 % = 714 h.


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, {9: [f"Clause d'insertion de 714{S}heures"]}),
        (
            {"lots": [lot(1, 20000), lot(2, 5), lot(3, 10000)]},  # lot 2: 0.25 h → 0 h
            {
                9: [f"Clause d'insertion de 1{S}500{S}heures sur les lots 1 et 3"],
                11: ["Marché alloti en 3 lots"],
            },
        ),
        (
            {"lots": [lot(1, 5), lot(2, 10000), lot(3, 4)]},
            {
                9: [f"Clause d'insertion de 500{S}heures sur le lot 2"],
                11: ["Marché alloti en 3 lots"],
            },
        ),
        (
            {"lots": [lot(n, 10000) for n in (1, 2, 3, 4, 6)]},
            {
                9: [f"Clause d'insertion de 2{S}500{S}heures sur les lots 1 à 4 et 6"],
                11: ["Marché alloti en 5 lots"],
            },
        ),
        (
            {"variants_allowed": True},
            {9: [f"Clause d'insertion de 714{S}heures"], 11: ["Variantes autorisées"]},
        ),
        (
            {"lifecycle_cost": True},
            {
                1: ["Offres comparées selon leur coût global, cycle de vie compris"],
                9: [f"Clause d'insertion de 714{S}heures"],
            },
        ),
        (
            {
                "environmental": {
                    "clause": "Tri des déchets de chantier",
                    "criterion": "Bilan carbone du chantier (20 %)",
                    "ecolabels": ["Écolabel européen", "NF Environnement", "Ange bleu"],
                }
            },
            {
                3: [
                    "Condition d'exécution environnementale : Tri des déchets de chantier",
                    "Critère d'attribution environnemental : Bilan carbone du chantier (20 %)",
                ],
                4: [
                    "Écolabels ou équivalents demandés : Écolabel européen, NF Environnement "
                    "et Ange bleu"
                ],
                6: [
                    "Performances environnementales prises en compte dans le choix de l'offre "
                    ": Bilan carbone du chantier (20 %)"
                ],
                9: [f"Clause d'insertion de 714{S}heures"],
            },
        ),
        (
            {"ethical": {"fair_trade": "Café équitable", "social_responsibility": "Bilan RSE"}},
            {
                7: [
                    "Exigence de commerce équitable : Café équitable",
                    "Exigence de responsabilité sociale des entreprises : Bilan RSE",
                ],
                9: [f"Clause d'insertion de 714{S}heures"],
            },
        ),
        (
            {"mechanism": "reserved_ea_esat"},
            {
                10: [
                    "Marché réservé aux entreprises adaptées et aux établissements et "
                    "services d'aide par le travail (article L2113-12 du code de la commande "
                    "publique)"
                ]
            },
        ),
        ({"mechanism": "reserved_siae"}, {}),
        (
            {"mechanism": "award_criterion", "insertion": {"criterion_weight": 0.1}},
            {
                9: [
                    f"Clause d'insertion de 714{S}heures",
                    "Critère d'attribution portant sur les performances en matière "
                    "d'insertion professionnelle",
                ]
            },
        ),
        (
            {"mechanism": "insertion_service"},
            {
                9: [
                    "Marché de prestations d'insertion et de qualification professionnelles "
                    f"de 714{S}heures"
                ]
            },
        ),
    ],
)
def test_pays_de_la_loire_rules(changes: dict[str, Any], expected: dict[int, list[str]]) -> None:
    assert sentences(review(**changes)) == expected


def test_commitments_without_rules_never_apply_by_themselves() -> None:
    result = review(
        lifecycle_cost=True,
        variants_allowed=True,
        environmental={"clause": "x", "criterion": "y", "ecolabels": ["z"]},
        ethical={"fair_trade": "a", "social_responsibility": "b"},
    )
    assert [item.number for item in result.applied] == [1, 3, 4, 6, 7, 9, 11]
    assert [(item.number, item.reason) for item in result.skipped] == [
        (2, Reason.NO_RULE),
        (5, Reason.NO_RULE),
        (8, Reason.NO_RULE),
        (10, Reason.NO_RULE),
    ]


def test_why_each_commitment_applies() -> None:
    result = review(lots=[lot(1, 10000), lot(2, 10000)], variants_allowed=True)
    why = {item.number: [(e.rule, e.condition) for e in item.evidence] for item in result.applied}
    assert why == {
        9: [
            (
                0,
                "insertion_clause is true and mechanism is one of execution_condition, "
                "award_criterion and lot_count is at least 2",
            )
        ],
        11: [(0, "lot_count is at least 2"), (1, "variants_allowed is true")],
    }
    assert all(item.reason is Reason.RULE and not item.included for item in result.applied)


# --- the contract's own include and exclude --------------------------------------------------


def test_include_and_exclude() -> None:
    result = review(charter={"include": [2, 8, 9], "exclude": [11]}, lots=[lot(1, 9000)])
    applied = {item.number: item for item in result.applied}
    assert list(applied) == [2, 8, 9]
    assert applied[2].reason is Reason.INCLUDED
    assert applied[2].sentences == (GENERIC_EVIDENCE,)
    assert applied[2].evidence[0].rule is None
    assert applied[2].evidence[0].condition == "the contract includes it (charter.include)"
    assert applied[8].sentences == (
        "Les candidats sont informés de l'engagement de la Région en matière d'achats "
        "éthiques et équitables",
    )
    # a rule matches as well: the rule is the reason, the inclusion is recorded
    assert applied[9].reason is Reason.RULE
    assert applied[9].included is True


def test_exclude_wins_over_the_rules() -> None:
    result = review(charter={"exclude": [9]})
    assert result.applied == ()
    assert (9, Reason.EXCLUDED) in [(item.number, item.reason) for item in result.skipped]


def test_applied_commitments_is_the_applied_part_of_the_review() -> None:
    contract = load_contract(
        contract_data(buyer=str(PAYS_DE_LA_LOIRE), variants_allowed=True), base_dir=PROFILES
    )
    obligation = compute_obligation(contract)
    found = applied_commitments(contract, obligation)
    assert found == list(review_charter(contract, obligation).applied)
    assert [(item.number, item.title) for item in found] == [
        (9, "Clauses d'insertion socioprofessionnelle"),
        (11, "Variantes et allotissement"),
    ]
    assert found[1].text.startswith("Utiliser les variantes et l'allotissement")


def test_a_charter_that_the_contract_applies_nowhere_gives_an_empty_list() -> None:
    contract = load_contract(
        contract_data(buyer=str(PAYS_DE_LA_LOIRE), mechanism="reserved_siae"), base_dir=PROFILES
    )
    assert applied_commitments(contract, compute_obligation(contract)) == []


def test_override_errors_have_lines(tmp_path: Path) -> None:
    text = f"""\
reference: "A"
title: "T"
kind: works
buyer: {PAYS_DE_LA_LOIRE}
lots:
  - {{number: 1, title: "L", labour_hours: 10000}}
charter:
  include:
    - 2
    - 12
    - 2
    - 3
  exclude: [3]
"""
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    with pytest.raises(ContractError) as caught:
        load_contract(path)
    assert caught.value.lines() == [
        f"{path}:10: charter.include[1]: the buyer's charter has no commitment 12 (it has 1 to 11)",
        f"{path}:11: charter.include[2]: commitment 2 is already listed at charter.include[0]",
        f"{path}:13: charter.exclude[0]: commitment 3 is also listed at charter.include[3]: "
        "it cannot be both included and excluded",
    ]


def test_an_override_without_a_charter_is_an_error() -> None:
    with pytest.raises(ContractError) as caught:
        load_contract(contract_data(charter={"exclude": [1]}))
    assert caught.value.lines() == [
        "<mapping>: charter: the buyer has no charter, so there is no commitment to include "
        "or exclude"
    ]


def test_override_numbers_are_checked_against_a_sparse_charter() -> None:
    charter = profile_data()["charter"]
    charter["commitments"][1]["number"] = 5
    buyer = profile_data(charter=charter)
    with pytest.raises(ContractError) as caught:
        load_contract(contract_data(buyer=buyer, charter={"include": [3]}))
    assert caught.value.lines() == [
        "<mapping>: charter.include[0]: the buyer's charter has no commitment 3 (it has 1 and 5)"
    ]


# --- no charter ------------------------------------------------------------------------------


def test_no_charter_is_an_error_not_an_empty_list(tmp_path: Path) -> None:
    contract = load_contract(contract_data())
    with pytest.raises(NoCharterError) as caught:
        applied_commitments(contract, compute_obligation(contract))
    assert str(caught.value) == (
        '<contract>: buyer: the buyer "Ville de Test" has no charter, so no commitment can '
        "be listed: point buyer at a profile that has one (see 'clausegen profile init')"
    )

    build_file_tree(
        tmp_path,
        {"ville.yaml": profile_data(charter=None), "c.yaml": contract_data(buyer="ville.yaml")},
    )
    contract = load_contract(tmp_path / "c.yaml")
    with pytest.raises(NoCharterError) as caught:
        review_charter(contract, compute_obligation(contract))
    assert str(caught.value) == (
        f"{tmp_path / 'c.yaml'}: buyer: the buyer profile {tmp_path / 'ville.yaml'} has no "
        "charter, so no commitment can be listed: add one to the profile (see 'clausegen "
        "profile init')"
    )


# --- a second buyer with another charter -----------------------------------------------------


def test_the_second_buyer_applies_its_own_charter_and_fte_convention() -> None:
    contract = load_contract(EXAMPLES / "avenue-de-la-gare.yaml")
    obligation = compute_obligation(contract)
    assert obligation.total_insertion_hours == 2466
    assert obligation.hours_per_fte.value == 1820
    # the profile's facilitator counts; its profile has no personal_data (legal warnings)
    assert [w.code for w in obligation.warnings if not w.legal] == []
    result = review_charter(contract, obligation)
    assert result.charter.title == (
        "Schéma de promotion des achats socialement et écologiquement responsables"
    )
    assert sentences(result) == {
        1: [f"2{S}466{S}heures d'insertion, soit 1,4 ETP, sur les lots 1 à 3"],
        3: ["Marché découpé en 3 lots", "Variantes autorisées"],
        4: [
            "Clause environnementale : Réemploi sur place d'au moins 60 % des matériaux de déblai",
            "Critère environnemental : Bilan carbone du chantier proposé par le candidat",
        ],
        6: ["Réunion d'information des entreprises organisée pendant la consultation"],
    }
    assert [(item.number, item.reason) for item in result.skipped] == [
        (2, Reason.NO_RULE),
        (5, Reason.NO_RULE),
    ]


def test_the_same_contract_under_each_buyer() -> None:
    facts = {
        "lots": [lot(1, 10000), lot(2, 10000)],
        "environmental": {"ecolabels": ["Écolabel européen"]},
    }
    region = review(buyer=str(PAYS_DE_LA_LOIRE), **facts)
    metropole = review(buyer=str(RIVELUNE), **facts)
    assert sentences(region) == {
        4: ["Écolabels ou équivalents demandés : Écolabel européen"],
        9: [f"Clause d'insertion de 1{S}000{S}heures sur les lots 1 et 2"],
        11: ["Marché alloti en 2 lots"],
    }
    # 20 000 h × 7 % (the Métropole's rate) = 1 400 h; 1 400 ÷ 1 820 = 0,8 ETP
    assert sentences(metropole) == {
        1: [f"1{S}400{S}heures d'insertion, soit 0,8 ETP, sur les lots 1 et 2"],
        4: ["Labels exigés, ou équivalents : Écolabel européen"],
    }


def test_the_brochure_example_uses_the_region_profile() -> None:
    contract = load_contract(EXAMPLES / "lycee-jules-verne.yaml")
    obligation = compute_obligation(contract)
    assert contract.buyer.profile == EXAMPLES / "profiles" / "pays-de-la-loire.yaml"
    assert obligation.total_insertion_hours == 1947
    assert obligation.hours_per_fte.value == 1680
    assert obligation.total_fte == Decimal("1.2")
    # NOTE: the example carries the environmental condition and criterion of the 2026 law
    # (issue 12): the Région's commitments 3 and 6 are put into practice too.
    assert sentences(review_charter(contract, obligation)) == {
        3: [
            "Condition d'exécution environnementale : Tri à la source et valorisation des "
            "déchets de chantier",
            "Critère d'attribution environnemental : Performance environnementale des "
            "matériaux proposés",
        ],
        6: [
            "Performances environnementales prises en compte dans le choix de l'offre : "
            "Performance environnementale des matériaux proposés"
        ],
        9: [f"Clause d'insertion de 1{S}947{S}heures sur les lots 1 à 5"],
        11: ["Marché alloti en 5 lots"],
    }


# --- the condition language ------------------------------------------------------------------


def charter_with(when: dict[str, Any]) -> dict[str, Any]:
    charter = profile_data()["charter"]
    charter["commitments"] = [
        {
            "number": 1,
            "title": "Test",
            "text": "Texte",
            "rules": [{"when": when, "evidence": "oui"}],
        }
    ]
    return profile_data(charter=charter)


@pytest.mark.parametrize(
    ("when", "changes", "applies"),
    [
        ({"kind": ["works", "services"]}, {}, True),
        ({"kind": "services"}, {}, False),
        ({"insertion_hours": {"at_least": 714}}, {}, True),
        ({"insertion_hours": {"at_least": 715}}, {}, False),
        ({"insertion_hours": {"at_most": 713}}, {}, False),
        ({"insertion_hours": 714}, {}, True),
        ({"lot_count": 1}, {}, True),
        ({"lot_count": {"at_least": 2, "at_most": 3}}, {"lots": [lot(1, 1), lot(2, 1)]}, True),
        ({"insertion_clause": False}, {"mechanism": "reserved_siae"}, True),
        ({"insertion_clause": False}, {}, False),
        ({"not": {"variants_allowed": True}}, {}, True),
        ({"any": [{"variants_allowed": True}, {"lifecycle_cost": True}]}, {}, False),
        (
            {"any": [{"variants_allowed": True}, {"lifecycle_cost": True}]},
            {"lifecycle_cost": True},
            True,
        ),
        (
            {"all": [{"variants_allowed": True}, {"lifecycle_cost": True}]},
            {"lifecycle_cost": True},
            False,
        ),
        ({"environmental": {"ecolabels": False}}, {"environmental": {"ecolabels": []}}, True),
        ({"ethical": {"fair_trade": True}}, {"ethical": {"social_responsibility": "x"}}, False),
        ({"variants_allowed": False, "mechanism": "execution_condition"}, {}, True),
    ],
)
def test_conditions(when: dict[str, Any], changes: dict[str, Any], applies: bool) -> None:
    result = review(buyer=charter_with(when), **changes)
    assert bool(result.applied) is applies


def test_conditions_are_described_in_the_order_of_the_language() -> None:
    when = {
        "not": {"lifecycle_cost": True},
        "any": [{"kind": "works"}, {"ethical": {"fair_trade": True}}],
        "insertion_hours": {"at_least": 100, "at_most": 1000},
        "environmental": {"clause": False},
    }
    result = review(buyer=charter_with(when))
    assert result.applied[0].evidence[0].condition == (
        "insertion_hours is between 100 and 1000 and environmental.clause is false and "
        "any of (kind is works; ethical.fair_trade is true) and not (lifecycle_cost is true)"
    )


def test_contract_text_is_inserted_once_and_literally() -> None:
    charter = charter_with({"environmental": {"clause": True}})
    charter["charter"]["commitments"][0]["rules"][0]["evidence"] = (
        "{{Clause}} : {clause_environnementale}"
    )
    result = review(buyer=charter, environmental={"clause": "{heures} & <b>{{x}}</b>"})
    assert result.applied[0].sentences == ("{Clause} : {heures} & <b>{{x}}</b>",)


# --- library misuse --------------------------------------------------------------------------


def test_a_charter_built_without_the_loader_is_still_checked() -> None:
    data = contract_data(buyer=charter_with({"lot_count": 1}))
    data["buyer"]["charter"]["commitments"][0]["rules"][0]["evidence"] = "{heures}"
    contract = Contract.model_validate(data)
    with pytest.raises(ContractError) as caught:
        review_charter(contract, compute_obligation(contract))
    assert caught.value.lines() == [
        "<contract>: buyer.charter.commitments[0].rules[0].evidence: {heures} may have no "
        "value when this rule matches: add 'insertion_clause: true' to its 'when'"
    ]


def test_the_obligation_must_be_the_contracts_own() -> None:
    contract = load_contract(contract_data(buyer=str(PAYS_DE_LA_LOIRE)), base_dir=PROFILES)
    other = load_contract(contract_data(reference="AUTRE"))
    with pytest.raises(ValueError, match="does not belong"):
        review_charter(contract, compute_obligation(other))
