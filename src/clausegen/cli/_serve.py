"""The command that runs clausegen as an HTTP service (the optional ``server`` extra)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from clausegen.cli._app import error_line, main
from clausegen.cli._help import option
from clausegen.errors import ExitCode
from clausegen.i18n import _

_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)

#: The modules of the ``server`` extra; without them, ``serve`` says how to install them.
SERVER_MODULES = ("fastapi", "starlette", "uvicorn", "anyio", "h11")


@main.command()
@option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@option(
    "--profiles",
    type=_FOLDER,
    help="Folder of the buyer profiles that requests may name, by file name (buyer: x.yaml).",
)
@option(
    "--templates",
    "templates_dir",
    type=_FOLDER,
    envvar="CLAUSEGEN_TEMPLATES",
    show_envvar=True,
    help="Folder of templates (with its templates.yaml) instead of clausegen's own.",
)
@option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1),
    help="uvicorn worker processes, each with its own render pool.",
)
@option(
    "--render-processes",
    type=click.IntRange(1),
    default=os.cpu_count() or 1,
    show_default="one per core",
    help="Processes that render documents, per worker.",
)
def serve(
    host: str,
    port: int,
    profiles: Path | None,
    templates_dir: Path | None,
    workers: int,
    render_processes: int,
) -> None:
    """Run clausegen as an HTTP service (JSON API, OpenAPI at /openapi.json and /docs).

    Needs the server extra: pip install 'clausegen[server]'. Endpoints: POST /v1/hours,
    /v1/validate, /v1/documents, /v1/decp, /v1/charter (a description, YAML or JSON by
    Content-Type), POST /v1/templates/check (multipart upload), GET /v1/templates,
    GET /health. A request's buyer: names a profile of --profiles by its file name; no other
    file is read. The service keeps no state: run more workers or machines behind a proxy.
    """
    try:
        from clausegen.service.app import ServiceSettings
        from clausegen.service.app import serve as run_service
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in SERVER_MODULES:
            raise
        click.echo(
            error_line(
                _(
                    "clausegen serve needs the server extra ({module} is not installed): "
                    "pip install 'clausegen[server]'"
                ).format(module=error.name)
            ),
            err=True,
        )
        raise SystemExit(ExitCode.USAGE) from None
    from clausegen.render.templates import load_template_set

    load_template_set(templates_dir)  # a set that cannot be used stops here, not per request
    settings = ServiceSettings(
        profiles=profiles, templates=templates_dir, processes=render_processes
    )
    run_service(settings, host=host, port=port, workers=workers)
