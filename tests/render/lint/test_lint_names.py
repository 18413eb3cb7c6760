"""Names, blocks and places: what templates legitimately write passes, every slip is named."""

from __future__ import annotations

import pytest

from clausegen.i18n import speaking
from clausegen.present.vocabulary import VOCABULARY
from clausegen.render.lint import lint_template
from clausegen.render.lint.findings import either
from clausegen.render.lint.names import list_names
from tests.template_builders import make_template

# NOTE: the names are quoted the French way, as the findings of these tests are read.
with speaking("fr"):
    LISTS = f"Les listes du vocabulaire sont {either(list_names(VOCABULARY))}."


def problems(
    paragraphs: list[str], **layout: object
) -> list[tuple[str, int | None, str, str | None]]:
    data = make_template(paragraphs, **layout)  # type: ignore[arg-type]
    return [
        (f.code, f.paragraph, f.message, f.suggestion)
        for f in lint_template(data, name="modele.docx")
    ]


def codes(paragraphs: list[str], **layout: object) -> list[str]:
    return [code for code, *_ in problems(paragraphs, **layout)]


def test_what_templates_legitimately_write_passes() -> None:
    paragraphs = [
        "Marché {{ reference }} : {{ title|upper }} ({{ lot_count }} lots, {{ lots|length }}).",
        "{%p if several_lots and not reserved %}",
        '{%p for lot in lots|selectattr("has_hours") %}',
        "{{ loop.index }}. {{ lot.label }} : {{ lot.insertion_hours }}{% if not loop.last %} ;{% endif %}",
        "{%p for parameter in lot.parameters %}",
        "{{ parameter.label|capitalize }} : {{ parameter.value }} ({{ parameter.origin }})",
        "{%p endfor %}",
        "{%p endfor %}",
        "{%p elif has_hours %}",
        '{% set first = lots[0] %}Le lot {{ first.number }} : {{ first.title|default("—") }}.',
        "{%p else %}",
        "{# une note pour les juristes #}Aucune heure.",
        "{%p endif %}",
        "{% with contact_name = contact.name %}{{ contact_name }}{% endwith %}",
        "{% set ns = namespace(total=0) %}{% for lot in lots %}{% set ns.total = ns.total + "
        "lot.insertion_hours_number %}{% endfor %}{{ ns.total }} = {{ total_hours_number }}",
        '{{ lots|map(attribute="title")|join(", ") }} ; {{ lots|sort(attribute="number")|first }}',
        "{% if buyer.email is defined and buyer.email %}{{ buyer.email|lower }}{% endif %}",
        "{{ document.title }} — {{ “guillemets” }} {{ ‘courbes’ }} {_{ littéral }_}",
        "{% raw %}{{ pas_une_variable }}{% endraw %}",
    ]
    table = [
        ["Lot", "Heures"],
        ["{%tr for lot in lots %}", ""],
        ["{{ lot.number }}", "{{ lot.insertion_hours }}"],
        ["{%tr endfor %}", ""],
    ]
    found = problems(paragraphs, table=table, header="{{ buyer.name }}", footer="{{ reference }}")
    # NOTE: the one finding is right: {{ lots|sort(…)|first }} prints a whole lot.
    assert found == [
        (
            "prints-group",
            16,
            '« {{ lots|sort(attribute="number")|first }} » afficherait l\'élément entier '
            "« (lots|first) », sous forme de code informatique.",
            "Affichez un de ses champs, par exemple « (lots|first).number ».",
        )
    ]


def test_a_loop_variable_is_known_by_its_list_items_fields() -> None:
    assert problems(["{%p for lot in lots %}", "{{ lot.heures }}", "{%p endfor %}"]) == [
        (
            "unknown-variable",
            2,
            "« lot.heures » n'est pas une variable du vocabulaire : « lot » n'a pas de champ "
            "« heures ».",
            "La liste des variables : « clausegen templates variables ».",
        )
    ]


def test_a_nested_loop_knows_the_items_of_the_inner_list() -> None:
    found = problems(
        [
            "{%p for lot in lots %}",
            "{%p for p in lot.parameters %}",
            "{{ p.label }} {{ p.valeur }}",
            "{%p endfor %}",
            "{%p endfor %}",
        ]
    )
    assert found == [
        (
            "unknown-variable",
            3,
            "« p.valeur » n'est pas une variable du vocabulaire : « p » n'a pas de champ « valeur ».",
            "Vouliez-vous écrire « p.value » ?",
        )
    ]


