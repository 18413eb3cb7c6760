"""What the notice says of the insertion clause, lot by lot: the eForms fields and their values.

A lot *carries a social consideration* when its contract is reserved (``reserved_siae``,
``reserved_ea_esat``), when insertion performance is an award criterion (``award_criterion``,
every lot), or when it has insertion hours to fulfil (an execution condition, the obligation
beside a criterion, an insertion-service contract). Such a lot gets:

* BT-06 ``soc-obj`` (strategic procurement: social objectives) with BT-777, a short French
  description of the clause or of the reservation, and BT-775 ``opp`` (employment
  opportunities for the long-term unemployed, disadvantaged persons, persons with
  disabilities: the public of an insertion clause);
* BT-70, the execution-condition text with the hours, under OPT-060 ``performance``, when it
  has hours;
* for an award criterion: BT-539 ``quality``, its name BT-734, description BT-540 and, when
  the contract gives ``insertion.criterion_weight``, the weight BT-541 (a percentage: BT-5421
  ``per-exa``).

Every lot gets what the rules of notice subtypes 7–22 require: its identifier BT-137
(``LOT-0001``), title BT-21, nature BT-23 (``works``, ``supplies``, ``services``: intellectual
services are services), BT-71 (``res-ws`` for the L2113-12 and L2113-13 reservations, else
``none``) and BT-736 ``no``. French law reserves *participation* (L2113-12: entreprises
adaptées and ESAT; L2113-13: SIAE), not the *execution* of a contract in a sheltered
employment programme (the other option of article 20 of directive 2014/24), so BT-736 is
always ``no``. A lot without a social consideration gets nothing else, except BT-70 in the
subtypes where the rules make it mandatory (17, 18, 22), which then says that the lot has no
insertion condition. In particular it gets no BT-06 ``none``: BT-06 is mandatory in no
subtype, and the lot may pursue environmental or innovation aims that clausegen does not
know, which ``none`` ("no strategic procurement") would deny.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from clausegen.compute.hours import LotObligation, Obligation
from clausegen.eforms.codes import NUMBER_WEIGHT, PERCENT_EXACT, code_lists
from clausegen.eforms.rules import field_definitions
from clausegen.errors import ContractError, Problem
from clausegen.i18n import _
from clausegen.validate.models import Contract, ContractKind, Lot, Mechanism

#: Fields every lot fragment carries, and those of a lot with a social consideration.
ALWAYS_WRITTEN = ("BT-137-Lot", "BT-21-Lot", "BT-23-Lot", "BT-71-Lot", "BT-736-Lot")
SOCIAL_FIELDS = ("BT-06-Lot", "BT-777-Lot", "BT-775-Lot")

_NATURE = {
    ContractKind.WORKS: "works",
    ContractKind.SUPPLIES: "supplies",
    ContractKind.SERVICES: "services",
    ContractKind.INTELLECTUAL_SERVICES: "services",
}
_CCP = "du code de la commande publique"
_RESERVATIONS = {
    Mechanism.RESERVED_SIAE: (
        f"Marché réservé aux structures d'insertion par l'activité économique (article "
        f"L2113-13 {_CCP})."
    ),
    Mechanism.RESERVED_EA_ESAT: (
        f"Marché réservé aux entreprises adaptées et aux établissements et services d'aide "
        f"par le travail (article L2113-12 {_CCP})."
    ),
    Mechanism.RESERVED_JOINT: (
        f"Marché réservé à la fois aux entreprises adaptées et aux établissements et services "
        f"d'aide par le travail et aux structures d'insertion par l'activité économique "
        f"(article L2113-14 {_CCP})."
    ),
}
CRITERION_NAME = "Insertion professionnelle des publics en difficulté"
CRITERION_DESCRIPTION = (
    f"Performance en matière d'insertion professionnelle des publics en difficulté (article "
    f"L2152-7 {_CCP}), appréciée au vu d'une note du candidat : modalités et calendrier de "
    "l'action d'insertion, encadrement et accompagnement des personnes, partenariats avec les "
    "acteurs de l'emploi et de l'insertion, heures d'insertion proposées au-delà du volume "
    "minimal."
)
NO_CONDITION = "Aucune condition d'exécution relative à l'insertion professionnelle pour ce lot."
# Characters XML 1.0 cannot carry (tab, line feed and carriage return can).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class AwardCriterion:
    """The insertion award criterion of a lot (BT-539, BT-734, BT-540, BT-541)."""

    name: str
    description: str
    weight_percent: Decimal | None
    type: str = "quality"


@dataclass(frozen=True)
class NoticeField:
    """One value to put in the notice: what the table, the JSON and the XML say.

    Attributes:
        lot: the lot identifier (``LOT-0001``).
        field: the eForms field identifier (``BT-06-Lot``).
        value: the code, text or number, as written in the XML.
        label_fr: the French label of a code, from the SDK's code list; None otherwise.
    """

    lot: str
    field: str
    value: str
    label_fr: str | None


@dataclass(frozen=True)
class LotNotice:
    """The eForms values of one lot (see the module docstring for when each is set)."""

    number: int
    lot_id: str
    title: str
    nature: str
    reserved_participation: str
    reserved_execution: str
    strategic: str | None = None
    strategic_description: str | None = None
    social_objective: str | None = None
    performance_terms: str | None = None
    criterion: AwardCriterion | None = None

    def fields(self) -> list[NoticeField]:
        """Return the lot's values in the order of the table, with their French labels."""
        criterion = self.criterion
        weight = None if criterion is None else criterion.weight_percent
        written = [
            ("BT-137-Lot", self.lot_id),
            ("BT-21-Lot", self.title),
            ("BT-23-Lot", self.nature),
            ("BT-06-Lot", self.strategic),
            ("BT-777-Lot", self.strategic_description),
            ("BT-775-Lot", self.social_objective),
            ("BT-71-Lot", self.reserved_participation),
            ("BT-736-Lot", self.reserved_execution),
            ("OPT-060-Lot", None if self.performance_terms is None else "performance"),
            ("BT-70-Lot", self.performance_terms),
            ("BT-539-Lot", None if criterion is None else criterion.type),
            ("BT-734-Lot", None if criterion is None else criterion.name),
            ("BT-540-Lot", None if criterion is None else criterion.description),
            ("BT-5421-Lot", None if weight is None else PERCENT_EXACT),
            ("BT-541-Lot-WeightNumber", None if weight is None else number_text(weight)),
        ]
        return [
            NoticeField(self.lot_id, field, value, _label(field, value))
            for field, value in written
            if value is not None
        ]


