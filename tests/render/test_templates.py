"""Template sets: where clausegen's own templates are, and reading an edited set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clausegen.errors import ErrorGroup, ExitCode, OutputError, TemplateError
from clausegen.render import templates
from clausegen.render.safety import UnsafeTemplateError
from clausegen.render.templates import (
    MANIFEST,
    Requirement,
    default_dir,
    examples_dir,
    export_templates,
    is_lock_file,
    load_template_set,
    read_manifest,
)
from tests.helpers import REPO, build_file_tree

ENTRY = {
    "id": "ccap",
    "file": "ccap.docx",
    "title": "Titre",
    "destination": "CCAP",
    "description": "Description",
}


def copy_default_set(target: Path) -> Path:
    shutil.copytree(default_dir(), target)
    return target


def test_the_default_set_is_the_repository_folder_in_a_development_install() -> None:
    assert default_dir() == REPO / "clause_templates"


def test_the_bundled_copy_wins_when_the_package_carries_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "clausegen"
    copy_default_set(package / "clause_templates")
    monkeypatch.setattr(templates, "_package_folder", lambda: package)
    assert default_dir() == package / "clause_templates"


def test_a_missing_default_set_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "_package_folder", lambda: tmp_path / "clausegen")
    monkeypatch.setattr(templates, "_repository_folder", lambda: tmp_path)
    with pytest.raises(TemplateError) as caught:
        default_dir()
    assert str(caught.value) == (
        f"{tmp_path / 'clausegen' / 'clause_templates'}: clausegen's own templates are missing "
        "from this installation; reinstall clausegen or pass --templates DIR"
    )


ALL = ("ccap", "rc", "ae", "suivi", "suivi-facilitateur", "charte", "note-calcul")


def test_the_default_set_lists_the_seven_documents_in_order() -> None:
    template_set = load_template_set()
    assert template_set.ids == ALL
    for entry in template_set.entries:
        assert entry.path.is_file()
        assert entry.title and entry.destination and entry.description
    assert template_set.unlisted_files() == []
    charte = template_set.get("charte")
    assert charte.requires == {Requirement.CHARTER}
    assert charte.title == "Engagements de la charte d'achat responsable mis en œuvre"
    assert charte.destination == "Document d'information joint au dossier de consultation"
    assert [e.id for e in template_set.entries if e.requires] == ["suivi-facilitateur", "charte"]
    assert template_set.get("suivi-facilitateur").requires == {Requirement.HOURS}


def test_selecting_templates_keeps_the_manifest_order() -> None:
    template_set = load_template_set()
    assert [e.id for e in template_set.select(["suivi", "ccap"])] == ["ccap", "suivi"]
    assert tuple(e.id for e in template_set.select(None)) == ALL


def test_an_unknown_id_lists_the_known_ones() -> None:
    template_set = load_template_set()
    with pytest.raises(TemplateError) as caught:
        template_set.get("charter")
    assert str(caught.value) == (
        f"{template_set.manifest}: no template with id 'charter'; this set has ccap, rc, ae, "
        "suivi, suivi-facilitateur, charte, note-calcul"
    )


@pytest.mark.parametrize(
    ("name", "lock"),
    [
        ("~$ccap.docx", True),
        (".~lock.ccap.docx#", True),
        ("ccap.docx", False),
        (".~lock.ccap.docx", False),
        ("ccap~$.docx", False),
    ],
)
def test_lock_files_are_recognised(name: str, lock: bool) -> None:
    assert is_lock_file(name) is lock


def test_lock_files_are_never_templates(tmp_path: Path) -> None:
    folder = copy_default_set(tmp_path / "set")
    build_file_tree(folder, {"~$ccap.docx": b"lock", ".~lock.rc.docx#": b"lock", "notes.docx": b""})
    assert load_template_set(folder).unlisted_files() == [folder / "notes.docx"]


def test_an_edited_copy_is_read_from_its_folder(tmp_path: Path) -> None:
    folder = copy_default_set(tmp_path / "set")
    template_set = load_template_set(folder)
    assert template_set.directory == folder
    assert template_set.get("ae").path == folder / "ae.docx"
    assert template_set.read(template_set.get("ae")) == (folder / "ae.docx").read_bytes()


def test_a_folder_without_manifest(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        load_template_set(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: has no templates.yaml; a template folder lists its templates in it"
    )
    assert caught.value.exit_code is ExitCode.TEMPLATE


def test_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="is not a folder of templates"):
        load_template_set(tmp_path / "absent")


def test_manifest_problems_are_reported_with_their_lines(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            MANIFEST: (
                "templates:\n"
                "  - id: ccap\n"
                "    file: ccap.docx\n"
                "    titel: Titre\n"
                "    destination: CCAP\n"
                "    description: D\n"
                "  - id: Bad Id\n"
                "    file: ~$rc.docx\n"
                "    title: T\n"
                "    destination: RC\n"
                "    description: D\n"
            ),
        },
    )
    with pytest.raises(ErrorGroup) as caught:
        load_template_set(tmp_path)
    manifest = tmp_path / MANIFEST
    assert caught.value.lines() == [
        f"{manifest}:2: templates[0].title: required field is missing",
        f"{manifest}:4: templates[0].titel: unknown field; did you mean 'title'?",
        f"{manifest}:7: templates[1].id: must be lower-case letters, digits, '-' "
        "or '_', starting with a letter (got \"Bad Id\")",
        f"{manifest}:8: templates[1].file: is a Word or LibreOffice lock file, "
        'not a template (got "~$rc.docx")',
    ]
    assert caught.value.exit_code is ExitCode.TEMPLATE


def test_what_a_template_requires_is_a_closed_list(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {MANIFEST: {"templates": [{**ENTRY, "requires": ["charters"]}]}, "ccap.docx": b""},
    )
    with pytest.raises(TemplateError) as caught:
        load_template_set(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / MANIFEST}:8: templates[0].requires[0]: must be one of charter, hours "
        "(got \"charters\"); did you mean 'charter'?"
    )


def test_a_listed_file_that_is_missing_and_a_duplicate_id(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            MANIFEST: {"templates": [ENTRY, {**ENTRY, "file": "autre.docx"}]},
            "ccap.docx": b"",
        },
    )
    with pytest.raises(ErrorGroup) as caught:
        load_template_set(tmp_path)
    manifest = tmp_path / MANIFEST
    assert caught.value.lines() == [
        f"{manifest}:7: templates[1].id: 'ccap' is used by another template",
        f"{manifest}:8: templates[1].file: autre.docx is not in {tmp_path}",
    ]


def test_a_manifest_with_a_syntax_error(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {MANIFEST: "templates: [\n"})
    with pytest.raises(TemplateError) as caught:
        load_template_set(tmp_path)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{tmp_path / MANIFEST}:2: invalid YAML:")


def test_the_example_contracts_are_the_repository_ones_in_a_development_install() -> None:
    assert examples_dir() == REPO / "examples"


def test_the_bundled_examples_win_when_the_package_carries_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "clausegen"
    shutil.copytree(REPO / "examples" / "profiles", package / "examples" / "profiles")
    monkeypatch.setattr(templates, "_package_folder", lambda: package)
    assert examples_dir() == package / "examples"


def test_missing_examples_are_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "_package_folder", lambda: tmp_path / "clausegen")
    monkeypatch.setattr(templates, "_repository_folder", lambda: tmp_path)
    with pytest.raises(TemplateError) as caught:
        examples_dir()
    assert str(caught.value) == (
        f"{tmp_path / 'clausegen' / 'examples'}: clausegen's example contracts are missing from "
        "this installation; reinstall clausegen"
    )


def test_reading_a_manifest_keeps_the_valid_entries_and_every_problem(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            MANIFEST: {"templates": [ENTRY, {**ENTRY, "id": "Rc", "file": "rc.docx"}]},
            "ccap.docx": b"",
        },
    )
    reading = read_manifest(tmp_path)
    assert [entry.id for entry in reading.entries] == ["ccap"]
    assert reading.named == {"ccap.docx", "rc.docx"}
    assert not reading.schema_valid
    assert [(p.code, p.path, p.kind, p.value, p.line) for p in reading.problems] == [
        ("manifest-invalid", "templates[1].id", "value_error", "Rc", 7),
    ]


def test_a_template_refused_as_unsafe_is_refused_when_the_set_reads_it(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {MANIFEST: {"templates": [ENTRY]}, "ccap.docx": b"not a zip"})
    template_set = load_template_set(tmp_path)
    with pytest.raises(UnsafeTemplateError) as caught:
        template_set.read(template_set.get("ccap"))
    assert str(caught.value) == (
        f"{tmp_path / 'ccap.docx'}: is not a Word document (.docx): it is not a zip package"
    )


def test_export_writes_the_manifest_and_the_templates_all_or_nothing(tmp_path: Path) -> None:
    written = export_templates(tmp_path / "modeles")
    bundled = load_template_set()
    assert [p.name for p in written] == [MANIFEST, *(entry.file for entry in bundled.entries)]
    assert load_template_set(tmp_path / "modeles").ids == bundled.ids
    (tmp_path / "modeles" / "ae.docx").write_bytes(b"mine")
    with pytest.raises(OutputError) as caught:
        export_templates(tmp_path / "modeles")
    names = ", ".join(p.name for p in written)
    assert str(caught.value) == (
        f"{tmp_path / 'modeles'}: already holds {names}; use --force to replace them"
    )
    assert (tmp_path / "modeles" / "ae.docx").read_bytes() == b"mine"
    export_templates(tmp_path / "modeles", force=True)
    assert (tmp_path / "modeles" / "ae.docx").read_bytes() == (
        default_dir() / "ae.docx"
    ).read_bytes()
