"""What the YAML and JSON parsers say reaches a French reader in French, located as before.

Each case is a real description the parser refuses: the French message is asserted whole,
and the English one is the parser's own wording, unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clausegen.i18n import speaking
from clausegen.read.parsertexts import json_text, yaml_problem, yaml_text
from tests.helpers import ENGLISH, FRENCH, run_cli

N = "\u00a0"

YAML_CASES = [
    pytest.param(
        "a: b: c\n",
        "1:5",
        "une valeur introduite par ':' n'est pas permise ici (mettez entre guillemets une "
        "valeur qui contient ': ')",
        "mapping values are not allowed here",
        id="colon-in-value",
    ),
    pytest.param(
        "a:\n  - x\n b: 2\n",
        "3:2",
        f"en lisant une table indentée{N}: <block end> attendu, mais '<block mapping start>' "
        "trouvé",
        "while parsing a block mapping expected <block end>, but found '<block mapping start>'",
        id="indentation",
    ),
    pytest.param(
        "a: [1, 2\n",
        "2:1",
        f"en lisant une liste entre crochets{N}: ',' ou ']' attendu, mais '<stream end>' trouvé",
        "while parsing a flow sequence expected ',' or ']', but got '<stream end>'",
        id="open-list",
    ),
    pytest.param(
        "a: {b: 1\n",
        "2:1",
        f"en lisant une table entre accolades{N}: ',' ou '}}' attendu, mais '<stream end>' trouvé",
        "while parsing a flow mapping expected ',' or '}', but got '<stream end>'",
        id="open-mapping",
    ),
    pytest.param(
        'a: "abc\n',
        "2:1",
        f"en lisant une valeur entre guillemets{N}: fin du texte inattendue",
        "while scanning a quoted scalar found unexpected end of stream",
        id="open-quote",
    ),
    pytest.param(
        "a: @x\n",
        "1:4",
        f"en cherchant l'élément suivant{N}: le caractère '@' ne peut commencer aucun élément",
        "while scanning for the next token found character '@' that cannot start any token",
        id="reserved-character",
    ),
    pytest.param(
        "a: *nope\n",
        "1:4",
        "alias 'nope' non défini",
        "found undefined alias 'nope'",
        id="unknown-alias",
    ),
    pytest.param(
        "a: |0\n  x\n",
        "1:5",
        f"en lisant un texte sur plusieurs lignes (| ou >){N}: indicateur d'indentation de 1 à 9 "
        "attendu, mais 0 trouvé",
        "while scanning a block scalar expected indentation indicator in the range 1-9, but "
        "found 0",
        id="block-scalar",
    ),
]

JSON_CASES = [
    pytest.param('{"reference": }\n', "1:15", "valeur attendue", "Expecting value", id="value"),
    pytest.param(
        '{"reference": "X" "title": "Y"}\n',
        "1:19",
        "séparateur ',' attendu",
        "Expecting ',' delimiter",
        id="comma",
    ),
    pytest.param(
        "{reference: 1}\n",
        "1:2",
        "nom de propriété entre guillemets doubles attendu",
        "Expecting property name enclosed in double quotes",
        id="unquoted-name",
    ),
    pytest.param(
        '{"reference": "X',
        "1:15",
        "chaîne de caractères non fermée, ouverte à cet endroit",
        "Unterminated string starting at",
        id="open-string",
    ),
    pytest.param(
        '{"reference": "X\n"}\n',
        "1:17",
        "caractère de contrôle non permis à cet endroit",
        "Invalid control character at",
        id="line-break-in-string",
    ),
    pytest.param(
        '{"reference": "a\\qb"}\n',
        "1:17",
        "séquence d'échappement \\ invalide",
        "Invalid \\escape",
        id="escape",
    ),
    pytest.param(
        '{"reference": "X"} {}\n',
        "1:20",
        "du texte suit la fin des données",
        "Extra data",
        id="extra",
    ),
]


def _error(path: Path, env: dict[str, str | None]) -> str:
    code, _, error = run_cli(["hours", str(path)], env)
    assert code == 1
    return error


@pytest.mark.parametrize(
    ("suffix", "label", "text", "where", "french", "english"),
    [
        *(pytest.param(".yaml", "YAML", *case.values, id=case.id) for case in YAML_CASES),
        *(pytest.param(".json", "JSON", *case.values, id=case.id) for case in JSON_CASES),
    ],
)
def test_a_syntax_error_is_worded_in_french(
    tmp_path: Path, suffix: str, label: str, text: str, where: str, french: str, english: str
) -> None:
    path = (tmp_path / "marche").with_suffix(suffix)
    path.write_text(text, encoding="utf-8")
    assert _error(path, FRENCH) == f"Erreur{N}: {path}:{where}: {label} invalide{N}: {french}\n"
    assert _error(path, ENGLISH) == f"Error: {path}:{where}: invalid {label}: {english}\n"


def test_a_parser_text_not_in_the_list_is_kept_as_the_parser_wrote_it() -> None:
    with speaking("fr"):
        assert yaml_text("found something new") == "found something new"
        assert yaml_problem("while doing X", None) == "while doing X"
        assert yaml_problem(None, "mapping keys are not allowed here") == (
            "une clé n'est pas permise ici"
        )
        assert json_text("Expecting something new") == "Expecting something new"
