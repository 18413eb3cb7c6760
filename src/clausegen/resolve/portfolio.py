"""The portfolio: contract descriptions found in files and directories, loaded and resolved.

Every file is checked before any figure is given, and all problems of all files are reported
at once; two descriptions with the same reference are an error, since realised hours are
matched to contracts by reference.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clausegen import limits
from clausegen.errors import ClausegenError, ContractError, ErrorGroup, Problem
from clausegen.i18n import _
from clausegen.resolve.buyer import profiles_read_once
from clausegen.resolve.loading import load_resolved
from clausegen.resolve.parameters import ResolvedContract

#: The suffixes of contract descriptions looked for in a directory.
CONTRACT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class PortfolioEntry:
    """A contract of the portfolio, resolved, and the file it came from."""

    resolved: ResolvedContract
    source: str


def find_contract_files(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """List the contract descriptions named by files and directories, in a stable order.

    A directory contributes its ``*.yaml``, ``*.yml`` and ``*.json`` files (not its
    sub-directories, where buyer profiles or other data may live), sorted by name.

    Raises:
        ContractError: for a directory without any description.
    """
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            child
            for child in path.iterdir()
            if child.suffix.lower() in CONTRACT_SUFFIXES
            and child.is_file()
            and not child.name.startswith(".")
        )
        if not found:
            raise ContractError(
                source=str(given),
                problems=[
                    Problem(
                        path="",
                        message=_(
                            "is a directory without any contract description "
                            "(*.yaml, *.yml, *.json)"
                        ),
                    )
                ],
            )
        files.extend(found)
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)  # a file named twice is read once
    return list(unique.values())


def load_portfolio(paths: Sequence[str | os.PathLike[str]]) -> tuple[PortfolioEntry, ...]:
    """Load and resolve every contract description named by ``paths``.

    Raises:
        ContractError: when one file is invalid or two contracts share a reference.
        ErrorGroup: when several are, with every problem of every file.
    """
    # NOTE: a portfolio names the same profiles again and again; the limits are read from
    # the environment once, not twice per contract.
    with profiles_read_once(), limits.using(limits.current()):
        return _load_portfolio(paths)


def _load_portfolio(paths: Sequence[str | os.PathLike[str]]) -> tuple[PortfolioEntry, ...]:
    errors: list[ClausegenError] = []
    loaded: list[PortfolioEntry] = []
    where: dict[str, str] = {}
    for path in find_contract_files(paths):
        try:
            resolved = load_resolved(path)
        except ContractError as error:
            errors.append(error)
            continue
        name = str(path)
        contract = resolved.contract
        if contract.reference in where:
            errors.append(
                ContractError(
                    source=name,
                    problems=[
                        Problem(
                            path="reference",
                            message=_(
                                "{reference} is already the reference of {source}; each "
                                "operation needs its own"
                            ).format(
                                reference=contract.reference, source=where[contract.reference]
                            ),
                        )
                    ],
                )
            )
            continue
        where[contract.reference] = name
        loaded.append(PortfolioEntry(resolved, name))
    if errors:
        raise ErrorGroup.of(errors)
    return tuple(loaded)
