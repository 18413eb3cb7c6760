"""The parts of a Word package, parsed, never pattern-matched: what they are and hold.

:mod:`.safety` reads every member of a template's zip; :func:`judge` says what is wrong
with their content, the way Word itself would read it:

* every ``.rels`` and every XML part (recognised by its name, its declared content type or
  its first bytes, in UTF-8 or UTF-16) is parsed with lxml, entities unresolved, no DTD, no
  network: a part that does not parse where XML is expected is refused, and so is any
  DOCTYPE (entity declarations come with one), whatever the encoding;
* ``[Content_Types].xml``, the relationships and the main document must have the roots
  Office expects, and every known part type its own root (``w:hdr`` for a header…); the
  package must lead to a main document python-docx and Word can open;
* macros and active content are found by what they are (declared content types, OLE and
  zip signatures), whatever their part names; what each part links to or runs is judged
  by :mod:`.hazards`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from clausegen.render.hazards import (
    CT_NAMESPACE,
    REL_NAMESPACE,
    Refusal,
    active,
    content_refusals,
    is_active_type,
    is_macro_type,
    macros,
    prefixed,
    relationship_refusals,
)
from clausegen.render.links import link_use_refusals

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CT = f"{{{CT_NAMESPACE}}}"
_REL = f"{{{REL_NAMESPACE}}}"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."

#: The content types of a Word main document (document and template, without macros).
MAIN_TYPES = frozenset({_WML + "document.main+xml", _WML + "template.main+xml"})

#: The root element each known part type must have.
ROOTS = {
    "application/vnd.openxmlformats-package.relationships+xml": f"{_REL}Relationships",
    **dict.fromkeys(MAIN_TYPES, f"{_W}document"),
    _WML + "header+xml": f"{_W}hdr",
    _WML + "footer+xml": f"{_W}ftr",
    _WML + "styles+xml": f"{_W}styles",
    _WML + "settings+xml": f"{_W}settings",
    _WML + "numbering+xml": f"{_W}numbering",
    _WML + "footnotes+xml": f"{_W}footnotes",
    _WML + "endnotes+xml": f"{_W}endnotes",
    _WML + "comments+xml": f"{_W}comments",
    _WML + "fontTable+xml": f"{_W}fonts",
    _WML + "webSettings+xml": f"{_W}webSettings",
}

# The content types a part may have when a relationship of a known type reaches it (the
# main document is checked on its own, see _main_document_refusals).
_TARGET_TYPES = {
    **{
        kind: frozenset({_WML + f"{kind}+xml"})
        for kind in ("styles", "settings", "numbering", "header", "footer", "footnotes")
    },
    **{
        kind: frozenset({_WML + f"{kind}+xml"})
        for kind in ("endnotes", "comments", "fontTable", "webSettings")
    },
}
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_CONTENT_TYPES = "[Content_Types].xml"
_PACKAGE_RELATIONSHIPS = "_rels/.rels"
# The signatures of an OLE compound file (embedded objects, VBA) and of a zip (a package).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def looks_like_xml(data: bytes) -> bool:
    """Tell whether ``data`` starts like an XML document, in UTF-8 or UTF-16."""
    head = data[:64]
    for bom in _BOMS:
        if head.startswith(bom):
            return True
    head = head.lstrip(b" \t\r\n")
    return head.startswith((b"<", b"<\x00", b"\x00<"))


def parse(data: bytes) -> etree._Element:
    """Parse one part strictly (no entities, no DTD, no network).

    Raises:
        etree.XMLSyntaxError: when the part is not well-formed XML.
    """
    return etree.fromstring(data, _PARSER)


@dataclass(frozen=True)
class ContentTypes:
    """The content types ``[Content_Types].xml`` declares: defaults by extension, overrides."""

    defaults: Mapping[str, str]
    overrides: Mapping[str, str]

    def of(self, member: str) -> str:
        """Return the content type of a zip member (empty when none is declared)."""
        override = self.overrides.get("/" + member.lower())
        if override is not None:
            return override
        return self.defaults.get(posixpath.splitext(member)[1].lstrip(".").lower(), "")


def content_types(root: etree._Element) -> ContentTypes:
    """Read the declarations of a parsed ``[Content_Types].xml``."""
    defaults = {
        (item.get("Extension") or "").lower(): (item.get("ContentType") or "").strip()
        for item in root.iter(f"{_CT}Default")
    }
    overrides = {
        (item.get("PartName") or "").lower(): (item.get("ContentType") or "").strip()
        for item in root.iter(f"{_CT}Override")
    }
    return ContentTypes(defaults, overrides)


def content_type_refusals(types: ContentTypes) -> list[Refusal]:
    """Refuse declared content types of macros and active content, whatever part uses them."""
    refusals = []
    for declared in sorted({*types.defaults.values(), *types.overrides.values()}):
        if is_macro_type(declared):
            refusals.append(
                macros("[Content_Types].xml", f"declares {declared}", f"déclare {declared}")
            )
        elif is_active_type(declared):
            refusals.append(
                active(
                    "[Content_Types].xml",
                    f"the content type {declared}",
                    f"le type de contenu {declared}",
                )
            )
    return refusals


def main_document(relationships: etree._Element | None) -> str | None:
    """Return the zip member of the main document, from the root ``_rels/.rels``."""
    if relationships is None:
        return None
    for relationship in relationships.iter(f"{_REL}Relationship"):
        if relationship.get("Type", "").strip() == _OFFICE_DOCUMENT:
            return resolve_target("", relationship.get("Target", ""))
    return None


def resolve_target(source_folder: str, target: str) -> str:
    """Resolve an internal relationship target to a zip member name."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(source_folder, target)).lstrip("/")


