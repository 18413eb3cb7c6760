"""The validator: the SDK's own example notices pass it, and each kind of fault is caught."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lxml import etree

from clausegen.eforms.codes import code_lists, french_label
from clausegen.eforms.rules import field_definitions, known_subtypes, parse_condition
from clausegen.eforms.sdk import (
    SDK_COMMIT,
    SDK_DIR,
    SDK_VERSION,
    parse_sdk_xml,
    safe_parser,
)
from clausegen.eforms.validate import check_fields, elements, validate_fragment, validate_notice
from clausegen.errors import InternalError

EXAMPLES = ("examples/cn-social_25.xml", "examples/cn_24_maximal.xml")


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_sdk_example_notices_are_valid(example: str) -> None:
    assert validate_notice(example) == []


def test_the_vendored_files_are_the_sdk_release_with_its_licence() -> None:
    readme = (SDK_DIR / "README.md").read_text("utf-8")
    assert SDK_VERSION == "1.15.1"
    assert SDK_COMMIT == "184afa7dd27d4c017eaf0b3ed345410e853425a4"
    assert "release **1.15.1**" in readme
    assert f"`{SDK_COMMIT}`" in readme
    assert "CC BY 4.0" in readme
    assert (SDK_DIR / "LICENSE").read_text("utf-8").startswith("Attribution 4.0 International")


def test_the_vendored_files_are_unchanged_copies() -> None:
    """The SHA-256 of each file, taken from the SDK subset it was copied from."""
    manifest = Path(__file__).with_name("sdk-1.15.1.sha256").read_text("utf-8").splitlines()
    expected = {name: digest for digest, name in (line.split("  ", 1) for line in manifest)}
    found = {
        path.relative_to(SDK_DIR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in SDK_DIR.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert found == expected


def _maximal() -> etree._Element:
    return parse_sdk_xml("examples/cn_24_maximal.xml").getroot()


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    assert parent is not None
    parent.remove(node)


def _messages(root: etree._Element, subtype: str) -> list[str]:
    return [str(v) for v in check_fields(root, subtype, strict_lists=False)]


def test_a_missing_description_of_strategic_procurement_is_caught() -> None:
    root = _maximal()
    for node in elements(
        root,
        "//cac:ProcurementAdditionalType[cbc:ProcurementTypeCode/@listName="
        "'strategic-procurement']/cbc:ProcurementType",
    ):
        _remove(node)
    rule = "{ND-StrategicProcurementType} ${not(BT-06-Lot is not present or BT-06-Lot == 'none')}"
    assert _messages(root, "16") == [
        f"LOT-0001: BT-777-Lot: mandatory in notice subtype 16 when {rule}, but absent",
        f"LOT-0002: BT-777-Lot: mandatory in notice subtype 16 when {rule}, but absent",
    ]


def test_an_unknown_code_is_caught_once() -> None:
    root = _maximal()
    node = elements(root, "//cbc:TendererRequirementTypeCode[@listName='reserved-procurement']")[0]
    node.text = "res-xx"
    assert _messages(root, "16") == [
        "LOT-0001: BT-71-Lot: 'res-xx' is not a code of the list reserved-procurement"
    ]


def test_fields_forbidden_in_a_subtype_are_caught() -> None:
    messages = _messages(_maximal(), "4")
    assert "LOT-0001: BT-06-Lot: forbidden in notice subtype 4, but present" in messages
    assert "LOT-0002: BT-71-Lot: forbidden in notice subtype 4, but present" in messages


def test_a_mandatory_field_missing_in_a_lot_is_caught() -> None:
    root = _maximal()
    for node in elements(
        root,
        "//cac:ContractExecutionRequirement[cbc:ExecutionRequirementCode/@listName="
        "'reserved-execution']",
    ):
        _remove(node)
    assert _messages(root, "16") == [
        "LOT-0001: BT-736-Lot: mandatory in notice subtype 16, but absent",
        "LOT-0002: BT-736-Lot: mandatory in notice subtype 16, but absent",
    ]


FRAGMENT = b"""<cac:ProcurementProjectLot
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID schemeName="Lot">%(id)s</cbc:ID>
  <cac:TenderingTerms>
    <cac:TendererQualificationRequest><cac:SpecificTendererRequirement>
      <cbc:TendererRequirementTypeCode listName="reserved-procurement">none</cbc:TendererRequirementTypeCode>
    </cac:SpecificTendererRequirement></cac:TendererQualificationRequest>
    <cac:ContractExecutionRequirement>
      <cbc:ExecutionRequirementCode listName="reserved-execution">no</cbc:ExecutionRequirementCode>
    </cac:ContractExecutionRequirement>
  </cac:TenderingTerms>
  <cac:ProcurementProject>
    <cbc:Name languageID="FRA">Lot</cbc:Name>
    <cbc:ProcurementTypeCode listName="contract-nature">works</cbc:ProcurementTypeCode>
    %(extra)s
  </cac:ProcurementProject>
