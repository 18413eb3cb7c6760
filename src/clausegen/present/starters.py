"""The commented starting files that ``clausegen init`` and ``clausegen profile init`` write."""

from __future__ import annotations

from importlib import resources


def starter_description() -> str:
    """Return the commented starting contract description written by ``clausegen init``."""
    return (resources.files("clausegen") / "data" / "starter.yaml").read_text(encoding="utf-8")


def starter_profile() -> str:
    """Return the commented starting profile written by ``clausegen profile init``."""
    data = resources.files("clausegen") / "data" / "profile-starter.yaml"
    return data.read_text(encoding="utf-8")
