"""The form's template variables and its lines in ``clausegen hours`` (text and JSON)."""

from __future__ import annotations

from clausegen.compute.hours import compute_obligation
from clausegen.present.forms import form_context, lot_form_context
from clausegen.present.obligation import obligation_as_json, obligation_as_text
from clausegen.resolve.loading import load_contract
from clausegen.validate.models import Contract
from tests.helpers import EXAMPLES, contract_data

FORMS = EXAMPLES
NBSP = "\u00a0"


def test_the_framework_context() -> None:
    contract = load_contract(FORMS / "nettoyage-accord-cadre.yaml")
    computed = compute_obligation(contract)
    assert form_context(contract, computed) == {
        "form": "framework_orders",
        "form_label": "accord-cadre à bons de commande",
        "is_framework": True,
        "has_tranches": False,
        "has_renewals": False,
        "renewals": {"count": 0, "count_label": "", "months": ""},
        "max_duration": "",
        "yearly_checkpoint": True,
    }
    first, second = (lot_form_context(lot, contract, computed) for lot in computed.lots)
    assert first["minimum_amount"] == f"400{NBSP}000,00{NBSP}€{NBSP}HT"
    assert first["maximum_amount"] == f"900{NBSP}000,00{NBSP}€{NBSP}HT"
    assert first["hours_per_1000"] == f"2,000{NBSP}heures"
    assert first["hours_per_1000_calculation"] == (
        f"1{NBSP}200{NBSP}heures ÷ 600{NBSP}000,00{NBSP}€{NBSP}HT × 1{NBSP}000 = "
        f"2,000{NBSP}heures par tranche de 1{NBSP}000{NBSP}€{NBSP}HT (valeur arrondie au "
        "millième)"
    )
    assert second["hours_per_1000"] == f"1,563{NBSP}heure"
    assert (first["has_tranches"], first["tranches"], first["period_hours"]) == (False, [], "")


def test_a_single_contract_gives_empty_form_values() -> None:
    contract = Contract.model_validate(contract_data())
    computed = compute_obligation(contract)
    context = form_context(contract, computed)
    assert (context["form"], context["form_label"], context["is_framework"]) == (
        "single",
        "",
        False,
    )
    assert context["yearly_checkpoint"] is False
    lot = lot_form_context(computed.lots[0], contract, computed)
    assert lot["hours_per_1000"] == lot["hours_per_1000_calculation"] == ""
    assert lot["minimum_amount"] == lot["maximum_amount"] == ""


def test_the_tranches_context() -> None:
    contract = load_contract(FORMS / "travaux-tranches.yaml")
    computed = compute_obligation(contract)
    assert form_context(contract, computed)["has_tranches"] is True
    lot = lot_form_context(computed.lots[0], contract, computed)
    labels = [t["label"] for t in lot["tranches"]]
    assert labels == [
        "Tranche ferme",
        f"Tranche optionnelle n°{NBSP}1",
        f"Tranche optionnelle n°{NBSP}2",
    ]
    assert [t["insertion_hours_number"] for t in lot["tranches"]] == [571, 171, 114]
    assert lot["tranches"][1]["title"] == "Bâtiment B (ateliers)"
    assert lot["tranches"][2]["amount"] == ""
    assert lot["tranches"][1]["calculation"] == (
        f"250{NBSP}000,00{NBSP}€{NBSP}HT × 48{NBSP}% ÷ 35,00{NBSP}€{NBSP}HT par heure = "
        f"3{NBSP}428,57{NBSP}heures de main-d'œuvre ; 3{NBSP}428,57{NBSP}heures × 5{NBSP}% = "
        f"171,43{NBSP}heures, soit 171{NBSP}heures après arrondi à l'heure"
    )
    assert lot["tranches"][2]["calculation"] == (
        f"volume de main-d'œuvre estimé : 2{NBSP}280{NBSP}heures ; 2{NBSP}280{NBSP}heures × "
        f"5{NBSP}% = 114{NBSP}heures"
    )


