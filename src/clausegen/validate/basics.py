"""What every model of a description shares: the strict base, list bounds, closed sets.

The contract kinds and legal mechanisms are named by contract descriptions and by the rules
of a buyer's charter alike, so they live here, below both.
"""

from __future__ import annotations

import enum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "LIST_LENGTH",
    "LOTS_LENGTH",
    "BuyerCategory",
    "ContractKind",
    "ContractStatus",
    "Form",
    "Mechanism",
    "StrictModel",
]


class ContractKind(enum.StrEnum):
    """What the contract buys; it chooses the default rate and hourly cost."""

    WORKS = "works"
    SERVICES = "services"
    INTELLECTUAL_SERVICES = "intellectual_services"
    SUPPLIES = "supplies"


class Mechanism(enum.StrEnum):
    """The legal mechanism that carries the insertion objective (domain.md A4)."""

    EXECUTION_CONDITION = "execution_condition"
    AWARD_CRITERION = "award_criterion"
    RESERVED_SIAE = "reserved_siae"
    RESERVED_EA_ESAT = "reserved_ea_esat"
    INSERTION_SERVICE = "insertion_service"
    RESERVED_JOINT = "reserved_joint"

    @property
    def is_reserved(self) -> bool:
        """Whether the contract is reserved, in which case no hour figure is computed."""
        return self in (
            Mechanism.RESERVED_SIAE,
            Mechanism.RESERVED_EA_ESAT,
            Mechanism.RESERVED_JOINT,
        )

    @property
    def is_clause(self) -> bool:
        """Whether the mechanism is an insertion clause (execution condition or criterion)."""
        return self in (Mechanism.EXECUTION_CONDITION, Mechanism.AWARD_CRITERION)


class BuyerCategory(enum.StrEnum):
    """Which EU threshold of supplies and services applies to the buyer (issue 12)."""

    STATE = "state"
    LOCAL = "local"
    NETWORK = "network"


class Form(enum.StrEnum):
    """How the contract is executed: once, or as a framework agreement (issue 13)."""

    SINGLE = "single"
    FRAMEWORK_ORDERS = "framework_orders"
    FRAMEWORK_SUBSEQUENT = "framework_subsequent"

    @property
    def is_framework(self) -> bool:
        """Whether the contract is a framework agreement, whose hours follow what is ordered."""
        return self is not Form.SINGLE


#: The most lots of a contract, and the most items of its other lists (awardees, ecolabels…).
LOTS_LENGTH = 1_000
LIST_LENGTH = 1_000


class StrictModel(BaseModel):
    """A model whose unknown keys are errors and whose values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ContractStatus(enum.StrEnum):
    """Where the contract stands; penalties are only due on finished contracts."""

    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"
