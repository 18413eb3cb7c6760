"""Click's own texts, marked for extraction so that clausegen's French catalog holds them.

Click words its usage errors and help headings with the standard ``gettext`` module, in the
application's text domain; :func:`clausegen.i18n.libraries_speaking` makes that domain
clausegen's when clausegen speaks French. The ids below are Click's, character for
character (Click 8): a text Click changes falls back to English, it never breaks.
"""

from __future__ import annotations

from clausegen.i18n import N_, ngettext

#: The texts of Click that a user of clausegen meets: usage errors and help.
CLICK_TEXTS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Try '{command} {option}' for help."),
    N_("Error: {message}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing command."),
    N_("Missing {param_type}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Could not open file {filename!r}: {message}"),
    N_("default: {default}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("Aborted!"),
)


def click_plurals(count: int) -> tuple[str, ...]:
    """Return Click's texts that have a plural form, for ``count`` (marked for extraction)."""
    return (
        ngettext(
            "Got unexpected extra argument ({args})",
            "Got unexpected extra arguments ({args})",
            count,
        ),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", count),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", count),
    )
