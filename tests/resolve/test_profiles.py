"""Buyer profiles: loading, errors with file, line and field, and how contracts use them."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from clausegen import (
    ContractError,
    ProfileError,
    Source,
    compute_obligation,
    load_contract,
    load_profile,
)
from clausegen.present.starters import starter_profile
from clausegen.validate.profile import profile_json_schema
from tests.helpers import (
    PAYS_DE_LA_LOIRE,
    REPO,
    build_file_tree,
    contract_data,
    profile_data,
)

BROCHURE_CHARTER = Path(__file__).parent.parent / "data" / "brochure-charte-pays-de-la-loire.txt"


def profile_error(source: Path | str) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        load_profile(source)
    return caught.value.lines()


def contract_error(source: Path | str | dict[str, Any]) -> list[str]:
    with pytest.raises(ContractError) as caught:
        load_contract(source)
    return caught.value.lines()


# --- the Pays de la Loire profile ------------------------------------------------------------


def test_pays_de_la_loire_profile_has_the_brochure_contact_and_fte_convention() -> None:
    buyer = load_profile(PAYS_DE_LA_LOIRE)
    assert buyer.name == "Région des Pays de la Loire"
    assert buyer.service == "Service des marchés publics"
    assert buyer.phone == "02 28 20 58 38"
    assert buyer.website == "http://commandepublique.paysdelaloire.fr"
    assert buyer.insertion.hours_per_fte == Decimal(1680)
    assert buyer.facilitator is None
    assert buyer.profile == PAYS_DE_LA_LOIRE


def test_pays_de_la_loire_fte_convention_reproduces_the_brochure_key_figure() -> None:
    # "74 000 heures d'insertion générées soit 44 équivalents temps plein"
    hours_per_fte = load_profile(PAYS_DE_LA_LOIRE).insertion.hours_per_fte
    assert hours_per_fte is not None
    assert round(Decimal(74000) / hours_per_fte) == 44


def test_pays_de_la_loire_commitments_are_the_brochure_text_word_for_word() -> None:
    lines = BROCHURE_CHARTER.read_text(encoding="utf-8").splitlines()
    brochure = [re.match(r"(\d+)\. (.*)", line) for line in lines]
    expected = [(int(m.group(1)), m.group(2)) for m in brochure if m]
    charter = load_profile(PAYS_DE_LA_LOIRE).charter
    assert charter is not None
    assert charter.title == "Charte de la Commande publique responsable"
    assert [(c.number, c.text) for c in charter.commitments] == expected
    assert len(expected) == 11


def test_the_starter_profile_is_a_valid_profile(tmp_path: Path) -> None:
    path = build_file_tree(tmp_path, {"p.yaml": starter_profile()}) / "p.yaml"
    buyer = load_profile(path)
    assert buyer.charter is not None
    assert [c.number for c in buyer.charter.commitments] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("shipped", "generated"),
    [("profile.schema.json", profile_json_schema), ("contract.schema.json", None)],
)
def test_shipped_json_schemas_are_up_to_date(shipped: str, generated: Any) -> None:
    from clausegen.validate.models import json_schema

    expected = (generated or json_schema)()
    assert json.loads((REPO / "schema" / shipped).read_text(encoding="utf-8")) == expected


# --- profile errors --------------------------------------------------------------------------


def test_profile_errors_name_the_profile_file_line_and_field(tmp_path: Path) -> None:
    text = """\
name: "Ville"
emial: "x@y.fr"
insertion:
  hours_per_fte: "beaucoup"
charter:
  title: "Charte"
  commitments:
    - number: 1
      title: "Insertion"
      text: "Texte"
      rules:
        - when: {insertion_clause: yes please, lot_cont: 2}
          evidence: "Clause"
        - when: {mechanism: reserved_ea_esa, lot_count: true}
          evidence: "Clause"
