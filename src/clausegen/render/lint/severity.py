"""What a finding of ``clausegen templates check`` is: its severity and its documentation."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How serious a finding is: errors fail the check (exit code 3), warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class CodeInfo:
    """One kind of finding, as the documentation explains it.

    Attributes:
        code: the stable identifier, e.g. ``unknown-variable``.
        severity: error or warning.
        group: the family it belongs to, for the documentation.
        meaning: what it means, in French.
        fix: how to correct it, in French.
    """

    code: str
    severity: Severity
    group: str
    meaning: str
    fix: str


#: The families of findings, as the documentation groups them.
FOLDER = "Dossier et fichier templates.yaml"
FILE = "Fichier Word refusé (sécurité)"
TAGS = "Balises mal formées ou mal placées"
STATEMENTS = "Instructions {% … %}"
NAMES = "Variables, filtres et tests"
RENDER = "Rendu d'essai avec les contrats d'exemple"

E, W = Severity.ERROR, Severity.WARNING
