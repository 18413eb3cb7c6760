"""One case per finding code of the template check: its exact French message and location.

Each template here has exactly one problem, and the check must report it and nothing else.
The codes about the manifest, the file container and the test render are in
``test_lint_check.py``, those of hostile files and templates in ``tests/security``; the last
test makes sure that every code of the catalogue is covered by one of them.
"""

from __future__ import annotations

import io
from typing import Any, NamedTuple

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from clausegen.i18n import speaking
from clausegen.present.vocabulary import VOCABULARY
from clausegen.render.lint import CATALOGUE, lint_template
from clausegen.render.lint.findings import either
from clausegen.render.lint.names import list_names
from tests.render.lint.test_lint_check import CODES_TESTED_THERE
from tests.security.test_template_package import CODES_TESTED_BY_RED_TEAM
from tests.template_builders import make_template


class Seen(NamedTuple):
    part: str | None
    paragraph: int | None
    table: int | None
    row: int | None
    excerpt: str | None
    message: str
    suggestion: str | None


# NOTE: the names are quoted the French way, as the findings of these tests are read.
with speaking("fr"):
    LISTS = f"Les listes du vocabulaire sont {either(list_names(VOCABULARY))}."


def seen(data: bytes) -> list[tuple[str, Seen]]:
    return [
        (f.code, Seen(f.part, f.paragraph, f.table, f.row, f.excerpt, f.message, f.suggestion))
        for f in lint_template(data, name="modele.docx")
    ]


