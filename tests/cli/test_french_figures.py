"""Under French, the text outputs write their figures as the documents do (issue 15, i15-fr-text).

``17 142,86`` (a no-break space between groups of three digits, a decimal comma) under
``LANG=fr_FR.UTF-8``; under English the output stays as it always was (``17142.86``). Machine
formats (``--json``) keep the decimal point in both. A sweep runs the text commands on the
examples under French and fails on a figure with a decimal point or four digits in a row.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clausegen.resolve.loading import load_contract
from clausegen.resolve.reference import default_reference
from tests.helpers import ENGLISH, EXAMPLES, FRENCH, build_file_tree, contract_data, run_cli

N = "\u00a0"

LYCEE = str(EXAMPLES / "lycee-jules-verne.yaml")
NETTOYAGE = str(EXAMPLES / "nettoyage-accord-cadre.yaml")
RECONDUCTION = str(EXAMPLES / "espaces-verts-reconduction.yaml")
PORTFOLIO = EXAMPLES / "portfolio"
REPORT = [
    "report",
    str(PORTFOLIO),
    "--realised",
    str(PORTFOLIO / "realised"),
    "--orders",
    str(PORTFOLIO / "orders"),
]


def _lines(arguments: list[str], env: dict[str, str | None]) -> list[str]:
    code, out, error = run_cli(arguments, env)
    assert code == 0, error
    return out.splitlines()


def test_hours_writes_the_lot_row_and_its_calculation_the_french_way() -> None:
    lines = _lines(["hours", LYCEE], FRENCH)
    assert lines[4] == (
        f"1    Gros œuvre – maçonnerie               amount                     17{N}142,86"
        "   5 %                 857  0,5"
    )
    assert lines[9] == (
        f"     Total                                                                      "
        f"                    1{N}947  1,2"
    )
    assert lines[11] == f"ETP = heures d'insertion ÷ 1{N}680 heures par ETP (l'acheteur)"
    assert lines[14] == (
        f"  Lot 1 (Gros œuvre – maçonnerie){N}: 1{N}200{N}000 € × 0,5 ÷ 35 €/h × 0,05 = "
        "857,14 h → 857 h"
    )
    assert lines[15].startswith(
        f"    part de main-d'œuvre 0,5 (source{N}: le préréglage maconnerie){N}; coût horaire 35 "
        f"(source{N}: le marché){N}; taux 0,05 (source{N}: le marché){N}; "
    )
    assert lines[22] == (
        f"  Lot 5 (Électricité courants forts et faibles){N}: 5{N}200 h (volume de main-d'œuvre "
        "estimé) × 0,05 = 260 h → 260 h"
    )


def test_hours_in_english_is_unchanged() -> None:
    lines = _lines(["hours", LYCEE], ENGLISH)
    assert lines[4] == (
        "1    Gros œuvre – maçonnerie               amount            17142.86   5 %"
        "              857  0.5"
    )
    assert lines[11] == "FTE = insertion hours ÷ 1680 hours per FTE (the buyer)"
    assert lines[14] == (
        "  Lot 1 (Gros œuvre – maçonnerie): 1200000 € × 0.5 ÷ 35 €/h × 0.05 = 857.14 h → 857 h"
    )
    assert lines[15].startswith("    labour share 0.5 from the maconnerie preset; hourly cost 35")


def test_the_columns_stay_aligned_with_no_break_spaces() -> None:
    """A no-break space is one character: every row of the table is as wide as its header."""
    lines = _lines(["hours", NETTOYAGE], FRENCH)
    header = lines[3]
    assert [line.index("%") for line in lines[4:6]] == [header.index("Taux") + 3] * 2
    assert lines[4].endswith(f"24{N}000   5 %               1{N}200  0,7")
    assert lines[5].endswith(f" 4{N}375   5 %                 219  0,1")
    assert lines[6].endswith(f"1{N}419  0,8")
    assert {len(line) for line in lines[4:7]} == {len(header)}


def test_hours_writes_the_framework_and_renewal_lines_the_french_way() -> None:
    lines = _lines(["hours", NETTOYAGE], FRENCH)
    assert (
        f"  Lot 1{N}: 2,000 heures d'insertion pour 1{N}000 € HT commandés = 1{N}200 h ÷ "
        f"600{N}000 € × 1{N}000, arrondi au plus proche à 0,001 h"
    ) in lines
    assert (
        f"    estimation{N}: 1{N}200 h sur 600{N}000 € HT (minimum 400{N}000 €, maximum "
        f"900{N}000 €), à titre indicatif{N}; heures dues = ratio × montant commandé ÷ 1{N}000, "
        "arrondi à l'heure la plus proche sur le montant cumulé"
    ) in lines
    english = _lines(["hours", NETTOYAGE], ENGLISH)
    assert (
        "  Lot 1: 2.000 insertion hours per 1000 € excl. VAT ordered = 1200 h ÷ 600000 € × 1000, "
        "rounded half-up to 0.001 h"
    ) in english
    renewals = _lines(["hours", RECONDUCTION], FRENCH)
    assert renewals[10] == (
        f"  Lot 1 (Tonte, taille et désherbage){N}: 500{N}000 € × 0,6 ÷ 30 €/h × 0,07 = 700 h → "
        "175 h + 3 × 175 h = 700 h"
    )


def test_json_keeps_the_decimal_point_under_french() -> None:
    french = json.loads(run_cli(["hours", "--json", LYCEE], FRENCH)[1])
    english = json.loads(run_cli(["hours", "--json", LYCEE], ENGLISH)[1])
    lot = french["lots"][0]
    assert lot["labour_hours"] == 17142.86
    assert lot["fte"] == 0.5
    assert lot["trace"]["estimated_amount"] == "1200000"
    assert lot["trace"]["formula"] == "1200000 € × 0.5 ÷ 35 €/h × 0.05 = 857.14 h → 857 h"
    assert english["lots"][0]["trace"] == lot["trace"]
    rates = json.loads(run_cli(["rates", "--json"], FRENCH)[1])
    assert rates == json.loads(run_cli(["rates", "--json"], ENGLISH)[1])
    assert rates["hours_per_fte"]["value"] == "1607"


def test_rates_speaks_french_with_french_figures() -> None:
    lines = _lines(["rates"], FRENCH)
    assert lines[0] == (
        "Valeurs par défaut par type de marché (appliquées quand ni le lot, ni le marché, ni "
        f"l'acheteur n'en fixent){N}:"
    )
    assert lines[2] == "Type                    Taux  Coût horaire  Origine (taux / coût horaire)"
    assert lines[6].startswith("supplies               aucun        39 €/h  INSEE 2020")
    assert lines[8].startswith(f"Heures par ETP{N}: 1{N}607 (durée légale annuelle du travail")
    assert lines[10] == (
        f"Préréglages par corps d'état (part de main-d'œuvre dans le montant HT){N}:"
    )
    assert lines[12] == "Corps d'état                 Part  Coût horaire  Statut     Origine"
    assert lines[14].startswith("maconnerie                   50 %                sourcé     MEF")
    assert lines[-4:-2] == [
        f"Avertissement en dessous de{N}:",
        "  150 heures d'insertion par lot (PACT Propreté (Inserpropre / FEP) : pas de clause en "
        "dessous de 150 heures)",
    ]
    assert lines[-2].startswith(f"  40{N}000 € HT par lot (clause possible")
    assert (
        lines[-1] == "  2 mois de marché (opérations d'au moins deux mois environ (IAE Aquitaine))"
    )


def test_rates_in_english_is_unchanged() -> None:
    lines = _lines(["rates"], ENGLISH)
    assert lines[0] == (
        "Defaults per contract kind (used when the lot, contract and buyer say nothing):"
    )
    assert lines[2] == "Kind                   Rate  Hourly cost  Origin (rate / hourly cost)"
    assert lines[6].startswith("supplies               none       39 €/h  INSEE 2020")
    assert lines[8].startswith("Hours per FTE: 1607 (durée légale annuelle du travail")
    assert lines[10] == "Trade presets (labour share of the amount excl. VAT):"
    assert lines[14].startswith("maconnerie                    50 %               sourced    MEF")
    assert lines[-4] == "Warnings below:"
    assert lines[-2].startswith("  40000 € excl. VAT per lot (clause possible")
    assert (
        lines[-1]
        == "  2 months of contract (opérations d'au moins deux mois environ (IAE Aquitaine))"
    )


def test_report_and_validate_write_french_figures() -> None:
    lines = _lines(REPORT, FRENCH)
    assert lines[0] == "Bilan du portefeuille — 16 opérations (situation au 30 juin 2026)"
    assert f"  Heures d'insertion                           72{N}868" in lines
    assert f"  ETP                                            43,4  (1{N}680 h par ETP)" in lines
    assert f"  Pénalités dues                          36{N}645,00 €  (marchés achevés)" in lines
    assert (
        f"2024-SRV-201  1    commandes       1{N}260         1,400  525{N}000,00 €   735" in lines
    )
    english = _lines(REPORT, ENGLISH)
    assert english[0] == "Portfolio report — 16 operations (situation on 2026-06-30)"
    assert "  Insertion hours                       72868" in english
    assert "  Penalties due                    36645.00 €  (finished contracts)" in english
    assert run_cli(["validate", NETTOYAGE], FRENCH)[1] == (
        f"{NETTOYAGE}: valide (2 lots, 1{N}419 heures d'insertion, 0 avertissement)\n"
    )
    assert run_cli(["validate", NETTOYAGE], ENGLISH)[1] == (
        f"{NETTOYAGE}: valid (2 lots, 1419 insertion hours, 0 warnings)\n"
    )


def test_a_warning_writes_its_figures_in_the_language_of_messages(tmp_path: Path) -> None:
    data = contract_data()
    data["lots"][0]["estimated_amount"] = "25000.5"
    small = build_file_tree(tmp_path, {"small.yaml": data}) / "small.yaml"
    french = run_cli(["hours", str(small)], FRENCH)[2]
    assert f"lot 1: le montant estimé de 25{N}000,5 € HT est inférieur à 40{N}000 €" in french
    english = run_cli(["hours", str(small)], ENGLISH)[2]
    assert "lot 1: the estimated amount 25000.5 € excl. VAT is under 40000 €" in english


# --- The sweep: no figure written the English way in any French text output. ---------------

#: A decimal point between digits: ``0.5``, ``17142.86``.
_POINT = re.compile(r"\d\.\d")
#: Four digits or more in a row that are not part of a word (``L2112``) or of a grouped figure.
_UNGROUPED = re.compile(r"(?<![\w\u00a0,])\d{4,}(?!\w)")
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
#: What is not a figure: dates (ISO, in words), the 14 digits of a SIRET, the years of a table.
_NOT_FIGURES = (
    re.compile(r"\d{4}-\d{2}-\d{2}"),
    re.compile(rf"\b\d{{1,2}}(?:er)? (?:{_MONTHS}) \d{{4}}\b"),
    re.compile(r'"\d{14}"'),
    re.compile(r"^(?:\S+ +\d+ +|)(?=\d{4} )\d{4}", re.MULTILINE),
)


def _as_written(paths: list[Path]) -> list[str]:
    """The texts that come from the inputs and are printed as written (not figures)."""
    words = [str(path) for path in paths]
    for path in paths:
        if path.suffix in {".yaml", ".json"} and path.parent.name != "opendata":
            words.append(load_contract(path).reference)
    reference = default_reference()
    words += [reference.hours_per_fte.origin]
    for defaults in reference.kinds.values():
        words.append(defaults.hourly_cost.origin)
        if defaults.rate is not None:
            words.append(defaults.rate.origin)
    words += [preset.origin for preset in reference.trades.values()]
    thresholds = reference.thresholds
    words += [
        thresholds.minimum_insertion_hours.origin,
        thresholds.minimum_amount.origin,
        thresholds.minimum_duration_months.origin,
    ]
    return sorted(set(words), key=len, reverse=True)


def _english_figures(text: str, as_written: list[str]) -> list[str]:
    for pattern in _NOT_FIGURES:
        text = pattern.sub("<not a figure>", text)
    for word in as_written:
        text = text.replace(word, "<as written>")
    return [line for line in text.splitlines() if _POINT.search(line) or _UNGROUPED.search(line)]


#: The examples whose buyer has a charter (``clausegen charter`` fails on the others).
_WITH_A_CHARTER = {
    "avenue-de-la-gare",
    "espaces-verts-reconduction",
    "lycee-jules-verne",
    "nettoyage-accord-cadre",
    "travaux-tranches",
}


def _sweep_runs() -> list[object]:
    contracts = sorted([*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*.json")])
    portfolio = sorted(PORTFOLIO.glob("*.yaml"))
    decp = sorted((EXAMPLES / "opendata").iterdir())
    followup = sorted([*(PORTFOLIO / "realised").iterdir(), *(PORTFOLIO / "orders").iterdir()])
    return [
        pytest.param(["rates"], [], id="rates"),
        *(
            pytest.param(["hours", str(path)], [path], id=f"hours-{path.stem}")
            for path in contracts
        ),
        *(pytest.param(["decp", str(path)], [path], id=f"decp-{path.stem}") for path in contracts),
        *(
            pytest.param(["charter", str(path)], [path], id=f"charter-{path.stem}")
            for path in contracts
            if path.stem in _WITH_A_CHARTER
        ),
        pytest.param(["validate", *map(str, contracts)], contracts, id="validate"),
        pytest.param(REPORT, [*portfolio, *followup], id="report"),
        pytest.param(["opendata", *map(str, decp)], decp, id="opendata"),
    ]


def test_the_sweep_finds_an_english_figure() -> None:
    """The sweep is not blind: English output, figures and all, is caught."""
    english = "\n".join(_lines(["hours", LYCEE], ENGLISH))
    lines = _english_figures(english, _as_written([Path(LYCEE)]))
    assert lines[0] == (
        "1    Gros œuvre – maçonnerie               amount            17142.86   5 %"
        "              857  0.5"
    )
    assert _english_figures("total 1947 h", []) == ["total 1947 h"]
    assert _english_figures("depuis le 22 août 2026 (CCP L2112-2-1), le 2026-06-30", []) == []
    table = f"total 1{N}947 h, 2,000 h\n2024-SRV-201  1     2024  1  75{N}000,00 €"
    assert _english_figures(table, []) == []
    assert _english_figures("2024-SRV-201  1     2024  1  75000.00 €", []) == [
        "<not a figure>  1  75000.00 €"
    ]


@pytest.mark.parametrize(("arguments", "inputs"), _sweep_runs())
def test_no_french_text_output_writes_a_figure_the_english_way(
    arguments: list[str], inputs: list[Path]
) -> None:
    code, out, error = run_cli(arguments, FRENCH)
    assert code == 0, error
    assert out
    assert _english_figures(out + error, _as_written(inputs)) == []


def test_opendata_writes_its_shares_the_french_way() -> None:
    decp = [str(path) for path in sorted((EXAMPLES / "opendata").iterdir())]
    french = _lines(["opendata", *decp], FRENCH)
    assert french[0] == (
        f"Marchés comportant une considération sociale (objectif{N}: 30,0 % des marchés "
        "notifiés chaque année)"
    )
    assert "2024  tous                  12       5   41,7 %        3         3         1  " in (
        "\n".join(french)
    )
    english = _lines(["opendata", *decp], ENGLISH)
    assert "2024  all                   12       5   41.7 %        3         3         1  " in (
        "\n".join(english)
    )
