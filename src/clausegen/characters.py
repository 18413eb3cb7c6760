"""Characters that have no place in a contract's texts, and how to show a user's text safely.

Control characters (NUL, bell, escape, form feed, delete, the C1 block…) cannot be printed in
a Word document, break file names and terminals, and most often come from a copy and paste:
Word writes a manual line break (Shift+Enter) as a vertical tab, U+000B. Tab and line
breaks are the only control characters a text may hold. Bidirectional formatting characters
(right-to-left override U+202E…) make a text read differently from what it is: the
embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are refused in every
text, and the marks (U+200E, U+200F, U+061C), which a right-to-left name may need, are
refused only where a text becomes a file name (the contract reference).

Messages quote what a user wrote with :func:`excerpt`, which shortens long values and escapes
what a terminal would interpret, so that no message can flood or spoof a terminal.
"""

from __future__ import annotations

import re

from clausegen.i18n import N_, _

#: Characters refused in every text: the control characters (C0 except tab and line breaks,
#: DEL, C1), and what is not a character at all (a lone half of a UTF-16 surrogate pair, from
#: an escape such as ``"\ud800"``; the noncharacters U+FFFE and U+FFFF).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Bidirectional formatting characters, refused in texts that become file names.
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The bidirectional embeddings, overrides and isolates: they reorder what follows them,
#: so that a text reads in another order than it is written; refused in every text.
REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: Characters escaped when a user's text is quoted in a message.
_UNSAFE_TO_SHOW = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufeff\ufffe\uffff]"
)

_NAMES = {
    0x00: N_("a NUL character"),
    0x07: N_("a bell character"),
    0x08: N_("a backspace character"),
    0x0B: N_("a vertical tab"),
    0x0C: N_("a form feed"),
    0x1B: N_("an escape character"),
    0x7F: N_("a delete character"),
    0x85: N_("a next-line character (NEL)"),
    0x202A: N_("a left-to-right embedding"),
    0x202B: N_("a right-to-left embedding"),
    0x202C: N_("a pop-directional-formatting character"),
    0x202D: N_("a left-to-right override"),
    0x202E: N_("a right-to-left override"),
    0x2066: N_("a left-to-right isolate"),
    0x2067: N_("a right-to-left isolate"),
    0x2068: N_("a first-strong isolate"),
    0x2069: N_("a pop-directional-isolate character"),
    0x200E: N_("a left-to-right mark"),
    0x200F: N_("a right-to-left mark"),
    0x061C: N_("an Arabic letter mark"),
}

#: What to do about the characters that come from Word.
_ADVICE = {
    0x0B: N_(
        "Word writes a manual line break (Shift+Enter) this way when its text is copied: "
        "replace it with a space, or with a line break where the field takes several lines"
    ),
    0x0C: N_("Word writes a page break this way when its text is copied: remove it"),
}


def name(character: str) -> str:
    """Name a control or formatting character for a message (``a vertical tab (U+000B)``)."""
    code = ord(character)
    label = _NAMES.get(code)
    if label is not None:
        label = _(label)
    elif 0xD800 <= code <= 0xDFFF:
        label = _("half of a surrogate pair, which is not a character")
    elif code in (0xFFFE, 0xFFFF):
        label = _("a noncharacter")
    else:
        label = (
            _("a control character") if CONTROL.match(character) else _("a formatting character")
        )
    return f"{label} (U+{code:04X})"


def control_problem(text: str, *, bidi: bool = False, reordering: bool = False) -> str | None:
    """Say what is wrong with the first refused character of ``text``, or None if there is none.

    Args:
        text: a text typed by a user.
        bidi: also refuse every bidirectional formatting character, marks included (for file
            names).
        reordering: also refuse the bidirectional embeddings, overrides and isolates (for
            every free text).

    Returns:
        ``contains a vertical tab (U+000B) at character 12: Word writes…``, or None.
    """
    if text.isprintable():  # NOTE: every refused character is unprintable: the common case
        return None
    found = (
        CONTROL.search(text)
        or (BIDI.search(text) if bidi else None)
        or (REORDERING.search(text) if reordering else None)
    )
    if found is None:
        return None
    return problem_for(found.group(), position=found.start() + 1)


def problem_for(character: str, *, position: int | None = None) -> str:
    """Word the problem of one refused character, with advice for those that Word writes."""
    advice = _ADVICE.get(ord(character))
    if advice is not None:
        advice = _(advice)
    elif CONTROL.match(character):
        advice = _("remove it")
    else:
        advice = _("remove it (it makes the text read in another order than it is written)")
    if position is None:
        return _("contains {character}: {advice}").format(character=name(character), advice=advice)
    return _("contains {character} at character {position}: {advice}").format(
        character=name(character), position=position, advice=advice
    )


def excerpt(text: str, *, limit: int = 60) -> str:
    r"""Quote a user's text for a message: JSON-escaped, at most ``limit`` characters shown.

    A longer text shows its beginning and its length (``"root:x:0:0:…" (1 381 characters)``);
    control, invisible and bidirectional characters are escaped (``\u202e``), so that a
    message can neither flood a terminal nor be read in another order.
    """
    import json  # NOTE: here, so that --help does not import it

    shown = text if len(text) <= limit else text[:limit].rstrip() + "…"
    quoted = json.dumps(shown, ensure_ascii=False)
    quoted = _UNSAFE_TO_SHOW.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    if len(text) > limit:
        quoted += _(" ({count} characters)").format(count=group_digits(len(text)))
    return quoted


def group_digits(number: int) -> str:
    """Write a whole number with spaces between groups of three digits (``1 381``)."""
    return f"{number:,}".replace(",", " ")


def is_printable_name(text: str) -> bool:
    """Whether ``text`` can be shown as is in a field path (short, no odd characters)."""
    return 0 < len(text) <= 60 and _UNSAFE_TO_SHOW.search(text) is None
