"""The language clausegen speaks to its users: French or English, through gettext.

Every message shown to a user is written in English in the source, wrapped in :func:`_`
(or :func:`ngettext` when it counts something), with named placeholders filled afterwards::

    _("{source}: the buyer profile {profile} is invalid:").format(source=..., profile=...)

The French catalog (``locale/fr/LC_MESSAGES/clausegen.po``, compiled to ``clausegen.mo``
and shipped in the wheel) gives the French text. The language is looked up when a message is
translated, not when clausegen is imported:

1. ``CLAUSEGEN_LANG`` when it is ``fr`` or ``en``;
2. otherwise the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set (the POSIX
   order): French when it starts with ``fr`` (``fr_FR.UTF-8``, ``fr_BE``), else English;
3. English when none is set.

:func:`speaking` forces a language for a block of code (tests, the HTTP service answering
one request in the language it asks for), whatever the environment says; it is local to
the thread or task that enters it. Messages kept in module-level tables are marked with
:func:`N_` (for extraction) and translated with :func:`_` where they are used.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Literal

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "Language",
    "_",
    "language",
    "language_of",
    "libraries_speaking",
    "ngettext",
    "speaking",
]

#: The gettext domain of clausegen's catalogs.
DOMAIN = "clausegen"
#: Where the catalogs are: ``<LOCALE_DIR>/fr/LC_MESSAGES/clausegen.mo``.
LOCALE_DIR = Path(__file__).parent / "locale"

Language = Literal["fr", "en"]
#: The languages clausegen speaks; English is the language of the source.
LANGUAGES: tuple[Language, ...] = ("fr", "en")

#: The variables that name the language of messages, strongest first (POSIX order).
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_forced: ContextVar[Language | None] = ContextVar("clausegen_language", default=None)


def language_of(environment: Mapping[str, str]) -> Language:
    """Return the language that these environment variables ask for (see the module)."""
    chosen = environment.get("CLAUSEGEN_LANG", "").strip().lower()
    if chosen == "fr":
        return "fr"
    if chosen == "en":
        return "en"
    for name in _LOCALE_VARIABLES:
        value = environment.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def language() -> Language:
    """Return the language of messages now: as forced by :func:`speaking`, or the environment's."""
    return _forced.get() or language_of(os.environ)


@contextlib.contextmanager
def speaking(chosen: Language) -> Iterator[None]:
    """Translate messages into ``chosen`` inside the block, whatever the environment says.

    Raises:
        ValueError: for a language clausegen does not speak.
    """
    if chosen not in LANGUAGES:
        message = f"clausegen speaks {' and '.join(LANGUAGES)}, not {chosen!r}"
        raise ValueError(message)
    token = _forced.set(chosen)
    try:
        yield
    finally:
        _forced.reset(token)


@functools.cache
def _translations(chosen: Language) -> gettext.NullTranslations:
    """Return the catalog of a language (English is the source: nothing to translate)."""
    if chosen == "en":
        return gettext.NullTranslations()
    # NOTE: a missing catalog falls back to English rather than failing every command;
    # tests/test_i18n_catalogs.py checks that the wheel carries it.
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[chosen], fallback=True)


@contextlib.contextmanager
def libraries_speaking() -> Iterator[None]:
    """Let libraries that translate through the standard ``gettext`` module speak French too.

    Click words its own usage errors and help headings ("No such option", "Usage:") with
    ``gettext.gettext``, in the application's text domain. When clausegen speaks French, the
    block makes clausegen's catalog that domain (``gettext.textdomain``, the standard way for
    an application to name its catalog) and ``LANGUAGE`` French, so that those texts come
    from the French catalog (:mod:`clausegen.cli._click_texts` marks them); both are put
    back afterwards. In English nothing changes: Click's texts are English.
    """
    if language() != "fr":
        yield
        return
    domain = gettext.textdomain()
    previous = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "fr"
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if previous is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous


def _(message: str) -> str:
    """Return ``message`` (English) in the language of messages."""
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """Return the singular or plural form, in the language of messages, for ``number``.

    French uses the singular for 0 and 1, English for 1 only: the catalog knows.
    """
    return _translations(language()).ngettext(singular, plural, number)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (module-level tables)."""
    return message
