"""The ``clausegen`` command group and its single error boundary.

Commands only parse options, call the library and print what it returns. Every
:class:`~clausegen.errors.ClausegenError` is caught here, once, and becomes a message on
standard error and the exit code the error carries; ``--debug`` shows the traceback instead.
SIGINT, SIGTERM and SIGHUP stop a command the same way, cleaning up on the way, with
``Interrupted.`` and the exit code of the signal; what the library logs as a warning (the
leftovers of an interrupted run it removed) is printed as ``Warning: …``.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from clausegen.errors import ClausegenError, ExitCode, Interrupted
from clausegen.files import write_atomically
from clausegen.interruptions import handling_signals
from clausegen.version import __version__


class _ClausegenGroup(click.Group):
    """A click group that turns clausegen errors into messages and documented exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        with handling_signals(), _warnings_printed():
            try:
                result = super().invoke(ctx)
                sys.stdout.flush()
            except OSError as error:
                if ctx.meta.get("clausegen.debug"):
                    raise
                _output_failed(error)
            except ClausegenError as error:
                if ctx.meta.get("clausegen.debug"):
                    raise
                _fail(error)
            except KeyboardInterrupt as interruption:
                click.echo("Interrupted.", err=True)
                code = (
                    interruption.exit_code
                    if isinstance(interruption, Interrupted)
                    else ExitCode.INTERRUPTED
                )
                sys.exit(code)
            return result


class _WarningPrinter(logging.Handler):
    """Print the library's warnings as ``Warning: …`` on (click's current) standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        warn(record.getMessage())


@contextlib.contextmanager
def _warnings_printed() -> Iterator[None]:
    logger = logging.getLogger("clausegen")
    handler = _WarningPrinter(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _output_failed(error: OSError) -> NoReturn:
    """Report that the output could not be written (a full disk, a closed pipe…), exit 4.

    The library turns the errors of the files it writes into :class:`OutputError`; what
    remains is standard output itself. It is pointed at the null device so that Python's
    last flush does not fail again.
    """
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    if error.errno == errno.EPIPE:
        sys.exit(ExitCode.OUTPUT)  # the reader went away: nothing to tell it
    if error.filename is not None:
        click.echo(f"Error: {error.filename}: {error.strerror or error}", err=True)
    else:
        click.echo(f"Error: standard output cannot be written: {error.strerror or error}", err=True)
    sys.exit(ExitCode.OUTPUT)


def _fail(error: ClausegenError) -> NoReturn:
    for line in error.lines():
        click.echo(f"Error: {line}", err=True)
    sys.exit(error.exit_code)


def lazy(module: str, name: str) -> Any:
    """Return a stand-in for the library function ``module.name``, imported when first called.

    Each command names the library functions it calls at module level (where a test can
    replace them), but the library is imported only when a command runs, so that
    ``clausegen --help`` and the commands that need little start fast.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def echo_json(data: object) -> None:
    """Print ``data`` as indented JSON, accents as written (for ``--json`` options)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def schema_options(function: Callable[..., None]) -> Callable[..., None]:
    """Add the ``-o/--output FILE`` and ``--force`` options of the schema commands."""
    function = click.option("--force", is_flag=True, help="Replace the output file if it exists.")(
        function
    )
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the schema to this file instead of standard output.",
    )(function)


def print_or_write(text: str, output: Path | None, *, force: bool) -> None:
    """Print ``text``, or write it atomically to ``output`` (kept unless ``force``)."""
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomically(output, text.encode("utf-8"), force=force)
    click.echo(f"Wrote {output}", err=True)


def check_each(files: Sequence[str], check: Callable[[str], str]) -> None:
    """Check every file, report each, and exit 1 at the end if any was invalid.

    ``check`` returns the line that says a file is valid (printed on standard output), or
    raises a ClausegenError whose lines go to standard error; the other files are still
    checked, so that one run shows every problem.
    """
    invalid = 0
    for file in files:
        try:
            verdict = check(file)
        except ClausegenError as error:
            invalid += 1
            for line in error.lines():
                click.echo(f"Error: {line}", err=True)
            continue
        click.echo(verdict)
    if invalid:
        raise SystemExit(ExitCode.INVALID_INPUT)


def warn(message: str) -> None:
    """Print a warning on standard error (the output on standard output stays clean)."""
    click.echo(f"Warning: {message}", err=True)


@click.group(cls=_ClausegenGroup)
@click.version_option(__version__, "--version", prog_name="clausegen")
@click.option("--debug", is_flag=True, help="Show the full traceback of errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Compute insertion-hour obligations and produce the tender annexes that carry them.

    \b
    Exit codes:
      0    success
      1    invalid input (contract description, profile, data file)
      2    usage error (unknown option, missing argument)
      3    template error
      4    output cannot be written (exists without --force, permission)
      5    document conversion failed (LibreOffice)
      70   internal error: a bug of clausegen (please report it)
      129  stopped by SIGHUP (terminal closed)
      130  interrupted (Ctrl-C, SIGINT)
      143  stopped by SIGTERM
    """  # noqa: D301 - \b is click's mark for a paragraph kept as written
    ctx.meta["clausegen.debug"] = debug
