"""clausegen: the insertion-hour obligation of French public contracts, and its tender annexes.

The library does the work and the ``clausegen`` command only translates. Typical use::

    from clausegen import load_contract, compute_obligation

    contract = load_contract("examples/lycee-jules-verne.yaml")
    obligation = compute_obligation(contract)
    print(obligation.total_insertion_hours, obligation.total_fte)
"""

from importlib.metadata import PackageNotFoundError, version

from clausegen.errors import (
    ClausegenError,
    ContractError,
    ExitCode,
    OutputError,
    Problem,
    ReferenceDataError,
)
from clausegen.obligation.hours import (
    ContractWarning,
    LotObligation,
    Method,
    Obligation,
    Parameter,
    Source,
    compute_obligation,
)
from clausegen.obligation.loading import load_contract
from clausegen.obligation.models import (
    Buyer,
    BuyerInsertionDefaults,
    Contract,
    ContractInsertion,
    ContractKind,
    Facilitator,
    Lot,
    Mechanism,
)
from clausegen.obligation.presentation import obligation_as_json
from clausegen.obligation.reference import ReferenceData, default_reference

try:
    __version__ = version("clausegen")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "Buyer",
    "BuyerInsertionDefaults",
    "ClausegenError",
    "Contract",
    "ContractError",
    "ContractInsertion",
    "ContractKind",
    "ContractWarning",
    "ExitCode",
    "Facilitator",
    "Lot",
    "LotObligation",
    "Mechanism",
    "Method",
    "Obligation",
    "OutputError",
    "Parameter",
    "Problem",
    "ReferenceData",
    "ReferenceDataError",
    "Source",
    "__version__",
    "compute_obligation",
    "default_reference",
    "load_contract",
    "obligation_as_json",
]
