"""The DECP fragment: values per mechanism and environmental field, valid against the schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from clausegen.compute.decp import decp_fragment
from clausegen.compute.hours import compute_obligation
from clausegen.present.decp import decp_as_text
from clausegen.resolve.loading import load_contract
from tests.helpers import EXAMPLES, REPO, contract_data

SOCIAL_VALUES = {"Clause sociale", "Critère social", "Marché réservé"}


@cache
def decp_schema() -> dict[str, Any]:
    path = REPO / "schema" / "decp" / "schema_decp_v2.0.3.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def validate(fragment: dict[str, Any]) -> None:
    """Check each key against the DECP 2.0.3 definition of that property of a ``marche``.

    A key that a ``marche`` does not have is refused (``additionalProperties: false``).
    """
    known = decp_schema()["definitions"]["marche"]["properties"]
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            key: {"$ref": f"#/definitions/marche/properties/{key}"}
            for key in fragment
            if key in known
        },
        "additionalProperties": False,
        "definitions": decp_schema()["definitions"],
    }
    jsonschema.Draft7Validator(schema).validate(fragment)


def fragment_of(**changes: Any) -> dict[str, Any]:
    contract = load_contract(contract_data(**changes))
    data = decp_fragment(contract, compute_obligation(contract)).as_json()
    validate(data)
    return data


def social(**changes: Any) -> list[str]:
    values: list[str] = fragment_of(**changes)["considerationsSociales"]["considerationSociale"]
    return values


def environmental(**changes: Any) -> list[str]:
    data = fragment_of(**changes)["considerationsEnvironnementales"]
    values: list[str] = data["considerationEnvironnementale"]
    return values


def test_the_validator_rejects_what_the_schema_forbids() -> None:
    wrongs: list[dict[str, Any]] = [
        {"considerationsSociales": {"considerationSociale": ["Clause d'insertion"]}},
        {"considerationsSociales": {"considerationSociale": []}},
        {"considerationsSociales": {"considerationSociale": ["Clause sociale", "Clause sociale"]}},
        {"considerationsEnvironnementales": {"considerationEnvironnementale": "Clause"}},
        {"codeCPV": "4521420"},
        {"dureeMois": 0},
        {"clausegen": True},
    ]
    for wrong in wrongs:
        with pytest.raises(jsonschema.ValidationError):
            validate(wrong)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, ["Clause sociale"]),
        (
            {"mechanism": "award_criterion", "insertion": {"criterion_weight": "10 %"}},
            ["Clause sociale", "Critère social"],
        ),
        ({"mechanism": "reserved_siae"}, ["Marché réservé"]),
        ({"mechanism": "reserved_ea_esat"}, ["Marché réservé"]),
        ({"mechanism": "insertion_service"}, ["Clause sociale"]),
        (
            {
                "kind": "services",
                "duration_months": 12,
                "lots": [
                    {
                        "number": 1,
                        "title": "Nettoyage",
                        "trade": "nettoyage",
                        "estimated_amount": 100000,
                        "transferable_staff_monthly_hours": 1000,
                    }
                ],
            },
            ["Pas de considération sociale"],
        ),
    ],
)
def test_social_considerations(changes: dict[str, Any], expected: list[str]) -> None:
    values = social(**changes)
    assert values == expected
    assert "Pas de considération sociale" not in values or len(values) == 1


@pytest.mark.parametrize(
    ("described", "expected"),
    [
        ({}, ["Pas de considération environnementale"]),
        ({"clause": "Tri des déchets de chantier"}, ["Clause environnementale"]),
        ({"ecolabels": ["Écolabel européen"]}, ["Clause environnementale"]),
        ({"criterion": "Bilan carbone de l'offre"}, ["Critère environnemental"]),
        (
            {"clause": "Tri", "criterion": "Carbone", "ecolabels": ["NF Environnement"]},
            ["Clause environnementale", "Critère environnemental"],
        ),
    ],
)
def test_environmental_considerations(described: dict[str, Any], expected: list[str]) -> None:
    assert environmental(environmental=described) == expected


def test_pass_through_fields() -> None:
    data = fragment_of(cpv="45214200-7", duration_months="18,5", title="Lycée " + "x" * 1200)
    assert data["codeCPV"] == "45214200"
    assert data["dureeMois"] == 19
    assert len(data["objet"]) == 1000
    assert data["objet"].endswith("x…")
    assert set(fragment_of()) == {
        "considerationsSociales",
        "considerationsEnvironnementales",
        "objet",
    }


def test_the_readable_fragment() -> None:
    contract = load_contract(EXAMPLES / "portfolio" / "2024-trv-108-toitures-maine-et-loire.yaml")
    text = decp_as_text(decp_fragment(contract, compute_obligation(contract)))
    assert text == (
        "2024-TRV-108 — Réfection des toitures des lycées du Maine-et-Loire\n"
        "\n"
        "considerationsSociales: Clause sociale, Critère social\n"
        "considerationsEnvironnementales: Clause environnementale\n"
        "dureeMois: 24\n"
        "\n"
        "Why:\n"
        "  - Clause sociale: an insertion obligation of 2800 hours\n"
        "  - Critère social: insertion performance is an award criterion\n"
        "  - Clause environnementale: an environmental execution condition and ecolabels\n"
    )


def example_files() -> list[Path]:
    return sorted(
        path
        for path in [*EXAMPLES.glob("*.*"), *(EXAMPLES / "portfolio").glob("*.yaml")]
        if path.suffix in (".yaml", ".json")
    )


@pytest.mark.parametrize("path", example_files(), ids=lambda path: path.name)
def test_every_example_gives_a_valid_fragment(path: Path) -> None:
    contract = load_contract(path)
    data = decp_fragment(contract, compute_obligation(contract)).as_json()
    validate(data)
    assert set(data["considerationsSociales"]["considerationSociale"]) <= SOCIAL_VALUES
