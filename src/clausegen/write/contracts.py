"""The contracts of a run, in two steps: planned (every file known), then rendered.

A contract is first *planned*: loaded, resolved, computed and given its context once
(:func:`~clausegen.render.documents.prepare`), and the files its documents will be written
to named. Only then are its documents rendered. Between the two steps, a run checks every
file it will write — the documents in every format asked for, and what else a contract
brings (its eForms fragments) — so that a file that exists without ``--force`` stops the run
before anything is rendered or converted (issue 15: fail fast).
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clausegen import limits
from clausegen.errors import ClausegenError, OutputError, RunBudgetError, TemplateError
from clausegen.files import check_writable
from clausegen.i18n import _
from clausegen.render.documents import (
    PreparedContract,
    missing_requirement,
    output_name,
    prepare,
    render_entry,
    source_name,
)
from clausegen.render.lint.check import template_faults
from clausegen.render.templates import TemplateEntry, TemplateSet, default_dir
from clausegen.resolve.loading import ContractSource, load_resolved
from clausegen.validate.models import Contract
from clausegen.write.rendered import (
    ContractSummary,
    RenderedContract,
    SkippedDocument,
    skipped_document,
)

#: What else a contract writes beside its documents, by file name (its eForms fragments).
AlsoWritten = Callable[[Contract], Iterable[str]]


@dataclass
class Planned:
    """One contract of a run: what it will write, and every problem met for it so far.

    Attributes:
        source: how messages name the contract.
        prepared: the contract ready for its documents; None when it could not be loaded.
        documents: each template to render and the file its document goes to.
        skipped: the documents the contract cannot have, left out (warnings).
        also: the other files the contract writes (its eForms fragments).
        problems: every problem of this contract, in the order met.
    """

    source: str
    prepared: PreparedContract | None = None
    documents: list[tuple[TemplateEntry, Path]] = field(default_factory=list)
    skipped: list[SkippedDocument] = field(default_factory=list)
    also: list[Path] = field(default_factory=list)
    problems: list[ClausegenError] = field(default_factory=list)

    def refused(self) -> bool:
        """Whether a file this contract writes exists (and ``force`` was not given)."""
        return any(isinstance(problem, OutputError) for problem in self.problems)


@dataclass
class Batch:
    """The template set of a run, the templates still usable, and the contracts rendered.

    Attributes:
        template_set: the set the documents come from.
        entries: the templates asked for, in manifest order.
        outputs: the suffixes written for each document (``.docx``, ``.pdf``, ``.odt``).
        force: whether existing files may be replaced; None checks nothing (the caller
            checks when it writes).
        also_written: the other files a contract writes, checked with its documents.
        budget: the run's time budget, the same in every process; None for none.
        problems: the problems of the run that belong to no contract (unusable templates).
        rendered: the contracts rendered, in order.
        usable: the ids of the templates that can be read and rendered.
    """

    template_set: TemplateSet
    entries: list[TemplateEntry]
    outputs: tuple[str, ...] = (".docx",)
    force: bool | None = None
    also_written: AlsoWritten | None = None
    budget: RunBudget | None = None
    problems: list[ClausegenError] = field(default_factory=list)
    rendered: list[RenderedContract] = field(default_factory=list)
    usable: set[str] = field(default_factory=set)

    @property
    def bundled(self) -> bool:
        """Whether the templates are clausegen's own (checked by its tests, not at each run)."""
        try:
            return self.template_set.directory.resolve() == default_dir().resolve()
        except TemplateError:
            return False  # clausegen's own are missing: these are not them

    def check_templates(self) -> None:
        """Read and check every template once; each problem of a template is reported once.

        A template that cannot be read or is unsafe is reported as the set refuses it; one
        whose text has errors (tags, statements, names) with every finding of the template
        check, located and in the language of messages (issue 15). clausegen's own templates
        are checked by its tests, not at every run.
        """
        for entry in self.entries:
            try:
                data = self.template_set.read(entry)
            except TemplateError as error:
                self.problems.append(error)
                continue
            faults = [] if self.bundled else template_faults(data, entry)
            if faults:
                self.problems.extend(faults)
            else:
                self.usable.add(entry.id)

    def plan(
        self,
        source: ContractSource,
        directory: Path,
        *,
        base_dir: str | os.PathLike[str] | None,
        named: bool,
    ) -> Planned:
        """Prepare one contract once, name the files it writes, and check them."""
        planned = Planned(source_name(source))
        try:
            planned.prepared = prepare(load_resolved(source, base_dir=base_dir), planned.source)
        except ClausegenError as error:
            planned.problems.append(error)
            return planned
        contract = planned.prepared.contract
        hours = planned.prepared.obligation.total_insertion_hours
        for entry in self.entries:
            if entry.id not in self.usable:
                continue
            missing = missing_requirement(contract, entry, planned.source, hours=hours)
            if missing is not None and not named:
                planned.skipped.append(skipped_document(missing, entry.id))
            elif missing is not None:
                planned.problems.append(missing)
            else:
                target = directory / output_name(contract.reference, entry.id)
                planned.documents.append((entry, target))
        if self.also_written is not None:
            planned.also = [directory / name for name in self.also_written(contract)]
        self._check(planned)
        return planned

    def _check(self, planned: Planned) -> None:
        """Record every file of ``planned`` that exists, unless ``force`` (None: no check)."""
        if self.force is None:
            return
        targets = [
            target.with_suffix(suffix) for _, target in planned.documents for suffix in self.outputs
        ]
        for target in [*targets, *planned.also]:
            try:
                check_writable(target, force=self.force)
            except OutputError as error:
                planned.problems.append(error)

    def render(self, planned: Planned, *, tick: Callable[[], None] | None) -> None:
        """Render every document of a planned contract (one tick per template)."""
        prepared = planned.prepared
        for _unticked in range(len(self.entries) - len(planned.documents)):
            _tick(tick)
        if prepared is None:
            return
        documents: dict[Path, bytes] = {}
        for entry, target in planned.documents:
            _tick(tick)
            if entry.id not in self.usable:
                continue
            data = self._render(planned, prepared, entry)
            if data is not None:
                documents[target] = data
        self.rendered.append(
            RenderedContract(
                planned.source,
                prepared.contract,
                prepared.obligation,
                documents,
                tuple(planned.skipped),
            )
        )

    def _over(self, entry: TemplateEntry) -> RunBudgetError:
        seconds = self.budget.seconds if self.budget is not None else 0.0
        return RunBudgetError(seconds=seconds, template=entry.path)

    def _render(
        self, planned: Planned, prepared: PreparedContract, entry: TemplateEntry
    ) -> bytes | None:
        bounds = limits.current()
        left = bounds.render_seconds
        if self.budget is not None:
            left = min(left, self.budget.deadline - time.monotonic())
        capped = left < bounds.render_seconds
        if left <= 0:
            planned.problems.append(self._over(entry))
            self.usable.clear()  # NOTE: the run is over: nothing more is rendered
            return None
        try:
            with limits.using(dataclasses.replace(bounds, render_seconds=left)):
                return render_entry(prepared, self.template_set, entry)
        except TemplateError as error:
            if capped and error.reason == "time-budget":
                planned.problems.append(self._over(entry))
                self.usable.clear()
                return None
            planned.problems.append(error.for_contract(prepared.source))
            if error.reason in ("time-budget", "output-budget"):
                # NOTE: each render with another contract would take as long: the budget
                # is the template's problem, reported once.
                self.usable.discard(entry.id)
            return None


