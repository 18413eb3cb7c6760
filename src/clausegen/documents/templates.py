"""Template sets: a folder of Word templates and the ``templates.yaml`` manifest that lists them.

Legal staff own the templates: they edit the .docx files in Word and never touch Python. A
set is a folder with a manifest giving, for each template, its id (used in output file
names and in ``--only``), its file, its French title, the piece of the tender file it is
for and what it contains. clausegen ships one set, ``clause_templates/`` at the root of the
repository, bundled into the wheel; ``--templates DIR`` points to an edited copy.

Word and LibreOffice leave lock files beside an open document (``~$ccap.docx``,
``.~lock.ccap.docx#``); they are never templates.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from clausegen.documents.safety import check_package
from clausegen.errors import ClausegenError, ContractError, ErrorGroup, TemplateError
from clausegen.obligation.loading import (
    format_path,
    read_document,
    validation_problems,
)

#: The manifest of a template set.
MANIFEST = "templates.yaml"
#: The folder name of clausegen's own set, in the repository and inside the package.
BUNDLED_FOLDER = "clause_templates"
#: The folder of the example contracts, in the repository and inside the package.
EXAMPLES_FOLDER = "examples"

_ID = re.compile(r"[a-z][a-z0-9_-]*")


def is_lock_file(name: str) -> bool:
    """Tell whether a file name is a Word (``~$…``) or LibreOffice (``.~lock.…#``) lock file."""
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def _check_id(value: str) -> str:
    if not _ID.fullmatch(value):
        msg = "must be lower-case letters, digits, '-' or '_', starting with a letter"
        raise ValueError(msg)
    return value


def _check_file(value: str) -> str:
    if Path(value).name != value or value in ("", ".", ".."):
        msg = "must be a file name in the template folder, without a folder"
        raise ValueError(msg)
    if is_lock_file(value):
        msg = "is a Word or LibreOffice lock file, not a template"
        raise ValueError(msg)
    if not value.lower().endswith(".docx"):
        msg = "must be a Word document (.docx)"
        raise ValueError(msg)
    return value


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, AfterValidator(_check_id)]
    file: Annotated[str, AfterValidator(_check_file)]
    title: str = Field(min_length=1)
    destination: str = Field(min_length=1)
    description: str = Field(min_length=1)


class _Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    templates: list[_Entry] = Field(min_length=1)


@dataclass(frozen=True)
class TemplateEntry:
    """One template of a set, as its manifest describes it.

    Attributes:
        id: the short name used in output file names (``<reference>-<id>.docx``).
        file: the .docx file name inside the set's folder.
        title: the French title of the document.
        destination: the piece of the tender file the document belongs to.
        description: what the document contains, for people choosing templates.
        path: the template file.
    """

    id: str
    file: str
    title: str
    destination: str
    description: str
    path: Path


@dataclass(frozen=True)
class TemplateSet:
    """A folder of templates and its manifest.

    Attributes:
        directory: the folder.
        entries: the templates, in the order of the manifest (which is the order in which
            documents are produced).
    """

    directory: Path
    entries: tuple[TemplateEntry, ...]
    _contents: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    @property
    def manifest(self) -> Path:
        """The manifest file of the set."""
        return self.directory / MANIFEST

    @property
    def ids(self) -> tuple[str, ...]:
        """The template ids, in the order of the manifest."""
        return tuple(entry.id for entry in self.entries)

    def get(self, template_id: str) -> TemplateEntry:
        """Return the template called ``template_id``.

        Raises:
            TemplateError: when the set has no such template (the message lists the ids).
        """
        for entry in self.entries:
            if entry.id == template_id:
                return entry
        raise TemplateError(
            template=self.manifest,
            message=f"no template with id {template_id!r}; this set has {', '.join(self.ids)}",
        )

    def select(self, only: tuple[str, ...] | list[str] | None = None) -> list[TemplateEntry]:
        """Return the templates named in ``only`` (in manifest order), or all of them.

        Raises:
            TemplateError: for an id the set does not have.
        """
        if only is None:
            return list(self.entries)
        wanted = {self.get(template_id).id for template_id in only}
        return [entry for entry in self.entries if entry.id in wanted]

    def read(self, entry: TemplateEntry) -> bytes:
        """Return the bytes of a template, read and checked once per set.

        A template file is untrusted input: it is checked by
        :func:`~clausegen.documents.safety.check_package` before anything opens it.

        Raises:
            TemplateError: when the file cannot be read.
            UnsafeTemplateError: (a TemplateError) when the file is refused.
        """
        if entry.id not in self._contents:
            try:
                data = entry.path.read_bytes()
            except OSError as error:
                raise TemplateError(
                    template=entry.path, message=f"cannot be read: {error.strerror}"
                ) from None
            check_package(data, template=str(entry.path))
            self._contents[entry.id] = data
        return self._contents[entry.id]

    def unlisted_files(self) -> list[Path]:
        """Return the .docx files of the folder that the manifest does not list.

        Lock files are not templates and are never reported.
        """
        listed = {entry.file for entry in self.entries}
        return sorted(
            path
            for path in self.directory.iterdir()
            if path.suffix.lower() == ".docx"
            and not is_lock_file(path.name)
            and path.name not in listed
        )