def root_refusal(member: str, root: etree._Element, expected: str) -> Refusal | None:
    """Refuse a part whose root is not ``expected`` (a main document also needs a body)."""
    if root.tag == expected and (expected != f"{_W}document" or _has_body(root)):
        return None
    found = prefixed(root.tag)
    wanted = prefixed(expected)
    if root.tag == expected:
        return Refusal(
            "unexpected-root",
            member,
            f"is a {wanted} element without a body (w:body), which Word cannot open",
            f"est un élément {wanted} sans corps (w:body), que Word ne sait pas ouvrir",
        )
    return Refusal(
        "unexpected-root",
        member,
        f"should be a {wanted} element but is a {found}, which Word cannot open",
        f"devrait être un élément {wanted} mais est un élément {found}, que Word ne sait pas "
        "ouvrir",
    )


def _has_body(root: etree._Element) -> bool:
    return root.find(f"{_W}body") is not None


def judge(contents: dict[str, bytes]) -> list[Refusal]:
    """Judge every member's content: signatures, XML, roots, relationships, fields."""
    refusals: list[Refusal] = []
    roots: dict[str, etree._Element] = {}
    types = _content_types(contents, refusals)
    for name, content in contents.items():
        refusals.extend(_binary_refusals(name, content))
        declared = types.of(name) if types is not None else ""
        expected_xml = name.lower().endswith((".xml", ".rels")) or declared.endswith("xml")
        if not (expected_xml or looks_like_xml(content)):
            continue
        try:
            root = parse(content)
        except etree.XMLSyntaxError as error:
            if expected_xml:
                refusals.append(_invalid_xml(name, error))
            continue
        roots[name] = root
        refusals.extend(_xml_refusals(name, root, declared))
    refusals.extend(_main_document_refusals(contents, roots, types))
    if types is not None:
        for name, root in roots.items():
            if root.tag == f"{_REL}Relationships":
                refusals.extend(_target_type_refusals(name, root, types, contents))
    refusals.extend(link_use_refusals(roots))
    return refusals


def _target_type_refusals(
    member: str, root: etree._Element, types: ContentTypes, contents: dict[str, bytes]
) -> list[Refusal]:
    """A part that Word reaches by a known relationship must be of the matching type.

    python-docx (and Word) choose how to read a part by its declared type, and reach it by
    the relationship's: a settings relationship to a part declared as anything else cannot
    be opened.
    """
    folder = posixpath.dirname(posixpath.dirname(member))
    refusals = []
    for relationship in root.iter(f"{_REL}Relationship"):
        kind = (relationship.get("Type") or "").strip().rsplit("/", 1)[-1]
        expected = _TARGET_TYPES.get(kind)
        if expected is None or (relationship.get("TargetMode") or "").strip():
            continue
        target = resolve_target(folder, relationship.get("Target") or "")
        declared = types.of(target)
        if target in contents and declared not in expected:
            refusals.append(
                Refusal(
                    "unexpected-root",
                    target,
                    f"is reached as {kind} but declared as {declared or 'nothing'}, which Word "
                    "cannot open",
                    f"est désignée comme {kind} mais déclarée comme {declared or 'rien'}, ce que "
                    "Word ne sait pas ouvrir",
                )
            )
    return refusals


