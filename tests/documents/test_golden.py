"""Golden text of every document for every example: the wording, word for word.

Each document is extracted to text (paragraphs with their styles, table cells, headers and
footers, see :mod:`clausegen.documents.text`) and compared with ``tests/golden/<example>/
<template id>.txt``. A change of wording, of a figure or of the structure shows as a diff.

After a deliberate change of a template, an example or the context, regenerate the files
and review the diff before committing::

    CLAUSEGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/documents/test_golden.py

The variable is off by default; with it, the tests write the files instead of comparing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clausegen.documents.generate import render_document
from clausegen.documents.templates import load_template_set
from clausegen.documents.text import docx_text
from tests.helpers import EXAMPLES, REPO

GOLDEN = REPO / "tests" / "golden"
UPDATE = os.environ.get("CLAUSEGEN_UPDATE_GOLDEN") == "1"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))
TEMPLATE_IDS = load_template_set().ids


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_document_text_matches_its_golden_file(example: Path, template_id: str) -> None:
    text = docx_text(render_document(example, template_id))
    golden = GOLDEN / example.stem / f"{template_id}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text


def test_every_golden_file_belongs_to_an_example_and_a_template() -> None:
    expected = {f"{e.stem}/{t}.txt" for e in EXAMPLE_FILES for t in TEMPLATE_IDS}
    found = {str(p.relative_to(GOLDEN)) for p in GOLDEN.glob("*/*.txt")}
    assert found == expected
