"""The JSON Schema of the contract description: valid, in sync, and agreeing with the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from clausegen.present.starters import starter_description
from clausegen.validate.models import json_schema
from tests.helpers import EXAMPLES, REPO, contract_data


def validator() -> jsonschema.protocols.Validator:
    schema = json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_the_checked_in_schema_is_up_to_date() -> None:
    checked_in = json.loads((REPO / "schema" / "contract.schema.json").read_text("utf-8"))
    assert checked_in == json_schema(), (
        "run: clausegen schema -o schema/contract.schema.json --force"
    )


def examples() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".yaml", ".json"))


@pytest.mark.parametrize("path", examples(), ids=lambda p: p.name)
def test_examples_point_editors_at_the_schema_and_validate(path: Path) -> None:
    text = path.read_text("utf-8")
    if path.suffix == ".yaml":
        assert text.startswith("# yaml-language-server: $schema=../schema/contract.schema.json\n")
        # Dates are text for the schema, as for editors (YAML 1.2).
        data: Any = json.loads(json.dumps(yaml.safe_load(text), default=str))
    else:
        data = json.loads(text)
    validator().validate(data)


def test_starter_description_validates() -> None:
    data = json.loads(json.dumps(yaml.safe_load(starter_description()), default=str))
    validator().validate(data)


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "work"},
        {"lots": []},
        {"unknown": 1},
        {"insertion": {"rate": 2}},
    ],
)
def test_schema_rejects_what_the_models_reject(change: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(contract_data(**change))


def test_schema_accepts_french_numbers() -> None:
    validator().validate(contract_data(insertion={"rate": "5 %", "hourly_cost": "35,50"}))