def _package_folder() -> Path:
    """The folder of the imported clausegen package (site-packages, or src/ when editable)."""
    return Path(str(resources.files("clausegen")))


def _repository_folder() -> Path:
    """The repository root, when clausegen runs from its source tree."""
    # NOTE: src/clausegen/documents/templates.py -> the repository root is three levels up.
    return Path(__file__).resolve().parents[3]


def _bundled(folder: str, marker: str) -> Path | None:
    """Find a folder shipped with clausegen: in the package (wheel) or in the repository."""
    for candidate in (_package_folder() / folder, _repository_folder() / folder):
        if (candidate / marker).exists():
            return candidate
    return None


def default_dir() -> Path:
    """Return the folder of clausegen's own templates.

    An installed clausegen (wheel) carries them inside the package, as
    ``clausegen/clause_templates``. An editable install runs from the source tree, where the
    package folder has no copy; the templates are then the repository's
    ``clause_templates/`` (the development fallback).

    Raises:
        TemplateError: when neither place holds a set (a broken installation).
    """
    found = _bundled(BUNDLED_FOLDER, MANIFEST)
    if found is None:
        raise TemplateError(
            template=_package_folder() / BUNDLED_FOLDER,
            message="clausegen's own templates are missing from this installation; reinstall "
            "clausegen or pass --templates DIR",
        )
    return found


def examples_dir() -> Path:
    """Return the folder of clausegen's example contracts (bundled like the templates).

    They are the contracts every template is test-rendered with by ``templates check``: one
    per legal mechanism and kind of contract, with and without a facilitator, one lot or
    several. The wheel carries them as ``clausegen/examples`` (their buyer profiles
    included); a development install reads the repository's ``examples/``.

    Raises:
        TemplateError: when neither place holds them (a broken installation).
    """
    found = _bundled(EXAMPLES_FOLDER, "profiles")
    if found is None:
        raise TemplateError(
            template=_package_folder() / EXAMPLES_FOLDER,
            message="clausegen's example contracts are missing from this installation; "
            "reinstall clausegen",
        )
    return found


@dataclass(frozen=True)
class ManifestProblem:
    """One thing wrong with a manifest, with what a message in any language needs.

    Attributes:
        code: ``manifest-missing``, ``manifest-invalid`` or ``template-missing``.
        message: the problem in English, as :class:`~clausegen.errors.TemplateError` says it.
        line: the line of the manifest, when known.
        path: the field path (``templates[1].file``), empty for the whole file.
        kind: what is wrong: a pydantic error type (``missing``, ``extra_forbidden``…),
            ``syntax``, ``duplicate-id``, ``missing-file`` or ``no-manifest``.
        value: the offending value as written, when there is one.
        close: the closest known field name, for an unknown field.
    """

    code: str
    message: str
    line: int | None = None
    path: str = ""
    kind: str = ""
    value: str | None = None
    close: str | None = None


@dataclass(frozen=True)
class ManifestReading:
    """What a template folder's manifest says, however wrong it is.

    Attributes:
        folder: the template folder.
        entries: the entries that are valid, in manifest order.
        named: every file name the manifest gives, valid entry or not.
        problems: everything wrong, schema problems first.
        schema_valid: whether the manifest as a whole passed validation.
    """

    folder: Path
    entries: tuple[TemplateEntry, ...]
    named: frozenset[str]
    problems: tuple[ManifestProblem, ...]
    schema_valid: bool


