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
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from clausegen.cli._help import HelpGroup, HelpOption, option
from clausegen.errors import ClausegenError, ErrorRecord, ExitCode
from clausegen.files import write_atomically
from clausegen.i18n import _, language, libraries_speaking, speaking
from clausegen.interruptions import Interrupted, handling_signals
from clausegen.version import __version__


class _ClausegenGroup(HelpGroup):
    """A click group that turns clausegen errors into messages and documented exit codes.

    With ``--json`` anywhere among the command's own arguments, an error (a usage error
    too) is printed on standard output as ``{"ok": false, "exit_code", "errors"}`` instead,
    with the same exit code. Click's own texts (usage errors, help headings) speak the
    language of clausegen's messages (:func:`clausegen.i18n.libraries_speaking`), and so do
    the help texts of its commands and options (:mod:`clausegen.cli._help`).
    """

    group_class = HelpGroup  # its sub-groups translate their help, the boundary is here only

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # NOTE: the language is read from the environment once per command, not once per
        # message: a portfolio report translates tens of thousands of them.
        with speaking(language()), libraries_speaking():
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_ARGS] = list(args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            # NOTE: before a command is known (``clausegen --json frobnicate``): still JSON.
            if not wants_json(ctx):
                raise
            _fail_usage(error)

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
                _fail(error, as_json=wants_json(ctx))
            except click.ClickException as error:
                if not wants_json(ctx):
                    raise
                _fail_usage(error)
            except KeyboardInterrupt as interruption:
                click.echo(_("Interrupted."), err=True)
                code = (
                    interruption.exit_code
                    if isinstance(interruption, Interrupted)
                    else ExitCode.INTERRUPTED
                )
                sys.exit(code)
            return result


@contextlib.contextmanager
def _warnings_printed() -> Iterator[None]:
    """Print the library's warnings as ``Warning: …`` on (click's current) standard error."""
    import logging  # NOTE: here, so that --help does not import it

    class _WarningPrinter(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warn(record.getMessage())

    logger = logging.getLogger("clausegen")
    handler = _WarningPrinter(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


_ARGS = "clausegen.args"
_QUIET = "clausegen.quiet"


def wants_json(ctx: click.Context | None = None) -> bool:
    """Whether the command line asks for JSON (``--json`` before any ``--``)."""
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is None:
        return False
    args: list[str] = ctx.meta.get(_ARGS, [])
    return "--json" in (args[: args.index("--")] if "--" in args else args)


def _fail(error: ClausegenError, *, as_json: bool = False) -> NoReturn:
    if as_json:
        echo_json(error.to_dict())
    else:
        for line in error.lines():
            click.echo(error_line(line), err=True)
    sys.exit(error.exit_code)


def error_line(message: str) -> str:
    """Return one line of an error as printed on standard error: ``Error: <message>``."""
    return _("Error: {message}").format(message=message)


def _fail_usage(error: click.ClickException) -> NoReturn:
    """Print a usage error (click's) as the JSON of a failure, with click's exit code."""
    record = ErrorRecord(
        source=None, line=None, column=None, path="", code="usage", message=error.format_message()
    )
    echo_json({"ok": False, "exit_code": error.exit_code, "errors": [record]})
    sys.exit(error.exit_code)


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
        click.echo(error_line(f"{error.filename}: {error.strerror or error}"), err=True)
    else:
        message = _("standard output cannot be written: {reason}").format(
            reason=error.strerror or error
        )
        click.echo(error_line(message), err=True)
    sys.exit(ExitCode.OUTPUT)


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


def json_text(data: object) -> str:
    """Return ``data`` as indented JSON, accents as written."""
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


def echo_json(data: object) -> None:
    """Print ``data`` as indented JSON, accents as written (for ``--json`` options)."""
    click.echo(json_text(data))


def schema_options(function: Callable[..., None]) -> Callable[..., None]:
    """Add the ``-o/--output FILE`` and ``--force`` options of the schema commands."""
    function = option("--force", is_flag=True, help="Replace the output file if it exists.")(
        function
    )
    return option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the schema to this file instead of standard output ('-' is standard output).",
    )(function)


def print_or_write(text: str, output: Path | None, *, force: bool) -> None:
    """Print ``text``, or write it atomically to ``output`` (kept unless ``force``).

    ``-`` as ``output`` is standard output.
    """
    if output is None or str(output) == STDOUT:
        click.echo(text, nl=False)
        return
    write_atomically(output, text.encode("utf-8"), force=force)
    note(_("Wrote {file}").format(file=output))


def write_binary(
    data: bytes, output: Path, *, force: bool, what: str, announce: bool = True
) -> None:
    """Write ``data`` atomically to ``output``, or to standard output for ``-``.

    Raises:
        click.UsageError: for ``-`` when standard output is a terminal, which binary data
            would garble: ``what`` says what it is (``a Word report``).
    """
    if str(output) != STDOUT:
        write_atomically(output, data, force=force)
        if announce:
            note(_("Wrote {file}").format(file=output))
        return
    if stdout_is_terminal():
        message = _(
            "{what} is binary and standard output is a terminal: redirect it "
            "(> file, | program) or give a file name"
        ).format(what=what)
        raise click.UsageError(message)
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (where binary data must not go)."""
    return sys.stdout.buffer.isatty()


def check_each(
    files: Sequence[str],
    check: Callable[[str], tuple[str, dict[str, object]]],
    *,
    as_json: bool = False,
) -> None:
    """Check every file, report each, and exit 1 at the end if any was invalid.

    ``check`` returns the line that says a file is valid (printed on standard output) and
    the same as JSON data, or raises a ClausegenError whose lines go to standard error; the
    other files are still checked, so that one run shows every problem. With ``as_json``,
    one JSON document on standard output: ``{"ok", "exit_code", "valid": [...], "errors":
    [...]}``.
    """
    invalid: list[ClausegenError] = []
    valid: list[dict[str, object]] = []
    for file in files:
        try:
            verdict, data = check(file)
        except ClausegenError as error:
            invalid.append(error)
            if not as_json:
                for line in error.lines():
                    click.echo(error_line(line), err=True)
            continue
        valid.append(data)
        if not as_json:
            click.echo(verdict)
    if as_json:
        code = ExitCode.INVALID_INPUT if invalid else ExitCode.OK
        records = [record for error in invalid for record in error.records()]
        echo_json({"ok": not invalid, "exit_code": int(code), "valid": valid, "errors": records})
    if invalid:
        raise SystemExit(ExitCode.INVALID_INPUT)


def is_quiet() -> bool:
    """Whether ``-q/--quiet`` was given: warnings and notes are not printed."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and bool(ctx.meta.get(_QUIET))


def warn(message: str) -> None:
    """Print a warning on standard error (the output on standard output stays clean)."""
    if not is_quiet():
        click.echo(_("Warning: {message}").format(message=message), err=True)


def note(message: str) -> None:
    """Print a note (what was written, what is going on) on standard error, unless quiet."""
    if not is_quiet():
        click.echo(message, err=True)


def _set_quiet(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_QUIET] = True


def quiet_option() -> click.Option:
    """Return a ``-q/--quiet`` option, which every command has (:func:`add_common_options`)."""
    return HelpOption(
        ["-q", "--quiet"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_quiet,
        help="Drop the warnings and notes; errors are still printed.",
    )


def add_common_options(group: click.Group) -> None:
    """Give ``group`` and every command of it (and of its sub-groups) ``-q/--quiet``.

    Done once the commands are defined, so that a new command cannot lack it.
    """
    if not any(param.name == "quiet" for param in group.params):
        group.params.append(quiet_option())
    for command in group.commands.values():
        if isinstance(command, click.Group):
            add_common_options(command)
        if not any(param.name == "quiet" for param in command.params):
            command.params.append(quiet_option())


#: What ``-`` means where a file is written: standard output.
STDOUT = "-"

#: ``-h`` as well as ``--help``, inherited by every command and group.
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


@click.group(cls=_ClausegenGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="clausegen", cls=HelpOption)
@option("--debug", is_flag=True, help="Show the full traceback of errors.")
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
