"""The profile and charter commands: exit codes, standard output and standard error."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from clausegen.cli import main
from clausegen.present.starters import starter_profile
from clausegen.validate.profile import profile_json_schema
from tests.helpers import (
    EXAMPLES,
    PAYS_DE_LA_LOIRE,
    RIVELUNE,
    build_file_tree,
    contract_data,
    profile_data,
)

S = "\u00a0"
AVENUE = EXAMPLES / "avenue-de-la-gare.yaml"


# --- clausegen profile check -----------------------------------------------------------------


def test_profile_check_reports_each_valid_profile(runner: CliRunner) -> None:
    result = runner.invoke(main, ["profile", "check", str(PAYS_DE_LA_LOIRE), str(RIVELUNE)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{PAYS_DE_LA_LOIRE}: valid (Région des Pays de la Loire; charter of 11 commitments, "
        "8 with rules)\n"
        f"{RIVELUNE}: valid (Métropole de Rivelune; charter of 6 commitments, 5 with rules)\n"
    )
    assert result.stderr == ""


def test_profile_check_exits_1_and_reports_every_invalid_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    charter = profile_data()["charter"]
    charter["commitments"][0]["rules"][0]["evidence"] = "Clause de {heure}"
    build_file_tree(
        tmp_path,
        {
            "bad.yaml": profile_data(charter=charter),
            "plain.yaml": profile_data(charter=None, website="https://example.fr"),
        },
    )
    bad, plain = tmp_path / "bad.yaml", tmp_path / "plain.yaml"
    result = runner.invoke(main, ["profile", "check", str(bad), str(plain), "absent.yaml"])
    assert result.exit_code == 1
    assert result.stdout == f"{plain}: valid (Ville de Profil; no charter)\n"
    assert result.stderr == (
        f"Error: {bad}:13: charter.commitments[0].rules[0].evidence: unknown placeholder "
        "{heure}; did you mean {heures}?\n"
        "Error: absent.yaml: file not found\n"
    )


def test_profile_check_reads_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(main, ["profile", "check", "-"], input=starter_profile())
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "<stdin>: valid (Nom de l'acheteur public; charter of 4 commitments, 3 with rules)\n"
    )


# --- clausegen profile init and schema -------------------------------------------------------


def test_profile_init_writes_a_valid_starting_profile(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "acheteur.yaml"
    result = runner.invoke(main, ["profile", "init", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == (f"Wrote {path}: edit it, then run 'clausegen profile check {path}'.\n")
    assert path.read_text(encoding="utf-8") == starter_profile()
    assert runner.invoke(main, ["profile", "check", str(path)]).exit_code == 0


def test_profile_init_keeps_an_existing_file_unless_forced(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = build_file_tree(tmp_path, {"p.yaml": "mine\n"}) / "p.yaml"
    result = runner.invoke(main, ["profile", "init", str(path)])
    assert result.exit_code == 4
    assert "already exists" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"
    result = runner.invoke(main, ["profile", "init", str(path), "--force"])
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == starter_profile()


def test_profile_init_prints_on_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["profile", "init", "-"])
    assert result.exit_code == 0
    assert result.stdout == starter_profile()


def test_profile_schema(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["profile", "schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == profile_json_schema()
    target = tmp_path / "profile.schema.json"
    result = runner.invoke(main, ["profile", "schema", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8")) == profile_json_schema()


# --- clausegen charter -----------------------------------------------------------------------


def test_charter_prints_the_commitments_and_why(runner: CliRunner) -> None:
    result = runner.invoke(main, ["charter", str(AVENUE)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "2027-RIV-021 — Requalification de l'avenue de la Gare\n"
        "Schéma de promotion des achats socialement et écologiquement responsables — "
        f"Métropole de Rivelune ({RIVELUNE.parent.parent / 'profiles' / RIVELUNE.name})\n"
        "\n"
        "Commitments this contract puts into practice (4 of 6):\n"
        "  1. Emploi et insertion\n"
        f"     2{S}466{S}heures d'insertion, soit 1,4 ETP, sur les lots 1 à 3\n"
        "       because rules[0] matches: insertion_clause is true and lot_count is at least 2\n"
        "  3. Accès des TPE, des PME et de l'économie sociale et solidaire\n"
        "     Marché découpé en 3 lots\n"
        "       because rules[0] matches: lot_count is at least 3\n"
        "     Variantes autorisées\n"
        "       because rules[1] matches: variants_allowed is true\n"
        "  4. Transition écologique\n"
        "     Clause environnementale : Réemploi sur place d'au moins 60 % des matériaux de "
        "déblai\n"
        "       because rules[0] matches: environmental.clause is true\n"
        "     Critère environnemental : Bilan carbone du chantier proposé par le candidat\n"
        "       because rules[1] matches: environmental.criterion is true\n"
        "  6. Information des entreprises\n"
        "     Réunion d'information des entreprises organisée pendant la consultation\n"
        "       because the contract includes it (charter.include)\n"
        "\n"
        "Not put into practice:\n"
        "  2. Handicap: no rule matches\n"
        "  5. Commerce équitable: no rule matches\n"
    )


def test_charter_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["charter", str(AVENUE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["reference"] == "2027-RIV-021"
    assert data["buyer"] == "Métropole de Rivelune"
    assert data["profile"] == str(AVENUE.parent / "profiles" / "metropole-rivelune.yaml")
    assert [item["number"] for item in data["applied"]] == [1, 3, 4, 6]
    assert data["applied"][3] == {
        "number": 6,
        "title": "Information des entreprises",
        "text": "Présenter aux entreprises du territoire les consultations à venir et les "
        "attentes de la Métropole en matière d'achats responsables.",
        "reason": "included",
        "included": True,
        "evidence": [
            {
                "sentence": "Réunion d'information des entreprises organisée pendant la "
                "consultation",
                "rule": None,
                "condition": "the contract includes it (charter.include)",
            }
        ],
    }
    assert data["not_applied"] == [
        {"number": 2, "title": "Handicap", "reason": "no_rule"},
        {"number": 5, "title": "Commerce équitable", "reason": "no_rule"},
    ]


def test_charter_when_the_contract_applies_no_commitment(runner: CliRunner, tmp_path: Path) -> None:
    data = contract_data(buyer=str(PAYS_DE_LA_LOIRE), mechanism="reserved_siae")
    path = build_file_tree(tmp_path, {"c.yaml": data}) / "c.yaml"
    result = runner.invoke(main, ["charter", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[3:6] == [
        "Commitments this contract puts into practice (0 of 11):",
        "  none",
        "",
    ]
    assert lines[6:8] == ["Not put into practice:", "  1. Coût global: no rule matches"]


def test_charter_without_a_charter_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    path = build_file_tree(tmp_path, {"c.yaml": contract_data()}) / "c.yaml"
    result = runner.invoke(main, ["charter", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f'Error: {path}: buyer: the buyer "Ville de Test" has no charter, so no commitment '
        "can be listed: point buyer at a profile that has one (see 'clausegen profile init')\n"
    )


def test_charter_from_standard_input_reads_a_relative_profile_from_the_current_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_file_tree(tmp_path, {"profiles/ville.yaml": profile_data()})
    monkeypatch.chdir(tmp_path)
    contract = json.dumps(contract_data(buyer="profiles/ville.yaml"))
    result = runner.invoke(main, ["charter", "-"], input=contract)
    assert result.exit_code == 0, result.output
    assert f"  1. Insertion\n     Clause de 714{S}heures\n" in result.stdout

    monkeypatch.chdir(tmp_path / "profiles")
    result = runner.invoke(main, ["charter", "-"], input=contract)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: <stdin>:1: buyer: buyer profile not found: profiles/ville.yaml (the contract "
        "comes from <stdin>, so a relative path starts from the current folder)\n"
    )


def test_charter_calls_the_library(runner: CliRunner) -> None:
    with mock.patch("clausegen.cli._profiles.review_charter") as review_charter:
        review_charter.side_effect = SystemExit(0)
        runner.invoke(main, ["charter", str(AVENUE)])
    contract, obligation = review_charter.call_args.args
    assert contract.reference == "2027-RIV-021"
    assert obligation.total_insertion_hours == 2466


# --- the other commands with profiles --------------------------------------------------------


def test_validate_reports_an_invalid_profile_and_the_contract_that_uses_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    profile = 'name: "Ville"\ninsertion:\n  hours_per_fte: 0\n'
    contract = 'reference: "A"\ntitle: "T"\nkind: works\nbuyer: ville.yaml\nlots: 3\n'
    build_file_tree(tmp_path, {"ville.yaml": profile, "c.yaml": contract})
    result = runner.invoke(main, ["validate", str(tmp_path / "c.yaml"), str(AVENUE)])
    assert result.exit_code == 1
    # NOTE: the contract's own problems come in the same run, then the profile's (issue 15).
    assert result.stderr == (
        f"Error: {tmp_path / 'c.yaml'}:5: lots: must be a list (got 3)\n"
        f"Error: {tmp_path / 'c.yaml'}:4: buyer: the buyer profile {tmp_path / 'ville.yaml'} "
        "is invalid:\n"
        f"Error: {tmp_path / 'ville.yaml'}:3: insertion.hours_per_fte: must be greater than 0 "
        "(got 0)\n"
    )
    assert result.stdout == f"{AVENUE}: valid (3 lots, 2466 insertion hours, 0 warnings)\n"


def test_hours_uses_the_profile_fte_convention(runner: CliRunner) -> None:
    result = runner.invoke(main, ["hours", str(AVENUE)])
    assert result.exit_code == 0, result.output
    assert "FTE = insertion hours ÷ 1820 hours per FTE (the buyer)\n" in result.stdout
    assert "Warnings" not in result.stdout
