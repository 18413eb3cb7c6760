"""The insertion clause in the EU's eForms notices, checked against the vendored eForms SDK.

``eforms_notice(contract)`` gives, lot by lot, the values of the notice fields that carry
the clause and the validated ``cac:ProcurementProjectLot`` fragment of each lot;
``eforms_fragments(contract, obligation, subtype)`` the fragments alone (file name → bytes).
This package imports lxml: ``clausegen`` exports its names lazily.
"""

from clausegen.eforms.content import AwardCriterion, LotNotice, NoticeField
from clausegen.eforms.notice import (
    EformsNotice,
    allowed_subtypes,
    check_subtype,
    default_subtype,
    eforms_fragments,
    eforms_notice,
    with_fragments,
    write_fragments,
)
from clausegen.eforms.presentation import notice_as_json, notice_as_table
from clausegen.eforms.validate import Violation, validate_fragment

__all__ = [
    "AwardCriterion",
    "EformsNotice",
    "LotNotice",
    "NoticeField",
    "Violation",
    "allowed_subtypes",
    "check_subtype",
    "default_subtype",
    "eforms_fragments",
    "eforms_notice",
    "notice_as_json",
    "notice_as_table",
    "validate_fragment",
    "with_fragments",
    "write_fragments",
]