</cac:ProcurementProjectLot>"""


def fragment(lot_id: str = "LOT-0001", extra: str = "") -> bytes:
    return FRAGMENT % {b"id": lot_id.encode(), b"extra": extra.encode()}


def test_a_minimal_fragment_is_valid() -> None:
    assert validate_fragment(fragment(), "16") == []


def test_a_fragment_out_of_order_fails_the_schema() -> None:
    data = fragment().replace(b"<cac:ProcurementProject>", b"<cac:ProcurementProject><cbc:Bogus/>")
    (violation,) = validate_fragment(data, "16")
    assert (violation.lot, violation.field) == ("LOT-0001", "XSD")
    assert "Bogus" in violation.message


def test_a_bad_lot_identifier_breaks_its_pattern() -> None:
    assert [str(v) for v in validate_fragment(fragment("LOT-1"), "16")] == [
        "LOT-1: BT-137-Lot: 'LOT-1' does not match ^LOT-[0-9]{4}$"
    ]


def test_a_fragment_may_only_use_vendored_code_lists() -> None:
    extra = (
        "<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="
        '"innovative-acquisition">rd-act</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>'
    )
    assert [str(v) for v in validate_fragment(fragment(extra=extra), "16")] == [
        "LOT-0001: @listName: the code list innovative-acquisition is not vendored"
    ]


def test_strategic_procurement_without_its_description_and_vice_versa() -> None:
    without = (
        "<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="
        '"strategic-procurement">soc-obj</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>'
    )
    assert [v.field for v in validate_fragment(fragment(extra=without), "16")] == ["BT-777-Lot"]
    described_none = (
        "<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="
        '"strategic-procurement">none</cbc:ProcurementTypeCode><cbc:ProcurementType '
        'languageID="FRA">texte</cbc:ProcurementType></cac:ProcurementAdditionalType>'
    )
    (violation,) = validate_fragment(fragment(extra=described_none), "16")
    assert violation.field == "BT-777-Lot"
    assert violation.message.startswith("forbidden in notice subtype 16 when ")


def test_code_lists_are_read_with_their_french_labels() -> None:
    lists = code_lists()
    assert sorted(lists) == [
        "award-criterion-type",
        "conditions",
        "contract-nature",
        "environmental-impact",
        "number-weight",
        "reserved-execution",
        "reserved-procurement",
        "social-objective",
        "strategic-procurement",
    ]
    assert list(lists["strategic-procurement"].labels) == ["env-imp", "inn-pur", "none", "soc-obj"]
    assert french_label("strategic-procurement", "soc-obj") == "Réalisation d’objectifs sociaux"
    assert french_label("reserved-execution", "no") == "Non"
    assert lists["reserved-execution"].source == "codelists/applicability_reserved-execution.gc"


def test_every_rule_of_the_vendored_fields_is_read() -> None:
    definitions = field_definitions()
    assert len(definitions) == 15
    bt777 = definitions["BT-777-Lot"]
    assert bt777.mandatory.in_subtype("16")[0].context == "ND-StrategicProcurementType"
    assert definitions["BT-71-Lot"].mandatory.always("7")
    assert not definitions["BT-71-Lot"].mandatory.always("E3")
    assert definitions["BT-71-Lot"].forbidden.always("23")
    assert known_subtypes()[:3] == ("1", "2", "3")
    assert known_subtypes()[-6:] == ("E5", "E6", "T01", "T02", "X01", "X02")


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        ("{ND-X} ${BT-06-Lot is present}", {"BT-06-Lot": ["none"]}, True),
        ("{ND-X} ${BT-06-Lot is not present}", {}, True),
        (
            "{ND-X} ${not(BT-06-Lot is not present or BT-06-Lot == 'none')}",
            {"BT-06-Lot": ["none"]},
            False,
        ),
        (
            "{ND-X} ${not(BT-06-Lot is not present or BT-06-Lot == 'none')}",
            {"BT-06-Lot": ["soc-obj"]},
            True,
        ),
        (
            "{ND-X} ${BT-1 is present and (BT-2 is not present) and (BT-3 is not present)}",
            {"BT-1": ["a"], "BT-3": ["c"]},
            False,
        ),
        (
            "{ND-X} ${(BT-1 is not present) or (BT-2 is present)}",
            {"BT-1": ["a"], "BT-2": ["b"]},
            True,
        ),
        ("{ND-X} ${BT-1 != 'a'}", {}, False),
    ],
)
def test_conditions_are_evaluated(
    condition: str, values: dict[str, list[str]], expected: bool
) -> None:
    _, parsed = parse_condition(condition)
    assert parsed.holds(lambda field: values.get(field, [])) is expected


@pytest.mark.parametrize(
    "condition",
    [
        "${BT-1 is present}",
        "{ND-X} ${BT-1 > 3}",
        "{ND-X} ${count(BT-1) == 1}",
        "{ND-X} ${BT-1 is present and}",
    ],
)
def test_a_condition_clausegen_cannot_read_is_refused(condition: str) -> None:
    with pytest.raises(InternalError, match="outside what clausegen can read"):
        parse_condition(condition)


def test_the_parser_loads_no_file_outside_the_sdk_folder(tmp_path: Path) -> None:
    schema = tmp_path / "a.xsd"
    schema.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', encoding="utf-8")
    with pytest.raises(etree.XMLSchemaParseError, match="may only import files of"):
        etree.parse(str(schema), safe_parser())


def test_the_parser_expands_no_entity() -> None:
    data = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><x>&e;</x>'
    root = etree.fromstring(data, safe_parser())
    assert root.text is None
