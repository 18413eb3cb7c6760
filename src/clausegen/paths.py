"""Field paths: where a problem is in a description, as every message names it.

A field path (``lots[1].labour_share``) points into a contract description, a buyer profile
or a manifest. A path is shown as typed by the user when it is short and plain, shortened and
escaped otherwise, so that a path never floods a message nor quotes a line of a file that is
not a description.
"""

from __future__ import annotations

import re

from clausegen.characters import excerpt, is_printable_name

PathPart = str | int

#: Field paths longer than this are shortened in messages (only nesting makes them so).
_LONGEST_PATH = 120
_PATH_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parse_path(path: str) -> tuple[PathPart, ...]:
    """Turn ``lots[1].labour_share`` into ``("lots", 1, "labour_share")``."""
    return tuple(int(index) if index else name for index, name in _PATH_TOKEN.findall(path))


def format_path(parts: tuple[PathPart, ...]) -> str:
    """Turn ``("lots", 1, "labour_share")`` into ``lots[1].labour_share``.

    A key that is long or holds odd characters is shown as a short quoted excerpt, so that a
    path never floods a message nor echoes a whole line of an unrelated file.
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        shown = part if is_printable_name(part) else excerpt(part, limit=30)
        text += f".{shown}" if text else shown
    return text if len(text) <= _LONGEST_PATH else text[:_LONGEST_PATH] + "…"
