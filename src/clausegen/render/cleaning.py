r"""The cleaning of every text value a template prints (domain.md A7).

Characters that XML forbids (``\\a`` and ``\\f`` among them, which docxtpl would otherwise
turn into a new paragraph and a page break) are removed, and line breaks are normalised to
``\\n``, which becomes a line break in Word. Every other character, ``& < > " '`` and
tag-like text included, is kept: autoescaping in the renderer makes them text.
"""

from __future__ import annotations

import re

# Characters XML 1.0 does not allow in a document (C0 controls other than tab, line feed and
# carriage return, lone surrogates, U+FFFE and U+FFFF).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    r"""Return ``value`` as it must appear in a document: same words, nothing XML forbids.

    Line breaks (``\\r\\n``, ``\\r``) become ``\\n``; characters that XML 1.0 forbids are
    removed, including ``\\a`` and ``\\f`` (docxtpl would turn them into a new paragraph and a
    page break). Everything else, ``& < > " '`` and tag-like text included, is kept.
    """
    return _XML_FORBIDDEN.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
