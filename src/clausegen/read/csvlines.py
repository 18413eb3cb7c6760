"""The physical lines of a CSV text, fed to :mod:`csv` one record at a time, with line numbers.

Realised-hours files are spreadsheets saved as CSV: a ``#`` line is a comment, a quoted cell
may span several lines, and a message must name the line where a record starts.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from clausegen.errors import ClausegenError, ErrorGroup, InputFileError, Problem
from clausegen.i18n import _

#: Excel's first line naming the separator: ``sep=;``.
_SEPARATOR_LINE = re.compile(r"sep=([;,\t|])", re.IGNORECASE)


class PhysicalLines:
    """Feed csv with the lines of a text, skipping ``#`` comments and knowing line numbers.

    Attributes:
        record_start: the 1-based line where the last record read started (a quoted field
            may span several lines).
        delimiter: the separator the header line has most of: ``;``, a tab or ``,`` (a
            ``;`` first on a tie).
    """

    def __init__(self, text: str) -> None:
        # NOTE: only CR and LF end a line, as for csv; str.splitlines() would also break at
        # a vertical tab or form feed that a cell may hold (Word's manual line break).
        self._lines = io.StringIO(text, newline="").readlines()
        self._index = 0
        self._starting = True
        self.record_start = 0
        first = next((s for s in self._lines if s.strip() and not is_comment(s)), "")
        self._separator_line = _SEPARATOR_LINE.fullmatch(first.strip())
        if self._separator_line is not None:
            # NOTE: Excel's "sep=;" first line names the separator; it is not a record.
            self.delimiter = self._separator_line[1]
            return
        # NOTE: the header decides: a semicolon there means a French-style file, where
        # "12,5" needs no quotes; a tab is Excel's "Unicode text"; otherwise commas.
        counts = {separator: first.count(separator) for separator in (";", "\t", ",")}
        best = max(counts.values())
        self.delimiter = next(s for s, n in counts.items() if n == best) if best else ","

    def _is_separator_line(self, text: str) -> bool:
        """Whether ``text`` is the ``sep=`` line (only the first such line is skipped)."""
        if self._separator_line is None or text.strip() != self._separator_line[0]:
            return False
        self._separator_line = None
        return True

    def begin_record(self) -> None:
        """Mark that the next line given to csv starts a new record."""
        self._starting = True

    def __iter__(self) -> PhysicalLines:
        return self

    def __next__(self) -> str:
        while self._index < len(self._lines):
            text = self._lines[self._index]
            self._index += 1
            if self._starting and is_comment(text):
                continue
            if self._starting and self._is_separator_line(text):
                continue
            if self._starting:
                self.record_start = self._index
                self._starting = False
            return text
        raise StopIteration


def is_comment(text: str) -> bool:
    """Whether a line is a comment (``#`` first, spaces apart)."""
    return text.lstrip().startswith("#")


def file_error(
    kind: type[InputFileError], name: str, message: str, line: int | None = None
) -> InputFileError:
    """Build the error of a CSV file that cannot be used at all, of the caller's class."""
    return kind(source=name, problems=[Problem(path="", message=message, line=line)])


def table_files(
    sources: Sequence[str | os.PathLike[str]],
    errors: list[ClausegenError],
    kind: type[InputFileError],
) -> Iterator[tuple[Path, str]]:
    """Yield each file given, and the ``*.csv`` and ``*.xlsx`` files of each directory given.

    A directory's files come sorted, without hidden files and Office's ``~$`` lock files; a
    directory without any adds an error of class ``kind`` to ``errors``.
    """
    for source in sources:
        path = Path(source)
        if not path.is_dir():
            yield path, str(source)
            continue
        found = sorted(
            p
            for p in path.iterdir()
            if p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith((".", "~$"))
        )
        if not found:
            message = _("is a directory without any *.csv or *.xlsx file")
            errors.append(file_error(kind, str(source), message))
        for child in found:
            yield child, str(child)


def read_each(
    sources: Sequence[str | os.PathLike[str]],
    kind: type[InputFileError],
    read_one: Callable[[Path, str], None],
    warnings: list[str],
) -> tuple[str, ...]:
    """Read every data file given (:func:`table_files`) once, with ``read_one(path, name)``.

    A file given twice is read once, with a warning; a file that cannot be used at all (an
    error of class ``kind``) does not stop the others: every such error is raised at the end.

    Returns:
        The files read, as messages name them, in order.

    Raises:
        InputFileError: of class ``kind``, or an ErrorGroup of them, one per file.
    """
    errors: list[ClausegenError] = []
    files: list[str] = []
    seen: dict[Path, str] = {}
    for path, name in table_files(sources, errors, kind):
        key = path.resolve()
        if key in seen:
            warnings.append(
                _("{name}: given twice (also as {other}); read once").format(
                    name=name, other=seen[key]
                )
            )
            continue
        seen[key] = name
        try:
            read_one(path, name)
        except kind as error:
            errors.append(error)
            continue
        files.append(name)
    if errors:
        raise ErrorGroup.of(errors)
    return tuple(files)