def test_the_renewals_context() -> None:
    contract = load_contract(FORMS / "espaces-verts-reconduction.yaml")
    computed = compute_obligation(contract)
    context = form_context(contract, computed)
    assert context["renewals"] == {
        "count": 3,
        "count_label": "trois fois",
        "months": f"12{NBSP}mois",
    }
    assert context["max_duration"] == f"48{NBSP}mois"
    assert context["yearly_checkpoint"] is True
    lot = lot_form_context(computed.lots[0], contract, computed)
    assert (lot["period_hours"], lot["renewal_hours"]) == (f"175{NBSP}heures", f"175{NBSP}heures")
    assert lot["periods_calculation"] == (
        f"700{NBSP}heures × 12{NBSP}mois ÷ 48{NBSP}mois = 175{NBSP}heures, soit 175{NBSP}heures "
        f"pour la période initiale ; 700{NBSP}heures × 12{NBSP}mois ÷ 48{NBSP}mois = "
        f"175{NBSP}heures, soit 175{NBSP}heures par période de reconduction ; total : "
        f"175{NBSP}heures + 3 × 175{NBSP}heures = 700{NBSP}heures"
    )


def test_hours_json_carries_the_ratio_beside_the_estimate_hours() -> None:
    contract = load_contract(FORMS / "nettoyage-accord-cadre.yaml")
    data = obligation_as_json(compute_obligation(contract))
    assert data["form"] == "framework_orders"
    lots = data["lots"]
    assert [(lot["insertion_hours"], lot["hours_per_1000_eur"]) for lot in lots] == [
        (1200, 2.0),
        (219, 1.563),
    ]
    assert (lots[0]["minimum_amount"], lots[0]["maximum_amount"]) == ("400000", "900000")


def test_hours_json_of_tranches_and_periods() -> None:
    contract = load_contract(FORMS / "travaux-tranches.yaml")
    lot = obligation_as_json(compute_obligation(contract))["lots"][0]
    assert lot["hours_per_1000_eur"] is None
    assert lot["firm_hours"] == 571
    assert [(t["label"], t["insertion_hours"]) for t in lot["tranches"]] == [
        ("firm tranche", 571),
        ("optional tranche 1", 171),
        ("optional tranche 2", 114),
    ]
    contract = load_contract(FORMS / "espaces-verts-reconduction.yaml")
    data = obligation_as_json(compute_obligation(contract))
    assert data["max_duration_months"] == "48"
    periods = data["lots"][0]["periods"]
    assert (periods["initial_hours"], periods["renewal_hours"], periods["total_hours"]) == (
        175,
        175,
        700,
    )


def test_hours_text_shows_ratio_tranches_and_periods() -> None:
    contract = load_contract(FORMS / "nettoyage-accord-cadre.yaml")
    text = obligation_as_text(contract, compute_obligation(contract))
    assert "services contract, mechanism execution_condition, form framework_orders" in text
    assert (
        "  Lot 2: 1.563 insertion hours per 1000 € excl. VAT ordered = 218.75 h ÷ 140000 € × "
        "1000, rounded half-up to 0.001 h\n"
    ) in text
    contract = load_contract(FORMS / "travaux-tranches.yaml")
    text = obligation_as_text(contract, compute_obligation(contract))
    assert "  Lot 1 (Gros œuvre): sum of the tranches: 571 h + 171 h + 114 h = 856 h\n" in text
    assert (
        "  Lot 1 tranches: firm tranche 571 h; optional tranche 1 171 h; optional tranche 2 "
        "114 h (total 856 h; an optional tranche's hours are due only once it is triggered)\n"
    ) in text
    contract = load_contract(FORMS / "espaces-verts-reconduction.yaml")
    text = obligation_as_text(contract, compute_obligation(contract))
    assert (
        "  Lot 1 periods: initial 12 months 175 h (700 × 12 ÷ 48); each of 3 renewals of 12 "
        "months 175 h (700 × 12 ÷ 48); total 175 + 3 × 175 = 700 h over 48 months\n"
    ) in text
