"""The shared vocabulary of eligible publics and modalities."""

from __future__ import annotations

import pytest

from clausegen.validate.terms import (
    CATEGORY_TERMS,
    MODALITY_TERMS,
    EligibilityCategory,
    Modality,
    closest,
    lookup,
    normalise,
)


def test_every_code_has_its_french_wording() -> None:
    assert set(CATEGORY_TERMS) == set(EligibilityCategory)
    assert set(MODALITY_TERMS) == set(Modality)
    for code in [*EligibilityCategory, *Modality]:
        assert code.term.label and code.term.short


def test_the_brochure_groups_and_the_three_ways_are_there() -> None:
    assert EligibilityCategory.YOUNG_PERSON.term.short == "Jeunes de moins de 26 ans"
    assert "RSA" in EligibilityCategory.RSA_RECIPIENT.term.label
    assert "L. 5212-13" in EligibilityCategory.DISABLED_WORKER.term.label
    assert "plus de 50 ans" in EligibilityCategory.SENIOR.term.label
    assert "GEIQ" in Modality.STAFF_PROVISION.term.label
    assert "alternance" in Modality.DIRECT_HIRING.term.label
    assert "(EI)" in Modality.SUBCONTRACTING.term.label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mise à disposition", "mise_a_disposition"),
        ("  MISE-A-DISPOSITION ", "mise_a_disposition"),
        ("Modalité de mise en œuvre", "modalite_de_mise_en_oeuvre"),
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("long_term_jobseeker", EligibilityCategory.LONG_TERM_JOBSEEKER),
        ("DELD", EligibilityCategory.LONG_TERM_JOBSEEKER),
        ("rsa", EligibilityCategory.RSA_RECIPIENT),
        ("RQTH", EligibilityCategory.DISABLED_WORKER),
        ("Jeunes de moins de 26 ans", EligibilityCategory.YOUNG_PERSON),
        ("QPV", EligibilityCategory.PRIORITY_NEIGHBOURHOOD),
        ("E2C", EligibilityCategory.SIAE_PARTICIPANT),
        ("avis motivé", EligibilityCategory.MOTIVATED_OPINION),
        ("Long-term jobseekers", EligibilityCategory.LONG_TERM_JOBSEEKER),
        ("young persons", EligibilityCategory.YOUNG_PERSON),
        ("ASS", EligibilityCategory.BENEFIT_RECIPIENT),
        ("unknown", None),
        ("", None),
    ],
)
def test_lookup_category(text: str, expected: EligibilityCategory | None) -> None:
    assert lookup(EligibilityCategory, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("staff_provision", Modality.STAFF_PROVISION),
        ("mise à disposition", Modality.STAFF_PROVISION),
        ("Recrutement direct", Modality.DIRECT_HIRING),
        ("sous-traitance", Modality.SUBCONTRACTING),
        ("co_contracting", Modality.SUBCONTRACTING),
        ("Formation", Modality.TRAINING),
        ("RSA", None),
    ],
)
def test_lookup_modality(text: str, expected: Modality | None) -> None:
    assert lookup(Modality, text) is expected


def test_closest_suggests_a_near_spelling_only() -> None:
    assert closest(EligibilityCategory, "young_persons") is EligibilityCategory.YOUNG_PERSON
    assert closest(Modality, "trainig") is Modality.TRAINING
    assert closest(Modality, "zzz") is None


def test_each_abbreviation_of_the_monitoring_sheet_is_read_back_as_its_code() -> None:
    codes: list[EligibilityCategory | Modality] = [*EligibilityCategory, *Modality]
    abbreviations = [code.term.abbreviation for code in codes]
    assert len(set(abbreviations)) == len(abbreviations)
    for category in EligibilityCategory:
        assert lookup(EligibilityCategory, category.term.abbreviation) is category
    for modality in Modality:
        assert lookup(Modality, modality.term.abbreviation) is modality
    assert all(a == a.upper() for a in abbreviations)


def test_no_spelling_names_two_codes() -> None:
    for kind in (EligibilityCategory, Modality):
        owners: dict[str, str] = {}
        for code in kind:
            term = code.term
            for spelling in (code.value, term.abbreviation, term.short, *term.aliases):
                assert owners.setdefault(normalise(spelling), code.value) == code.value


def test_the_labels_continue_a_bulleted_list() -> None:
    # The documents print them after "notamment :" or "parmi les suivantes :", one per bullet,
    # and add the punctuation themselves.
    for code in [*EligibilityCategory, *Modality]:
        label = code.term.label
        assert label.split(" ")[0] in ("les", "la", "le"), label
        assert label[-1] not in ".;,:", label
