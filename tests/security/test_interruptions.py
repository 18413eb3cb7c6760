"""Red team, interrupted runs: SIGINT, SIGTERM, SIGHUP and kill -9 at every moment.

A real ``clausegen generate`` runs in a subprocess and receives the signal while it renders,
while LibreOffice (a fake that hangs, with a child) converts, while it writes the temporary
files and while it renames them. Each run must end with ``Interrupted.`` and the documented
exit code, leave no temporary file, conversion folder or process behind, and leave the
contract's set of documents whole or absent — never in part. What a kill -9 leaves is put
right by the next run in the same folder.

The moments inside clausegen are hit exactly: a small runner replaces one function by a
wrapper that sends the signal to its own process, then carries on.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausegen.cli import main
from clausegen.errors import ExitCode
from clausegen.files import write_all
from tests.helpers import EXAMPLES, REPO
from tests.security.fake_office import (
    dead_pid,
    end_all,
    fake_soffice,
    none_running,
    recorded_pids,
    wait_for,
)

CONTRACT = EXAMPLES / "lycee-jules-verne.yaml"
DOCUMENTS = [
    f"2026-TRV-014-{name}.docx"
    for name in ("ccap", "rc", "ae", "suivi", "suivi-facilitateur", "charte", "note-calcul")
]
SIGNALS = [
    pytest.param(signal.SIGINT, 130, id="SIGINT"),
    pytest.param(signal.SIGTERM, 143, id="SIGTERM"),
    pytest.param(signal.SIGHUP, 129, id="SIGHUP"),
]

#: Runs the CLI with one function replaced: at its Nth call, a signal to this process.
RUNNER = """
import os, sys
from clausegen import files
from clausegen.cli import main
from clausegen.render import documents as generate

where, number, nth = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
module, name = {
    "render": (generate, "render_docx"),
    "temporary": (files, "_write_temporary"),
    "rename": (files, "_commit"),
}[where]
original = getattr(module, name)
calls = []


def replaced(*args, **kwargs):
    calls.append(None)
    if where == "rename":
        result = original(*args, **kwargs)
        if len(calls) == nth:
            os.kill(os.getpid(), number)
        return result
    if len(calls) == nth:
        os.kill(os.getpid(), number)
    return original(*args, **kwargs)


setattr(module, name, replaced)
sys.argv = ["clausegen", *sys.argv[4:]]
main()
"""


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """The environment of the runs: their own temporary folder, no clausegen settings."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    values = {key: value for key, value in os.environ.items() if not key.startswith("CLAUSEGEN")}
    values["TMPDIR"] = str(temp)
    return values


@pytest.fixture
def scripts() -> Iterator[list[Path]]:
    """Fake soffice scripts made by a test; whatever they leave running is killed after."""
    made: list[Path] = []
    yield made
    end_all(made)


