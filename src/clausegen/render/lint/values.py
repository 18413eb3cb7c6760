"""What a name of a template refers to, as far as the check can tell."""

from __future__ import annotations

from dataclasses import dataclass

from clausegen.i18n import N_
from clausegen.present.vocabulary import Kind, Variable

#: How messages call each kind of variable (translated where they are used).
KIND_WORDS = {
    Kind.TEXT: N_("a text"),
    Kind.INTEGER: N_("a number"),
    Kind.BOOLEAN: N_("a yes/no value"),
    Kind.GROUP: N_("a group"),
    Kind.LIST: N_("a list"),
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
