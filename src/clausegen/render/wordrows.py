"""The rows of the Word report's tables as XML text, put into the document once it is saved.

A portfolio of 2 000 contracts has a table of 10 000 lots: 100 000 cells, which python-docx
and lxml hold as a million elements (about 300 MB) before writing them out as 16 MB of
XML. The rows of a table are all alike: one paragraph of one run per cell, the same
properties. So while :func:`deferring` is in force, :func:`clausegen.render.wordtables.table`
builds the heading row and one placeholder row, whose cells hold markers
(:meth:`DeferredRows.defer`); once the document is saved, each marked row of its XML is
replaced by the table's rows, written from the placeholder row's own XML with each cell's
text put in, escaped as lxml escapes it (:meth:`DeferredRows.splice`). The bytes are those
of the rows built as elements; a table with a text that is not plain (a tab, a line break,
a character XML refuses) is built as elements instead.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

#: The marker of a placeholder cell: letters and digits only, which nothing rewrites.
_MARK = "clausegenrows{table}x{cell}x"
#: A text python-docx writes otherwise than as one ``w:t`` (tabs, line breaks), or refuses.
_NOT_PLAIN = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_OPEN, _CLOSE = b"<w:t>", b"</w:t>"
_OPEN_SPACED = b'<w:t xml:space="preserve">'
_TC = qn("w:tc")


@dataclass
class DeferredRows:
    """The rows of the tables whose placeholder row was marked, in the document's order."""

    tables: list[Sequence[Sequence[str]]] = field(default_factory=list)

    def defer(self, template: Any, rows: Sequence[Sequence[str]]) -> bool:
        """Mark the placeholder row ``template`` (a ``w:tr``) to stand for ``rows``.

        Each cell of the template holds one paragraph of one run whose last child is a
        ``w:t``. Returns False, and marks nothing, when a text is not plain or a row
        does not have one text per cell: such a table is built as elements.
        """
        cells = list(template.iterchildren(_TC))
        if any(len(row) != len(cells) for row in rows) or any(
            _NOT_PLAIN.search(text) for row in rows for text in row
        ):
            return False
        number = len(self.tables)
        for index, cell in enumerate(cells):
            cell[-1][-1][-1].text = _MARK.format(table=number, cell=index)
        self.tables.append(rows)
        return True

    def splice(self, xml: bytes, spacing: Callable[[str], str]) -> bytes:
        """Replace each marked row of a saved ``word/document.xml`` by its table's rows.

        Args:
            xml: the part as python-docx saved it.
            spacing: what the report does to every text of the document (French spacing),
                done here to the texts put in.
        """
        parts: list[bytes] = []
        position = 0
        for number, rows in enumerate(self.tables):
            first = xml.index(_MARK.format(table=number, cell=0).encode(), position)
            start = xml.rindex(b"<w:tr>", position, first)
            end = xml.index(b"</w:tr>", first) + len(b"</w:tr>")
            pieces = _pieces(xml[start:end], number, len(rows[0]) if rows else 0)
            parts.append(xml[position:start])
            parts.extend(_row(pieces, row, spacing) for row in rows)
            position = end
        parts.append(xml[position:])
        return b"".join(parts)


def _pieces(template: bytes, number: int, cells: int) -> list[bytes]:
    """Cut a placeholder row's XML around its cells' ``<w:t>MARK</w:t>``."""
    pieces = []
    for cell in range(cells):
        marked = _OPEN + _MARK.format(table=number, cell=cell).encode() + _CLOSE
        before, found, template = template.partition(marked)
        if not found or before.count(_OPEN):
            message = f"the placeholder row of table {number} is not as expected"
            raise AssertionError(message)
        pieces.append(before)
    return [*pieces, template]


def _row(pieces: list[bytes], texts: Sequence[str], spacing: Callable[[str], str]) -> bytes:
    """Write a row: the placeholder row's XML with each text as python-docx writes it.

    No ``w:t`` for an empty text; ``xml:space="preserve"`` for a text with a space at an
    end (decided on the text given, before ``spacing``, as python-docx decides it).
    """
    out = [pieces[0]]
    for text, after in zip(texts, pieces[1:], strict=True):
        if text:
            opening = _OPEN_SPACED if len(text.strip()) < len(text) else _OPEN
            out += (opening, _escape(spacing(text)), _CLOSE)
        out.append(after)
    return b"".join(out)


def _escape(text: str) -> bytes:
    """Escape a text as libxml2 writes a text node in UTF-8 (``"`` and ``'`` as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


_ACTIVE: contextvars.ContextVar[DeferredRows | None] = contextvars.ContextVar(
    "clausegen_deferred_rows", default=None
)


def active() -> DeferredRows | None:
    """The rows being deferred (inside :func:`deferring`), or None."""
    return _ACTIVE.get()


@contextlib.contextmanager
def deferring() -> Iterator[DeferredRows]:
    """Inside, the tables of :func:`~clausegen.render.wordtables.table` defer their rows."""
    rows = DeferredRows()
    token = _ACTIVE.set(rows)
    try:
        yield rows
    finally:
        _ACTIVE.reset(token)
