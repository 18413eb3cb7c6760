"""The HTTP service driven over real HTTP: every endpoint, its successes and its refusals."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.helpers import EXAMPLES, needs_programs
from tests.security.hostile import SECRET_LINES, cli, leaked
from tests.service.conftest import Server
from tests.template_builders import make_template, rewrite

LYCEE = EXAMPLES / "lycee-jules-verne.yaml"
CANTINE = EXAMPLES / "restauration-scolaire.json"
YAML = {"Content-Type": "application/yaml"}
JSON = {"Content-Type": "application/json"}
PROBLEM = "application/problem+json"

INVALID = """\
reference: "2026-X-1"
title: 3
kind: works
mechanism: execution_condition
buyer:
  name: "Ville"
lots: nope
"""


def post(server: Server, path: str, body: bytes | str, headers: dict[str, str]) -> httpx.Response:
    with server.client() as client:
        return client.post(path, content=body, headers=headers)


def cli_json(*args: str | Path) -> object:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_health_and_the_openapi_document_list_every_endpoint(server: Server) -> None:
    with server.client() as client:
        health = client.get("/health")
        openapi = client.get("/openapi.json").json()
        docs = client.get("/docs")
    assert health.json()["status"] == "ok"
    assert sorted(openapi["paths"]) == [
        "/health",
        "/v1/charter",
        "/v1/decp",
        "/v1/documents",
        "/v1/hours",
        "/v1/templates",
        "/v1/templates/check",
        "/v1/validate",
    ]
    assert docs.status_code == 200


@pytest.mark.parametrize(("example", "headers"), [(LYCEE, YAML), (CANTINE, JSON)])
def test_hours_are_those_of_the_command_line(
    server: Server, example: Path, headers: dict[str, str]
) -> None:
    response = post(server, "/v1/hours", example.read_bytes(), headers)
    assert response.status_code == 200
    assert response.json() == cli_json("hours", "--json", example)


def test_decp_and_charter_are_those_of_the_command_line(server: Server) -> None:
    decp = post(server, "/v1/decp", LYCEE.read_bytes(), YAML)
    assert decp.json() == cli_json("decp", "--json", LYCEE)
    charter = post(server, "/v1/charter", LYCEE.read_bytes(), YAML).json()
    expected = cli_json("charter", "--json", LYCEE)
    assert isinstance(expected, dict)
    # NOTE: the service names the profile as the request does, never by its place on the server.
    assert charter.pop("profile") == "profiles/pays-de-la-loire.yaml"
    expected.pop("profile")
    assert charter == expected


def test_validate_gives_the_figures_of_a_valid_description(server: Server) -> None:
    response = post(server, "/v1/validate", LYCEE.read_bytes(), YAML)
    hours = cli_json("hours", "--json", LYCEE)
    assert isinstance(hours, dict)
    assert response.json() == {
        "ok": True,
        "lots": len(hours["lots"]),
        "total_insertion_hours": hours["total_insertion_hours"],
        "warnings": hours["warnings"],
    }


def test_an_invalid_description_is_a_422_with_every_problem_located(server: Server) -> None:
    response = post(server, "/v1/validate", INVALID, YAML)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["title"] == "Invalid contract description"
    assert body["status"] == 422
    assert body["detail"] == (
        "line 2: title: must be text; put the value in quotes (got 3); "
        'line 7: lots: must be a list (got "nope")'
    )
    assert body["errors"] == [
        {
            "source": "<request>.yaml",
            "line": 2,
            "column": None,
            "path": "title",
            "code": "contract",
            "message": "must be text; put the value in quotes (got 3)",
        },
        {
            "source": "<request>.yaml",
            "line": 7,
            "column": None,
            "path": "lots",
            "code": "contract",
            "message": 'must be a list (got "nope")',
        },
    ]


def test_a_syntax_error_is_located_at_its_line_and_column(server: Server) -> None:
    response = post(server, "/v1/hours", '{"reference": "x",\n  "title": }', JSON)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["source"], error["line"], error["column"]) == ("<request>.json", 2, 12)


def test_the_documents_are_a_zip_of_the_command_lines_files(server: Server, tmp_path: Path) -> None:
    response = post(server, "/v1/documents?only=ccap,rc", LYCEE.read_bytes(), YAML)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    result = cli("generate", LYCEE, "--only", "ccap,rc", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert archive.namelist() == ["2026-TRV-014-ccap.docx", "2026-TRV-014-rc.docx"]
    for name in archive.namelist():
        assert archive.read(name) == (tmp_path / name).read_bytes()


TEMPLATE_IDS = ("ccap", "rc", "ae", "suivi", "suivi-facilitateur", "charte", "note-calcul")


def test_every_document_of_the_set_by_default(server: Server) -> None:
    response = post(server, "/v1/documents", LYCEE.read_bytes(), YAML)
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"2026-TRV-014-{i}.docx" for i in TEMPLATE_IDS]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("formats=rtf", "unknown format rtf; choose among docx, pdf, odt, eforms"),
        ("formats=", "formats is empty; e.g. formats=ccap,rc"),
        (
            "only=nothing",
            "only: no template 'nothing'; choose among ccap, rc, ae, suivi, suivi-facilitateur, "
            "charte, note-calcul",
        ),
    ],
)
def test_an_unknown_format_or_template_is_a_422(server: Server, query: str, detail: str) -> None:
    response = post(server, f"/v1/documents?{query}", LYCEE.read_bytes(), YAML)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["detail"] == detail


@pytest.mark.parametrize(
    "content_type", ["text/html", "application/xml", "", "text/yaml; charset=latin-1"]
)
def test_another_media_type_is_a_415(server: Server, content_type: str) -> None:
    response = post(server, "/v1/hours", LYCEE.read_bytes(), {"Content-Type": content_type})
    assert response.status_code == 415
    assert response.json()["title"] == "Unsupported media type"


def test_a_body_over_the_limit_is_a_413_declared_or_not(server: Server) -> None:
    big = b"a" * (10 * 1024 * 1024 + 1)
    declared = post(server, "/v1/hours", big, YAML)

    def chunks() -> object:
        for _ in range(11):
            yield b"a" * (1024 * 1024)

    with server.client() as client:
        streamed = client.post("/v1/hours", content=chunks(), headers=YAML)  # type: ignore[arg-type]
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["detail"] == (
            "the body is larger than 10 MB (the limit is set on the server by "
            "CLAUSEGEN_LIMIT_DESCRIPTION_BYTES)"
        )


@pytest.mark.parametrize(
    ("buyer", "message"),
    [
        ("../outside/secret.yaml", "names no buyer profile that may be used"),
        ("/{secret}", "names no buyer profile that may be used"),
        ("escape.yaml", "the buyer profile escape.yaml leads outside its folder: refused"),
        ("profiles/../escape.yaml", "names no buyer profile that may be used"),
    ],
)
def test_a_buyer_outside_the_profiles_is_a_422_that_echoes_nothing(
    server: Server, buyer: str, message: str
) -> None:
    body = LYCEE.read_text(encoding="utf-8").replace(
        "buyer: profiles/pays-de-la-loire.yaml", f"buyer: {buyer.format(secret=server.secret)}"
    )
    for path in ("/v1/hours", "/v1/documents", "/v1/charter"):
        response = post(server, path, body, YAML)
        assert response.status_code == 422
        [error] = response.json()["errors"]
        assert (error["path"], error["line"]) == ("buyer", 15)
        assert error["message"].startswith(message)
        assert leaked([response.text]) == []
        assert str(server.profiles) not in response.text


def test_the_templates_of_the_service_are_listed_without_their_folder(server: Server) -> None:
    with server.client() as client:
        listing = client.get("/v1/templates").json()
    assert listing["origin"] == "bundled"
    assert "directory" not in listing
    assert [item["id"] for item in listing["templates"]] == list(TEMPLATE_IDS)


def upload(server: Server, name: str, data: bytes) -> httpx.Response:
    with server.client() as client:
        return client.post("/v1/templates/check", files={"file": (name, data)})


def test_a_sound_template_is_checked_and_passes(server: Server) -> None:
    response = upload(server, "modele.docx", make_template(["Marché {{ reference }}."]))
    assert response.status_code == 200
    body = response.json()
    assert (body["ok"], body["templates"], body["errors"]) == (True, ["modele.docx"], 0)


def test_a_hostile_template_is_refused_with_its_findings(server: Server) -> None:
    hostile = rewrite(make_template(["{{ title }}"]), {"word/vbaProject.bin": b"\x00" * 10})
    response = upload(server, "piege.docx", hostile)
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "Template refused"
    assert [finding["code"] for finding in body["findings"]] == ["macros"]
    assert [error["code"] for error in body["errors"]] == ["macros"]


def zipped(entries: dict[str, bytes], *, link: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if link is not None:
            info = zipfile.ZipInfo("lien.docx")
            info.external_attr = 0o120777 << 16
            archive.writestr(info, link)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("archive", "detail"),
    [
        (
            zipped({"../evil.docx": b"x"}),
            "refused: holds an entry outside the set's folder ('../evil.docx')",
        ),
        (
            zipped({"/etc/evil.docx": b"x"}),
            "refused: holds an entry outside the set's folder ('/etc/evil.docx')",
        ),
        (zipped({}, link="/etc/passwd"), "refused: holds a symbolic link ('lien.docx')"),
        (
            zipped({"run.sh": b"x"}),
            "refused: holds 'run.sh': a set holds only .docx files and its templates.yaml",
        ),
        (b"PK not a zip", "refused: is not a zip archive that can be read"),
    ],
)
def test_a_hostile_zipped_set_is_refused_before_anything_is_written(
    server: Server, archive: bytes, detail: str
) -> None:
    response = upload(server, "modeles.zip", archive)
    assert response.status_code == 422
    assert response.json()["detail"] == detail


def test_a_zipped_set_in_a_folder_is_checked(server: Server) -> None:
    manifest = (EXAMPLES.parent / "clause_templates" / "templates.yaml").read_bytes()
    files = {
        f"modeles/{path.name}": path.read_bytes()
        for path in (EXAMPLES.parent / "clause_templates").glob("*.docx")
    }
    response = upload(server, "modeles.zip", zipped({"modeles/templates.yaml": manifest, **files}))
    assert response.status_code == 200, response.text
    assert sorted(response.json()["templates"]) == sorted(path.split("/")[1] for path in files)


def test_an_upload_that_is_not_multipart_is_a_415(server: Server) -> None:
    response = post(server, "/v1/templates/check", b"x", {"Content-Type": "application/zip"})
    assert response.status_code == 415


@pytest.mark.libreoffice
@needs_programs("soffice")
def test_the_documents_in_pdf_too(server: Server) -> None:
    response = post(server, "/v1/documents?formats=docx,pdf&only=ccap", LYCEE.read_bytes(), YAML)
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["2026-TRV-014-ccap.docx", "2026-TRV-014-ccap.pdf"]
    assert archive.read("2026-TRV-014-ccap.pdf").startswith(b"%PDF")


def test_secret_lines_are_what_the_traversal_tests_look_for() -> None:
    assert leaked(["\n".join(SECRET_LINES)]) != []


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        (
            "fr-FR, fr;q=0.9, en;q=0.8",
            "doit être un texte\u00a0; mettez la valeur entre guillemets",
        ),
        ("en-GB, fr;q=0.5", "must be text; put the value in quotes"),
        ("de-DE", "must be text; put the value in quotes"),
        (None, "must be text; put the value in quotes"),
    ],
)
def test_the_messages_follow_accept_language_and_the_codes_stay(
    server: Server, accept: str | None, message: str
) -> None:
    headers = YAML if accept is None else {**YAML, "Accept-Language": accept}
    response = post(server, "/v1/validate", INVALID, headers)
    assert response.status_code == 422
    first = response.json()["errors"][0]
    assert (first["path"], first["code"]) == ("title", "contract")
    assert first["message"].startswith(message)
