"""What ``clausegen templates check`` finds: a problem, where it is, and what to do about it.

A finding names the template, where in it (part, paragraph, table and row, or the line of
``templates.yaml``), the text around the problem, a stable code with its severity (from
:mod:`.catalogue`), and a message for legal staff in the language of messages, with a
suggestion when there is one.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from clausegen.i18n import _
from clausegen.render.lint.catalogue import CODES, Severity

__all__ = [
    "Finding",
    "Severity",
    "closest",
    "either",
    "finding",
    "quoted",
    "tag_text",
    "visible",
]


@dataclass(frozen=True)
class Finding:
    """One problem found in a template set.

    Attributes:
        code: the stable code (see :data:`CATALOGUE`).
        severity: error or warning (the code's).
        template: the file concerned, as named in its folder (``ccap.docx``), or
            ``templates.yaml``.
        message: what is wrong, for legal staff, in the language of messages.
        template_id: the template's id in the manifest, when it has one.
        part: where in the document: ``body``, ``header``, ``footer 2``, ``footnotes``.
        paragraph: the 1-based paragraph number in that part (paragraphs in tables count).
        table: for a paragraph in a table, the table's number in the part.
        row: for a paragraph in a table, the row's number in its table.
        line: the line of ``templates.yaml``, for manifest findings.
        excerpt: the text around the problem, as Word shows it.
        suggestion: how to fix it, when there is something specific to say.
        contracts: the example contracts a test render failed with.
    """

    code: str
    severity: Severity
    template: str
    message: str
    template_id: str | None = None
    part: str | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    line: int | None = None
    excerpt: str | None = None
    suggestion: str | None = None
    contracts: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Return the finding as a JSON object; absent fields are null."""
        return {
            "template": self.template,
            "template_id": self.template_id,
            "code": self.code,
            "severity": self.severity.value,
            "part": self.part,
            "paragraph": self.paragraph,
            "table": self.table,
            "row": self.row,
            "line": self.line,
            "excerpt": self.excerpt,
            "message": self.message,
            "suggestion": self.suggestion,
            "contracts": list(self.contracts),
        }


def finding(code: str, *, template: str, message: str, **location: Any) -> Finding:
    """Make a finding with the severity the catalogue gives its code.

    Raises:
        KeyError: for a code missing from the catalogue (a bug: every code is documented).
    """
    return Finding(code, CODES[code].severity, template, message, **location)


def quoted(text: str) -> str:
    """Quote a name or a tag in the language of messages: "text", or « text » in French."""
    return _('"{text}"').format(text=text)


def visible(text: str, length: int = 60) -> str:
    """Write a name with its control and invisible characters as ``<U+202E>``, shortened.

    A right-to-left override or a line break printed as is would scramble the message.
    """
    shown = "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
        for c in text
    )
    return shown if len(shown) <= length else shown[: length - 1] + "…"


def either(names: list[str]) -> str:
    """Join quoted names with "or": "a", "b" or "c" (« a », « b » ou « c » in French)."""
    items = [quoted(name) for name in names]
    if len(items) == 1:
        return items[0]
    return _("{names} or {last}").format(names=", ".join(items[:-1]), last=items[-1])


def tag_text(level: str, code: str, rest: str = "") -> str:
    """Write a statement tag as a template would: ``{%p endif %}``, ``{% if … %}``."""
    words = f"{code} {rest}".strip()
    return f"{{%{level} {words} %}}" if level else f"{{% {words} %}}"


def closest(word: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """Return the candidates closest to ``word`` (difflib), best first.

    Only those nearly as close as the best one are kept, so that a clear match is not drowned
    in far ones: ``titre`` gives ``title``, not also ``trade``.
    """
    matcher = difflib.SequenceMatcher(b=word)
    scored = []
    for candidate in dict.fromkeys(candidates):
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= 0.6:
            scored.append((ratio, candidate))
    if not scored:
        return []
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = scored[0][0]
    return [candidate for ratio, candidate in scored[:limit] if ratio >= best - 0.1]