CASES = [
    pytest.param(
        "mako-syntax",
        {"paragraphs": ["Marché ${reference} du {{ date }}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "Marché ${reference} du {{ date }}",
                "« ${reference} » est la syntaxe d'un autre outil de modèles : clausegen l'imprimerait telle quelle.",
                "Écrivez « {{ reference }} ».",
            ),
        ],
        id="mako-syntax",
    ),
    pytest.param(
        "spaced-delimiter",
        {"paragraphs": ["Objet : { { title }}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "Objet : { { title }}",
                "Dans « { { title }} », « { { » contient une espace : la balise serait imprimée telle quelle.",
                "Écrivez « {{ title }} ».",
            ),
        ],
        id="spaced-delimiter",
    ),
    pytest.param(
        "unclosed-tag",
        {"paragraphs": ["Objet : {{ title", "Suite"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "Objet : {{ title",
                "La balise « {{ title » n'est pas fermée dans ce paragraphe : il manque « }} ».",
                "Ajoutez « }} » à la fin de la balise, dans ce même paragraphe (une balise {{ … }} ne peut pas continuer au paragraphe suivant).",
            ),
        ],
        id="unclosed-tag",
    ),
    pytest.param(
        "stray-closing",
        {"paragraphs": ["Objet : title }}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "Objet : title }}",
                "« }} » ferme une balise qui n'est pas ouverte dans ce paragraphe.",
                "Ajoutez « {{ » au début de la balise, ou supprimez « }} ».",
            ),
        ],
        id="stray-closing",
    ),
    pytest.param(
        "rich-text-tag",
        {"paragraphs": ["{{r buyer.name }}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{{r buyer.name }}",
                "« {{r buyer.name }} » insère du contenu Word préparé à l'avance, que les variables de clausegen ne fournissent pas : la valeur disparaîtrait du document.",
                "Écrivez « {{ buyer.name }} ».",
            ),
        ],
        id="rich-text-tag",
    ),
    pytest.param(
        "two-structural-tags",
        {"paragraphs": ["{%p if several_lots %}{%p endif %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{%p if several_lots %}{%p endif %}",
                "Deux balises de paragraphe (« {%p if several_lots %} » et « {%p endif %} ») dans le même paragraphe : chacune remplace tout le paragraphe, elles se détruisent l'une l'autre.",
                "Placez chaque balise seule dans son paragraphe.",
            ),
        ],
        id="two-structural-tags",
    ),
    pytest.param(
        "text-beside-structural-tag",
        {"paragraphs": ["{%p if several_lots %}Le marché est alloti.", "{%p endif %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{%p if several_lots %}Le marché est alloti.",
                "Le texte « Le marché est alloti. » disparaîtrait : « {%p if several_lots %} » remplace tout le paragraphe.",
                "Mettez la balise seule dans son paragraphe, et le texte à part.",
            ),
        ],
        id="text-beside-structural-tag",
    ),
    pytest.param(
        "tr-outside-table",
        {
            "paragraphs": ["Lots :"],
            "table": [
                ["Numéro", "Heures"],
                ["{%tr for lot in lots %}", ""],
                ["{{ lot.number }}", "{{ lot.insertion_hours }}"],
            ],
            "after_table": ["{%tr endfor %}"],
        },
        [
            Seen(
                "body",
                8,
                None,
                None,
                "{%tr endfor %}",
                "« {%tr endfor %} » est hors d'un tableau : {%tr … %} ne s'emploie que dans une ligne de tableau, qu'elle répète ou retire.",
                "Pour des paragraphes, écrivez « {%p endfor %} » ; pour des lignes de tableau, placez la balise dans une ligne qui lui est réservée.",
            ),
        ],
        id="tr-outside-table",
    ),
    pytest.param(
        "tc-outside-cell",
        {
            "paragraphs": ["Lots :"],
            "table": [["{%tc for lot in lots %}", "{{ lot.number }}"]],
            "after_table": ["{%tc endfor %}"],
        },
        [
            Seen(
                "body",
                4,
                None,
                None,
                "{%tc endfor %}",
                "« {%tc endfor %} » est hors d'une cellule de tableau : {%tc … %} ne s'emploie que dans une cellule.",
                "Placez la balise dans une cellule qui lui est réservée, ou écrivez « {%p endfor %} ».",
            ),
        ],
        id="tc-outside-cell",
    ),
    pytest.param(
        "structural-tag-symbol",
        {
            "paragraphs": [
                '{%p if criterion_weight == "10 %" %}',
                "Critère de 10 %.",
                "{%p endif %}",
            ]
        },
        [
            Seen(
                "body",
                1,
                None,
                None,
                '{%p if criterion_weight == "10 %" %}',
                '« {%p if criterion_weight == "10 %" %} » contient « % » ou « } » : le moteur de modèles (docxtpl) ne sait pas lire une balise {%p … %} qui en contient.',
                "Retirez ces caractères de la balise.",
            ),
        ],
        id="structural-tag-symbol",
    ),
    pytest.param(
        "bare-statement-paragraph",
        {"paragraphs": ["{% if has_facilitator %}", "Le facilitateur vous aide.", "{% endif %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{% if has_facilitator %}",
                "Le paragraphe ne contient que « {% if has_facilitator %} » : il resterait une ligne vide dans chaque document produit.",
                "Écrivez « {%p if has_facilitator %} » : une balise de paragraphe retire son paragraphe du document.",
            ),
            Seen(
                "body",
                3,
                None,
                None,
                "{% endif %}",
                "Le paragraphe ne contient que « {% endif %} » : il resterait une ligne vide dans chaque document produit.",
                "Écrivez « {%p endif %} » : une balise de paragraphe retire son paragraphe du document.",
            ),
        ],
        id="bare-statement-paragraph",
    ),
    pytest.param(
        "jinja-syntax",
        {"paragraphs": ["Objet : {{ title title }}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "Objet : {{ title title }}",
                "La balise « {{ title title }} » n'est pas écrite correctement (détail technique : expected token 'end of print statement', got 'title').",
                "Vérifiez les parenthèses, les guillemets droits et les opérateurs (==, and, or, not).",
            ),
        ],
        id="jinja-syntax",
    ),
    pytest.param(
        "french-quotes",
        {"paragraphs": ["{%p if mechanism == « reserved_siae » %}", "Réservé.", "{%p endif %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{%p if mechanism == « reserved_siae » %}",
                "La balise « {%p if mechanism == « reserved_siae » %} » contient des guillemets français « » : dans une balise, seuls les guillemets droits \" et ' sont compris.",
                'Écrivez « {%p if mechanism == "reserved_siae" %} ».',
            ),
        ],
        id="french-quotes",
    ),
    pytest.param(
        "nbsp-in-tag",
        {"paragraphs": ["{%p\xa0if reserved %}", "Réservé.", "{%p endif %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{%p if reserved %}",
                "Dans « {%p\xa0if reserved %} », une espace insécable suit « {%p » : la balise n'est reconnue qu'avec une espace ordinaire.",
                "Remplacez l'espace insécable par une espace ordinaire.",
            ),
        ],
        id="nbsp-in-tag",
    ),
    pytest.param(
        "unknown-statement",
        {"paragraphs": ["{%p iff reserved %}", "Réservé.", "{%p endif %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{%p iff reserved %}",
                "Dans « {%p iff reserved %} », « iff » n'est pas une instruction connue.",
                "Vouliez-vous écrire « if » ?",
            ),
        ],
        id="unknown-statement",
    ),
    pytest.param(
        "refused-statement",
        {"paragraphs": ["{% include 'clause.docx' %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{% include 'clause.docx' %}",
                "Dans « {% include 'clause.docx' %} », l'instruction « include » est refusée : un modèle ne peut pas importer, inclure ou étendre un autre fichier, définir ou appeler des macros, ni désactiver la protection des valeurs.",
                "Écrivez le texte voulu dans le modèle lui-même.",
            ),
        ],
        id="refused-statement",
    ),
    pytest.param(
        "unexpected-end-tag",
        {"paragraphs": ["Texte.", "{%p endfor %}"]},
        [
            Seen(
                "body",
                2,
                None,
                None,
                "{%p endfor %}",
                "« {%p endfor %} » ferme un bloc « for » qui n'est pas ouvert.",
                "Supprimez cette balise, ou ajoutez plus haut la balise « {%p for … %} » qui lui correspond.",
            ),
        ],
        id="unexpected-end-tag",
    ),
    pytest.param(
        "unclosed-block",
        {"paragraphs": ["{%p if several_lots %}", "Le marché est alloti."]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{%p if several_lots %}",
                "« {%p if several_lots %} » n'est jamais fermé.",
                "Ajoutez « {%p endif %} », seule dans son paragraphe, là où le passage se termine.",
            ),
        ],
        id="unclosed-block",
    ),
    pytest.param(
        "mismatched-levels",
        {"paragraphs": ["{%p if several_lots %}", "Alloti.", "Fin {% endif %}"]},
        [
            Seen(
                "body",
                3,
                None,
                None,
                "Fin {% endif %}",
                "« {% endif %} » ferme « {%p if several_lots %} » (paragraphe 1) : les deux balises doivent être de la même sorte.",
                "Écrivez « {%p endif %} », seule dans son paragraphe.",
            ),
        ],
        id="mismatched-levels",
    ),
    pytest.param(
        "block-across-paragraphs",
        {
            "paragraphs": [
                "Le titulaire {% if has_facilitator %}contacte le facilitateur.",
                "Il le tient informé{% endif %} chaque mois.",
            ]
        },
        [
            Seen(
                "body",
                1,
                None,
                None,
                "Le titulaire {% if has_facilitator %}contacte le facilitateur.",
                "« {% if has_facilitator %} » s'ouvre dans ce paragraphe et se ferme par « {% endif %} » au paragraphe 2 : quand le bloc ne s'applique pas, les deux paragraphes sont fusionnés.",
                "Écrivez « {%p if has_facilitator %} » et « {%p endif %} », chacune seule dans son paragraphe, ou fermez le bloc dans le paragraphe où il s'ouvre.",
            ),
        ],
        id="block-across-paragraphs",
    ),
    pytest.param(
        "unknown-variable",
        {"paragraphs": ["{%p for lot in lots %}", "{{ lot.titre }}", "{%p endfor %}"]},
        [
            Seen(
                "body",
                2,
                None,
                None,
                "{{ lot.titre }}",
                "« lot.titre » n'est pas une variable du vocabulaire : « lot » n'a pas de champ « titre ».",
                "Vouliez-vous écrire « lot.title » ?",
            ),
        ],
        id="unknown-variable",
    ),
    pytest.param(
        "not-a-list",
        {"paragraphs": ["{%p for lot in title %}", "Lot", "{%p endfor %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{%p for lot in title %}",
                "« title » est un texte, pas une liste : la boucle parcourrait ses lettres une à une.",
                LISTS,
            ),
        ],
        id="not-a-list",
    ),
    pytest.param(
        "prints-group",
        {"paragraphs": ["Acheteur : {{ buyer }}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "Acheteur : {{ buyer }}",
                "« {{ buyer }} » afficherait le groupe entier « buyer », sous forme de code informatique.",
                "Affichez un de ses champs, par exemple « buyer.name ».",
            ),
        ],
        id="prints-group",
    ),
    pytest.param(
        "unknown-filter",
        {"paragraphs": ["{{ title|majuscules }}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{{ title|majuscules }}",
                "Le filtre « majuscules » n'existe pas.",
                "Vouliez-vous écrire « upper » ?",
            ),
        ],
        id="unknown-filter",
    ),
    pytest.param(
        "unknown-test",
        {"paragraphs": ["{%p if buyer.email is vide %}", "Pas de courriel.", "{%p endif %}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{%p if buyer.email is vide %}",
                "Le test « vide » n'existe pas.",
                "Une valeur vide compte comme fausse : écrivez « if not … » pour « est vide » et « if … » pour « n'est pas vide ».",
            ),
        ],
        id="unknown-test",
    ),
    pytest.param(
        "sandbox-refused",
        {"paragraphs": ["{{ title.__class__ }}"]},
        [
            Seen(
                "body",
                1,
                None,
                None,
                "{{ title.__class__ }}",
                "« title.__class__ » : les noms qui commencent par « _ » sont refusés, un modèle n'a pas accès aux rouages internes du programme.",
                "N'utilisez que les variables du vocabulaire et les filtres du guide des modèles.",
            ),
        ],
        id="sandbox-refused",
    ),
]


