r"""Word field instructions read the way Word reads them, to judge what a field does.

A field's type is its instruction's first word, but Word skips what a hostile template can
put before it: spaces and no-break spaces, quotes, backslashes, zero-width and other
invisible characters. The type is found after all of them (:func:`field_type`), so that
``"INCLUDEPICTURE"`` or ``\u200bINCLUDEPICTURE`` is judged as ``INCLUDEPICTURE``. A
``HYPERLINK`` field is a link like a relationship: only ``http:``, ``https:`` and ``mailto:``
targets (or a bookmark of the document, ``\l``) are allowed (:func:`hyperlink_target`).
"""

from __future__ import annotations

import re
import unicodedata

#: What Word skips before a field's type, besides spaces: quotes and backslashes.
_SKIPPED = frozenset("\"'\\\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u2039\u203a")
_WORD = re.compile(r"[A-Za-z]+")
_SAFE_TARGET = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
_ARGUMENT = re.compile(r'"([^"]*)"?|(\S+)')


def visible(instruction: str) -> str:
    """The instruction without its invisible characters (format and control characters)."""
    return "".join(
        character
        for character in instruction
        if unicodedata.category(character) not in ("Cf", "Cc") or character in "\t\n\r"
    )


def skipped_only(text: str) -> bool:
    """Whether a text holds only what Word skips before a field's type."""
    return all(character.isspace() or character in _SKIPPED for character in visible(text))


def field_type(instruction: str) -> str:
    """Return a field's type in capitals (``HYPERLINK``), or ``""`` when it has none."""
    text = visible(instruction)
    start = 0
    while start < len(text) and (text[start].isspace() or text[start] in _SKIPPED):
        start += 1
    match = _WORD.match(text, start)
    return match.group().upper() if match else ""


def hyperlink_target(instruction: str) -> str | None:
    r"""Return the target of a ``HYPERLINK`` field that may not be followed, or None.

    A field that goes to a bookmark of the document (``\l``) with no target is fine; a
    target must be a web or e-mail address. A field with no target at all, or one whose
    target another field computes, is refused too (returned as ``""``). A target that is a
    template's tag (``{{ website }}``) is left to the check of the document produced.
    """
    text = visible(instruction)
    rest = text[text.upper().find("HYPERLINK") + len("HYPERLINK") :]
    arguments = [
        match.group(1) if match.group(1) is not None else match.group(2)
        for match in _ARGUMENT.finditer(rest)
    ]
    targets: list[str] = []
    skip_next = False
    for argument in arguments:
        if skip_next:
            skip_next = False
        elif argument.startswith("\\") and len(argument) == 2:
            skip_next = argument.lower() in ("\\l", "\\o", "\\t")
            if argument.lower() == "\\l" and not targets:
                return None
        else:
            targets.append(argument)
    if not targets:
        return ""
    target = targets[0].strip().replace("\\\\", "\\")
    if target.startswith(("{{", "{%")):
        return None  # a template's tag: the document produced is judged once rendered
    return None if _SAFE_TARGET.match(target) else target
