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

from clausegen.render.lint.findings import quoted
from clausegen.render.lint.paragraphs import Reporter, Spot, Tag
from clausegen.render.locate import shorten

_STRUCTURE_WORDS = {
    "p": ("balises de paragraphe", "le même paragraphe", "tout le paragraphe"),
    "tr": ("balises de ligne", "la même ligne de tableau", "toute la ligne du tableau"),
    "tc": ("balises de cellule", "la même cellule", "toute la cellule"),
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
            "Le modèle contient des modifications suivies (révisions) non acceptées, la "
            "première dans ce paragraphe : les balises des passages supprimés seraient encore "
            "traitées et les révisions resteraient dans les documents produits.",
            revised,
            suggestion="Dans Word : Révision > Accepter > Accepter toutes les modifications "
            "(ou les refuser), puis enregistrez.",
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
            f"{quoted(tag.text)} indique la provenance d'une valeur ; elle a sa place dans la "
            "note de calcul, pas dans une pièce du marché.",
            "Écrivez basis (ou penalty_basis) à la place de origin (ou penalty_origin).",
        )


def _check_tag(tag: Tag, reporter: Reporter) -> None:
    _check_provenance(tag, reporter)
    if tag.kind == "{{" and tag.level:
        reporter.about(
            tag,
            "rich-text-tag",
            f"{quoted(tag.text)} insère du contenu Word préparé à l'avance, que les variables "
            "de clausegen ne fournissent pas : la valeur disparaîtrait du document.",
            f"Écrivez {quoted('{{ ' + tag.code.strip() + ' }}')}.",
        )
    if tag.kind == "{%" and tag.level in ("p", "tr", "tc") and re.search(r"[%}]", tag.code):
        reporter.about(
            tag,
            "structural-tag-symbol",
            f"{quoted(tag.text)} contient « % » ou « }} » : le moteur de modèles (docxtpl) ne "
            f"sait pas lire une balise {{%{tag.level} … %}} qui en contient.",
            "Retirez ces caractères de la balise.",
        )
    if tag.kind in ("{%", "{#") and tag.level == "tr" and tag.spot.table is None:
        reporter.about(
            tag,
            "tr-outside-table",
            f"{quoted(tag.text)} est hors d'un tableau : {{%tr … %}} ne s'emploie que dans "
            "une ligne de tableau, qu'elle répète ou retire.",
            f"Pour des paragraphes, écrivez {quoted('{%p ' + tag.code.strip() + ' %}')} ; "
            "pour des lignes de tableau, placez la balise dans une ligne qui lui est réservée.",
        )
    if tag.kind in ("{%", "{#") and tag.level == "tc" and tag.spot.cell is None:
        reporter.about(
            tag,
            "tc-outside-cell",
            f"{quoted(tag.text)} est hors d'une cellule de tableau : {{%tc … %}} ne s'emploie "
            "que dans une cellule.",
            f"Placez la balise dans une cellule qui lui est réservée, ou écrivez "
            f"{quoted('{%p ' + tag.code.strip() + ' %}')}.",
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
        advice = (
            f"Écrivez {quoted(first.text[:2] + 'p ' + first.code.strip() + ' ' + first.text[-2:])}"
        )
        suggestion = f"{advice} : une balise de paragraphe retire son paragraphe du document."
    else:
        suggestion = (
            "Écrivez chaque instruction dans son propre paragraphe, sous la forme {%p … %} : "
            "une balise de paragraphe retire son paragraphe du document."
        )
    shown = " ".join(tag.text for tag in tags)
    reporter.add(
        "bare-statement-paragraph",
        f"Le paragraphe ne contient que {quoted(shown)} : il resterait une ligne vide dans "
        "chaque document produit.",
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
                f"Deux {plural} ({quoted(members[0].text)} et {quoted(members[1].text)}) dans "
                f"{same} : chacune remplace {whole}, elles se détruisent l'une l'autre.",
                f"Placez chaque balise seule dans {_own(level)}.",
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
                f"Le texte {quoted(shorten(lost, 60))} disparaîtrait : {quoted(first.text)} "
                f"remplace {whole}.",
                f"Mettez la balise seule dans {_own(level)}, et le texte à part.",
            )


def _own(level: str) -> str:
    return {"p": "son paragraphe", "tr": "sa ligne de tableau", "tc": "sa cellule"}[level]


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
            f"Les caractères de {quoted(tag.text)} n'ont pas tous la même mise en forme : la "
            "valeur prendra celle du premier caractère de la balise.",
            "Sélectionnez toute la balise, de « {{ » à « }} », et donnez-lui une seule mise "
            "en forme.",
        )
