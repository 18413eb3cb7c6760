"""The manifest of a template set, ``templates.yaml``: read strictly, every problem reported.

For each template it gives an id (used in output file names and in ``--only``), a file, a
French title, the piece of the tender file it is for, what it contains, what it requires
beyond the contract (``requires: [charter]``) and whether Word should refresh its fields
when it opens the document (``update_fields: true``, off by default). Ids and file names
must fit in file names on every system (length, no hidden characters, no name Windows
keeps for a device). Reading it never
stops at the first problem: :func:`read_manifest` keeps the valid entries and says what is
wrong with the others (with lines), so that ``generate`` can refuse the set with every reason
and ``templates check`` can still check the templates the valid entries name.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from clausegen.errors import ContractError
from clausegen.i18n import N_, _
from clausegen.paths import format_path
from clausegen.read.documents import Document, read_document
from clausegen.validate.problems import validation_problems

#: The manifest of a template set.
MANIFEST = "templates.yaml"
#: The kinds of problems about the files a valid manifest names (not about the manifest).
FILE_PROBLEMS = ("duplicate-id", "missing-file", "not-a-file")

_ID = re.compile(r"[a-z][a-z0-9_-]*")
#: The longest template id: ``<reference>-<id>.docx`` must fit in the 255 bytes a file name
#: may have, with a reference of up to 200 bytes.
MAX_ID_LENGTH = 40
#: The longest template file name.
MAX_FILE_LENGTH = 100
#: ... and the most UTF-8 bytes it may take (file systems count bytes: 255 per name).
MAX_FILE_BYTES = 200
# Names Windows keeps for devices, with or without an extension (CON.docx is the console).
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{device}{n}" for device in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
_RESERVED_TEXT = N_("CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9")


def is_lock_file(name: str) -> bool:
    """Tell whether a file name is a Word (``~$…``) or LibreOffice (``.~lock.…#``) lock file."""
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def is_reserved_name(name: str) -> bool:
    """Tell whether Windows keeps ``name`` for a device (``con``, ``NUL.docx``, ``com1``)."""
    return name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def _check_id(value: str) -> str:
    if not _ID.fullmatch(value):
        msg = _("must be lower-case letters, digits, '-' or '_', starting with a letter")
        raise ValueError(msg)
    if len(value) > MAX_ID_LENGTH:
        msg = _(
            "must be at most {limit} characters, since it goes into the name of every "
            "file produced (it has {count})"
        ).format(limit=MAX_ID_LENGTH, count=len(value))
        raise ValueError(msg)
    if is_reserved_name(value):
        msg = _("is a name Windows reserves for a device ({names}); choose another id").format(
            names=_(_RESERVED_TEXT)
        )
        raise ValueError(msg)
    return value


def _check_file(value: str) -> str:
    if Path(value).name != value or value in ("", ".", ".."):
        msg = _("must be a file name in the template folder, without a folder")
        raise ValueError(msg)
    hidden = next((c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")), None)
    if hidden is not None:
        msg = _(
            "must not contain control or invisible formatting characters (it has {character})"
        ).format(character=f"U+{ord(hidden):04X}")
        raise ValueError(msg)
    if len(value) > MAX_FILE_LENGTH:
        msg = _("must be at most {limit} characters long (it has {count})").format(
            limit=MAX_FILE_LENGTH, count=len(value)
        )
        raise ValueError(msg)
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        msg = _(
            "must take at most {limit} bytes in UTF-8, as file systems count (it "
            "takes {size}: accented letters take 2 bytes, other scripts and emoji 3 or 4)"
        ).format(limit=MAX_FILE_BYTES, size=size)
        raise ValueError(msg)
    if is_lock_file(value):
        msg = _("is a Word or LibreOffice lock file, not a template")
        raise ValueError(msg)
    if not value.lower().endswith(".docx"):
        msg = _("must be a Word document (.docx)")
        raise ValueError(msg)
    if is_reserved_name(value):
        msg = _("is a name Windows reserves for a device ({names}); rename the file").format(
            names=_(_RESERVED_TEXT)
        )
        raise ValueError(msg)
    return value


class Requirement(enum.StrEnum):
    """What a document needs from a contract beyond the contract itself (``requires:``)."""

    CHARTER = "charter"
    """The buyer's charter of commitments: without one, the document would be empty."""
    HOURS = "hours"
    """Insertion hours: a contract that is reserved or whose lots all have 0 h has none."""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, AfterValidator(_check_id)]
    file: Annotated[str, AfterValidator(_check_file)]
    title: str = Field(min_length=1)
    destination: str = Field(min_length=1)
    description: str = Field(min_length=1)
    requires: list[Requirement] = Field(default_factory=list)
    update_fields: bool = Field(default=False, strict=True)


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
            :func:`clausegen.write.run.render_run`).
        update_fields: whether the document asks Word to refresh its fields when it is
            opened (``update_fields: true``; off by default, since refreshing is what makes
            Word run a document's fields).
    """

    id: str
    file: str
    title: str
    destination: str
    description: str
    path: Path
    requires: frozenset[Requirement] = frozenset()
    update_fields: bool = False


@dataclass(frozen=True)
class ManifestProblem:
    """One thing wrong with a manifest, with what a message in any language needs.

    Attributes:
        code: ``manifest-missing``, ``manifest-invalid`` or ``template-missing``.
        message: the problem in English, as :class:`~clausegen.errors.TemplateError` says it.
        line: the line of the manifest, when known.
        path: the field path (``templates[1].file``), empty for the whole file.
        kind: what is wrong: a pydantic error type (``missing``, ``extra_forbidden``…),
            ``syntax``, ``duplicate-id``, ``missing-file``, ``not-a-file`` or
            ``no-manifest``.
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
    # NOTE: a FIFO, device or link loop is not "missing": read_document names what it is.
    if not manifest.exists() and not manifest.is_symlink():
        missing = ManifestProblem(
            "manifest-missing",
            _("has no {manifest}; a template folder lists its templates in it").format(
                manifest=MANIFEST
            ),
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
    problems, invalid = _schema_problems(document)
    entries = _entries(folder, document, items, invalid, problems)
    return ManifestReading(
        folder,
        tuple(entries),
        named,
        tuple(problems),
        not invalid and not [p for p in problems if p.kind not in FILE_PROBLEMS],
    )


def _schema_problems(document: Document) -> tuple[list[ManifestProblem], set[int]]:
    """Validate the whole manifest; return its problems and the positions of bad entries."""
    problems: list[ManifestProblem] = []
    invalid: set[int] = set()
    try:
        _Manifest.model_validate(document.data)
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
    return problems, invalid


def _entries(
    folder: Path,
    document: Document,
    items: list[Any],
    invalid: set[int],
    problems: list[ManifestProblem],
) -> list[TemplateEntry]:
    """Return the valid entries whose file is there; add a problem for each other one."""
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
                    _("{path}: {id} is used by another template").format(
                        path=f"templates[{index}].id", id=repr(parsed.id)
                    ),
                    document.locator.line(("templates", index, "id")),
                    path=f"templates[{index}].id",
                    kind="duplicate-id",
                    value=parsed.id,
                )
            )
        seen.add(parsed.id)
        path = folder / parsed.file
        if not path.is_file():
            problems.append(_file_problem(folder, document, index, parsed.file, path))
            continue
        entries.append(
            TemplateEntry(
                id=parsed.id,
                file=parsed.file,
                title=parsed.title,
                destination=parsed.destination,
                description=parsed.description,
                path=path,
                requires=frozenset(parsed.requires),
                update_fields=parsed.update_fields,
            )
        )
    return entries


def _file_problem(
    folder: Path, document: Document, index: int, file: str, path: Path
) -> ManifestProblem:
    # NOTE: a folder, a pipe, a device or a broken link is there, but is no template.
    present = path.is_symlink() or path.exists()
    return ManifestProblem(
        "template-missing",
        f"templates[{index}].file: "
        + (
            _("{file} is not a regular file (a folder, pipe, device or broken link)").format(
                file=file
            )
            if present
            else _("{file} is not in {folder}").format(file=file, folder=folder)
        ),
        document.locator.line(("templates", index, "file")),
        path=f"templates[{index}].file",
        kind="not-a-file" if present else "missing-file",
        value=file,
    )
