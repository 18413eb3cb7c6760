"""One run: every document rendered in memory, then written all or nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from clausegen.errors import ContractError, ErrorGroup, ExitCode, OutputError, TemplateError
from clausegen.render.documents import output_name, render_document
from clausegen.render.templates import default_dir
from clausegen.write.run import generate, render_run
from tests.helpers import EXAMPLES, build_file_tree, contract_data
from tests.template_builders import make_template

EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def broken_set(target: Path, template_id: str = "ae") -> Path:
    """A copy of the default set whose ``template_id`` uses an undefined variable."""
    shutil.copytree(default_dir(), target)
    (target / f"{template_id}.docx").write_bytes(make_template(["Candidat : {{ candidat.nom }}"]))
    return target


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("2026-TRV-014", "2026-TRV-014-ccap.docx"),
        ("2027/TRV/021", "2027-TRV-021-ccap.docx"),
        ('a\\b:c*d?e"f<g>h|i', "a-b-c-d-e-f-g-h-i-ccap.docx"),
        ("..cachée", "cachée-ccap.docx"),
        ("///", "----ccap.docx"),
        ("..", "marche-ccap.docx"),
        ("Marché n° 12 (2027)", "Marché n° 12 (2027)-ccap.docx"),
    ],
)
def test_output_names_are_safe_for_every_file_system(reference: str, name: str) -> None:
    assert output_name(reference, "ccap") == name


def test_generate_writes_one_document_per_template(tmp_path: Path) -> None:
    written = generate(EXAMPLES / "lycee-jules-verne.yaml", tmp_path / "out")
    assert [p.name for p in written] == [
        "2026-TRV-014-ccap.docx",
        "2026-TRV-014-rc.docx",
        "2026-TRV-014-ae.docx",
        "2026-TRV-014-suivi.docx",
        "2026-TRV-014-suivi-facilitateur.docx",
        "2026-TRV-014-charte.docx",
        "2026-TRV-014-note-calcul.docx",
    ]
    assert files_in(tmp_path / "out") == sorted(p.name for p in written)


def test_the_file_name_is_safe_and_the_documents_print_the_reference_as_written(
    tmp_path: Path,
) -> None:
    written = generate(EXAMPLES / "amenagement-bourg.yaml", tmp_path, only=["rc"])
    assert [p.name for p in written] == ["2027-TRV-021-rc.docx"]
    document = docx.Document(io.BytesIO(written[0].read_bytes()))
    assert "2027/TRV/021" in document.sections[0].header.paragraphs[0].text
    assert document.core_properties.identifier == "2027/TRV/021-rc"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_the_same_contract_gives_the_same_bytes(path: Path, tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in generate(path, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in generate(path, tmp_path / "b")}
    assert first == second
    assert {p.name: p.read_bytes() for p in generate(path, tmp_path / "a", force=True)} == first


def test_existing_files_are_kept_without_force(tmp_path: Path) -> None:
    (tmp_path / "2026-TRV-014-rc.docx").write_bytes(b"the user's own file")
    with pytest.raises(OutputError) as caught:
        generate(EXAMPLES / "lycee-jules-verne.yaml", tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / '2026-TRV-014-rc.docx'}: already exists; use --force to replace it"
    )
    assert caught.value.exit_code is ExitCode.OUTPUT
    assert files_in(tmp_path) == ["2026-TRV-014-rc.docx"]
    assert (tmp_path / "2026-TRV-014-rc.docx").read_bytes() == b"the user's own file"
    generate(EXAMPLES / "lycee-jules-verne.yaml", tmp_path, force=True)
    assert (tmp_path / "2026-TRV-014-rc.docx").read_bytes() != b"the user's own file"


def test_every_existing_file_is_reported(tmp_path: Path) -> None:
    for name in ("2026-TRV-014-ccap.docx", "2026-TRV-014-suivi.docx"):
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(ErrorGroup) as caught:
        generate(EXAMPLES / "lycee-jules-verne.yaml", tmp_path)
    assert len(caught.value.lines()) == 2
    assert caught.value.exit_code is ExitCode.OUTPUT


def test_an_invalid_contract_writes_nothing(tmp_path: Path) -> None:
    contract = build_file_tree(tmp_path, {"c.yaml": contract_data(kind="roads")}) / "c.yaml"
    with pytest.raises(ContractError):
        generate(contract, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_failing_template_writes_nothing_not_even_the_documents_that_worked(
    tmp_path: Path,
) -> None:
    templates = broken_set(tmp_path / "set")
    with pytest.raises(TemplateError) as caught:
        generate(EXAMPLES / "lycee-jules-verne.yaml", tmp_path / "out", templates=templates)
    # NOTE: found by the template check before anything is rendered (issue 15).
    assert str(caught.value) == (
        f'{templates / "ae.docx"}: body, paragraph 1: unknown-variable: "candidat" is not a '
        'variable of the vocabulary. Text: "Candidat : {{ candidat.nom }}" Suggestion: The list '
        'of the variables: "clausegen templates variables".'
    )
    assert not (tmp_path / "out").exists()


def test_nothing_is_left_behind_when_a_run_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "2027-PI-007-suivi.docx").write_bytes(b"x")
    with pytest.raises(OutputError):
        render_run(
            [EXAMPLES / "lycee-jules-verne.yaml", EXAMPLES / "amo-transition-energetique.yaml"],
            out,
        ).write()
    assert files_in(out) == ["2027-PI-007-suivi.docx"]


def test_a_run_reports_every_problem_of_every_contract(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {"a.yaml": contract_data(kind="roads"), "b.yaml": contract_data(reference=" ")},
    )
    templates = broken_set(tmp_path / "set", "suivi")
    sources = [tmp_path / "a.yaml", EXAMPLES / "lycee-jules-verne.yaml", tmp_path / "b.yaml"]
    ticks: list[int] = []
    with pytest.raises(ErrorGroup) as caught:
        render_run(sources, tmp_path / "out", templates=templates, progress=lambda: ticks.append(1))
    lines = caught.value.lines()
    # NOTE: the broken template is found by the template check, before any contract (issue 15).
    assert lines[0] == (
        f'{templates / "suivi.docx"}: body, paragraph 1: unknown-variable: "candidat" is not '
        'a variable of the vocabulary. Text: "Candidat : {{ candidat.nom }}" Suggestion: The '
        'list of the variables: "clausegen templates variables".'
    )
    assert lines[1].startswith(f"{tmp_path / 'a.yaml'}:3: kind: must be one of works,")
    assert lines[2] == f'{tmp_path / "b.yaml"}:1: reference: must not be empty (got " ")'
    # NOTE: the first error's: the templates are checked first, as a refused file always was.
    assert caught.value.exit_code is ExitCode.TEMPLATE
    assert len(ticks) == 21
    assert not (tmp_path / "out").exists()


def test_two_contracts_that_would_write_the_same_file_are_refused(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "a.yaml": contract_data(reference="2027/A"),
            "b.yaml": contract_data(reference="2027-A"),
        },
    )
    with pytest.raises(ErrorGroup) as caught:
        render_run([tmp_path / "a.yaml", tmp_path / "b.yaml"], tmp_path / "out")
    assert caught.value.lines()[0] == (
        f"{tmp_path / 'out' / '2027-A-ccap.docx'}: would be written for both "
        f"{tmp_path / 'a.yaml'} and {tmp_path / 'b.yaml'}; give the contracts different "
        "references or generate them apart"
    )
    assert len(caught.value.lines()) == 6


def test_only_some_templates(tmp_path: Path) -> None:
    written = generate(EXAMPLES / "lycee-jules-verne.yaml", tmp_path, only=["suivi", "ccap"])
    assert [p.name for p in written] == ["2026-TRV-014-ccap.docx", "2026-TRV-014-suivi.docx"]


def test_an_unknown_template_id_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="no template with id 'charter'"):
        generate(EXAMPLES / "lycee-jules-verne.yaml", tmp_path, only=["charter"])


def test_render_document_accepts_a_contract_a_path_or_a_mapping() -> None:
    from clausegen.resolve.loading import load_contract

    by_path = render_document(EXAMPLES / "lycee-jules-verne.yaml", "rc")
    by_contract = render_document(load_contract(EXAMPLES / "lycee-jules-verne.yaml"), "rc")
    assert by_path == by_contract
    assert render_document(contract_data(), "ae")[:2] == b"PK"


def test_the_documents_carry_their_properties(tmp_path: Path) -> None:
    path = generate(EXAMPLES / "lycee-jules-verne.yaml", tmp_path, only=["ccap"])[0]
    core = docx.Document(io.BytesIO(path.read_bytes())).core_properties
    assert core.title == (
        "Action d'insertion professionnelle — Rénovation énergétique du lycée Jules Verne"
    )
    assert core.subject == "2026-TRV-014 — Rénovation énergétique du lycée Jules Verne"
    assert core.author == "Région des Pays de la Loire"
    assert core.category == "Cahier des clauses administratives particulières (CCAP)"
    assert core.created is not None
    assert core.created.date().isoformat() == "2026-11-25"
