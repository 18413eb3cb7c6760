"""The ``clausegen templates`` commands: list, export, check, variables, and the whole loop."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from clausegen.cli import main
from clausegen.present.context import build_context
from clausegen.render import templates
from clausegen.render.lint import example_contracts
from clausegen.render.listing import variables_as_json
from clausegen.render.locate import paragraphs_of
from clausegen.render.templates import MANIFEST, default_dir, load_template_set
from clausegen.render.text import docx_text
from clausegen.resolve.loading import load_contract
from tests.helpers import EXAMPLES, build_file_tree
from tests.render.lint.test_lint_check import ATTACHED
from tests.template_builders import make_template, rewrite

JULES_VERNE = EXAMPLES / "lycee-jules-verne.yaml"
BOURG = EXAMPLES / "amenagement-bourg.yaml"
BUNDLED = load_template_set()
BUNDLED_FILES = [MANIFEST, *(entry.file for entry in BUNDLED.entries)]
EXAMPLES_COUNT = len(example_contracts())
ENTRY = {"id": "x", "file": "x.docx", "title": "Titre", "destination": "CCAP", "description": "D"}


def run(runner: CliRunner, *args: str | Path, env: dict[str, str] | None = None) -> Any:
    # NOTE: the template check and the listings speak to legal staff: their tests read them in
    # French (issue 15).
    spoken = [str(a) for a in args[:2]]
    french = (
        {"CLAUSEGEN_LANG": "fr"}
        if spoken[:1] == ["templates"] and spoken[1:] in (["check"], ["list"], ["variables"])
        else {}
    )
    return runner.invoke(main, [str(a) for a in args], env={**french, **(env or {})})


def one_template_set(root: Path, template: bytes) -> Path:
    return build_file_tree(root, {MANIFEST: {"templates": [ENTRY]}, "x.docx": template})


# -- list ------------------------------------------------------------------------------------


def test_list_shows_the_bundled_set_and_where_it_comes_from(runner: CliRunner) -> None:
    result = run(runner, "templates", "list")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"Modèles de {default_dir()} (modèles fournis avec clausegen)", ""]
    assert lines[2].split() == ["id", "titre", "fichier", "destination"]
    assert len(lines) == 3 + len(BUNDLED.entries)
    for line, entry in zip(lines[3:], BUNDLED.entries, strict=True):
        assert line.startswith(f"{entry.id} ")
        assert f"  {entry.title} " in line
        assert f"  {entry.file} " in line
        assert line.endswith(f"  {entry.destination}")
    # the columns line up: each starts at the same place on every line
    for name in ("titre", "fichier", "destination"):
        column = lines[2].index(name)
        assert all(line[column - 2 : column] == "  " and line[column] != " " for line in lines[3:])


def test_list_names_an_edited_set_given_by_option_or_environment(
    runner: CliRunner, tmp_path: Path
) -> None:
    one_template_set(tmp_path, make_template(["{{ title }}"]))
    by_option = run(runner, "templates", "list", "--templates", tmp_path)
    assert by_option.stdout.splitlines()[0] == (
        f"Modèles de {tmp_path} (dossier donné par --templates)"
    )
    by_environment = run(runner, "templates", "list", env={"CLAUSEGEN_TEMPLATES": str(tmp_path)})
    assert by_environment.stdout.splitlines()[0] == (
        f"Modèles de {tmp_path} (dossier donné par la variable CLAUSEGEN_TEMPLATES)"
    )
    assert by_environment.stdout.splitlines()[2:] == [
        "id  titre  fichier  destination",
        "x   Titre  x.docx   CCAP",
    ]


def test_list_as_json(runner: CliRunner, tmp_path: Path) -> None:
    one_template_set(tmp_path, make_template(["{{ title }}"]))
    result = run(runner, "templates", "list", "--templates", tmp_path, "--json")
    assert json.loads(result.stdout) == {
        "directory": str(tmp_path),
        "origin": "option",
        "templates": [
            {
                "id": "x",
                "title": "Titre",
                "file": "x.docx",
                "destination": "CCAP",
                "description": "D",
            }
        ],
    }


def test_list_of_a_set_with_an_invalid_manifest_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    build_file_tree(tmp_path, {MANIFEST: {"templates": [{**ENTRY, "id": "X"}]}})
    result = run(runner, "templates", "list", "--templates", tmp_path)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"Erreur\u00a0: {tmp_path / MANIFEST}:2: templates[0].id:")


# -- export ----------------------------------------------------------------------------------


def test_export_copies_the_templates_and_their_manifest(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "modeles"
    result = run(runner, "templates", "export", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [str(target / name) for name in BUNDLED_FILES]
    assert result.stderr == (
        f"Copied {len(BUNDLED.entries)} templates and their templates.yaml to {target}. Edit them "
        "in Word, then: "
        f"clausegen templates check {target}\n"
    )
    for name in BUNDLED_FILES:
        assert (target / name).read_bytes() == (default_dir() / name).read_bytes()
    assert sorted(p.name for p in target.iterdir()) == sorted(BUNDLED_FILES)


def test_export_never_copies_lock_files(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "bundled"
    shutil.copytree(default_dir(), bundled)
    build_file_tree(bundled, {"~$ccap.docx": b"lock", ".~lock.rc.docx#": b"lock"})
    monkeypatch.setattr(templates, "default_dir", lambda: bundled)
    result = run(runner, "templates", "export", tmp_path / "modeles")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "modeles").iterdir()) == sorted(BUNDLED_FILES)


def test_export_refuses_to_overwrite_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    target = build_file_tree(tmp_path / "modeles", {"rc.docx": b"mon rc", "ae.docx": b"mon ae"})
    result = run(runner, "templates", "export", target)
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {target}: already holds rc.docx, ae.docx; use --force to replace them\n"
    )
    assert sorted(p.name for p in target.iterdir()) == ["ae.docx", "rc.docx"]
    assert (target / "rc.docx").read_bytes() == b"mon rc"


def test_export_with_force_replaces_the_files(runner: CliRunner, tmp_path: Path) -> None:
    target = build_file_tree(tmp_path / "modeles", {"rc.docx": b"mon rc", "notes.txt": "à garder"})
    result = run(runner, "templates", "export", target, "--force")
    assert result.exit_code == 0, result.stderr
    assert (target / "rc.docx").read_bytes() == (default_dir() / "rc.docx").read_bytes()
    assert (target / "notes.txt").read_text("utf-8") == "à garder"


def test_export_into_a_file_or_over_the_bundled_set(runner: CliRunner, tmp_path: Path) -> None:
    file = build_file_tree(tmp_path, {"modeles": "pas un dossier"}) / "modeles"
    result = run(runner, "templates", "export", file)
    assert (result.exit_code, result.stderr) == (
        4,
        f"Error: {file}: is a file; give a folder to copy the templates to\n",
    )
    result = run(runner, "templates", "export", default_dir(), "--force")
    assert (result.exit_code, result.stderr) == (
        4,
        f"Error: {default_dir()}: is clausegen's own template folder; export to another folder\n",
    )


# -- check -----------------------------------------------------------------------------------


def test_check_of_the_bundled_set_is_clean(runner: CliRunner) -> None:
    result = run(runner, "templates", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    count = len(BUNDLED.entries)
    assert result.stdout == (
        f"Vérification des modèles de {default_dir()} (modèles fournis avec clausegen)\n\n"
        + "".join(f"{e.file} ({e.id}) : aucun problème\n" for e in BUNDLED.entries)
        + f"\nBilan : aucune erreur, aucun avertissement ; {count} modèles vérifiés ; rendu "
        f"d'essai de {count} modèles avec {EXAMPLES_COUNT} contrats.\n"
    )


def test_check_reports_every_finding_and_exits_3_on_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    build_file_tree(
        tmp_path,
        {
            MANIFEST: {"templates": [ENTRY, {**ENTRY, "id": "y", "file": "y.docx"}]},
            "x.docx": make_template(
                ["{%p if several_lots %}", "Alloti."], table=[["{{ lot.titre }}"]]
            ),
            "y.docx": make_template(["{{ title }}"]),
            "brouillon.docx": make_template(["Brouillon"]),
        },
    )
    result = run(runner, "templates", "check", tmp_path)
    assert result.exit_code == 3
    assert (
        result.stderr
        == f"Erreur\u00a0: {tmp_path}: la vérification a trouvé 2 erreurs et 1 avertissement\n"
    )
    assert result.stdout == (
        f"Vérification des modèles de {tmp_path} (dossier donné en argument)\n"
        "\n"
        "brouillon.docx\n"
        "  avertissement template-unlisted\n"
        "    « brouillon.docx » n'est pas nommé dans templates.yaml : il ne sera jamais utilisé.\n"
        "    Suggestion : Ajoutez-le à templates.yaml (id, file, title, destination, "
        "description), ou retirez-le du dossier.\n"
        "x.docx (x)\n"
        "  erreur unclosed-block, corps du document, paragraphe 1\n"
        "    « {%p if several_lots %} » n'est jamais fermé.\n"
        "    Texte : « {%p if several_lots %} »\n"
        "    Suggestion : Ajoutez « {%p endif %} », seule dans son paragraphe, là où le passage "
        "se termine.\n"
        "  erreur unknown-variable, corps du document, paragraphe 3 (tableau 1, ligne 1)\n"
        "    « lot » n'est pas une variable du vocabulaire : ce nom n'existe que dans une boucle "
        "sur « lots ».\n"
        "    Texte : « {{ lot.titre }} »\n"
        "    Suggestion : Placez ce passage entre « {%p for lot in lots %} » et « {%p endfor %} », "
        "ou entre « {%tr for lot in lots %} » et « {%tr endfor %} » dans un tableau.\n"
        "y.docx (y) : aucun problème\n"
        "\n"
        "Bilan : 2 erreurs, 1 avertissement ; 2 modèles vérifiés ; rendu d'essai de 1 modèle "
        f"avec {EXAMPLES_COUNT} contrats ; pas de rendu d'essai pour x.docx, à corriger "
        "d'abord.\n"
    )


def test_check_with_warnings_only_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    one_template_set(tmp_path, make_template(["{% if several_lots %}", "Alloti.", "{% endif %}"]))
    result = run(runner, "templates", "check", tmp_path)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == (
        "Bilan : aucune erreur, 2 avertissements ; 1 modèle vérifié ; rendu d'essai de 1 modèle "
        f"avec {EXAMPLES_COUNT} contrats."
    )


def test_check_as_json_is_one_document_with_the_errors_and_the_findings(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Issue 15: the failure of --json is {"ok": false, "exit_code", "errors"} as for every
    # command; the findings (warnings included) stay beside the errors, and nothing else is
    # printed (it used to be the findings alone, then an Error: line).
    one_template_set(tmp_path, make_template(["Objet : {{ titel }}"]))
    result = run(runner, "templates", "check", tmp_path, "--json")
    assert result.exit_code == 3
    assert json.loads(result.stdout) == {
        "ok": False,
        "exit_code": 3,
        "errors": [
            {
                "source": str(tmp_path / "x.docx"),
                "line": None,
                "column": None,
                "path": "corps du document, paragraphe 1",
                "code": "unknown-variable",
                "message": "« titel » n'est pas une variable du vocabulaire.",
            }
        ],
        "findings": [
            {
                "template": "x.docx",
                "template_id": "x",
                "code": "unknown-variable",
                "severity": "error",
                "part": "body",
                "paragraph": 1,
                "table": None,
                "row": None,
                "line": None,
                "excerpt": "Objet : {{ titel }}",
                "message": "« titel » n'est pas une variable du vocabulaire.",
                "suggestion": "Vouliez-vous écrire « title » ?",
                "contracts": [],
            }
        ],
    }
    assert result.stderr == ""


def test_check_as_json_locates_a_manifest_error_by_its_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    build_file_tree(tmp_path, {MANIFEST: "templates:\n  - id: x\n"})
    result = run(runner, "templates", "check", tmp_path, "--json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert (data["ok"], data["exit_code"]) == (False, 3)
    assert data["errors"][0] == {
        "source": str(tmp_path / MANIFEST),
        "line": 2,
        "column": None,
        "path": "",
        "code": "manifest-invalid",
        "message": "templates[0].file : champ obligatoire manquant.",
    }
    assert [error["message"] for error in data["errors"]] == [
        finding["message"] for finding in data["findings"]
    ]


def test_check_of_the_folder_named_by_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    one_template_set(tmp_path, make_template(["{{ title }}"]))
    result = run(runner, "templates", "check", env={"CLAUSEGEN_TEMPLATES": str(tmp_path)})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        f"Vérification des modèles de {tmp_path} (dossier donné par la variable "
        "CLAUSEGEN_TEMPLATES)"
    )


def test_check_test_renders_with_the_contracts_given_too(runner: CliRunner, tmp_path: Path) -> None:
    one_template_set(tmp_path, make_template(["{{ lots[5].title }}"]))
    result = run(runner, "templates", "check", tmp_path, "--contract", JULES_VERNE, "--json")
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["code"] == "render-undefined"
    assert "lycee-jules-verne.yaml" in finding["contracts"]
    assert len(finding["contracts"]) == EXAMPLES_COUNT + 1  # Jules Verne twice


def test_check_passes_the_folder_and_contracts_to_the_library(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clausegen.render import lint

    calls: list[dict[str, Any]] = []
    real = lint.check_templates

    def spy(directory: Any = None, **kwargs: Any) -> Any:
        calls.append({"directory": directory, **kwargs})
        return real(directory, **kwargs)

    monkeypatch.setattr(lint, "check_templates", spy)
    one_template_set(tmp_path, make_template(["{{ title }}"]))
    run(runner, "templates", "check", tmp_path)
    run(runner, "templates", "check", tmp_path, "--contract", JULES_VERNE)
    assert calls[0] == {"directory": tmp_path, "contracts": None}
    assert calls[1]["directory"] == tmp_path
    assert calls[1]["contracts"][-1] == JULES_VERNE
    assert len(calls[1]["contracts"]) == EXAMPLES_COUNT + 1


def test_check_of_a_missing_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "templates", "check", tmp_path / "absent")
    assert result.exit_code == 2
    assert "n'existe pas" in result.stderr


# -- variables -------------------------------------------------------------------------------


def test_variables_lists_the_vocabulary_with_descriptions_and_examples(runner: CliRunner) -> None:
    result = run(runner, "templates", "variables")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "Les variables des modèles. Dans une boucle {%p for lot in lots %}, "
        "«\u00a0lots[].title\u00a0» s'écrit «\u00a0lot.title\u00a0».",
        "",
        "reference (texte)",
        "    Référence du marché, telle qu'écrite dans la description.",
        "    Exemple\u00a0: 2026-TRV-014",
    ]
    text = result.stdout
    assert (
        "buyer.address (texte)\n    Adresse postale, ou vide.\n    Exemple\u00a0: 1 rue de la Loire / 44000 Nantes\n"
        in text
    )
    assert "lots (liste)\n    Les lots du marché" in text
    assert "lots[].has_hours (oui/non)\n" in text
    assert (
        "lots[].note (texte)\n    Remarque sur le lot (par exemple : aucune heure possible), ou vide.\n    Exemple\u00a0: (vide)\n"
        in text
    )
    assert text.count(" (") >= len(variables_as_json())


def test_variables_as_json(runner: CliRunner) -> None:
    result = run(runner, "templates", "variables", "--json")
    data = json.loads(result.stdout)
    assert data == variables_as_json()
    assert data[0] == {
        "name": "reference",
        "kind": "text",
        "description": "Référence du marché, telle qu'écrite dans la description.",
        "example": "2026-TRV-014",
    }
    assert {
        "name": "lots[].number",
        "kind": "integer",
        "description": "Numéro du lot.",
        "example": 1,
    } in data


# -- the whole loop --------------------------------------------------------------------------


ADDED = [
    "Clause ajoutée par le service juridique pour le marché {{ reference }}.",
    "Contact de la clause : {{ contact.nme }}.",
    "Durée d'exécution : {{ duration }.",
    "{% if several_lots %}",
    "Le marché est alloti : chaque lot a son propre volume d'heures.",
    "{% endif %}",
]


def body_paragraph_count(template: Path) -> int:
    with zipfile.ZipFile(template) as package:
        return len(paragraphs_of(package.read("word/document.xml")))


def test_export_edit_in_word_check_fix_and_generate_with_the_edited_wording(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "modeles"
    assert run(runner, "templates", "export", folder).exit_code == 0
    ccap = folder / "ccap.docx"
    base = body_paragraph_count(ccap)
    document = docx.Document(str(ccap))
    for text in ADDED:
        document.add_paragraph(text)
    document.save(str(ccap))

    result = run(runner, "templates", "check", folder, "--json")
    assert result.exit_code == 3
    assert [
        (f["template"], f["code"], f["severity"], f["part"], f["paragraph"], f["excerpt"])
        for f in json.loads(result.stdout)["findings"]
    ] == [
        ("ccap.docx", "unknown-variable", "error", "body", base + 2, ADDED[1]),
        ("ccap.docx", "unclosed-tag", "error", "body", base + 3, ADDED[2]),
        ("ccap.docx", "bare-statement-paragraph", "warning", "body", base + 4, ADDED[3]),
        ("ccap.docx", "bare-statement-paragraph", "warning", "body", base + 6, ADDED[5]),
    ]
    text = run(runner, "templates", "check", folder).stdout
    assert (
        f"  erreur unknown-variable, corps du document, paragraphe {base + 2}\n"
        "    « contact.nme » n'est pas une variable du vocabulaire : « contact » n'a pas de champ "
        "« nme ».\n"
        "    Texte : « Contact de la clause : {{ contact.nme }}. »\n"
        "    Suggestion : Vouliez-vous écrire « contact.name » ?\n"
        f"  erreur unclosed-tag, corps du document, paragraphe {base + 3}\n"
        "    La balise « {{ duration }. » n'est pas fermée dans ce paragraphe : il manque « }} ».\n"
    ) in text
    refused = run(runner, "generate", JULES_VERNE, "-o", tmp_path / "refus", "--templates", folder)
    assert refused.exit_code == 3
    assert not (tmp_path / "refus").exists()

    document = docx.Document(str(ccap))
    mine = document.paragraphs[-len(ADDED) :]
    mine[1].text = "Contact de la clause : {{ contact.name }}."
    mine[2].text = "Durée d'exécution : {{ duration }}."
    mine[3].text = "{%p if several_lots %}"
    mine[5].text = "{%p endif %}"
    document.save(str(ccap))
    result = run(runner, "templates", "check", folder, "--json")
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (
        0,
        {"ok": True, "exit_code": 0, "errors": [], "findings": []},
        "",
    )

    out = tmp_path / "dossier"
    for example in (JULES_VERNE, BOURG):
        generated = run(runner, "generate", example, "-o", out, "--templates", folder)
        assert generated.exit_code == 0, generated.stderr
    contract = load_contract(JULES_VERNE)
    contact = build_context(contract)["contact"]["name"]
    several = docx_text((out / "2026-TRV-014-ccap.docx").read_bytes()).split("\n== header")[0]
    # The documents put a no-break space before ":" (clausegen.french.typography).
    assert several.splitlines()[-4:] == [
        "Clause ajoutée par le service juridique pour le marché 2026-TRV-014.",
        f"Contact de la clause\u00a0: {contact}.",
        "Durée d'exécution\u00a0: 18\u00a0mois.",
        "Le marché est alloti\u00a0: chaque lot a son propre volume d'heures.",
    ]
    one_lot = docx_text((out / "2027-TRV-021-ccap.docx").read_bytes()).split("\n== header")[0]
    assert one_lot.splitlines()[-1] == "Durée d'exécution\u00a0: 10\u00a0mois."
    assert "Clause ajoutée par le service juridique pour le marché 2027/TRV/021." in one_lot


# -- untrusted template files ----------------------------------------------------------------


def unsafe_ccap(kind: str) -> bytes:
    clean = (default_dir() / "ccap.docx").read_bytes()
    if kind == "doctype":
        body = zipfile.ZipFile(io.BytesIO(clean)).read("word/document.xml")
        body = body.replace(b"<w:document", b'<!DOCTYPE d [<!ENTITY e "x">]><w:document', 1)
        return rewrite(clean, {"word/document.xml": body})
    if kind == "attached-template":
        return rewrite(clean, {"word/_rels/settings.xml.rels": ATTACHED})
    if kind == "macros":
        return rewrite(clean, {"word/vbaProject.bin": b"\x00" * 10})
    assert kind == "zip-bomb"
    return rewrite(clean, {"word/media/big.xml": b"0" * (3 * 1024 * 1024)})


UNSAFE = {
    "doctype": (
        "doctype",
        "word/document.xml: contains a DOCTYPE declaration, which Word never writes: refused",
    ),
    "attached-template": (
        "external-relationship",
        "word/_rels/settings.xml.rels: points to external content (attachedTemplate: "
        "https://evil.example/t.dotm), which Word would fetch when the document opens: refused",
    ),
    "macros": (
        "macros",
        "word/vbaProject.bin: contains macros (a VBA project), which a clause template must not have",
    ),
    "zip-bomb": ("too-compressed", "word/media/big.xml: expands"),
}


@pytest.mark.parametrize("kind", list(UNSAFE))
def test_an_unsafe_template_is_refused_by_check_and_by_generate(
    runner: CliRunner, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "modeles"
    shutil.copytree(default_dir(), folder)
    (folder / "ccap.docx").write_bytes(unsafe_ccap(kind))
    code, message = UNSAFE[kind]

    checked = run(runner, "templates", "check", folder, "--json")
    assert checked.exit_code == 3
    assert [(f["template"], f["code"]) for f in json.loads(checked.stdout)["findings"]] == [
        ("ccap.docx", code)
    ]

    out = tmp_path / "dossier"
    generated = run(runner, "generate", JULES_VERNE, BOURG, "-o", out, "--templates", folder)
    assert generated.exit_code == 3
    assert generated.stdout == ""
    errors = [line for line in generated.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1  # once, not once per contract
    assert errors[0].startswith(f"Error: {folder / 'ccap.docx'}: {message}")
    assert not out.exists()
