"""Documentation stays true: every command has help and appears in the README."""

from __future__ import annotations

import click
import pytest

import clausegen
from clausegen.cli import main
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
