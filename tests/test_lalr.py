"""_lalr.Driver gives the tree lark's own parse gives, token for token, and fails where it fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedInput

from indicator_rules._lalr import FAILED, Driver
from indicator_rules.grammars import _ONE_DIGIT, driver, load_parser
from indicator_rules.normalize import normalize
from indicator_rules.rules.tree import TREE as _TREE
from indicator_rules.segments import mask

DATA = Path(__file__).parent / "data"


def _rules() -> list[str]:
    texts = []
    for path in [*DATA.glob("*.jsonl"), *DATA.glob("corpus/*.jsonl")]:
        for line in path.read_text("utf-8").splitlines():
            rule = json.loads(line).get("rule")
            if isinstance(rule, str) and rule.strip():
                texts.append(rule)
    return list(dict.fromkeys(texts))


RULES = _rules()


def _shape(node):
    """A tree with every token's type and places, which Token equality leaves out."""
    if isinstance(node, Token):
        places = (node.start_pos, node.end_pos, node.line, node.column)
        return (node.type, str(node), *places, node.end_line, node.end_column)
    assert isinstance(node, Tree)
    return (node.data, [_shape(child) for child in node.children])


def _lark(name: str, text: str, start: str):
    try:
        return _shape(load_parser(name).parse(text, start=start))
    except UnexpectedInput:
        return None


def _outcome(parse, text: str, start: str):
    """What a parse returns, or the error it raises (type and text); a syntax error as None."""
    try:
        result = parse(text, start)
    except UnexpectedInput:
        return None
    except Exception as error:
        return (type(error), str(error))
    return None if result is FAILED else _plain(result)


def _plain(value):
    """A transformer's value as data to compare: its tokens with their places, its objects by
    their fields."""
    if isinstance(value, Token | Tree):
        return _shape(value)
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    if type(value).__eq__ is object.__eq__:  # rules.py's own classes of clauses and intervals
        names = [n for c in type(value).__mro__ for n in getattr(c, "__slots__", ())]
        fields = {n: getattr(value, n, None) for n in names} | getattr(value, "__dict__", {})
        return (type(value).__name__, tuple((k, _plain(v)) for k, v in fields.items()))
    return value


def _agree(name: str, text: str, start: str) -> None:
    tree = driver(name).parse(text, start)
    assert (None if tree is FAILED else _shape(tree)) == _lark(name, text, start), text
    inline = load_parser(name, _TREE) if name == "rule" else None
    if inline is not None:  # the transformer applied inline: the same values, or the same error
        mine = _outcome(driver(name, _TREE).parse, text, start)
        assert mine == _outcome(lambda t, s: inline.parse(t, start=s), text, start), text


