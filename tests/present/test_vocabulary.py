"""The single declaration of the template vocabulary, as tools will read it."""

from __future__ import annotations

from clausegen.present.vocabulary import VOCABULARY, Kind, lookup, variables


def test_every_variable_has_a_full_path_a_french_description_and_an_example() -> None:
    paths = dict(variables(VOCABULARY))
    assert "buyer.name" in paths
    assert "lots[].insertion_hours" in paths
    assert "lots[].parameters[].origin" in paths
    assert "document.title" in paths
    for path, variable in paths.items():
        assert variable.description, path
        if variable.kind in (Kind.GROUP, Kind.LIST):
            assert variable.fields, path
            assert variable.example is None, path
        else:
            assert variable.example is not None, path
            assert isinstance(
                variable.example,
                {"text": str, "integer": int, "boolean": bool}[variable.kind.value],
            ), path


def test_paths_are_unique() -> None:
    paths = [path for path, _ in variables(VOCABULARY)]
    assert len(paths) == len(set(paths))


def test_lookup_finds_a_variable_by_its_path() -> None:
    hours = lookup(VOCABULARY, "lots[].insertion_hours")
    assert hours is not None
    assert hours.kind is Kind.TEXT
    assert lookup(VOCABULARY, "lots.insertion_hours") is hours
    lots = lookup(VOCABULARY, "lots")
    assert lots is not None
    assert lots.kind is Kind.LIST
    assert lookup(VOCABULARY, "lots[].fooo") is None
    assert lookup(VOCABULARY, "buyer.name.first") is None
