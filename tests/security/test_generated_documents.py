"""Every document clausegen produces from its own templates is safe to open.

For every example contract and every template it gets: no request to refresh fields on
opening (``w:updateFields``), no external relationship, no field that fetches or runs, no
macro or active content, which is what the package check of a template file refuses.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from clausegen.render.documents import missing_requirement, render_document
from clausegen.render.safety import inspect_package
from clausegen.render.templates import load_template_set
from clausegen.resolve.loading import load_contract
from tests.helpers import EXAMPLES

TEMPLATES = load_template_set()
DOCUMENTS = [
    (example, entry.id)
    for example in sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))
    for entry in TEMPLATES.entries
    if missing_requirement(load_contract(example), entry) is None
]


@pytest.mark.parametrize(
    ("example", "template_id"), DOCUMENTS, ids=[f"{e.stem}-{t}" for e, t in DOCUMENTS]
)
def test_a_generated_document_holds_nothing_that_runs_or_fetches(
    example: Path, template_id: str
) -> None:
    data = render_document(example, template_id, templates=TEMPLATES)
    assert inspect_package(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = b"".join(
            package.read(name) for name in package.namelist() if name.endswith(("xml", ".rels"))
        )
    assert b"updateFields" not in xml
    assert b"TargetMode" not in xml  # the shipped templates link to nothing outside


def test_every_example_gets_documents() -> None:
    assert {example for example, _ in DOCUMENTS} == {
        p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json")
    }
