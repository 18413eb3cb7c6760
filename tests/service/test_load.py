"""A bounded load: 200 requests, 8 at a time, no error, memory stable after warm-up.

No timing is asserted (throughput and latency are measured in benchmarks/service.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.helpers import EXAMPLES
from tests.service.conftest import Server

REQUESTS = 200
CONCURRENT = 8
#: Growth of the server's memory (all its processes) allowed after the warm-up.
GROWTH_BYTES = 150 * 1024 * 1024

BODIES = [
    ("/v1/hours", EXAMPLES / "lycee-jules-verne.yaml", "application/yaml"),
    ("/v1/validate", EXAMPLES / "avenue-de-la-gare.yaml", "application/yaml"),
    ("/v1/hours", EXAMPLES / "restauration-scolaire.json", "application/json"),
    ("/v1/documents?only=ccap", EXAMPLES / "lycee-jules-verne.yaml", "application/yaml"),
]


def group_rss(group: int) -> int:
    """The resident memory of every process of a process group, in bytes."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) != group:
                continue
            status = (entry / "status").read_text()
        except (OSError, ValueError):
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def run_requests(server: Server, count: int) -> list[int]:
    bodies = [(path, file.read_bytes(), kind) for path, file, kind in BODIES]

    def one(index: int) -> int:
        path, body, kind = bodies[index % len(bodies)]
        with httpx.Client(base_url=server.url, timeout=120) as client:
            return client.post(path, content=body, headers={"Content-Type": kind}).status_code

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        return list(pool.map(one, range(count)))


def test_two_hundred_requests_eight_at_a_time_without_error_or_growth(server: Server) -> None:
    assert run_requests(server, 40) == [200] * 40
    warm = group_rss(server.process.pid)
    statuses = run_requests(server, REQUESTS)
    after = group_rss(server.process.pid)
    assert statuses == [200] * REQUESTS
    assert warm > 0
    assert after - warm < GROWTH_BYTES, (warm, after)
