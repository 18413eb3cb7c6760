"""Red team, the PDF step: a LibreOffice that hangs, misbehaves or lies is a clean error.

Each case runs the conversion with a fake ``soffice`` (``CLAUSEGEN_SOFFICE``) and asserts
the exact message, exit code 5, that no process it started survives, and that nothing is
left in the temporary folder (each test has its own) or the output folder.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clausegen import limits
from clausegen.limits import Limits
from clausegen.write.pdf import ConversionError, convert_to_pdf
from tests.helpers import EXAMPLES
from tests.security.fake_office import (
    VALID_PDF,
    dead_pid,
    end_all,
    fake_soffice,
    none_running,
    recorded_pids,
)

#: Allowances short enough for a test, long enough for a fake to start.
QUICK = Limits(conversion_start_seconds=1.0, conversion_document_seconds=1.0)
DOCUMENTS = {"a-ccap.docx": b"docx a", "a-rc.docx": b"docx b"}


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder clausegen uses, empty and for this test alone."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Path]]:
    """Make a fake soffice the one clausegen runs; whatever it leaves is killed at the end."""
    made: list[Path] = []

    def make(mode: str) -> Path:
        script = fake_soffice(tmp_path / f"office-{len(made)}", mode)
        monkeypatch.setenv("CLAUSEGEN_SOFFICE", str(script))
        made.append(script)
        return script

    yield make
    end_all(made)


def convert_quickly(documents: dict[str, bytes]) -> dict[str, bytes]:
    with limits.using(QUICK):
        return convert_to_pdf(documents)


HUNG_AT_START = (
    "LibreOffice wrote no PDF within 1 seconds of starting and was stopped as hung "
    "(CLAUSEGEN_LIMIT_CONVERSION_START_SECONDS gives it more time)"
)


@pytest.mark.parametrize("mode", ["hang", "hang-with-child", "ignore-term"])
def test_a_hung_office_suite_is_stopped_with_every_process_it_started(
    office: Callable[[str], Path], temp_dir: Path, mode: str
) -> None:
    script = office(mode)
    with pytest.raises(ConversionError) as caught:
        convert_quickly(DOCUMENTS)
    assert str(caught.value) == HUNG_AT_START
    assert caught.value.exit_code == 5
    pids = recorded_pids(script)
    assert len(pids) == (1 if mode == "hang" else 2)
    assert none_running(pids)
    assert list(temp_dir.iterdir()) == []


def test_an_office_suite_that_stalls_after_a_document_is_stopped(
    office: Callable[[str], Path], temp_dir: Path
) -> None:
    script = office("one-then-stall")
    with pytest.raises(ConversionError) as caught:
        convert_quickly(DOCUMENTS)
    assert str(caught.value) == (
        "LibreOffice wrote nothing for 1 seconds after 1 of 2 PDFs and was stopped as hung "
        "(CLAUSEGEN_LIMIT_CONVERSION_DOCUMENT_SECONDS gives it more time)"
    )
    assert none_running(recorded_pids(script))
    assert list(temp_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("mode", "ending"),
    [
        ("nothing", "(exit code 0)"),
        ("garbage", "(exit code 0)"),
        ("truncated", "(exit code 0)"),
        ("link", "(exit code 0)"),
        ("fails", "(exit code 1) (Error: source file could not be loaded)"),
    ],
)
def test_a_missing_foreign_or_broken_pdf_is_an_error_naming_the_document(
    office: Callable[[str], Path], temp_dir: Path, mode: str, ending: str
) -> None:
    office(mode)
    with pytest.raises(ConversionError) as caught:
        convert_quickly(DOCUMENTS)
    assert str(caught.value) == (
        f"a-ccap.docx: LibreOffice produced no PDF for this document {ending}"
    )
    assert "root:" not in str(caught.value)
    assert list(temp_dir.iterdir()) == []


def test_a_process_left_running_after_success_is_ended(
    office: Callable[[str], Path], temp_dir: Path
) -> None:
    script = office("child-left-behind")
    assert convert_quickly(DOCUMENTS) == {"a-ccap.pdf": VALID_PDF, "a-rc.pdf": VALID_PDF}
    pids = recorded_pids(script)
    assert len(pids) == 2
    assert none_running(pids)
    assert list(temp_dir.iterdir()) == []


def test_the_work_folders_of_dead_runs_are_removed_with_their_office_suite(
    office: Callable[[str], Path], temp_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dead = dead_pid()
    stale = temp_dir / f"clausegen-pdf-{dead}-abcd1234"
    (stale / "in").mkdir(parents=True)
    (stale / "in" / "x-ccap.docx").write_bytes(b"a copy of a document")
    alive = temp_dir / f"clausegen-pdf-{os.getpid()}-efgh5678"
    alive.mkdir()
    unrelated = temp_dir / "clausegen-pdf-notes"
    unrelated.mkdir()
    # A LibreOffice of the dead run, still going, in a process group of its own.
    profile = (stale / "profile").as_uri()
    left = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(300)", f"-env:UserInstallation={profile}"],
        start_new_session=True,
    )
    command_line = Path(f"/proc/{left.pid}/cmdline")
    deadline = time.monotonic() + 10
    while profile.encode() not in command_line.read_bytes():  # until its exec is done
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        office("valid")
        with caplog.at_level(logging.WARNING, logger="clausegen"):
            convert_quickly(DOCUMENTS)
        assert left.wait(timeout=10) == -signal.SIGKILL
    finally:
        if left.poll() is None:
            left.kill()
            left.wait()
    assert sorted(p.name for p in temp_dir.iterdir()) == [alive.name, unrelated.name]
    assert caplog.messages == [
        f"{stale}: removed, a PDF conversion folder left by clausegen process {dead}, "
        "which was interrupted"
    ]


def test_generate_pdf_stops_a_hung_office_suite_with_the_default_allowances(
    tmp_path: Path,
) -> None:
    """The default allowances (20 s to start) stop a hung soffice well within a minute."""
    script = fake_soffice(tmp_path / "office", "hang-with-child")
    temp = tmp_path / "tmp"
    temp.mkdir()
    output = tmp_path / "out"
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("CLAUSEGEN_")
    }
    environment.update(CLAUSEGEN_SOFFICE=str(script), TMPDIR=str(temp))
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "clausegen",
                "generate",
                str(EXAMPLES / "lycee-jules-verne.yaml"),
                "--only",
                "ccap",
                "--pdf",
                "-o",
                str(output),
            ],
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,  # the old allowance was 60 s + 20 s per document
            check=False,
        )
        pids = recorded_pids(script)
        ended = none_running(pids)
    finally:
        end_all([script])
    assert result.returncode == 5, result.stderr
    assert result.stderr.endswith(
        "Error: LibreOffice wrote no PDF within 20 seconds of starting and was stopped as "
        "hung (CLAUSEGEN_LIMIT_CONVERSION_START_SECONDS gives it more time)\n"
    )
    assert "Traceback" not in result.stderr
    assert not output.exists()
    assert list(temp.iterdir()) == []
    assert len(pids) == 2
    assert ended


def test_what_libreoffice_leaves_in_its_temporary_folder_goes_with_the_work_folder(
    office: Callable[[str], Path], temp_dir: Path
) -> None:
    # Red team, second pass: LibreOffice's own lu<pid>….tmp folders (copies of the document
    # converted) stayed in the system temporary folder after a hung or killed conversion.
    script = office("temp-files")
    with pytest.raises(ConversionError) as caught:
        convert_quickly(DOCUMENTS)
    assert str(caught.value) == HUNG_AT_START
    used = Path((script.parent / "state" / "tmpdir").read_text())
    assert used.parent.parent == temp_dir
    assert used.parent.name.startswith(f"clausegen-pdf-{os.getpid()}-")
    assert used.name == "tmp"
    assert list(temp_dir.iterdir()) == []
    assert none_running(recorded_pids(script))
