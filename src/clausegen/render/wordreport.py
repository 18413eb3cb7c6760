"""The Word report of a portfolio: key-figures panel, tables and chart, in French.

Built with python-docx directly (the tender-document templates are for contract clauses;
this is a report). The document is deterministic: its properties carry the date of the
situation, never the clock, and the zip members have fixed timestamps and order, so that the
same inputs give the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from clausegen import french
from clausegen.compute.figures import GroupFigures, PortfolioReport
from clausegen.compute.report import collection_paused
from clausegen.numbers import ONE_HUNDREDTH, round_half_up
from clausegen.render.chart import CHART_OPERATIONS, obligation_chart
from clausegen.render.labels import MECHANISM_LABELS, STATUS_LABELS, kind_label
from clausegen.render.wordrows import deferring
from clausegen.render.wordsections import (
    chart_description,
    due_section,
    euros_text,
    rate_text,
)
from clausegen.render.wordtables import panel, table
from clausegen.validate.models import Mechanism

#: The document's properties when nothing gives a date (zip's own epoch).
_NO_DATE = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{french.number(count)}{french.NBSP}{singular if count < 2 else plural}"


def _figure(value: Decimal | int) -> str:
    return french.plain_number(round_half_up(Decimal(value), ONE_HUNDREDTH))


def _convention(report: PortfolioReport) -> str:
    values = french.join(french.number(value) for value in report.conventions)
    if len(report.conventions) == 1:
        return f"sur la base de {values}{french.NBSP}heures par équivalent temps plein"
    return (
        "chaque opération selon la convention de son acheteur "
        f"({values}{french.NBSP}heures par équivalent temps plein)"
    )


def _key_figures(document: Any, report: PortfolioReport) -> None:
    total = report.total
    document.add_heading("Chiffres-clés", level=1)
    panel(
        document,
        [
            (
                french.number(total.operations),
                "opérations" if total.operations > 1 else "opération",
            ),
            (french.number(total.companies), "entreprises potentiellement concernées"),
            (french.number(total.obligation_hours), "heures d'insertion"),
            (french.number(total.fte, 1), "équivalents temps plein"),
        ],
    )
    document.add_paragraph(
        f"{_plural(total.operations, 'opération', 'opérations')}, "
        f"{_plural(total.companies, 'entreprise', 'entreprises')} potentiellement "
        f"{'concernée' if total.companies < 2 else 'concernées'}, "
        f"{french.hours(total.obligation_hours)} d'insertion, soit "
        f"{french.number(total.fte, 1)}{french.NBSP}équivalents temps plein "
        f"({_convention(report)}), sur {_plural(total.lots, 'lot', 'lots')}."
    )
    if total.realised is None:
        return
    panel(
        document,
        [
            (_figure(total.realised.hours), "heures réalisées"),
            (rate_text(total.completion_rate), "de l'obligation"),
            (french.number(total.realised.persons), "personnes en insertion"),
            (euros_text(total.penalties), "de pénalités (marchés terminés)"),
        ],
    )


def _groups(
    document: Any,
    title: str,
    label: str,
    groups: Sequence[GroupFigures],
    names: Callable[[str], str],
) -> None:
    document.add_heading(title, level=2)
    header = [label, "Opérations", "Lots", "Entreprises", "Heures d'insertion", "ETP"]
    realised = any(group.realised is not None for group in groups)
    if realised:
        header += ["Heures réalisées", "Taux"]
    rows = []
    for group in groups:
        row = [
            names(group.name),
            french.number(group.operations),
            french.number(group.lots),
            french.number(group.companies),
            french.number(group.obligation_hours),
            french.number(group.fte, 1),
        ]
        if realised:
            row += [
                "–" if group.realised is None else _figure(group.realised.hours),
                rate_text(group.completion_rate),
            ]
        rows.append(row)
    widths = [3.3, 2.0, 1.1, 2.1, 2.1, 1.2] + ([2.0, 1.6] if realised else [])
    table(document, header, rows, widths)


def _contracts(document: Any, report: PortfolioReport) -> None:
    document.add_heading("Opérations", level=1)
    realised = report.realised_hours is not None
    header = ["Référence", "Intitulé", "Statut", "Heures prévues", "ETP"]
    if realised:
        header += ["Heures réalisées", "Taux", "Personnes", "Pénalités"]
    rows = []
    for contract in report.contracts:
        row = [
            contract.reference,
            contract.title,
            STATUS_LABELS[contract.status],
            french.number(contract.obligation_hours),
            french.number(contract.fte, 1),
        ]
        if realised:
            row += [
                "–" if contract.realised is None else _figure(contract.realised.hours),
                rate_text(contract.completion_rate),
                "–" if contract.realised is None else french.number(contract.realised.persons),
                euros_text(contract.penalty),
            ]
        rows.append(row)
    widths = [2.2, 3.2, 1.6, 1.6] + ([1.1, 1.7, 1.5, 1.9, 2.2] if realised else [1.2])
    table(document, header, rows, widths, left=3)
    title = (
        "Heures prévues et réalisées par opération" if realised else "Heures prévues par opération"
    )
    document.add_heading(title, level=2)
    image = obligation_chart(report.contracts, with_realised=realised)
    picture = document.add_picture(io.BytesIO(image), width=Cm(16.5))
    picture._inline.docPr.set("title", title)
    picture._inline.docPr.set("descr", chart_description(report))
    caption = document.add_paragraph(
        "Barres claires : heures d'insertion prévues par le marché"
        + (
            " ; barres foncées : heures réalisées, avec le taux de réalisation."
            if realised
            else "."
        )
        + _grouped(len(report.contracts))
    )
    caption.runs[0].font.size = Pt(8.5)


def _grouped(operations: int) -> str:
    """Say which operations the chart details when it groups the others (:func:`chart_bars`)."""
    if operations <= CHART_OPERATIONS + 1:
        return ""
    return (
        f" Les {CHART_OPERATIONS} opérations aux heures prévues les plus nombreuses sont "
        f"détaillées ; les {french.number(operations - CHART_OPERATIONS)} autres sont "
        "additionnées sur la dernière ligne."
    )


def _realised(document: Any, report: PortfolioReport) -> None:
    hours = report.realised_hours
    total = report.total.realised
    if hours is None or total is None:
        return
    document.add_heading("Réalisation par lot", level=1)
    rows = [
        [
            contract.reference,
            french.number(lot.number),
            french.number(lot.obligation_hours),
            _figure(lot.realised.hours) if lot.realised else "–",
            rate_text(lot.completion_rate),
            french.number(lot.realised.persons) if lot.realised else "–",
            _figure(lot.missing_hours or 0),
            euros_text(lot.penalty),
        ]
        for contract in report.contracts
        for lot in contract.lots
    ]
    header = ["Opération", "Lot", "Dû", "Réalisé", "Taux", "Personnes", "Manquant", "Pénalité"]
    table(document, header, rows, [2.6, 0.9, 1.6, 1.8, 1.6, 2.0, 2.0, 2.4])
    document.add_paragraph(
        "Les pénalités ne concernent que les marchés terminés. Elles sont calculées lot par lot : "
        "pénalité = (heures dues − heures réalisées) × P €, où P est la pénalité par heure "
        "manquante fixée par le marché ; un lot dont l'obligation est atteinte ne doit rien. "
        "Les heures dues d'un accord-cadre sont celles des commandes passées. "
        "Sauf dérogation du CCAP, elles ne sont appliquées qu'après une procédure "
        "contradictoire avec le titulaire."
    )
    for title, label, values in (
        ("Heures réalisées par public", "Public", total.by_category),
        ("Heures réalisées par modalité", "Modalité", total.by_modality),
    ):
        document.add_heading(title, level=2)
        rows = [
            [
                code.term.short,
                _figure(value),
                rate_text(value / total.hours if total.hours else None),
            ]
            for code, value in values.items()
        ]
        table(document, [label, "Heures", "Part"], rows, [8.0, 2.5, 2.0])


def _method(document: Any, report: PortfolioReport) -> None:
    document.add_heading("Méthode", level=1)
    notes = [
        "Une opération est un marché décrit dans clausegen ; ses heures d'insertion sont la "
        "somme des heures contractuelles de ses lots, arrondies à l'heure.",
        "Entreprises potentiellement concernées : une par lot, ou les titulaires nommés du lot, "
        "chaque entreprise n'étant comptée qu'une fois.",
        f"Équivalents temps plein calculés {_convention(report)}.",
    ]
    hours = report.realised_hours
    if hours is not None:
        notes.append(
            f"Heures réalisées : {_plural(hours.lines_read, 'ligne lue', 'lignes lues')} dans "
            f"{_plural(len(hours.files), 'fichier', 'fichiers')} de suivi, "
            f"{_plural(len(hours.accepted), 'retenue', 'retenues')}, "
            f"{_plural(len(hours.rejected), 'rejetée', 'rejetées')}. Une même personne déclarée "
            "deux fois sur une même période n'est comptée qu'une fois."
        )
        by_file: dict[str, list[int]] = {}
        for rejected in hours.rejected:
            by_file.setdefault(rejected.source, []).append(rejected.line)
        for source, lines in by_file.items():
            numbers = french.join(str(line) for line in lines)
            word = "ligne" if len(lines) == 1 else "lignes"
            notes.append(f"Non comptées : {source}, {word} {numbers}.")
    for note in notes:
        document.add_paragraph(note, style="List Bullet")


def report_as_docx(report: PortfolioReport) -> bytes:
    """Build the Word report (French) and return the bytes of the .docx file.

    Returns:
        A deterministic .docx: same report, same bytes.
    """
    with collection_paused(), deferring() as rows:  # NOTE: see clausegen.render.wordrows
        document = _document(report)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), {_BODY: lambda xml: rows.splice(xml, french.typography)})


#: The part of the package that holds the document's text.
_BODY = "word/document.xml"


def _document(report: PortfolioReport) -> Any:
    document = Document()
    _setup(document, report)
    document.add_heading("Clauses d'insertion — bilan du portefeuille", level=0)
    subtitle = french.join(report.buyers)
    if report.date is not None:
        subtitle += f" — situation au {french.date(report.date)}"
    document.add_paragraph(subtitle, style="Subtitle")
    _key_figures(document, report)
    _groups(document, "Par type de marché", "Type", report.by_kind, kind_label)
    _groups(
        document,
        "Par dispositif",
        "Dispositif",
        report.by_mechanism,
        lambda name: MECHANISM_LABELS[Mechanism(name)],
    )
    _contracts(document, report)
    due_section(document, report)
    _realised(document, report)
    _method(document, report)
    _french_spacing(document)
    return document


def _setup(document: Any, report: PortfolioReport) -> None:
    """A4 portrait, French language, properties from the report's date."""
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    _french_throughout(document)
    properties = document.core_properties
    stamp = (
        _NO_DATE
        if report.date is None
        else datetime.datetime.combine(report.date, datetime.time(), tzinfo=datetime.UTC)
    )
    properties.title = "Clauses d'insertion — bilan du portefeuille"
    properties.subject = french.join(report.buyers)
    properties.author = "clausegen"
    properties.last_modified_by = "clausegen"
    properties.keywords = "clause d'insertion; bilan; heures d'insertion"
    properties.language = "fr-FR"
    properties.created = stamp
    properties.modified = stamp
    properties.revision = 1


