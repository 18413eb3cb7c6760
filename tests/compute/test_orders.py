"""Follow-up of frameworks and tranches: hours due on what was ordered or triggered.

Each figure is computed by hand in the comments. The framework of these tests: labour share
80 %, hourly cost 20 €, rate 5 % on an estimate of 600 000 € → 1 200 h, ratio 2.000 h per
1 000 € excl. VAT; its penalty per missing hour is 30 €.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clausegen import limits
from clausegen.compute.due import DueBasis
from clausegen.compute.report import portfolio_report
from clausegen.errors import OrdersError
from clausegen.present.report import rejected_messages, report_as_csv, report_as_json
from clausegen.present.terminal import report_as_text
from clausegen.validate.orders import read_orders
from tests.helpers import build_file_tree, contract_data
from tests.portfolio_builders import REALISED_HEADER

FRAMEWORK_LOT = {
    "number": 1,
    "title": "Bureaux",
    "minimum_amount": 400000,
    "maximum_amount": 900000,
    "estimated_amount": 600000,
    "labour_share": 0.8,
    "hourly_cost": 20,
    "rate": 0.05,
}


def files(tmp_path: Path, orders: str | None = None, **changes: Any) -> Path:
    contract = contract_data(
        reference="AC-1",
        kind="services",
        form="framework_orders",
        status="finished",
        duration_months=48,
        insertion={"penalty_per_missing_hour": 30},
        lots=[FRAMEWORK_LOT],
    )
    contract.update(changes)
    tree: dict[str, Any] = {
        "contracts/ac.yaml": contract,
        "realised.csv": REALISED_HEADER
        + "AC-1;1;P1;RSA;direct_hiring;CDI;2026-01-01;2026-06-30;500\n",
    }
    if orders is not None:
        tree["orders.csv"] = orders
    return build_file_tree(tmp_path, tree)


ORDERS = (
    "contrat;lot;date de commande;montant HT\n"
    "AC-1;1;15/02/2025;100 000\n"
    "AC-1;1;2025-09-01;50 000,50\n"
    "AC-1;1;2026-03-01;150 000\n"
)


def report_of(root: Path, with_orders: bool = True) -> Any:
    orders = [root / "orders.csv"] if with_orders else []
    return portfolio_report([root / "contracts"], realised=[root / "realised.csv"], orders=orders)


def test_hours_due_and_penalties_follow_what_was_ordered(tmp_path: Path) -> None:
    # ordered 300 000,50 → 2.000 × 300 000,50 ÷ 1 000 = 600.001 → 600 h due (not 1 200);
    # realised 500 → missing 100 → penalty 100 × 30 = 3 000 €.
    report = report_of(files(tmp_path, ORDERS))
    lot = report.contracts[0].lots[0]
    assert (lot.obligation_hours, lot.estimate_hours, lot.due_basis) == (600, 1200, DueBasis.ORDERS)
    assert lot.ordered == Decimal("300000.50")
    assert lot.hours_per_1000 == Decimal("2.000")
    assert lot.missing_hours == Decimal(100)
    assert lot.penalty == Decimal("3000.00")
    assert report.contracts[0].penalty == Decimal("3000.00")
    assert report.total.obligation_hours == 600
    assert report.warnings == ()


def test_hours_due_year_by_year_on_the_cumulative_amount(tmp_path: Path) -> None:
    # 2025: 150 000,50 → 300.001 → 300 h; 2026: cumulative 300 000,50 → 600 h, so 300 h.
    lot = report_of(files(tmp_path, ORDERS)).contracts[0].lots[0]
    assert [(y.year, y.orders, y.ordered, y.cumulative_due, y.due) for y in lot.years] == [
        (2025, 2, Decimal("150000.50"), 300, 300),
        (2026, 1, Decimal("150000"), 600, 300),
    ]


def test_cumulative_rounding_never_order_by_order(tmp_path: Path) -> None:
    # Three orders of 250 € at 2.000 h per 1 000 €: 0.5 h each would round to 1 h each (3 h);
    # on the cumulative 750 €, 1.5 h → 2 h.
    orders = (
        "contract,lot,date,amount\n"
        "AC-1,1,2026-01-01,250\nAC-1,1,2026-01-02,250\nAC-1,1,2026-01-03,250\n"
    )
    lot = report_of(files(tmp_path, orders)).contracts[0].lots[0]
    assert lot.obligation_hours == 2


def test_more_realised_than_due_owes_nothing(tmp_path: Path) -> None:
    # 100 000 ordered → 200 h due; 500 realised → nothing missing, no penalty.
    orders = "contract;lot;date;amount\nAC-1;1;2026-01-01;100000\n"
    lot = report_of(files(tmp_path, orders)).contracts[0].lots[0]
    assert (lot.obligation_hours, lot.missing_hours, lot.penalty) == (200, 0, Decimal("0.00"))


def test_a_framework_with_an_orders_file_but_no_order_owes_nothing(tmp_path: Path) -> None:
    lot = report_of(files(tmp_path, "contract;lot;date;amount\n")).contracts[0].lots[0]
    assert (lot.obligation_hours, lot.ordered, lot.penalty) == (0, Decimal(0), Decimal("0.00"))


def test_without_orders_a_framework_is_shown_against_its_estimate(tmp_path: Path) -> None:
    report = report_of(files(tmp_path, ORDERS), with_orders=False)
    lot = report.contracts[0].lots[0]
    assert (lot.obligation_hours, lot.due_basis, lot.penalty) == (1200, DueBasis.ESTIMATE, None)
    assert report.warnings == (
        "AC-1: a framework agreement shown against its estimate (indicative, no penalty "
        "computed on it): give --orders for the hours due on what was ordered",
    )
    assert report.contracts[0].penalty is None
    assert "AC-1      1    estimate (no orders)      1200       2.000        -  1200\n" in (
        report_as_text(report)
    )


TRANCHE_LOT = {
    "number": 1,
    "title": "Gros oeuvre",
    "labour_share": 0.48,
    "hourly_cost": 35,
    "rate": 0.05,
    "tranches": [
        {"optional": False, "estimated_amount": 833333},
        {"optional": True, "estimated_amount": 250000, "triggered": True},
        {"optional": True, "labour_hours": 2280},
    ],
}


def test_tranches_owe_the_firm_and_the_triggered_ones(tmp_path: Path) -> None:
    # firm 571 + triggered 171 = 742 due (not 856); realised 500 → 242 missing × 30 €.
    root = files(tmp_path, None, form="single", lots=[TRANCHE_LOT])
    lot = report_of(root, with_orders=False).contracts[0].lots[0]
    assert (lot.obligation_hours, lot.estimate_hours, lot.due_basis) == (
        742,
        856,
        DueBasis.TRANCHES,
    )
    assert lot.penalty == Decimal("7260.00")


def test_orders_of_a_single_contract_are_not_used(tmp_path: Path) -> None:
    lot_data = {**FRAMEWORK_LOT}
    del lot_data["minimum_amount"], lot_data["maximum_amount"]
    root = files(tmp_path, ORDERS, form="single", lots=[lot_data])
    report = report_of(root)
    assert report.contracts[0].lots[0].obligation_hours == 1200
    assert report.warnings == (
        "AC-1: orders are given but the contract is not a framework agreement (form single): "
        "its hours do not follow orders, the orders are not used",
    )


def test_bad_order_lines_are_rejected_with_file_line_and_column(tmp_path: Path) -> None:
    orders = (
        "contract;lot;date;amount;note\n"
        "AC-1;1;2026-01-01;100000;ok\n"
        "AC-2;1;2026-01-01;100;\n"
        "AC-1;7;31/02/2026;-5;\n"
        "AC-1;1;2026-01-01;beaucoup;\n"
    )
    root = files(tmp_path, orders)
    report = report_of(root)
    name = str(root / "orders.csv")
    assert report.orders.files == (name,)
    assert (report.orders.lines_read, len(report.orders.accepted)) == (4, 1)
    assert rejected_messages(report) == [
        f'{name}:3: contract: unknown contract (got "AC-2"); did you mean "AC-1"?',
        f"{name}:4: lot: contract AC-1 has no lot 7 (its lots: 1)",
        f'{name}:4: date: is not a date of the calendar (got "31/02/2026")',
        f'{name}:4: amount: must be from 0 to 10^12 € excl. VAT (got "-5")',
        f'{name}:5: amount: must be an amount excl. VAT such as 12500 or "12 500,50" '
        '(got "beaucoup")',
    ]
    assert f'{name}:1: column "note" is not used' in report.warnings
    assert report.contracts[0].lots[0].obligation_hours == 200


def test_an_orders_file_without_its_columns_is_an_error(tmp_path: Path) -> None:
    root = files(tmp_path, "contrat;lot;montant\nAC-1;1;100\n")
    with pytest.raises(OrdersError) as caught:
        report_of(root)
    assert str(caught.value) == (
        f'{root / "orders.csv"}:1: missing column date (the header line has "contrat", "lot", '
        '"montant"); the columns are contract, lot, date, amount'
    )


def test_an_orders_file_is_bounded_by_data_bytes(tmp_path: Path) -> None:
    root = files(tmp_path, ORDERS)
    size = len((root / "orders.csv").read_bytes())
    with limits.using(limits.Limits(data_bytes=20)), pytest.raises(OrdersError) as caught:
        read_orders([root / "orders.csv"], lots={"AC-1": [1]})
    assert str(caught.value) == (
        f"{root / 'orders.csv'}: is too large ({size} bytes; the limit is 20 bytes, set by "
        "CLAUSEGEN_LIMIT_DATA_BYTES)"
    )


def test_orders_in_json_and_csv(tmp_path: Path) -> None:
    report = report_of(files(tmp_path, ORDERS))
    data = report_as_json(report)
    lot = data["contracts"][0]["lots"][0]
    assert (lot["insertion_hours"], lot["due_basis"], lot["estimate_hours"]) == (
        600,
        "orders",
        1200,
    )
    assert (lot["ordered_amount"], lot["hours_per_1000_eur"]) == (300000.5, 2.0)
    assert lot["years"][1] == {
        "year": 2026,
        "orders": 1,
        "ordered_amount": 150000.0,
        "cumulative_ordered_amount": 300000.5,
        "cumulative_hours_due": 600,
        "hours_due": 300,
    }
    assert data["orders"]["lines_accepted"] == 3
    header, row = report_as_csv(report).splitlines()[:2]
    assert '"insertion_hours","due_basis","estimate_hours","ordered_amount",' in header
    assert ',600,"orders",1200,300000.5,2,' in row


RENEWED_LOT = {
    "number": 1,
    "title": "Tonte",
    "estimated_amount": 1000000,
    "labour_share": 0.4,
    "hourly_cost": 40,
    "rate": 0.05,
}


@pytest.mark.parametrize(
    ("exercised", "due", "basis"),
    [(None, 500, DueBasis.CONTRACT), (0, 375, DueBasis.RENEWALS), (1, 500, DueBasis.RENEWALS)],
)
def test_a_renewed_contract_owes_the_renewals_decided(
    tmp_path: Path, exercised: int | None, due: int, basis: DueBasis
) -> None:
    # 1 000 000 × 40 % ÷ 40 × 5 % = 500 h over 36 + 12 months: 375 h initial, 125 h renewal.
    renewals: dict[str, Any] = {"count": 1, "months": 12}
    if exercised is not None:
        renewals["exercised"] = exercised
    root = files(
        tmp_path, None, form="single", duration_months=36, renewals=renewals, lots=[RENEWED_LOT]
    )
    lot = report_of(root, with_orders=False).contracts[0].lots[0]
    assert (lot.obligation_hours, lot.due_basis) == (due, basis)


def test_more_renewals_exercised_than_allowed(tmp_path: Path) -> None:
    from clausegen import ContractError

    root = files(
        tmp_path,
        None,
        form="single",
        duration_months=36,
        renewals={"count": 1, "months": 12, "exercised": 2},
        lots=[RENEWED_LOT],
    )
    with pytest.raises(ContractError) as caught:
        report_of(root, with_orders=False)
    assert str(caught.value).endswith(
        "renewals.exercised: 2 renewals exercised, more than the 1 the contract allows "
        "(renewals.count)"
    )


def test_the_word_report_shows_the_hours_due_on_orders(tmp_path: Path) -> None:
    import io

    import docx

    from clausegen.render.wordreport import report_as_docx

    document = docx.Document(io.BytesIO(report_as_docx(report_of(files(tmp_path, ORDERS)))))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert "Accords-cadres et tranches\u00a0: heures dues" in headings  # French typography
    assert "Commandes par année" in headings
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    row = next(r for r in rows if r[:3] == ["AC-1", "1", "commandes"])
    assert row[3:] == ["1\u00a0200", "2,000", "300\u00a0000,50\u00a0€", "600"]


def test_orders_are_read_as_realised_hours_files_are(tmp_path: Path) -> None:
    # The same orders saved by Excel as CSV (Windows-1252, ';') and as a workbook.
    lots = {"AC-1": [1]}
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text(ORDERS, encoding="utf-8")
    excel_csv = tmp_path / "excel.csv"
    excel_csv.write_bytes(
        ORDERS.replace("montant HT", "montant HT;unité émettrice").encode("cp1252")
    )
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ORDERS.splitlines():
        sheet.append(row.split(";"))
    workbook = tmp_path / "orders.xlsx"
    book.save(workbook)

    def orders(read: Any) -> list[tuple[Any, ...]]:
        return [(o.line, o.contract, o.lot, o.date, o.amount) for o in read.accepted]

    expected = orders(read_orders([utf8], lots=lots))
    from_excel = read_orders([excel_csv], lots=lots)
    from_book = read_orders([workbook], lots=lots)

    assert len(expected) == 3
    assert orders(from_book) == expected
    assert orders(from_excel) == expected
    assert from_excel.warnings[0].startswith(
        f"{excel_csv}: not UTF-8 (line 1): read as Windows-1252"
    )


def test_a_file_that_is_not_an_orders_file_is_not_echoed(tmp_path: Path) -> None:
    other = tmp_path / "shadow"
    other.write_text("root:$6$secret:19000:0:99999:7:::\nalice:$6$other:19000\n")

    with pytest.raises(OrdersError) as caught:
        read_orders([other], lots={"AC-1": [1]})

    assert str(caught.value) == (
        f"{other}:1: missing columns contract, lot, date, amount (the header line has 1 cell, "
        "none of them a known column); the columns are contract, lot, date, amount"
    )
