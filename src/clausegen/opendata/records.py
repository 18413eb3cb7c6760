"""The records read from DECP files, the records rejected, and what one reading gives."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from clausegen.errors import OpenDataError, Problem
from clausegen.opendata.fields import SocialConsiderations
from clausegen.validate.realised import RejectedLine


@dataclass(frozen=True)
class DecpRecord:
    """One contract as its published record describes it.

    Attributes:
        source: the file, as named in messages.
        line: the line where the record starts.
        key: the contract's identity (``uid``: the buyer's SIRET, then the ``id``).
        buyer: the buyer's SIRET (the granting authority's, for a concession); empty when
            the record does not give it.
        notified: the notification date (signature date for a concession).
        kind: "Travaux", "Fournitures", "Services", "Concession" or "Non renseigné".
        social: what its ``considerationsSociales`` says.
    """

    source: str
    line: int
    key: str
    buyer: str
    notified: datetime.date
    kind: str
    social: SocialConsiderations


#: A record that is not counted, with every reason found: the class of the realised-hours
#: and orders lines rejected (one class for every data line that a reading sets aside).
RejectedRecord = RejectedLine


@dataclass(frozen=True)
class DecpReading:
    """What a set of DECP files says.

    Attributes:
        files: the files read, as named in messages.
        contracts: one record per contract, in the order first met.
        records_read: the records read, rejected ones included.
        rejected: the records not counted, in file and line order.
        warnings: what is worth knowing and rejects nothing.
    """

    files: tuple[str, ...]
    contracts: tuple[DecpRecord, ...]
    records_read: int
    rejected: tuple[RejectedRecord, ...]
    warnings: tuple[str, ...] = ()


@dataclass
class Collector:
    """The records and rejections of one run, over every file."""

    records: list[DecpRecord] = field(default_factory=list)
    rejected: list[RejectedRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    read: int = 0

    def reject(self, source: str, line: int, problems: Sequence[Problem]) -> None:
        """Record that the record at ``source:line`` is not counted, and why."""
        located = tuple(Problem(p.path, p.message, line=line) for p in problems)
        self.rejected.append(RejectedRecord(source, line, located))


def file_error(name: str, message: str, line: int | None = None) -> OpenDataError:
    """Return the error of a file that cannot be used at all."""
    return OpenDataError(source=name, problems=[Problem(path="", message=message, line=line)])
