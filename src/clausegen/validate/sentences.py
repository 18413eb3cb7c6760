"""The evidence sentences of a charter: their closed set of placeholders, read and checked.

A charter's evidence sentences are written by buyers with placeholders from a closed set
(``{heures}``, ``{lots_insertion}``, ``{ecolabels}``…). There is no attribute access, no
format specification and no expression: only names. A sentence is checked here, before any
contract uses it; :mod:`clausegen.review.evidence` fills it from a contract's facts.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from clausegen.errors import Problem
from clausegen.i18n import _
from clausegen.paths import PathPart, format_path


@dataclass(frozen=True)
class Placeholder:
    """A name that evidence sentences may use.

    Attributes:
        name: written ``{name}`` in a sentence.
        description: what it stands for, with an example (English, for the README).
        needs: the fact a rule's ``when`` must require to be true for the value to exist
            (None when it always exists).
    """

    name: str
    description: str
    needs: str | None


#: The closed set of placeholders, in the order the README lists them.
PLACEHOLDERS: dict[str, Placeholder] = {
    p.name: p
    for p in (
        Placeholder(
            "heures",
            'total insertion hours: "2 587 heures"',
            "insertion_clause",
        ),
        Placeholder(
            "etp",
            'the same in full-time equivalents, buyer\'s convention: "1,5"',
            "insertion_clause",
        ),
        Placeholder(
            "lots_insertion",
            'the lots that carry insertion hours, with the article: "les lots 1 à 3", "le lot 2"',
            "insertion_clause",
        ),
        Placeholder("nombre_lots", 'the number of lots: "3"', None),
        Placeholder(
            "ecolabels",
            'the ecolabels, as written: "Écolabel européen et NF Environnement"',
            "environmental.ecolabels",
        ),
        Placeholder(
            "clause_environnementale",
            "the environmental clause, as written",
            "environmental.clause",
        ),
        Placeholder(
            "critere_environnemental",
            "the environmental award criterion, as written",
            "environmental.criterion",
        ),
        Placeholder(
            "commerce_equitable",
            "the fair-trade requirement, as written",
            "ethical.fair_trade",
        ),
        Placeholder(
            "responsabilite_sociale",
            "the social-responsibility requirement, as written",
            "ethical.social_responsibility",
        ),
    )
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class SentenceError(ValueError):
    """A sentence that cannot be read: an unknown placeholder or a stray brace."""


def parse_sentence(sentence: str) -> list[str | Placeholder]:
    """Split a sentence into literal text and placeholders; ``{{`` and ``}}`` are braces."""
    parts: list[str | Placeholder] = []
    position = 0
    for match in _TOKEN.finditer(sentence):
        parts.append(sentence[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
        elif match.group(1) is not None:
            name = match.group(1)
            if name not in PLACEHOLDERS:
                close = difflib.get_close_matches(name.strip(), list(PLACEHOLDERS), n=1)
                known = ", ".join(f"{{{key}}}" for key in PLACEHOLDERS)
                hint = (
                    _("did you mean {placeholder}?").format(placeholder=f"{{{close[0]}}}")
                    if close
                    else _("known: {placeholders}").format(placeholders=known)
                )
                shown = name if len(name) <= 40 else name[:40] + "…"
                message = _("unknown placeholder {placeholder}; {hint}").format(
                    placeholder=f"{{{shown}}}", hint=hint
                )
                raise SentenceError(message)
            parts.append(PLACEHOLDERS[name])
        else:
            message = _(
                "unmatched {token} at character {position}; write {double} for a brace"
            ).format(token=repr(token), position=match.start() + 1, double=f"'{token * 2}'")
            raise SentenceError(message)
    parts.append(sentence[position:])
    return [part for part in parts if part != ""]


def sentence_problems(
    sentence: str, where: tuple[PathPart, ...], required: frozenset[str] | None
) -> list[Problem]:
    """Check a sentence; ``required`` is what its rule guarantees (None: included only)."""
    path = format_path(where)
    try:
        parts = parse_sentence(sentence)
    except SentenceError as error:
        return [Problem(path=path, message=str(error))]
    problems = []
    for part in parts:
        if isinstance(part, str) or part.needs is None:
            continue
        if required is None:
            always = ", ".join(f"{{{p.name}}}" for p in PLACEHOLDERS.values() if p.needs is None)
            problems.append(
                Problem(
                    path=path,
                    message=_(
                        "{placeholder} cannot be used here: this sentence is printed when a "
                        "contract includes the commitment and no rule matches, when the value "
                        "may not exist; only {always} can"
                    ).format(placeholder=f"{{{part.name}}}", always=always),
                )
            )
        elif part.needs not in required:
            problems.append(
                Problem(
                    path=path,
                    message=_(
                        "{placeholder} may have no value when this rule matches: "
                        "add {condition} to its 'when'"
                    ).format(placeholder=f"{{{part.name}}}", condition=_needs_as_yaml(part.needs)),
                )
            )
    return problems


def _needs_as_yaml(fact: str) -> str:
    group, _, name = fact.partition(".")
    return f"'{group}: {{{name}: true}}'" if name else f"'{group}: true'"