"""
    path = build_file_tree(tmp_path, {"p.yaml": text}) / "p.yaml"
    assert profile_error(path) == [
        f"{path}:2: emial: unknown field; did you mean 'email'?",
        f'{path}:4: insertion.hours_per_fte: must be a number such as 1200000, "1 200 000" or '
        '"1 200 000,50" (got "beaucoup")',
        f"{path}:12: charter.commitments[0].rules[0].when.insertion_clause: must be true or "
        'false (got "yes please")',
        f"{path}:12: charter.commitments[0].rules[0].when.lot_cont: unknown field; did you "
        "mean 'lot_count'?",
        f"{path}:14: charter.commitments[0].rules[1].when.mechanism: must be one of "
        "execution_condition, award_criterion, reserved_siae, reserved_ea_esat, "
        'insertion_service, reserved_joint (got "reserved_ea_esa"); did you mean '
        "'reserved_ea_esat'?",
        f"{path}:14: charter.commitments[0].rules[1].when.lot_count: must be a whole number "
        "from 0, or {at_least: N, at_most: N} (got true)",
    ]


def test_charter_consistency_errors_have_lines_and_paths(tmp_path: Path) -> None:
    text = """\
name: "Ville"
charter:
  title: "Charte"
  commitments:
    - number: 1
      title: "Insertion"
      text: "Texte"
      rules:
        - when: {insertion_clause: true}
          evidence: "Clause de {hueres}"
        - when: {}
          evidence: "Alloti en {nombre_lots} { lots"
        - when: {lot_count: {at_least: 3, at_most: 2}, environmental: {}}
          evidence: "Écolabels : {ecolabels}"
        - when: {any: [{insertion_clause: true}, {lot_count: 2}]}
          evidence: "{heures}"
    - number: 1
      title: "Doublon"
      text: "Texte"
      evidence: "Inclus avec {etp} ETP"
    - number: 3
      title: "Sans valeur"
      text: "Texte"
      rules:
        - when: {lot_count: {}}
          evidence: "Le {inconnu} et }"
