"""Red team, disclosure: no file read that the caller did not allow, nothing of it echoed.

Issue 10: a contract given as a mapping with ``buyer: "/etc/passwd"`` made clausegen read
that file and print 1 381 of its characters; ``/etc/shadow`` lines came back as "unknown
field" messages; ``/proc/self/environ`` was read too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from clausegen import ContractError, ProfileError, load_contract, load_contract_text, load_profile
from clausegen.resolve import buyer as profiles
from tests.helpers import build_file_tree, contract_data, profile_data
from tests.security.hostile import (
    CONTRACT_YAML,
    SECRET_LINES,
    SECRET_TEXT,
    SHADOW_TEXT,
    cli,
    cli_process,
    files_under,
    leaked,
)

SHADOW_LINES = tuple(SHADOW_TEXT.splitlines())


def contract_error(source: Any, **options: Any) -> str:
    with pytest.raises(ContractError) as caught:
        load_contract(source, **options)
    return str(caught.value)


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if clausegen reads a profile (or even looks whether it exists)."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        pytest.fail("a buyer profile was read")

    monkeypatch.setattr(profiles, "read_readable_document", refuse)
    monkeypatch.setattr(Path, "exists", refuse)


# --- a contract without a file names a profile -------------------------------------------


@pytest.mark.parametrize(
    "buyer",
    [
        "/etc/passwd",
        "/etc/shadow",
        "/proc/self/environ",
        "../../../../../etc/hostname",
        "profiles/region.yaml",
        {"profile": "/etc/passwd", "name": "Ville"},
    ],
)
@pytest.mark.usefixtures("no_reading")
def test_a_mapping_names_a_profile_without_a_base_folder_and_nothing_is_read(
    buyer: str | dict[str, str],
) -> None:
    path = buyer if isinstance(buyer, str) else buyer["profile"]
    field = "buyer" if isinstance(buyer, str) else "buyer.profile"
    assert contract_error(contract_data(buyer=buyer)) == (
        f'<mapping>: {field}: names a buyer profile ("{path}"), but the contract comes from '
        "<mapping>, which has no folder to find it in: profiles can only be read when the "
        "caller says where from (base_dir)"
    )


@pytest.mark.usefixtures("no_reading")
def test_a_text_and_standard_input_name_a_profile_without_a_base_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = CONTRACT_YAML.replace('buyer: {name: "Ville"}', "buyer: /etc/passwd")
    with pytest.raises(ContractError) as caught:
        load_contract_text(text)
    assert str(caught.value) == (
        '<text>:4: buyer: names a buyer profile ("/etc/passwd"), but the contract comes from '
        "<text>, which has no folder to find it in: profiles can only be read when the caller "
        "says where from (base_dir)"
    )
    monkeypatch.setattr("sys.stdin", _Stdin(text.encode()))
    assert contract_error("-").startswith('<stdin>:4: buyer: names a buyer profile ("/etc/')


class _Stdin:
    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BytesIO(data)


def test_the_path_shown_is_short() -> None:
    message = contract_error(contract_data(buyer="a/" * 5000 + "passwd"))
    shown = "a/" * 100
    assert f'("{shown}…" (10 006 characters)), but the contract comes from' in message
    assert len(message) < 500


def test_with_a_base_folder_a_mapping_reads_its_profile(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"profiles/ville.yaml": profile_data()})
    contract = load_contract(contract_data(buyer="profiles/ville.yaml"), base_dir=tmp_path)
    assert contract.buyer.name == "Ville de Profil"
    text = CONTRACT_YAML.replace('buyer: {name: "Ville"}', "buyer: profiles/ville.yaml")
    assert load_contract_text(text, base_dir=tmp_path).buyer.name == "Ville de Profil"


# --- allowed folders -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "buyer", ["../secret.yaml", "profiles/../../secret.yaml", "{root}/secret.yaml", "link.yaml"]
)
def test_a_profile_outside_the_allowed_folders_is_refused(tmp_path: Path, buyer: str) -> None:
    build_file_tree(tmp_path, {"secret.yaml": SECRET_TEXT, "srv/profiles/ok.yaml": profile_data()})
    allowed = tmp_path / "srv" / "profiles"
    # NOTE: a symbolic link inside the allowed folder that points out of it is refused too.
    (allowed / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    buyer = buyer.format(root=tmp_path)
    for contract, name in (
        (contract_data(buyer=buyer), "<mapping>"),
        (build_file_tree(allowed, {"c.yaml": contract_data(buyer=buyer)}) / "c.yaml", None),
    ):
        message = contract_error(contract, base_dir=allowed, profile_dirs=[allowed])
        where = name or f"{allowed / 'c.yaml'}:4"
        assert message == (
            f'{where}: buyer: the buyer profile "{buyer}" is not in a folder that profiles may '
            f"be read from ({allowed}): refused"
        )
        assert leaked([message]) == []
    ok = load_contract(contract_data(buyer="ok.yaml"), base_dir=allowed, profile_dirs=[allowed])
    assert ok.buyer.profile == allowed / "ok.yaml"


# --- what is read is never echoed ----------------------------------------------------------


def test_a_text_file_as_a_profile_is_described_not_quoted(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"passwd": SECRET_TEXT})
    with pytest.raises(ProfileError) as caught:
        load_contract(contract_data(buyer="passwd"), base_dir=tmp_path)
    assert caught.value.lines() == [
        f"<mapping>: buyer: the buyer profile {tmp_path / 'passwd'} is invalid:",
        f"{tmp_path / 'passwd'}:1: must be a mapping of fields (name, service, facilitator, "
        "insertion, charter…) (got a text of 113 characters)",
    ]
    assert leaked(caught.value.lines()) == []


def test_a_file_read_as_a_mapping_of_unknown_keys_is_not_listed(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"shadow": SHADOW_TEXT})
    with pytest.raises(ProfileError) as caught:
        load_profile(tmp_path / "shadow")
    assert caught.value.lines() == [
        f"{tmp_path / 'shadow'}:1: is not a buyer profile: it has none of the fields of one "
        "(name, service, facilitator, insertion, charter…)"
    ]
    with pytest.raises(ContractError) as contract:
        load_contract(tmp_path / "shadow")
    assert contract.value.lines() == [
        f"{tmp_path / 'shadow'}:1: is not a contract description: it has none of the fields "
        "of one (reference, title, kind, buyer, lots…)"
    ]
    assert leaked([str(caught.value), str(contract.value)], SHADOW_LINES) == []


def test_a_binary_file_as_a_profile_says_nothing_of_its_content(tmp_path: Path) -> None:
    secret = b"\x7fELF\x02\x01\x01" + SECRET_TEXT.encode() + bytes(range(256))
    build_file_tree(tmp_path, {"ls": secret})
    with pytest.raises(ProfileError) as caught:
        load_contract(contract_data(buyer="ls"), base_dir=tmp_path)
    assert caught.value.lines()[1] == (
        f"{tmp_path / 'ls'}:5: is not UTF-8 text (byte 0x80); save the file as UTF-8"
    )
    assert leaked(caught.value.lines()) == []


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("/proc/self/environ", "is a file of the operating system, not a data file: refused"),
        ("/dev/zero", "is a file of the operating system, not a data file: refused"),
        ("loop.yaml", "is a symbolic link loop, not a file"),
        ("fifo.yaml", "is not a regular file (a pipe, socket or device): refused"),
    ],
)
def test_special_files_as_a_profile_are_refused_unread(
    tmp_path: Path, target: str, refusal: str
) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    # NOTE: a contract without a file is confined to base_dir; "/" lets the reading be tried.
    message = contract_error(contract_data(buyer=target), base_dir=tmp_path, profile_dirs=["/"])
    shown = target if target.startswith("/") else tmp_path / target
    assert message == f"<mapping>: buyer: buyer profile {shown} {refusal}"
    assert "PATH=" not in message


# --- through the command line -------------------------------------------------------------


def test_the_command_line_never_echoes_a_file_named_as_a_profile(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {
            "passwd": SECRET_TEXT,
            "shadow": SHADOW_TEXT,
            "a.yaml": CONTRACT_YAML.replace('buyer: {name: "Ville"}', "buyer: passwd"),
            "b.yaml": CONTRACT_YAML.replace('buyer: {name: "Ville"}', "buyer: shadow"),
        },
    )
    out = tmp_path / "out"
    for contract, line in (("a.yaml", "got a text of 113 characters)"), ("b.yaml", "none")):
        result = cli("generate", tmp_path / contract, "-o", out)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            f"Error: {tmp_path / contract}:4: buyer: the buyer profile "
            f"{tmp_path / contract.replace(contract, 'passwd' if line != 'none' else 'shadow')}"
            " is invalid:"
        )
        assert leaked([result.stdout, result.stderr], [*SECRET_LINES, *SHADOW_LINES]) == []
    assert files_under(out) == []


def test_standard_input_keeps_the_current_folder_and_refuses_special_files(
    tmp_path: Path,
) -> None:
    text = CONTRACT_YAML.replace('buyer: {name: "Ville"}', "buyer: /proc/self/environ")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    with (tmp_path / "c.yaml").open() as stdin:
        result = cli_process("hours", "-", cwd=tmp_path, stdin=stdin)
    assert result.returncode == 1
    # NOTE: standard input is confined to the current folder's tree, like base_dir.
    assert result.stderr == (
        'Error: <stdin>:4: buyer: the buyer profile "/proc/self/environ" is not in a folder '
        "that profiles may be read from (the current folder): refused\n"
    )
    assert "PATH=" not in result.stderr + result.stdout
