"""A template prepared once and rendered for many contracts, to the same bytes as docxtpl.

Rendering a document with docxtpl opens the package, serialises the body, runs its XML
clean-up regexes, compiles the Jinja template of every part, renders them, reparses,
reserialises and recompresses every part, ~800 KB of styles included. Only the rendered
parts and the document properties change from one contract to the next, so a
:class:`CompiledTemplate` does the rest once per template:

* docxtpl's clean-up (``patch_xml``) of the body, headers and footers, and their Jinja
  templates compiled in the one sandboxed environment (:mod:`.sandbox`), whose bounds and
  budgets hold for every render as before;
* the document element without its body, into which each rendered body goes as docxtpl
  puts it (``map_tree``);
* every other part serialised as python-docx writes it and deflated once, then copied into
  each document's zip without recompression (:func:`~.output.zip_members`); the settings
  in their two forms (Word asked to refresh fields on opening or not).

Each render then runs only what depends on the contract, with docxtpl's own functions for
what it does to a rendered part (``resolve_listing``, ``fix_tables``, ``fix_docpr_ids``), so
the bytes are those of the full docxtpl path (:func:`~.renderer.render_docx_uncompiled`);
a test compares them for every example. A template with footnotes keeps the full path:
docxtpl renders footnotes once per section of the *rendered* body.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import jinja2
from docx.opc.constants import CONTENT_TYPE
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from lxml import etree

from clausegen.render.engine import jinja_source, open_template, render_part
from clausegen.render.output import (
    DocumentProperties,
    ZipMember,
    package_members,
    set_field_update,
    set_properties,
    zip_members,
)
from clausegen.render.sandbox import environment

_W_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"


@dataclass(frozen=True)
class _Part:
    """A part docxtpl renders (body, header, footer), prepared for Jinja once.

    Attributes:
        partname: its name in the package (``/word/header1.xml``).
        blob: its XML as the template holds it (to locate errors by paragraph).
        member: its name in the zip.
        source: its XML after docxtpl's clean-up (``patch_xml``).
        rich: whether it holds a rich-content tag (refused when rendered).
        template: its Jinja template, or None when it does not compile (it is then compiled
            again when rendered, to report the error where and as the full path does).
        encoding: how a header or footer is encoded once rendered.
    """

    partname: str
    blob: bytes
    member: str
    source: str
    rich: bool
    template: jinja2.Template | None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class CompiledTemplate:
    """A template prepared once (see the module docstring).

    Attributes:
        label: how messages name the template.
        body: the body part.
        others: the headers, then the footers, in docxtpl's order.
        skeleton: the document element with an empty body.
        core_member: the zip name of the document properties.
        core: the document properties part as the template holds it.
        settings: the settings part, deflated, without and with ``w:updateFields``.
        static: every other member, deflated once.
    """

    label: str
    body: _Part
    others: tuple[_Part, ...]
    skeleton: Any
    core_member: str
    core: bytes
    settings: tuple[ZipMember, ZipMember]
    static: tuple[ZipMember, ...]


def _compile(source: str) -> jinja2.Template | None:
    try:
        return environment().from_string(jinja_source(source))
    except Exception:
        return None


def _prepare_part(document: Any, part: Any, xml: str) -> _Part:
    source = document.patch_xml(xml)
    return _Part(
        partname=str(part.partname),
        blob=part.blob,
        member=part.partname.membername,
        source=source,
        rich=document.rich_text_tag,
        template=_compile(source),
        encoding=document.get_headers_footers_encoding(xml),
    )


def compile_template(template: bytes, label: str) -> CompiledTemplate | None:
    """Prepare a template once; None for a template that keeps docxtpl's full path.

    Raises:
        What opening the package raises (see :func:`~.engine.open_template`).
    """
    document = open_template(template, label)
    docx = document.docx
    package = docx.part.package
    if any(part.content_type == CONTENT_TYPE.WML_FOOTNOTES for part in package.parts):
        return None
    docx.core_properties  # noqa: B018 - python-docx adds the part when the template has none
    settings = docx.settings.element
    body = _prepare_part(document, docx.part, document.get_xml())
    others = tuple(
        _prepare_part(document, part, document.get_part_xml(part))
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
        for _, part in document.get_headers_footers(uri)
    )
    skeleton = copy.deepcopy(docx.element)
    skeleton.replace(skeleton.find(_W_BODY), etree.Element(_W_BODY))
    members = package_members(docx)
    core_member = docx.part.package._core_properties_part.partname.membername
    settings_member = docx.part._settings_part.partname.membername
    variants = []
    for wanted in (False, True):
        set_field_update(settings, wanted=wanted)
        variants.append(ZipMember.of(settings_member, serialize_part_xml(settings)))
    rendered = {body.member, core_member, settings_member, *(part.member for part in others)}
    return CompiledTemplate(
        label=label,
        body=body,
        others=others,
        skeleton=skeleton,
        core_member=core_member,
        core=members[core_member],
        settings=(variants[0], variants[1]),
        static=tuple(ZipMember.of(n, data) for n, data in members.items() if n not in rendered),
    )


def render_compiled(
    compiled: CompiledTemplate,
    context: dict[str, Any],
    *,
    properties: DocumentProperties,
    update_fields: bool,
) -> bytes:
    """Render a compiled template with a context; return the bytes of the .docx.

    Runs under the budget the caller opened; raises what :func:`~.engine.render_part`
    raises.
    """
    env = environment()
    label = compiled.label
    members = [*compiled.static, compiled.settings[update_fields]]
    body = compiled.body
    xml = render_part(
        label, body.source, body, context, env, rich=body.rich, template=body.template
    )
    helper: Any = DocxTemplate.__new__(DocxTemplate)
    helper.docx_ids_index = 1000  # NOTE: what docxtpl's render_init starts from
    tree = helper.fix_tables(xml)
    del xml  # NOTE: the part's text is not needed once parsed: not held while serialised
    helper.fix_docpr_ids(tree)
    root = copy.deepcopy(compiled.skeleton)
    root.replace(root.find(_W_BODY), tree)
    members.append(ZipMember.of(body.member, serialize_part_xml(root)))
    for part in compiled.others:
        xml = render_part(
            label, part.source, part, context, env, rich=part.rich, template=part.template
        )
        element = parse_xml(xml.encode(part.encoding))
        members.append(ZipMember.of(part.member, serialize_part_xml(element)))
    core: Any = parse_xml(compiled.core)
    set_properties(CoreProperties(core), properties)
    members.append(ZipMember.of(compiled.core_member, serialize_part_xml(core)))
    return zip_members(members)