@dataclass(frozen=True)
class RunBudget:
    """The time budget of one run's renders, all documents of all contracts together.

    Attributes:
        seconds: the budget (``run_seconds``), for messages.
        deadline: when it ends, on ``time.monotonic()``'s clock, the same in every process.
    """

    seconds: float
    deadline: float


def run_budget() -> RunBudget:
    """Return the budget of a run starting now (:class:`~clausegen.limits.Limits`)."""
    seconds = limits.current().run_seconds
    return RunBudget(seconds, time.monotonic() + seconds)


def _tick(progress: Callable[[], None] | None) -> None:
    if progress is not None:
        progress()


def collisions(rendered: Sequence[RenderedContract | ContractSummary]) -> list[ClausegenError]:
    """Refuse two contracts of one run that would write the same file."""
    owners: dict[Path, str] = {}
    problems: list[ClausegenError] = []
    for item in rendered:
        for path in item.documents:
            if path in owners:
                problems.append(
                    OutputError(
                        path=path,
                        message=_(
                            "would be written for both {first} and {second}; give the contracts "
                            "different references or generate them apart"
                        ).format(first=owners[path], second=item.source),
                    )
                )
            else:
                owners[path] = item.source
    return problems


def may_hold_targets(folder: Path, entries: Iterable[TemplateEntry]) -> bool:
    """Whether ``folder`` holds a file named like a document of one of ``entries``.

    Only then can a run find a file it would write already there: a run into a new or
    empty folder (the common case of a batch) needs no check before it renders.
    """
    endings = tuple(f"-{entry.id}.docx" for entry in entries)
    try:
        return any(path.name.endswith(endings) for path in folder.iterdir())
    except OSError:
        return False
