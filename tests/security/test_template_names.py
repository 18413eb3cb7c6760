"""Red team, template manifest: ids and file names a file system cannot hold, and the field flag.

A template id goes into every file produced (``<reference>-<id>.docx``, at most 255 bytes
with a reference of up to 200), and a template's file name must exist on every system the
folder is copied to. ``templates check`` and ``generate`` refuse what would fail later, with
the field and its line; the French value shows hidden characters instead of printing them.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from clausegen.errors import TemplateError
from clausegen.limits import Limits, using
from clausegen.render.locate import shorten
from clausegen.render.templates import default_dir
from clausegen.write.run import render_run
from tests.helpers import EXAMPLES
from tests.security.cli import CONTRACT, attack, run, template_folder
from tests.template_builders import make_template

CCAP = (default_dir() / "ccap.docx").read_bytes()
_WINDOWS = "CON, PRN, AUX, NUL, COM1 à COM9, LPT1 à LPT9"
_WINDOWS_EN = "CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9"
_LONG_ID = "a" * 300


@pytest.mark.parametrize(
    ("entry", "french", "english"),
    [
        pytest.param(
            {"id": _LONG_ID},
            f"templates[0].id : l'identifiant « {'a' * 59}… » est trop long : 40 caractères "
            "au plus, car il entre dans le nom de chaque fichier produit.",
            "templates[0].id: must be at most 40 characters, since it goes into "
            f'the name of every file produced (it has 300) (got "{"a" * 60}…" (300 characters))',
            id="id-of-300-characters",
        ),
        pytest.param(
            {"id": "nul"},
            f"templates[0].id : l'identifiant « nul » est un nom que Windows réserve à un "
            f"périphérique ({_WINDOWS}) : choisissez-en un autre.",
            f"templates[0].id: is a name Windows reserves for a device "
            f'({_WINDOWS_EN}); choose another id (got "nul")',
            id="id-of-a-windows-device",
        ),
        pytest.param(
            {"file": "CON.docx"},
            f"templates[0].file : le nom de fichier « CON.docx » est un nom que Windows réserve "
            f"à un périphérique ({_WINDOWS}) : renommez le fichier.",
            f"templates[0].file: is a name Windows reserves for a device "
            f'({_WINDOWS_EN}); rename the file (got "CON.docx")',
            id="file-of-a-windows-device",
        ),
        pytest.param(
            {"file": "b" * 120 + ".docx"},
            f"templates[0].file : le nom de fichier « {'b' * 59}… » est trop long : 100 "
            "caractères au plus.",
            "templates[0].file: must be at most 100 characters long (it has 125) "
            f'(got "{"b" * 60}…" (125 characters))',
            id="file-of-125-characters",
        ),
    ],
)
def test_an_id_or_file_name_a_file_system_cannot_hold_is_refused(
    tmp_path: Path, entry: dict[str, str], french: str, english: str
) -> None:
    result = attack(tmp_path, CCAP, entry=entry)
    assert result.check.code == 3
    assert ("manifest-invalid", None, None, french) in result.findings()
    assert result.generate.code == 3
    line = 2 if "id" in entry else 3
    assert result.generate.errors(result.folder) == [f"Error: <T>/templates.yaml:{line}: {english}"]
    assert result.written == []


def test_a_file_name_with_a_right_to_left_override_is_refused(tmp_path: Path) -> None:
    name = "ccap\u202excod.docx"
    result = attack(tmp_path, CCAP, entry={"file": name})
    assert result.check.code == 3
    assert result.findings() == [
        (
            "manifest-invalid",
            None,
            None,
            "templates[0].file : le nom de fichier « ccap<U+202E>xcod.docx » contient un "
            "caractère de contrôle ou de mise en forme invisible (U+202E) : renommez le fichier.",
        )
    ]
    assert result.generate.code == 3
    (error,) = result.generate.errors(result.folder)
    assert error.startswith(
        "Error: <T>/templates.yaml:3: templates[0].file: must not contain control "
        "or invisible formatting characters (it has U+202E)"
    )
    assert result.written == []


def test_the_longest_id_makes_a_file_name_that_fits(tmp_path: Path) -> None:
    template_id = "a" * 40
    result = attack(tmp_path, CCAP, entry={"id": template_id})
    assert (result.check.code, result.generate.code) == (0, 0)
    assert result.written == [f"2026-TRV-014-{template_id}.docx"]


def settings_of(path: Path) -> bytes:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as package:
        return package.read("word/settings.xml")


@pytest.mark.parametrize("flag", [None, False, True])
def test_word_refreshes_fields_on_opening_only_when_the_manifest_says_so(
    tmp_path: Path, flag: bool | None
) -> None:
    entry: dict[str, object] = {} if flag is None else {"update_fields": flag}
    result = attack(tmp_path, CCAP, entry=entry)
    assert (result.check.code, result.generate.code) == (0, 0)
    (written,) = result.written
    requested = b'<w:updateFields w:val="true"/>' in settings_of(tmp_path / "dossier" / written)
    assert requested is bool(flag)


def test_the_field_flag_must_be_true_or_false(tmp_path: Path) -> None:
    result = attack(tmp_path, CCAP, entry={"update_fields": "yes please"})
    assert (
        "manifest-invalid",
        None,
        None,
        "templates[0].update_fields : doit être true ou false.",
    ) in result.findings()
    assert result.generate.errors(result.folder) == [
        'Error: <T>/templates.yaml:7: templates[0].update_fields: must be true or false (got "yes '
        'please")'
    ]


def test_a_template_that_exhausts_its_budget_is_reported_once_per_run(tmp_path: Path) -> None:
    loops = "{% for i in range(99999) %}{% for j in range(99999) %}{{ '' }}{% endfor %}{% endfor %}"
    folder = template_folder(tmp_path, make_template([loops]))
    contracts = [EXAMPLES / "lycee-jules-verne.yaml", EXAMPLES / "amenagement-bourg.yaml"]
    with using(Limits(render_seconds=0.5)), pytest.raises(TemplateError) as caught:
        render_run(contracts, tmp_path / "dossier", templates=folder)
    assert caught.value.reason == "time-budget"
    assert str(caught.value) == (
        f"{folder / 'ccap.docx'}: body, paragraph 1: the render took longer than its time "
        "budget of 0.5 seconds, the template probably loops too much; if it is right, raise "
        f'the budget with CLAUSEGEN_LIMIT_RENDER_SECONDS in "{shorten(loops)}" (rendering '
        f"{contracts[0]})"
    )


@pytest.mark.parametrize("kind", ["fifo", "device", "link-loop", "folder", "system-file"])
def test_a_template_that_is_not_a_regular_file_is_refused_without_reading_it(
    tmp_path: Path, kind: str
) -> None:
    folder = template_folder(tmp_path, b"")
    target = folder / "ccap.docx"
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)  # opening it for reading would wait for a writer forever
    elif kind == "device":
        target.symlink_to("/dev/zero")
    elif kind == "link-loop":
        target.symlink_to(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.symlink_to("/proc/self/environ")
    check = run("templates", "check", folder, "--json", cwd=tmp_path)
    out = tmp_path / "dossier"
    generate = run("generate", CONTRACT, "--templates", folder, "-o", out, cwd=tmp_path)
    assert (check.code, generate.code) == (3, 3)
    found = [(f["code"], f["message"]) for f in json.loads(check.stdout)["findings"]]
    if kind == "system-file":
        assert found == [
            (
                "not-a-docx",
                "Le fichier ne peut pas être lu (détail technique : est un fichier du système "
                "d'exploitation, pas un fichier de données\u00a0: refusé).",
            )
        ]
        assert generate.errors(folder) == [
            "Error: <T>/ccap.docx: is a file of the operating system, not a data file: refused"
        ]
    else:
        assert found == [
            (
                "template-missing",
                "templates[0].file : templates.yaml nomme « ccap.docx », qui n'est pas un "
                "fichier ordinaire (un dossier, un tube, un périphérique ou un lien cassé).",
            )
        ]
        assert generate.errors(folder) == [
            "Error: <T>/templates.yaml:3: templates[0].file: ccap.docx is not a regular file (a "
            "folder, pipe, device or broken link)"
        ]
    assert "PATH=" not in check.stdout + check.stderr + generate.stderr  # nothing of environ
    assert not out.exists()
