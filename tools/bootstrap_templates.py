"""One-off bootstrap of clausegen's Word templates (clause_templates/*.docx) with python-docx.

This is NOT a build step. The committed .docx files are the source of truth: legal staff edit
them in Word, and their edits must never be overwritten by running this script again. It is
kept only to show how the first version of the templates was made (styles, numbered
articles, tables with header rows, headers and footers, docxtpl tags) and to rebuild a
starting set in an empty folder:

    python tools/bootstrap_templates.py /tmp/new-set     # refuses to overwrite files

The wording is French legal text written for clausegen; it only prints Code de la commande
publique article numbers marked verified in the project's domain notes (L2112-2, L2152-7,
L2113-12, L2113-13, R2113-7, R2123-1 3°) and refers to "les stipulations du CCAG applicable
relatives à l'insertion" rather than to a CCAG article number.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

NBSP = "\u00a0"
_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})")

# The eligible publics and the modalities are not written here: the templates loop over
# ``categories`` and ``modalities``, which the context takes from clausegen's shared
# vocabulary (clausegen.validate.terms), the one the realised-hours files use too.
# Punctuation of a bulleted entry: " ;" after each, "." after the last.
LIST_END = "{% if loop.last %}.{% else %} ;{% endif %}"

# The facilitator's role, in the CCAP.
FACILITATOR_ROLE = [
    "conseille le titulaire sur les différentes possibilités de mise en œuvre de l'action "
    "d'insertion ;",
    "le met en relation avec les structures d'insertion par l'activité économique, France "
    "Travail, les missions locales et les autres acteurs de l'emploi et de l'insertion ;",
    "l'aide à réaliser ses recrutements : il identifie et présélectionne des candidats et "
    "valide leur éligibilité ;",
    "suit et évalue l'exécution de l'action d'insertion et en rend compte à l'acheteur.",
]

FACILITATOR_OR_BUYER = "{% if has_facilitator %}au facilitateur{% else %}à l'acheteur{% endif %}"


def french(text: str) -> str:
    """Put no-break spaces where French typography wants them, outside Jinja tags."""
    parts = _TAG.split(text)
    for index in range(0, len(parts), 2):
        part = parts[index]
        part = re.sub(r" ([:;?!»])", NBSP + r"\1", part)
        part = part.replace("« ", "«" + NBSP)
        parts[index] = part
    return "".join(parts)


class Writer:
    """Append styled blocks to a python-docx document."""

    def __init__(self, document: docx.document.Document) -> None:
        self.doc = document

    def paragraph(
        self,
        text: str = "",
        style: str | None = None,
        *,
        keep_next: bool = False,
        page_break: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
    ) -> docx.text.paragraph.Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        add_runs(paragraph, text)
        if keep_next:
            paragraph.paragraph_format.keep_with_next = True
        if page_break:
            paragraph.paragraph_format.page_break_before = True
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def title(self, text: str) -> None:
        self.paragraph(text, "Title")

    def subtitle(self, text: str) -> None:
        self.paragraph(text, "Subtitle")

    def h1(self, text: str, *, page_break: bool = False) -> None:
        self.paragraph(text, "Heading 1", page_break=page_break)

    def h2(self, text: str) -> None:
        self.paragraph(text, "Heading 2")

    def p(self, text: str, **options: object) -> None:
        self.paragraph(text, **options)  # type: ignore[arg-type]

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.paragraph(item, "List Bullet")

    def checks(self, items: list[str]) -> None:
        for item in items:
            self.paragraph("☐ " + item, "Case à cocher")

    def loop(self, header: str, text: str, style: str | None = None) -> None:
        """A paragraph repeated by ``{%p for … %}``, between tag paragraphs of its own."""
        self.tag(f"{{%p {header} %}}")
        self.paragraph(text, style)
        self.tag("{%p endfor %}")

    def tag(self, tag: str) -> None:
        """A paragraph holding one structural docxtpl tag, and nothing else."""
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(tag)

    def table(
        self,
        widths: list[float],
        rows: list[list[str] | str],
        header: list[str] | None = None,
        row_height: float | None = None,
    ) -> None:
        """Add a table.

        A row given as a string is a ``{%tr … %}`` tag row; the lines of a cell are
        paragraphs of their own.
        """
        table = self.doc.add_table(rows=0, cols=len(widths))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if header:
            cells = table.add_row().cells
            for cell, text in zip(cells, header, strict=True):
                cell.paragraphs[0].style = self.doc.styles["En-tête de tableau"]
                add_runs(cell.paragraphs[0], text)
                shade(cell, "D9D9D9")
            mark_header_row(table.rows[0])
        for row in rows:
            added = table.add_row()
            if row_height is not None:
                added.height = Cm(row_height)
            cells = added.cells
            values = [row] + [""] * (len(widths) - 1) if isinstance(row, str) else row
            for cell, text in zip(cells, values, strict=True):
                for index, line in enumerate(text.split("\n")):
                    paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                    paragraph.style = self.doc.styles["Texte de tableau"]
                    add_runs(paragraph, line)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
        # NOTE: LibreOffice sizes columns from the table grid, Word from the cells: set both.
        for column, width in zip(table._tbl.tblGrid.iter(qn("w:gridCol")), widths, strict=True):
            column.set(qn("w:w"), str(Cm(width).twips))
        # A paragraph after every table, so that two tables never merge in Word.
        self.doc.add_paragraph()

    def contact(self) -> None:
        """The contact block: facilitator when named, buyer otherwise."""
        for key, label in (
            ("name", ""),
            ("organisation", ""),
            ("address", ""),
            ("phone", "Téléphone : "),
            ("email", "Courriel : "),
            ("website", "Site internet : "),
        ):
            self.tag(f"{{%p if contact.{key} %}}")
            self.paragraph(f"{label}{{{{ contact.{key} }}}}", "Coordonnées")
            self.tag("{%p endif %}")

    def identification(self, extra: list[list[str] | str] | None = None) -> None:
        """The identification table at the top of every document."""
        rows: list[list[str] | str] = [
            ["**Objet du marché**", "{{ title }}"],
            ["**Référence**", "{{ reference }}"],
            [
                "**Acheteur**",
                "{{ buyer.name }}{% if buyer.service %} – {{ buyer.service }}{% endif %}",
            ],
            ["**Type de marché**", "{{ contract_label }}"],
            ["**Dispositif d'insertion**", "{{ mechanism_label }}"],
            "{%tr if several_lots %}",
            ["**Allotissement**", "{{ lot_count }} lots ({{ lot_numbers }})"],
            "{%tr endif %}",
            "{%tr if location %}",
            ["**Lieu d'exécution**", "{{ location }}"],
            "{%tr endif %}",
            "{%tr if duration %}",
            ["**Durée**", "{{ duration }}"],
            "{%tr endif %}",
            "{%tr if date %}",
            ["**Date**", "{{ date }}"],
            "{%tr endif %}",
            *(extra or []),
        ]
        self.table([4.5, 12.0], rows)


def add_runs(paragraph: docx.text.paragraph.Paragraph, text: str) -> None:
    """Add ``text`` to a paragraph; ``**…**`` is bold. Tags are never split across runs."""
    for index, chunk in enumerate(french(text).split("**")):
        if chunk:
            run = paragraph.add_run(chunk)
            run.bold = index % 2 == 1 or None


def shade(cell: docx.table._Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def mark_header_row(row: docx.table._Row) -> None:
    """Repeat the row at the top of every page the table spans."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def field(paragraph: docx.text.paragraph.Paragraph, instruction: str, shown: str) -> None:
    """Append a simple field (PAGE, NUMPAGES) with its last shown value."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def new_document(*, landscape: bool = False, numbered: bool = False) -> docx.document.Document:
    """A French A4 document with clausegen's styles, header and footer."""
    document = docx.Document()
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), "fr-FR")
        lang.set(qn("w:eastAsia"), "fr-FR")

    # Arial (Liberation Sans in LibreOffice, metric-compatible) instead of theme fonts.
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
        for attribute in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{attribute}"), "Arial")

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))

    styles = document.styles
    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name in ("Heading 1", "Heading 2"):
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 1"].paragraph_format.space_after = Pt(6)
    styles["Heading 2"].paragraph_format.space_before = Pt(10)
    styles["Heading 2"].paragraph_format.space_after = Pt(4)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styles["List Bullet"].paragraph_format.space_after = Pt(3)

    contact = styles.add_style("Coordonnées", WD_STYLE_TYPE.PARAGRAPH)
    contact.base_style = normal
    contact.paragraph_format.left_indent = Cm(1)
    contact.paragraph_format.space_after = Pt(0)
    contact.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    check = styles.add_style("Case à cocher", WD_STYLE_TYPE.PARAGRAPH)
    check.base_style = normal
    check.paragraph_format.left_indent = Cm(1)
    check.paragraph_format.first_line_indent = Cm(-0.6)
    check.paragraph_format.space_after = Pt(3)
    cell = styles.add_style("Texte de tableau", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell.font.size = Pt(10)
    head = styles.add_style("En-tête de tableau", WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = cell
    head.font.bold = True
    head.paragraph_format.keep_with_next = True
    formula = styles.add_style("Formule", WD_STYLE_TYPE.PARAGRAPH)
    formula.base_style = normal
    formula.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    formula.font.bold = True

    for style, style_id in (
        (contact, "Coordonnees"),
        (check, "CaseACocher"),
        (cell, "TexteTableau"),
        (head, "EnTeteTableau"),
        (formula, "Formule"),
    ):
        # NOTE: Word keeps style ids ASCII; python-docx would keep the accents of the name.
        style.element.styleId = style_id
    if numbered:
        number_headings(document)

    header = section.header.paragraphs[0]
    header.style = styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_runs(header, "{{ buyer.name }} – marché n° {{ reference }}")
    for run in header.runs:
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_runs(footer, "{{ document.title }} – page ")
    field(footer, "PAGE", "1")
    footer.add_run(" sur ")
    field(footer, "NUMPAGES", "1")
    return document


def number_headings(document: docx.document.Document) -> None:
    """Number Heading 1 as "Article 1 –" and Heading 2 as "1.1".

    The numbering is a Word list linked to the styles, so that Word renumbers the articles
    when legal staff add or remove one.
    """
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "20")
    kind = OxmlElement("w:multiLevelType")
    kind.set(qn("w:val"), "multilevel")
    abstract.append(kind)
    for level, (style, text) in enumerate((("Heading1", "Article %1 –"), ("Heading2", "%1.%2"))):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", "decimal"),
            ("w:pStyle", style),
            ("w:suff", "space"),
            ("w:lvlText", text),
            ("w:lvlJc", "left"),
        ):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        paragraph = OxmlElement("w:pPr")
        indent = OxmlElement("w:ind")
        indent.set(qn("w:left"), "0")
        indent.set(qn("w:firstLine"), "0")
        paragraph.append(indent)
        lvl.append(paragraph)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "20")
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), "20")
    num.append(reference)
    numbering.append(num)
    for level, name in enumerate(("Heading 1", "Heading 2")):
        properties = document.styles[name].element.get_or_add_pPr()
        numbered = properties.get_or_add_numPr()
        numbered.get_or_add_ilvl().val = level
        numbered.get_or_add_numId().val = 20


