"""The portfolio report as readable terminal tables (``clausegen report`` without options).

Figures are written in the language of messages (:func:`clausegen.readable.figure`): plainly
under English (no digit grouping, a dot for decimals), as the documents write them under
French (``1 200,50``); the Word report carries the French typography in both.
"""

from __future__ import annotations

from decimal import Decimal

from clausegen.compute.due import DueBasis
from clausegen.compute.figures import ContractFigures, GroupFigures, PortfolioReport
from clausegen.compute.forms import RATIO_PLACES
from clausegen.i18n import N_, _, ngettext
from clausegen.numbers import ONE_HUNDREDTH, ONE_TENTH, round_half_up
from clausegen.readable import day, figure


def _words(*words: str) -> list[str]:
    """Translate the words of a table's header (marked with ``N_``)."""
    return [_(word) for word in words]


def _read(lines: int, counted: int, rejected: int) -> str:
    """Say what became of the lines of the data files read."""
    if rejected:
        text = _(
            "{lines} lines read, {counted} counted, {rejected} rejected (listed on standard error)"
        )
    else:
        text = _("{lines} lines read, {counted} counted, {rejected} rejected")
    return "  " + text.format(
        lines=figure(lines), counted=figure(counted), rejected=figure(rejected)
    )


def _hours(value: Decimal | int | None) -> str:
    return "-" if value is None else figure(round_half_up(Decimal(value), ONE_HUNDREDTH))


def _rate(value: Decimal | None) -> str:
    return "-" if value is None else f"{figure(round_half_up(value * 100, ONE_TENTH))} %"


def _fte(value: Decimal | None) -> str:
    return "-" if value is None else figure(value, 1)


def _money(value: Decimal | None) -> str:
    return "-" if value is None else f"{figure(value, 2)} €"


