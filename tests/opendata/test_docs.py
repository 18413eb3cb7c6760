"""The README's example of the read-back is what the command prints."""

from __future__ import annotations

from click.testing import CliRunner

from clausegen.cli import main
from tests.helpers import EXAMPLES, REPO

COMMAND = "$ clausegen opendata examples/opendata/decp-consolide-2023-2024.csv\n"


def test_the_readme_example_is_the_output(runner: CliRunner) -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    shown = readme.split(COMMAND, 1)[1].split("```", 1)[0]
    result = runner.invoke(
        main, ["opendata", str(EXAMPLES / "opendata" / "decp-consolide-2023-2024.csv")]
    )
    assert result.exit_code == 0
    assert result.stdout == shown
