"""A contract description checked against the strict models: shape, fields and overrides.

The buyer of a contract may be the path of a profile, merged into the contract's data before
its fields are validated (:mod:`clausegen.resolve.buyer`); :mod:`clausegen.resolve.loading`
runs the whole trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from clausegen.errors import ContractError, Problem
from clausegen.i18n import _
from clausegen.paths import PathPart
from clausegen.read.documents import Document
from clausegen.read.problems import by_line, file_error
from clausegen.validate.basics import Mechanism
from clausegen.validate.charter import commitment_ranges
from clausegen.validate.clauses import Ccag
from clausegen.validate.models import Contract
from clausegen.validate.problems import shape_message, validation_problems

#: A few fields of a contract description, for the message of a file that is not one.
CONTRACT_FIELDS = "(reference, title, kind, buyer, lots…)"


def check_contract_shape(document: Document) -> dict[str, Any]:
    """Return the document's data when it may be a contract description at all.

    Raises:
        ContractError: for an empty document, a document that is not a mapping, or one none
            of whose keys is a contract field (another kind of file, whose keys are not
            listed since they may be its content).
    """
    data = document.data
    if data is None:
        raise file_error(document.name, _("is empty; it must describe a contract"))
    message = shape_message(
        data, Contract, fields=CONTRACT_FIELDS, kind=_("a contract description")
    )
    if message is not None:
        problem = Problem(path="", message=message, line=document.locator.line(()))
        raise ContractError(source=document.name, problems=[problem])
    return dict(data)


@dataclass(frozen=True)
class FieldCheck:
    """A contract's fields checked against the model.

    Attributes:
        contract: the contract, None when a field does not fit the model.
        problems: every field that does not fit, worded for buyers, with its line.
        failed: where each problem is, as the model's field locations (keys as written,
            list positions from 0), for the checks that go on without those fields.
    """

    contract: Contract | None
    problems: list[Problem]
    failed: list[tuple[PathPart, ...]]


def check_fields(document: Document, data: dict[str, Any]) -> FieldCheck:
    """Validate a contract's fields (its buyer already merged from its profile, if any)."""
    try:
        return FieldCheck(Contract.model_validate(data), [], [])
    except ValidationError as error:
        problems = validation_problems(error, Contract, document.locator)
        failed = [
            tuple(part for part in detail["loc"] if part != "[key]")
            for detail in error.errors(include_url=False)
        ]
        return FieldCheck(None, by_line(problems), failed)


def override_problems(contract: Contract) -> list[Problem]:
    """Check the contract's ``charter.include`` and ``charter.exclude`` against its buyer.

    Returns:
        Problems with contract field paths: a number that the charter does not have, a
        number listed twice or both included and excluded, or an override without a charter.
    """
    override = contract.charter
    if not override.include and not override.exclude:
        return []
    charter = contract.buyer.charter
    if charter is None:
        return [
            Problem(
                path="charter",
                message=_(
                    "the buyer has no charter, so there is no commitment to include or exclude"
                ),
            )
        ]
    known = [commitment.number for commitment in charter.commitments]
    problems = []
    seen: dict[int, str] = {}
    for name in ("include", "exclude"):
        for index, number in enumerate(getattr(override, name)):
            path = f"charter.{name}[{index}]"
            if number not in known:
                ranges = commitment_ranges(known)
                message = _("the buyer's charter has no commitment {number} (it has {ranges})")
                message = message.format(number=number, ranges=ranges)
            elif number in seen and seen[number].startswith(f"charter.{name}["):
                message = _("commitment {number} is already listed at {path}").format(
                    number=number, path=seen[number]
                )
            elif number in seen:
                message = _(
                    "commitment {number} is also listed at {path}: it cannot be both included "
                    "and excluded"
                ).format(number=number, path=seen[number])
            else:
                seen[number] = path
                continue
            problems.append(Problem(path=path, message=message))
    return problems


def clause_problems(contract: Contract) -> list[Problem]:
    """Check the fields of issue 12 that depend on one another, with their field paths."""
    problems = []
    insertion = contract.insertion
    if contract.effective_ccag is Ccag.NONE and insertion.counts_in_ccag_cap is not None:
        problems.append(
            Problem(
                path="insertion.counts_in_ccag_cap",
                message=_("counts_in_ccag_cap needs a ccag"),
            )
        )
    if (
        insertion.criterion_scoring is not None
        and contract.mechanism is not Mechanism.AWARD_CRITERION
    ):
        problems.append(
            Problem(
                path="insertion.criterion_scoring",
                message=_("criterion_scoring is for mechanism award_criterion"),
            )
        )
    if contract.globalisation and not contract.mechanism.is_clause:
        problems.append(
            Problem(
                path="globalisation",
                message=_(
                    "globalisation applies to an insertion clause, not to a reserved or "
                    "insertion-service contract"
                ),
            )
        )
    return problems
