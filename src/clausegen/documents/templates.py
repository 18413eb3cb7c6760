"""Template sets: a folder of Word templates and the ``templates.yaml`` manifest that lists them.

Legal staff own the templates: they edit the .docx files in Word and never touch Python. A
set is a folder with a manifest giving, for each template, its id (used in output file
names and in ``--only``), its file, its French title, the piece of the tender file it is
for, what it contains and what it requires beyond the contract (``requires: [charter]``
for the annex of the buyer's charter). clausegen ships one set, ``clause_templates/`` at
the root of the repository, bundled into the wheel; ``--templates DIR`` points to an edited
copy.

Word and LibreOffice leave lock files beside an open document (``~$ccap.docx``,
``.~lock.ccap.docx#``); they are never templates.
"""

from __future__ import annotations

import enum
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from clausegen.errors import ClausegenError, ContractError, ErrorGroup, TemplateError
from clausegen.obligation.loading import read_document, validation_problems

#: The manifest of a template set.
MANIFEST = "templates.yaml"
#: The folder name of clausegen's own set, in the repository and inside the package.
BUNDLED_FOLDER = "clause_templates"

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


class Requirement(enum.StrEnum):
    """What a document needs from a contract beyond the contract itself (``requires:``)."""

    CHARTER = "charter"
    """The buyer's charter of commitments: without one, the document would be empty."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, AfterValidator(_check_id)]
    file: Annotated[str, AfterValidator(_check_file)]
    title: str = Field(min_length=1)
    destination: str = Field(min_length=1)
    description: str = Field(min_length=1)
    requires: list[Requirement] = Field(default_factory=list)


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
        requires: what the document needs beyond the contract (``charter``: the buyer's
            charter); a contract that lacks it does not get the document (see
            :func:`clausegen.documents.generate.render_run`).
    """

    id: str
    file: str
    title: str
    destination: str
    description: str
    path: Path
    requires: frozenset[Requirement] = frozenset()


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
        """Return the bytes of a template, read once per set.

        Raises:
            TemplateError: when the file cannot be read.
        """
        if entry.id not in self._contents:
            try:
                self._contents[entry.id] = entry.path.read_bytes()
            except OSError as error:
                raise TemplateError(
                    template=entry.path, message=f"cannot be read: {error.strerror}"
                ) from None
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


def default_dir() -> Path:
    """Return the folder of clausegen's own templates.

    An installed clausegen (wheel) carries them inside the package, as
    ``clausegen/clause_templates``. An editable install runs from the source tree, where the
    package folder has no copy; the templates are then the repository's
    ``clause_templates/`` (the development fallback).

    Raises:
        TemplateError: when neither place holds a set (a broken installation).
    """
    bundled = _package_folder() / BUNDLED_FOLDER
    if (bundled / MANIFEST).is_file():
        return bundled
    development = _repository_folder() / BUNDLED_FOLDER
    if (development / MANIFEST).is_file():
        return development
    raise TemplateError(
        template=bundled,
        message="clausegen's own templates are missing from this installation; reinstall "
        "clausegen or pass --templates DIR",
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
    manifest = folder / MANIFEST
    if not folder.is_dir():
        raise TemplateError(template=folder, message="is not a folder of templates")
    if not manifest.is_file():
        raise TemplateError(
            template=folder,
            message=f"has no {MANIFEST}; a template folder lists its templates in it",
        )
    try:
        document = read_document(manifest)
    except ContractError as error:
        raise _combine(
            [
                TemplateError(template=manifest, message=problem.message, line=problem.line)
                for problem in error.problems
            ]
        ) from None
    try:
        parsed = _Manifest.model_validate(document.data)
    except ValidationError as error:
        problems = validation_problems(error, _Manifest, document.locator)
        raise _combine(
            [
                TemplateError(
                    template=manifest,
                    message=f"{p.path}: {p.message}" if p.path else p.message,
                    line=p.line,
                )
                for p in problems
            ]
        ) from None
    errors: list[ClausegenError] = []
    entries: list[TemplateEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(parsed.templates):
        line = document.locator.line(("templates", index, "id"))
        if item.id in seen:
            errors.append(
                TemplateError(
                    template=manifest,
                    message=f"templates[{index}].id: {item.id!r} is used by another template",
                    line=line,
                )
            )
        seen.add(item.id)
        path = folder / item.file
        if not path.is_file():
            errors.append(
                TemplateError(
                    template=manifest,
                    message=f"templates[{index}].file: {item.file} is not in {folder}",
                    line=document.locator.line(("templates", index, "file")),
                )
            )
        entries.append(
            TemplateEntry(
                id=item.id,
                file=item.file,
                title=item.title,
                destination=item.destination,
                description=item.description,
                path=path,
                requires=frozenset(item.requires),
            )
        )
    if errors:
        raise _combine(errors)
    return TemplateSet(directory=folder, entries=tuple(entries))


def _combine(errors: list[TemplateError] | list[ClausegenError]) -> ClausegenError:
    return ErrorGroup.of(errors)
