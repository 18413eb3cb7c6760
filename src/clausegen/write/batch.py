"""Many contracts at once: rendered on every core, staged on disk, written all or nothing.

:func:`stage_run` renders the contracts of a run in worker processes (``jobs``; the number
of CPUs by default, 1 renders in this process). Each worker loads the template set once and
compiles each template once (:mod:`clausegen.render.compiled`); a contract's documents are
written to temporary files beside their destination as soon as they are rendered, so that
memory holds a few contracts' documents at most, whatever the size of the run. Nothing is
in place until :meth:`StagedRun.write`: it checks every destination and renames every file
at once, journaled like any set of files (:mod:`clausegen.files`), so that the run stays
all or nothing, as :func:`~clausegen.write.run.render_run` and its
:meth:`~clausegen.write.run.RenderedRun.write` are. The contracts come back in their order,
and the problems, the warnings, the files and their bytes are those of a serial run.

Interrupted (SIGINT, SIGTERM, SIGHUP) or failed, a run stops its workers and removes its
temporary files; ``kill -9`` leaves temporary files that the next run removes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausegen.errors import (
    ClausegenError,
    ErrorGroup,
    OutputError,
    RunBudgetError,
    TemplateError,
)
from clausegen.files import (
    check_writable,
    commit_staged,
    remove_staged,
    stage_file,
)
from clausegen.inputs import STDIN
from clausegen.recovery import remove_leftovers
from clausegen.render.documents import TemplatesArgument, template_set_of
from clausegen.render.templates import TemplateEntry, TemplateSet
from clausegen.resolve.buyer import profiles_read_once
from clausegen.resolve.loading import ContractSource
from clausegen.write.contracts import Batch, RunBudget, collisions, may_hold_targets, run_budget
from clausegen.write.leftovers import remove_stale_work_folders
from clausegen.write.rendered import ContractSummary, SkippedDocument, combine_problems

_BUDGETS = ("time-budget", "output-budget")


@dataclass(frozen=True)
class _Task:
    """What a worker needs for the whole run (sent once per worker)."""

    template_set: TemplateSet
    entries: tuple[TemplateEntry, ...]
    usable: frozenset[str]
    out_dir: Path
    base_dir: str | os.PathLike[str] | None
    named: bool
    owner: int
    force: bool | None = None
    budget: RunBudget | None = None


@dataclass(frozen=True)
class _Outcome:
    """One contract rendered: its summary, its staged files and its problems."""

    contract: ContractSummary | None
    staged: dict[Path, Path]
    problems: list[ClausegenError]


@dataclass
class StagedRun:
    """A run whose documents wait on disk beside their destinations, not yet in place.

    Attributes:
        contracts: every contract's summary, in order, with its warnings, the destinations
            of its documents (their bytes are on disk) and the documents it does not get.
        staged: destination → temporary file, in the order of a serial run.
    """

    contracts: tuple[ContractSummary, ...]
    staged: dict[Path, Path] = field(default_factory=dict)
    owner: int = field(default_factory=os.getpid)
    created: tuple[Path, ...] = ()
    folder: Path | None = None

    @property
    def skipped(self) -> tuple[SkippedDocument, ...]:
        """Every document not produced, contract by contract (warnings, not errors)."""
        return tuple(skip for item in self.contracts for skip in item.skipped)

    def write(self, *, force: bool = False) -> list[Path]:
        """Put every document in place, all or nothing (as ``RenderedRun.write``).

        Raises:
            OutputError: (or a ErrorGroup of them, one per file) when a file exists and
                ``force`` is not given, or cannot be written; then nothing is written and
                the temporary files are removed.
        """
        try:
            remove_stale_work_folders()
            for folder in dict.fromkeys(path.parent for path in self.staged):
                remove_leftovers(folder)
            problems: list[ClausegenError] = []
            for path in self.staged:
                try:
                    check_writable(path, force=force)
                except OutputError as error:
                    problems.append(error)
            if problems:
                raise ErrorGroup.of(problems)
            return commit_staged(self.staged, force=force)
        finally:
            self.discard()

    def discard(self, *, folders: bool = True) -> None:
        """Remove the temporary files that are still there (nothing is written).

        Args:
            folders: also remove the folders the run created, when they are empty.
        """
        where = [] if self.folder is None else [self.folder]
        for folder in dict.fromkeys([*where, *(path.parent for path in self.staged)]):
            remove_staged(folder, self.owner)
        for folder in self.created if folders else ():  # NOTE: those staging made, if empty
            with contextlib.suppress(OSError):
                folder.rmdir()


def default_jobs() -> int:
    """The number of CPUs this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def stage_run(
    sources: Sequence[ContractSource],
    out_dir: str | os.PathLike[str],
    *,
    templates: TemplatesArgument = None,
    only: Iterable[str] | None = None,
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    force: bool | None = None,
) -> StagedRun:
    """Render every document of every contract, on ``jobs`` processes, into staged files.

    Args:
        sources: contracts or paths to their descriptions (a contract given as an object
            or a mapping is rendered in this process).
        out_dir: the folder the documents will be written to.
        templates: a template set or its folder; clausegen's own set when None.
        only: template ids to produce (all the set's templates when None).
        jobs: worker processes; the number of CPUs when None; 1 renders here.
        progress: called once per document rendered or not produced.
        base_dir: where a buyer profile path starts, for a contract without a file.
        force: when given, documents that exist stop the run before anything is rendered,
            as in :func:`~clausegen.write.run.render_run` (see :func:`_refuse_existing`).

    Returns:
        The staged run, to :meth:`~StagedRun.write` (or :meth:`~StagedRun.discard`).

    Raises:
        ClausegenError: every problem of the run, as :func:`~clausegen.write.run.render_run`
            raises them; nothing is left on disk then.
    """
    batch, task = _task(template_set_of(templates), only, Path(out_dir), base_dir, force)
    _refuse_existing(batch, task, sources)
    missing = [folder for folder in (task.out_dir, *task.out_dir.parents) if not folder.exists()]
    run = StagedRun((), created=tuple(missing), folder=task.out_dir)
    try:
        remove_leftovers(task.out_dir)
        with profiles_read_once():
            outcomes = _outcomes(task, list(sources), jobs or default_jobs())
            try:
                _collect(run, batch, outcomes, progress)
            finally:
                outcomes.close()  # NOTE: the workers are ended before the files are removed
    except ClausegenError:
        run.discard()
        raise
    except BaseException:
        # NOTE: stopped while staging, as a run stopped while writing: the folder stays.
        run.discard(folders=False)
        raise
    return run


