"""Helpers shared by the tests: build input files inline, never in the working directory."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from clausegen.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

#: A small valid contract description; tests copy and change it.
MINIMAL_CONTRACT: dict[str, Any] = {
    "reference": "T-001",
    "title": "Marché de test",
    "kind": "works",
    "buyer": {
        "name": "Ville de Test",
        "buyer_category": "local",
        "personal_data": {
            "controller": "Ville de Test, 1 place de la Mairie",
            "dpo_contact": "dpo@ville-de-test.fr",
            "legal_basis": "Mission d'intérêt public",
            "retention": "cinq ans après la fin du marché",
            "facilitator_role": "processor",
            "health_data_condition": "Le traitement de ces données est fondé sur l'intérêt public.",
        },
    },
    "facilitator": {"name": "Facilitatrice", "phone": "01 00 00 00 00"},
    "lots": [
        {
            "number": 1,
            "title": "Maçonnerie",
            "trade": "maconnerie",
            "estimated_amount": 1000000,
        }
    ],
}


def contract_data(**changes: Any) -> dict[str, Any]:
    """Return a deep copy of the minimal contract with top-level fields replaced."""
    data = copy.deepcopy(MINIMAL_CONTRACT)
    data.update(copy.deepcopy(changes))
    return data


def build_file_tree(root: Path, files: dict[str, str | bytes | dict[str, Any]]) -> Path:
    """Create files under ``root``; a mapping value is written as YAML. Returns ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, dict):
            path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
        else:
            path.write_text(content, encoding="utf-8")
    return root


PROFILES = EXAMPLES / "profiles"
PAYS_DE_LA_LOIRE = PROFILES / "pays-de-la-loire.yaml"
RIVELUNE = PROFILES / "metropole-rivelune.yaml"

#: A small valid buyer profile with a two-commitment charter; tests copy and change it.
MINIMAL_PROFILE: dict[str, Any] = {
    "name": "Ville de Profil",
    "service": "Service des marchés",
    "phone": "01 00 00 00 01",
    "charter": {
        "title": "Charte de test",
        "commitments": [
            {
                "number": 1,
                "title": "Insertion",
                "text": "Intégrer des clauses d'insertion.",
                "rules": [{"when": {"insertion_clause": True}, "evidence": "Clause de {heures}"}],
            },
            {
                "number": 2,
                "title": "Allotissement",
                "text": "Allotir les marchés.",
                "rules": [
                    {
                        "when": {"lot_count": {"at_least": 2}},
                        "evidence": "Marché alloti en {nombre_lots} lots",
                    }
                ],
            },
        ],
    },
}


def profile_data(**changes: Any) -> dict[str, Any]:
    """Return a deep copy of the minimal profile with top-level fields replaced."""
    data = copy.deepcopy(MINIMAL_PROFILE)
    data.update(copy.deepcopy(changes))
    return data


#: Set by .ci/run: there, a missing LibreOffice must fail the LibreOffice tests, not skip them.
REQUIRE_LIBREOFFICE = os.environ.get("CLAUSEGEN_REQUIRE_LIBREOFFICE") == "1"


def needs_programs(*programs: str) -> pytest.MarkDecorator:
    """Skip a test, with the reason shown, when one of ``programs`` is not installed.

    Under ``CLAUSEGEN_REQUIRE_LIBREOFFICE=1`` (CI) the test runs anyway, and fails.
    """
    missing = [program for program in programs if shutil.which(program) is None]
    return pytest.mark.skipif(
        bool(missing) and not REQUIRE_LIBREOFFICE,
        reason=f"{' and '.join(missing)} not installed: run .ci/run, or apt-get install "
        "libreoffice-writer-nogui poppler-utils",
    )


#: The variables that choose the language of messages, all unset (for ``CliRunner(env=…)``).
LANGUAGE_UNSET: dict[str, str | None] = {
    "CLAUSEGEN_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": None,
    "LANGUAGE": None,
}
#: A French session (``LANG=fr_FR.UTF-8``), nothing else choosing the language.
FRENCH = {**LANGUAGE_UNSET, "LANG": "fr_FR.UTF-8"}
#: An English session (``LANG=en_US.UTF-8``), nothing else choosing the language.
ENGLISH = {**LANGUAGE_UNSET, "LANG": "en_US.UTF-8"}


def run_cli(arguments: list[str], env: dict[str, str | None]) -> tuple[int, str, str]:
    """Run ``clausegen`` in this process with ``env``: its exit code, stdout and stderr."""
    result = CliRunner().invoke(main, arguments, env=env, prog_name="clausegen")
    return result.exit_code, result.stdout, result.stderr