"""
    path = build_file_tree(tmp_path, {"p.yaml": text}) / "p.yaml"
    assert profile_error(path) == [
        f"{path}:10: charter.commitments[0].rules[0].evidence: unknown placeholder "
        "{hueres}; did you mean {heures}?",
        f"{path}:11: charter.commitments[0].rules[1].when: the condition tests nothing; give "
        "one or more of insertion_clause, insertion_hours, mechanism, kind, lot_count, "
        "variants_allowed, lifecycle_cost, environmental, ethical, any, all, not",
        f"{path}:12: charter.commitments[0].rules[1].evidence: unmatched '{{' at character "
        "25; write '{{' for a brace",
        f"{path}:13: charter.commitments[0].rules[2].when.lot_count: at_least (3) is greater "
        "than at_most (2): no contract can match",
        f"{path}:13: charter.commitments[0].rules[2].when.environmental: give one or more of "
        "clause, criterion, ecolabels",
        f"{path}:14: charter.commitments[0].rules[2].evidence: {{ecolabels}} may have no "
        "value when this rule matches: add 'environmental: {ecolabels: true}' to its 'when'",
        f"{path}:16: charter.commitments[0].rules[3].evidence: {{heures}} may have no value "
        "when this rule matches: add 'insertion_clause: true' to its 'when'",
        f"{path}:17: charter.commitments[1].number: commitment number 1 is already used by "
        "charter.commitments[0]",
        f"{path}:20: charter.commitments[1].evidence: {{etp}} cannot be used here: this "
        "sentence is printed when a contract includes the commitment and no rule matches, "
        "when the value may not exist; only {nombre_lots} can",
        f"{path}:25: charter.commitments[2].rules[0].when.lot_count: give at_least, at_most "
        "or both",
        f"{path}:26: charter.commitments[2].rules[0].evidence: unknown placeholder {{inconnu}};"
        " known: {heures}, {etp}, {lots_insertion}, {nombre_lots}, {ecolabels}, "
        "{clause_environnementale}, {critere_environnemental}, {commerce_equitable}, "
        "{responsabilite_sociale}",
    ]


@pytest.mark.parametrize(
    ("when", "evidence"),
    [
        # every branch of an `any` requires the fact
        (
            {"any": [{"insertion_clause": True}, {"insertion_hours": {"at_least": 1}}]},
            "{heures}",
        ),
        # one item of an `all` requires it
        ({"all": [{"lot_count": 2}, {"environmental": {"ecolabels": True}}]}, "{ecolabels}"),
        ({"insertion_hours": {"at_least": 150}}, "{heures} sur {lots_insertion}, {etp} ETP"),
        ({"ethical": {"fair_trade": True, "social_responsibility": True}}, "{commerce_equitable}"),
        ({"lot_count": 1}, "{nombre_lots} lot, {{accolades}}"),
    ],
)
def test_placeholders_are_accepted_when_their_rule_guarantees_a_value(
    tmp_path: Path, when: dict[str, Any], evidence: str
) -> None:
    charter = profile_data()["charter"]
    charter["commitments"][0]["rules"] = [{"when": when, "evidence": evidence}]
    path = build_file_tree(tmp_path, {"p.yaml": profile_data(charter=charter)}) / "p.yaml"
    assert load_profile(path).charter is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["{path}: is empty; it must describe a buyer (name, charter…)"]),
        (
            "- name: x\n",
            [
                "{path}:1: must be a mapping of fields (name, service, facilitator, insertion, "
                "charter…) (got a list)"
            ],
        ),
        (
            "name: [unclosed\n",
            [
                "{path}:2:1: invalid YAML: while parsing a flow sequence expected ',' or ']', "
                "but got '<stream end>'"
            ],
        ),
        (
            "charter:\n  title: Charte\n",
            [
                "{path}:1: name: required field is missing",
                "{path}:2: charter.commitments: required field is missing",
            ],
        ),
    ],
)
def test_unusable_profile_files(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = build_file_tree(tmp_path, {"p.yaml": text}) / "p.yaml"
    assert profile_error(path) == [line.format(path=path) for line in expected]


def test_a_missing_profile_file_is_a_profile_error(tmp_path: Path) -> None:
    assert profile_error(tmp_path / "absent.yaml") == [
        f"{tmp_path / 'absent.yaml'}: file not found"
    ]


# --- contracts that point at a profile -------------------------------------------------------


def test_a_contract_uses_a_profile_relative_to_its_own_folder(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "profiles/ville.yaml": profile_data(),
            "contrats/c.yaml": contract_data(buyer="../profiles/ville.yaml"),
        },
    )
    contract = load_contract(tmp_path / "contrats" / "c.yaml")
    assert contract.buyer.name == "Ville de Profil"
    assert contract.buyer.charter is not None
    assert contract.buyer.profile == tmp_path / "contrats" / ".." / "profiles" / "ville.yaml"


def test_a_contract_may_give_an_absolute_profile_path(tmp_path: Path) -> None:
    profile = build_file_tree(tmp_path, {"p/ville.yaml": profile_data()}) / "p" / "ville.yaml"
    contract = load_contract(contract_data(buyer=str(profile)), base_dir=tmp_path)
    assert contract.buyer.profile == profile


def test_contract_values_override_the_profile(tmp_path: Path) -> None:
    profile = profile_data(
        email="marches@ville.fr",
        facilitator={"name": "Facilitatrice du profil", "email": "f@profil.fr"},
        insertion={
            "rates": {"works": "7 %", "services": "12 %"},
            "hourly_costs": {"works": 30},
            "hours_per_fte": 1820,
        },
        labour_shares={"voirie": 0.35, "peinture": 0.6},
    )
    overrides = {
        "profile": "ville.yaml",
        "service": "Direction des bâtiments",
        "facilitator": {"name": "Autre facilitateur"},
        "insertion": {"rates": {"works": "6 %"}},
        "labour_shares": {"voirie": 0.4},
    }
    build_file_tree(tmp_path, {"ville.yaml": profile, "c.yaml": contract_data(buyer=overrides)})
    buyer = load_contract(tmp_path / "c.yaml").buyer
    assert buyer.service == "Direction des bâtiments"
    assert buyer.email == "marches@ville.fr"
    # tables are merged key by key ...
    assert buyer.insertion.rates == {"works": Decimal("0.06"), "services": Decimal("0.12")}
    assert buyer.insertion.hourly_costs == {"works": Decimal(30)}
    assert buyer.insertion.hours_per_fte == Decimal(1820)
    assert buyer.labour_shares == {"voirie": Decimal("0.4"), "peinture": Decimal("0.6")}
    # ... but a facilitator is replaced as a whole, never mixed with the profile's
    assert buyer.facilitator is not None
    assert buyer.facilitator.name == "Autre facilitateur"
    assert buyer.facilitator.email is None
    assert buyer.charter is not None


def test_profile_defaults_apply_with_contract_values_winning(tmp_path: Path) -> None:
    profile = profile_data(
        insertion={
            "rates": {"works": "7 %"},
            "hourly_costs": {"works": 30},
            "hours_per_fte": 1680,
            "penalty_per_missing_hour": 45,
        },
        labour_shares={"voirie": 0.35},
    )
    lots = [
        {"number": 1, "title": "Voirie", "trade": "voirie", "estimated_amount": 600000},
        {"number": 2, "title": "Maçonnerie", "trade": "maconnerie", "estimated_amount": 420000},
    ]
    build_file_tree(
        tmp_path,
        {
            "ville.yaml": profile,
            "profile-only.yaml": contract_data(buyer="ville.yaml", lots=lots),
            "contract-wins.yaml": contract_data(
                buyer="ville.yaml",
                lots=lots,
                insertion={"rate": 0.05, "hours_per_fte": 1607, "hourly_cost": 35},
            ),
        },
    )
    from_profile = compute_obligation(load_contract(tmp_path / "profile-only.yaml"))
    voirie = from_profile.lots[0]
    assert voirie.labour_share is not None and voirie.labour_share.source is Source.BUYER
    assert voirie.insertion_rate is not None and voirie.insertion_rate.source is Source.BUYER
    assert voirie.hourly_cost.source is Source.BUYER
    assert voirie.penalty_per_missing_hour.value == Decimal(45)
    # 600 000 × 0.35 ÷ 30 × 0.07 = 490 h; 420 000 × 0.5 ÷ 30 × 0.07 = 490 h
    assert [lot.insertion_hours for lot in from_profile.lots] == [490, 490]
    assert from_profile.hours_per_fte.source is Source.BUYER
    assert from_profile.total_fte == Decimal("0.6")  # 980 ÷ 1 680

    contract_wins = compute_obligation(load_contract(tmp_path / "contract-wins.yaml"))
    # 600 000 × 0.35 ÷ 35 × 0.05 = 300 h; 420 000 × 0.5 ÷ 35 × 0.05 = 300 h
    assert [lot.insertion_hours for lot in contract_wins.lots] == [300, 300]
    assert contract_wins.hours_per_fte.source is Source.CONTRACT
    assert contract_wins.total_fte == Decimal("0.4")  # 600 ÷ 1 607


def test_the_profile_facilitator_serves_contracts_that_name_none(tmp_path: Path) -> None:
    profile = profile_data(facilitator={"name": "Facilitatrice du profil", "phone": "01"})
    without = contract_data(buyer="ville.yaml")
    del without["facilitator"]
    build_file_tree(
        tmp_path,
        {
            "ville.yaml": profile,
            "without.yaml": without,
            "with.yaml": contract_data(buyer="ville.yaml"),
        },
    )
    contract = load_contract(tmp_path / "without.yaml")
    assert contract.facilitator is None
    assert contract.effective_facilitator == contract.buyer.facilitator
    codes = [w.code for w in compute_obligation(contract).warnings]
    assert "no_facilitator" not in codes

    own = load_contract(tmp_path / "with.yaml")
    assert own.effective_facilitator is not None
    assert own.effective_facilitator.name == "Facilitatrice"


def test_no_facilitator_anywhere_still_warns(tmp_path: Path) -> None:
    data = contract_data(buyer="ville.yaml")
    del data["facilitator"]
    build_file_tree(tmp_path, {"ville.yaml": profile_data(), "c.yaml": data})
    codes = [w.code for w in compute_obligation(load_contract(tmp_path / "c.yaml")).warnings]
    assert "no_facilitator" in codes


def test_a_missing_profile_is_an_error_at_buyer_with_its_line(tmp_path: Path) -> None:
    text = (
        'reference: "A"\ntitle: "T"\nkind: works\nbuyer: profiles/absent.yaml\n'
        'lots: [{number: 1, title: "L", labour_hours: 100}]\n'
    )
    build_file_tree(tmp_path, {"sub/c.yaml": text, "sub/profiles/dir.yaml/x": ""})
    path = tmp_path / "sub" / "c.yaml"
    assert contract_error(path) == [
        f"{path}:4: buyer: buyer profile not found: {tmp_path / 'sub' / 'profiles' / 'absent.yaml'}"
        " (a relative path starts from the contract's folder)"
    ]
    path.write_text(
        text.replace("buyer: profiles/absent.yaml", "buyer:\n  profile: profiles/dir.yaml")
    )
    assert contract_error(path) == [
        f"{path}:5: buyer.profile: buyer profile is a folder, not a file: "
        f"{tmp_path / 'sub' / 'profiles' / 'dir.yaml'} (a relative path starts from the "
        "contract's folder)"
    ]


@pytest.mark.parametrize(
    ("buyer", "expected"),
    [
        (
            {"profile": 12},
            "buyer.profile: must be the path of a buyer profile file, relative to the "
            "contract file (got 12)",
        ),
        (
            {"profile": " "},
            "buyer.profile: must be the path of a buyer profile file, relative to the "
            'contract file (got " ")',
        ),
        (
            "absent.yaml",
            'buyer: names a buyer profile ("absent.yaml"), but the contract comes from '
            "<mapping>, which has no folder to find it in: profiles can only be read when the "
            "caller says where from (base_dir)",
        ),
    ],
)
def test_bad_profile_references(buyer: object, expected: str) -> None:
    assert contract_error(contract_data(buyer=buyer)) == [f"<mapping>: {expected}"]


def test_an_invalid_profile_says_which_contract_uses_it(tmp_path: Path) -> None:
    profile = 'name: "Ville"\ncharter:\n  title: "Charte"\n  commitments: []\n'
    contract = (
        'reference: "A"\ntitle: "T"\nkind: works\nbuyer:\n  profile: ville.yaml\n'
        'lots:\n  - {number: 1, title: "L", labour_hours: 100}\n'
    )
    build_file_tree(tmp_path, {"ville.yaml": profile, "c.yaml": contract})
    with pytest.raises(ProfileError) as caught:
        load_contract(tmp_path / "c.yaml")
    assert caught.value.source == str(tmp_path / "ville.yaml")
    assert caught.value.lines() == [
        f"{tmp_path / 'c.yaml'}:5: buyer.profile: the buyer profile {tmp_path / 'ville.yaml'} "
        "is invalid:",
        f"{tmp_path / 'ville.yaml'}:4: charter.commitments: must have at least one item (got "
        "a list)",
    ]


def test_override_errors_point_at_the_contract(tmp_path: Path) -> None:
    contract = """\
