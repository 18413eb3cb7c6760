"""The errors of a document that a contract cannot have: no charter, or no insertion hours.

A document may need more than the contract (``requires:`` in the template manifest): the
charter annex needs a buyer with a charter, the facilitator's sheet needs hours. These
errors say which document and what is lacking; :mod:`clausegen.errors` re-exports them.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from clausegen.errors import ClausegenError, ErrorRecord, ExitCode
from clausegen.i18n import _
from clausegen.records import record as _record


class NoCharterError(ClausegenError):
    """Raised when a contract's charter commitments are asked for but its buyer has no charter.

    An empty list would let an empty charter annex through; this says what to do instead.

    Attributes:
        document: the template id of the document that needs the charter (``charte``), when
            a document was asked for; None when the commitments themselves were.
    """

    exit_code = ExitCode.INVALID_INPUT
    code: ClassVar[str] = "no-charter"

    def __init__(
        self,
        *,
        source: str | Path,
        buyer: str,
        profile: str | Path | None,
        document: str | None = None,
    ) -> None:
        self.source = str(source)
        self.buyer = buyer
        self.profile = None if profile is None else str(profile)
        self.document = document
        consequence = (
            _("no commitment can be listed")
            if document is None
            else _("the document {document} (the charter annex) cannot be produced").format(
                document=repr(document)
            )
        )
        if self.profile is not None:
            message = _(
                "the buyer profile {profile} has no charter, so {consequence}: add one to the "
                "profile (see 'clausegen profile init')"
            ).format(profile=self.profile, consequence=consequence)
        else:
            message = _(
                'the buyer "{buyer}" has no charter, so {consequence}: point buyer at a profile '
                "that has one (see 'clausegen profile init')"
            ).format(buyer=buyer, consequence=consequence)
        super().__init__(f"{self.source}: buyer: {message}")

    def records(self) -> list[ErrorRecord]:
        """Return the error located at the contract's ``buyer`` field."""
        message = str(self).removeprefix(f"{self.source}: buyer: ")
        return [_record(self.source, None, None, "buyer", self.code, message)]


class NoHoursError(ClausegenError):
    """Raised when a document needs insertion hours (``requires: [hours]``) and there are none."""

    exit_code = ExitCode.INVALID_INPUT
    code: ClassVar[str] = "no-hours"

    def __init__(self, *, source: str | Path, document: str) -> None:
        self.source = str(source)
        self.document = document
        message = _(
            "the contract has no insertion hours (reserved, or every lot at 0 h), so the "
            "document {document} is not produced"
        ).format(document=repr(document))
        super().__init__(f"{self.source}: {message}")
