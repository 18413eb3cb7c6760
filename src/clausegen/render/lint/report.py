"""Word a template check for the terminal, in French, and as JSON for workflows.

The text groups findings by file (``templates.yaml`` first, then each template in manifest
order, saying "aucun problème" for a clean one), one block per finding: severity, code and
place on the first line, then the message, the text around the problem and the suggestion.
It ends with a count of errors and warnings and what the test render covered.
"""

from __future__ import annotations

from typing import Any

from clausegen.outcomes import ExitCode
from clausegen.records import ErrorRecord, record
from clausegen.render.lint.check import TemplateCheck
from clausegen.render.lint.findings import Finding, Severity
from clausegen.validate.manifest import MANIFEST

#: How the report names where a template folder comes from.
ORIGINS = {
    "bundled": "modèles fournis avec clausegen",
    "argument": "dossier donné en argument",
    "option": "dossier donné par --templates",
    "environment": "dossier donné par la variable CLAUSEGEN_TEMPLATES",
}
_PARTS = {
    "body": "corps du document",
    "header": "en-tête",
    "footer": "pied de page",
    "footnotes": "notes de bas de page",
}
_SEVERITY = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement"}


def place(finding: Finding) -> str:
    """Say where a finding is, in French.

    For example ``corps du document, paragraphe 12 (tableau 1, ligne 3)``, or ``ligne 7`` for
    ``templates.yaml``.
    """
    if finding.line is not None:
        return f"ligne {finding.line}"
    pieces = []
    if finding.part:
        kind, _, number = finding.part.partition(" ")
        pieces.append(f"{_PARTS.get(kind, kind)} {number}".strip())
    if finding.paragraph is not None:
        paragraph = f"paragraphe {finding.paragraph}"
        if finding.table is not None:
            paragraph += f" (tableau {finding.table}, ligne {finding.row})"
        pieces.append(paragraph)
    return ", ".join(pieces)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number > 1 else ''}" if number else f"aucun {word}"


def check_as_text(check: TemplateCheck, *, origin: str = "argument") -> str:
    """Return the whole check as text for the terminal.

    Args:
        check: the result of :func:`~clausegen.render.lint.check_templates`.
        origin: where the folder comes from, a key of :data:`ORIGINS`.
    """
    lines = [f"Vérification des modèles de {check.directory} ({ORIGINS[origin]})", ""]
    groups: dict[str, list[Finding]] = {}
    for finding in check.findings:
        groups.setdefault(finding.template, []).append(finding)
    names = {**{f.template: f.template_id for f in check.findings}, **check.ids}
    order = [MANIFEST, *[g for g in groups if g not in check.templates and g != MANIFEST]]
    for template in [*order, *check.templates]:
        found = groups.get(template)
        identifier = names.get(template)
        title = f"{template} ({identifier})" if identifier else template
        if not found:
            if template in check.templates:
                lines.append(f"{title} : aucun problème")
            continue
        lines.append(title)
        for finding in found:
            lines.extend(_finding_lines(finding))
    errors, warnings = len(check.errors), len(check.warnings)
    error_words = f"{errors} erreur{'s' if errors > 1 else ''}" if errors else "aucune erreur"
    summary = [
        f"{error_words}, {_count(warnings, 'avertissement')}",
        f"{len(check.templates)} modèle{'s' if len(check.templates) > 1 else ''} vérifié"
        f"{'s' if len(check.templates) > 1 else ''}",
    ]
    if check.contracts:
        rendered = len(check.rendered)
        summary.append(
            f"rendu d'essai de {rendered} modèle{'s' if rendered > 1 else ''} avec "
            f"{len(check.contracts)} contrat{'s' if len(check.contracts) > 1 else ''}"
        )
        skipped = [t for t in check.templates if t not in check.rendered]
        if skipped:
            summary.append(f"pas de rendu d'essai pour {', '.join(skipped)}, à corriger d'abord")
    lines.extend(["", "Bilan : " + " ; ".join(summary) + "."])
    return "\n".join(lines)


def _finding_lines(finding: Finding) -> list[str]:
    where = place(finding)
    head = f"  {_SEVERITY[finding.severity]} {finding.code}" + (f", {where}" if where else "")
    lines = [head, f"    {finding.message}"]
    if finding.excerpt:
        lines.append(f"    Texte : « {finding.excerpt} »")
    if len(finding.contracts) > 1:
        lines.append(f"    Contrats : {', '.join(finding.contracts)}")
    if finding.suggestion:
        lines.append(f"    Suggestion : {finding.suggestion}")
    return lines


def check_as_json(check: TemplateCheck) -> list[dict[str, Any]]:
    """Return the findings as a list of JSON objects (what ``--json`` prints)."""
    return [finding.as_json() for finding in check.findings]


def check_records(check: TemplateCheck) -> list[ErrorRecord]:
    """Return each error of the check as a located record (warnings are not errors).

    ``source`` is the file (``templates.yaml`` or the template) in the folder checked,
    ``line`` the line of ``templates.yaml``, ``path`` the place in a template, as
    :func:`place` words it, ``code`` the finding's stable code.
    """
    return [
        record(
            str(check.directory / finding.template),
            finding.line,
            None,
            "" if finding.line is not None else place(finding),
            finding.code,
            finding.message,
        )
        for finding in check.errors
    ]


def check_document(check: TemplateCheck) -> dict[str, Any]:
    """Return what ``templates check --json`` prints, success or failure alike.

    ``{"ok", "exit_code", "errors", "findings"}``: ``ok`` is false and ``exit_code`` 3
    when there is an error, ``errors`` holds the errors as located records (the shape of
    every command's failures), ``findings`` every finding, warnings included
    (:func:`check_as_json`).
    """
    errors = check_records(check)
    code = ExitCode.TEMPLATE if errors else ExitCode.OK
    return {
        "ok": not errors,
        "exit_code": int(code),
        "errors": errors,
        "findings": check_as_json(check),
    }