@pytest.mark.parametrize(("code", "template", "expected"), CASES)
def test_each_problem_is_reported_alone_with_its_place_and_french_message(
    code: str, template: dict[str, Any], expected: list[Seen]
) -> None:
    assert seen(make_template(**template)) == [(code, item) for item in expected]


def saved(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def tag_in_runs(*pieces: tuple[str, bool]) -> bytes:
    """A paragraph "Objet : " followed by runs of text, bold or not."""
    document = docx.Document()
    paragraph = document.add_paragraph("Objet : ")
    for text, bold in pieces:
        paragraph.add_run(text).bold = bold
    return saved(document)


def test_a_tag_split_over_runs_of_different_formatting() -> None:
    assert seen(tag_in_runs(("{{ ti", False), ("tle }}", True))) == [
        (
            "split-formatting",
            Seen(
                "body",
                1,
                None,
                None,
                "Objet : {{ title }}",
                "Les caractères de « {{ title }} » n'ont pas tous la même mise en forme : la "
                "valeur prendra celle du premier caractère de la balise.",
                "Sélectionnez toute la balise, de « {{ » à « }} », et donnez-lui une seule mise "
                "en forme.",
            ),
        )
    ]


@pytest.mark.parametrize(
    "pieces",
    [
        (("{{ ti", True), ("tle }}", True)),
        (("{{", True), (" ", False), ("title }}", True)),
    ],
    ids=["same formatting over two runs", "only a space differs"],
)
def test_a_tag_split_over_runs_of_the_same_formatting_is_fine(
    pieces: tuple[tuple[str, bool], ...],
) -> None:
    assert seen(tag_in_runs(*pieces)) == []


def test_formatting_that_does_not_show_is_not_a_difference() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Objet : ")
    first = paragraph.add_run("{{ ti")
    second = paragraph.add_run("tle }}")
    for run in (first, second):
        run.bold = True
    # Word's complex-script twin of bold, a language and a proofing mark on one run only
    properties = second._r.get_or_add_rPr()
    for name in ("w:bCs", "w:noProof"):
        properties.append(OxmlElement(name))
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "fr-FR")
    properties.append(language)
    assert seen(saved(document)) == []


