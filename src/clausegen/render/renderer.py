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

import contextlib
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from clausegen import limits
from clausegen.errors import TemplateError
from clausegen.i18n import _
from clausegen.render.budget import RenderLimitError, render_budget
from clausegen.render.compiled import compile_template, render_compiled
from clausegen.render.engine import check_well_formed, limit_reason, open_template
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
from clausegen.render.safety import check_package
from clausegen.render.sandbox import REFUSED_FILTERS, REFUSED_STATEMENTS, environment
from clausegen.render.templates import PreparedTemplate

__all__ = [
    "FIXED_DATE",
    "FIXED_TIMESTAMP",
    "REFUSED_FILTERS",
    "REFUSED_STATEMENTS",
    "DocumentProperties",
    "PreparedTemplate",
    "deterministic_zip",
    "environment",
    "limit_reason",
    "normalise_zip",
    "render_docx",
    "render_docx_uncompiled",
]
# NOTE: kept importable here for the tests of the strict XML check.
_check_well_formed = check_well_formed

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


def render_docx(
    template: bytes,
    context: Mapping[str, Any],
    *,
    name: str | Path,
    properties: DocumentProperties,
    update_fields: bool = False,
    prepared: PreparedTemplate | None = None,
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
        prepared: where the template is kept once compiled, for the next documents
            (:meth:`~clausegen.render.templates.TemplateSet.prepared`); a template given
            with it was checked when its set read it, and is not checked again. Without it,
            the template is checked and compiled for this document alone.

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
    if prepared is None:
        check_package(template, template=label)
        prepared = PreparedTemplate()
    with render_budget(limits.current()), _template_errors(label):
        if not prepared.compiled:
            prepared.compiled = (compile_template(template, label),)
        compiled = prepared.compiled[0]
        if compiled is None:
            return _render_uncompiled(
                template, dict(context), label, properties, update_fields=update_fields
            )
        return render_compiled(
            compiled, dict(context), properties=properties, update_fields=update_fields
        )


@contextlib.contextmanager
def _template_errors(label: str) -> Iterator[None]:
    """Turn what python-docx and the budget raise outside a part into TemplateErrors."""
    try:
        yield
    except _UNREADABLE as error:
        # NOTE: the template's own errors were turned into TemplateErrors part by part;
        # what python-docx raises here comes from a package it cannot make sense of.
        raise TemplateError(
            template=label, message=_("is not a Word document (.docx) that can be read")
        ) from error
    except RenderLimitError as error:
        # NOTE: the timer signal can also stop the render outside a part's template.
        raise TemplateError(
            template=label, message=error.message, reason=limit_reason(error)
        ) from None


def render_docx_uncompiled(
    template: bytes,
    context: Mapping[str, Any],
    *,
    name: str | Path,
    properties: DocumentProperties,
    update_fields: bool = False,
) -> bytes:
    """Render as :func:`render_docx` does, through docxtpl's full path: the reference.

    Every step runs again for this document (open, clean up, compile, render, serialise
    and compress every part); the bytes are those of :func:`render_docx`. Templates with
    footnotes always take this path; tests compare the two on every example.
    """
    label = str(name)
    check_package(template, template=label)
    with render_budget(limits.current()), _template_errors(label):
        return _render_uncompiled(
            template, dict(context), label, properties, update_fields=update_fields
        )


def _render_uncompiled(
    template: bytes,
    context: dict[str, Any],
    label: str,
    properties: DocumentProperties,
    *,
    update_fields: bool,
) -> bytes:
    document = open_template(template, label)
    document.render(context, jinja_env=environment(), autoescape=True)
    set_properties(document.docx.core_properties, properties)
    set_field_update(document.docx.settings.element, wanted=update_fields)
    return package(document.docx)
