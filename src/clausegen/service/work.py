"""The work of the service, done in its worker processes: the library called, errors as data.

Every request's work (load, compute, render, check) is CPU-bound, so the service runs it in a
pool of processes (:mod:`clausegen.service.app`). Each process loads the template set once,
when it starts (:func:`start_worker`), and reuses it for every request it serves. What goes
back to the event loop is an :class:`Outcome`: plain data that crosses processes (clausegen's
errors are turned into their located records here, since they are not built to be pickled).
This module imports no web framework.
"""

from __future__ import annotations

import io
import signal
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from clausegen.api import (
    charter_result,
    decp_result,
    hours_result,
    load_resolved_from,
    render_documents,
    validation_result,
)
from clausegen.errors import ClausegenError, ErrorRecord, ExitCode
from clausegen.i18n import Language, speaking
from clausegen.render.lint.report import check_as_json
from clausegen.render.listing import templates_as_json
from clausegen.render.templates import TemplateSet, load_template_set
from clausegen.render.uploads import check_uploaded_templates
from clausegen.resolve.parameters import ResolvedContract

#: The profile file suffixes a request may name.
PROFILE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Outcome:
    """What a piece of work gives back: a value, or the records of the error it met.

    Attributes:
        value: the JSON-ready result, or the bytes of a file.
        status: the HTTP status of an error (0 for a success).
        title: the short title of the error's problem document.
        errors: the located records of the error.
        extra: more members of the problem document (``findings``).
    """

    value: Any = None
    status: int = 0
    title: str = ""
    errors: list[ErrorRecord] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Worker:
    """What one worker process loaded once, when it started."""

    templates: TemplateSet | None = None
    templates_dir: Path | None = None
    profiles_dir: Path | None = None


_WORKER = _Worker()


def start_worker(templates_dir: str | None, profiles_dir: str | None) -> None:
    """Load the template set of this worker process once (the pool's initializer).

    Ctrl-C in the terminal reaches the whole process group: the service stops its render
    processes itself, so they ignore SIGINT rather than print a traceback each.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.templates_dir = None if templates_dir is None else Path(templates_dir)
    _WORKER.profiles_dir = None if profiles_dir is None else Path(profiles_dir)
    try:
        _WORKER.templates = load_template_set(_WORKER.templates_dir)
    except ClausegenError:
        # NOTE: a pool whose initializer fails is broken for good; each request reports it.
        _WORKER.templates = None


def ready() -> bool:
    """Do nothing: the service calls it once per process to start its pool before serving."""
    return _WORKER.templates is not None


def _template_set() -> TemplateSet:
    if _WORKER.templates is None:
        _WORKER.templates = load_template_set(_WORKER.templates_dir)
    return _WORKER.templates


def profile_registry(folder: Path | None) -> dict[str, Path]:
    """Return the profiles requests may name: the files of ``folder``, by file name.

    Only regular files with a description suffix count; names starting with a dot are
    left out. A file that is a symbolic link out of the folder is listed but refused when
    read (see :mod:`clausegen.resolve.buyer`). Listed again for each request, so that a
    profile added to the folder is seen without a restart.
    """
    if folder is None:
        return {}
    try:
        paths = sorted(folder.iterdir())
    except OSError:
        return {}
    return {
        path.name: path
        for path in paths
        if path.name.lower().endswith(PROFILE_SUFFIXES) and not path.name.startswith(".")
    }


def _load(body: bytes, syntax: Literal["yaml", "json"]) -> ResolvedContract:
    source = "<request>.json" if syntax == "json" else "<request>.yaml"
    profiles = profile_registry(_WORKER.profiles_dir)
    return load_resolved_from(body, format=syntax, source=source, profiles=profiles)


#: The results a description gives, by endpoint.
RESULTS: dict[str, Callable[[ResolvedContract], dict[str, Any]]] = {
    "hours": hours_result,
    "validate": validation_result,
    "decp": decp_result,
    "charter": charter_result,
}


def contract_result(kind: str, body: bytes, syntax: Literal["yaml", "json"]) -> Outcome:
    """Load a description and return one of its :data:`RESULTS`."""
    try:
        return Outcome(RESULTS[kind](_load(body, syntax)))
    except ClausegenError as error:
        return failure(error)


def documents_zip(
    body: bytes,
    syntax: Literal["yaml", "json"],
    formats: tuple[str, ...],
    only: tuple[str, ...] | None,
) -> Outcome:
    """Load a description and return its documents as the bytes of a zip archive."""
    try:
        template_set = _template_set()
    except ClausegenError as error:
        return failure(error)
    unknown = [item for item in only or () if item not in template_set.ids]
    if unknown:
        message = (
            f"no template {', '.join(repr(u) for u in unknown)}; "
            f"choose among {', '.join(template_set.ids)}"
        )
        return Outcome(status=422, title="Unknown template", errors=[_query_record(message)])
    try:
        files = render_documents(
            _load(body, syntax), formats=formats, only=only, templates=template_set
        )
    except ClausegenError as error:
        return failure(error)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return Outcome(buffer.getvalue())


def templates_listing() -> Outcome:
    """Return the templates of the service's set (without the folder they lie in)."""
    origin = "bundled" if _WORKER.templates_dir is None else "option"
    try:
        listing = templates_as_json(_template_set(), origin=origin)
    except ClausegenError as error:
        return failure(error)
    listing.pop("directory", None)
    return Outcome(listing)


def templates_check(data: bytes, filename: str) -> Outcome:
    """Check an uploaded template or zipped set; errors found make a 422 with the findings."""
    try:
        check = check_uploaded_templates(data, filename=filename)
    except ClausegenError as error:
        return failure(error)
    findings = check_as_json(check)
    result = {
        "ok": check.ok,
        "templates": list(check.templates),
        "rendered": list(check.rendered),
        "errors": len(check.errors),
        "warnings": len(check.warnings),
        "findings": findings,
    }
    if check.ok:
        return Outcome(result)
    records = [
        ErrorRecord(
            source=str(item.get("template")),
            line=None,
            column=None,
            path="",
            code=str(item.get("code")),
            message=str(item.get("message")),
        )
        for item in findings
        if item.get("severity") == "error"
    ]
    return Outcome(
        status=422, title="Template refused", errors=records, extra={"findings": findings}
    )


def _query_record(message: str) -> ErrorRecord:
    return ErrorRecord(
        source=None, line=None, column=None, path="only", code="query", message=message
    )


_TITLES = {
    422: "Invalid contract description",
    400: "Bad request",
    500: "Server error",
    502: "Document conversion failed",
    504: "Render time limit exceeded",
}


def in_language(language: Language, function: Callable[..., Outcome], *args: Any) -> Outcome:
    """Run ``function(*args)`` in a worker, its messages in the language the request asked."""
    with speaking(language):
        return function(*args)


def failure(error: ClausegenError) -> Outcome:
    """Return a clausegen error as an outcome: its records and the HTTP status it means."""
    records = error.records()
    if any(record["code"] == "template-time-budget" for record in records):
        status = 504
    elif any(record["code"] == "template-upload" for record in records):
        return Outcome(status=422, title="Upload refused", errors=records)
    else:
        status = {
            ExitCode.INVALID_INPUT: 422,
            ExitCode.USAGE: 400,
            ExitCode.CONVERSION: 502,
        }.get(error.exit_code, 500)
    return Outcome(status=status, title=_TITLES[status], errors=records)
