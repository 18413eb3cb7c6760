"""The test render of the template check, and the wording of refused files.

Every template without errors is rendered with every example contract (and those given),
as ``generate`` would render it. A failure is reported once, with the contracts it happens
with. A template that exhausts its time or output budget is not rendered again with the
other contracts: the budget is the template's problem, and each render would take as long.
Nor is a template whose one render took more than half a document's budget, or whose
renders together took more than three (:class:`_TrialClock`): the check of a slow template
ends in seconds, whatever the number of contracts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from clausegen import limits
from clausegen.compute.hours import Obligation
from clausegen.errors import ClausegenError, TemplateError
from clausegen.i18n import N_, _, language, ngettext
from clausegen.limits import Limits, describe_size
from clausegen.present.context import build_context
from clausegen.readable import figure
from clausegen.render.documents import document_properties, missing_requirement
from clausegen.render.lint.findings import Finding, finding, quoted
from clausegen.render.lint.suggestions import fix_of
from clausegen.render.renderer import render_docx
from clausegen.render.safety import PackageFinding, UnsafeTemplateError
from clausegen.review.charter import CharterReview
from clausegen.validate.manifest import TemplateEntry
from clausegen.validate.models import Contract

#: How a refusal names the part of a file or of a document produced that it is about.
_PART_OF_FILE = N_("the part {part} of the file")
_PART_OF_DOCUMENT = N_("the part {part} of the document produced")
#: The reasons of a render stopped by its budget (see :func:`clausegen.render.renderer`).
BUDGET_REASONS = frozenset({"time-budget", "output-budget"})
#: How many documents' budgets the test renders of one template may take together.
TRIAL_BUDGETS = 3


def package_finding(
    refusal: PackageFinding, template: str, template_id: str | None, *, rendered: str = ""
) -> Finding:
    """Word a refusal of a template file (or of a document produced), located.

    Args:
        refusal: what :func:`~clausegen.render.safety.inspect_package` found.
        template: the template's file name.
        template_id: its id in the manifest, if it has one.
        rendered: for a refusal of a document produced, the words saying with what
            contract (``With the contract "x.yaml", ``).
    """
    if refusal.part:
        subject = _(_PART_OF_DOCUMENT if rendered else _PART_OF_FILE).format(
            part=quoted(refusal.part)
        )
    else:
        subject = _("the document produced") if rendered else _("the file")
    # NOTE: the refusals of render/safety carry their own French wording (message_fr).
    reason = refusal.message_fr if language() == "fr" else refusal.message
    message = _("{rendered}{subject} {reason}.").format(
        rendered=rendered, subject=subject, reason=reason
    )
    return finding(
        refusal.code,
        template=template,
        template_id=template_id,
        message=message[0].upper() + message[1:],
        part=refusal.location,
        paragraph=refusal.paragraph,
        excerpt=refusal.excerpt,
        suggestion=fix_of(refusal.code),
    )


@dataclass(frozen=True)
class TrialContract:
    """A contract of the test render: loaded, computed and reviewed once for every template.

    Attributes:
        name: how findings name it (its file name).
        review: its charter review; None when its buyer has none (or it cannot be made,
            which the render of each document then reports).
    """

    name: str
    contract: Contract
    obligation: Obligation
    review: CharterReview | None


def trial_render(
    data: bytes,
    path: Path,
    entry: TemplateEntry | None,
    contracts: list[TrialContract],
) -> list[Finding]:
    """Render a template with every contract; one finding per distinct failure."""
    document = entry or TemplateEntry(path.stem, path.name, path.stem, path.stem, "", path)
    failures: dict[tuple[object, ...], tuple[TemplateError, list[str]]] = {}
    clock = _TrialClock(limits.current().render_seconds)
    for trial in contracts:
        name, contract = trial.name, trial.contract
        hours = trial.obligation.total_insertion_hours if trial.obligation else None
        if missing_requirement(contract, document, hours=hours) is not None:
            continue  # a charter annex for a buyer without a charter is never produced
        try:
            context = build_context(
                contract, trial.obligation, document=document, review=trial.review
            )
        except ClausegenError:
            # NOTE: a contract whose data this document cannot be built from says nothing
            # about the template itself: generate would refuse the contract, not the template.
            continue
        try:
            render_docx(
                data,
                context,
                name=path.name,
                properties=document_properties(contract, document),
                update_fields=document.update_fields,
            )
        except TemplateError as error:
            failures.setdefault(_failure_key(error), (error, []))[1].append(name)
            if error.reason in BUDGET_REASONS:
                clock.stopped = True  # reported as such: the clock has nothing to add
                break
        finally:
            slow = clock.add(name)
        if slow:
            break
    template_id = entry.id if entry else None
    findings: list[Finding] = clock.findings(path.name, template_id)
    for failure, names in failures.values():
        with_ = _with(names)
        if isinstance(failure, UnsafeTemplateError):
            findings.extend(
                package_finding(
                    refusal,
                    path.name,
                    template_id,
                    rendered=_("With {contract}, ").format(contract=with_),
                )
                for refusal in failure.findings
            )
        else:
            findings.append(_render_finding(failure, names, with_, path.name, template_id))
    return findings


def _failure_key(error: TemplateError) -> tuple[object, ...]:
    """What makes two failures of a template the same one (reported once)."""
    if isinstance(error, UnsafeTemplateError):
        return (error.reason, *(f.message for f in error.findings))
    return (error.reason, error.part, error.paragraph, error.detail, error.message)


class _TrialClock:
    """The time a template's test renders take, all contracts together.

    Each render has the budget of a document (``render_seconds``); a template is not
    rendered again once one render took more than half of it (the next contract, a little
    larger, would fail in ``generate``) or all of them more than :data:`TRIAL_BUDGETS` times
    it: a slow template fails the check in seconds, whatever the number of contracts.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self.last = self.started
        self.slow: tuple[str, float] | None = None
        self.stopped = False

    def add(self, contract: str) -> bool:
        """Count the render just done; return whether the template is too slow to go on."""
        now = time.monotonic()
        took, self.last = now - self.last, now
        if self.stopped:
            return True
        if self.slow is None and took > self.seconds / 2:
            self.slow = (contract, took)
        elif self.slow is None and now - self.started > TRIAL_BUDGETS * self.seconds:
            self.slow = ("", now - self.started)
        return self.slow is not None

    def findings(self, template: str, template_id: str | None) -> list[Finding]:
        if self.slow is None:
            return []
        contract, took = self.slow
        budget = _("{seconds} s, set by {variable}").format(
            seconds=f"{self.seconds:g}", variable=Limits.variable("render_seconds")
        )
        if contract:
            message = _(
                "With the contract {contract}, the test render takes {took} s, more than half "
                "the time allowed for a document ({budget}): a slightly larger contract would "
                "fail; the test render stops there."
            ).format(contract=quoted(contract), took=_seconds(took), budget=budget)
        else:
            message = _(
                "The test renders of this template take {took} s together, more than {times} "
                "times the time allowed for a document ({budget}): the template is too slow; "
                "the test render stops there."
            ).format(took=_seconds(took), times=TRIAL_BUDGETS, budget=budget)
        return [
            finding(
                "render-limit",
                template=template,
                template_id=template_id,
                message=message,
                suggestion=fix_of("render-limit"),
            )
        ]


