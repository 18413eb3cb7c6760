"""The charter annex (``charte``): the commitments a contract puts into practice, then the charter."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest

from clausegen import french
from clausegen.compute.hours import compute_obligation
from clausegen.errors import ExitCode
from clausegen.french import typography
from clausegen.missing import NoCharterError
from clausegen.render.documents import render_document
from clausegen.render.text import docx_text
from clausegen.resolve.loading import load_contract
from clausegen.write.run import generate, render_run
from tests.helpers import (
    EXAMPLES,
    PAYS_DE_LA_LOIRE,
    REPO,
    build_file_tree,
    contract_data,
    profile_data,
)

BROCHURE_CHARTER = REPO / "tests" / "data" / "brochure-charte-pays-de-la-loire.txt"
JULES_VERNE = EXAMPLES / "lycee-jules-verne.yaml"
AVENUE = EXAMPLES / "avenue-de-la-gare.yaml"


def plain(text: str) -> str:
    """Show no-break spaces as ordinary spaces, to compare with readable literals."""
    return text.replace(french.NBSP, " ")


def tables(data: bytes) -> list[list[list[str]]]:
    """The tables of a rendered document, as rows of cell texts (no-break spaces kept)."""
    document = docx.Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def applied_rows(data: bytes) -> list[list[str]]:
    """The rows of the table of applied commitments, without its header."""
    table = next(t for t in tables(data) if t[0][0] == "N°" and len(t[0]) == 4)
    return table[1:]


def appendix_rows(data: bytes) -> list[list[str]]:
    """The rows of the appendix (the whole charter), without its header."""
    table = tables(data)[-1]
    assert table[0] == ["N°", "Engagement", "Texte"]
    return table[1:]


def pays_de_la_loire_contract(tmp_path: Path, **changes: Any) -> Path:
    """A contract of the Région in ``tmp_path``, pointing at a copy of its profile."""
    (tmp_path / "profiles").mkdir(exist_ok=True)
    shutil.copy(PAYS_DE_LA_LOIRE, tmp_path / "profiles")
    data = contract_data(buyer="profiles/pays-de-la-loire.yaml", **changes)
    return build_file_tree(tmp_path, {"contrat.yaml": data}) / "contrat.yaml"


# --- what the annex says ---------------------------------------------------------------------


def test_the_evidence_carries_the_figures_of_the_obligation(tmp_path: Path) -> None:
    lots = [
        {"number": 1, "title": "Gros œuvre", "labour_hours": 20000},
        {"number": 2, "title": "Charpente", "labour_hours": 20000},
        {"number": 3, "title": "Peinture", "labour_hours": 11740},
    ]
    path = pays_de_la_loire_contract(tmp_path, lots=lots, insertion={"rate": "5 %"})
    contract = load_contract(path)
    obligation = compute_obligation(contract)
    assert obligation.total_insertion_hours == 2587
    rows = applied_rows(render_document(contract, "charte"))
    assert rows == [
        [
            "9",
            "Clauses d'insertion socioprofessionnelle",
            f"Clause d'insertion de {french.hours(2587)} sur les lots 1 à 3",
            "Découle des caractéristiques du marché",
        ],
        ["11", "Variantes et allotissement", "Marché alloti en 3 lots", rows[1][3]],
    ]
    assert plain(rows[0][2]) == "Clause d'insertion de 2 587 heures sur les lots 1 à 3"


@pytest.mark.parametrize(
    ("example", "insertion", "lots"),
    [
        (
            JULES_VERNE,
            "Clause d'insertion de {hours} sur les {lots}",
            "Marché alloti en {count} lots",
        ),
        (
            AVENUE,
            "{hours} d'insertion, soit {fte} ETP, sur les {lots}",
            "Marché découpé en {count} lots",
        ),
    ],
    ids=["lycee-jules-verne", "avenue-de-la-gare"],
)
def test_the_hours_and_lots_of_every_example_match_the_computation(
    example: Path, insertion: str, lots: str
) -> None:
    contract = load_contract(example)
    obligation = compute_obligation(contract)
    figures = {
        "hours": french.hours(obligation.total_insertion_hours),
        "fte": french.number(obligation.total_fte, 1),
        "lots": french.lot_numbers([lot.number for lot in obligation.lots]),
        "count": len(obligation.lots),
    }
    evidence = [row[2].split("\n") for row in applied_rows(render_document(contract, "charte"))]
    assert [insertion.format(**figures)] in evidence
    assert lots.format(**figures) in [sentence for cell in evidence for sentence in cell]


def test_the_second_buyer_gets_its_own_commitments_and_charter() -> None:
    data = render_document(AVENUE, "charte")
    assert [(row[0], row[1]) for row in applied_rows(data)] == [
        ("1", "Emploi et insertion"),
        ("3", "Accès des TPE, des PME et de l'économie sociale et solidaire"),
        ("4", "Transition écologique"),
        ("6", "Information des entreprises"),
    ]
    rows = {row[0]: row for row in applied_rows(data)}
    obligation = compute_obligation(load_contract(AVENUE))
    assert rows["1"][2] == (
        f"{french.hours(obligation.total_insertion_hours)} d'insertion, soit "
        f"{french.number(obligation.total_fte, 1)} ETP, sur les lots 1 à 3"
    )
    assert rows["3"][2] == "Marché découpé en 3 lots\nVariantes autorisées"
    assert rows["6"][3] == "Retenu expressément pour ce marché"
    assert [row[1] for row in appendix_rows(data)] == [
        "Emploi et insertion",
        "Handicap",
        "Accès des TPE, des PME et de l'économie sociale et solidaire",
        "Transition écologique",
        "Commerce équitable",
        "Information des entreprises",
    ]
    text = plain(docx_text(data))
    assert "[Header] Métropole de Rivelune – marché n° 2027-RIV-021" in text
    assert "« Schéma de promotion des achats socialement et écologiquement responsables »" in text
    assert "Charte de la Commande publique responsable" not in text


def test_the_whole_charter_is_appended_word_for_word() -> None:
    # The documents put French no-break spaces before ; : ! ? (clausegen.french.typography).
    brochure = [
        typography(line) for line in BROCHURE_CHARTER.read_text(encoding="utf-8").splitlines()[2:]
    ]
    rows = appendix_rows(render_document(JULES_VERNE, "charte"))
    assert [f"{number}. {text}" for number, _, text in rows] == brochure


def test_a_commitment_both_ruled_and_included_says_both(tmp_path: Path) -> None:
    path = pays_de_la_loire_contract(tmp_path, charter={"include": [2, 9]})
    rows = applied_rows(render_document(path, "charte"))
    assert [(row[0], row[3]) for row in rows] == [
        ("2", "Retenu expressément pour ce marché"),
        (
            "9",
            "Découle des caractéristiques du marché\u00a0; retenu aussi expressément pour ce "
            "marché",
        ),
    ]
    assert rows[0][2] == "Engagement retenu par l'acheteur pour ce marché"


def test_a_charter_applied_nowhere_is_said_plainly(tmp_path: Path) -> None:
    # A one-lot contract reserved to EA/ESAT matches only commitment 10 of the Région's
    # charter, and the contract excludes it.
    path = pays_de_la_loire_contract(
        tmp_path, kind="supplies", mechanism="reserved_ea_esat", charter={"exclude": [10]}
    )
    data = render_document(path, "charte")
    text = docx_text(data)
    assert (
        "Le marché ne met en œuvre aucun des engagements de la charte d'achat "
        "responsable de l'acheteur. Le texte de la charte figure en appendice pour information."
    ) in text
    assert "Le marché met en œuvre" not in text
    assert len(tables(data)) == 2  # the identification and the appendix, no empty table
    assert len(appendix_rows(data)) == 11


def test_one_commitment_is_written_in_the_singular(tmp_path: Path) -> None:
    charter = profile_data()["charter"]
    charter["commitments"] = charter["commitments"][:1]
    build_file_tree(tmp_path, {"ville.yaml": profile_data(charter=charter)})
    path = build_file_tree(tmp_path, {"c.yaml": contract_data(buyer="ville.yaml")}) / "c.yaml"
    text = plain(docx_text(render_document(path, "charte")))
    assert "« Charte de test », compte 1 engagement. Le présent document" in text
    assert "Le marché met en œuvre l'engagement suivant de la charte." in text


def test_xml_special_characters_in_a_charter_come_out_as_written(tmp_path: Path) -> None:
    charter = profile_data()["charter"]
    charter["title"] = 'Charte "A & B" <2027>'
    charter["commitments"][0]["title"] = "Achats « éthiques » & <équitables>"
    charter["commitments"][0]["text"] = (
        "Exiger l'équité : {{ 7*7 }} & {% if x %}<b>'gras'</b>{% endif %} {_{ }_} fin ;"
    )
    # NOTE: control characters (\a, \f) are refused when the profile is read (issue 10).
    build_file_tree(tmp_path, {"ville.yaml": profile_data(charter=charter)})
    path = build_file_tree(tmp_path, {"c.yaml": contract_data(buyer="ville.yaml")}) / "c.yaml"
    data = render_document(path, "charte")
    # As written, with French no-break spaces inside « » and before : and ;.
    assert appendix_rows(data)[0] == [
        "1",
        "Achats «\u00a0éthiques\u00a0» & <équitables>",
        "Exiger l'équité\u00a0: {{ 7*7 }} & {% if x %}<b>'gras'</b>{% endif %} {_{ }_} fin\u00a0;",
    ]
    assert applied_rows(data)[0][1] == "Achats «\u00a0éthiques\u00a0» & <équitables>"
    assert '« Charte "A & B" <2027> », compte 2 engagements' in plain(docx_text(data))


# --- a buyer without a charter ---------------------------------------------------------------


def test_the_full_set_skips_the_annex_of_a_buyer_without_charter(tmp_path: Path) -> None:
    source = EXAMPLES / "amo-transition-energetique.yaml"
    run = render_run([source, JULES_VERNE], tmp_path)
    assert [(s.source, s.template_id) for s in run.skipped] == [(str(source), "charte")]
    assert run.skipped[0].message == (
        f'{source}: the buyer "Région des Pays de la Loire" has no charter, so the document '
        "'charte' is not produced"
    )
    written = run.write()
    assert [p.name for p in written] == [
        "2027-PI-007-ccap.docx",
        "2027-PI-007-rc.docx",
        "2027-PI-007-ae.docx",
        "2027-PI-007-suivi.docx",
        "2027-PI-007-suivi-facilitateur.docx",
        "2027-PI-007-note-calcul.docx",
        "2026-TRV-014-ccap.docx",
        "2026-TRV-014-rc.docx",
        "2026-TRV-014-ae.docx",
        "2026-TRV-014-suivi.docx",
        "2026-TRV-014-suivi-facilitateur.docx",
        "2026-TRV-014-charte.docx",
        "2026-TRV-014-note-calcul.docx",
    ]
    assert [p.name for p in generate(source, tmp_path / "alone")] == [
        "2027-PI-007-ccap.docx",
        "2027-PI-007-rc.docx",
        "2027-PI-007-ae.docx",
        "2027-PI-007-suivi.docx",
        "2027-PI-007-suivi-facilitateur.docx",
        "2027-PI-007-note-calcul.docx",
    ]


def test_asking_for_the_annex_of_a_buyer_without_charter_is_an_error(tmp_path: Path) -> None:
    source = EXAMPLES / "amo-transition-energetique.yaml"
    with pytest.raises(NoCharterError) as caught:
        generate(source, tmp_path / "out", only=["ccap", "charte"])
    assert str(caught.value) == (
        f'{source}: buyer: the buyer "Région des Pays de la Loire" has no charter, so the '
        "document 'charte' (the charter annex) cannot be produced: point buyer at a profile "
        "that has one (see 'clausegen profile init')"
    )
    assert caught.value.exit_code is ExitCode.INVALID_INPUT
    assert not (tmp_path / "out").exists()


def test_a_profile_without_charter_is_named_in_the_messages(tmp_path: Path) -> None:
    build_file_tree(
        tmp_path,
        {"ville.yaml": profile_data(charter=None), "c.yaml": contract_data(buyer="ville.yaml")},
    )
    source = tmp_path / "c.yaml"
    with pytest.raises(NoCharterError) as caught:
        render_document(source, "charte")
    assert str(caught.value) == (
        f"{source}: buyer: the buyer profile {tmp_path / 'ville.yaml'} has no charter, so the "
        "document 'charte' (the charter annex) cannot be produced: add one to the profile "
        "(see 'clausegen profile init')"
    )
    assert render_run([source], tmp_path / "out").skipped[0].message == (
        f"{source}: the buyer profile {tmp_path / 'ville.yaml'} has no charter, so the "
        "document 'charte' is not produced"
    )


def test_a_batch_asking_for_the_annex_writes_nothing_if_one_buyer_has_no_charter(
    tmp_path: Path,
) -> None:
    sources = [JULES_VERNE, EXAMPLES / "recyclerie-siae.yaml"]
    with pytest.raises(NoCharterError) as caught:
        render_run(sources, tmp_path / "out", only=["charte"])
    assert str(caught.value).startswith(f"{sources[1]}: buyer: the buyer ")
    assert not (tmp_path / "out").exists()