def as_from_a_terminal() -> None:
    """Give the child the default dispositions of SIGINT and SIGHUP, as a terminal does.

    A test run started in the background (``nohup``, ``&`` in a script, some CI runners)
    ignores them, and a child inherits an ignored signal: clausegen then rightly keeps
    ignoring it (as POSIX programs do), and these tests would test nothing.
    """
    for number in (signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def clausegen(environment: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clausegen", *(str(arg) for arg in args)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def interrupted(
    environment: dict[str, str], where: str, number: int, nth: int, *args: str | Path
) -> subprocess.CompletedProcess[str]:
    """Run the CLI, sending ``number`` to itself at the ``nth`` call of ``where``."""
    return subprocess.run(
        [sys.executable, "-c", RUNNER, where, str(number), str(nth), *(str(a) for a in args)],
        preexec_fn=as_from_a_terminal,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize(("number", "code"), SIGNALS)
def test_a_signal_while_rendering_writes_nothing(
    tmp_path: Path, environment: dict[str, str], number: int, code: int
) -> None:
    output = tmp_path / "out"
    result = interrupted(environment, "render", number, 2, "generate", CONTRACT, "-o", output)
    assert result.returncode == code, result.stderr
    assert result.stderr == "Interrupted.\n"
    assert result.stdout == ""
    assert not output.exists()


@pytest.mark.parametrize(("number", "code"), SIGNALS)
def test_a_signal_during_a_hung_conversion_ends_libreoffice_and_leaves_nothing(
    tmp_path: Path, environment: dict[str, str], scripts: list[Path], number: int, code: int
) -> None:
    script = fake_soffice(tmp_path / "office", "hang-with-child")
    scripts.append(script)
    output = tmp_path / "out"
    command = [sys.executable, "-m", "clausegen", "generate", str(CONTRACT), "-o", str(output)]
    process = subprocess.Popen(
        [*command, "--pdf"],
        preexec_fn=as_from_a_terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**environment, "CLAUSEGEN_SOFFICE": str(script)},
    )
    wait_for(script.parent / "state" / "child.pid")
    process.send_signal(number)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert stderr == "Converting 7 documents to PDF with LibreOffice…\nInterrupted.\n"
    assert stdout == ""
    assert not output.exists()
    assert names(Path(environment["TMPDIR"])) == []
    pids = recorded_pids(script)
    assert len(pids) == 2
    assert none_running(pids)


@pytest.mark.parametrize(("number", "code"), SIGNALS)
def test_a_signal_while_writing_the_temporary_files_writes_nothing(
    tmp_path: Path, environment: dict[str, str], number: int, code: int
) -> None:
    output = tmp_path / "out"
    result = interrupted(environment, "temporary", number, 3, "generate", CONTRACT, "-o", output)
    assert result.returncode == code, result.stderr
    assert result.stderr.endswith("Interrupted.\n")
    assert names(output) == []


@pytest.mark.parametrize(("number", "code"), SIGNALS)
def test_a_signal_while_renaming_lets_the_whole_set_be_written(
    tmp_path: Path, environment: dict[str, str], number: int, code: int
) -> None:
    output = tmp_path / "out"
    result = interrupted(environment, "rename", number, 2, "generate", CONTRACT, "-o", output)
    assert result.returncode == code, result.stderr
    assert result.stderr.endswith("Interrupted.\n")
    assert names(output) == sorted(DOCUMENTS)
    reference = tmp_path / "reference"
    assert clausegen(environment, "generate", CONTRACT, "-o", reference).returncode == 0
    for name in DOCUMENTS:
        assert (output / name).read_bytes() == (reference / name).read_bytes()


def test_a_kill_during_the_renames_is_completed_by_the_next_run(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    output = tmp_path / "out"
    killed = interrupted(
        environment, "rename", signal.SIGKILL, 2, "generate", CONTRACT, "-o", output
    )
    assert killed.returncode == -signal.SIGKILL
    left = names(output)
    written = [name for name in left if not name.startswith(".")]
    hidden = [name for name in left if name.startswith(".")]
    assert written == sorted(DOCUMENTS[:2])  # part of the set: what the next run puts right
    assert len(hidden) == 6
    assert all(name.startswith(".clausegen-") for name in hidden)
    assert sorted(name.rsplit(".", 1)[1] for name in hidden) == ["journal"] + ["tmp"] * 5
    pid = int(hidden[0].split("-")[1])

    result = clausegen(environment, "generate", CONTRACT, "-o", output)
    assert result.returncode == 4
    finished = ", ".join(DOCUMENTS[2:])
    assert (
        f"Warning: {output}: finished writing {finished}: clausegen process {pid} was "
        "interrupted while writing this set of files"
    ) in result.stderr.splitlines()
    assert f"Error: {output / DOCUMENTS[0]}: already exists; use --force to replace it" in (
        result.stderr.splitlines()
    )
    assert names(output) == sorted(DOCUMENTS)
    reference = tmp_path / "reference"
    assert clausegen(environment, "generate", CONTRACT, "-o", reference).returncode == 0
    for name in DOCUMENTS:
        assert (output / name).read_bytes() == (reference / name).read_bytes()


def test_a_kill_before_the_renames_leaves_hidden_files_the_next_run_removes(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    output = tmp_path / "out"
    killed = interrupted(
        environment, "temporary", signal.SIGKILL, 3, "generate", CONTRACT, "-o", output
    )
    assert killed.returncode == -signal.SIGKILL
    hidden = names(output)
    assert len(hidden) == 2
    assert all(name.startswith(".clausegen-") and name.endswith(".tmp") for name in hidden)

    result = clausegen(environment, "generate", CONTRACT, "-o", output)
    assert result.returncode == 0, result.stderr
    pid = hidden[0].split("-")[1]
    warnings = [line for line in result.stderr.splitlines() if "temporary file" in line]
    assert warnings == [
        f"Warning: {output / name}: removed, a temporary file left by clausegen process "
        f"{pid}, which was interrupted"
        for name in hidden
    ]
    assert names(output) == sorted(DOCUMENTS)


def test_a_kill_during_a_conversion_is_cleaned_up_by_the_next_run(
    tmp_path: Path, environment: dict[str, str], scripts: list[Path]
) -> None:
    script = fake_soffice(tmp_path / "office", "hang-with-child")
    scripts.append(script)
    output = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "clausegen", "generate", str(CONTRACT), "-o", str(output), "--pdf"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**environment, "CLAUSEGEN_SOFFICE": str(script)},
    )
    wait_for(script.parent / "state" / "child.pid")
    process.kill()
    process.wait()
    temp = Path(environment["TMPDIR"])
    (left,) = names(temp)
    assert left.startswith(f"clausegen-pdf-{process.pid}-")
    pids = recorded_pids(script)
    assert not none_running(pids, seconds=0)  # the hung LibreOffice outlives its clausegen

    result = clausegen(environment, "generate", CONTRACT, "-o", output)
    assert result.returncode == 0, result.stderr
    assert (
        f"Warning: {temp / left}: removed, a PDF conversion folder left by clausegen process "
        f"{process.pid}, which was interrupted"
    ) in result.stderr.splitlines()
    assert names(temp) == []
    assert none_running(pids)
    assert names(output) == sorted(DOCUMENTS)


def test_the_work_files_of_a_running_process_are_left_alone(tmp_path: Path) -> None:
    mine = f".clausegen-{os.getpid()}-abcd1234"
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / f"{mine}.tmp").write_bytes(b"being written")
    (folder / f"{mine}.journal").write_text(
        json.dumps({"pid": os.getpid(), "force": True, "files": []}), encoding="utf-8"
    )
    write_all({folder / "a.docx": b"a", folder / "b.docx": b"b"})
    assert names(folder) == sorted([f"{mine}.journal", f"{mine}.tmp", "a.docx", "b.docx"])