def _task(
    template_set: TemplateSet,
    only: Iterable[str] | None,
    out_dir: Path,
    base_dir: str | os.PathLike[str] | None,
    force: bool | None,
) -> tuple[Batch, _Task]:
    """Read the templates once; return the run's batch and what its workers need."""
    batch = Batch(
        template_set,
        template_set.select(None if only is None else list(only)),
        force=force,
        budget=run_budget(),
    )
    batch.check_templates()
    usable = frozenset(batch.usable)
    task = _Task(
        template_set, tuple(batch.entries), usable, out_dir, base_dir, only is not None,
        os.getpid(), force, batch.budget,
    )  # fmt: skip
    return batch, task


def _refuse_existing(batch: Batch, task: _Task, sources: Sequence[ContractSource]) -> None:
    """Stop the run before any rendering when one of its documents exists without ``force``.

    Only a folder holding files named like documents needs it: then every contract is
    planned here (standard input is left to its worker, which checks before rendering).
    """
    if task.force is not False or not may_hold_targets(task.out_dir, batch.entries):
        return
    remove_leftovers(task.out_dir)  # a set an interrupted run was writing counts as written
    with profiles_read_once():
        planned = [
            batch.plan(source, task.out_dir, base_dir=task.base_dir, named=task.named)
            for source in sources
            if not (isinstance(source, str | os.PathLike) and os.fspath(source) == STDIN)
        ]
    if any(item.refused() for item in planned):
        raise combine_problems([*batch.problems, *(p for i in planned for p in i.problems)])


