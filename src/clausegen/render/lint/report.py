"""Word a template check for the terminal, in the language of messages, and as JSON.

The text groups findings by file (``templates.yaml`` first, then each template in manifest
order, saying "no problem" for a clean one), one block per finding: severity, code and
place on the first line, then the message, the text around the problem and the suggestion.
It ends with a count of errors and warnings and what the test render covered.
"""

from __future__ import annotations

from typing import Any

from clausegen.i18n import N_, _, ngettext
from clausegen.outcomes import ExitCode
from clausegen.records import ErrorRecord, record
from clausegen.render.lint.check import TemplateCheck
from clausegen.render.lint.findings import Finding, Severity
from clausegen.validate.manifest import MANIFEST

#: How the report names where a template folder comes from (translated where it is used).
ORIGINS = {
    "bundled": N_("templates shipped with clausegen"),
    "argument": N_("folder given as argument"),
    "option": N_("folder given by --templates"),
    "environment": N_("folder given by the CLAUSEGEN_TEMPLATES variable"),
}
_PARTS = {
    "body": N_("document body"),
    "header": N_("header"),
    "footer": N_("footer"),
    "footnotes": N_("footnotes"),
}
_SEVERITY = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


def place(finding: Finding) -> str:
    """Say where a finding is, in the language of messages.

    For example ``document body, paragraph 12 (table 1, row 3)`` (``corps du document,
    paragraphe 12 (tableau 1, ligne 3)`` in French), or ``line 7`` for ``templates.yaml``.
    """
    if finding.line is not None:
        return _("line {number}").format(number=finding.line)
    pieces = []
    if finding.part:
        kind, _space, number = finding.part.partition(" ")
        name = _(_PARTS[kind]) if kind in _PARTS else kind
        pieces.append(f"{name} {number}".strip())
    if finding.paragraph is not None:
        paragraph = _("paragraph {number}").format(number=finding.paragraph)
        if finding.table is not None:
            paragraph += _(" (table {table}, row {row})").format(
                table=finding.table, row=finding.row
            )
        pieces.append(paragraph)
    return ", ".join(pieces)


def check_as_text(check: TemplateCheck, *, origin: str = "argument") -> str:
    """Return the whole check as text for the terminal, in the language of messages.

    Args:
        check: the result of :func:`~clausegen.render.lint.check_templates`.
        origin: where the folder comes from, a key of :data:`ORIGINS`.
    """
    title = _("Check of the templates of {folder} ({origin})")
    lines = [title.format(folder=check.directory, origin=_(ORIGINS[origin])), ""]
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
                lines.append(_("{title}: no problem").format(title=title))
            continue
        lines.append(title)
        for finding in found:
            lines.extend(_finding_lines(finding))
    lines.extend(["", _("Summary: {items}.").format(items=_("; ").join(_summary(check)))])
    return "\n".join(lines)


def _summary(check: TemplateCheck) -> list[str]:
    """The items of the last line: errors and warnings, templates checked, the test render."""
    count = len(check.errors)
    errors = (
        ngettext("{count} error", "{count} errors", count).format(count=count)
        if count
        else _("no errors")
    )
    count = len(check.warnings)
    warnings = (
        ngettext("{count} warning", "{count} warnings", count).format(count=count)
        if count
        else _("no warnings")
    )
    checked = len(check.templates)
    summary = [
        _("{errors}, {warnings}").format(errors=errors, warnings=warnings),
        ngettext("{count} template checked", "{count} templates checked", checked).format(
            count=checked
        ),
    ]
    if check.contracts:
        rendered, contracts = len(check.rendered), len(check.contracts)
        summary.append(
            _("test render of {templates} with {contracts}").format(
                templates=ngettext("{count} template", "{count} templates", rendered).format(
                    count=rendered
                ),
                contracts=ngettext("{count} contract", "{count} contracts", contracts).format(
                    count=contracts
                ),
            )
        )
        skipped = [t for t in check.templates if t not in check.rendered]
        if skipped:
            summary.append(
                _("no test render for {files}, to be fixed first").format(files=", ".join(skipped))
            )
    return summary


def _finding_lines(finding: Finding) -> list[str]:
    where = place(finding)
    head = f"  {_(_SEVERITY[finding.severity])} {finding.code}" + (f", {where}" if where else "")
    lines = [head, f"    {finding.message}"]
    if finding.excerpt:
        lines.append("    " + _('Text: "{excerpt}"').format(excerpt=finding.excerpt))
    if len(finding.contracts) > 1:
        contracts = ", ".join(finding.contracts)
        lines.append("    " + _("Contracts: {contracts}").format(contracts=contracts))
    if finding.suggestion:
        lines.append("    " + _("Suggestion: {suggestion}").format(suggestion=finding.suggestion))
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
