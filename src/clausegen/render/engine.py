"""docxtpl under clausegen's hooks: one part rendered, checked and its errors located.

Used by both ways a document is rendered (:mod:`.renderer`): the full docxtpl path, through
:class:`ClausegenDocxTemplate`, and a template compiled once (:mod:`.compiled`), through
:func:`render_part`. See :mod:`.renderer` for what the hooks guarantee.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO, Any, Protocol

import jinja2
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from lxml import etree

from clausegen.errors import TemplateError
from clausegen.i18n import _
from clausegen.render.budget import RenderLimitError, tick
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
from clausegen.render.safety import UnsafeTemplateError, finding_of
from clausegen.render.sandbox import JOIN_EVERY
from clausegen.render.typography import space_punctuation

_TAG_TEXT = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
# docxtpl's rich-content tags: they expect prepared Word XML, and drop a plain text value.
RICH_TEXT_TAG = re.compile(r"\{\{(?:p|r|tr|tc) ")
_PARAGRAPH = re.compile(r"<w:p([ >])")
_NEW_PARAGRAPH = re.compile(r"\n<w:p([ >])")


class ClausegenDocxTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl is untyped
    """docxtpl with clausegen's two hooks.

    Every XML part is rendered with located errors and checked strictly; document properties
    are left alone (clausegen sets them).
    """

    def __init__(self, source: IO[bytes], *, template: str) -> None:
        super().__init__(source)
        self._template = template
        self._rich_text_tag = False

    @property
    def rich_text_tag(self) -> bool:
        """Whether the part last prepared (:meth:`patch_xml`) holds a rich-content tag."""
        return self._rich_text_tag

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
        """Render one part (body, header, footer, footnotes) and check it: :func:`render_part`."""
        self.current_rendering_part = part
        return render_part(
            self._template, src_xml, part, context, jinja_env, rich=self._rich_text_tag
        )

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        """Leave the properties alone: rendering them would escape values twice (A7)."""


# NOTE: docxtpl's resolve_listing (tabs, line breaks and page breaks in printed values) uses
# nothing of its instance; one bare instance serves every part.
_LISTING: Any = DocxTemplate.__new__(DocxTemplate)


class PartLike(Protocol):
    """What rendering a part needs of it: its name in the package and its template bytes."""

    @property
    def partname(self) -> str:
        """The part's name in the package, e.g. ``/word/document.xml``."""

    @property
    def blob(self) -> bytes:
        """The part's XML as the template holds it (to locate errors by paragraph)."""


def jinja_source(src_xml: str) -> str:
    """Return the Jinja source of a patched part: a line per paragraph, as docxtpl renders it."""
    return _PARAGRAPH.sub(r"\n<w:p\1", src_xml)


def render_part(
    label: str,
    src_xml: str,
    part: PartLike,
    context: dict[str, Any],
    jinja_env: Any,
    *,
    rich: bool,
    template: jinja2.Template | None = None,
) -> str:
    """Render one part (body, header, footer, footnotes) and check its XML strictly.

    Args:
        label: how messages name the template.
        src_xml: the part's XML prepared for Jinja (docxtpl's ``patch_xml``).
        part: the part, for its name and, on an error, its paragraphs.
        context: the template context.
        jinja_env: the sandboxed environment.
        rich: whether the part holds a rich-content tag (refused).
        template: the part's template, compiled once from :func:`jinja_source`; compiled
            here when None.

    Raises:
        TemplateError: for any error of the template's own code, located; for a budget
            or bound exceeded (see :func:`limit_reason`); and when the rendered
            XML is not well formed, before docxtpl would silently repair it.
    """
    name = part_name(str(part.partname))
    if rich:
        raise _rich_text_error(label, part, name)
    try:
        xml = _stream(src_xml, context, jinja_env, template)
    except Exception as error:
        line = template_line(error) or getattr(error, "line", None)
        if line is None and not isinstance(
            error, jinja2.TemplateError | RenderLimitError | MemoryError
        ):
            raise  # not the template's doing: a bug, shown with its traceback
        raise _located(label, error, src_xml, part, name, line) from None
    xml = space_punctuation(xml)
    root = check_well_formed(xml, template=label, part=name)
    # NOTE: only the parts docxtpl renders can change; the others were checked in the
    # template file. Tags must not build what the file itself may not hold.
    refused = content_refusals(str(part.partname).lstrip("/"), root)
    if refused:
        raise UnsafeTemplateError(
            template=label, findings=[finding_of(r) for r in refused], rendered=True
        )
    return xml


