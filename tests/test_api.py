"""The public surface: what ``import clausegen`` offers, and what it costs."""

from __future__ import annotations

import subprocess
import sys

import pytest

import clausegen


def test_the_document_functions_are_part_of_the_public_api() -> None:
    for name in (
        "generate",
        "render_document",
        "build_context",
        "load_template_set",
        "check_templates",
        "export_templates",
    ):
        assert name in clausegen.__all__
        assert callable(getattr(clausegen, name))
    assert clausegen.TemplateSet.__name__ == "TemplateSet"
    assert clausegen.TemplateCheck.__name__ == "TemplateCheck"
    assert issubclass(clausegen.UnsafeTemplateError, clausegen.TemplateError)
    assert sorted(clausegen.__all__) == clausegen.__all__


def test_importing_clausegen_does_not_load_the_word_libraries() -> None:
    probe = "import sys, clausegen, clausegen.cli; print('docxtpl' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match=r"^module 'clausegen' has no attribute 'nothing'$"):
        getattr(clausegen, "nothing")  # noqa: B009 - the lazy lookup is what is tested
