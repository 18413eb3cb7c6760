"""How much a render may take: time, output and the size of the values a template computes.

A template is code: ``{% for i in range(99999) %}{% for j in range(99999) %}`` runs for
hours, ``{{ 'a' * 10**9 }}`` fills the memory. Every render of a document therefore runs in
a :func:`render_budget`, set by whoever runs clausegen, never by a template
(:mod:`clausegen.limits`: ``CLAUSEGEN_LIMIT_RENDER_SECONDS``,
``CLAUSEGEN_LIMIT_RENDER_OUTPUT_BYTES``, or :func:`clausegen.limits.using`):

* **time**: the sandbox checks the clock at every loop iteration, call, attribute access,
  operator and piece of output (:func:`tick`), which works in any thread; in the main
  thread, a timer signal (``SIGALRM``) also interrupts Python code that runs long without
  passing such a point;
* **output**: the rendered XML of the document is counted as it is produced, and the
  render stops as soon as it would exceed the budget;
* **values**: a text, list or mapping a template builds may not be larger than the output
  budget (:func:`check_size`; a larger one could never be printed anyway), whole numbers
  not longer than :data:`MAX_DIGITS` digits.

Going beyond is a :class:`RenderLimitError`, which the renderer reports as a located
:class:`~clausegen.errors.TemplateError` saying which limit and how to raise it.
"""

from __future__ import annotations

import contextlib
import contextvars
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

from jinja2.utils import Namespace

from clausegen.limits import Limits, describe_size

#: The longest whole number (in decimal digits) a template may compute: Python's own limit
#: for printing one.
MAX_DIGITS = 4300
#: The same bound, in bits.
MAX_BITS = MAX_DIGITS * 10 // 3
#: The most items (texts, numbers, lists…) one value a template builds may hold, all levels
#: counted: ten times Jinja's bound on ``range``.
MAX_ITEMS = 1_000_000
# How many containers measure() visits between two looks at the clock.
_TICK_EVERY = 4096


class RenderLimitError(Exception):
    """Raised inside a render when a template goes beyond a limit.

    Attributes:
        message: what went beyond which limit, and how to raise it when it can be.
        budget: the :class:`~clausegen.limits.Limits` field of the budget exceeded
            (``render_seconds``, ``render_output_bytes``), None for a bound on one value.
        line: the line of the template's source being run, when the error was raised
            outside the template's own code (by the renderer counting its output).
    """

    def __init__(self, message: str, *, budget: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.budget = budget
        self.line: int | None = None


@dataclass
class Budget:
    """What is left of one document's render budget.

    Attributes:
        seconds: the time allowed, for messages.
        deadline: when the render must stop (``time.monotonic()``).
        output_bytes: the output allowed, which is also the largest value allowed.
        produced: the output produced so far, in bytes.
        buffered: the output templates kept aside so far (``{% filter %}``, ``{% set %}``
            blocks), in characters; it is bounded like the output.
        active: False once the render is over, so that a late timer signal does nothing.
        timed_out: True once the render was stopped for time, so that the timer signal
            does not interrupt the report of the first stop.
    """

    seconds: float
    deadline: float
    output_bytes: int
    produced: int = 0
    buffered: int = 0
    active: bool = True
    timed_out: bool = False

    def out_of_time(self) -> RenderLimitError:
        """Return the error of a render that took too long (and note that it did)."""
        self.timed_out = True
        seconds = f"{self.seconds:g} second{'s' if self.seconds != 1 else ''}"
        return RenderLimitError(
            f"the render took longer than its time budget of {seconds}, the template probably "
            "loops too much; if it is right, raise the budget with "
            f"{Limits.variable('render_seconds')}",
            budget="render_seconds",
        )

    def add_output(self, size: int) -> None:
        """Count ``size`` more bytes of output.

        Raises:
            RenderLimitError: when the output goes beyond the budget.
        """
        self.produced += size
        if self.produced > self.output_bytes:
            raise self.too_much_output()

    def expect_output(self, size: int) -> None:
        """Refuse a printed value that could not fit in what is left of the output budget.

        Raises:
            RenderLimitError: when ``size`` more bytes would go beyond the budget.
        """
        if self.produced + size > self.output_bytes:
            raise self.too_much_output()

    def add_buffered(self, size: int) -> None:
        """Count ``size`` more characters of output kept aside by a template.

        Raises:
            RenderLimitError: when what is kept aside goes beyond the output budget.
        """
        self.buffered += size
        if self.buffered > self.output_bytes:
            raise self.too_much_output()

    def too_much_output(self) -> RenderLimitError:
        """Return the error of a render that produces too much."""
        return RenderLimitError(
            "the rendered document would be larger than its output budget of "
            f"{describe_size(self.output_bytes)}: the template repeats too much, or a value of "
            "the contract is very long; if both are right, raise the budget with "
            f"{Limits.variable('render_output_bytes')}",
            budget="render_output_bytes",
        )


_ACTIVE: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "clausegen_render_budget", default=None
)


