"""clausegen's own templates follow the rules that keep docxtpl from losing text.

A first line of defence until ``clausegen templates check`` exists: structural tags alone in
their paragraph, no bare ``{% if %}`` paragraph (it would leave a blank line), ``{%tr`` only
in tables, and only names of the vocabulary.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docxtpl import DocxTemplate
from lxml import etree

from clausegen.documents.render import environment
from clausegen.documents.templates import TemplateEntry, load_template_set
from clausegen.documents.vocabulary import VOCABULARY

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STRUCTURAL = re.compile(r"\{%-?\s?(p|tr|tc|r)\s.*?%\}")
STATEMENT = re.compile(r"\{%.*?%\}")
ENTRIES = load_template_set().entries


def parts(entry: TemplateEntry) -> list[tuple[str, etree._Element]]:
    with zipfile.ZipFile(entry.path) as package:
        return [
            (name, etree.fromstring(package.read(name)))
            for name in package.namelist()
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)
        ]


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(node.text or "" for node in paragraph.iter(f"{W}t"))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_structural_tags_stand_alone_in_their_paragraph(entry: TemplateEntry) -> None:
    problems = []
    for name, root in parts(entry):
        for paragraph in root.iter(f"{W}p"):
            text = paragraph_text(paragraph)
            tags = STRUCTURAL.findall(text)
            in_table = next(paragraph.iterancestors(f"{W}tc"), None) is not None
            if tags and (len(tags) > 1 or STRUCTURAL.fullmatch(text.strip()) is None):
                problems.append(f"{name}: more than the tag in {text!r}")
            if "tr" in tags and not in_table:
                problems.append(f"{name}: {{%tr outside a table in {text!r}")
            if not tags and STATEMENT.search(text) and not STATEMENT.sub("", text).strip():
                problems.append(f"{name}: bare statement paragraph {text!r}")
    assert problems == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_templates_use_only_names_of_the_vocabulary(entry: TemplateEntry) -> None:
    document = DocxTemplate(io.BytesIO(entry.path.read_bytes()))
    used = document.get_undeclared_template_variables(jinja_env=environment())
    assert used <= {variable.name for variable in VOCABULARY.fields}
    assert "reference" in used


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_templates_are_french_a4_documents_with_styles(entry: TemplateEntry) -> None:
    with zipfile.ZipFile(entry.path) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        document = package.read("word/document.xml").decode("utf-8")
        names = package.namelist()
    assert 'w:lang w:val="fr-FR"' in styles
    assert 'w:pStyle w:val="Title"' in document
    assert 'w:pStyle w:val="Heading1"' in document
    assert "<w:tblHeader/>" in document
    assert "w:pgSz" in document and ('w:w="11906"' in document or 'w:h="11906"' in document)
    assert not any(name.endswith(".jpeg") for name in names)
