"""The Word report's framework section and chart text, with the French figures they share.

The section "Accords-cadres et tranches : heures dues" (what a lot's hours due are measured
on, year by year for orders) and the chart's alternative text are worded here;
:mod:`clausegen.render.wordreport` assembles them into the document.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from clausegen import french
from clausegen.compute.due import DueBasis
from clausegen.compute.figures import PortfolioReport
from clausegen.numbers import ONE_HUNDREDTH, round_half_up
from clausegen.render.wordtables import table


def hours_text(value: Decimal | int) -> str:
    """Hours rounded to the hundredth, in French."""
    return french.hours(round_half_up(Decimal(value), ONE_HUNDREDTH))


def rate_text(value: Decimal | None) -> str:
    """A rate in French per cent, to the tenth; a dash when there is none."""
    return "–" if value is None else french.percent(round_half_up(value, Decimal("0.001")))


def euros_text(value: Decimal | None) -> str:
    """An amount in euros, in French; a dash when there is none."""
    return "–" if value is None else french.euros(value, excl_vat=False)


def chart_description(report: PortfolioReport) -> str:
    """The alternative text of the chart: what it shows, operation by operation."""
    realised = report.realised_hours is not None
    parts = []
    for contract in report.contracts:
        text = f"{contract.reference} : prévu {french.hours(contract.obligation_hours)}"
        if realised:
            done = contract.realised.hours if contract.realised is not None else Decimal(0)
            text += f", réalisé {hours_text(done)} (taux {rate_text(contract.completion_rate)})"
        parts.append(text)
    kind = "prévues et réalisées" if realised else "prévues"
    return f"Graphique en barres des heures d'insertion {kind} par opération. " + (
        " ; ".join(parts) + "."
    )


#: How the Word report names what a lot's hours due are measured on.
_BASIS = {
    DueBasis.CONTRACT: "marché",
    DueBasis.TRANCHES: "tranches affermies",
    DueBasis.ORDERS: "commandes",
    DueBasis.ESTIMATE: "estimation (sans fichier de commandes)",
    DueBasis.RENEWALS: "reconductions décidées",
}


def due_section(document: Any, report: PortfolioReport) -> None:
    """Frameworks and tranches: the hours due on what was ordered or triggered."""
    every = [(contract, lot) for contract in report.contracts for lot in contract.lots]
    lots = [(contract, lot) for contract, lot in every if lot.due_basis is not DueBasis.CONTRACT]
    if not lots:
        return
    document.add_heading("Accords-cadres et tranches : heures dues", level=1)
    rows = [
        [
            contract.reference,
            french.number(lot.number),
            _BASIS[lot.due_basis],
            "–" if lot.estimate_hours is None else french.number(lot.estimate_hours),
            "–" if lot.hours_per_1000 is None else french.number(lot.hours_per_1000, 3),
            euros_text(lot.ordered),
            french.number(lot.obligation_hours),
        ]
        for contract, lot in lots
    ]
    header = ["Opération", "Lot", "Base", "Estimation", "Heures / 1 000 € HT", "Commandé", "Dû"]
    table(document, header, rows, [2.6, 0.9, 3.0, 1.8, 2.0, 2.6, 1.6])
    document.add_paragraph(
        "Pour un accord-cadre, les heures dues sont le ratio (heures par tranche de 1 000 € HT "
        "commandés, arrondi au millième) multiplié par le montant cumulé des commandes, "
        "arrondi à l'heure ; l'estimation du marché n'est qu'indicative. Sans fichier de "
        "commandes, l'accord-cadre est suivi par rapport à son estimation et aucune pénalité "
        "n'est calculée. Pour un marché à tranches, sont dues les heures de la tranche ferme "
        "et des tranches optionnelles affermies ; pour un marché reconduit, les heures de la "
        "période initiale et des reconductions décidées."
    )
    years = [
        [
            contract.reference,
            french.number(lot.number),
            str(year.year),
            euros_text(year.ordered),
            euros_text(year.cumulative_ordered),
            french.number(year.cumulative_due),
            french.number(year.due),
        ]
        for contract, lot in lots
        for year in lot.years
    ]
    if years:
        document.add_heading("Commandes par année", level=2)
        header = ["Opération", "Lot", "Année", "Commandé", "Cumul", "Dû au cumul", "Dû"]
        table(document, header, years, [2.6, 0.9, 1.2, 2.6, 2.6, 1.8, 1.6])
