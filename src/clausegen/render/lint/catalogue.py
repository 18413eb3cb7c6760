"""The catalogue of every finding ``clausegen templates check`` can report.

For each code: its severity, and what it means and how to fix it, in French. The
documentation for legal staff (``docs/templates.md``) is generated from this catalogue, so
that no code can go undocumented, and every finding takes its severity from here.

Errors make the template unusable or the documents wrong (text lost, a tag printed as is, a
refused file); warnings point at a defect of presentation (a blank line, a formatting that
will not be the expected one) and do not fail the check.
"""

from __future__ import annotations

from clausegen.render.lint.jinja_codes import JINJA_CODES
from clausegen.render.lint.severity import FILE, FOLDER, TAGS, CodeInfo, E, Severity, W

__all__ = ["CATALOGUE", "CODES", "CodeInfo", "Severity"]


#: Every code the check can report, in the order the documentation shows them.
CATALOGUE: tuple[CodeInfo, ...] = (
    CodeInfo(
        "manifest-missing",
        E,
        FOLDER,
        "Le dossier n'a pas de fichier templates.yaml : clausegen ne sait pas quels modèles "
        "utiliser. Les modèles .docx du dossier sont tout de même vérifiés.",
        "Partez du dossier créé par « clausegen templates export », qui contient un "
        "templates.yaml commenté.",
    ),
    CodeInfo(
        "manifest-invalid",
        E,
        FOLDER,
        "templates.yaml est mal écrit : syntaxe YAML, champ manquant, vide ou inconnu, "
        "identifiant ou nom de fichier invalide, identifiant utilisé deux fois. La ligne est "
        "indiquée.",
        "Chaque modèle a un id (minuscules, chiffres, - ou _, 40 caractères au plus), un file "
        "(le nom du .docx, 100 caractères et 200 octets au plus, sans caractère invisible ni "
        "nom réservé par Windows comme CON.docx), un title, une destination et une "
        "description.",
    ),
    CodeInfo(
        "template-missing",
        E,
        FOLDER,
        "templates.yaml nomme un fichier .docx qui n'est pas dans le dossier, ou qui n'est pas "
        "un fichier ordinaire (un dossier, un tube, un périphérique ou un lien cassé).",
        "Corrigez le nom du fichier dans templates.yaml (majuscules et accents comptent), ou "
        "replacez le fichier dans le dossier.",
    ),
    CodeInfo(
        "template-unlisted",
        W,
        FOLDER,
        "Un fichier .docx du dossier n'est pas nommé dans templates.yaml : il ne sera jamais "
        "utilisé. Les fichiers de verrouillage de Word (~$…) et de LibreOffice (.~lock.…#) "
        "sont ignorés.",
        "Ajoutez-le à templates.yaml, ou retirez-le du dossier.",
    ),
    CodeInfo(
        "not-a-docx",
        E,
        FILE,
        "Le fichier n'est pas un document Word (.docx) lisible.",
        "Enregistrez-le depuis Word au format « Document Word (*.docx) ».",
    ),
    CodeInfo(
        "too-large",
        E,
        FILE,
        "Le fichier est trop gros (plus de 50 Mo par défaut, limite fixée par la variable "
        "CLAUSEGEN_LIMIT_TEMPLATE_BYTES) ou compte trop de parties pour un modèle de clause.",
        "Retirez les images et objets volumineux, puis enregistrez de nouveau.",
    ),
    CodeInfo(
        "too-compressed",
        E,
        FILE,
        "Une partie du fichier se décompresse en un volume démesuré : le fichier est refusé "
        "comme possible « bombe de décompression ».",
        "Repartez d'un modèle sain (clausegen templates export) et recopiez-y votre texte.",
    ),
    CodeInfo(
        "encrypted-part",
        E,
        FILE,
        "Une partie du fichier est chiffrée, ce que Word ne fait jamais à une partie d'un "
        "document : le fichier a été fabriqué ou modifié par un autre outil.",
        "Ouvrez-le dans Word et enregistrez-le de nouveau au format « Document Word (*.docx) », "
        "ou repartez d'un modèle sain (clausegen templates export).",
    ),
    CodeInfo(
        "unsupported-compression",
        E,
        FILE,
        "Une partie du fichier est compressée par une méthode que Word n'utilise pas : le "
        "fichier a été fabriqué ou modifié par un autre outil.",
        "Ouvrez-le dans Word et enregistrez-le de nouveau au format « Document Word (*.docx) ».",
    ),
    CodeInfo(
        "damaged-part",
        E,
        FILE,
        "Une partie du fichier est abîmée : son contenu ne correspond pas à ce que l'archive "
        "annonce (somme de contrôle ou taille), par exemple après une copie interrompue.",
        "Reprenez une copie intacte du modèle, ou ouvrez-le dans Word et enregistrez-le de "
        "nouveau.",
    ),
    CodeInfo(
        "invalid-xml",
        E,
        FILE,
        "Une partie du fichier qui devrait être du XML n'en est pas : Word ne saurait pas "
        "l'ouvrir.",
        "Ouvrez-le dans Word et enregistrez-le de nouveau, ou repartez d'un modèle sain "
        "(clausegen templates export).",
    ),
    CodeInfo(
        "unexpected-root",
        E,
        FILE,
        "Une partie du fichier n'a pas la forme que Word attend (par exemple un corps de "
        "document sans corps, un en-tête qui n'en est pas un) : le fichier a été fabriqué ou "
        "modifié par un autre outil.",
        "Repartez d'un modèle sain (clausegen templates export) et recopiez-y votre texte.",
    ),
    CodeInfo(
        "doctype",
        E,
        FILE,
        "Une partie du fichier contient une déclaration DOCTYPE, que Word n'écrit jamais et "
        "qui peut servir à lire des fichiers de l'ordinateur.",
        "Repartez d'un modèle sain (clausegen templates export) et recopiez-y votre texte.",
    ),
    CodeInfo(
        "macros",
        E,
        FILE,
        "Le fichier contient des macros (projet VBA, quel que soit son nom) : un modèle de "
        "clause n'en a pas besoin et elles pourraient s'exécuter chez chaque destinataire.",
        "Enregistrez-le au format « Document Word (*.docx) », pas « Document Word prenant en "
        "charge les macros (*.docm) ».",
    ),
    CodeInfo(
        "active-content",
        E,
        FILE,
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
        FILE,
        "Le fichier renvoie à un contenu extérieur (modèle attaché en ligne, image liée, "
        "cadre, sous-document, lien vers un fichier de l'ordinateur ou du réseau) que Word "
        "irait chercher à l'ouverture de chaque document produit. Les liens hypertextes web "
        "(http, https) et courriel (mailto) sont admis, mais seulement comme liens "
        "hypertextes : le même lien utilisé par un modèle attaché ou une image est refusé.",
        "Détachez le modèle attaché (Développeur > Modèle de document), insérez les images "
        "dans le document au lieu de les lier, et remplacez les liens vers des fichiers par "
        "des liens web.",
    ),
    CodeInfo(
        "field-code",
        E,
        FILE,
        "Le fichier contient un champ Word qui va chercher ou exécute quelque chose hors du "
        "document (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, DDEAUTO, IMPORT, DATABASE, "
        "MACROBUTTON, RD, PRINT, même précédé de guillemets ou de caractères invisibles), un "
        "champ HYPERLINK vers autre chose qu'une adresse web ou courriel, ou un champ dont le "
        "type est calculé par un autre champ. Les champs ordinaires (PAGE, NUMPAGES, DATE…) "
        "sont admis.",
        "Affichez les codes de champ (Alt+F9), supprimez le champ signalé, puis remplacez-le "
        "par le texte ou l'image voulus, insérés dans le document.",
    ),
    CodeInfo(
        "mako-syntax",
        E,
        TAGS,
        "« ${…} » est la syntaxe d'un autre outil : elle serait imprimée telle quelle.",
        "Écrivez « {{ … }} ».",
    ),
    CodeInfo(
        "spaced-delimiter",
        E,
        TAGS,
        "Les deux caractères qui ouvrent ou ferment une balise sont séparés par une espace "
        "(« { { », « { % », « % } », « } } ») : la balise serait imprimée telle quelle.",
        "Collez les deux caractères : « {{ », « {% », « %} », « }} ».",
    ),
    CodeInfo(
        "unclosed-tag",
        E,
        TAGS,
        "Une balise est ouverte (« {{ », « {% » ou « {# ») mais pas fermée dans le même "
        "paragraphe. Une balise ne peut pas continuer au paragraphe suivant.",
        "Ajoutez la fin de la balise (« }} », « %} » ou « #} ») dans le même paragraphe.",
    ),
    CodeInfo(
        "stray-closing",
        E,
        TAGS,
        "« }} », « %} » ou « #} » ferme une balise qui n'a pas été ouverte dans ce paragraphe.",
        "Ajoutez le début de la balise, ou supprimez ces caractères.",
    ),
    CodeInfo(
        "rich-text-tag",
        E,
        TAGS,
        "« {{r … }} » et « {{p … }} » insèrent du contenu Word préparé à l'avance, ce que les "
        "variables de clausegen ne sont pas : la valeur disparaîtrait du document.",
        "Écrivez « {{ … }} ».",
    ),
    CodeInfo(
        "two-structural-tags",
        E,
        TAGS,
        "Deux balises {%p %} dans un même paragraphe, deux {%tr %} dans une même ligne de "
        "tableau ou deux {%tc %} dans une même cellule : chacune remplace tout son paragraphe "
        "(ligne, cellule), elles se détruisent l'une l'autre.",
        "Placez chaque balise seule dans son propre paragraphe (sa propre ligne de tableau).",
    ),
    CodeInfo(
        "text-beside-structural-tag",
        E,
        TAGS,
        "Du texte se trouve à côté d'une balise {%p %} (dans sa ligne de tableau pour {%tr %}, "
        "dans sa cellule pour {%tc %}) : la balise remplace tout le paragraphe (la ligne, la "
        "cellule), ce texte disparaîtrait sans message.",
        "Mettez la balise seule dans son paragraphe (sa ligne) et le texte dans un paragraphe "
        "(une ligne) à part.",
    ),
    CodeInfo(
        "tr-outside-table",
        E,
        TAGS,
        "Une balise {%tr %} est hors d'un tableau : elle ne s'emploie que dans une ligne de "
        "tableau, qu'elle répète ou retire.",
        "Pour des paragraphes, écrivez {%p … %} ; pour des lignes de tableau, placez {%tr … %} "
        "dans une ligne du tableau réservée à cette balise.",
    ),
    CodeInfo(
        "tc-outside-cell",
        E,
        TAGS,
        "Une balise {%tc %} est hors d'une cellule de tableau.",
        "Placez-la dans une cellule qui lui est réservée, ou écrivez {%p … %}.",
    ),
    CodeInfo(
        "structural-tag-symbol",
        E,
        TAGS,
        "Une balise {%p %}, {%tr %} ou {%tc %} contient « % » ou « } » : le moteur de "
        "modèles (docxtpl) ne sait pas la lire.",
        "Retirez ces caractères de la condition (par exemple, comparez à une variable plutôt "
        "qu'à un texte contenant « % »).",
    ),
    CodeInfo(
        "bare-statement-paragraph",
        W,
        TAGS,
        "Un paragraphe ne contient qu'une instruction {% … %} (if, for, else, endif, set…) : "
        "il resterait une ligne vide dans chaque document produit.",
        "Écrivez {%p … %} : une balise de paragraphe retire son paragraphe du document.",
    ),
    CodeInfo(
        "split-formatting",
        W,
        TAGS,
        "Les caractères d'une balise {{ … }} n'ont pas tous la même mise en forme (gras, "
        "italique, police, taille, couleur) : la valeur prendra celle du premier caractère "
        "de la balise.",
        "Sélectionnez toute la balise, de « {{ » à « }} », et donnez-lui une seule mise en forme.",
    ),
    CodeInfo(
        "tracked-changes",
        W,
        TAGS,
        "Le modèle contient des modifications suivies (révisions) : les balises des passages "
        "supprimés seraient encore traitées et les révisions resteraient dans les documents "
        "produits.",
        "Dans Word : Révision > Accepter > Accepter toutes les modifications (ou les refuser), "
        "puis enregistrez.",
    ),
    CodeInfo(
        "provenance-in-contract",
        W,
        TAGS,
        "Une pièce du marché utilise une variable qui indique la provenance d'une valeur "
        "(origin, penalty_origin, hours_per_fte_origin, eligibility_duration_origin) : elle "
        "a sa place dans la note de calcul, pas dans une pièce du marché, où une mention "
        "« indicative » ou « sans source publiée » affaiblirait le chiffre.",
        "Utilisez la variable basis (ou penalty_basis), qui dit sur quelle base l'acheteur a "
        "retenu la valeur ; gardez origin pour la note de calcul (note-calcul).",
    ),
    *JINJA_CODES,
)

#: The catalogue by code.
CODES: dict[str, CodeInfo] = {info.code: info for info in CATALOGUE}