def test_a_loop_variable_does_not_outlive_its_loop() -> None:
    assert codes(
        ["{%p for lot in lots %}", "{{ lot.title }}", "{%p endfor %}", "{{ lot.title }}"]
    ) == ["unknown-variable"]


def test_a_name_used_outside_its_loop_says_where_it_lives() -> None:
    assert problems(["{{ lot.title }}"]) == [
        (
            "unknown-variable",
            1,
            "« lot » n'est pas une variable du vocabulaire : ce nom n'existe que dans une boucle "
            "sur « lots ».",
            "Placez ce passage entre « {%p for lot in lots %} » et « {%p endfor %} », ou entre "
            "« {%tr for lot in lots %} » et « {%tr endfor %} » dans un tableau.",
        )
    ]


@pytest.mark.parametrize(
    ("paragraph", "message", "suggestion"),
    [
        (
            "{{ buyer_name }}",
            "« buyer_name » n'est pas une variable du vocabulaire.",
            "Vouliez-vous écrire « buyer.name » ?",
        ),
        (
            "{{ signataire.nom }}",
            "« signataire » n'est pas une variable du vocabulaire.",
            "La liste des variables : « clausegen templates variables ».",
        ),
        (
            "{{ lots.title }}",
            "« lots.title » n'est pas une variable du vocabulaire : « lots » est une liste.",
            "« title » est un champ de chacun de ses éléments : parcourez la liste avec une "
            "boucle, ou prenez-en un élément (« lots[0].title »).",
        ),
        (
            "{{ title.upper() }}",
            "« title.upper » n'est pas une variable du vocabulaire : « title » est un texte, sans "
            "champ « upper ».",
            "Pour transformer une valeur, utilisez un filtre : « title|upper ».",
        ),
        (
            "{{ lots[0].titre }}",
            "« lots[0].titre » n'est pas une variable du vocabulaire : « lots[0] » n'a pas de "
            "champ « titre ».",
            "Vouliez-vous écrire « lots[0].title » ?",
        ),
        (
            "{{ loop.index }}",
            "« loop » n'existe qu'à l'intérieur d'une boucle {% for %}.",
            "Utilisez « loop » entre {%p for … %} et {%p endfor %}.",
        ),
        (
            "{% for lot in lots %}{{ loop.indx }}{% endfor %}",
            "« loop.indx » n'existe pas : « loop » n'a pas de champ « indx ».",
            "Vouliez-vous écrire « loop.index » ou « loop.index0 » ?",
        ),
        (
            '{{ lots|selectattr("hass_hours")|list|length }}',
            "« hass_hours » n'est pas un champ des éléments de « lots ».",
            "Vouliez-vous écrire « has_hours » ?",
        ),
        (
            "{{ buyer['nme'] }}",
            "« buyer.nme » n'est pas une variable du vocabulaire : « buyer » n'a pas de champ "
            "« nme ».",
            "Vouliez-vous écrire « buyer.name » ?",
        ),
    ],
)
def test_unknown_names_are_named_as_written_with_the_closest_ones(
    paragraph: str, message: str, suggestion: str
) -> None:
    assert problems([paragraph]) == [("unknown-variable", 1, message, suggestion)]


def test_a_set_name_is_known_after_its_set_and_not_before() -> None:
    assert codes(["{{ premier.title }}", "{% set premier = lots[0] %}{{ premier.title }}"]) == [
        "unknown-variable"
    ]


def test_a_misspelt_name_is_reported_at_each_place_it_is_written() -> None:
    found = problems(["{{ titel }}", "Objet : {{ titel }} ({{ titel }})"])
    assert [(code, paragraph) for code, paragraph, *_ in found] == [
        ("unknown-variable", 1),
        ("unknown-variable", 2),
    ]


def test_headers_and_footers_are_templates_of_their_own() -> None:
    layout = {"header": "{{ lot.title }}", "footer": "{{ buyer.nom }}"}
    found = lint_template(
        make_template(["{%p for lot in lots %}", "{{ lot.title }}", "{%p endfor %}"], **layout),
        name="modele.docx",
    )
    assert [(f.code, f.part, f.paragraph, f.excerpt) for f in found] == [
        ("unknown-variable", "header", 1, "{{ lot.title }}"),
        ("unknown-variable", "footer", 1, "{{ buyer.nom }}"),
    ]


def test_blocks_are_balanced_part_by_part() -> None:
    found = lint_template(
        make_template(["{%p if reserved %}", "Réservé."], footer="{% endif %}"), name="m.docx"
    )
    assert [(f.code, f.part) for f in found] == [
        ("unclosed-block", "body"),
        ("unexpected-end-tag", "footer"),
    ]


