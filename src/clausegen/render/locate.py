"""Find where in a Word template an error comes from: part, paragraph, excerpt and variable.

docxtpl renders each part of a document (body, headers, footers) as one Jinja template made
of the part's XML, with a line break before every paragraph. A Jinja error therefore gives
a line of that XML, not a place that the person editing the template in Word can see. This
module maps it back: it takes the Jinja tags on the failing line, finds the same tag among
the paragraphs of the original part (counting repeated tags in order) and returns that
paragraph's number and text. Runtime errors (an undefined variable, something the sandbox
refuses) carry no line themselves; the line is read from the traceback frame Jinja gives to
template code.

When the tag cannot be found (docxtpl rewrote it beyond recognition), the location falls
back to the text of the failing line, without a paragraph number.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from types import TracebackType

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: An XML tag, to strip markup from a line of a part.
XML_TAG = re.compile(r"<[^>]*>")
_STRUCTURAL_PREFIX = re.compile(r"^\{([{%#])-?(?:p|tr|tc|r)\s", re.DOTALL)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*")
_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined")
_MISSING_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
#: Longest excerpt shown in a message, in characters.
EXCERPT_LENGTH = 80


@dataclass(frozen=True)
class Location:
    """Where a problem is, in words the person editing the template can use.

    Attributes:
        paragraph: the 1-based number of the paragraph in its part (paragraphs in tables
            count too), or None when it could not be found.
        excerpt: the paragraph's text (or the failing line's), shortened.
        variable: the variable the error is about, as written in the tag, when known.
        table: for a paragraph in a table, the table's number in the part (1-based).
        row: for a paragraph in a table, the row's number in its table (1-based).
    """

    paragraph: int | None
    excerpt: str
    variable: str | None = None
    table: int | None = None
    row: int | None = None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a part: its text and, inside a table, where.

    Attributes:
        text: the paragraph's text, tags included, as Word shows it.
        table: the table's number in the part (1-based), or None outside tables.
        row: the row's number in that table (1-based), or None outside tables.
    """

    text: str
    table: int | None = None
    row: int | None = None


def part_name(partname: str) -> str:
    """Name a document part for people: "body", "header", "footer 2", "footnotes"."""
    stem = partname.rsplit("/", 1)[-1].removesuffix(".xml")
    if stem == "document":
        return "body"
    match = re.fullmatch(r"(header|footer)(\d*)", stem)
    if match:
        number = match.group(2)
        return match.group(1) if number in ("", "1") else f"{match.group(1)} {number}"
    return stem


