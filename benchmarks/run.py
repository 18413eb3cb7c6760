"""``make bench``: how fast clausegen is at every size (issue 14), measured in one run.

What is measured, and how (CPU time is the process's user + system time, which a busy
machine changes far less than the time on the clock; wall time only where the point is to
use several cores):

(a) **one contract's document set**, in this process, CPU time in paired rounds (each round
    runs the three sides one after the other): clausegen (load, compute, context, render
    every template, zip) against plain docxtpl rendering the same templates with the same
    context, built inside the timer, and against the floor: zipping the rendered parts;
(b) **a batch** of contracts, ``clausegen generate --jobs 2`` against ``--jobs 1`` in new
    processes, wall time (the point is the second core): paired rounds of 1 000 contracts,
    the side that goes first alternating, the median of the rounds' ratios, with the load
    average of the machine beside it (another process on a core takes it from ``--jobs 2``);
    the peak memory (largest process) at a smaller size and at 1 000, to show that it does
    not grow;
(c) **a contract of many lots**: CPU time and peak memory of ``clausegen generate``;
(d) **the report** on a generated portfolio, text and Word: CPU time and peak memory;
(e) **start-up**: ``clausegen --help`` and ``clausegen hours`` against ``python -c pass``,
    CPU time, median of several runs;
(f) **PDF copies** (item 6, no target): LibreOffice with a new profile per run (clausegen's
    way), with a kept profile, and warm (``unoserver``, when installed): see ``pdf.py``;

then the duplicate check of realised hours at scale (issue 10, ``duplicates.py``).
``--quick`` runs every measurement on tiny inputs, once: a smoke test, not a measurement.
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duplicates
import inputs
import pdf
from docxtpl import DocxTemplate

import clausegen
from clausegen.compute.hours import compute_obligation
from clausegen.present.context import build_context
from clausegen.render.output import deterministic_zip
from clausegen.render.templates import load_template_set
from clausegen.resolve.loading import load_contract
from clausegen.write.run import render_run

CLAUSEGEN = str(Path(sys.executable).parent / "clausegen")


@dataclass(frozen=True)
class Sizes:
    """The sizes of one run of the benchmarks."""

    rounds: int
    batch: tuple[int, int]
    rounds_b: int
    lots: tuple[int, int]
    portfolio: tuple[int, int]
    startups: int
    pdf: tuple[int, int]  # rounds, contracts in the batch


FULL = Sizes(
    rounds=15,
    batch=(200, 1000),
    rounds_b=3,
    lots=(100, 1000),
    portfolio=(2000, 100_000),
    startups=9,
    pdf=(3, 10),
)
QUICK = Sizes(
    rounds=1,
    batch=(2, 4),
    rounds_b=1,
    lots=(5, 10),
    portfolio=(10, 200),
    startups=1,
    pdf=(1, 2),
)
_MISSED: list[str] = []


def target(label: str, met: bool) -> str:
    """Say whether a target is met; a missed one makes ``make bench`` fail."""
    if not met:
        _MISSED.append(label)
    return f"[{'met' if met else 'MISSED'}: {label}]"


def cpu(function: Callable[[], object]) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


#: Runs a command and writes its exit code, CPU time, wall time and peak memory (KB) to a
#: file. Linux keeps a process's peak memory across ``execve``: a command started by this
#: benchmark, grown to hundreds of MB by the steps it ran in-process, would report at least
#: that much. Started from this small launcher (≈ 10 MB), it reports its own.
_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    cpu = usage.ru_utime + usage.ru_stime
    out.write(f"{os.waitstatus_to_exitcode(status)} {cpu} {wall} {usage.ru_maxrss}")
"""


