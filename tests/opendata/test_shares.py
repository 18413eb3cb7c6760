"""The read-back of DECP records: both shapes, shares computed by hand, bad records, bad files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from clausegen import limits
from clausegen.errors import ErrorGroup, OpenDataError
from clausegen.opendata import (
    ShareFigures,
    read_decp,
    shares_as_json,
    shares_as_text,
    social_shares,
)
from clausegen.opendata.fields import SocialConsiderations, social_considerations
from tests.helpers import EXAMPLES

SAMPLES = EXAMPLES / "opendata"
JSON_SAMPLE = SAMPLES / "decp-2024-2025.json"
CSV_SAMPLE = SAMPLES / "decp-consolide-2023-2024.csv"


def figures(shares: Any) -> dict[int, tuple[int, int, Decimal, int, int, int, int]]:
    return {
        year.year: (
            year.total.contracts,
            year.total.with_social,
            year.total.share,
            year.total.clauses,
            year.total.criteria,
            year.total.reserved,
            year.total.not_stated,
        )
        for year in shares.years
    }


def test_the_json_sample_by_hand() -> None:
    # 2024: TRV-001 clause; TRV-002 clause + criterion; SRV-003 reserved; FRN-004 and
    # SRV-005 none: 3 of 5. 2025: TRV-006 clause; SRV-009 criterion; FRN-007, SRV-008 and
    # the concession DSP-010 none: 2 of 5.
    shares = social_shares([JSON_SAMPLE])
    assert figures(shares) == {
        2024: (5, 3, Decimal("0.6000"), 2, 1, 1, 0),
        2025: (5, 2, Decimal("0.4000"), 1, 1, 0, 0),
    }
    kinds = {kind: (f.contracts, f.with_social) for kind, f in shares.years[1].kinds}
    assert kinds == {
        "Travaux": (1, 1),
        "Fournitures": (1, 0),
        "Services": (2, 1),
        "Concession": (1, 0),
    }
    assert [kind for kind, _ in shares.years[1].kinds] == [
        "Travaux",
        "Fournitures",
        "Services",
        "Concession",
    ]
    assert shares.reading.rejected == ()
    assert shares.reading.records_read == 10


def test_the_consolidated_csv_sample_by_hand() -> None:
    # 2023: 2023T01 (two holders, one contract) clause; 2023S04 reserved; S02 and F03 "Sans
    # objet": 2 of 4. 2024: 2024T01 (initial line and its modification) clause + criterion;
    # 2024S03 criterion; T02, F04, S06, T07 "Sans objet"; S05 empty: 2 of 7.
    shares = social_shares([CSV_SAMPLE])
    assert figures(shares) == {
        2023: (4, 2, Decimal("0.5000"), 1, 0, 1, 0),
        2024: (7, 2, Decimal("0.2857"), 1, 2, 0, 1),
    }
    year_2024 = shares.years[1].total
    assert not year_2024.meets(Decimal("0.30"))
    assert year_2024.missing(Decimal("0.30")) == 1
    assert year_2024.meets(Decimal("0.25"))
    assert shares.reading.records_read == 13
    assert len(shares.reading.contracts) == 11


def test_the_json_shape() -> None:
    data = shares_as_json(social_shares([CSV_SAMPLE], target=Decimal("0.25")))
    assert data["target"] == 0.25
    assert [
        {
            key: year[key]
            for key in (
                "year",
                "contracts",
                "with_social",
                "share",
                "clauses",
                "criteria",
                "reserved",
            )
        }
        for year in data["years"]
    ] == [
        {
            "year": 2023,
            "contracts": 4,
            "with_social": 2,
            "share": 0.5,
            "clauses": 1,
            "criteria": 0,
            "reserved": 1,
        },
        {
            "year": 2024,
            "contracts": 7,
            "with_social": 2,
            "share": 0.2857,
            "clauses": 1,
            "criteria": 2,
            "reserved": 0,
        },
    ]
    assert data["years"][1]["kinds"][0] == {
        "kind": "Travaux",
        "contracts": 3,
        "with_social": 1,
        "share": 0.3333,
        "clauses": 1,
        "criteria": 1,
        "reserved": 0,
        "not_stated": 0,
        "meets_target": True,
    }
    assert data["years"][1]["meets_target"] is True
    assert json.loads(json.dumps(data)) == data


def test_the_text_table() -> None:
    assert shares_as_text(social_shares([CSV_SAMPLE])) == (
        "Contracts with a social consideration (target: 30.0 % of the contracts notified "
        "each year)\n"
        "\n"
        "Year  Kind           Contracts  Social    Share  Clauses  Criteria  Reserved\n"
        "2023  all                    4       2   50.0 %        1         0         1  target met\n"
        "      Travaux                1       1  100.0 %        1         0         0\n"
        "      Fournitures            1       0    0.0 %        0         0         0\n"
        "      Services               2       1   50.0 %        0         0         1\n"
        "2024  all                    7       2   28.6 %        1         2         0  below "
        "target: 1 more contract needed\n"
        "      Travaux                3       1   33.3 %        1         1         0\n"
        "      Fournitures            1       0    0.0 %        0         0         0\n"
        "      Services               3       1   33.3 %        0         1         0\n"
        "\n"
        "13 records read in 1 file; 11 contracts counted once each; 1 with no "
        "considerationsSociales value, counted without a social consideration.\n"
    )


HEADER = "uid;id;acheteur_id;type;codeCPV;dateNotification;considerationsSociales\n"


def test_a_semicolon_csv_with_french_dates_and_cpv_kinds(tmp_path: Path) -> None:
    source = tmp_path / "decp.csv"
    source.write_text(
        HEADER
        + "S1;1;S;;45000000;15/01/2025;Clause sociale\n"
        + "S2;2;S;;30190000-7;2025-02-01T00:00:00+01:00;Sans objet\n"
        + "S3;3;S;;79000000;2025-03-01;Critère social, Clause sociale\n"
        + "S4;4;S;;;2025-04-01;Pas de considération sociale\n",
        encoding="utf-8-sig",
    )
    shares = social_shares([source])
    assert figures(shares) == {2025: (4, 2, Decimal("0.5000"), 2, 1, 0, 0)}
    assert [kind for kind, _ in shares.years[0].kinds] == [
        "Travaux",
        "Fournitures",
        "Services",
        "Non renseigné",
    ]


def test_one_contract_in_both_shapes_counts_once(tmp_path: Path) -> None:
    source = tmp_path / "decp.csv"
    source.write_text(
        HEADER.replace(";", ",")
        + "214499999000152024-TRV-001,2024-TRV-001,21449999900015,Travaux,,2024-02-12,Clause sociale\n",
        encoding="utf-8",
    )
    shares = social_shares([JSON_SAMPLE, source])
    assert figures(shares)[2024][:2] == (5, 3)


def test_bad_records_are_rejected_with_their_line_and_the_others_count(tmp_path: Path) -> None:
    source = tmp_path / "decp.csv"
    source.write_text(
        HEADER
        + "A1;1;S;Travaux;;2025-01-10;Clause sociale\n"
        + "A2;2;S;Travaux;;2025-13-10;Clause sociale\n"
        + "A3;3;S;Travaux;;2025-01-10;Clause socialle\n"
        + "A4;4;S;Travaux;;2025-01-10;Sans objet, Critère social\n"
        + "A5;5;S;Travaux;;;Sans objet\n"
        + ";;S;Travaux;;2025-01-10;Sans objet\n"
        + "A7;7;S;Travaux;2025-01-10;Sans objet\n"
        + '"A8;8;S;Travaux;;2025-01-10;\n'
        + 'Clause sociale"\n',
        encoding="utf-8",
    )
    reading = read_decp([source])
    assert [message for record in reading.rejected for message in record.messages()] == [
        f'{source}:3: dateNotification: is not a date of the calendar (got "2025-13-10")',
        f'{source}:4: considerationsSociales: unknown value "Clause socialle"; DECP writes '
        '"Clause sociale", "Critère social", "Marché réservé", "Concession réservée", "Pas de '
        'considération sociale" or "Sans objet"',
        f'{source}:5: considerationsSociales: "Pas de considération sociale" (or "Sans objet") '
        "cannot stand beside another value",
        f"{source}:6: dateNotification: must be a date written DD/MM/YYYY, DD/MM/YY, "
        "DD.MM.YYYY or YYYY-MM-DD (got nothing)",
        f"{source}:7: uid: is empty",
        f"{source}:8: has 6 fields where the header has 7",
        f"{source}:9: has 1 fields where the header has 7",
    ]
    assert [record.key for record in reading.contracts] == ["A1"]
    assert reading.records_read == 8


def test_bad_json_records(tmp_path: Path) -> None:
    source = tmp_path / "decp.json"
    source.write_text(
        json.dumps(
            {
                "marches": {
                    "marche": [
                        {
                            "id": "A",
                            "acheteur": {"id": "S"},
                            "dateNotification": "2025-01-01",
                            "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
                        },
                        {
                            "id": "",
                            "dateNotification": "1er janvier",
                            "considerationsSociales": {"considerationSociale": ["Clause"]},
                        },
                        "not a record",
                        {"id": "C", "dateNotification": "2025-01-01"},
                    ]
                }
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    reading = read_decp([source])
    assert [message for record in reading.rejected for message in record.messages()] == [
        f'{source}:16: id: must be the contract\'s identifier (got "")',
        f"{source}:16: dateNotification: must be a date written DD/MM/YYYY, DD/MM/YY, "
        'DD.MM.YYYY or YYYY-MM-DD (got "1er janvier")',
        f'{source}:16: considerationsSociales.considerationSociale: unknown value "Clause"; '
        'DECP writes "Clause sociale", "Critère social", "Marché réservé", "Concession '
        'réservée", "Pas de considération sociale" or "Sans objet"',
        f"{source}:25: marche: must be a record (a mapping)",
    ]
    (a, c) = reading.contracts
    assert (a.key, a.buyer, a.social.clause) == ("SA", "S", True)
    assert (c.key, c.social.stated, c.social.any) == ("C", False, False)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty; the first line must name the columns"),
        (
            b"id,objet\n1,x\n",
            'missing columns dateNotification, considerationsSociales (the header line has "id", "objet"): not a consolidated DECP file',
        ),
        (
            b"objet,dateNotification,considerationsSociales\n",
            'missing column uid (or id) (the header line has "objet", "dateNotification", "considerationsSociales"): not a consolidated DECP file',
        ),
        (b'{"marches": {"marche": [1, }}', "invalid JSON: Expecting value"),
        (
            b'{"data": []}',
            'has no "marches": not DECP records (format 2.0.3: {"marches": {"marche": [...]}})',
        ),
        (b'{"marches": []} []', "invalid JSON: text after the end"),
        (b"\xff\xfeid", "is not UTF-8 text (byte 0xff); save it as UTF-8"),
        (b"[" * 100000, "invalid JSON: nested too deeply to be a DECP record"),
    ],
)
def test_files_that_cannot_be_used(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "decp.txt"
    source.write_bytes(content)
    with pytest.raises(OpenDataError) as caught:
        read_decp([source])
    (line,) = caught.value.lines()
    assert line.startswith(f"{source}:")
    assert line.endswith(message)


def test_every_unusable_file_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(ErrorGroup) as caught:
        read_decp([tmp_path / "missing.csv", tmp_path])
    assert caught.value.lines() == [
        f"{tmp_path / 'missing.csv'}: file not found",
        f"{tmp_path}: is a folder, not a file",
    ]


def test_the_data_size_limit_applies(tmp_path: Path) -> None:
    source = tmp_path / "decp.csv"
    source.write_bytes(CSV_SAMPLE.read_bytes())
    with limits.using(limits.Limits(data_bytes=1024)), pytest.raises(OpenDataError) as caught:
        read_decp([source])
    assert caught.value.lines() == [
        f"{source}: is too large (3.5 KB; the limit is 1 KB, set by CLAUSEGEN_LIMIT_DATA_BYTES)"
    ]


def test_warnings_for_a_file_given_twice_and_several_buyers() -> None:
    reading = read_decp([JSON_SAMPLE, CSV_SAMPLE, str(JSON_SAMPLE)])
    assert reading.warnings == (
        f"{JSON_SAMPLE}: given twice (also as {JSON_SAMPLE}); read once",
        'the records are those of 2 buyers ("21449999900015", "24449999900017"), counted '
        "together; give the records of one buyer to measure that buyer",
    )


def test_a_target_outside_0_1_is_refused() -> None:
    with pytest.raises(
        ValueError,
        match=r"^target: must be a fraction above 0 and at most 1, such as 0.30 \(got 1.5\)$",
    ):
        social_shares([CSV_SAMPLE], target=Decimal("1.5"))


def test_share_figures_round_half_up() -> None:
    figures_ = ShareFigures(
        contracts=8, with_social=1, clauses=1, criteria=0, reserved=0, not_stated=0
    )
    assert figures_.share == Decimal("0.1250")
    assert ShareFigures(3, 2, 2, 0, 0, 0).share == Decimal("0.6667")
    assert ShareFigures(10, 3, 3, 0, 0, 0).meets(Decimal("0.30"))


@pytest.mark.parametrize(
    "written",
    [
        "Clause sociale, Critère social",
        "Critère social; Clause sociale",
        ["Clause sociale", "critère  social"],
    ],
)
def test_values_joined_or_listed(written: object) -> None:
    social, problems = social_considerations(written, "considerationsSociales")
    assert problems == []
    assert social == SocialConsiderations(clause=True, criterion=True, reserved=False, stated=True)
