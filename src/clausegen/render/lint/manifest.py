"""Word the problems of a template folder's ``templates.yaml`` in French, with their lines."""

from __future__ import annotations

import re

from clausegen.render.lint.catalogue import CODES
from clausegen.render.lint.findings import Finding, finding, quoted, visible
from clausegen.validate.manifest import MANIFEST, ManifestProblem

_VALUE_ERRORS = {
    "must be lower-case letters": "l'identifiant {value} doit s'écrire en minuscules, "
    "chiffres, « - » ou « _ », et commencer par une lettre",
    "since it goes into the name": "l'identifiant {value} est trop long : {limit} caractères "
    "au plus, car il entre dans le nom de chaque fichier produit",
    "choose another id": "l'identifiant {value} est un nom que Windows réserve à un "
    "périphérique (CON, PRN, AUX, NUL, COM1 à COM9, LPT1 à LPT9) : choisissez-en un autre",
    "must be a file name in the template folder": "{value} doit être un nom de fichier du "
    "dossier, sans dossier",
    "invisible formatting characters": "le nom de fichier {value} contient un caractère de "
    "contrôle ou de mise en forme invisible ({hidden}) : renommez le fichier",
    "characters long": "le nom de fichier {value} est trop long : {limit} caractères au plus",
    "lock file": "{value} est un fichier de verrouillage de Word ou de LibreOffice, pas un modèle",
    "must be a Word document": "{value} doit être un document Word (.docx)",
    "rename the file": "le nom de fichier {value} est un nom que Windows réserve à un "
    "périphérique (CON, PRN, AUX, NUL, COM1 à COM9, LPT1 à LPT9) : renommez le fichier",
}
_HIDDEN = re.compile(r"U\+[0-9A-F]{4,6}")
_LIMIT = re.compile(r"at most (\d+)")


def manifest_finding(problem: ManifestProblem) -> Finding:
    """Word a manifest problem in French."""
    value = quoted(visible(problem.value)) if problem.value is not None else "la valeur"
    where = f"{problem.path} : " if problem.path else ""
    message, suggestion = _file_wording(problem, where, value) or _field_wording(
        problem, where, value
    )
    return finding(
        problem.code, template=MANIFEST, message=message, line=problem.line, suggestion=suggestion
    )


_Wording = tuple[str, str | None]


def _file_wording(problem: ManifestProblem, where: str, value: str) -> _Wording | None:
    """The manifest or a template file missing, or a manifest that cannot be read."""
    if problem.code == "manifest-missing":
        message = (
            f"Le dossier n'a pas de fichier {MANIFEST} : clausegen ne sait pas quels modèles "
            "utiliser."
        )
        return message, CODES["manifest-missing"].fix
    if problem.code == "template-missing" and problem.kind == "not-a-file":
        message = (
            f"{where}{MANIFEST} nomme {value}, qui n'est pas un fichier ordinaire (un dossier, "
            "un tube, un périphérique ou un lien cassé)."
        )
        return message, CODES["template-missing"].fix
    if problem.code == "template-missing":
        message = f"{where}{MANIFEST} nomme {value}, qui n'est pas dans le dossier."
        return message, CODES["template-missing"].fix
    if problem.kind == "syntax":
        return f"{MANIFEST} ne peut pas être lu (détail technique : {problem.message}).", None
    return None


def _field_wording(problem: ManifestProblem, where: str, value: str) -> _Wording:
    """A field of the manifest that is missing, unknown or wrong."""
    if problem.kind == "missing":
        return f"{where}champ obligatoire manquant.", None
    if problem.kind == "extra_forbidden":
        suggestion = (
            f"Vouliez-vous écrire {quoted(problem.close)} ?"
            if problem.close
            else "Les champs d'un modèle sont id, file, title, destination, description et, "
            "s'il y a lieu, requires et update_fields."
        )
        return f"{where}champ inconnu.", suggestion
    if problem.kind == "string_too_short":
        return f"{where}ne doit pas être vide.", None
    if problem.kind == "too_short":
        return f"{where}la liste des modèles est vide.", None
    if problem.kind in ("string_type", "list_type", "model_type", "dict_type", "bool_type"):
        expected = {
            "string_type": "un texte",
            "list_type": "une liste de modèles",
            "bool_type": "true ou false",
        }.get(problem.kind, "un groupe de champs (id, file, title, destination, description)")
        return f"{where}doit être {expected}.", None
    if problem.kind == "enum":
        allowed = re.search(r"must be one of (.*?) \(got", problem.message)
        choices = f" (valeurs possibles : {allowed.group(1)})" if allowed else ""
        return f"{where}{value} n'est pas une valeur admise{choices}.", None
    if problem.kind == "duplicate-id":
        return f"{where}l'identifiant {value} est déjà celui d'un autre modèle.", None
    known = next((fr for en, fr in _VALUE_ERRORS.items() if en in problem.message), None)
    if known is None:
        return f"{where}valeur invalide (détail technique : {problem.message}).", None
    hidden = _HIDDEN.search(problem.message)
    limit = _LIMIT.search(problem.message)
    text = known.format(
        value=value, hidden=hidden.group(0) if hidden else "", limit=limit.group(1) if limit else ""
    )
    return f"{where}{text}.", None
