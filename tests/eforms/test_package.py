"""The wheel and the sdist carry the vendored SDK, and an installed clausegen validates with it."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import docxtpl
import pytest

from clausegen.eforms.sdk import SDK_DIR
from tests.helpers import EXAMPLES, REPO

VENDORED = sorted(p.relative_to(SDK_DIR).as_posix() for p in SDK_DIR.rglob("*") if p.is_file())


def _build(kind: str, target: Path) -> Path:
    command = [sys.executable, "-m", "hatchling", "build", "-t", kind, "-d", str(target)]
    subprocess.run(command, check=True, capture_output=True, cwd=REPO)
    (built,) = target.glob("clausegen-*.whl" if kind == "wheel" else "clausegen-*.tar.gz")
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("wheel", tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_the_sdk_and_not_the_open_data_samples(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as package:
        names = package.namelist()
    prefix = "clausegen/eforms/sdk/"
    assert sorted(n.removeprefix(prefix) for n in names if n.startswith(prefix)) == VENDORED
    assert {"LICENSE", "README.md", "fields-social.json"} <= set(VENDORED)
    assert not any(name.startswith("clausegen/examples/opendata") for name in names)


def test_the_sdist_carries_the_sdk_and_the_samples(tmp_path: Path) -> None:
    with tarfile.open(_build("sdist", tmp_path)) as archive:
        names = archive.getnames()
    prefix = "clausegen-0.1.0/src/clausegen/eforms/sdk/"
    assert sorted(n.removeprefix(prefix) for n in names if n.startswith(prefix)) == VENDORED
    assert "clausegen-0.1.0/examples/opendata/decp-2024-2025.json" in names


def test_an_installed_clausegen_validates_with_its_own_sdk(wheel: Path, tmp_path: Path) -> None:
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
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"),
            *("--target", str(site), str(wheel)),
        ],
        check=True,
        capture_output=True,
    )
    # NOTE: dependencies come from the test environment, as in tests/render/test_install.py.
    (site / "dependencies.pth").write_text(
        str(Path(docxtpl.__file__).parent.parent) + "\n", encoding="utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [
            *(str(python), "-m", "clausegen", "eforms"),
            *(str(EXAMPLES / "espaces-verts-esat.yaml"), "--xml", "avis", "--json"),
        ],
        capture_output=True,
        text=True,
        cwd=work,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (work / "avis").iterdir()) == [
        "2027-SRV-018-lot-1.xml",
        "2027-SRV-018-lot-2.xml",
    ]
    located = subprocess.run(
        [str(python), "-c", "import clausegen.eforms.sdk as s; print(s.SDK_DIR)"],
        capture_output=True,
        text=True,
        cwd=work,
        check=True,
    )
    assert Path(located.stdout.strip()).is_relative_to(site)
