"""What ``generate``'s options accept: contract files, template ids and formats, completed.

Parsing and shell completion only (``--only ccap,rc``, ``--format docx,pdf``); the command
itself is :mod:`clausegen.cli._documents`.
"""

from __future__ import annotations

from collections.abc import Sequence

import click
import click.shell_completion

from clausegen.errors import ClausegenError
from clausegen.i18n import _

CONTRACT_FILE = click.Path(dir_okay=False, allow_dash=True)


def template_ids(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[str, ...] | None:
    """Split ``--only ccap,rc`` into ids; the template set checks that they exist."""
    if value is None:
        return None
    ids = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not ids:
        message = _("give at least one template id, e.g. --only ccap,rc")
        raise click.BadParameter(message, ctx=ctx, param=param)
    return ids


FORMATS = ("docx", "pdf", "odt", "eforms")


def complete_list(
    incomplete: str, values: Sequence[str]
) -> list[click.shell_completion.CompletionItem]:
    """Complete the last item of a comma-separated list (``ccap,r`` → ``ccap,rc``)."""
    done, _comma, last = incomplete.rpartition(",")
    chosen = set(done.split(","))
    prefix = f"{done}," if done else ""
    return [
        click.shell_completion.CompletionItem(prefix + value)
        for value in values
        if value.startswith(last) and value not in chosen
    ]


def complete_ids(
    ctx: click.Context, _: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Complete ``--only`` with the template ids of the chosen set (``--templates``)."""
    from clausegen.render.templates import load_template_set

    try:
        template_set = load_template_set(ctx.params.get("templates_dir"))
    except ClausegenError:
        return []
    return complete_list(incomplete, template_set.ids)


def complete_formats(
    _ctx: click.Context, _: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Complete ``--format`` with the formats generate writes."""
    return complete_list(incomplete, FORMATS)


def parse_formats(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """Split ``--format docx,pdf`` into formats, refusing unknown ones."""
    if value is None:
        return ("docx",)
    formats = tuple(
        dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip())
    )
    unknown = [item for item in formats if item not in FORMATS]
    if unknown or not formats:
        message = _("choose among {formats}, e.g. --format docx,pdf,eforms").format(
            formats=", ".join(FORMATS)
        )
        raise click.BadParameter(message, ctx=ctx, param=param)
    return formats
