"""The open-data fragment of a contract: its DECP social and environmental considerations.

French buyers publish the essential data of their contracts (DECP, format 2.0.3, arrêtés of
22 December 2022). clausegen knows two of its fields from the contract description
(domain.md A6, research/ecosystem.md §1.4):

* ``considerationsSociales.considerationSociale``: "Clause sociale" for an insertion clause
  (an execution condition with hours to fulfil, including the obligation that stands beside an
  award criterion and the hours of an insertion-service contract), "Critère social" for an
  insertion award criterion, "Marché réservé" for a contract reserved to SIAE or to EA/ESAT;
  "Pas de considération sociale" only when none of these applies, never with another value;
* ``considerationsEnvironnementales.considerationEnvironnementale``: "Clause
  environnementale" for an environmental execution condition or required ecolabels,
  "Critère environnemental" for an environmental award criterion, "Pas de considération
  environnementale" otherwise.

A complete DECP ``marche`` record only exists after award (holders, notification date,
offers received…), so clausegen emits a fragment to merge into the buyer's record: those two
objects and the pass-through fields it knows (``objet``, ``codeCPV``, ``dureeMois``), with
no key of its own inside (the schema forbids additional properties). The estimated amounts
are not passed: DECP's ``montant`` is the awarded amount, not the estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from clausegen.compute.hours import Obligation
from clausegen.i18n import _
from clausegen.readable import figure
from clausegen.resolve.forms import max_duration_months
from clausegen.validate.models import Contract, Mechanism

SOCIAL_CLAUSE = "Clause sociale"
SOCIAL_CRITERION = "Critère social"
RESERVED = "Marché réservé"
NO_SOCIAL = "Pas de considération sociale"
ENVIRONMENTAL_CLAUSE = "Clause environnementale"
ENVIRONMENTAL_CRITERION = "Critère environnemental"
NO_ENVIRONMENTAL = "Pas de considération environnementale"

#: The DECP ``objet`` holds at most 1 000 characters.
_OBJET_LENGTH = 1000


@dataclass(frozen=True)
class DecpFragment:
    """The DECP values of one contract, with the reason for each.

    Attributes:
        social: the ``considerationSociale`` values, in the schema's order.
        environmental: the ``considerationEnvironnementale`` values.
        reasons: why each value was chosen, in English, for the command line.
        objet: the contract's title, cut to the schema's 1 000 characters.
        cpv: the main CPV code without its check digit, or None.
        duration_months: the maximum duration (renewals included) in whole months rounded
            up, or None.
    """

    reference: str
    social: tuple[str, ...]
    environmental: tuple[str, ...]
    reasons: tuple[str, ...]
    objet: str
    cpv: str | None
    duration_months: int | None

    def as_json(self) -> dict[str, Any]:
        """Return the fragment as DECP JSON keys, ready to merge into a ``marche`` record."""
        data: dict[str, Any] = {
            "considerationsSociales": {"considerationSociale": list(self.social)},
            "considerationsEnvironnementales": {
                "considerationEnvironnementale": list(self.environmental)
            },
            "objet": self.objet,
        }
        if self.cpv is not None:
            data["codeCPV"] = self.cpv
        if self.duration_months is not None:
            data["dureeMois"] = self.duration_months
        return data


def _reason(consideration: str, reason: str) -> str:
    """Say why a consideration applies: ``Clause sociale: an insertion obligation…``."""
    return _("{consideration}: {reason}").format(consideration=consideration, reason=reason)


def _social(contract: Contract, hours: int) -> tuple[list[str], list[str]]:
    """Return the social considerations of a contract and why each applies."""
    social: list[str] = []
    reasons: list[str] = []
    mechanism = contract.mechanism
    if mechanism.is_reserved:
        social.append(RESERVED)
        basis = {
            Mechanism.RESERVED_SIAE: "SIAE",
            Mechanism.RESERVED_JOINT: _("EA/ESAT and SIAE"),
        }.get(mechanism, "EA/ESAT")
        reason = _("the contract is reserved to {basis} ({mechanism})")
        reasons.append(_reason(RESERVED, reason.format(basis=basis, mechanism=mechanism.value)))
    elif hours > 0:
        social.append(SOCIAL_CLAUSE)
        reason = _("an insertion obligation of {hours} hours").format(hours=figure(hours))
        reasons.append(_reason(SOCIAL_CLAUSE, reason))
    if mechanism is Mechanism.AWARD_CRITERION:
        social.append(SOCIAL_CRITERION)
        reason = _("insertion performance is an award criterion")
        reasons.append(_reason(SOCIAL_CRITERION, reason))
    if not social:
        social.append(NO_SOCIAL)
        reason = _("the obligation is 0 hours and nothing else applies")
        reasons.append(_reason(NO_SOCIAL, reason))
    return social, reasons


def _environmental(contract: Contract) -> tuple[list[str], list[str]]:
    """Return the environmental considerations of a contract and why each applies."""
    environmental: list[str] = []
    reasons: list[str] = []
    described = contract.environmental
    if described.clause is not None or described.ecolabels:
        environmental.append(ENVIRONMENTAL_CLAUSE)
        if described.clause is not None and described.ecolabels:
            what = _("an environmental execution condition and ecolabels")
        elif described.clause:
            what = _("an environmental execution condition")
        else:
            what = _("ecolabels")
        reasons.append(_reason(ENVIRONMENTAL_CLAUSE, what))
    if described.criterion is not None:
        environmental.append(ENVIRONMENTAL_CRITERION)
        reasons.append(_reason(ENVIRONMENTAL_CRITERION, _("an environmental award criterion")))
    if not environmental:
        environmental.append(NO_ENVIRONMENTAL)
        reason = _("the description gives no environmental field")
        reasons.append(_reason(NO_ENVIRONMENTAL, reason))
    return environmental, reasons


def decp_fragment(contract: Contract, obligation: Obligation) -> DecpFragment:
    """Work out the DECP considerations of a contract from its description and obligation.

    Args:
        contract: the validated contract description.
        obligation: its computed obligation (a clause with 0 hours is no clause).

    Returns:
        The fragment; its values are valid against the DECP 2.0.3 schema by construction
        (the tests check them with the schema itself).
    """
    social, social_reasons = _social(contract, obligation.total_insertion_hours)
    environmental, environmental_reasons = _environmental(contract)
    reasons = [*social_reasons, *environmental_reasons]

    title = " ".join(contract.title.split())
    if len(title) > _OBJET_LENGTH:
        title = title[: _OBJET_LENGTH - 1] + "…"
    # NOTE: DECP 2.0.3: "la durée initiale du marché comprend la durée des tranches et
    # reconductions potentielles": the maximum duration, renewals included.
    duration = max_duration_months(contract)
    return DecpFragment(
        reference=contract.reference,
        social=tuple(social),
        environmental=tuple(environmental),
        reasons=tuple(reasons),
        objet=title,
        cpv=None if contract.cpv is None else contract.cpv.split("-")[0],
        duration_months=None if duration is None else max(1, math.ceil(duration)),
    )
