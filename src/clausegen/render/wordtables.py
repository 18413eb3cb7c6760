"""The boxes and tables of the Word report, built with python-docx and a little raw XML.

Shaded boxes for the key figures and tables whose heading row repeats on every page, whose
widths both Word and LibreOffice read, and whose cells leave room for figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from clausegen.render import wordrows

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
_PANEL_FILL = "DCE6F1"
#: The width of the text between the margins of an A4 page with 2 cm margins.
_TEXT_WIDTH = 17.0
#: The widest a letter of a heading is (8.5 pt bold), in cm, and a cell's side margins.
_LETTER = 0.21
_CELL_MARGINS = 0.3


def fit_widths(header: Sequence[str], widths: Sequence[float]) -> list[float]:
    """Widen the columns whose heading has a word longer than the column is wide.

    A heading then breaks between words only (LibreOffice otherwise cuts "Opérations" into
    "Opération" and "s"). The width added is taken from the columns with room to spare,
    when the table would be wider than the page.
    """
    needed = [max(len(w) for w in text.split()) * _LETTER + _CELL_MARGINS for text in header]
    fitted = [max(width, least) for width, least in zip(widths, needed, strict=True)]
    excess = sum(fitted) - max(sum(widths), _TEXT_WIDTH)
    if excess <= 0:
        return fitted
    spare = [width - least for width, least in zip(fitted, needed, strict=True)]
    room = sum(spare)
    if room <= 0:
        return fitted
    share = min(1.0, excess / room)
    return [width - slack * share for width, slack in zip(fitted, spare, strict=True)]


def _shade(cell: Any, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def panel(document: Any, cells: Sequence[tuple[str, str]]) -> None:
    """Write a row of boxes, each a large figure above its caption, like the brochure."""
    table = document.add_table(rows=1, cols=len(cells))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, (figure, caption) in zip(table.rows[0].cells, cells, strict=True):
        _shade(cell, _PANEL_FILL)
        top = cell.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = top.add_run(figure)
        run.bold = True
        run.font.size = Pt(18 if len(figure) <= 9 else 14)
        run.font.color.rgb = ACCENT
        bottom = cell.add_paragraph(caption)
        bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
        bottom.runs[0].font.size = Pt(9)
    document.add_paragraph()


def table(
    document: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    left: int = 1,
) -> None:
    """Write a table with column ``widths`` in cm; the first ``left`` columns are text.

    The widths are widened where a heading's word would not fit (:func:`fit_widths`). The
    heading row and one row of placeholders are built with python-docx; every row of
    ``rows`` is a copy of that placeholder row with its texts put in (:func:`_copy_rows`):
    the same XML as python-docx writes cell by cell, in a fraction of the time. Inside
    :func:`clausegen.render.wordrows.deferring`, the rows are written as XML text once the
    document is saved instead, in a fraction of the memory.
    """
    widths = fit_widths(header, widths)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    _narrow_margins(table)
    _repeat_header(table.rows[0])
    for index, (cell, text) in enumerate(zip(table.rows[0].cells, header, strict=True)):
        _shade(cell, _PANEL_FILL)
        paragraph = cell.paragraphs[0]
        paragraph.add_run(text).bold = True
        if index >= left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if rows:
        for index, cell in enumerate(table.add_row().cells):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(_PLACEHOLDER)
            if index >= left:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # NOTE: Word reads the cells' widths, LibreOffice the grid's: both are set.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
    if rows:
        deferred = wordrows.active()
        if deferred is None or not deferred.defer(table.rows[1]._tr, rows):
            _copy_rows(table.rows[1]._tr, rows)
    document.add_paragraph()


#: The text of the placeholder row's cells (any text without spaces, tabs or line breaks).
_PLACEHOLDER = "0"
_SPECIAL = frozenset("\t\r\n")


def _copy_rows(template: Any, rows: Sequence[Sequence[str]]) -> None:
    """Replace the placeholder row ``template`` (a ``w:tr``) by one copy per row of texts.

    Each cell of the template holds one paragraph of one run: its properties, then a
    ``w:t`` with :data:`_PLACEHOLDER`. A copy's run gets its text as python-docx's
    ``add_run`` gives it: no ``w:t`` for an empty text, ``xml:space="preserve"`` for a
    text with spaces at an end, and python-docx itself for tabs and line breaks.
    """
    parent = template.getparent()
    at = parent.index(template)
    copies = []
    for row in rows:
        copy = deepcopy(template)
        for cell, text in zip(copy.iterchildren(_TC), row, strict=True):
            run = cell[-1][-1]
            _put_text(run, run[-1], text)
        copies.append(copy)
    parent.remove(template)
    parent[at:at] = copies


def _put_text(run: Any, placeholder: Any, text: str) -> None:
    if not text:
        run.remove(placeholder)
    elif _SPECIAL.isdisjoint(text):
        placeholder.text = text
        if len(text.strip()) < len(text):
            placeholder.set(_SPACE, "preserve")
    else:
        run.text = text  # NOTE: python-docx's w:tab and w:br, as add_run writes them


_TC = qn("w:tc")
_SPACE = qn("xml:space")


def _repeat_header(row: Any) -> None:
    """Repeat the heading row at the top of every page the table runs over."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def _narrow_margins(table: Any) -> None:
    """Give the cells 1 mm of side margin instead of 1.9 mm, for figures to fit."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
