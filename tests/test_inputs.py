"""Reading input files as untrusted data, and the limits that bound them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clausegen import limits
from clausegen.inputs import InputRefusal, read_input
from clausegen.limits import Limits, LimitSettingError


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_bytes(b"reference: X\n")
    assert read_input(path, limit=100, limit_name="description_bytes") == b"reference: X\n"


def test_a_file_over_the_limit_is_refused_with_the_variable_that_raises_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(InputRefusal) as caught:
        read_input(path, limit=1024, limit_name="description_bytes")
    assert caught.value.message == (
        "is too large (2 KB; the limit is 1 KB, set by CLAUSEGEN_LIMIT_DESCRIPTION_BYTES)"
    )
    assert caught.value.limit == "description_bytes"


def test_a_sparse_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "sparse.yaml"
    with path.open("wb") as stream:
        stream.truncate(8 * 1024**3)
    with pytest.raises(InputRefusal, match=r"is too large \(8192 MB;"):
        read_input(path, limit=1024, limit_name="description_bytes")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda _p: None, "file not found"),
        (lambda p: p.mkdir(), "is a folder, not a file"),
        (lambda p: os.mkfifo(p), "is not a regular file (a pipe, socket or device): refused"),
        (lambda p: p.symlink_to(p), "is a symbolic link loop, not a file"),
        (
            lambda p: p.symlink_to("/dev/zero"),
            "is a file of the operating system, not a data file: refused",
        ),
        (
            lambda p: p.symlink_to("/proc/self/environ"),
            "is a file of the operating system, not a data file: refused",
        ),
    ],
    ids=["missing", "folder", "fifo", "symlink-loop", "dev-zero", "proc"],
)
def test_what_is_not_a_data_file_is_refused_without_blocking(
    tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "input.yaml"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputRefusal) as caught:
        read_input(path, limit=1024, limit_name="description_bytes")
    assert caught.value.message == message


def test_limits_come_from_the_environment_with_units() -> None:
    found = Limits.from_environment(
        {
            "CLAUSEGEN_LIMIT_DESCRIPTION_BYTES": "20MB",
            "CLAUSEGEN_LIMIT_YAML_ALIASES": "10",
            "CLAUSEGEN_LIMIT_RENDER_SECONDS": "2.5",
            "PATH": "/usr/bin",
        }
    )
    assert found == Limits(description_bytes=20 * 1024**2, yaml_aliases=10, render_seconds=2.5)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "CLAUSEGEN_LIMIT_NOPE",
            "1",
            "CLAUSEGEN_LIMIT_NOPE is not a limit of clausegen (known: "
            "CLAUSEGEN_LIMIT_DESCRIPTION_BYTES, CLAUSEGEN_LIMIT_DATA_BYTES, "
            "CLAUSEGEN_LIMIT_TEMPLATE_BYTES, CLAUSEGEN_LIMIT_YAML_ALIASES, "
            "CLAUSEGEN_LIMIT_NESTING_DEPTH, CLAUSEGEN_LIMIT_DESCRIPTION_VALUES, "
            "CLAUSEGEN_LIMIT_RENDER_SECONDS, CLAUSEGEN_LIMIT_RUN_SECONDS, "
            "CLAUSEGEN_LIMIT_RENDER_OUTPUT_BYTES, CLAUSEGEN_LIMIT_CONVERSION_START_SECONDS, "
            "CLAUSEGEN_LIMIT_CONVERSION_DOCUMENT_SECONDS)",
        ),
        (
            "CLAUSEGEN_LIMIT_DATA_BYTES",
            "lots",
            "CLAUSEGEN_LIMIT_DATA_BYTES='lots' is not a positive number",
        ),
        (
            "CLAUSEGEN_LIMIT_DATA_BYTES",
            "0",
            "CLAUSEGEN_LIMIT_DATA_BYTES='0' is not a positive number",
        ),
        (
            "CLAUSEGEN_LIMIT_RENDER_SECONDS",
            "5MB",
            "CLAUSEGEN_LIMIT_RENDER_SECONDS='5MB': give a number of seconds, without a unit",
        ),
    ],
)
def test_a_bad_limit_setting_is_a_usage_error(variable: str, value: str, message: str) -> None:
    with pytest.raises(LimitSettingError) as caught:
        Limits.from_environment({variable: value})
    assert str(caught.value) == message
    assert caught.value.exit_code == 2


def test_limits_set_in_python_hold_inside_the_block_only() -> None:
    strict = Limits(render_seconds=1.0)
    with limits.using(strict):
        assert limits.current() is strict
    assert limits.current() == Limits.from_environment()
