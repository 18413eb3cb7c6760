"""Word the problems of a template folder's ``templates.yaml``, with their lines."""

from __future__ import annotations

import re

from clausegen.i18n import N_, _
from clausegen.render.lint.findings import Finding, finding, quoted, visible
from clausegen.render.lint.suggestions import fix_of
from clausegen.validate.manifest import MANIFEST, ManifestProblem

_VALUE_ERRORS = {
    "must be lower-case letters": N_(
        'the id {value} must be written in lower-case letters, digits, "-" or "_", and '
        "start with a letter"
    ),
    "since it goes into the name": N_(
        "the id {value} is too long: {limit} characters at most, since it goes into the name "
        "of every file produced"
    ),
    "choose another id": N_(
        "the id {value} is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1 to "
        "COM9, LPT1 to LPT9): choose another one"
    ),
    "must be a file name in the template folder": N_(
        "{value} must be the name of a file of the folder, without a folder"
    ),
    "invisible formatting characters": N_(
        "the file name {value} holds a control or invisible formatting character ({hidden}): "
        "rename the file"
    ),
    "characters long": N_("the file name {value} is too long: {limit} characters at most"),
    "lock file": N_("{value} is a lock file of Word or LibreOffice, not a template"),
    "must be a Word document": N_("{value} must be a Word document (.docx)"),
    "rename the file": N_(
        "the file name {value} is a name Windows reserves for a device (CON, PRN, AUX, NUL, "
        "COM1 to COM9, LPT1 to LPT9): rename the file"
    ),
}
_HIDDEN = re.compile(r"U\+[0-9A-F]{4,6}")
_LIMIT = re.compile(r"at most (\d+)")


def manifest_finding(problem: ManifestProblem) -> Finding:
    """Word a manifest problem in the language of messages."""
    value = quoted(visible(problem.value)) if problem.value is not None else _("the value")
    where = _("{path}: ").format(path=problem.path) if problem.path else ""
    message, suggestion = _file_wording(problem, where, value) or _field_wording(
        problem, where, value
    )
    return finding(
        problem.code, template=MANIFEST, message=message, line=problem.line, suggestion=suggestion
    )


_Wording = tuple[str, str | None]


def _file_wording(problem: ManifestProblem, where: str, value: str) -> _Wording | None:
    """The manifest or a template file missing, or a manifest that cannot be read."""
    if problem.code == "manifest-missing":
        message = _(
            "The folder has no {manifest} file: clausegen does not know which templates to use."
        ).format(manifest=MANIFEST)
        return message, fix_of("manifest-missing")
    if problem.code == "template-missing" and problem.kind == "not-a-file":
        message = _(
            "{where}{manifest} names {value}, which is not an ordinary file (a folder, a pipe, "
            "a device or a broken link)."
        ).format(where=where, manifest=MANIFEST, value=value)
        return message, fix_of("template-missing")
    if problem.code == "template-missing":
        message = _("{where}{manifest} names {value}, which is not in the folder.").format(
            where=where, manifest=MANIFEST, value=value
        )
        return message, fix_of("template-missing")
    if problem.kind == "syntax":
        message = _("{manifest} cannot be read (technical detail: {detail}).").format(
            manifest=MANIFEST, detail=problem.message
        )
        return message, None
    return None


#: What a field of the wrong type should be, by pydantic's kind of error.
_EXPECTED = {
    "string_type": N_("a text"),
    "list_type": N_("a list of templates"),
    "bool_type": N_("true or false"),
}


def _field_wording(problem: ManifestProblem, where: str, value: str) -> _Wording:
    """A field of the manifest that is missing, unknown or wrong."""
    if problem.kind == "missing":
        return _("{where}required field missing.").format(where=where), None
    if problem.kind == "extra_forbidden":
        suggestion = (
            _("Did you mean {name}?").format(name=quoted(problem.close))
            if problem.close
            else _(
                "The fields of a template are id, file, title, destination, description and, "
                "where needed, requires and update_fields."
            )
        )
        return _("{where}unknown field.").format(where=where), suggestion
    if problem.kind == "string_too_short":
        return _("{where}must not be empty.").format(where=where), None
    if problem.kind == "too_short":
        return _("{where}the list of templates is empty.").format(where=where), None
    if problem.kind in ("string_type", "list_type", "model_type", "dict_type", "bool_type"):
        expected = _EXPECTED.get(
            problem.kind, N_("a group of fields (id, file, title, destination, description)")
        )
        return _("{where}must be {expected}.").format(where=where, expected=_(expected)), None
    if problem.kind == "enum":
        allowed = re.search(r"must be one of (.*?) \(got", problem.message)
        choices = (
            _(" (possible values: {values})").format(values=allowed.group(1)) if allowed else ""
        )
        message = _("{where}{value} is not an allowed value{choices}.")
        return message.format(where=where, value=value, choices=choices), None
    if problem.kind == "duplicate-id":
        message = _("{where}the id {value} is already that of another template.")
        return message.format(where=where, value=value), None
    known = next((text for en, text in _VALUE_ERRORS.items() if en in problem.message), None)
    if known is None:
        message = _("{where}invalid value (technical detail: {detail}).")
        return message.format(where=where, detail=problem.message), None
    hidden = _HIDDEN.search(problem.message)
    limit = _LIMIT.search(problem.message)
    text = _(known).format(
        value=value, hidden=hidden.group(0) if hidden else "", limit=limit.group(1) if limit else ""
    )
    return _("{where}{text}.").format(where=where, text=text), None
