"""Templates compiled once give the bytes of docxtpl's full path, and zips the bytes of zipfile.

The compiled path (:mod:`clausegen.render.compiled`) replaces, for every document, docxtpl's
opening, clean-up, compilation and reserialisation of the template; what a user receives
must not change by a byte. These tests compare it with the full path
(:func:`~clausegen.render.renderer.render_docx_uncompiled`) on every document of every
example, with templates built here (headers, footers, tables, a field update), and the zip
writer that copies members already compressed with :mod:`zipfile` itself.
"""

from __future__ import annotations

import io
import pickle
import random
import zipfile
from pathlib import Path

import pytest

from clausegen.present.context import document_context
from clausegen.render.documents import (
    document_properties,
    missing_requirement,
    prepare,
)
from clausegen.render.output import FIXED_TIMESTAMP, ZipMember, deterministic_zip, zip_members
from clausegen.render.renderer import (
    DocumentProperties,
    PreparedTemplate,
    render_docx,
    render_docx_uncompiled,
)
from clausegen.render.templates import load_template_set
from clausegen.resolve.loading import load_resolved
from tests.helpers import EXAMPLES
from tests.template_builders import make_template, rewrite

EXAMPLE_FILES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json"))
PROPERTIES = DocumentProperties(
    title="Titre", subject="Objet", author="Ville de Test", identifier="T-001-ccap"
)


def _zipfile_zip(members: dict[str, bytes]) -> bytes:
    """What clausegen wrote before it copied compressed members: zipfile, member by member."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, members[name])
    return output.getvalue()


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_document_of_every_example_has_the_bytes_of_the_full_docxtpl_path(
    example: Path,
) -> None:
    template_set = load_template_set()
    prepared = prepare(load_resolved(example), str(example))
    for entry in template_set.entries:
        if missing_requirement(prepared.contract, entry) is not None:
            continue
        properties = document_properties(prepared.contract, entry)
        context = document_context(prepared.context, entry)
        template = template_set.read(entry)
        cached = template_set.prepared(entry)
        first, again = (
            render_docx(
                template,
                context,
                name=entry.path,
                properties=properties,
                update_fields=entry.update_fields,
                prepared=cached,
            )
            for _ in range(2)
        )
        reference = render_docx_uncompiled(
            template,
            context,
            name=entry.path,
            properties=properties,
            update_fields=entry.update_fields,
        )
        assert cached.compiled
        assert first == again == reference


@pytest.mark.parametrize("update_fields", [False, True])
def test_a_template_with_header_footer_table_and_line_breaks_gives_the_same_bytes(
    update_fields: bool,
) -> None:
    template = make_template(
        ["Bonjour {{ nom }}", "{% for x in items %}{{ x }}{% endfor %}", "Fin"],
        header="En-tête {{ nom }}",
        footer="Pied {{ nom }}",
        table=[["A", "{{ nom }}"], ["{{ items|length }}", "D"]],
        after_table=["Après\tle tableau"],
    )
    context = {"nom": "Ville\nde Test & Co <1>", "items": ["un", "deux\ttrois"]}
    ours = render_docx(
        template, context, name="m.docx", properties=PROPERTIES, update_fields=update_fields
    )
    assert ours == render_docx_uncompiled(
        template, context, name="m.docx", properties=PROPERTIES, update_fields=update_fields
    )


def test_a_template_with_footnotes_keeps_the_full_docxtpl_path() -> None:
    template = make_template(["Texte {{ nom }}"])
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        types = source.read("[Content_Types].xml")
        relationships = source.read("word/_rels/document.xml.rels")
    footnotes = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:footnote w:id="1"><w:p><w:r><w:t>Note {{ nom }}</w:t></w:r></w:p></w:footnote>'
        b"</w:footnotes>"
    )
    override = (
        b'<Override PartName="/word/footnotes.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>'
    )
    relationship = (
        b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>'
    )
    template = rewrite(
        template,
        {
            "word/footnotes.xml": footnotes,
            "word/_rels/document.xml.rels": relationships.replace(
                b"</Relationships>", relationship
            ),
            "[Content_Types].xml": types.replace(b"</Types>", override),
        },
    )
    prepared = PreparedTemplate()
    ours = render_docx(
        template, {"nom": "X"}, name="m.docx", properties=PROPERTIES, prepared=prepared
    )
    assert prepared.compiled == (None,)
    assert ours == render_docx_uncompiled(
        template, {"nom": "X"}, name="m.docx", properties=PROPERTIES
    )
    assert b"Note X" in zipfile.ZipFile(io.BytesIO(ours)).read("word/footnotes.xml")


def test_a_prepared_template_crosses_to_another_process_empty() -> None:
    prepared = PreparedTemplate()
    render_docx(
        make_template(["{{ a }}"]),
        {"a": 1},
        name="m.docx",
        properties=PROPERTIES,
        prepared=prepared,
    )
    assert prepared.compiled
    assert pickle.loads(pickle.dumps(prepared)).compiled == ()  # noqa: S301 - our own bytes


def test_the_zip_writer_writes_the_bytes_of_zipfile() -> None:
    generator = random.Random(14)  # noqa: S311 - test data
    members = {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": bytes(generator.randrange(256) for _ in range(5000)),
        "word/styles.xml": b"<w:styles>" * 2000,
        "docProps/core.xml": b"",
        "customXml/\u00e9l\u00e9ment.xml": "é".encode() * 10,
    }
    assert deterministic_zip(members) == _zipfile_zip(members)
    copied = zip_members([ZipMember.of(name, data) for name, data in reversed(members.items())])
    assert copied == _zipfile_zip(members)
    with zipfile.ZipFile(io.BytesIO(copied)) as archive:
        assert archive.testzip() is None
        assert {name: archive.read(name) for name in archive.namelist()} == members
