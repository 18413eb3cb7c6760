"""What in a part of a Word package makes Word fetch or run something when it opens it.

Judged on the parsed XML (see :mod:`.parts`), never on its text, so that quoting,
character references, case or encoding cannot hide anything:

* relationships: an external target (after parsing ``TargetMode``, and any absolute URI,
  drive or UNC path whatever the mode) is refused unless it is a web or e-mail hyperlink;
  relationship types of macros and active content are refused whatever their target;
* elements of active content: OLE objects, ActiveX controls, embedded objects, imported
  content (``w:altChunk``), subdocuments, mail merges; VML pictures linked to outside;
* fields that fetch or run something (:data:`ACTIVE_FIELDS`), in ``w:fldSimple`` and in
  complex fields, whose instruction is joined from every run between the field's begin and
  separate marks, and fields whose type is computed by a nested field.

Each problem is a :class:`Refusal` with a stable code and English and French messages;
in a part docxtpl renders, it also says which paragraph (the check's numbering).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from clausegen.render.fieldcodes import field_type, hyperlink_target, skipped_only
from clausegen.render.locate import paragraph_elements, part_name, shorten

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_O = "{urn:schemas-microsoft-com:office:office}"
_V = "{urn:schemas-microsoft-com:vml}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: The namespace of ``[Content_Types].xml``.
CT_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/content-types"
#: The namespace of relationship parts (``.rels``).
REL_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = f"{{{CT_NAMESPACE}}}"
_REL = f"{{{REL_NAMESPACE}}}"
# Content types (substrings) and relationship types (endings) of macros and active content.
_MACRO_TYPES = ("macroenabled", "vbaproject", "vbadata", "keymapcustomizations", "toolbars")
_ACTIVE_TYPES = ("activex", "oleobject")
_MACRO_RELATIONSHIPS = ("/vbaproject", "/wordvbadata", "/keymapcustomizations", "/attachedtoolbars")
_ACTIVE_RELATIONSHIPS = ("/control", "/package", "/oleobject", "/activexcontrolbinary", "/afchunk")
_ACTIVE_ELEMENTS = {
    f"{_W}object": ("an embedded object, w:object", "un objet incorporé, w:object"),
    f"{_O}OLEObject": ("an OLE object, o:OLEObject", "un objet OLE, o:OLEObject"),
    f"{_W}control": ("an ActiveX control, w:control", "un contrôle ActiveX, w:control"),
    f"{_W}objectEmbed": ("an embedded object, w:objectEmbed", "un objet incorporé, w:objectEmbed"),
    f"{_W}objectLink": ("a linked object, w:objectLink", "un objet lié, w:objectLink"),
    f"{_W}altChunk": (
        "content imported from another file, w:altChunk",
        "un contenu importé d'un autre fichier, w:altChunk",
    ),
    f"{_W}subDoc": ("a subdocument, w:subDoc", "un sous-document, w:subDoc"),
    f"{_W}mailMerge": (
        "a mail merge with a data source, w:mailMerge",
        "un publipostage relié à une source de données, w:mailMerge",
    ),
}
_SPECIFIC = tuple(tag for tag in _ACTIVE_ELEMENTS if tag != f"{_W}object")
#: Field types that make Word fetch content from elsewhere or run something.
ACTIVE_FIELDS = frozenset(
    {
        "INCLUDEPICTURE",
        "INCLUDETEXT",
        "INCLUDE",
        "LINK",
        "DDE",
        "DDEAUTO",
        "IMPORT",
        "DATABASE",
        "MACROBUTTON",
        "RD",
        "PRINT",
    }
)
_SAFE_LINK = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|[\\/]{2}")
# A part docxtpl renders: its name for people, and the number of each of its paragraphs.
_Places = tuple[str, Callable[[], dict[etree._Element, int]]]
_RENDERED_PART = re.compile(r"word/(?:document|header\d*|footer\d*|footnotes)\.xml")


@dataclass(frozen=True)
class Refusal:
    """One reason to refuse a package, before it is worded as a finding.

    Attributes:
        code: the stable code (the template check's catalogue).
        part: the zip member concerned, empty for the whole file.
        message: the explanation in English.
        message_fr: the same in French.
        place: for content of a document part, the part as people name it (``body``,
            ``header 2``) and the 1-based paragraph, when known.
        excerpt: the text concerned (a field's instruction), shortened.
    """

    code: str
    part: str
    message: str
    message_fr: str
    place: tuple[str, int | None] | None = None
    excerpt: str | None = None


def prefixed(tag: object) -> str:
    """Write an element's name the way Word users see it: ``w:document``, ``Types``."""
    if not isinstance(tag, str):
        return "XML comment or instruction"
    namespaces = {_W: "w:", _REL: "", _CT: "", _O: "o:", _V: "v:", _A: "a:"}
    qname = etree.QName(tag)
    prefix = namespaces.get(f"{{{qname.namespace}}}", "") if qname.namespace else ""
    return prefix + qname.localname


def relationship_refusals(member: str, root: etree._Element) -> list[Refusal]:
    """Refuse external targets (except web and e-mail hyperlinks) and active-content types."""
    refusals = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag != f"{_REL}Relationship":
            refusals.append(
                Refusal(
                    "unexpected-root",
                    member,
                    f"holds a {prefixed(child.tag)} element where only relationships belong",
                    f"contient un élément {prefixed(child.tag)} là où seules des relations "
                    "sont admises",
                )
            )
            continue
        if any(child.get(name) is None for name in ("Id", "Type", "Target")):
            refusals.append(
                Refusal(
                    "unexpected-root",
                    member,
                    "has a relationship without its Id, Type or Target, which Word cannot open",
                    "contient une relation sans son Id, son Type ou sa Target, que Word ne sait "
                    "pas ouvrir",
                )
            )
            continue
        kind = child.get("Type", "").strip()
        target = child.get("Target", "")
        label = kind.rstrip("/").rsplit("/", 1)[-1] or "relationship"
        lowered = kind.lower()
        if lowered.endswith(_MACRO_RELATIONSHIPS):
            refusals.append(
                macros(member, f"a {label} part: {target}", f"une partie {label} : {target}")
            )
        elif lowered.endswith(_ACTIVE_RELATIONSHIPS):
            refusals.append(
                active(member, f"a {label} part: {target}", f"une partie {label} : {target}")
            )
        if is_external(child):
            if lowered.endswith("/hyperlink") and _SAFE_LINK.match(target):
                continue
            shown = shorten(target)
            refusals.append(
                Refusal(
                    "external-relationship",
                    member,
                    f"points to external content ({label}: {shown}), which Word would fetch "
                    "when the document opens: refused",
                    f"renvoie à un contenu extérieur ({label} : {shown}), que Word irait "
                    "chercher à l'ouverture du document : refusé",
                )
            )
    return refusals


def is_external(relationship: etree._Element) -> bool:
    """Whether a relationship points outside the package (its mode, or an absolute target)."""
    mode = (relationship.get("TargetMode") or "").strip().lower()
    return mode not in ("", "internal") or bool(_ABSOLUTE.match(relationship.get("Target") or ""))


def is_web_link(relationship: etree._Element) -> bool:
    """Whether a relationship is an external web or e-mail hyperlink, the one kind allowed."""
    kind = (relationship.get("Type") or "").strip().lower()
    target = relationship.get("Target") or ""
    return (
        is_external(relationship) and kind.endswith("/hyperlink") and bool(_SAFE_LINK.match(target))
    )


def content_refusals(member: str, root: etree._Element) -> list[Refusal]:
    """Refuse active elements and fields that fetch or run something, in any XML part."""
    places = _places(member, root)
    refusals = []
    for element in root.iter(*_ACTIVE_ELEMENTS):
        if element.tag == f"{_W}object" and next(element.iter(*_SPECIFIC), None) is not None:
            continue  # the object's content says more precisely what it is
        refusals.append(
            active(member, *_ACTIVE_ELEMENTS[str(element.tag)], place=_place(places, element))
        )
    for element in root.iter(f"{_V}imagedata", f"{_V}fill", f"{_V}stroke", f"{_V}textbox"):
        for name, raw in element.attrib.items():
            value = str(raw)
            if etree.QName(name).localname in ("href", "src", "althref") and _ABSOLUTE.match(value):
                refusals.append(
                    Refusal(
                        "external-relationship",
                        member,
                        f"points to external content (picture: {shorten(value)}), which Word "
                        "would fetch when the document opens: refused",
                        f"renvoie à un contenu extérieur (image : {shorten(value)}), que Word "
                        "irait chercher à l'ouverture du document : refusé",
                        place=_place(places, element),
                    )
                )
    for element, instruction, computed in _fields(root):
        refusal = _field_refusal(member, instruction, computed, _place(places, element))
        if refusal is not None:
            refusals.append(refusal)
    return refusals


def _fields(root: etree._Element) -> Iterator[tuple[etree._Element, str, bool]]:
    """Yield every field: the element it starts at, its instruction, whether it is computed.

    A complex field's instruction is spread over the ``w:instrText`` of several runs between
    its ``begin`` and ``separate`` (or ``end``) marks, and fields nest; a field whose type is
    itself the result of a nested field is "computed".
    """
    for simple in root.iter(f"{_W}fldSimple"):
        yield simple, simple.get(f"{_W}instr", ""), False
    # Each open field: [element of its begin mark, instruction so far, computed, collecting].
    stack: list[list[object]] = []
    for element in root.iter(f"{_W}fldChar", f"{_W}instrText", f"{_W}delInstrText"):
        if element.tag != f"{_W}fldChar":
            if stack and stack[-1][3]:
                stack[-1][1] = f"{stack[-1][1]}{element.text or ''}"
            elif not stack:
                yield element, element.text or "", False
            continue
        kind = element.get(f"{_W}fldCharType", "")
        if kind == "begin":
            if stack and stack[-1][3] and skipped_only(str(stack[-1][1])):
                stack[-1][2] = True
            elif stack and stack[-1][3] and field_type(str(stack[-1][1])) == "HYPERLINK":
                stack[-1][2] = True  # a link whose target another field computes
            stack.append([element, "", False, True])
        elif kind == "separate" and stack:
            stack[-1][3] = False
        elif kind == "end" and stack:
            start, instruction, computed, _ = stack.pop()
            yield start, str(instruction), bool(computed)  # type: ignore[misc]
    for start, instruction, computed, _ in stack:
        yield start, str(instruction), bool(computed)  # type: ignore[misc]


def _field_refusal(
    member: str, instruction: str, computed: bool, place: tuple[str, int | None] | None
) -> Refusal | None:
    kind = field_type(instruction)
    if computed:
        return Refusal(
            "field-code",
            member,
            "has a field whose type is computed by another field, a way to hide a field that "
            "fetches or runs something: refused",
            "contient un champ dont le type est calculé par un autre champ, une façon de "
            "cacher un champ qui va chercher ou exécute quelque chose : refusé",
            place=place,
            excerpt=shorten(instruction) or None,
        )
    if kind == "HYPERLINK":
        return _hyperlink_refusal(member, instruction, place)
    if kind not in ACTIVE_FIELDS:
        return None
    return Refusal(
        "field-code",
        member,
        f"has a field {kind}, which makes Word fetch or run something from outside the "
        "document: refused",
        f"contient un champ {kind}, qui fait chercher ou exécuter par Word quelque chose "
        "d'extérieur au document : refusé",
        place=place,
        excerpt=shorten(instruction),
    )


def _hyperlink_refusal(
    member: str, instruction: str, place: tuple[str, int | None] | None
) -> Refusal | None:
    target = hyperlink_target(instruction)
    if target is None:
        return None
    shown = shorten(target) if target else "no address"
    return Refusal(
        "field-code",
        member,
        f"has a field HYPERLINK to {shown}, which is not a web or e-mail address (a file: "
        "or \\\\server link makes Word open a program or send the user's password): refused",
        f"contient un champ HYPERLINK vers {shown}, qui n'est pas une adresse web ou e-mail "
        "(un lien file: ou \\\\serveur fait ouvrir un programme ou envoyer le mot de passe de "
        "l'utilisateur par Word) : refusé",
        place=place,
        excerpt=shorten(instruction),
    )


def _places(member: str, root: etree._Element) -> _Places | None:
    """Number the paragraphs of a part docxtpl renders (the template check's numbering).

    The numbers are counted only when a refusal needs them (most parts have none).
    """
    if not _RENDERED_PART.fullmatch(member):
        return None

    @functools.cache
    def numbers() -> dict[etree._Element, int]:
        return {element: number for number, (element, _) in enumerate(paragraph_elements(root), 1)}

    return part_name(member), numbers


def _place(places: _Places | None, element: etree._Element) -> tuple[str, int | None] | None:
    if places is None:
        return None
    name, count = places
    numbers = count()
    paragraph = element if element.tag == f"{_W}p" else next(element.iterancestors(f"{_W}p"), None)
    return name, None if paragraph is None else numbers.get(paragraph)


def is_macro_type(content_type: str) -> bool:
    """Tell whether a content type is one of macros (a .docm main part, a VBA project…)."""
    lowered = content_type.lower()
    return any(mark in lowered for mark in _MACRO_TYPES)


def is_active_type(content_type: str) -> bool:
    """Tell whether a content type is one of active content (an ActiveX control, OLE…)."""
    lowered = content_type.lower()
    return any(mark in lowered for mark in _ACTIVE_TYPES)


def macros(member: str, what: str, what_fr: str) -> Refusal:
    """Refuse macros found in ``member`` (``what`` says what they are)."""
    return Refusal(
        "macros",
        member,
        f"contains macros ({what}), which a clause template must not have",
        f"contient des macros ({what_fr}), qu'un modèle de clause ne doit pas contenir",
    )


def active(
    member: str, what: str, what_fr: str, *, place: tuple[str, int | None] | None = None
) -> Refusal:
    """Refuse active content found in ``member`` (``what`` says what it is)."""
    return Refusal(
        "active-content",
        member,
        f"contains active content ({what}), which could run or fetch something when the "
        "document opens: refused",
        f"contient un contenu actif ({what_fr}), qui pourrait s'exécuter ou aller chercher "
        "quelque chose à l'ouverture du document : refusé",
        place=place,
    )
