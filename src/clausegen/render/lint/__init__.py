"""Check a template set the way legal staff need it: every problem at once, located, in French.

:func:`check_templates` checks a folder of templates: its ``templates.yaml``
(:mod:`.manifest`), each file as untrusted input, each paragraph's tags (:mod:`.paragraphs`,
:mod:`.pitfalls`), their Jinja and names against the vocabulary (:mod:`.statements`,
:mod:`.names`), then a test render with the example contracts (:mod:`.check`). Every finding
(:mod:`.findings`) has a stable code documented in :mod:`.catalogue`; :mod:`.report` words a
whole check for the terminal.
"""

from clausegen.render.lint.catalogue import CATALOGUE, CODES, CodeInfo, Severity
from clausegen.render.lint.check import (
    TemplateCheck,
    check_templates,
    example_contracts,
    lint_template,
)
from clausegen.render.lint.findings import Finding

__all__ = [
    "CATALOGUE",
    "CODES",
    "CodeInfo",
    "Finding",
    "Severity",
    "TemplateCheck",
    "check_templates",
    "example_contracts",
    "lint_template",
]