def _stream(
    src_xml: str, context: dict[str, Any], jinja_env: Any, template: jinja2.Template | None
) -> str:
    """Render a part as docxtpl's ``render_xml_part`` does, counting the output.

    The output is produced piece by piece (``Template.generate``) and counted against
    the document's output budget, so that a template that floods stops at the budget
    instead of filling the memory.
    """
    # NOTE: the steps of docxtpl 0.20 DocxTemplate.render_xml_part, with generate().
    if template is None:
        template = jinja_env.from_string(jinja_source(src_xml))
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
    blocks.append("".join(pieces))
    pieces.clear()
    joined = "".join(blocks)
    blocks.clear()  # NOTE: one copy of a large part held at a time, not three
    dst_xml = _NEW_PARAGRAPH.sub(r"<w:p\1", joined)
    del joined
    dst_xml = (
        dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    )
    return str(_LISTING.resolve_listing(dst_xml))


def _rich_text_error(label: str, part: PartLike, name: str) -> TemplateError:
    paragraphs = paragraphs_of(part.blob)
    number, paragraph = next(
        ((n, p) for n, p in enumerate(paragraphs, 1) if RICH_TEXT_TAG.search(p.text)),
        (None, None),
    )
    return TemplateError(
        template=label,
        message=_(
            "{{p …}} and {{r …}} insert prepared Word content, which clausegen's values are "
            "not: the value would be lost; write {{ … }}"
        ),
        part=name,
        paragraph=number,
        excerpt=shorten(paragraph.text) if paragraph else None,
        table=paragraph.table if paragraph else None,
        row=paragraph.row if paragraph else None,
        reason="rich-text",
    )


def _located(
    label: str, error: Exception, src_xml: str, part: PartLike, name: str, line: int | None
) -> TemplateError:
    message = str(getattr(error, "message", None) or error).rstrip(".")
    # NOTE: docxtpl renders the part with a line break before every paragraph.
    source = jinja_source(src_xml).split("\n")
    location = (
        locate_line(source, line, paragraphs_of(part.blob), message) if line is not None else None
    )
    variable = location.variable if location else None
    if not isinstance(error, jinja2.TemplateError | RenderLimitError | MemoryError):
        message = f"{type(error).__name__}: {message}"
    text, reason = _wording(error, message, variable)
    return TemplateError(
        template=label,
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


def _wording(error: Exception, message: str, variable: str | None) -> tuple[str, str]:
    """Return what to tell users about an error of a template, and its reason."""
    if isinstance(error, jinja2.UndefinedError):
        text = (
            _("undefined variable {name}").format(name=repr(variable))
            if variable
            else _("undefined: {detail}").format(detail=message)
        )
        return text, "undefined"
    if isinstance(error, RenderLimitError):
        return error.message, limit_reason(error)
    if isinstance(error, MemoryError):
        return _("the template needs more memory than the machine has"), "limit"
    if isinstance(error, SecurityError):
        return _("refused by the sandbox: {detail}").format(detail=message), "sandbox"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return _("Jinja syntax error: {detail}").format(detail=message), "syntax"
    if isinstance(error, jinja2.TemplateError):
        return _("Jinja error: {detail}").format(detail=message), "jinja"
    return _("an expression failed: {detail}").format(detail=message), "expression"


def _suspended_line(stream: Iterator[str], template: jinja2.Template) -> int | None:
    """Return the template line a suspended render stands at (to locate a budget error)."""
    generator: Any = stream
    while getattr(generator, "gi_yieldfrom", None) is not None:
        generator = generator.gi_yieldfrom
    frame = getattr(generator, "gi_frame", None)
    if frame is None or frame.f_code.co_filename != "<template>":
        return None
    return int(template.get_corresponding_lineno(frame.f_lineno))


def check_well_formed(xml: str, *, template: str, part: str) -> etree._Element:
    """Parse a rendered part strictly; a located TemplateError when it is not well formed."""
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
            message=_(
                "the rendered document is not well-formed XML ({detail}); a tag probably opens "
                "in one paragraph, row or table and closes in another: use {{%p %}} or {{%tr %}} "
                "tags on paragraphs and rows of their own"
            ).format(detail=error.msg),
            part=part,
            paragraph=location.paragraph,
            excerpt=location.excerpt or None,
            reason="xml",
            detail=str(error.msg),
        ) from None


def limit_reason(error: RenderLimitError) -> str:
    """Return the reason of a render stopped by a limit (:attr:`TemplateError.reason`).

    ``time-budget`` and ``output-budget`` for the budgets of the whole document, ``limit``
    for a value the sandbox refused to compute.
    """
    return {"render_seconds": "time-budget", "render_output_bytes": "output-budget"}.get(
        error.budget or "", "limit"
    )


def open_template(template: bytes, label: str) -> ClausegenDocxTemplate:
    """Open a template with docxtpl (python-docx reads the package)."""
    document = ClausegenDocxTemplate(io.BytesIO(template), template=label)
    document.init_docx()
    return document
