"""Check the Jinja of a template's tags: syntax, blocks, and every name against the vocabulary.

Each tag is parsed on its own (an opening ``{% if %}`` with a made-up ``{% endif %}``), so that
a broken tag in one paragraph hides nothing of the others. The blocks are then followed in
document order, part by part as docxtpl renders them: every ``if``/``for``/``with`` must be
closed, by a tag of the same sort (``{%p if %}`` by ``{%p endif %}``). Along the way, every
name a tag uses is resolved to its full path in
:data:`~clausegen.documents.vocabulary.VOCABULARY`: loop variables to the fields of their
list's items (``lot.title`` is ``lots[].title``), ``{% set %}`` names to what they were set to,
``loop.index`` and the sandbox's globals; filters and tests must exist in the one environment
templates are rendered with, and what its sandbox would refuse is reported before any render.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import jinja2
from jinja2 import nodes

from clausegen.documents.findings import either, quoted
from clausegen.documents.lint_tags import Reporter, Spot, Tag, is_bare
from clausegen.documents.render import REFUSED_FILTERS
from clausegen.documents.vocabulary import Kind, Variable, variables

_OPENERS = {
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
_ENDS = {end: opener for opener, end in _OPENERS.items()}
_MIDDLES = {"elif": ("if",), "else": ("if", "for")}
# Minimal valid openers, to parse an end tag on its own.
_DUMMY_OPENERS = {
    "if": "if true",
    "for": "for _ in ()",
    "with": "with",
    "filter": "filter upper",
    "block": "block b",
    "raw": "raw",
    "set": "set _",
}
_REFUSED = {"import", "from", "include", "extends", "macro", "call", "autoescape"}
_KNOWN = {*_OPENERS, *_ENDS, *_MIDDLES, "print", "import", "from", "include", "extends"}
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
_KIND = {
    Kind.TEXT: "un texte",
    Kind.INTEGER: "un nombre",
    Kind.BOOLEAN: "une valeur oui/non",
    Kind.GROUP: "un groupe",
    Kind.LIST: "une liste",
}
_LIST_FILTERS = {
    "selectattr",
    "rejectattr",
    "sort",
    "reverse",
    "unique",
    "list",
    "select",
    "reject",
}
_ITEM_FILTERS = {"first", "last", "random"}
_ATTRIBUTE_FILTERS = {"sort", "unique", "min", "max", "sum", "map", "groupby"}
_ANY_NAME = "*"
# What legal staff may type for a filter, in French (singular, without accents on purpose too).
_FRENCH_FILTERS = {
    "majuscule": "upper",
    "minuscule": "lower",
    "capitale": "capitalize",
    "longueur": "length",
    "nombre": "length",
    "defaut": "default",
    "défaut": "default",
    "joindre": "join",
    "remplacer": "replace",
    "premier": "first",
    "dernier": "last",
    "trier": "sort",
    "somme": "sum",
    "arrondi": "round",
    "titre": "title",
}  # a scope where every name is accepted (after a tag too broken to read)


@dataclass(frozen=True)
class _Value:
    """What a name or expression of a template refers to, as far as the check can tell.

    ``variable`` None means "anything" (nothing more is checked); ``item`` marks one element
    of a list variable; ``loop`` is the ``loop`` object of a ``{% for %}``.
    """

    written: str
    variable: Variable | None = None
    item: bool = False
    loop: bool = False


_ANY = _Value("")


@dataclass
class _Block:
    keyword: str
    tag: Tag
    scoped: bool = False
    opaque: bool = False


@dataclass
class _Checker:
    reporter: Reporter
    vocabulary: Variable
    env: jinja2.Environment
    spots: dict[Spot, list[Tag]]
    stack: list[_Block] = field(default_factory=list)
    scopes: list[dict[str, _Value]] = field(default_factory=lambda: [{}])
    tag: Tag | None = None
    reported: set[tuple[str, str]] = field(default_factory=set)

    # -- blocks -------------------------------------------------------------------------

    def statement(self, tag: Tag) -> None:
        self.tag = tag
        self.reported = set()
        keyword = tag.keyword
        if self.stack and self.stack[-1].keyword == "raw" and keyword != "endraw":
            return
        if keyword in _REFUSED or _ENDS.get(keyword) in _REFUSED:
            self._refused(tag, keyword)
            return
        if keyword in _ENDS:
            self._close(tag, keyword)
            return
        tree = self._parse(tag)
        if keyword in _MIDDLES:
            self._middle(tag, keyword, tree)
        elif keyword in _OPENERS:
            self._open(tag, keyword, tree)
        elif tree is not None:
            for node in tree.body:
                self._inline(node)

    def _open(self, tag: Tag, keyword: str, tree: nodes.Template | None) -> None:
        node = tree.body[0] if tree is not None and tree.body else None
        if keyword == "set" and isinstance(node, nodes.Assign):
            self._assign(node)
            return
        if keyword == "set" and node is None and "=" in tag.code:
            # NOTE: a broken `{% set x = … %}` still defines x: no second finding for its uses.
            name = re.match(r"\s*set\s+([A-Za-z_]\w*)", tag.code)
            if name:
                self.scopes[-1][name.group(1)] = _ANY
            return
        block = _Block(keyword, tag)
        self.stack.append(block)
        if isinstance(node, nodes.If):
            self.resolve(node.test)
        elif isinstance(node, nodes.For):
            iterated = self.resolve(node.iter)
            block.scoped = True
            self.scopes.append({"loop": _Value("loop", loop=True)})
            self._bind(node.target, self._item_of(iterated, node.iter))
            if node.test is not None:
                self.resolve(node.test)
        elif isinstance(node, nodes.With):
            values = [self.resolve(value) for value in node.values]
            block.scoped = True
            self.scopes.append({})
            for target, value in zip(node.targets, values, strict=True):
                self._bind(target, value)
        elif isinstance(node, nodes.FilterBlock | nodes.AssignBlock) and node.filter is not None:
            self.resolve(node.filter)
        elif node is None and keyword in ("for", "with"):
            block.scoped = True
            self.scopes.append({_ANY_NAME: _ANY})

    def _middle(self, tag: Tag, keyword: str, tree: nodes.Template | None) -> None:
        top = self.stack[-1] if self.stack else None
        allowed = _MIDDLES[keyword]
        if top is None or top.keyword not in allowed:
            words = either([_written("", word, "…") for word in allowed])
            self.reporter.about(
                tag,
                "unexpected-end-tag",
                f"{quoted(tag.text)} n'est dans aucun bloc {words} ouvert.",
                "Supprimez cette balise, ou ajoutez plus haut la balise d'ouverture du bloc.",
            )
            return
        self._same_level(tag, top, "partage le bloc de")
        if keyword == "elif" and tree is not None and isinstance(tree.body[0], nodes.If):
            for branch in tree.body[0].elif_:
                self.resolve(branch.test)

    def _close(self, tag: Tag, keyword: str) -> None:
        opener = _ENDS[keyword]
        if opener not in _REFUSED:
            self._parse(tag)
        index = next(
            (i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].keyword == opener),
            None,
        )
        if index is None:
            self.reporter.about(
                tag,
                "unexpected-end-tag",
                f"{quoted(tag.text)} ferme un bloc {quoted(opener)} qui n'est pas ouvert.",
                f"Supprimez cette balise, ou ajoutez plus haut la balise "
                f"{quoted(_written(tag.level, opener, '…'))} qui lui correspond.",
            )
            return
        for block in self.stack[index + 1 :]:
            self._unclosed(block)
        for block in reversed(self.stack[index:]):
            if block.scoped:
                self.scopes.pop()
        block = self.stack[index]
        del self.stack[index:]
        if block.keyword == "set" and not block.opaque:
            name = re.match(r"\s*set\s+([A-Za-z_]\w*)", block.tag.code)
            if name:
                self.scopes[-1][name.group(1)] = _Value(name.group(1))
        if self._same_level(tag, block, "ferme"):
            self._across(block.tag, tag)

    def finish(self) -> None:
        for block in self.stack:
            self._unclosed(block)
        self.stack.clear()

    def _unclosed(self, block: _Block) -> None:
        tag = block.tag
        end = _written(tag.level, _OPENERS[block.keyword])
        where = {
            "p": ", seule dans son paragraphe,",
            "tr": ", seule dans une ligne du tableau,",
            "tc": ", seule dans une cellule,",
        }.get(tag.level, "")
        self.reporter.about(
            tag,
            "unclosed-block",
            f"{quoted(tag.text)} n'est jamais fermé.",
            f"Ajoutez {quoted(end)}{where} là où le passage se termine.",
        )

    def _same_level(self, tag: Tag, block: _Block, verb: str) -> bool:
        if tag.level == block.tag.level:
            return True
        expected = _written(block.tag.level, tag.code.strip())
        self.reporter.about(
            tag,
            "mismatched-levels",
            f"{quoted(tag.text)} {verb} {quoted(block.tag.text)} (paragraphe "
            f"{block.tag.spot.number}) : les deux balises doivent être de la même sorte.",
            f"Écrivez {quoted(expected)}"
            + (", seule dans son paragraphe." if block.tag.level == "p" else "."),
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
            f"{quoted(opening.text)} s'ouvre dans ce paragraphe et se ferme par "
            f"{quoted(closing.text)} au paragraphe {last.number} : quand le bloc ne "
            "s'applique pas, les deux paragraphes sont fusionnés.",
            f"Écrivez {quoted(_written('p', opening.code.strip()))} et "
            f"{quoted(_written('p', _OPENERS[opening.keyword]))}, chacune seule dans son "
            "paragraphe, ou fermez le bloc dans le paragraphe où il s'ouvre.",
        )

    def _refused(self, tag: Tag, keyword: str) -> None:
        opener = _ENDS.get(keyword, keyword)
        if keyword in _OPENERS:
            self.stack.append(_Block(keyword, tag, scoped=True, opaque=True))
            self.scopes.append({_ANY_NAME: _ANY})
        if keyword in _ENDS:
            self._close(tag, keyword)
            return
        self.reporter.about(
            tag,
            "refused-statement",
            f"Dans {quoted(tag.text)}, l'instruction {quoted(opener)} est refusée : un modèle "
            "ne peut pas importer, inclure ou étendre un autre fichier, définir ou appeler des "
            "macros, ni désactiver la protection des valeurs.",
            "Écrivez le texte voulu dans le modèle lui-même.",
        )

    # -- parsing ------------------------------------------------------------------------

    def _parse(self, tag: Tag) -> nodes.Template | None:
        keyword = tag.keyword
        if tag.kind == "{{":
            source = "{{" + tag.code + "}}"
        elif not keyword or keyword not in _KNOWN:
            self._unknown_statement(tag, keyword)
            return None
        elif keyword in _MIDDLES:
            source = "{% if true %}{%" + tag.code + "%}{% endif %}"
        elif keyword in _ENDS:
            source = "{% " + _DUMMY_OPENERS.get(_ENDS[keyword], "") + " %}{%" + tag.code + "%}"
        elif keyword in _OPENERS and keyword != "set":
            source = "{%" + tag.code + "%}{% " + _OPENERS[keyword] + " %}"
        else:
            source = "{%" + tag.code + "%}"
        try:
            return self.env.parse(source)
        except jinja2.TemplateSyntaxError as error:
            message = error.message or ""
            if keyword == "set" and "'endset'" in message:
                source += "{% endset %}"
            else:
                self._syntax(tag, message)
                return None
        try:
            return self.env.parse(source)
        except jinja2.TemplateSyntaxError as error:
            self._syntax(tag, error.message or "")
            return None

    def _unknown_statement(self, tag: Tag, keyword: str) -> None:
        if not keyword:
            try:
                self.env.parse("{%" + tag.code + "%}")
            except jinja2.TemplateSyntaxError as error:
                self._syntax(tag, error.message or "")
            return
        rest = tag.code.strip()[len(keyword) :]
        if keyword in ("p", "tr", "tc", "r") and not tag.level:
            if rest[:1] in ("\u00a0", "\u202f"):
                self.reporter.about(
                    tag,
                    "nbsp-in-tag",
                    f"Dans {quoted(tag.text)}, une espace insécable suit {quoted('{%' + keyword)} "
                    f": la balise n'est reconnue qu'avec une espace ordinaire.",
                    "Remplacez l'espace insécable par une espace ordinaire.",
                )
                return
            fixed = _written(keyword, rest.strip())
            suggestion = f"Collez {quoted(keyword)} à « {{% » : {quoted(fixed)}."
        else:
            close = difflib.get_close_matches(keyword, sorted(_KNOWN - _REFUSED), n=3, cutoff=0.6)
            suggestion = (
                f"Vouliez-vous écrire {either(close)} ?"
                if close
                else "Les instructions sont if, elif, else, endif, for, endfor, set, with et "
                "filter."
            )
        self.reporter.about(
            tag,
            "unknown-statement",
            f"Dans {quoted(tag.text)}, {quoted(keyword)} n'est pas une instruction connue.",
            suggestion,
        )

    def _syntax(self, tag: Tag, detail: str) -> None:
        if "«" in tag.code or "»" in tag.code:
            fixed = re.sub(r"[\s\u00a0\u202f]*»", '"', re.sub(r"«[\s\u00a0\u202f]*", '"', tag.text))
            self.reporter.about(
                tag,
                "french-quotes",
                f"La balise {quoted(tag.text)} contient des guillemets français « » : dans une "
                "balise, seuls les guillemets droits \" et ' sont compris.",
                f"Écrivez {quoted(_respace(fixed))}.",
            )
            return
        suggestion = (
            "Vérifiez les parenthèses, les guillemets droits et les opérateurs (==, and, or, not)."
        )
        if re.match(r"\s*else\s+if\b", tag.code):
            suggestion = f"Écrivez {quoted(_written(tag.level, 'elif' + tag.code.strip()[7:]))}."
        self.reporter.about(
            tag,
            "jinja-syntax",
            f"La balise {quoted(tag.text)} n'est pas écrite correctement (détail technique : "
            f"{detail.rstrip('.')}).",
            suggestion,
        )

    # -- names --------------------------------------------------------------------------

    def output(self, tag: Tag) -> None:
        self.tag = tag
        self.reported = set()
        tree = self._parse(tag)
        if tree is None or not tree.body or not isinstance(tree.body[0], nodes.Output):
            return
        for expression in tree.body[0].nodes:
            value = self.resolve(expression)
            if isinstance(expression, nodes.Name | nodes.Getattr | nodes.Getitem):
                self._printable(tag, value)

    def _inline(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Assign):
            self._assign(node)
        elif isinstance(node, nodes.Output):
            for expression in node.nodes:
                self.resolve(expression)

    def _assign(self, node: nodes.Assign) -> None:
        value = self.resolve(node.node)
        if isinstance(node.target, nodes.Name):
            name = node.target.name
            self.scopes[-1][name] = _Value(name, value.variable, value.item, value.loop)
        else:
            self._bind(node.target, _ANY)

    def _bind(self, target: nodes.Node, value: _Value) -> None:
        if isinstance(target, nodes.Name):
            self.scopes[-1][target.name] = _Value(target.name, value.variable, value.item)
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, _ANY)
        elif isinstance(target, nodes.NSRef):
            self._name(target.name)

    def _printable(self, tag: Tag, value: _Value) -> None:
        variable = value.variable
        if variable is None or variable.kind not in (Kind.GROUP, Kind.LIST):
            return
        if variable.kind is Kind.LIST and not value.item:
            what = "la liste entière"
            advice = (
                f"Parcourez-la avec une boucle ({_written('p', 'for … in ' + value.written)}) ou "
                f"affichez son nombre d'éléments : {quoted('{{ ' + value.written + '|length }}')}."
            )
        else:
            what = "le groupe entier" if not value.item else "l'élément entier"
            first = variable.fields[0].name
            advice = (
                f"Affichez un de ses champs, par exemple {quoted(value.written + '.' + first)}."
            )
        self.reporter.about(
            tag,
            "prints-group",
            f"{quoted(tag.text)} afficherait {what} {quoted(value.written)}, sous forme de code "
            "informatique.",
            advice,
        )

    def resolve(self, node: nodes.Node) -> _Value:
        """Return what an expression refers to, reporting unknown names on the way."""
        if isinstance(node, nodes.Name):
            return self._name(node.name)
        if isinstance(node, nodes.Getattr):
            return self._attribute(self.resolve(node.node), node.attr)
        if isinstance(node, nodes.Getitem):
            return self._item(node)
        if isinstance(node, nodes.Filter):
            return self._filter(node)
        if isinstance(node, nodes.Test):
            self.resolve(node.node)
            self._arguments(node)
            if node.name not in self.env.tests:
                self._unknown_test(node.name)
            return _ANY
        if isinstance(node, nodes.Call):
            target = node.node
            if not (isinstance(target, nodes.Name) and target.name in self.env.globals):
                self.resolve(target)
            self._arguments(node)
            return _ANY
        for child in node.iter_child_nodes():
            self.resolve(child)
        return _ANY

    def _arguments(self, node: nodes.Filter | nodes.Test | nodes.Call) -> None:
        for argument in [*node.args, *(k.value for k in node.kwargs)]:
            self.resolve(argument)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.resolve(extra)

    def _name(self, name: str) -> _Value:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
            if _ANY_NAME in scope:
                return _ANY
        top = self.vocabulary.field(name)
        if top is not None:
            return _Value(name, top)
        if name in self.env.globals:
            return _ANY
        if name == "loop":
            self._unknown(
                "loop",
                "« loop » n'existe qu'à l'intérieur d'une boucle {% for %}.",
                "Utilisez « loop » entre {%p for … %} et {%p endfor %}.",
            )
            return _ANY
        visible = {n for scope in self.scopes for n in scope if n != _ANY_NAME}
        candidates = sorted(visible | self._top_paths())
        self._unknown(
            name, f"{quoted(name)} n'est pas une variable du vocabulaire.", None, name, candidates
        )
        return _ANY

    def _top_paths(self) -> set[str]:
        return {path for path, _ in variables(self.vocabulary) if "[]" not in path}

    def _attribute(self, value: _Value, name: str) -> _Value:
        written = f"{value.written}.{name}" if value.written else name
        if name.startswith("_"):
            self._refuse(
                written,
                f"{quoted(written)} : les noms qui commencent par « _ » sont refusés, un modèle "
                "n'a pas accès aux rouages internes du programme.",
            )
            return _ANY
        if value.loop:
            if name not in LOOP_ATTRIBUTES:
                self._unknown(
                    written,
                    f"{quoted(written)} n'existe pas : « loop » n'a pas de champ {quoted(name)}.",
                    None,
                    name,
                    list(LOOP_ATTRIBUTES),
                    prefix="loop.",
                )
            return _ANY
        variable = value.variable
        if variable is None:
            return _ANY
        if variable.kind is Kind.LIST and not value.item:
            member = variable.field(name)
            advice = (
                f"{quoted(name)} est un champ de chacun de ses éléments : parcourez la liste "
                "avec une boucle, ou prenez-en un élément "
                f"({quoted(value.written + '[0].' + name)})."
                if member
                else None
            )
            self._unknown(
                written,
                f"{quoted(written)} n'est pas une variable du vocabulaire : "
                f"{quoted(value.written)} est une liste.",
                advice,
            )
            return _ANY
        if variable.kind in (Kind.GROUP, Kind.LIST):
            member = variable.field(name)
            if member is not None:
                return _Value(written, member)
            self._unknown(
                written,
                f"{quoted(written)} n'est pas une variable du vocabulaire : "
                f"{quoted(value.written)} n'a pas de champ {quoted(name)}.",
                None,
                name,
                [f.name for f in variable.fields],
                prefix=value.written + ".",
            )
            return _ANY
        advice = (
            "Pour transformer une valeur, utilisez un filtre : "
            f"{quoted(value.written + '|' + name)}."
            if name in self.env.filters
            else None
        )
        self._unknown(
            written,
            f"{quoted(written)} n'est pas une variable du vocabulaire : {quoted(value.written)} "
            f"est {_KIND[variable.kind]}, sans champ {quoted(name)}.",
            advice,
        )
        return _ANY

    def _item(self, node: nodes.Getitem) -> _Value:
        value = self.resolve(node.node)
        argument = node.arg
        if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
            return self._attribute(value, argument.value)
        variable = value.variable
        is_list = variable is not None and variable.kind is Kind.LIST and not value.item
        if isinstance(argument, nodes.Slice):
            self.resolve(argument)
            return value if is_list else _ANY
        if isinstance(argument, nodes.Const) and isinstance(argument.value, int):
            index = str(argument.value)
        else:
            self.resolve(argument)
            index = "…"
        if is_list:
            return _Value(f"{value.written}[{index}]", variable, item=True)
        return _ANY

    def _filter(self, node: nodes.Filter) -> _Value:
        value = self.resolve(node.node) if node.node is not None else _ANY
        name = node.name
        self._arguments(node)
        if name in REFUSED_FILTERS:
            self._refuse(
                name,
                f"Le filtre {quoted(name)} est refusé : "
                + (
                    "il ferait passer du code XML brut dans le document."
                    if name == "safe"
                    else "le code HTML qu'il produit ferait disparaître du texte du document."
                ),
            )
            return _ANY
        if name not in self.env.filters:
            french = _FRENCH_FILTERS.get(name.lower().rstrip("s"))
            close = [french] if french else []
            close = close or difflib.get_close_matches(
                name, sorted(self.env.filters), n=3, cutoff=0.6
            )
            self.reporter.about(
                self._current(),
                "unknown-filter",
                f"Le filtre {quoted(name)} n'existe pas.",
                f"Vouliez-vous écrire {either(close)} ?"
                if close
                else "Les filtres disponibles sont listés dans le guide des modèles.",
            )
            return _ANY
        if name == "attr":
            return self._attr_filter(node, value)
        self._filter_names(node, value)
        variable = value.variable
        if variable is not None and variable.kind is Kind.LIST and not value.item:
            if name in _LIST_FILTERS:
                return value
            if name in _ITEM_FILTERS:
                return _Value(f"{value.written}|{name}", variable, item=True)
        return _ANY

    def _attr_filter(self, node: nodes.Filter, value: _Value) -> _Value:
        argument = node.args[0] if node.args else None
        if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
            return self._attribute(value, argument.value)
        self._refuse(
            "attr",
            "Le filtre « attr » n'est admis qu'avec un nom de champ écrit entre guillemets.",
        )
        return _ANY

    def _filter_names(self, node: nodes.Filter, value: _Value) -> None:
        """Check the field, test and filter names that some filters take as text."""
        name = node.name
        first = _constant(node.args[0]) if node.args else None
        second = _constant(node.args[1]) if len(node.args) > 1 else None
        keyword = {str(k.key): _constant(k.value) for k in node.kwargs}
        fields = []
        if name in ("selectattr", "rejectattr", "groupby") and first:
            fields.append(first)
        if name in _ATTRIBUTE_FILTERS and keyword.get("attribute"):
            fields.append(str(keyword["attribute"]))
        if name in ("select", "reject") and first and first not in self.env.tests:
            self._unknown_test(first)
        if name in ("selectattr", "rejectattr") and second and second not in self.env.tests:
            self._unknown_test(second)
        if name == "map" and first and "attribute" not in keyword and first not in self.env.filters:
            self._attribute(_Value(f"{value.written}|map"), first)
        variable = value.variable
        if variable is None or variable.kind is not Kind.LIST or value.item:
            return
        for path in fields:
            current: Variable | None = variable
            for part in path.split("."):
                member = current.field(part) if current is not None else None
                if member is None:
                    names = [f.name for f in current.fields] if current is not None else []
                    self._unknown(
                        f"{value.written}[].{path}",
                        f"{quoted(path)} n'est pas un champ des éléments de "
                        f"{quoted(value.written)}.",
                        None,
                        part,
                        names,
                    )
                    break
                current = member

    def _unknown_test(self, name: str) -> None:
        close = difflib.get_close_matches(name, sorted(self.env.tests), n=3, cutoff=0.6)
        self.reporter.about(
            self._current(),
            "unknown-test",
            f"Le test {quoted(name)} n'existe pas.",
            f"Vouliez-vous écrire {either(close)} ?"
            if close
            else "Les tests disponibles sont listés dans le guide des modèles.",
        )

    def _item_of(self, value: _Value, node: nodes.Node) -> _Value:
        variable = value.variable
        if variable is None or value.loop:
            return _ANY
        if variable.kind is Kind.LIST and not value.item:
            return _Value("", variable, item=True)
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem | nodes.Filter):
            kind = "un groupe" if value.item else _KIND[variable.kind]
            walk = {
                Kind.TEXT: "ses lettres une à une",
                Kind.GROUP: "les noms de ses champs",
                Kind.LIST: "les noms de ses champs",
            }.get(variable.kind)
            lists = [path for path, v in variables(self.vocabulary) if v.kind is Kind.LIST]
            self.reporter.about(
                self._current(),
                "not-a-list",
                f"{quoted(value.written)} est {kind}, pas une liste"
                + (f" : la boucle parcourrait {walk}." if walk else "."),
                f"Les listes du vocabulaire sont {either(lists)}.",
            )
        return _ANY

    # -- reporting ----------------------------------------------------------------------

    def _current(self) -> Tag:
        assert self.tag is not None  # noqa: S101 - set before any tag is checked
        return self.tag

    def _unknown(
        self,
        written: str,
        message: str,
        advice: str | None = None,
        word: str | None = None,
        candidates: Iterable[str] = (),
        prefix: str = "",
    ) -> None:
        if ("unknown-variable", written) in self.reported:
            return
        self.reported.add(("unknown-variable", written))
        if advice is None and word is not None:
            close = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
            if close:
                advice = f"Vouliez-vous écrire {either([prefix + c for c in close])} ?"
        self.reporter.about(
            self._current(),
            "unknown-variable",
            message,
            advice or "La liste des variables : « clausegen templates variables ».",
        )

    def _refuse(self, key: str, message: str) -> None:
        if ("sandbox-refused", key) in self.reported:
            return
        self.reported.add(("sandbox-refused", key))
        self.reporter.about(
            self._current(),
            "sandbox-refused",
            message,
            "N'utilisez que les variables du vocabulaire et les filtres du guide des modèles.",
        )


def _constant(node: nodes.Node) -> str | None:
    return node.value if isinstance(node, nodes.Const) and isinstance(node.value, str) else None


def _written(level: str, code: str, rest: str = "") -> str:
    """Write a statement tag: ``{%p endif %}``, ``{% if … %}``."""
    words = f"{code} {rest}".strip()
    return f"{{%{level} {words} %}}" if level else f"{{% {words} %}}"


def _respace(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


def check_names(
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
        checker = _Checker(reporter, vocabulary, env, spots)
        for tag in tags:
            if tag.kind == "{%":
                checker.statement(tag)
            elif tag.kind == "{{" and not tag.level and not _in_raw(checker):
                checker.output(tag)
        checker.finish()


def _in_raw(checker: _Checker) -> bool:
    return bool(checker.stack) and checker.stack[-1].keyword == "raw"