def _shorten(text: str, width: int = 34) -> str:
    single = " ".join(text.split())
    return single if len(single) <= width else single[: width - 1] + "…"


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> list[str]:
    """Align columns: the first ``left`` columns to the left, the figures to the right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(widths[i]) if i < left else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(padded).rstrip()

    return [line(header), *(line(row) for row in rows)]


def _convention(report: PortfolioReport) -> str:
    values = _(" and ").join(f"{figure(value)} h" for value in report.conventions)
    if report.convention_given:
        return _("{values} per FTE for every contract (--hours-per-fte)").format(values=values)
    if len(report.conventions) == 1:
        return _("{values} per FTE").format(values=values)
    return _("each contract's own convention: {values} per FTE").format(values=values)


def _key_figures(report: PortfolioReport) -> list[str]:
    total = report.total
    rows = [
        [_("Operations"), figure(total.operations), ""],
        [_("Lots"), figure(total.lots), ""],
        [_("Companies potentially concerned"), figure(total.companies), ""],
        [_("Insertion hours"), figure(total.obligation_hours), ""],
        [_("FTE"), figure(total.fte, 1), f"({_convention(report)})"],
    ]
    if total.realised is not None:
        rows += [
            [
                _("Realised hours"),
                _hours(total.realised.hours),
                _("({rate} of the obligation)").format(rate=_rate(total.completion_rate)),
            ],
            [_("Realised FTE"), _fte(total.realised_fte), ""],
            [_("Persons"), figure(total.realised.persons), ""],
            [_("Penalties due"), _money(total.penalties), _("(finished contracts)")],
        ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return [
        f"  {label.ljust(widths[0])}  {value.rjust(widths[1])}  {note}".rstrip()
        for label, value, note in rows
    ]


def _groups(title: str, label: str, groups: tuple[GroupFigures, ...], realised: bool) -> list[str]:
    header = [
        _(label),
        *_words(N_("Operations"), N_("Lots"), N_("Companies"), N_("Insertion hours"), N_("FTE")),
    ]
    if realised:
        header += _words(N_("Realised hours"), N_("Completion"))
    rows = []
    for group in groups:
        row = [
            group.name,
            figure(group.operations),
            figure(group.lots),
            figure(group.companies),
            figure(group.obligation_hours),
            figure(group.fte, 1),
        ]
        if realised:
            row += [
                _hours(None if group.realised is None else group.realised.hours),
                _rate(group.completion_rate),
            ]
        rows.append(row)
    return ["", _(title), *_table(header, rows)]


def _contract_row(contract: ContractFigures, realised: bool) -> list[str]:
    row = [
        contract.reference,
        _shorten(contract.title),
        contract.status.value,
        contract.kind.value,
        contract.mechanism.value,
        figure(len(contract.lots)),
        figure(contract.companies),
        figure(contract.obligation_hours),
        figure(contract.fte, 1),
    ]
    if realised:
        row += [
            _hours(None if contract.realised is None else contract.realised.hours),
            _rate(contract.completion_rate),
            "-" if contract.realised is None else figure(contract.realised.persons),
            _money(contract.penalty),
        ]
    return row


def _contracts(report: PortfolioReport, realised: bool) -> list[str]:
    header = _words(
        N_("Reference"),
        N_("Title"),
        N_("Status"),
        N_("Kind"),
        N_("Mechanism"),
        N_("Lots"),
        N_("Companies"),
    )
    header += _words(N_("Hours"), N_("FTE"))
    if realised:
        header += _words(N_("Realised"), N_("Completion"), N_("Persons"), N_("Penalty"))
    rows = [_contract_row(contract, realised) for contract in report.contracts]
    return ["", _("Contracts"), *_table(header, rows, left=5)]


def _lots(report: PortfolioReport) -> list[str]:
    header = _words(
        N_("Contract"),
        N_("Lot"),
        N_("Due on"),
        N_("Due"),
        N_("Realised"),
        N_("Completion"),
        N_("Persons"),
    )
    header += _words(N_("Missing"), N_("€ per missing hour"), N_("Penalty"))
    rows = []
    for contract in report.contracts:
        for lot in contract.lots:
            rows.append(
                [
                    contract.reference,
                    str(lot.number),
                    _(_BASIS[lot.due_basis]),
                    figure(lot.obligation_hours),
                    _hours(None if lot.realised is None else lot.realised.hours),
                    _rate(lot.completion_rate),
                    "-" if lot.realised is None else figure(lot.realised.persons),
                    _hours(lot.missing_hours),
                    _hours(lot.penalty_per_missing_hour),
                    _money(lot.penalty),
                ]
            )
    title = _("Lots: hours due against realised hours")
    return ["", title, *_table(header, rows, left=3)]


#: How the tables name what a lot's hours due are measured on.
_BASIS = {
    DueBasis.CONTRACT: N_("contract"),
    DueBasis.TRANCHES: N_("tranches triggered"),
    DueBasis.ORDERS: N_("orders"),
    DueBasis.ESTIMATE: N_("estimate (no orders)"),
    DueBasis.RENEWALS: N_("renewals exercised"),
}


def _due(report: PortfolioReport) -> list[str]:
    """Lots whose hours due are not simply the contract's: frameworks and tranches."""
    header = _words(
        N_("Contract"),
        N_("Lot"),
        N_("Due on"),
        N_("Estimate"),
        N_("Per 1000 €"),
        N_("Ordered"),
        N_("Due"),
    )
    rows = [
        [
            contract.reference,
            str(lot.number),
            _(_BASIS[lot.due_basis]),
            "-" if lot.estimate_hours is None else figure(lot.estimate_hours),
            "-" if lot.hours_per_1000 is None else figure(lot.hours_per_1000, RATIO_PLACES),
            _money(lot.ordered),
            figure(lot.obligation_hours),
        ]
        for contract in report.contracts
        for lot in contract.lots
        if lot.due_basis is not DueBasis.CONTRACT
    ]
    if not rows:
        return []
    title = _("Hours due on what was ordered or triggered")
    lines = ["", title, *_table(header, rows, left=3)]
    years = [
        [
            contract.reference,
            str(lot.number),
            str(year.year),
            figure(year.orders),
            _money(year.ordered),
            _money(year.cumulative_ordered),
            figure(year.cumulative_due),
            figure(year.due),
        ]
        for contract in report.contracts
        for lot in contract.lots
        for year in lot.years
    ]
    if years:
        header = _words(
            N_("Contract"),
            N_("Lot"),
            N_("Year"),
            N_("Orders"),
            N_("Ordered"),
            N_("Cumulative"),
            N_("Due to date"),
        )
        header += _words(N_("Due that year"))
        lines += ["", _("Orders by year"), *_table(header, years, left=2)]
    return lines


