"""The catalogue of every finding ``clausegen templates check`` can report.

For each code: its severity, and what it means and how to fix it, in French. The
documentation for legal staff (``docs/templates.md``) is generated from this catalogue, so
that no code can go undocumented, and every finding takes its severity from here.

Errors make the template unusable or the documents wrong (text lost, a tag printed as is, a
refused file); warnings point at a defect of presentation (a blank line, a formatting that
will not be the expected one) and do not fail the check.
"""

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


_FOLDER = "Dossier et fichier templates.yaml"
_FILE = "Fichier Word refusé (sécurité)"
_TAGS = "Balises mal formées ou mal placées"
_STATEMENTS = "Instructions {% … %}"
_NAMES = "Variables, filtres et tests"
_RENDER = "Rendu d'essai avec les contrats d'exemple"

E, W = Severity.ERROR, Severity.WARNING

#: Every code the check can report, in the order the documentation shows them.
CATALOGUE: tuple[CodeInfo, ...] = (
    CodeInfo(
        "manifest-missing",
        E,
        _FOLDER,
        "Le dossier n'a pas de fichier templates.yaml : clausegen ne sait pas quels modèles "
        "utiliser. Les modèles .docx du dossier sont tout de même vérifiés.",
        "Partez du dossier créé par « clausegen templates export », qui contient un "
        "templates.yaml commenté.",
    ),
    CodeInfo(
        "manifest-invalid",
        E,
        _FOLDER,
        "templates.yaml est mal écrit : syntaxe YAML, champ manquant, vide ou inconnu, "
        "identifiant ou nom de fichier invalide, identifiant utilisé deux fois. La ligne est "
        "indiquée.",
        "Chaque modèle a un id (minuscules, chiffres, - ou _, 40 caractères au plus), un file "
        "(le nom du .docx, 100 caractères au plus, sans caractère invisible ni nom réservé par "
        "Windows comme CON.docx), un title, une destination et une description.",
    ),
    CodeInfo(
        "template-missing",
        E,
        _FOLDER,
        "templates.yaml nomme un fichier .docx qui n'est pas dans le dossier, ou qui n'est pas "
        "un fichier ordinaire (un dossier, un tube, un périphérique ou un lien cassé).",
        "Corrigez le nom du fichier dans templates.yaml (majuscules et accents comptent), ou "
        "replacez le fichier dans le dossier.",
    ),
    CodeInfo(
        "template-unlisted",
        W,
        _FOLDER,
        "Un fichier .docx du dossier n'est pas nommé dans templates.yaml : il ne sera jamais "
        "utilisé. Les fichiers de verrouillage de Word (~$…) et de LibreOffice (.~lock.…#) "
        "sont ignorés.",
        "Ajoutez-le à templates.yaml, ou retirez-le du dossier.",
    ),
    CodeInfo(
        "not-a-docx",
        E,
        _FILE,
        "Le fichier n'est pas un document Word (.docx) lisible.",
        "Enregistrez-le depuis Word au format « Document Word (*.docx) ».",
    ),
    CodeInfo(
        "too-large",
        E,
        _FILE,
        "Le fichier est trop gros (plus de 50 Mo par défaut, limite fixée par la variable "
        "CLAUSEGEN_LIMIT_TEMPLATE_BYTES) ou compte trop de parties pour un modèle de clause.",
        "Retirez les images et objets volumineux, puis enregistrez de nouveau.",
    ),
    CodeInfo(
        "too-compressed",
        E,
        _FILE,
        "Une partie du fichier se décompresse en un volume démesuré : le fichier est refusé "
        "comme possible « bombe de décompression ».",
        "Repartez d'un modèle sain (clausegen templates export) et recopiez-y votre texte.",
    ),
    CodeInfo(
        "encrypted-part",
        E,
        _FILE,
        "Une partie du fichier est chiffrée, ce que Word ne fait jamais à une partie d'un "
        "document : le fichier a été fabriqué ou modifié par un autre outil.",
        "Ouvrez-le dans Word et enregistrez-le de nouveau au format « Document Word (*.docx) », "
        "ou repartez d'un modèle sain (clausegen templates export).",
    ),
    CodeInfo(
        "unsupported-compression",
        E,
        _FILE,
        "Une partie du fichier est compressée par une méthode que Word n'utilise pas : le "
        "fichier a été fabriqué ou modifié par un autre outil.",
        "Ouvrez-le dans Word et enregistrez-le de nouveau au format « Document Word (*.docx) ».",
    ),
    CodeInfo(
        "damaged-part",
        E,
        _FILE,
        "Une partie du fichier est abîmée : son contenu ne correspond pas à ce que l'archive "
        "annonce (somme de contrôle ou taille), par exemple après une copie interrompue.",
        "Reprenez une copie intacte du modèle, ou ouvrez-le dans Word et enregistrez-le de "
        "nouveau.",
    ),
    CodeInfo(
        "invalid-xml",
        E,
        _FILE,
        "Une partie du fichier qui devrait être du XML n'en est pas : Word ne saurait pas "
        "l'ouvrir.",
        "Ouvrez-le dans Word et enregistrez-le de nouveau, ou repartez d'un modèle sain "
        "(clausegen templates export).",
    ),
    CodeInfo(
        "unexpected-root",
        E,
        _FILE,
        "Une partie du fichier n'a pas la forme que Word attend (par exemple un corps de "
        "document sans corps, un en-tête qui n'en est pas un) : le fichier a été fabriqué ou "
        "modifié par un autre outil.",
        "Repartez d'un modèle sain (clausegen templates export) et recopiez-y votre texte.",
    ),
    CodeInfo(
        "doctype",
        E,
        _FILE,
        "Une partie du fichier contient une déclaration DOCTYPE, que Word n'écrit jamais et "
        "qui peut servir à lire des fichiers de l'ordinateur.",
        "Repartez d'un modèle sain (clausegen templates export) et recopiez-y votre texte.",
    ),
    CodeInfo(
        "macros",
        E,
        _FILE,
        "Le fichier contient des macros (projet VBA, quel que soit son nom) : un modèle de "
        "clause n'en a pas besoin et elles pourraient s'exécuter chez chaque destinataire.",
        "Enregistrez-le au format « Document Word (*.docx) », pas « Document Word prenant en "
        "charge les macros (*.docm) ».",
    ),
    CodeInfo(
        "active-content",
        E,
        _FILE,
        "Le fichier contient un contenu actif : un objet incorporé ou lié (OLE, par exemple "
        "une feuille Excel ou un fichier joint), un contrôle ActiveX, un document incorporé, "
        "un contenu importé d'un autre fichier ou un publipostage. Il pourrait s'exécuter ou "
        "aller chercher des données chez chaque destinataire.",
        "Supprimez l'objet ou le contrôle (sélectionnez-le, puis Suppr) ; pour un tableau, "
        "collez-le comme tableau Word ; pour une image, collez-la comme image.",
    ),
    CodeInfo(
        "external-relationship",
        E,
        _FILE,
        "Le fichier renvoie à un contenu extérieur (modèle attaché en ligne, image liée, "
        "cadre, sous-document, lien vers un fichier de l'ordinateur ou du réseau) que Word "
        "irait chercher à l'ouverture de chaque document produit. Les liens hypertextes web "
        "(http, https) et courriel (mailto) sont admis.",
        "Détachez le modèle attaché (Développeur > Modèle de document), insérez les images "
        "dans le document au lieu de les lier, et remplacez les liens vers des fichiers par "
        "des liens web.",
    ),
    CodeInfo(
        "field-code",
        E,
        _FILE,
        "Le fichier contient un champ Word qui va chercher ou exécute quelque chose hors du "
        "document (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, DDEAUTO, IMPORT, DATABASE, "
        "MACROBUTTON), ou un champ dont le type est calculé par un autre champ. Les champs "
        "ordinaires (PAGE, NUMPAGES, DATE…) sont admis.",
        "Affichez les codes de champ (Alt+F9), supprimez le champ signalé, puis remplacez-le "
        "par le texte ou l'image voulus, insérés dans le document.",
    ),
    CodeInfo(
        "mako-syntax",
        E,
        _TAGS,
        "« ${…} » est la syntaxe d'un autre outil : elle serait imprimée telle quelle.",
        "Écrivez « {{ … }} ».",
    ),
    CodeInfo(
        "spaced-delimiter",
        E,
        _TAGS,
        "Les deux caractères qui ouvrent ou ferment une balise sont séparés par une espace "
        "(« { { », « { % », « % } », « } } ») : la balise serait imprimée telle quelle.",
        "Collez les deux caractères : « {{ », « {% », « %} », « }} ».",
    ),
    CodeInfo(
        "unclosed-tag",
        E,
        _TAGS,
        "Une balise est ouverte (« {{ », « {% » ou « {# ») mais pas fermée dans le même "
        "paragraphe. Une balise ne peut pas continuer au paragraphe suivant.",
        "Ajoutez la fin de la balise (« }} », « %} » ou « #} ») dans le même paragraphe.",
    ),
    CodeInfo(
        "stray-closing",
        E,
        _TAGS,
        "« }} », « %} » ou « #} » ferme une balise qui n'a pas été ouverte dans ce paragraphe.",
        "Ajoutez le début de la balise, ou supprimez ces caractères.",
    ),
    CodeInfo(
        "rich-text-tag",
        E,
        _TAGS,
        "« {{r … }} » et « {{p … }} » insèrent du contenu Word préparé à l'avance, ce que les "
        "variables de clausegen ne sont pas : la valeur disparaîtrait du document.",
        "Écrivez « {{ … }} ».",
    ),
    CodeInfo(
        "two-structural-tags",
        E,
        _TAGS,
        "Deux balises {%p %} dans un même paragraphe, deux {%tr %} dans une même ligne de "
        "tableau ou deux {%tc %} dans une même cellule : chacune remplace tout son paragraphe "
        "(ligne, cellule), elles se détruisent l'une l'autre.",
        "Placez chaque balise seule dans son propre paragraphe (sa propre ligne de tableau).",
    ),
    CodeInfo(
        "text-beside-structural-tag",
        E,
        _TAGS,
        "Du texte se trouve à côté d'une balise {%p %} (dans sa ligne de tableau pour {%tr %}, "
        "dans sa cellule pour {%tc %}) : la balise remplace tout le paragraphe (la ligne, la "
        "cellule), ce texte disparaîtrait sans message.",
        "Mettez la balise seule dans son paragraphe (sa ligne) et le texte dans un paragraphe "
        "(une ligne) à part.",
    ),
    CodeInfo(
        "tr-outside-table",
        E,
        _TAGS,
        "Une balise {%tr %} est hors d'un tableau : elle ne s'emploie que dans une ligne de "
        "tableau, qu'elle répète ou retire.",
        "Pour des paragraphes, écrivez {%p … %} ; pour des lignes de tableau, placez {%tr … %} "
        "dans une ligne du tableau réservée à cette balise.",
    ),
    CodeInfo(
        "tc-outside-cell",
        E,
        _TAGS,
        "Une balise {%tc %} est hors d'une cellule de tableau.",
        "Placez-la dans une cellule qui lui est réservée, ou écrivez {%p … %}.",
    ),
    CodeInfo(
        "structural-tag-symbol",
        E,
        _TAGS,
        "Une balise {%p %}, {%tr %} ou {%tc %} contient « % » ou « } » : le moteur de "
        "modèles (docxtpl) ne sait pas la lire.",
        "Retirez ces caractères de la condition (par exemple, comparez à une variable plutôt "
        "qu'à un texte contenant « % »).",
    ),
    CodeInfo(
        "bare-statement-paragraph",
        W,
        _TAGS,
        "Un paragraphe ne contient qu'une instruction {% … %} (if, for, else, endif, set…) : "
        "il resterait une ligne vide dans chaque document produit.",
        "Écrivez {%p … %} : une balise de paragraphe retire son paragraphe du document.",
    ),
    CodeInfo(
        "split-formatting",
        W,
        _TAGS,
        "Les caractères d'une balise {{ … }} n'ont pas tous la même mise en forme (gras, "
        "italique, police, taille, couleur) : la valeur prendra celle du premier caractère "
        "de la balise.",
        "Sélectionnez toute la balise, de « {{ » à « }} », et donnez-lui une seule mise en forme.",
    ),
    CodeInfo(
        "tracked-changes",
        W,
        _TAGS,
        "Le modèle contient des modifications suivies (révisions) : les balises des passages "
        "supprimés seraient encore traitées et les révisions resteraient dans les documents "
        "produits.",
        "Dans Word : Révision > Accepter > Accepter toutes les modifications (ou les refuser), "
        "puis enregistrez.",
    ),
    CodeInfo(
        "jinja-syntax",
        E,
        _STATEMENTS,
        "Une balise n'est pas écrite correctement (parenthèse, guillemet ou opérateur manquant, "
        "mot en trop). Le détail technique est donné en anglais.",
        "Comparez la balise aux exemples de ce guide ; les textes s'écrivent entre guillemets "
        "droits.",
    ),
    CodeInfo(
        "french-quotes",
        E,
        _STATEMENTS,
        "Une balise contient des guillemets français « » (la correction automatique de Word "
        "les met à la place des guillemets droits) : dans une balise, seuls \" et ' sont "
        "compris.",
        'Remplacez « … » par "…". Pour que Word garde un guillemet droit, faites Ctrl+Z '
        "juste après l'avoir tapé.",
    ),
    CodeInfo(
        "nbsp-in-tag",
        E,
        _STATEMENTS,
        "Une balise contient une espace insécable (la correction automatique de Word en met "
        "devant « : », « ; », « ! », « ? ») : le moteur de modèles ne la comprend pas.",
        "Remplacez-la par une espace ordinaire (Word : Accueil > Afficher tout ¶ la montre "
        "comme un petit cercle).",
    ),
    CodeInfo(
        "unknown-statement",
        E,
        _STATEMENTS,
        "Le mot qui suit « {% » (ou « {%p », « {%tr ») n'est pas une instruction connue.",
        "Les instructions sont if, elif, else, endif, for, endfor, set, with, endwith, filter, "
        "endfilter ; « p », « tr » et « tc » se collent à « {% » : « {%p if … %} ».",
    ),
    CodeInfo(
        "refused-statement",
        E,
        _STATEMENTS,
        "Instruction refusée : un modèle ne peut pas importer, inclure ou étendre un autre "
        "fichier (import, from, include, extends), définir ou appeler des macros (macro, call) "
        "ni désactiver la protection des valeurs (autoescape).",
        "Écrivez le texte voulu dans le modèle lui-même.",
    ),
    CodeInfo(
        "unexpected-end-tag",
        E,
        _STATEMENTS,
        "Une balise de fin ({% endif %}, {% endfor %}…) ou un {% else %} / {% elif %} ne "
        "correspond à aucun bloc ouvert.",
        "Supprimez-la, ou ajoutez plus haut la balise d'ouverture qui lui correspond.",
    ),
    CodeInfo(
        "unclosed-block",
        E,
        _STATEMENTS,
        "Un bloc {% if %}, {% for %}… n'est jamais fermé.",
        "Ajoutez sa balise de fin (endif, endfor…), de la même sorte que l'ouverture : "
        "{%p endif %} pour {%p if %}, {%tr endfor %} pour {%tr for %}.",
    ),
    CodeInfo(
        "mismatched-levels",
        E,
        _STATEMENTS,
        "Un bloc est ouvert et fermé (ou partagé par else / elif) par des balises de sortes "
        "différentes, par exemple {%p if %} fermé par {% endif %} : le document produit serait "
        "cassé.",
        "Utilisez la même sorte de balise du début à la fin du bloc : {%p … %} avec {%p … %}, "
        "{%tr … %} avec {%tr … %}, {% … %} avec {% … %}.",
    ),
    CodeInfo(
        "block-across-paragraphs",
        W,
        _STATEMENTS,
        "Une condition ou une boucle {% … %} s'ouvre au milieu d'un paragraphe et se ferme au "
        "milieu d'un autre : quand elle ne s'applique pas, les deux paragraphes sont fusionnés.",
        "Pour garder ou retirer des paragraphes entiers, écrivez {%p if … %} et {%p endif %}, "
        "chacune seule dans son paragraphe ; sinon, ouvrez et fermez le bloc dans le même "
        "paragraphe.",
    ),
    CodeInfo(
        "unknown-variable",
        E,
        _NAMES,
        "Un nom n'est pas une variable du vocabulaire (ou pas un champ du groupe ou de "
        "l'élément de liste auquel il s'applique) : le rendu échouerait. Les noms les plus "
        "proches sont proposés.",
        "Corrigez le nom d'après la liste des variables ci-dessus (ou « clausegen templates "
        "variables »).",
    ),
    CodeInfo(
        "not-a-list",
        E,
        _NAMES,
        "Une boucle {% for … in X %} parcourt un texte, un nombre ou un groupe, pas une liste.",
        "Bouclez sur une liste du vocabulaire (notée [] dans le tableau des variables), par "
        "exemple « lots ».",
    ),
    CodeInfo(
        "prints-group",
        E,
        _NAMES,
        "{{ X }} afficherait un groupe ou une liste entière, sous forme de code informatique.",
        "Affichez un de ses champs ({{ buyer.name }}) ou parcourez la liste avec une boucle.",
    ),
    CodeInfo(
        "unknown-filter",
        E,
        _NAMES,
        "Le filtre (après « | ») n'existe pas.",
        "Choisissez un filtre de la liste de ce guide.",
    ),
    CodeInfo(
        "unknown-test",
        E,
        _NAMES,
        "Le test (après « is ») n'existe pas.",
        "Choisissez un test de la liste de ce guide.",
    ),
    CodeInfo(
        "sandbox-refused",
        E,
        _NAMES,
        "Ce que le bac à sable refuse : un nom commençant par « _ » (les rouages internes du "
        "programme), le filtre « attr » avec un tel nom ou un nom calculé, et les filtres "
        "« safe » et « urlize », qui feraient passer du code brut dans le document.",
        "N'utilisez que les variables du vocabulaire et les filtres de ce guide.",
    ),
    CodeInfo(
        "render-undefined",
        E,
        _RENDER,
        "Avec l'un des contrats d'exemple, une variable n'existe pas (par exemple « lots[1] » "
        "pour un marché à un seul lot).",
        "Entourez le passage d'une condition ({%p if several_lots %}) ou parcourez la liste "
        "avec une boucle au lieu de prendre un élément par son numéro.",
    ),
    CodeInfo(
        "render-failed",
        E,
        _RENDER,
        "Le rendu d'essai avec l'un des contrats d'exemple échoue (par exemple un calcul sur "
        "un texte). Le détail technique est donné en anglais.",
        "Les valeurs sont des textes déjà mis en forme : affichez-les telles quelles, sans "
        "calcul ; les nombres entiers ont un nom qui finit par « _number » ou « _count ».",
    ),
    CodeInfo(
        "render-limit",
        E,
        _RENDER,
        "Le rendu d'essai dépasse une limite : le temps ou la taille accordés à un document "
        "(fixés par la personne qui fait tourner clausegen, variables "
        "CLAUSEGEN_LIMIT_RENDER_SECONDS et CLAUSEGEN_LIMIT_RENDER_OUTPUT_BYTES), ou une valeur "
        "démesurée (texte ou liste répétés des millions de fois, largeur de plus de 10 000 "
        "caractères, nombre de plus de 4 300 chiffres, range de plus de 100 000 nombres, "
        "lipsum de plus de 100 paragraphes, filtre qui parcourt plus d'un million d'éléments). "
        "Un modèle qui dépasse le temps ou la taille "
        "n'est pas essayé avec les autres contrats.",
        "Cherchez les boucles imbriquées ({% for %} dans un {% for %}) et les répétitions "
        "(* ou filtres center, indent, format avec de grands nombres) : un modèle de clause "
        "n'en a pas besoin à cette échelle.",
    ),
    CodeInfo(
        "render-broken-xml",
        E,
        _RENDER,
        "Le rendu d'essai produirait un document Word invalide : une balise s'ouvre "
        "probablement dans un paragraphe, une ligne ou un tableau et se ferme dans un autre.",
        "Utilisez {%p … %} ou {%tr … %}, chacune seule dans son paragraphe ou sa ligne.",
    ),
)

#: The catalogue by code.
CODES: dict[str, CodeInfo] = {info.code: info for info in CATALOGUE}
