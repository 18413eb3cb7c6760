"""The command line speaks French under a French locale, English otherwise (issue 15, item 4).

The same failing commands under ``LANG=fr_FR.UTF-8`` and ``LANG=en_US.UTF-8`` (with
``CLAUSEGEN_LANG`` unset), and ``CLAUSEGEN_LANG`` winning over the locale; the exact text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clausegen.cli._click_texts import CLICK_TEXTS, click_plurals
from clausegen.i18n import _, speaking
from tests.helpers import ENGLISH, FRENCH, LANGUAGE_UNSET, build_file_tree, contract_data, run_cli


@pytest.fixture
def control_character(tmp_path: Path) -> str:
    """A description whose title holds Word's manual line break (line 2, column 16)."""
    path = tmp_path / "contract.yaml"
    path.write_text('reference: "T-1"\ntitle: "Travaux\v du lycée"\n', encoding="utf-8")
    return str(path)


@pytest.fixture
def unknown_trade(tmp_path: Path) -> str:
    """A valid description but for a misspelt trade."""
    data = contract_data()
    data["lots"][0]["trade"] = "maconerie"
    build_file_tree(tmp_path, {"contract.yaml": data})
    return str(tmp_path / "contract.yaml")


def test_a_validation_error_with_its_line_and_column(control_character: str) -> None:
    assert run_cli(["validate", control_character], FRENCH) == (
        1,
        "",
        f"Erreur\u00a0: {control_character}:2:16: title: contient une tabulation verticale "
        "(U+000B)\u00a0: Word écrit ainsi un saut de ligne manuel (Maj+Entrée) quand son texte "
        "est copié\u00a0: remplacez-le par une espace, ou par un retour à la ligne si le champ "
        "admet plusieurs lignes\n",
    )
    assert run_cli(["validate", control_character], ENGLISH) == (
        1,
        "",
        f"Error: {control_character}:2:16: title: contains a vertical tab (U+000B): Word "
        "writes a manual line break (Shift+Enter) this way when its text is copied: replace it "
        "with a space, or with a line break where the field takes several lines\n",
    )


def test_an_existing_output_without_force(tmp_path: Path) -> None:
    existing = tmp_path / "contract.yaml"
    existing.write_text("kept\n", encoding="utf-8")
    assert run_cli(["init", str(existing)], FRENCH) == (
        4,
        "",
        f"Erreur\u00a0: {existing}: existe déjà\u00a0; utilisez --force pour le remplacer\n",
    )
    assert run_cli(["init", str(existing)], ENGLISH) == (
        4,
        "",
        f"Error: {existing}: already exists; use --force to replace it\n",
    )
    assert existing.read_text(encoding="utf-8") == "kept\n"


def test_an_unknown_trade(unknown_trade: str) -> None:
    code, _out, french = run_cli(["validate", unknown_trade], FRENCH)
    assert code == 1
    assert french.startswith(f"Erreur\u00a0: {unknown_trade}:")
    assert (
        ': lots[0].trade: corps d\'état inconnu (valeur reçue\u00a0: "maconerie")\u00a0; '
        "vouliez-vous dire 'maconnerie', 'menuiserie' ou 'platrerie'\u00a0? Voir "
        "«\u00a0clausegen rates\u00a0» pour la liste.\n"
    ) in french
    code, _out, english = run_cli(["validate", unknown_trade], ENGLISH)
    assert code == 1
    assert (
        ": lots[0].trade: unknown trade (got \"maconerie\"); did you mean 'maconnerie', "
        "'menuiserie' or 'platrerie'? See 'clausegen rates' for the list.\n"
    ) in english


