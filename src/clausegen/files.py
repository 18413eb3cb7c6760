"""Writing output files so that a user never finds a half-written or silently replaced file.

Each file is written to a temporary file in its destination directory, flushed to disk and
then renamed over the final name (atomic on POSIX and on Windows for the same volume). An
existing file is replaced only when the caller says so. A set of files is written all or
nothing: every content is on disk in a temporary file before the first one is renamed, and
the renames themselves are not cut by SIGINT, SIGTERM or SIGHUP, which are held back until
the last file is in place (:func:`~clausegen.interruptions.deferred_signals`).

Only ``kill -9`` or a power cut can stop a run in the middle; what they leave is
recognisable, and the next run that writes into the same folder puts it right and says so
(on the ``clausegen`` logger, which the command line prints as warnings;
:mod:`clausegen.recovery` does it):

* a temporary file is named ``.clausegen-<pid>-<random>.tmp``: hidden, of a fixed length
  whatever the final name (which may have the 255 bytes a file name can have), never
  ``.docx``, so never taken for a document. Those whose process is gone are removed.
* before the renames of a set of several files, a **journal**
  ``.clausegen-<pid>-<random>.journal`` is written and flushed in each folder, listing each
  temporary file and its final name; it is removed after the last rename. A journal whose
  process is gone means the renames were cut: the next run **completes** them, so that the
  set is whole. Completing rather than undoing is the choice that never loses a document:
  every temporary file was complete and flushed before the journal was written, while the
  files already renamed may have replaced earlier versions (``--force``) that cannot be
  brought back. A journal is trusted only for plain names in its own folder and temporary
  files of its own process; an existing file is replaced only if that run had ``--force``.
  A journal cut while being written (its renames never started) is removed with the
  temporary files it would have named.

Two machines writing into one shared folder at the same moment are not supported: a process
id says nothing about another machine's processes.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from clausegen.errors import OutputError
from clausegen.i18n import _
from clausegen.interruptions import deferred_signals
from clausegen.recovery import (
    WORK_FILE,
    WORK_FILE_PREFIX,
    remove_file,
    remove_leftovers,
    sync_folders,
)


def _unwritable(path: Path, error: OSError) -> OutputError:
    """Return the error of a file or folder that cannot be written, with the system's reason."""
    message = _("cannot be written: {reason}").format(reason=error.strerror)
    return OutputError(path=path, message=message)


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse to go on when ``path`` exists and may not be replaced, or is not a file.

    Only a regular file is ever replaced (with ``force``): a symbolic link, a FIFO, a device
    or a socket is refused, so that ``--force`` can never replace ``/dev/stdout`` or write
    through a link.

    Raises:
        OutputError: naming the file and saying how to proceed.
    """
    if path.is_dir():
        raise OutputError(path=path, message=_("is a directory; give a file name"))
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # nothing there (or nothing that can be looked at: the writing will say)
    if stat.S_ISLNK(mode):
        message = _("is a symbolic link; clausegen replaces only regular files, even with --force")
        raise OutputError(path=path, message=message)
    if not stat.S_ISREG(mode):
        message = _(
            "is not a regular file (a pipe, socket or device); clausegen replaces only "
            "regular files, even with --force"
        )
        raise OutputError(path=path, message=message)
    if not force:
        raise OutputError(path=path, message=_("already exists; use --force to replace it"))


def write_atomically(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Args:
        path: the destination; its directory is created if needed.
        data: the complete content.
        force: replace an existing file.

    Returns:
        The path written.

    Raises:
        OutputError: if the file exists (without ``force``), or cannot be written (the
            message says to close the document when Word holds it open).
    """
    return write_all({path: data}, force=force)[0]


def write_all(files: Mapping[Path, bytes], *, force: bool = False) -> list[Path]:
    """Write several files, all or nothing.

    The leftovers of interrupted runs in the destination folders are dealt with first (see
    the module docstring). Every destination is checked, then every content is written to a
    temporary file beside its destination; only when all of them are on disk are they
    renamed into place, with the stop signals held back. If anything fails before that
    point, no destination has been touched; if a rename fails, the files this call created
    are removed again.

    Returns:
        The paths written, in the order given.

    Raises:
        OutputError: for the first destination that cannot be written.
    """
    folders = list(dict.fromkeys(path.parent for path in files))
    for folder in folders:
        remove_leftovers(folder)
    for path in files:
        check_writable(path, force=force)
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temporaries[path] = _write_temporary(path, data)
        return commit_staged(temporaries, force=force)
    finally:
        for temporary in temporaries.values():
            remove_file(temporary)


