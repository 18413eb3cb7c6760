"""The buyers' guide (docs/eforms.md) names every field clausegen writes, and is linked."""

from __future__ import annotations

from clausegen.eforms.notice import allowed_subtypes, eforms_notice
from clausegen.resolve.loading import load_contract
from tests.helpers import EXAMPLES, REPO

GUIDE = REPO / "docs" / "eforms.md"


def test_the_guide_names_every_field_written_for_the_examples() -> None:
    written = {
        field.field.removesuffix("-Lot").removesuffix("-Lot-WeightNumber")
        for path in [*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*.json")]
        for subtype in allowed_subtypes()
        for field in eforms_notice(load_contract(path), subtype=subtype).fields()
    }
    assert len(written) == 15
    guide = GUIDE.read_text("utf-8")
    for field in sorted(written):
        assert f"`{field}`" in guide, field


def test_the_readme_points_buyers_to_the_guide() -> None:
    assert "[docs/eforms.md](docs/eforms.md)" in (REPO / "README.md").read_text("utf-8")
