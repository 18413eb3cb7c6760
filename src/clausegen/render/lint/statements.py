"""Follow the statements of a template: each tag parsed on its own, blocks opened and closed.

Each tag is parsed on its own (an opening ``{% if %}`` with a made-up ``{% endif %}``), so that
a broken tag in one paragraph hides nothing of the others. The blocks are then followed in
document order, part by part as docxtpl renders them (each part is a Jinja template of its
own): every ``if``/``for``/``with`` must be closed, by a tag of the same sort (``{%p if %}``
by ``{%p endif %}``); ``import``, ``include``, ``extends``, macros and ``autoescape`` are
refused as the renderer refuses them. The names of every tag are resolved by
:class:`~clausegen.render.lint.names.Resolver` in the scopes the blocks open.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import jinja2
from jinja2 import nodes

from clausegen.i18n import N_, _
from clausegen.present.vocabulary import Variable
from clausegen.render.lint.findings import either, quoted, tag_text
from clausegen.render.lint.names import Resolver
from clausegen.render.lint.paragraphs import Reporter, Spot, Tag
from clausegen.render.lint.pitfalls import is_bare
from clausegen.render.lint.syntax import (
    DUMMY_OPENERS,
    ENDS,
    KNOWN,
    MIDDLES,
    OPENERS,
    REFUSED,
    report_syntax,
    set_name,
    unknown_statement,
)
from clausegen.render.lint.values import ANY, ANY_NAME, Value

#: How a tag of another sort than its block's is reported: sharing it, or closing it.
_SHARES = N_(
    "{tag} shares the block of {other} (paragraph {number}): the two tags must be of the same sort."
)
_CLOSES = N_("{tag} closes {other} (paragraph {number}): the two tags must be of the same sort.")


@dataclass
class _Block:
    keyword: str
    tag: Tag
    scoped: bool = False
    opaque: bool = False


@dataclass
class _Walker:
    """Follows the statements of one part."""

    reporter: Reporter
    env: jinja2.Environment
    spots: dict[Spot, list[Tag]]
    names: Resolver
    stack: list[_Block] = field(default_factory=list)

    # -- blocks -------------------------------------------------------------------------

    def statement(self, tag: Tag) -> None:
        """Follow a ``{% … %}`` tag: open, share or close a block, or check an inline one."""
        self.names.start(tag)
        keyword = tag.keyword
        if self.stack and self.stack[-1].keyword == "raw" and keyword != "endraw":
            return
        if tag.broken:
            self._follow_broken(tag, keyword)
            return
        if tag.kind == "{%" and keyword and keyword not in KNOWN:
            self._misspelt(tag, keyword)
            return
        if keyword in REFUSED or ENDS.get(keyword) in REFUSED:
            self._refused(tag, keyword)
            return
        if keyword in ENDS:
            self._close(tag, keyword)
            return
        tree = self._parse(tag)
        if keyword in MIDDLES:
            self._middle(tag, keyword, tree)
        elif keyword in OPENERS:
            self._open(tag, keyword, tree)
        elif tree is not None:
            for node in tree.body:
                self._inline(node)

    def _open(self, tag: Tag, keyword: str, tree: nodes.Template | None) -> None:
        node = tree.body[0] if tree is not None and tree.body else None
        if keyword == "set" and isinstance(node, nodes.Assign):
            self.names.assign(node)
            return
        if keyword == "set" and node is None and "=" in tag.code:
            # NOTE: a broken `{% set x = … %}` still defines x: no second finding for its uses.
            name = set_name(self.env, tag.code)
            if name:
                self.names.scopes[-1][name] = ANY
            return
        block = _Block(keyword, tag)
        self.stack.append(block)
        if isinstance(node, nodes.If):
            self.names.resolve(node.test)
        elif isinstance(node, nodes.For):
            iterated = self.names.resolve(node.iter)
            block.scoped = True
            self.names.scopes.append({"loop": Value("loop", loop=True)})
            self.names.bind(node.target, self.names.item_of(iterated, node.iter))
            if node.test is not None:
                self.names.resolve(node.test)
        elif isinstance(node, nodes.With):
            values = [self.names.resolve(value) for value in node.values]
            block.scoped = True
            self.names.scopes.append({})
            for target, value in zip(node.targets, values, strict=True):
                self.names.bind(target, value)
        elif isinstance(node, nodes.FilterBlock | nodes.AssignBlock) and node.filter is not None:
            self.names.resolve(node.filter)
        elif node is None and keyword in ("for", "with"):
            block.scoped = True
            self.names.scopes.append({ANY_NAME: ANY})

    def _middle(self, tag: Tag, keyword: str, tree: nodes.Template | None) -> None:
        top = self.stack[-1] if self.stack else None
        allowed = MIDDLES[keyword]
        if top is None or top.keyword not in allowed:
            words = either([tag_text("", word, "…") for word in allowed])
            self.reporter.about(
                tag,
                "unexpected-end-tag",
                _("{tag} is in no open {blocks} block.").format(tag=quoted(tag.text), blocks=words),
                _("Delete this tag, or add the opening tag of the block higher up."),
            )
            return
        self._same_level(tag, top, _SHARES)
        if keyword == "elif" and tree is not None and isinstance(tree.body[0], nodes.If):
            for branch in tree.body[0].elif_:
                self.names.resolve(branch.test)

    def _follow_broken(self, tag: Tag, keyword: str) -> None:
        """Follow the block a tag not closed in its paragraph opens or closes, quietly."""
        if keyword in ENDS:
            self._close(tag, keyword, parse=False, quiet=True)
        elif keyword in OPENERS and keyword != "set":
            scoped = keyword in ("for", "with")
            self.stack.append(_Block(keyword, tag, scoped=scoped, opaque=True))
            if scoped:
                self.names.scopes.append({ANY_NAME: ANY})

    def _misspelt(self, tag: Tag, keyword: str) -> None:
        """Report an unknown statement, then follow the blocks as its author meant them.

        ``{% p if x %}`` is followed as ``{%p if x %}`` and ``{%p iff x %}`` as an ``if``, so
        that the ``{%p endif %}`` further down is not reported as well.
        """
        meant = self._unknown_statement(tag, keyword)
        if isinstance(meant, Tag):
            self.statement(meant)
        elif meant in ENDS:
            self._close(tag, meant, parse=False, quiet=True)
        elif meant in MIDDLES:
            self._middle(tag, meant, None)
        elif meant in OPENERS:
            scoped = meant in ("for", "with")
            # NOTE: marked broken: an unknown statement left open is not reported twice.
            self.stack.append(_Block(meant, replace(tag, broken=True), scoped=scoped, opaque=True))
            if scoped:
                self.names.scopes.append({ANY_NAME: ANY})

    def _close(self, tag: Tag, keyword: str, *, parse: bool = True, quiet: bool = False) -> None:
        opener = ENDS[keyword]
        if parse and opener not in REFUSED:
            self._parse(tag)
        index = next(
            (i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].keyword == opener),
            None,
        )
        if index is None:
            if quiet:
                return
            self.reporter.about(
                tag,
                "unexpected-end-tag",
                _("{tag} closes a {opener} block that is not open.").format(
                    tag=quoted(tag.text), opener=quoted(opener)
                ),
                _("Delete this tag, or add the {opening} tag that matches it higher up.").format(
                    opening=quoted(tag_text(tag.level, opener, "…"))
                ),
            )
            return
        for block in self.stack[index + 1 :]:
            self._unclosed(block)
        for block in reversed(self.stack[index:]):
            if block.scoped:
                self.names.scopes.pop()
        block = self.stack[index]
        del self.stack[index:]
        if block.keyword == "set" and not block.opaque:
            name = set_name(self.env, block.tag.code)
            if name:
                self.names.scopes[-1][name] = Value(name)
        if not quiet and not block.tag.broken and self._same_level(tag, block, _CLOSES):
            self._across(block.tag, tag)

    def finish(self) -> None:
        """Report the blocks still open at the end of the part."""
        for block in self.stack:
            self._unclosed(block)
        self.stack.clear()

    def _unclosed(self, block: _Block) -> None:
        tag = block.tag
        if tag.broken:
            return  # already reported as a tag not closed in its paragraph
        end = tag_text(tag.level, OPENERS[block.keyword])
        where = {
            "p": N_(", alone in its paragraph,"),
            "tr": N_(", alone in a table row,"),
            "tc": N_(", alone in a cell,"),
        }.get(tag.level)
        self.reporter.about(
            tag,
            "unclosed-block",
            _("{tag} is never closed.").format(tag=quoted(tag.text)),
            _("Add {end}{where} where the passage ends.").format(
                end=quoted(end), where=_(where) if where else ""
            ),
        )

    def _same_level(self, tag: Tag, block: _Block, wording: str) -> bool:
        if tag.level == block.tag.level:
            return True
        if not block.tag.level and tag.level == "p":
            opening = tag_text("p", block.tag.code.strip())
            suggestion = _(
                "Write the opening as a paragraph tag too: {tag}, alone in its paragraph."
            ).format(tag=quoted(opening))
        else:
            expected = quoted(tag_text(block.tag.level, tag.code.strip()))
            suggestion = (
                _("Write {tag}, alone in its paragraph.").format(tag=expected)
                if block.tag.level == "p"
                else _("Write {tag}.").format(tag=expected)
            )
        self.reporter.about(
            tag,
            "mismatched-levels",
            _(wording).format(
                tag=quoted(tag.text), other=quoted(block.tag.text), number=block.tag.spot.number
            ),
            suggestion,
        )
        return False

    def _across(self, opening: Tag, closing: Tag) -> None:
        first, last = opening.spot, closing.spot
        if opening.level or first == last:
            return
        if is_bare(first, self.spots.get(first, [])) or is_bare(last, self.spots.get(last, [])):
            return
        self.reporter.about(
            opening,
            "block-across-paragraphs",
            _(
                "{opening} opens in this paragraph and is closed by {closing} in paragraph "
                "{number}: when the block does not apply, the two paragraphs are merged."
            ).format(
                opening=quoted(opening.text), closing=quoted(closing.text), number=last.number
            ),
            _(
                "Write {opening} and {closing}, each alone in its paragraph, or close the block "
                "in the paragraph where it opens."
            ).format(
                opening=quoted(tag_text("p", opening.code.strip())),
                closing=quoted(tag_text("p", OPENERS[opening.keyword])),
            ),
        )

    def _refused(self, tag: Tag, keyword: str) -> None:
        opener = ENDS.get(keyword, keyword)
        if keyword in OPENERS:
            self.stack.append(_Block(keyword, tag, scoped=True, opaque=True))
            self.names.scopes.append({ANY_NAME: ANY})
        if keyword in ENDS:
            self._close(tag, keyword)
            return
        self.reporter.about(
            tag,
            "refused-statement",
            _(
                "In {tag}, the statement {statement} is refused: a template cannot import, "
                "include or extend another file, define or call macros, nor turn off the "
                "protection of values."
            ).format(tag=quoted(tag.text), statement=quoted(opener)),
            _("Write the text wanted in the template itself."),
        )

    # -- parsing ------------------------------------------------------------------------

    def _parse(self, tag: Tag) -> nodes.Template | None:
        keyword = tag.keyword
        # NOTE: docxtpl turns "{%p if x %}" into "{% if x %}": a "-" after the prefix is then
        # no trim mark but a syntax error, as it is here.
        statement = ("{% " if tag.level else "{%") + tag.code + "%}"
        if tag.kind == "{{":
            source = "{{" + tag.code + "}}"
        elif not keyword:
            self._unknown_statement(tag, keyword)
            return None
        elif keyword in MIDDLES:
            source = "{% if true %}" + statement + "{% endif %}"
        elif keyword in ENDS:
            source = "{% " + DUMMY_OPENERS.get(ENDS[keyword], "") + " %}" + statement
        elif keyword in OPENERS and keyword != "set":
            source = statement + "{% " + OPENERS[keyword] + " %}"
        else:
            source = statement
        try:
            return self.env.parse(source)
        except jinja2.TemplateSyntaxError as error:
            message = error.message or ""
            if keyword == "set" and "'endset'" in message:
                source += "{% endset %}"
            else:
                report_syntax(self.reporter, tag, message)
                return None
        try:
            return self.env.parse(source)
        except jinja2.TemplateSyntaxError as error:
            report_syntax(self.reporter, tag, error.message or "")
            return None

    def _unknown_statement(self, tag: Tag, keyword: str) -> Tag | str | None:
        """Report a statement that is not one; return what was probably meant, if anything."""
        top = self.stack[-1].keyword if self.stack else None
        return unknown_statement(self.reporter, self.env, tag, keyword, top)

    def output(self, tag: Tag) -> None:
        """Check a ``{{ … }}`` tag: its syntax, its names, and that it prints a value."""
        self.names.start(tag)
        tree = self._parse(tag)
        if tree is None or not tree.body or not isinstance(tree.body[0], nodes.Output):
            return
        for expression in tree.body[0].nodes:
            value = self.names.resolve(expression)
            if isinstance(expression, nodes.Name | nodes.Getattr | nodes.Getitem | nodes.Filter):
                self.names.printable(tag, value)

    def _inline(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Assign):
            self.names.assign(node)
        elif isinstance(node, nodes.Output):
            for expression in node.nodes:
                self.names.resolve(expression)


def check_statements(
    parts: list[list[Tag]],
    spots: dict[Spot, list[Tag]],
    reporter: Reporter,
    *,
    vocabulary: Variable,
    env: jinja2.Environment,
) -> None:
    """Check the Jinja of every tag, part by part (each part is its own Jinja template).

    Args:
        parts: the tags of each part, in document order.
        spots: the tags of each paragraph, to tell bare paragraphs.
        reporter: where findings go.
        vocabulary: the names templates may use.
        env: the environment templates are rendered with (its filters, tests, globals).
    """
    for tags in parts:
        checker = _Walker(reporter, env, spots, Resolver(reporter, vocabulary, env))
        for tag in tags:
            if tag.kind == "{%":
                checker.statement(tag)
            elif tag.kind == "{{" and not tag.level and not _in_raw(checker):
                checker.output(tag)
        checker.finish()


def _in_raw(checker: _Walker) -> bool:
    return bool(checker.stack) and checker.stack[-1].keyword == "raw"
