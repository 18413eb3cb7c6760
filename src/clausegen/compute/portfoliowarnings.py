"""The warnings of a portfolio report: what its figures suggest a buyer should check.

Mixed FTE conventions, realised hours that do not fit a contract's status or are far above
a lot's obligation, and frameworks measured on their estimate or orders given for a
contract that does not follow them; :mod:`clausegen.compute.report` gathers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from clausegen import readable
from clausegen.compute.figures import ContractFigures
from clausegen.i18n import N_, _
from clausegen.validate.models import ContractStatus
from clausegen.validate.orders import Orders
from clausegen.validate.realised import RealisedHours


def report_warnings(
    figures: Sequence[ContractFigures],
    conventions: Sequence[Decimal],
    convention_given: bool,
    realised: RealisedHours | None,
) -> tuple[str, ...]:
    """Warn about mixed FTE conventions and realised hours that do not fit the contracts."""
    warnings: list[str] = []
    if len(conventions) > 1 and not convention_given:
        used = _(" and ").join(f"{readable.figure(value)} h" for value in conventions)
        warnings.append(
            _(
                "the contracts use different FTE conventions ({used} per FTE): each contract's "
                "FTE uses its own and the totals add them up; give --hours-per-fte to use one "
                "convention for all"
            ).format(used=used)
        )
    if realised is None:
        return tuple(warnings)
    warnings.extend(realised.warnings)
    for figure in figures:
        assert figure.realised is not None  # noqa: S101 - realised hours were given
        if figure.status is ContractStatus.PLANNED and figure.realised.lines:
            warnings.append(
                _(
                    "{contract}: realised hours are reported but the contract's status "
                    "is planned; set status: running or finished in its description"
                ).format(contract=figure.reference)
            )
        if (
            figure.status is ContractStatus.FINISHED
            and figure.obligation_hours > 0
            and not figure.realised.lines
        ):
            warnings.append(
                _(
                    "{contract}: the contract is finished but no realised hours were "
                    "given for it: its penalty counts every hour of the obligation as missing"
                ).format(contract=figure.reference)
            )
        warnings.extend(_far_above(figure))
    return tuple(warnings)


#: Realised hours above this many times a lot's obligation are worth a warning ("twice").
FAR_ABOVE_FACTOR = 2
_CHECK_LINES = N_(
    "check its lines in the realised-hours files (hours entered twice or in another unit, "
    "lines of another lot or contract)"
)


def _far_above(figure: ContractFigures) -> list[str]:
    """Warn about lots whose realised hours are far above the obligation (a likely mistake).

    That is more than twice (:data:`FAR_ABOVE_FACTOR`) the lot's obligation, or any hours on
    a lot whose obligation is 0 hours (except in reserved contracts, which have none).
    """
    warnings: list[str] = []
    for lot in figure.lots:
        hours = lot.realised.hours if lot.realised is not None else Decimal(0)
        if lot.obligation_hours > 0 and hours > FAR_ABOVE_FACTOR * lot.obligation_hours:
            warnings.append(
                _("{where}, more than twice the obligation of {hours} hours: {advice}").format(
                    where=_where(figure, lot.number, hours),
                    hours=readable.figure(lot.obligation_hours),
                    advice=_(_CHECK_LINES),
                )
            )
        elif lot.obligation_hours == 0 and hours > 0 and not figure.mechanism.is_reserved:
            warnings.append(
                _("{where} on a lot without insertion hours: {advice}").format(
                    where=_where(figure, lot.number, hours), advice=_(_CHECK_LINES)
                )
            )
    return warnings


def _where(figure: ContractFigures, lot: int, hours: Decimal) -> str:
    """The lot a warning of :func:`_far_above` is about (written only for a warning)."""
    return _("{contract}, lot {lot}: {hours} realised hours").format(
        contract=figure.reference, lot=lot, hours=readable.figure(hours)
    )


def order_warnings(figures: Sequence[ContractFigures], orders: Orders | None) -> tuple[str, ...]:
    """Say which contracts' hours are measured on an estimate, or ignore their orders."""
    warnings = list(orders.warnings) if orders is not None else []
    with_orders = set() if orders is None else {order.contract for order in orders.accepted}
    for figure in figures:
        if figure.form.is_framework and orders is None:
            warnings.append(
                _(
                    "{contract}: a framework agreement shown against its estimate "
                    "(indicative, no penalty computed on it): give --orders for the hours due on "
                    "what was ordered"
                ).format(contract=figure.reference)
            )
        elif not figure.form.is_framework and figure.reference in with_orders:
            warnings.append(
                _(
                    "{contract}: orders are given but the contract is not a framework "
                    "agreement (form single): its hours do not follow orders, the orders are "
                    "not used"
                ).format(contract=figure.reference)
            )
    return tuple(warnings)
