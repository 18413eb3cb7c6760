"""``clausegen eforms``: outputs, files, wiring and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from clausegen.cli import main
from clausegen.eforms import notice as notice_module
from clausegen.eforms.build import lot_xml
from clausegen.eforms.notice import EformsNotice, eforms_notice
from clausegen.eforms.presentation import notice_as_json, notice_as_table
from clausegen.eforms.sdk import SDK_DIR
from clausegen.errors import ExitCode
from clausegen.i18n import speaking
from clausegen.resolve.loading import load_contract
from tests.helpers import EXAMPLES, build_file_tree, contract_data

LYCEE = EXAMPLES / "lycee-jules-verne.yaml"
USABLE = "use one of 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, E3"


def run(runner: CliRunner, *args: str | Path, **kwargs: Any) -> Any:
    return runner.invoke(main, [str(arg) for arg in args], **kwargs)


def test_the_default_output_is_the_french_table(runner: CliRunner) -> None:
    result = run(runner, "eforms", LYCEE, env={"CLAUSEGEN_LANG": "fr"})
    assert (result.exit_code, result.stderr) == (0, "")
    with speaking("fr"):
        assert result.stdout == notice_as_table(eforms_notice(load_contract(LYCEE)))
    assert result.stdout.startswith(
        "Avis eForms du marché 2026-TRV-014 — sous-type d'avis 16\n"
        "Valeurs à reporter, lot par lot, dans le formulaire de publication (eForms SDK "
        "1.15.1).\n"
        "\n"
        "Lot       Champ        Valeur       Libellé\n"
        "LOT-0001  BT-137-Lot   LOT-0001\n"
        "LOT-0001  BT-21-Lot    Gros œuvre – maçonnerie\n"
        "LOT-0001  BT-23-Lot    works        Travaux\n"
        "LOT-0001  BT-06-Lot    soc-obj      Réalisation d’objectifs sociaux\n"
    )


def test_json_and_another_subtype(runner: CliRunner) -> None:
    result = run(runner, "eforms", LYCEE, "--json", "--notice-subtype", "17")
    assert (result.exit_code, result.stderr) == (0, "")
    expected = notice_as_json(eforms_notice(load_contract(LYCEE), subtype="17"))
    assert json.loads(result.stdout) == expected


def test_the_contract_may_come_from_standard_input(runner: CliRunner) -> None:
    result = run(runner, "eforms", "-", "--json", input=json.dumps(contract_data()))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0] == {
        "lot": "LOT-0001",
        "field": "BT-137-Lot",
        "value": "LOT-0001",
        "label_fr": None,
    }


def test_xml_files_are_written_all_or_nothing_and_validate_alone(
    tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "avis"
    result = run(runner, "eforms", LYCEE, "--xml", out)
    assert result.exit_code == 0, result.stderr
    names = [f"2026-TRV-014-lot-{n}.xml" for n in range(1, 6)]
    assert result.stderr == "".join(f"Wrote {out / name}\n" for name in names)
    assert sorted(p.name for p in out.iterdir()) == names
    schema = etree.XMLSchema(
        etree.parse(str(SDK_DIR / "schemas/common/UBL-CommonAggregateComponents-2.3.xsd"))
    )
    for name in names:
        document = etree.parse(str(out / name))
        assert etree.QName(document.getroot()).localname == "ProcurementProjectLot"
        assert schema.validate(document), schema.error_log

    (out / names[0]).write_bytes(b"kept")
    again = run(runner, "eforms", LYCEE, "--xml", out)
    assert again.exit_code == ExitCode.OUTPUT
    assert again.stdout == ""
    assert again.stderr == f"Error: {out / names[0]}: already exists; use --force to replace it\n"
    assert (out / names[0]).read_bytes() == b"kept"

    forced = run(runner, "eforms", LYCEE, "--xml", out, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (out / names[0]).read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


@pytest.mark.parametrize(
    ("subtype", "reason"),
    [
        (
            "3",
            f"notice subtype 3 forbids fields that clausegen writes (BT-137-Lot, BT-21-Lot, "
            f"BT-23-Lot, BT-71-Lot, BT-736-Lot, BT-06-Lot, BT-777-Lot, BT-775-Lot); {USABLE}",
        ),
        ("41", f"'41' is not an eForms notice subtype; {USABLE}"),
    ],
)
def test_a_bad_notice_subtype_is_a_usage_error(
    runner: CliRunner, subtype: str, reason: str
) -> None:
    result = run(runner, "eforms", LYCEE, "--notice-subtype", subtype)
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert result.stderr.endswith(f"Error: Invalid value for '--notice-subtype': {reason}\n")


def test_a_fragment_that_fails_validation_is_a_clausegen_bug(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An invalid fragment is never written: exit 70 and a message that says whose fault."""

    def broken(lot: Any) -> bytes:
        return (
            lot_xml(lot)
            .replace(b"<cbc:ProcurementType ", b"<cbc:Note ")
            .replace(b"</cbc:ProcurementType>", b"</cbc:Note>")
        )

    monkeypatch.setattr("clausegen.eforms.notice.lot_xml", broken)
    source = build_file_tree(tmp_path, {"c.yaml": contract_data()}) / "c.yaml"
    out = tmp_path / "avis"
    result = run(runner, "eforms", source, "--xml", out)
    assert result.exit_code == ExitCode.INTERNAL
    assert int(ExitCode.INTERNAL) == 70
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"Error: {source}: clausegen bug: the eForms fragments it built break the rules of "
        "notice subtype 16, so nothing was written; please report it with the contract "
        "description:"
    )
    cbc = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
    assert lines[1] == (
        f"Error:   LOT-0001: XSD: line 23: Element '{cbc}Note': This element is not expected. "
        f"Expected is ( {cbc}ProcurementType )."
    )
    assert lines[2] == (
        "Error:   LOT-0001: BT-777-Lot: mandatory in notice subtype 16 when "
        "{ND-StrategicProcurementType} ${not(BT-06-Lot is not present or BT-06-Lot == "
        "'none')}, but absent"
    )
    assert not out.exists()


