"""The closed vocabulary of the clause: eligible publics and the ways to fulfil the obligation.

The tender documents list them (who may be hired, how the company may do it) and the
monitoring files report hours against them, so they are defined once, here: a stable English
code for files and workflows, the French wording for documents, and the spellings that people
actually type in a monitoring spreadsheet ("DELD", "RSA", "mise à disposition"…).

Sources: domain.md §4.1 (eligible publics, facilitator practice, with the brochure's four
groups) and §5.1 (modalities: staff provision, direct hiring, co-contracting or subcontracting,
training).
"""

from __future__ import annotations

import difflib
import enum
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True)
class Term:
    """How one entry of the vocabulary is written.

    Attributes:
        label: the full French wording, for the clause in the documents: a phrase that
            continues "notamment :" or "parmi les suivantes :" in a bulleted list, so it
            starts with an article in lower case and carries no final punctuation.
        short: a short French label, for table headings and reports.
        abbreviation: the code written on the monitoring sheet (fiche de suivi), in capitals;
            realised-hours files accept it too.
        aliases: other spellings accepted in monitoring files (compared without case,
            accents or punctuation).
        proof: for an eligible public, the document that proves it (justificatif).
        sensitive: for an eligible public, whether belonging to it reveals health data or
            data on criminal matters (such a category never goes on the buyer's sheet).
    """

    label: str
    short: str
    abbreviation: str
    aliases: tuple[str, ...] = ()
    proof: str = ""
    sensitive: bool = False


class EligibilityCategory(enum.StrEnum):
    """Who may fill the insertion hours (domain.md §4.1)."""

    LONG_TERM_JOBSEEKER = "long_term_jobseeker"
    RSA_RECIPIENT = "rsa_recipient"
    DISABLED_WORKER = "disabled_worker"
    BENEFIT_RECIPIENT = "benefit_recipient"
    YOUNG_PERSON = "young_person"
    SIAE_PARTICIPANT = "siae_participant"
    SENIOR = "senior"
    PRIORITY_NEIGHBOURHOOD = "priority_neighbourhood"
    MOTIVATED_OPINION = "motivated_opinion"

    @property
    def term(self) -> Term:
        """The French wording and accepted spellings of this category."""
        return CATEGORY_TERMS[self]


class Modality(enum.StrEnum):
    """How the company may fulfil the obligation; the clause offers them all (domain.md §5.1)."""

    STAFF_PROVISION = "staff_provision"
    DIRECT_HIRING = "direct_hiring"
    SUBCONTRACTING = "subcontracting"
    TRAINING = "training"

    @property
    def term(self) -> Term:
        """The French wording and accepted spellings of this modality."""
        return MODALITY_TERMS[self]


CATEGORY_TERMS: dict[EligibilityCategory, Term] = {
    EligibilityCategory.LONG_TERM_JOBSEEKER: Term(
        label="les demandeurs d'emploi de longue durée, inscrits à France Travail depuis au "
        "moins douze mois",
        short="Demandeurs d'emploi de longue durée",
        abbreviation="DELD",
        aliases=("demandeur d'emploi de longue durée", "chômeur de longue durée"),
        proof="attestation d'inscription à France Travail indiquant la durée d'inscription",
    ),
    EligibilityCategory.RSA_RECIPIENT: Term(
        label="les bénéficiaires du revenu de solidarité active (RSA)",
        short="Bénéficiaires du RSA",
        abbreviation="RSA",
        aliases=("BRSA", "bénéficiaire du RSA"),
        proof="attestation de droit au revenu de solidarité active",
    ),
    EligibilityCategory.DISABLED_WORKER: Term(
        label="les travailleurs handicapés bénéficiaires de l'obligation d'emploi au sens de "
        "l'article L. 5212-13 du code du travail (notamment reconnaissance de la qualité de "
        "travailleur handicapé, allocation aux adultes handicapés, pension d'invalidité dans "
        "les conditions prévues par cet article)",
        short="Travailleurs handicapés",
        abbreviation="TH",
        aliases=("RQTH", "BOETH", "travailleur handicapé"),
        proof="décision de reconnaissance de la qualité de travailleur handicapé, ou "
        "justificatif de l'allocation ou de la pension ouvrant droit au bénéfice de "
        "l'obligation d'emploi",
        sensitive=True,
    ),
    EligibilityCategory.BENEFIT_RECIPIENT: Term(
        label="les bénéficiaires de l'allocation de solidarité spécifique (ASS) ou de toute "
        "allocation qui s'y substitue",
        short="Bénéficiaires de l'ASS",
        abbreviation="ASS",
        aliases=("ASS-AAH", "AAH", "minima sociaux", "bénéficiaire de minima sociaux"),
        proof="attestation de versement de l'allocation",
    ),
    EligibilityCategory.YOUNG_PERSON: Term(
        label="les jeunes de moins de 26 ans rencontrant des difficultés particulières d'accès "
        "à l'emploi, notamment ceux qui sont accompagnés par une mission locale ou qui "
        "bénéficient d'un contrat d'engagement jeune (CEJ)",
        short="Jeunes de moins de 26 ans",
        abbreviation="JEUNE",
        aliases=("jeunes", "moins de 26 ans", "jeune de moins de 26 ans"),
        proof="pièce d'identité et attestation de la mission locale ou de France Travail",
    ),
    EligibilityCategory.SIAE_PARTICIPANT: Term(
        label="les personnes salariées d'une entreprise d'insertion ou d'un atelier et chantier "
        "d'insertion, ou mises à disposition par une association intermédiaire ou une "
        "entreprise de travail temporaire d'insertion (structures d'insertion par l'activité "
        "économique mentionnées à l'article L. 5132-4 du code du travail), ainsi que les "
        "titulaires d'un PASS IAE en cours de validité",
        short="Salariés d'une SIAE, titulaires d'un PASS IAE",
        abbreviation="SIAE",
        aliases=("IAE", "EPIDE", "E2C", "salarié en insertion", "PASS IAE"),
        proof="contrat de travail ou de mise à disposition, ou attestation de la structure ; "
        "PASS IAE",
    ),
    EligibilityCategory.SENIOR: Term(
        label="les demandeurs d'emploi de plus de 50 ans",
        short="Demandeurs d'emploi de plus de 50 ans",
        abbreviation="SENIOR",
        aliases=("plus de 50 ans", "demandeur d'emploi de plus de 50 ans", "seniors"),
        proof="pièce d'identité et attestation d'inscription à France Travail",
    ),
    EligibilityCategory.PRIORITY_NEIGHBOURHOOD: Term(
        label="les demandeurs d'emploi résidant dans un quartier prioritaire de la politique "
        "de la ville (QPV)",
        short="Habitants des quartiers prioritaires (QPV)",
        abbreviation="QPV",
        aliases=("habitant QPV", "quartier prioritaire"),
        proof="justificatif de domicile et attestation d'inscription à France Travail",
    ),
    EligibilityCategory.MOTIVATED_OPINION: Term(
        # NOTE: who validates the opinion (the facilitator, or the buyer when there is none)
        # is said by the clause itself, not here: the same label serves both cases.
        label="les autres personnes rencontrant des difficultés sociales ou professionnelles "
        "particulières, sur diagnostic ou avis motivé de France Travail, d'une mission locale, "
        "de Cap emploi, d'un plan local pour l'insertion et l'emploi (PLIE), d'une maison de "
        "l'emploi ou du service social du département",
        short="Autres publics sur diagnostic ou avis motivé",
        abbreviation="AVIS",
        aliases=("avis motivé", "autre", "autres", "other", "diagnostic"),
        proof="diagnostic ou avis motivé écrit de l'organisme",
    ),
}

