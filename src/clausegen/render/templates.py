"""Template sets: a folder of Word templates and the ``templates.yaml`` manifest that lists them.

Legal staff own the templates: they edit the .docx files in Word and never touch Python. A
set is a folder with a manifest giving, for each template, its id (used in output file
names and in ``--only``), its file, its French title, the piece of the tender file it is
for, what it contains and what it requires beyond the contract (``requires: [charter]``
for the annex of the buyer's charter). clausegen ships one set, ``clause_templates/`` at
the root of the repository, bundled into the wheel; ``--templates DIR`` points to an edited
copy. The manifest itself is read by :mod:`clausegen.validate.manifest`.

Word and LibreOffice leave lock files beside an open document (``~$ccap.docx``,
``.~lock.ccap.docx#``); they are never templates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from clausegen import limits
from clausegen.errors import ClausegenError, ErrorGroup, OutputError, TemplateError
from clausegen.files import write_all
from clausegen.i18n import _, ngettext
from clausegen.inputs import InputRefusal, read_input
from clausegen.render.safety import check_package
from clausegen.validate.manifest import (
    FILE_PROBLEMS,
    MANIFEST,
    ManifestProblem,
    ManifestReading,
    Requirement,
    TemplateEntry,
    is_lock_file,
    read_manifest,
)

if TYPE_CHECKING:
    from clausegen.render.compiled import CompiledTemplate

__all__ = [
    "BUNDLED_FOLDER",
    "EXAMPLES_FOLDER",
    "MANIFEST",
    "ManifestProblem",
    "ManifestReading",
    "PreparedTemplate",
    "Requirement",
    "TemplateEntry",
    "TemplateSet",
    "default_dir",
    "examples_dir",
    "export_templates",
    "is_lock_file",
    "load_template_set",
    "read_manifest",
]

#: The folder name of clausegen's own set, in the repository and inside the package.
BUNDLED_FOLDER = "clause_templates"
#: The folder of the example contracts, in the repository and inside the package.
EXAMPLES_FOLDER = "examples"


@dataclass
class PreparedTemplate:
    """Where a template is kept once compiled, by the template set that read it.

    Attributes:
        compiled: empty until the first render; then the compiled template, or None for a
            template that keeps docxtpl's full path (footnotes).

    A compiled template holds Jinja code and lxml trees, which do not cross process
    boundaries: pickled, the holder arrives empty and each process compiles its own.
    """

    compiled: tuple[CompiledTemplate | None, ...] = ()

    def __reduce__(self) -> tuple[type[PreparedTemplate], tuple[()]]:
        """Pickle as an empty holder (see the class docstring)."""
        return (PreparedTemplate, ())


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
    _prepared: dict[str, PreparedTemplate] = field(default_factory=dict, compare=False, repr=False)

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
            message=_("no template with id {id}; this set has {ids}").format(
                id=repr(template_id), ids=", ".join(self.ids)
            ),
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

        A template file is untrusted input: it is read once, within the size limit
        ``template_bytes`` (:mod:`clausegen.limits`), and checked by
        :func:`~clausegen.render.safety.check_package` before anything opens it.

        Raises:
            TemplateError: when the file cannot be read, is not a regular file or is larger
                than the limit.
            UnsafeTemplateError: (a TemplateError) when the file is refused.
        """
        if entry.id not in self._contents:
            try:
                data = read_input(
                    entry.path, limit=limits.current().template_bytes, limit_name="template_bytes"
                )
            except InputRefusal as refusal:
                raise TemplateError(template=entry.path, message=refusal.message) from None
            check_package(data, template=str(entry.path))
            self._contents[entry.id] = data
        return self._contents[entry.id]

    def prepared(self, entry: TemplateEntry) -> PreparedTemplate:
        """Return where this set keeps a template once compiled (filled by its first render).

        Every document rendered from the set with it reuses one compilation of the template
        (:mod:`clausegen.render.compiled`), which the set's check of the file (:meth:`read`)
        covers.
        """
        return self._prepared.setdefault(entry.id, PreparedTemplate())

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
    # NOTE: src/clausegen/render/templates.py -> the repository root is three levels up.
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
            message=_(
                "clausegen's own templates are missing from this installation; reinstall "
                "clausegen or pass --templates DIR"
            ),
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
            message=_(
                "clausegen's example contracts are missing from this installation; "
                "reinstall clausegen"
            ),
        )
    return found


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
        raise TemplateError(template=folder, message=_("is not a folder of templates"))
    reading = read_manifest(folder)
    manifest = folder / MANIFEST
    if reading.problems:
        # NOTE: schema problems hide the others, which may only be their consequence.
        shown = [p for p in reading.problems if p.kind not in FILE_PROBLEMS]
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


def export_templates(directory: str | os.PathLike[str], *, force: bool = False) -> list[Path]:
    """Copy clausegen's own templates and their manifest into ``directory``, to edit them.

    The copy is what ``--templates DIR`` then uses: the manifest and every template it
    lists (never a lock file). It is written all or nothing.

    Args:
        directory: the folder to copy into; created if needed.
        force: replace files of the same names that are already there.

    Returns:
        The files written: the manifest first, then the templates in manifest order.

    Raises:
        OutputError: when ``directory`` is a file or clausegen's own folder, or already holds
            one of the files and ``force`` is not given (nothing is written then), or a file
            cannot be written.
    """
    source = load_template_set()
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise OutputError(
            path=target, message=_("is a file; give a folder to copy the templates to")
        )
    if target.exists() and target.resolve() == source.directory.resolve():
        raise OutputError(
            path=target,
            message=_("is clausegen's own template folder; export to another folder"),
        )
    files = {target / MANIFEST: source.manifest.read_bytes()}
    for entry in source.entries:
        files[target / entry.file] = source.read(entry)
    existing = [path.name for path in files if path.exists()]
    if existing and not force:
        raise OutputError(
            path=target,
            message=ngettext(
                "already holds {files}; use --force to replace it",
                "already holds {files}; use --force to replace them",
                len(existing),
            ).format(files=", ".join(existing)),
        )
    return write_all(files, force=force)


def _combine(errors: list[TemplateError] | list[ClausegenError]) -> ClausegenError:
    return ErrorGroup.of(errors)
