"""What docxtpl would do wrong with a template's paragraphs, rows and cells, before any Jinja.

docxtpl replaces the whole paragraph (row, cell) of a ``{%p %}`` (``{%tr %}``, ``{%tc %}``)
tag by the bare statement: a second such tag or any text there is destroyed without a word.
It keeps a paragraph that holds only a plain ``{% if %}``, as a blank line; ``{%tr %}`` needs
a table row; ``{{r}}``/``{{p}}`` expect prepared Word content and drop a plain value; a tag
printed from runs of different formatting takes the first one's; tracked changes keep their
deleted tags alive (docxtpl issues #161, #296, #62, #460, #644; docassembly.md §1.3).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from clausegen.i18n import N_, _
from clausegen.render.lint.findings import quoted
from clausegen.render.lint.paragraphs import Reporter, Spot, Tag
from clausegen.render.locate import shorten

_STRUCTURE_WORDS = {
    "p": (N_("paragraph tags"), N_("the same paragraph"), N_("the whole paragraph")),
    "tr": (N_("row tags"), N_("the same table row"), N_("the whole table row")),
    "tc": (N_("cell tags"), N_("the same cell"), N_("the whole cell")),
}


def check_pitfalls(spots: list[Spot], tags: list[Tag], reporter: Reporter) -> None:
    """Report what docxtpl would do wrong with these paragraphs and their tags."""
    tags = [tag for tag in tags if not tag.broken]
    by_spot: dict[Spot, list[Tag]] = defaultdict(list)
    for tag in tags:
        by_spot[tag.spot].append(tag)
        _check_tag(tag, reporter)
    for spot in spots:
        _check_bare(spot, by_spot.get(spot, []), reporter)
    _check_structural(spots, tags, reporter)
    for tag in tags:
        _check_formatting(tag, reporter)
    revised = next((spot for spot in spots if spot.revised), None)
    if revised is not None:
        reporter.add(
            "tracked-changes",
            _(
                "The template holds tracked changes (revisions) not accepted, the first in "
                "this paragraph: the tags of deleted passages would still be processed and the "
                "revisions would stay in the documents produced."
            ),
            revised,
            suggestion=_(
                "In Word: Review > Accept > Accept All Changes (or reject them), then save."
            ),
        )


#: The variables that say where a value comes from: the calculation note's, not the contract's.
_PROVENANCE = re.compile(
    r"\b(?:penalty_origin|hours_per_fte_origin|eligibility_duration_origin)\b|\.origin\b"
)
#: The template that may print the provenance of the values (issue 12).
CALCULATION_NOTE = "note-calcul"


def _check_provenance(tag: Tag, reporter: Reporter) -> None:
    # NOTE: a file that no manifest lists is not known to be a contract document.
    if reporter.template_id in (None, CALCULATION_NOTE) or tag.kind not in ("{{", "{%"):
        return
    found = _PROVENANCE.search(tag.code)
    if found is not None:
        reporter.about(
            tag,
            "provenance-in-contract",
            _(
                "{tag} says where a value comes from; it belongs in the calculation note, not "
                "in a contract document."
            ).format(tag=quoted(tag.text)),
            _("Write basis (or penalty_basis) instead of origin (or penalty_origin)."),
        )


def _check_tag(tag: Tag, reporter: Reporter) -> None:
    _check_provenance(tag, reporter)
    if tag.kind == "{{" and tag.level:
        reporter.about(
            tag,
            "rich-text-tag",
            _(
                "{tag} inserts Word content prepared in advance, which clausegen's variables "
                "do not provide: the value would vanish from the document."
            ).format(tag=quoted(tag.text)),
            _("Write {tag}.").format(tag=quoted("{{ " + tag.code.strip() + " }}")),
        )
    if tag.kind == "{%" and tag.level in ("p", "tr", "tc") and re.search(r"[%}]", tag.code):
        reporter.about(
            tag,
            "structural-tag-symbol",
            _(
                '{tag} holds "%" or "}}": the template engine (docxtpl) cannot read a '
                "{{%{level} … %}} tag that holds them."
            ).format(tag=quoted(tag.text), level=tag.level),
            _("Remove these characters from the tag."),
        )
    if tag.kind in ("{%", "{#") and tag.level == "tr" and tag.spot.table is None:
        reporter.about(
            tag,
            "tr-outside-table",
            _(
                "{tag} is outside a table: {{%tr … %}} is only used in a table row, which it "
                "repeats or removes."
            ).format(tag=quoted(tag.text)),
            _(
                "For paragraphs, write {tag}; for table rows, put the tag in a row of its own."
            ).format(tag=quoted("{%p " + tag.code.strip() + " %}")),
        )
    if tag.kind in ("{%", "{#") and tag.level == "tc" and tag.spot.cell is None:
        reporter.about(
            tag,
            "tc-outside-cell",
            _("{tag} is outside a table cell: {{%tc … %}} is only used in a cell.").format(
                tag=quoted(tag.text)
            ),
            _("Put the tag in a cell of its own, or write {tag}.").format(
                tag=quoted("{%p " + tag.code.strip() + " %}")
            ),
        )


def is_bare(spot: Spot, tags: list[Tag]) -> bool:
    """Tell whether a paragraph holds only ``{% … %}`` statements or ``{# … #}`` comments.

    Such a paragraph stays in the document as a blank line (docxtpl issues #296, #62), unless
    its tags are paragraph tags (``{%p … %}``) or join it to a neighbour (``{%- … -%}``).
    """
    if not tags or any(t.kind == "{{" or t.level or t.trimmed or t.broken for t in tags):
        return False
    return not _without(spot, tags).strip("\0 \t\u00a0\u202f")


def _check_bare(spot: Spot, tags: list[Tag], reporter: Reporter) -> None:
    if not is_bare(spot, tags):
        return
    first = tags[0]
    if len(tags) == 1:
        written = first.text[:2] + "p " + first.code.strip() + " " + first.text[-2:]
        suggestion = _(
            "Write {tag}: a paragraph tag removes its paragraph from the document."
        ).format(tag=quoted(written))
    else:
        suggestion = _(
            "Write each statement in its own paragraph, as {%p … %}: a paragraph tag removes "
            "its paragraph from the document."
        )
    shown = " ".join(tag.text for tag in tags)
    reporter.add(
        "bare-statement-paragraph",
        _(
            "The paragraph holds only {tags}: a blank line would be left in every document "
            "produced."
        ).format(tags=quoted(shown)),
        spot,
        suggestion=suggestion,
    )


def _without(spot: Spot, tags: Iterable[Tag]) -> str:
    """Return the paragraph's text with its tags blanked out (other paragraphs' are ignored)."""
    text = spot.text
    for tag in tags:
        if tag.spot != spot:
            continue
        text = text[: tag.start] + "\0" * (tag.end - tag.start) + text[tag.end :]
    return text


def _check_structural(spots: list[Spot], tags: list[Tag], reporter: Reporter) -> None:
    """Structural tags alone in their paragraph (p), row (tr) or cell (tc)."""
    groups: dict[tuple[Any, ...], list[Tag]] = defaultdict(list)
    for tag in tags:
        if tag.kind == "{{" or tag.level not in _STRUCTURE_WORDS:
            continue
        spot = tag.spot
        if tag.level == "p":
            groups[("p", spot.part, spot.number)].append(tag)
        elif tag.level == "tr" and spot.table is not None:
            groups[("tr", spot.part, spot.table, spot.row)].append(tag)
        elif tag.level == "tc" and spot.cell is not None:
            groups[("tc", spot.part, spot.table, spot.row, spot.cell)].append(tag)
    for key, members in groups.items():
        level = key[0]
        plural, same, whole = _STRUCTURE_WORDS[level]
        first = members[0]
        if len(members) > 1:
            reporter.about(
                first,
                "two-structural-tags",
                _(
                    "Two {tags} ({first} and {second}) in {same}: each replaces {whole}, they "
                    "destroy each other."
                ).format(
                    tags=_(plural),
                    first=quoted(members[0].text),
                    second=quoted(members[1].text),
                    same=_(same),
                    whole=_(whole),
                ),
                _("Put each tag alone in {own}.").format(own=_own(level)),
            )
            continue
        neighbours = [s for s in spots if _within(s, key)]
        lost = " ".join(
            piece
            for spot in neighbours
            if (piece := " ".join(_without(spot, members).replace("\0", " ").split()))
        )
        if lost:
            reporter.about(
                first,
                "text-beside-structural-tag",
                _("The text {text} would vanish: {tag} replaces {whole}.").format(
                    text=quoted(shorten(lost, 60)), tag=quoted(first.text), whole=_(whole)
                ),
                _("Put the tag alone in {own}, and the text apart.").format(own=_own(level)),
            )


def _own(level: str) -> str:
    own = {"p": N_("its paragraph"), "tr": N_("its table row"), "tc": N_("its cell")}[level]
    return _(own)


def _within(spot: Spot, key: tuple[Any, ...]) -> bool:
    level, part, *place = key
    if spot.part != part:
        return False
    if level == "p":
        return bool(spot.number == place[0])
    if level == "tr":
        return (spot.table, spot.row) == tuple(place)
    return (spot.table, spot.row, spot.cell) == tuple(place)


def _check_formatting(tag: Tag, reporter: Reporter) -> None:
    if tag.kind != "{{":
        return
    shown = {
        formatting
        for start, end, formatting in tag.spot.runs
        if start < tag.end
        and end > tag.start
        and tag.spot.text[max(start, tag.start) : min(end, tag.end)].strip()
    }
    if len(shown) > 1:
        reporter.about(
            tag,
            "split-formatting",
            _(
                "The characters of {tag} do not all have the same formatting: the value will "
                "take that of the first character of the tag."
            ).format(tag=quoted(tag.text)),
            _('Select the whole tag, from "{{" to "}}", and give it a single formatting.'),
        )
