"""The XML of one lot: a ``cac:ProcurementProjectLot`` element that validates on its own.

UBL fixes the order of the elements (``cbc:ID``, then ``cac:TenderingTerms``, then
``cac:ProcurementProject``; inside the tendering terms, the reservation before the execution
requirements before the awarding terms); the XPaths of ``fields-social.json`` fix where each
field sits. Texts carry ``languageID="FRA"``. The output is byte-stable: the same lot gives
the same bytes.
"""

from __future__ import annotations

from lxml import etree

from clausegen.eforms.codes import NUMBER_WEIGHT, PERCENT_EXACT
from clausegen.eforms.content import AwardCriterion, LotNotice, number_text
from clausegen.eforms.sdk import NAMESPACES

_FRENCH = "FRA"


def _tag(qualified: str) -> str:
    prefix, _, local = qualified.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def _add(
    parent: etree._Element, qualified: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, _tag(qualified), attributes)
    if text is not None:
        element.text = text
    return element


def lot_element(lot: LotNotice) -> etree._Element:
    """Build the ``cac:ProcurementProjectLot`` element of a lot."""
    root = etree.Element(_tag("cac:ProcurementProjectLot"), nsmap=NAMESPACES)
    _add(root, "cbc:ID", lot.lot_id, schemeName="Lot")
    _tendering_terms(_add(root, "cac:TenderingTerms"), lot)
    _procurement_project(_add(root, "cac:ProcurementProject"), lot)
    return root


def _tendering_terms(terms: etree._Element, lot: LotNotice) -> None:
    request = _add(terms, "cac:TendererQualificationRequest")
    requirement = _add(request, "cac:SpecificTendererRequirement")
    _add(
        requirement,
        "cbc:TendererRequirementTypeCode",
        lot.reserved_participation,
        listName="reserved-procurement",
    )
    reserved = _add(terms, "cac:ContractExecutionRequirement")
    _add(
        reserved,
        "cbc:ExecutionRequirementCode",
        lot.reserved_execution,
        listName="reserved-execution",
    )
    if lot.performance_terms is not None:
        conditions = _add(terms, "cac:ContractExecutionRequirement")
        _add(conditions, "cbc:ExecutionRequirementCode", "performance", listName="conditions")
        _add(conditions, "cbc:Description", lot.performance_terms, languageID=_FRENCH)
    if lot.criterion is not None:
        awarding = _add(_add(terms, "cac:AwardingTerms"), "cac:AwardingCriterion")
        _criterion(_add(awarding, "cac:SubordinateAwardingCriterion"), lot.criterion)


def _criterion(element: etree._Element, criterion: AwardCriterion) -> None:
    if criterion.weight_percent is not None:
        extension = _add(
            _add(_add(element, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent"
        )
        parameter = _add(_add(extension, "efext:EformsExtension"), "efac:AwardCriterionParameter")
        _add(parameter, "efbc:ParameterCode", PERCENT_EXACT, listName=NUMBER_WEIGHT)
        _add(parameter, "efbc:ParameterNumeric", number_text(criterion.weight_percent))
    _add(element, "cbc:AwardingCriterionTypeCode", criterion.type, listName="award-criterion-type")
    _add(element, "cbc:Name", criterion.name, languageID=_FRENCH)
    _add(element, "cbc:Description", criterion.description, languageID=_FRENCH)


def _procurement_project(project: etree._Element, lot: LotNotice) -> None:
    _add(project, "cbc:Name", lot.title, languageID=_FRENCH)
    _add(project, "cbc:ProcurementTypeCode", lot.nature, listName="contract-nature")
    if lot.strategic is not None:
        strategic = _add(project, "cac:ProcurementAdditionalType")
        _add(strategic, "cbc:ProcurementTypeCode", lot.strategic, listName="strategic-procurement")
        if lot.strategic_description is not None:
            _add(strategic, "cbc:ProcurementType", lot.strategic_description, languageID=_FRENCH)
    if lot.social_objective is not None:
        social = _add(project, "cac:ProcurementAdditionalType")
        _add(social, "cbc:ProcurementTypeCode", lot.social_objective, listName="social-objective")


def lot_xml(lot: LotNotice) -> bytes:
    """Return the lot's fragment as an XML document (UTF-8, with its declaration)."""
    return etree.tostring(
        lot_element(lot), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