def test_a_block_closed_by_the_wrong_end_reports_what_is_left_open() -> None:
    found = problems(
        ["{%p for lot in lots %}", "{%p if lot.has_hours %}", "{{ lot.title }}", "{%p endfor %}"]
    )
    assert found == [
        (
            "unclosed-block",
            2,
            "« {%p if lot.has_hours %} » n'est jamais fermé.",
            "Ajoutez « {%p endif %} », seule dans son paragraphe, là où le passage se termine.",
        )
    ]


def test_an_else_shares_its_block_with_tags_of_the_same_sort() -> None:
    assert problems(["{%p if reserved %}", "Réservé.", "{% else %}", "Non.", "{%p endif %}"]) == [
        (
            "mismatched-levels",
            3,
            "« {% else %} » partage le bloc de « {%p if reserved %} » (paragraphe 1) : les deux "
            "balises doivent être de la même sorte.",
            "Écrivez « {%p else %} », seule dans son paragraphe.",
        )
    ]


def test_a_bare_if_closed_by_a_paragraph_tag_suggests_a_paragraph_tag_for_both() -> None:
    assert problems(["{% if reserved %}", "Réservé.", "{%p endif %}"]) == [
        (
            "bare-statement-paragraph",
            1,
            "Le paragraphe ne contient que « {% if reserved %} » : il resterait une ligne vide "
            "dans chaque document produit.",
            "Écrivez « {%p if reserved %} » : une balise de paragraphe retire son paragraphe du "
            "document.",
        ),
        (
            "mismatched-levels",
            3,
            "« {%p endif %} » ferme « {% if reserved %} » (paragraphe 1) : les deux balises "
            "doivent être de la même sorte.",
            "Écrivez aussi l'ouverture en balise de paragraphe : « {%p if reserved %} », seule "
            "dans son paragraphe.",
        ),
    ]


def test_else_if_is_recognised_as_a_slip_for_elif() -> None:
    found = problems(
        ["{%p if reserved %}", "A", "{%p else if several_lots %}", "B", "{%p endif %}"]
    )
    assert found == [
        (
            "jinja-syntax",
            3,
            "La balise « {%p else if several_lots %} » n'est pas écrite correctement (détail "
            "technique : expected token 'end of statement block', got 'if').",
            "Écrivez « {%p elif several_lots %} ».",
        )
    ]


def test_a_prefix_typed_apart_is_followed_as_meant() -> None:
    found = problems(["{% p if reserved %}", "Réservé.", "{%p endif %}"])
    assert found == [
        (
            "unknown-statement",
            1,
            "Dans « {% p if reserved %} », « p » n'est pas une instruction connue.",
            "Collez « p » à « {% » : « {%p if reserved %} ».",
        )
    ]


@pytest.mark.parametrize(
    ("paragraph", "message"),
    [
        (
            "{{ title|safe }}",
            "Le filtre « safe » est refusé : il ferait passer du code XML brut dans le document.",
        ),
        (
            "{{ buyer.website|urlize }}",
            "Le filtre « urlize » est refusé : le code HTML qu'il produit ferait disparaître du "
            "texte du document.",
        ),
        (
            "{{ title|attr('__class__') }}",
            "« title.__class__ » : les noms qui commencent par « _ » sont refusés, un modèle n'a "
            "pas accès aux rouages internes du programme.",
        ),
        (
            "{{ buyer|attr(title) }}",
            "Le filtre « attr » n'est admis qu'avec un nom de champ écrit entre guillemets.",
        ),
        (
            "{{ lots[0]['__init__'] }}",
            "« lots[0].__init__ » : les noms qui commencent par « _ » sont refusés, un modèle "
            "n'a pas accès aux rouages internes du programme.",
        ),
    ],
)
def test_what_the_sandbox_refuses_is_reported_before_any_render(
    paragraph: str, message: str
) -> None:
    assert problems([paragraph]) == [
        (
            "sandbox-refused",
            1,
            message,
            "N'utilisez que les variables du vocabulaire et les filtres du guide des modèles.",
        )
    ]


