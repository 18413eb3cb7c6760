"""The context builder: the whole vocabulary of the templates, plain and in French."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clausegen.french import NBSP
from clausegen.present.context import build_context
from clausegen.present.vocabulary import VOCABULARY, shape_problems
from clausegen.render.cleaning import clean_text
from clausegen.render.templates import load_template_set
from clausegen.resolve.loading import load_contract
from tests.helpers import EXAMPLES, contract_data

EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))


def context_of(**changes: Any) -> dict[str, Any]:
    return build_context(load_contract(contract_data(**changes)))


def plain(text: str) -> str:
    """Show no-break spaces as ordinary spaces, to compare with readable literals."""
    return text.replace(NBSP, " ")


def _plain_types(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_types(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_types(item) for item in value)
    return type(value) in (str, int, bool)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_every_example_gives_exactly_the_declared_shape(path: Path) -> None:
    template_set = load_template_set()
    for entry in template_set.entries:
        context = build_context(load_contract(path), document=entry)
        assert shape_problems(VOCABULARY, context) == []
        assert _plain_types(context)


def test_shape_problems_sees_a_missing_an_extra_and_a_mistyped_value() -> None:
    context = context_of()
    del context["title"]
    context["extra"] = "x"
    context["lot_count"] = True
    context["lots"][0]["number"] = "1"
    assert shape_problems(VOCABULARY, context) == [
        "extra: not declared in the vocabulary",
        "title: missing",
        "lots[0].number: expected integer, got str",
        "lot_count: expected integer, got bool",
    ]


def test_figures_are_written_the_french_way() -> None:
    context = build_context(load_contract(EXAMPLES / "lycee-jules-verne.yaml"))
    lot = context["lots"][0]
    assert plain(lot["estimated_amount"]) == "1 200 000,00 € HT"
    assert plain(lot["labour_share"]) == "50 %"
    assert plain(lot["hourly_cost"]) == "35,00 € HT"
    assert plain(lot["labour_hours"]) == "17 142,86 heures"
    assert plain(lot["insertion_hours"]) == "857 heures"
    assert lot["insertion_hours_number"] == 857
    assert plain(context["total_hours"]) == "1 947 heures"
    assert context["total_hours_number"] == 1947
    assert context["total_fte"] == "1,2"
    assert context["date"] == "25 novembre 2026"
    assert context["lot_numbers"] == "lots 1 à 5"
    assert plain(context["duration"]) == "18 mois"
    assert NBSP in lot["estimated_amount"]


def test_each_lot_shows_its_calculation_and_the_origin_of_each_parameter() -> None:
    lots = build_context(load_contract(EXAMPLES / "lycee-jules-verne.yaml"))["lots"]
    assert plain(lots[0]["calculation"]) == (
        "1 200 000,00 € HT × 50 % ÷ 35,00 € HT par heure = 17 142,86 heures de main-d'œuvre "
        "; 17 142,86 heures × 5 % = 857,14 heures, soit 857 heures après arrondi à l'heure"
    )
    assert [(p["label"], plain(p["value"]), p["origin"]) for p in lots[0]["parameters"]] == [
        ("Montant estimé", "1 200 000,00 € HT", "estimation de l'acheteur"),
        (
            "Part de main-d'œuvre",
            "50 %",
            "valeur de référence du métier « Maçonnerie » (source : MEF Sud 77, « La clause "
            "d'insertion » ; LASER Emploi)",
        ),
        ("Coût horaire moyen chargé", "35,00 € HT", "valeur fixée pour le marché"),
        ("Taux d'insertion", "5 %", "valeur fixée pour le marché"),
    ]
    assert lots[2]["parameters"][1]["origin"] == "valeur fixée pour ce lot"


def test_a_lot_sized_by_its_labour_volume_says_so() -> None:
    lot = build_context(load_contract(EXAMPLES / "lycee-jules-verne.yaml"))["lots"][4]
    assert lot["method"] == "labour_hours"
    assert plain(lot["calculation"]) == (
        "volume de main-d'œuvre estimé : 5 200 heures ; 5 200 heures × 5 % = 260 heures"
    )
    assert [p["label"] for p in lot["parameters"]] == [
        "Montant estimé",
        "Volume de main-d'œuvre estimé",
        "Taux d'insertion",
    ]
    assert lot["parameters"][0]["origin"] == (
        "estimation de l'acheteur ; le volume de main-d'œuvre estimé est retenu pour le calcul"
    )


def test_the_cleaning_method_shows_the_staff_netted_out() -> None:
    lots = build_context(load_contract(EXAMPLES / "nettoyage-sieges.yaml"))["lots"]
    assert plain(lots[0]["calculation"]) == (
        "600 000,00 € HT × 80 % ÷ 20,00 € HT par heure = 24 000 heures de main-d'œuvre, dont "
        "400 heures par mois × 36 mois = 14 400 heures de personnel à reprendre ; "
        "(24 000 heures − 14 400 heures) × 5 % = 480 heures"
    )
    assert lots[0]["note"] == ""
    assert plain(lots[2]["calculation"]).endswith("est nul ou négatif, d'où 0 heure")
    assert lots[2]["has_hours"] is False
    assert plain(lots[2]["note"]) == (
        "Aucune heure d'insertion n'est exigée sur ce lot : les heures du personnel à reprendre "
        "(7 200 heures) atteignent ou dépassent son volume de main-d'œuvre (3 600 heures)."
    )


def test_defaults_and_presets_name_their_source_or_say_they_have_none() -> None:
    context = build_context(load_contract(EXAMPLES / "amo-transition-energetique.yaml"))
    origins = {p["label"]: p["origin"] for p in context["lots"][0]["parameters"]}
    assert origins == {
        "Montant estimé": "estimation de l'acheteur",
        "Part de main-d'œuvre": "valeur indicative du métier « Prestations intellectuelles "
        "(études, conseil) », sans source publiée",
        "Coût horaire moyen chargé": "valeur par défaut des marchés de prestations "
        "intellectuelles (source : INSEE 2020 : coût horaire de la main-d'œuvre, tous "
        "secteurs, 38,70 €)",
        "Taux d'insertion": "valeur par défaut des marchés de prestations intellectuelles, "
        "indicative et sans source publiée",
    }
    assert context["hours_per_fte_origin"] == (
        "valeur par défaut : durée légale annuelle du travail (35 h, journée de solidarité incluse)"
    )
    assert context["penalty_origin"] == (
        "valeur égale au coût horaire moyen retenu pour le calcul des heures"
    )
    assert plain(context["criterion_weight"]) == "10 %"


def test_a_buyer_value_is_named_as_such() -> None:
    context = context_of(
        buyer={"name": "Ville", "insertion": {"rates": {"works": 0.06}, "hours_per_fte": 1680}}
    )
    rate = context["lots"][0]["parameters"][-1]
    assert (rate["label"], plain(rate["value"]), rate["origin"]) == (
        "Taux d'insertion",
        "6 %",
        "valeur retenue par l'acheteur",
    )
    assert context["hours_per_fte_origin"] == "valeur retenue par l'acheteur"


def test_optional_values_are_empty_strings_that_always_exist() -> None:
    context = context_of(facilitator=None)
    for key in ("location", "duration", "date", "cpv", "criterion_weight"):
        assert context[key] == ""
    assert context["buyer"] == {
        "name": "Ville de Test",
        "service": "",
        "phone": "",
        "email": "",
        "website": "",
        "address": "",
    }
    assert context["has_facilitator"] is False
    assert set(context["facilitator"].values()) == {""}


def test_without_a_facilitator_the_contact_is_the_buyer() -> None:
    buyer = {"name": "Commune", "service": "Marchés", "phone": "01", "email": "m@ex.fr"}
    contact = context_of(facilitator=None, buyer=buyer)["contact"]
    assert contact == {
        "name": "Marchés",
        "organisation": "Commune",
        "phone": "01",
        "email": "m@ex.fr",
        "address": "",
        "website": "",
    }


def test_with_a_facilitator_the_contact_is_the_facilitator() -> None:
    context = context_of(facilitator={"name": "F", "organisation": "PLIE", "address": "a\r\nb"})
    assert context["contact"]["name"] == "F"
    assert context["contact"]["address"] == "a\nb"
    assert context["has_facilitator"] is True


def test_one_lot_or_several() -> None:
    single = context_of()
    assert (single["several_lots"], single["lot_count"]) == (False, 1)
    assert single["lots"][0]["label"] == "Maçonnerie"
    lots = [
        {"number": 1, "title": "A", "trade": "maconnerie", "estimated_amount": 1000000},
        {"number": 3, "title": "B", "labour_hours": 1000},
    ]
    several = context_of(lots=lots)
    assert (several["several_lots"], several["lot_count"]) == (True, 2)
    assert [lot["label"] for lot in several["lots"]] == ["Lot 1 – A", "Lot 3 – B"]
    assert several["lot_numbers"] == "lots 1 et 3"


def test_a_penalty_shared_by_every_lot_is_given_once() -> None:
    lots = [
        {"number": 1, "title": "A", "labour_hours": 1000, "hourly_cost": 30},
        {"number": 2, "title": "B", "labour_hours": 1000, "hourly_cost": 40},
    ]
    differing = context_of(lots=lots)
    assert (differing["penalty"], differing["penalty_origin"]) == ("", "")
    shared = context_of(lots=lots, insertion={"penalty_per_missing_hour": 50})
    assert plain(shared["penalty"]) == "50,00 € HT"
    assert shared["penalty_origin"] == "valeur fixée pour le marché"


def test_a_reserved_contract_has_no_hour_figure() -> None:
    context = build_context(load_contract(EXAMPLES / "espaces-verts-esat.yaml"))
    assert (context["reserved"], context["has_hours"]) == (True, False)
    for lot in context["lots"]:
        assert (lot["insertion_hours"], lot["calculation"], lot["parameters"]) == ("", "", [])
        assert lot["has_hours"] is False
    assert context["mechanism_label"] == (
        "marché réservé aux entreprises adaptées et aux établissements et services d'aide par "
        "le travail"
    )


@pytest.mark.parametrize(
    ("kind", "label", "performance"),
    [
        ("works", "marché de travaux", "les travaux"),
        ("services", "marché de services", "les prestations"),
        ("intellectual_services", "marché de prestations intellectuelles", "les prestations"),
    ],
)
def test_the_wording_follows_the_contract_kind(kind: str, label: str, performance: str) -> None:
    context = context_of(kind=kind)
    assert (context["contract_label"], context["performance"]) == (label, performance)


def test_texts_are_cleaned_but_never_escaped_nor_changed() -> None:
    # NOTE: control characters are refused when the contract is read (issue 10); the
    # context still drops them (test below) for contracts built by other means.
    context = context_of(title="A & B <c> \"d\" 'e' {{ 7*7 }} {_{ x }_} f\r\ng")
    assert context["title"] == "A & B <c> \"d\" 'e' {{ 7*7 }} {_{ x }_} f\ng"


def test_clean_text_keeps_tabs_and_line_breaks() -> None:
    assert clean_text("a\tb\nc\r\nd\re\x00\x1f\ud800\uffff") == "a\tb\nc\nd\ne"


def test_the_document_being_produced_is_described() -> None:
    entry = load_template_set().get("suivi")
    context = build_context(load_contract(contract_data()), document=entry)
    assert context["document"] == {
        "id": "suivi",
        "title": "Fiche de suivi de l'action d'insertion",
        "destination": "Annexe au CCAP",
    }
