"""A small portfolio with realised hours, shared by the follow-up tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import build_file_tree, contract_data

REALISED_HEADER = (
    "contract;lot;person;category;modality;contract_type;period_start;period_end;hours\n"
)


def lot(number: int, hours: int, rate: str = "5 %", **extra: Any) -> dict[str, Any]:
    return {
        "number": number,
        "title": f"Lot {number}",
        "labour_hours": hours,
        "rate": rate,
        **extra,
    }


def portfolio(tmp_path: Path) -> Path:
    """Three operations: a finished works contract, a running award criterion, a reserved one."""
    build_file_tree(
        tmp_path,
        {
            "contracts/a.yaml": contract_data(
                reference="A-1",
                status="finished",
                insertion={"hours_per_fte": 1680, "penalty_per_missing_hour": "35,33"},
                lots=[lot(1, 10000), lot(2, 4000, awardees=["Alpha BTP", "Beta"])],
            ),
            "contracts/b.yaml": contract_data(
                reference="B-2",
                kind="services",
                mechanism="award_criterion",
                status="running",
                insertion={"hours_per_fte": 1680, "criterion_weight": "10 %"},
                lots=[lot(1, 3000, "10 %", awardees=["ALPHA  btp"])],
            ),
            "contracts/c.json": json.dumps(
                contract_data(
                    reference="C-3",
                    kind="services",
                    mechanism="reserved_siae",
                    status="finished",
                    insertion={"hours_per_fte": 1680},
                    lots=[{"number": 1, "title": "Réservé", "estimated_amount": 100000}],
                )
            ),
            "contracts/notes.txt": "not a contract",
            "contracts/profiles/buyer.yaml": "name: not read, sub-directories are skipped",
            "realised.csv": REALISED_HEADER
            + "A-1;1;P1;RSA;direct_hiring;CDI;2026-01-01;2026-01-31;120\n"
            + "A-1;1;P2;DELD;staff_provision;ETTI;2026-01-01;2026-01-31;100,5\n"
            + "A-1;2;P1;RSA;direct_hiring;CDI;2026-02-01;2026-02-28;250\n"
            + "B-2;1;P3;QPV;training;formation;2026-01-01;2026-03-31;150\n",
        },
    )
    return tmp_path
