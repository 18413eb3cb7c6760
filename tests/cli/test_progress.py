"""Progress of long steps: counted on a terminal, silent or one line on a pipe."""

from __future__ import annotations

import sys
import threading

import pytest

from clausegen.cli._progress import Elapsed


class _OnceThenDone(threading.Event):
    """An event that lets one wait go by, then says it is set."""

    def __init__(self) -> None:
        super().__init__()
        self.waits = 0

    def wait(self, timeout: float | None = None) -> bool:  # noqa: ARG002 - as Event.wait
        self.waits += 1
        return self.waits > 1


def test_a_step_shown_while_it_lasts_is_silent_on_a_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with Elapsed(_OnceThenDone()) as elapsed:
        elapsed.start("Computing the report…", announce=False)
    assert capsys.readouterr().err == ""


def test_a_step_shown_while_it_lasts_is_erased_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with Elapsed(_OnceThenDone()) as elapsed:
        elapsed.start("Computing the report…", announce=False)
    assert capsys.readouterr().err == "\rComputing the report… 0 s\r\x1b[K"


def test_nothing_started_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with Elapsed():
        pass
    assert capsys.readouterr().err == ""