reference: "A"
title: "T"
kind: works
buyer:
  profile: ville.yaml
  email: "pas-un-email"
  insertion: {rates: {works: 2}}
lots:
  - {number: 1, title: "L", labour_hours: 10000}
"""
    build_file_tree(tmp_path, {"ville.yaml": profile_data(), "c.yaml": contract})
    path = tmp_path / "c.yaml"
    assert contract_error(path) == [
        f'{path}:6: buyer.email: must be an e-mail address (got "pas-un-email")',
        f"{path}:7: buyer.insertion.rates.works: must be between 0 and 1 (got 2)",
    ]


def test_a_charter_written_in_the_contract_is_checked_against_the_contract(
    tmp_path: Path,
) -> None:
    charter = profile_data()["charter"]
    charter["commitments"][1]["rules"][0]["evidence"] = "Alloti en {nombre_lot} lots"
    buyer = {"profile": "ville.yaml", "charter": charter}
    build_file_tree(tmp_path, {"ville.yaml": profile_data(), "c.yaml": contract_data(buyer=buyer)})
    path = tmp_path / "c.yaml"
    assert contract_error(path) == [
        f"{path}:23: buyer.charter.commitments[1].rules[0].evidence: unknown placeholder "
        "{nombre_lot}; did you mean {nombre_lots}?"
    ]
    inline = profile_data(charter=charter)
    assert contract_error(contract_data(buyer=inline)) == [
        "<mapping>: buyer.charter.commitments[1].rules[0].evidence: unknown placeholder "
        "{nombre_lot}; did you mean {nombre_lots}?"
    ]
