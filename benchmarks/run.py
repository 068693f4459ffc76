"""Benchmark indicator_rules against the engines a user would pick instead, on one machine.

    python3 benchmarks/run.py            # pip install '.[bench]' first for zen-engine and rule-engine

Three scoring tasks over the same actuals (200 000 values in [0, 120] with 2 decimals):
ratio-capped 10·min(1, B/100); step-deduct 达80%得满分10分，否则每少10%扣2分; bands ≥90 10,
[80,90) 8, [60,80) 6, else 0. Then parse throughput, the load time of a 10 000-indicator rule file,
and the peak memory of batch-scoring 10⁷ rows. Prints a table; asserts nothing.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

from indicator_rules import IndicatorRulesError
from indicator_rules.batch import score_batch
from indicator_rules.compiler import NO_FACTS
from indicator_rules.grammars import clear_shapes
from indicator_rules.model import Quantity
from indicator_rules.project import loads
from indicator_rules.rules import parse_rule
from indicator_rules.scoring import compile_indicator
from indicator_rules.units import lookup_unit

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "rule_texts_dev.jsonl"
N = 200_000
SLOW_N = 20_000  # per-record engines are timed on a slice, reported per second

TASKS = {
    "ratio-capped": {
        "rule": None,
        "target": "≥100",
        "python": lambda b: 10 * min(1.0, b / 100),
        "numpy": lambda b: 10 * np.minimum(1.0, b / 100),
        "zen": "10 * min([1, b / 100])",
        "rule_engine": "10.0 * (b / 100.0 > 1.0 ? 1.0 : b / 100.0)",
    },
    "step-deduct": {
        "rule": "达80%得满分10分，否则每少10%扣2分",
        "target": "≥80%",
        "python": lambda b: 10.0 if b >= 80 else max(0.0, 10 - 2 * math.ceil((80 - b) / 10)),
        "numpy": lambda b: np.where(
            b >= 80, 10.0, np.maximum(0.0, 10 - 2 * np.ceil((80 - b) / 10))
        ),
        "zen": "b >= 80 ? 10 : max([0, 10 - 2 * ceil((80 - b) / 10)])",
        "rule_engine": "b >= 80.0 ? 10.0 : (10.0 - 2.0 * ((80.0 - b) / 10.0).ceiling)",
    },
    "bands": {
        "rule": "≥90%得10分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分",
        "target": "≥90%",
        "python": lambda b: 10 if b >= 90 else 8 if b >= 80 else 6 if b >= 60 else 0,
        "numpy": lambda b: np.select([b >= 90, b >= 80, b >= 60], [10, 8, 6], 0),
        "zen": "b >= 90 ? 10 : (b >= 80 ? 8 : (b >= 60 ? 6 : 0))",
        "rule_engine": "b >= 90.0 ? 10 : (b >= 80.0 ? 8 : (b >= 60.0 ? 6 : 0))",
    },
}


def rate(function, items) -> float:
    """Items per second of `function` over `items`, best of three."""
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        function(items)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def per_record(call):
    def run(items):
        for item in items:
            call(item)

    return run


def zen_engines(expression):
    try:
        import zen
    except ImportError:
        return None, None
    content = {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}},
            {
                "id": "ex",
                "type": "expressionNode",
                "name": "ex",
                "position": {"x": 0, "y": 0},
                "content": {"expressions": [{"id": "e", "key": "score", "value": expression}]},
            },
            {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 0, "y": 0}},
        ],
        "edges": [
            {"id": "a", "sourceId": "in", "targetId": "ex", "type": "edge"},
            {"id": "b", "sourceId": "ex", "targetId": "out", "type": "edge"},
        ],
    }
    engine = zen.ZenEngine({"loader": lambda key: json.dumps(content)})
    compiled = zen.compile_expression(expression)
    return (lambda b: engine.evaluate("task", {"b": b})), (lambda b: compiled.evaluate({"b": b}))


def rule_engine_rule(expression):
    try:
        import rule_engine
    except ImportError:
        return None
    rule = rule_engine.Rule(expression)
    return lambda b: rule.evaluate({"b": b})


def measure_tasks(actuals: np.ndarray) -> list[tuple]:
    rows = []
    floats = actuals.tolist()
    unit = lookup_unit("%")
    for name, task in TASKS.items():
        scorer = compile_indicator(target=task["target"], weight=10, rule=task["rule"]).scorer
        quantity_unit = unit if "%" in task["target"] else None
        quantities = [
            Quantity(amount=Decimal(repr(b)), unit=quantity_unit) for b in floats[:SLOW_N]
        ]

        def record(q, scorer=scorer):
            return scorer(q, None, NO_FACTS)

        def batch(a, task=task):
            return score_batch(task["rule"], task["target"], 10, a)

        results = {
            "indicator_rules per-record": rate(per_record(record), quantities),
            "indicator_rules batch": rate(batch, actuals),
            "hand-written Python": rate(per_record(task["python"]), floats),
            "hand-written NumPy": rate(task["numpy"], actuals),
        }
        zen_evaluate, zen_compiled = zen_engines(task["zen"])
        if zen_evaluate is not None:
            results["zen-engine ZenEngine.evaluate"] = rate(
                per_record(zen_evaluate), floats[: SLOW_N // 4]
            )
            results["zen-engine compile_expression"] = rate(
                per_record(zen_compiled), floats[:SLOW_N]
            )
        re_rule = rule_engine_rule(task["rule_engine"])
        if re_rule is not None:
            results["rule-engine"] = rate(per_record(re_rule), floats[: SLOW_N // 4])
        rows.append((name, results))
    return rows


def measure_parse() -> tuple[float, float, int]:
    """Distinct rule texts/s: 20 000 texts of one phrasing with different numbers (as in one
    table), and every real rule text of the dev corpus the language reads, each its own shape,
    with every cache cleared (the cold case: lark lexes and parses each)."""
    texts = list(
        dict.fromkeys(
            f"满意度达到{a}%以上得满分{w}分，否则每少{s}%扣{p}分"
            for a in range(50, 100)
            for w in (5, 10, 15, 20)
            for s in range(1, 11)
            for p in (1, 2, 3, 4, 5)
        )
    )[:20_000]
    parse_rule("达标得满分10分，否则不得分")  # the grammar is built once per process, not per text
    parse_rule.cache_clear()
    start = time.perf_counter()
    for text in texts:
        parse_rule(text)
    one_shape = len(texts) / (time.perf_counter() - start)

    corpus = [json.loads(line)["rule"] for line in CORPUS.read_text("utf-8").splitlines()]
    readable = []
    for text in corpus:
        with contextlib.suppress(IndicatorRulesError):
            parse_rule(text)
            readable.append(text)
    best = math.inf
    for _ in range(5):
        parse_rule.cache_clear()
        clear_shapes()
        start = time.perf_counter()
        for text in readable:
            parse_rule(text)
        best = min(best, time.perf_counter() - start)
    return one_shape, len(readable) / best, len(readable)


def rule_file(indicators: int) -> str:
    lines = ["项目名称：基准项目", "全年预算数：100万元", "一级：产出指标", "二级：数量指标"]
    templates = [
        "达标得满分{w}分，否则按完成比例得分",
        "医保政策知晓率达80%得满分{w}分，否则每少10%扣2分",
        "达标得满分{w}分，否则不得分",
        None,
    ]
    for i in range(indicators):
        template = templates[i % len(templates)]
        lines += [f"三级：指标{i}", f"  指标值：≥{80 + i % 20}%", "  分值：1"]
        if template:
            lines.append(f"  评分标准：{template.format(w=1)}")
    return "\n".join(lines) + "\n"


def measure_load() -> float:
    text = rule_file(10_000)
    loads(text)  # grammars built, as in a long-running service
    start = time.perf_counter()
    loads(text)
    return time.perf_counter() - start


def memory_child() -> None:
    """Batch-score 10⁷ rows in chunks of 10⁶; print the peak RSS in MiB."""
    rng = np.random.default_rng(7)
    total = 0
    for _ in range(10):
        chunk = np.round(rng.uniform(0, 120, 1_000_000), 2)
        total += int(
            score_batch("达80%得满分10分，否则每少10%扣2分", "≥80%", 10, chunk).cents.sum()
        )
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, total)


def measure_memory() -> float:
    output = subprocess.run(
        [sys.executable, __file__, "--memory"], capture_output=True, text=True, check=True
    )
    return float(output.stdout.split()[0])


def main() -> None:
    if "--memory" in sys.argv:
        memory_child()
        return
    random.seed(1)
    actuals = np.round(np.random.default_rng(1).uniform(0, 120, N), 2)
    print(
        f"indicator_rules benchmark — {N:,} actuals in [0, 120], 2 decimals; per-record engines on up to {SLOW_N:,}\n"
    )
    for name, results in measure_tasks(actuals):
        numpy_rate = results["hand-written NumPy"]
        zen_evaluate = results.get("zen-engine ZenEngine.evaluate")
        zen_compiled = results.get("zen-engine compile_expression")
        print(f"{name}")
        print(
            f"  {'engine':34} {'evaluations/s':>15} {'× NumPy':>9} {'× zen evaluate':>15} {'× zen compiled':>15}"
        )
        for engine, value in results.items():
            vs_zen = f"{value / zen_evaluate:15.2f}" if zen_evaluate else f"{'-':>15}"
            vs_compiled = f"{value / zen_compiled:15.2f}" if zen_compiled else f"{'-':>15}"
            print(f"  {engine:34} {value:15,.0f} {value / numpy_rate:9.4f} {vs_zen} {vs_compiled}")
        print()
    one_shape, cold, count = measure_parse()
    print(f"parse: {one_shape:,.0f} distinct rule texts/s (one phrasing, numbers varied)")
    print(f"parse: {cold:,.0f} distinct rule texts/s cold ({count} real texts, each its own shape)")
    print(f"load: a 10 000-indicator rule file in {measure_load():.2f} s")
    print(f"memory: 10⁷ rows batch-scored in chunks of 10⁶, peak RSS {measure_memory():,.0f} MiB")


if __name__ == "__main__":
    main()