def read_manifest(folder: Path) -> ManifestReading:
    """Read a folder's manifest and report every problem instead of stopping at the first.

    Valid entries are kept even when others are not, so that the template check can still
    check their templates.
    """
    manifest = folder / MANIFEST
    if not manifest.is_file():
        missing = ManifestProblem(
            "manifest-missing",
            f"has no {MANIFEST}; a template folder lists its templates in it",
            kind="no-manifest",
        )
        return ManifestReading(folder, (), frozenset(), (missing,), schema_valid=False)
    try:
        document = read_document(manifest)
    except ContractError as error:
        unreadable = tuple(
            ManifestProblem("manifest-invalid", p.message, p.line, kind="syntax")
            for p in error.problems
        )
        return ManifestReading(folder, (), frozenset(), unreadable, schema_valid=False)
    data = document.data
    raw_entries = data.get("templates") if isinstance(data, dict) else None
    items = raw_entries if isinstance(raw_entries, list) else []
    named = frozenset(
        item["file"]
        for item in items
        if isinstance(item, dict) and isinstance(item.get("file"), str)
    )
    problems: list[ManifestProblem] = []
    invalid: set[int] = set()
    try:
        _Manifest.model_validate(data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        found = validation_problems(error, _Manifest, document.locator)
        for detail, reported in zip(details, found, strict=True):
            loc = tuple(p for p in detail["loc"] if p != "[key]")
            if len(loc) >= 2 and loc[0] == "templates" and isinstance(loc[1], int):
                invalid.add(loc[1])
            close = re.search(r"did you mean '([^']+)'", reported.message)
            problems.append(
                ManifestProblem(
                    "manifest-invalid",
                    f"{reported.path}: {reported.message}" if reported.path else reported.message,
                    reported.line,
                    path=format_path(loc),
                    kind=detail["type"],
                    value=detail["input"] if isinstance(detail["input"], str) else None,
                    close=close.group(1) if close else None,
                )
            )
    entries: list[TemplateEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if index in invalid:
            continue
        parsed = _Entry.model_validate(item)
        if parsed.id in seen:
            problems.append(
                ManifestProblem(
                    "manifest-invalid",
                    f"templates[{index}].id: {parsed.id!r} is used by another template",
                    document.locator.line(("templates", index, "id")),
                    path=f"templates[{index}].id",
                    kind="duplicate-id",
                    value=parsed.id,
                )
            )
        seen.add(parsed.id)
        path = folder / parsed.file
        if not path.is_file():
            problems.append(
                ManifestProblem(
                    "template-missing",
                    f"templates[{index}].file: {parsed.file} is not in {folder}",
                    document.locator.line(("templates", index, "file")),
                    path=f"templates[{index}].file",
                    kind="missing-file",
                    value=parsed.file,
                )
            )
            continue
        entries.append(
            TemplateEntry(
                id=parsed.id,
                file=parsed.file,
                title=parsed.title,
                destination=parsed.destination,
                description=parsed.description,
                path=path,
            )
        )
    return ManifestReading(
        folder,
        tuple(entries),
        named,
        tuple(problems),
        not invalid and not [p for p in problems if p.kind not in ("duplicate-id", "missing-file")],
    )


def load_template_set(directory: str | os.PathLike[str] | None = None) -> TemplateSet:
    """Read a template set: its manifest, and check that every template it lists exists.

    Args:
        directory: the folder holding ``templates.yaml``; clausegen's own set when None.

    Returns:
        The set, with its entries in manifest order.

    Raises:
        TemplateError: (or a ErrorGroup of them) when the folder or its manifest is
            missing, the manifest is invalid (each problem with its line), two templates
            share an id or a listed file is missing.
    """
    folder = Path(directory) if directory is not None else default_dir()
    if not folder.is_dir():
        raise TemplateError(template=folder, message="is not a folder of templates")
    reading = read_manifest(folder)
    manifest = folder / MANIFEST
    if reading.problems:
        # NOTE: schema problems hide the others, which may only be their consequence.
        shown = [p for p in reading.problems if p.kind not in ("duplicate-id", "missing-file")]
        raise _combine(
            [
                TemplateError(
                    template=folder if problem.code == "manifest-missing" else manifest,
                    message=problem.message,
                    line=problem.line,
                )
                for problem in (shown or reading.problems)
            ]
        )
    return TemplateSet(directory=folder, entries=reading.entries)


def _combine(errors: list[TemplateError] | list[ClausegenError]) -> ClausegenError:
    return ErrorGroup.of(errors)
