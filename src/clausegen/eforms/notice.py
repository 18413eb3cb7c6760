"""The eForms notice of a contract: its lot fragments, validated before anyone sees them.

The notice subtype decides which fields are mandatory or forbidden. By default clausegen
writes for subtype **16**, "Contract notice – general directive, standard regime": the
contract notice of a works, supplies or services contract under directive 2014/24, the usual
notice of a French public buyer (the SDK's example ``cn_24_maximal.xml`` is one). An
insertion-service contract (R2123-1, 3° of the Code de la commande publique: social and other
specific services) defaults to subtype **20**, "Contract notice – general directive, light
regime" (the SDK's ``cn-social_25.xml`` is its sectoral twin, 21). Those names are the SDK's
``notice-types.json``; the subtypes clausegen accepts are read from the field rules: those
in which none of the fields it always writes is forbidden (7 to 22 and E3 in SDK 1.15.1).

Every fragment is validated (schemas, code lists, field rules of the subtype) before it is
returned: a violation is a bug of clausegen, raised as :class:`~clausegen.errors.InternalError`
(exit code 70), never an invalid file.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from clausegen.compute.hours import Obligation, compute_obligation
from clausegen.eforms.build import lot_xml
from clausegen.eforms.content import (
    ALWAYS_WRITTEN,
    SOCIAL_FIELDS,
    LotNotice,
    NoticeField,
    check_lots,
    lot_notice,
    lot_obligations,
)
from clausegen.eforms.rules import field_definitions, known_subtypes, subtypes_allowing
from clausegen.eforms.validate import validate_fragment, violations_text
from clausegen.errors import (
    ClausegenError,
    ErrorGroup,
    InternalError,
    NoticeSubtypeError,
    OutputError,
)
from clausegen.files import write_all
from clausegen.i18n import _
from clausegen.validate.models import Contract, Mechanism
from clausegen.write.rendered import RenderedRun

DEFAULT_SUBTYPE = "16"
LIGHT_REGIME_SUBTYPE = "20"

# Characters that Windows, macOS or Linux refuse in a file name, and control characters.
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


@dataclass(frozen=True)
class EformsNotice:
    """The eForms values of a contract's lots, and their validated XML fragments.

    Attributes:
        reference: the contract's reference.
        subtype: the notice subtype the values were checked for.
        lots: the values of each lot, in the contract's order.
        fragments: the file name (``<reference>-lot-<n>.xml``) and bytes of each lot's
            ``cac:ProcurementProjectLot``, in the same order.
        warnings: what the buyer must complete by hand, in English.
    """

    reference: str
    subtype: str
    lots: tuple[LotNotice, ...]
    fragments: Mapping[str, bytes]
    warnings: tuple[str, ...] = ()

    def fields(self) -> list[NoticeField]:
        """Return every value of every lot, lot by lot, in the order of the table."""
        return [field for lot in self.lots for field in lot.fields()]


def allowed_subtypes() -> tuple[str, ...]:
    """Return the notice subtypes where the fields clausegen writes are not forbidden."""
    return subtypes_allowing(ALWAYS_WRITTEN + SOCIAL_FIELDS)


def default_subtype(contract: Contract) -> str:
    """Return the usual notice subtype of a contract (see the module docstring)."""
    if contract.mechanism is Mechanism.INSERTION_SERVICE:
        return LIGHT_REGIME_SUBTYPE
    return DEFAULT_SUBTYPE


def check_subtype(subtype: str | int) -> str:
    """Return the notice subtype as eForms writes it (``16``, ``E3``), or refuse it.

    Raises:
        NoticeSubtypeError: for an unknown subtype, or one where clausegen's fields are
            forbidden; the message lists the subtypes that can be used.
    """
    written = str(subtype).strip().upper()
    allowed = allowed_subtypes()
    usable = _("use one of {subtypes}").format(subtypes=", ".join(allowed))
    if written not in known_subtypes():
        message = _("{subtype} is not an eForms notice subtype; {usable}").format(
            subtype=repr(str(subtype).strip()), usable=usable
        )
        raise NoticeSubtypeError(message)
    if written not in allowed:
        definitions = field_definitions()
        forbidden = [
            field
            for field in ALWAYS_WRITTEN + SOCIAL_FIELDS
            if definitions[field].forbidden.always(written)
        ]
        message = _(
            "notice subtype {subtype} forbids fields that clausegen writes ({fields}); {usable}"
        ).format(subtype=written, fields=", ".join(forbidden), usable=usable)
        raise NoticeSubtypeError(message)
    return written


def fragment_name(reference: str, lot_number: int) -> str:
    """Return the file name of a lot's fragment: ``<reference>-lot-<n>.xml``.

    The reference is made safe for every file system, as for the Word documents (``/`` and
    the other characters some system refuses become ``-``).
    """
    stem = _UNSAFE_IN_NAME.sub("-", reference).strip().lstrip(".").strip() or "marche"
    return f"{stem}-lot-{lot_number}.xml"


def fragment_names(contract: Contract) -> list[str]:
    """Return the file names of a contract's fragments, one per lot, before any is built.

    ``generate --format eforms`` checks them with the documents, before rendering anything.
    """
    return [fragment_name(contract.reference, lot.number) for lot in contract.lots]


def eforms_notice(
    contract: Contract,
    obligation: Obligation | None = None,
    *,
    subtype: str | int | None = None,
) -> EformsNotice:
    """Work out and validate the eForms values and fragments of every lot of a contract.

    Args:
        contract: the validated contract description.
        obligation: its obligation; computed when not given.
        subtype: the notice subtype; :func:`default_subtype` when None.

    Returns:
        The notice values and the fragments, all valid for the subtype.

    Raises:
        NoticeSubtypeError: for a subtype that cannot be used.
        ContractError: for a lot that eForms cannot carry (number, title).
        InternalError: when a fragment fails its validation (a bug of clausegen).
    """
    chosen = check_subtype(default_subtype(contract) if subtype is None else subtype)
    check_lots(contract)
    computed = compute_obligation(contract) if obligation is None else obligation
    bt70_required = field_definitions()["BT-70-Lot"].mandatory.always(chosen)
    lots = tuple(
        lot_notice(contract, lot, lot_obligation, bt70_required=bt70_required)
        for lot, lot_obligation in zip(
            contract.lots, lot_obligations(contract, computed), strict=True
        )
    )
    fragments = {fragment_name(contract.reference, lot.number): lot_xml(lot) for lot in lots}
    _check(contract, chosen, fragments)
    warnings = []
    if any(lot.criterion and lot.criterion.weight_percent is None for lot in lots):
        warnings.append(
            _(
                "the insertion award criterion has no weight (insertion.criterion_weight): "
                "BT-541 is left out; give the weight in the notice"
            )
        )
    return EformsNotice(
        reference=contract.reference,
        subtype=chosen,
        lots=lots,
        fragments=MappingProxyType(fragments),
        warnings=tuple(warnings),
    )


def _check(contract: Contract, subtype: str, fragments: Mapping[str, bytes]) -> None:
    violations = [
        violation for data in fragments.values() for violation in validate_fragment(data, subtype)
    ]
    if violations:
        source = contract.source if contract.source is not None else contract.reference
        message = (
            f"{source}: clausegen bug: the eForms fragments it built break the rules of notice "
            f"subtype {subtype}, so nothing was written; please report it with the contract "
            f"description:\n{violations_text(violations)}"
        )
        raise InternalError(message)


def eforms_fragments(
    contract: Contract, obligation: Obligation | None = None, subtype: str | int | None = None
) -> dict[str, bytes]:
    """Return each lot's validated ``cac:ProcurementProjectLot`` fragment: file name → bytes.

    The same fragments as :func:`eforms_notice`, for writing beside the tender documents.
    """
    return dict(eforms_notice(contract, obligation, subtype=subtype).fragments)


def write_fragments(
    notice: EformsNotice, directory: str | os.PathLike[str], *, force: bool = False
) -> list[Path]:
    """Write the notice's fragments into ``directory``, all or nothing.

    Raises:
        OutputError: when a file exists (without ``force``) or cannot be written.
    """
    folder = Path(directory)
    return write_all({folder / name: data for name, data in notice.fragments.items()}, force=force)


def with_fragments(
    run: RenderedRun,
    out_dir: str | os.PathLike[str],
    *,
    subtype: str | int | None = None,
) -> RenderedRun:
    """Return the run with every contract's eForms fragments among the files to write.

    ``generate --format eforms`` writes them beside the documents, in the same all-or-nothing
    write: ``<reference>-lot-<n>.xml`` per lot, the fragments :func:`eforms_notice` validates.
    Each contract uses ``subtype``, or its own :func:`default_subtype` when None.

    Args:
        run: the rendered run (its contracts and obligations are reused, not recomputed).
        out_dir: the folder the run writes to.
        subtype: the notice subtype of every contract of the run; None for each one's default.

    Raises:
        ClausegenError: the problems of every contract at once (a lot that eForms cannot
            carry, a subtype that cannot be used), or an ``InternalError`` for a fragment
            that fails its validation; nothing is written then.
    """
    folder = Path(out_dir)
    files = dict(run.files)
    problems: list[ClausegenError] = []
    for item in run.contracts:
        try:
            fragments = eforms_fragments(item.contract, item.obligation, subtype)
        except ClausegenError as error:
            problems.append(error)
            continue
        for name, data in fragments.items():
            path = folder / name
            if path in files:
                message = _("two contracts of the run write this file: give them other references")
                problems.append(OutputError(path=path, message=message))
            files[path] = data
    if problems:
        raise ErrorGroup.of(problems)
    return dataclasses.replace(run, files=files)
