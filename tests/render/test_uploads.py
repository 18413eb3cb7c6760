"""Uploaded templates (the service's /v1/templates/check): unpacked safely, checked, removed."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest

from clausegen import TemplateError, limits
from clausegen.render.uploads import MAX_ENTRIES, check_uploaded_templates, unpack_set
from tests.template_builders import make_template


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(data: bytes, name: str = "modeles.zip") -> str:
    with pytest.raises(TemplateError) as caught:
        check_uploaded_templates(data, filename=name)
    return str(caught.value)


def test_a_template_is_checked_in_a_private_folder_removed_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    check = check_uploaded_templates(make_template(["{{ reference }}"]), filename="a/b\\x.docx")
    assert check.ok
    assert check.templates == ("x.docx",)
    assert list(tmp_path.iterdir()) == []


def test_a_set_that_unpacks_beyond_the_limit_is_refused_whatever_it_declares() -> None:
    bomb = zipped({"a.docx": b"0" * 5000})
    with limits.using(limits.Limits(template_bytes=1000)):
        assert refusal(bomb) == "modeles.zip: refused: holds 'a.docx', larger than 1000 bytes"
    spread = zipped({f"m{i}.docx": b"0" * 400 for i in range(3)})
    with limits.using(limits.Limits(template_bytes=1000)):
        assert refusal(spread) == "modeles.zip: refused: unpacks to more than 1000 bytes"


def test_too_many_entries_or_twice_one_name_is_refused() -> None:
    many = zipped({f"m{i}.docx": b"" for i in range(MAX_ENTRIES + 1)})
    assert refusal(many) == f"modeles.zip: refused: has more than {MAX_ENTRIES} entries"
    twice = zipped({"a/ccap.docx": b"x", "b/ccap.docx": b"x"})
    with pytest.raises(TemplateError) as caught:
        unpack_set(twice, name="modeles.zip")
    assert str(caught.value) == "modeles.zip: refused: holds two files named ccap.docx"


def test_another_kind_of_upload_is_refused() -> None:
    assert refusal(b"x", "notes.txt") == (
        "notes.txt: refused: send a template (.docx) or a zipped set (.zip)"
    )
