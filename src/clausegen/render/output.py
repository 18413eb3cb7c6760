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
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
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
# The layouts of zipfile's central directory record and end record (PKWARE APPNOTE 4.3).
_CENTRAL_RECORD = "<4s4B4HL2L5H2L"
_END_RECORD = "<4s4H2LH"
# Beyond this, zipfile writes ZIP64 records; a document never comes near (render budget).
_ZIP64_SIZE = (1 << 31) - 1


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


def package_members(document: Any) -> dict[str, bytes]:
    """Return the zip members python-docx would write for a document: name → bytes.

    python-docx stamps every zip member with the clock (python-docx #1042); rather than save
    and rewrite the archive (compressing everything twice), this collects the members its
    package writer produces, to be zipped once by :func:`deterministic_zip`.
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
    return members.contents


def package(document: Any) -> bytes:
    """Serialise a python-docx document straight into a deterministic zip."""
    return deterministic_zip(package_members(document))


@dataclass(frozen=True)
class ZipMember:
    """A zip member compressed once, to be copied as it is into every zip that holds it.

    Attributes:
        name: its name in the zip.
        crc: the CRC-32 of its content.
        size: the size of its content.
        deflated: its content, deflated as :mod:`zipfile` does (raw deflate, default level).
    """

    name: str
    crc: int
    size: int
    deflated: bytes

    @classmethod
    def of(cls, name: str, data: bytes) -> ZipMember:
        """Compress ``data`` once, exactly as ``zipfile`` does for a ``ZIP_DEFLATED`` member."""
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        deflated = compressor.compress(data) + compressor.flush()
        return cls(name, zlib.crc32(data), len(data), deflated)


def _member_order(name: str) -> tuple[bool, str]:
    return (name != "[Content_Types].xml", name)


def deterministic_zip(members: Mapping[str, bytes]) -> bytes:
    """Zip the members of a .docx so that the same content always gives the same bytes.

    Members get a fixed timestamp and attributes, ``[Content_Types].xml`` comes first and
    the others follow in name order.
    """
    return zip_members([ZipMember.of(name, data) for name, data in members.items()])


def zip_members(members: Iterable[ZipMember]) -> bytes:
    """Write a zip of members already compressed, in the order of :func:`deterministic_zip`.

    The bytes are those ``zipfile`` writes for the same members given as a
    :class:`zipfile.ZipInfo` with :data:`FIXED_TIMESTAMP`, ``create_system`` and
    ``external_attr`` 0, deflated (a test compares the two): local headers from
    ``ZipInfo.FileHeader``, the central directory and the end record written as ``zipfile``
    writes them. Members already compressed are copied as they are, never recompressed.
    """
    output = io.BytesIO()
    directory: list[bytes] = []
    ordered = sorted(members, key=lambda member: _member_order(member.name))
    for member in ordered:
        offset = output.tell()
        if member.size * 1.05 > _ZIP64_SIZE or max(len(member.deflated), offset) > _ZIP64_SIZE:
            message = f"zip member {member.name} is too large for clausegen's documents"
            raise ValueError(message)
        info = _info(member)
        output.write(info.FileHeader(zip64=False))
        output.write(member.deflated)
        directory.append(_central_record(info, offset))
    start = output.tell()
    for record in directory:
        output.write(record)
    size = output.tell() - start
    count = len(directory)
    output.write(struct.pack(_END_RECORD, b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return output.getvalue()


def _info(member: ZipMember) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(member.name, date_time=FIXED_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    # NOTE: zipfile gives a member without attributes ?rw------- when it writes it.
    info.external_attr = 0o600 << 16
    info.flag_bits = 0
    info.CRC = member.crc
    info.file_size = member.size
    info.compress_size = len(member.deflated)
    return info


def _central_record(info: zipfile.ZipInfo, offset: int) -> bytes:
    """The central directory record of a member, as ``ZipFile._write_end_record`` writes it."""
    date_time = info.date_time
    date = (date_time[0] - 1980) << 9 | date_time[1] << 5 | date_time[2]
    time = date_time[3] << 11 | date_time[4] << 5 | (date_time[5] // 2)
    try:
        name, flags = info.filename.encode("ascii"), info.flag_bits
    except UnicodeEncodeError:
        name, flags = info.filename.encode("utf-8"), info.flag_bits | 0x800
    record = struct.pack(
        _CENTRAL_RECORD,
        b"PK\x01\x02",
        info.create_version,
        info.create_system,
        info.extract_version,
        info.reserved,
        flags,
        info.compress_type,
        time,
        date,
        info.CRC,
        info.compress_size,
        info.file_size,
        len(name),
        0,
        0,
        0,
        info.internal_attr,
        info.external_attr,
        offset,
    )
    return record + name


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a .docx made elsewhere so that the same content always gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return deterministic_zip({name: source.read(name) for name in source.namelist()})
