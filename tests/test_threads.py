"""Threads: one project scored from 16 threads gives what one thread gives; rules and targets
parsed from many threads at once, on cold caches, read as they do alone; a thread's own
Decimal context never changes a score."""

import decimal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from indicator_rules import (
    IndicatorRulesError,
    compile_indicator,
    grammars,
    load,
    parse_rule,
    parse_target,
    score_row,
)
from indicator_rules.rules import _parsed
from indicator_rules.targets import read_quantity

EXAMPLES = Path(__file__).parent.parent / "examples"
STEMS = ["chenggong-medical-insurance-2026", "project-evaluation-framework-2026"]
THREADS = 16


@pytest.fixture
def racy():
    """Threads switched as often as the interpreter allows, so that races show."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def _in_threads(work, count: int = THREADS) -> list:
    """`work(i)` for i < count, all started together; their results in order."""
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def _written(evaluation) -> tuple:
    rows = tuple(
        (row.result.score, row.result.exact, row.result.explanation, row.result.warnings)
        for row in evaluation.rows
        if row.result is not None
    )
    return evaluation.total, evaluation.grade, rows


@pytest.mark.parametrize(("stem", "times"), [(STEMS[0], 200), (STEMS[1], 20)])
def test_sixteen_threads_score_a_project_as_one_does(stem, times):
    """16 threads × 200 evaluations (of the larger example, × 20) agree with one thread, word
    for word; each thread's rows are compiled on first use, by whichever thread comes first."""
    from indicator_rules.actuals import read_actuals

    project = load(EXAMPLES / f"{stem}.rules")
    read = read_actuals(EXAMPLES / f"{stem}-actuals.csv")
    evaluation = load(EXAMPLES / f"{stem}.rules").evaluate(read)
    alone = _written(evaluation)

    def work(_):
        evaluations = [project.evaluate(read) for _ in range(times)]
        # every score and total; what is written when read, of one evaluation in ten
        return all(e == evaluation for e in evaluations) and {
            _written(e) for e in evaluations[::10]
        } == {alone}

    assert all(_in_threads(work))


def test_the_shape_cache_evicts_safely_from_threads(racy, monkeypatch):
    """16 threads filling a full shape cache at once: each eviction takes its own entry (two
    threads took the same oldest one: KeyError out of parse_rule)."""
    monkeypatch.setattr(grammars, "_SHAPES", {})
    monkeypatch.setattr(grammars, "_MAX_SHAPES", 8)

    def work(i):
        for j in range(10_000):
            grammars._remember((i, j), grammars._ONCE)
        return True

    assert all(_in_threads(work)) and len(grammars._SHAPES) == 8


def _texts(count: int) -> list[str]:
    """Distinct rule texts of distinct shapes (numbers of different lengths, constructs)."""
    forms = [
        "达{a}%得满分10分，否则每少{b}%扣{c}分",
        "达标得满分10分，否则按完成比例得分，低于{a}%不得分",
        "≥{a}%得10分；{b}%(含)-{a}%得{c}分；{b}%以下不得分",
        "达标得满分10分，发现一次问题扣{c}分，扣完为止",
    ]
    texts = []
    for i in range(count):
        a, b = 90 + i % 9 + (i // 9) / 10, 50 + i % 7
        texts.append(forms[i % len(forms)].format(a=a, b=b, c=1 + i % 3))
    return list(dict.fromkeys(texts))


def test_rules_parsed_from_threads_on_cold_caches_read_as_alone(racy, monkeypatch):
    """Many distinct texts parsed by 16 threads at once, with the shape cache cold and small
    (so that threads evict each other's entries), give the rules one thread gives."""
    texts = _texts(240)
    alone = {}
    for text in texts:
        try:
            alone[text] = parse_rule(text)
        except IndicatorRulesError as error:  # the same refusal is expected from threads
            alone[text] = (type(error), str(error))
    monkeypatch.setattr(grammars, "_MAX_SHAPES", 8)
    for _ in range(2):
        parse_rule.cache_clear()
        grammars.clear_shapes()

        def work(i):
            found = {}
            for text in texts[i::4] + texts[: i * 5]:
                try:
                    found[text] = _parsed.__wrapped__(text)
                except IndicatorRulesError as error:
                    found[text] = (type(error), str(error))
            return found

        for found in _in_threads(work):
            assert found == {text: alone[text] for text in found}


def test_targets_parsed_from_threads_on_cold_caches_read_as_alone(racy):
    """lark's own parser (the target grammar), from 16 threads at once, uncached."""
    texts = [f"≥{n}{unit}" for n in range(1, 120) for unit in ("%", "人", "万元", "天", "年")]
    alone = {text: parse_target(text) for text in texts}
    assert all(read_quantity.__wrapped__(text) == read_quantity(text) for text in texts)

    def work(i):
        found = {}
        for text in texts[i::3]:
            operator, value = read_quantity.__wrapped__(text)
            found[text] = parse_target(text).value == value and operator is not None
        return found

    for found in _in_threads(work):
        assert all(found.values()) and set(found) <= set(alone)


def test_no_grammar_has_lexer_callbacks():
    """What makes lark's lexers, built on first use without a lock, safe from threads: no
    callback that a second, simultaneous build would wrap twice (grammars.py)."""
    from indicator_rules.rulefile import _ENTRIES
    from indicator_rules.rules.tree import TREE
    from indicator_rules.targets import _TREE

    for name, transformer in (("rule", None), ("rule", TREE), ("target", _TREE)):
        lexer = grammars.load_parser(name, transformer).parser.lexer
        assert not any(basic.user_callbacks for basic in lexer.lexers.values())
    rulefile = grammars.load_parser("rulefile", _ENTRIES).parser.lexer
    assert not any(basic.user_callbacks for basic in rulefile.lexers.values())


def test_grammars_are_built_once_for_all_threads(monkeypatch):
    """Threads asking at once for a parser not built yet get one and the same."""
    monkeypatch.setattr(grammars, "_PARSERS", {})
    monkeypatch.setattr(grammars, "_DRIVERS", {})
    parsers = _in_threads(lambda i: grammars.load_parser("target"), 8)
    drivers = _in_threads(lambda i: grammars.driver("rule"), 8)
    assert len({id(p) for p in parsers}) == 1 and len({id(d) for d in drivers}) == 1


@pytest.mark.parametrize("precision", [3, 6, 50])
def test_a_threads_decimal_context_changes_no_score(precision):
    """An embedding app's thread with its own precision, rounding and traps gets the scores,
    explanations and totals of the default context (was: InvalidOperation at 3 digits, other
    exact figures at 50)."""
    project = load(EXAMPLES / f"{STEMS[0]}.rules")
    actuals = EXAMPLES / f"{STEMS[0]}-actuals.csv"
    row = {"target": "≥80%", "weight": 10, "rule": "达80%得满分10分，否则每少10%扣2分"}
    alone = (project.evaluate(actuals), _written(project.evaluate(actuals)))
    single = score_row(actual="72.5%", **row)
    rows = compile_indicator(**row)
    expected = (single.score, single.exact, single.explanation, rows.score("87.25"))

    def work(_):
        context = decimal.getcontext()
        context.prec, context.rounding = precision, decimal.ROUND_FLOOR
        context.traps[decimal.Inexact] = True
        evaluation = project.evaluate(actuals)
        result = score_row(actual="72.5%", **row)
        again = compile_indicator(**row)
        seen = (result.score, result.exact, result.explanation, again.score("87.25"))
        return (evaluation, _written(evaluation)), seen

    for evaluated, seen in _in_threads(work, 2):
        assert evaluated == alone and seen == expected
