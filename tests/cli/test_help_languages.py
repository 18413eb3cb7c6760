"""The help of every command speaks French under French, English otherwise (issue 15, item 4).

The help texts (docstrings, short help in the list of commands, each option's ``help=``) are
written in English and translated when the help is shown (:mod:`clausegen.cli._help`).
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from tools.messages import extract, ids

from clausegen.cli import main
from clausegen.cli._help import HelpCommand, HelpOption, help_id, help_texts
from clausegen.i18n import _, speaking

NBSP = "\u00a0"


def _help(arguments: list[str], language: str) -> str:
    result = CliRunner().invoke(
        main,
        [*arguments, "-h"],
        env={"CLAUSEGEN_LANG": language},
        prog_name="clausegen",
        terminal_width=80,
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _commands(
    command: click.Command = main, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            found += _commands(command.commands[name], (*path, name))
    return found


def _own_texts(command: click.Command) -> list[str]:
    """The help texts a command's ``-h`` shows: its own, its options', its commands'."""
    texts = {text for text, _ in help_texts(command)}
    own = [help_id(command.help)] if command.help else []
    own += [text for parameter in command.params if (text := getattr(parameter, "help", None))]
    if isinstance(command, click.Group):
        own += [help_id(sub.help) for sub in command.commands.values() if sub.help]
    assert set(own) <= texts
    return own


def _opening(text: str) -> str:
    """The first five words of a text: in its full form and in a short help alike."""
    return " ".join(text.replace("\b", " ").split()[:5])


def test_generate_help_in_french() -> None:
    lines = _help(["generate"], "fr").splitlines()
    assert lines[:3] == [
        f"Utilisation{NBSP}: clausegen generate [OPTIONS] FILES...",
        "",
        "  Produire les documents Word du dossier de consultation de chaque marché.",
    ]
    assert "  --force                        Remplacer les documents qui existent déjà." in lines


def test_the_list_of_commands_in_french_keeps_the_no_break_space() -> None:
    lines = _help([], "fr").splitlines()
    assert "  generate   Produire les documents Word du dossier de consultation de..." in lines
    assert (
        f"  check      Vérifier un dossier de modèles{NBSP}: tous les problèmes en une..."
        in _help(["templates"], "fr").splitlines()
    )


def test_the_exit_codes_keep_their_lines_in_french() -> None:
    text = _help([], "fr")
    assert f"  Codes de sortie{NBSP}:\n    0    succès\n    1    entrée invalide" in text
    assert "    143  arrêté par SIGTERM\n" in text


def test_generate_help_in_english_is_unchanged() -> None:
    lines = _help(["generate"], "en").splitlines()
    assert lines[:3] == [
        "Usage: clausegen generate [OPTIONS] FILES...",
        "",
        "  Produce the Word documents of the tender file of each contract.",
    ]
    assert "  --force                        Replace documents that already exist." in lines
    assert (
        "  generate   Produce the Word documents of the tender file of each contract."
        in _help([], "en").splitlines()
    )


@pytest.mark.parametrize(
    ("path", "command"),
    _commands(),
    ids=[" ".join(path) or "clausegen" for path, _command in _commands()],
)
def test_no_help_text_is_left_in_english(path: tuple[str, ...], command: click.Command) -> None:
    english, french = _help(list(path), "en"), _help(list(path), "fr")
    english_words, french_words = " ".join(english.split()), " ".join(french.split())
    for text in _own_texts(command):
        assert _opening(text) in english_words
        assert _opening(text) not in french_words, text


def test_every_command_and_option_translates_its_help() -> None:
    """A command or an option made without clausegen's classes would stay in English."""
    for _path, command in _commands():
        assert isinstance(command, HelpCommand), command.name
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert isinstance(parameter, HelpOption), (command.name, parameter.name)


def test_the_help_texts_are_in_the_catalog_template() -> None:
    extracted = {message for (message, *_), _ in ids(extract())}
    texts = [text for text, _ in help_texts(main)]
    assert help_id(main.commands["generate"].help or "") in texts
    assert set(texts) <= extracted
    with speaking("fr"):
        assert [text for text in texts if _(text) == text] == []
