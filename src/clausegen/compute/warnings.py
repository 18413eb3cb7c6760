"""What a computation tells the buyer without stopping: warnings with stable codes."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ContractWarning"]


@dataclass(frozen=True)
class ContractWarning:
    """Something the buyer should know; the documents are still produced.

    Attributes:
        code: a stable identifier (``under_minimum_hours``…), for workflows.
        message: the explanation, in English.
        lot: the lot number the warning is about, or None for the whole contract.
        legal: whether the warning is about the law (an obligation of the code de la
            commande publique, personal data): ``--strict`` turns those into errors.
    """

    code: str
    message: str
    lot: int | None = None
    legal: bool = False

    def __str__(self) -> str:
        return f"lot {self.lot}: {self.message}" if self.lot is not None else self.message

    def as_json(self) -> dict[str, object]:
        """The warning as JSON-ready data: code, message, lot, legal."""
        return {"code": self.code, "message": self.message, "lot": self.lot, "legal": self.legal}
