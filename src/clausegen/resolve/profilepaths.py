"""Where a buyer profile named by a contract may be read from, and how paths to it are read.

Split from :mod:`clausegen.resolve.buyer` (which merges profiles into contracts): the rules
that confine a profile's path (a contract without a file of its own, ``profile_dirs``, a
registry's own folder) and the errors that say why a path is refused.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from clausegen.characters import excerpt
from clausegen.errors import ContractError, Problem
from clausegen.i18n import _
from clausegen.paths import PathPart, format_path
from clausegen.read.documents import Document


def registry_name(reference: str) -> str:
    """Return the file name of a plain relative path (``profiles/region.yaml``), else ``""``.

    So that a description written beside its profiles folder names the same profile in a
    registry; a path that climbs (``..``) or starts at the root names none.
    """
    path = PurePosixPath(reference)
    if "\\" in reference or path.is_absolute() or ".." in path.parts or ":" in reference:
        return ""
    return path.name


def inside_its_folder(path: Path) -> bool:
    """Whether ``path``, symbolic links resolved, is still in the folder it is listed in."""
    try:
        return path.resolve().is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError):
        return False


def resolved_path(path: Path) -> Path | None:
    """Return ``path`` with symbolic links resolved, or None when it cannot be (missing, loop)."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def profile_path(
    document: Document,
    reference: str,
    base_dir: Path | None,
    at: tuple[PathPart, ...],
    line: int | None,
) -> Path:
    """Return the file a contract's profile reference names (relative to the contract or base_dir).

    Raises:
        ContractError: a contract without a file of its own and no ``base_dir``.
    """
    path = Path(reference)
    if document.path is not None:
        return path if path.is_absolute() else document.path.parent / path
    if base_dir is None:
        # NOTE: a contract from a program (a web form, say) must not make clausegen read
        # whatever file it names: nothing is read, not even to see whether it exists.
        message = _(
            "names a buyer profile ({reference}), but the contract comes from {source}, which "
            "has no folder to find it in: profiles can only be read when the caller says where "
            "from (base_dir)"
        ).format(reference=excerpt(reference, limit=200), source=document.name)
        raise contract_error(document, at, message, line)
    return path if path.is_absolute() else base_dir / path


def allowed_folders(
    document: Document,
    base_dir: Path | None,
    profile_dirs: Sequence[str | os.PathLike[str]] | None,
) -> list[str | os.PathLike[str]] | None:
    """The folders a profile may be in; None allows any (a contract file without ``profile_dirs``).

    A contract without a file of its own (a mapping, a text, standard input) is confined to
    ``base_dir``'s tree, and to ``profile_dirs`` when given too: the folder a caller names
    is the jail, not only where paths start.
    """
    if document.path is not None or base_dir is None:
        return None if profile_dirs is None else list(profile_dirs)
    folders = {Path(folder): folder for folder in [*(profile_dirs or []), base_dir]}
    return list(folders.values())


def check_allowed(
    document: Document,
    path: Path,
    reference: str,
    profile_dirs: Sequence[str | os.PathLike[str]] | None,
    at: tuple[PathPart, ...],
    line: int | None,
) -> None:
    """Refuse a profile outside the folders profiles may be read from.

    Raises:
        ContractError: located at the contract's ``buyer`` field.
    """
    if profile_dirs is None:
        return
    try:
        resolved = path.resolve()
        allowed = [Path(folder).resolve() for folder in profile_dirs]
    except (OSError, RuntimeError):
        return  # a symbolic link loop…: the reading refuses it, with a better message
    if not any(resolved.is_relative_to(folder) for folder in allowed):
        folders = ", ".join(folder_name(folder) for folder in profile_dirs) or "none"
        shown = excerpt(reference, limit=200)
        message = _(
            "the buyer profile {profile} is not in a folder that profiles may be read from "
            "({folders}): refused"
        ).format(profile=shown, folders=folders)
        raise contract_error(document, at, message, line)


def folder_name(folder: str | os.PathLike[str]) -> str:
    """Name a folder in a message (the current folder by those words)."""
    return _("the current folder") if Path(folder) == Path() else str(folder)


def relative_hint(document: Document, reference: str, base_dir: Path | None) -> str:
    """Say where a relative profile path started from, for a message about a missing profile."""
    if Path(reference).is_absolute():
        return ""
    if document.path is None:
        start = _("the current folder") if base_dir in (None, Path()) else str(base_dir)
        return _(
            " (the contract comes from {source}, so a relative path starts from {start})"
        ).format(source=document.name, start=start)
    return _(" (a relative path starts from the contract's folder)")


def contract_error(
    document: Document, at: tuple[PathPart, ...], message: str, line: int | None
) -> ContractError:
    """Return a contract error located at ``at`` (the buyer field) with ``message``."""
    problem = Problem(path=format_path(at), message=message, line=line)
    return ContractError(source=document.name, problems=[problem])
