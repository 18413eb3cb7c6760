"""Red team, template files: every hostile .docx refused by the check and by generate.

Each case hides something in a Word package the way a pattern-matching check would miss it
(single quotes, character references, UTF-16, split field runs, renamed parts…). For each:
``templates check`` exits 3 with the French finding, ``generate`` exits 3 with the English
message, nothing is written and nothing is left behind, and both finish within the guard.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from clausegen import inputs
from clausegen.render import templates
from clausegen.render.lint import check as lint_check
from clausegen.render.safety import inspect_package
from clausegen.write import run as generate
from tests.helpers import EXAMPLES
from tests.security import hostile_packages as hostile
from tests.security.cli import CONTRACT, attack, left_behind, run, template_folder

#: The codes of the template check whose exact messages are tested by the red-team suite.
CODES_TESTED_BY_RED_TEAM = {
    "encrypted-part",
    "unsupported-compression",
    "damaged-part",
    "invalid-xml",
    "unexpected-root",
    "active-content",
    "field-code",
    "render-limit",
}

_FETCH_FR = "que Word irait chercher à l'ouverture du document : refusé."
_FETCH_EN = "which Word would fetch when the document opens: refused"
_FIELD_FR = "qui fait chercher ou exécuter par Word quelque chose d'extérieur au document : refusé."
_FIELD_EN = "which makes Word fetch or run something from outside the document: refused"
_ACTIVE_FR = "qui pourrait s'exécuter ou aller chercher quelque chose à l'ouverture du document "
_ACTIVE_EN = "which could run or fetch something when the document opens: refused"
_DOCUMENT = "La partie « word/document.xml » du fichier"
_DOCUMENT_RELS = "La partie « word/_rels/document.xml.rels » du fichier"
_SETTINGS_RELS = "La partie « word/_rels/settings.xml.rels » du fichier"
_T = "Error: <T>/ccap.docx"


class Case(NamedTuple):
    build: Callable[[], bytes]
    french: list[tuple[str, str | None, int | None, str]]
    english: list[str]


CASES: dict[str, Case] = {
    "attached-template-single-quotes": Case(
        hostile.attached_template_single_quotes,
        [
            (
                "external-relationship",
                None,
                None,
                f"{_SETTINGS_RELS} renvoie à un contenu extérieur (attachedTemplate : "
                f"https://evil.example/t.dotm), {_FETCH_FR}",
            )
        ],
        [
            f"{_T}: word/_rels/settings.xml.rels: points to external content (attachedTemplate: "
            f"https://evil.example/t.dotm), {_FETCH_EN}"
        ],
    ),
    "linked-image-single-quotes": Case(
        hostile.linked_image_single_quotes,
        [
            (
                "external-relationship",
                None,
                None,
                f"{_DOCUMENT_RELS} renvoie à un contenu extérieur (image : "
                f"http://tracker.example/pixel.png), {_FETCH_FR}",
            )
        ],
        [
            f"{_T}: word/_rels/document.xml.rels: points to external content (image: "
            f"http://tracker.example/pixel.png), {_FETCH_EN}"
        ],
    ),
    "entity-encoded-target-mode": Case(
        hostile.entity_encoded_target_mode,
        [
            (
                "external-relationship",
                None,
                None,
                f"{_DOCUMENT_RELS} renvoie à un contenu extérieur (image : "
                f"http://tracker.example/p.png), {_FETCH_FR}",
            )
        ],
        [
            f"{_T}: word/_rels/document.xml.rels: points to external content (image: "
            f"http://tracker.example/p.png), {_FETCH_EN}"
        ],
    ),
    "lower-case-target-mode-unc-frame": Case(
        hostile.lower_case_target_mode,
        [
            (
                "external-relationship",
                None,
                None,
                f"{_DOCUMENT_RELS} renvoie à un contenu extérieur (frame : "
                f"\\\\server\\share\\x.htm), {_FETCH_FR}",
            )
        ],
        [
            f"{_T}: word/_rels/document.xml.rels: points to external content (frame: "
            f"\\\\server\\share\\x.htm), {_FETCH_EN}"
        ],
    ),
    "utf16-relationships": Case(
        hostile.utf16_relationships,
        [
            (
                "external-relationship",
                None,
                None,
                f"{_SETTINGS_RELS} renvoie à un contenu extérieur (attachedTemplate : "
                f"https://evil.example/t.dotm), {_FETCH_FR}",
            )
        ],
        [
            f"{_T}: word/_rels/settings.xml.rels: points to external content (attachedTemplate: "
            f"https://evil.example/t.dotm), {_FETCH_EN}"
        ],
    ),
    "utf16-doctype": Case(
        hostile.utf16_doctype,
        [
            (
                "doctype",
                None,
                None,
                f"{_DOCUMENT} contient une déclaration DOCTYPE, que Word n'écrit jamais : refusé.",
            )
        ],
        [
            f"{_T}: word/document.xml: contains a DOCTYPE declaration, which Word never writes: "
            "refused"
        ],
    ),
    "file-hyperlink": Case(
        hostile.file_hyperlink,
        [
            (
                "external-relationship",
                None,
                None,
                f"{_DOCUMENT_RELS} renvoie à un contenu extérieur (hyperlink : "
                f"file:///C:/secret.docx), {_FETCH_FR}",
            )
        ],
        [
            f"{_T}: word/_rels/document.xml.rels: points to external content (hyperlink: "
            f"file:///C:/secret.docx), {_FETCH_EN}"
        ],
    ),
    "unc-hyperlink": Case(
        hostile.unc_hyperlink,
        [
            (
                "external-relationship",
                None,
                None,
                f"{_DOCUMENT_RELS} renvoie à un contenu extérieur (hyperlink : "
                f"\\\\attacker\\share), {_FETCH_FR}",
            )
        ],
        [
            f"{_T}: word/_rels/document.xml.rels: points to external content (hyperlink: "
            f"\\\\attacker\\share), {_FETCH_EN}"
        ],
    ),
    "external-subdocument": Case(
        hostile.external_subdocument,
        [
            (
                "external-relationship",
                None,
                None,
                f"{_DOCUMENT_RELS} renvoie à un contenu extérieur (subDocument : "
                f"https://evil.example/sub.docx), {_FETCH_FR}",
            )
        ],
        [
            f"{_T}: word/_rels/document.xml.rels: points to external content (subDocument: "
            f"https://evil.example/sub.docx), {_FETCH_EN}"
        ],
    ),
    "includepicture": Case(
        hostile.include_picture,
        [("field-code", "body", 1, f"{_DOCUMENT} contient un champ INCLUDEPICTURE, {_FIELD_FR}")],
        [
            f"{_T}: word/document.xml (body, paragraph 1): has a field INCLUDEPICTURE, "
            f'{_FIELD_EN} in "INCLUDEPICTURE "http://tracker.example/p.png" \\d"'
        ],
    ),
    "includetext-split-over-runs": Case(
        hostile.include_text_split,
        [("field-code", "body", 1, f"{_DOCUMENT} contient un champ INCLUDETEXT, {_FIELD_FR}")],
        [
            f"{_T}: word/document.xml (body, paragraph 1): has a field INCLUDETEXT, "
            f'{_FIELD_EN} in "INCLUDETEXT "C:\\\\secret.txt""'
        ],
    ),
    "ddeauto-lower-case-after-backslash": Case(
        hostile.ddeauto_lower_case,
        [("field-code", "body", 1, f"{_DOCUMENT} contient un champ DDEAUTO, {_FIELD_FR}")],
        [
            f"{_T}: word/document.xml (body, paragraph 1): has a field DDEAUTO, {_FIELD_EN} "
            'in "\\ ddeauto c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe""'
        ],
    ),
    "fldsimple-link": Case(
        hostile.simple_field_link,
        [("field-code", "body", 1, f"{_DOCUMENT} contient un champ LINK, {_FIELD_FR}")],
        [
            f"{_T}: word/document.xml (body, paragraph 1): has a field LINK, {_FIELD_EN} in "
            '"LINK Excel.Sheet.8 "\\\\\\\\srv\\\\x.xls" A1"'
        ],
    ),
    "import-field": Case(
        hostile.import_field,
        [("field-code", "body", 1, f"{_DOCUMENT} contient un champ IMPORT, {_FIELD_FR}")],
        [
            f"{_T}: word/document.xml (body, paragraph 1): has a field IMPORT, {_FIELD_EN} in "
            '"IMPORT x"'
        ],
    ),
    "ole-package-named-as-a-picture": Case(
        hostile.ole_package_as_image,
        [
            (
                "active-content",
                None,
                None,
                "La partie « word/media/image1.png » du fichier contient un contenu actif (un "
                f"fichier OLE incorporé), {_ACTIVE_FR}: refusé.",
            )
        ],
        [
            f"{_T}: word/media/image1.png: contains active content (an OLE compound file), "
            f"{_ACTIVE_EN}"
        ],
    ),
    "zip-in-zip": Case(
        hostile.zip_in_zip,
        [
            (
                "active-content",
                None,
                None,
                "La partie « word/media/notes.dat » du fichier contient un contenu actif (un "
                f"paquet incorporé, un fichier zip), {_ACTIVE_FR}: refusé.",
            )
        ],
        [
            f"{_T}: word/media/notes.dat: contains active content (an embedded package, a zip "
            f"file), {_ACTIVE_EN}"
        ],
    ),
    "vba-project-under-another-name": Case(
        hostile.vba_project_renamed,
        [
            (
                "macros",
                None,
                None,
                "La partie « [Content_Types].xml » du fichier contient des macros (déclare "
                "application/vnd.ms-office.vbaProject), qu'un modèle de clause ne doit pas "
                "contenir.",
            ),
            (
                "macros",
                None,
                None,
                f"{_DOCUMENT_RELS} contient des macros (une partie vbaProject : data.bin), qu'un "
                "modèle de clause ne doit pas contenir.",
            ),
        ],
        [
            f"{_T}: [Content_Types].xml: contains macros (declares "
            "application/vnd.ms-office.vbaProject), which a clause template must not have",
            f"{_T}: word/_rels/document.xml.rels: contains macros (a vbaProject part: data.bin), "
            "which a clause template must not have",
        ],
    ),
    "activex-control": Case(
        hostile.activex_control,
        [
            (
                "active-content",
                "body",
                1,
                f"{_DOCUMENT} contient un contenu actif (un contrôle ActiveX, w:control), "
                f"{_ACTIVE_FR}: refusé.",
            ),
            (
                "active-content",
                None,
                None,
                f"{_DOCUMENT_RELS} contient un contenu actif (une partie control : "
                f"activeX/activeX1.xml), {_ACTIVE_FR}: refusé.",
            ),
        ],
        [
            f"{_T}: word/document.xml (body, paragraph 1): contains active content (an ActiveX "
            f"control, w:control), {_ACTIVE_EN}",
            f"{_T}: word/_rels/document.xml.rels: contains active content (a control part: "
            f"activeX/activeX1.xml), {_ACTIVE_EN}",
        ],
    ),
    "ole-object-element": Case(
        hostile.ole_object_element,
        [
            (
                "active-content",
                "body",
                1,
                f"{_DOCUMENT} contient un contenu actif (un objet OLE, o:OLEObject), "
                f"{_ACTIVE_FR}: refusé.",
            )
        ],
        [
            f"{_T}: word/document.xml (body, paragraph 1): contains active content (an OLE "
            f"object, o:OLEObject), {_ACTIVE_EN}"
        ],
    ),
    "macro-enabled-main-document": Case(
        hostile.macro_enabled_content_type,
        [
            (
                "macros",
                None,
                None,
                "La partie « [Content_Types].xml » du fichier contient des macros (déclare "
                "application/vnd.ms-word.document.macroEnabled.main+xml), qu'un modèle de clause "
                "ne doit pas contenir.",
            )
        ],
        [
            f"{_T}: [Content_Types].xml: contains macros (declares "
            "application/vnd.ms-word.document.macroEnabled.main+xml), which a clause template "
            "must not have"
        ],
    ),
    "encrypted-member": Case(
        hostile.encrypted_member,
        [
            (
                "encrypted-part",
                None,
                None,
                "La partie « word/settings.xml » du fichier est chiffrée, ce que Word ne fait "
                "jamais à une partie d'un document : refusé.",
            )
        ],
        [
            f"{_T}: word/settings.xml: is encrypted, which Word never does to a part of a "
            "document: refused"
        ],
    ),
    "unknown-compression-method": Case(
        hostile.unknown_compression,
        [
            (
                "unsupported-compression",
                None,
                None,
                "La partie « word/settings.xml » du fichier est compressée par la méthode 99, "
                "que Word n'utilise pas : refusé.",
            )
        ],
        [
            f"{_T}: word/settings.xml: is compressed with method 99, which Word does not use "
            "(only stored and deflated): refused"
        ],
    ),
    "bad-crc": Case(
        hostile.bad_crc,
        [
            (
                "damaged-part",
                None,
                None,
                f"{_DOCUMENT} est abîmée : sa somme de contrôle (CRC-32) ne correspond pas à son "
                "contenu ; enregistrez de nouveau le document depuis Word.",
            )
        ],
        [
            f"{_T}: word/document.xml: is damaged: its checksum (CRC-32) does not match its "
            "content; save the document again from Word"
        ],
    ),
    "patched-data-flag": Case(
        hostile.patched_data_flag,
        [
            (
                "unsupported-compression",
                None,
                None,
                "La partie « word/settings.xml » du fichier est compressée avec des « données "
                "corrigées » (patched data), que Word n'utilise pas : refusé.",
            )
        ],
        [
            f"{_T}: word/settings.xml: is compressed with patched data, which Word does not use "
            "(only stored and deflated): refused"
        ],
    ),
    "size-that-lies": Case(
        hostile.truncated_member,
        [
            (
                "damaged-part",
                None,
                None,
                f"{_DOCUMENT} est abîmée : elle contient 1 596 octets là où l'archive en annonce "
                "6 596 ; enregistrez de nouveau le document depuis Word.",
            )
        ],
        [
            f"{_T}: word/document.xml: is damaged: it holds 1596 bytes where the zip announces "
            "6596; save the document again from Word"
        ],
    ),
    "two-parts-with-one-name": Case(
        hostile.duplicate_member,
        [
            (
                "damaged-part",
                None,
                None,
                f"{_DOCUMENT} est abîmée : son nom est celui de deux parties de l'archive ; "
                "enregistrez de nouveau le document depuis Word.",
            )
        ],
        [
            f"{_T}: word/document.xml: is damaged: its name is given to two parts of the zip; "
            "save the document again from Word"
        ],
    ),
    "truncated-zip": Case(
        hostile.truncated_zip,
        [
            (
                "not-a-docx",
                None,
                None,
                "Le fichier n'est pas un document Word (.docx) : ce n'est pas une archive zip.",
            )
        ],
        [f"{_T}: is not a Word document (.docx): it is not a zip package"],
    ),
    "document-without-body": Case(
        hostile.document_without_body,
        [
            (
                "unexpected-root",
                None,
                None,
                f"{_DOCUMENT} est un élément w:document sans corps (w:body), que Word ne sait "
                "pas ouvrir.",
            )
        ],
        [
            f"{_T}: word/document.xml: is a w:document element without a body (w:body), which "
            "Word cannot open"
        ],
    ),
    "document-with-another-root": Case(
        hostile.document_with_other_root,
        [
            (
                "unexpected-root",
                None,
                None,
                f"{_DOCUMENT} devrait être un élément w:document mais est un élément w:ftr, que "
                "Word ne sait pas ouvrir.",
            )
        ],
        [
            f"{_T}: word/document.xml: should be a w:document element but is a w:ftr, which "
            "Word cannot open"
        ],
    ),
    "styles-not-xml": Case(
        hostile.styles_not_xml,
        [
            (
                "invalid-xml",
                None,
                None,
                "La partie « word/styles.xml » du fichier n'est pas du XML valide (ligne 1) ; "
                "enregistrez de nouveau le document depuis Word.",
            )
        ],
        [
            f"{_T}: word/styles.xml: is not well-formed XML (Namespace prefix w on styles is "
            "not defined, line 1, column 10); save the document again from Word"
        ],
    ),
    "settings-declared-as-another-type": Case(
        hostile.settings_of_another_type,
        [
            (
                "unexpected-root",
                None,
                None,
                "La partie « word/settings.xml » du fichier est désignée comme settings mais "
                "déclarée comme application/vnd.openxmlformats-officedocument.wordprocessingml."
                "glossary+xml, ce que Word ne sait pas ouvrir.",
            )
        ],
        [
            f"{_T}: word/settings.xml: is reached as settings but declared as "
            "application/vnd.openxmlformats-officedocument.wordprocessingml.glossary+xml, which "
            "Word cannot open"
        ],
    ),
    "relationship-without-target": Case(
        hostile.relationship_without_target,
        [
            (
                "unexpected-root",
                None,
                None,
                f"{_DOCUMENT_RELS} contient une relation sans son Id, son Type ou sa Target, que "
                "Word ne sait pas ouvrir.",
            )
        ],
        [
            f"{_T}: word/_rels/document.xml.rels: has a relationship without its Id, Type or "
            "Target, which Word cannot open"
        ],
    ),
    "content-types-with-another-root": Case(
        hostile.content_types_other_root,
        [
            (
                "unexpected-root",
                None,
                None,
                "La partie « [Content_Types].xml » du fichier devrait être un élément Types mais "
                "est un élément Nope, que Word ne sait pas ouvrir.",
            )
        ],
        [
            f"{_T}: [Content_Types].xml: should be a Types element but is a Nope, which Word "
            "cannot open"
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_template_file_is_refused_by_check_and_generate(
    tmp_path: Path, name: str
) -> None:
    case = CASES[name]
    result = attack(tmp_path, case.build())
    assert (result.check.code, result.findings()) == (3, case.french)
    assert (result.generate.code, result.generate.errors(result.folder)) == (3, case.english)
    assert "Traceback" not in result.check.stderr + result.generate.stderr
    assert result.written == []
    assert left_behind(tmp_path) == []


def test_every_attack_of_the_builders_is_tested() -> None:
    built = {case.build for case in CASES.values()}
    assert built == {build for build, _ in hostile.PACKAGE_ATTACKS.values()}


@pytest.mark.parametrize("name", list(hostile.PACKAGE_ATTACKS))
def test_the_library_names_the_same_code(name: str) -> None:
    build, code = hostile.PACKAGE_ATTACKS[name]
    assert code in {finding.code for finding in inspect_package(build())}


def test_an_8_gb_sparse_template_is_refused_without_being_read(tmp_path: Path) -> None:
    folder = template_folder(tmp_path, b"")
    with (folder / "ccap.docx").open("wb") as sparse:
        sparse.truncate(8 * 1024**3)  # a hole: no disk space used, nothing to read
    check = run("templates", "check", folder, "--json", cwd=tmp_path)
    assert check.code == 3
    assert [(f["code"], f["message"]) for f in json.loads(check.stdout)["findings"]] == [
        (
            "too-large",
            "Le fichier dépasse la taille admise pour un modèle (50 Mo, fixée par "
            "CLAUSEGEN_LIMIT_TEMPLATE_BYTES).",
        )
    ]
    out = tmp_path / "dossier"
    generate = run("generate", CONTRACT, "--templates", folder, "-o", out, cwd=tmp_path)
    assert generate.code == 3
    assert generate.errors(folder) == [
        "Error: <T>/ccap.docx: is too large (8192 MB; the limit is 50 MB, set by "
        "CLAUSEGEN_LIMIT_TEMPLATE_BYTES)"
    ]
    assert not out.exists()


def test_check_and_generate_read_each_template_once_through_the_input_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[tuple[str, str]] = []

    def counting(path: str | os.PathLike[str], *, limit: int, limit_name: str) -> bytes:
        reads.append((Path(path).name, limit_name))
        return inputs.read_input(path, limit=limit, limit_name=limit_name)

    monkeypatch.setattr(templates, "read_input", counting)
    monkeypatch.setattr(lint_check, "read_input", counting)
    folder = template_folder(tmp_path, hostile.base_template("{{ reference }}"))
    lint_check.check_templates(folder)
    assert reads == [("ccap.docx", "template_bytes")]
    reads.clear()
    contracts = [EXAMPLES / "lycee-jules-verne.yaml", EXAMPLES / "amenagement-bourg.yaml"]
    generate.render_run(contracts, tmp_path / "dossier", templates=folder)
    assert reads == [("ccap.docx", "template_bytes")]
