"""Realised-hours files: formats, every rejection with its line, duplicates, file errors."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from clausegen.errors import ErrorGroup, RealisedHoursError
from clausegen.validate.realised import RealisedHours, read_realised_hours
from clausegen.validate.terms import EligibilityCategory, Modality

LOTS = {"T-001": [1, 2], "S-002": [1]}
HEADER = "contract;lot;person;category;modality;contract_type;period_start;period_end;hours\n"


def write(tmp_path: Path, text: str | bytes, name: str = "realised.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, body: str, header: str = HEADER) -> RealisedHours:
    return read_realised_hours([write(tmp_path, header + body)], lots=LOTS)


def messages(result: RealisedHours) -> list[str]:
    return [text for line in result.rejected for text in line.messages()]


def test_a_french_spreadsheet_file_is_read(tmp_path: Path) -> None:
    text = (
        "\ufeff# exported from the facilitator's spreadsheet\n"
        + HEADER
        + "T-001;1;P-01;DELD;mise à disposition;ETTI;01/03/2026;31/03/2026;120,5\n"
        + "T-001;2;P-02;young_person;direct_hiring;CDI;2026-01-01;2026-03-31;1 012,25 h\n"
    )
    result = read_realised_hours([write(tmp_path, text.encode("utf-8"))], lots=LOTS)
    assert result.rejected == ()
    assert result.lines_read == 2
    first, second = result.accepted
    assert (first.line, first.contract, first.lot, first.person) == (3, "T-001", 1, "P-01")
    assert first.category is EligibilityCategory.LONG_TERM_JOBSEEKER
    assert first.modality is Modality.STAFF_PROVISION
    assert first.contract_type == "ETTI"
    assert first.period_start == datetime.date(2026, 3, 1)
    assert first.period_end == datetime.date(2026, 3, 31)
    assert first.hours == Decimal("120.5")
    assert second.hours == Decimal("1012.25")
    assert result.files == (str(tmp_path / "realised.csv"),)


def test_a_comma_separated_file_with_quoted_decimal_commas(tmp_path: Path) -> None:
    text = (
        "contract,lot,person,category,modality,contract_type,period_start,period_end,hours\r\n"
        'T-001,1,P-01,senior,training,formation,2026-01-01,2026-01-31,"12,5"\r\n'
        "T-001,1,P-02,senior,training,formation,2026-01-01,2026-01-31,7.25\r\n"
    )
    result = read_realised_hours([write(tmp_path, text)], lots=LOTS)
    assert [line.hours for line in result.accepted] == [Decimal("12.5"), Decimal("7.25")]


def test_the_header_may_use_the_words_of_the_issue(tmp_path: Path) -> None:
    header = (
        "Contract reference,Lot,Person identifier,Eligibility category,Modality,Contract type,"
        "Period start,Period end,Hours\n"
    )
    body = "T-001,1,P-01,long-term jobseekers,staff provision,ETTI,2026-01-01,2026-01-31,35\n"
    result = read(tmp_path, body, header)
    assert result.rejected == ()
    assert result.accepted[0].category is EligibilityCategory.LONG_TERM_JOBSEEKER


@pytest.mark.parametrize("contract_column", ["Marché", "Contrat", "Référence du marché"])
def test_french_headers_and_extra_columns(tmp_path: Path, contract_column: str) -> None:
    header = (
        f"{contract_column};Lot;Personne;Catégorie;Modalité;Type de contrat;Début;Fin;Heures;"
        "Commentaire\n"
    )
    result = read(tmp_path, "T-001;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35;ok\n", header)
    assert len(result.accepted) == 1
    assert result.warnings == (f'{tmp_path / "realised.csv"}:1: column "Commentaire" is not used',)


def test_comments_blank_lines_and_empty_rows_are_not_lines(tmp_path: Path) -> None:
    body = (
        "\n# a comment between lines\n"
        "T-001;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35\n"
        ";;;;;;;;\n"
        "T-001;1;P-01;RSA;formation;POEC;2026-02-01;2026-02-28;-1\n"
    )
    result = read(tmp_path, body)
    assert result.lines_read == 2
    assert [line.line for line in result.accepted] == [4]
    assert messages(result) == [
        f'{tmp_path / "realised.csv"}:6: hours: must not be negative (got "-1")'
    ]


def test_spreadsheet_trailing_separators_are_tolerated(tmp_path: Path) -> None:
    header = HEADER.rstrip("\n") + ";\n"
    result = read(tmp_path, "T-001;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35;;\n", header)
    assert len(result.accepted) == 1
    assert result.warnings == ()


BAD_LINES = [
    (
        "X-999;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35",
        [
            'contract: unknown contract (got "X-999"): no contract description given has this '
            "reference"
        ],
    ),
    (
        "T-01;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35",
        ['contract: unknown contract (got "T-01"); did you mean "T-001"?'],
    ),
    (
        "T-001;3;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35",
        ["lot: contract T-001 has no lot 3 (its lots: 1, 2)"],
    ),
    (
        "T-001;A;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35",
        ['lot: must be a whole number from 1 (got "A")'],
    ),
    (
        "T-001;1,5;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35",
        ['lot: must be a whole number from 1 (got "1,5")'],
    ),
    (
        "T-001;1;P-01;retired;formation;POEC;2026-01-01;2026-01-31;35",
        [
            'category: unknown eligibility category (got "retired"); use one of '
            "long_term_jobseeker, rsa_recipient, disabled_worker, benefit_recipient, "
            "young_person, siae_participant, senior, priority_neighbourhood, motivated_opinion"
        ],
    ),
    (
        "T-001;1;P-01;young_peson;formation;POEC;2026-01-01;2026-01-31;35",
        ['category: unknown eligibility category (got "young_peson"); did you mean young_person?'],
    ),
    (
        "T-001;1;P-01;RSA;volunteering;POEC;2026-01-01;2026-01-31;35",
        [
            'modality: unknown modality (got "volunteering"); use one of staff_provision, '
            "direct_hiring, subcontracting, training"
        ],
    ),
    (
        "T-001;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;-3",
        ['hours: must not be negative (got "-3")'],
    ),
    (
        "T-001;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;douze",
        ['hours: must be a number of hours such as 35 or "12,5" (got "douze")'],
    ),
    (
        "T-001;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;1,200,5",
        ['hours: must be a number of hours such as 35 or "12,5" (got "1,200,5")'],
    ),
    (
        "T-001;1;P-01;RSA;formation;POEC;2026-02-30;2026-03-31;35",
        ['period_start: is not a date of the calendar (got "2026-02-30")'],
    ),
    (
        "T-001;1;P-01;RSA;formation;POEC;2026-01-01;janvier;35",
        [
            "period_end: must be a date written DD/MM/YYYY, DD/MM/YY, DD.MM.YYYY or YYYY-MM-DD "
            '(got "janvier")'
        ],
    ),
    (
        "T-001;1;P-01;RSA;formation;POEC;2026-03-31;2026-03-01;35",
        ["period_end: is before period_start (2026-03-01 < 2026-03-31)"],
    ),
    (
        "T-001;1;P-01;RSA;formation;POEC;2026-03-01;2026-03-02;49",
        ['hours: more than 24 hours a day over the period (got "49" for 2 days)'],
    ),
    (
        "T-001;1;;RSA;formation;;2026-01-01;2026-01-31;",
        ["person: is empty", "contract_type: is empty", "hours: is empty"],
    ),
    (
        "S-002;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31",
        ["has 8 fields where the header has 9"],
    ),
    (
        "S-002;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35;36",
        ["has 10 fields where the header has 9"],
    ),
]


@pytest.mark.parametrize(("line", "expected"), BAD_LINES)
def test_every_bad_line_is_rejected_with_its_line_number(
    tmp_path: Path, line: str, expected: list[str]
) -> None:
    body = "S-002;1;P-09;RSA;formation;POEC;2026-01-01;2026-01-31;10\n" + line + "\n"
    result = read(tmp_path, body)
    source = tmp_path / "realised.csv"
    assert messages(result) == [f"{source}:3: {message}" for message in expected]
    assert [accepted.line for accepted in result.accepted] == [2]
    assert (result.lines_read, len(result.rejected)) == (2, 1)


def test_several_problems_of_one_line_are_all_reported(tmp_path: Path) -> None:
    result = read(tmp_path, "X;0;P;x;y;CDI;2026-13-01;2026-01-01;-2\n")
    source = tmp_path / "realised.csv"
    assert messages(result) == [
        f'{source}:2: contract: unknown contract (got "X"): no contract description given has '
        "this reference",
        f'{source}:2: lot: must be a whole number from 1 (got "0")',
        f'{source}:2: category: unknown eligibility category (got "x"); use one of '
        "long_term_jobseeker, rsa_recipient, disabled_worker, benefit_recipient, young_person, "
        "siae_participant, senior, priority_neighbourhood, motivated_opinion",
        f'{source}:2: modality: unknown modality (got "y"); use one of staff_provision, '
        "direct_hiring, subcontracting, training",
        f'{source}:2: period_start: is not a date of the calendar (got "2026-13-01")',
        f'{source}:2: hours: must not be negative (got "-2")',
    ]


def test_a_decimal_comma_unquoted_in_a_comma_file_gets_a_hint(tmp_path: Path) -> None:
    text = (
        "contract,lot,person,category,modality,contract_type,period_start,period_end,hours\n"
        "T-001,1,P-01,senior,training,formation,2026-01-01,2026-01-31,12,5\n"
    )
    result = read_realised_hours([write(tmp_path, text)], lots=LOTS)
    assert messages(result) == [
        f"{tmp_path / 'realised.csv'}:2: has 10 fields where the header has 9 (in a "
        'comma-separated file, put a decimal comma in quotes: "12,5")'
    ]


def test_a_quoted_field_over_two_lines_keeps_the_line_where_it_starts(tmp_path: Path) -> None:
    body = (
        'T-001;1;"P-01\nbis";RSA;formation;POEC;2026-01-01;2026-01-31;35\n'
        "T-001;9;P;RSA;formation;POEC;2026-01-01;2026-01-31;1\n"
    )
    result = read(tmp_path, body)
    assert [line.line for line in result.accepted] == [2]
    assert [line.line for line in result.rejected] == [4]


def test_the_same_person_and_period_twice_is_counted_once(tmp_path: Path) -> None:
    line = "T-001;1;P-01;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;100\n"
    result = read(tmp_path, line + line.replace(";100", ";90"))
    assert [accepted.hours for accepted in result.accepted] == [Decimal(100)]
    assert messages(result) == [
        f"{tmp_path / 'realised.csv'}:3: duplicate of line 2 (same person, contract, lot, "
        "modality and period): counted once, on line 2"
    ]


def test_an_overlapping_period_of_the_same_person_is_not_counted(tmp_path: Path) -> None:
    body = (
        "T-001;1;P-01;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;100\n"
        "T-001;1;P-01;RSA;direct_hiring;CDI;2026-01-15;2026-02-14;80\n"
        "T-001;1;P-01;RSA;direct_hiring;CDI;2026-02-01;2026-02-28;90\n"
    )
    result = read(tmp_path, body)
    assert [accepted.line for accepted in result.accepted] == [2, 4]
    assert messages(result) == [
        f"{tmp_path / 'realised.csv'}:3: period 2026-01-15 to 2026-02-14 overlaps line 2 "
        "(2026-01-01 to 2026-01-31) for the same person, contract, lot and modality: not counted"
    ]


def test_a_duplicate_across_files_names_the_other_file(tmp_path: Path) -> None:
    line = "T-001;1;P-01;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;100\n"
    first = write(tmp_path, HEADER + line, "a.csv")
    second = write(tmp_path, HEADER + line, "b.csv")
    result = read_realised_hours([first, second], lots=LOTS)
    assert len(result.accepted) == 1
    assert messages(result) == [
        f"{second}:2: duplicate of {first}:2 (same person, contract, lot, modality and "
        f"period): counted once, on {first}:2"
    ]


def test_same_period_on_another_lot_or_modality_is_not_a_duplicate(tmp_path: Path) -> None:
    body = (
        "T-001;1;P-01;young_person;direct_hiring;apprentissage;2026-01-01;2026-01-31;100\n"
        "T-001;1;P-01;young_person;training;apprentissage;2026-01-01;2026-01-31;40\n"
        "T-001;2;P-01;young_person;direct_hiring;apprentissage;2026-01-01;2026-01-31;10\n"
        "S-002;1;P-01;young_person;direct_hiring;apprentissage;2026-01-01;2026-01-31;10\n"
    )
    result = read(tmp_path, body)
    assert result.rejected == ()
    assert len(result.accepted) == 4


def test_a_rejected_line_does_not_make_a_later_good_line_a_duplicate(tmp_path: Path) -> None:
    body = (
        "T-001;1;P-01;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;abc\n"
        "T-001;1;P-01;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;100\n"
    )
    result = read(tmp_path, body)
    assert [accepted.line for accepted in result.accepted] == [3]


@pytest.mark.parametrize("written", ["2", "Lot 2", "lot n° 2", "LOT 2"])
def test_a_lot_may_be_written_with_its_word(tmp_path: Path, written: str) -> None:
    result = read(tmp_path, f"T-001;{written};P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35\n")
    assert [line.lot for line in result.accepted] == [2]


def test_zero_hours_are_accepted(tmp_path: Path) -> None:
    result = read(tmp_path, "T-001;1;P-01;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;0\n")
    assert [line.hours for line in result.accepted] == [Decimal(0)]


def test_a_directory_is_read_for_its_csv_files(tmp_path: Path) -> None:
    folder = tmp_path / "realised"
    folder.mkdir()
    write(folder, HEADER + "T-001;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35\n", "b.csv")
    write(folder, HEADER + "T-001;1;P-02;RSA;formation;POEC;2026-01-01;2026-01-31;35\n", "a.csv")
    write(folder, "not read", "notes.txt")
    result = read_realised_hours([folder], lots=LOTS)
    assert result.files == (str(folder / "a.csv"), str(folder / "b.csv"))
    assert [line.person for line in result.accepted] == ["P-02", "P-01"]


def test_a_file_given_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "T-001;1;P-01;RSA;formation;POEC;2026-01-01;2026-01-31;35\n")
    result = read_realised_hours([path, tmp_path / "." / "realised.csv"], lots=LOTS)
    assert len(result.accepted) == 1
    assert result.rejected == ()
    assert result.warnings == (
        f"{tmp_path / '.' / 'realised.csv'}: given twice (also as {path}); read once",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "{file}: is empty; the first line must name the columns"),
        ("# only a comment\n\n", "{file}: is empty; the first line must name the columns"),
        (
            "contract;lot;person;hours\nT-001;1;P;3\n",
            "{file}:1: missing columns category, modality, contract_type, period_start, "
            'period_end (the header line has "contract", "lot", "person", "hours"); the '
            "columns are contract, lot, person, category, modality, contract_type, "
            "period_start, period_end, hours",
        ),
        (
            HEADER.rstrip("\n") + ";heures\n",
            "{file}:1: column hours is given twice (fields 9 and 10)",
        ),
        (
            b"contract;lot\n\xe9t\xe9;1\n\x81;2\n",
            "{file}:3: is neither UTF-8 nor Windows-1252 text (byte 0x81); save it as CSV UTF-8",
        ),
    ],
)
def test_a_file_that_cannot_be_used_is_an_error(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(RealisedHoursError) as caught:
        read_realised_hours([path], lots=LOTS)
    assert str(caught.value) == message.format(file=path)


def test_missing_files_and_empty_directories_are_reported_together(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ErrorGroup) as caught:
        read_realised_hours([tmp_path / "missing.csv", empty], lots=LOTS)
    assert caught.value.lines() == [
        f"{tmp_path / 'missing.csv'}: file not found",
        f"{empty}: is a directory without any *.csv or *.xlsx file",
    ]


def _figures(result: RealisedHours) -> list[tuple[object, ...]]:
    return [
        (
            r.line,
            r.contract,
            r.lot,
            r.person,
            r.category,
            r.modality,
            r.contract_type,
            r.period_start,
            r.period_end,
            r.hours,
        )
        for r in result.accepted
    ]


def test_excel_files_give_the_figures_of_their_utf8_twin(tmp_path: Path) -> None:
    rows = [
        [
            "contract",
            "lot",
            "person",
            "catégorie",
            "modalité",
            "contract_type",
            "début",
            "fin",
            "heures",
        ],
        [
            "T-001",
            "1",
            "P-01",
            "bénéficiaire du RSA",
            "mise à disposition",
            "ETTI",
            "01/04/24",
            "30.04.2024",
            "120,5",
        ],
        ["T-001", "2", "P-é", "senior", "formation", "POEC", "2024-05-01", "31/05/2024", "35"],
    ]
    utf8 = write(
        tmp_path, "\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n", "utf8.csv"
    )
    excel = write(
        tmp_path, "\r\n".join(";".join(row) for row in rows).encode("cp1252"), "excel.csv"
    )
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Notes"
    sheet = book.create_sheet("Heures")
    sheet.append(rows[0])
    sheet.append(
        [
            "T-001",
            1,
            "P-01",
            "bénéficiaire du RSA",
            "mise à disposition",
            "ETTI",
            datetime.datetime(2024, 4, 1),  # noqa: DTZ001 - naive, as Excel
            datetime.datetime(2024, 4, 30),  # noqa: DTZ001 - naive, as Excel
            120.5,
        ]
    )
    sheet.append(
        [
            "T-001",
            2,
            "P-é",
            "senior",
            "formation",
            "POEC",
            datetime.date(2024, 5, 1),
            "31/05/2024",
            35,
        ]
    )
    workbook = tmp_path / "heures.xlsx"
    book.save(workbook)
    expected = read_realised_hours([utf8], lots=LOTS)
    assert expected.rejected == ()
    assert len(expected.accepted) == 2
    from_excel = read_realised_hours([excel], lots=LOTS)
    from_workbook = read_realised_hours([workbook], lots=LOTS, sheet="Heures")
    assert _figures(from_excel) == _figures(expected) == _figures(from_workbook)
    assert from_excel.warnings == (
        f"{excel}: not UTF-8 (line 1): read as Windows-1252, the encoding of Excel's CSV; "
        "check its accented letters, or save it as CSV UTF-8",
    )
    assert from_workbook.warnings == ()
