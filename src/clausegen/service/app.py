"""The HTTP edge of clausegen (``clausegen serve``): parse, call the library, word errors.

A versioned JSON API on FastAPI, run by uvicorn. Like the command line, it only parses a
request, hands the work to the library and turns errors into problem documents (RFC 9457,
:mod:`clausegen.service.bodies`). The work is CPU-bound, so it runs in a pool of processes
(:mod:`clausegen.service.work`), off the event loop, each process loading the template set
once. The service keeps nothing between requests: run several uvicorn workers or several
machines behind a load balancer.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from clausegen import limits
from clausegen.api import FORMATS
from clausegen.service import work
from clausegen.service.bodies import (
    ProblemError,
    bounded_body,
    description_syntax,
    problem,
    record,
    requested_language,
    uploaded_file,
)
from clausegen.version import __version__

#: The environment variables the application factory reads (set by ``clausegen serve``).
ENV_PROFILES = "CLAUSEGEN_SERVE_PROFILES"
ENV_TEMPLATES = "CLAUSEGEN_SERVE_TEMPLATES"
ENV_PROCESSES = "CLAUSEGEN_SERVE_PROCESSES"


@dataclass(frozen=True)
class ServiceSettings:
    """What one service process serves, and with how many render processes.

    Attributes:
        profiles: the folder of the buyer profiles requests may name (by file name).
        templates: the template set's folder; clausegen's own when None.
        processes: the size of the render pool (one process per core by default).
    """

    profiles: Path | None = None
    templates: Path | None = None
    processes: int = os.cpu_count() or 1

    @classmethod
    def from_environment(cls) -> ServiceSettings:
        """Read the settings ``clausegen serve`` passed to each uvicorn worker."""
        profiles = os.environ.get(ENV_PROFILES)
        templates = os.environ.get(ENV_TEMPLATES)
        processes = os.environ.get(ENV_PROCESSES, "")
        return cls(
            profiles=Path(profiles) if profiles else None,
            templates=Path(templates) if templates else None,
            processes=int(processes) if processes.isdigit() else os.cpu_count() or 1,
        )


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """Return the ASGI application (settings from the environment when None)."""
    settings = settings or ServiceSettings.from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pools = _Pools(settings)
        await app.state.pools.warm_up()
        try:
            yield
        finally:
            app.state.pools.close()

    app = FastAPI(
        title="clausegen",
        version=__version__,
        summary="Insertion-hour obligations of French public contracts and their documents.",
        lifespan=lifespan,
    )
    app.add_exception_handler(ProblemError, _refused)  # type: ignore[arg-type]
    _routes(app)
    return app


class _Pools:
    """The render pool, made anew when one of its processes died (killed, out of memory)."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=max(1, self.settings.processes),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=work.start_worker,
            initargs=(
                None if self.settings.templates is None else str(self.settings.templates),
                None if self.settings.profiles is None else str(self.settings.profiles),
            ),
        )

    async def warm_up(self) -> None:
        """Start every render process (each loads the template set) before serving."""
        loop = asyncio.get_running_loop()
        jobs = [loop.run_in_executor(self.pool, work.ready) for _ in range(self.settings.processes)]
        await asyncio.gather(*jobs)

    def replace(self, broken: ProcessPoolExecutor) -> None:
        if self.pool is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


async def _refused(_request: Request, error: ProblemError) -> JSONResponse:
    return problem(error.status, error.title, error.detail, error.errors)


