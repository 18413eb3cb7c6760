"""Errors as programs receive them: one located record per problem.

The shape that ``ClausegenError.records()`` and ``to_dict()`` give (:mod:`clausegen.errors`),
that ``--json`` prints and that the HTTP service puts in its problem documents.
"""

from __future__ import annotations

from typing import TypedDict


class ErrorRecord(TypedDict):
    """One located problem, as programs receive it (``--json``, the HTTP service).

    Keys:
        source: the file (or template, or output path) at fault; None when there is none.
        line: the 1-based line in the source, when known.
        column: the 1-based column, when known.
        path: the field path (``lots[1].labour_share``), empty for the whole source.
        code: a stable, machine-readable kind of problem (``contract``, ``template``…).
        message: what is wrong, as the command line says it after the location.
    """

    source: str | None
    line: int | None
    column: int | None
    path: str
    code: str
    message: str


def record(
    source: str | None,
    line: int | None,
    column: int | None,
    path: str,
    code: str,
    message: str,
) -> ErrorRecord:
    """Build one :class:`ErrorRecord` (keyword names kept in one place)."""
    return ErrorRecord(
        source=source, line=line, column=column, path=path, code=code, message=message
    )
