"""``make bench`` still runs: its quick variant on tiny inputs, as a smoke test (no timing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO


def test_the_quick_benchmark_measures_every_scale(tmp_path: Path) -> None:
    # NOTE: LibreOffice on the PATH when installed (CI installs it), so that (f) converts.
    soffice = shutil.which("soffice")
    path = [str(Path(sys.executable).parent), *([str(Path(soffice).parent)] if soffice else [])]
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"TMPDIR": str(tmp_path), "PATH": os.pathsep.join(path)},
    )
    assert result.returncode == 0, result.stderr
    steps = [line[:3] for line in result.stdout.splitlines() if line.startswith("(")]
    assert steps == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    assert "same bytes: True" in result.stdout
    pdf_lines = result.stdout.split("(f) ", 1)[1].splitlines()
    if soffice is None:
        assert pdf_lines == ["PDF: LibreOffice is not installed: not measured"]
    else:
        assert pdf_lines[0] == "PDF/A-2b copies, wall time, median of 1 rounds"
        assert pdf_lines[1].startswith("    one contract (7 documents): fresh ")
        assert pdf_lines[2].startswith("    2 contracts (14 documents): fresh ")
        assert pdf_lines[3] == (
            "    warm: no unoserver program (CLAUSEGEN_BENCH_UNOSERVER, PATH): not measured"
        )
    assert list(tmp_path.iterdir()) == []
