"""The public surface: what ``import clausegen`` offers, and what it costs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import clausegen
from clausegen import limits
from clausegen.resolve import buyer as buyer_module
from tests.helpers import EXAMPLES, PROFILES, REPO
from tests.security.hostile import SECRET_TEXT, cli, leaked


def test_the_document_functions_are_part_of_the_public_api() -> None:
    for name in (
        "generate",
        "render_document",
        "build_context",
        "load_template_set",
        "check_templates",
        "export_templates",
    ):
        assert name in clausegen.__all__
        assert callable(getattr(clausegen, name))
    assert clausegen.TemplateSet.__name__ == "TemplateSet"
    assert clausegen.TemplateCheck.__name__ == "TemplateCheck"
    assert issubclass(clausegen.UnsafeTemplateError, clausegen.TemplateError)
    assert sorted(clausegen.__all__) == clausegen.__all__


def test_importing_clausegen_does_not_load_the_word_libraries() -> None:
    probe = "import sys, clausegen, clausegen.cli; print('docxtpl' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'clausegen' has no attribute 'nothing'$"):
        getattr(clausegen, "nothing")  # noqa: B009 - the lazy lookup is what is tested


# --- the in-memory API (issue 17) ------------------------------------------------------

LYCEE = EXAMPLES / "lycee-jules-verne.yaml"
REGION = PROFILES / "pays-de-la-loire.yaml"
REGISTRY = {"pays-de-la-loire.yaml": REGION}


def cli_hours(path: Path) -> object:
    result = cli("hours", "--json", path)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "given",
    [
        lambda: LYCEE.read_text(encoding="utf-8"),
        lambda: LYCEE.read_bytes(),
        lambda: io.BytesIO(LYCEE.read_bytes()),
        lambda: io.StringIO(LYCEE.read_text(encoding="utf-8")),
    ],
    ids=["text", "bytes", "binary stream", "text stream"],
)
def test_a_contract_loads_from_text_bytes_or_a_stream(given: Any) -> None:
    contract = clausegen.load_contract_from(given(), source="lycee.yaml", profiles=REGISTRY)
    assert clausegen.hours_result(contract) == cli_hours(LYCEE)


def test_a_json_contract_is_recognised_and_its_profile_may_be_a_text() -> None:
    path = EXAMPLES / "restauration-scolaire.json"
    contract = clausegen.load_contract_from(path.read_bytes())
    assert clausegen.hours_result(contract) == cli_hours(path)
    text = LYCEE.read_text(encoding="utf-8")
    profile = {"pays-de-la-loire.yaml": REGION.read_text(encoding="utf-8")}
    assert clausegen.hours_result(
        clausegen.load_contract_from(text, profiles=profile)
    ) == cli_hours(LYCEE)


def test_errors_point_at_lines_and_columns_of_the_text_and_serialise() -> None:
    with pytest.raises(clausegen.ContractError) as caught:
        clausegen.load_contract_from('{"reference": "x",\n "title": }', source="form.json")
    assert caught.value.to_dict() == {
        "ok": False,
        "exit_code": 1,
        "errors": [
            {
                "source": "form.json",
                "line": 2,
                "column": 11,
                "path": "",
                "code": "contract",
                "message": caught.value.problems[0].message,
            }
        ],
    }
    text = LYCEE.read_text(encoding="utf-8").replace("duration_months: 18", "duration_months: -2")
    with pytest.raises(clausegen.ContractError) as caught:
        clausegen.load_contract_from(text, source="lycee.yaml", profiles=REGISTRY)
    [record] = caught.value.records()
    assert (record["source"], record["line"], record["path"]) == (
        "lycee.yaml",
        9,
        "duration_months",
    )


@pytest.mark.parametrize(
    ("buyer", "message"),
    [
        (
            "profiles/pays-de-la-loire.yaml",
            'buyer: names a buyer profile ("profiles/pays-de-la-loire.yaml"), but the contract '
            "comes from <text>, which has no folder to find it in: profiles can only be read "
            "when the caller says where from (base_dir)",
        ),
    ],
)
def test_nothing_is_read_unless_the_caller_allows_it(
    monkeypatch: pytest.MonkeyPatch, buyer: str, message: str
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        pytest.fail("a file was read")

    monkeypatch.setattr(buyer_module, "read_readable_document", refuse)
    with pytest.raises(clausegen.ContractError) as caught:
        clausegen.load_contract_from(LYCEE.read_text(encoding="utf-8"))
    assert str(caught.value) == f"<text>:15: {message}"


@pytest.mark.parametrize(
    "buyer", ["../secret.yaml", "/{secret}", "profiles/../secret.yaml", "link.yaml"]
)
def test_a_registry_is_the_only_place_profiles_come_from(tmp_path: Path, buyer: str) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(SECRET_TEXT, encoding="utf-8")
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(secret)
    registry = {"link.yaml": folder / "link.yaml", "pays-de-la-loire.yaml": REGION}
    text = LYCEE.read_text(encoding="utf-8").replace(
        "buyer: profiles/pays-de-la-loire.yaml", f"buyer: {buyer.format(secret=secret)}"
    )
    with pytest.raises(clausegen.ContractError) as caught:
        clausegen.load_contract_from(text, profiles=registry)
    assert leaked([str(caught.value)]) == []
    [record] = caught.value.records()
    assert record["path"] == "buyer"
    if buyer == "link.yaml":
        assert record["message"] == "the buyer profile link.yaml leads outside its folder: refused"
    else:
        assert record["message"].endswith(
            "; profiles that may be named: link.yaml, pays-de-la-loire.yaml"
        )


def test_a_stream_is_read_no_further_than_the_limit() -> None:
    stream = io.BytesIO(b"a" * 10_000)
    with (
        limits.using(limits.Limits(description_bytes=100)),
        pytest.raises(clausegen.ContractError) as caught,
    ):
        clausegen.load_contract_from(stream, source="big.yaml")
    assert stream.tell() == 101
    assert str(caught.value) == (
        "big.yaml: is too large (101 bytes; the limit is 100 bytes, set by "
        "CLAUSEGEN_LIMIT_DESCRIPTION_BYTES)"
    )


def test_render_documents_gives_the_names_and_bytes_generate_writes(tmp_path: Path) -> None:
    contract = clausegen.load_contract_from(LYCEE.read_bytes(), profiles=REGISTRY)
    files = clausegen.render_documents(contract, only=["ccap", "ae"])
    written = clausegen.generate(LYCEE, tmp_path, only=["ccap", "ae"])
    assert list(files) == [path.name for path in written]
    assert all(files[path.name] == path.read_bytes() for path in written)
    pattern = r"^formats must be among docx, pdf, odt, eforms \(got \['rtf'\]\)$"
    with pytest.raises(ValueError, match=pattern):
        clausegen.render_documents(contract, formats=["rtf"])
    fragments = clausegen.render_documents(contract, formats=["eforms"])
    assert list(fragments) == [f"2026-TRV-014-lot-{n}.xml" for n in range(1, 6)]


def test_the_readme_example_of_the_in_memory_api_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- api-example:", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) <= 12
    result = subprocess.run(
        [sys.executable, "-c", block + "print(sorted(files))\n"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    expected = cli_hours(LYCEE)
    assert isinstance(expected, dict)
    assert result.stdout.splitlines() == [
        str(expected["total_insertion_hours"]),
        "['2026-TRV-014-ccap.docx', '2026-TRV-014-rc.docx']",
    ]
