"""One message a user really sees, in French and in English, for each package of the later
stages (review, present, render, write) and for eForms and open data.

The catalog tests check that every message has a French translation; these check that the
translation reaches users, word for word, and that English stays English.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegen.compute.hours import compute_obligation
from clausegen.eforms.notice import eforms_notice
from clausegen.eforms.presentation import notice_as_table
from clausegen.errors import TemplateError
from clausegen.i18n import Language, speaking
from clausegen.missing import NoHoursError
from clausegen.opendata.shares import shares_as_text, social_shares
from clausegen.present.obligation import obligation_as_text
from clausegen.render.safety import PackageFinding, UnsafeTemplateError
from clausegen.render.templates import load_template_set
from clausegen.resolve.loading import load_contract
from clausegen.review.conditions import describe
from clausegen.validate.conditions import Condition
from clausegen.write.rendered import skipped_document
from tests.helpers import EXAMPLES

LYCEE = EXAMPLES / "lycee-jules-verne.yaml"
DECP = EXAMPLES / "opendata" / "decp-consolide-2023-2024.csv"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            "kind vaut l'une des valeurs works, services et variants_allowed est vrai et non "
            "(mechanism vaut award_criterion)",
        ),
        (
            "en",
            "kind is one of works, services and variants_allowed is true and not (mechanism is "
            "award_criterion)",
        ),
    ],
)
def test_review_a_charter_rule_said_in_words(language: Language, expected: str) -> None:
    condition = Condition.model_validate(
        {
            "kind": ["works", "services"],
            "variants_allowed": True,
            "not": {"mechanism": ["award_criterion"]},
        }
    )
    with speaking(language):
        assert describe(condition) == expected


@pytest.mark.parametrize(
    ("language", "header", "calculation"),
    [
        (
            "fr",
            [
                *("Lot", "Intitulé", "Méthode", "Heures de main-d'œuvre", "Taux"),
                *("Heures d'insertion", "ETP"),
            ],
            f"Calcul{NBSP}:",
        ),
        (
            "en",
            ["Lot", "Title", "Method", "Labour hours", "Rate", "Insertion hours", "FTE"],
            "Calculation:",
        ),
    ],
)
def test_present_the_hours_table(language: Language, header: list[str], calculation: str) -> None:
    contract = load_contract(LYCEE)
    with speaking(language):
        lines = obligation_as_text(contract, compute_obligation(contract)).splitlines()
    assert [cell.strip() for cell in lines[3].split("  ") if cell.strip()] == header
    assert calculation in lines


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "n'est pas un dossier de modèles"),
        ("en", "is not a folder of templates"),
    ],
)
def test_render_a_template_folder_that_is_not_one(
    tmp_path: Path, language: Language, expected: str
) -> None:
    with speaking(language), pytest.raises(TemplateError) as raised:
        load_template_set(tmp_path / "absent")
    assert raised.value.message == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            f"c.yaml{NBSP}: le marché n'a pas d'heures d'insertion (réservé, ou tous les lots à "
            "0 h), le document 'ccap' n'est donc pas produit",
        ),
        (
            "en",
            "c.yaml: the contract has no insertion hours (reserved, or every lot at 0 h), so the "
            "document 'ccap' is not produced",
        ),
    ],
)
def test_write_a_document_not_produced(language: Language, expected: str) -> None:
    with speaking(language):
        skipped = skipped_document(NoHoursError(source="c.yaml", document="ccap"), "ccap")
        assert skipped.message == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Avis eForms du marché 2026-TRV-014 — sous-type d'avis 16",
                "Valeurs à reporter, lot par lot, dans le formulaire de publication (eForms "
                "SDK 1.15.1).",
            ],
        ),
        (
            "en",
            [
                "eForms notice of the contract 2026-TRV-014 — notice subtype 16",
                "Values to carry over, lot by lot, into the publication form (eForms SDK 1.15.1).",
            ],
        ),
    ],
)
def test_eforms_the_title_of_the_table(language: Language, expected: list[str]) -> None:
    notice = eforms_notice(load_contract(LYCEE))
    with speaking(language):
        assert notice_as_table(notice).splitlines()[:2] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            f"Marchés comportant une considération sociale (objectif{NBSP}: 30,0 % des marchés "
            "notifiés chaque année)",
        ),
        (
            "en",
            "Contracts with a social consideration (target: 30.0 % of the contracts notified "
            "each year)",
        ),
    ],
)
def test_opendata_the_title_of_the_shares(language: Language, expected: str) -> None:
    shares = social_shares([DECP])
    with speaking(language):
        assert shares_as_text(shares).splitlines()[0] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            "x.docx: word/vbaProject.bin: contient des macros (un projet VBA), qu'un modèle de "
            "clause ne doit pas contenir (rendu de c.yaml)",
        ),
        (
            "en",
            "x.docx: word/vbaProject.bin: contains macros (a VBA project), which a clause "
            "template must not have (rendering c.yaml)",
        ),
    ],
)
def test_render_a_refused_template_file(language: Language, expected: str) -> None:
    finding = PackageFinding(
        "macros",
        "word/vbaProject.bin",
        "contains macros (a VBA project), which a clause template must not have",
        "contient des macros (un projet VBA), qu'un modèle de clause ne doit pas contenir",
    )
    with speaking(language):
        error = UnsafeTemplateError(template="x.docx", findings=[finding], contract="c.yaml")
    assert str(error) == expected
