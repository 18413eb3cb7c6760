"""Exit codes, and errors that cross from a worker process to its parent.

The ground of :mod:`clausegen.errors` (which re-exports :class:`ExitCode`): the documented exit
codes, and how an error crosses from a worker process to its parent (``generate --jobs``).
"""

from __future__ import annotations

import enum
from typing import Any, TypeVar

_E = TypeVar("_E", bound=BaseException)


class ExitCode(enum.IntEnum):
    """Exit codes of the ``clausegen`` command, as documented in the README."""

    OK = 0
    INVALID_INPUT = 1
    USAGE = 2
    TEMPLATE = 3
    OUTPUT = 4
    CONVERSION = 5
    INTERNAL = 70
    HANGUP = 129
    INTERRUPTED = 130
    TERMINATED = 143


def restored(kind: type[_E], args: tuple[Any, ...], state: dict[str, Any]) -> _E:
    """Rebuild an error pickled by :meth:`clausegen.errors.ClausegenError.__reduce__`."""
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error
