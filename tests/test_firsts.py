"""_firsts.py: a lexer state tries, at a character, only the terminals that can start with it —
never dropping one that can match there (the token would change)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from indicator_rules._firsts import first_test, needs
from indicator_rules.grammars import driver, load_parser
from indicator_rules.normalize import normalize
from indicator_rules.segments import mask
from indicator_rules.strategies import grammar_texts

from .test_lalr import RULES, _agree

# (expression, characters a match can start with, characters none can) over _CHARS
_CASES = [
    ("ab|c", "ac", "bx1 "),
    ("(?:x)?y", "xy", "a"),
    ("a*b+", "ab", "c"),
    ("(?=q)q|(?!w)e", "qe", "w"),  # assertions are read through, never narrowing
    ("[^a-c,]", "dx1 ", "abc,"),
    ("[a-c\\d]", "ab5", "x"),
    ("\\s+x", " \t", "xy"),
    ("(?i:k)", "kK", ""),
    ("(a)\\1", "a", ""),
    ("[一-龥]", "中", "a"),
    ("\\D", "a中", "5"),
    ("(?:)+z|", "z", ""),  # may be empty (lark refuses such a terminal): any character
]
_CHARS = "abcdeqwxyzkK15 \t,中"


@pytest.mark.parametrize(("regexp", "starts", "never"), _CASES)
def test_a_terminal_is_dropped_only_where_it_cannot_start(regexp, starts, never):
    """Against the expression itself: a character some match starts with is admitted (checked
    with every character and tail), and the named others are not."""
    test, _, _ = first_test(regexp)
    compiled = re.compile(regexp)
    for char in _CHARS:
        if any(compiled.match(char + tail) for tail in ["", *_CHARS, "a1", "aa", "qq", "ee"]):
            assert test(char), (regexp, char)
    assert all(test(char) for char in starts)
    if "\\1" not in regexp and "(?i" not in regexp and regexp != "(?:)+z|":
        assert not any(test(char) for char in never), regexp


def test_a_short_list_is_listed_and_a_negated_class_is_not():
    assert first_test("ab|[c-e]")[1] == frozenset("acde")
    assert first_test("[^a]")[1] is None
    assert first_test("(?=x)y|z")[1] == frozenset("yz")


def _lexers(name: str):
    """Every distinct lexer state of a grammar's driver, made: (its matches by first character
    for each set of terminals left out, the maker of one, lark's own matches)."""
    made = driver(name)
    for state in range(len(made._states)):
        made._lexers[state] or made._lexer(state)
    seen = {id(lexer): lexer for lexer in made._lexers}
    return [(lexer[0], lexer[7], lexer[1]) for lexer in seen.values()]


def _same(found, expected) -> bool:
    if found is None or expected is None:
        return found is expected
    return (found.span(), found.lastgroup) == (expected.span(), expected.lastgroup)


def _full(matches, text: str, pos: int):
    return next((m for m in (match(text, pos) for match in matches) if m), None)


@pytest.mark.parametrize("name", ["rule", "target"])
def test_every_lexer_state_at_every_place_of_the_corpus_matches_as_lark_s(name):
    """Each lexer state, at each character of corpus rules as parse_rule reads them: the match
    of the terminals chosen by that character and by what the text holds is lark's whole
    alternation's (same span, same terminal), or both fail."""
    texts = [mask(normalize(text.strip())) for text in RULES[:: max(1, len(RULES) // 100)]]
    texts += ["≥80%", "≤3天", "=114803人次", "达到95%以上得满分10分，否则每少1%扣2分。"]
    texts += ["得分=满意度×分值", "优90%良80%中70%差60%", "按优、良、中、差4个档次评定"]
    absent = {text: driver(name)._absent(text) for text in texts}
    for tables, match_for, matches in _lexers(name):
        for text in texts:
            for pos in range(len(text)):
                out = absent[text]
                match = tables[out].get(text[pos]) or match_for(text[pos], out)
                assert _same(match(text, pos), _full(matches, text, pos)), (text, pos)


def test_every_terminal_of_the_grammar_admits_the_strings_it_matches():
    """Every terminal of rule.lark, at the first character of strings it matches: drawn from
    the corpus (each place where it matches), the terminal is never dropped."""
    terminals = {t.name: t for t in load_parser("rule").terminals}
    tests = {name: first_test(t.pattern.to_regexp())[0] for name, t in terminals.items()}
    compiled = {name: re.compile(t.pattern.to_regexp()) for name, t in terminals.items()}
    for text in {mask(normalize(text.strip())) for text in RULES[::7]}:
        for pos in range(len(text)):
            for name, pattern in compiled.items():
                if pattern.match(text, pos):
                    assert tests[name](text[pos]), (name, text, pos)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60, deadline=None)
@given(grammar_texts())
def test_grammar_generated_texts_parse_as_lark_parses_them(text):
    """Strings generated from rule.lark, as written and as read: the driver's tree (and its
    transformer's values) are lark's, or both fail."""
    for variant in (text, mask(normalize(text.strip()))):
        _agree("rule", variant, "start")


@pytest.mark.parametrize(
    ("regexp", "expected"),
    [
        ("a(?:b|cd)e?[xy]", ["a", "bc", "xy"]),
        ("x+(?=[0-9]分)", ["x", "0123456789", "分"]),  # what a lookahead reads is in the text
        ("(?!q)z|w", ["wz"]),
        ("a|b?", []),  # a branch that needs nothing: nothing
        ("(?i:k)m", ["m"]),
        ("[^a]b*", []),
        ("(?i)ab", []),
    ],
)
def test_what_a_terminal_needs(regexp, expected):
    assert sorted("".join(sorted(n)) for n in needs(regexp)) == sorted(expected)


def test_a_terminal_is_never_left_out_of_a_text_it_matches_in():
    """Every terminal of rule.lark and target.lark, wherever it matches in corpus texts (as
    written and as read): the text holds a character of each set the terminal needs; and the
    driver leaves out of a text only terminals that need what it does not hold."""
    texts = {t for text in RULES for t in (text, mask(normalize(text.strip())))}
    for name in ("rule", "target"):
        terminals = load_parser(name).terminals
        compiled = [
            (t.name, re.compile(t.pattern.to_regexp()), needs(t.pattern.to_regexp()))
            for t in terminals
        ]
        for text in texts:
            for terminal, pattern, sets in compiled:
                if sets and pattern.search(text):
                    assert all(not need.isdisjoint(text) for need in sets), (terminal, text)
        made = driver(name)
        for bit, terminal, _ in made._needs:
            sets = dict((t.name, needs(t.pattern.to_regexp())) for t in terminals)[terminal]
            for text in texts:
                held = all(not need.isdisjoint(text) for need in sets)
                assert held == (not made._absent(text) & bit), (terminal, text)


def test_texts_holding_what_the_needing_terminals_need_parse_as_lark_parses_them():
    """SCORE_FORMULA, GRADE_LIMITS, GRADE_LIST, EVIDENCE: texts that hold what they need, or
    all of it but one character."""
    for text in [
        "得分=满意度×分值",
        "得分=满意度分值",
        "满意度×权重计分",
        "优90%良80%中70%差60%",
        "优90%良80%70%差60%",
        "按优、良、中、差4个档次评定",
        "按优良中差4个档次评定",
        "以验收报告为准",
        "查阅相关资料,达标得满分10分",
        "达标得满分10分,否则不得分",
    ]:
        _agree("rule", text, "start")
        _agree("rule", mask(normalize(text)), "start")
