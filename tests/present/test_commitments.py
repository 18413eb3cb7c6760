"""The shared vocabulary and the buyer's charter, as the templates see them."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegen.french import typography
from clausegen.present.context import build_context
from clausegen.present.vocabulary import VOCABULARY, lookup
from clausegen.render.documents import render_document
from clausegen.render.text import docx_text
from clausegen.resolve.loading import load_contract
from clausegen.validate.terms import EligibilityCategory, Modality
from tests.helpers import EXAMPLES, contract_data

JULES_VERNE = EXAMPLES / "lycee-jules-verne.yaml"
#: Examples whose documents list the publics and the modalities (not reserved contracts).
WITH_HOURS = [EXAMPLES / "lycee-jules-verne.yaml", EXAMPLES / "amenagement-bourg.yaml"]


def test_the_publics_and_modalities_are_the_shared_vocabulary() -> None:
    context = build_context(load_contract(contract_data()))
    assert [c["code"] for c in context["categories"]] == [c.value for c in EligibilityCategory]
    assert [m["code"] for m in context["modalities"]] == [m.value for m in Modality]
    senior = context["categories"][6]
    assert senior == {
        "code": "senior",
        "abbreviation": "SENIOR",
        "short": "Demandeurs d'emploi de plus de 50 ans",
        "label": "les demandeurs d'emploi de plus de 50 ans",
        "proof": "pièce d'identité et attestation d'inscription à France Travail",
        "sensitive": False,
    }
    assert context["modalities"][3]["abbreviation"] == "FORMATION"


def example_of(path: str) -> str | int | bool | None:
    variable = lookup(VOCABULARY, path)
    assert variable is not None, path
    return variable.example


def test_the_declared_examples_are_the_vocabulary_s_own_words() -> None:
    first_category = EligibilityCategory.LONG_TERM_JOBSEEKER.term
    assert example_of("categories[].label") == first_category.label
    assert example_of("categories[].code") == "long_term_jobseeker"
    assert example_of("modalities[].abbreviation") == "MAD"


@pytest.mark.parametrize("example", WITH_HOURS, ids=lambda p: p.stem)
def test_every_category_and_modality_is_printed_from_the_vocabulary(example: Path) -> None:
    ccap = docx_text(render_document(example, "ccap"))
    for code in [*EligibilityCategory, *Modality]:
        assert ccap.count(f"[ListBullet] {typography(code.term.label)}") == 1, code
    for template_id in ("rc", "ae"):
        text = docx_text(render_document(example, template_id))
        for modality in Modality:
            assert typography(modality.term.label) in text, (template_id, modality)
    # The buyer's sheet names no category (issue 12): the facilitator's sheet has them all.
    suivi = docx_text(render_document(example, "suivi"))
    for category in EligibilityCategory:
        assert category.term.abbreviation not in suivi.split("|"), category
    sheet = docx_text(render_document(example, "suivi-facilitateur"))
    for category in EligibilityCategory:
        term = category.term
        mark = " (*)" if term.sensitive else ""
        expected = (
            f"| {term.abbreviation}{mark} | {typography(term.label)} | {typography(term.proof)} |"
        )
        assert expected in sheet, category
    for modality in Modality:
        expected = f"| {modality.term.abbreviation} | {typography(modality.term.label)} |"
        assert expected in sheet, modality


def test_a_buyer_without_charter_gives_an_empty_charter_of_the_same_shape() -> None:
    context = build_context(load_contract(contract_data()))
    assert context["has_charter"] is False
    assert context["charter"] == {
        "title": "",
        "commitment_count": 0,
        "applied": [],
        "applied_count": 0,
        "has_applied": False,
        "commitments": [],
    }


def test_the_charter_of_the_context() -> None:
    context = build_context(load_contract(JULES_VERNE))
    charter = context["charter"]
    assert context["has_charter"] is True
    assert charter["title"] == "Charte de la Commande publique responsable"
    # NOTE: the example carries the 2026 environmental condition and criterion (issue 12):
    # commitments 3 and 6 are put into practice too.
    assert (charter["commitment_count"], charter["applied_count"]) == (11, 4)
    assert charter["has_applied"] is True
    assert charter["applied"][3] == {
        "number": 11,
        "title": "Variantes et allotissement",
        "text": "Utiliser les variantes et l'allotissement comme outils au service de l'achat "
        "responsable afin de favoriser l'accès des PME et des entreprises de l'économie "
        "sociale et solidaire à la commande publique.",
        "evidence": [{"sentence": "Marché alloti en 5 lots"}],
        "by_rule": True,
        "included": False,
        "reason": "Découle des caractéristiques du marché",
    }
    assert [c["applied"] for c in charter["commitments"]] == [
        False,
        False,
        True,
        False,
        False,
        True,
        False,
        False,
        True,
        False,
        True,
    ]
