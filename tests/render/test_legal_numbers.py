"""No shipped template prints an article number that the legal-basis table does not verify."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from clausegen.render.templates import default_dir
from clausegen.resolve.legal import citations, legal_basis

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(docx: Path) -> list[str]:
    """Every paragraph of every XML part (body, headers, footers), tags included."""
    found: list[str] = []
    with zipfile.ZipFile(docx) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                for paragraph in root.iter(f"{_W}p"):
                    found.append("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
    return found


TEMPLATES = sorted(default_dir().glob("*.docx"))


def test_the_shipped_set_is_scanned() -> None:
    assert {path.stem for path in TEMPLATES} >= {"ccap", "rc", "ae", "suivi", "charte"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_every_article_number_is_verified(template: Path) -> None:
    verified = legal_basis().verified_citations()
    unverified = [
        f"{citation}: {text.strip()[:120]}"
        for text in paragraphs(template)
        for citation in citations(text)
        if citation not in verified
    ]
    assert unverified == []


def test_the_scan_reports_an_unverified_number(tmp_path: Path) -> None:
    # L. 2112-4 is in the table but not verified; L. 2113-99 is not in the table.
    text = "article L. 2112-4 ; article L2113-99 ; article 20.1 du CCAG-Travaux"
    verified = legal_basis().verified_citations()
    assert [str(c) for c in citations(text) if c not in verified] == [
        "L2112-4",
        "L2113-99",
        "CCAG-TRAVAUX 20.1",
    ]
