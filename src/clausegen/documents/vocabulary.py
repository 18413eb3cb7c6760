"""The vocabulary of the templates: every variable a template may use, declared once.

Legal staff write ``{{ lots[0].insertion_hours }}`` or ``{% for lot in lots %}`` in Word; this
module is the one list of what such a name may be, with its type, a description in French
and an example value. :func:`clausegen.documents.context.build_context` produces exactly this
shape (checked by :func:`shape_problems`), and the template tooling (the list of variables,
the lint of template tags) reads it through :func:`variables` and :func:`lookup`, so that
the documentation of the vocabulary can never drift from what templates really receive.

Values are plain: text (``str``, already in French typography), whole numbers (``int``),
yes/no (``bool``), groups (``dict``) and lists of groups (``list`` of ``dict``). An optional
value that the contract does not give is an empty string, never missing, so that a template
can always write ``{%p if buyer.email %}``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


class Kind(enum.StrEnum):
    """The type of a variable, as a template sees it."""

    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    GROUP = "group"
    LIST = "list"


@dataclass(frozen=True)
class Variable:
    """One name of the vocabulary.

    Attributes:
        name: the key in its group (``hours``), not the full path.
        kind: text, integer, boolean, a group of named values, or a list of groups.
        description: what it is, in French, for legal staff.
        example: an example value (leaves only; groups and lists have None).
        fields: the members of a group, or of each item of a list.
    """

    name: str
    kind: Kind
    description: str
    example: str | int | bool | None = None
    fields: tuple[Variable, ...] = ()

    def field(self, name: str) -> Variable | None:
        """Return the member called ``name`` of a group or list item, if there is one."""
        return next((f for f in self.fields if f.name == name), None)


def text(name: str, description: str, example: str) -> Variable:
    """Declare a text value (an empty string when the contract does not give it)."""
    return Variable(name, Kind.TEXT, description, example)


def integer(name: str, description: str, example: int) -> Variable:
    """Declare a whole number."""
    return Variable(name, Kind.INTEGER, description, example)


def boolean(name: str, description: str, example: bool) -> Variable:
    """Declare a yes/no value, for ``{%p if … %}``."""
    return Variable(name, Kind.BOOLEAN, description, example)


def group(name: str, description: str, *fields: Variable) -> Variable:
    """Declare a group of named values (``buyer.name``, ``buyer.phone``…)."""
    return Variable(name, Kind.GROUP, description, None, fields)


def items(name: str, description: str, *fields: Variable) -> Variable:
    """Declare a list whose items are groups with the given fields (``lots``)."""
    return Variable(name, Kind.LIST, description, None, fields)


_PYTHON_TYPES: dict[Kind, type] = {
    Kind.TEXT: str,
    Kind.INTEGER: int,
    Kind.BOOLEAN: bool,
    Kind.GROUP: dict,
    Kind.LIST: list,
}


def variables(root: Variable) -> Iterator[tuple[str, Variable]]:
    """Yield every variable under ``root`` with its full path, depth first.

    Paths use dots for groups and ``[]`` for list items: ``buyer.name``,
    ``lots[].insertion_hours``, ``lots[].parameters[].origin``.
    """
    yield from _walk(root, "")


def _walk(variable: Variable, prefix: str) -> Iterator[tuple[str, Variable]]:
    for member in variable.fields:
        path = f"{prefix}.{member.name}" if prefix else member.name
        yield path, member
        if member.kind is Kind.LIST:
            yield from _walk(member, f"{path}[]")
        elif member.kind is Kind.GROUP:
            yield from _walk(member, path)


def lookup(root: Variable, path: str) -> Variable | None:
    """Return the variable at ``path`` (as :func:`variables` writes it), or None."""
    current = root
    for name in path.replace("[]", "").split("."):
        found = current.field(name)
        if found is None:
            return None
        current = found
    return current


def shape_problems(root: Variable, values: Mapping[str, Any]) -> list[str]:
    """Compare a context with the vocabulary; return one line per difference (none is good).

    Every declared name must be present with a value of its type, and nothing undeclared may
    be present: a template must not be able to use a name that the documentation of the
    vocabulary does not describe.
    """
    problems: list[str] = []
    _check_group(root, values, "", problems)
    return problems


def _check_group(
    variable: Variable, values: Mapping[str, Any], prefix: str, problems: list[str]
) -> None:
    declared = {member.name for member in variable.fields}
    for extra in sorted(set(values) - declared):
        problems.append(f"{prefix}{extra}: not declared in the vocabulary")
    for member in variable.fields:
        path = f"{prefix}{member.name}"
        if member.name not in values:
            problems.append(f"{path}: missing")
            continue
        _check_value(member, values[member.name], path, problems)


def _check_value(variable: Variable, value: Any, path: str, problems: list[str]) -> None:
    expected = _PYTHON_TYPES[variable.kind]
    # NOTE: bool is a subclass of int; an integer variable must not receive True.
    if not isinstance(value, expected) or (
        variable.kind is Kind.INTEGER and isinstance(value, bool)
    ):
        problems.append(f"{path}: expected {variable.kind.value}, got {type(value).__name__}")
        return
    if variable.kind is Kind.GROUP and isinstance(value, Mapping):
        _check_group(variable, value, f"{path}.", problems)
    elif variable.kind is Kind.LIST and isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                _check_group(variable, item, f"{path}[{index}].", problems)
            else:
                problems.append(f"{path}[{index}]: expected group, got {type(item).__name__}")


_CONTACT_FIELDS = (
    text("name", "Nom de la personne ou du service à contacter.", "Claire Martin"),
    text(
        "organisation",
        "Structure à laquelle appartient le contact.",
        "Maison de l'emploi de l'agglomération",
    ),
    text("phone", "Téléphone.", "02 40 00 00 00"),
    text("email", "Adresse électronique.", "clauses.insertion@example.fr"),
    text(
        "address",
        "Adresse postale ; chaque ligne de la description devient une ligne du document.",
        "12 rue de l'Exemple\n44000 Nantes",
    ),
)

_PARAMETER = items(
    "parameters",
    "Les paramètres du calcul des heures du lot, chacun avec sa valeur et son origine.",
    text("label", "Nom du paramètre.", "Part de main-d'œuvre"),
    text("value", "Valeur retenue, écrite en français.", "50 %"),
    text(
        "origin",
        "D'où vient la valeur (lot, marché, acheteur, valeur de référence d'un métier ou "
        "valeur par défaut, avec sa source).",
        "valeur de référence du métier « Maçonnerie » (source : MEF Sud 77)",
    ),
)

_LOT = items(
    "lots",
    "Les lots du marché, dans l'ordre de la description (un marché non alloti a un lot).",
    integer("number", "Numéro du lot.", 1),
    text("title", "Intitulé du lot.", "Gros œuvre – maçonnerie"),
    text(
        "label",
        "« Lot 1 – Intitulé » si le marché a plusieurs lots, l'intitulé seul sinon.",
        "Lot 1 – Gros œuvre – maçonnerie",
    ),
    text("trade", "Métier de référence du lot, ou vide.", "Maçonnerie"),
    text(
        "method",
        "Mode de calcul : « amount » (montant × part ÷ coût horaire), « labour_hours » "
        "(volume de main-d'œuvre donné), « cleaning » (méthode de la propreté, personnel "
        "à reprendre déduit) ou « reserved » (marché réservé, pas d'heures).",
        "amount",
    ),
    text("estimated_amount", "Montant estimé du lot, ou vide.", "1 200 000,00 € HT"),
    text("labour_share", "Part de main-d'œuvre retenue, ou vide.", "50 %"),
    text("hourly_cost", "Coût horaire moyen chargé retenu.", "35,00 € HT"),
    text("insertion_rate", "Taux d'insertion retenu ; vide pour un marché réservé.", "5 %"),
    text(
        "labour_hours",
        "Volume de main-d'œuvre du lot ; vide pour un marché réservé.",
        "17 142,86 heures",
    ),
    text(
        "insertion_hours",
        "Nombre d'heures d'insertion exigé sur le lot ; vide pour un marché réservé.",
        "857 heures",
    ),
    integer("insertion_hours_number", "Le même nombre d'heures, en chiffres seuls.", 857),
    boolean("has_hours", "Vrai si le lot comporte des heures d'insertion (plus de 0).", True),
    text("fte", "Équivalent en temps plein des heures du lot, à une décimale.", "0,5"),
    text(
        "calculation",
        "Le calcul complet des heures du lot, pour que chaque entreprise puisse le vérifier.",
        "1 200 000,00 € HT × 50 % ÷ 35,00 € HT par heure = 17 142,86 heures de "
        "main-d'œuvre ; 17 142,86 heures × 5 % = 857,14 heures, arrondies à 857 heures",
    ),
    _PARAMETER,
    text("penalty", "Pénalité par heure d'insertion non réalisée.", "35,00 € HT"),
    text("penalty_origin", "D'où vient le montant de la pénalité.", "fixé pour le marché"),
    text(
        "note",
        "Remarque sur le lot (par exemple : aucune heure possible), ou vide.",
        "",
    ),
)

#: Everything a template can use. Its single definition feeds the context builder's check,
#: the list of variables and the lint of templates.
VOCABULARY = group(
    "",
    "Le vocabulaire des modèles de documents.",
    text(
        "reference",
        "Référence du marché, telle qu'écrite dans la description.",
        "2026-TRV-014",
    ),
    text("title", "Objet du marché.", "Rénovation énergétique du lycée Jules Verne"),
    text(
        "kind",
        "Type de marché : « works », « services », « intellectual_services » ou « supplies ».",
        "works",
    ),
    text("kind_label", "Type de marché en français.", "travaux"),
    text("contract_label", "« marché de travaux », « marché de services »…", "marché de travaux"),
    text(
        "performance",
        "« les travaux » pour un marché de travaux, « les prestations » pour les autres.",
        "les travaux",
    ),
    text(
        "mechanism",
        "Mécanisme juridique : « execution_condition », « award_criterion », "
        "« reserved_siae », « reserved_ea_esat » ou « insertion_service ».",
        "execution_condition",
    ),
    text(
        "mechanism_label",
        "Le mécanisme en français.",
        "condition d'exécution",
    ),
    boolean("reserved", "Vrai si le marché est réservé (SIAE ou EA/ESAT) : pas d'heures.", False),
    boolean("has_hours", "Vrai si le marché fixe des heures d'insertion.", True),
    text(
        "criterion_weight",
        "Pondération du critère d'attribution relatif à l'insertion, ou vide.",
        "10 %",
    ),
    text("location", "Lieu d'exécution, ou vide.", "Nantes (44)"),
    text("duration", "Durée du marché, ou vide.", "18 mois"),
    text("date", "Date portée sur les documents, ou vide.", "25 novembre 2026"),
    text("cpv", "Code CPV principal, ou vide.", "45214200"),
    group(
        "buyer",
        "L'acheteur.",
        text("name", "Nom de l'acheteur.", "Région des Pays de la Loire"),
        text("service", "Service, ou vide.", "Service des marchés publics"),
        text("phone", "Téléphone, ou vide.", "02 28 20 58 38"),
        text("email", "Adresse électronique, ou vide.", "marches@example.fr"),
        text("website", "Site internet, ou vide.", "http://commandepublique.paysdelaloire.fr"),
        text("address", "Adresse postale, ou vide.", "1 rue de la Loire\n44000 Nantes"),
    ),
    boolean("has_facilitator", "Vrai si un facilitateur est désigné.", True),
    group(
        "facilitator",
        "Le facilitateur ; tous les champs sont vides s'il n'y en a pas.",
        *_CONTACT_FIELDS,
    ),
    group(
        "contact",
        "À qui s'adresser pour la clause : le facilitateur s'il est désigné, l'acheteur sinon "
        "(le nom est alors celui du service, la structure celle de l'acheteur).",
        *_CONTACT_FIELDS,
        text("website", "Site internet de l'acheteur, ou vide.", ""),
    ),
    _LOT,
    integer("lot_count", "Nombre de lots.", 5),
    boolean("several_lots", "Vrai si le marché a plusieurs lots.", True),
    text("lot_numbers", "Les numéros des lots en toutes lettres.", "lots 1 à 5"),
    text("total_hours", "Total des heures d'insertion du marché (somme des lots).", "1 947 heures"),
    integer("total_hours_number", "Le même total, en chiffres seuls.", 1947),
    text("total_fte", "Équivalent en temps plein du total, à une décimale.", "1,2"),
    text(
        "hours_per_fte",
        "Heures de travail retenues pour un équivalent temps plein.",
        "1 607 heures",
    ),
    text(
        "hours_per_fte_origin",
        "D'où vient ce nombre d'heures.",
        "valeur par défaut (durée légale annuelle du travail)",
    ),
    text(
        "penalty",
        "Pénalité par heure non réalisée, si elle est la même pour tous les lots ; vide sinon.",
        "35,00 € HT",
    ),
    text(
        "penalty_origin",
        "D'où vient cette pénalité, si elle est la même pour tous les lots ; vide sinon.",
        "égale au coût horaire moyen retenu pour le calcul des heures",
    ),
    group(
        "document",
        "Le document produit, tel que le décrit le fichier templates.yaml.",
        text("id", "Identifiant du modèle.", "ccap"),
        text("title", "Titre du document.", "Action d'insertion professionnelle"),
        text(
            "destination",
            "Pièce du dossier de consultation à laquelle le document se rattache.",
            "Cahier des clauses administratives particulières (CCAP)",
        ),
    ),
)
