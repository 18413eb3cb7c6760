"""The portfolio: contract descriptions found in files and directories, loaded and computed.

Every file is checked before any figure is given, and all problems of all files are reported
at once; two descriptions with the same reference are an error, since realised hours are
matched to contracts by reference.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clausegen.compute.hours import Obligation, compute_obligation
from clausegen.errors import ClausegenError, ContractError, ErrorGroup, Problem
from clausegen.resolve.loading import load_contract
from clausegen.validate.models import Contract

#: The suffixes of contract descriptions looked for in a directory.
CONTRACT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class PortfolioContract:
    """A contract of the portfolio, its obligation and the file it came from."""

    contract: Contract
    obligation: Obligation
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
                        message="is a directory without any contract description "
                        "(*.yaml, *.yml, *.json)",
                    )
                ],
            )
        files.extend(found)
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)  # a file named twice is read once
    return list(unique.values())


def load_portfolio(paths: Sequence[str | os.PathLike[str]]) -> tuple[PortfolioContract, ...]:
    """Load and compute every contract description named by ``paths``.

    Raises:
        ContractError: when one file is invalid or two contracts share a reference.
        ErrorGroup: when several are, with every problem of every file.
    """
    errors: list[ClausegenError] = []
    loaded: list[PortfolioContract] = []
    where: dict[str, str] = {}
    for path in find_contract_files(paths):
        try:
            contract = load_contract(path)
        except ContractError as error:
            errors.append(error)
            continue
        name = str(path)
        if contract.reference in where:
            errors.append(
                ContractError(
                    source=name,
                    problems=[
                        Problem(
                            path="reference",
                            message=f"{contract.reference} is already the reference of "
                            f"{where[contract.reference]}; each operation needs its own",
                        )
                    ],
                )
            )
            continue
        where[contract.reference] = name
        loaded.append(PortfolioContract(contract, compute_obligation(contract), name))
    if errors:
        raise ErrorGroup.of(errors)
    return tuple(loaded)
