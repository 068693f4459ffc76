"""Benchmark indicator_rules as users call it, against the engines they would pick instead.

    python3 benchmarks/run.py            # pip install '.[bench]' first for zen-engine and rule-engine
    python3 benchmarks/run.py > benchmarks/last-run.txt
    python3 benchmarks/run.py --before DIR   # also parse cold with the source tree DIR (DIR/src)

Only public calls are timed, with inputs as users hold them: a float, or the string as written
("87.25%"). Three scoring tasks over the same actuals (values in [0, 120] with 2 decimals):
ratio-capped 10·min(1, B/100); step-deduct 达80%得满分10分，否则每少10%扣2分; bands ≥90 10,
[80,90) 8, [60,80) 6, else 0. The engines of one task are timed in turns (round robin, best of
ROUNDS), so that their ratios are measured side by side even on a busy machine. Then the CLI
in a fresh process, Project.evaluate, loading a 10 000-indicator file, parsing, and the peak
memory of batch-scoring 10⁷ rows. Prints tables; asserts nothing. `--before DIR` measures
the cold parse of DIR's code too, in a fresh process (issue 13: cold parsing at least 2× the
code before the work, commit 87b29f6: `git worktree add /tmp/wt-before 87b29f6`).
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from indicator_rules import IndicatorRulesError, parse_rule, score_row
from indicator_rules.batch import score_batch
from indicator_rules.grammars import clear_shapes
from indicator_rules.project import load, loads

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "tests" / "data" / "rule_texts_dev.jsonl"
EXAMPLE = ROOT / "examples" / "chenggong-medical-insurance-2026"
N = 200_000  # batch engines
RECORDS = 20_000  # per-record engines
SLOW = 2_000  # per-record engines that take tens of µs a call
ROUNDS = 15  # best of 15 turns: the machine may be shared

TASKS = {
    "ratio-capped": {
        "rule": None,
        "target": "≥100",
        "text": "{}",
        "python": lambda b: 10 * min(1.0, b / 100),
        "numpy": lambda b: 10 * np.minimum(1.0, b / 100),
        "zen": "10 * min([1, b / 100])",
        "rule_engine": "10.0 * (b / 100.0 > 1.0 ? 1.0 : b / 100.0)",
    },
    "step-deduct": {
        "rule": "达80%得满分10分，否则每少10%扣2分",
        "target": "≥80%",
        "text": "{}%",
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
        "text": "{}%",
        "python": lambda b: 10 if b >= 90 else 8 if b >= 80 else 6 if b >= 60 else 0,
        "numpy": lambda b: np.select([b >= 90, b >= 80, b >= 60], [10, 8, 6], 0),
        "zen": "b >= 90 ? 10 : (b >= 80 ? 8 : (b >= 60 ? 6 : 0))",
        "rule_engine": "b >= 90.0 ? 10 : (b >= 80.0 ? 8 : (b >= 60.0 ? 6 : 0))",
    },
}


def per_record(call):
    def run(items):
        for item in items:
            call(item)

    return run


def side_by_side(engines: dict) -> dict:
    """{engine: evaluations/s}: each engine run once per round, in turns; the best round."""
    best = dict.fromkeys(engines, math.inf)
    for _ in range(ROUNDS):
        for name, (run, items) in engines.items():
            start = time.perf_counter()
            run(items)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: len(engines[name][1]) / best[name] for name in engines}


def zen_engines(expression):
    try:
        import zen
    except ImportError:
        return None, None
    graph = {
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
    content = zen.ZenDecisionContent(json.dumps(graph))  # the graph, handed over once
    engine = zen.ZenEngine({"loader": lambda key: content})
    compiled = zen.compile_expression(expression)
    return (lambda b: engine.evaluate("task", {"b": b})), (lambda b: compiled.evaluate({"b": b}))


def rule_engine_rule(expression):
    try:
        import rule_engine
    except ImportError:
        return None
    rule = rule_engine.Rule(expression)
    return lambda b: rule.evaluate({"b": b})


def numpy_cents(function):
    """Hand-written NumPy, rounded to cents as one would write it in floats."""
    return lambda b: np.floor(function(b) * 100 + 0.5) / 100


def task_engines(task, actuals: np.ndarray) -> tuple[dict, int]:
    from indicator_rules import compile_indicator  # not in older trees (parse_child runs them)

    floats = actuals[:RECORDS].tolist()
    texts = [task["text"].format(b) for b in floats]
    rule, target = task["rule"], task["target"]
    row = compile_indicator(target=target, weight=10, rule=rule)
    # exact to the cent: the compiled path against the Decimal path, on every timed input
    exact = sum(
        row.score(b) == row.decimal_result(b).score == row.score(t)
        for b, t in zip(floats, texts, strict=True)
    )
    engines = {
        "compile_indicator(…).score(float)": (per_record(row.score), floats),
        "compile_indicator(…).score(str)": (per_record(row.score), texts),
        "compile_indicator(…).result(float)": (per_record(row.result), floats),
        "score_row(…, rule text, float)": (
            per_record(lambda b: score_row(target=target, weight=10, rule=rule, actual=b)),
            floats,
        ),
        "score_row(…, rule text, str)": (
            per_record(lambda t: score_row(target=target, weight=10, rule=rule, actual=t)),
            texts,
        ),
        "score_batch (NumPy floats in)": (lambda a: score_batch(rule, target, 10, a), actuals),
        "hand-written Python": (per_record(task["python"]), floats),
        "hand-written NumPy": (task["numpy"], actuals),
        "hand-written NumPy, cents": (numpy_cents(task["numpy"]), actuals),
    }
    zen_evaluate, zen_compiled = zen_engines(task["zen"])
    if zen_evaluate is not None:
        engines["zen ZenEngine.evaluate"] = (per_record(zen_evaluate), floats[:SLOW])
        engines["zen compile_expression"] = (per_record(zen_compiled), floats)
    re_rule = rule_engine_rule(task["rule_engine"])
    if re_rule is not None:
        engines["rule-engine"] = (per_record(re_rule), floats[:SLOW])
    return engines, exact


def print_task(name: str, results: dict, exact: int) -> None:
    references = [
        ("× zen compiled", results.get("zen compile_expression")),
        ("× zen evaluate", results.get("zen ZenEngine.evaluate")),
        ("× NumPy", results["hand-written NumPy"]),
        ("× NumPy cents", results["hand-written NumPy, cents"]),
    ]
    print(f"{name}   (compiled path equal to the Decimal path on {exact:,} of {RECORDS:,} actuals)")
    head = "".join(f"{label:>15}" for label, _ in references)
    print(f"  {'engine':38} {'evaluations/s':>14}{head}")
    for engine, value in results.items():
        ratios = "".join(
            f"{value / reference:15.3f}" if reference else f"{'-':>15}"
            for _, reference in references
        )
        print(f"  {engine:38} {value:14,.0f}{ratios}")
    print()


def cli_seconds() -> dict:
    """Wall seconds of `indicator-rules explain` and `parse` in a fresh process: the first run
    for a user (no cached parse tables yet) and later runs (best of 5)."""
    script = Path(sys.executable).parent / "indicator-rules"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "indicator_rules.cli"]
    calls = {
        "explain": [
            "explain",
            "--target",
            ">=80%",
            "--weight",
            "10",
            "--actual",
            "72%",
            "--rule",
            "医保政策知晓率达80%得满分10分，否则每少10%扣2分",
        ],
        "parse": ["parse", "达标得满分10分，否则每少10%扣2分"],
    }
    timings = {}
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, XDG_CACHE_HOME=cache)
        for name, arguments in calls.items():
            runs = []
            for _ in range(6):
                start = time.perf_counter()
                subprocess.run(command + arguments, env=env, check=True, capture_output=True)
                runs.append(time.perf_counter() - start)
            timings[name] = (runs[0], min(runs[1:]))
    return timings


def best_seconds(function, repeat: int) -> float:
    """The best of `repeat` timed calls, from a collected heap: the garbage of the step before
    (a 10 000-indicator `loads`) is not charged to the call timed after it."""
    gc.collect()
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


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


def project_seconds() -> dict:
    example = load(EXAMPLE.with_suffix(".rules"))
    actuals_csv = Path(f"{EXAMPLE}-actuals.csv")
    big = loads(rule_file(1000))
    actuals = {i.name: f"{60 + (k * 7) % 50}.5%" for k, i in enumerate(big.indicators)}
    actuals["全年执行数"] = "95万元"
    big.evaluate(actuals)
    text = rule_file(10_000)
    loads(text)  # grammars built, as in a long-running service
    return {
        "example": best_seconds(lambda: example.evaluate(actuals_csv), 50),
        "example rows": len(example.indicators),
        "1000": best_seconds(lambda: big.evaluate(actuals), 20),
        "loads": best_seconds(lambda: loads(text), 3),
    }


def parse_rates() -> tuple[float, float, int]:
    """Distinct rule texts/s: warm — 20 000 texts of one phrasing with different numbers (as in
    one table: the shape is parsed once); cold — every real rule text of the dev corpus the
    language reads, each its own shape, every cache cleared before each pass."""
    texts = list(
        dict.fromkeys(
            f"满意度达到{a}%以上得满分{w}分，否则每少{s}%扣{p}分"
            for a in range(50, 100)
            for w in (5, 10, 15, 20)
            for s in range(1, 11)
            for p in (1, 2, 3, 4, 5)
        )
    )[:20_000]
    parse_rule("达标得满分10分，否则不得分")  # the grammar is loaded once per process, not per text
    parse_rule.cache_clear()
    start = time.perf_counter()
    for text in texts:
        parse_rule(text)
    warm = len(texts) / (time.perf_counter() - start)
    corpus = [json.loads(line)["rule"] for line in CORPUS.read_text("utf-8").splitlines()]
    readable = []
    for text in corpus:
        with contextlib.suppress(IndicatorRulesError):
            parse_rule(text)
            readable.append(text)

    def cold():
        parse_rule.cache_clear()
        clear_shapes()
        for text in readable:
            parse_rule(text)

    return warm, len(readable) / best_seconds(cold, 7), len(readable)


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


def parse_child(tree) -> tuple[float, int]:
    """(cold texts/s, texts) of the code in `tree`, in a fresh process: this file's own
    measurement (`parse_rates`), run against tree/src."""
    env = dict(os.environ, PYTHONPATH=str(Path(tree) / "src"))
    output = subprocess.run(
        [sys.executable, __file__, "--parse-only", str(tree)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=tree,
    )
    cold, count = output.stdout.split()
    return float(cold), int(count)


def _own_grammar(tree: Path) -> None:
    """Read the grammar of `tree` (its top-level grammar/ folder, the package
    indicator_rules.grammar), not the one an editable install of another tree maps that name to:
    tree/src holds only indicator_rules itself."""
    import indicator_rules

    assert "indicator_rules.grammar" not in sys.modules
    indicator_rules.__path__.insert(1, str(tree))
    import indicator_rules.grammar as grammar

    assert Path(grammar.__file__).parent == tree / "grammar", grammar.__file__


def main() -> None:
    if "--memory" in sys.argv:
        memory_child()
        return
    if "--parse-only" in sys.argv:
        _own_grammar(Path(sys.argv[sys.argv.index("--parse-only") + 1]))
        _, cold, count = parse_rates()
        print(cold, count)
        return
    actuals = np.round(np.random.default_rng(1).uniform(0, 120, N), 2)
    print(
        f"indicator_rules benchmark — actuals in [0, 120] with 2 decimals: {N:,} for batch "
        f"engines, {RECORDS:,} per record ({SLOW:,} for the slowest); engines of a task timed "
        f"in turns, best of {ROUNDS} rounds\n"
    )
    for name, task in TASKS.items():
        engines, exact = task_engines(task, actuals)
        print_task(name, side_by_side(engines), exact)
    cli = cli_seconds()
    for name, (first, later) in cli.items():
        print(
            f"CLI `indicator-rules {name}`, fresh process: {later:.2f} s wall "
            f"(the user's first run, building the parse tables: {first:.2f} s)"
        )
    project = project_seconds()
    print(
        f"Project.evaluate: bundled example ({project['example rows']} indicators, CSV actuals) "
        f"{project['example'] * 1000:.2f} ms; 1 000 indicators (mapping of strings) "
        f"{project['1000'] * 1000:.2f} ms"
    )
    print(f"loads: a 10 000-indicator rule file in {project['loads']:.2f} s")
    warm, cold, count = parse_rates()
    print(f"parse warm: {warm:,.0f} distinct rule texts/s (one phrasing, numbers varied)")
    print(f"parse cold: {cold:,.0f} distinct rule texts/s ({count} real texts, each its own shape)")
    if "--before" in sys.argv:  # both in a fresh process, in turns: one heap, one machine load
        tree = sys.argv[sys.argv.index("--before") + 1]
        head = subprocess.run(
            ["git", "-C", tree, "log", "-1", "--format=%h"], capture_output=True, text=True
        ).stdout.strip()
        now = before = 0.0
        for _ in range(3):
            now = max(now, parse_child(ROOT)[0])
            rate, texts = parse_child(tree)
            before = max(before, rate)
        print(
            f"parse cold, fresh processes in turns (best of 3): now {now:,.0f} texts/s; before the "
            f"work (commit {head}) {before:,.0f} texts/s ({texts} texts it reads); × {now / before:.2f}"
        )
    print(f"memory: 10⁷ rows batch-scored in chunks of 10⁶, peak RSS {measure_memory():,.0f} MiB")


if __name__ == "__main__":
    main()
