"""Request bodies read within bounds, and problem documents (RFC 9457) for what goes wrong.

A body is read chunk by chunk and refused (413) as soon as it passes its limit, so that no
request makes the service hold more than the limit in memory; a ``Content-Length`` above
the limit is refused before anything is read. Errors are ``application/problem+json``:
``type``, ``title``, ``status``, ``detail`` and ``errors``, the located records of
:meth:`clausegen.errors.ClausegenError.records`.
"""

from __future__ import annotations

import email.parser
import email.policy
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import JSONResponse

from clausegen.errors import ErrorRecord
from clausegen.i18n import LANGUAGES, Language
from clausegen.limits import describe_size

PROBLEM_JSON = "application/problem+json"

#: Media types of descriptions, and the syntax each one is parsed with.
DESCRIPTION_TYPES: dict[str, Literal["yaml", "json"]] = {
    "application/json": "json",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
}


class ProblemError(Exception):
    """A request refused before the library is called (size, media type, query)."""

    def __init__(
        self, status: int, title: str, detail: str, errors: list[ErrorRecord] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []


def problem(
    status: int,
    title: str,
    detail: str,
    errors: list[ErrorRecord],
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """Return a problem document (RFC 9457) with the located records in ``errors``."""
    body: dict[str, Any] = {
        "type": f"https://clausegen.invalid/problems/{status}",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors,
        **(extra or {}),
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def record(message: str, *, code: str, path: str = "") -> ErrorRecord:
    """Return a record without a source or location (a refusal of the request itself)."""
    return ErrorRecord(source=None, line=None, column=None, path=path, code=code, message=message)


def description_syntax(request: Request) -> Literal["yaml", "json"]:
    """Return the syntax a description body is in, from its ``Content-Type``.

    Raises:
        ProblemError: 415 for another media type, or a charset other than UTF-8.
    """
    raw = request.headers.get("content-type", "")
    media, _semicolon, parameters = raw.partition(";")
    syntax = DESCRIPTION_TYPES.get(media.strip().lower())
    charset = _parameter(parameters, "charset")
    if syntax is None or charset not in (None, "utf-8", "utf8"):
        accepted = ", ".join(DESCRIPTION_TYPES)
        detail = f"send the description as one of {accepted} (UTF-8); got {raw or 'none'!r}"
        raise ProblemError(415, "Unsupported media type", detail, [record(detail, code="media")])
    return syntax


def _parameter(parameters: str, name: str) -> str | None:
    for item in parameters.split(";"):
        key, _equals, value = item.partition("=")
        if key.strip().lower() == name:
            return value.strip().strip('"').lower()
    return None


async def bounded_body(request: Request, limit: int, limit_name: str) -> bytes:
    """Read the body, refusing it (413) as soon as it passes ``limit`` bytes.

    Raises:
        ProblemError: 413 when the body (or its declared length) is over the limit.
    """
    detail = (
        f"the body is larger than {describe_size(limit)} (the limit is set on the server by "
        f"CLAUSEGEN_LIMIT_{limit_name.upper()})"
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ProblemError(413, "Content too large", detail, [record(detail, code="too-large")])
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProblemError(413, "Content too large", detail, [record(detail, code="too-large")])
        chunks.append(chunk)
    return b"".join(chunks)


def uploaded_file(content_type: str, body: bytes) -> tuple[str, bytes]:
    """Return the name and bytes of the file of a ``multipart/form-data`` body.

    The first part that carries a file name is taken (the form field's name does not
    matter: ``-F file=@modeles.zip``).

    Raises:
        ProblemError: 415 when the body is not multipart/form-data; 422 when it has no file.
    """
    if content_type.split(";")[0].strip().lower() != "multipart/form-data":
        detail = "send the template as multipart/form-data (curl -F file=@modele.docx)"
        raise ProblemError(415, "Unsupported media type", detail, [record(detail, code="media")])
    header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode(
        "latin-1", "replace"
    )
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
    for part in message.iter_parts() if message.is_multipart() else ():
        filename = part.get_filename()
        if filename:
            payload = part.get_payload(decode=True)
            return filename, payload if isinstance(payload, bytes) else b""
    detail = "the form holds no file: send one with -F file=@modele.docx (or a .zip)"
    raise ProblemError(422, "No file", detail, [record(detail, code="upload")])


def requested_language(header: str | None) -> Language:
    """Return the language an ``Accept-Language`` header prefers among French and English.

    ``fr-FR, en;q=0.8`` is French; English when the header is absent or names neither.
    """
    ranked: list[tuple[float, int, Language]] = []
    for index, item in enumerate((header or "").split(",")):
        tag, _semicolon, parameters = item.partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        weight = 1.0
        key, _equals, value = parameters.strip().partition("=")
        if key.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                continue
        if weight > 0:
            ranked.append((-weight, index, "fr" if primary == "fr" else "en"))
    return min(ranked)[2] if ranked else "en"