def current() -> Budget | None:
    """Return the budget of the render in progress in this thread or task, if any."""
    return _ACTIVE.get()


def tick() -> None:
    """Stop the render in progress if its time is up (a cheap look at the clock).

    Raises:
        RenderLimitError: when the deadline has passed.
    """
    budget = _ACTIVE.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise budget.out_of_time()


def largest_value() -> int:
    """Return the largest size of a value a template may build (the output budget)."""
    budget = _ACTIVE.get()
    return budget.output_bytes if budget is not None else Limits().render_output_bytes


@contextlib.contextmanager
def render_budget(limits: Limits) -> Iterator[Budget]:
    """Run one document's render under the time and output budgets of ``limits``.

    In the main thread, and when no other timer is set, a ``SIGALRM`` timer also
    interrupts the render once at the deadline (after it, every check of the sandbox stops
    the render too); elsewhere the sandbox's checks alone stop it. The previous handler is
    restored on the way out.
    """
    budget = Budget(
        seconds=limits.render_seconds,
        deadline=time.monotonic() + limits.render_seconds,
        output_bytes=limits.render_output_bytes,
    )
    token = _ACTIVE.set(budget)
    previous = _arm_timer(budget)
    try:
        yield budget
    finally:
        budget.active = False
        if previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _ACTIVE.reset(token)


def _arm_timer(budget: Budget) -> Any:
    """Set the SIGALRM timer, when this disturbs no one; return the handler to restore.

    Returns None when no timer was set: outside the main thread, or when someone else uses
    SIGALRM.
    """
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0)
        or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None)
    ):
        return None

    def interrupt(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - signal API
        if budget.active and not budget.timed_out:
            raise budget.out_of_time()

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, budget.seconds)
    return previous


def check_size(size: int, what: str) -> None:
    """Refuse a value of ``size`` characters (or items) larger than the output budget.

    Args:
        size: the size the value would have.
        what: how the message names the value (``"'a' * 1000000000"``).

    Raises:
        RenderLimitError: when ``size`` is too large.
    """
    limit = largest_value()
    if size > limit:
        msg = (
            f"{what} would make a value of {size} characters or items, more than the "
            f"{limit} a document may hold ({Limits.variable('render_output_bytes')})"
        )
        raise RenderLimitError(msg)


def measure(value: object, what: str) -> int:
    """Return about how many characters ``value`` takes once printed, refusing too much.

    Texts count their length, lists and mappings the sizes of their items, each time an item
    appears (a list made of the same huge list twice is twice as large), other values a few
    characters. Each distinct list or mapping is walked once, so that measuring never takes
    long itself, however the value shares its parts.

    Raises:
        RenderLimitError: when the value would be larger than the output budget, or hold
            more than :data:`MAX_ITEMS` items (all levels counted).
    """
    if isinstance(value, str | bytes):
        check_size(len(value), what)
        return len(value)
    if _children(value) is None:
        return _leaf_size(value)
    largest_value()
    # id -> (size, items) of each container measured; the containers are kept alive with it.
    measured: dict[int, tuple[int, int, object]] = {}
    open_: set[int] = set()
    stack: list[tuple[object, bool]] = [(value, False)]
    while stack:
        node, expanded = stack.pop()
        children = _children(node) or ()
        if not expanded:
            if id(node) in measured or id(node) in open_:
                continue
            open_.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if _children(child) is not None)
            continue
        size, items = 2 + 2 * len(children), 1
        for child in children:
            if _children(child) is None:
                size, items = size + _leaf_size(child), items + 1
            elif id(child) in measured:
                size, items = size + measured[id(child)][0], items + measured[id(child)][1]
            else:
                size, items = size + 8, items + 1  # a cycle: printed as [...]
        open_.discard(id(node))
        measured[id(node)] = (size, items, node)
        check_size(size, what)
        if items > MAX_ITEMS:
            msg = f"{what} would hold more than {MAX_ITEMS} items, counting the items of its lists"
            raise RenderLimitError(msg)
        if len(measured) % _TICK_EVERY == 0:
            tick()
    return measured[id(value)][0]


def _children(item: object) -> tuple[object, ...] | None:
    """Return what a list, mapping or namespace holds; None for any other value."""
    if isinstance(item, dict):
        return (*item.keys(), *item.values())
    if isinstance(item, list | tuple | set | frozenset):
        return tuple(item)
    if isinstance(item, Namespace):
        # NOTE: a namespace prints its attributes (jinja2.utils.Namespace.__repr__).
        return (object.__getattribute__(item, "_Namespace__attrs"),)
    return None


def _leaf_size(item: object) -> int:
    if isinstance(item, str | bytes):
        return len(item) + 2
    if isinstance(item, int) and not isinstance(item, bool):
        return item.bit_length() * 3 // 10 + 1
    return 8
