"""A real clausegen service for the tests: uvicorn in a subprocess, on a loopback socket.

The socket is bound here (port 0: the system picks a free port) and handed to uvicorn
(``--fd``), so that two pytest-xdist workers never race for a port. The server is stopped
(SIGTERM, then SIGKILL) whatever the tests did.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.helpers import PROFILES
from tests.security.hostile import SECRET_TEXT

START_SECONDS = 90


@dataclass(frozen=True)
class Server:
    """A running service: its base URL, its process and the folders it was given."""

    url: str
    process: subprocess.Popen[bytes]
    profiles: Path
    secret: Path

    def client(self, timeout: float = 120) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=timeout)


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll /health until it answers; fail with the server's log if it never does."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped (code {process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer within {START_SECONDS} s:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and its render processes (its process group), for sure."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
    # NOTE: render processes left behind by a killed server belong to the same group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def profiles_folder(root: Path) -> tuple[Path, Path]:
    """A profiles folder with the example profiles and a link to a secret outside it."""
    secret = root / "outside" / "secret.yaml"
    secret.parent.mkdir(parents=True)
    secret.write_text(SECRET_TEXT, encoding="utf-8")
    profiles = root / "profiles"
    profiles.mkdir()
    for profile in PROFILES.glob("*.yaml"):
        shutil.copy(profile, profiles / profile.name)
    (profiles / "escape.yaml").symlink_to(secret)
    return profiles, secret


@contextlib.contextmanager
def running_server(root: Path, environment: dict[str, str] | None = None) -> Iterator[Server]:
    """Start uvicorn on a socket bound here, wait until it answers, always stop it."""
    profiles, secret = profiles_folder(root)
    sock = _listening_socket()
    port = sock.getsockname()[1]
    log = root / "server.log"
    variables = {
        **os.environ,
        "CLAUSEGEN_SERVE_PROFILES": str(profiles),
        "CLAUSEGEN_SERVE_PROCESSES": "2",
        **(environment or {}),
    }
    variables.pop("CLAUSEGEN_SERVE_TEMPLATES", None)
    command = [
        sys.executable, "-m", "uvicorn", "clausegen.service.app:create_app", "--factory",
        "--fd", str(sock.fileno()), "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            env=variables,
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=(sock.fileno(),),
            start_new_session=True,
        )
    sock.close()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield Server(url, process, profiles, secret)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One service per test module (and per xdist worker), with two render processes."""
    with running_server(tmp_path_factory.mktemp("service")) as running:
        yield running
