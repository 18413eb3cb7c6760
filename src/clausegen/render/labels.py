"""The French labels of the report's categories, shared by the Word report and the spreadsheets."""

from __future__ import annotations

from clausegen.resolve.reference import default_reference
from clausegen.validate.models import ContractStatus, Mechanism

MECHANISM_LABELS = {
    Mechanism.EXECUTION_CONDITION: "Condition d'exécution",
    Mechanism.AWARD_CRITERION: "Critère d'attribution",
    Mechanism.RESERVED_SIAE: "Marché réservé aux SIAE",
    Mechanism.RESERVED_EA_ESAT: "Marché réservé aux EA et ESAT",
    Mechanism.INSERTION_SERVICE: "Marché de prestation d'insertion",
    Mechanism.RESERVED_JOINT: "Marché réservé aux EA, ESAT et SIAE",
}
STATUS_LABELS = {
    ContractStatus.PLANNED: "prévu",
    ContractStatus.RUNNING: "en cours",
    ContractStatus.FINISHED: "terminé",
}


def kind_label(name: str) -> str:
    """The French label of a contract kind, capitalised: "Travaux"."""
    labels = {kind.value: defaults.label for kind, defaults in default_reference().kinds.items()}
    label = labels.get(name, name)
    return label[:1].upper() + label[1:]
