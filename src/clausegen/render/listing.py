"""Template sets and the vocabulary, worded for legal staff (text) and for workflows (JSON).

``clausegen templates list`` and ``clausegen templates variables`` print these; the table of
variables in ``docs/templates.md`` is generated from :func:`variable_rows`, so that the
documentation, the command and what templates receive all come from
:data:`~clausegen.present.vocabulary.VOCABULARY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clausegen.i18n import N_, _
from clausegen.present.vocabulary import VOCABULARY, Kind, Variable, variables
from clausegen.render.lint.report import ORIGINS
from clausegen.render.renderer import environment
from clausegen.render.templates import TemplateSet

#: How a kind of variable is called for legal staff (translated where it is used: see
#: :func:`kind_name`).
KIND_NAMES = {
    Kind.TEXT: N_("text"),
    Kind.INTEGER: N_("whole number"),
    Kind.BOOLEAN: N_("yes/no"),
    Kind.GROUP: N_("group"),
    Kind.LIST: N_("list"),
}


def kind_name(kind: Kind) -> str:
    """Return the name of a kind of variable in the language of messages (``texte``...)."""
    return _(KIND_NAMES[kind])


@dataclass(frozen=True)
class VariableRow:
    """One name of the vocabulary, as the documentation shows it.

    Attributes:
        name: the full path (``buyer.name``, ``lots[].title``).
        kind: text, integer, boolean, group or list.
        description: what it is, in French.
        example: an example value (None for groups and lists).
    """

    name: str
    kind: Kind
    description: str
    example: str | int | bool | None

    @property
    def example_text(self) -> str:
        """The example as legal staff read it: line breaks as " / ", true/false, "(empty)"."""
        if self.example is None:
            return ""
        if isinstance(self.example, bool):
            return _("true") if self.example else _("false")
        if self.example == "":
            return _("(empty)")
        return str(self.example).replace("\n", " / ")


def variable_rows(vocabulary: Variable = VOCABULARY) -> list[VariableRow]:
    """Return every name of the vocabulary with its kind, description and example, in order."""
    return [
        VariableRow(path, variable.kind, variable.description, variable.example)
        for path, variable in variables(vocabulary)
    ]


def variables_as_text(vocabulary: Variable = VOCABULARY) -> str:
    """Return the vocabulary for the terminal: one block per name."""
    lines = [
        _(
            'The variables of the templates. In a loop {%p for lot in lots %}, "lots[].title" '
            'is written "lot.title".'
        ),
    ]
    for row in variable_rows(vocabulary):
        lines.extend(["", f"{row.name} ({kind_name(row.kind)})", f"    {row.description}"])
        if row.example is not None:
            lines.append("    " + _("Example: {example}").format(example=row.example_text))
    return "\n".join(lines)


def variables_as_json(vocabulary: Variable = VOCABULARY) -> list[dict[str, Any]]:
    """Return the vocabulary as JSON objects: name, kind, description, example."""
    return [
        {
            "name": row.name,
            "kind": row.kind.value,
            "description": row.description,
            "example": row.example,
        }
        for row in variable_rows(vocabulary)
    ]


def templates_as_text(template_set: TemplateSet, *, origin: str) -> str:
    """Return a template set as a table: id, title, file, destination."""
    header = ("id", _("title"), _("file"), _("destination"))
    rows = [(e.id, e.title, e.file, e.destination) for e in template_set.entries]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    title = _("Templates of {folder} ({origin})")
    lines = [title.format(folder=template_set.directory, origin=_(ORIGINS[origin])), ""]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]))
    return "\n".join(lines)


def templates_as_json(template_set: TemplateSet, *, origin: str) -> dict[str, Any]:
    """Return a template set as JSON: its folder, where it comes from, and its templates."""
    return {
        "directory": str(template_set.directory),
        "origin": origin,
        "templates": [
            {
                "id": e.id,
                "title": e.title,
                "file": e.file,
                "destination": e.destination,
                "description": e.description,
            }
            for e in template_set.entries
        ],
    }


#: The filters legal staff need most, with what they do (in French) and an example; the guide
#: shows each example with what it prints, computed from the vocabulary's example values.
FILTER_GUIDE: tuple[tuple[str, str, str], ...] = (
    ("upper", "Met le texte en majuscules.", "{{ buyer.name|upper }}"),
    ("lower", "Met le texte en minuscules.", "{{ document.title|lower }}"),
    ("capitalize", "Majuscule au début, le reste en minuscules.", "{{ performance|capitalize }}"),
    ("title", "Majuscule à chaque mot.", "{{ kind_label|title }}"),
    (
        "default",
        "Remplace une valeur vide par un texte (n'oubliez pas « true »).",
        '{{ lots[0].note|default("aucune remarque", true) }}',
    ),
    ("replace", "Remplace un morceau de texte par un autre.", '{{ reference|replace("-", " ") }}'),
    ("trim", "Retire les espaces au début et à la fin.", "{{ title|trim }}"),
    ("length", "Le nombre d'éléments d'une liste.", "{{ lots|length }}"),
    ("first", "Le premier élément d'une liste (last : le dernier).", "{{ (lots|first).title }}"),
    (
        "map",
        "Prend un champ de chaque élément d'une liste.",
        '{{ lots|map(attribute="number")|join(", ") }}',
    ),
    (
        "join",
        "Relie les éléments d'une liste par un texte.",
        '{{ lots|map(attribute="title")|join(" ; ") }}',
    ),
    (
        "selectattr",
        "Garde les éléments d'une liste dont un champ est vrai (rejectattr : faux).",
        '{{ lots|selectattr("has_hours")|list|length }}',
    ),
    (
        "sort",
        "Trie une liste selon un champ.",
        '{{ lots|sort(attribute="number")|map(attribute="label")|join(" ; ") }}',
    ),
)


def example_context(vocabulary: Variable = VOCABULARY) -> dict[str, Any]:
    """Return a context made of the vocabulary's example values (each list has one item)."""
    return _example_group(vocabulary)


def _example_group(group: Variable) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for member in group.fields:
        if member.kind is Kind.GROUP:
            values[member.name] = _example_group(member)
        elif member.kind is Kind.LIST:
            values[member.name] = [_example_group(member)]
        else:
            values[member.name] = member.example
    return values


def filter_rows(vocabulary: Variable = VOCABULARY) -> list[tuple[str, str, str, str]]:
    """Return the filter guide: name, description, example and what the example prints.

    The examples are rendered in the sandbox templates use, without the XML escaping of
    documents, with :func:`example_context`: a filter the environment lacks fails here.
    """
    env = environment().overlay(autoescape=False, finalize=None)
    context = example_context(vocabulary)
    return [
        (name, description, example, env.from_string(example).render(context))
        for name, description, example in FILTER_GUIDE
    ]