def ccap() -> docx.document.Document:
    """The CCAP article "Action d'insertion professionnelle"."""
    w = Writer(new_document(numbered=True))
    w.title(
        "{% if reserved %}Réservation du marché{% else %}Action d'insertion "
        "professionnelle{% endif %}"
    )
    w.subtitle("Article à intégrer au cahier des clauses administratives particulières (CCAP)")
    w.identification()

    w.tag("{%p if reserved %}")
    w.h1("Objet et fondement de la réservation")
    w.tag('{%p if mechanism == "reserved_siae" %}')
    w.p(
        "En application de l'article L2113-13 du code de la commande publique, le présent "
        "marché est réservé aux structures d'insertion par l'activité économique mentionnées "
        "à l'article L5132-4 du code du travail (entreprises d'insertion, entreprises de "
        "travail temporaire d'insertion, associations intermédiaires, ateliers et chantiers "
        "d'insertion) et aux structures équivalentes, qui emploient une proportion minimale "
        "de 50 % de travailleurs défavorisés, conformément à l'article R2113-7 du même code."
    )
    w.tag("{%p else %}")
    w.p(
        "En application de l'article L2113-12 du code de la commande publique, le présent "
        "marché est réservé aux entreprises adaptées, aux établissements et services d'aide "
        "par le travail et aux structures équivalentes, qui emploient une proportion minimale "
        "de 50 % de travailleurs handicapés, conformément à l'article R2113-7 du même code."
    )
    w.tag("{%p endif %}")
    w.p(
        "La réservation tient lieu d'action d'insertion : le présent marché ne fixe pas de "
        "volume d'heures d'insertion. Elle contribue à l'accès ou au maintien dans l'emploi "
        '{% if mechanism == "reserved_siae" %}des personnes éloignées de l\'emploi'
        "{% else %}des personnes handicapées{% endif %}."
    )
    w.h1("Maintien des conditions de la réservation")
    w.p(
        "Le titulaire conserve, pendant toute la durée d'exécution du marché, la qualité au "
        "titre de laquelle le marché lui a été attribué et la proportion minimale de 50 % de "
        '{% if mechanism == "reserved_siae" %}travailleurs défavorisés{% else %}travailleurs '
        "handicapés{% endif %} parmi ses salariés."
    )
    w.p(
        "Il en justifie à la demande de l'acheteur, et au moins une fois par an, au moyen de "
        "la fiche de suivi annexée au présent CCAP, accompagnée de tout document attestant de "
        "sa qualité (conventionnement, agrément ou autorisation)."
    )
    w.p(
        "Le titulaire informe sans délai l'acheteur de tout changement de nature à remettre "
        "en cause le respect de ces conditions."
    )
    w.h1("Interlocuteur")
    w.tag("{%p if has_facilitator %}")
    w.p(
        "Pour toute question relative à la réservation, le titulaire peut s'adresser au "
        "facilitateur :"
    )
    w.tag("{%p else %}")
    w.p("Pour toute question relative à la réservation, le titulaire s'adresse à l'acheteur :")
    w.tag("{%p endif %}")
    w.contact()

    w.tag("{%p else %}")
    w.h1("Objet et fondement de l'action d'insertion")
    w.tag('{%p if mechanism == "insertion_service" %}')
    w.p(
        "Le présent marché a pour objet une prestation d'insertion et de qualification "
        "professionnelle. Il est passé selon une procédure adaptée en application de "
        "l'article R2123-1, 3° du code de la commande publique."
    )
    w.p(
        "La prestation attendue du titulaire consiste à réaliser {{ performance }} du marché "
        "en confiant au moins le volume d'heures de travail fixé à l'article « Volume horaire "
        "d'insertion » à des personnes éloignées de l'emploi, dans le cadre d'un parcours "
        "d'insertion qui comprend leur encadrement technique, leur accompagnement "
        "socioprofessionnel et leur formation."
    )
    w.tag("{%p else %}")
    w.p(
        "En application de l'article L2112-2 du code de la commande publique, le présent "
        "marché comporte une condition d'exécution à caractère social : le titulaire réalise "
        "une action d'insertion professionnelle en réservant une partie des heures de travail "
        "nécessaires à l'exécution du marché à des personnes rencontrant des difficultés "
        "sociales ou professionnelles particulières. Cette action est liée à l'objet du "
        "marché : elle porte sur les heures de travail que son exécution requiert."
    )
    w.p(
        "Le présent article précise, pour ce marché, les stipulations du CCAG applicable "
        "relatives à l'insertion, lorsque le marché s'y réfère."
    )
    w.tag("{%p endif %}")
    w.tag('{%p if mechanism == "award_criterion" %}')
    w.p(
        "La performance en matière d'insertion professionnelle des publics en difficulté est "
        "en outre un critère de choix des offres, en application de l'article L2152-7 du "
        "code de la commande publique{% if criterion_weight %}, pondéré à "
        "{{ criterion_weight }}{% endif %}. Les engagements pris par le titulaire dans son "
        "offre au titre de ce critère ont valeur contractuelle : lorsqu'ils portent sur un "
        "nombre d'heures supérieur à celui fixé à l'article « Volume horaire d'insertion », "
        "ce nombre supérieur s'applique, y compris pour le calcul des pénalités."
    )
    w.tag("{%p endif %}")
    w.p(
        "L'action d'insertion est une obligation du titulaire pendant toute la durée "
        "d'exécution du marché. En cas de groupement, le mandataire veille à sa réalisation "
        "par les membres du groupement ; les heures réalisées par chacun d'eux sont "
        "additionnées. Le recours à la sous-traitance ne décharge pas le titulaire de cette "
        "obligation."
    )

    w.h1("Volume horaire d'insertion")
    w.tag("{%p if several_lots %}")
    w.p(
        "Le titulaire de chaque lot réalise, pendant la durée d'exécution du marché, au moins "
        "le nombre d'heures d'insertion fixé ci-dessous pour ce lot :"
    )
    w.table(
        [2.0, 10.5, 4.0],
        [
            "{%tr for lot in lots %}",
            ["{{ lot.number }}", "{{ lot.title }}", "{{ lot.insertion_hours }}"],
            "{%tr endfor %}",
            ["**Total**", "**Total du marché**", "**{{ total_hours }}**"],
        ],
        header=["Lot", "Intitulé", "Heures d'insertion"],
    )
    w.p(
        "Le total du marché représente environ {{ total_fte }} ETP (équivalent temps plein), "
        "sur la base de {{ hours_per_fte }} de travail pour un ETP."
    )
    w.tag("{%p else %}")
    w.p(
        "Le titulaire réalise, pendant la durée d'exécution du marché, au moins "
        "**{{ total_hours }}** d'insertion, soit environ {{ total_fte }} ETP (équivalent temps "
        "plein) sur la base de {{ hours_per_fte }} de travail pour un ETP."
    )
    w.tag("{%p endif %}")
    w.h2("Calcul du volume horaire")
    w.p(
        "Le nombre d'heures d'insertion {% if several_lots %}de chaque lot{% else %}du "
        "marché{% endif %} résulte de l'estimation de l'acheteur : volume de main-d'œuvre "
        "(montant estimé × part de main-d'œuvre ÷ coût horaire moyen chargé, ou volume de "
        "main-d'œuvre estimé directement) × taux d'insertion. Il est arrondi à l'heure, une "
        "demi-heure étant arrondie à l'heure supérieure{% if several_lots %} ; le total du "
        "marché est la somme des nombres arrondis des lots{% endif %}. Le détail du calcul et "
        "l'origine de chaque paramètre figurent ci-dessous, pour que chaque candidat puisse "
        "le vérifier."
    )
    w.tag("{%p for lot in lots %}")
    w.paragraph("**{{ lot.label }}**", keep_next=True)
    w.table(
        [4.5, 3.5, 8.5],
        [
            "{%tr for parameter in lot.parameters %}",
            ["{{ parameter.label }}", "{{ parameter.value }}", "{{ parameter.origin }}"],
            "{%tr endfor %}",
        ],
        header=["Paramètre", "Valeur", "Origine"],
    )
    w.p("Calcul : {{ lot.calculation }}.")
    w.tag("{%p if lot.note %}")
    w.p("{{ lot.note }}")
    w.tag("{%p endif %}")
    w.tag("{%p endfor %}")

    w.h1("Publics éligibles")
    w.p(
        "Les heures d'insertion sont réalisées par des personnes sans emploi rencontrant des "
        "difficultés sociales ou professionnelles particulières d'accès à l'emploi, notamment :"
    )
    w.loop("for category in categories", "{{ category.label }}" + LIST_END, "List Bullet")
    w.tag("{%p if has_facilitator %}")
    w.p(
        "L'éligibilité de chaque personne est validée par le facilitateur désigné à l'article "
        "« Accompagnement du titulaire », avant sa prise de poste."
    )
    w.tag("{%p else %}")
    w.p(
        "L'éligibilité de chaque personne est validée par l'acheteur, avant sa prise de poste, "
        "au vu des justificatifs fournis par le titulaire ou par la structure qui oriente la "
        "personne (France Travail, mission locale, Cap emploi, structure d'insertion par "
        "l'activité économique)."
    )
    w.tag("{%p endif %}")
    w.p(
        "Les heures réalisées par une personne dont l'éligibilité n'a pas été validée ne sont "
        "pas prises en compte."
    )

    w.h1("Modalités de mise en œuvre")
    w.p(
        "Le titulaire choisit librement la ou les modalités de réalisation de l'action "
        "d'insertion parmi les suivantes, qu'il peut combiner ; aucune ne lui est imposée :"
    )
    w.loop("for modality in modalities", "{{ modality.label }}" + LIST_END, "List Bullet")
    w.p(
        "En cas de co-traitance ou de sous-traitance, les heures travaillées pour le marché "
        "par les personnes en insertion ou les travailleurs handicapés de la structure "
        "concernée sont prises en compte."
    )
    w.p(
        "Seules sont prises en compte les heures effectivement travaillées pour "
        "{{ performance }} du marché par des personnes dont l'éligibilité a été validée. Les "
        "heures de formation de ces personnes sont prises en compte lorsqu'elles constituent "
        "du temps de travail effectif, comme la formation suivie dans le cadre d'un contrat "
        f"en alternance. Le titulaire fait connaître {FACILITATOR_OR_BUYER} les modalités "
        "retenues avant le début d'exécution."
    )

    w.h1("Accompagnement du titulaire")
    w.tag("{%p if has_facilitator %}")
    w.p(
        "L'acheteur a désigné un facilitateur pour accompagner le titulaire dans la mise en "
        "œuvre de l'action d'insertion :"
    )
    w.contact()
    w.p("Le facilitateur :")
    w.bullets(FACILITATOR_ROLE)
    w.p(
        "Le titulaire prend contact avec le facilitateur dans les quinze jours qui suivent la "
        "notification du marché, et en tout état de cause avant le début d'exécution, pour "
        "arrêter avec lui les modalités de réalisation de l'action d'insertion."
    )
    w.tag("{%p else %}")
    w.p(
        "Aucun facilitateur n'est désigné pour le présent marché. L'acheteur accompagne le "
        "titulaire : il le conseille sur les possibilités de réalisation de l'action "
        "d'insertion, l'oriente vers les acteurs de l'emploi et de l'insertion (France "
        "Travail, missions locales, structures d'insertion par l'activité économique), valide "
        "l'éligibilité des personnes et suit l'exécution de l'action d'insertion. Le "
        "titulaire s'adresse à :"
    )
    w.contact()
    w.p(
        "Le titulaire prend contact avec l'acheteur dans les quinze jours qui suivent la "
        "notification du marché, et en tout état de cause avant le début d'exécution, pour "
        "arrêter les modalités de réalisation de l'action d'insertion."
    )
    w.tag("{%p endif %}")

    w.h1("Suivi et contrôle de l'exécution")
    w.p(
        f"Avant chaque prise de poste, le titulaire transmet {FACILITATOR_OR_BUYER} les "
        "informations permettant de valider l'éligibilité de la personne."
    )
    w.p(
        "Au moins une fois par trimestre et à la fin de l'exécution du marché, le titulaire "
        f"remet {FACILITATOR_OR_BUYER} la fiche de suivi annexée au présent CCAP, complétée "
        "des heures réalisées par chaque personne, avec les justificatifs correspondants : "
        "copie des contrats de travail ou des contrats de mise à disposition, relevés "
        "d'heures, attestations des structures d'insertion, des entreprises de travail "
        "temporaire ou des groupements d'employeurs et, en cas de co-traitance ou de "
        "sous-traitance, attestation des heures réalisées par la structure concernée."
    )
    w.p(
        "Les personnes sont désignées sur la fiche de suivi par un identifiant et non par leur "
        "nom ; les informations transmises se limitent à ce qui est nécessaire au suivi de "
        "l'action d'insertion."
    )
    w.p(
        "À la fin de l'exécution du marché, le titulaire remet un bilan de l'action "
        "d'insertion : nombre de personnes, heures réalisées par modalité, types de contrats "
        "et, lorsqu'elle est connue, situation des personnes à l'issue de leur parcours."
    )
    w.p(
        "L'acheteur peut contrôler, sur pièces ou sur place, la réalité des heures déclarées. "
        "Une réunion de suivi peut être organisée à la demande du titulaire"
        "{% if has_facilitator %}, du facilitateur{% endif %} ou de l'acheteur. Le titulaire "
        "signale sans délai toute difficulté de nature à compromettre la réalisation du "
        "volume d'heures fixé, afin que des solutions soient recherchées."
    )

    w.h1("Pénalités")
    w.p(
        "Si, à la fin de l'exécution du marché, le nombre d'heures d'insertion réalisées et "
        "justifiées est inférieur au nombre fixé à l'article « Volume horaire d'insertion », "
        "le titulaire encourt{% if several_lots %}, pour chaque lot,{% endif %} une pénalité "
        "calculée selon la formule :"
    )
    w.paragraph("P = (H − R) × M", "Formule")
    w.bullets(
        [
            "P : montant de la pénalité, en euros hors taxes ;",
            "H : nombre d'heures d'insertion exigé{% if several_lots %} pour le lot{% endif %} ;",
            "R : nombre d'heures d'insertion réalisées et justifiées{% if several_lots %} pour "
            "le lot{% endif %} ;",
        ]
    )
    w.tag("{%p if penalty %}")
    w.paragraph(
        "M : {{ penalty }} par heure d'insertion non réalisée ({{ penalty_origin }}).",
        "List Bullet",
    )
    w.tag("{%p else %}")
    w.paragraph(
        "M : montant par heure d'insertion non réalisée fixé pour chaque lot ci-dessous.",
        "List Bullet",
    )
    w.table(
        [2.0, 4.5, 10.0],
        [
            "{%tr for lot in lots %}",
            ["{{ lot.number }}", "{{ lot.penalty }}", "{{ lot.penalty_origin }}"],
            "{%tr endfor %}",
        ],
        header=["Lot", "Montant par heure", "Origine"],
    )
    w.tag("{%p endif %}")
    w.p(
        "Aucune pénalité n'est appliquée lorsque le titulaire établit que le défaut de "
        "réalisation résulte de circonstances qu'il ne pouvait maîtriser, notamment "
        "l'absence de candidats éligibles malgré des démarches justifiées auprès "
        "{% if has_facilitator %}du facilitateur{% else %}de l'acheteur{% endif %} et des "
        "acteurs de l'insertion."
    )
    w.h2("Procédure contradictoire")
    w.p(
        "Avant d'appliquer une pénalité, l'acheteur notifie au titulaire, par écrit, le "
        "manquement constaté et le montant de la pénalité envisagée. Le titulaire dispose "
        "d'un délai de quinze jours à compter de cette notification pour présenter ses "
        "observations et ses justificatifs. L'acheteur se prononce ensuite par une décision "
        "motivée, qui tient compte des observations et justificatifs produits."
    )
    w.p("Le montant des pénalités est déduit des sommes dues au titulaire.")
    w.tag("{%p endif %}")
    return w.doc


