"""Tables from spreadsheets: encodings, separators and workbooks read as text cells."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest

from clausegen.read.tables import TableError, read_table


def cells(path: Path, sheet: str | None = None) -> list[tuple[int, tuple[str, ...]]]:
    return [(row.line, row.cells) for row in read_table(path, sheet=sheet).rows]


@pytest.mark.parametrize(
    ("content", "delimiter"),
    [
        (b"a;b\n1;2,5\n", ";"),
        ("a\tb\n1\t2,5\n".encode("utf-16"), "\t"),
        (b'\xef\xbb\xbfa,b\n1,"2,5"\n', ","),
        (b'# Excel\nsep=,\na,b\n1,"2,5"\n', ","),
    ],
)
def test_csv_forms(tmp_path: Path, content: bytes, delimiter: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    table = read_table(path)
    assert table.delimiter == delimiter
    lines = [(row.line - content.count(b"\n") + 2, row.cells) for row in table.rows]
    assert lines == [(1, ("a", "b")), (2, ("1", "2,5"))]
    assert table.notes == ()


def test_windows_1252_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(
        "personne;catégorie\n# commentaire\nP-1;bénéficiaire du RSA\n".encode("cp1252")
    )
    table = read_table(path)
    assert [(row.line, row.cells) for row in table.rows] == [
        (1, ("personne", "catégorie")),
        (3, ("P-1", "bénéficiaire du RSA")),
    ]
    assert table.notes == (
        "not UTF-8 (line 1): read as Windows-1252, the encoding of Excel's CSV; check its "
        "accented letters, or save it as CSV UTF-8",
    )


def test_a_workbook_is_read_from_its_first_sheet_or_the_one_named(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Résumé"
    first.append(["rien"])
    second = book.create_sheet("Heures")
    second.append(["lot", "début", "heures", None])
    second.append([])
    second.append(["# une note"])
    second.append([2, datetime.datetime(2026, 1, 31), 12.5, None])  # noqa: DTZ001 - naive, as Excel
    second.append([2.0, datetime.date(2026, 2, 1), 0.1 + 0.2, "texte"])
    path = tmp_path / "heures.xlsx"
    book.save(path)
    assert cells(path) == [(1, ("rien",))]
    assert cells(path, "Heures") == [
        (1, ("lot", "début", "heures", "")),
        (4, ("2", "2026-01-31", "12.5", "")),
        (5, ("2", "2026-02-01", "0.3", "texte")),
    ]


@pytest.mark.parametrize(
    ("content", "sheet", "message", "line"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
            None,
            "is an Excel 97-2003 workbook (.xls); save it as .xlsx or as CSV",
            None,
        ),
        (
            b"PK\x03\x04broken",
            None,
            "is a zip file but not an .xlsx workbook; save it as .xlsx or as CSV",
            None,
        ),
        (
            b"a;b\n\x81;2\n",
            None,
            "is neither UTF-8 nor Windows-1252 text (byte 0x81); save it as CSV UTF-8",
            2,
        ),
    ],
)
def test_files_that_are_not_tables(
    tmp_path: Path, content: bytes, sheet: str | None, message: str, line: int | None
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    with pytest.raises(TableError) as caught:
        read_table(path, sheet=sheet)
    assert (caught.value.message, caught.value.line) == (message, line)


def test_a_missing_sheet_names_the_sheets(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    path = tmp_path / "t.xlsx"
    book.save(path)
    with pytest.raises(TableError) as caught:
        read_table(path, sheet="Heures")
    assert caught.value.message == "has no sheet named 'Heures' (its sheets: 'Sheet')"


def test_a_sheet_named_for_a_csv_file_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a;b\n", encoding="utf-8")
    assert read_table(path, sheet="Heures").notes == (
        "a CSV file has no sheets: sheet 'Heures' ignored",
    )
