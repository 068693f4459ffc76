"""_firsts.py: a lexer state tries, at a character, only the terminals that can start with it —
never dropping one that can match there (the token would change)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from indicator_rules._firsts import first_test
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
    """Every distinct lexer state of a grammar's driver, made: (its matches by first character,
    the maker of one, lark's own matches)."""
    made = driver(name)
    for state in range(len(made._states)):
        made._lexers[state] or made._lexer(state)
    seen = {id(lexer): lexer for lexer in made._lexers}
    return [(lexer[7], lexer[8], lexer[1]) for lexer in seen.values()]


def _same(found, expected) -> bool:
    if found is None or expected is None:
        return found is expected
    return (found.span(), found.lastgroup) == (expected.span(), expected.lastgroup)


def _full(matches, text: str, pos: int):
    return next((m for m in (match(text, pos) for match in matches) if m), None)


@pytest.mark.parametrize("name", ["rule", "target"])
def test_every_lexer_state_at_every_place_of_the_corpus_matches_as_lark_s(name):
    """Each lexer state, at each character of corpus rules as parse_rule reads them: the match
    of the terminals chosen by that character is lark's whole alternation's (same span, same
    terminal), or both fail."""
    texts = [mask(normalize(text.strip())) for text in RULES[:: max(1, len(RULES) // 150)]]
    texts += ["≥80%", "≤3天", "=114803人次", "达到95%以上得满分10分，否则每少1%扣2分。"]
    for by_char, match_for, matches in _lexers(name):
        for text in texts:
            for pos in range(len(text)):
                match = by_char.get(text[pos]) or match_for(text[pos])
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
