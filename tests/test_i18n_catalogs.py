"""The French catalog covers every message of the source, and the wheel ships it compiled.

These tests are what keeps a new message from reaching users untranslated: they fail when
the template (``clausegen.pot``) no longer matches the messages of the source, when a
message has no French translation (or only a fuzzy one), when a translation loses or invents
a placeholder, when French typography is wrong, or when the compiled ``.mo`` is older than
the ``.po``. ``make messages`` (``tools/messages.py``) fixes the first and the last; the
translations are written by hand in ``fr/LC_MESSAGES/clausegen.po``.
"""

from __future__ import annotations

import ast
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from tools.messages import COMPILED, FRENCH, TEMPLATE, extract, forms, ids, read, translated

from tests.helpers import REPO

#: The template check keeps the French wording legal staff already know, ordinary spaces
#: included, so the typography rules below are not applied to its messages.
LINT = "src/clausegen/render/lint/"

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return extract()


@pytest.fixture(scope="module")
def french() -> Catalog:
    return read(FRENCH, "fr")


def _strings(message: Message) -> list[str]:
    return forms(message.string)


def _ids(message: Message) -> list[str]:
    return forms(message.id)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_template_holds_exactly_the_messages_of_the_source(extracted: Catalog) -> None:
    stale = ids(read(TEMPLATE)) ^ ids(extracted)
    assert stale == set(), "run `make messages`: clausegen.pot is stale"


def test_every_message_has_a_french_translation(extracted: Catalog, french: Catalog) -> None:
    missing = [
        message.id
        for message in extracted
        if message.id
        and (
            (translation := french.get(message.id, message.context)) is None
            or not translated(translation)
        )
    ]
    assert missing == [], "translate these in fr/LC_MESSAGES/clausegen.po (`make messages`)"


def test_translations_keep_the_placeholders_of_their_message(french: Catalog) -> None:
    wrong = [
        message.id
        for message in french
        if message.id
        and any(
            _placeholders(text) != _placeholders(_ids(message)[-1]) for text in _strings(message)
        )
        # NOTE: a singular may leave out the number ("une erreur" for {count} = 1).
        and not (
            len(_ids(message)) > 1
            and _placeholders(_strings(message)[0]) <= _placeholders(_ids(message)[1])
            and all(
                _placeholders(t) == _placeholders(_ids(message)[1]) for t in _strings(message)[1:]
            )
        )
    ]
    assert wrong == []


def test_french_translations_follow_french_typography(extracted: Catalog, french: Catalog) -> None:
    """No ordinary space before : ; ! ? or inside « » (a line could break there)."""
    wrong = []
    for message in extracted:
        if not message.id or all(path.startswith(LINT) for path, _ in message.locations):
            continue
        translation = french.get(message.id, message.context)
        for text in _strings(translation) if translation else []:
            if any(f" {mark}" in text for mark in ":;!?") or "« " in text or " »" in text:
                wrong.append(text)
    assert wrong == []


def test_the_compiled_catalog_matches_the_translations(french: Catalog) -> None:
    with COMPILED.open("rb") as file:
        compiled = read_mo(file)
    expected = {tuple(_ids(m)): _strings(m) for m in french if m.id and translated(m)}
    assert {tuple(_ids(m)): _strings(m) for m in compiled if m.id} == expected, (
        "run `make messages`"
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(target)]
    subprocess.run(command, check=True, capture_output=True, cwd=REPO)
    (built,) = target.glob("clausegen-*.whl")
    return built


def test_the_wheel_ships_the_compiled_french_catalog(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as package:
        shipped = package.read("clausegen/locale/fr/LC_MESSAGES/clausegen.mo")
    assert shipped == COMPILED.read_bytes()


def test_no_message_is_built_before_it_is_translated() -> None:
    """``_(f"…")`` or ``_("a" + b)`` could never be found in the catalog: placeholders instead."""
    wrong = []
    for path in sorted((REPO / "src" / "clausegen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "N_", "ngettext"}
                and any(
                    isinstance(arg, ast.JoinedStr | ast.BinOp | ast.Call)
                    for arg in node.args[: 2 if node.func.id == "ngettext" else 1]
                )
            ):
                wrong.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert wrong == []