def stage_file(path: Path, data: bytes, *, owner: int) -> Path:
    """Write ``data`` to a temporary file beside ``path``, for :func:`commit_staged`.

    Args:
        path: the destination; its folder is created if needed.
        data: the complete content, flushed to disk.
        owner: the process id the temporary file is named after: the process that will
            commit or remove it (a worker process stages for its parent).

    Returns:
        The temporary file.

    Raises:
        OutputError: when it cannot be written.
    """
    return _write_temporary(path, data, owner=owner)


def commit_staged(temporaries: Mapping[Path, Path], *, force: bool = False) -> list[Path]:
    """Rename files staged by :func:`stage_file` into place, all or nothing.

    The journals are written first when there are several files, and the renames are not
    cut by the stop signals (see the module docstring). The temporary files are the
    caller's to remove when this fails.

    Returns:
        The destinations, in the order given.

    Raises:
        OutputError: when a destination exists without ``force`` or cannot be written;
            the files this call created are removed again.
    """
    folders = list(dict.fromkeys(path.parent for path in temporaries))
    journals: list[Path] = []
    try:
        with deferred_signals():
            if len(temporaries) > 1:
                journals = _write_journals(temporaries, force=force)
            _commit_all(temporaries, force=force)
            sync_folders(folders)
            for journal in journals:
                remove_file(journal)
    finally:
        for journal in journals:
            remove_file(journal)
    return list(temporaries)


def remove_staged(folder: Path, owner: int) -> None:
    """Remove every temporary file of process ``owner`` in ``folder`` (a run given up)."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = WORK_FILE.fullmatch(path.name)
            if match and match["kind"] == "tmp" and int(match["pid"]) == owner:
                remove_file(path)


def _commit_all(temporaries: Mapping[Path, Path], *, force: bool) -> None:
    """Rename every temporary file into place; on failure, remove the files it created."""
    created: list[Path] = []
    try:
        for path, temporary in temporaries.items():
            existed = os.path.lexists(path)
            _commit(temporary, path, force=force)
            if not existed:
                created.append(path)
    except OutputError:
        for path in created:
            remove_file(path)
        raise


def _write_temporary(path: Path, data: bytes, *, owner: int | None = None) -> Path:
    import tempfile  # NOTE: here (as json below), so that --help does not import them

    pid = os.getpid() if owner is None else owner
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=f"{WORK_FILE_PREFIX}{pid}-", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise OutputError(
            path=path, message=_("cannot be written: {reason}").format(reason=error.strerror)
        ) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # NOTE: mkstemp creates files readable by their owner only; outputs are ordinary files.
        temporary.chmod(0o644)
    except OSError as error:
        remove_file(temporary)
        raise OutputError(
            path=path, message=_("cannot be written: {reason}").format(reason=error.strerror)
        ) from None
    return temporary


def _write_journals(temporaries: Mapping[Path, Path], *, force: bool) -> list[Path]:
    """Write, in each destination folder, the journal of the renames about to be made."""
    import json
    import tempfile

    by_folder: dict[Path, list[dict[str, str]]] = {}
    for path, temporary in temporaries.items():
        entry = {"temporary": temporary.name, "final": path.name}
        by_folder.setdefault(path.parent, []).append(entry)
    sync_folders(by_folder)  # the temporary files' names are on disk before the journal says so
    journals: list[Path] = []
    for folder, entries in by_folder.items():
        content = json.dumps({"pid": os.getpid(), "force": force, "files": entries})
        try:
            handle, name = tempfile.mkstemp(
                prefix=f"{WORK_FILE_PREFIX}{os.getpid()}-", suffix=".journal", dir=folder
            )
            journals.append(Path(name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            for journal in journals:
                remove_file(journal)
            raise OutputError(
                path=folder, message=_("cannot be written: {reason}").format(reason=error.strerror)
            ) from None
    sync_folders(by_folder)
    return journals


def _commit(temporary: Path, path: Path, *, force: bool) -> None:
    if not force and path.exists():
        raise OutputError(path=path, message=_("already exists; use --force to replace it"))
    try:
        temporary.replace(path)
    except PermissionError:
        raise OutputError(
            path=path, message=_("cannot be replaced: permission denied (is it open in Word?)")
        ) from None
    except OSError as error:
        raise OutputError(
            path=path, message=_("cannot be written: {reason}").format(reason=error.strerror)
        ) from None
