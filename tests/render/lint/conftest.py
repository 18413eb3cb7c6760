"""The template check speaks French to legal staff: its tests read its findings in French."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ask for French messages, as a French locale would (subprocesses inherit it)."""
    monkeypatch.setenv("CLAUSEGEN_LANG", "fr")
