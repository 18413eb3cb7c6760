"""The legal-basis and threshold tables: read by strict models, picked by date and buyer."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from clausegen.errors import ReferenceDataError
from clausegen.resolve.legal import (
    Citation,
    ccag_table,
    citations,
    legal_basis,
    load_legal_basis,
    thresholds,
)
from clausegen.validate.basics import BuyerCategory, ContractKind

ENTRY = """\
entries:
- id: ccp-l2112-2
  text: Code de la commande publique
  article: L2112-2
  title_fr: Conditions d'exécution
  summary_fr: Résumé.
  in_force_since: 2026-08-22
  version_note: null
  sources: [https://example.org]
  checked_on: 2026-12-02
  status: verified
"""


def test_the_shipped_table_holds_the_issue_12_articles() -> None:
    basis = legal_basis()
    assert basis.entry("ccp-l2112-2").in_force_since == datetime.date(2026, 8, 22)
    assert basis.entry("ccp-l2112-2").verified
    assert not basis.entry("ccp-l2112-4").verified
    assert all(entry.sources for entry in basis.entries if entry.verified)


def test_a_misspelt_key_is_a_reference_data_error(tmp_path: Path) -> None:
    path = tmp_path / "legal.yaml"
    path.write_text(ENTRY.replace("title_fr:", "titel_fr:"), "utf-8")
    with pytest.raises(ReferenceDataError) as raised:
        load_legal_basis(path)
    assert raised.value.message == "entries.0.title_fr: Field required"


def test_a_verified_entry_needs_a_source(tmp_path: Path) -> None:
    path = tmp_path / "legal.yaml"
    path.write_text(ENTRY.replace("[https://example.org]", "[]"), "utf-8")
    with pytest.raises(ReferenceDataError) as raised:
        load_legal_basis(path)
    assert raised.value.message == (
        "entries.0: Value error, ccp-l2112-2: a verified entry needs at least one source"
    )


def test_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "legal.yaml"
    path.write_text(ENTRY + ENTRY.split("\n", 1)[1], "utf-8")
    with pytest.raises(ReferenceDataError) as raised:
        load_legal_basis(path)
    assert raised.value.message == "file: Value error, the id 'ccp-l2112-2' is used twice"


@pytest.mark.parametrize(
    ("kind", "category", "on", "amount"),
    [
        (ContractKind.WORKS, None, datetime.date(2026, 9, 1), 5_404_000),
        (ContractKind.SERVICES, BuyerCategory.STATE, datetime.date(2026, 9, 1), 140_000),
        (ContractKind.INTELLECTUAL_SERVICES, BuyerCategory.LOCAL, None, 216_000),
        (ContractKind.SUPPLIES, BuyerCategory.NETWORK, datetime.date(2027, 12, 31), 432_000),
        (ContractKind.SERVICES, BuyerCategory.LOCAL, datetime.date(2025, 6, 1), 221_000),
    ],
)
def test_the_threshold_depends_on_kind_buyer_and_date(
    kind: ContractKind, category: BuyerCategory | None, on: datetime.date | None, amount: int
) -> None:
    threshold = thresholds().threshold(kind, category, on)
    assert threshold is not None
    assert threshold.amount == amount
    assert threshold.assumed is (on is None)


def test_no_threshold_without_category_or_outside_the_periods() -> None:
    table = thresholds()
    assert table.threshold(ContractKind.SERVICES, None, datetime.date(2026, 9, 1)) is None
    assert table.threshold(ContractKind.WORKS, None, datetime.date(2019, 1, 1)) is None


def test_citations_read_both_styles_and_the_ccag() -> None:
    text = (
        "articles L2112-2 et L. 2112-2-1 ; article 20 du cahier des clauses administratives "
        "générales des marchés publics de travaux (CCAG-Travaux) ; articles 13 et 14 du RGPD"
    )
    assert [str(c) for c in citations(text)] == [
        "L2112-2",
        "L2112-2-1",
        "CCAG-TRAVAUX 20",
        "RGPD 13",
        "RGPD 14",
    ]


@pytest.mark.parametrize("code", ["travaux", "fcs", "pi", "tic", "mi", "moe"])
def test_every_ccag_number_the_ccap_prints_is_verified(code: str) -> None:
    entry = ccag_table().get(code)
    assert entry is not None
    verified = legal_basis().verified_citations()
    name = entry.name.upper()
    assert [n for n in entry.numbers() if Citation(text=name, article=n) not in verified] == []


def test_unverified_ccag_numbers_are_left_out() -> None:
    table = ccag_table()
    assert table.get("none") is None
    assert [table.get(code).insertion_article for code in ("mi", "moe")] == ["", ""]  # type: ignore[union-attr]
    assert table.get("fcs").derogations_article == ""  # type: ignore[union-attr]
