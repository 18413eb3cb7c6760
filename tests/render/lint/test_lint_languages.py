"""The template check in both languages: French as legal staff always read it, or English.

Its findings have English message ids; the French catalog gives them back the wording legal
staff know, byte for byte (the other tests of this folder read them in French).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegen.i18n import speaking
from clausegen.render.lint import check_templates, lint_template
from clausegen.render.lint.catalogue import CODES
from clausegen.render.lint.report import check_as_text
from clausegen.render.lint.suggestions import FIXES, fix_of
from tests.helpers import build_file_tree
from tests.template_builders import make_template

ENTRY = {"id": "x", "file": "x.docx", "title": "T", "destination": "D", "description": "X"}


def found(language: str, paragraphs: list[str]) -> list[tuple[str, str | None]]:
    with speaking(language):  # type: ignore[arg-type]
        findings = lint_template(make_template(paragraphs), name="modele.docx")
    return [(f.message, f.suggestion) for f in findings]


@pytest.mark.parametrize("code", sorted(FIXES))
def test_a_fix_given_as_suggestion_reads_in_french_as_the_catalogue_writes_it(code: str) -> None:
    with speaking("fr"):
        assert fix_of(code) == CODES[code].fix
    with speaking("en"):
        assert fix_of(code) == FIXES[code]


def test_an_unknown_name_in_french_and_in_english() -> None:
    paragraphs = ["Objet : {{ titre }}"]
    assert found("fr", paragraphs) == [
        ("« titre » n'est pas une variable du vocabulaire.", "Vouliez-vous écrire « title » ?")
    ]
    assert found("en", paragraphs) == [
        ('"titre" is not a variable of the vocabulary.', 'Did you mean "title"?')
    ]


def test_a_tag_left_open_in_french_and_in_english() -> None:
    paragraphs = ["Le marché {{ reference est passé."]
    assert found("fr", paragraphs) == [
        (
            "La balise « {{ reference est passé. » n'est pas fermée dans ce paragraphe : il "
            "manque « }} ».",
            "Ajoutez « }} » à la fin de la balise, dans ce même paragraphe (une balise {{ … }} "
            "ne peut pas continuer au paragraphe suivant).",
        )
    ]
    assert found("en", paragraphs) == [
        (
            'The tag "{{ reference est passé." is not closed in this paragraph: "}}" is missing.',
            'Add "}}" at the end of the tag, in this same paragraph (a {{ … }} tag cannot go on '
            "into the next paragraph).",
        )
    ]


def test_the_text_of_a_check_in_english(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"templates.yaml": {"templates": [ENTRY]}})
    (tmp_path / "x.docx").write_bytes(make_template(["{{ titre }}"]))
    with speaking("en"):
        text = check_as_text(check_templates(tmp_path, render=False))
    assert text == (
        f"Check of the templates of {tmp_path} (folder given as argument)\n"
        "\n"
        "x.docx (x)\n"
        "  error unknown-variable, document body, paragraph 1\n"
        '    "titre" is not a variable of the vocabulary.\n'
        '    Text: "{{ titre }}"\n'
        '    Suggestion: Did you mean "title"?\n'
        "\n"
        "Summary: 1 error, no warnings; 1 template checked."
    )


def test_the_text_of_a_check_in_french(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"templates.yaml": {"templates": [ENTRY]}})
    (tmp_path / "x.docx").write_bytes(make_template(["{{ titre }}"]))
    with speaking("fr"):
        text = check_as_text(check_templates(tmp_path, render=False))
    assert text == (
        f"Vérification des modèles de {tmp_path} (dossier donné en argument)\n"
        "\n"
        "x.docx (x)\n"
        "  erreur unknown-variable, corps du document, paragraphe 1\n"
        "    « titre » n'est pas une variable du vocabulaire.\n"
        "    Texte : « {{ titre }} »\n"
        "    Suggestion : Vouliez-vous écrire « title » ?\n"
        "\n"
        "Bilan : 1 erreur, aucun avertissement ; 1 modèle vérifié."
    )
