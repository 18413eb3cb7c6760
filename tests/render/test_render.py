"""The renderer: values come out exactly as written, templates cannot escape the sandbox,
every error is located, and the same input gives the same bytes (domain.md A7)."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import docx
import pytest
from lxml import etree

from clausegen.errors import ExitCode, TemplateError
from clausegen.french import typography
from clausegen.render.renderer import (
    DocumentProperties,
    _check_well_formed,
    normalise_zip,
    render_docx,
)
from clausegen.render.safety import UnsafeTemplateError
from clausegen.render.text import docx_text
from tests.template_builders import make_template, rewrite

PROPERTIES = DocumentProperties(
    title="Titre", subject="Objet", author="Ville de Test", identifier="T-001-ccap"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def render(template: bytes, context: dict[str, Any], **changes: Any) -> bytes:
    properties = DocumentProperties(**{**PROPERTIES.__dict__, **changes})
    return render_docx(template, context, name="modele.docx", properties=properties)


def body_lines(data: bytes) -> list[str]:
    text = docx_text(data)
    return text.split("== body ==\n", 1)[1].split("\n== ", 1)[0].splitlines()


def failure(template: bytes, context: dict[str, Any]) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        render(template, context)
    return caught.value


@pytest.mark.parametrize(
    "value",
    [
        "Dupont & Fils <SARL>",
        'l\'« atelier » "Le Pont" & co',
        "{{ 7*7 }}",
        "{% if true %}oui{% endif %}",
        "{# commentaire #}",
        "{_{ a }_} et {_% b %_}",
        "a_b __class__ {{_",
        "</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>INJECTÉ",
        "€ — œ ß 中文 😀",
    ],
)
def test_values_come_out_exactly_as_written(value: str) -> None:
    template = make_template(["Avant {{ value }} après"], header="En-tête {{ value }}")
    data = render(template, {"value": value})
    # As written, with French no-break spaces inside « » and before ; : ! ?.
    assert body_lines(data) == [f"Avant {typography(value)} après"]
    assert f"[Header] En-tête {typography(value)}" in docx_text(data)


def test_forbidden_characters_are_removed_and_the_rest_kept() -> None:
    template = make_template(["<{{ value }}>"])
    data = render(template, {"value": "a\x07b\x0cc\x01d\x0be\x1ff\ufffeg"})
    assert body_lines(data) == ["<abcdefg>"]


def test_bell_and_form_feed_make_no_new_paragraph_nor_page_break() -> None:
    template = make_template(["un {{ value }}", "deux"])
    data = render(template, {"value": "x\ay\fz"})
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == ["un xyz", "deux"]
    assert b'w:type="page"' not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_a_line_break_in_a_value_is_a_line_break_in_word() -> None:
    template = make_template(["Adresse : {{ value }}"])
    data = render(template, {"value": "12 rue de l'Exemple\n44000 Nantes"})
    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    paragraph = xml.find(f"{W}body/{W}p")
    assert paragraph is not None
    assert len(paragraph.findall(f".//{W}br")) == 1
    assert body_lines(data) == ["Adresse\u00a0: 12 rue de l'Exemple / 44000 Nantes"]


def test_a_value_printed_through_a_filter_is_escaped_too() -> None:
    template = make_template(["{{ values | join(' & ') }} / {{ value | upper }}"])
    data = render(template, {"values": ["<a>", "b&c"], "value": "x_{_{y"})
    assert body_lines(data) == ["<a> & b&c / X_{_{Y"]


def test_template_injection_is_refused_by_the_sandbox() -> None:
    template = make_template(
        ["Premier paragraphe", "Fuite : {{ ''.__class__.__mro__[1].__subclasses__() }}"]
    )
    error = failure(template, {})
    assert error.exit_code is ExitCode.TEMPLATE
    assert str(error) == (
        "modele.docx: body, paragraph 2: refused by the sandbox: access to attribute "
        "'__class__' of 'str' object is unsafe in \"Fuite : {{ "
        "''.__class__.__mro__[1].__subclasses__() }}\""
    )


def test_a_template_cannot_switch_autoescape_off() -> None:
    template = make_template(["{% autoescape false %}{{ value }}{% endautoescape %}"])
    error = failure(template, {"value": "<b>"})
    assert error.message == "Jinja syntax error: templates may not switch autoescaping off"
    assert error.part == "body"
    assert error.paragraph == 1


def test_the_safe_filter_is_not_available() -> None:
    error = failure(make_template(["{{ value | safe }}"]), {"value": "<w:p/>"})
    assert error.message == "Jinja syntax error: No filter named 'safe'"
    assert error.paragraph == 1


def test_the_urlize_filter_is_not_available() -> None:
    # NOTE: its HTML link made the text after it vanish from the Word run.
    error = failure(make_template(["Voir {{ site|urlize }} ici"]), {"site": "https://x.example"})
    assert error.message == "Jinja syntax error: No filter named 'urlize'"


@pytest.mark.parametrize(
    ("paragraph", "message"),
    [
        ("{% macro clause() %}x{% endmacro %}", "templates may not define macros"),
        ("{% call clause() %}x{% endcall %}", "templates may not call macros"),
        ("{% include 'autre.docx' %}", "templates may not include other templates"),
        ("{% import 'autre' as a %}", "templates may not import other templates"),
        ("{% from 'autre' import a %}", "templates may not import other templates"),
        ("{% extends 'base' %}", "templates may not extend other templates"),
    ],
)
def test_macros_and_other_templates_are_refused(paragraph: str, message: str) -> None:
    error = failure(make_template(["Avant", paragraph]), {})
    assert (error.message, error.paragraph, error.reason) == (
        f"Jinja syntax error: {message}",
        2,
        "syntax",
    )


@pytest.mark.parametrize("tag", ["{{r value }}", "{{p value }}"])
def test_rich_content_tags_are_refused_rather_than_dropping_the_value(tag: str) -> None:
    error = failure(make_template(["Avant", f"Valeur : {tag}"], table=[["x"]]), {"value": "v"})
    message = (
        "{{p …}} and {{r …}} insert prepared Word content, which clausegen's values are not: "
        "the value would be lost; write {{ … }}"
    )
    assert str(error) == f'modele.docx: body, paragraph 2: {message} in "Valeur : {tag}"'
    assert error.message == message
    assert error.reason == "rich-text"


def test_an_unsafe_template_file_is_refused_before_it_is_opened() -> None:
    template = make_template(["{{ value }}"])
    with zipfile.ZipFile(io.BytesIO(template)) as package:
        members = {name: package.read(name) for name in package.namelist()}
    members["word/vbaProject.bin"] = b"\x00"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    with pytest.raises(UnsafeTemplateError) as caught:
        render(buffer.getvalue(), {"value": "v"})
    error = caught.value
    assert isinstance(error, TemplateError)
    assert error.exit_code is ExitCode.TEMPLATE
    assert str(error) == (
        "modele.docx: word/vbaProject.bin: contains macros (a VBA project), which a clause "
        "template must not have"
    )
    assert error.for_contract("marche.yaml") is error


def test_render_errors_carry_their_reason_and_detail_for_the_check() -> None:
    error = failure(make_template(["{{ total / count }}"]), {"total": 1, "count": 0})
    assert (error.reason, error.detail) == ("expression", "ZeroDivisionError: division by zero")
    error = failure(make_template(["{{ missing }}"]), {})
    assert (error.reason, error.detail) == ("undefined", "'missing' is undefined")
    assert error.for_contract("c.yaml").reason == "undefined"


def test_mutating_the_context_is_refused() -> None:
    error = failure(make_template(["{{ lots.append(1) }}"]), {"lots": []})
    assert error.message.startswith("refused by the sandbox:")


def test_an_undefined_variable_is_an_error_with_its_location() -> None:
    template = make_template(
        [
            "Titre",
            "{%p for lot in lots %}",
            "Heures : {{ lot.hours }} ({{ lot.fooo }})",
            "{%p endfor %}",
        ]
    )
    error = failure(template, {"lots": [{"hours": "12 heures"}]})
    assert str(error) == (
        "modele.docx: body, paragraph 3: undefined variable 'lot.fooo' in "
        '"Heures : {{ lot.hours }} ({{ lot.fooo }})"'
    )
    assert (error.part, error.paragraph, error.variable) == ("body", 3, "lot.fooo")


def test_an_undefined_top_level_name_is_named() -> None:
    error = failure(make_template(["a", "b", "Acheteur : {{ acheteur.nom }}"]), {})
    assert error.variable == "acheteur"
    assert error.paragraph == 3
    assert error.message == "undefined variable 'acheteur'"


def test_a_repeated_tag_is_located_at_the_occurrence_that_failed() -> None:
    template = make_template(
        [
            "{{ title }}",
            "{%p if first %}",
            "{{ title }}",
            "{%p endif %}",
            "{%p if second %}",
            "{{ title }}",
            "{%p endif %}",
        ]
    )
    context = {"title": "T", "first": True, "second": True}
    assert body_lines(render(template, context)) == ["T", "T", "T"]
    error = failure(template, {"first": False, "second": False})
    assert error.paragraph == 1


def test_an_undefined_name_in_a_condition_is_an_error_too() -> None:
    error = failure(
        make_template(["x", "{%p if buyer.fax %}", "Fax", "{%p endif %}"]), {"buyer": {}}
    )
    assert (error.paragraph, error.variable) == (2, "buyer.fax")
    assert error.excerpt == "{%p if buyer.fax %}"


def test_an_error_in_a_table_row_loop_is_located_in_its_cell() -> None:
    template = make_template(
        ["Tableau"],
        table=[
            ["Lot", "Heures"],
            ["{%tr for lot in lots %}", ""],
            ["{{ lot.number }}", "{{ lot.heures }}"],
            ["{%tr endfor %}", ""],
        ],
    )
    error = failure(template, {"lots": [{"number": 1}]})
    assert (error.paragraph, error.variable, error.excerpt) == (7, "lot.heures", "{{ lot.heures }}")
    assert (error.table, error.row) == (1, 3)
    assert str(error).startswith("modele.docx: body, paragraph 7 (table 1, row 3): undefined")


def test_an_error_in_the_header_names_the_header() -> None:
    error = failure(make_template(["ok"], header="Marché {{ reference }}"), {})
    assert str(error) == (
        "modele.docx: header, paragraph 1: undefined variable 'reference' in "
        '"Marché {{ reference }}"'
    )


def test_an_error_in_the_footer_names_the_footer() -> None:
    error = failure(make_template(["ok"], footer="Page {{ page.number }}"), {"page": {}})
    assert (error.part, error.variable) == ("footer", "page.number")


def test_a_syntax_error_is_located() -> None:
    template = make_template(["a", "{%p if x %}", "b", "{%p endif %}", "Total {{ total }"])
    error = failure(template, {"x": True, "total": 1})
    assert error.message.startswith("Jinja syntax error: ")
    assert error.part == "body"


def test_two_structural_tags_in_one_paragraph_are_reported() -> None:
    error = failure(make_template(["{%p if x %}oui{%p endif %}"]), {"x": True})
    assert error.message == "Jinja syntax error: Encountered unknown tag 'endif'"
    assert error.paragraph == 1


def test_an_expression_that_fails_is_located() -> None:
    error = failure(make_template(["a", "Ratio : {{ total / count }}"]), {"total": 1, "count": 0})
    assert error.message == "an expression failed: ZeroDivisionError: division by zero"
    assert error.paragraph == 2


def test_broken_xml_is_an_error_before_docxtpl_repairs_it_silently() -> None:
    # A bare {% if %} opened in a table cell and closed outside the table cuts the XML.
    template = make_template(
        ["Avant"],
        table=[["{% if show %}cellule", "x"]],
        after_table=["suite{% endif %} et fin du paragraphe"],
    )
    error = failure(template, {"show": False})
    assert error.part == "body"
    assert error.message.startswith("the rendered document is not well-formed XML (")
    assert "use {%p %} or {%tr %} tags" in error.message


def test_the_strict_check_is_what_stops_the_silent_repair() -> None:
    broken = '<w:body xmlns:w="urn:w"><w:p><w:r><w:t>a</w:t></w:r><w:p>b</w:p></w:body>'
    # lxml's recovering parser, as docxtpl uses it, accepts this without a word...
    assert etree.fromstring(broken, etree.XMLParser(recover=True)) is not None
    # ...the hook does not.
    with pytest.raises(TemplateError) as caught:
        _check_well_formed(broken, template="t.docx", part="body")
    assert (caught.value.part, caught.value.paragraph) == ("body", 2)
    _check_well_formed(broken.replace("<w:p>b</w:p>", "</w:p>"), template="t.docx", part="body")


def test_document_properties_are_set_from_the_input_and_never_rendered() -> None:
    template = make_template(["x"], title_property="{{ undefined_in_a_property }}")
    data = render(
        template,
        {},
        title="Titre & <sûr> {{ 7*7 }}",
        date=datetime.date(2026, 11, 25),
    )
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.title == "Titre & <sûr> {{ 7*7 }}"
    assert (core.subject, core.author, core.identifier) == ("Objet", "Ville de Test", "T-001-ccap")
    assert core.language == "fr-FR"
    assert core.created == core.modified == datetime.datetime(2026, 11, 25, tzinfo=datetime.UTC)
    assert core.last_modified_by == "clausegen"


def test_without_a_date_the_properties_take_a_fixed_one_not_the_clock() -> None:
    core = docx.Document(io.BytesIO(render(make_template(["x"]), {}))).core_properties
    assert core.created == datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


def test_a_long_property_is_shortened_rather_than_refused() -> None:
    data = render(make_template(["x"]), {}, title="T" * 400)
    title = docx.Document(io.BytesIO(data)).core_properties.title
    assert len(title) == 255
    assert title.endswith("…")


def test_the_same_input_gives_the_same_bytes() -> None:
    template = make_template(["{{ value }}"], header="{{ value }}")
    first = render(template, {"value": "a"})
    second = render(template, {"value": "a"})
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_normalising_keeps_every_member_unchanged() -> None:
    template = make_template(["x"])
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        before = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(io.BytesIO(normalise_zip(template))) as result:
        after = {name: result.read(name) for name in result.namelist()}
    assert after == before


def settings_of(data: bytes) -> list[str]:
    settings = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml"))
    return [etree.QName(child).localname for child in settings]


def test_word_is_not_asked_to_refresh_fields_on_opening() -> None:
    assert "updateFields" not in settings_of(render(make_template(["x"]), {}))


def test_a_request_to_refresh_fields_in_the_template_is_removed() -> None:
    template = make_template(["x"])
    settings = zipfile.ZipFile(io.BytesIO(template)).read("word/settings.xml")
    asking = settings.replace(b"<w:compat>", b'<w:updateFields w:val="true"/><w:compat>', 1)
    assert b"updateFields" in asking
    data = render(rewrite(template, {"word/settings.xml": asking}), {})
    assert "updateFields" not in settings_of(data)


def test_a_template_that_says_so_asks_word_to_refresh_fields() -> None:
    data = render_docx(
        make_template(["x"]), {}, name="modele.docx", properties=PROPERTIES, update_fields=True
    )
    names = settings_of(data)
    assert names.count("updateFields") == 1
    settings = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml"))
    update = settings.find(f"{W}updateFields")
    assert update is not None
    assert update.get(f"{W}val") == "true"
    # The schema's order: updateFields comes before the compatibility settings.
    assert names.index("updateFields") < names.index("compat")


def test_a_file_that_is_not_a_word_document_is_a_template_error() -> None:
    error = failure(b"not a zip", {})
    assert str(error) == "modele.docx: is not a Word document (.docx): it is not a zip package"
