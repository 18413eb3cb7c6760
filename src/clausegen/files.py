"""Writing output files so that a user never finds a half-written or silently replaced file.

Each file is written to a temporary file in its destination directory, flushed to disk and
then renamed over the final name (atomic on POSIX and on Windows for the same volume). An
existing file is replaced only when the caller says so. A set of files is written all or
nothing: every content is on disk in a temporary file before the first one is renamed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from clausegen.errors import OutputError


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse to go on when ``path`` exists and may not be replaced, or is not a file.

    Raises:
        OutputError: naming the file and saying how to proceed.
    """
    if path.is_dir():
        raise OutputError(path=path, message="is a directory; give a file name")
    if path.exists() and not force:
        raise OutputError(path=path, message="already exists; use --force to replace it")


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

    Every destination is checked, then every content is written to a temporary file beside
    its destination; only when all of them are on disk are they renamed into place. If
    anything fails before that point, no destination has been touched.

    Returns:
        The paths written, in the order given.

    Raises:
        OutputError: for the first destination that cannot be written.
    """
    for path in files:
        check_writable(path, force=force)
    temporaries: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temporaries[path] = _write_temporary(path, data)
        for path, temporary in temporaries.items():
            _commit(temporary, path, force=force)
    finally:
        for temporary in temporaries.values():
            _remove(temporary)
    return list(files)


def _write_temporary(path: Path, data: bytes) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(path=path, message=f"cannot be written: {error.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # NOTE: mkstemp creates files readable by their owner only; outputs are ordinary files.
        temporary.chmod(0o644)
    except OSError as error:
        _remove(temporary)
        raise OutputError(path=path, message=f"cannot be written: {error.strerror}") from None
    return temporary


def _commit(temporary: Path, path: Path, *, force: bool) -> None:
    if not force and path.exists():
        raise OutputError(path=path, message="already exists; use --force to replace it")
    try:
        temporary.replace(path)
    except PermissionError:
        raise OutputError(
            path=path, message="cannot be replaced: permission denied (is it open in Word?)"
        ) from None
    except OSError as error:
        raise OutputError(path=path, message=f"cannot be written: {error.strerror}") from None


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