def _collect(
    run: StagedRun,
    batch: Batch,
    outcomes: Iterator[_Outcome],
    progress: Callable[[], None] | None,
) -> None:
    """Gather the outcomes in order, as a serial run would have met them."""
    contracts: list[ContractSummary] = []
    given_up: set[str] = set()  # NOTE: a budget error is the template's: reported once
    for outcome in outcomes:
        for _ in batch.entries:
            if progress is not None:
                progress()
        for problem in outcome.problems:
            template = problem.template if isinstance(problem, TemplateError) else None
            over = isinstance(problem, RunBudgetError)  # NOTE: the run's, said once
            if template in given_up or (over and "run" in given_up):
                continue
            if over:
                given_up.add("run")
            batch.problems.append(problem)
            if isinstance(problem, TemplateError) and problem.reason in _BUDGETS:
                given_up.add(str(template))
        if outcome.contract is not None:
            contracts.append(outcome.contract)
            run.staged.update(outcome.staged)
    batch.problems.extend(collisions(contracts))
    run.contracts = tuple(contracts)
    if batch.problems:
        raise ErrorGroup.of(batch.problems)


def _outcomes(
    task: _Task, sources: list[ContractSource], jobs: int
) -> Generator[_Outcome, None, None]:
    """Render the contracts here or in worker processes; yield their outcomes in order."""
    portable = all(
        isinstance(source, str | os.PathLike) and os.fspath(source) != STDIN for source in sources
    )
    if jobs <= 1 or len(sources) <= 1 or not portable:
        for source in sources:
            yield _render(task, source)
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    pool = context.Pool(min(jobs, len(sources)), initializer=_start_worker, initargs=(task,))
    try:
        yield from pool.imap(_render_in_worker, [os.fspath(s) for s in sources])  # type: ignore[arg-type]
        pool.close()
    finally:
        pool.terminate()
        pool.join()


_WORKER: dict[str, _Task] = {}
_PROFILES = contextlib.ExitStack()


def _start_worker(task: _Task) -> None:
    """Set a worker up: the run's task, and the stop signals left to the parent."""
    _WORKER["task"] = task
    _PROFILES.enter_context(profiles_read_once())  # for the worker's life
    # NOTE: Ctrl-C reaches the whole process group and a closed terminal every process:
    # the parent stops the run and terminates the workers (SIGTERM, left at its default).
    for name in ("SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _render_in_worker(source: str) -> _Outcome:
    return _render(_WORKER["task"], source)


def _render(task: _Task, source: Any) -> _Outcome:
    """Render one contract and stage its documents when it has no problem."""
    batch = Batch(
        task.template_set,
        list(task.entries),
        force=task.force,
        budget=task.budget,
        usable=set(task.usable),
    )
    planned = batch.plan(source, task.out_dir, base_dir=task.base_dir, named=task.named)
    if not planned.refused():
        batch.render(planned, tick=None)
    if not batch.rendered:
        return _Outcome(None, {}, planned.problems)
    rendered = batch.rendered[0]
    staged: dict[Path, Path] = {}
    if not planned.problems:
        try:
            for path, data in rendered.documents.items():
                staged[path] = stage_file(path, data, owner=task.owner)
        except OutputError as error:
            planned.problems.append(error)
    return _Outcome(rendered.summary(), staged, planned.problems)


def generate_many(
    sources: Sequence[ContractSource],
    out_dir: str | os.PathLike[str],
    *,
    templates: TemplatesArgument = None,
    only: Iterable[str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    base_dir: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Produce the Word documents of many contracts in ``out_dir``, on every core.

    The same documents, bytes and errors as :func:`~clausegen.write.run.generate` called
    on the contracts together (one all-or-nothing run), in memory bounded by a few
    contracts' documents: see :func:`stage_run` for the arguments.

    Returns:
        The files written, contract by contract, each in manifest order.

    Raises:
        ClausegenError: every problem of the run (nothing is written then).
    """
    run = stage_run(
        sources, out_dir, templates=templates, only=only, jobs=jobs, base_dir=base_dir, force=force
    )
    return run.write(force=force)