def rc() -> docx.document.Document:
    """The paragraph of the consultation rules (RC) announcing the clause."""
    w = Writer(new_document(numbered=True))
    w.title(
        "{% if reserved %}Réservation du marché{% else %}Action d'insertion "
        "professionnelle{% endif %}"
    )
    w.subtitle("Article à intégrer au règlement de la consultation (RC)")
    w.identification()

    w.tag("{%p if reserved %}")
    w.h1("Marché réservé")
    w.tag('{%p if mechanism == "reserved_siae" %}')
    w.p(
        "En application de l'article L2113-13 du code de la commande publique, le présent "
        "marché est réservé aux structures d'insertion par l'activité économique mentionnées "
        "à l'article L5132-4 du code du travail et aux structures équivalentes, qui emploient "
        "une proportion minimale de 50 % de travailleurs défavorisés (article R2113-7 du même "
        "code)."
    )
    w.tag("{%p else %}")
    w.p(
        "En application de l'article L2113-12 du code de la commande publique, le présent "
        "marché est réservé aux entreprises adaptées, aux établissements et services d'aide "
        "par le travail et aux structures équivalentes, qui emploient une proportion minimale "
        "de 50 % de travailleurs handicapés (article R2113-7 du même code)."
    )
    w.tag("{%p endif %}")
    w.p(
        "L'avis d'appel à la concurrence mentionne cette réservation. La candidature d'un "
        "opérateur économique qui ne remplit pas ces conditions est écartée. Le marché ne "
        "fixe pas de volume d'heures d'insertion."
    )
    w.h2("Justificatifs à produire")
    w.p("À l'appui de sa candidature, chaque candidat produit :")
    w.bullets(
        [
            "tout document attestant de sa qualité (conventionnement, agrément ou "
            "autorisation) ou de sa qualité de structure équivalente ;",
            "la déclaration sur l'honneur annexée à l'acte d'engagement, qui indique la "
            'proportion de {% if mechanism == "reserved_siae" %}travailleurs défavorisés'
            "{% else %}travailleurs handicapés{% endif %} qu'il emploie.",
        ]
    )
    w.h2("Renseignements")
    w.p("Pour toute question relative à la réservation, les candidats peuvent s'adresser à :")
    w.contact()

    w.tag("{%p else %}")
    w.h1("Action d'insertion professionnelle")
    w.tag('{%p if mechanism == "insertion_service" %}')
    w.p(
        "Le marché a pour objet une prestation d'insertion et de qualification "
        "professionnelle. Il est passé selon une procédure adaptée en application de "
        "l'article R2123-1, 3° du code de la commande publique. La prestation consiste à "
        "réaliser {{ performance }} du marché en confiant au moins le volume d'heures de "
        "travail fixé ci-dessous à des personnes éloignées de l'emploi, encadrées, "
        "accompagnées et formées par le titulaire."
    )
    w.tag("{%p else %}")
    w.p(
        "Le marché comporte une clause d'insertion professionnelle. En application de "
        "l'article L2112-2 du code de la commande publique, le titulaire réalise, pendant "
        "l'exécution du marché, une action d'insertion au profit de personnes éloignées de "
        "l'emploi : c'est une condition d'exécution du marché. Elle n'est pas un critère de "
        'sélection des candidatures{% if mechanism == "execution_condition" %} et elle '
        "n'intervient pas dans le jugement des offres{% endif %}."
    )
    w.tag("{%p endif %}")
    w.tag("{%p if several_lots %}")
    w.p("Le volume horaire minimal d'insertion est fixé pour chaque lot :")
    w.table(
        [2.0, 10.5, 4.0],
        [
            "{%tr for lot in lots %}",
            ["{{ lot.number }}", "{{ lot.title }}", "{{ lot.insertion_hours }}"],
            "{%tr endfor %}",
            ["**Total**", "**Total du marché**", "**{{ total_hours }}**"],
        ],
        header=["Lot", "Intitulé", "Heures d'insertion"],
    )
    w.tag("{%p else %}")
    w.p("Le volume horaire minimal d'insertion est fixé à **{{ total_hours }}**.")
    w.tag("{%p endif %}")
    w.p(
        "Le calcul de ce volume, les publics éligibles, les modalités de réalisation, le "
        "suivi et les pénalités sont définis à l'article « Action d'insertion "
        "professionnelle » du CCAP. Le titulaire choisit librement la manière de réaliser "
        "l'action d'insertion parmi les modalités suivantes, qu'il peut combiner :"
    )
    w.loop("for modality in modalities", "{{ modality.label }}" + LIST_END, "List Bullet")
    w.p(
        "En remettant son offre, le candidat s'engage à réaliser cette action d'insertion ; "
        "il complète et signe à cet effet l'engagement annexé à l'acte d'engagement."
    )
    w.tag('{%p if mechanism == "award_criterion" %}')
    w.h2("Critère d'attribution relatif à l'insertion")
    w.p(
        "En application de l'article L2152-7 du code de la commande publique, les offres sont "
        "également jugées sur la performance en matière d'insertion professionnelle des "
        "publics en difficulté{% if criterion_weight %}, critère pondéré à "
        "{{ criterion_weight }}{% else %}, selon la pondération fixée à l'article du présent "
        "règlement relatif aux critères de jugement des offres{% endif %}."
    )
    w.p("Ce critère est apprécié au vu d'une note du candidat qui décrit :")
    w.bullets(
        [
            "les modalités qu'il envisage pour réaliser l'action d'insertion et le calendrier "
            "de leur mise en œuvre ;",
            "l'encadrement et l'accompagnement des personnes (tutorat, formation, qualification) ;",
            "les partenariats envisagés avec les acteurs de l'emploi et de l'insertion ;",
            "le cas échéant, le nombre d'heures d'insertion qu'il s'engage à réaliser au-delà "
            "du volume minimal, qui aura alors valeur contractuelle.",
        ]
    )
    w.tag("{%p endif %}")
    w.h2("Renseignements sur la clause")
    w.tag("{%p if has_facilitator %}")
    w.p(
        "Pendant la consultation, les candidats peuvent se renseigner sur la clause et sur "
        "les moyens de la mettre en œuvre auprès du facilitateur, dans le respect de "
        "l'égalité de traitement des candidats :"
    )
    w.tag("{%p else %}")
    w.p(
        "Aucun facilitateur n'est désigné pour ce marché. Pendant la consultation, les "
        "candidats peuvent se renseigner sur la clause auprès de l'acheteur, dans les "
        "conditions prévues par le présent règlement pour les demandes de renseignements :"
    )
    w.tag("{%p endif %}")
    w.contact()
    w.tag("{%p endif %}")
    return w.doc


