"""Fixtures shared by every test module."""

from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    """A click runner that keeps standard output and standard error apart."""
    return CliRunner()
