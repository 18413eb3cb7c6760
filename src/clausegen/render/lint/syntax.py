"""The statements templates may use, and how a tag Jinja cannot parse is worded.

Each tag is parsed by Jinja itself (:meth:`jinja2.Environment.parse`, with a made-up end for
an opening tag); these tables say which statements open, share or close a block, and which
the renderer refuses.
"""

from __future__ import annotations

import re
from dataclasses import replace

import jinja2

from clausegen.i18n import _
from clausegen.render.lint.findings import closest, either, quoted, tag_text
from clausegen.render.lint.paragraphs import Reporter, Tag
from clausegen.render.locate import shorten

#: The statements that open a block, and the statement that closes it.
OPENERS = {
    "if": "endif",
    "for": "endfor",
    "with": "endwith",
    "filter": "endfilter",
    "block": "endblock",
    "raw": "endraw",
    "set": "endset",
    "macro": "endmacro",
    "call": "endcall",
    "autoescape": "endautoescape",
}
ENDS = {end: opener for opener, end in OPENERS.items()}
MIDDLES = {"elif": ("if",), "else": ("if", "for")}
# Minimal valid openers, to parse an end tag on its own.
DUMMY_OPENERS = {
    "if": "if true",
    "for": "for _ in ()",
    "with": "with",
    "filter": "filter upper",
    "block": "block b",
    "raw": "raw",
    "set": "set _",
}
REFUSED = {"import", "from", "include", "extends", "macro", "call", "autoescape"}
# The statements a misspelt keyword is taken for, to follow the blocks as meant.
GUESSABLE = {"if", "elif", "else", "endif", "for", "endfor", "set", "with", "endwith"}
KNOWN = {*OPENERS, *ENDS, *MIDDLES, "print", "import", "from", "include", "extends"}


def report_syntax(reporter: Reporter, tag: Tag, detail: str) -> None:
    """Report a tag Jinja cannot parse, with the likeliest fix (French quotes, else if…)."""
    if "«" in tag.code or "»" in tag.code:
        fixed = re.sub(r"[\s\u00a0\u202f]*»", '"', re.sub(r"«[\s\u00a0\u202f]*", '"', tag.text))
        reporter.about(
            tag,
            "french-quotes",
            _(
                'The tag {tag} holds French quotes « »: in a tag, only the straight quotes " '
                "and ' are understood."
            ).format(tag=quoted(tag.text)),
            _("Write {tag}.").format(tag=quoted(_respace(fixed))),
        )
        return
    suggestion = _(
        "Check the parentheses, the straight quotes and the operators (==, and, or, not)."
    )
    if re.match(r"\s*else\s+if\b", tag.code):
        suggestion = _("Write {tag}.").format(
            tag=quoted(tag_text(tag.level, "elif" + tag.code.strip()[7:]))
        )
    reporter.about(
        tag,
        "jinja-syntax",
        _("The tag {tag} is not written correctly (technical detail: {detail}).").format(
            tag=quoted(shorten(tag.text)), detail=detail.rstrip(".")
        ),
        suggestion,
    )


def set_name(env: jinja2.Environment, code: str) -> str | None:
    """Return the name a ``set`` statement defines, even when the rest of it is broken.

    Jinja's lexer yields the tokens one by one, so the name comes before any error further
    on (an unclosed parenthesis, say).
    """
    words: list[str] = []
    try:
        for _, kind, value in env.lexer.tokeniter("{%" + code + "%}", None):
            if kind == "name":
                words.append(value)
            elif kind not in ("block_begin", "whitespace"):
                break
            if len(words) == 2:
                break
    except jinja2.TemplateSyntaxError:
        pass
    return words[1] if len(words) == 2 and words[0] == "set" else None


def _respace(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _likeliest(close: list[str], top: str | None) -> str | None:
    """Pick what a misspelt keyword most likely meant: what fits the open block first."""
    close = [word for word in close if word in GUESSABLE]
    fitting = [
        word for word in close if (top and word == OPENERS.get(top)) or top in MIDDLES.get(word, ())
    ]
    if fitting:
        return fitting[0]
    return close[0] if len(close) == 1 else None


def unknown_statement(
    reporter: Reporter, env: jinja2.Environment, tag: Tag, keyword: str, top: str | None
) -> Tag | str | None:
    """Report a statement that is not one; return what was probably meant, if anything."""
    if not keyword:
        try:
            env.parse("{%" + tag.code + "%}")
        except jinja2.TemplateSyntaxError as error:
            report_syntax(reporter, tag, error.message or "")
        return None
    code = tag.code.strip()
    rest = code[code.index(keyword) + len(keyword) :]
    meant: Tag | str | None = None
    if keyword in ("p", "tr", "tc", "r") and not tag.level:
        words = re.sub(r"^[\W_]+", "", rest.strip())
        meant = replace(tag, level=keyword, code=f" {words} ") if words else None
        if rest[:1] in ("\u00a0", "\u202f"):
            reporter.about(
                tag,
                "nbsp-in-tag",
                _(
                    "In {tag}, a no-break space follows {opening}: the tag is only recognised "
                    "with an ordinary space."
                ).format(tag=quoted(tag.text), opening=quoted("{%" + keyword)),
                _("Replace the no-break space with an ordinary space."),
            )
            return meant
        fixed = tag_text(keyword, words or "…")
        suggestion = _('Attach {keyword} to "{{%": {tag}.').format(
            keyword=quoted(keyword), tag=quoted(fixed)
        )
    else:
        close = closest(keyword, sorted(KNOWN - REFUSED))
        meant = _likeliest(close, top)
        suggestion = (
            _("Did you mean {name}?").format(name=either(close))
            if close
            else _("The statements are if, elif, else, endif, for, endfor, set, with and filter.")
        )
    reporter.about(
        tag,
        "unknown-statement",
        _("In {tag}, {keyword} is not a known statement.").format(
            tag=quoted(tag.text), keyword=quoted(keyword)
        ),
        suggestion,
    )
    return meant
