"""clausegen's own templates pass the template check, and are French A4 documents with styles.

The check itself (:mod:`clausegen.render.lint`) is tested on purpose-built templates in
``test_lint_*.py``; here it runs, template by template, over the shipped set, so that a
failing template is named by the test.
"""

from __future__ import annotations

import zipfile

import pytest

from clausegen.render.lint import check_templates, lint_template
from clausegen.render.templates import TemplateEntry, load_template_set

ENTRIES = load_template_set().entries


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_each_shipped_template_has_no_finding(entry: TemplateEntry) -> None:
    findings = lint_template(entry.path.read_bytes(), name=entry.file, template_id=entry.id)
    assert [(f.code, f.part, f.paragraph, f.message) for f in findings] == []


def test_the_shipped_set_checks_clean_with_every_example() -> None:
    check = check_templates()
    assert [(f.template, f.code, f.message) for f in check.findings] == []
    assert check.rendered == tuple(entry.file for entry in ENTRIES)


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