MODALITY_TERMS: dict[Modality, Term] = {
    Modality.STAFF_PROVISION: Term(
        label="la mise à disposition de personnel en insertion par une entreprise de travail "
        "temporaire d'insertion (ETTI), une association intermédiaire (AI) ou un groupement "
        "d'employeurs pour l'insertion et la qualification (GEIQ)",
        short="Mise à disposition de personnel",
        abbreviation="MAD",
        aliases=("mise à disposition", "ETTI", "AI", "GEIQ", "intérim d'insertion"),
    ),
    Modality.DIRECT_HIRING: Term(
        label="le recrutement direct par le titulaire de personnes éligibles, en contrat à "
        "durée indéterminée (CDI), en contrat à durée déterminée (CDD), en contrat aidé ou en "
        "contrat en alternance (contrat d'apprentissage ou de professionnalisation)",
        short="Recrutement direct",
        abbreviation="EMBAUCHE",
        aliases=("embauche directe", "recrutement", "direct hire"),
    ),
    Modality.SUBCONTRACTING: Term(
        label="la co-traitance ou la sous-traitance d'une partie du marché avec une structure "
        "d'insertion par l'activité économique, entreprise d'insertion (EI) ou atelier et "
        "chantier d'insertion (ACI), avec une entreprise adaptée (EA) ou avec un "
        "établissement et service d'aide par le travail (ESAT)",
        short="Co-traitance ou sous-traitance",
        abbreviation="CT-ST",
        aliases=(
            "co_contracting",
            "co_contracting_subcontracting",
            "co-traitance",
            "cotraitance",
            "sous-traitance",
            "soustraitance",
        ),
    ),
    Modality.TRAINING: Term(
        label="la formation diplômante, qualifiante ou certifiante des personnes éligibles "
        "employées pour l'exécution du marché, notamment dans le cadre d'un contrat en "
        "alternance",
        short="Formation",
        abbreviation="FORMATION",
    ),
}

_Code = TypeVar("_Code", EligibilityCategory, Modality)


@functools.lru_cache(maxsize=4096)  # NOTE: a file of realised hours repeats its spellings
def normalise(text: str) -> str:
    """Reduce a spelling to lower-case letters and digits joined by ``_``.

    "Mise à disposition", "mise_a_disposition" and "MISE-A-DISPOSITION" all become
    ``mise_a_disposition``; used for codes, labels and column names alike.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", bare).strip("_")


def _spellings(code: _Code, term: Term) -> list[str]:
    return [code.value, term.abbreviation, term.short, *term.aliases]


@functools.lru_cache(maxsize=4096)
def lookup(kind: type[_Code], text: str) -> _Code | None:
    """Find the code written as ``text`` (its code, short label or an alias), or None."""
    wanted = normalise(text)
    if not wanted:
        return None
    # NOTE: "long-term jobseekers" is read as the singular code; short words such as "ASS"
    # keep their final s.
    singular = "_".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in wanted.split("_"))
    index = _index(kind)
    return index.get(wanted) or index.get(singular)


@functools.cache
def _index(kind: type[_Code]) -> dict[str, _Code]:
    """Every normalised spelling of the codes of ``kind``; the first code in order wins."""
    index: dict[str, _Code] = {}
    for code in kind:
        for spelling in _spellings(code, code.term):
            index.setdefault(normalise(spelling), code)
    return index


def closest(kind: type[_Code], text: str) -> _Code | None:
    """Return the code whose spelling is closest to ``text``, for "did you mean" hints."""
    candidates = {normalise(s): code for code in kind for s in _spellings(code, code.term)}
    found = difflib.get_close_matches(normalise(text), list(candidates), n=1, cutoff=0.7)
    return candidates[found[0]] if found else None
