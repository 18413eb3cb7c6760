"""Helpers of the red-team tests: hostile inputs, a guarded command line, leak checks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from clausegen.cli import main

#: A guard against a hang, not a timing assertion: a hostile input that blocks fails here.
GUARD_SECONDS = 60

#: Lines of a file that is not clausegen's: none of them may appear in any message.
SECRET_LINES = (
    "root:x:0:0:root:/root:/bin/bash",
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
    "clausegen-secret-token=7f3a9c1e5b",
)
SECRET_TEXT = "\n".join(SECRET_LINES) + "\n"
#: Like /etc/shadow: YAML reads it as a mapping whose keys are the secret lines.
SHADOW_TEXT = "root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\nmallory:$6$pepper$c0ffee:1::\n"

#: A small valid contract description (YAML), with a buyer written inline.
CONTRACT_YAML = """\
reference: "T-1"
title: "Travaux"
kind: works
buyer: {name: "Ville"}
lots:
  - number: 1
    title: "Lot"
    estimated_amount: 100000
    labour_share: 0.3
"""


def billion_laughs(levels: int = 9, width: int = 10, *, key: str = "lol") -> str:
    """Return a YAML "billion laughs": ``width`` aliases per level, ``levels`` levels."""
    lines = [f"{key}0: &{key}0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        aliases = ", ".join([f"*{key}{level - 1}"] * width)
        lines.append(f"{key}{level}: &{key}{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def cli(*args: str | Path, input: str | bytes | None = None) -> Result:
    """Run the command line in-process, standard output and error apart.

    ``templates check`` runs under a French locale: it speaks to legal staff, and its tests
    read it in French.
    """
    french = (
        {"CLAUSEGEN_LANG": "fr"}
        if [str(arg) for arg in args[:2]]
        == [
            "templates",
            "check",
        ]
        else {}
    )
    return CliRunner().invoke(main, [str(arg) for arg in args], input=input, env=french)


def cli_process(
    *args: str | Path,
    cwd: Path,
    stdin: Any = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m clausegen`` in a child process, guarded by :data:`GUARD_SECONDS`.

    For what a hang would block in-process: FIFOs, standard input, alias bombs.
    """
    return subprocess.run(
        [sys.executable, "-m", "clausegen", *(str(arg) for arg in args)],
        cwd=cwd,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=GUARD_SECONDS,
        check=False,
        env={**os.environ, **(env or {})},
    )


def leaked(outputs: Sequence[str], secrets: Sequence[str] = SECRET_LINES) -> list[str]:
    """Return the pieces of ``secrets`` (lines, and their fields) found in any output."""
    pieces = {
        piece for secret in secrets for piece in (secret, *secret.split(":")) if len(piece) > 4
    }
    return sorted(piece for piece in pieces if any(piece in output for output in outputs))


def files_under(folder: Path) -> list[str]:
    """Every file and folder under ``folder`` (hidden ones included), or [] if it is absent."""
    if not folder.exists():
        return []
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))