def _french_throughout(document: Any) -> None:
    """Make French the language of the defaults, of every style and of the theme fonts.

    python-docx's blank document says en-US in its defaults (``w:docDefaults``) and its
    settings (``w:themeFontLang``); a spelling checker and a screen reader would read the
    report as English.
    """
    styles = document.styles.element
    for language in styles.iter(qn("w:lang")):
        language.set(qn("w:val"), "fr-FR")
        language.set(qn("w:eastAsia"), "fr-FR")
    for style in document.styles:
        properties = style.element.get_or_add_rPr()
        language = properties.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            properties.append(language)
        language.set(qn("w:val"), "fr-FR")
    for theme in document.settings.element.iter(qn("w:themeFontLang")):
        theme.set(qn("w:val"), "fr-FR")


def _french_spacing(document: Any) -> None:
    """Put French no-break spaces (:func:`clausegen.french.typography`) into every text."""
    for text in document.element.body.iter(qn("w:t")):
        if text.text:
            text.text = french.typography(text.text)


def _fixed_zip(data: bytes, rewrite: Mapping[str, Callable[[bytes], bytes]]) -> bytes:
    """Rewrite the package with fixed timestamps and attributes, members in the same order.

    ``rewrite`` gives, for some members, what to do to their bytes on the way.
    """
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            data = source.read(member.filename)
            if member.filename in rewrite:
                data = rewrite[member.filename](data)
            target.writestr(info, data)
    return output.getvalue()
