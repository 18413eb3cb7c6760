"""The text of a Word document, part by part, for golden tests and quick reading.

Every paragraph and every table cell of the body, the headers and the footers is written
out in document order: a paragraph on its line, prefixed with its style when it is not
"Normal" (``[Heading1] Publics éligibles``), a table row as ``| cell | cell |``. Line
breaks inside a paragraph are shown as `` / ``, tabs as a tab. Fields (page numbers) show
the value Word last displayed. The output is stable, so that a change in wording or in
structure shows as a readable diff.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _paragraph_text(paragraph: etree._Element) -> str:
    pieces: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            pieces.append(node.text or "")
        elif node.tag == f"{_W}tab":
            pieces.append("\t")
        elif node.get(f"{_W}type") == "page":
            pieces.append(" [page] ")
        else:
            pieces.append(" / ")
    return "".join(pieces)


def _style(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    value = None if style is None else style.get(f"{_W}val")
    return "" if value in (None, "Normal") else f"[{value}] "


def _block_lines(container: etree._Element) -> list[str]:
    lines: list[str] = []
    for child in container:
        if child.tag == f"{_W}p":
            lines.append(_style(child) + _paragraph_text(child))
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = [
                    " / ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p"))
                    for cell in row.iter(f"{_W}tc")
                ]
                lines.append("| " + " | ".join(cells) + " |")
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                lines.extend(_block_lines(content))
    return lines


def docx_text(data: bytes) -> str:
    """Return the text of a .docx: body, then headers and footers, each under a title line."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"), _PARSER)
        relations = etree.fromstring(package.read("word/_rels/document.xml.rels"), _PARSER)
        targets = {
            rel.get("Id"): rel.get("Target")
            for rel in relations
            if rel.get("Type", "").endswith(("/header", "/footer"))
        }
        sections: list[str] = ["== body =="]
        body = document.find(f"{_W}body")
        sections.extend(_block_lines(body) if body is not None else [])
        seen: set[str] = set()
        for reference in document.iter(f"{_W}headerReference", f"{_W}footerReference"):
            target = targets.get(reference.get(f"{_R}id"))
            if target is None or target in seen:
                continue
            seen.add(target)
            kind = "header" if reference.tag.endswith("headerReference") else "footer"
            member = target[1:] if target.startswith("/") else f"word/{target}"
            part = etree.fromstring(package.read(member), _PARSER)
            sections.append(f"== {kind} ({reference.get(f'{_W}type')}) ==")
            sections.extend(_block_lines(part))
    return "\n".join(sections) + "\n"
