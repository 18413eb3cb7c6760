"""clausegen's work files: their names, and what interrupted runs left put right.

The work files and journals are written by :mod:`clausegen.files`, which describes them and
why a cut set is completed rather than undone; here a folder's leftovers are swept: the sets
a stopped process was renaming are finished, its other work files removed. Each action is
logged as a warning on the ``clausegen.files`` logger, as when it was part of that module.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from clausegen.i18n import _
from clausegen.interruptions import PID_MAX, process_alive

if TYPE_CHECKING:
    import logging

_JOURNAL_BYTES = 16 * 1024 * 1024

#: How the hidden work files of clausegen begin; the process id and a random part follow.
WORK_FILE_PREFIX = ".clausegen-"
#: The name of a work file: ``.clausegen-<pid>-<random>.tmp`` or ``.journal``.
WORK_FILE = re.compile(r"\.clausegen-(?P<pid>\d{1,10})-[a-z0-9_]{1,16}\.(?P<kind>tmp|journal)")


def remove_file(path: Path) -> None:
    """Remove a file if it can be; a file already gone or not removable is left be."""
    with contextlib.suppress(OSError):
        path.unlink()


def sync_folders(folders: Iterable[Path]) -> None:
    """Flush the folders' entries to disk (POSIX), so that renames survive a power cut."""
    if os.name != "posix":
        return
    for folder in folders:
        with contextlib.suppress(OSError):
            handle = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(handle)
            finally:
                os.close(handle)


def remove_leftovers(folder: Path) -> None:
    """Put right what interrupted runs left in ``folder``: finish their sets, remove the rest.

    Only clausegen's own work files (``.clausegen-<pid>-<random>.tmp`` and ``.journal``,
    regular files of this user, with a possible process id) whose process is gone are
    touched; each action is logged as a warning.
    A folder that does not exist or cannot be listed is left alone.
    """
    try:
        entries = sorted(
            (entry for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)),
            key=lambda entry: entry.name,
        )
    except OSError:
        return
    stale: list[tuple[Path, int, str]] = []
    for entry in entries:
        match = WORK_FILE.fullmatch(entry.name)
        if match is None or not _ours(entry, int(match["pid"])):
            continue
        if not process_alive(int(match["pid"])):
            stale.append((Path(entry.path), int(match["pid"]), match["kind"]))
    for path, pid, kind in stale:
        if kind == "journal":
            _complete(path, pid)
    for path, pid, kind in stale:
        if kind == "tmp" and path.is_file() and not path.is_symlink():
            remove_file(path)
            _log().warning(
                "%s",
                _(
                    "{file}: removed, a temporary file left by clausegen process {pid}, which "
                    "was interrupted"
                ).format(file=path, pid=pid),
            )


def _ours(entry: os.DirEntry[str], pid: int) -> bool:
    """Whether a file named like a work file may be clausegen's.

    It must carry a possible process id and (POSIX) belong to this user; anything else is
    left alone, whoever made it.
    """
    if not 0 < pid <= PID_MAX:
        return False
    if not hasattr(os, "getuid"):
        return True
    try:
        return entry.stat(follow_symlinks=False).st_uid == os.getuid()
    except OSError:
        return False


def _complete(journal: Path, pid: int) -> None:
    """Make the renames that the journal of a stopped process lists, then remove it."""
    pairs = _read_journal(journal, pid)
    folder = journal.parent
    if pairs is None:
        remove_file(journal)
        _log().warning(
            "%s",
            _(
                "{file}: removed, an unusable journal left by clausegen process {pid}, which was "
                "interrupted"
            ).format(file=journal, pid=pid),
        )
        return
    pending, force = pairs
    done: list[str] = []
    for temporary_name, final_name in pending:
        temporary, final = folder / temporary_name, folder / final_name
        if not temporary.is_file() or temporary.is_symlink():
            continue  # renamed before the process stopped
        if final.is_dir() or (os.path.lexists(final) and not force):
            _log().warning(
                "%s",
                _(
                    "{file}: kept; clausegen process {pid}, interrupted, left a new version of "
                    "it that is not used"
                ).format(file=final, pid=pid),
            )
            continue
        with contextlib.suppress(OSError):
            temporary.replace(final)
            done.append(final_name)
    sync_folders([folder])
    remove_file(journal)
    if done:
        _log().warning(
            "%s",
            _(
                "{folder}: finished writing {files}: clausegen process {pid} was interrupted "
                "while writing this set of files"
            ).format(folder=folder, files=", ".join(done), pid=pid),
        )


def _log() -> logging.Logger:
    """The ``clausegen.files`` logger (logging imported only when there is something to say)."""
    import logging

    return logging.getLogger("clausegen.files")


def _read_journal(journal: Path, pid: int) -> tuple[list[tuple[str, str]], bool] | None:
    """Return the renames a journal lists and its ``force``, or None when it is not usable."""
    import json

    try:
        with journal.open("rb") as stream:
            raw = stream.read(_JOURNAL_BYTES + 1)
        content = json.loads(raw) if len(raw) <= _JOURNAL_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(content, dict) or content.get("pid") != pid:
        return None
    force, files = content.get("force"), content.get("files")
    if not isinstance(force, bool) or not isinstance(files, list):
        return None
    pairs: list[tuple[str, str]] = []
    for item in files:
        if not isinstance(item, dict):
            return None
        temporary, final = item.get("temporary"), item.get("final")
        if not isinstance(temporary, str) or not isinstance(final, str):
            return None
        match = WORK_FILE.fullmatch(temporary)
        if match is None or match["kind"] != "tmp" or int(match["pid"]) != pid:
            return None
        if not _plain_name(final):
            return None
        pairs.append((temporary, final))
    return pairs, force


def _plain_name(name: str) -> bool:
    return (
        name not in ("", ".", "..")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
        and not name.startswith(WORK_FILE_PREFIX)
    )
