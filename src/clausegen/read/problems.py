"""How the problems of a whole file are reported, and how many problems a message lists.

Where each problem is, is a field path (:mod:`clausegen.paths`).
"""

from __future__ import annotations

from clausegen.characters import group_digits
from clausegen.errors import ContractError, Problem


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
