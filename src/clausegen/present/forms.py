"""The form of the contract in the template context: framework agreements, tranches, renewals.

The templates already word every form (issue 12 transcribed the drafts completely); the
values come from here. Until the fields of issue 13 (``form``, ``minimum_amount``,
``maximum_amount``, ``tranches``, ``renewals``) exist, every contract is a single contract
without tranches or renewals: these functions return that contract's values (False, "" and
[] everywhere). Issue 13 replaces their bodies; their signatures and the shape they return
are the vocabulary's (``present/vocabulary.py``).
"""

from __future__ import annotations

from typing import Any

from clausegen.compute.hours import LotObligation, Obligation
from clausegen.validate.models import Contract

__all__ = ["form_context", "lot_form_context"]


def form_context(contract: Contract, obligation: Obligation) -> dict[str, Any]:
    """The contract-level variables of its form (variables.md § 3.1)."""
    del contract, obligation  # a single contract: nothing depends on them yet
    return {
        "form": "single",
        "form_label": "",
        "is_framework": False,
        "has_tranches": False,
        "has_renewals": False,
        "renewals": {"count": 0, "count_label": "", "months": ""},
        "max_duration": "",
        "yearly_checkpoint": False,
    }


def lot_form_context(lot: LotObligation, obligation: Obligation) -> dict[str, Any]:
    """The lot-level variables of the contract's form (variables.md § 3.3 and § 3.4)."""
    del lot, obligation  # a single contract: nothing depends on them yet
    return {
        "minimum_amount": "",
        "maximum_amount": "",
        "hours_per_1000": "",
        "hours_per_1000_calculation": "",
        "has_tranches": False,
        "tranches": [],
        "period_hours": "",
        "renewal_hours": "",
        "periods_calculation": "",
    }
