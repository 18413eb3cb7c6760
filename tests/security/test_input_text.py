"""Red team, texts: control characters, names that cannot be files, fields too long.

Issue 10: a NUL, BEL, ESC or vertical tab (Word pastes ``\\x0b``) ended in a traceback; a
right-to-left override in a reference ended up in file names; a 100-emoji reference
validated but could not be written; a 50 MB title was blamed on the bundled template.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clausegen import ContractError, ProfileError, load_contract, load_profile, read_realised_hours
from tests.helpers import build_file_tree, contract_data, profile_data
from tests.security.hostile import CONTRACT_YAML, cli, files_under

VT_ADVICE = (
    "Word writes a manual line break (Shift+Enter) this way when its text is copied: replace "
    "it with a space, or with a line break where the field takes several lines"
)


def messages(source: Any) -> list[str]:
    with pytest.raises(ContractError) as caught:
        load_contract(source)
    return caught.value.lines()


# --- control characters in descriptions --------------------------------------------------

RAW = [
    ("\x00", "a NUL character (U+0000): remove it"),
    ("\x07", "a bell character (U+0007): remove it"),
    ("\x1b", "an escape character (U+001B): remove it"),
    ("\x0b", f"a vertical tab (U+000B): {VT_ADVICE}"),
    (
        "\x0c",
        "a form feed (U+000C): Word writes a page break this way when its text is copied: "
        "remove it",
    ),
    ("\x7f", "a delete character (U+007F): remove it"),
    ("\x85", "a next-line character (NEL) (U+0085): remove it"),
    ("\x9b", "a control character (U+009B): remove it"),
]


@pytest.mark.parametrize(("character", "message"), RAW, ids=lambda v: repr(v)[:12])
def test_a_raw_control_character_is_located_by_line_column_and_field(
    tmp_path: Path, character: str, message: str
) -> None:
    text = CONTRACT_YAML.replace('title: "Travaux"', f'title: "Trav{character}aux"')
    path = build_file_tree(tmp_path, {"c.yaml": text.encode("utf-8")}) / "c.yaml"
    assert messages(path) == [f"{path}:2:13: title: contains {message}"]


@pytest.mark.parametrize(
    ("escape", "message"),
    [
        ("\\0", "a NUL character (U+0000) at character 5: remove it"),
        ("\\a", "a bell character (U+0007) at character 5: remove it"),
        ("\\x07", "a bell character (U+0007) at character 5: remove it"),
        ("\\e", "an escape character (U+001B) at character 5: remove it"),
        ("\\v", f"a vertical tab (U+000B) at character 5: {VT_ADVICE}"),
        ("\\u000b", f"a vertical tab (U+000B) at character 5: {VT_ADVICE}"),
        ("\\N", "a next-line character (NEL) (U+0085) at character 5: remove it"),
    ],
)
def test_a_control_character_written_as_a_yaml_escape(
    tmp_path: Path, escape: str, message: str
) -> None:
    text = CONTRACT_YAML.replace('title: "Travaux"', f'title: "Trav{escape}aux"')
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    assert messages(path) == [f"{path}:2:8: title: contains {message}"]


def test_control_characters_in_json_escaped_and_raw(tmp_path: Path) -> None:
    data = contract_data(title="Trav\vaux", location="Nantes\x7f", buyer={"name": "Ville\x1b[2J"})
    path = build_file_tree(tmp_path, {"c.json": json.dumps(data)}) / "c.json"
    assert messages(path) == [
        f"{path}:1:33: title: contains a vertical tab (U+000B) at character 5: {VT_ADVICE}",
        f"{path}:1:85: buyer.name: contains an escape character (U+001B) at character 6: remove it",
        f"{path}:1:290: location: contains a delete character (U+007F) at character 7: remove it",
    ]
    raw = json.dumps(data, ensure_ascii=False).replace("\\u000b", "\x0b").replace("\\u001b", "")
    path.write_text(raw, encoding="utf-8")
    # NOTE: JSON itself refuses a raw control character in a string, but not DEL.
    assert messages(path) == [
        f"{path}:1:38: title: contains a vertical tab (U+000B): {VT_ADVICE}",
        f"{path}:1:281: location: contains a delete character (U+007F): remove it",
    ]


REORDER_ADVICE = "remove it (it makes the text read in another order than it is written)"


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u202a", "a left-to-right embedding (U+202A)"),
        ("\u202b", "a right-to-left embedding (U+202B)"),
        ("\u202c", "a pop-directional-formatting character (U+202C)"),
        ("\u202d", "a left-to-right override (U+202D)"),
        ("\u202e", "a right-to-left override (U+202E)"),
        ("\u2066", "a left-to-right isolate (U+2066)"),
        ("\u2067", "a right-to-left isolate (U+2067)"),
        ("\u2068", "a first-strong isolate (U+2068)"),
        ("\u2069", "a pop-directional-isolate character (U+2069)"),
    ],
)
def test_a_bidi_reordering_character_in_a_title_is_refused_before_any_output(
    tmp_path: Path, character: str, name: str
) -> None:
    # Issue 10: a right-to-left override in a title reached `hours` and the documents.
    text = CONTRACT_YAML.replace('title: "Travaux"', f'title: "Trav{character}aux"')
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    escaped = json.dumps(f"Trav{character}aux")
    result = cli("hours", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}:2:8: title: contains {name} at character 5: {REORDER_ADVICE} "
        f"(got {escaped})\n"
    )


def test_every_free_text_field_refuses_a_right_to_left_override() -> None:
    data = contract_data(
        location="Nantes\u202e",
        buyer={"name": "Ville", "address": "\u202e1 rue"},
        lots=[
            {
                "number": 1,
                "title": "Lot \u2067A",
                "estimated_amount": 100000,
                "labour_share": 0.3,
            }
        ],
    )
    assert messages(data) == [
        f"<mapping>: location: contains a right-to-left override (U+202E) at character 7: "
        f'{REORDER_ADVICE} (got "Nantes\\u202e")',
        f"<mapping>: buyer.address: contains a right-to-left override (U+202E) at character 1: "
        f'{REORDER_ADVICE} (got "\\u202e1 rue")',
        f"<mapping>: lots[0].title: contains a right-to-left isolate (U+2067) at character 5: "
        f'{REORDER_ADVICE} (got "Lot \\u2067A")',
    ]


def test_a_right_to_left_mark_stays_allowed_in_a_free_text() -> None:
    # A name in Arabic or Hebrew may need a mark; it reorders nothing.
    contract = load_contract(contract_data(title="Travaux \u200fשלום\u200f"))
    assert contract.title == "Travaux \u200fשלום\u200f"


def test_a_control_character_in_a_field_name_or_a_comment(tmp_path: Path) -> None:
    text = "# note\x07\n" + CONTRACT_YAML.replace("kind: works", '"ki\\x1bnd": works')
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    assert messages(path) == [
        f"{path}:1:7: contains a bell character (U+0007): remove it",
    ]
    path.write_text(text.replace("\x07", ""), encoding="utf-8")
    assert messages(path) == [
        f"{path}:4:1: a field name contains an escape character (U+001B) at character 3: remove it"
    ]


def test_many_control_characters_are_counted_not_listed(tmp_path: Path) -> None:
    text = CONTRACT_YAML.replace('title: "Travaux"', 'title: "' + "\x07" * 100_000 + '"')
    path = build_file_tree(tmp_path, {"c.yaml": text}) / "c.yaml"
    assert messages(path) == [
        f"{path}:2:9: title: contains a bell character (U+0007): remove it",
        f"{path}: and 99 999 more control characters like these",
    ]


def test_a_control_character_in_a_profile_and_a_mapping(tmp_path: Path) -> None:
    charter = profile_data()["charter"]
    charter["commitments"][1]["text"] = "Allotir\x0bles marchés"
    path = build_file_tree(tmp_path, {"p.yaml": profile_data(charter=charter)}) / "p.yaml"
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert caught.value.lines() == [
        f"{path}:16:11: charter.commitments[1].text: contains a vertical tab (U+000B) at "
        f"character 8: {VT_ADVICE}"
    ]
    assert messages(contract_data(facilitator={"address": "1 rue\x00"})) == [
        "<mapping>: facilitator.address: contains a NUL character (U+0000) at character 6: "
        "remove it"
    ]


@pytest.mark.parametrize(
    ("escape", "message"),
    [
        ("\\ud800", "half of a surrogate pair, which is not a character (U+D800)"),
        ("\\uffff", "a noncharacter (U+FFFF)"),
    ],
)
def test_what_is_not_a_character_is_refused_like_a_control_character(
    tmp_path: Path, escape: str, message: str
) -> None:
    text = json.dumps(contract_data(title="Travaux")).replace("Travaux", f"Trav{escape}aux")
    path = build_file_tree(tmp_path, {"c.json": text}) / "c.json"
    assert messages(path) == [f"{path}:1:33: title: contains {message} at character 5: remove it"]
    assert messages(contract_data(reference=json.loads(f'"T{escape}"'))) == [
        f"<mapping>: reference: contains {message} at character 2: remove it"
    ]


def test_tabs_and_line_breaks_stay_allowed_in_texts() -> None:
    contract = load_contract(
        contract_data(title="Travaux\tdu lycée", facilitator={"address": "1 rue\r\n44000 Nantes"})
    )
    assert contract.title == "Travaux\tdu lycée"


def test_the_command_line_reports_a_control_character_and_writes_nothing(tmp_path: Path) -> None:
    text = CONTRACT_YAML.replace('title: "Travaux"', 'title: "Trav\x0baux"')
    build_file_tree(tmp_path, {"c.yaml": text})
    result = cli("generate", tmp_path / "c.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'c.yaml'}:2:13: title: contains a vertical tab (U+000B): {VT_ADVICE}\n"
    )
    assert files_under(tmp_path / "out") == []


def test_a_control_character_in_a_template_manifest(tmp_path: Path) -> None:
    manifest = 'templates:\n  - id: "cc\\x07ap"\n    file: ccap.docx\n'
    build_file_tree(tmp_path, {"modeles/templates.yaml": manifest, "c.yaml": CONTRACT_YAML})
    result = cli(
        "generate", tmp_path / "c.yaml", "--templates", tmp_path / "modeles", "-o", tmp_path / "out"
    )
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {tmp_path / 'modeles' / 'templates.yaml'}:2: contains a bell character "
        "(U+0007) at character 3: remove it\n"
    )


# --- control characters in realised-hours files -------------------------------------------

HEADER = "contract,lot,person,category,modality,contract_type,period_start,period_end,hours\n"
LINE = "T-1,1,P-01,siae_participant,direct_hiring,CDDI,2026-01-01,2026-01-31,133\n"


@pytest.mark.parametrize(
    ("line", "problems"),
    [
        (
            LINE.replace("P-01", "P\x00-01"),
            ["person: contains a NUL character (U+0000) at character 2: remove it"],
        ),
        (
            LINE.replace("P-01", '"P-\x0b01"'),
            [f"person: contains a vertical tab (U+000B) at character 3: {VT_ADVICE}"],
        ),
        (
            LINE.replace("CDDI", "CDDI\x0b"),
            [f"contract_type: contains a vertical tab (U+000B) at character 5: {VT_ADVICE}"],
        ),
        (
            LINE.replace(",133", ",\x1b[31m133"),
            ["hours: contains an escape character (U+001B) at character 1: remove it"],
        ),
    ],
    ids=["nul", "quoted-vt", "trailing-vt", "ansi-escape"],
)
def test_a_realised_hours_line_with_a_control_character_is_rejected(
    tmp_path: Path, line: str, problems: list[str]
) -> None:
    path = build_file_tree(tmp_path, {"r.csv": (HEADER + line + LINE.replace("P-01", "P-02"))})
    result = read_realised_hours([path / "r.csv"], lots={"T-1": [1]})
    assert [message for rejected in result.rejected for message in rejected.messages()] == [
        f"{path / 'r.csv'}:2: {problem}" for problem in problems
    ]
    assert [line.person for line in result.accepted] == ["P-02"]


def test_a_vertical_tab_in_a_cell_does_not_split_the_line(tmp_path: Path) -> None:
    text = HEADER + LINE.replace("P-01", '"P\x0b01"') + LINE.replace("P-01", "P-03")
    path = build_file_tree(tmp_path, {"r.csv": text}) / "r.csv"
    result = read_realised_hours([path], lots={"T-1": [1]})
    assert [rejected.line for rejected in result.rejected] == [2]
    assert [(line.line, line.person) for line in result.accepted] == [(3, "P-03")]


# --- the reference names files ----------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        (
            "😀" * 100,
            "takes 400 bytes in a file name, more than the 200 a name can hold with the "
            "template's (accented letters take 2 bytes, other scripts and emoji 3 or 4): shorten "
            'it (got "' + "😀" * 60 + '…" (100 characters))',
        ),
        (
            "é" * 101,
            'must be at most 100 characters long (got "' + "é" * 60 + '…" (101 characters))',
        ),
        (
            "2026-\u202eFDP.exe",
            "contains a right-to-left override (U+202E) at character 6: remove it (it makes the "
            'text read in another order than it is written) (got "2026-\\u202eFDP.exe")',
        ),
        (
            "2026-\u2067TRV",
            "contains a right-to-left isolate (U+2067) at character 6: remove it (it makes the "
            'text read in another order than it is written) (got "2026-\\u2067TRV")',
        ),
        ("2026\n014", 'must be one line (it names the output files) (got "2026\\n014")'),
        ("2026\t014", 'must be one line (it names the output files) (got "2026\\t014")'),
        (
            "2026\x07014",
            "contains a bell character (U+0007) at character 5: remove it",
        ),
        ("...", 'must not be only dots and spaces (it names the output files) (got "...")'),
        (" . ", 'must not be only dots and spaces (it names the output files) (got " . ")'),
        (
            "con",
            "is CON, a name Windows reserves for a device, which no file can have: add to it "
            '(e.g. "CON-2026") (got "con")',
        ),
        (
            "Lpt9.2026",
            "is LPT9, a name Windows reserves for a device, which no file can have: add to it "
            '(e.g. "LPT9-2026") (got "Lpt9.2026")',
        ),
        (
            "NUL .txt",
            "is NUL, a name Windows reserves for a device, which no file can have: add to it "
            '(e.g. "NUL-2026") (got "NUL .txt")',
        ),
    ],
)
def test_a_reference_that_cannot_name_a_file_is_an_error_on_the_field(
    tmp_path: Path, reference: str, message: str
) -> None:
    assert messages(contract_data(reference=reference)) == [f"<mapping>: reference: {message}"]
    path = build_file_tree(tmp_path, {"c.yaml": contract_data(reference=reference)}) / "c.yaml"
    result = cli("generate", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:1")
    assert files_under(tmp_path / "out") == []


@pytest.mark.parametrize("reference", ["😀" * 50, "CONSEIL-2026", "COM10", "2026/TRV/014", "x"])
def test_references_that_fit_a_file_name_are_written(tmp_path: Path, reference: str) -> None:
    path = build_file_tree(tmp_path, {"c.yaml": contract_data(reference=reference)}) / "c.yaml"
    result = cli("generate", path, "-o", tmp_path / "out", "--only", "ccap")
    assert result.exit_code == 0, result.stderr
    assert len(files_under(tmp_path / "out")) == 1


# --- fields too long ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "path", "limit"),
    [
        ({"title": "x" * 50_000_000}, "title", "2 000"),
        ({"buyer": {"name": "x" * 501}}, "buyer.name", "500"),
        ({"facilitator": {"address": "x" * 2001}}, "facilitator.address", "2 000"),
        ({"environmental": {"clause": "x" * 20_001}}, "environmental.clause", "20 000"),
        (
            {"lots": [{"number": 1, "title": "x" * 2001, "labour_hours": 1}]},
            "lots[0].title",
            "2 000",
        ),
    ],
)
def test_a_field_too_long_is_an_error_on_the_field(
    changes: dict[str, Any], path: str, limit: str
) -> None:
    (found,) = messages(contract_data(**changes))
    assert found.startswith(f"<mapping>: {path}: must be at most {limit} characters long (got ")


def test_a_50_mb_title_is_refused_on_the_field_not_blamed_on_a_template(tmp_path: Path) -> None:
    data = contract_data(title="x" * 50_000_000)
    build_file_tree(tmp_path, {"c.json": json.dumps(data)})
    result = cli("generate", tmp_path / "c.json", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'c.json'}: is too large (47.7 MB; the limit is 10 MB, set by "
        "CLAUSEGEN_LIMIT_DESCRIPTION_BYTES)\n"
    )
    data = contract_data(title="x" * 5_000_000)
    (tmp_path / "c.json").write_text(json.dumps(data), encoding="utf-8")
    result = cli("generate", tmp_path / "c.json", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'c.json'}:1: title: must be at most 2 000 characters long (got "
        f'"{"x" * 60}…" (5 000 000 characters))\n'
    )
    assert files_under(tmp_path / "out") == []
