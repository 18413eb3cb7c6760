"""``clausegen serve``: started as the README says, and without the server extra."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers import EXAMPLES
from tests.security.hostile import cli
from tests.service.conftest import profiles_folder, stop, wait_until_up


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_starts_the_service_as_the_readme_says(tmp_path: Path) -> None:
    profiles, _ = profiles_folder(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    command = [
        sys.executable, "-m", "clausegen", "serve",
        "--port", str(port), "--profiles", str(profiles), "--render-processes", "1",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=tmp_path, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, process, log)
        body = (EXAMPLES / "lycee-jules-verne.yaml").read_bytes()
        response = httpx.post(
            f"{url}/v1/hours",
            content=body,
            headers={"Content-Type": "application/yaml"},
            timeout=60,
        )
        assert response.status_code == 200
        assert response.json()["reference"] == "2026-TRV-014"
    finally:
        stop(process)


@pytest.mark.parametrize("missing", ["fastapi", "uvicorn"])
def test_serve_without_the_server_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    for name in [name for name in sys.modules if name.startswith("clausegen.service")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, missing, None)
    result = cli("serve")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: clausegen serve needs the server extra ({missing} is not installed): "
        "pip install 'clausegen[server]'\n"
    )


def test_serve_refuses_a_template_set_it_cannot_use_before_starting(tmp_path: Path) -> None:
    result = cli("serve", "--templates", tmp_path)
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {tmp_path}: has no templates.yaml; a template folder lists its templates in it\n"
    )
