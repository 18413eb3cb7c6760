"""The architecture of ARCHITECTURE.md holds: stages that import forward, no cycle, short code.

The import contracts (pyproject.toml, ``[tool.importlinter]``) are checked by ``lint-imports``
in ``make test`` and here, so that a plain pytest run fails too; the cycle check walks the
import graph (grimp, import-linter's own) module by module, type-checking imports included,
so that even two modules of one stage cannot import each other. The checkers are shown to
fail on a throwaway package with an upward import and a cycle.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp

from tests.helpers import REPO, build_file_tree

SOURCE = REPO / "src" / "clausegen"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

#: A function a reader can hold, and a module of one responsibility (STYLE.md).
LONGEST_FUNCTION = 60
LONGEST_MODULE = 400


def import_cycles(package: str) -> list[list[str]]:
    """Return one shortest cycle through each import that is part of one, between modules.

    Every import (type-checking ones included) from module A to module B is part of a cycle
    when B imports A back, directly or not; a cycle is given as a closed path, A first and
    last.
    """
    graph = grimp.build_graph(package, exclude_type_checking_imports=False)
    cycles: dict[frozenset[str], list[str]] = {}
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycle = [importer, *back]
                cycles.setdefault(frozenset(cycle), cycle)
    return list(cycles.values())


def run_lint_imports(
    cwd: Path, *, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    if pythonpath is not None:
        environment["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_stages_import_only_earlier_stages_and_only_the_cli_imports_click() -> None:
    result = run_lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 6 kept, 0 broken." in result.stdout


def test_no_module_takes_part_in_an_import_cycle() -> None:
    cycles = import_cycles("clausegen")
    assert cycles == [], "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_checks_catch_an_upward_import_a_cycle_and_click_below_the_cli(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "staged/__init__.py": "",
            "staged/cli.py": "import click\n\nfrom staged import high\n",
            "staged/high.py": "from staged import low\n",
            "staged/low.py": "import click\n\nfrom staged import high, twin\n",
            "staged/twin.py": "from staged import low\n",
            ".importlinter": textwrap.dedent(
                """\
                [importlinter]
                root_package = staged
                include_external_packages = True

                [importlinter:contract:layers]
                name = Stages
                type = layers
                containers = staged
                layers =
                    cli
                    high
                    low : twin

                [importlinter:contract:click]
                name = Only the command line imports click
                type = forbidden
                source_modules = staged.high
                    staged.low
                    staged.twin
                forbidden_modules = click
                """
            ),
        },
    )
    result = run_lint_imports(tmp_path, pythonpath=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 2 broken." in result.stdout
    assert "staged.low -> staged.high" in result.stdout
    assert "staged.low -> click" in result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        cycles = import_cycles("staged")
    finally:
        sys.path.remove(str(tmp_path))
    assert {frozenset(cycle) for cycle in cycles} == {
        frozenset({"staged.high", "staged.low"}),
        frozenset({"staged.low", "staged.twin"}),
    }


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_no_function_is_longer_than_a_reader_can_hold() -> None:
    too_long = [
        f"{path.relative_to(REPO)}:{node.lineno} {node.name}: {length} lines"
        for path in sorted(SOURCE.rglob("*.py"))
        for node in _functions(path)
        if (length := (node.end_lineno or node.lineno) - node.lineno) > LONGEST_FUNCTION
    ]
    assert too_long == []


def test_no_module_is_longer_than_one_responsibility_needs() -> None:
    too_long = [
        f"{path.relative_to(REPO)}: {length} lines"
        for path in sorted(SOURCE.rglob("*.py"))
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE
    ]
    assert too_long == []


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split())


def test_importing_clausegen_imports_almost_nothing() -> None:
    loaded = _modules_after("import clausegen")
    assert {name for name in loaded if name.startswith("clausegen")} == {
        "clausegen",
        "clausegen.version",
    }
    assert "importlib.metadata" not in loaded


def test_the_help_of_the_command_imports_no_library_stage() -> None:
    loaded = _modules_after(
        "import contextlib, sys\n"
        "sys.argv = ['clausegen', '--help']\n"
        "from clausegen.cli import main\n"
        "with contextlib.suppress(SystemExit):\n"
        "    main()"
    )
    stages = {"read", "validate", "resolve", "compute", "review", "present", "render", "write"}
    assert {
        name for name in loaded if name.split(".")[1:2] and name.split(".")[1] in stages
    } == set()
    libraries = {"pydantic", "yaml", "jinja2", "docx", "docxtpl", "lxml", "matplotlib", "openpyxl"}
    assert libraries & loaded == set()
    # NOTE: imported where they are used (writing files, JSON output, warnings, figures);
    # shutil is Click's, for the width of the terminal.
    assert {"json", "logging", "decimal", "tempfile"} & loaded == set()
