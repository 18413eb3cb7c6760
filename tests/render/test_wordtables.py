"""The Word report's tables: rows copied in bulk, or written as text, are python-docx's XML."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from clausegen import french
from clausegen.render import wordrows
from clausegen.render.wordtables import fit_widths, table

HEADER = ["Référence", "Intitulé", "Heures", "Taux"]


def cell_by_cell(
    document: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    left: int = 1,
) -> None:
    """The table as python-docx builds it, one cell at a time (the former way)."""
    from clausegen.render import wordtables

    widths = fit_widths(header, widths)
    built = document.add_table(rows=1, cols=len(header))
    built.style = "Table Grid"
    built.autofit = False
    wordtables._narrow_margins(built)
    wordtables._repeat_header(built.rows[0])
    for index, (cell, text) in enumerate(zip(built.rows[0].cells, header, strict=True)):
        wordtables._shade(cell, wordtables._PANEL_FILL)
        paragraph = cell.paragraphs[0]
        paragraph.add_run(text).bold = True
        if index >= left:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in rows:
        for index, (cell, text) in enumerate(zip(built.add_row().cells, row, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(text)
            if index >= left:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(built.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
    document.add_paragraph()


def body_xml(build: Any, rows: Sequence[Sequence[str]], left: int = 1) -> str:
    document = docx.Document()
    build(document, HEADER, rows, [2.0, 4.0, 2.0, 1.5], left)
    return str(document.element.body.xml)


def test_rows_copied_in_bulk_are_the_xml_of_python_docx() -> None:
    rows = [
        ["OP-1", "Lycée « Jules Verne »", "1 200", "85,0 %"],
        ["", " leading", "trailing ", "–"],
        ["tab\there", "two\nlines", "carriage\rreturn", "  "],
    ]
    for left in (1, 2):
        assert body_xml(table, rows, left) == body_xml(cell_by_cell, rows, left)


def test_a_table_without_rows_has_its_heading_only() -> None:
    assert body_xml(table, []) == body_xml(cell_by_cell, [])
    document = docx.Document()
    table(document, HEADER, [], [2.0, 4.0, 2.0, 1.5])
    assert len(document.tables[0].rows) == 1


def saved_body(deferred: bool, rows: Sequence[Sequence[str]]) -> bytes:
    """The saved word/document.xml of two tables, their texts in French spacing."""
    with wordrows.deferring() as pending:
        document = docx.Document()
        table(document, HEADER, rows, [2.0, 4.0, 2.0, 1.5], 2)
        table(document, HEADER[:2], [row[:2] for row in rows], [3.0, 3.0])
    if not deferred:
        pending = wordrows.DeferredRows()
        document = docx.Document()
        table(document, HEADER, rows, [2.0, 4.0, 2.0, 1.5], 2)
        table(document, HEADER[:2], [row[:2] for row in rows], [3.0, 3.0])
    for text in document.element.body.iter(qn("w:t")):
        text.text = french.typography(text.text)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        xml = package.read("word/document.xml")
    return pending.splice(xml, french.typography)


def test_rows_written_as_text_are_the_bytes_of_rows_built_as_elements() -> None:
    rows = [
        ["OP-1 & <b>", "Lycée « Jules Verne » : 2 lots ?", "1 200", "85,0 %"],
        ["", " leading", "trailing ", "–"],
        ["\"quoted\" 'too'", "a > b", "\u00a0nbsp\u202f", "🏗️ chantier"],
    ]
    assert saved_body(True, rows) == saved_body(False, rows)
    assert b"clausegenrows" not in saved_body(True, rows)


def test_a_table_with_a_line_break_is_built_as_elements() -> None:
    rows = [["OP-1", "two\nlines", "1", "2"], ["OP-2", "tab\there", "3", "4"]]
    with wordrows.deferring() as pending:
        table(docx.Document(), HEADER, rows, [2.0, 4.0, 2.0, 1.5])
    assert pending.tables == []
    assert saved_body(True, rows) == saved_body(False, rows)
