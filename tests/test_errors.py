"""The error tree as programs receive it: ``to_dict()`` and its located records."""

from __future__ import annotations

from clausegen.errors import (
    ContractError,
    ErrorGroup,
    OutputError,
    Problem,
    ProfileError,
    TemplateError,
)
from clausegen.missing import NoCharterError
from clausegen.write.pdf import ConversionError


def test_contract_error_gives_one_located_record_per_problem() -> None:
    error = ContractError(
        source="marche.yaml",
        problems=[
            Problem(path="lots[1].labour_share", message="must be between 0 and 1", line=12),
            Problem(
                path="", message="mapping values are not allowed", line=3, column=7, code="syntax"
            ),
        ],
    )

    assert error.to_dict() == {
        "ok": False,
        "exit_code": 1,
        "errors": [
            {
                "source": "marche.yaml",
                "line": 12,
                "column": None,
                "path": "lots[1].labour_share",
                "code": "contract",
                "message": "must be between 0 and 1",
            },
            {
                "source": "marche.yaml",
                "line": 3,
                "column": 7,
                "path": "",
                "code": "syntax",
                "message": "mapping values are not allowed",
            },
        ],
    }


def test_group_records_follow_the_errors_in_order() -> None:
    first = ProfileError(source="acheteur.yaml", problems=[Problem(path="name", message="x")])
    second = OutputError(path="sortie/ccap.docx", message="exists (use --force to replace it)")

    group = ErrorGroup(errors=[first, second])

    assert [(r["source"], r["code"], r["message"]) for r in group.records()] == [
        ("acheteur.yaml", "profile", "x"),
        ("sortie/ccap.docx", "output", "exists (use --force to replace it)"),
    ]
    assert group.to_dict()["exit_code"] == 1


def test_template_error_record_keeps_the_place_in_the_document() -> None:
    error = TemplateError(
        template="ccap.docx",
        message="undefined variable",
        part="body",
        paragraph=4,
        variable="lot.hours",
        reason="undefined",
    )

    assert error.records() == [
        {
            "source": "ccap.docx",
            "line": None,
            "column": None,
            "path": "lot.hours",
            "code": "template-undefined",
            "message": "body, paragraph 4: undefined variable",
        }
    ]
    assert error.to_dict()["exit_code"] == 3


def test_no_charter_and_conversion_errors_are_located() -> None:
    no_charter = NoCharterError(source="m.yaml", buyer="Ville", profile=None)
    conversion = ConversionError(document="ccap.docx", message="LibreOffice hung")

    assert no_charter.records()[0]["path"] == "buyer"
    assert no_charter.records()[0]["message"].startswith('the buyer "Ville" has no charter')
    assert conversion.to_dict() == {
        "ok": False,
        "exit_code": 5,
        "errors": [
            {
                "source": "ccap.docx",
                "line": None,
                "column": None,
                "path": "",
                "code": "conversion",
                "message": "LibreOffice hung",
            }
        ],
    }
