"""The chart of the Word report: obligation against realised hours, one pair of bars a contract.

Drawn with matplotlib's object interface on the Agg canvas (no pyplot, no display, no global
state), and saved as PNG without a software or date stamp so that the same figures give the
same image. matplotlib is imported only when a chart is drawn: the other commands start fast.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from clausegen import french
from clausegen.compute.figures import ContractFigures
from clausegen.numbers import round_half_up

_OBLIGATION_COLOUR = "#9db4cf"
_REALISED_COLOUR = "#1f4e79"


#: The most operations the chart draws one by one; beyond, the others make one bar.
CHART_OPERATIONS = 20


@dataclass(frozen=True)
class _Bar:
    """One pair of bars: an operation, or the operations grouped as "others"."""

    label: str
    obligation: float
    realised: float
    rate: Decimal | None


def chart_bars(contracts: Sequence[ContractFigures]) -> list[_Bar]:
    """Return the bars of the chart: every operation, or the largest and the others.

    Up to :data:`CHART_OPERATIONS` operations, each has its bars, in the order given.
    Beyond, the :data:`CHART_OPERATIONS` with the most hours due have theirs (largest
    first) and the others are added up into one last pair of bars, "Autres (N
    opérations)", whose completion rate is their realised hours over their obligation, so
    that the chart stays readable and of a bounded size whatever the portfolio.
    """
    bars = [_bar_of(contract) for contract in contracts]
    if len(bars) <= CHART_OPERATIONS + 1:
        return bars
    ranked = sorted(bars, key=lambda bar: -bar.obligation)
    shown, others = ranked[:CHART_OPERATIONS], ranked[CHART_OPERATIONS:]
    obligation = sum(bar.obligation for bar in others)
    realised = sum(bar.realised for bar in others)
    measured = [c for c in contracts if c.completion_rate is not None]
    rate = Decimal(str(realised)) / Decimal(str(obligation)) if measured and obligation else None
    label = f"Autres ({french.number(len(others))} opérations)"
    return [*shown, _Bar(label, obligation, realised, rate)]


def _bar_of(contract: ContractFigures) -> _Bar:
    realised = contract.realised
    return _Bar(
        contract.reference,
        float(contract.obligation_hours),
        float(realised.hours) if realised is not None else 0.0,
        contract.completion_rate,
    )


def obligation_chart(contracts: Sequence[ContractFigures], *, with_realised: bool) -> bytes:
    """Draw the hours of each contract as horizontal bars and return the PNG image.

    Args:
        contracts: the operations, drawn top to bottom in this order (see
            :func:`chart_bars` for a portfolio of more than :data:`CHART_OPERATIONS`).
        with_realised: draw the realised hours beside the obligation, with the completion
            rate at the end of each bar.

    Returns:
        A PNG image, 150 dpi, about 16.5 cm wide.
    """
    # NOTE: imported here: matplotlib takes about a second to import.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    bars = chart_bars(contracts)
    count = max(1, len(bars))
    figure = Figure(figsize=(6.5, 1.4 + 0.42 * count), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(bars)))
    height = 0.38 if with_realised else 0.6
    obligation = [bar.obligation for bar in bars]
    axes.barh(
        [p - (height / 2 if with_realised else 0) for p in positions],
        obligation,
        height=height,
        color=_OBLIGATION_COLOUR,
        label="Heures prévues (obligation)",
    )
    largest = float(max([*obligation, 1]))
    if with_realised:
        largest = _realised_bars(axes, bars, positions, height, largest)
    axes.set_yticks(positions, [bar.label for bar in bars], fontsize=8)
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
    bars: Sequence[_Bar],
    positions: list[int],
    height: float,
    largest: float,
) -> float:
    """Draw the realised hours beside the obligation, with completion rates; return the largest."""
    realised = [bar.realised for bar in bars]
    largest = max([largest, *realised])
    axes.barh(
        [p + height / 2 for p in positions],
        realised,
        height=height,
        color=_REALISED_COLOUR,
        label="Heures réalisées",
    )
    for position, bar in zip(positions, bars, strict=True):
        if bar.rate is None:
            continue
        rate = french.percent(_tenth_of_percent(bar.rate))
        axes.text(
            bar.realised + largest * 0.01,
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