@pytest.mark.parametrize(
    ("paragraph", "keyword"),
    [
        ("{% macro clause(x) %}{{ x }}{% endmacro %}", "macro"),
        ("{% call clause() %}x{% endcall %}", "call"),
        ("{% import 'clauses' as c %}", "import"),
        ("{% from 'clauses' import c %}", "from"),
        ("{% extends 'base' %}", "extends"),
        ("{% autoescape false %}{{ title }}{% endautoescape %}", "autoescape"),
    ],
)
def test_statements_that_reach_outside_the_template_are_refused(
    paragraph: str, keyword: str
) -> None:
    found = problems([paragraph])
    assert [(code, message.split(",")[1]) for code, _, message, _ in found] == [
        (
            "refused-statement",
            f" l'instruction « {keyword} » est refusée : un modèle ne peut pas importer",
        )
    ]


def test_french_filter_names_are_understood() -> None:
    assert problems(["{{ title|majuscule }} {{ title|longueur }}"]) == [
        (
            "unknown-filter",
            1,
            "Le filtre « majuscule » n'existe pas.",
            "Vouliez-vous écrire « upper » ?",
        ),
        (
            "unknown-filter",
            1,
            "Le filtre « longueur » n'existe pas.",
            "Vouliez-vous écrire « length » ?",
        ),
    ]


def test_a_loop_over_a_group_walks_its_field_names() -> None:
    assert problems(["{% for x in buyer %}{{ x }}{% endfor %}"]) == [
        (
            "not-a-list",
            1,
            "« buyer » est un groupe, pas une liste : la boucle parcourrait les noms de ses champs.",
            LISTS,
        )
    ]


def test_printing_a_whole_list() -> None:
    assert problems(["{{ lots }}"]) == [
        (
            "prints-group",
            1,
            "« {{ lots }} » afficherait la liste entière « lots », sous forme de code informatique.",
            "Parcourez-la avec une boucle ({%p for … in lots %}) ou affichez son nombre "
            "d'éléments : « {{ lots|length }} ».",
        )
    ]


def test_a_test_name_given_to_select_is_checked() -> None:
    assert codes(["{{ lots|selectattr('has_hours', 'vrai')|list|length }}"]) == ["unknown-test"]


def test_a_broken_for_does_not_report_the_names_of_its_body() -> None:
    found = codes(["{%p for lot lots %}", "{{ lot.title }} {{ lot.what }}", "{%p endfor %}"])
    assert found == ["jinja-syntax"]


def test_an_error_hides_the_warnings_of_its_own_paragraph_only() -> None:
    found = codes(["{% if reserved = 1 %}", "x", "{% endif %}"])
    assert found == ["jinja-syntax", "bare-statement-paragraph"]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["{%p if several_lots", "Alloti.", "{%p endif %}"], ["unclosed-tag"]),
        (["p if several_lots %}", "Alloti.", "{%p endif %}"], ["stray-closing"]),
        (["{%p if several_lots %}", "Alloti.", "{%p endfi %}"], ["unknown-statement"]),
        (["{%p iff several_lots %}", "Alloti.", "{%p endif %}"], ["unknown-statement"]),
        (["{% p for lot in lots %}", "{{ lot.title }}", "{%p endfor %}"], ["unknown-statement"]),
        (["{%p -for lot in lots %}", "{{ lot.title }}", "{%p endfor %}"], ["jinja-syntax"]),
        (["{% {if reserved %}A{% else %}B{% endif %}"], ["jinja-syntax"]),
    ],
    ids=[
        "opening not closed",
        "opening without its {%",
        "misspelt end",
        "misspelt opening",
        "prefix typed apart",
        "dash after the prefix",
        "brace in the statement",
    ],
)
def test_one_slip_in_a_block_tag_is_one_finding(paragraphs: list[str], expected: list[str]) -> None:
    assert codes(paragraphs) == expected


def test_a_loop_variable_misspelt_in_its_loop_is_suggested() -> None:
    found = problems(["{%p for ot in lots %}", "{{ lot.title }}", "{%p endfor %}"])
    assert found == [
        (
            "unknown-variable",
            2,
            "« lot » n'est pas une variable du vocabulaire.",
            "Vouliez-vous écrire « lots » ou « ot » ?",
        )
    ]


def test_a_contract_document_printing_a_provenance_gets_a_warning() -> None:
    data = make_template(["Pénalité : {{ penalty }} ({{ penalty_origin }})."])
    findings = lint_template(data, name="ccap.docx", template_id="ccap")
    assert [(f.code, f.message) for f in findings] == [
        (
            "provenance-in-contract",
            "« {{ penalty_origin }} » indique la provenance d'une valeur ; elle a sa place "
            "dans la note de calcul, pas dans une pièce du marché.",
        )
    ]
    assert lint_template(data, name="note-calcul.docx", template_id="note-calcul") == []
