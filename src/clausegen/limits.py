"""Bounds on what clausegen reads and renders, so that no input can exhaust the machine.

Every file clausegen reads, every YAML or JSON document it parses and every template it
renders is held to a limit. The defaults are generous (far above any real contract, profile,
realised-hours file or Word template) and are listed in the README. Whoever runs clausegen
may change them; a template or a contract description never can:

* on the command line and for any program, through environment variables named
  ``CLAUSEGEN_LIMIT_<FIELD>`` (``CLAUSEGEN_LIMIT_DESCRIPTION_BYTES=20MB``,
  ``CLAUSEGEN_LIMIT_RENDER_SECONDS=60``), read when the limits are first needed;
* from Python, with :func:`using` (``with using(Limits(render_seconds=5)): …``), which holds
  for the current thread or task only, so that a service can give each request its own.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from clausegen.errors import ClausegenError, ExitCode
from clausegen.i18n import N_, _

#: The prefix of the environment variables that override a limit.
ENVIRONMENT_PREFIX = "CLAUSEGEN_LIMIT_"

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The bounds applied to inputs and renders (see the module docstring).

    Attributes:
        description_bytes: the largest contract description, buyer profile or template
            manifest read (YAML or JSON).
        data_bytes: the largest realised-hours (or orders) file read, or DECP file. Reading
            takes time and memory in proportion (about 18 000 lines, 1.4 MB, a second, and
            about 16 times the file's size in memory): 16 MB is about 200 000 lines, read in
            about 12 seconds with about 300 MB.
        template_bytes: the largest template file (.docx) read.
        yaml_aliases: the most YAML aliases (``*name``) one document may use; each alias may
            expand a whole subtree, which is how "billion laughs" documents explode.
        nesting_depth: the deepest nesting of mappings and lists in a YAML or JSON document.
        description_values: the most values (mappings, lists, texts, numbers) one YAML or
            JSON document may hold, counting those that YAML aliases repeat.
        render_seconds: the longest time one document may take to render.
        run_seconds: the longest time the renders of one ``generate`` run may take
            together, every document of every contract: a render has at most what is left
            of it (and its own ``render_seconds``), so that a template slow on each
            document cannot hold a run of many contracts for ever.
        render_output_bytes: the largest XML a rendered document may produce (all its parts
            together); also the largest value a template may compute.
        conversion_start_seconds: the time LibreOffice has to start and write the first
            PDF of a ``--pdf`` run; then it is stopped as hung.
        conversion_document_seconds: the time LibreOffice has for each further PDF: a run
            that writes nothing for that long is stopped as hung, and a whole run may take
            ``conversion_start_seconds`` plus this much per document.
    """

    description_bytes: int = 10 * _MB
    data_bytes: int = 16 * _MB
    template_bytes: int = 50 * _MB
    yaml_aliases: int = 200
    nesting_depth: int = 64
    description_values: int = 100_000
    render_seconds: float = 10.0
    run_seconds: float = 3600.0
    render_output_bytes: int = 50 * _MB
    conversion_start_seconds: float = 20.0
    conversion_document_seconds: float = 10.0

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Return the default limits with the ``CLAUSEGEN_LIMIT_*`` variables applied.

        Sizes accept a unit (``20MB``, ``512 KB``, ``1GB``; binary multiples), counts a whole
        number, seconds a decimal number.

        Raises:
            LimitSettingError: for an unknown ``CLAUSEGEN_LIMIT_*`` variable or a value that
                is not a positive number.
        """
        environ = os.environ if environ is None else environ
        fields = {field.name: field for field in dataclasses.fields(cls)}
        values: dict[str, int | float] = {}
        for variable, raw in sorted(environ.items()):
            if not variable.startswith(ENVIRONMENT_PREFIX):
                continue
            name = variable[len(ENVIRONMENT_PREFIX) :].lower()
            if name not in fields:
                known = ", ".join(ENVIRONMENT_PREFIX + key.upper() for key in fields)
                msg = _("{variable} is not a limit of clausegen (known: {known})").format(
                    variable=variable, known=known
                )
                raise LimitSettingError(msg)
            values[name] = _parse_setting(variable, raw, kind=fields[name].type)
        return cls(**values)  # type: ignore[arg-type]  # checked against the fields above

    @staticmethod
    def variable(name: str) -> str:
        """Return the environment variable that sets the limit called ``name``."""
        return ENVIRONMENT_PREFIX + name.upper()


class LimitSettingError(ClausegenError):
    """Raised when a ``CLAUSEGEN_LIMIT_*`` environment variable is unknown or not a number."""

    exit_code = ExitCode.USAGE
    code: ClassVar[str] = "limit-setting"


#: The largest value a limit may be set to: beyond, it is a typing mistake, not a bound.
MAX_COUNT = 2**40
MAX_SECONDS = 86_400.0
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": _MB, "g": 1024 * _MB}


def _parse_setting(variable: str, raw: str, *, kind: object) -> int | float:
    match = _SIZE.fullmatch(raw)
    if match is None or float(match.group(1)) <= 0:
        message = _("{setting} is not a positive number").format(setting=f"{variable}={raw!r}")
        raise LimitSettingError(message)
    number = float(match.group(1))
    unit = (match.group(2) or "").lower()[:1]
    if kind in (float, "float"):
        if unit:
            message = _("{setting}: give a number of seconds, without a unit").format(
                setting=f"{variable}={raw!r}"
            )
            raise LimitSettingError(message)
        if number > MAX_SECONDS:
            message = _("{setting} is more than the {seconds} seconds (a day) allowed").format(
                setting=f"{variable}={raw!r}", seconds=f"{MAX_SECONDS:.0f}"
            )
            raise LimitSettingError(message)
        return number
    value = number * _UNITS[unit]
    if value > MAX_COUNT:
        message = _("{setting} is more than the 1 TB (or 2**40 items) a limit may be").format(
            setting=f"{variable}={raw!r}"
        )
        raise LimitSettingError(message)
    return int(value)


def describe_size(size: int) -> str:
    """Write a size in bytes the way the limits are written, in the language of messages.

    ``12.5 MB``, ``900 KB``, ``512 bytes``; in French ``12,5 Mo``, ``900 Ko``, ``512 octets``
    (:func:`clausegen.readable.figure`).
    """
    # NOTE: imported here: `clausegen --help` loads this module, and must not load decimal.
    from decimal import Decimal

    from clausegen.readable import figure

    for unit, name in ((_MB, N_("MB")), (1024, N_("KB"))):
        if size >= unit:
            return f"{figure(Decimal(f'{size / unit:.1f}'))} {_(name)}"
    return _("{count} bytes").format(count=figure(size))


_ACTIVE: contextvars.ContextVar[Limits | None] = contextvars.ContextVar(
    "clausegen_limits", default=None
)


def current() -> Limits:
    """Return the limits in force: those set by :func:`using`, else the environment's.

    Raises:
        LimitSettingError: when a ``CLAUSEGEN_LIMIT_*`` variable is invalid.
    """
    active = _ACTIVE.get()
    return active if active is not None else Limits.from_environment()


@contextlib.contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Apply ``limits`` to everything clausegen does in this thread or task, inside the block."""
    token = _ACTIVE.set(limits)
    try:
        yield limits
    finally:
        _ACTIVE.reset(token)
