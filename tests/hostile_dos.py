"""Denial-of-service cases: large garbage, many problems, huge numbers, and every regex of src/
on 10⁵-character adversarial input (tests/test_hostile.py, benchmarks/hostile_probe.py).

Each case runs in a forked child with a time limit (`in_child`), so that a case that hangs —
int() of a 10⁹-digit Decimal is not interruptible — is reported, not waited for.
"""

from __future__ import annotations

import ast
import importlib
import multiprocessing
import pkgutil
import random
import re
import time
import tracemalloc
from pathlib import Path

import indicator_rules
from indicator_rules import loads, parse_rule, score_row
from indicator_rules.actuals import read_actuals

from .hostile_inputs import EXAMPLE_RULES

MB = 2**20
_GARBAGE_CHARS = (
    "得分扣每次达到满分%≥≤<>=，。；：:、（）()0123456789.万元人天名优良中差东部\n 　#a-"
)


def garbage(size: int, *, seed: int = 0, lines: bool = True) -> str:
    """`size` characters of rule-language debris: tokens every lexer knows, in no order."""
    rng = random.Random(seed)
    chars = _GARBAGE_CHARS if lines else _GARBAGE_CHARS.replace("\n", "")
    block = "".join(rng.choice(chars) for _ in range(min(size, 65_536)))
    return (block * (size // len(block) + 1))[:size]


def bad_weights(count: int) -> str:
    """A rule file of `count` indicators, each with an unreadable 分值."""
    head = "项目名称：示例\n一级：产出指标\n二级：数量指标\n"
    body = "".join(
        f"三级：指标{i}\n  指标值：≥90%\n  分值：十分{i}\n  评分标准：达标得满分\n"
        for i in range(count)
    )
    return head + body


def _refuse_and_print(text: str):
    def case():
        try:
            loads(text)
        except indicator_rules.IndicatorRulesError as error:
            shown = str(error)
            return f"refused, {len(shown)} characters printed"
        return "accepted"

    return case


def _events_case():
    rows = "指标名称,实际完成值,事件次数\n医保宣传资料发放及时率,25天,1e999999999\n全年执行数,145000元,\n"
    project = loads(EXAMPLE_RULES.read_text(encoding="utf-8"))
    return lambda: project.evaluate(read_actuals(rows.encode(), format="csv"), partial=True)


def dos_cases() -> list[tuple[str, object]]:
    """(label, function) of each size and denial-of-service case."""
    one, ten = garbage(MB), garbage(10 * MB)
    return [
        ("parse_rule: 1 MB of garbage", lambda: parse_rule(garbage(MB, lines=False))),
        ("parse_rule: 10 MB of garbage", lambda: parse_rule(garbage(10 * MB, lines=False))),
        ("loads: 1 MB of garbage", _refuse_and_print(one)),
        ("loads: 10 MB of garbage", _refuse_and_print(ten)),
        ("loads: one line of 10 MB", _refuse_and_print("项目名称：" + "甲" * (10 * MB))),
        ("loads: 1 MB of unknown keys", _refuse_and_print("未知键：值\n" * (MB // 6))),
        (
            "loads: 10 000 bad 分值 lines, refused and printed",
            _refuse_and_print(bad_weights(10_000)),
        ),
        (
            "loads: 20 000 bad 分值 lines, refused and printed",
            _refuse_and_print(bad_weights(20_000)),
        ),
        (
            "score_row: 分值 1e9999999",
            lambda: score_row(rule="达标得满分", target="≥80%", weight="1e9999999", actual="1"),
        ),
        (
            "score_row: events 1e999999999",
            lambda: score_row(weight=10, rule="每发生一次扣1分，扣完为止", events="1e999999999"),
        ),
        ("actuals: 事件次数 1e999999999", _events_case()),
        (
            "score_row: a 100 000-digit fraction",
            lambda: score_row(target="≥90%", weight=10, actual="0." + "1" * 100_000 + "%"),
        ),
    ]


def _child(function, pipe, memory: bool) -> None:
    if memory:
        tracemalloc.start()
    begin = time.perf_counter()
    try:
        outcome = function() or "accepted"
        outcome = outcome if isinstance(outcome, str) else "accepted"
    except indicator_rules.IndicatorRulesError as error:
        outcome = f"refused: {str(error)[:60]!r}"
    except BaseException as error:
        outcome = f"LEAK {type(error).__name__}: {str(error)[:60]!r}"
    took = time.perf_counter() - begin
    peak = tracemalloc.get_traced_memory()[1] / MB if memory else 0.0
    pipe.send((took, peak, outcome))


def in_child(function, *, limit: float = 60.0, memory: bool = False) -> tuple[float, float, str]:
    """(seconds, peak MB of Python allocations when `memory`, outcome) of `function()` in a
    forked child; a child past `limit` seconds is killed and reported as a hang."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(function, send, memory))
    child.start()
    if receive.poll(limit):
        result = receive.recv()
    else:
        child.kill()
        result = (limit, 0.0, f"HANG: killed after {limit:.0f} s")
    child.join()
    return result


# --- regexes ---------------------------------------------------------------------------------

_SCANS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def _inline_patterns(path: Path) -> list[tuple[str, str]]:
    """String patterns passed to re.* calls in a source file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _SCANS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, node.func.attr))
    return found


def _module_patterns(module) -> list[re.Pattern]:
    found = []
    for value in vars(module).values():
        values = value if isinstance(value, tuple | list) else (value,)
        for item in values:
            items = item if isinstance(item, tuple) else (item,)
            found.extend(p for p in items if isinstance(p, re.Pattern))
    return found


# Inline patterns super-linear on their own, made linear by their call site (tested there:
# convert._unbracketed, goaltable._match).
GUARDED = frozenset({r"[（(].*?[）)]", r"\(.*?\)$"})


def patterns() -> dict[str, tuple[re.Pattern, bool]]:
    """Every regex of the package, by where: module-level compiled ones and inline literals,
    each with whether the package only matches it at one place (match, fullmatch)."""
    found: dict[str, tuple] = {}
    root = Path(indicator_rules.__file__).parent
    anchored = _anchored()
    for info in pkgutil.walk_packages(indicator_rules.__path__, "indicator_rules."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for pattern in _module_patterns(module):
            found.setdefault(pattern.pattern, (info.name, pattern, pattern.pattern in anchored))
    for path in sorted(root.rglob("*.py")):
        for text, method in _inline_patterns(path):
            if text not in GUARDED:
                single = method in ("match", "fullmatch")
                found.setdefault(text, (path.stem, re.compile(text), single))
    return {f"{where}: {text[:60]}": (p, single) for text, (where, p, single) in found.items()}


_UNITS = (
    " ",
    "9",
    "9.",
    "1 ",
    "0,",
    "a",
    "分",
    "东部",
    "加扣",
    "、",
    "(",
    "（",
    ":",
    "优",
    "第1",
    "\n",
)


def adversarial(pattern: re.Pattern, size: int) -> list[str]:
    """Inputs of `size` characters built from the pattern's own literals and common runs, each
    followed by a character that makes a match fail at the end."""
    literals = {ch for ch in pattern.pattern if ch.isalnum() or ch in " .,:%()、，："}
    units = sorted(set(_UNITS) | literals)
    texts = []
    for unit in units:
        for tail in ("", "\x01"):
            texts.append(unit * (size // len(unit)) + tail)
        texts.append((unit + " ") * (size // (len(unit) + 1)) + "\x01")
    return texts


# Patterns the package only ever matches at one place (.match at a position, .fullmatch of a
# token): timed that way, not scanned.
ANCHORED = (
    ("indicator_rules.rules.counts", "_FORMULA"),
    ("indicator_rules.rules.ratios", "_SCORE_FORMULA"),
    ("indicator_rules.segments", "_NEXT"),
    ("indicator_rules.targets", "_LEADING_OPERATOR"),
)


def _anchored() -> set[str]:
    return {getattr(importlib.import_module(m), name).pattern for m, name in ANCHORED}


def worst_time(pattern: re.Pattern, size: int, anchored: bool = False) -> float:
    """The slowest of search, match and a full scan of `pattern` on the adversarial inputs
    (match and fullmatch only, for a pattern matched at one place)."""
    worst = 0.0
    for text in adversarial(pattern, size):
        begin = time.perf_counter()
        pattern.match(text)
        if anchored:
            pattern.fullmatch(text)
        else:
            pattern.search(text)
            for _ in pattern.finditer(text):
                pass
        worst = max(worst, time.perf_counter() - begin)
    return worst


def regex_cases(size: int = 10**5, guard: float = 0.05) -> list[tuple[str, float]]:
    """(label, worst seconds on `size`-character input) of each regex; one that takes more
    than `guard` seconds on a tenth of the size is not run at full size (its figure then is
    the tenth's ×100, marked ≈, the quadratic guess)."""
    cases = []
    for label, (pattern, anchored) in patterns().items():
        small = worst_time(pattern, size // 10, anchored)
        if small > guard:  # once more: a busy machine, not the pattern, may have been slow
            small = min(small, worst_time(pattern, size // 10, anchored))
        if small > guard:
            cases.append((f"≈ {label}", small * 100))
        else:
            cases.append((label, worst_time(pattern, size, anchored)))
    return cases
