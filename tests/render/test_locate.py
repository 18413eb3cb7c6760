"""Mapping a Jinja error back to the paragraph legal staff see in Word."""

from __future__ import annotations

import pytest

from clausegen.render.locate import (
    Paragraph,
    locate_line,
    locate_offset,
    paragraphs_of,
    part_name,
    shorten,
)


@pytest.mark.parametrize(
    ("partname", "name"),
    [
        ("/word/document.xml", "body"),
        ("/word/header1.xml", "header"),
        ("/word/header2.xml", "header 2"),
        ("/word/footer1.xml", "footer"),
        ("/word/footer3.xml", "footer 3"),
        ("/word/footnotes.xml", "footnotes"),
    ],
)
def test_parts_are_named_for_people(partname: str, name: str) -> None:
    assert part_name(partname) == name


def test_a_line_maps_to_the_paragraph_holding_the_same_tag_occurrence() -> None:
    source = [
        "<w:body>",
        "<w:p><w:t>{{ a }}</w:t></w:p>{% if x %}",
        "<w:p><w:t>{{ a }} and {{ b.c }}</w:t></w:p>{% endif %}",
    ]
    texts = ["{{ a }}", "{%p if x %}", "{{ a }} and {{ b.c }}", "{%p endif %}"]
    paragraphs = [Paragraph(text) for text in texts]
    location = locate_line(source, 3, paragraphs, "'dict object' has no attribute 'c'")
    assert (location.paragraph, location.variable) == (3, "b.c")
    assert locate_line(source, 2, paragraphs, "").paragraph == 1


def test_a_structural_tag_maps_to_its_own_paragraph() -> None:
    source = ["<w:body>", "<w:p><w:t>Titre</w:t></w:p>{% if buyer.fax %}"]
    paragraphs = [Paragraph(t) for t in ("Titre", "{%p if buyer.fax %}", "Fax", "{%p endif %}")]
    location = locate_line(source, 2, paragraphs, "'dict object' has no attribute 'fax'")
    assert (location.paragraph, location.excerpt) == (2, "{%p if buyer.fax %}")


def test_an_unknown_tag_falls_back_to_the_text_of_the_line() -> None:
    location = locate_line(["<w:p><w:t>plain text</w:t></w:p>"], 1, [Paragraph("other")], "")
    assert (location.paragraph, location.excerpt) == (None, "plain text")
    assert locate_line(["x"], 5, [Paragraph("x")], "").paragraph is None


def test_paragraphs_in_tables_know_their_table_and_row() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (
        f"<w:body {w}><w:p><w:r><w:t>a</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>d</w:t></w:r></w:p></w:body>"
    )
    assert paragraphs_of(xml) == [
        Paragraph("a"),
        Paragraph("", 1, 1),
        Paragraph("b", 1, 2),
        Paragraph("c", 2, 1),
        Paragraph("d"),
    ]


def test_an_offset_maps_to_the_rendered_paragraph() -> None:
    xml = "<w:body><w:p><w:t>one</w:t></w:p><w:p><w:t>two</w:t><broken></w:p></w:body>"
    location = locate_offset(xml, xml.index("<broken>"))
    assert (location.paragraph, location.excerpt) == (2, "two")


def test_excerpts_are_shortened() -> None:
    assert shorten("a  b\n c") == "a b c"
    assert shorten("x" * 100, 10) == "xxxxxxxxx…"
