"""Fixtures shared by every test module."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

# Tests speak English unless they are about French (they ask for it: `speaking("fr")`,
# `CLAUSEGEN_LANG=fr` in a runner's or a subprocess's environment); subprocesses inherit it.
os.environ["CLAUSEGEN_LANG"] = "en"


@pytest.fixture
def runner() -> CliRunner:
    """A click runner that keeps standard output and standard error apart."""
    return CliRunner()