def test_tracked_changes_are_reported_once_at_the_first() -> None:
    document = docx.Document()
    document.add_paragraph("Objet : {{ title }}")
    for text in ("Texte ajouté en révision.", "Autre ajout."):
        run = document.add_paragraph().add_run(text)._r
        insertion = OxmlElement("w:ins")
        insertion.set(qn("w:id"), "1")
        insertion.set(qn("w:author"), "Juriste")
        run.addprevious(insertion)
        insertion.append(run)
    assert seen(saved(document)) == [
        (
            "tracked-changes",
            Seen(
                "body",
                2,
                None,
                None,
                "Texte ajouté en révision.",
                "Le modèle contient des modifications suivies (révisions) non acceptées, la "
                "première dans ce paragraphe : les balises des passages supprimés seraient "
                "encore traitées et les révisions resteraient dans les documents produits.",
                "Dans Word : Révision > Accepter > Accepter toutes les modifications (ou les "
                "refuser), puis enregistrez.",
            ),
        )
    ]


def test_every_code_of_the_catalogue_is_tested() -> None:
    tested = {case.values[0] for case in CASES} | CODES_TESTED_THERE | CODES_TESTED_BY_RED_TEAM
    tested |= {"split-formatting", "tracked-changes"}
    assert tested == {info.code for info in CATALOGUE}
