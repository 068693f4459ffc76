"""_lalr.Driver gives the tree lark's own parse gives, token for token, and fails where it fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from indicator_rules._lalr import Driver
from indicator_rules.grammars import _ONE_DIGIT, driver, load_parser
from indicator_rules.normalize import normalize
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


def _agree(name: str, text: str, start: str) -> None:
    tree = driver(name).parse(text, start)
    assert (None if tree is None else _shape(tree)) == _lark(name, text, start), text


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
    "达标得满分10%5否则每少扣按比例，；。未的以上下()含-≥≤<=天次人完成率及时为止2.9 \n"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_random_text_parses_as_lark_parses_it(text):
    """Any text of the grammar's characters: the same tree or the same failure."""
    _agree("rule", text, "start")
    _agree("rule", text, "condition_only")
