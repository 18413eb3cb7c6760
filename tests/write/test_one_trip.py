"""A run takes each contract forward once: read, validated, resolved, computed, reviewed once.

The functions of each stage are replaced by counting wrappers where the run calls them; a
run of three contracts with the five templates of clausegen's set must call each stage
once per contract, and build the context of each document from its contract's context.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clausegen.compute import hours
from clausegen.present import context
from clausegen.render import documents
from clausegen.render.templates import load_template_set
from clausegen.resolve import gathering, loading
from clausegen.write.run import render_run
from tests.helpers import EXAMPLES

#: Two contracts whose buyer has a charter (five documents each), one without (four).
CONTRACTS = [
    EXAMPLES / "lycee-jules-verne.yaml",
    EXAMPLES / "avenue-de-la-gare.yaml",
    EXAMPLES / "nettoyage-sieges.yaml",
]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the calls of each stage, wherever the pipeline looks the function up."""
    counted: Counter[str] = Counter()

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return function(*args, **kwargs)

        return wrapper

    for module, attribute, name in [
        (loading, "read_document", "read"),
        (gathering, "check_fields", "validate"),
        (gathering, "resolution", "resolve"),
        (documents, "compute", "compute"),
        (hours, "compute", "compute"),
        (documents, "charter_review", "review"),
        (documents, "contract_context", "contract context"),
        (context, "contract_context", "contract context"),
        (documents, "document_context", "document context"),
        (documents, "render_docx", "render"),
    ]:
        monkeypatch.setattr(module, attribute, counting(name, getattr(module, attribute)))
    return counted


def test_each_contract_goes_forward_once_in_a_run(calls: Counter[str], tmp_path: Path) -> None:
    template_set = load_template_set()
    assert len(template_set.entries) == 7
    run = render_run(CONTRACTS, tmp_path, templates=template_set)
    assert [len(item.documents) for item in run.contracts] == [7, 7, 6]
    assert calls == {
        "read": 3,
        "validate": 3,
        "resolve": 3,
        "compute": 3,
        "review": 3,
        "contract context": 3,
        "document context": 20,
        "render": 20,
    }


def test_one_document_takes_its_contract_forward_once(calls: Counter[str]) -> None:
    documents.render_document(CONTRACTS[0], "charte")
    assert calls == {
        "read": 1,
        "validate": 1,
        "resolve": 1,
        "compute": 1,
        "review": 1,
        "contract context": 1,
        "document context": 1,
        "render": 1,
    }
