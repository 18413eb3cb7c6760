"""The reference tables shipped in the package: complete, sourced, and checked when read."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from clausegen import ReferenceDataError
from clausegen.resolve.reference import INDICATIVE, default_reference, load_reference
from clausegen.validate.models import ContractKind
from tests.helpers import build_file_tree

REQUIRED_TRADES = [
    "gros_oeuvre",
    "maconnerie",
    "charpente_metallique",
    "peinture",
    "platrerie",
    "menuiserie",
    "electricite",
    "plomberie_cvc",
    "couverture",
    "vrd",
    "espaces_verts",
    "nettoyage",
    "collecte_dechets",
    "restauration",
    "prestations_intellectuelles",
]


def test_every_required_trade_has_a_preset_with_an_origin() -> None:
    trades = default_reference().trades
    for key in REQUIRED_TRADES:
        preset = trades[key]
        assert Decimal(0) < preset.labour_share <= 1
        assert preset.sourced or preset.origin.startswith(INDICATIVE)


def test_sourced_presets_of_the_domain_notes() -> None:
    trades = default_reference().trades
    assert (trades["nettoyage"].labour_share, trades["nettoyage"].hourly_cost) == (
        Decimal("0.80"),
        Decimal(20),
    )
    assert trades["nettoyage"].sourced
    assert trades["maconnerie"].labour_share == Decimal("0.50")
    assert trades["peinture"].labour_share == Decimal("0.70")
    assert trades["charpente_metallique"].labour_share == Decimal("0.20")
    assert not trades["gros_oeuvre"].sourced


def test_kind_defaults() -> None:
    kinds = default_reference().kinds
    works_rate = kinds[ContractKind.WORKS].rate
    services_rate = kinds[ContractKind.SERVICES].rate
    assert works_rate is not None
    assert works_rate.value == Decimal("0.05")
    assert services_rate is not None
    assert services_rate.value == Decimal("0.10")
    assert kinds[ContractKind.SUPPLIES].rate is None
    assert kinds[ContractKind.WORKS].hourly_cost.value == 35
    assert default_reference().hours_per_fte.value == 1607


def test_a_broken_table_is_reported_with_its_file_and_entry(tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[2] / "src" / "clausegen" / "data"
    build_file_tree(
        tmp_path, {"trades.yaml": "peinture:\n  label: P\n  labour_share: abc\n  origin: x\n"}
    )
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(kinds=data / "kinds.yaml", trades=tmp_path / "trades.yaml")
    assert str(caught.value) == f"{tmp_path / 'trades.yaml'}: peinture.labour_share: not a number"
