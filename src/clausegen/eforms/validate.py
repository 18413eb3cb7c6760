"""Validation of eForms XML: the schemas, the code lists and the field rules of the SDK.

One validator serves clausegen's own lot fragments and the SDK's example notices:

1. the XML Schema (``UBL-CommonAggregateComponents-2.3.xsd`` for a ``cac:ProcurementProjectLot``
   fragment, the notice's ``maindoc`` schema for a whole notice), loaded once, offline;
2. every code of a field with a code list, and in a fragment every element that carries a
   ``@listName``, against the vendored Genericode lists;
3. the patterns, maximum lengths and ``mandatory`` / ``forbidden`` rules of
   ``fields-social.json`` for the notice subtype, with their conditions tested in every
   instance of their context node.

Fields are found with the SDK's own absolute XPaths (a fragment is wrapped in a root element
so that ``/*/cac:ProcurementProjectLot`` finds it). A field that a condition names but that
the vendored definitions lack (``BT-543-Lot``…) is one clausegen never writes, so it counts
as absent. TED's Schematron rules (not vendored) remain the authority on a whole notice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from clausegen.eforms.codes import code_lists
from clausegen.eforms.rules import Constraint, FieldDefinition, field_definitions
from clausegen.eforms.sdk import NAMESPACES, parse_sdk_xml, safe_parser, schema
from clausegen.errors import InternalError

#: The absolute XPath of a lot, the start of every lot field's XPath.
LOT_XPATH = "/*/cac:ProcurementProjectLot[cbc:ID/@schemeName='Lot']"
FRAGMENT_SCHEMA = "schemas/common/UBL-CommonAggregateComponents-2.3.xsd"
_NOTICE_SCHEMAS = {
    "ContractNotice": "schemas/maindoc/UBL-ContractNotice-2.3.xsd",
    "ContractAwardNotice": "schemas/maindoc/UBL-ContractAwardNotice-2.3.xsd",
    "PriorInformationNotice": "schemas/maindoc/UBL-PriorInformationNotice-2.3.xsd",
}


@dataclass(frozen=True)
class Violation:
    """One way in which eForms XML breaks the schemas, a code list or a field rule.

    Attributes:
        lot: the lot identifier (``LOT-0001``), when the violation is inside a lot.
        field: the field identifier (``BT-777-Lot``), or ``XSD`` / ``@listName``.
        message: what is wrong, in English.
    """

    lot: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.lot}: " if self.lot else ""
        return f"{where}{self.field}: {self.message}"


def validate_fragment(data: bytes, subtype: str) -> list[Violation]:
    """Validate one ``cac:ProcurementProjectLot`` fragment, as written to a file.

    Args:
        data: the fragment's bytes (an XML document whose root is the lot).
        subtype: the notice subtype the fragment is meant for (``16``).

    Returns:
        Every violation found; an empty list when the fragment is valid.
    """
    root = etree.fromstring(data, safe_parser())
    violations = _schema_violations(schema(FRAGMENT_SCHEMA), root, _lot_id(root))
    wrapper = etree.Element("fragment")
    wrapper.append(root)
    return violations + check_fields(wrapper, subtype, strict_lists=True)


def validate_notice(path: str) -> list[Violation]:
    """Validate a whole notice of the vendored SDK folder (``examples/cn-social_25.xml``).

    The schema is the ``maindoc`` schema of the notice's root element; the subtype is the
    notice's own (``efac:NoticeSubType/cbc:SubTypeCode``). Codes of lists that are not
    vendored (countries, CPV…) are not checked.
    """
    root = parse_sdk_xml(path).getroot()
    name = etree.QName(root).localname
    violations = _schema_violations(schema(_NOTICE_SCHEMAS[name]), root, None)
    codes = _texts(root, "//efac:NoticeSubType/cbc:SubTypeCode")
    subtype = codes[0] if codes else ""
    return violations + check_fields(root, subtype, strict_lists=False)


def _schema_violations(
    xml_schema: etree.XMLSchema, root: etree._Element, lot: str | None
) -> list[Violation]:
    if xml_schema.validate(root):
        return []
    # NOTE: lxml-stubs leave the error log untyped; its entries have .line and .message.
    errors: Iterable[Any] = xml_schema.error_log  # type: ignore[assignment]
    return [Violation(lot, "XSD", f"line {error.line}: {error.message}") for error in errors]


def elements(context: etree._Element, xpath: str) -> list[etree._Element]:
    """Return the elements an XPath (with the SDK's prefixes) selects from ``context``."""
    found = context.xpath(xpath, namespaces=NAMESPACES)
    return (
        [node for node in found if isinstance(node, etree._Element)]
        if isinstance(found, list)
        else []
    )


def _enclosing_lot(element: etree._Element) -> etree._Element | None:
    found = elements(element, "ancestor-or-self::cac:ProcurementProjectLot[1]")
    return found[0] if found else None


def _lot_id(element: etree._Element) -> str | None:
    lot = _enclosing_lot(element)
    if lot is None:
        return None
    return (lot.findtext("cbc:ID", namespaces=NAMESPACES) or "").strip() or None


def _texts(context: etree._Element, xpath: str) -> list[str]:
    texts = ((node.text or "").strip() for node in elements(context, xpath))
    return [text for text in texts if text]


def check_fields(root: etree._Element, subtype: str, *, strict_lists: bool) -> list[Violation]:
    """Check the codes, patterns, lengths and rules of every vendored field in a document.

    Args:
        root: the root element of a notice, or of a wrapper around a lot fragment.
        subtype: the notice subtype whose rules apply.
        strict_lists: also require every ``@listName`` element to use a vendored list (for
            clausegen's fragments, which use no other list).
    """
    violations: list[Violation] = []
    coded: set[etree._Element] = set()
    for definition in field_definitions().values():
        for node in elements(root, definition.xpath):
            violations += _value_violations(definition, node)
            if definition.code_list is not None:
                coded.add(node)
        for mandatory, rule in ((True, definition.mandatory), (False, definition.forbidden)):
            for constraint in rule.in_subtype(subtype):
                if constraint.value:
                    violations += _rule_violations(
                        root, definition, constraint, subtype, mandatory=mandatory
                    )
    violations += _list_violations(root, coded, strict=strict_lists)
    return violations


def _value_violations(definition: FieldDefinition, node: etree._Element) -> list[Violation]:
    value = (node.text or "").strip()
    messages: list[str] = []
    if definition.code_list is not None:
        messages += _code_problems(definition.code_list, value, strict=True)
    if definition.pattern is not None and re.search(definition.pattern, value) is None:
        messages.append(f"{value!r} does not match {definition.pattern}")
    if definition.max_length is not None and len(value) > definition.max_length:
        messages.append(f"{len(value)} characters, more than the {definition.max_length} allowed")
    lot = _lot_id(node)
    return [Violation(lot, definition.id, message) for message in messages]


def _code_problems(list_name: str, code: str, *, strict: bool) -> list[str]:
    known = code_lists().get(list_name)
    if known is None:
        return [f"the code list {list_name} is not vendored"] if strict else []
    return [] if code in known else [f"{code!r} is not a code of the list {list_name}"]


def _context_xpath(context: str) -> str:
    for definition in field_definitions().values():
        if definition.parent_node == context:
            return definition.node_xpath
    message = f"no vendored field tells where the eForms node {context} is"
    raise InternalError(message)


def _relative(xpath: str, base: str) -> str | None:
    return xpath[len(base) + 1 :] if xpath.startswith(base + "/") else None


def _values_in(instance: etree._Element, context_xpath: str, field: str) -> list[str]:
    """Return the values of ``field`` inside one instance of a context node."""
    definition = field_definitions().get(field)
    if definition is None:
        return []  # a field clausegen never writes (see the module docstring)
    inside = _relative(definition.xpath, context_xpath)
    if inside is not None:
        return _texts(instance, inside)
    in_lot = _relative(definition.xpath, LOT_XPATH)
    lot = _enclosing_lot(instance)
    if in_lot is None or lot is None:
        message = f"cannot find {field} from the eForms node at {context_xpath}"
        raise InternalError(message)
    return _texts(lot, in_lot)


def _rule_violations(
    root: etree._Element,
    definition: FieldDefinition,
    constraint: Constraint,
    subtype: str,
    *,
    mandatory: bool,
) -> list[Violation]:
    context_xpath = LOT_XPATH if constraint.context is None else _context_xpath(constraint.context)
    found: list[Violation] = []
    for instance in elements(root, context_xpath):
        condition = constraint.condition
        if condition is not None and not condition.holds(
            functools.partial(_values_in, instance, context_xpath)
        ):
            continue
        present = bool(_values_in(instance, context_xpath, definition.id))
        if present is mandatory:
            continue
        when = f" when {constraint.source}" if constraint.source else ""
        state = "mandatory" if mandatory else "forbidden"
        what = "absent" if mandatory else "present"
        found.append(
            Violation(
                _lot_id(instance),
                definition.id,
                f"{state} in notice subtype {subtype}{when}, but {what}",
            )
        )
    return found


def _list_violations(
    root: etree._Element, checked: set[etree._Element], *, strict: bool
) -> list[Violation]:
    """Check the code of every ``@listName`` element not already checked as a field."""
    found: list[Violation] = []
    for element in root.iter():
        name = element.get("listName") if isinstance(element.tag, str) else None
        if name is None or element in checked:
            continue
        code = (element.text or "").strip()
        lot = _lot_id(element)
        found += [Violation(lot, "@listName", m) for m in _code_problems(name, code, strict=strict)]
    return found


def violations_text(violations: Sequence[Violation]) -> str:
    """Return the violations, one per line, for an error message."""
    return "\n".join(f"  {violation}" for violation in violations)
