"""``make bench`` (issue 17): the HTTP service against the same work done in-process.

Two workloads, each measured over HTTP (``clausegen serve``'s application in uvicorn, in a
subprocess, its render pool of ``--processes`` processes, ``--concurrency`` clients at a
time) and in-process in the same run (the library API called in a process pool of the same
size, the same number of jobs at a time):

* **hours**: ``POST /v1/hours`` with the example contract — ``load_contract_from`` then
  ``hours_result``;
* **documents**: ``POST /v1/documents`` (the whole set, a zip) — ``load_contract_from``
  then ``render_documents``.

Prints, for each: throughput (requests per second), median and p95 latency, and the ratios
HTTP / in-process. There is no target: the ratios show what the HTTP edge costs.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from clausegen.api import hours_result, load_contract_from, render_documents

REPO = Path(__file__).resolve().parent.parent
CONTRACT = REPO / "examples" / "lycee-jules-verne.yaml"
PROFILES = REPO / "examples" / "profiles"
BODY = CONTRACT.read_bytes()
REGISTRY = {path.name: path for path in PROFILES.glob("*.yaml")}


@dataclass(frozen=True)
class Measure:
    """Latencies of one workload on one side, and the time the whole batch took."""

    latencies: list[float]
    elapsed: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.latencies, n=20)[18]

    def describe(self) -> str:
        return (
            f"{self.throughput:7.1f} req/s  median {statistics.median(self.latencies) * 1000:7.1f}"
            f" ms  p95 {self.p95 * 1000:7.1f} ms"
        )


def in_process(kind: str) -> None:
    """One job done with the library, as a render process of the service does it."""
    contract = load_contract_from(BODY, source="<request>.yaml", profiles=REGISTRY)
    if kind == "hours":
        hours_result(contract)
    else:
        render_documents(contract)


def through_pool(pool: Executor, kind: str) -> Callable[[int], float]:
    """A client of the in-process pool: the time from submitting a job to its result."""

    def job(_: int) -> float:
        start = time.perf_counter()
        pool.submit(in_process, kind).result()
        return time.perf_counter() - start

    return job


def batch(pool: Executor, job: Callable[[int], float], count: int) -> Measure:
    start = time.perf_counter()
    latencies = list(pool.map(job, range(count)))
    return Measure(latencies, time.perf_counter() - start)


def start_server(processes: int) -> tuple[subprocess.Popen[bytes], str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    environment = {
        **os.environ,
        "CLAUSEGEN_SERVE_PROFILES": str(PROFILES),
        "CLAUSEGEN_SERVE_PROCESSES": str(processes),
    }
    command = [sys.executable, "-m", "uvicorn", "clausegen.service.app:create_app", "--factory"]
    command += ["--fd", str(sock.fileno()), "--log-level", "warning"]
    process = subprocess.Popen(
        command, env=environment, pass_fds=(sock.fileno(),), start_new_session=True
    )
    sock.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    stop_server(process)
    message = "the service did not start"
    raise SystemExit(message)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def over_http(url: str, kind: str) -> Callable[[int], float]:
    path = "/v1/hours" if kind == "hours" else "/v1/documents"
    headers = {"Content-Type": "application/yaml"}

    def job(_: int) -> float:
        start = time.perf_counter()
        with httpx.Client(base_url=url, timeout=120) as client:
            response = client.post(path, content=BODY, headers=headers)
        if response.status_code != 200:
            message = f"{path}: {response.status_code} {response.text[:200]}"
            raise RuntimeError(message)
        return time.perf_counter() - start

    return job


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--hours", type=int, default=200, help="hours requests per side")
    parser.add_argument("--documents", type=int, default=40, help="documents requests per side")
    arguments = parser.parse_args()
    counts = {"hours": arguments.hours, "documents": arguments.documents}
    print(
        f"Service against in-process ({CONTRACT.relative_to(REPO)}; {arguments.processes} "
        f"render processes, {arguments.concurrency} clients at a time)"
    )
    process, url = start_server(arguments.processes)
    try:
        clients = ThreadPoolExecutor(max_workers=arguments.concurrency)
        with ProcessPoolExecutor(max_workers=arguments.processes) as pool, clients:
            for kind, count in counts.items():
                http_job, local_job = over_http(url, kind), through_pool(pool, kind)
                warm = max(arguments.processes * 2, 4)
                batch(clients, http_job, warm)
                batch(clients, local_job, warm)
                http = batch(clients, http_job, count)
                local = batch(clients, local_job, count)
                print(f"{kind:9} over HTTP:   {http.describe()}")
                print(f"{kind:9} in-process: {local.describe()}")
                print(
                    f"{kind:9} ratios HTTP / in-process: throughput "
                    f"{http.throughput / local.throughput:.2f}, p95 {http.p95 / local.p95:.2f}"
                )
    finally:
        stop_server(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
