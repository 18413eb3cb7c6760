"""Small Word templates built in the test, never on disk, for the tests of templates."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import docx


def make_template(
    paragraphs: Sequence[str],
    *,
    header: str | None = None,
    footer: str | None = None,
    table: Sequence[Sequence[str]] | None = None,
    after_table: Sequence[str] = (),
    title_property: str | None = None,
) -> bytes:
    """Build a .docx template: paragraphs, then an optional table and more paragraphs."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table is not None:
        grid = document.add_table(rows=0, cols=len(table[0]))
        for row in table:
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.paragraphs[0].add_run(text)
    for text in after_table:
        document.add_paragraph(text)
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].add_run(header)
    if footer is not None:
        section.footer.paragraphs[0].add_run(footer)
    if title_property is not None:
        document.core_properties.title = title_property
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, changes: dict[str, bytes]) -> bytes:
    """Return the .docx ``data`` with some members replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item.filename, changes.pop(item.filename, source.read(item)))
        for name, content in changes.items():
            out.writestr(name, content)
    return target.getvalue()
