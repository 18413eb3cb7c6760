"""(f) PDF copies (issue 14, item 6): what a kept LibreOffice, or a warm one, would save.

Three ways of converting the same Word documents to PDF/A-2b, wall time (LibreOffice is a
process of its own: CPU time of this process would not see it), median of paired rounds:

* **fresh**: what ``clausegen generate --pdf`` does, :func:`clausegen.write.pdf.
  convert_documents`: one ``soffice --convert-to`` for the run, with a new user profile
  in a private work folder (created, then removed);
* **kept profile**: the same command on a user profile made once before the rounds and
  kept between them;
* **warm**: a running ``unoserver`` (LibreOffice's UNO bridge behind XML-RPC), started
  once before the rounds, sent each document in turn with the same export filter options.
  Measured only when an ``unoserver`` program is found (``CLAUSEGEN_BENCH_UNOSERVER`` or
  the PATH): it needs the ``uno`` module of the system's Python (Debian: ``python3-uno``),
  which a virtual environment does not see; the time it takes to start is printed too.

Two sizes: one contract's document set (the example's 7 documents) and a batch of several
contracts converted in one run. No target: the point is the decision of item 6 (see
benchmarks/README.md).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import xmlrpc.client
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from clausegen.errors import ClausegenError
from clausegen.write.converted import export_filter, soffice_command
from clausegen.write.pdf import convert_documents, find_soffice
from clausegen.write.run import render_run

#: unoserver's options for LibreOffice's PDF export: those of ``export_filter("pdf", "pdfa-2b")``.
_UNOSERVER_OPTIONS = ["SelectPdfVersion=2", "UseTaggedPDF=true"]


def _wall(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def documents_of(contracts: list[Path], folder: Path) -> dict[str, bytes]:
    """The Word documents of the contracts, by file name."""
    rendered = render_run(contracts, folder).files
    return {path.name: data for path, data in rendered.items()}


def fresh(documents: Mapping[str, bytes]) -> None:
    """clausegen's own path: a new profile for the run."""
    converted = convert_documents(documents, formats=("pdf",))
    assert len(converted) == len(documents)


def kept(documents: Mapping[str, bytes], profile_dir: Path) -> None:
    """The same command on a profile kept between runs (``profile_dir/profile``)."""
    with tempfile.TemporaryDirectory() as name:
        source, output = Path(name, "in"), Path(name, "out")
        source.mkdir()
        for file_name, data in documents.items():
            (source / file_name).write_bytes(data)
        command = soffice_command(
            find_soffice(), profile_dir, source, output, export_filter("pdf", "pdfa-2b"), documents
        )
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        assert len(list(output.glob("*.pdf"))) == len(documents)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def unoserver(program: str, folder: Path) -> Iterator[tuple[xmlrpc.client.ServerProxy, float]]:
    """Start ``unoserver`` on free ports; yield its XML-RPC proxy and the seconds it took."""
    port, uno_port = _free_port(), _free_port()
    profile = str(folder / "unoserver-profile")  # NOTE: a path; unoserver makes the URI
    command = [program, "--interface", "127.0.0.1", "--port", str(port)]
    command += ["--uno-port", str(uno_port), "--user-installation", profile, "--quiet"]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", allow_none=True)
    try:
        for _ in range(600):
            try:
                proxy.info()
                break
            except OSError:
                time.sleep(0.1)
        else:
            message = "unoserver did not answer within 60 s"
            raise RuntimeError(message)
        yield proxy, time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # NOTE: unoserver may wait for its LibreOffice
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def warm(documents: Mapping[str, bytes], proxy: xmlrpc.client.ServerProxy) -> None:
    """Each document sent to the running unoserver, its PDF returned."""
    for data in documents.values():
        pdf = proxy.convert(
            None,
            xmlrpc.client.Binary(data),
            None,
            "pdf",
            "writer_pdf_Export",
            _UNOSERVER_OPTIONS,
            False,
            "MS Word 2007 XML",
        )
        assert isinstance(pdf, xmlrpc.client.Binary), type(pdf)
        assert pdf.data.startswith(b"%PDF-")


def _rounds(
    documents: Mapping[str, bytes],
    profile_dir: Path,
    proxy: xmlrpc.client.ServerProxy | None,
    rounds: int,
) -> dict[str, float]:
    """The median wall time of each way, the ways taking turns in each round."""
    ways: dict[str, Callable[[], None]] = {
        "fresh": lambda: fresh(documents),
        "kept profile": lambda: kept(documents, profile_dir),
    }
    if proxy is not None:
        ways["warm"] = lambda: warm(documents, proxy)
    times: dict[str, list[float]] = {way: [] for way in ways}
    for _ in range(rounds):
        for way, function in ways.items():
            times[way].append(_wall(function))
    return {way: statistics.median(values) for way, values in times.items()}


def measure(contracts: list[Path], folder: Path, *, rounds: int, batch: int) -> None:
    """Print the three ways on one contract's set and on ``batch`` contracts' sets."""
    try:
        find_soffice()
    except ClausegenError:
        print("(f) PDF: LibreOffice is not installed: not measured")
        return
    program = os.environ.get("CLAUSEGEN_BENCH_UNOSERVER") or shutil.which("unoserver")
    sets = {
        "one contract": documents_of(contracts[:1], folder / "one"),
        f"{batch} contracts": documents_of(contracts[:batch], folder / "batch"),
    }
    profile_dir = folder / "kept"
    kept(sets["one contract"], profile_dir)  # NOTE: the profile is made here, not measured
    print(f"(f) PDF/A-2b copies, wall time, median of {rounds} rounds")
    with contextlib.ExitStack() as stack:
        proxy = None
        if program is not None:
            proxy, started = stack.enter_context(unoserver(program, folder))
            print(f"    unoserver started in {started:.1f} s ({program})")
        for label, documents in sets.items():
            found = _rounds(documents, profile_dir, proxy, rounds)
            ratios = ", ".join(
                f"{way}/fresh {seconds / found['fresh']:.2f}"
                for way, seconds in found.items()
                if way != "fresh"
            )
            print(
                f"    {label} ({len(documents)} documents): "
                + ", ".join(f"{way} {seconds:.2f} s" for way, seconds in found.items())
                + f" ({ratios})"
            )
    if program is None:
        print("    warm: no unoserver program (CLAUSEGEN_BENCH_UNOSERVER, PATH): not measured")
