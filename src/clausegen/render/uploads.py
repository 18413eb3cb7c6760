"""Templates sent by someone else (an upload to the service): unpacked safely, then checked.

A template (``.docx``) or a zipped set (``.zip``: ``.docx`` files and their
``templates.yaml``, at the top or in one folder) arrives as bytes. It is written into a
private temporary folder, checked there like a folder given to ``templates check``, and the
folder is removed afterwards, whatever happens. A template sent alone is checked without a
manifest (the missing ``templates.yaml`` is not a finding then). A zipped set is untrusted:
an entry whose name leaves the folder (``../``, an absolute path, a drive), a symbolic
link, a file that is neither a template nor the manifest, too many entries, or more bytes
than the limits allow (whatever the sizes it declares) refuses the whole upload before
anything is written.
"""

from __future__ import annotations

import dataclasses
import io
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from clausegen.errors import TemplateError
from clausegen.i18n import _
from clausegen.limits import current, describe_size
from clausegen.render.lint.check import TemplateCheck, check_templates

__all__ = ["MAX_ENTRIES", "check_uploaded_templates", "unpack_set"]

#: The most entries a zipped template set may have.
MAX_ENTRIES = 200

_ALLOWED = (".docx", ".yaml", ".yml")


def check_uploaded_templates(data: bytes, *, filename: str) -> TemplateCheck:
    """Check an uploaded template (``.docx``) or zipped set (``.zip``) in a private folder.

    Args:
        data: the uploaded bytes (untrusted).
        filename: the name the upload was sent with; only its suffix and, for a ``.docx``,
            its last part are used.

    Returns:
        The check, as ``templates check`` makes it (findings name the files as uploaded).

    Raises:
        TemplateError: when the upload is neither a ``.docx`` nor a ``.zip``, or the zipped
            set is refused (see the module docstring); nothing is written then.
    """
    name = PurePosixPath(filename.replace("\\", "/")).name
    suffix = PurePosixPath(name).suffix.lower()
    limit = current().template_bytes
    if len(data) > limit:
        raise _refused(
            name,
            _("is too large ({size}; the limit is {limit}, set by {variable})").format(
                size=describe_size(len(data)),
                limit=describe_size(limit),
                variable="CLAUSEGEN_LIMIT_TEMPLATE_BYTES",
            ),
        )
    if suffix == ".docx":
        files = {_safe_name(name): data}
    elif suffix == ".zip":
        files = unpack_set(data, name=name)
    else:
        message = _("send a template (.docx) or a zipped set (.zip)")
        raise _refused(name or "<upload>", message)
    with tempfile.TemporaryDirectory(prefix="clausegen-upload-") as folder:
        root = Path(folder)
        for relative, content in files.items():
            (root / relative).write_bytes(content)
        check = check_templates(root)
    if suffix == ".docx":
        # NOTE: one template sent alone has no manifest, and is not meant to.
        kept = tuple(f for f in check.findings if f.code != "manifest-missing")
        check = dataclasses.replace(check, findings=kept)
    return check


def unpack_set(data: bytes, *, name: str) -> dict[str, bytes]:
    """Return the files of a zipped template set, file name → bytes, refusing hostile ones.

    The entries may sit at the top of the archive or all in one folder; folders' own entries
    and ``__MACOSX`` entries are skipped.

    Raises:
        TemplateError: for a damaged archive, too many entries, a name that leaves the
            folder, a symbolic link, a file of another kind, two files of one name, or more
            bytes than ``template_bytes`` in a file or in the whole set.
    """
    limit = current().template_bytes
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refused(name, _("is not a zip archive that can be read")) from None
    if len(entries) > MAX_ENTRIES:
        raise _refused(name, _("has more than {count} entries").format(count=MAX_ENTRIES))
    files: dict[str, bytes] = {}
    total = 0
    for info in _file_entries(entries, name):
        file = _entry_name(info, name)
        if file in files:
            raise _refused(name, _("holds two files named {file}").format(file=file))
        content = _read_entry(archive, info, name, limit)
        total += len(content)
        if total > limit:
            message = _("unpacks to more than {limit}").format(limit=describe_size(limit))
            raise _refused(name, message)
        files[file] = content
    return files


def _file_entries(entries: list[zipfile.ZipInfo], name: str) -> list[zipfile.ZipInfo]:
    kept = []
    for info in entries:
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            message = _("holds a symbolic link ({entry})").format(entry=_shown(info.filename))
            raise _refused(name, message)
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if info.is_dir() or (parts and parts[0] == "__MACOSX"):
            continue
        kept.append(info)
    return kept


def _entry_name(info: zipfile.ZipInfo, name: str) -> str:
    raw = info.filename
    path = PurePosixPath(raw)
    if (
        "\\" in raw
        or "\x00" in raw
        or path.is_absolute()
        or ":" in raw
        or ".." in path.parts
        or len(path.parts) > 2
    ):
        message = _("holds an entry outside the set's folder ({entry})")
        raise _refused(name, message.format(entry=_shown(raw)))
    file = path.name
    if not file.lower().endswith(_ALLOWED) or file.startswith("."):
        message = _("holds {entry}: a set holds only .docx files and its templates.yaml")
        raise _refused(name, message.format(entry=_shown(raw)))
    return _safe_name(file)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limit: int) -> bytes:
    too_large = _("holds {entry}, larger than {limit}").format(
        entry=_shown(info.filename), limit=describe_size(limit)
    )
    if info.file_size > limit:
        raise _refused(name, too_large)
    try:
        with archive.open(info) as stream:
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        message = _("holds {entry}, which cannot be read").format(entry=_shown(info.filename))
        raise _refused(name, message) from None
    if len(content) > limit:
        raise _refused(name, too_large)
    return content


def _safe_name(file: str) -> str:
    cleaned = "".join(c for c in file if c.isprintable() and c not in '/\\:*?"<>|')
    return cleaned.lstrip(".") or "modele.docx"


def _shown(raw: str, length: int = 80) -> str:
    text = "".join(c if c.isprintable() else "?" for c in raw)
    return repr(text if len(text) <= length else text[:length] + "…")


def _refused(name: str, message: str) -> TemplateError:
    return TemplateError(
        template=name, message=_("refused: {reason}").format(reason=message), reason="upload"
    )
