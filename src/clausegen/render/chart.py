"""The chart of the Word report: obligation against realised hours, one pair of bars a contract.

Drawn with matplotlib's object interface on the Agg canvas (no pyplot, no display, no global
state), and saved as PNG without a software or date stamp so that the same figures give the
same image. matplotlib is imported only when a chart is drawn: the other commands start fast.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from clausegen import french
from clausegen.compute.figures import ContractFigures
from clausegen.numbers import round_half_up

_OBLIGATION_COLOUR = "#9db4cf"
_REALISED_COLOUR = "#1f4e79"


def obligation_chart(contracts: Sequence[ContractFigures], *, with_realised: bool) -> bytes:
    """Draw the hours of each contract as horizontal bars and return the PNG image.

    Args:
        contracts: the operations, drawn top to bottom in this order.
        with_realised: draw the realised hours beside the obligation, with the completion
            rate at the end of each bar.

    Returns:
        A PNG image, 150 dpi, about 16.5 cm wide.
    """
    # NOTE: imported here: matplotlib takes about a second to import.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    count = max(1, len(contracts))
    figure = Figure(figsize=(6.5, 1.4 + 0.42 * count), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(contracts)))
    height = 0.38 if with_realised else 0.6
    obligation = [contract.obligation_hours for contract in contracts]
    axes.barh(
        [p - (height / 2 if with_realised else 0) for p in positions],
        obligation,
        height=height,
        color=_OBLIGATION_COLOUR,
        label="Heures prévues (obligation)",
    )
    largest = float(max([*obligation, 1]))
    if with_realised:
        largest = _realised_bars(axes, contracts, positions, height, largest)
    axes.set_yticks(positions, [contract.reference for contract in contracts], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, largest * 1.12)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: french.number(int(value))))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel("heures d'insertion", fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.legend(fontsize=8, loc="lower right", frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _realised_bars(
    axes: Any,
    contracts: Sequence[ContractFigures],
    positions: list[int],
    height: float,
    largest: float,
) -> float:
    """Draw the realised hours beside the obligation, with completion rates; return the largest."""
    realised = [
        float(contract.realised.hours) if contract.realised is not None else 0.0
        for contract in contracts
    ]
    largest = max([largest, *realised])
    axes.barh(
        [p + height / 2 for p in positions],
        realised,
        height=height,
        color=_REALISED_COLOUR,
        label="Heures réalisées",
    )
    for position, contract, value in zip(positions, contracts, realised, strict=True):
        if contract.completion_rate is None:
            continue
        rate = french.percent(_tenth_of_percent(contract.completion_rate))
        axes.text(
            value + largest * 0.01,
            position + height / 2,
            rate,
            va="center",
            fontsize=7,
            color=_REALISED_COLOUR,
        )
    return largest


def _tenth_of_percent(rate: Decimal) -> Decimal:
    """Round a ratio so that its percentage has one decimal at most (0.70714 → 0.707)."""
    return round_half_up(rate, Decimal("0.001"))
