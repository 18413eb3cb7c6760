"""What the YAML and JSON parsers say, in the language of messages.

PyYAML and the ``json`` module word their problems in English ("mapping values are not
allowed here", "Expecting value"); a French buyer reads them inside a French message
("YAML invalide : …"). The problems a description can meet are a short, fixed list: each is
translated here, its quoted parts (the character or token the parser found, in the
parser's notation) kept as they are. A text not in the list, say from another version of a
parser, stays as the parser wrote it: never dropped, never guessed.
"""

from __future__ import annotations

import re

from clausegen.i18n import N_, _

#: PyYAML's problems and contexts with no variable part.
_YAML_FIXED = frozenset(
    {
        N_("mapping values are not allowed here"),
        N_("block sequence entries are not allowed here"),
        N_("mapping keys are not allowed here"),
        N_("could not find expected ':'"),
        N_("found unexpected end of stream"),
        N_("found unexpected document separator"),
        N_("found unhashable key"),
        N_("found duplicate anchor; first occurrence"),
        N_("second occurrence"),
        N_("while scanning a simple key"),
        N_("while scanning for the next token"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while scanning a block scalar"),
        N_("while scanning an alias"),
        N_("while scanning an anchor"),
        N_("while scanning a tag"),
        N_("while scanning a directive"),
        N_("while parsing a block mapping"),
        N_("while parsing a block collection"),
        N_("while parsing a flow sequence"),
        N_("while parsing a flow mapping"),
        N_("while parsing a block node"),
        N_("while parsing a flow node"),
        N_("while parsing a node"),
        N_("while constructing a mapping"),
    }
)

#: PyYAML's problems that quote what the parser found (``{found}``, its notation kept).
_YAML_QUOTING_TEXTS = (
    N_("found character {found} that cannot start any token"),
    N_("expected <block end>, but found {found}"),
    N_("expected ',' or ']', but got {found}"),
    N_("expected ',' or '}}', but got {found}"),  # NOTE: '}}' is '}' once formatted
    N_("expected the node content, but found {found}"),
    N_("expected '<document start>', but found {found}"),
    N_("expected alphabetic or numeric character, but found {found}"),
    N_("expected indentation indicator in the range 1-9, but found {found}"),
    N_("expected a comment or a line break, but found {found}"),
    N_("expected '>', but found {found}"),
    N_("found undefined alias {found}"),
    N_("found undefined tag handle {found}"),
    N_("could not determine a constructor for the tag {found}"),
)


def _shape(message: str) -> re.Pattern[str]:
    """The parser's text a message translates: the message with ``{found}`` any text."""
    literal = re.escape(message.replace("{{", "{").replace("}}", "}"))
    return re.compile(literal.replace(re.escape("{found}"), "(?P<found>.+)"))


#: Each quoting problem's shape, to find it in the parser's text, with its message.
_YAML_QUOTING = tuple((_shape(message), message) for message in _YAML_QUOTING_TEXTS)

#: The json module's problems (its messages have no variable part; the position is apart).
_JSON_FIXED = frozenset(
    {
        N_("Expecting value"),
        N_("Expecting property name enclosed in double quotes"),
        N_("Expecting ':' delimiter"),
        N_("Expecting ',' delimiter"),
        N_("Unterminated string starting at"),
        N_("Invalid control character at"),
        N_("Invalid \\escape"),
        N_("Invalid \\uXXXX escape"),
        N_("Extra data"),
        N_("Illegal trailing comma before end of object"),
        N_("Illegal trailing comma before end of array"),
    }
)


def yaml_text(part: str) -> str:
    """Return one part of a PyYAML error (its context or its problem), translated if known."""
    if part in _YAML_FIXED:
        return _(part)
    for shape, message in _YAML_QUOTING:
        match = shape.fullmatch(part)
        if match is not None:
            return _(message).format(found=match["found"])
    return part


def yaml_problem(context: str | None, problem: str | None) -> str:
    """Return a PyYAML error's context and problem, translated, as one text."""
    parts = [yaml_text(part) for part in (context, problem) if part]
    if len(parts) < 2:
        return "".join(parts)
    return _("{context} {problem}").format(context=parts[0], problem=parts[1])


def json_text(message: str) -> str:
    """Return the problem of a ``json.JSONDecodeError`` (its ``msg``), translated if known."""
    return _(message) if message in _JSON_FIXED else message


_ASCII_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def shorten(message: str, limit: int = 200) -> str:
    """Shorten a parser's message, which may quote the text it stumbled on.

    Runs of ASCII white space become one space; a no-break space (French typography) stays.
    """
    message = _ASCII_SPACES.sub(" ", message).strip(" ")
    return message if len(message) <= limit else message[:limit] + "…"