def ae() -> docx.document.Document:
    """The candidate's commitment, annexed to the acte d'engagement (AE)."""
    w = Writer(new_document())
    w.title("Engagement du candidat")
    w.subtitle("Annexe à l'acte d'engagement (AE) – insertion professionnelle")
    w.identification()
    w.h1("Identification du candidat")
    w.table(
        [5.5, 11.0],
        [
            ["Nom ou raison sociale", ""],
            ["Numéro SIRET", ""],
            ["Adresse", ""],
            ["Représenté par (nom et qualité)", ""],
        ],
        row_height=0.8,
    )

    w.tag("{%p if reserved %}")
    w.h1("Déclaration relative à la réservation du marché")
    w.p(
        "Je soussigné(e), représentant habilité du candidat désigné ci-dessus, déclare sur "
        "l'honneur que le candidat est :"
    )
    w.tag('{%p if mechanism == "reserved_siae" %}')
    w.checks(
        [
            "une entreprise d'insertion (EI) ;",
            "une entreprise de travail temporaire d'insertion (ETTI) ;",
            "une association intermédiaire (AI) ;",
            "un atelier et chantier d'insertion (ACI) ;",
            "une structure équivalente (préciser) : …………………………………………",
        ]
    )
    w.p(
        "et qu'il emploie une proportion de ……… % de travailleurs défavorisés, au moins égale "
        "à la proportion minimale de 50 % fixée par l'article R2113-7 du code de la commande "
        "publique."
    )
    w.tag("{%p else %}")
    w.checks(
        [
            "une entreprise adaptée (EA) ;",
            "un établissement et service d'aide par le travail (ESAT) ;",
            "une structure équivalente (préciser) : …………………………………………",
        ]
    )
    w.p(
        "et qu'il emploie une proportion de ……… % de travailleurs handicapés, au moins égale "
        "à la proportion minimale de 50 % fixée par l'article R2113-7 du code de la commande "
        "publique."
    )
    w.tag("{%p endif %}")
    w.p(
        "Je m'engage, si le marché est attribué au candidat, à maintenir cette proportion "
        "pendant toute la durée d'exécution du marché et à en justifier à la demande de "
        "l'acheteur."
    )

    w.tag("{%p else %}")
    w.h1("Engagement relatif à l'action d'insertion")
    w.tag("{%p if several_lots %}")
    w.p(
        "Je soussigné(e), représentant habilité du candidat désigné ci-dessus, m'engage, pour "
        "chaque lot pour lequel le candidat remet une offre et qui lui serait attribué, à "
        "réaliser l'action d'insertion professionnelle définie à l'article « Action "
        "d'insertion professionnelle » du CCAP, pour au moins le nombre d'heures d'insertion "
        "indiqué ci-dessous. Le candidat coche les lots pour lesquels il remet une offre :"
    )
    w.table(
        [2.2, 1.6, 9.2, 3.5],
        [
            "{%tr for lot in lots %}",
            ["☐", "{{ lot.number }}", "{{ lot.title }}", "{{ lot.insertion_hours }}"],
            "{%tr endfor %}",
        ],
        header=["Offre remise", "Lot", "Intitulé", "Heures d'insertion"],
    )
    w.tag("{%p else %}")
    w.p(
        "Je soussigné(e), représentant habilité du candidat désigné ci-dessus, m'engage, si "
        "le marché est attribué au candidat, à réaliser l'action d'insertion professionnelle "
        "définie à l'article « Action d'insertion professionnelle » du CCAP, pour au moins "
        "**{{ total_hours }}** d'insertion."
    )
    w.tag("{%p endif %}")
    w.tag('{%p if mechanism == "award_criterion" %}')
    w.p(
        "Au titre du critère d'attribution relatif à l'insertion, le candidat s'engage en "
        "outre à réaliser ……… heures d'insertion au-delà du volume minimal"
        "{% if several_lots %} (à préciser pour chaque lot){% endif %}. Cet engagement a "
        "valeur contractuelle."
    )
    w.tag("{%p endif %}")
    w.h2("Modalités envisagées")
    w.p(
        "À titre indicatif, le candidat envisage de réaliser l'action d'insertion par "
        "(plusieurs réponses possibles ; ce choix ne l'engage pas) :"
    )
    w.loop("for modality in modalities", "☐ {{ modality.label }} ;", "Case à cocher")
    w.checks(["modalités à définir après la notification du marché."])
    w.tag("{%p if has_facilitator %}")
    w.p(
        "Le candidat prend contact avec le facilitateur dès la notification du marché pour "
        "arrêter les modalités de réalisation de l'action d'insertion :"
    )
    w.tag("{%p else %}")
    w.p(
        "Le candidat prend contact avec l'acheteur dès la notification du marché pour arrêter "
        "les modalités de réalisation de l'action d'insertion :"
    )
    w.tag("{%p endif %}")
    w.contact()
    w.tag("{%p endif %}")

    w.h1("Signature")
    w.p("Fait à …………………………………, le …………………………………")
    w.p("Signature du représentant habilité du candidat :")
    return w.doc


