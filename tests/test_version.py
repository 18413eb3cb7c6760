"""The version is written once, in clausegen/version.py, and is what the package declares."""

from __future__ import annotations

from importlib.metadata import version

import clausegen
from clausegen.version import __version__


def test_the_version_is_the_one_the_installed_package_declares() -> None:
    assert __version__ == version("clausegen")
    assert clausegen.__version__ == __version__
