"""The template variables of issues 12 and 13: the law as of 2026, the CCAG, the forms.

Declared here and spliced into :data:`clausegen.present.vocabulary.VOCABULARY`, so that the
vocabulary module stays one screenful per concern. Descriptions are French, for legal staff.
"""

from __future__ import annotations

from clausegen.present.variables import Variable, boolean, group, integer, items, text

__all__ = ["FORM_VARIABLES", "LEGAL_VARIABLES", "LOT_FORM_FIELDS", "LOT_LEGAL_FIELDS"]

_NBSP = "\u00a0"

LEGAL_VARIABLES: tuple[Variable, ...] = (
    boolean(
        "is_clause",
        "Vrai pour une clause d'insertion (condition d'exécution ou critère d'attribution).",
        True,
    ),
    boolean(
        "has_lots_without_hours",
        "Vrai si le marché a des heures et qu'au moins un de ses lots n'en a aucune (0 heure).",
        False,
    ),
    integer("lots_without_hours_count", "Nombre de lots sans heure d'insertion.", 0),
    text("lots_without_hours_numbers", "Ces lots en toutes lettres, ou vide.", "lot 3"),
    group(
        "eu_threshold",
        "La valeur estimée du marché comparée au seuil européen qui s'y applique.",
        boolean("known", "Vrai si la valeur estimée du marché est connue.", True),
        text(
            "estimated_value",
            "Valeur estimée, ou vide.",
            f"3{_NBSP}050{_NBSP}000,00{_NBSP}€{_NBSP}HT",
        ),
        text(
            "estimated_value_basis",
            "D'où vient la valeur estimée.",
            "somme des montants estimés des lots, tranches et reconductions comprises",
        ),
        text(
            "amount",
            "Seuil européen applicable, sans centimes, ou vide.",
            f"5{_NBSP}404{_NBSP}000{_NBSP}€{_NBSP}HT",
        ),
        boolean("reached", "Vrai si la valeur estimée atteint ou dépasse le seuil.", False),
        text("scope", "Catégorie de marchés du seuil.", "marchés de travaux"),
        text(
            "period",
            "Période de validité du seuil.",
            "seuils applicables du 1er janvier 2026 au 31 décembre 2027, avis annexé au code "
            "de la commande publique",
        ),
        text("buyer_category", "« state », « local », « network » ou vide.", "local"),
        text(
            "buyer_category_label",
            "La catégorie d'acheteur en français, ou vide.",
            "autre pouvoir adjudicateur (collectivité territoriale, établissement public "
            "local, notamment)",
        ),
    ),
    boolean(
        "social_condition_required",
        "Vrai si l'article L. 2112-2-1 du code de la commande publique impose une condition "
        "d'exécution sociale (seuil atteint, aucune exception consignée).",
        False,
    ),
    group(
        "social_condition_exception",
        "L'exception consignée par l'acheteur au-dessus du seuil (note de calcul seulement).",
        boolean("has", "Vrai si une exception est consignée.", False),
        text("code", "Code de l'exception, ou vide.", ""),
        text("label", "L'exception en français, ou vide.", ""),
        text("justification", "La justification de l'acheteur, ou vide.", ""),
    ),
    group(
        "environmental",
        "Les considérations environnementales du marché (champs environmental).",
        text("clause", "Condition d'exécution environnementale, ou vide.", "Tri des déchets"),
        text("criterion", "Critère d'attribution environnemental, ou vide.", ""),
    ),
    group(
        "ccag",
        "Le CCAG auquel le marché se réfère ; seuls les numéros d'articles vérifiés sont "
        "donnés (vide sinon).",
        boolean("has", "Vrai si le marché se réfère à un CCAG.", True),
        text("code", "« travaux », « fcs », « pi », « tic », « mi », « moe » ou vide.", "travaux"),
        text("name", "Nom court.", "CCAG-Travaux"),
        text(
            "title",
            "Titre complet, à la suite de « du ».",
            "cahier des clauses administratives générales des marchés publics de travaux",
        ),
        text("insertion_article", "Article relatif à l'insertion, ou vide.", "20"),
        text("cap_article", "Article du plafond des pénalités.", "19.2.2"),
        text("contradictory_article", "Article de la procédure contradictoire.", "19.2.4"),
        text("derogations_article", "Article des dérogations, ou vide.", "1.2"),
    ),
    boolean("globalisation", "Vrai si la globalisation des heures est admise.", False),
    group(
        "penalty_cap",
        "Le plafond des pénalités d'insertion d'un lot, s'il est fixé.",
        boolean("has", "Vrai si un plafond est fixé.", True),
        text("kind", "« percent », « amount » ou vide.", "percent"),
        text("percent", "Pourcentage du montant HT du lot, ou vide.", f"10{_NBSP}%"),
        text("amount", "Montant, ou vide.", ""),
    ),
    text(
        "late_report_penalty",
        "Pénalité par jour de retard de remise d'une fiche de suivi, ou vide.",
        f"50,00{_NBSP}€{_NBSP}HT",
    ),
    boolean(
        "counts_in_ccag_cap",
        "Vrai si les pénalités d'insertion comptent dans le plafond des pénalités du CCAG.",
        False,
    ),
    group(
        "personal_data",
        "Le traitement des données personnelles des personnes en insertion (profil "
        "d'acheteur) ; vide quand il n'est pas renseigné.",
        text("controller", "Responsable du traitement.", "Région des Pays de la Loire"),
        text("dpo_contact", "Contact du délégué à la protection des données.", ""),
        text("legal_basis", "Base légale du traitement.", ""),
        text("retention", "Durée de conservation.", ""),
        text(
            "facilitator_role", "« processor », « controller », « joint_controller » ou vide.", ""
        ),
        text("health_data_condition", "Condition de l'article 9 du RGPD, en une phrase.", ""),
        boolean("complete", "Vrai si les quatre premiers champs sont renseignés.", False),
    ),
    group(
        "criterion",
        "Les sous-critères du critère d'attribution relatif à l'insertion (vide sans lui).",
        text("hours_share", "Part des heures proposées dans le critère.", f"50{_NBSP}%"),
        text("quality_share", "Part de la qualité de la note dans le critère.", f"50{_NBSP}%"),
        text("hours_weight", "Poids des heures dans la note globale, ou vide.", f"5{_NBSP}%"),
        text("quality_weight", "Poids de la qualité dans la note globale, ou vide.", f"5{_NBSP}%"),
        boolean("has_hours_part", "Vrai si les heures comptent.", True),
        boolean("has_quality_part", "Vrai si la qualité compte.", True),
    ),
    text("eligibility_duration", "Durée d'éligibilité des personnes.", f"24{_NBSP}mois"),
    text(
        "eligibility_duration_origin",
        "D'où vient cette durée (note de calcul seulement).",
        "valeur par défaut de clausegen",
    ),
    text(
        "penalty_basis",
        "Base de la pénalité commune, telle qu'une pièce du marché peut l'écrire, ou vide.",
        "égale au coût horaire moyen retenu pour le calcul des heures",
    ),
)