def suivi() -> docx.document.Document:
    """The monitoring sheet: one row per person (or, for a reserved contract, per period)."""
    w = Writer(new_document(landscape=True))
    w.title(
        "{% if reserved %}Fiche de suivi de la réservation{% else %}Fiche de suivi de "
        "l'action d'insertion{% endif %}"
    )
    w.subtitle(
        f"Annexe au CCAP – à remettre {FACILITATOR_OR_BUYER} "
        "{% if reserved %}au moins une fois par an{% else %}au moins une fois par trimestre "
        "et à la fin de l'exécution du marché{% endif %}"
    )
    w.identification(
        [
            ["**Titulaire**", ""],
            ["**Période de suivi**", "du …………………… au ……………………"],
        ]
    )
    w.tag("{%p if reserved %}")
    w.h1(
        'Proportion de {% if mechanism == "reserved_siae" %}travailleurs défavorisés'
        "{% else %}travailleurs handicapés{% endif %}"
    )
    w.p(
        "Une ligne par période. La proportion est calculée sur l'ensemble des salariés de la "
        "structure ; elle doit rester au moins égale à 50 % (article R2113-7 du code de la "
        "commande publique)."
    )
    w.table(
        [5.0, 4.5, 5.5, 3.5, 7.2],
        [["", "", "", "", ""] for _ in range(6)],
        row_height=0.9,
        header=[
            "Période",
            "Effectif salarié total",
            '{% if mechanism == "reserved_siae" %}Dont travailleurs défavorisés'
            "{% else %}Dont travailleurs handicapés{% endif %}",
            "Proportion (%)",
            "Observations",
        ],
    )
    w.tag("{%p else %}")
    w.p(
        "Une ligne par personne et par période. Les personnes sont désignées par un "
        "identifiant (par exemple leurs initiales suivies d'un numéro d'ordre), jamais par "
        "leur nom. La catégorie d'éligibilité et la modalité de chaque personne sont "
        "désignées par les codes ci-après."
    )
    w.h1("Codes à utiliser", page_break=True)
    w.table(
        [3.0, 22.7],
        [
            "{%tr for category in categories %}",
            ["{{ category.abbreviation }}", "{{ category.label }}"],
            "{%tr endfor %}",
        ],
        header=["Code", "Catégorie d'éligibilité (publics définis par le CCAP)"],
    )
    w.table(
        [3.0, 22.7],
        [
            "{%tr for modality in modalities %}",
            ["{{ modality.abbreviation }}", "{{ modality.label }}"],
            "{%tr endfor %}",
        ],
        header=["Code", "Modalité de réalisation"],
    )
    w.p(
        "**Type de contrat** : CDI, CDD, contrat aidé, contrat d'apprentissage, contrat de "
        "professionnalisation, mission de travail temporaire, mise à disposition, contrat de "
        "la structure co-traitante ou sous-traitante."
    )
    w.tag("{%p for lot in lots %}")
    w.tag("{%p if lot.has_hours %}")
    w.h1("{{ lot.label }}", page_break=True)
    w.p("Objectif : **{{ lot.insertion_hours }}** d'insertion.")
    w.table(
        [3.2, 2.2, 2.6, 2.2, 3.0, 2.4, 2.4, 2.6, 2.6, 2.5],
        [["", "", "", "", "", "", "", "", "", ""] for _ in range(12)]
        + [["**Total**", "", "", "", "", "", "", "", "", ""]],
        row_height=0.75,
        header=[
            "Identifiant",
            "Catégorie (code)",
            "Éligibilité validée le",
            "Modalité (code)",
            "Type de contrat",
            "Début",
            "Fin",
            "Heures sur la période",
            "Heures cumulées",
            "Part de l'objectif (%)",
        ],
    )
    w.tag("{%p endif %}")
    w.tag("{%p endfor %}")
    w.tag("{%p endif %}")
    w.h1("Visas")
    w.table(
        [12.85, 12.85],
        [["", ""]],
        row_height=3.0,
        header=[
            "Le titulaire (date, nom et signature)",
            "{% if has_facilitator %}Le facilitateur{% else %}L'acheteur{% endif %} (date et visa)",
        ],
    )
    return w.doc


