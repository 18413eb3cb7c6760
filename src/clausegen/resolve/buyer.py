"""Buyer profiles merged into the contracts that name them.

A profile (:mod:`clausegen.validate.profile`) holds what a buyer repeats in every contract.

A contract names its buyer in one of three ways:

* ``buyer: profiles/region.yaml`` — the profile as it is;
* ``buyer: {profile: profiles/region.yaml, service: "Direction des lycées"}`` — the profile
  with some fields replaced by the contract's (the contract's values win);
* ``buyer: {name: …}`` — inline, no profile (it may hold the same fields as a profile).

A relative profile path starts from the folder of the contract file. A contract without a file of
its own (standard input, a mapping, a text given to the library) names a profile only when its
caller gives the folder to start from (``base_dir``; the command line gives the current folder for
standard input); otherwise the path is an error and nothing is read. Such a contract's profile must
then be inside ``base_dir`` (symbolic links resolved: an absolute path or a ``..`` leading out is
refused). A caller may also name the folders profiles may be read from (``profile_dirs``): for a
contract file they confine its profile, for a contract without a file they are allowed beside
``base_dir``. A caller that serves others gives a registry instead (``profiles``: name → file or
text): a contract then names a profile by its name in the registry (or the last part of a plain
relative path: ``profiles/region.yaml`` names ``region.yaml``), and no other is read (a path with
``..``, an absolute path names none); a file of the registry is read only if it lies, symbolic
links resolved, in its own folder, and it is named by its registry name in every message. In an
override, ``insertion``, ``insertion.rates``, ``insertion.hourly_costs`` and ``labour_shares`` are
merged key by key (a contract that sets one rate keeps the profile's other rates); every other
field (``facilitator``, ``charter``, ``address``…) is replaced as a whole, so that no facilitator's
e-mail is ever mixed with another's name.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clausegen.characters import excerpt
from clausegen.errors import ContractError, Problem, ProfileError
from clausegen.i18n import _
from clausegen.inputs import InputRefusal
from clausegen.paths import PathPart, format_path
from clausegen.read.documents import Document, parse_document, read_readable_document
from clausegen.resolve.profilepaths import (
    allowed_folders,
    check_allowed,
    contract_error,
    inside_its_folder,
    profile_path,
    registry_name,
    relative_hint,
    resolved_path,
)
from clausegen.user_values import describe_input
from clausegen.validate.charter import charter_problems
from clausegen.validate.contract import override_problems
from clausegen.validate.models import Buyer, Contract
from clausegen.validate.profile import check_profile

#: The field that names a profile in a contract's ``buyer`` mapping.
PROFILE_KEY = "profile"

#: Tables of independent settings, merged key by key when a contract overrides a profile.
_MERGED_TABLES: frozenset[tuple[str, ...]] = frozenset(
    {("insertion",), ("insertion", "rates"), ("insertion", "hourly_costs"), ("labour_shares",)}
)


@dataclass(frozen=True)
class ProfileText:
    """A buyer profile given as text rather than as a file (an entry of a registry).

    Attributes:
        text: the YAML or JSON text of the profile (JSON when its name ends in ``.json``).
    """

    text: str


#: Profiles a contract may name, by name: a file, or a text.
ProfileRegistry = Mapping[str, Path | ProfileText]


@dataclass(frozen=True)
class ResolvedBuyer:
    """A contract's data with its ``buyer`` resolved to a mapping, ready to validate.

    Attributes:
        data: the contract's top-level mapping, with ``buyer`` replaced by the profile's
            fields overridden by the contract's.
        profile: the profile file, None for an inline buyer.
        charter_in_contract: whether the charter is written in the contract itself (inline
            buyer, or an override that replaces the profile's charter), so that its problems
            are reported against the contract.
    """

    data: dict[str, Any]
    profile: Path | None
    charter_in_contract: bool


def resolve_buyer(
    document: Document,
    *,
    base_dir: Path | None = None,
    profile_dirs: Sequence[str | os.PathLike[str]] | None = None,
    profiles: ProfileRegistry | None = None,
) -> ResolvedBuyer:
    """Replace a contract's ``buyer`` path or ``{profile: …}`` mapping by the buyer's fields.

    Args:
        document: a parsed contract description whose data is a mapping.
        base_dir: where a relative profile path starts when the contract has no file; None
            refuses profile paths in such a contract (see the module docstring).
        profile_dirs: the folders profiles may be in; None allows any.
        profiles: when given, the only profiles the contract may name, by name; ``base_dir``
            and ``profile_dirs`` are then not used.

    Raises:
        ContractError: when the profile path is not text, may not be read (no folder to
            start from, outside ``profile_dirs``) or names no readable file, with the
            contract's line and field (``buyer`` or ``buyer.profile``).
        ProfileError: when the profile is invalid; its first line names the contract.
    """
    data: dict[str, Any] = document.data
    raw = data.get("buyer")
    if isinstance(raw, str):
        reference: object = raw
        overrides: dict[str, Any] = {}
        at: tuple[PathPart, ...] = ("buyer",)
    elif isinstance(raw, dict) and PROFILE_KEY in raw:
        reference = raw[PROFILE_KEY]
        overrides = {key: value for key, value in raw.items() if key != PROFILE_KEY}
        at = ("buyer", PROFILE_KEY)
    else:
        inline_charter = isinstance(raw, dict) and "charter" in raw
        return ResolvedBuyer(data=data, profile=None, charter_in_contract=inline_charter)

    line = document.locator.line(at)
    if not isinstance(reference, str) or not reference.strip():
        message = _(
            "must be the path of a buyer profile file, relative to the contract file (got {value})"
        ).format(value=describe_input(reference))
        raise contract_error(document, at, message, line)
    if profiles is not None:
        path = Path(reference)
        profile = _registered_profile(document, reference, profiles, at, line)
    else:
        path = profile_path(document, reference, base_dir, at, line)
        allowed = allowed_folders(document, base_dir, profile_dirs)
        check_allowed(document, path, reference, allowed, at, line)
        profile = _read_profile(document, path, reference, base_dir, at, line)
    return ResolvedBuyer(
        data={**data, "buyer": _merged(profile, overrides)},
        profile=path,
        charter_in_contract="charter" in overrides,
    )


#: A buyer profile read and checked: its document (for its lines) and its model.
_Profile = tuple[Document, Buyer]


def _merged(profile: _Profile, overrides: dict[str, Any]) -> dict[str, Any] | Buyer:
    """The buyer of a contract: the profile's fields overridden by the contract's.

    A profile used as it is was validated when it was read: the contract gets a copy of its
    model (frozen; its parts shared), not its fields to validate again for each contract.
    """
    document, buyer = profile
    if not overrides:
        return buyer.model_copy()
    return _merge(document.data, overrides, ())


#: The profiles read in this run (see :func:`profiles_read_once`), by resolved path.
_READ: contextvars.ContextVar[dict[Path, _Profile] | None] = contextvars.ContextVar(
    "clausegen_profiles_read", default=None
)


@contextlib.contextmanager
def profiles_read_once() -> Iterator[None]:
    """Inside, each buyer profile is read and checked once, then reused by every contract.

    A run of many contracts (a portfolio, a batch) names the same profile again and again;
    its file is read, parsed and checked the first time, by its resolved path. Each contract
    is still checked against what it may read (``profile_dirs``) and merged with the profile
    on its own; a profile that fails is not kept, so every contract reports it as before.
    """
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def _read_profile(
    document: Document,
    path: Path,
    reference: str,
    base_dir: Path | None,
    at: tuple[PathPart, ...],
    line: int | None,
) -> _Profile:
    """Read and check the profile a contract names; errors name the contract's field."""
    read_before = _READ.get()
    key = resolved_path(path) if read_before is not None else None
    if read_before is not None and key is not None and key in read_before:
        return read_before[key]
    where = f"{document.name}:{line}" if line is not None else document.name
    try:
        read = read_readable_document(path)
    except InputRefusal as refusal:
        hint = relative_hint(document, reference, base_dir)
        if refusal.message == _("file not found"):
            message = _("buyer profile not found: {path}{hint}").format(path=path, hint=hint)
        elif refusal.message == _("is a folder, not a file"):
            message = _("buyer profile is a folder, not a file: {path}{hint}").format(
                path=path, hint=hint
            )
        else:
            message = _("buyer profile {path} {problem}").format(path=path, problem=refusal.message)
        raise contract_error(document, at, message, line) from None
    except ContractError as error:
        used_by = f"{where}: {format_path(at)}"
        raise ProfileError(source=error.source, problems=error.problems, used_by=used_by) from None
    profile = check_profile(read, used_by=f"{where}: {format_path(at)}")
    if read_before is not None and key is not None:
        read_before[key] = profile
    return profile


def _registered_profile(
    document: Document,
    reference: str,
    profiles: ProfileRegistry,
    at: tuple[PathPart, ...],
    line: int | None,
) -> _Profile:
    """Read and check the profile of the registry named ``reference``; nothing else is read."""
    entry = profiles.get(reference, profiles.get(registry_name(reference), None))
    if entry is None:
        known = ", ".join(sorted(profiles)) or _("none")
        message = _(
            "names no buyer profile that may be used ({reference}); "
            "profiles that may be named: {known}"
        ).format(reference=excerpt(reference, limit=200), known=known)
        raise contract_error(document, at, message, line)
    where = f"{document.name}:{line}" if line is not None else document.name
    used_by = f"{where}: {format_path(at)}"
    is_json = reference.lower().endswith(".json")
    try:
        if isinstance(entry, ProfileText):
            read = parse_document(entry.text, name=reference, is_json=is_json)
        else:
            if not inside_its_folder(entry):
                message = _("the buyer profile {profile} leads outside its folder: refused").format(
                    profile=reference
                )
                raise contract_error(document, at, message, line)
            read = read_readable_document(entry, name=reference)
    except InputRefusal as refusal:
        message = _("buyer profile {path} {problem}").format(
            path=reference, problem=refusal.message
        )
        raise contract_error(document, at, message, line) from None
    except ContractError as error:
        raise ProfileError(source=error.source, problems=error.problems, used_by=used_by) from None
    return check_profile(read, used_by=used_by)


def _merge(base: dict[str, Any], overrides: dict[str, Any], at: tuple[str, ...]) -> dict[str, Any]:
    """Lay the contract's ``overrides`` over the profile's fields (see the module doc)."""
    merged = dict(base)
    for key, value in overrides.items():
        where = (*at, key)
        current = merged.get(key)
        if where in _MERGED_TABLES and isinstance(value, dict) and isinstance(current, dict):
            merged[key] = _merge(current, value, where)
        else:
            merged[key] = value
    return merged


def buyer_problems(contract: Contract, resolved: ResolvedBuyer) -> list[Problem]:
    """Check what depends on the resolved buyer, with contract field paths.

    The charter written in the contract (not one read from a valid profile, already
    checked) and the contract's ``charter.include``/``exclude`` against the buyer's charter.
    """
    problems = []
    if resolved.charter_in_contract and contract.buyer.charter is not None:
        problems += charter_problems(contract.buyer.charter, ("buyer", "charter"))
    return problems + override_problems(contract)
