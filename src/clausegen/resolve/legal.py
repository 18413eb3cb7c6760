"""The legal basis and the EU thresholds: reference data, with their sources (issue 12).

Two tables are shipped in ``clausegen/data``: ``legal-basis.yaml``, every legal statement the
documents make (article, wording in short, version in force, sources, date checked, whether
the number was verified), and ``thresholds.yaml``, the EU thresholds by period. Both are read
by strict models: a misspelt key or a missing source is a packaging mistake, reported as a
:class:`~clausegen.errors.ReferenceDataError`.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
from importlib import resources
from pathlib import Path
from typing import Literal, Self, TypeVar

from pydantic import Field, ValidationError, model_validator

from clausegen.errors import ReferenceDataError
from clausegen.i18n import _
from clausegen.resolve.reference import read_table
from clausegen.validate.basics import BuyerCategory, ContractKind, StrictModel

__all__ = [
    "CcagArticles",
    "CcagTable",
    "Citation",
    "LegalBasis",
    "LegalEntry",
    "Status",
    "Threshold",
    "ThresholdPeriod",
    "ThresholdTable",
    "ccag_table",
    "citations",
    "legal_basis",
    "load_ccag",
    "load_legal_basis",
    "load_thresholds",
    "thresholds",
]


class Status(enum.StrEnum):
    """Whether an entry's article number and wording were read in its sources."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"


class LegalEntry(StrictModel):
    """One legal statement: which text, which article, what it says, since when, from where."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=1)
    article: str | None
    title_fr: str = Field(min_length=1)
    summary_fr: str = Field(min_length=1)
    in_force_since: datetime.date | None
    version_note: str | None
    sources: tuple[str, ...]
    checked_on: datetime.date
    status: Status
    notes: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Self:
        if self.status is Status.VERIFIED and not self.sources:
            msg = _("{id}: a verified entry needs at least one source").format(id=self.id)
            raise ValueError(msg)
        return self

    @property
    def verified(self) -> bool:
        """Whether the documents may print this entry's article number."""
        return self.status is Status.VERIFIED