def charte() -> docx.document.Document:
    """The charter annex: the buyer's commitments that the contract puts into practice.

    clausegen produces it only for a buyer with a charter (``requires: [charter]`` in the
    manifest); a charter that the contract applies nowhere gets a plain sentence, not an
    empty table.
    """
    w = Writer(new_document())
    w.title("Engagements d'achat responsable mis en œuvre par le marché")
    w.subtitle("Annexe au CCAP – charte d'achat responsable de l'acheteur")
    w.identification([["**Charte d'achat responsable**", "{{ charter.title }}"]])
    w.h1("Objet de la présente annexe")
    w.p(
        "La charte d'achat responsable de l'acheteur, « {{ charter.title }} », compte "
        "{{ charter.commitment_count }} engagement{% if charter.commitment_count > 1 %}s"
        "{% endif %}. La présente annexe indique ceux que le présent marché met en œuvre et "
        "la manière dont il le fait, d'après ses propres caractéristiques ; le texte intégral "
        "de la charte figure en appendice."
    )
    w.p(
        "Elle présente la politique d'achat de l'acheteur et ne crée pas, pour le titulaire, "
        "d'obligation autre que celles que fixent les pièces du marché."
    )
    w.h1("Engagements mis en œuvre par le marché")
    w.tag("{%p if charter.has_applied %}")
    w.p(
        "Le présent marché met en œuvre {% if charter.applied_count > 1 %}les "
        "{{ charter.applied_count }} engagements suivants{% else %}l'engagement suivant"
        "{% endif %} de la charte. Pour chacun, le tableau indique comment le marché le met "
        "en œuvre et à quel titre : parce que ses caractéristiques correspondent aux cas que "
        "la charte prévoit, ou parce que l'acheteur l'a retenu expressément pour ce marché."
    )
    w.table(
        [1.3, 4.5, 7.0, 3.7],
        [
            "{%tr for commitment in charter.applied %}",
            [
                "{{ commitment.number }}",
                "{{ commitment.title }}",
                "{%p for evidence in commitment.evidence %}\n{{ evidence.sentence }}\n"
                "{%p endfor %}",
                "{{ commitment.reason }}",
            ],
            "{%tr endfor %}",
        ],
        header=["N°", "Engagement", "Mise en œuvre dans le marché", "À quel titre"],
    )
    w.tag("{%p else %}")
    w.p(
        "Le présent marché ne met en œuvre aucun des engagements de la charte d'achat "
        "responsable de l'acheteur. Le texte de la charte figure en appendice pour information."
    )
    w.tag("{%p endif %}")

    w.h1("Appendice – Texte intégral de la charte", page_break=True)
    w.p("Engagements de la charte « {{ charter.title }} », reproduits dans leurs termes :")
    w.table(
        [1.3, 4.5, 10.7],
        [
            "{%tr for commitment in charter.commitments %}",
            ["{{ commitment.number }}", "{{ commitment.title }}", "{{ commitment.text }}"],
            "{%tr endfor %}",
        ],
        header=["N°", "Engagement", "Texte"],
    )
    return w.doc


TEMPLATES = {
    "ccap.docx": ccap,
    "rc.docx": rc,
    "ae.docx": ae,
    "suivi.docx": suivi,
    "charte.docx": charte,
}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    target = Path(argv[1])
    target.mkdir(parents=True, exist_ok=True)
    existing = [name for name in TEMPLATES if (target / name).exists()]
    if existing:
        print(f"{target}: {', '.join(existing)} already exist; this script never overwrites")
        return 1
    for name, build in TEMPLATES.items():
        build().save(str(target / name))
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
