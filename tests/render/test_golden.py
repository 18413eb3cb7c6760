"""Golden text of every document for every example: the wording, word for word.

Each document is extracted to text (paragraphs with their styles, table cells, headers and
footers, see :mod:`clausegen.render.text`) and compared with ``tests/golden/<example>/
<template id>.txt``. A change of wording, of a figure or of the structure shows as a diff.

After a deliberate change of a template, an example or the context, regenerate the files
and review the diff before committing::

    CLAUSEGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/render/test_golden.py

The variable is off by default; with it, the tests write the files instead of comparing.
A contract whose buyer has no charter has no charter annex, hence no golden text for it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clausegen.missing import NoCharterError
from clausegen.render.documents import missing_requirement, render_document
from clausegen.render.templates import load_template_set
from clausegen.render.text import docx_text
from clausegen.resolve.loading import load_contract
from tests.helpers import EXAMPLES, REPO

GOLDEN = REPO / "tests" / "golden"
UPDATE = os.environ.get("CLAUSEGEN_UPDATE_GOLDEN") == "1"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))
TEMPLATES = load_template_set()
TEMPLATE_IDS = TEMPLATES.ids
#: (example, template id) of every document the examples get; the others lack a charter.
DOCUMENTS = [
    (example, entry.id)
    for example in EXAMPLE_FILES
    for entry in TEMPLATES.entries
    if missing_requirement(load_contract(example), entry) is None
]
WITHOUT_CHARTER = [
    example for example in EXAMPLE_FILES if load_contract(example).buyer.charter is None
]


def _id(case: object) -> str:
    return case.stem if isinstance(case, Path) else str(case)


@pytest.mark.parametrize(("example", "template_id"), DOCUMENTS, ids=_id)
def test_document_text_matches_its_golden_file(example: Path, template_id: str) -> None:
    text = docx_text(render_document(example, template_id))
    golden = GOLDEN / example.stem / f"{template_id}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text


def test_the_examples_with_and_without_a_charter() -> None:
    with_charter = {e.stem for e, t in DOCUMENTS if t == "charte"}
    assert with_charter == {
        "lycee-jules-verne",
        "avenue-de-la-gare",
        "nettoyage-accord-cadre",
        "espaces-verts-reconduction",
        "travaux-tranches",
    }
    assert {e.stem for e in WITHOUT_CHARTER} == {e.stem for e in EXAMPLE_FILES} - with_charter
    # A reserved contract has no hours, hence no per-person sheet for the facilitator.
    without_hours = {e.stem for e in EXAMPLE_FILES if load_contract(e).mechanism.is_reserved}
    assert without_hours == {"espaces-verts-esat", "recyclerie-siae"}
    assert len(DOCUMENTS) == (
        len(EXAMPLE_FILES) * len(TEMPLATE_IDS) - len(WITHOUT_CHARTER) - len(without_hours)
    )


#: The documents of the contract (the charter annex informs, the calculation note is the
#: buyer's own): they never weaken a figure by its provenance (issue 12).
CONTRACT_DOCUMENTS = ("ccap", "rc", "ae", "suivi", "suivi-facilitateur")


@pytest.mark.parametrize(
    ("example", "template_id"),
    [(e, t) for e, t in DOCUMENTS if t in CONTRACT_DOCUMENTS],
    ids=_id,
)
def test_no_contract_document_states_a_provenance(example: Path, template_id: str) -> None:
    text = (GOLDEN / example.stem / f"{template_id}.txt").read_text(encoding="utf-8").lower()
    # NOTE: a framework's "estimation indicative" (the estimate binds no one) is law, not a
    # provenance: only the provenance phrases of the calculation note are looked for.
    provenance = ("valeur indicative", "indicative et sans", "sans source publiée", "source :")
    assert [w for w in provenance if w in text] == []


def test_the_calculation_note_keeps_the_provenance() -> None:
    text = (GOLDEN / "restauration-scolaire" / "note-calcul.txt").read_text(encoding="utf-8")
    assert "valeur indicative" in text
    assert "sans source publiée" in text


@pytest.mark.parametrize("example", WITHOUT_CHARTER, ids=_id)
def test_an_example_without_charter_has_no_charter_annex(example: Path) -> None:
    buyer = load_contract(example).buyer
    assert buyer.profile is None
    with pytest.raises(NoCharterError) as caught:
        render_document(example, "charte")
    assert str(caught.value) == (
        f'{example}: buyer: the buyer "{buyer.name}" has no charter, so the document '
        "'charte' (the charter annex) cannot be produced: point buyer at a profile that has "
        "one (see 'clausegen profile init')"
    )


def test_every_golden_file_belongs_to_an_example_and_a_template() -> None:
    expected = {f"{e.stem}/{t}.txt" for e, t in DOCUMENTS}
    found = {str(p.relative_to(GOLDEN)) for p in GOLDEN.glob("*/*.txt")}
    assert found == expected
