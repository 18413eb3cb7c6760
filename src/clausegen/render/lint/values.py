"""What a name of a template refers to, as far as the check can tell."""

from __future__ import annotations

from dataclasses import dataclass

from clausegen.present.vocabulary import Kind, Variable

#: How messages call each kind of variable.
KIND_WORDS = {
    Kind.TEXT: "un texte",
    Kind.INTEGER: "un nombre",
    Kind.BOOLEAN: "une valeur oui/non",
    Kind.GROUP: "un groupe",
    Kind.LIST: "une liste",
}
#: In a scope, this key accepts every name (after a tag too broken to read).
ANY_NAME = "*"
# What legal staff may type for a filter, in French (singular, without accents on purpose too).


@dataclass(frozen=True)
class Value:
    """What a name or expression of a template refers to, as far as the check can tell.

    ``variable`` None means "anything" (nothing more is checked); ``item`` marks one element
    of a list variable; ``loop`` is the ``loop`` object of a ``{% for %}``.
    """

    written: str
    variable: Variable | None = None
    item: bool = False
    loop: bool = False


ANY = Value("")
