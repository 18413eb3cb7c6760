"""The one renderer: docxtpl under a sandboxed, strict, always-escaping, bounded Jinja.

A template is code written by legal staff, and its output is a contract document: nothing
may be lost, changed or run behind their back. So, over docxtpl (see
``../shared/research/docassembly.md``):

* one environment (:mod:`.sandbox`): ``StrictUndefined``, autoescape that a template cannot
  switch off, ``__class__.__mro__``-style walks refused, no loader, import, include,
  extends or macros, and every operation that could exhaust the machine bounded;
* every document is rendered under a time and output budget (:mod:`.budget`), set by
  whoever runs clausegen: the output is streamed and counted, never built whole first;
* the template file is checked as untrusted input first (:mod:`.safety`), and so is the
  document produced, so that no tag can build a field that fetches something;
* every printed value goes through :func:`~.sandbox.finalize`, which removes what XML
  forbids and writes ``_`` as a character reference, so that docxtpl's rewriting of
  ``{_{``, ``}_}``, ``{_%`` and ``%_}`` (its escapes for literal tags) cannot change a value;
* a narrow hook on docxtpl's ``render_xml_part`` turns every error into a
  :class:`~clausegen.errors.TemplateError` located by template, part, paragraph and excerpt,
  and parses the rendered XML of every part strictly before docxtpl's recovering parse
  (which would otherwise drop the rest of a paragraph without a word);
* docxtpl does not render the document properties; clausegen sets them from the contract,
  asks Word to refresh fields on opening only when the manifest says so, and writes a
  byte-stable zip (:mod:`.output`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Generator, Mapping
from pathlib import Path
from typing import IO, Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from lxml import etree

from clausegen import limits
from clausegen.errors import TemplateError
from clausegen.render.budget import RenderLimitError, render_budget, tick
from clausegen.render.budget import current as current_budget
from clausegen.render.hazards import content_refusals
from clausegen.render.locate import (
    XML_TAG,
    locate_line,
    locate_offset,
    paragraphs_of,
    part_name,
    shorten,
    template_line,
)
from clausegen.render.output import (
    FIXED_DATE,
    FIXED_TIMESTAMP,
    DocumentProperties,
    deterministic_zip,
    normalise_zip,
    package,
    set_field_update,
    set_properties,
)
from clausegen.render.safety import UnsafeTemplateError, check_package, finding_of
from clausegen.render.sandbox import (
    JOIN_EVERY,
    REFUSED_FILTERS,
    REFUSED_STATEMENTS,
    environment,
)
from clausegen.render.typography import space_punctuation

__all__ = [
    "FIXED_DATE",
    "FIXED_TIMESTAMP",
    "REFUSED_FILTERS",
    "REFUSED_STATEMENTS",
    "DocumentProperties",
    "deterministic_zip",
    "environment",
    "normalise_zip",
    "render_docx",
]

# What python-docx and docxtpl raise on a package they cannot make sense of.
_UNREADABLE = (
    PackageNotFoundError,
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    AttributeError,
    TypeError,
    etree.XMLSyntaxError,
)
_TAG_TEXT = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# docxtpl's rich-content tags: they expect prepared Word XML, and drop a plain text value.
RICH_TEXT_TAG = re.compile(r"\{\{(?:p|r|tr|tc) ")


class _ClausegenDocxTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl is untyped
    """docxtpl with clausegen's two hooks.

    Every XML part is rendered with located errors and checked strictly; document properties
    are left alone (clausegen sets them).
    """

    def __init__(self, source: IO[bytes], *, template: str) -> None:
        super().__init__(source)
        self._template = template
        self._rich_text_tag = False

    def patch_xml(self, src_xml: str) -> str:
        """Prepare a part's XML for Jinja, as docxtpl does, and unescape ``&`` inside tags.

        A tag is Jinja code stored as XML text, so an ``&`` typed in it (``join(" & ")``)
        arrives as ``&amp;``; docxtpl unescapes ``<`` and ``>`` there but not ``&``. A
        rich-content tag (``{{r …}}``, ``{{p …}}``) is noted here, before docxtpl rewrites it
        out of sight, and refused when the part is rendered.
        """
        self._rich_text_tag = RICH_TEXT_TAG.search(XML_TAG.sub("", src_xml)) is not None
        xml: str = super().patch_xml(src_xml)
        return _TAG_TEXT.sub(lambda match: match.group(0).replace("&amp;", "&"), xml)

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> str:
        """Render one part (body, header, footer, footnotes) and check its XML strictly.

        Raises:
            TemplateError: for any error of the template's own code, located; for a budget
                or bound exceeded (see :func:`limit_reason`); and when the rendered
                XML is not well formed, before docxtpl would silently repair it.
        """
        name = part_name(str(part.partname))
        if self._rich_text_tag:
            raise self._rich_text_error(part, name)
        try:
            xml = self._stream(src_xml, part, context, jinja_env)
        except Exception as error:
            line = template_line(error) or getattr(error, "line", None)
            if line is None and not isinstance(
                error, jinja2.TemplateError | RenderLimitError | MemoryError
            ):
                raise  # not the template's doing: a bug, shown with its traceback
            raise self._located(error, src_xml, part, name, line) from None
        xml = space_punctuation(xml)
        root = _check_well_formed(xml, template=self._template, part=name)
        # NOTE: only the parts docxtpl renders can change; the others were checked in the
        # template file. Tags must not build what the file itself may not hold.
        refused = content_refusals(str(part.partname).lstrip("/"), root)
        if refused:
            raise UnsafeTemplateError(
                template=self._template, findings=[finding_of(r) for r in refused], rendered=True
            )
        return xml

    def _stream(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any) -> str:
        """Render a part as docxtpl's ``render_xml_part`` does, counting the output.

        The output is produced piece by piece (``Template.generate``) and counted against
        the document's output budget, so that a template that floods stops at the budget
        instead of filling the memory.
        """
        # NOTE: the steps of docxtpl 0.20 DocxTemplate.render_xml_part, with generate().
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        template = jinja_env.from_string(src_xml)
        pieces: list[str] = []
        blocks: list[str] = []
        budget = current_budget()
        stream = template.generate(context)
        try:
            for piece in stream:
                if budget is not None:
                    budget.add_output(len(piece.encode("utf-8")))
                    tick()
                pieces.append(piece)
                if len(pieces) >= JOIN_EVERY:  # a Python object per tiny piece adds up
                    blocks.append("".join(pieces))
                    pieces.clear()
        except RenderLimitError as error:
            error.line = error.line or _suspended_line(stream, template)
            raise
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", "".join(blocks) + "".join(pieces))
        dst_xml = (
            dst_xml.replace("{_{", "{{")
            .replace("}_}", "}}")
            .replace("{_%", "{%")
            .replace("%_}", "%}")
        )
        return str(self.resolve_listing(dst_xml))

    def _rich_text_error(self, part: Any, name: str) -> TemplateError:
        paragraphs = paragraphs_of(part.blob)
        number, paragraph = next(
            ((n, p) for n, p in enumerate(paragraphs, 1) if RICH_TEXT_TAG.search(p.text)),
            (None, None),
        )
        return TemplateError(
            template=self._template,
            message="{{p …}} and {{r …}} insert prepared Word content, which clausegen's "
            "values are not: the value would be lost; write {{ … }}",
            part=name,
            paragraph=number,
            excerpt=shorten(paragraph.text) if paragraph else None,
            table=paragraph.table if paragraph else None,
            row=paragraph.row if paragraph else None,
            reason="rich-text",
        )

    def _located(
        self, error: Exception, src_xml: str, part: Any, name: str, line: int | None
    ) -> TemplateError:
        message = str(getattr(error, "message", None) or error).rstrip(".")
        # NOTE: docxtpl renders the part with a line break before every paragraph.
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml).split("\n")
        location = (
            locate_line(source, line, paragraphs_of(part.blob), message)
            if line is not None
            else None
        )
        variable = location.variable if location else None
        if isinstance(error, jinja2.UndefinedError):
            text = f"undefined variable {variable!r}" if variable else f"undefined: {message}"
            reason = "undefined"
        elif isinstance(error, RenderLimitError):
            text, reason = error.message, limit_reason(error)
        elif isinstance(error, MemoryError):
            text, reason = "the template needs more memory than the machine has", "limit"
        elif isinstance(error, SecurityError):
            text, reason = f"refused by the sandbox: {message}", "sandbox"
        elif isinstance(error, jinja2.TemplateSyntaxError):
            text, reason = f"Jinja syntax error: {message}", "syntax"
        elif isinstance(error, jinja2.TemplateError):
            text, reason = f"Jinja error: {message}", "jinja"
        else:
            message = f"{type(error).__name__}: {message}"
            text, reason = f"an expression failed: {message}", "expression"
        return TemplateError(
            template=self._template,
            message=text,
            part=name,
            paragraph=location.paragraph if location else None,
            excerpt=(location.excerpt or None) if location else None,
            variable=variable,
            table=location.table if location else None,
            row=location.row if location else None,
            reason=reason,
            detail=message,
        )

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        """Leave the properties alone: rendering them would escape values twice (A7)."""


def _suspended_line(stream: Generator[str, None, None], template: jinja2.Template) -> int | None:
    """Return the template line a suspended render stands at (to locate a budget error)."""
    generator: Any = stream
    while getattr(generator, "gi_yieldfrom", None) is not None:
        generator = generator.gi_yieldfrom
    frame = getattr(generator, "gi_frame", None)
    if frame is None or frame.f_code.co_filename != "<template>":
        return None
    return int(template.get_corresponding_lineno(frame.f_lineno))


def _check_well_formed(xml: str, *, template: str, part: str) -> etree._Element:
    data = xml.encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        lines = data.split(b"\n")
        offset = sum(len(x) + 1 for x in lines[: max(line - 1, 0)]) + max(column - 1, 0)
        location = locate_offset(xml, len(data[:offset].decode("utf-8", "ignore")))
        raise TemplateError(
            template=template,
            message="the rendered document is not well-formed XML "
            f"({error.msg}); a tag probably opens in one paragraph, row or table and closes "
            "in another: use {%p %} or {%tr %} tags on paragraphs and rows of their own",
            part=part,
            paragraph=location.paragraph,
            excerpt=location.excerpt or None,
            reason="xml",
            detail=str(error.msg),
        ) from None


def render_docx(
    template: bytes,
    context: Mapping[str, Any],
    *,
    name: str | Path,
    properties: DocumentProperties,
    update_fields: bool = False,
) -> bytes:
    """Render a Word template with a context; return the bytes of the .docx.

    The render runs under the time and output budgets of :func:`clausegen.limits.current`.

    Args:
        template: the template's bytes.
        context: the plain dict of :func:`clausegen.present.context.build_context`.
        name: how error messages name the template (its path).
        properties: the document properties to set.
        update_fields: ask Word to refresh the document's fields when it opens it
            (``update_fields: true`` in the manifest); otherwise any such request the
            template holds is removed.

    Returns:
        The document, byte-identical for the same template, context and properties.

    Raises:
        UnsafeTemplateError: (a TemplateError) when the file is refused as untrusted input
            (zip limits, damaged or encrypted parts, DOCTYPE, macros, active content,
            external relationships, fields that fetch), or when the document produced would
            hold such content (a field built by the template's tags).
        TemplateError: when the file is not a Word document or the template fails, or goes
            beyond its time or output budget or a bound of the sandbox (its reason is then
            ``time-budget``, ``output-budget`` or ``limit``).
    """
    label = str(name)
    check_package(template, template=label)
    with render_budget(limits.current()):
        try:
            document = _open(template, label)
            document.render(dict(context), jinja_env=environment(), autoescape=True)
            set_properties(document.docx.core_properties, properties)
            set_field_update(document.docx.settings.element, wanted=update_fields)
            return package(document.docx)
        except _UNREADABLE as error:
            # NOTE: the template's own errors were turned into TemplateErrors part by part;
            # what python-docx raises here comes from a package it cannot make sense of.
            raise TemplateError(
                template=label, message="is not a Word document (.docx) that can be read"
            ) from error
        except RenderLimitError as error:
            # NOTE: the timer signal can also stop the render outside a part's template.
            raise TemplateError(
                template=label, message=error.message, reason=limit_reason(error)
            ) from None


def limit_reason(error: RenderLimitError) -> str:
    """Return the reason of a render stopped by a limit (:attr:`TemplateError.reason`).

    ``time-budget`` and ``output-budget`` for the budgets of the whole document, ``limit``
    for a value the sandbox refused to compute.
    """
    return {"render_seconds": "time-budget", "render_output_bytes": "output-budget"}.get(
        error.budget or "", "limit"
    )


def _open(template: bytes, label: str) -> _ClausegenDocxTemplate:
    document = _ClausegenDocxTemplate(io.BytesIO(template), template=label)
    document.init_docx()
    return document
