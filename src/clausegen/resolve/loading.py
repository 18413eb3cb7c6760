"""Load a contract description: read, validate and resolve it, every problem explained.

The loader is the edge of clausegen: whatever a buyer typed, what comes out is either a
contract ready to compute or one :class:`ContractError` that lists every problem, each with
the file name, the line where the source gives it, the field path (list positions from 0)
and the offending value. One trip, forward:

1. read the file or text (:mod:`clausegen.read.documents`);
2. check that it may be a contract at all (:mod:`clausegen.validate.contract`);
3. read, check and merge the buyer profile it names (:mod:`clausegen.resolve.buyer`);
4. validate its fields against the strict models (:mod:`clausegen.validate.contract`);
5. resolve every parameter of its hours (:mod:`clausegen.resolve.parameters`).

The hours themselves are computed afterwards, once (:mod:`clausegen.compute.hours`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from clausegen.errors import ContractError, Problem, ProfileError
from clausegen.inputs import path_argument, text_argument
from clausegen.read.documents import Document, Locator, parse_document, read_document
from clausegen.read.screening import check_data
from clausegen.resolve.buyer import ProfileRegistry, ResolvedBuyer, resolve_buyer
from clausegen.resolve.gathering import contract_failure, fields_and_resolution
from clausegen.resolve.parameters import ResolvedContract, resolve_contract
from clausegen.resolve.reference import ReferenceData
from clausegen.validate.contract import check_contract_shape
from clausegen.validate.models import Contract

__all__ = [
    "ContractSource",
    "load_contract",
    "load_contract_text",
    "load_resolved",
    "resolve_document",
]

#: How messages name a contract given as a mapping, and as a text.
MAPPING_NAME = "<mapping>"
TEXT_NAME = "<text>"

ProfileFolders = Sequence[str | os.PathLike[str]]


def load_contract(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    reference: ReferenceData | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    profile_dirs: ProfileFolders | None = None,
) -> Contract:
    """Load and check a contract description.

    A ``buyer`` that names a profile file is read only where the caller allows it:

    * a contract read from a file resolves a relative profile path from the file's folder;
    * a contract from standard input (``"-"``) or given as a mapping has no folder of its
      own: a profile path is resolved from ``base_dir``, and without one it is an error
      that reads nothing (the command line passes the current folder for standard input);
    * a contract without a file is confined to ``base_dir``: its profile must be inside
      once symbolic links are resolved (an absolute path or ``..`` leading out is refused);
    * with ``profile_dirs``, a profile must be in one of those folders once symbolic links
      are resolved, whatever the contract says (for a contract without a file, they are
      allowed beside ``base_dir``).

    Args:
        source: a path to a YAML or JSON file, ``"-"`` for standard input, or a mapping
            already parsed by the caller.
        reference: the reference tables used to check trades and defaults.
        base_dir: the folder relative profile paths start from, for a contract that has no
            file of its own (standard input, a mapping).
        profile_dirs: the folders buyer profiles may be read from; None allows any.

    Returns:
        The validated contract, which remembers the file it came from.

    Raises:
        ContractError: listing every problem, each with the file, line and field path.
        ProfileError: when the buyer's profile is invalid (its problems name the profile).
    """
    return load_resolved(
        source, reference=reference, base_dir=base_dir, profile_dirs=profile_dirs
    ).contract


def load_contract_text(
    text: str,
    *,
    syntax: Literal["yaml", "json"] = "yaml",
    name: str = TEXT_NAME,
    reference: ReferenceData | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    profile_dirs: ProfileFolders | None = None,
) -> Contract:
    """Load and check a contract description given as text (YAML or JSON).

    Messages point at lines and columns of the text, named ``name``. A profile path in
    ``buyer`` follows the rules of :func:`load_contract` for a contract without a file: it
    is resolved from ``base_dir``, or refused without one.

    Raises:
        ContractError: as :func:`load_contract` does.
        ProfileError: when the buyer's profile is invalid.
    """
    text = text_argument("text", text)
    document = parse_document(text, name=name, is_json=syntax == "json")
    return resolve_document(document, reference, base_dir, profile_dirs).contract


#: What the functions that produce documents accept as a contract.
ContractSource = Contract | str | os.PathLike[str] | Mapping[str, Any]


def load_resolved(
    source: ContractSource,
    *,
    reference: ReferenceData | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    profile_dirs: ProfileFolders | None = None,
) -> ResolvedContract:
    """Load a contract as :func:`load_contract` does, and keep its resolved parameters.

    What the pipeline passes forward: the contract with every parameter of its hours, so
    that the hours are computed once, from there (:func:`~clausegen.compute.hours.compute`).
    A :class:`Contract` already loaded is only resolved.

    Raises:
        ContractError: as :func:`load_contract` does.
        ProfileError: when the buyer's profile is invalid.
    """
    if isinstance(source, Contract):
        return resolve_contract(source, reference=reference)
    if isinstance(source, Mapping):
        data = dict(source)
        check_data(data, name=MAPPING_NAME)
        document = Document(data=data, name=MAPPING_NAME, path=None, locator=Locator(None))
    else:
        document = read_document(source)
    return resolve_document(document, reference, base_dir, profile_dirs)


def resolve_document(
    document: Document,
    reference: ReferenceData | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    profile_dirs: ProfileFolders | None = None,
    profiles: ProfileRegistry | None = None,
) -> ResolvedContract:
    """Validate a parsed description as a contract and resolve it (steps 2 to 5 above).

    ``profiles``, when given, is the only place buyer profiles come from (by name; see
    :func:`~clausegen.resolve.buyer.resolve_buyer`); ``base_dir`` and ``profile_dirs`` are
    then not used.

    Every problem of the file is reported in one run, in line order
    (:mod:`clausegen.resolve.gathering`).

    Raises:
        ContractError: for a document that is not a contract description, any field that
            does not fit the model, a profile that cannot or may not be read,
            ``charter.include`` / ``exclude`` numbers that the buyer's charter does not
            have, or parameters that cannot be resolved; in line order.
        ProfileError: when the buyer's profile is invalid (its problems name the profile).
        ErrorGroup: when the profile is invalid and the contract has problems of its own
            (the contract's error first, then the profile's).
    """
    check_contract_shape(document)
    folder = None if base_dir is None else path_argument("base_dir", base_dir)
    buyer, problems, profile_error = _buyer_of(document, folder, profile_dirs, profiles)
    gathered = fields_and_resolution(
        document, buyer, reference, buyer_failed=bool(problems) or profile_error is not None
    )
    failure = contract_failure(document, [*problems, *gathered.problems], profile_error)
    if failure is not None:
        raise failure
    assert gathered.resolved is not None  # noqa: S101 - no problem means resolved
    return gathered.resolved


def _buyer_of(
    document: Document,
    base_dir: Path | None,
    profile_dirs: ProfileFolders | None,
    profiles: ProfileRegistry | None,
) -> tuple[ResolvedBuyer, list[Problem], ProfileError | None]:
    """Resolve the contract's buyer; when it cannot be, a stand-in and why not.

    The contract's other problems are still found with the stand-in (a buyer with a name
    only, which nothing checked afterwards may trust), so that one run reports them all.
    """
    try:
        buyer = resolve_buyer(
            document, base_dir=base_dir, profile_dirs=profile_dirs, profiles=profiles
        )
    except ProfileError as error:
        return _stand_in(document), [], error
    except ContractError as error:
        return _stand_in(document), list(error.problems), None
    return buyer, [], None


def _stand_in(document: Document) -> ResolvedBuyer:
    data = {**document.data, "buyer": {"name": "stand-in"}}
    return ResolvedBuyer(data=data, profile=None, charter_in_contract=False)
