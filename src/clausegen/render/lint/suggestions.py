"""The suggestions that findings take from the catalogue, in the language of messages.

The catalogue (:mod:`.catalogue`) documents every code in French for legal staff
(``docs/templates.md``). Some findings give the catalogue's fix of their code as their
suggestion: those fixes are here in English, for gettext, and the French catalog gives them
back the catalogue's words byte for byte (``tests/render/lint/test_lint_languages.py``).
"""

from __future__ import annotations

from clausegen.i18n import N_, _

__all__ = ["FIXES", "fix_of"]

_FROM_WORD = N_('Open it in Word and save it again in the "Word Document (*.docx)" format.')
_SOUND_TEMPLATE = N_(
    "Start again from a sound template (clausegen templates export) and copy your text into it."
)

#: The fix of each code whose findings suggest it, in English.
FIXES: dict[str, str] = {
    "manifest-missing": N_(
        'Start from the folder made by "clausegen templates export", which holds a commented '
        "templates.yaml."
    ),
    "template-missing": N_(
        "Correct the file name in templates.yaml (capitals and accents count), or put the file "
        "back into the folder."
    ),
    "not-a-docx": N_('Save it from Word in the "Word Document (*.docx)" format.'),
    "too-large": N_("Remove the pictures and large objects, then save again."),
    "too-compressed": _SOUND_TEMPLATE,
    "encrypted-part": N_(
        'Open it in Word and save it again in the "Word Document (*.docx)" format, or start '
        "again from a sound template (clausegen templates export)."
    ),
    "unsupported-compression": _FROM_WORD,
    "damaged-part": N_(
        "Take an intact copy of the template, or open it in Word and save it again."
    ),
    "invalid-xml": N_(
        "Open it in Word and save it again, or start again from a sound template (clausegen "
        "templates export)."
    ),
    "unexpected-root": _SOUND_TEMPLATE,
    "doctype": _SOUND_TEMPLATE,
    "macros": N_(
        'Save it in the "Word Document (*.docx)" format, not "Word Macro-Enabled Document '
        '(*.docm)".'
    ),
    "active-content": N_(
        "Delete the object or the control (select it, then Delete); for a table, paste it as a "
        "Word table; for a picture, paste it as a picture."
    ),
    "external-relationship": N_(
        "Detach the attached template (Developer > Document Template), insert the pictures into "
        "the document instead of linking them, and replace the links to files with web links."
    ),
    "field-code": N_(
        "Show the field codes (Alt+F9), delete the field reported, then replace it with the text "
        "or the picture wanted, inserted into the document."
    ),
    "render-undefined": N_(
        "Put the passage inside a condition ({%p if several_lots %}) or go through the list with "
        "a loop instead of taking an item by its number."
    ),
    "render-failed": N_(
        "The values are texts already formatted: print them as they are, without calculation; "
        'whole numbers have a name that ends in "_number" or "_count".'
    ),
    "render-limit": N_(
        "Look for nested loops ({% for %} inside a {% for %}) and repetitions (* or the filters "
        "center, indent, format with large numbers): a clause template does not need them at "
        "that scale."
    ),
    "render-broken-xml": N_("Use {%p … %} or {%tr … %}, each alone in its paragraph or its row."),
}


def fix_of(code: str) -> str:
    """Return the fix of a code, in the language of messages (the catalogue's, in French).

    Raises:
        KeyError: for a code whose findings do not suggest its fix (a bug).
    """
    return _(FIXES[code])
