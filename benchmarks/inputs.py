"""Generated inputs of the benchmarks: batches of contracts, a contract of many lots, a portfolio.

Every input is written into a folder the caller gives (a temporary one); the contracts are
the repository's example of a works contract with a buyer profile (its charter included),
given new references, so that every document of the set is produced.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "lycee-jules-verne.yaml"
PROFILES = REPO / "examples" / "profiles"
_HEADER = "contract;lot;person;category;modality;contract_type;period_start;period_end;hours\n"
_CATEGORIES = ("long_term_jobseeker", "benefit_recipient", "young_person")
_MODALITIES = ("direct_hiring", "staff_provision", "subcontracting")
_TYPES = ("CDI", "CDD", "ETTI", "GEIQ", "EI")


def _example() -> dict[str, object]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def contracts(folder: Path, count: int) -> list[str]:
    """Write ``count`` contracts (the example, renumbered) and their profiles; return paths."""
    shutil.copytree(PROFILES, folder / "profiles", dirs_exist_ok=True)
    data = _example()
    paths = []
    for number in range(count):
        data["reference"] = f"BENCH-{number:05d}"
        path = folder / f"contract-{number:05d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(str(path))
    return paths


def many_lots(folder: Path, lots: int) -> str:
    """Write one contract of ``lots`` lots (the example's lots, repeated); return its path."""
    shutil.copytree(PROFILES, folder / "profiles", dirs_exist_ok=True)
    data = _example()
    models = data["lots"]
    assert isinstance(models, list)
    data["reference"] = f"LOTS-{lots}"
    data["lots"] = [
        {**models[number % len(models)], "number": number + 1, "title": f"Lot {number + 1}"}
        for number in range(lots)
    ]
    path = folder / f"lots-{lots}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def portfolio(folder: Path, count: int, lines: int) -> tuple[Path, Path]:
    """Write a portfolio of ``count`` contracts and ``lines`` realised-hours lines.

    Returns:
        The folder of the contracts and the realised-hours CSV file.
    """
    contracts_folder = folder / "portfolio"
    contracts_folder.mkdir()
    references = [Path(p) for p in contracts(contracts_folder, count)]
    lots = len(_example()["lots"])  # type: ignore[arg-type]
    generator = random.Random(14)  # noqa: S311 - test data, not secrets
    rows = [_HEADER]
    for line in range(lines):
        month = 1 + line % 12
        rows.append(
            f"BENCH-{generator.randrange(count):05d};{1 + generator.randrange(lots)};"
            f"P-{line:06d};{generator.choice(_CATEGORIES)};{generator.choice(_MODALITIES)};"
            f"{generator.choice(_TYPES)};01/{month:02d}/2025;28/{month:02d}/2025;"
            f"{generator.randrange(7, 151)},5\n"
        )
    realised = folder / "realised.csv"
    realised.write_text("".join(rows), encoding="utf-8")
    assert len(references) == count
    return contracts_folder, realised
