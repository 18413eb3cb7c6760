"""Documentation stays true: every command has help and appears in the README."""

from __future__ import annotations

import re

import click
import pytest

import clausegen
from clausegen.cli import main
from clausegen.obligation.vocabulary import EligibilityCategory, Modality, lookup
from tests.helpers import REPO


def commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, path: str) -> None:
        found.append((path, command))
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    for name, command in main.commands.items():
        walk(command, f"clausegen {name}")
    return sorted(found, key=lambda item: item[0])


@pytest.mark.parametrize(
    ("path", "command"), commands(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_has_help_and_is_in_the_readme(path: str, command: click.Command) -> None:
    assert command.help, f"{path} has no help text"
    assert f"### `{path}`" in (REPO / "README.md").read_text("utf-8")


def test_public_api_is_sorted_and_importable() -> None:
    assert clausegen.__all__ == sorted(clausegen.__all__)
    for name in clausegen.__all__:
        assert hasattr(clausegen, name), name


def test_the_readme_tables_of_categories_and_modalities_are_true() -> None:
    """Every code of the vocabulary is in the README, with spellings that are really read."""
    rows = re.findall(
        r"^\| `(\w+)` \| [^|]+ \| `([^`]+)` \| (.*) \|$",
        (REPO / "README.md").read_text("utf-8"),
        flags=re.MULTILINE,
    )
    documented = {code: [sheet, *re.findall(r"`([^`]+)`", others)] for code, sheet, others in rows}
    assert set(documented) == {c.value for c in EligibilityCategory} | {m.value for m in Modality}
    for category in EligibilityCategory:
        assert documented[category][0] == category.term.abbreviation
        for spelling in documented[category]:
            assert lookup(EligibilityCategory, spelling) is category, spelling
    for modality in Modality:
        assert documented[modality][0] == modality.term.abbreviation
        for spelling in documented[modality]:
            assert lookup(Modality, spelling) is modality, spelling