def test_a_missing_weight_is_a_warning(tmp_path: Path, runner: CliRunner) -> None:
    data = contract_data(kind="services", mechanism="award_criterion")
    source = build_file_tree(tmp_path, {"c.yaml": data}) / "c.yaml"
    result = run(runner, "eforms", source, "--json")
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: the insertion award criterion has no weight (insertion.criterion_weight): "
        "BT-541 is left out; give the weight in the notice\n"
    )


def test_an_invalid_contract_is_exit_1(tmp_path: Path, runner: CliRunner) -> None:
    data = contract_data(lots=[{"number": 10000, "title": "Lot", "labour_hours": 100}])
    source = build_file_tree(tmp_path, {"c.yaml": data}) / "c.yaml"
    result = run(runner, "eforms", source)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr == (
        f"Error: {source}:18: lots[0].number: must be a whole number from 1 to 9 999 (got 10000)\n"
    )


def test_wiring(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, Any]] = []
    real = notice_module.eforms_notice

    def spy(contract: Any, obligation: Any = None, *, subtype: Any = None) -> EformsNotice:
        calls.append((contract.reference, subtype))
        return real(contract, obligation, subtype=subtype)

    monkeypatch.setattr(notice_module, "eforms_notice", spy)
    assert run(runner, "eforms", LYCEE, "--notice-subtype", "e3").exit_code == 0
    assert run(runner, "eforms", LYCEE).exit_code == 0
    assert calls == [("2026-TRV-014", "E3"), ("2026-TRV-014", None)]


AVENUE = EXAMPLES / "avenue-de-la-gare.yaml"


def test_generate_writes_the_fragments_with_the_documents(
    tmp_path: Path, runner: CliRunner
) -> None:
    by_eforms = tmp_path / "eforms"
    by_generate = tmp_path / "generate"
    assert run(runner, "eforms", AVENUE, "--xml", by_eforms).exit_code == 0

    result = run(runner, "generate", AVENUE, "--format", "docx,eforms", "-o", by_generate)

    assert result.exit_code == 0, result.stderr
    fragments = sorted(path.name for path in by_generate.glob("*.xml"))
    assert fragments == [
        "2027-RIV-021-lot-1.xml",
        "2027-RIV-021-lot-2.xml",
        "2027-RIV-021-lot-3.xml",
    ]
    for name in fragments:
        assert (by_generate / name).read_bytes() == (by_eforms / name).read_bytes()
    assert len(list(by_generate.glob("*.docx"))) == 7
    assert result.stderr.endswith(f"Wrote 10 documents for 2027-RIV-021 in {by_generate}\n")


def test_generate_eforms_alone_with_a_subtype_for_every_contract(
    tmp_path: Path, runner: CliRunner
) -> None:
    result = run(
        runner,
        "generate",
        LYCEE,
        AVENUE,
        "--format",
        "eforms",
        "--notice-subtype",
        "20",
        "-o",
        tmp_path,
    )

    assert result.exit_code == 0, result.stderr
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".xml"] * 8
    lycee = (tmp_path / "2026-TRV-014-lot-1.xml").read_bytes()
    assert (
        lycee
        == eforms_notice(load_contract(LYCEE), subtype="20").fragments["2026-TRV-014-lot-1.xml"]
    )


def test_generate_refuses_a_subtype_before_rendering_anything(
    tmp_path: Path, runner: CliRunner
) -> None:
    bad = run(
        runner, "generate", AVENUE, "--format", "eforms", "--notice-subtype", "3", "-o", tmp_path
    )
    stray = run(runner, "generate", AVENUE, "--notice-subtype", "16", "-o", tmp_path)

    assert bad.exit_code == ExitCode.USAGE
    assert bad.stderr.endswith(
        "Error: Invalid value for '--notice-subtype': notice subtype 3 forbids fields that "
        "clausegen writes (BT-137-Lot, BT-21-Lot, BT-23-Lot, BT-71-Lot, BT-736-Lot, BT-06-Lot, "
        f"BT-777-Lot, BT-775-Lot); {USABLE}\n"
    )
    assert stray.exit_code == ExitCode.USAGE
    assert stray.stderr.endswith(
        "Error: Invalid value for '--notice-subtype': only with --format eforms\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_generate_keeps_existing_fragments_without_force(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "2027-RIV-021-lot-2.xml").write_bytes(b"kept")

    result = run(runner, "generate", AVENUE, "--format", "eforms", "-o", tmp_path)

    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr == (
        f"Error: {tmp_path / '2027-RIV-021-lot-2.xml'}: already exists; use --force to replace it\n"
    )
    assert [path.name for path in tmp_path.iterdir()] == ["2027-RIV-021-lot-2.xml"]
    assert (tmp_path / "2027-RIV-021-lot-2.xml").read_bytes() == b"kept"
