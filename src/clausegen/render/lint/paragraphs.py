"""Read the paragraphs and tags of a Word template as its author typed them.

A template is read paragraph by paragraph, in each part docxtpl renders (body, headers,
footers, footnotes) and with the numbering error messages use
(:func:`~clausegen.render.locate.paragraph_elements`). In each paragraph the tags are
found in the text Word shows, whatever runs Word split it into, and every tag keeps where it
is: part, paragraph, table, row and cell, and its position in the paragraph's text.

Reading the tags already finds what keeps a tag from being one: ``${…}``, ``{ {`` and the
like, a tag not closed in its paragraph, a ``}}`` that closes nothing. What docxtpl would do
wrong with complete tags is :mod:`.pitfalls`; the Jinja inside them is :mod:`.statements` and
:mod:`.names`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from clausegen.i18n import _
from clausegen.render.lint.findings import Finding, either, finding, quoted
from clausegen.render.locate import paragraph_elements, part_name, shorten

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
# The parts docxtpl renders, in the order findings are listed.
_PART = re.compile(r"word/(document|header(\d*)|footer(\d*)|footnotes)\.xml")
_PART_ORDER = {"document": 0, "header": 1, "footer": 2, "footnotes": 3}
_DELIMITER = re.compile(r"\{(\s*)([{%#])|([}%#])(\s*)\}")
_CLOSER = {"{": "}", "%": "%", "#": "#"}
_ESCAPE = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")  # docxtpl's escapes for literal tags
_MAKO = re.compile(r"\$\{([^{}%]*)\}")
_PREFIX = re.compile(r"(tr|tc|p|r) ")
# What is left of a statement whose "{%" was lost: "p if x " before a stray "%}".
_HEADLESS = re.compile(
    r"\s*[{%]?-?\s*(?:(tr|tc|p) )?\s*((?:if|elif|else|endif|for|endfor|with|endwith)\b[^{}%]*)$"
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
# Run properties that do not change how a (left-to-right, Latin) value looks: languages,
# proofing, tracked formatting, and the complex-script twins Word writes beside bold, italic
# and size.
_IGNORED_FORMATTING = frozenset(
    f"{_W}{name}"
    for name in ("lang", "noProof", "rPrChange", "bCs", "iCs", "szCs", "cs", "rtl", "webHidden")
)
_HINT = f"{_W}hint"
_REVISIONS = tuple(f"{_W}{name}" for name in ("ins", "del", "moveFrom", "moveTo"))


@dataclass(frozen=True)
class Spot:
    """A paragraph of a template, where it is and what it says.

    Attributes:
        part: ``body``, ``header``, ``footer 2``, ``footnotes``.
        number: the paragraph's 1-based number in its part.
        text: its text as Word shows it, tags included.
        table: the table's number in the part, for a paragraph in a table.
        row: the row's number in that table.
        cell: the cell's number in that row.
        runs: for each piece of text, its start and end in ``text`` and its formatting.
        revised: whether the paragraph holds tracked changes.
    """

    part: str
    number: int
    text: str
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    runs: tuple[tuple[int, int, str], ...] = ()
    revised: bool = False

    def location(self, start: int = 0, end: int | None = None) -> dict[str, Any]:
        """Return the location fields of a finding about ``text[start:end]``."""
        return {
            "part": self.part,
            "paragraph": self.number,
            "table": self.table,
            "row": self.row,
            "excerpt": excerpt(self.text, start, len(self.text) if end is None else end),
        }


@dataclass(frozen=True)
class Tag:
    """One complete tag of a template.

    Attributes:
        spot: its paragraph.
        start: where it starts in the paragraph's text.
        end: where it ends (exclusive).
        text: the tag as written, e.g. ``{%p if several_lots %}``.
        kind: ``{{`` (prints a value), ``{%`` (a statement) or ``{#`` (a comment).
        level: docxtpl's prefix: ``p``, ``tr``, ``tc``, ``r``, or empty.
        code: the Jinja inside, without delimiters, ``-`` and prefix; curly quotes
            straightened as docxtpl does.
        trimmed: whether the tag has a ``-`` that joins it to its neighbours.
        broken: whether the tag is not closed in its paragraph (already reported): it is
            kept only so that the blocks it opens or closes are followed as meant.
    """

    spot: Spot
    start: int
    end: int
    text: str
    kind: str
    level: str
    code: str
    trimmed: bool
    broken: bool = False

    @property
    def keyword(self) -> str:
        """The first word of a statement (``if``, ``endfor``…), empty when there is none."""
        # NOTE: leading punctuation ("{% {if x %}", "{%p -for …") is a slip in the statement,
        # reported by its parse; the word after it still says which block is meant.
        match = re.match(r"[^A-Za-z_]*([A-Za-z_]\w*)", self.code)
        return match.group(1) if match and self.kind == "{%" else ""


@dataclass
class Reporter:
    """Collects the findings of one template."""

    template: str
    template_id: str | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        spot: Spot | None = None,
        span: tuple[int, int] | None = None,
        suggestion: str | None = None,
    ) -> None:
        """Record a finding about ``spot`` (the text ``span`` of it, when given)."""
        location = {} if spot is None else spot.location(*(span or (0, None)))
        self.findings.append(
            finding(
                code,
                template=self.template,
                template_id=self.template_id,
                message=message,
                suggestion=suggestion,
                **location,
            )
        )

    def about(self, tag: Tag, code: str, message: str, suggestion: str | None = None) -> None:
        """Record a finding about a tag."""
        self.add(code, message, tag.spot, (tag.start, tag.end), suggestion)


def excerpt(text: str, start: int, end: int, width: int = 80) -> str:
    """Return the text around ``text[start:end]``, at most ``width`` characters."""
    if len(" ".join(text.split())) <= width:
        return " ".join(text.split())
    room = max(width - (end - start), 20)
    left = max(0, min(start - room // 2, len(text) - width))
    piece = text[left : left + max(width, end - start)]
    shown = " ".join(piece.split())
    return ("…" if left > 0 else "") + shown + ("…" if left + len(piece) < len(text) else "")


def read_parts(data: bytes) -> list[list[Spot]]:
    """Return the paragraphs of every part docxtpl renders, part by part.

    ``data`` must have passed :func:`~clausegen.render.safety.check_package`.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [(m, n) for n in package.namelist() if (m := _PART.fullmatch(n))]
        names.sort(key=lambda item: (_PART_ORDER[re.sub(r"\d", "", item[0].group(1))], item[1]))
        return [_spots(package.read(name), part_name(name)) for _, name in names]


def _spots(xml: bytes, part: str) -> list[Spot]:
    root = etree.fromstring(xml, _PARSER)
    spots = []
    for number, (element, paragraph) in enumerate(paragraph_elements(root), start=1):
        runs, position = [], 0
        for node in element.iter(f"{_W}t"):
            text = node.text or ""
            run = node.getparent()
            runs.append((position, position + len(text), _formatting(run)))
            position += len(text)
        cell = next(element.iterancestors(f"{_W}tc"), None)
        row = None if cell is None else cell.getparent()
        cell_number = None if row is None or cell is None else row.index(cell) + 1
        spots.append(
            Spot(
                part,
                number,
                paragraph.text,
                paragraph.table,
                paragraph.row,
                cell_number if paragraph.table is not None else None,
                tuple(runs),
                next(element.iter(*_REVISIONS), None) is not None,
            )
        )
    return spots


def _formatting(run: etree._Element | None) -> str:
    properties = None if run is None else run.find(f"{_W}rPr")
    if properties is None:
        return ""
    kept = []
    for child in properties:
        if child.tag in _IGNORED_FORMATTING:
            continue
        attributes = {k: v for k, v in child.attrib.items() if k != _HINT}
        kept.append(f"{child.tag}{sorted(attributes.items())}")
    return "".join(sorted(kept))


def scan(spot: Spot, reporter: Reporter) -> list[Tag]:
    """Return the tags of a paragraph; report half-typed tags and ``${…}`` as found."""
    masked = _ESCAPE.sub(lambda m: "\0" * len(m.group(0)), spot.text)
    for match in _MAKO.finditer(masked):
        reporter.add(
            "mako-syntax",
            _(
                "{text} is the syntax of another template tool: clausegen would print it as it is."
            ).format(text=quoted(match.group(0))),
            spot,
            match.span(),
            _("Write {tag}.").format(tag=quoted("{{ " + match.group(1).strip() + " }}")),
        )
        masked = masked[: match.start()] + "\0" * len(match.group(0)) + masked[match.end() :]
    tags: list[Tag] = []
    opening: re.Match[str] | None = None
    after = 0  # where the text that is not inside a tag starts
    for match in _DELIMITER.finditer(masked):
        if match.group(2):
            if opening is not None:
                _unclosed(spot, opening, match.start(), tags, reporter)
            opening = match
        elif opening is None:
            _stray(spot, match, after, tags, reporter)
            after = match.end()
        elif match.group(3) == _CLOSER[opening.group(2)]:
            _complete(spot, opening, match, tags, reporter)
            opening = None
            after = match.end()
    if opening is not None:
        _unclosed(spot, opening, len(spot.text), tags, reporter)
    return tags


def _complete(
    spot: Spot, opening: re.Match[str], closing: re.Match[str], tags: list[Tag], reporter: Reporter
) -> None:
    text = spot.text[opening.start() : closing.end()]
    if opening.group(1) or closing.group(4):
        bad = [d for d in (opening.group(0), closing.group(0)) if d != "".join(d.split())]
        fixed = (
            "".join(opening.group(0).split())
            + text[len(opening.group(0)) : -len(closing.group(0))]
            + "".join(closing.group(0).split())
        )
        reporter.add(
            "spaced-delimiter",
            _("In {tag}, {delimiters} holds a space: the tag would be printed as it is.").format(
                tag=quoted(text), delimiters=either(bad)
            ),
            spot,
            (opening.start(), closing.end()),
            _("Write {tag}.").format(tag=quoted(fixed)),
        )
        return
    kind = "{" + opening.group(2)
    inner = text[2:-2]
    prefix = _PREFIX.match(inner)
    level = prefix.group(1) if prefix else ""
    if kind == "{#" and level == "r":
        level = ""  # docxtpl has no run-level comments: "{#r …#}" is a plain comment
    code = inner[prefix.end() :] if prefix and level else inner
    trimmed = False
    if not level and code.startswith("-"):
        code, trimmed = code[1:], True
    if code.endswith("-"):
        code, trimmed = code[:-1], True
    tags.append(
        Tag(
            spot,
            opening.start(),
            closing.end(),
            text,
            kind,
            level,
            code.translate(_QUOTES),
            trimmed,
        )
    )


def _unclosed(
    spot: Spot, opening: re.Match[str], end: int, tags: list[Tag], reporter: Reporter
) -> None:
    delimiter = "{" + opening.group(2)
    closer = _CLOSER[opening.group(2)] + "}"
    written = spot.text[opening.start() : end].rstrip()
    if delimiter == "{%" and not opening.group(1):
        # NOTE: `{%p if x` without its `%}` still opens the block its author meant; keeping
        # it spares a second finding for its `{%p endif %}`.
        inner = written[2:]
        prefix = _PREFIX.match(inner)
        level = prefix.group(1) if prefix else ""
        code = inner[prefix.end() :] if prefix else inner.lstrip("-")
        tags.append(Tag(spot, opening.start(), end, written, "{%", level, code, False, broken=True))
    reporter.add(
        "unclosed-tag",
        _("The tag {tag} is not closed in this paragraph: {closer} is missing.").format(
            tag=quoted(shorten(written, 40)), closer=quoted(closer)
        ),
        spot,
        (opening.start(), end),
        _(
            "Add {closer} at the end of the tag, in this same paragraph (a {delimiter} … {end} "
            "tag cannot go on into the next paragraph)."
        ).format(closer=quoted(closer), delimiter=delimiter, end=closer),
    )


def _stray(
    spot: Spot, closing: re.Match[str], after: int, tags: list[Tag], reporter: Reporter
) -> None:
    closer = closing.group(0)
    opener = "{" + {"}": "{", "%": "%", "#": "#"}[closing.group(3)]
    statement = _HEADLESS.match(spot.text[after : closing.start()])
    if closer == "%}" and statement:
        # NOTE: `p if x %}` whose `{%` was lost still opens the block its author meant.
        level, code = statement.group(1) or "", statement.group(2)
        text = spot.text[
            after + statement.start(2) - (len(level) + 1 if level else 0) : closing.end()
        ]
        tags.append(Tag(spot, after, closing.end(), text, "{%", level, code, False, broken=True))
    reporter.add(
        "stray-closing",
        _("{closer} closes a tag that is not opened in this paragraph.").format(
            closer=quoted(closer)
        ),
        spot,
        closing.span(),
        _("Add {opener} at the start of the tag, or delete {closer}.").format(
            opener=quoted(opener), closer=quoted(closer)
        ),
    )
