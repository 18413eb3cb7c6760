"""A non-editable install (the wheel) carries clausegen's templates and finds them.

The development environment is an editable install, where the templates are found in the
repository; a buyer's ``pip install .`` is a wheel, where they must travel inside the
package. This test builds the wheel, installs it into a fresh virtual environment (its
dependencies are borrowed from the test environment, without network) and generates the
documents of an example from another folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import docxtpl
import pytest

from clausegen.render.lint import example_contracts
from clausegen.render.templates import load_template_set
from tests.helpers import EXAMPLES, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build clausegen's wheel once for this module (hatchling from the dev tools)."""
    target = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--wheel-dir",
            str(target),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = target.glob("clausegen-*.whl")
    return built


def test_the_wheel_carries_the_templates_and_no_lock_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as package:
        names = package.namelist()
    bundled = sorted(n for n in names if n.startswith("clausegen/clause_templates/"))
    expected = sorted(
        f"clausegen/clause_templates/{p.name}"
        for p in (REPO / "clause_templates").iterdir()
        if not p.name.startswith(("~$", ".~lock."))
    )
    assert bundled == expected
    assert "clausegen/clause_templates/templates.yaml" in bundled


def test_the_wheel_carries_the_example_contracts_and_their_profiles_only(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as package:
        names = package.namelist()
    bundled = sorted(n for n in names if n.startswith("clausegen/examples/"))
    expected = sorted(
        f"clausegen/examples/{p.relative_to(EXAMPLES)}"
        for p in [*EXAMPLES.iterdir(), *(EXAMPLES / "profiles").iterdir()]
        if p.is_file()
    )
    assert bundled == expected
    assert not any("portfolio" in name for name in bundled)


def test_an_installed_clausegen_finds_its_templates(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # NOTE: dependencies come from the test environment; a path added by a .pth file is not
    # a site directory, so the editable install's own .pth there is not followed.
    (site / "dependencies.pth").write_text(
        str(Path(docxtpl.__file__).parent.parent) + "\n", encoding="utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    probe = (
        "import json, clausegen; from clausegen.render.templates import default_dir; "
        "print(json.dumps([clausegen.__file__, str(default_dir())]))"
    )
    located = json.loads(
        subprocess.run(
            [str(python), "-c", probe], check=True, capture_output=True, text=True, cwd=work
        ).stdout
    )
    assert Path(located[0]).is_relative_to(site)
    assert Path(located[1]) == site / "clausegen" / "clause_templates"
    result = subprocess.run(
        [
            str(python),
            "-m",
            "clausegen",
            "generate",
            str(EXAMPLES / "lycee-jules-verne.yaml"),
            "-o",
            "out",
        ],
        capture_output=True,
        text=True,
        cwd=work,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # The template check test-renders with the examples the package carries.
    checked = subprocess.run(
        [str(python), "-m", "clausegen", "templates", "check"],
        capture_output=True,
        text=True,
        cwd=work,
        env={**os.environ, "CLAUSEGEN_LANG": "fr"},  # French, from the wheel's catalog
        check=False,
    )
    assert (checked.returncode, checked.stderr) == (0, "")
    templates, examples = len(load_template_set().entries), len(example_contracts())
    assert checked.stdout.splitlines()[-1] == (
        f"Bilan : aucune erreur, aucun avertissement ; {templates} modèles vérifiés ; rendu "
        f"d'essai de {templates} modèles avec {examples} contrats."
    )
    assert sorted(p.name for p in (work / "out").iterdir()) == [
        "2026-TRV-014-ae.docx",
        "2026-TRV-014-ccap.docx",
        "2026-TRV-014-charte.docx",
        "2026-TRV-014-note-calcul.docx",
        "2026-TRV-014-rc.docx",
        "2026-TRV-014-suivi-facilitateur.docx",
        "2026-TRV-014-suivi.docx",
    ]
