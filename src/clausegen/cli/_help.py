"""The help texts of the commands, in the language of clausegen's messages.

A command's help (its docstring), its short help in the list of commands and each option's
``help=`` are written in English in the source, like every message, and translated through
:func:`clausegen.i18n._` when the help is shown, not when the command is defined. The
message id is the text as Click shows it: a docstring cleaned by :func:`inspect.cleandoc`
and cut at its first form feed (:func:`help_id`); an option's help as given (Click cleans it
the same way). In English the texts are Click's own, character for character, so the
README's command reference does not change.

:func:`help_texts` walks a command tree for ``tools/messages.py``, which adds the texts to
the catalog's template (Babel cannot see docstrings).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from clausegen.i18n import _

__all__ = ["HelpCommand", "HelpGroup", "HelpOption", "help_id", "help_texts", "option"]

F = TypeVar("F", bound=Callable[..., Any])

#: Click's mark of a paragraph kept as written (no rewrapping).
NO_REWRAP = "\b"
#: The white space between words (not the no-break spaces of French typography).
_SPACES = re.compile(r"[ \t\n\r]+")
#: The end of a short help cut to fit.
_CUT = "..."


def help_id(text: str) -> str:
    """Return the message id of a command's help: its text as Click shows it."""
    return inspect.cleandoc(text).partition("\f")[0]


def _condensed(text: str, limit: int) -> str:
    """Return the first sentence of ``text``'s first paragraph, cut to ``limit`` characters.

    The short help of a command in the list of commands, made as Click makes it from the
    (translated) help. Words are split at ordinary white space only: a no-break space
    (before a French colon) stays where it is.
    """
    words = [word for word in _SPACES.split(text.partition("\n\n")[0]) if word]
    if words and words[0] == NO_REWRAP:
        words = words[1:]
    for index, word in enumerate(words):
        last = index == len(words) - 1
        if word.endswith(".") and (last or not words[index + 1][0].islower()):
            words = words[: index + 1]
            break
    sentence = " ".join(words)
    if len(sentence) <= limit:
        return sentence
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) + len(_CUT) > limit:
            break
        kept.append(word)
    return " ".join(kept) + _CUT


class HelpCommand(click.Command):
    """A command whose help and short help are translated when they are shown."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the help text, translated, as Click would write the English one."""
        if not self.help or self.deprecated:
            super().format_help_text(ctx, formatter)
            return
        source = help_id(self.help)
        text = _(source)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_short_help_str(self, limit: int = 45) -> str:
        """Return the short help shown in the list of commands, translated."""
        english = self.short_help or self.help
        if not english or self.deprecated:
            return super().get_short_help_str(limit)
        source = help_id(english)
        translated = _(source)
        if translated == source:
            return super().get_short_help_str(limit)
        if self.short_help:
            return translated.strip()
        return _condensed(translated, limit).strip()


class HelpGroup(HelpCommand, click.Group):
    """A group whose commands and sub-groups translate their help as well."""

    command_class = HelpCommand
    group_class: type[click.Group] | type[type] | None = type  # sub-groups: its own class


class HelpOption(click.Option):
    """An option whose help is translated when it is shown (Click's notes after it too)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """Return the option's names and its help, translated."""
        record = super().get_help_record(ctx)
        if record is None or not self.help:
            return record
        names, text = record
        if not text.startswith(self.help):
            return record
        return names, _(self.help) + text[len(self.help) :]


def option(*names: str, **attributes: Any) -> Callable[[F], F]:
    """Return :func:`click.option` for a :class:`HelpOption` (what every command uses)."""
    return click.option(*names, cls=HelpOption, **attributes)


def help_texts(command: click.Command, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield the help texts of a command tree as ``(message id, where it is shown)``.

    The help and short help of each command and group, and the help of their options and
    arguments; ``where`` is the command line (``clausegen generate --force``).
    """
    where = f"{path} {command.name}".strip()
    if command.help:
        yield help_id(command.help), where
    if command.short_help:
        yield help_id(command.short_help), where
    for parameter in command.params:
        text = getattr(parameter, "help", None)
        if text:
            yield text, f"{where} {parameter.opts[0]}"
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from help_texts(command.commands[name], where)
