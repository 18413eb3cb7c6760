"""Where a problem is in a description, and how many problems a message lists.

A field path (``lots[1].labour_share``) points into a contract description, a buyer profile
or a manifest; it is how every message names the field at fault. A path is shown as typed
by the user when it is short and plain, shortened and escaped otherwise, so that a path never
floods a message nor quotes a line of a file that is not a description.
"""

from __future__ import annotations

import re

from clausegen.errors import ContractError, Problem
from clausegen.obligation.characters import excerpt, group_digits, is_printable_name

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


def file_error(name: str, message: str, line: int | None = None) -> ContractError:
    """Return the error of a whole file (``name: message``)."""
    return ContractError(source=name, problems=[Problem(path="", message=message, line=line)])


#: The most problems reported for one file; the rest are counted.
MAX_PROBLEMS = 50


def cap(problems: list[Problem]) -> list[Problem]:
    """Keep the first :data:`MAX_PROBLEMS` problems and say how many more there are."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    more = Problem(
        path="",
        message=f"and {group_digits(rest)} more problem{'s' if rest > 1 else ''}, not shown",
    )
    return [*problems[:MAX_PROBLEMS], more]
