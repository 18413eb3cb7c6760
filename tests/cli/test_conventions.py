"""The command-line conventions: -h, '-' for standard output, --json, --quiet, --zip, completion."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from clausegen.cli import _app, main
from tests.helpers import EXAMPLES, build_file_tree

LYCEE = str(EXAMPLES / "lycee-jules-verne.yaml")
PORTFOLIO = str(EXAMPLES / "portfolio")
LYCEE_WARNING = (
    f"Warning: {LYCEE}: lot 2: 109 insertion hours is under 150 h, below which practice "
    "advises against a clause"
)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("words", _commands(main), ids=" ".join)
def test_every_command_and_group_takes_h_and_quiet(
    runner: CliRunner, words: tuple[str, ...]
) -> None:
    short = runner.invoke(main, [*words, "-h"])
    assert short.exit_code == 0, short.output
    assert short.stdout == runner.invoke(main, [*words, "--help"]).stdout
    assert "-h, --help" in short.stdout
    assert "-q, --quiet" in short.stdout


def test_schema_dash_is_standard_output(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["schema", "-o", "-"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "clausegen contract description"
    assert result.stderr == ""


def test_hours_prints_its_warnings_on_standard_error_and_quiet_drops_them(
    runner: CliRunner,
) -> None:
    result = runner.invoke(main, ["hours", LYCEE])
    assert result.exit_code == 0
    assert "Warning" not in result.stdout
    assert result.stderr.splitlines() == [LYCEE_WARNING]
    for words in (["hours", "-q", LYCEE], ["-q", "hours", LYCEE], ["hours", "--quiet", LYCEE]):
        quiet = runner.invoke(main, words)
        assert quiet.exit_code == 0
        assert quiet.stderr == ""
        assert quiet.stdout == result.stdout


def test_quiet_keeps_the_errors(runner: CliRunner, tmp_path: Path) -> None:
    path = build_file_tree(tmp_path, {"c.yaml": "reference: A\n"}) / "c.yaml"
    result = runner.invoke(main, ["validate", "-q", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:1: title: required field is missing\n")


def test_validate_json_gives_the_valid_files_and_the_located_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = build_file_tree(tmp_path, {"c.yaml": "reference: A\ntitle: T\nkind: work\n"})
    bad = path / "c.yaml"
    result = runner.invoke(main, ["validate", "--json", LYCEE, str(bad)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["exit_code"] == 1
    assert data["valid"] == [
        {
            "file": LYCEE,
            "lots": 5,
            "insertion_hours": 1947,
            "warnings": [
                "lot 2: 109 insertion hours is under 150 h, below which practice advises "
                "against a clause"
            ],
        }
    ]
    assert [error["path"] for error in data["errors"]] == ["buyer", "lots", "kind"]
    assert data["errors"][2] == {
        "source": str(bad),
        "line": 3,
        "column": None,
        "path": "kind",
        "code": "contract",
        "message": "must be one of works, services, intellectual_services, supplies (got "
        "\"work\"); did you mean 'works'?",
    }


def test_an_error_of_a_command_with_json_is_json_on_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["hours", "--json", "absent.yaml"])
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == {
        "ok": False,
        "exit_code": 1,
        "errors": [
            {
                "source": "absent.yaml",
                "line": None,
                "column": None,
                "path": "",
                "code": "contract",
                "message": "file not found",
            }
        ],
    }


def test_a_usage_error_with_json_is_a_usage_record_with_exit_code_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["charter", "--json", "--bogus", LYCEE])
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "ok": False,
        "exit_code": 2,
        "errors": [
            {
                "source": None,
                "line": None,
                "column": None,
                "path": "",
                "code": "usage",
                "message": "No such option '--bogus'.",
            }
        ],
    }


def test_without_json_a_usage_error_stays_click_s(runner: CliRunner) -> None:
    result = runner.invoke(main, ["charter", "--bogus", LYCEE])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith("Error: No such option '--bogus'.\n")


def test_profile_check_json(runner: CliRunner) -> None:
    profile = str(EXAMPLES / "profiles" / "pays-de-la-loire.yaml")
    result = runner.invoke(main, ["profile", "check", "--json", profile])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["errors"] == []
    assert [item["file"] for item in data["valid"]] == [profile]


def _members(data: bytes) -> list[tuple[str, tuple[int, ...]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, info.date_time) for info in archive.infolist()]


def test_generate_zip_writes_every_document_into_one_stable_zip(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "dossier.zip"
    result = runner.invoke(main, ["generate", LYCEE, "--zip", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{target}\n"
    assert result.stderr.splitlines() == [
        LYCEE_WARNING,
        f"Wrote 7 documents for 2026-TRV-014 in {target}",
    ]
    first = target.read_bytes()
    assert _members(first) == [
        (f"2026-TRV-014-{name}.docx", (1980, 1, 1, 0, 0, 0))
        for name in ("ae", "ccap", "charte", "note-calcul", "rc", "suivi-facilitateur", "suivi")
    ]
    assert list(tmp_path.iterdir()) == [target]
    again = runner.invoke(main, ["generate", LYCEE, "--zip", str(target)])
    assert again.exit_code == 4
    assert again.stderr == f"Error: {target}: already exists; use --force to replace it\n"
    forced = runner.invoke(main, ["generate", LYCEE, "--zip", str(target), "--force", "-q"])
    assert forced.exit_code == 0
    assert forced.stderr == ""
    assert target.read_bytes() == first
    piped = runner.invoke(main, ["generate", LYCEE, "--zip", "-", "-q"])
    assert piped.exit_code == 0
    assert piped.stdout_bytes == first


def test_generate_zip_refuses_an_output_folder_and_json_on_standard_output(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["generate", LYCEE, "--zip", "a.zip", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: --zip and --output-dir cannot be used together: the zip holds the documents\n"
    )
    result = runner.invoke(main, ["generate", LYCEE, "--zip", "-", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["errors"][0]["message"] == (
        "--json and --zip - cannot be used together: both use standard output"
    )


def test_generate_json_says_what_was_written(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["generate", LYCEE, "-o", str(tmp_path), "--only", "ccap,rc", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "ok": True,
        "exit_code": 0,
        "written": [
            str(tmp_path / "2026-TRV-014-ccap.docx"),
            str(tmp_path / "2026-TRV-014-rc.docx"),
        ],
        "warnings": [
            "lot 2: 109 insertion hours is under 150 h, below which practice advises against "
            "a clause"
        ],
    }


def test_templates_export_json(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["templates", "export", str(tmp_path / "t"), "--json", "-q"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert str(tmp_path / "t" / "templates.yaml") in data["written"]
    assert result.stderr == ""


def test_report_dash_writes_the_chosen_format_instead_of_the_tables(runner: CliRunner) -> None:
    as_json = runner.invoke(main, ["report", PORTFOLIO, "-o", "-", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert as_json.stdout == runner.invoke(main, ["report", PORTFOLIO, "--json"]).stdout
    as_docx = runner.invoke(main, ["report", PORTFOLIO, "-o", "-", "--format", "docx"])
    assert as_docx.exit_code == 0
    assert zipfile.is_zipfile(io.BytesIO(as_docx.stdout_bytes))


def test_report_dash_needs_a_format_and_a_binary_one_no_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(main, ["report", PORTFOLIO, "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: -o - needs --format (docx, xlsx, csv, text, json)\n")
    monkeypatch.setattr(_app, "stdout_is_terminal", lambda: True)
    result = runner.invoke(main, ["report", PORTFOLIO, "-o", "-", "--format", "docx"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith(
        "Error: a docx report is binary and standard output is a terminal: redirect it "
        "(> file, | program) or give a file name\n"
    )


def _complete(runner: CliRunner, line: str) -> list[str]:
    words = line.split(" ")
    env = {
        "_CLAUSEGEN_COMPLETE": "bash_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    result = runner.invoke(main, [], prog_name="clausegen", env=env)
    return [item.split(",", 1)[1] for item in result.stdout.splitlines()]


def test_completion_gives_the_template_ids_and_the_formats(
    runner: CliRunner, tmp_path: Path
) -> None:
    assert _complete(runner, "clausegen generate --only c") == ["ccap", "charte"]
    assert _complete(runner, "clausegen generate --only ccap,r") == ["ccap,rc"]
    assert _complete(runner, "clausegen generate --format docx,") == [
        "docx,pdf",
        "docx,odt",
        "docx,eforms",
    ]
    assert _complete(runner, "clausegen report --format ") == [
        "docx",
        "xlsx",
        "csv",
        "text",
        "json",
    ]


REPORTING = [
    ("validate",),
    ("profile", "check"),
    ("hours",),
    ("charter",),
    ("decp",),
    ("report",),
    ("eforms",),
    ("opendata",),
    ("generate",),
    ("rates",),
    ("templates", "list"),
    ("templates", "export"),
    ("templates", "check"),
    ("templates", "variables"),
]


@pytest.mark.parametrize("words", REPORTING, ids=" ".join)
def test_every_command_that_reports_has_json(runner: CliRunner, words: tuple[str, ...]) -> None:
    result = runner.invoke(main, [*words, "-h"])
    assert result.exit_code == 0
    assert "  --json " in result.stdout
