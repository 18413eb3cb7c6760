"""clausegen speaks French or English, chosen from the environment or forced for a block."""

from __future__ import annotations

import pytest

from clausegen import i18n
from clausegen.i18n import _, language, language_of, ngettext, speaking


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr"}, "fr"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "fr_FR.UTF-8"}, "fr"),
        ({"CLAUSEGEN_LANG": "fr", "LANG": "en_US.UTF-8"}, "fr"),
        ({"CLAUSEGEN_LANG": "EN", "LC_ALL": "fr_FR.UTF-8"}, "en"),
        ({"CLAUSEGEN_LANG": "de", "LANG": "fr_FR.UTF-8"}, "fr"),
    ],
)
def test_the_language_comes_from_the_environment(
    environment: dict[str, str], expected: str
) -> None:
    assert language_of(environment) == expected


def test_the_environment_is_read_when_a_message_is_translated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CLAUSEGEN_LANG")
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert language() == "fr"
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert language() == "en"


def test_speaking_forces_a_language_inside_its_block_only() -> None:
    assert _("Interrupted.") == "Interrupted."
    with speaking("fr"):
        assert _("Interrupted.") == "Interrompu."
        with speaking("en"):
            assert _("Interrupted.") == "Interrupted."
        assert _("Interrupted.") == "Interrompu."
    assert _("Interrupted.") == "Interrupted."


def test_speaking_refuses_a_language_clausegen_does_not_speak() -> None:
    with (
        pytest.raises(ValueError, match="clausegen speaks fr and en, not 'de'"),
        speaking("de"),  # type: ignore[arg-type]
    ):
        pass


def test_a_message_the_catalog_lacks_stays_in_english() -> None:
    with speaking("fr"):
        assert _("not a message of clausegen") == "not a message of clausegen"
    assert i18n.LOCALE_DIR.joinpath("fr", "LC_MESSAGES", "clausegen.mo").is_file()


def test_french_plurals_take_the_singular_for_zero_and_one() -> None:
    with speaking("fr"):
        forms = [
            ngettext("the check found {count} error", "the check found {count} errors", n).format(
                count=n
            )
            for n in (0, 1, 2)
        ]
    assert forms == [
        "la vérification a trouvé 0 erreur",
        "la vérification a trouvé 1 erreur",
        "la vérification a trouvé 2 erreurs",
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("", "en"),
        ("fr", "fr"),
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"),
        ("en-US,en;q=0.9,fr;q=0.8", "en"),
        ("de-DE, fr;q=0.5", "fr"),
        ("en;q=0.2, fr;q=0.7", "fr"),
        ("fr;q=0, en", "en"),
        ("de, it", "en"),
        ("fr;q=nonsense, en;q=0.1", "en"),
    ],
)
def test_the_service_reads_accept_language(header: str | None, expected: str) -> None:
    from clausegen.service.bodies import requested_language

    assert requested_language(header) == expected
