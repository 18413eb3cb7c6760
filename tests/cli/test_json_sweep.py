"""Every command tried as issue 15 says: ``--json`` on success and failure, ``--quiet``.

The commands come from a walk of the Click tree, so that a new command cannot escape: it
must be given a success case and a failure case here (or be named among those that do not
report, with the reason). With ``--json``, standard output holds one JSON document and
nothing else; a failure is ``{"ok": false, "exit_code", "errors": [records]}`` with the
exit code of the same command without ``--json`` (plus, for the commands whose failure
still gives results, those results beside them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from clausegen.cli import main
from clausegen.render.templates import MANIFEST
from tests.helpers import EXAMPLES, PAYS_DE_LA_LOIRE, build_file_tree
from tests.portfolio_builders import portfolio

LYCEE = str(EXAMPLES / "lycee-jules-verne.yaml")
DECP = str(EXAMPLES / "opendata" / "decp-consolide-2023-2024.csv")
RECORD_KEYS = {"source", "line", "column", "path", "code", "message"}

Words = tuple[str, ...]
Case = Callable[[Path], list[str]]


def _leaves(group: click.Group, prefix: Words = ()) -> list[Words]:
    found: list[Words] = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _leaves(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def _command(words: Words) -> click.Command:
    command: click.Command = main
    for word in words:
        assert isinstance(command, click.Group)
        command = command.commands[word]
    return command


def _has_json(words: Words) -> bool:
    return any("--json" in getattr(param, "opts", ()) for param in _command(words).params)


COMMANDS = _leaves(main)

#: The commands without --json, and why: what they print is a file's content or a service.
NOT_REPORTING = {
    ("schema",): "prints a JSON schema, which is JSON already",
    ("init",): "writes a starting YAML description",
    ("profile", "init"): "writes a starting YAML profile",
    ("profile", "schema"): "prints a JSON schema, which is JSON already",
    ("serve",): "runs the HTTP service, which answers in JSON",
}


def _bad_contract(tmp_path: Path) -> str:
    return str(build_file_tree(tmp_path, {"bad.yaml": "reference: A\n"}) / "bad.yaml")


def _rejected_realised(tmp_path: Path) -> list[str]:
    root = portfolio(tmp_path)
    realised = root / "realised.csv"
    with realised.open("a", encoding="utf-8") as lines:
        lines.write("A-1;7;P9;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;4\n")
    return ["report", str(root / "contracts"), "-r", str(realised)]


def _rejected_decp(tmp_path: Path) -> list[str]:
    text = "id,dateNotification,considerationsSociales\n1,2025-01-10,Clause\n"
    return ["opendata", str(build_file_tree(tmp_path, {"d.csv": text}) / "d.csv")]


def _existing_document(tmp_path: Path) -> list[str]:
    build_file_tree(tmp_path, {"out/2026-TRV-014-rc.docx": b"mine"})
    return ["generate", LYCEE, "--only", "rc", "-o", str(tmp_path / "out")]


def _broken_manifest(tmp_path: Path) -> str:
    return str(build_file_tree(tmp_path, {f"t/{MANIFEST}": "templates:\n  - id: x\n"}) / "t")


def _existing_export(tmp_path: Path) -> list[str]:
    build_file_tree(tmp_path, {f"t/{MANIFEST}": "mine\n"})
    return ["templates", "export", str(tmp_path / "t")]


#: A run that succeeds, for every command (``--json`` added for those that have it).
SUCCESS: dict[Words, Case] = {
    ("generate",): lambda tmp: ["generate", LYCEE, "--only", "rc", "-o", str(tmp / "out")],
    ("eforms",): lambda _: ["eforms", LYCEE],
    ("report",): lambda _: ["report", str(EXAMPLES / "portfolio")],
    ("decp",): lambda _: ["decp", LYCEE],
    ("hours",): lambda _: ["hours", LYCEE],
    ("validate",): lambda _: ["validate", LYCEE],
    ("rates",): lambda _: ["rates"],
    ("opendata",): lambda _: ["opendata", DECP],
    ("profile", "check"): lambda _: ["profile", "check", str(PAYS_DE_LA_LOIRE)],
    ("charter",): lambda _: ["charter", LYCEE],
    ("templates", "list"): lambda _: ["templates", "list"],
    ("templates", "export"): lambda tmp: ["templates", "export", str(tmp / "t")],
    ("templates", "check"): lambda _: ["templates", "check"],
    ("templates", "variables"): lambda _: ["templates", "variables"],
    ("schema",): lambda _: ["schema", "-o", "-"],
    ("init",): lambda _: ["init", "-"],
    ("profile", "init"): lambda _: ["profile", "init", "-"],
    ("profile", "schema"): lambda _: ["profile", "schema"],
}

#: A run that fails, its exit code, and the results a failure still gives beside the errors.
FAILURE: dict[Words, tuple[Case, int, set[str]]] = {
    ("generate",): (_existing_document, 4, set()),
    ("eforms",): (lambda tmp: ["eforms", _bad_contract(tmp)], 1, set()),
    ("report",): (
        _rejected_realised,
        1,
        {"date", "key_figures", "by_kind", "by_mechanism", "contracts", "realised", "orders"}
        | {"warnings"},
    ),
    ("decp",): (lambda tmp: ["decp", _bad_contract(tmp)], 1, set()),
    ("hours",): (lambda tmp: ["hours", _bad_contract(tmp)], 1, set()),
    ("validate",): (lambda tmp: ["validate", LYCEE, _bad_contract(tmp)], 1, {"valid"}),
    ("rates",): (lambda _: ["rates", "extra"], 2, set()),
    ("opendata",): (_rejected_decp, 1, {"years", "target"}),
    ("profile", "check"): (
        lambda tmp: ["profile", "check", str(PAYS_DE_LA_LOIRE), _bad_contract(tmp)],
        1,
        {"valid"},
    ),
    ("charter",): (lambda tmp: ["charter", _bad_contract(tmp)], 1, set()),
    ("templates", "list"): (
        lambda tmp: ["templates", "list", "--templates", _broken_manifest(tmp)],
        3,
        set(),
    ),
    ("templates", "export"): (_existing_export, 4, set()),
    ("templates", "check"): (
        lambda tmp: ["templates", "check", _broken_manifest(tmp)],
        3,
        {"findings"},
    ),
    ("templates", "variables"): (lambda _: ["templates", "variables", "extra"], 2, set()),
}

REPORTING = [words for words in COMMANDS if words not in NOT_REPORTING]


def test_every_command_is_swept() -> None:
    assert sorted(REPORTING) == sorted(FAILURE)
    assert sorted(COMMANDS) == sorted([*SUCCESS, ("serve",)])
    assert [words for words in COMMANDS if _has_json(words)] == REPORTING


@pytest.mark.parametrize("words", REPORTING, ids=" ".join)
def test_json_on_success_is_one_document(runner: CliRunner, tmp_path: Path, words: Words) -> None:
    result = runner.invoke(main, [*SUCCESS[words](tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert "Error" not in result.stderr


def _json_failure(result: Result, code: int, extra: set[str]) -> list[dict[str, object]]:
    assert result.exit_code == code, result.output
    data = json.loads(result.stdout)  # one document, nothing else on standard output
    assert set(data) == {"ok", "exit_code", "errors"} | extra
    assert (data["ok"], data["exit_code"]) == (False, code)
    assert data["errors"]
    assert all(set(error) == RECORD_KEYS for error in data["errors"])
    assert "Error" not in result.stderr
    errors: list[dict[str, object]] = data["errors"]
    return errors


@pytest.mark.parametrize("words", REPORTING, ids=" ".join)
def test_json_on_failure_has_the_exit_code_and_the_errors_of_the_text(
    runner: CliRunner, tmp_path: Path, words: Words
) -> None:
    case, code, extra = FAILURE[words]
    args = case(tmp_path)
    plain = runner.invoke(main, args)
    assert plain.exit_code == code, plain.output
    errors = _json_failure(runner.invoke(main, [*args, "--json"]), code, extra)
    for error in errors:
        assert str(error["message"]) in plain.stdout + plain.stderr


@pytest.mark.parametrize("words", REPORTING, ids=" ".join)
def test_json_on_a_usage_error_is_a_usage_record(runner: CliRunner, words: Words) -> None:
    result = runner.invoke(main, [*words, "--json", "--no-such-option"])
    assert _json_failure(result, 2, set()) == [
        {
            "source": None,
            "line": None,
            "column": None,
            "path": "",
            "code": "usage",
            "message": "No such option '--no-such-option'.",
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "frobnicate"], "No such option '--json'. Did you mean '--version'?"),
        (["frobnicate", "--json"], "No such command 'frobnicate'."),
        (["templates", "frob", "--json"], "No such command 'frob'."),
        (["report", "--json", "--bad-option"], "No such option '--bad-option'."),
    ],
)
def test_json_on_a_usage_error_before_the_command_is_known(
    runner: CliRunner, args: list[str], message: str
) -> None:
    (error,) = _json_failure(runner.invoke(main, args), 2, set())
    assert error["message"] == message


@pytest.mark.parametrize("words", sorted(SUCCESS), ids=" ".join)
def test_quiet_leaves_standard_error_empty_on_success(
    runner: CliRunner, tmp_path: Path, words: Words
) -> None:
    result = runner.invoke(main, [*SUCCESS[words](tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.parametrize("words", [("hours",), ("generate",), ("validate",)], ids=" ".join)
def test_without_quiet_the_same_runs_warn(runner: CliRunner, tmp_path: Path, words: Words) -> None:
    result = runner.invoke(main, SUCCESS[words](tmp_path))
    assert result.exit_code == 0, result.output
    assert "lot 2: 109 insertion hours is under 150 h" in result.stderr