FORM_VARIABLES: tuple[Variable, ...] = (
    text("form", "« single », « framework_orders » ou « framework_subsequent ».", "single"),
    text("form_label", "La forme en français ; vide pour un marché ordinaire.", ""),
    boolean("is_framework", "Vrai pour un accord-cadre.", False),
    boolean("has_tranches", "Vrai si un lot a des tranches.", False),
    boolean("has_renewals", "Vrai si le marché est reconductible.", False),
    group(
        "renewals",
        "Les reconductions ; vides sans elles.",
        integer("count", "Nombre de reconductions.", 0),
        text("count_label", "« une fois », « deux fois »…", ""),
        text("months", "Durée de chaque reconduction.", ""),
    ),
    text("max_duration", "Durée maximale, reconductions comprises, ou vide.", ""),
    boolean("yearly_checkpoint", "Vrai pour un accord-cadre de plus de douze mois.", False),
)

_TRANCHE = items(
    "tranches",
    "Les tranches du lot ; vide sans tranches.",
    text("label", "« Tranche ferme », « Tranche optionnelle n° 1 »…", "Tranche ferme"),
    text("title", "Intitulé de la tranche, ou vide.", ""),
    boolean("optional", "Vrai pour une tranche optionnelle.", False),
    text("amount", "Montant estimé de la tranche, ou vide.", ""),
    text("insertion_hours", "Heures d'insertion de la tranche.", f"171{_NBSP}heures"),
    integer("insertion_hours_number", "Les mêmes heures, en chiffres seuls.", 171),
    boolean("has_hours", "Vrai si la tranche a des heures.", True),
    text("calculation", "Calcul des heures de la tranche.", ""),
)

LOT_FORM_FIELDS: tuple[Variable, ...] = (
    text("minimum_amount", "Montant minimum de l'accord-cadre, ou vide.", ""),
    text("maximum_amount", "Montant maximum de l'accord-cadre, ou vide.", ""),
    text("hours_per_1000", "Heures par tranche de 1 000 € HT commandée, ou vide.", ""),
    text("hours_per_1000_calculation", "Calcul de ce ratio, ou vide.", ""),
    boolean("has_tranches", "Vrai si le lot a des tranches.", False),
    _TRANCHE,
    text("period_hours", "Heures de la période initiale (reconductions), ou vide.", ""),
    text("renewal_hours", "Heures de chaque période de reconduction, ou vide.", ""),
    text("periods_calculation", "Calcul des heures par période, ou vide.", ""),
)

LOT_LEGAL_FIELDS: tuple[Variable, ...] = (
    text(
        "penalty_basis",
        "Base de la pénalité du lot, telle qu'une pièce du marché peut l'écrire.",
        "égale au coût horaire moyen retenu pour le calcul des heures",
    ),
)