_DESCRIPTION_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A contract description, YAML or JSON (by Content-Type).",
        "content": {
            "application/yaml": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


async def _run(request: Request, function: Callable[..., work.Outcome], *args: Any) -> Any:
    """Run ``function`` in the render pool; return its value or raise its problem."""
    loop = asyncio.get_running_loop()
    pools: _Pools = request.app.state.pools
    pool = pools.pool
    settings = limits.current()
    deadline = settings.render_seconds * 8 + settings.conversion_start_seconds * 2 + 30
    try:
        language = requested_language(request.headers.get("accept-language"))
        future = loop.run_in_executor(pool, work.in_language, language, function, *args)
        outcome = await asyncio.wait_for(future, timeout=deadline)
    except TimeoutError:
        detail = f"the work took longer than {deadline:g} seconds"
        raise ProblemError(504, "Render time limit exceeded", detail) from None
    except BrokenProcessPool:
        pools.replace(pool)
        detail = "a render process stopped while working on the request; send it again"
        raise ProblemError(503, "Service unavailable", detail) from None
    if outcome.status:
        detail = _summary(outcome)
        raise _OutcomeProblem(outcome, detail)
    return outcome.value


def _summary(outcome: work.Outcome) -> str:
    """Return the first problems as one line: ``line 3: lots: must be a list; …``."""
    shown = []
    for item in outcome.errors[:3]:
        where = ": ".join(
            part
            for part in (None if item["line"] is None else f"line {item['line']}", item["path"])
            if part
        )
        shown.append(f"{where}: {item['message']}" if where else item["message"])
    more = len(outcome.errors) - len(shown)
    return "; ".join(shown) + (f" (and {more} more)" if more > 0 else "") or outcome.title


class _OutcomeProblem(ProblemError):
    def __init__(self, outcome: work.Outcome, detail: str) -> None:
        super().__init__(outcome.status, outcome.title, detail, outcome.errors)
        self.extra = outcome.extra


async def _outcome_problem(_request: Request, error: _OutcomeProblem) -> JSONResponse:
    return problem(error.status, error.title, error.detail, error.errors, error.extra)


async def _description(request: Request) -> tuple[bytes, Any]:
    syntax = description_syntax(request)
    body = await bounded_body(request, limits.current().description_bytes, "description_bytes")
    return body, syntax


def _list_query(request: Request, name: str) -> tuple[str, ...] | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    items = tuple(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    if not items:
        detail = f"{name} is empty; e.g. {name}=ccap,rc"
        raise ProblemError(422, "Invalid query", detail, [record(detail, code="query", path=name)])
    return items


def _routes(app: FastAPI) -> None:
    app.add_exception_handler(_OutcomeProblem, _outcome_problem)  # type: ignore[arg-type]

    for kind in work.RESULTS:
        _contract_route(app, kind)

    @app.post("/v1/documents", openapi_extra=_DESCRIPTION_BODY, response_class=Response)
    async def documents(request: Request) -> Response:
        """Render the documents of a contract: a zip of <reference>-<id>.docx (and .pdf)."""
        formats = _list_query(request, "formats") or ("docx",)
        unknown = [item for item in formats if item not in FORMATS]
        if unknown:
            detail = f"unknown format {', '.join(unknown)}; choose among {', '.join(FORMATS)}"
            errors = [record(detail, code="query", path="formats")]
            raise ProblemError(422, "Invalid query", detail, errors)
        only = _list_query(request, "only")
        body, syntax = await _description(request)
        data = await _run(request, work.documents_zip, body, syntax, formats, only)
        headers = {"Content-Disposition": 'attachment; filename="documents.zip"'}
        return Response(data, media_type="application/zip", headers=headers)

    @app.post("/v1/templates/check", openapi_extra=_UPLOAD_BODY)
    async def templates_check(request: Request) -> Any:
        """Check a template (.docx) or a zipped set (.zip): the findings, in French."""
        content_type = request.headers.get("content-type", "")
        if not content_type.lower().startswith("multipart/form-data"):
            uploaded_file(content_type, b"")
        limit = limits.current().template_bytes + 64 * 1024
        body = await bounded_body(request, limit, "template_bytes")
        filename, data = uploaded_file(content_type, body)
        return await _run(request, work.templates_check, data, filename)

    @app.get("/v1/templates")
    async def templates(request: Request) -> Any:
        """List the templates of the service's set."""
        return await _run(request, work.templates_listing)

    @app.get("/health")
    async def health() -> dict[str, str]:
        """Say that the service is up, and its version."""
        return {"status": "ok", "version": __version__}


_SUMMARIES = {
    "hours": "The insertion hours of each lot, as `clausegen hours --json`.",
    "validate": "Check a description: every problem located (422), or its figures.",
    "decp": "The open-data (DECP) considerations, as `clausegen decp --json`.",
    "charter": "The buyer's charter commitments it applies, as `clausegen charter --json`.",
}


def _contract_route(app: FastAPI, kind: str) -> None:
    async def endpoint(request: Request) -> Any:
        body, syntax = await _description(request)
        return await _run(request, work.contract_result, kind, body, syntax)

    endpoint.__name__ = kind
    app.post(f"/v1/{kind}", summary=_SUMMARIES[kind], openapi_extra=_DESCRIPTION_BODY)(endpoint)


def serve(settings: ServiceSettings, *, host: str, port: int, workers: int) -> None:
    """Run the service with uvicorn until it is stopped (Ctrl-C, SIGTERM)."""
    os.environ[ENV_PROCESSES] = str(settings.processes)
    for variable, folder in (
        (ENV_PROFILES, settings.profiles),
        (ENV_TEMPLATES, settings.templates),
    ):
        if folder is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = str(folder.resolve())
    uvicorn.run(
        "clausegen.service.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )
