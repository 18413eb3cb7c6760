"""The duplicate check of realised hours at scale (issue 10): it must grow with the lines.

Reading a realised-hours file checks each line against the lines already counted for the
same person, contract, lot and modality. Measured in the same run:

* **baseline**: N lines of N different persons (each check looks at nothing);
* **one person**: N lines of one person on consecutive days (the check has the N counted
  periods of that person to consider);
* **spanning**: N/2 days of one person, then N/2 lines that each overlap the last days
  counted (the worst case for a scan in reading order).

Target: at 40 000 lines, one person and spanning take at most 2 x the baseline (measured:
about 1.3 and 1.6, the spanning file writing 20 000 rejection messages). The check was
quadratic: 10 000 lines of one person took 2.8 s, 7 x the baseline, and 40 000 lines more
than 2 minutes. Run alone with
``python benchmarks/duplicates.py``; ``make bench`` runs it after the rendering benchmark.
"""

from __future__ import annotations

import datetime
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from clausegen.validate.realised import read_realised_hours

HEADER = "contract;lot;person;category;modality;contract_type;period_start;period_end;hours\n"
TARGET_RATIO = 2.0
SIZES = (10_000, 40_000)
DAY_ONE = datetime.date(1990, 1, 1)


def _line(person: str, first: int, last: int) -> str:
    start = (DAY_ONE + datetime.timedelta(days=first)).isoformat()
    end = (DAY_ONE + datetime.timedelta(days=last)).isoformat()
    return f"X-1;1;{person};RSA;direct_hiring;CDI;{start};{end};7\n"


def files(folder: Path, lines: int) -> dict[str, Path]:
    """Write the three files of ``lines`` lines; return them by name."""
    half = lines // 2
    contents = {
        "baseline": [_line(f"P{n}", n, n) for n in range(lines)],
        "one person": [_line("P1", n, n) for n in range(lines)],
        "spanning": [_line("P1", n, n) for n in range(half)]
        + [_line("P1", half - 1 - n, half - 1) for n in range(lines - half)],
    }
    paths = {}
    for name, content in contents.items():
        path = folder / f"{name.replace(' ', '-')}-{lines}.csv"
        path.write_text(HEADER + "".join(content), encoding="utf-8")
        paths[name] = path
    return paths


def reading(path: Path) -> Callable[[], object]:
    return lambda: read_realised_hours([path], lots={"X-1": [1]})


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def run(repeat: int = 3) -> bool:
    """Print the medians and ratios; return whether the target is met."""
    met = True
    with tempfile.TemporaryDirectory() as folder:
        for lines in SIZES:
            paths = files(Path(folder), lines)
            times: dict[str, list[float]] = {name: [] for name in paths}
            for _ in range(repeat):  # interleaved, so that each sees the same machine load
                for name, path in paths.items():
                    times[name].append(timed(reading(path)))
            medians = {name: statistics.median(values) for name, values in times.items()}
            baseline = medians["baseline"]
            print(f"Realised hours, {lines} lines ({repeat} runs, medians):")
            for name, median in medians.items():
                ratio = median / baseline
                print(f"  {name:10} {median * 1000:8.0f} ms  ratio to baseline {ratio:.2f}")
                if lines == SIZES[-1] and ratio > TARGET_RATIO:
                    met = False
    print(f"target: at {SIZES[-1]} lines, at most {TARGET_RATIO} x the baseline")
    return met


if __name__ == "__main__":
    sys.exit(0 if run() else 1)
