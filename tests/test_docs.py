"""Documentation stays true: every command has help and appears in the README; the template
guide for legal staff documents every check code and every variable, and its examples pass."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import click
import pytest

import clausegen
from clausegen.cli import main
from clausegen.present.vocabulary import VOCABULARY, variables
from clausegen.render.lint import CATALOGUE, lint_template
from clausegen.render.listing import FILTER_GUIDE
from clausegen.render.renderer import environment
from clausegen.validate.terms import EligibilityCategory, Modality, lookup
from tests.helpers import REPO
from tests.template_builders import make_template


def commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, path: str) -> None:
        found.append((path, command))
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    for name, command in main.commands.items():
        walk(command, f"clausegen {name}")
    return sorted(found, key=lambda item: item[0])


@pytest.mark.parametrize(
    ("path", "command"), commands(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_has_help_and_is_in_the_readme(path: str, command: click.Command) -> None:
    assert command.help, f"{path} has no help text"
    assert f"### `{path}`" in (REPO / "README.md").read_text("utf-8")


def test_public_api_is_sorted_and_importable() -> None:
    assert clausegen.__all__ == sorted(clausegen.__all__)
    for name in clausegen.__all__:
        assert hasattr(clausegen, name), name


GUIDE = REPO / "docs" / "templates.md"


@pytest.mark.parametrize("document", ["README.md", "docs/templates.md", "docs/legal-basis.md"])
def test_generated_sections_are_up_to_date(document: str) -> None:
    # NOTE: in a process of its own, in English as `make docs` runs it: Click words a
    # command's help option once per process, so a French test before it would leak in.
    checked = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(REPO / document)],
        env={**os.environ, "CLAUSEGEN_LANG": "en"},
        capture_output=True,
        text=True,
        check=False,
    )
    output = checked.stdout + checked.stderr
    assert checked.returncode == 0, f"{document} is out of date: run 'make docs'\n{output}"


def test_the_template_guide_documents_every_code_and_every_variable() -> None:
    guide = GUIDE.read_text("utf-8")
    for info in CATALOGUE:
        assert f"| `{info.code}` |" in guide, info.code
    for path, _ in variables(VOCABULARY):
        assert f"| `{path}` |" in guide, path


def test_the_readme_points_legal_staff_to_the_template_guide() -> None:
    assert "[docs/templates.md](docs/templates.md)" in (REPO / "README.md").read_text("utf-8")


def test_the_guide_example_of_conditional_paragraphs_checks_clean() -> None:
    guide = GUIDE.read_text("utf-8")
    block = guide.split("```text\n", 1)[1].split("```", 1)[0]
    assert "{%p elif buyer.email %}" in block
    assert lint_template(make_template(block.splitlines()), name="guide.docx") == []


def test_the_filter_examples_of_the_guide_check_clean() -> None:
    examples = [example for _, _, example in FILTER_GUIDE]
    assert lint_template(make_template(examples), name="guide.docx") == []
    assert {name for name, _, _ in FILTER_GUIDE} <= set(environment().filters)


def test_the_readme_tables_of_categories_and_modalities_are_true() -> None:
    """Every code of the vocabulary is in the README, with spellings that are really read."""
    rows = re.findall(
        r"^\| `(\w+)` \| [^|]+ \| `([^`]+)` \| (.*) \|$",
        (REPO / "README.md").read_text("utf-8"),
        flags=re.MULTILINE,
    )
    documented = {code: [sheet, *re.findall(r"`([^`]+)`", others)] for code, sheet, others in rows}
    assert set(documented) == {c.value for c in EligibilityCategory} | {m.value for m in Modality}
    for category in EligibilityCategory:
        assert documented[category][0] == category.term.abbreviation
        for spelling in documented[category]:
            assert lookup(EligibilityCategory, spelling) is category, spelling
    for modality in Modality:
        assert documented[modality][0] == modality.term.abbreviation
        for spelling in documented[modality]:
            assert lookup(Modality, spelling) is modality, spelling
