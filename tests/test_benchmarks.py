"""``make bench`` still runs: its quick variant on tiny inputs, as a smoke test (no timing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO


def test_the_quick_benchmark_measures_every_scale(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"TMPDIR": str(tmp_path), "PATH": str(Path(sys.executable).parent)},
    )
    assert result.returncode == 0, result.stderr
    steps = [line[:3] for line in result.stdout.splitlines() if line.startswith("(")]
    assert steps == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    assert "same bytes: True" in result.stdout
    assert list(tmp_path.iterdir()) == []
