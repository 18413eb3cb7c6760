"""``clausegen generate``: options, messages and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clausegen.cli import main
from clausegen.errors import OutputError
from clausegen.render.templates import default_dir
from clausegen.write import batch as batch_module
from clausegen.write import run as generate_module
from clausegen.write.rendered import RenderedRun
from tests.helpers import EXAMPLES, build_file_tree, contract_data
from tests.template_builders import make_template

JULES_VERNE = str(EXAMPLES / "lycee-jules-verne.yaml")
AMO = str(EXAMPLES / "amo-transition-energetique.yaml")
NAMES = [
    f"2026-TRV-014-{i}.docx"
    for i in ("ccap", "rc", "ae", "suivi", "suivi-facilitateur", "charte", "note-calcul")
]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_one_contract(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["generate", JULES_VERNE, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out / name) for name in NAMES]
    assert result.stderr.splitlines() == [
        f"Warning: {JULES_VERNE}: lot 2: 109 insertion hours is under 150 h, below which "
        "practice advises against a clause",
        f"Wrote 7 documents for 2026-TRV-014 in {out}",
    ]
    assert files_in(out) == sorted(NAMES)


def test_a_batch_shows_progress_and_a_summary(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["generate", JULES_VERNE, AMO, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # The AMO contract's buyer has no charter: no charter annex for it, and a warning.
    assert len(result.stdout.splitlines()) == 13
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Rendering documents")
    assert (
        f'Warning: {AMO}: the buyer "Région des Pays de la Loire" has no charter, so the '
        "document 'charte' is not produced"
    ) in lines
    assert lines[-1] == f"Wrote 13 documents for 2 contracts in {tmp_path}"
    assert len(files_in(tmp_path)) == 13
    assert "2027-PI-007-charte.docx" not in files_in(tmp_path)


def test_a_file_given_twice_is_one_contract(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["generate", JULES_VERNE, JULES_VERNE, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == f"Wrote 7 documents for 2026-TRV-014 in {tmp_path}"


def test_only_some_documents(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["generate", JULES_VERNE, "-o", str(tmp_path), "--only", "rc, ae"])
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == ["2026-TRV-014-ae.docx", "2026-TRV-014-rc.docx"]
    assert result.stderr.splitlines()[-1] == f"Wrote 2 documents for 2026-TRV-014 in {tmp_path}"


def test_an_unknown_document_id_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["generate", JULES_VERNE, "-o", str(tmp_path), "--only", "charter"]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--only': no template 'charter' in {default_dir()}; choose "
        "among ccap, rc, ae, suivi, suivi-facilitateur, charte, note-calcul"
    )
    assert files_in(tmp_path) == []


def test_an_empty_only_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["generate", JULES_VERNE, "--only", " , "])
    assert result.exit_code == 2
    assert "give at least one template id, e.g. --only ccap,rc" in result.stderr


def test_an_invalid_contract_writes_nothing_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"bad.yaml": contract_data(kind="roads")})
    bad = str(tmp_path / "bad.yaml")
    result = runner.invoke(main, ["generate", JULES_VERNE, bad, "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f"Error: {bad}:3: kind: must be one of works, services, intellectual_services, supplies "
        '(got "roads")'
    )
    assert not (tmp_path / "out").exists()


def test_a_failing_template_writes_nothing_and_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    templates = tmp_path / "set"
    shutil.copytree(default_dir(), templates)
    (templates / "rc.docx").write_bytes(make_template(["Lot : {{ lot.titre }}"]))
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["generate", JULES_VERNE, "-o", str(out), "--templates", str(templates)]
    )
    assert result.exit_code == 3
    # NOTE: found by the template check before anything is rendered (issue 15).
    assert result.stderr.splitlines() == [
        f"Error: {templates / 'rc.docx'}: body, paragraph 1: unknown-variable: "
        '"lot" is not a variable of the vocabulary: this name only exists in a loop over '
        '"lots". Text: "Lot : {{ lot.titre }}" Suggestion: Put this passage between '
        '"{%p for lot in lots %}" and "{%p endfor %}", or between "{%tr for lot in lots %}" '
        'and "{%tr endfor %}" in a table.'
    ]
    assert not out.exists()


def test_a_broken_template_is_reported_as_the_check_reports_it_all_at_once_in_french(
    runner: CliRunner, tmp_path: Path
) -> None:
    templates = tmp_path / "set"
    shutil.copytree(default_dir(), templates)
    broken = ["Objet : {{ titre }}", "Le marché {{ reference est passé."]
    (templates / "rc.docx").write_bytes(make_template(broken))
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        ["generate", JULES_VERNE, "-o", str(out), "--templates", str(templates)],
        env={"CLAUSEGEN_LANG": "fr"},
    )
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "corps du document, paragraphe 1: unknown-variable: « titre » n'est pas une variable du vocabulaire. "
        "Texte : « Objet : {{ titre }} » Suggestion : Vouliez-vous écrire « title » ?"
    )
    assert lines[1].endswith(
        "corps du document, paragraphe 2: unclosed-tag: La balise « {{ reference est passé. » n'est pas fermée "
        "dans ce paragraphe : il manque « }} ». Texte : « Le marché {{ reference est passé. » "
        "Suggestion : Ajoutez « }} » à la fin de la balise, dans ce même paragraphe (une "
        "balise {{ … }} ne peut pas continuer au paragraphe suivant)."
    )
    assert not out.exists()


def test_the_templates_folder_can_come_from_the_environment(
    runner: CliRunner, tmp_path: Path
) -> None:
    templates = tmp_path / "set"
    shutil.copytree(default_dir(), templates)
    (templates / "ae.docx").write_bytes(make_template(["Version modifiée pour {{ reference }}"]))
    result = runner.invoke(
        main,
        ["generate", JULES_VERNE, "-o", str(tmp_path), "--only", "ae"],
        env={"CLAUSEGEN_TEMPLATES": str(templates)},
    )
    assert result.exit_code == 0, result.output
    from clausegen.render.text import docx_text

    text = docx_text((tmp_path / "2026-TRV-014-ae.docx").read_bytes())
    assert "Version modifiée pour 2026-TRV-014" in text


def test_a_missing_templates_folder_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["generate", JULES_VERNE, "--templates", str(tmp_path / "no")])
    assert result.exit_code == 2
    assert "Directory" in result.stderr and "does not exist" in result.stderr


def test_a_templates_folder_without_manifest_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["generate", JULES_VERNE, "--templates", str(tmp_path)])
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {tmp_path}: has no templates.yaml; a template folder lists its templates in it\n"
    )


def test_existing_documents_are_kept_without_force(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / NAMES[1]).write_bytes(b"mine")
    result = runner.invoke(main, ["generate", JULES_VERNE, "-o", str(tmp_path)])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == (
        f"Error: {tmp_path / NAMES[1]}: already exists; use --force to replace it"
    )
    assert files_in(tmp_path) == [NAMES[1]]
    forced = runner.invoke(main, ["generate", JULES_VERNE, "-o", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert files_in(tmp_path) == sorted(NAMES)


def test_standard_input(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The description names its buyer profile relative to the current folder.
    text = Path(JULES_VERNE).read_text(encoding="utf-8")
    (tmp_path / "profiles").mkdir()
    shutil.copy(EXAMPLES / "profiles" / "pays-de-la-loire.yaml", tmp_path / "profiles")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["generate", "-", "-o", "out", "--only", "ccap"], input=text)
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path / "out") == ["2026-TRV-014-ccap.docx"]
    assert result.stderr.splitlines()[0].startswith("Warning: <stdin>: lot 2:")


def test_the_command_passes_its_options_to_the_library(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    real = batch_module.stage_run

    def spy(*args: Any, **kwargs: Any) -> batch_module.StagedRun:
        calls.append({"args": args, **kwargs})
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_module, "stage_run", spy)
    result = runner.invoke(
        main, ["generate", JULES_VERNE, "-o", str(tmp_path), "--only", "ccap,rc", "-j", "3"]
    )
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    assert calls[0]["args"] == ((JULES_VERNE,), tmp_path)
    assert calls[0]["only"] == ("ccap", "rc")
    assert calls[0]["jobs"] == 3
    assert calls[0]["templates"].directory == default_dir()


def test_the_pdf_formats_keep_the_run_in_memory(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def spy(*args: Any, **kwargs: Any) -> RenderedRun:
        calls.append(kwargs)
        raise OutputError(path=tmp_path, message="stopped by the test")

    monkeypatch.setattr(generate_module, "render_run", spy)
    result = runner.invoke(main, ["generate", JULES_VERNE, "-o", str(tmp_path), "--pdf"])
    assert result.stderr.splitlines()[-1] == f"Error: {tmp_path}: stopped by the test"
    assert calls[0]["pdf"] is True


def test_help_explains_the_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["generate", "--help"])
    assert result.exit_code == 0
    assert "<reference>-<id>.docx" in result.stdout
    assert "CLAUSEGEN_TEMPLATES" in result.stdout


def test_a_buyer_without_charter_gets_every_document_but_the_charter_annex(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["generate", AMO, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = [
        f"2027-PI-007-{i}.docx"
        for i in ("ccap", "rc", "ae", "suivi", "suivi-facilitateur", "note-calcul")
    ]
    assert result.stdout.splitlines() == [str(tmp_path / name) for name in names]
    assert result.stderr.splitlines()[-2:] == [
        f'Warning: {AMO}: the buyer "Région des Pays de la Loire" has no charter, so the '
        "document 'charte' is not produced",
        f"Wrote 6 documents for 2027-PI-007 in {tmp_path}",
    ]
    assert files_in(tmp_path) == sorted(names)


def test_asking_for_the_charter_annex_of_a_buyer_without_charter_is_an_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["generate", JULES_VERNE, AMO, "-o", str(out), "--only", "charte"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        f'Error: {AMO}: buyer: the buyer "Région des Pays de la Loire" has no charter, so the '
        "document 'charte' (the charter annex) cannot be produced: point buyer at a profile "
        "that has one (see 'clausegen profile init')"
    )
    assert files_in(out) == []