def _breakdowns(report: PortfolioReport) -> list[str]:
    total = report.total.realised
    if total is None:
        return []
    lines: list[str] = []
    for title, label, values in (
        (N_("Realised hours by eligibility category"), N_("Category"), total.by_category),
        (N_("Realised hours by modality"), N_("Modality"), total.by_modality),
    ):
        rows = [
            [
                code.value,
                _hours(hours),
                _rate(hours / total.hours if total.hours else None),
            ]
            for code, hours in values.items()
        ]
        lines += ["", _(title), *_table(_words(label, N_("Hours"), N_("Share")), rows)]
    return lines


def _per_contract(report: PortfolioReport) -> list[str]:
    """Hours by category and by modality for each contract with realised lines."""
    total = report.total.realised
    if total is None:
        return []
    counted = [c for c in report.contracts if c.realised is not None and c.realised.lines]
    categories = [
        [c.reference, *(_hours(c.realised.by_category.get(code, 0)) for code in total.by_category)]
        for c in counted
        if c.realised is not None
    ]
    modalities = [
        [c.reference, *(_hours(c.realised.by_modality.get(code, 0)) for code in total.by_modality)]
        for c in counted
        if c.realised is not None
    ]
    if not counted:
        return []
    return [
        "",
        _("Realised hours by contract and eligibility category"),
        *_table([_("Contract"), *(code.value for code in total.by_category)], categories),
        "",
        _("Realised hours by contract and modality"),
        *_table([_("Contract"), *(code.value for code in total.by_modality)], modalities),
    ]


def report_as_text(report: PortfolioReport) -> str:
    """Return the readable report of ``clausegen report``: key figures, splits, tables."""
    realised = report.realised_hours is not None
    count = report.total.operations
    title = ngettext(
        "Portfolio report — {count} operation", "Portfolio report — {count} operations", count
    ).format(count=figure(count))
    if report.date is not None:
        title = _("{title} (situation on {date})").format(title=title, date=day(report.date))
    lines = [title, "", _("Key figures"), *_key_figures(report)]
    lines += _groups(N_("By contract kind"), N_("Kind"), report.by_kind, realised)
    lines += _groups(N_("By mechanism"), N_("Mechanism"), report.by_mechanism, realised)
    lines += _contracts(report, realised)
    lines += _due(report)
    if report.realised_hours is not None:
        hours = report.realised_hours
        lines += _lots(report)
        lines += _breakdowns(report)
        lines += _per_contract(report)
        files = _("Realised-hours files: {files}").format(files=", ".join(hours.files))
        lines += ["", files, _read(hours.lines_read, len(hours.accepted), len(hours.rejected))]
    if report.orders is not None:
        orders = report.orders
        files = _("Orders files: {files}").format(files=", ".join(orders.files))
        lines += ["", files, _read(orders.lines_read, len(orders.accepted), len(orders.rejected))]
    if report.warnings:
        lines += ["", _("Warnings:"), *(f"  - {warning}" for warning in report.warnings)]
    return "\n".join(lines) + "\n"
