"""The .docx clausegen writes: its properties, its settings and a byte-stable zip.

* the document properties (File > Properties in Word) are set from the contract and the
  manifest, never from the clock: :class:`DocumentProperties`, :data:`FIXED_DATE`;
* Word is asked to refresh the fields on opening (``w:updateFields``) only when the
  template's manifest entry says so; a request the template itself holds is removed;
* the zip has fixed timestamps and a stable member order (python-docx #1042), so that the
  same input gives the same bytes: :func:`deterministic_zip`, :func:`normalise_zip`.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docx.opc.pkgwriter import PackageWriter
from lxml import etree

from clausegen.render.cleaning import clean_text

#: Zip member timestamp of every output (the earliest date a zip file can hold).
FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
#: Document dates when the contract gives none: the same fixed moment, never the clock.
FIXED_DATE = datetime.datetime(*FIXED_TIMESTAMP, tzinfo=datetime.UTC)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Elements that follow w:updateFields in w:settings (ECMA-376 CT_Settings sequence).
_AFTER_UPDATE_FIELDS = frozenset(
    f"{{{_W_NS}}}{name}"
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
) | {
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",
    "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary",
}
_PROPERTY_LIMIT = 255


@dataclass(frozen=True)
class DocumentProperties:
    """The document properties (File > Properties in Word), set by clausegen, not rendered.

    Attributes:
        date: the creation and modification date; :data:`FIXED_DATE` when None.
    """

    title: str
    subject: str
    author: str
    identifier: str
    keywords: str = ""
    comments: str = ""
    category: str = ""
    language: str = "fr-FR"
    date: datetime.date | None = None


def _property_text(value: str) -> str:
    text = " ".join(clean_text(value).split())
    return text if len(text) <= _PROPERTY_LIMIT else text[: _PROPERTY_LIMIT - 1] + "…"


def set_properties(core: Any, properties: DocumentProperties) -> None:
    """Set the core properties of a python-docx document from ``properties``."""
    for key in ("title", "subject", "author", "identifier", "keywords", "comments", "category"):
        setattr(core, key, _property_text(getattr(properties, key)))
    core.language = properties.language
    core.content_status = ""
    core.version = ""
    core.last_modified_by = "clausegen"
    core.revision = 1
    moment = (
        FIXED_DATE
        if properties.date is None
        else datetime.datetime.combine(properties.date, datetime.time(), tzinfo=datetime.UTC)
    )
    core.created = moment
    core.modified = moment


def set_field_update(settings: Any, *, wanted: bool) -> None:
    """Ask Word to refresh fields when it opens the document, or make sure it is not asked.

    Every ``updateFields`` is removed first, wherever it is (inside ``mc:AlternateContent``,
    which Word applies too) and in whatever namespace (transitional or strict).
    """
    tag = f"{{{_W_NS}}}updateFields"
    found = [
        element
        for element in settings.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname == "updateFields"
    ]
    for old in found:
        parent = old.getparent()
        if parent is not None:
            parent.remove(old)
    if not wanted:
        return
    element = etree.Element(tag)
    element.set(f"{{{_W_NS}}}val", "true")
    successor = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
    if successor is None:
        settings.append(element)
    else:
        successor.addprevious(element)


class _Members:
    """Collects what python-docx would write into its zip, to write it ourselves."""

    def __init__(self) -> None:
        self.contents: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.contents[str(pack_uri.membername)] = blob


def package(document: Any) -> bytes:
    """Serialise a python-docx document straight into a deterministic zip.

    python-docx stamps every zip member with the clock (python-docx #1042); rather than save
    and rewrite the archive (compressing everything twice), this collects the members its
    package writer produces and zips them once, as :func:`deterministic_zip` does.
    """
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    members = _Members()
    # NOTE: these PackageWriter steps are what OpcPackage.save() runs (python-docx 1.x);
    # they only call write(pack_uri, blob) on the writer they are given.
    writer: Any = PackageWriter
    writer._write_content_types_stream(members, package.parts)
    writer._write_pkg_rels(members, package.rels)
    writer._write_parts(members, package.parts)
    return deterministic_zip(members.contents)


def deterministic_zip(members: Mapping[str, bytes]) -> bytes:
    """Zip the members of a .docx so that the same content always gives the same bytes.

    Members get a fixed timestamp and attributes, ``[Content_Types].xml`` comes first and
    the others follow in name order.
    """
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, members[name])
    return output.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a .docx made elsewhere so that the same content always gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return deterministic_zip({name: source.read(name) for name in source.namelist()})