class LegalBasis(StrictModel):
    """The legal-basis table: entries with unique ids, in the order of the file."""

    entries: tuple[LegalEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        seen: set[str] = set()
        for entry in self.entries:
            if entry.id in seen:
                msg = _("the id {id} is used twice").format(id=repr(entry.id))
                raise ValueError(msg)
            seen.add(entry.id)
        return self

    def entry(self, entry_id: str) -> LegalEntry:
        """Return the entry of that id.

        Raises:
            KeyError: when there is none.
        """
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def verified_citations(self) -> frozenset[Citation]:
        """Every article number the documents may print, as :func:`citations` finds them."""
        found: set[Citation] = set()
        for entry in self.entries:
            if entry.verified and entry.article:
                found.update(_entry_citations(entry))
        return frozenset(found)


_CCAGS = ("TRAVAUX", "FCS", "PI", "TIC", "MI", "MOE")
_CODE = re.compile(r"\b([LRD])\.?\s?(\d{1,4}(?:-\d+)+)\b")
_CCAG = re.compile(
    r"articles?\s+(\d+(?:\.\d+)*)\s+du\s+(?:cahier[^()]{0,200}\()?CCAG[-\s]?([A-Za-z]+)",
    re.IGNORECASE,
)
_RGPD = re.compile(
    r"articles?\s+(\d+)(?:\s+et\s+(\d+))?[^.;]{0,80}?(?:RGPD|2016/679)", re.IGNORECASE
)


class Citation(StrictModel):
    """An article number as a document prints it: in a code, a CCAG or the GDPR.

    Attributes:
        text: ``code`` (code de la commande publique, code du travail), ``CCAG-<NAME>`` or
            ``RGPD``.
        article: the number without spaces or dots after the letter (``L2112-2``, ``19.2.2``).
    """

    text: str
    article: str

    def __str__(self) -> str:
        return self.article if self.text == "code" else f"{self.text} {self.article}"


def citations(text: str) -> list[Citation]:
    """Find the article numbers a text prints (« L. 2112-2 », « article 20 du CCAG-Travaux »)."""
    found = [Citation(text="code", article=f"{m[1]}{m[2]}") for m in _CODE.finditer(text)]
    found += [Citation(text=f"CCAG-{m[2].upper()}", article=m[1]) for m in _CCAG.finditer(text)]
    for match in _RGPD.finditer(text):
        found += [Citation(text="RGPD", article=number) for number in match.groups() if number]
    return found


def _entry_citations(entry: LegalEntry) -> set[Citation]:
    article = entry.article or ""
    if _CODE.fullmatch(article) or re.fullmatch(r"[LRD]\d+(?:-\d+)+", article):
        return {Citation(text="code", article=article)}
    if "RGPD" in entry.text:
        return {Citation(text="RGPD", article=n) for n in re.findall(r"^\d+|(?<=et )\d+", article)}
    if "CCAG" not in entry.text:
        return set()
    named = [name for name in _CCAGS if f"CCAG-{name}" in entry.text.upper()]
    names = list(_CCAGS) if "les six" in entry.text else named
    found: set[Citation] = set()
    for number, within in re.findall(r"(\d+(?:\.\d+)*)(?:\s*\(([^)]*)\))?", article):
        listed = [n for n in _CCAGS if re.search(rf"\b{n}\b", within.upper())] or names
        found |= {Citation(text=f"CCAG-{name}", article=number) for name in listed}
    return found


class _Amounts(StrictModel):
    """The threshold of one kind of contract for each buyer category, € excl. VAT."""

    state: int = Field(gt=0)
    local: int = Field(gt=0)
    network: int = Field(gt=0)


ThresholdKind = Literal["works", "supplies", "services"]


class ThresholdPeriod(StrictModel):
    """The EU thresholds in force from ``valid_from`` to ``valid_to`` (both included)."""

    id: str = Field(min_length=1)
    valid_from: datetime.date
    valid_to: datetime.date
    text: str = Field(min_length=1)
    regulation: str = Field(min_length=1)
    checked_on: datetime.date
    status: Status
    sources: tuple[str, ...] = Field(min_length=1)
    amounts: dict[ThresholdKind, _Amounts]

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.valid_to < self.valid_from:
            msg = _("period {id}: valid_to is before valid_from").format(id=self.id)
            raise ValueError(msg)
        missing = {"works", "supplies", "services"} - set(self.amounts)
        if missing:
            msg = _("period {id}: no amounts for {kinds}").format(
                id=self.id, kinds=", ".join(sorted(missing))
            )
            raise ValueError(msg)
        return self


class Threshold(StrictModel):
    """The EU threshold that applies to one contract.

    Attributes:
        amount: the threshold, € excl. VAT.
        kind: ``works``, ``supplies`` or ``services`` (intellectual services are services).
        period: the period of the table it comes from.
        assumed: True when the contract has no date and the newest period was taken.
    """

    amount: int
    kind: ThresholdKind
    period: ThresholdPeriod
    assumed: bool


class ThresholdTable(StrictModel):
    """The EU thresholds by period, newest first, periods not overlapping."""

    periods: tuple[ThresholdPeriod, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        for newer, older in zip(self.periods, self.periods[1:], strict=False):
            if older.valid_to >= newer.valid_from:
                msg = _("periods {newer} and {older} overlap or are not sorted").format(
                    newer=newer.id, older=older.id
                )
                raise ValueError(msg)
        return self

    def threshold(
        self, kind: ContractKind, category: BuyerCategory | None, on: datetime.date | None
    ) -> Threshold | None:
        """Return the threshold of a contract, or None when it cannot be told.

        It cannot be told when the date falls outside every period, or when a supplies or
        services contract has no buyer category (the works threshold is the same for all).
        """
        period = self.periods[0] if on is None else self._period_on(on)
        if period is None:
            return None
        table_kind: ThresholdKind = (
            "works"
            if kind is ContractKind.WORKS
            else "supplies"
            if kind is ContractKind.SUPPLIES
            else "services"
        )
        amounts = period.amounts[table_kind]
        if category is None and table_kind != "works":
            return None
        amount = getattr(amounts, (category or BuyerCategory.LOCAL).value)
        return Threshold(amount=amount, kind=table_kind, period=period, assumed=on is None)

    def _period_on(self, on: datetime.date) -> ThresholdPeriod | None:
        for period in self.periods:
            if period.valid_from <= on <= period.valid_to:
                return period
        return None


_Table = TypeVar("_Table", "LegalBasis", "ThresholdTable", "CcagTable")


def _data(name: str) -> Path:
    return Path(str(resources.files("clausegen") / "data" / name))


def _loaded(model: type[_Table], path: Path) -> _Table:
    try:
        return model.model_validate(read_table(path))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise ReferenceDataError(source=path, message=f"{where}: {first['msg']}") from None


def load_legal_basis(path: Path) -> LegalBasis:
    """Read and check a legal-basis table.

    Raises:
        ReferenceDataError: naming the file and the first entry that is wrong.
    """
    return _loaded(LegalBasis, path)


def load_thresholds(path: Path) -> ThresholdTable:
    """Read and check a table of EU thresholds.

    Raises:
        ReferenceDataError: naming the file and the first entry that is wrong.
    """
    return _loaded(ThresholdTable, path)


@functools.cache
def legal_basis() -> LegalBasis:
    """The legal-basis table shipped with clausegen (read once per process)."""
    return load_legal_basis(_data("legal-basis.yaml"))


@functools.cache
def thresholds() -> ThresholdTable:
    """The EU thresholds shipped with clausegen (read once per process)."""
    return load_thresholds(_data("thresholds.yaml"))


class CcagArticles(StrictModel):
    """What the CCAP says of one CCAG: its names and the verified numbers of its articles.

    An empty number means the CCAP names the CCAG without it (the number is not verified).
    """

    name: str = Field(min_length=1)
    title: str = Field(min_length=1)
    insertion_article: str
    cap_article: str
    contradictory_article: str
    derogations_article: str
    personal_data_article: str

    def numbers(self) -> list[str]:
        """Every article number the entry prints."""
        return [
            number
            for number in (
                self.insertion_article,
                self.cap_article,
                self.contradictory_article,
                self.derogations_article,
                self.personal_data_article,
            )
            if number
        ]


class CcagTable(StrictModel):
    """The six CCAG 2021, by the code contracts use (``travaux``, ``fcs``…)."""

    travaux: CcagArticles
    fcs: CcagArticles
    pi: CcagArticles
    tic: CcagArticles
    mi: CcagArticles
    moe: CcagArticles

    def get(self, code: str) -> CcagArticles | None:
        """The entry of a CCAG code, None for ``none``."""
        entry = getattr(self, code, None)
        return entry if isinstance(entry, CcagArticles) else None


def load_ccag(path: Path) -> CcagTable:
    """Read and check the CCAG table.

    Raises:
        ReferenceDataError: naming the file and the first entry that is wrong.
    """
    return _loaded(CcagTable, path)


@functools.cache
def ccag_table() -> CcagTable:
    """The CCAG table shipped with clausegen (read once per process)."""
    return load_ccag(_data("ccag.yaml"))
