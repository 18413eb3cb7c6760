"""clausegen: the insertion-hour obligation of French public contracts, and its tender annexes.

The library does the work and the ``clausegen`` command only translates. Typical use::

    from clausegen import load_contract, compute_obligation

    contract = load_contract("examples/lycee-jules-verne.yaml")
    obligation = compute_obligation(contract)
    print(obligation.total_insertion_hours, obligation.total_fte)

    from clausegen import generate, render_document

    paths = generate(contract, "out/")              # <reference>-<id>.docx, all or nothing
    ccap = render_document(contract, "ccap")         # one document, in memory

Many contracts on every core, in bounded memory, still all or nothing:
``generate_many(["a.yaml", "b.yaml"], "out/", jobs=None)`` (``jobs``: worker processes,
the number of CPUs by default; the same files and bytes as a serial run).

Every name is imported on first use, so that ``import clausegen`` (and every command that
writes no Word document) does not pay for pydantic models, python-docx or docxtpl before it
needs them.

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
subtype)`` (file name → XML bytes).
A buyer's published open data read back: ``social_shares(["decp.json"])``.

For other programs (and the HTTP service of ``clausegen serve``), everything in memory:
``load_contract_from(text_bytes_or_stream, source="x.yaml", profiles={...})``,
``render_documents(contract, formats=("docx", "pdf"))`` (file name → bytes), and the results
of the commands as data: ``hours_result``, ``validation_result``, ``decp_result``,
``charter_result``; every error has ``to_dict()``.
"""

import importlib
from typing import TYPE_CHECKING, Any

from clausegen.version import __version__

if TYPE_CHECKING:
    from clausegen.api import (
        charter_result,
        decp_result,
        hours_result,
        load_contract_from,
        render_documents,
        validation_result,
    )
    from clausegen.compute.decp import DecpFragment, decp_fragment
    from clausegen.compute.figures import PortfolioReport
    from clausegen.compute.hours import (
        ContractWarning,
        LotObligation,
        Obligation,
        compute_obligation,
    )
    from clausegen.compute.report import portfolio_report
    from clausegen.eforms import EformsNotice, eforms_fragments, eforms_notice
    from clausegen.errors import (
        ClausegenError,
        ContractError,
        ErrorGroup,
        ExitCode,
        InternalError,
        NoticeSubtypeError,
        OpenDataError,
        OrdersError,
        OutputError,
        Problem,
        ProfileError,
        RealisedHoursError,
        ReferenceDataError,
        TemplateError,
    )
    from clausegen.missing import NoCharterError
    from clausegen.opendata import OpenDataShares, social_shares
    from clausegen.present.context import build_context
    from clausegen.present.obligation import obligation_as_json
    from clausegen.present.report import report_as_csv, report_as_json
    from clausegen.render.documents import render_document
    from clausegen.render.lint import TemplateCheck, check_templates
    from clausegen.render.safety import UnsafeTemplateError
    from clausegen.render.templates import TemplateSet, export_templates, load_template_set
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
    from clausegen.validate.orders import Orders, read_orders
    from clausegen.validate.profile import load_profile
    from clausegen.validate.realised import RealisedHours, read_realised_hours
    from clausegen.validate.terms import EligibilityCategory, Modality
    from clausegen.write.batch import generate_many
    from clausegen.write.run import generate

