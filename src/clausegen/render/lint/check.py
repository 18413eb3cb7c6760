"""Check a template set the way legal staff need it: every problem at once, located.

:func:`check_templates` runs, for a folder of templates:

1. its manifest: ``templates.yaml`` present and valid (each problem with its line), every
   file it names present, every .docx of the folder named (lock files ignored);
2. each template file as untrusted input, read once within its size limit
   (:mod:`clausegen.render.safety`: zip limits, damaged parts, DOCTYPE, macros, active
   content, external relationships, fields that fetch);
3. each template's tags, paragraph by paragraph (:mod:`.paragraphs`, :mod:`.pitfalls`:
   half-typed tags, docxtpl's pitfalls) and their Jinja (:mod:`.statements`, :mod:`.names`:
   syntax, blocks, names against the vocabulary, filters, what the sandbox refuses);
4. a test render of every template without errors against every example contract
   (:func:`~clausegen.render.templates.examples_dir`, or the contracts given), with the
   renderer's located errors reported as findings (:mod:`.trial`).

A broken tag never hides the others: every tag is checked on its own and every template is
checked whatever the others hold. Only the test render waits for a template to be free of
errors, since it would only repeat them less clearly.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from clausegen import limits
from clausegen.compute.hours import compute
from clausegen.errors import ClausegenError, TemplateError
from clausegen.i18n import _, speaking
from clausegen.inputs import InputRefusal, read_input
from clausegen.limits import Limits, describe_size
from clausegen.present.vocabulary import VOCABULARY, Variable
from clausegen.render.lint.catalogue import CODES
from clausegen.render.lint.findings import Finding, Severity, finding, quoted, visible
from clausegen.render.lint.manifest import manifest_finding
from clausegen.render.lint.paragraphs import Reporter, Spot, Tag, read_parts, scan
from clausegen.render.lint.pitfalls import check_pitfalls
from clausegen.render.lint.severity import NAMES, STATEMENTS, TAGS
from clausegen.render.lint.statements import check_statements
from clausegen.render.lint.suggestions import fix_of
from clausegen.render.lint.trial import TrialContract, package_finding, trial_render
from clausegen.render.renderer import environment
from clausegen.render.safety import inspect_package
from clausegen.render.templates import default_dir, examples_dir
from clausegen.resolve.loading import ContractSource, load_resolved
from clausegen.review.charter import charter_review
from clausegen.validate.manifest import MANIFEST, TemplateEntry, is_lock_file, read_manifest

_PART_RANK = {"body": 0, "header": 1, "footer": 2, "footnotes": 3}


@dataclass(frozen=True)
class TemplateCheck:
    """The result of checking a template set.

    Attributes:
        directory: the folder checked.
        templates: the template files checked, in manifest order.
        rendered: the templates that were test-rendered (those without errors).
        contracts: the contracts every template was test-rendered with (file names).
        findings: every problem, manifest first, then template by template.
        ids: the manifest id of each template file that has one.
    """

    directory: Path
    templates: tuple[str, ...]
    rendered: tuple[str, ...]
    contracts: tuple[str, ...]
    findings: tuple[Finding, ...]
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        """The findings that make the check fail."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """The findings that do not make the check fail."""
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """Whether the set has no error (warnings are allowed)."""
        return not self.errors


def example_contracts() -> list[Path]:
    """Return clausegen's example contract descriptions, which every template is tried with.

    Raises:
        TemplateError: when the installation has lost them.
    """
    folder = examples_dir()
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


def lint_template(
    data: bytes,
    *,
    name: str,
    template_id: str | None = None,
    vocabulary: Variable = VOCABULARY,
) -> list[Finding]:
    """Check one template file without rendering it; return its findings in document order.

    Args:
        data: the .docx file's bytes (untrusted).
        name: how findings name the template (its file name).
        template_id: its id in the manifest, if it has one.
        vocabulary: the names templates may use.
    """
    refusals = inspect_package(data)
    if refusals:
        return [package_finding(refusal, name, template_id) for refusal in refusals]
    reporter = Reporter(name, template_id)
    try:
        parts = read_parts(data)
    except etree.XMLSyntaxError as error:
        reporter.add(
            "not-a-docx",
            _("The file is damaged: one of its parts is not valid XML ({detail}).").format(
                detail=error.msg
            ),
            suggestion=fix_of("not-a-docx"),
        )
        return reporter.findings
    by_spot: dict[Spot, list[Tag]] = {}
    tags_by_part: list[list[Tag]] = []
    for spots in parts:
        tags: list[Tag] = []
        for spot in spots:
            by_spot[spot] = scan(spot, reporter)
            tags.extend(by_spot[spot])
        check_pitfalls(spots, tags, reporter)
        tags_by_part.append(tags)
    check_statements(tags_by_part, by_spot, reporter, vocabulary=vocabulary, env=environment())
    return _ordered(reporter.findings)


#: The families of findings about the text of templates (tags, statements, names).
_TEXT_GROUPS = frozenset({TAGS, STATEMENTS, NAMES})


def template_faults(data: bytes, entry: TemplateEntry) -> list[TemplateError]:
    """Return the errors the check finds in the text of a template, worded as it words them.

    ``generate`` calls it for every template it is about to use, so that a problem in the text
    of a template (a tag, a statement, a name) is reported located and in the language of
    messages, every one at once, as ``clausegen templates check`` reports it, rather than as
    the first error of a render. Nothing is returned when no error is about the text: the
    render itself reports what only it can find.

    Args:
        data: the template's bytes, already read and accepted by the set.
        entry: the template's entry in its manifest.
    """
    errors = [
        item
        for item in lint_template(data, name=entry.file, template_id=entry.id)
        if item.severity is Severity.ERROR
    ]
    if not any(CODES[item.code].group in _TEXT_GROUPS for item in errors):
        return []
    return [_as_error(entry.path, item) for item in errors]


def _as_error(path: Path, item: Finding) -> TemplateError:
    """Turn a finding into a template error: the check's code, message, text and suggestion."""
    message = f"{item.code}: {item.message}"
    if item.excerpt:
        message += " " + _('Text: "{excerpt}"').format(excerpt=item.excerpt)
    if item.suggestion:
        message += " " + _("Suggestion: {suggestion}").format(suggestion=item.suggestion)
    return TemplateError(
        template=path,
        message=message,
        part=item.part,
        paragraph=item.paragraph,
        table=item.table,
        row=item.row,
        reason=item.code,
    )


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Sort findings by place; drop the warnings of a paragraph that has an error.

    A warning about a paragraph whose tag must be rewritten anyway (a blank line left by a
    broken ``{% if %}``) would only add noise; it comes back, if still true, once fixed.
    """
    failing = {(f.part, f.paragraph) for f in findings if f.severity is Severity.ERROR}
    kept = [
        f
        for f in findings
        if f.severity is Severity.ERROR
        or f.paragraph is None
        or (f.part, f.paragraph) not in failing
    ]
    unique = list(dict.fromkeys(kept))
    return sorted(unique, key=lambda f: (_part_rank(f.part), f.paragraph or 0))


def _part_rank(part: str | None) -> tuple[int, str]:
    if part is None:
        return (-1, "")
    return (_PART_RANK.get(part.split(" ")[0], 4), part)


def check_templates(
    directory: str | os.PathLike[str] | None = None,
    *,
    contracts: Sequence[ContractSource] | None = None,
    render: bool = True,
    vocabulary: Variable = VOCABULARY,
) -> TemplateCheck:
    """Check a template set: manifest, files, tags, names, then a test render of each template.

    Args:
        directory: the template folder; clausegen's own set when None.
        contracts: the contracts to test-render every template with; clausegen's example
            contracts when None (see :func:`example_contracts`).
        render: whether to test-render at all (the static checks alone are much faster).
        vocabulary: the names templates may use.

    Returns:
        Every finding; :attr:`TemplateCheck.ok` says whether there is no error.

    Raises:
        TemplateError: when ``directory`` is not a folder, or clausegen's own templates or
            examples are missing from the installation.
        ContractError: when a contract given to test-render with is invalid.
    """
    folder = Path(directory) if directory is not None else default_dir()
    if not folder.is_dir():
        raise TemplateError(template=folder, message=_("is not a folder of templates"))
    with speaking("en"):
        # NOTE: the problems are classified by their English wording (render/lint/manifest.py)
        # and worded again in the language of messages; their details stay English.
        reading = read_manifest(folder)
    findings = [manifest_finding(problem) for problem in reading.problems]
    files = _files_to_check(folder, [e.file for e in reading.entries], reading.named)
    if reading.named or reading.entries:
        findings += _unlisted(folder, reading.named)
    entries = {entry.file: entry for entry in reading.entries}
    loaded = _load_contracts(contracts) if render else []
    rendered: list[str] = []
    for file in files:
        entry = entries.get(file)
        template_id = entry.id if entry else None
        data = _read_template(folder / file, file, template_id)
        if isinstance(data, Finding):
            findings.append(data)
            continue
        static = lint_template(data, name=file, template_id=template_id, vocabulary=vocabulary)
        findings.extend(static)
        if render and not any(f.severity is Severity.ERROR for f in static):
            findings.extend(trial_render(data, folder / file, entry, loaded))
            rendered.append(file)
    return TemplateCheck(
        directory=folder,
        templates=tuple(files),
        rendered=tuple(rendered),
        contracts=tuple(item.name for item in loaded),
        findings=tuple(findings),
        ids={file: entry.id for file, entry in entries.items()},
    )


def _unlisted(folder: Path, named: frozenset[str]) -> list[Finding]:
    """A finding for each template of the folder that the manifest does not name."""
    return [
        finding(
            "template-unlisted",
            template=unlisted,
            message=_("{file} is not named in {manifest}: it will never be used.").format(
                file=quoted(visible(unlisted)), manifest=MANIFEST
            ),
            suggestion=_(
                "Add it to {manifest} (id, file, title, destination, description), or remove it "
                "from the folder."
            ).format(manifest=MANIFEST),
        )
        for unlisted in sorted(set(_docx_files(folder)) - named)
    ]


def _read_template(path: Path, file: str, template_id: str | None) -> bytes | Finding:
    """Read a template file once, as untrusted input (size limit, regular file only)."""
    limit = limits.current().template_bytes
    try:
        return read_input(path, limit=limit, limit_name="template_bytes")
    except InputRefusal as refusal:
        if refusal.limit is not None:
            return finding(
                "too-large",
                template=file,
                template_id=template_id,
                message=_(
                    "The file exceeds the size allowed for a template ({size}, set by {variable})."
                ).format(size=describe_size(limit), variable=Limits.variable("template_bytes")),
                suggestion=fix_of("too-large"),
            )
        return finding(
            "not-a-docx",
            template=file,
            template_id=template_id,
            message=_("The file cannot be read (technical detail: {detail}).").format(
                detail=refusal.message
            ),
        )


def _docx_files(folder: Path) -> list[str]:
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() == ".docx" and not is_lock_file(p.name)
    )


def _files_to_check(folder: Path, listed: list[str], named: frozenset[str]) -> list[str]:
    """The templates of the manifest, in its order; every .docx when it names none."""
    if not listed and not named:
        return _docx_files(folder)
    others = sorted(
        name
        for name in named - set(listed)
        if name.lower().endswith(".docx") and not is_lock_file(name) and _is_file(folder / name)
    )
    return [*listed, *others]


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a name the system refuses (too long…) is not one."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _load_contracts(sources: Sequence[ContractSource] | None) -> list[TrialContract]:
    """Load, compute and review each contract of the test render once, for every template."""
    chosen: Sequence[ContractSource] = example_contracts() if sources is None else sources
    loaded = []
    for source in chosen:
        resolved = load_resolved(source)
        contract = resolved.contract
        name = Path(str(contract.source)).name if contract.source else contract.reference
        obligation = compute(resolved)
        try:
            review = charter_review(contract, obligation)
        except ClausegenError:
            review = None  # NOTE: reviewed again per document, whose render then fails
        loaded.append(TrialContract(name, contract, obligation, review))
    return loaded
