"""clausegen: the insertion-hour obligation of French public contracts, and its tender annexes.

The library does the work and the ``clausegen`` command only translates. Typical use::

    from clausegen import load_contract, compute_obligation

    contract = load_contract("examples/lycee-jules-verne.yaml")
    obligation = compute_obligation(contract)
    print(obligation.total_insertion_hours, obligation.total_fte)

    from clausegen import generate, render_document

    paths = generate(contract, "out/")              # <reference>-<id>.docx, all or nothing
    ccap = render_document(contract, "ccap")         # one document, in memory

The document functions are imported on first use, so that ``import clausegen`` (and every
command that writes no Word document) does not pay for python-docx and docxtpl.

The template tooling: ``check_templates("modeles/")`` (every finding of a template set) and
``export_templates("modeles/")`` (a copy of clausegen's templates to edit).

A contract that does not come from a file (a mapping, ``load_contract_text``, standard
input) reads a buyer profile only from a folder the caller names: ``load_contract(data,
base_dir="profiles/", profile_dirs=["profiles/"])``. Every input is bounded by
:mod:`clausegen.limits` (``CLAUSEGEN_LIMIT_*`` variables, or ``limits.using(...)``).

A buyer's charter of commitments (from its profile) and which of them a contract puts into
practice: ``applied_commitments(contract, obligation)``.

The insertion clause in the EU notice: ``eforms_notice(contract)`` (the eForms values of
every lot and their validated XML fragments) and ``eforms_fragments(contract, obligation,
subtype)`` (file name → XML bytes), imported on first use like the document functions.
A buyer's published open data read back: ``social_shares(["decp.json"])``.
"""

import importlib
from typing import TYPE_CHECKING, Any

from clausegen.compute.decp import DecpFragment, decp_fragment
from clausegen.compute.figures import PortfolioReport
from clausegen.compute.hours import ContractWarning, LotObligation, Obligation, compute_obligation
from clausegen.compute.report import portfolio_report
from clausegen.errors import (
    ClausegenError,
    ContractError,
    ErrorGroup,
    ExitCode,
    InternalError,
    NoCharterError,
    NoticeSubtypeError,
    OpenDataError,
    OutputError,
    Problem,
    ProfileError,
    RealisedHoursError,
    ReferenceDataError,
    TemplateError,
)
from clausegen.opendata import OpenDataShares, social_shares
from clausegen.present.obligation import obligation_as_json
from clausegen.present.report import report_as_csv, report_as_json
from clausegen.resolve.loading import load_contract, load_contract_text
from clausegen.resolve.parameters import Method, Parameter, Source
from clausegen.resolve.reference import ReferenceData, default_reference
from clausegen.review.charter import (
    AppliedCommitment,
    CharterReview,
    Evidence,
    Reason,
    SkippedCommitment,
    applied_commitments,
    review_charter,
)
from clausegen.validate.charter import Charter, Commitment
from clausegen.validate.models import (
    Buyer,
    BuyerInsertionDefaults,
    Contract,
    ContractInsertion,
    ContractKind,
    Facilitator,
    Lot,
    Mechanism,
)
from clausegen.validate.profile import load_profile
from clausegen.validate.realised import RealisedHours, read_realised_hours
from clausegen.validate.terms import EligibilityCategory, Modality
from clausegen.version import __version__

if TYPE_CHECKING:
    from clausegen.eforms import EformsNotice, eforms_fragments, eforms_notice
    from clausegen.present.context import build_context
    from clausegen.render.documents import render_document
    from clausegen.render.lint import TemplateCheck, check_templates
    from clausegen.render.safety import UnsafeTemplateError
    from clausegen.render.templates import TemplateSet, export_templates, load_template_set
    from clausegen.write.run import generate

_LAZY = {
    "EformsNotice": "clausegen.eforms",
    "TemplateCheck": "clausegen.render.lint",
    "TemplateSet": "clausegen.render.templates",
    "UnsafeTemplateError": "clausegen.render.safety",
    "build_context": "clausegen.present.context",
    "check_templates": "clausegen.render.lint",
    "eforms_fragments": "clausegen.eforms",
    "eforms_notice": "clausegen.eforms",
    "export_templates": "clausegen.render.templates",
    "generate": "clausegen.write.run",
    "load_template_set": "clausegen.render.templates",
    "render_document": "clausegen.render.documents",
}


def __getattr__(name: str) -> Any:
    """Import the document and eForms functions on first use (see the module docstring)."""
    module = _LAZY.get(name)
    if module is None:
        message = f"module 'clausegen' has no attribute {name!r}"
        raise AttributeError(message)
    return getattr(importlib.import_module(module), name)


__all__ = [
    "AppliedCommitment",
    "Buyer",
    "BuyerInsertionDefaults",
    "Charter",
    "CharterReview",
    "ClausegenError",
    "Commitment",
    "Contract",
    "ContractError",
    "ContractInsertion",
    "ContractKind",
    "ContractWarning",
    "DecpFragment",
    "EformsNotice",
    "EligibilityCategory",
    "ErrorGroup",
    "Evidence",
    "ExitCode",
    "Facilitator",
    "InternalError",
    "Lot",
    "LotObligation",
    "Mechanism",
    "Method",
    "Modality",
    "NoCharterError",
    "NoticeSubtypeError",
    "Obligation",
    "OpenDataError",
    "OpenDataShares",
    "OutputError",
    "Parameter",
    "PortfolioReport",
    "Problem",
    "ProfileError",
    "RealisedHours",
    "RealisedHoursError",
    "Reason",
    "ReferenceData",
    "ReferenceDataError",
    "SkippedCommitment",
    "Source",
    "TemplateCheck",
    "TemplateError",
    "TemplateSet",
    "UnsafeTemplateError",
    "__version__",
    "applied_commitments",
    "build_context",
    "check_templates",
    "compute_obligation",
    "decp_fragment",
    "default_reference",
    "eforms_fragments",
    "eforms_notice",
    "export_templates",
    "generate",
    "load_contract",
    "load_contract_text",
    "load_profile",
    "load_template_set",
    "obligation_as_json",
    "portfolio_report",
    "read_realised_hours",
    "render_document",
    "report_as_csv",
    "report_as_json",
    "review_charter",
    "social_shares",
]