def _content_types(contents: dict[str, bytes], refusals: list[Refusal]) -> ContentTypes | None:
    data = contents.get(_CONTENT_TYPES)
    if data is None:
        refusals.append(_missing(f"it has no {_CONTENT_TYPES}", f"il n'a pas de {_CONTENT_TYPES}"))
        return None
    try:
        root = parse(data)
    except etree.XMLSyntaxError:
        return None  # reported with the other parts
    if root.tag != f"{{{CT_NAMESPACE}}}Types":
        return None  # likewise
    types = content_types(root)
    refusals.extend(content_type_refusals(types))
    return types


def _binary_refusals(name: str, content: bytes) -> list[Refusal]:
    lowered = name.lower()
    if "vbaproject" in lowered or "vbadata" in lowered:
        return [macros(name, "a VBA project", "un projet VBA")]
    if content.startswith(_OLE_MAGIC):
        return [active(name, "an OLE compound file", "un fichier OLE incorporé")]
    if content.startswith(_ZIP_MAGIC):
        return [
            active(name, "an embedded package, a zip file", "un paquet incorporé, un fichier zip")
        ]
    return []


def _xml_refusals(name: str, root: etree._Element, declared: str) -> list[Refusal]:
    refusals = []
    if root.getroottree().docinfo.internalDTD is not None:
        refusals.append(
            Refusal(
                "doctype",
                name,
                "contains a DOCTYPE declaration, which Word never writes: refused",
                "contient une déclaration DOCTYPE, que Word n'écrit jamais : refusé",
            )
        )
    if name == _CONTENT_TYPES:
        expected: str | None = f"{{{CT_NAMESPACE}}}Types"
    elif name.lower().endswith(".rels"):
        expected = f"{{{REL_NAMESPACE}}}Relationships"
    else:
        expected = ROOTS.get(declared)
    wrong_root = None if expected is None else root_refusal(name, root, expected)
    if wrong_root is not None:
        return [*refusals, wrong_root]
    if root.tag == f"{{{REL_NAMESPACE}}}Relationships":
        refusals.extend(relationship_refusals(name, root))
    refusals.extend(content_refusals(name, root))
    return refusals


def _main_document_refusals(
    contents: dict[str, bytes],
    roots: dict[str, etree._Element],
    types: ContentTypes | None,
) -> list[Refusal]:
    """The package must lead to a main document that python-docx and Word can open."""
    if _PACKAGE_RELATIONSHIPS not in contents:
        return [
            _missing(
                f"it has no {_PACKAGE_RELATIONSHIPS}", f"il n'a pas de {_PACKAGE_RELATIONSHIPS}"
            )
        ]
    main = main_document(roots.get(_PACKAGE_RELATIONSHIPS))
    if main is None:
        return [
            _missing(
                f"its {_PACKAGE_RELATIONSHIPS} names no main document",
                f"son {_PACKAGE_RELATIONSHIPS} ne désigne aucun document principal",
            )
        ]
    if main not in contents:
        return [_missing(f"it has no {main}", f"il n'a pas de {main}")]
    declared = types.of(main) if types is not None else ""
    if types is not None and declared not in MAIN_TYPES and not is_macro_type(declared):
        return [
            _missing(
                f"its main part {main} is declared as {declared or 'nothing'}",
                f"sa partie principale {main} est déclarée comme {declared or 'rien'}",
            )
        ]
    return []


def _missing(why: str, why_fr: str) -> Refusal:
    return Refusal(
        "not-a-docx",
        "",
        f"is not a Word document (.docx): {why}",
        f"n'est pas un document Word (.docx) : {why_fr}",
    )


def _invalid_xml(name: str, error: etree.XMLSyntaxError) -> Refusal:
    line = error.position[0] if error.position else None
    at_fr = f" (ligne {line})" if line else ""
    return Refusal(
        "invalid-xml",
        name,
        f"is not well-formed XML ({error.msg}); save the document again from Word",
        f"n'est pas du XML valide{at_fr} ; enregistrez de nouveau le document depuis Word",
    )
