"""The findings about the Jinja inside the tags: statements, names, and the test render.

Part of the catalogue (:mod:`.catalogue`), which the documentation is generated from.
"""

from __future__ import annotations

from clausegen.render.lint.severity import NAMES, RENDER, STATEMENTS, CodeInfo, E, W

#: The codes of the Jinja inside the tags, in the order the documentation shows them.
JINJA_CODES: tuple[CodeInfo, ...] = (
    CodeInfo(
        "jinja-syntax",
        E,
        STATEMENTS,
        "Une balise n'est pas écrite correctement (parenthèse, guillemet ou opérateur manquant, "
        "mot en trop). Le détail technique est donné en anglais.",
        "Comparez la balise aux exemples de ce guide ; les textes s'écrivent entre guillemets "
        "droits.",
    ),
    CodeInfo(
        "french-quotes",
        E,
        STATEMENTS,
        "Une balise contient des guillemets français « » (la correction automatique de Word "
        "les met à la place des guillemets droits) : dans une balise, seuls \" et ' sont "
        "compris.",
        'Remplacez « … » par "…". Pour que Word garde un guillemet droit, faites Ctrl+Z '
        "juste après l'avoir tapé.",
    ),
    CodeInfo(
        "nbsp-in-tag",
        E,
        STATEMENTS,
        "Une balise contient une espace insécable (la correction automatique de Word en met "
        "devant « : », « ; », « ! », « ? ») : le moteur de modèles ne la comprend pas.",
        "Remplacez-la par une espace ordinaire (Word : Accueil > Afficher tout ¶ la montre "
        "comme un petit cercle).",
    ),
    CodeInfo(
        "unknown-statement",
        E,
        STATEMENTS,
        "Le mot qui suit « {% » (ou « {%p », « {%tr ») n'est pas une instruction connue.",
        "Les instructions sont if, elif, else, endif, for, endfor, set, with, endwith, filter, "
        "endfilter ; « p », « tr » et « tc » se collent à « {% » : « {%p if … %} ».",
    ),
    CodeInfo(
        "refused-statement",
        E,
        STATEMENTS,
        "Instruction refusée : un modèle ne peut pas importer, inclure ou étendre un autre "
        "fichier (import, from, include, extends), définir ou appeler des macros (macro, call) "
        "ni désactiver la protection des valeurs (autoescape).",
        "Écrivez le texte voulu dans le modèle lui-même.",
    ),
    CodeInfo(
        "unexpected-end-tag",
        E,
        STATEMENTS,
        "Une balise de fin ({% endif %}, {% endfor %}…) ou un {% else %} / {% elif %} ne "
        "correspond à aucun bloc ouvert.",
        "Supprimez-la, ou ajoutez plus haut la balise d'ouverture qui lui correspond.",
    ),
    CodeInfo(
        "unclosed-block",
        E,
        STATEMENTS,
        "Un bloc {% if %}, {% for %}… n'est jamais fermé.",
        "Ajoutez sa balise de fin (endif, endfor…), de la même sorte que l'ouverture : "
        "{%p endif %} pour {%p if %}, {%tr endfor %} pour {%tr for %}.",
    ),
    CodeInfo(
        "mismatched-levels",
        E,
        STATEMENTS,
        "Un bloc est ouvert et fermé (ou partagé par else / elif) par des balises de sortes "
        "différentes, par exemple {%p if %} fermé par {% endif %} : le document produit serait "
        "cassé.",
        "Utilisez la même sorte de balise du début à la fin du bloc : {%p … %} avec {%p … %}, "
        "{%tr … %} avec {%tr … %}, {% … %} avec {% … %}.",
    ),
    CodeInfo(
        "block-across-paragraphs",
        W,
        STATEMENTS,
        "Une condition ou une boucle {% … %} s'ouvre au milieu d'un paragraphe et se ferme au "
        "milieu d'un autre : quand elle ne s'applique pas, les deux paragraphes sont fusionnés.",
        "Pour garder ou retirer des paragraphes entiers, écrivez {%p if … %} et {%p endif %}, "
        "chacune seule dans son paragraphe ; sinon, ouvrez et fermez le bloc dans le même "
        "paragraphe.",
    ),
    CodeInfo(
        "unknown-variable",
        E,
        NAMES,
        "Un nom n'est pas une variable du vocabulaire (ou pas un champ du groupe ou de "
        "l'élément de liste auquel il s'applique) : le rendu échouerait. Les noms les plus "
        "proches sont proposés.",
        "Corrigez le nom d'après la liste des variables ci-dessus (ou « clausegen templates "
        "variables »).",
    ),
    CodeInfo(
        "not-a-list",
        E,
        NAMES,
        "Une boucle {% for … in X %} parcourt un texte, un nombre ou un groupe, pas une liste.",
        "Bouclez sur une liste du vocabulaire (notée [] dans le tableau des variables), par "
        "exemple « lots ».",
    ),
    CodeInfo(
        "prints-group",
        E,
        NAMES,
        "{{ X }} afficherait un groupe ou une liste entière, sous forme de code informatique.",
        "Affichez un de ses champs ({{ buyer.name }}) ou parcourez la liste avec une boucle.",
    ),
    CodeInfo(
        "unknown-filter",
        E,
        NAMES,
        "Le filtre (après « | ») n'existe pas.",
        "Choisissez un filtre de la liste de ce guide.",
    ),
    CodeInfo(
        "unknown-test",
        E,
        NAMES,
        "Le test (après « is ») n'existe pas.",
        "Choisissez un test de la liste de ce guide.",
    ),
    CodeInfo(
        "sandbox-refused",
        E,
        NAMES,
        "Ce que le bac à sable refuse : un nom commençant par « _ » (les rouages internes du "
        "programme), le filtre « attr » avec un tel nom ou un nom calculé, et les filtres "
        "« safe » et « urlize », qui feraient passer du code brut dans le document.",
        "N'utilisez que les variables du vocabulaire et les filtres de ce guide.",
    ),
    CodeInfo(
        "render-undefined",
        E,
        RENDER,
        "Avec l'un des contrats d'exemple, une variable n'existe pas (par exemple « lots[1] » "
        "pour un marché à un seul lot).",
        "Entourez le passage d'une condition ({%p if several_lots %}) ou parcourez la liste "
        "avec une boucle au lieu de prendre un élément par son numéro.",
    ),
    CodeInfo(
        "render-failed",
        E,
        RENDER,
        "Le rendu d'essai avec l'un des contrats d'exemple échoue (par exemple un calcul sur "
        "un texte). Le détail technique est donné en anglais.",
        "Les valeurs sont des textes déjà mis en forme : affichez-les telles quelles, sans "
        "calcul ; les nombres entiers ont un nom qui finit par « _number » ou « _count ».",
    ),
    CodeInfo(
        "render-limit",
        E,
        RENDER,
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
        RENDER,
        "Le rendu d'essai produirait un document Word invalide : une balise s'ouvre "
        "probablement dans un paragraphe, une ligne ou un tableau et se ferme dans un autre.",
        "Utilisez {%p … %} ou {%tr … %}, chacune seule dans son paragraphe ou sa ligne.",
    ),
)
