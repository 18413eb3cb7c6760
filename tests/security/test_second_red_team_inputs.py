"""Red team, second pass: what callers and data files give clausegen.

A second red team found that ``base_dir`` alone did not confine a mapping's profile, that
explicit YAML tags (``!!timestamp nonsense``) gave tracebacks, that a 5 000-digit number in
DECP JSON did too, that a data file's escape sequences and whole first lines reached the
terminal, and that the library's figures and argument types were not checked.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from clausegen import (
    ContractError,
    ProfileError,
    build_context,
    load_contract,
    load_contract_text,
    portfolio_report,
)
from clausegen.errors import ClausegenError
from clausegen.inputs import UsageError
from clausegen.limits import Limits
from clausegen.opendata import social_shares
from clausegen.render.lint import lint_template
from tests.helpers import EXAMPLES, build_file_tree, contract_data, profile_data
from tests.security.cli import CONTRACT, run
from tests.security.hostile import SECRET_TEXT, cli_process, leaked

# --- base_dir is the jail of a contract without a file --------------------------------------


@pytest.mark.parametrize("buyer", ["{root}/secret/ville.yaml", "../secret/ville.yaml"])
def test_base_dir_alone_confines_the_profile_of_a_mapping(tmp_path: Path, buyer: str) -> None:
    build_file_tree(
        tmp_path,
        {
            "secret/ville.yaml": profile_data(name="SECRET buyer"),
            "srv/profiles/ok.yaml": profile_data(),
        },
    )
    allowed = tmp_path / "srv" / "profiles"
    shown = buyer.format(root=tmp_path)
    for contract in (
        contract_data(buyer=shown),
        {"text": yaml.safe_dump(contract_data(buyer=shown))},
    ):
        with pytest.raises(ContractError) as caught:
            if "text" in contract:
                load_contract_text(contract["text"], base_dir=allowed)
            else:
                load_contract(contract, base_dir=allowed)
        message = str(caught.value)
        assert message.endswith(
            f'buyer: the buyer profile "{shown}" is not in a folder that profiles may be read '
            f"from ({allowed}): refused"
        )
        assert "SECRET" not in message
    assert (
        load_contract(contract_data(buyer="ok.yaml"), base_dir=allowed).buyer.name != "SECRET buyer"
    )


def test_profile_dirs_adds_folders_beside_base_dir(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"shared/ville.yaml": profile_data(name="Ville partagée")})
    (tmp_path / "srv").mkdir()
    contract = load_contract(
        contract_data(buyer=str(tmp_path / "shared" / "ville.yaml")),
        base_dir=tmp_path / "srv",
        profile_dirs=[tmp_path / "shared"],
    )
    assert contract.buyer.name == "Ville partagée"


def test_a_symbolic_link_out_of_base_dir_is_refused(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"secret.yaml": profile_data(name="SECRET"), "srv/x": ""})
    (tmp_path / "srv" / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    with pytest.raises(ContractError) as caught:
        load_contract(contract_data(buyer="link.yaml"), base_dir=tmp_path / "srv")
    assert "is not in a folder that profiles may be read from" in str(caught.value)
    assert "SECRET" not in str(caught.value)


def test_standard_input_finds_its_profile_in_the_current_folder_only(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {"secret/p.yaml": profile_data(), "work/profiles/p.yaml": profile_data(name="Ville")},
    )
    work = tmp_path / "work"
    stderr = {}
    for buyer, code in (("profiles/p.yaml", 0), ("../secret/p.yaml", 1)):
        text = yaml.safe_dump(contract_data(buyer=buyer))
        (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
        with (tmp_path / "c.yaml").open() as stdin:
            done = cli_process("validate", "-", cwd=work, stdin=stdin)
        assert done.returncode == code
        stderr[buyer] = done.stderr
    assert stderr["../secret/p.yaml"] == (
        'Error: <stdin>:1: buyer: the buyer profile "../secret/p.yaml" is not in a folder that '
        "profiles may be read from (the current folder): refused\n"
    )


def test_a_file_that_is_mostly_not_a_profile_is_not_listed(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {"creds.yaml": "name: prod-db\npassword: SECRET-pw\napi_key: SECRET-key\n"},
    )
    with pytest.raises(ProfileError) as caught:
        load_contract(contract_data(buyer="creds.yaml"), base_dir=tmp_path)
    assert caught.value.lines()[1] == (
        f"{tmp_path / 'creds.yaml'}:1: is not a buyer profile: most of its fields are not a "
        "profile's (name, service, facilitator, insertion, charter…)"
    )
    assert "password" not in str(caught.value)
    assert "api_key" not in str(caught.value)


# --- explicit YAML tags --------------------------------------------------------------------------


TAG_MESSAGE = (
    "the value cannot be read as what its tag says (a description needs no explicit YAML "
    "tag: remove it)"
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!timestamp nonsense", f"the tag !!timestamp: {TAG_MESSAGE}"),
        ("!!bool maybe", f"the tag !!bool: {TAG_MESSAGE}"),
        ("!!float x", f"the tag !!float: {TAG_MESSAGE}"),
        ("!!int abc", "the tag !!int: the value is not a whole number"),
    ],
)
def test_an_explicit_tag_that_does_not_fit_is_a_located_error(
    tmp_path: Path, value: str, message: str
) -> None:
    text = f'reference: "T-1"\ntitle: {value}\n'
    with pytest.raises(ContractError) as caught:
        load_contract_text(text)
    assert str(caught.value) == f"<text>:2:8: invalid YAML: {message}"
    build_file_tree(tmp_path, {"p.yaml": f"name: X\ninsertion: {{hours_per_fte: {value}}}\n"})
    outcome = run("profile", "check", "p.yaml", cwd=tmp_path)
    assert (outcome.code, outcome.errors(tmp_path)) == (
        1,
        [f"Error: p.yaml:2:28: invalid YAML: {message}"],
    )


def test_an_explicit_tag_in_the_manifest_is_a_finding(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"t/templates.yaml": "templates:\n- id: !!bool maybe\n"})
    outcome = run("templates", "list", "--templates", "t", cwd=tmp_path)
    assert outcome.code == 3
    assert outcome.errors(tmp_path) == [
        f"Error: t/templates.yaml:2: invalid YAML: the tag !!bool: {TAG_MESSAGE}"
    ]
    check = run("templates", "check", "t", cwd=tmp_path)
    assert check.code == 3
    assert "Traceback" not in check.stderr


# --- open data: big numbers, escapes, first lines -----------------------------------------------


def test_a_huge_number_in_decp_json_is_a_clean_error(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"o.json": '{"marches": {"marche": [{"id": ' + "9" * 5000 + "}]}}"})
    outcome = run("opendata", "o.json", cwd=tmp_path)
    assert (outcome.code, outcome.errors(tmp_path)) == (
        1,
        ["Error: o.json:1: invalid JSON: a number too long to read (more than 4 300 digits)"],
    )


def test_escape_sequences_of_a_decp_file_never_reach_the_terminal(tmp_path: Path) -> None:
    rows = (
        "id,acheteur_id,dateNotification,considerationsSociales\n"
        "1,111\x1bc,2024-01-01,Sans objet\n"
        "2,222\x1b]0;T\x07,2024-01-01,Sans objet\n"
        "3,111\x1bc,2024-01-01,X\x1b]2;TITLE\x07Y\n"
    )
    build_file_tree(tmp_path, {"od.csv": rows.encode()})
    outcome = run("opendata", "od.csv", cwd=tmp_path)
    assert outcome.code == 1
    assert "\x1b" not in outcome.stderr + outcome.stdout
    assert "\x07" not in outcome.stderr + outcome.stdout
    assert (
        'Error: od.csv:4: considerationsSociales: unknown value "X\\u001b]2"; DECP writes'
        in outcome.stderr
    )
    assert 'buyers ("111\\u001bc", "222\\u001b]0;T\\u0007")' in outcome.stderr


def test_a_file_without_a_known_column_is_not_quoted(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"shadow": SECRET_TEXT})
    outcome = run("report", EXAMPLES / "portfolio", "-r", "shadow", cwd=tmp_path)
    assert outcome.code == 1
    assert leaked([outcome.stderr, outcome.stdout]) == []
    assert "(the header line has 1 cell, none of them a known column)" in outcome.stderr


def test_a_wide_header_is_quoted_in_part(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"w.csv": "id," + ",".join(f"s{i}" for i in range(300)) + "\n"})
    outcome = run("opendata", "w.csv", cwd=tmp_path)
    assert outcome.errors(tmp_path) == [
        "Error: w.csv:1: missing columns dateNotification, considerationsSociales (the header "
        'line has "id", "s0", "s1", "s2", "s3", "s4", "s5", "s6" and 293 more): not a '
        "consolidated DECP file"
    ]


# --- library arguments ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal(-5), "must be greater than 0 (got -5)"),
        (Decimal(0), "must be greater than 0 (got 0)"),
        (
            Decimal("1e400"),
            "must be between 100 and 8 784 hours (a leap year has 8 784) (got 1E+400)",
        ),
        (
            Decimal("NaN"),
            'must be a number such as 1200000, "1 200 000" or "1 200 000,50" (got NaN)',
        ),
    ],
)
def test_portfolio_report_checks_its_fte_convention(value: Decimal, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        portfolio_report([CONTRACT], hours_per_fte=value)
    assert str(caught.value) == f"hours_per_fte: {message}"
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("target", "shown"), [(Decimal(0), "0"), (Decimal(-1), "-1"), (Decimal("NaN"), "NaN"), (2, "2")]
)
def test_social_shares_checks_its_target(tmp_path: Path, target: Any, shown: str) -> None:
    with pytest.raises(UsageError) as caught:
        social_shares([tmp_path / "o.json"], target=target)
    assert str(caught.value) == (
        f"target: must be a fraction above 0 and at most 1, such as 0.30 (got {shown})"
    )


def test_build_context_takes_a_path_or_a_mapping() -> None:
    from_path = build_context(EXAMPLES / "amenagement-bourg.yaml")
    data = yaml.safe_load((EXAMPLES / "amenagement-bourg.yaml").read_text(encoding="utf-8"))
    assert build_context(data) == from_path


#: Values of the wrong type, as a program in another language might pass them.
_BYTES: Any = b"c.yaml"
_NUMBER: Any = 123
_TEXT: Any = "ccap.docx"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: load_contract_text(_BYTES), "text: must be a text (str), not bytes"),
        (
            lambda: load_contract(contract_data(), base_dir=_BYTES),
            "base_dir: must be a path given as text or a path object (got bytes)",
        ),
        (
            lambda: load_contract(contract_data(), base_dir=_NUMBER),
            "base_dir: must be a path given as text or a path object (got int)",
        ),
        (
            lambda: build_context(_BYTES),
            "source: must be a path given as text or a path object (got bytes)",
        ),
        (
            lambda: lint_template(_TEXT, name="x.docx"),
            "data: must be the bytes of a .docx file, not str",
        ),
    ],
)
def test_arguments_of_the_wrong_type_are_usage_errors(call: Any, message: str) -> None:
    with pytest.raises(ClausegenError) as caught:
        call()
    assert isinstance(caught.value, UsageError)
    assert str(caught.value) == message


def test_the_default_data_limit_keeps_a_read_within_seconds() -> None:
    # NOTE: measured: about 18 000 lines (1.4 MB) a second and 16 times the file in memory.
    assert Limits().data_bytes == 16 * 1024 * 1024
