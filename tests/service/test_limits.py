"""The service's limits come from its environment: a render past render_seconds is a 504."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES
from tests.service.conftest import Server, running_server


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    environment = {
        "CLAUSEGEN_LIMIT_RENDER_SECONDS": "0.001",
        "CLAUSEGEN_LIMIT_DESCRIPTION_BYTES": "100KB",
    }
    with running_server(tmp_path_factory.mktemp("tight"), environment) as running:
        yield running


def test_a_render_past_the_time_limit_is_a_504(tight: Server) -> None:
    body = (EXAMPLES / "lycee-jules-verne.yaml").read_bytes()
    with tight.client() as client:
        response = client.post(
            "/v1/documents?only=ccap", content=body, headers={"Content-Type": "application/yaml"}
        )
    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Render time limit exceeded"
    assert [error["code"] for error in response.json()["errors"]] == ["template-time-budget"]


def test_the_body_limit_is_the_services_description_bytes(tight: Server) -> None:
    with tight.client() as client:
        response = client.post(
            "/v1/hours",
            content=b"a" * (100 * 1024 + 1),
            headers={"Content-Type": "application/yaml"},
        )
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "the body is larger than 100 KB (the limit is set on the server by "
        "CLAUSEGEN_LIMIT_DESCRIPTION_BYTES)"
    )


def render_processes(server: Server) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        if parent == server.process.pid and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def test_a_render_process_that_dies_is_replaced(tight: Server) -> None:
    body = (EXAMPLES / "lycee-jules-verne.yaml").read_bytes()
    headers = {"Content-Type": "application/yaml"}
    with tight.client() as client:
        assert client.post("/v1/hours", content=body, headers=headers).status_code == 200
        victims = render_processes(tight)
        assert victims
        os.kill(victims[0], signal.SIGKILL)
        time.sleep(1)
        answers = []
        for _ in range(3):
            answers.append(client.post("/v1/hours", content=body, headers=headers))
            if answers[-1].status_code == 200:
                break
    # NOTE: the request that finds the pool broken is refused (503), and the pool replaced.
    assert [answer.status_code for answer in answers] in ([200], [503, 200])
    for answer in answers[:-1]:
        assert answer.json()["detail"] == (
            "a render process stopped while working on the request; send it again"
        )
