"""The documents of a run, rendered in memory and not yet written, and how they are written.

A run is written all or nothing (:meth:`RenderedRun.write`), so that an invalid contract or a
failing template never leaves part of a tender file behind; a document a contract cannot
have is skipped and said (:class:`SkippedDocument`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from clausegen.compute.hours import Obligation
from clausegen.compute.warnings import ContractWarning
from clausegen.errors import ClausegenError, ErrorGroup, OutputError
from clausegen.files import check_writable, write_all
from clausegen.i18n import _
from clausegen.missing import NoCharterError, NoHoursError
from clausegen.recovery import remove_leftovers
from clausegen.render.output import deterministic_zip
from clausegen.validate.models import Contract
from clausegen.write.leftovers import remove_stale_work_folders


@dataclass(frozen=True)
class SkippedDocument:
    """A document of the set that a contract does not get, and why.

    Attributes:
        source: how messages name the contract (its file).
        template_id: the template id (``charte``).
        reason: what the contract lacks, e.g. ``the buyer "Ville de X" has no charter``.
    """

    source: str
    template_id: str
    reason: str

    @property
    def message(self) -> str:
        """The warning to print: the contract, what it lacks and the document not produced."""
        return _("{source}: {reason}, so the document {document} is not produced").format(
            source=self.source, reason=self.reason, document=repr(self.template_id)
        )


def skipped_document(error: NoCharterError | NoHoursError, template_id: str) -> SkippedDocument:
    """Return the document a contract does not get, and why, from the error of asking for it."""
    if isinstance(error, NoHoursError):
        lacking = _("the contract has no insertion hours (reserved, or every lot at 0 h)")
        return SkippedDocument(error.source, template_id, lacking)
    lacking = (
        _('the buyer "{buyer}" has no charter').format(buyer=error.buyer)
        if error.profile is None
        else _("the buyer profile {profile} has no charter").format(profile=error.profile)
    )
    return SkippedDocument(error.source, template_id, lacking)


@dataclass(frozen=True)
class RenderedContract:
    """The documents of one contract, rendered in memory.

    Attributes:
        source: how messages name the contract (its file).
        contract: the validated contract.
        obligation: its hour obligation (and its warnings).
        documents: destination path → bytes, in manifest order.
        skipped: the documents of the set this contract does not get (a charter annex for
            a buyer without a charter), in manifest order.
    """

    source: str
    contract: Contract
    obligation: Obligation
    documents: dict[Path, bytes]
    skipped: tuple[SkippedDocument, ...] = ()

    @property
    def reference(self) -> str:
        """The contract's reference."""
        return self.contract.reference

    @property
    def warnings(self) -> tuple[ContractWarning, ...]:
        """The warnings of its obligation."""
        return self.obligation.warnings

    def summary(self) -> ContractSummary:
        """What a run reports of this contract, without the contract nor its documents."""
        return ContractSummary(
            self.source, self.reference, self.warnings, tuple(self.documents), self.skipped
        )


@dataclass(frozen=True)
class ContractSummary:
    """What a batch keeps of a contract once its documents are staged: what it reports.

    A batch keeps one per contract until it is written: not the contract with its buyer
    and charter, so that its memory does not grow with the number of contracts.

    Attributes:
        source: how messages name the contract (its file).
        reference: the contract's reference.
        warnings: the warnings of its obligation.
        documents: the destinations of its documents, in manifest order.
        skipped: the documents of the set it does not get, in manifest order.
    """

    source: str
    reference: str
    warnings: tuple[ContractWarning, ...]
    documents: tuple[Path, ...]
    skipped: tuple[SkippedDocument, ...] = ()


@dataclass(frozen=True)
class RenderedRun:
    """Every document of a run, rendered in memory and not yet written."""

    contracts: tuple[RenderedContract, ...]
    files: dict[Path, bytes] = field(default_factory=dict)

    @property
    def skipped(self) -> tuple[SkippedDocument, ...]:
        """Every document not produced, contract by contract (warnings, not errors)."""
        return tuple(skip for item in self.contracts for skip in item.skipped)

    def as_zip(self) -> bytes:
        """Return every file of the run in one zip, byte-stable (``generate --zip``).

        Members are named as the files would be, in name order, with fixed timestamps, so
        that the same run gives the same bytes.
        """
        return deterministic_zip({path.name: data for path, data in self.files.items()})

    def write(self, *, force: bool = False) -> list[Path]:
        """Write every document, all or nothing.

        What interrupted runs left is dealt with first: in the output folders (see
        :mod:`clausegen.files`), so that a set they were writing counts as written, and
        their PDF conversion folders (:mod:`~clausegen.write.leftovers`).

        Raises:
            OutputError: (or a ErrorGroup of them, one per file) when a file exists and
                ``force`` is not given, or cannot be written; then nothing is written.
        """
        remove_stale_work_folders()
        for folder in dict.fromkeys(path.parent for path in self.files):
            remove_leftovers(folder)
        problems: list[ClausegenError] = []
        for path in self.files:
            try:
                check_writable(path, force=force)
            except OutputError as error:
                problems.append(error)
        if problems:
            raise combine_problems(problems)
        return write_all(self.files, force=force)


def combine_problems(problems: list[ClausegenError]) -> ClausegenError:
    """Return the single problem, or a group of all of them (the run reports them at once)."""
    return ErrorGroup.of(problems)
