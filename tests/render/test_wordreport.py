"""The Word report: it opens, carries the figures and the chart, and is deterministic."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from clausegen.compute.figures import PortfolioReport
from clausegen.compute.report import portfolio_report
from clausegen.render.chart import obligation_chart
from clausegen.render.wordreport import report_as_docx
from tests.portfolio_builders import portfolio

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NBSP = "\u00a0"


def texts(document: Any) -> list[str]:
    """Every paragraph and table cell of the body, in order, spaces made plain."""
    found = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            found.extend(cell.text for cell in row.cells)
    return [text.replace(NBSP, " ") for text in found if text]


def images(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [package.read(name) for name in package.namelist() if name.startswith("word/media/")]


@pytest.fixture
def report(tmp_path: Path) -> PortfolioReport:
    root = portfolio(tmp_path)
    return portfolio_report([root / "contracts"], realised=[root / "realised.csv"])


def test_the_report_opens_and_carries_the_figures(report: PortfolioReport) -> None:
    document = docx.Document(io.BytesIO(report_as_docx(report)))
    found = texts(document)
    assert found[0] == "Clauses d'insertion — bilan du portefeuille"
    assert found[1] == "Ville de Test — situation au 31 mars 2026"
    assert (
        "3 opérations, 4 entreprises potentiellement concernées, 1 000 heures d'insertion, "
        "soit 0,6 équivalents temps plein (sur la base de 1 680 heures par équivalent temps "
        "plein), sur 4 lots." in found
    )
    panel = document.tables[0].rows[0].cells
    assert [cell.text.replace(NBSP, " ") for cell in panel] == [
        "3\nopérations",
        "4\nentreprises potentiellement concernées",
        "1 000\nheures d'insertion",
        "0,6\néquivalents temps plein",
    ]
    realised = document.tables[1].rows[0].cells
    assert [cell.text.replace(NBSP, " ") for cell in realised] == [
        "620,5\nheures réalisées",
        "62,1 %\nde l'obligation",
        "3\npersonnes en insertion",
        "9 874,74 €\nde pénalités (marchés terminés)",
    ]
    for expected in (
        "Chiffres-clés",
        "Par type de marché",
        "Travaux",
        "Par dispositif",
        "Critère d'attribution",
        "Marché réservé aux SIAE",
        "Opérations",
        "terminé",
        "Heures prévues et réalisées par opération",
        "Réalisation par lot",
        "279,5",
        "Bénéficiaires du RSA",
        "Mise à disposition de personnel",
        "Heures réalisées : 4 lignes lues dans 1 fichier de suivi, 4 retenues, 0 rejetée. "
        "Une même personne déclarée deux fois sur une même période n'est comptée qu'une fois.",
    ):
        assert expected in found, expected


def test_the_chart_is_embedded(report: PortfolioReport) -> None:
    data = report_as_docx(report)
    document = docx.Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 1
    (image,) = images(data)
    assert image.startswith(PNG_SIGNATURE)
    assert image == obligation_chart(report.contracts, with_realised=True)


def test_the_report_is_deterministic(report: PortfolioReport) -> None:
    first = report_as_docx(report)
    assert report_as_docx(report) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"
    properties = docx.Document(io.BytesIO(first)).core_properties
    expected = datetime.datetime(2026, 3, 31, tzinfo=datetime.UTC)
    assert (properties.created, properties.modified) == (expected, expected)
    assert properties.title == "Clauses d'insertion — bilan du portefeuille"
    assert properties.last_modified_by == "clausegen"


def test_rejected_lines_are_named_in_the_report(tmp_path: Path) -> None:
    root = portfolio(tmp_path)
    realised = root / "realised.csv"
    realised.write_text(
        realised.read_text(encoding="utf-8")
        + "X;1;P;RSA;training;formation;2026-01-01;2026-01-31;1\n",
        encoding="utf-8",
    )
    report = portfolio_report([root / "contracts"], realised=[realised])
    found = texts(docx.Document(io.BytesIO(report_as_docx(report))))
    assert f"Non comptées : {realised}, ligne 6." in found


def test_without_realised_hours(tmp_path: Path) -> None:
    report = portfolio_report([portfolio(tmp_path) / "contracts"])
    data = report_as_docx(report)
    found = texts(docx.Document(io.BytesIO(data)))
    assert "Heures prévues par opération" in found
    assert "Réalisation par lot" not in found
    assert not any("heures réalisées" in text for text in found)
    (image,) = images(data)
    assert image.startswith(PNG_SIGNATURE)


def test_the_report_is_french_throughout(report: PortfolioReport) -> None:
    data = report_as_docx(report)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    assert "en-US" not in styles + settings + body
    assert '<w:themeFontLang w:val="fr-FR"' in settings
    document = docx.Document(io.BytesIO(data))
    languages = {
        style.name: style.element.rPr.find(qn("w:lang")).get(qn("w:val"))
        for style in document.styles
        if style.element.rPr is not None
    }
    assert set(languages.values()) == {"fr-FR"}
    assert "Heading 1" in languages


def test_the_chart_has_an_alternative_text(report: PortfolioReport) -> None:
    document = docx.Document(io.BytesIO(report_as_docx(report)))
    (shape,) = document.inline_shapes
    properties = shape._inline.docPr
    assert properties.get("title") == "Heures prévues et réalisées par opération"
    assert properties.get("descr").replace(NBSP, " ") == (
        "Graphique en barres des heures d'insertion prévues et réalisées par opération. "
        "A-1 : prévu 700 heures, réalisé 470,5 heures (taux 67,2 %) ; "
        "B-2 : prévu 300 heures, réalisé 150 heures (taux 50 %) ; "
        "C-3 : prévu 0 heure, réalisé 0 heure (taux –)."
    )


def test_headings_do_not_break_inside_a_word(report: PortfolioReport) -> None:
    document = docx.Document(io.BytesIO(report_as_docx(report)))
    checked = 0
    for table in document.tables[2:]:
        for cell in table.rows[0].cells:
            longest = max(len(word) for word in cell.text.split())
            assert cell.width is not None
            assert cell.width.cm >= longest * 0.21 + 0.3 - 0.01, cell.text
            checked += 1
    assert checked > 30


def test_french_spaces_before_punctuation(report: PortfolioReport) -> None:
    document = docx.Document(io.BytesIO(report_as_docx(report)))
    found = [paragraph.text for paragraph in document.paragraphs]
    assert any(f"barres foncées{NBSP}: heures réalisées" in text for text in found)
    assert not any(" :" in text or " ;" in text for text in found)
