"""The free-text terminals of rule.lark (SUBJECT, NOTE): each reads what its plain form reads,
in time linear in the text.

Both are written `(?!\\.)(?:[^E F]|(?!GUARD)[F]|PAREN)+…`: a character outside F (the first
characters of the guard's words) is taken without running the guard. The plain form
`(?!\\.)(?:(?!GUARD)(?:[^E]|PAREN))+…` is the definition; the fast one must match exactly what
it matches, which holds only while every word of the guard starts with a character of F.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_rules import IndicatorRulesError, parse_rule
from indicator_rules.normalize import normalize
from indicator_rules.segments import mask

_GRAMMAR = importlib.resources.files("indicator_rules.grammar").joinpath("rule.lark")


def _pattern(name: str) -> str:
    for line in _GRAMMAR.read_text("utf-8").splitlines():
        if line.startswith(f"{name}.") or line.startswith(f"{name}:"):
            return line.split(": /", 1)[1].rsplit("/", 1)[0]
    raise LookupError(name)


def _group_end(pattern: str, start: int) -> int:
    """The index just past the group opening at `start` (escapes and classes skipped)."""
    depth, i, in_class = 0, start, False
    while True:
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1


def _class_end(pattern: str, start: int) -> int:
    i = start + 1
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def parts(pattern: str) -> dict:
    """The pieces of a guarded terminal: excluded, first characters, guard, paren branch, tail."""
    # (?!\.) — and NOTE's (?![.\s]): a note never starts with a space (“; 0×:” reads as “;0×:”)
    head = next((h for h in ("(?!\\.)(?:", "(?![.\\s])(?:") if pattern.startswith(h)), None)
    assert head is not None, pattern[:20]
    fast_end = _class_end(pattern, len(head))
    fast = pattern[len(head) + 2 : fast_end - 1]  # inside [^ … ]
    assert pattern[fast_end] == "|"
    guard_end = _group_end(pattern, fast_end + 1)
    guard = pattern[fast_end + 4 : guard_end - 1]
    rest = pattern[guard_end:]
    newline = rest.startswith("(?!\\n)")
    rest = rest[len("(?!\\n)") :] if newline else rest
    first_end = _class_end(rest, 0)
    first = rest[1 : first_end - 1]
    assert fast.endswith(first), (fast[-40:], first)
    assert rest[first_end] == "|"
    paren_end = _group_end(rest, first_end + 1 + len("\\"))  # \( … \) : up to the outer )
    paren = rest[first_end + 1 : paren_end]
    paren = paren[: paren.rindex("\\)") + 2]
    tail = rest[first_end + 1 + len(paren) :]
    assert tail.startswith(")+"), tail[:10]
    excluded = fast[: len(fast) - len(first)]
    if newline:
        assert "\\n" in excluded
    lead = head[: -len("(?:")]
    return {
        "lead": lead,
        "excluded": excluded,
        "first": first,
        "guard": guard,
        "paren": paren,
        "tail": tail,
    }


def plain(pattern: str) -> str:
    piece = parts(pattern)
    return (
        f"{piece['lead']}(?:(?!{piece['guard']})(?:[^{piece['excluded']}]|{piece['paren']})"
        + piece["tail"]
    )


TERMINALS = ("SUBJECT", "NOTE")


def _alphabet(pattern: str) -> str:
    """Every character the pattern names, and a few it does not: the text a guard can see."""
    named = {char for char in pattern if not char.isascii() or char in ".()-,;:%<>= \n0123456789"}
    return "".join(sorted(named)) + "项目工作a "


@pytest.mark.parametrize("name", TERMINALS)
def test_fast_form_matches_what_the_plain_form_matches(name):
    fast, slow = re.compile(_pattern(name)), re.compile(plain(_pattern(name)))
    alphabet = _alphabet(_pattern(name))

    @settings(max_examples=3000, deadline=None, database=None, derandomize=True)
    @given(st.text(alphabet=alphabet, max_size=24))
    def same(text):
        got, want = fast.match(text), slow.match(text)
        assert (got and got.group()) == (want and want.group()), text

    same()


def _real_texts() -> list[str]:
    """Every rule text of the project's corpora but their test splits, masked as the parser
    reads them."""
    texts = []
    for path in sorted(Path(__file__).parent.joinpath("data", "corpus").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            if row.get("split") != "test":  # the test split is for measuring, not for reading
                texts.append(mask(normalize(row.get("rule") or "")))
    return texts


@pytest.mark.parametrize("name", TERMINALS)
def test_each_guarded_word_starts_with_a_guarded_character(name):
    """A word of the guard that starts elsewhere would be read past by the fast branch."""
    piece = parts(_pattern(name))
    fast = re.compile(f"[^{piece['excluded']}{piece['first']}]")
    guard = re.compile(piece["guard"])
    for text in _real_texts():
        for at in range(len(text)):
            if guard.match(text, at):
                assert not fast.match(text, at), (name, text[at : at + 8])


@pytest.mark.parametrize("name", TERMINALS)
@pytest.mark.parametrize(
    "text",
    [
        "项" + "." * 100_000 + "(",
        "项目" * 50_000 + "(",
        "(" * 100_000,
        "项(" * 50_000,
        "达" * 100_000,
    ],
    ids=["dots", "words", "parens", "open-parens", "guard-chars"],
)
def test_linear_on_adversarial_text(name, text):
    terminal = re.compile(_pattern(name))
    start = time.perf_counter()
    terminal.match(text)
    assert time.perf_counter() - start < 0.5


def test_a_rule_of_dots_is_refused_at_once():
    """NOTE read a dot by two branches: 项, 22 dots and ( took 3.5 s to refuse, each dot more
    twice that (exponential backtracking)."""
    with pytest.raises(IndicatorRulesError):
        parse_rule("项.(")  # the parser and its error path loaded
    start = time.perf_counter()
    with pytest.raises(IndicatorRulesError):
        parse_rule("项" + "." * 40 + "(")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("after", ["0×:", "4×实达标数", "现场实查"])
def test_a_space_after_a_separator_does_not_change_the_reading(after):
    """A note never starts with a space: “; 4×实达标数” reads as “;4×实达标数” (found by
    test_properties' round trip: the printed rule lost the space and read otherwise)."""

    def outcome(text):
        try:
            return parse_rule(text).remarks
        except IndicatorRulesError as error:
            return str(error).splitlines()[0].split(": ", 1)[-1]

    assert outcome(f"满意度(1分); {after}") == outcome(f"满意度(1分);{after}")