def _label(field: str, value: str) -> str | None:
    if field == "BT-5421-Lot":
        return code_lists()[NUMBER_WEIGHT].label(value)
    definition = field_definitions().get(field)
    if definition is None or definition.code_list is None:
        return None
    return code_lists()[definition.code_list].label(value)


def number_text(value: Decimal) -> str:
    """Write a number as XML Schema decimals are written: ``10``, ``12.5``."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def hours_text(hours: int) -> str:
    """Write a number of hours in French, digits grouped by three: ``1 714 heures``."""
    return f"{hours:,}".replace(",", " ") + (" heures" if hours > 1 else " heure")


def lot_notice(
    contract: Contract, lot: Lot, obligation: LotObligation, *, bt70_required: bool
) -> LotNotice:
    """Work out the eForms values of one lot (see the module docstring).

    Args:
        contract: the validated contract description.
        lot: the lot, as described.
        obligation: the lot's computed obligation.
        bt70_required: whether the notice subtype makes BT-70 mandatory for every lot.
    """
    mechanism = contract.mechanism
    hours = 0 if mechanism.is_reserved else obligation.insertion_hours
    criterion = _criterion(contract) if mechanism is Mechanism.AWARD_CRITERION else None
    description = _strategic_description(contract, hours, criterion)
    performance = _performance_terms(mechanism, hours)
    return LotNotice(
        number=lot.number,
        lot_id=f"LOT-{lot.number:04d}",
        title=lot.title,
        nature=_NATURE[contract.kind],
        reserved_participation="res-ws" if mechanism.is_reserved else "none",
        reserved_execution="no",
        strategic=None if description is None else "soc-obj",
        strategic_description=description,
        social_objective=None if description is None else "opp",
        performance_terms=NO_CONDITION if performance is None and bt70_required else performance,
        criterion=criterion,
    )


def _criterion(contract: Contract) -> AwardCriterion:
    weight = contract.insertion.criterion_weight
    return AwardCriterion(
        name=CRITERION_NAME,
        description=CRITERION_DESCRIPTION,
        weight_percent=None if weight is None else weight * 100,
    )


def _strategic_description(
    contract: Contract, hours: int, criterion: AwardCriterion | None
) -> str | None:
    mechanism = contract.mechanism
    if mechanism.is_reserved:
        return _RESERVATIONS[mechanism]
    sentences = []
    if hours > 0 and mechanism is Mechanism.INSERTION_SERVICE:
        sentences.append(
            f"Marché de prestation d'insertion et de qualification professionnelle (article "
            f"R2123-1, 3° {_CCP}) : {hours_text(hours)} d'insertion."
        )
    elif hours > 0:
        sentences.append(
            f"Clause d'insertion : {hours_text(hours)} de travail réservées à des personnes "
            f"éloignées de l'emploi (condition d'exécution, article L2112-2 {_CCP})."
        )
    if criterion is not None:
        weight = criterion.weight_percent
        weighting = (
            "pondération précisée dans les documents de la consultation"
            if weight is None
            else f"pondéré à {number_text(weight).replace('.', ',')} %"
        )
        sentences.append(
            f"Critère d'attribution relatif à l'insertion professionnelle des publics en "
            f"difficulté (article L2152-7 {_CCP}), {weighting}."
        )
    return " ".join(sentences) or None


def _performance_terms(mechanism: Mechanism, hours: int) -> str | None:
    if hours <= 0:
        return None
    if mechanism is Mechanism.INSERTION_SERVICE:
        return (
            f"Prestation d'insertion et de qualification professionnelle : {hours_text(hours)} "
            "de travail réalisées par des personnes en parcours d'insertion, selon les "
            "modalités du CCAP."
        )
    return (
        f"Clause sociale d'insertion (article L2112-2 {_CCP}) : le titulaire réserve "
        f"{hours_text(hours)} de travail à des personnes éloignées de l'emploi, selon les "
        "modalités du CCAP."
    )


def check_lots(contract: Contract) -> None:
    """Refuse the lots that eForms cannot carry: the user's input, not clausegen, is at fault.

    Raises:
        ContractError: for a lot number above 9999 (BT-137 is ``LOT-`` and four digits), a
            lot title longer than BT-21 allows, or one with a character XML cannot carry.
    """
    title_limit = field_definitions()["BT-21-Lot"].max_length or 0
    problems = []
    for index, lot in enumerate(contract.lots):
        if lot.number > 9999:
            problems.append(
                Problem(
                    path=f"lots[{index}].number",
                    message=_(
                        "an eForms lot identifier has four digits (LOT-0001 to LOT-9999); "
                        "renumber the lots (got {number})"
                    ).format(number=lot.number),
                )
            )
        if len(lot.title) > title_limit:
            problems.append(
                Problem(
                    path=f"lots[{index}].title",
                    message=_(
                        "an eForms lot title (BT-21) has at most {limit} characters (got {length})"
                    ).format(limit=title_limit, length=len(lot.title)),
                )
            )
        if _NOT_XML.search(lot.title):
            problems.append(
                Problem(
                    path=f"lots[{index}].title",
                    message=_("contains a control character that an XML notice cannot carry"),
                )
            )
    if problems:
        source = contract.source if contract.source is not None else contract.reference
        raise ContractError(source=source, problems=problems)


def lot_obligations(contract: Contract, obligation: Obligation) -> list[LotObligation]:
    """Return the obligation of each lot of ``contract``, in the contract's order."""
    by_number = {lot.number: lot for lot in obligation.lots}
    return [by_number[lot.number] for lot in contract.lots]