def _variants(text: str) -> list[str]:
    """The text as parse_rule reads it, its shape, and some of its prefixes (which mostly fail)."""
    read = mask(normalize(text.strip()))
    cuts = [read[:k] for k in range(1, len(read), max(1, len(read) // 6))]
    return [text, read, read.translate(_ONE_DIGIT), *cuts]


class TestDriver:
    @pytest.mark.parametrize("text", RULES)
    def test_every_corpus_rule_parses_to_lark_s_tree_or_fails_as_lark_does(self, text):
        """Rules of every corpus, as written, as read, their shapes and prefixes, both starts."""
        for variant in _variants(text):
            _agree("rule", variant, "start")
            _agree("rule", variant, "condition_only")

    def test_lines_and_columns_after_a_line_break(self):
        """A rule written over two lines: the second line's tokens count from its start."""
        _agree("rule", "≥90%得10分\n  60%以下不得分", "start")
        _agree("rule", "达标得满分10分，\n\n否则不得分", "start")

    def test_the_target_grammar_too(self):
        """Another grammar: targets as written."""
        for text in ["≥80%", "100%", "≤3天", "不低于95%", "=114803人次", "≥", "", "80%以上"]:
            _agree("target", text, "start")

    def test_a_parser_built_with_a_transformer_is_refused(self):
        """The transformer is given to the driver, not built into the parser."""
        with pytest.raises(ValueError):
            Driver(load_parser("rule", _TREE), _TREE)

    def test_other_lexers_are_refused(self):
        """Only the contextual lexer's tables are run."""
        parser = load_parser("rulefile")
        parser.options.lexer = "basic"
        try:
            with pytest.raises(ValueError):
                Driver(parser)
        finally:
            parser.options.lexer = "contextual"


_ALPHABET = list(
    "达标得满分10%5否则每少扣按比例，；。未的以上下()含-≥≤<=天次人完成率及时为止2.9 \n×*优良第、项前"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_random_text_parses_as_lark_parses_it(text):
    """Any text of the grammar's characters: the same tree or the same failure."""
    _agree("rule", text, "start")
    _agree("rule", text, "condition_only")


class TestParsingByShape:
    @pytest.fixture
    def calls(self, monkeypatch):
        """Every parse run, by the driver or by lark itself: (start, whether it failed)."""
        import lark

        from indicator_rules import parse_rule
        from indicator_rules.grammars import clear_shapes

        log: list = []
        run, lark_parse = Driver.parse, lark.Lark.parse

        def counted(self, text, start):
            result = run(self, text, start)
            log.append((start, result is FAILED))
            return result

        def counted_lark(self, text, start=None, on_error=None):
            log.append((start, "lark"))
            return lark_parse(self, text, start=start, on_error=on_error)

        monkeypatch.setattr(Driver, "parse", counted)
        monkeypatch.setattr(lark.Lark, "parse", counted_lark)
        parse_rule.cache_clear()
        clear_shapes()
        yield log
        parse_rule.cache_clear()
        clear_shapes()

    def test_a_named_condition_fails_to_parse_once(self, calls):
        """比例不足90%时 holds a number but is no numeric condition: the first rule holding it
        tries it once; a later rule with that condition parses nothing that fails."""
        from indicator_rules import parse_rule

        rule = "面积达到年度任务{}%及以上的,得4分;比例不足{}%时,每减少5%,扣1分,扣完为止。"
        parse_rule(rule.format(90, 90))
        assert calls.count(("condition_only", True)) == 1
        calls.clear()
        parse_rule(rule.format(80, 80))
        assert not [c for c in calls if c[1] is True or c[1] == "lark"], calls

    def test_a_shape_is_parsed_inline_first_then_once_into_its_program(self, calls):
        """First text of a shape: one parse, inline. Second: the shape parsed once more into its
        program. Every later text of the shape: no parse at all."""
        from indicator_rules import parse_rule

        parse_rule("达80%得满分10分，否则每少10%扣2分")
        assert calls == [("start", False)]
        parse_rule("达90%得满分10分，否则每少10%扣2分")
        assert calls == [("start", False)] * 2
        for points in range(3, 9):
            parse_rule(f"达70%得满分10分，否则每少10%扣{points}分")
        assert len(calls) == 2

    def test_an_error_is_lark_s_own_and_its_shape_is_remembered(self, calls, monkeypatch):
        """A rule that does not parse raises lark's error (through lark); its shape is not tried
        again for the next text of that shape. (The near-miss hint, which tries variants of
        the text, is left out here: it is counted in test_errors.TestNearMiss.)"""
        import indicator_rules.rules as rules
        from indicator_rules import RuleSyntaxError, parse_rule

        monkeypatch.setattr(rules, "near_miss", lambda *_: None)

        with pytest.raises(RuleSyntaxError):
            parse_rule("达80%得满分10份")
        assert calls == [("start", True), ("start", "lark")]
        calls.clear()
        with pytest.raises(RuleSyntaxError):
            parse_rule("达90%得满分20份")
        assert calls == [("start", "lark")]


# A grammar of the shapes lark's tree builder treats apart: rules spliced into their parent
# (_item, lark's own __start_star_0, _angle that drops its brackets), children kept apart
# (pair keeps 1 and 3 of 5), a run kept (tail, hash: the first two, the last two), a ?rule of one symbol and of two, a rule that
# keeps all its tokens, aliased alternatives, an empty one.
_SHAPES_GRAMMAR = r"""
start: _item (_SEP _item)* _SEP?
_item: pair | single | tail | hash | kw | word | opt | group
pair: "(" NAME "," NAME ")"
?single: NAME | NAME NAME
tail: NAME NAME ";"
hash: "#" NAME NAME
!kw: "let" NAME
word: NAME "!" -> shout
    | NAME "?"
opt: "[" [NAME] "]"
group: "{" _angle+ NAME? "}"
_angle: "<" NAME ">"
_SEP: ","
NAME: /[a-z]+/
%ignore " "
"""

_SHAPES_TEXTS = [
    "(a,b)",
    "a",
    "a b",
    "a b;",
    "#a b",
    "let x",
    "a!",
    "a?",
    "[]",
    "[a]",
    "{<a>}",
    "{<a><b>c}",
    "(a,b),c d,e f;,#m n,let g,h!,i?,[],[j],{<k><l>},",
    "(a,b)(",
    "a,,b",
    "",
]


class _Named(Transformer):
    """Callbacks of some rules only, as the rule grammar's transformer has."""

    def pair(self, children):
        return Tree("a pair", children[::-1])

    def shout(self, children):
        return Tree("a shout", children)

    def _item(self, children):  # a spliced rule with a method of its own: not spliced
        return Tree("item", children)


class TestTreeShapes:
    @pytest.mark.parametrize("text", _SHAPES_TEXTS)
    def test_every_kind_of_child_filter_gives_lark_s_tree(self, text):
        parser = Lark(_SHAPES_GRAMMAR, parser="lalr", lexer="contextual", maybe_placeholders=False)
        try:
            expected = _shape(parser.parse(text))
        except UnexpectedInput:
            expected = None
        tree = Driver(parser).parse(text, "start")
        assert (None if tree is FAILED else _shape(tree)) == expected

    @pytest.mark.parametrize("text", _SHAPES_TEXTS)
    def test_and_a_transformer_inline_gives_lark_s_values(self, text):
        plain = Lark(_SHAPES_GRAMMAR, parser="lalr", lexer="contextual", maybe_placeholders=False)
        inline = Lark(
            _SHAPES_GRAMMAR,
            parser="lalr",
            lexer="contextual",
            maybe_placeholders=False,
            transformer=_Named(),
        )
        mine = _outcome(Driver(plain, _Named()).parse, text, "start")
        assert mine == _outcome(lambda t, s: inline.parse(t, start=s), text, "start")


def test_the_tables_are_keyed_by_plain_strings():
    """lark names terminals and rules by Tokens of its grammar's lexer; a Token key would cost a
    Python-level Token.__eq__ at every lookup of a name the lexer gives."""
    made = driver("rule", _TREE)
    made.parse("达标得满分10分，否则不得分", "start")
    keys = [key for actions in made._states for key in actions]
    keys += [key for lexer in made._lexers if lexer for key in lexer[6]]
    assert keys and all(type(key) is str for key in keys)
