"""The eForms values of each lot, their fragments, and the checks around them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from clausegen.eforms import eforms_fragments, eforms_notice
from clausegen.eforms.content import CRITERION_DESCRIPTION, CRITERION_NAME, NO_CONDITION
from clausegen.eforms.notice import allowed_subtypes, check_subtype, default_subtype
from clausegen.eforms.presentation import notice_as_json, notice_as_table
from clausegen.eforms.rules import field_definitions
from clausegen.eforms.sdk import NAMESPACES, SDK_DIR
from clausegen.eforms.validate import elements, validate_fragment
from clausegen.errors import ContractError, NoticeSubtypeError
from clausegen.i18n import speaking
from clausegen.resolve.loading import load_contract
from clausegen.validate.models import Contract
from tests.helpers import EXAMPLES, contract_data

CCP = "du code de la commande publique"
OPP = (
    "Possibilités d’emploi des chômeurs de longue durée, des personnes défavorisées et/ou des "
    "personnes handicapées"
)
NOT_RESERVED = "La participation n’est pas réservée."
RES_WS = (
    "La participation est réservée à des ateliers protégés et à des opérateurs économiques "
    "dont l’objet principal est l’intégration sociale et professionnelle de personnes "
    "handicapées ou défavorisées."
)
SOCIAL = "Réalisation d’objectifs sociaux"


def clause(hours: str) -> str:
    return (
        f"Clause d'insertion : {hours} de travail réservées à des personnes éloignées de "
        f"l'emploi (condition d'exécution, article L2112-2 {CCP})."
    )


def condition(hours: str) -> str:
    return (
        f"Clause sociale d'insertion (article L2112-2 {CCP}) : le titulaire réserve {hours} de "
        "travail à des personnes éloignées de l'emploi, selon les modalités du CCAP."
    )


MULTI_LOT = contract_data(
    reference="2027/TRV-040",
    insertion={"rate": "5 %"},
    lots=[
        {"number": 1, "title": "Gros œuvre & démolition", "labour_hours": 10000},
        {"number": 2, "title": "Charpente", "labour_hours": 3000},
        {"number": 3, "title": "Signalétique", "labour_hours": 8},
    ],
)


def contract(**changes: Any) -> Contract:
    return load_contract(contract_data(**changes))


def rows(notice_contract: Contract, subtype: str | None = None) -> list[tuple[str, str, str]]:
    notice = eforms_notice(notice_contract, subtype=subtype)
    return [(f.lot, f.field, f.value) for f in notice.fields()]


def test_the_french_table_of_a_multi_lot_contract() -> None:
    notice = eforms_notice(load_contract(MULTI_LOT))
    with speaking("fr"):
        table = notice_as_table(notice)
    assert table == (
        "Avis eForms du marché 2027/TRV-040 — sous-type d'avis 16\n"
        "Valeurs à reporter, lot par lot, dans le formulaire de publication (eForms SDK "
        "1.15.1).\n"
        "\n"
        "Lot       Champ        Valeur       Libellé\n"
        "LOT-0001  BT-137-Lot   LOT-0001\n"
        "LOT-0001  BT-21-Lot    Gros œuvre & démolition\n"
        "LOT-0001  BT-23-Lot    works        Travaux\n"
        f"LOT-0001  BT-06-Lot    soc-obj      {SOCIAL}\n"
        f"LOT-0001  BT-777-Lot   {clause('500 heures')}\n"
        f"LOT-0001  BT-775-Lot   opp          {OPP}\n"
        f"LOT-0001  BT-71-Lot    none         {NOT_RESERVED}\n"
        "LOT-0001  BT-736-Lot   no           Non\n"
        "LOT-0001  OPT-060-Lot  performance  Performance\n"
        f"LOT-0001  BT-70-Lot    {condition('500 heures')}\n"
        "\n"
        "LOT-0002  BT-137-Lot   LOT-0002\n"
        "LOT-0002  BT-21-Lot    Charpente\n"
        "LOT-0002  BT-23-Lot    works        Travaux\n"
        f"LOT-0002  BT-06-Lot    soc-obj      {SOCIAL}\n"
        f"LOT-0002  BT-777-Lot   {clause('150 heures')}\n"
        f"LOT-0002  BT-775-Lot   opp          {OPP}\n"
        f"LOT-0002  BT-71-Lot    none         {NOT_RESERVED}\n"
        "LOT-0002  BT-736-Lot   no           Non\n"
        "LOT-0002  OPT-060-Lot  performance  Performance\n"
        f"LOT-0002  BT-70-Lot    {condition('150 heures')}\n"
        "\n"
        "LOT-0003  BT-137-Lot   LOT-0003\n"
        "LOT-0003  BT-21-Lot    Signalétique\n"
        "LOT-0003  BT-23-Lot    works        Travaux\n"
        f"LOT-0003  BT-71-Lot    none         {NOT_RESERVED}\n"
        "LOT-0003  BT-736-Lot   no           Non\n"
    )


def test_the_json_of_a_multi_lot_contract() -> None:
    notice = eforms_notice(load_contract(MULTI_LOT))

    def social_lot(lot: str, title: str, hours: str) -> list[dict[str, Any]]:
        return [
            {"lot": lot, "field": "BT-137-Lot", "value": lot, "label_fr": None},
            {"lot": lot, "field": "BT-21-Lot", "value": title, "label_fr": None},
            {"lot": lot, "field": "BT-23-Lot", "value": "works", "label_fr": "Travaux"},
            {"lot": lot, "field": "BT-06-Lot", "value": "soc-obj", "label_fr": SOCIAL},
            {"lot": lot, "field": "BT-777-Lot", "value": clause(hours), "label_fr": None},
            {"lot": lot, "field": "BT-775-Lot", "value": "opp", "label_fr": OPP},
            {"lot": lot, "field": "BT-71-Lot", "value": "none", "label_fr": NOT_RESERVED},
            {"lot": lot, "field": "BT-736-Lot", "value": "no", "label_fr": "Non"},
            {"lot": lot, "field": "OPT-060-Lot", "value": "performance", "label_fr": "Performance"},
            {"lot": lot, "field": "BT-70-Lot", "value": condition(hours), "label_fr": None},
        ]

    assert notice_as_json(notice) == [
        *social_lot("LOT-0001", "Gros œuvre & démolition", "500 heures"),
        *social_lot("LOT-0002", "Charpente", "150 heures"),
        {"lot": "LOT-0003", "field": "BT-137-Lot", "value": "LOT-0003", "label_fr": None},
        {"lot": "LOT-0003", "field": "BT-21-Lot", "value": "Signalétique", "label_fr": None},
        {"lot": "LOT-0003", "field": "BT-23-Lot", "value": "works", "label_fr": "Travaux"},
        {"lot": "LOT-0003", "field": "BT-71-Lot", "value": "none", "label_fr": NOT_RESERVED},
        {"lot": "LOT-0003", "field": "BT-736-Lot", "value": "no", "label_fr": "Non"},
    ]
    assert list(notice.fragments) == [
        "2027-TRV-040-lot-1.xml",
        "2027-TRV-040-lot-2.xml",
        "2027-TRV-040-lot-3.xml",
    ]


def test_a_lot_of_0_hours_gets_only_what_the_rules_require() -> None:
    zero = contract(
        insertion={"rate": "5 %"}, lots=[{"number": 4, "title": "Lot", "labour_hours": 8}]
    )
    assert rows(zero) == [
        ("LOT-0004", "BT-137-Lot", "LOT-0004"),
        ("LOT-0004", "BT-21-Lot", "Lot"),
        ("LOT-0004", "BT-23-Lot", "works"),
        ("LOT-0004", "BT-71-Lot", "none"),
        ("LOT-0004", "BT-736-Lot", "no"),
    ]
    # Subtype 17 makes the execution conditions (BT-70) mandatory in every lot.
    assert rows(zero, "17")[-2:] == [
        ("LOT-0004", "OPT-060-Lot", "performance"),
        ("LOT-0004", "BT-70-Lot", NO_CONDITION),
    ]


def test_a_contract_reserved_to_ea_and_esat() -> None:
    reserved = contract(
        kind="services",
        mechanism="reserved_ea_esat",
        lots=[
            {
                "number": 1,
                "title": "Espaces verts",
                "trade": "espaces_verts",
                "estimated_amount": 200000,
            },
            {"number": 2, "title": "Propreté", "trade": "nettoyage", "estimated_amount": 90000},
        ],
    )
    notice = eforms_notice(reserved)
    description = (
        "Marché réservé aux entreprises adaptées et aux établissements et services d'aide par "
        f"le travail (article L2113-12 {CCP})."
    )
    for lot in ("LOT-0001", "LOT-0002"):
        assert [(f.field, f.value, f.label_fr) for f in notice.fields() if f.lot == lot][2:] == [
            ("BT-23-Lot", "services", "Services"),
            ("BT-06-Lot", "soc-obj", SOCIAL),
            ("BT-777-Lot", description, None),
            ("BT-775-Lot", "opp", OPP),
            ("BT-71-Lot", "res-ws", RES_WS),
            ("BT-736-Lot", "no", "Non"),
        ]


def test_a_contract_reserved_to_siae() -> None:
    reserved = contract(kind="services", mechanism="reserved_siae")
    values = {field: value for _, field, value in rows(reserved)}
    assert values["BT-71-Lot"] == "res-ws"
    assert values["BT-777-Lot"] == (
        f"Marché réservé aux structures d'insertion par l'activité économique (article "
        f"L2113-13 {CCP})."
    )


def test_an_award_criterion_with_its_weight() -> None:
    criterion = contract(
        kind="services",
        mechanism="award_criterion",
        insertion={"rate": "10 %", "criterion_weight": "12,5 %"},
        lots=[
            {"number": 1, "title": "Accueil", "labour_hours": 2000},
            {"number": 2, "title": "Conseil", "labour_hours": 4},
        ],
    )
    notice = eforms_notice(criterion)
    weighted = f"Critère d'attribution relatif à l'insertion professionnelle des publics en difficulté (article L2152-7 {CCP}), pondéré à 12,5 %."
    by_lot = {
        lot: [(f.field, f.value, f.label_fr) for f in notice.fields() if f.lot == lot]
        for lot in ("LOT-0001", "LOT-0002")
    }
    criterion_rows = [
        ("BT-539-Lot", "quality", "Qualité"),
        ("BT-734-Lot", CRITERION_NAME, None),
        ("BT-540-Lot", CRITERION_DESCRIPTION, None),
        ("BT-5421-Lot", "per-exa", "Pondération (pourcentage, valeur exacte)"),
        ("BT-541-Lot-WeightNumber", "12.5", None),
    ]
    assert by_lot["LOT-0001"][3:] == [
        ("BT-06-Lot", "soc-obj", SOCIAL),
        ("BT-777-Lot", f"{clause('200 heures')} {weighted}", None),
        ("BT-775-Lot", "opp", OPP),
        ("BT-71-Lot", "none", NOT_RESERVED),
        ("BT-736-Lot", "no", "Non"),
        ("OPT-060-Lot", "performance", "Performance"),
        ("BT-70-Lot", condition("200 heures"), None),
        *criterion_rows,
    ]
    # A lot without hours still carries the criterion: a social consideration, no BT-70.
    assert by_lot["LOT-0002"][3:] == [
        ("BT-06-Lot", "soc-obj", SOCIAL),
        ("BT-777-Lot", weighted, None),
        ("BT-775-Lot", "opp", OPP),
        ("BT-71-Lot", "none", NOT_RESERVED),
        ("BT-736-Lot", "no", "Non"),
        *criterion_rows,
    ]
    assert notice.warnings == ()
    xml = notice.fragments["T-001-lot-1.xml"].decode()
    assert (
        '<efbc:ParameterCode listName="number-weight">per-exa</efbc:ParameterCode>\n'
        "                    <efbc:ParameterNumeric>12.5</efbc:ParameterNumeric>"
    ) in xml


def test_an_award_criterion_without_weight_leaves_bt_541_to_the_buyer() -> None:
    criterion = contract(kind="services", mechanism="award_criterion")
    notice = eforms_notice(criterion)
    fields = [f.field for f in notice.fields()]
    assert "BT-540-Lot" in fields
    assert "BT-541-Lot-WeightNumber" not in fields
    assert "BT-5421-Lot" not in fields
    assert notice.warnings == (
        "the insertion award criterion has no weight (insertion.criterion_weight): BT-541 is "
        "left out; give the weight in the notice",
    )
    (description,) = [f.value for f in notice.fields() if f.field == "BT-777-Lot"]
    assert description.endswith("pondération précisée dans les documents de la consultation.")


def test_an_insertion_service_contract_defaults_to_the_light_regime() -> None:
    service = load_contract(EXAMPLES / "chantier-insertion-sentiers.yaml")
    notice = eforms_notice(service)
    assert notice.subtype == "20"
    values = [(f.lot, f.field, f.value) for f in notice.fields() if f.field == "BT-777-Lot"]
    assert values[0] == (
        "LOT-0001",
        "BT-777-Lot",
        "Marché de prestation d'insertion et de qualification professionnelle (article "
        f"R2123-1, 3° {CCP}) : 4 800 heures d'insertion.",
    )


def example_contracts() -> list[Path]:
    return sorted([*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*.json")])


@pytest.mark.parametrize("path", example_contracts(), ids=lambda p: p.name)
def test_every_example_gives_valid_fragments_in_every_allowed_subtype(path: Path) -> None:
    example = load_contract(path)
    independent = etree.XMLSchema(
        etree.parse(str(SDK_DIR / "schemas/common/UBL-CommonAggregateComponents-2.3.xsd"))
    )
    for subtype in allowed_subtypes():
        fragments = eforms_fragments(example, None, subtype)
        assert len(fragments) == len(example.lots)
        for name, data in fragments.items():
            assert validate_fragment(data, subtype) == [], (name, subtype)
            root = etree.fromstring(data)
            assert independent.validate(root), independent.error_log
            _check_bt777_iff_social(root)
            _check_fields_match_the_xml(example, subtype, root)


def _check_bt777_iff_social(root: etree._Element) -> None:
    strategic = [
        node.text
        for node in elements(
            root,
            "cac:ProcurementProject/cac:ProcurementAdditionalType/cbc:ProcurementTypeCode"
            "[@listName='strategic-procurement']",
        )
    ]
    descriptions = elements(
        root, "cac:ProcurementProject/cac:ProcurementAdditionalType/cbc:ProcurementType"
    )
    assert strategic in ([], ["soc-obj"])
    assert len(descriptions) == (1 if strategic == ["soc-obj"] else 0)


def _check_fields_match_the_xml(example: Contract, subtype: str, root: etree._Element) -> None:
    """The table's values are exactly what the SDK's XPaths find in the fragment."""
    wrapper = etree.Element("notice")
    wrapper.append(root)
    lot_id = root.findtext("cbc:ID", namespaces=NAMESPACES)
    found = {
        field: [node.text for node in elements(wrapper, d.xpath)]
        for field, d in field_definitions().items()
    }
    notice = eforms_notice(example, subtype=subtype)
    listed = {f.field: [f.value] for f in notice.fields() if f.lot == lot_id}
    listed.pop("BT-5421-Lot", None)  # its list is not in the vendored definitions
    assert {field: values for field, values in found.items() if values} == listed


def test_fragments_are_byte_stable() -> None:
    example = load_contract(EXAMPLES / "lycee-jules-verne.yaml")
    assert eforms_fragments(example) == eforms_fragments(example)


def test_the_default_subtype() -> None:
    assert default_subtype(contract()) == "16"
    assert default_subtype(contract(kind="services", mechanism="insertion_service")) == "20"


def test_allowed_subtypes_come_from_the_rules() -> None:
    assert allowed_subtypes() == (*(str(n) for n in range(7, 23)), "E3")
    assert check_subtype(" e3 ") == "E3"
    assert check_subtype(16) == "16"


@pytest.mark.parametrize(
    ("subtype", "message"),
    [
        (
            "99",
            "'99' is not an eForms notice subtype; use one of 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, E3",
        ),
        (
            "",
            "'' is not an eForms notice subtype; use one of 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, E3",
        ),
        (
            "29",
            "notice subtype 29 forbids fields that clausegen writes (BT-71-Lot, BT-736-Lot); use one of 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, E3",
        ),
        (
            "CEI",
            "notice subtype CEI forbids fields that clausegen writes (BT-71-Lot, BT-06-Lot, BT-777-Lot, BT-775-Lot); use one of 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, E3",
        ),
    ],
)
def test_bad_subtypes_are_refused(subtype: str, message: str) -> None:
    with pytest.raises(NoticeSubtypeError) as caught:
        eforms_notice(contract(), subtype=subtype)
    assert str(caught.value) == message


def test_lots_that_eforms_cannot_carry_are_the_users_to_fix() -> None:
    # NOTE: lot numbers above 9 999 and control characters are refused when the contract
    # is loaded (issue 10); a title over BT-21's 400 characters is valid elsewhere.
    data = contract_data(
        lots=[
            {"number": 1, "title": "x" * 401, "labour_hours": 100},
            {"number": 2, "title": "Lot", "labour_hours": 100},
        ]
    )
    with pytest.raises(ContractError) as caught:
        eforms_notice(load_contract(data))
    assert caught.value.lines() == [
        "T-001: lots[0].title: an eForms lot title (BT-21) has at most 400 characters (got 401)",
    ]
