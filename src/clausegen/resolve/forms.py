"""The form of a contract (issue 13): frameworks, tranches and renewals, and what they forbid.

A contract is ``single`` (one amount per lot, executed once), or a framework agreement
(``framework_orders``: accord-cadre à bons de commande; ``framework_subsequent``: executed by
subsequent contracts). A framework lot gives the buyer's estimate of what will be ordered
(``estimated_amount``, on which its hours are sized) and its ``minimum_amount`` and/or
``maximum_amount`` over the whole duration; the estimate must lie between them. A lot of a
single contract may instead be split into a firm tranche and optional ones (``tranches``).
Either form may be renewed (``renewals``: count and months each), its amounts then being
over the maximum duration.

Every combination that cannot be computed or would be unlawful to print is reported here,
with its field path, all at once (:func:`form_problems`), before any figure is computed.
"""

from __future__ import annotations

from decimal import Decimal

from clausegen.characters import group_digits
from clausegen.errors import Problem
from clausegen.i18n import _
from clausegen.numbers import plain
from clausegen.validate.models import Contract, Lot

__all__ = ["euros", "form_problems", "max_duration_months"]


def euros(value: Decimal) -> str:
    """Write an amount for an English message: ``600 000 € excl. VAT``, ``1 234,5 €…``."""
    whole, _dot, decimals = plain(value).partition(".")
    grouped = group_digits(int(whole))
    amount = f"{grouped},{decimals}" if decimals else grouped
    return _("{amount} € excl. VAT").format(amount=amount)


def max_duration_months(contract: Contract) -> Decimal | None:
    """The initial duration plus every renewal; the initial duration without renewals."""
    months = contract.duration_months
    if months is None or contract.renewals is None:
        return months
    return months + contract.renewals.count * contract.renewals.months


def form_problems(contract: Contract) -> list[Problem]:
    """Return every problem of the contract's form, tranches and renewals, with field paths."""
    problems: list[Problem] = []
    if contract.renewals is not None and contract.duration_months is None:
        problems.append(
            Problem(
                path="renewals",
                message=_("renewals need duration_months: the length of the initial period"),
            )
        )
    renewals = contract.renewals
    if (
        renewals is not None
        and renewals.exercised is not None
        and renewals.exercised > renewals.count
    ):
        problems.append(
            Problem(
                path="renewals.exercised",
                message=_(
                    "{exercised} renewals exercised, more than the {count} the contract "
                    "allows (renewals.count)"
                ).format(exercised=renewals.exercised, count=renewals.count),
            )
        )
    for index, lot in enumerate(contract.lots):
        path = f"lots[{index}]"
        if contract.form.is_framework:
            problems += _framework_problems(lot, path)
        else:
            problems += _single_problems(lot, path)
        if lot.tranches and not contract.form.is_framework:
            problems += _tranche_problems(contract, lot, path)
    return problems


def _single_problems(lot: Lot, path: str) -> list[Problem]:
    return [
        Problem(
            path=f"{path}.{name}",
            message=_(
                "{field} is for a framework agreement: set form to framework_orders or "
                "framework_subsequent, or remove it"
            ).format(field=name),
        )
        for name in ("minimum_amount", "maximum_amount")
        if getattr(lot, name) is not None
    ]


def _framework_problems(lot: Lot, path: str) -> list[Problem]:
    problems = []
    if lot.tranches:
        problems.append(
            Problem(
                path=f"{path}.tranches",
                message=_("tranches are for a contract of form single, not a framework agreement"),
            )
        )
    low, high, estimate = lot.minimum_amount, lot.maximum_amount, lot.estimated_amount
    if estimate is None:
        problems.append(
            Problem(
                path=f"{path}.estimated_amount",
                message=_(
                    "a framework agreement lot needs estimated_amount: the buyer's "
                    "estimate of what will be ordered, on which its hours are sized"
                ),
            )
        )
    if low is not None and high is not None and high < low:
        problems.append(
            Problem(
                path=f"{path}.maximum_amount",
                message=_("maximum_amount ({high}) is below minimum_amount ({low})").format(
                    high=euros(high), low=euros(low)
                ),
            )
        )
    elif estimate is not None and (
        (low is not None and estimate < low) or (high is not None and estimate > high)
    ):
        bounds = _("{low} to {high}").format(
            low=euros(low) if low is not None else _("no minimum"),
            high=euros(high) if high is not None else _("no maximum"),
        )
        problems.append(
            Problem(
                path=f"{path}.estimated_amount",
                message=_(
                    "estimated_amount ({estimate}) is outside minimum_amount–maximum_amount "
                    "({bounds})"
                ).format(estimate=euros(estimate), bounds=bounds),
            )
        )
    return problems


def _tranche_problems(contract: Contract, lot: Lot, path: str) -> list[Problem]:
    """Report what makes a lot's tranches unusable (the framework case is reported apart)."""
    problems = []
    where = f"{path}.tranches"

    def add(subpath: str, message: str) -> None:
        problems.append(Problem(path=subpath, message=message))

    if contract.renewals is not None:
        add(where, _("a contract with renewals cannot have tranches (not supported)"))
    if lot.transferable_staff_monthly_hours is not None:
        add(
            where,
            _(
                "the cleaning-sector method (transferable_staff_monthly_hours) cannot be "
                "used with tranches (not supported)"
            ),
        )
    for name in ("estimated_amount", "labour_hours"):
        if getattr(lot, name) is not None:
            add(f"{path}.{name}", _("give the amounts in the tranches, not on the lot"))
    if len(lot.tranches) < 2:
        add(where, _("give the firm tranche and at least one optional tranche (got 1 tranche)"))
    for number, tranche in enumerate(lot.tranches):
        here = f"{where}[{number}]"
        if number == 0 and tranche.optional:
            add(
                f"{here}.optional",
                _("the first tranche must be the firm tranche (optional: false)"),
            )
        elif number > 0 and not tranche.optional:
            add(
                f"{here}.optional",
                _("only the first tranche is firm: this one must be optional (optional: true)"),
            )
        if not tranche.optional and tranche.triggered:
            add(
                f"{here}.triggered",
                _("the firm tranche is always due: triggered is for an optional tranche"),
            )
        if tranche.estimated_amount is None and tranche.labour_hours is None:
            add(here, _("give estimated_amount or labour_hours to size this tranche"))
    return problems