def run_child(
    command: list[str], environment: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Run a command; return its CPU time, wall time and peak memory in MB (largest process).

    The command's own figures, and those of the processes it waited for (its workers), as
    the kernel counts them (see ``_LAUNCHER``).
    """
    with tempfile.TemporaryDirectory() as folder:  # NOTE: not a pipe: it could fill up
        errors, measured = Path(folder, "errors"), Path(folder, "measured")
        with errors.open("wb") as stream:
            subprocess.run(
                [sys.executable, "-c", _LAUNCHER, str(measured), *command],
                stdout=subprocess.DEVNULL,
                stderr=stream,
                env={**os.environ, **(environment or {})},
                check=False,
            )
        code, cpu_time, wall, peak = measured.read_text().split()
        if code != "0":
            message = f"{' '.join(command)} failed: {errors.read_text()[-2000:]}"
            raise RuntimeError(message)
    return float(cpu_time), float(wall), int(peak) / 1024


def document_set(sizes: Sizes, folder: Path) -> None:
    """(a) one contract's set: clausegen, plain docxtpl, the zip floor."""
    contract_file = inputs.EXAMPLE
    template_set = load_template_set()

    def ours() -> dict[Path, bytes]:
        return render_run([contract_file], folder, templates=template_set).files

    def plain() -> None:
        contract = load_contract(contract_file)
        obligation = compute_obligation(contract)
        for entry in template_set.entries:
            document = DocxTemplate(entry.path)
            document.render(build_context(contract, obligation, document=entry))
            document.save(io.BytesIO())

    parts = []
    for data in ours().values():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts.append({name: archive.read(name) for name in archive.namelist()})

    def floor() -> None:
        for members in parts:
            deterministic_zip(members)

    for side in (ours, plain, floor):  # warm-up: imports, caches, first compilation
        side()
    times: dict[str, list[float]] = {"ours": [], "plain": [], "floor": []}
    for _ in range(sizes.rounds):
        times["ours"].append(cpu(ours))
        times["plain"].append(cpu(plain))
        times["floor"].append(cpu(floor))
    ours_s, plain_s, floor_s = (statistics.median(times[k]) for k in ("ours", "plain", "floor"))
    print(f"(a) one contract's set ({len(parts)} documents), CPU, median of {sizes.rounds} paired")
    print(
        f"    clausegen {ours_s * 1000:.1f} ms, plain docxtpl {plain_s * 1000:.1f} ms, zip floor "
        f"{floor_s * 1000:.1f} ms"
    )
    print(
        f"    clausegen / plain docxtpl = {ours_s / plain_s:.2f} "
        + target("≤ 0.3", ours_s / plain_s <= 0.3)
    )
    print(
        f"    clausegen / zip floor     = {ours_s / floor_s:.2f} "
        + target("≤ 3", ours_s / floor_s <= 3)
    )


def batch(sizes: Sizes, folder: Path) -> None:
    """(b) --jobs 2 against --jobs 1 in paired rounds, and the peak memory at two sizes.

    The speed-up is measured on the larger batch (1 000 contracts, as issue 14 says): the
    fixed part of a run (imports, reading and checking the templates, compiling them in each
    worker, renaming the files into place: about 1.5 s) weighs five times more on 200.
    """
    small, large = sizes.batch
    files = inputs.contracts(folder / "contracts", large)

    def generate(count: int, jobs: int) -> tuple[float, float, float]:
        out = folder / f"out-{count}-{jobs}"
        command = [CLAUSEGEN, "generate", *files[:count], "-o", str(out), "--jobs", str(jobs)]
        return run_child([*command, "--force"])

    loads = [os.getloadavg()[0]]
    ratios: list[float] = []
    walls: dict[int, list[float]] = {1: [], 2: []}
    peaks = {jobs: [generate(small, jobs)[2], 0.0] for jobs in (1, 2)}  # small, then large
    for number in range(sizes.rounds_b):
        order = (1, 2) if number % 2 == 0 else (2, 1)  # NOTE: neither side always goes first
        measured = {jobs: generate(large, jobs) for jobs in order}
        ratios.append(measured[1][1] / measured[2][1])
        for jobs in (1, 2):
            walls[jobs].append(measured[jobs][1])
            peaks[jobs][1] = max(peaks[jobs][1], measured[jobs][2])
        loads.append(os.getloadavg()[0])
    serial, parallel = folder / f"out-{large}-1", folder / f"out-{large}-2"
    same = all(
        path.read_bytes() == (parallel / path.name).read_bytes() for path in serial.iterdir()
    )
    speed_up = statistics.median(ratios)
    print(
        f"(b) batch of {large} contracts, wall time, {sizes.rounds_b} paired rounds "
        f"(load average {min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} CPUs)"
    )
    print(
        f"    --jobs 1 {statistics.median(walls[1]):.1f} s, --jobs 2 "
        f"{statistics.median(walls[2]):.1f} s: speed-up {speed_up:.2f} (rounds: "
        + ", ".join(f"{ratio:.2f}" for ratio in ratios)
        + ") "
        + target("≥ 1.7", speed_up >= 1.7)
        + f"; the same bytes: {same}"
    )
    for jobs in (1, 2):
        print(
            f"    --jobs {jobs} peak memory: {peaks[jobs][0]:.0f} MB at {small} contracts, "
            f"{peaks[jobs][1]:.0f} MB at {large} "
            + target(f"flat, --jobs {jobs}", peaks[jobs][1] <= peaks[jobs][0] * 1.2 + 10)
        )
    shutil.rmtree(folder / "contracts")


def many_lots(sizes: Sizes, folder: Path) -> None:
    """(c) a contract of many lots: CPU time and peak memory, against a smaller one."""
    measured = {}
    for lots in sizes.lots:
        path = inputs.many_lots(folder, lots)
        command = [CLAUSEGEN, "generate", path, "-o", str(folder / "out"), "--force"]
        # NOTE: the render budget is time on the clock; a loaded machine must not stop it.
        measured[lots] = run_child(command, {"CLAUSEGEN_LIMIT_RENDER_SECONDS": "600"})
    small, large = sizes.lots
    per_hundred = measured[large][0] / large * 100
    print(
        f"(c) {large} lots: CPU {measured[large][0]:.2f} s ({per_hundred:.2f} s per 100 lots "
        + target("< 1 s per 100 lots", per_hundred < 1)
        + f"), peak {measured[large][2]:.0f} MB;"
        f" {small} lots: CPU {measured[small][0]:.2f} s, peak {measured[small][2]:.0f} MB"
    )


def report(sizes: Sizes, folder: Path) -> None:
    """(d) the report on a generated portfolio, text and Word."""
    count, lines = sizes.portfolio
    contracts, realised = inputs.portfolio(folder, count, lines)
    base = [CLAUSEGEN, "report", str(contracts), "-r", str(realised)]
    text = run_child(base)
    word = run_child([*base, "-o", str(folder / "rapport.docx"), "--force"])
    full = sizes is FULL
    print(
        f"(d) report, {count} contracts / {lines} lines: text CPU {text[0]:.1f} s "
        f"(wall {text[1]:.1f} s) " + target("≤ 5 s", not full or text[0] <= 5)
    )
    print(
        f"    Word CPU {word[0]:.1f} s (wall {word[1]:.1f} s), peak {word[2]:.0f} MB "
        + target("≤ 10 s", not full or word[0] <= 10)
        + " "
        + target("≤ 300 MB", not full or word[2] <= 300)
    )


def startup(sizes: Sizes) -> None:
    """(e) start-up: --help and hours against python -c pass."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "clausegen --help": [CLAUSEGEN, "--help"],
        "clausegen hours": [CLAUSEGEN, "hours", str(inputs.EXAMPLE)],
    }
    found = {
        label: statistics.median(run_child(command)[0] for _ in range(sizes.startups))
        for label, command in commands.items()
    }
    base = found["python -c pass"]
    print(f"(e) start-up, CPU, median of {sizes.startups}: python -c pass {base * 1000:.0f} ms")
    for label in ("clausegen --help", "clausegen hours"):
        met = "" if label != "clausegen --help" else " " + target("≤ 0.1 s", found[label] <= 0.1)
        print(
            f"    {label}: {found[label] * 1000:.0f} ms ({found[label] / max(base, 1e-3):.1f}×"
            f" python -c pass){met}"
        )


def compile_package() -> None:
    """Compile clausegen's modules to bytecode, as installing the package does.

    pip compiles a package's modules when it installs it; an editable install leaves that to
    the first import, which does not write it where ``PYTHONDONTWRITEBYTECODE`` is set (as
    on the project machines): every command would then compile clausegen again, ≈ 40 ms of
    ``--help`` alone. ``compileall`` writes it whatever that variable says.
    """
    compileall.compile_dir(Path(clausegen.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny inputs, once: a smoke test")
    parser.add_argument("--only", default="abcdef", help="the steps to run, e.g. --only cde")
    arguments = parser.parse_args()
    sizes = QUICK if arguments.quick else FULL
    compile_package()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        steps = (("a", document_set), ("b", batch), ("c", many_lots), ("d", report))
        for step, function in steps:
            if step not in arguments.only:
                continue
            (folder / step).mkdir()
            function(sizes, folder / step)
            sys.stdout.flush()
        if "e" in arguments.only:
            startup(sizes)
        if "f" in arguments.only:
            (folder / "f").mkdir()
            contracts = [Path(path) for path in inputs.contracts(folder / "f", sizes.pdf[1])]
            pdf.measure(contracts, folder / "f", rounds=sizes.pdf[0], batch=sizes.pdf[1])
    if not arguments.quick and arguments.only == "abcdef":
        duplicates.run()
    if _MISSED:
        print(f"targets missed: {', '.join(_MISSED)}")
    return 1 if _MISSED and not arguments.quick else 0


if __name__ == "__main__":
    sys.exit(main())
