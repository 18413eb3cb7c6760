"""Run clausegen as its users do, in a process of its own with a time guard.

A hostile input must end with a clear error within seconds: each command runs in a
subprocess with :data:`GUARD_SECONDS` as a timeout, so that a hang fails its test instead of
holding the suite (the guard is generous: it catches hangs, it does not measure speed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, build_file_tree

#: How long one command may run before the test fails as a hang.
GUARD_SECONDS = 120
#: The contract generated with.
CONTRACT = EXAMPLES / "lycee-jules-verne.yaml"
#: The manifest entry of the single template of a hostile folder.
ENTRY = {"id": "ccap", "file": "ccap.docx", "title": "T", "destination": "D", "description": "X"}


@dataclass(frozen=True)
class Outcome:
    """What a command did: its exit code and what it printed."""

    code: int
    stdout: str
    stderr: str

    def errors(self, folder: Path) -> list[str]:
        """The ``Error:`` lines, with the folder written ``<T>``."""
        return [
            line.replace(str(folder), "<T>")
            for line in self.stderr.splitlines()
            if line.startswith("Error: ")
        ]


def run(*args: object, cwd: Path, limits: dict[str, str] | None = None) -> Outcome:
    """Run ``clausegen ARGS`` in ``cwd``, with only the limits given set."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLAUSEGEN_LIMIT_", "CLAUSEGEN_TEMPLATES"))
    }
    environ.update(limits or {})
    if [str(arg) for arg in args[:2]] == ["templates", "check"]:
        # NOTE: the template check speaks to legal staff: its tests read it in French.
        environ["CLAUSEGEN_LANG"] = "fr"
    done = subprocess.run(
        [sys.executable, "-m", "clausegen", *map(str, args)],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=GUARD_SECONDS,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def template_folder(root: Path, template: bytes, entry: dict[str, Any] | None = None) -> Path:
    """Make ``root/modeles`` with one template and its manifest (``entry`` changes ENTRY)."""
    folder = root / "modeles"
    fields = {**ENTRY, **(entry or {})}
    build_file_tree(folder, {"templates.yaml": {"templates": [fields]}})
    (folder / str(fields["file"])).write_bytes(template)
    return folder


@dataclass(frozen=True)
class Attack:
    """What ``templates check`` and ``generate`` did with a hostile template folder."""

    folder: Path
    check: Outcome
    generate: Outcome
    written: list[str]

    def findings(self) -> list[tuple[Any, ...]]:
        """The check's findings: code, part, paragraph and French message."""
        found = json.loads(self.check.stdout)["findings"]
        return [(f["code"], f["part"], f["paragraph"], f["message"]) for f in found]


def attack(
    root: Path,
    template: bytes,
    *,
    limits: dict[str, str] | None = None,
    entry: dict[str, Any] | None = None,
) -> Attack:
    """Check a folder holding ``template``, then generate a contract with it."""
    folder = template_folder(root, template, entry)
    out = root / "dossier"
    check = run("templates", "check", folder, "--json", cwd=root, limits=limits)
    generate = run("generate", CONTRACT, "--templates", folder, "-o", out, cwd=root, limits=limits)
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    return Attack(folder, check, generate, written)


def left_behind(root: Path) -> list[str]:
    """Every file under ``root`` that is not the template folder's (temporary files…)."""
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and "modeles" not in path.relative_to(root).parts
    )
