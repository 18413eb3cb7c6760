"""External links judged by what uses them, not by the type their relationship declares.

A relationship of type ``hyperlink`` with an ``https:`` target passes the relationship check
(:func:`~clausegen.render.hazards.relationship_refusals`): a web link in a clause is fine.
But the part may use it from anything that names a relationship: ``w:attachedTemplate``,
``a:blip r:link`` or ``r:embed``, ``v:imagedata``, a frame, a subdocument… Word then fetches
the target when the document opens. So every use of an external relationship is looked
at, and only a hyperlink (``w:hyperlink``) may use one.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from clausegen.render.hazards import REL_NAMESPACE, Refusal, is_web_link, prefixed
from clausegen.render.locate import shorten

_REL = f"{{{REL_NAMESPACE}}}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The elements that may use an external relationship: hyperlinks, in both namespaces.
_HYPERLINKS = frozenset(
    {f"{_W}hyperlink", "{http://purl.oclc.org/ooxml/wordprocessingml/main}hyperlink"}
)


def link_use_refusals(roots: dict[str, etree._Element]) -> list[Refusal]:
    """Refuse every use of an external web link by anything but a hyperlink.

    Other external relationships are refused whatever uses them (by the relationship check).

    Args:
        roots: the parsed XML parts of a package, by member name.
    """
    refusals = []
    for name, root in roots.items():
        if root.tag != f"{_REL}Relationships":
            continue
        external = {
            (relationship.get("Id") or "").strip(): relationship
            for relationship in root.iter(f"{_REL}Relationship")
            if is_web_link(relationship)
        }
        source = roots.get(_source_part(name))
        if not external or source is None:
            continue
        for element in source.iter():
            if isinstance(element.tag, str) and element.tag not in _HYPERLINKS:
                refusals.extend(_uses(_source_part(name), element, external))
    return refusals


def _uses(
    member: str, element: etree._Element, external: dict[str, etree._Element]
) -> list[Refusal]:
    refusals = []
    for attribute, value in element.attrib.items():
        namespace = etree.QName(attribute).namespace or ""
        relationship = external.get(str(value).strip())
        if relationship is None or not namespace.endswith("/relationships"):
            continue
        shown = shorten(relationship.get("Target") or "")
        used_by = prefixed(element.tag)
        refusals.append(
            Refusal(
                "external-relationship",
                member,
                f"points to external content ({shown}) from {used_by}, which Word would fetch "
                "when the document opens; only a hyperlink may point outside: refused",
                f"renvoie à un contenu extérieur ({shown}) depuis {used_by}, que Word irait "
                "chercher à l'ouverture du document ; seul un lien hypertexte peut renvoyer "
                "à l'extérieur : refusé",
            )
        )
    return refusals


def _source_part(rels: str) -> str:
    """The part a ``.rels`` member describes: ``word/_rels/x.xml.rels`` → ``word/x.xml``."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))
