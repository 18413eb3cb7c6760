"""Reading input files as untrusted data: regular files only, within a size limit.

Every file clausegen reads on a user's behalf (contract descriptions, buyer profiles,
template manifests, realised-hours files, templates) goes through :func:`read_input`, so
that none of them can block the run (a FIFO waits forever for a writer), exhaust the memory
(``/dev/zero``, an 8 GB sparse file) or make clausegen read what it should not (``/proc``).
The caller turns an :class:`InputRefusal` into its own error class, which names the file as
the user gave it; the refusal's message never quotes the file's content.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO, ClassVar

from clausegen.errors import ClausegenError, ExitCode
from clausegen.i18n import _
from clausegen.limits import Limits, describe_size

#: The file name that means standard input on the command line, and how messages name it.
STDIN = "-"
STDIN_NAME = "<stdin>"

#: The base folder the command line passes (``base_dir``): a contract read from standard
#: input finds its buyer profile from the current folder, as a file does from its own.
CURRENT_FOLDER = Path()

#: Folders of the system whose files are not data, whatever their type says (Linux).
_SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))


class UsageError(ClausegenError, ValueError):
    """Raised when a library function is given an argument it cannot take.

    A value of the wrong type (bytes where a text or a path is expected) or a figure out of
    the range the command line accepts: the message names the argument and what it takes.
    It is a :class:`ValueError` too, as Python's own functions raise for such arguments.
    """

    exit_code = ExitCode.USAGE
    code: ClassVar[str] = "usage"

    def __init__(self, *, argument: str, message: str) -> None:
        self.argument = argument
        self.message = message
        super().__init__(f"{argument}: {message}")


class InputRefusal(Exception):
    """Raised when an input file cannot or may not be read; ``message`` says why, in English.

    Attributes:
        message: what is wrong, worded to follow the file name (``"file not found"``).
        limit: the name of the :class:`~clausegen.limits.Limits` field exceeded, if any.
    """

    def __init__(self, message: str, *, limit: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.limit = limit


def read_input(path: str | os.PathLike[str], *, limit: int, limit_name: str) -> bytes:
    """Read a whole input file, refusing what is not a regular file or is too large.

    Args:
        path: the file, as the user gave it (a symbolic link to a regular file is fine).
        limit: the largest size accepted, in bytes.
        limit_name: the :class:`~clausegen.limits.Limits` field that sets ``limit``, named
            in the message so that the user knows how to raise it.

    Returns:
        The file's bytes.

    Raises:
        InputRefusal: for a missing file, a folder, a symbolic link loop, a FIFO, socket or
            device, a file of the system folders (``/proc``, ``/sys``, ``/dev``), a file
            larger than ``limit`` (checked before reading and while reading, since a size
            can grow or lie), or any other reading error.
    """
    target = Path(path)
    try:
        resolved = target.resolve(strict=True)
    except FileNotFoundError:
        msg = _("file not found")
        raise InputRefusal(msg) from None
    except RuntimeError:  # Python 3.11 reports a symbolic link loop this way
        msg = _("is a symbolic link loop, not a file")
        raise InputRefusal(msg) from None
    except OSError as error:
        raise _refusal(error) from None
    if any(resolved.is_relative_to(folder) for folder in _SYSTEM_FOLDERS):
        msg = _("is a file of the operating system, not a data file: refused")
        raise InputRefusal(msg)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(resolved, flags)
    except OSError as error:
        raise _refusal(error) from None
    try:
        mode = os.fstat(descriptor)
        if stat.S_ISDIR(mode.st_mode):
            msg = _("is a folder, not a file")
            raise InputRefusal(msg)
        if not stat.S_ISREG(mode.st_mode):
            msg = _("is not a regular file (a pipe, socket or device): refused")
            raise InputRefusal(msg)
        if mode.st_size > limit:
            raise too_large(mode.st_size, limit, limit_name)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = read_bounded(stream, limit)
    except OSError as error:
        raise _refusal(error) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise too_large(len(data), limit, limit_name)
    return data


def read_standard_input(*, limit: int, limit_name: str) -> bytes:
    """Read standard input whole, refusing more than ``limit`` bytes.

    Raises:
        InputRefusal: when standard input holds more than ``limit`` bytes.
    """
    if sys.stdin is None or getattr(sys.stdin, "closed", False):
        msg = _("standard input is closed: there is nothing to read")
        raise InputRefusal(msg)
    try:
        if hasattr(sys.stdin, "buffer"):
            raw = read_bounded(sys.stdin.buffer, limit)
        else:
            raw = sys.stdin.read(limit + 1).encode()
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        msg = _("standard input cannot be read: {reason}").format(reason=reason)
        raise InputRefusal(msg) from None
    if len(raw) > limit:
        raise too_large(len(raw), limit, limit_name, at_least=True)
    return raw


#: How much is read at once: a limit is never allocated before the data is there.
_CHUNK_BYTES = 1024 * 1024


def read_bounded(stream: BinaryIO, limit: int) -> bytes:
    """Read ``stream`` to its end, or to one byte past ``limit``, a chunk at a time.

    A generous limit (gigabytes) costs nothing for a small file: memory grows with what is
    read, never with the limit.
    """
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK_BYTES, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def path_argument(name: str, value: object) -> Path:
    """Return ``value`` as a path, for a library argument that must be one.

    Raises:
        UsageError: when ``value`` is not a text or a path object (bytes, a number…).
    """
    if isinstance(value, str | os.PathLike):
        path = os.fspath(value)
        if isinstance(path, str) and "\x00" not in path:
            return Path(path)
    message = _("must be a path given as text or a path object (got {type})").format(
        type=type(value).__name__
    )
    raise UsageError(argument=name, message=message)


def text_argument(name: str, value: object) -> str:
    """Return ``value``, for a library argument that must be a text.

    Raises:
        UsageError: when ``value`` is not a ``str`` (bytes must be decoded by the caller).
    """
    if isinstance(value, str):
        return value
    message = _("must be a text (str), not {type}").format(type=type(value).__name__)
    raise UsageError(argument=name, message=message)


def too_large(size: int, limit: int, limit_name: str, *, at_least: bool = False) -> InputRefusal:
    """Return the refusal of an input of ``size`` bytes over ``limit``, saying how to raise it."""
    measured = (
        _("more than {size}").format(size=describe_size(limit)) if at_least else describe_size(size)
    )
    message = _("is too large ({size}; the limit is {limit}, set by {variable})").format(
        size=measured, limit=describe_size(limit), variable=Limits.variable(limit_name)
    )
    return InputRefusal(message, limit=limit_name)


def _refusal(error: OSError) -> InputRefusal:
    if error.errno == errno.ELOOP:
        return InputRefusal(_("is a symbolic link loop, not a file"))
    if error.errno == errno.EISDIR:
        return InputRefusal(_("is a folder, not a file"))
    if error.errno == errno.ENOENT:
        return InputRefusal(_("file not found"))
    return InputRefusal(_("cannot be read: {reason}").format(reason=error.strerror or error))
