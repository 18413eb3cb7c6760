"""How the problems of a whole file are reported, and how many problems a message lists.

Where each problem is, is a field path (:mod:`clausegen.paths`).
"""

from __future__ import annotations

from collections.abc import Iterable

from clausegen.characters import group_digits
from clausegen.errors import ContractError, Problem
from clausegen.i18n import ngettext


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
        message=ngettext(
            "and {count} more problem, not shown", "and {count} more problems, not shown", rest
        ).format(count=group_digits(rest)),
    )
    return [*problems[:MAX_PROBLEMS], more]


def by_line(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems as they appear in the file (those without a line keep their order).

    At most :data:`MAX_PROBLEMS` are kept; the last line
    says how many more there are.
    """
    return cap(sorted(problems, key=lambda problem: problem.line or 0))
