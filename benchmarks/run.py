"""``make bench``: what clausegen's safety costs over plain docxtpl, and how fast the CLI starts.

Measured in the same run, interleaved so that both sides see the same machine load:

* **clausegen**: the full set of one contract with ``generate()`` — load and check the
  description, compute the obligation, build the context, render every template through
  the sandbox with the strict XML checks, normalise the zips and write the files
  atomically;
* **plain docxtpl**: the same templates rendered by ``DocxTemplate.render`` with the same
  context (docxtpl's defaults: no sandbox, no strict undefined, no checks) and saved to
  files in the same folder;
* **CLI start-up**: ``clausegen --version`` in a new process;
* **template check** (issue 5): ``check_templates()`` over clausegen's own set, static checks
  only, then with the test render of every template against every example contract;
* **realised hours at scale** (issue 10): the duplicate check on 10 000 and 40 000 lines
  against a baseline of as many different persons (``benchmarks/duplicates.py``).

Targets: clausegen at most 1.3 x plain docxtpl (issue 3); the duplicate check at most
2 x its baseline at 40 000 lines (issue 10). Prints medians and the ratios; the template
check has no target, its times are reported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duplicates
from docxtpl import DocxTemplate

from clausegen.compute.hours import compute_obligation
from clausegen.present.context import build_context
from clausegen.render.lint import check_templates, example_contracts
from clausegen.render.templates import load_template_set
from clausegen.resolve.loading import load_contract
from clausegen.write.run import generate

REPO = Path(__file__).resolve().parent.parent
CONTRACT = REPO / "examples" / "lycee-jules-verne.yaml"
TARGET_RATIO = 1.3


def plain_docxtpl(out: Path) -> Callable[[], None]:
    """Render the same templates with plain docxtpl and the same context, to files."""
    contract = load_contract(CONTRACT)
    obligation = compute_obligation(contract)
    template_set = load_template_set()
    jobs = [
        (entry.path, build_context(contract, obligation, document=entry), out / entry.file)
        for entry in template_set.entries
    ]

    def run() -> None:
        for path, context, target in jobs:
            document = DocxTemplate(path)
            document.render(context)
            document.save(target)

    return run


def clausegen_full_set(out: Path) -> Callable[[], None]:
    template_set = load_template_set()

    def run() -> None:
        generate(CONTRACT, out, templates=template_set, force=True)

    return run


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def startup(repeat: int) -> list[float]:
    command = [str(Path(sys.executable).parent / "clausegen"), "--version"]
    subprocess.run(command, check=True, capture_output=True)  # warm the file cache
    return [
        timed(lambda: subprocess.run(command, check=True, capture_output=True))
        for _ in range(repeat)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="measurements per side")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ours = clausegen_full_set(Path(folder) / "clausegen")
        theirs = plain_docxtpl(Path(folder))
        (Path(folder) / "clausegen").mkdir()
        for _ in range(3):  # warm-up: imports, caches, first compilation
            ours()
            theirs()
        ours_times: list[float] = []
        theirs_times: list[float] = []
        for _ in range(arguments.repeat):
            ours_times.append(timed(ours))
            theirs_times.append(timed(theirs))
    start_times = startup(max(5, arguments.repeat // 3))
    check_static = [timed(lambda: check_templates(render=False)) for _ in range(arguments.repeat)]
    check_full = [timed(check_templates) for _ in range(max(5, arguments.repeat // 6))]

    def describe(times: list[float]) -> str:
        quartiles = statistics.quantiles(times, n=4)
        return (
            f"median {statistics.median(times) * 1000:7.1f} ms"
            f"  (quartiles {quartiles[0] * 1000:.1f}–{quartiles[2] * 1000:.1f} ms)"
        )

    ratio = statistics.median(ours_times) / statistics.median(theirs_times)
    documents = len(load_template_set().entries)
    print(f"Contract: {CONTRACT.relative_to(REPO)}, {documents} documents, {arguments.repeat} runs")
    print(f"clausegen, full set (load, compute, render, check, write): {describe(ours_times)}")
    print(f"plain docxtpl, same templates and context:              {describe(theirs_times)}")
    print(f"ratio clausegen / plain docxtpl: {ratio:.2f} (target at most {TARGET_RATIO})")
    print(f"CLI start-up (clausegen --version):                       {describe(start_times)}")
    examples = len(example_contracts())
    print(f"templates check, static checks only:                      {describe(check_static)}")
    label = f"templates check with the test render ({examples} examples):"
    print(f"{label:57} {describe(check_full)}")
    scales = duplicates.run()
    return 0 if ratio <= TARGET_RATIO and scales else 1


if __name__ == "__main__":
    sys.exit(main())