def test_a_refused_input() -> None:
    assert run_cli(["hours", "/proc/self/status"], FRENCH) == (
        1,
        "",
        "Erreur\u00a0: /proc/self/status: est un fichier du système d'exploitation, pas un "
        "fichier de données\u00a0: refusé\n",
    )
    assert run_cli(["hours", "/proc/self/status"], ENGLISH) == (
        1,
        "",
        "Error: /proc/self/status: is a file of the operating system, not a data file: refused\n",
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({**LANGUAGE_UNSET, "CLAUSEGEN_LANG": "en", "LANG": "fr_FR.UTF-8"}, "Error: "),
        ({**LANGUAGE_UNSET, "CLAUSEGEN_LANG": "fr", "LANG": "en_US.UTF-8"}, "Erreur\u00a0: "),
        ({**LANGUAGE_UNSET, "LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "Erreur\u00a0: "),
        ({**LANGUAGE_UNSET, "LANG": "C.UTF-8"}, "Error: "),
    ],
)
def test_clausegen_lang_wins_over_the_locale(
    control_character: str, env: dict[str, str | None], expected: str
) -> None:
    _code, _out, error = run_cli(["validate", control_character], env)
    assert error.startswith(f"{expected}{control_character}:2:16: title: ")


def test_json_failures_translate_the_message_and_keep_the_code(unknown_trade: str) -> None:
    """The message is shown to users: translated; ``code`` is for programs: stable."""
    records = {}
    for name, env in (("fr", FRENCH), ("en", ENGLISH)):
        code, out, error = run_cli(["hours", "--json", unknown_trade], env)
        assert (code, error) == (1, "")
        [records[name]] = json.loads(out)["errors"]
    assert records["fr"]["code"] == records["en"]["code"] == "contract"
    assert records["fr"]["path"] == records["en"]["path"] == "lots[0].trade"
    assert records["fr"]["message"].startswith("corps d'état inconnu (valeur reçue\u00a0: ")
    assert records["en"]["message"].startswith('unknown trade (got "maconerie")')


def test_clicks_own_usage_errors_follow_the_language() -> None:
    assert run_cli(["hours", "--nope"], FRENCH) == (
        2,
        "",
        "Utilisation\u00a0: clausegen hours [OPTIONS] FILE\n"
        "Essayez «\u00a0clausegen hours --help\u00a0» pour l'aide.\n\n"
        "Erreur\u00a0: Option inconnue\u00a0: '--nope'.\n",
    )
    assert run_cli(["hours"], FRENCH)[2].endswith(
        "Erreur\u00a0: Argument manquant\u00a0: 'FILE'.\n"
    )
    assert run_cli(["hours", "--nope"], ENGLISH) == (
        2,
        "",
        "Usage: clausegen hours [OPTIONS] FILE\nTry 'clausegen hours --help' for help.\n\n"
        "Error: No such option '--nope'.\n",
    )
    english = {**LANGUAGE_UNSET, "CLAUSEGEN_LANG": "en", "LANG": "fr_FR.UTF-8"}
    assert run_cli(["hours"], english)[2].endswith("Error: Missing argument 'FILE'.\n")
    help_text = run_cli(["hours", "--help"], FRENCH)[1]
    assert help_text.startswith("Utilisation\u00a0: clausegen hours [OPTIONS] FILE\n")


def test_the_click_texts_are_translated_and_put_back_after_the_command() -> None:
    import gettext

    with speaking("fr"):
        assert all(_(text) != text for text in CLICK_TEXTS if text != "Options")
        assert all(text.endswith((".", "?", ")", ":")) for text in click_plurals(2))
    domain = gettext.textdomain()
    run_cli(["hours", "--nope"], FRENCH)
    assert gettext.textdomain() == domain
    assert "LANGUAGE" not in os.environ or os.environ["LANGUAGE"] != "fr"


def test_the_installed_command_speaks_french_under_a_french_locale(tmp_path: Path) -> None:
    """The real entry point, in a process of its own, with only ``LANG`` set."""
    existing = tmp_path / "buyer-profile.yaml"
    existing.write_text("kept\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in LANGUAGE_UNSET}
    env["LANG"] = "fr_FR.UTF-8"
    result = subprocess.run(
        [sys.executable, "-m", "clausegen", "profile", "init", str(existing)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        4,
        "",
        f"Erreur\u00a0: {existing}: existe déjà\u00a0; utilisez --force pour le remplacer\n",
    )
    # NOTE: click words the help option once per process (it keeps the option): a fresh one.
    help_text = subprocess.run(
        [sys.executable, "-m", "clausegen", "hours", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "  -h, --help   Affiche ce message et quitte.\n" in help_text