def _with(contracts: list[str]) -> str:
    others = len(contracts) - 1
    named = _("the contract {name}").format(name=quoted(contracts[0]))
    if not others:
        return named
    return ngettext("{named} (and {count} other)", "{named} (and {count} others)", others).format(
        named=named, count=others
    )


def _render_finding(
    error: TemplateError, contracts: list[str], with_: str, template: str, template_id: str | None
) -> Finding:
    detail = error.detail or error.message
    if error.reason == "undefined":
        code = "render-undefined"
        message = (
            _("With {contract}, {name} does not exist.").format(
                contract=with_, name=quoted(error.variable)
            )
            if error.variable
            else _(
                "With {contract}, a value asked for does not exist (technical detail: {detail})."
            ).format(contract=with_, detail=detail)
        )
    elif error.reason == "xml":
        code = "render-broken-xml"
        message = _(
            "With {contract}, the document produced would be invalid: a tag probably opens in "
            "a paragraph, a row or a table and closes in another."
        ).format(contract=with_)
    elif error.reason in BUDGET_REASONS or error.reason == "limit":
        code = "render-limit"
        message = _("With {contract}, {problem}").format(
            contract=with_, problem=_limit_message(error.reason, detail)
        )
    else:
        code = "render-failed"
        message = _("The test render with {contract} fails (technical detail: {detail}).").format(
            contract=with_, detail=detail
        )
    return finding(
        code,
        template=template,
        template_id=template_id,
        message=message,
        part=error.part,
        paragraph=error.paragraph,
        table=error.table,
        row=error.row,
        excerpt=error.excerpt,
        suggestion=fix_of(code),
        contracts=tuple(contracts),
    )


def _limit_message(reason: str | None, detail: str) -> str:
    current = limits.current()
    if reason == "time-budget":
        return _(
            "the test render exceeds the time allowed for a document ({seconds} s, set by "
            "{variable}): the template probably loops too much."
        ).format(seconds=f"{current.render_seconds:g}", variable=Limits.variable("render_seconds"))
    if reason == "output-budget":
        return _(
            "the document produced would exceed the size allowed ({size}, set by {variable}): "
            "the template repeats too much, or a value of the contract is very long."
        ).format(
            size=describe_size(current.render_output_bytes),
            variable=Limits.variable("render_output_bytes"),
        )
    return _("the template computes an outsized value (technical detail: {detail}).").format(
        detail=detail
    )


def _seconds(took: float) -> str:
    """Write a measured time in seconds with one decimal, in the language of messages."""
    return figure(Decimal(f"{took:.1f}"), 1)
