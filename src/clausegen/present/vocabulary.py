"""The vocabulary of the templates: every variable a template may use, declared once.

Legal staff write ``{{ lots[0].insertion_hours }}`` or ``{% for lot in lots %}`` in Word; this
module is the one list of what such a name may be, with its type, a description in French
and an example value. :func:`clausegen.present.context.build_context` produces exactly this
shape (checked by :func:`shape_problems`), and the template tooling (the list of variables,
the lint of template tags) reads it through :func:`variables` and :func:`lookup`, so that
the documentation of the vocabulary can never drift from what templates really receive.
The builders and checks live in :mod:`clausegen.present.variables` and are re-exported
here.

Values are plain: text (``str``, already in French typography), whole numbers (``int``),
yes/no (``bool``), groups (``dict``) and lists of groups (``list`` of ``dict``). An optional
value that the contract does not give is an empty string, never missing, so that a template
can always write ``{%p if buyer.email %}``.
"""

from __future__ import annotations

from clausegen.present.clause_vocabulary import (
    FORM_VARIABLES,
    LEGAL_VARIABLES,
    LOT_FORM_FIELDS,
    LOT_LEGAL_FIELDS,
)
from clausegen.present.variables import (
    Kind,
    Variable,
    boolean,
    group,
    integer,
    items,
    lookup,
    shape_problems,
    text,
    variables,
)
from clausegen.validate.terms import EligibilityCategory, Modality

__all__ = [
    "VOCABULARY",
    "Kind",
    "Variable",
    "boolean",
    "group",
    "integer",
    "items",
    "lookup",
    "shape_problems",
    "text",
    "variables",
]

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
    text(
        "basis",
        "Sur quelle base l'acheteur a retenu la valeur, sans source ni réserve : ce qu'une "
        "pièce du marché écrit (origin a sa place dans la note de calcul).",
        "part de main-d'œuvre de référence du métier « Maçonnerie »",
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
    *LOT_LEGAL_FIELDS,
    *LOT_FORM_FIELDS,
)


def _term_fields(example: EligibilityCategory | Modality) -> tuple[Variable, ...]:
    """The fields of an entry of the shared vocabulary, with ``example``'s wording."""
    term = example.term
    return (
        text(
            "code", "Code stable de l'entrée, celui des fichiers d'heures réalisées.", example.value
        ),
        text(
            "abbreviation",
            "Abréviation à porter sur la fiche de suivi ; les fichiers d'heures réalisées "
            "l'acceptent aussi.",
            term.abbreviation,
        ),
        text("short", "Libellé court, pour les tableaux.", term.short),
        text(
            "label",
            "Libellé complet, pour la clause : il suit « notamment : » ou « parmi les "
            "suivantes : » dans une liste à puces, commence par un article en minuscule et "
            "n'a pas de ponctuation finale.",
            term.label,
        ),
        text(
            "proof",
            "Pour un public éligible, le justificatif qui l'établit ; vide pour une modalité.",
            term.proof,
        ),
        boolean(
            "sensitive",
            "Vrai si l'appartenance au public révèle une donnée de santé ou relative à la "
            "justice pénale (jamais sur la fiche de l'acheteur).",
            term.sensitive,
        ),
    )


_CATEGORIES = items(
    "categories",
    "Les publics éligibles, dans l'ordre du vocabulaire que partagent les documents et le "
    "suivi des heures réalisées (clausegen.validate.terms) ; la liste est la même "
    "pour tous les marchés.",
    *_term_fields(EligibilityCategory.LONG_TERM_JOBSEEKER),
)

_MODALITIES = items(
    "modalities",
    "Les modalités de réalisation de l'action d'insertion, toutes offertes au titulaire, "
    "dans l'ordre du vocabulaire partagé avec le suivi des heures réalisées.",
    *_term_fields(Modality.STAFF_PROVISION),
)

_APPLIED_COMMITMENT = items(
    "applied",
    "Les engagements de la charte que le marché met en œuvre, dans l'ordre de la charte ; "
    "vide si le marché n'en met aucun en œuvre.",
    integer("number", "Numéro de l'engagement dans la charte.", 9),
    text("title", "Titre court de l'engagement.", "Clauses d'insertion socioprofessionnelle"),
    text(
        "text",
        "Texte intégral de l'engagement, tel que la charte le formule.",
        "Intégrer dans les marchés des clauses d'insertion socioprofessionnelle en lien avec "
        "les compétences régionales de formation professionnelle et de soutien économique aux "
        "entreprises ;",
    ),
    items(
        "evidence",
        "Comment le marché met l'engagement en œuvre : une phrase par règle de la charte "
        "qui s'applique, construite à partir des chiffres du marché.",
        text(
            "sentence",
            "La phrase, prête à imprimer.",
            "Clause d'insertion de 1 947 heures sur les lots 1 à 5",
        ),
    ),
    boolean(
        "by_rule",
        "Vrai si une règle de la charte s'applique aux caractéristiques du marché ; faux si "
        "l'engagement est seulement retenu expressément pour ce marché (charter.include).",
        True,
    ),
    boolean(
        "included",
        "Vrai si la description du marché retient expressément l'engagement "
        "(charter.include), qu'une règle s'applique aussi ou non.",
        False,
    ),
    text(
        "reason",
        "Pourquoi l'engagement est mis en œuvre, en français.",
        "Application de la charte aux caractéristiques du marché",
    ),
)

_CHARTER = group(
    "charter",
    "La charte d'achat responsable de l'acheteur, vue depuis le marché ; vide si l'acheteur "
    "n'en a pas (has_charter est alors faux et le document de la charte n'est pas produit).",
    text("title", "Titre de la charte.", "Charte de la Commande publique responsable"),
    integer("commitment_count", "Nombre d'engagements de la charte.", 11),
    _APPLIED_COMMITMENT,
    integer("applied_count", "Nombre d'engagements que le marché met en œuvre.", 2),
    boolean("has_applied", "Vrai si le marché met en œuvre au moins un engagement.", True),
    items(
        "commitments",
        "Tous les engagements de la charte, dans son ordre, avec leur texte intégral.",
        integer("number", "Numéro de l'engagement.", 1),
        text("title", "Titre court de l'engagement.", "Coût global"),
        text(
            "text",
            "Texte intégral de l'engagement, tel que la charte le formule.",
            "Analyser les besoins en raisonnant en coût global (prenant en considération le "
            "cycle de vie du produit) ;",
        ),
        boolean("applied", "Vrai si le marché met cet engagement en œuvre.", False),
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
        "« reserved_siae », « reserved_ea_esat », « reserved_joint » ou « insertion_service ».",
        "execution_condition",
    ),
    text(
        "mechanism_label",
        "Le mécanisme en français.",
        "condition d'exécution",
    ),
    boolean("reserved", "Vrai si le marché est réservé (SIAE ou EA/ESAT) : pas d'heures.", False),
    boolean(
        "has_hours",
        "Vrai si le marché n'est pas réservé et qu'au moins un lot a des heures d'insertion.",
        True,
    ),
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
    *LEGAL_VARIABLES,
    *FORM_VARIABLES,
    _CATEGORIES,
    _MODALITIES,
    boolean("has_charter", "Vrai si l'acheteur a une charte d'achat responsable.", True),
    _CHARTER,
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
