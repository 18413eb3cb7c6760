"""What a name of a template refers to, as far as the check can tell."""

from __future__ import annotations

from dataclasses import dataclass

from clausegen.i18n import N_, _
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


#: What ``loop`` offers inside a ``{% for %}``.
LOOP_ATTRIBUTES = (
    "index",
    "index0",
    "revindex",
    "revindex0",
    "first",
    "last",
    "length",
    "cycle",
    "depth",
    "depth0",
    "previtem",
    "nextitem",
    "changed",
)


#: What a loop over something that is not a list would go through, by the kind of value.
_WALKS = {
    Kind.TEXT: N_(
        "{name} is {kind}, not a list: the loop would go through its letters one by one."
    ),
    Kind.GROUP: N_(
        "{name} is {kind}, not a list: the loop would go through the names of its fields."
    ),
    Kind.LIST: N_(
        "{name} is {kind}, not a list: the loop would go through the names of its fields."
    ),
}


def not_a_list(name: str, kind: Kind, *, item: bool) -> str:
    """Say that ``{% for %}`` goes over something that is not a list (an item is a group)."""
    words = _(KIND_WORDS[Kind.GROUP] if item else KIND_WORDS[kind])
    walk = _WALKS.get(kind, N_("{name} is {kind}, not a list."))
    return _(walk).format(name=name, kind=words)