@pytest.mark.parametrize(
    ("temporary", "final"),
    [
        ("{name}.tmp", "../escaped.docx"),
        ("{name}.tmp", "/etc/cron.d/escaped"),
        ("{name}.tmp", ".."),
        ("../{name}.tmp", "a.docx"),
        (".clausegen-1-abcd1234.tmp", "a.docx"),  # another process's file
        ("{name}.journal", "a.docx"),
    ],
)
def test_a_journal_naming_anything_else_than_its_own_files_in_its_folder_is_not_followed(
    tmp_path: Path, temporary: str, final: str
) -> None:
    pid = dead_pid()
    name = f".clausegen-{pid}-abcd1234"
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / f"{name}.tmp").write_bytes(b"planted")
    entry = {"temporary": temporary.format(name=name), "final": final}
    (folder / f"{name}.journal").write_text(
        json.dumps({"pid": pid, "force": True, "files": [entry]}), encoding="utf-8"
    )
    write_all({folder / "b.docx": b"b"})
    assert names(folder) == ["b.docx"]
    assert names(tmp_path) == ["out"]


def test_a_final_name_of_255_bytes_is_written_through_a_short_temporary_name(
    tmp_path: Path,
) -> None:
    longest = "é" * 125 + ".docx"  # 255 bytes in UTF-8, the most a file name can have
    assert len(longest.encode()) == 255
    write_all({tmp_path / longest: b"a", tmp_path / "b.docx": b"b"})
    assert names(tmp_path) == sorted([longest, "b.docx"])


def test_every_exit_code_is_documented_in_the_help_and_the_readme(runner: CliRunner) -> None:
    shown = runner.invoke(main, ["--help"]).stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert re.search(rf"^    {code.value} +\S", shown, re.MULTILINE), code
        assert f"\n| {code.value} | " in readme, code
