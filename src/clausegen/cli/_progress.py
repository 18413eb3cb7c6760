"""Progress on a terminal: the seconds a long step has taken, on standard error."""

from __future__ import annotations

import sys
import threading
import time

import click

from clausegen.cli._app import is_quiet


class Elapsed:
    """Say what takes a while; on a terminal, count its seconds (on standard error).

    An announced step (a conversion) writes its label at once, as one line on a pipe or in
    a log; a step that is only shown while it lasts (``announce=False``, a long report)
    writes nothing on a pipe, and on a terminal its line appears after a second and is
    erased at the end.
    """

    def __init__(self, done: threading.Event | None = None) -> None:
        self._done = done or threading.Event()
        self._thread: threading.Thread | None = None
        self._erase = False

    def start(self, label: str, *, announce: bool = True) -> None:
        """Show ``label``, then count the seconds on a terminal until the ``with`` ends.

        Nothing is shown under ``-q/--quiet``.
        """
        if is_quiet():
            return
        on_terminal = sys.stderr.isatty()
        if announce:
            click.echo(label, err=True, nl=not on_terminal)
        if on_terminal:
            self._erase = not announce
            self._thread = threading.Thread(target=self.tick, args=(label,), daemon=True)
            self._thread.start()

    def tick(self, label: str) -> None:
        """Rewrite the line with the seconds spent, once a second, until the end."""
        started = time.monotonic()
        while not self._done.wait(1.0):
            seconds = int(time.monotonic() - started)
            click.echo(f"\r{label} {seconds} s", err=True, nl=False)

    def __enter__(self) -> Elapsed:
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
            click.echo("\r\x1b[K" if self._erase else "", err=True, nl=not self._erase)