#: Where each public name lives (ARCHITECTURE.md: the stage that owns it).
_LAZY = {
    "AppliedCommitment": "clausegen.review.charter",
    "Buyer": "clausegen.validate.models",
    "BuyerInsertionDefaults": "clausegen.validate.models",
    "Charter": "clausegen.validate.charter",
    "CharterReview": "clausegen.review.charter",
    "ClausegenError": "clausegen.errors",
    "Commitment": "clausegen.validate.charter",
    "Contract": "clausegen.validate.models",
    "ContractError": "clausegen.errors",
    "ContractInsertion": "clausegen.validate.models",
    "ContractKind": "clausegen.validate.models",
    "ContractWarning": "clausegen.compute.hours",
    "DecpFragment": "clausegen.compute.decp",
    "EformsNotice": "clausegen.eforms",
    "EligibilityCategory": "clausegen.validate.terms",
    "ErrorGroup": "clausegen.errors",
    "Evidence": "clausegen.review.charter",
    "ExitCode": "clausegen.errors",
    "Facilitator": "clausegen.validate.models",
    "InternalError": "clausegen.errors",
    "Lot": "clausegen.validate.models",
    "LotObligation": "clausegen.compute.hours",
    "Mechanism": "clausegen.validate.models",
    "Method": "clausegen.resolve.parameters",
    "Modality": "clausegen.validate.terms",
    "NoCharterError": "clausegen.missing",
    "NoticeSubtypeError": "clausegen.errors",
    "Obligation": "clausegen.compute.hours",
    "OpenDataError": "clausegen.errors",
    "OpenDataShares": "clausegen.opendata",
    "Orders": "clausegen.validate.orders",
    "OrdersError": "clausegen.errors",
    "OutputError": "clausegen.errors",
    "Parameter": "clausegen.resolve.parameters",
    "PortfolioReport": "clausegen.compute.figures",
    "Problem": "clausegen.errors",
    "ProfileError": "clausegen.errors",
    "RealisedHours": "clausegen.validate.realised",
    "RealisedHoursError": "clausegen.errors",
    "Reason": "clausegen.review.charter",
    "ReferenceData": "clausegen.resolve.reference",
    "ReferenceDataError": "clausegen.errors",
    "SkippedCommitment": "clausegen.review.charter",
    "Source": "clausegen.resolve.parameters",
    "TemplateCheck": "clausegen.render.lint",
    "TemplateError": "clausegen.errors",
    "TemplateSet": "clausegen.render.templates",
    "UnsafeTemplateError": "clausegen.render.safety",
    "applied_commitments": "clausegen.review.charter",
    "build_context": "clausegen.present.context",
    "charter_result": "clausegen.api",
    "check_templates": "clausegen.render.lint",
    "compute_obligation": "clausegen.compute.hours",
    "decp_fragment": "clausegen.compute.decp",
    "decp_result": "clausegen.api",
    "default_reference": "clausegen.resolve.reference",
    "eforms_fragments": "clausegen.eforms",
    "eforms_notice": "clausegen.eforms",
    "export_templates": "clausegen.render.templates",
    "generate": "clausegen.write.run",
    "hours_result": "clausegen.api",
    "generate_many": "clausegen.write.batch",
    "load_contract": "clausegen.resolve.loading",
    "load_contract_from": "clausegen.api",
    "load_contract_text": "clausegen.resolve.loading",
    "load_profile": "clausegen.validate.profile",
    "load_template_set": "clausegen.render.templates",
    "obligation_as_json": "clausegen.present.obligation",
    "portfolio_report": "clausegen.compute.report",
    "read_orders": "clausegen.validate.orders",
    "read_realised_hours": "clausegen.validate.realised",
    "render_document": "clausegen.render.documents",
    "render_documents": "clausegen.api",
    "report_as_csv": "clausegen.present.report",
    "report_as_json": "clausegen.present.report",
    "review_charter": "clausegen.review.charter",
    "social_shares": "clausegen.opendata",
    "validation_result": "clausegen.api",
}


def __getattr__(name: str) -> Any:
    """Import a public name from the module that owns it, on first use."""
    module = _LAZY.get(name)
    if module is None:
        message = f"module 'clausegen' has no attribute {name!r}"
        raise AttributeError(message)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


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
    "Orders",
    "OrdersError",
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
    "charter_result",
    "check_templates",
    "compute_obligation",
    "decp_fragment",
    "decp_result",
    "default_reference",
    "eforms_fragments",
    "eforms_notice",
    "export_templates",
    "generate",
    "generate_many",
    "hours_result",
    "load_contract",
    "load_contract_from",
    "load_contract_text",
    "load_profile",
    "load_template_set",
    "obligation_as_json",
    "portfolio_report",
    "read_orders",
    "read_realised_hours",
    "render_document",
    "render_documents",
    "report_as_csv",
    "report_as_json",
    "review_charter",
    "social_shares",
    "validation_result",
]