def template_line(error: BaseException) -> int | None:
    """Return the template line an error happened on, or None when it is not a template's.

    Syntax errors carry it; runtime errors are found in the traceback, where Jinja names the
    frames of template code ``<template>``.
    """
    lineno = getattr(error, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    frames = traceback.extract_tb(_traceback(error))
    lines = [frame.lineno for frame in frames if frame.filename == "<template>"]
    return lines[-1] if lines and lines[-1] is not None else None


def _traceback(error: BaseException) -> TracebackType | None:
    return error.__traceback__


def shorten(text: str, length: int = EXCERPT_LENGTH) -> str:
    """Collapse white space and cut ``text`` to ``length`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _normalise_tag(tag: str) -> str:
    """Write a tag the way docxtpl leaves it: no p/tr/tc/r prefix, no spaces, plain quotes."""
    tag = _STRUCTURAL_PREFIX.sub(lambda m: "{" + m.group(1), tag.translate(_QUOTES))
    return "".join(tag.split()).replace("{%-", "{%").replace("-%}", "%}")


def paragraphs_of(part_xml: bytes | str) -> list[Paragraph]:
    """Return every paragraph of a part in document order, those in tables included."""
    data = part_xml.encode("utf-8") if isinstance(part_xml, str) else part_xml
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return [paragraph for _, paragraph in paragraph_elements(root)]


def paragraph_elements(root: etree._Element) -> list[tuple[etree._Element, Paragraph]]:
    """Return every paragraph element of a part with its text and place, in document order.

    This is the one numbering of paragraphs: error locations and the template check use it,
    so that both name the same paragraph by the same number.
    """
    # NOTE: the elements themselves are the keys: keeping them alive keeps lxml returning the
    # same proxy objects for them (an id() could be reused).
    tables = {table: number for number, table in enumerate(root.iter(f"{_W}tbl"), 1)}
    rows_of: dict[etree._Element, dict[etree._Element, int]] = {}  # NOTE: each table once
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{_W}t"))
        row = next(paragraph.iterancestors(f"{_W}tr"), None)
        table = None if row is None else row.getparent()
        if row is None or table is None or table not in tables:
            paragraphs.append((paragraph, Paragraph(text)))
        else:
            if table not in rows_of:
                rows_of[table] = {r: n for n, r in enumerate(table.findall(f"{_W}tr"), 1)}
            paragraphs.append((paragraph, Paragraph(text, tables[table], rows_of[table][row])))
    return paragraphs


def locate_line(
    source_lines: list[str], line: int, paragraphs: list[Paragraph], message: str = ""
) -> Location:
    """Map a line of docxtpl's Jinja source back to a paragraph of the original part.

    Args:
        source_lines: the Jinja source docxtpl rendered, split into lines.
        line: the 1-based failing line.
        paragraphs: the paragraphs of the original part.
        message: the error message, to pick the tag that mentions the failing name.
    """
    if not 1 <= line <= len(source_lines):
        return Location(None, "")
    failing = source_lines[line - 1]
    raw_tags = [XML_TAG.sub("", tag) for tag in _TAG.findall(failing)]
    tags = [_normalise_tag(tag) for tag in raw_tags]
    variable = _variable(message, raw_tags)
    fallback = Location(None, shorten(XML_TAG.sub("", failing)), variable)
    if not tags:
        return fallback
    wanted = variable.replace(" ", "") if variable else None
    position = next((i for i, tag in enumerate(tags) if wanted and wanted in tag), 0)
    chosen = tags[position]
    # The k-th occurrence of the tag in the source is its k-th occurrence in the document.
    before = "".join(source_lines[: line - 1])
    earlier = [_normalise_tag(XML_TAG.sub("", tag)) for tag in _TAG.findall(before)]
    earlier += tags[:position]
    occurrence = earlier.count(chosen)
    seen = 0
    for index, paragraph in enumerate(paragraphs, start=1):
        for tag in _TAG.findall(paragraph.text):
            if _normalise_tag(tag) == chosen:
                if seen == occurrence:
                    excerpt = shorten(paragraph.text)
                    return Location(index, excerpt, variable, paragraph.table, paragraph.row)
                seen += 1
    return fallback


def _variable(message: str, tags: list[str]) -> str | None:
    """Name what an undefined-variable message is about: the shortest undefined path.

    ``'acheteur' is undefined`` names ``acheteur``; ``'dict object' has no attribute 'fooo'``
    names the dotted path that ends with it in the failing tag, e.g. ``lot.fooo``.
    """
    undefined = _UNDEFINED_NAME.match(message)
    attribute = _MISSING_ATTRIBUTE.search(message)
    if not (undefined or attribute):
        return None
    if undefined:
        return undefined.group(1)
    assert attribute is not None  # noqa: S101 - one of the two matched
    names = [name.replace(" ", "") for tag in tags for name in _NAME.findall(tag[2:-2])]
    wanted = attribute.group(1)
    return next((n for n in names if n.split(".")[-1] == wanted and "." in n), wanted)


def locate_offset(xml: str, offset: int) -> Location:
    """Locate a character offset of a rendered part: its paragraph number and text."""
    starts = [m.start() for m in re.finditer(r"<w:p[ >]", xml)]
    before = [s for s in starts if s <= offset]
    if not before:
        return Location(None, shorten(XML_TAG.sub("", xml[max(0, offset - 200) : offset + 200])))
    start = before[-1]
    end = xml.find("</w:p>", offset)
    end = len(xml) if end < 0 else end
    return Location(len(before), shorten(XML_TAG.sub("", xml[start:end])))
