"""Red team, second pass: work files, output paths, standard streams, limits and names.

A second red team found that a planted ``.clausegen-9999999999-x.tmp`` crashed every
writing command, that ``--force`` replaced FIFOs, devices and symbolic links, that a full
standard output or a closed standard input gave tracebacks, that a generous limit was
allocated up front, and that an invisible-only or U+2028 reference was accepted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clausegen import ContractError, load_contract
from clausegen.present.report import spreadsheet_text
from tests.helpers import EXAMPLES, build_file_tree, contract_data
from tests.security.cli import CONTRACT, GUARD_SECONDS, run
from tests.security.hostile import files_under

WRITTEN = [
    f"2026-TRV-014-{name}.docx"
    for name in ("ae", "ccap", "charte", "note-calcul", "rc", "suivi", "suivi-facilitateur")
]

# --- work files and folders planted by someone else ---------------------------------------


@pytest.mark.parametrize(
    "planted", [".clausegen-9999999999-x.tmp", ".clausegen-99999999999-x.journal"]
)
def test_a_planted_work_file_with_an_impossible_pid_is_left_alone(
    tmp_path: Path, planted: str
) -> None:
    out = tmp_path / "dossier"
    build_file_tree(out, {planted: "not ours"})
    outcome = run("generate", CONTRACT, "-o", out, cwd=tmp_path)
    assert (outcome.code, outcome.errors(tmp_path)) == (0, [])
    assert "Traceback" not in outcome.stderr
    assert files_under(out) == sorted([planted, *WRITTEN])
    assert (out / planted).read_text() == "not ours"


def test_a_planted_conversion_folder_with_an_impossible_pid_is_left_alone(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    planted = temp / "clausegen-pdf-9999999999-x"
    planted.mkdir(parents=True)
    outcome = run("schema", "-o", tmp_path / "s.json", cwd=tmp_path, limits={"TMPDIR": str(temp)})
    assert (outcome.code, outcome.errors(tmp_path)) == (0, [])
    assert "Traceback" not in outcome.stderr
    outcome = run(
        "generate", CONTRACT, "-o", tmp_path / "d", cwd=tmp_path, limits={"TMPDIR": str(temp)}
    )
    assert (outcome.code, outcome.errors(tmp_path)) == (0, [])
    assert planted.is_dir()


# --- --force replaces regular files only --------------------------------------------------


def test_force_refuses_a_fifo_and_leaves_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.json")
    outcome = run("schema", "-o", "f.json", "--force", cwd=tmp_path)
    assert (outcome.code, outcome.errors(tmp_path)) == (
        4,
        [
            "Error: f.json: is not a regular file (a pipe, socket or device); clausegen "
            "replaces only regular files, even with --force"
        ],
    )
    assert (tmp_path / "f.json").is_fifo()
    assert files_under(tmp_path) == ["f.json"]


@pytest.mark.parametrize("force", [True, False])
def test_a_symbolic_link_is_never_replaced(tmp_path: Path, force: bool) -> None:
    (tmp_path / "target.txt").write_text("kept", encoding="utf-8")
    (tmp_path / "so.json").symlink_to(tmp_path / "target.txt")
    outcome = run("schema", "-o", "so.json", *(["--force"] if force else []), cwd=tmp_path)
    assert (outcome.code, outcome.errors(tmp_path)) == (
        4,
        [
            "Error: so.json: is a symbolic link; clausegen replaces only regular files, even with --force"
        ],
    )
    assert (tmp_path / "so.json").is_symlink()
    assert (tmp_path / "target.txt").read_text(encoding="utf-8") == "kept"


def test_export_refuses_a_fifo_among_the_files_it_would_replace(tmp_path: Path) -> None:
    out = tmp_path / "modeles"
    out.mkdir()
    os.mkfifo(out / "ccap.docx")
    outcome = run("templates", "export", out, "--force", cwd=tmp_path)
    assert outcome.code == 4
    assert outcome.errors(tmp_path) == [
        "Error: <T>/modeles/ccap.docx: is not a regular file (a pipe, socket or device); "
        "clausegen replaces only regular files, even with --force"
    ]
    assert files_under(out) == ["ccap.docx"]


# --- standard output and input -------------------------------------------------------------


def _clausegen(
    *args: str, stdout: Any, cwd: Path, shell_prefix: str = ""
) -> subprocess.CompletedProcess[str]:
    command = " ".join([sys.executable, "-m", "clausegen", *args])
    return subprocess.run(
        ["bash", "-c", f"{command} {shell_prefix}"],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=GUARD_SECONDS,
        check=False,
    )


@pytest.mark.parametrize(
    "args", [["schema"], ["report", str(EXAMPLES / "portfolio"), "--csv"], ["hours", str(CONTRACT)]]
)
def test_a_full_standard_output_is_a_clean_error(tmp_path: Path, args: list[str]) -> None:
    assert Path("/dev/full").exists(), "this red-team test needs Linux's /dev/full"
    with Path("/dev/full").open("w") as full:
        done = _clausegen(*args, stdout=full, cwd=tmp_path)
    # NOTE: hours prints its warnings on standard error (issue 15): they come first.
    assert done.returncode == 4
    assert done.stderr.splitlines()[-1] == (
        "Error: standard output cannot be written: No space left on device"
    )
    assert [line for line in done.stderr.splitlines() if not line.startswith("Warning: ")] == [
        "Error: standard output cannot be written: No space left on device"
    ]


def test_a_closed_standard_input_is_a_clean_error(tmp_path: Path) -> None:
    done = _clausegen("validate", "-", stdout=subprocess.PIPE, cwd=tmp_path, shell_prefix="<&-")
    assert (done.returncode, done.stderr) == (
        1,
        "Error: <stdin>: standard input is closed: there is nothing to read\n",
    )


# --- limits ----------------------------------------------------------------------------------


def test_a_generous_limit_is_not_allocated_up_front(tmp_path: Path) -> None:
    outcome = run(
        "hours", CONTRACT, cwd=tmp_path, limits={"CLAUSEGEN_LIMIT_DESCRIPTION_BYTES": "30GB"}
    )
    assert outcome.code == 0
    assert [line for line in outcome.stderr.splitlines() if not line.startswith("Warning: ")] == []
    assert "2026-TRV-014" in outcome.stdout


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("99999999999999999999999999GB", "is more than the 1 TB (or 2**40 items) a limit may be"),
        ("2TB", "is not a positive number"),
    ],
)
def test_an_absurd_limit_is_a_setting_error(tmp_path: Path, value: str, message: str) -> None:
    outcome = run("hours", CONTRACT, cwd=tmp_path, limits={"CLAUSEGEN_LIMIT_DATA_BYTES": value})
    assert (outcome.code, outcome.stderr) == (
        2,
        f"Error: CLAUSEGEN_LIMIT_DATA_BYTES={value!r} {message}\n",
    )


def test_absurd_seconds_are_a_setting_error(tmp_path: Path) -> None:
    outcome = run(
        "hours", CONTRACT, cwd=tmp_path, limits={"CLAUSEGEN_LIMIT_RENDER_SECONDS": "9" * 400}
    )
    assert outcome.code == 2
    assert outcome.stderr.endswith("is more than the 86400 seconds (a day) allowed\n")


# --- references ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (
            "\u00ad",
            'has nothing visible, only spaces or invisible characters (it names the output files) (got "\\u00ad")',
        ),
        (
            "\u200b\u2060",
            'has nothing visible, only spaces or invisible characters (it names the output files) (got "\\u200b\\u2060")',
        ),
        ("RT\u2028001", 'must be one line (it names the output files) (got "RT\\u2028001")'),
        ("RT\u2029001", 'must be one line (it names the output files) (got "RT\\u2029001")'),
        ("RT\x85001", "contains a next-line character (NEL) (U+0085) at character 3: remove it"),
    ],
)
def test_a_reference_must_show_something_on_one_line(reference: str, message: str) -> None:
    with pytest.raises(ContractError) as caught:
        load_contract(contract_data(reference=reference))
    assert str(caught.value) == f"<mapping>: reference: {message}"


def test_a_reference_with_a_soft_hyphen_inside_is_fine() -> None:
    assert load_contract(contract_data(reference="RT-\u00ad001")).reference == "RT-\u00ad001"


# --- CSV cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("x; =1+1", "x;' =1+1"),
        ("x;\u00a0=1+1", "x;'\u00a0=1+1"),
        ("x;  \u00a0 @SUM(A1)", "x;'  \u00a0 @SUM(A1)"),
        ("x; -2+3", "x;' -2+3"),
        ("x; a = b", "x; a = b"),
    ],
)
def test_a_formula_after_a_semicolon_and_spaces_is_neutralised(value: str, cell: str) -> None:
    assert spreadsheet_text(value) == cell


def test_report_csv_neutralises_a_title_split_after_a_semicolon(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"c.yaml": contract_data(title="Travaux; =1+1")})
    outcome = run("report", "c.yaml", "--csv", cwd=tmp_path)
    assert outcome.code == 0
    assert '"Travaux;\' =1+1"' in outcome.stdout
    assert "; =1+1" not in outcome.stdout
