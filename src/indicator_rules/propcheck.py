"""Property checks of a rule file (`indicator-rules test`): search each indicator's actual values
for what a rule must never do, and give the shrunk counterexample of each finding.

The properties, one `Finding.kind` each:
  range        a score outside [0, 分值]
  monotone     a better result scoring lower (in the direction of the target's operator, of
               the rule's own threshold, or of its best band; a later date, a lower place);
               more events scoring higher
  gap          a value between two bands that no band holds
  overlap      a value two bands hold
  unreachable  no value found that gives full marks
  unmet        full marks without meeting the target (指标值)
  explanation  an explanation whose final 得N分 is not the score
  crash        an exception on scoring that is not an `IndicatorRulesError` (a library bug)

The search is hypothesis's (`hypothesis.find` over `strategies.actual_values`), seeded, without
a database, `max_examples` per property and `deadline` seconds per indicator: the same file
and seed give the same findings. A value the row refuses (an `IndicatorRulesError`) is no
finding, except between bands (gap). `check`, `load` and `loads` refuse a rule whose bands
overlap; this reads the file with `parse_project(..., overlapping=True)` so that it can show a
value two bands hold. Needs the `[testing]` extra (hypothesis).

>>> from indicator_rules import loads
>>> findings = check_properties(loads('''
... 项目名称：示例
... 一级：产出指标
... 二级：质量指标
... 三级：合格率
...   指标值：≥90%
...   分值：10
...   评分标准：≥90%得10分；80%(含)-90%得8分；60%以下不得分
... '''), max_examples=30)
>>> [(f.kind, f.line) for f in findings]
[('gap', 5)]
>>> 60 < Decimal(findings[0].counterexample[0]["actual"].rstrip("%")) < 80
True
"""

from __future__ import annotations

import os
import random
import re
import time
from decimal import Decimal

import attrs

from .extras import require

require("hypothesis", "testing", "性质测试")

from hypothesis import HealthCheck, Phase, find, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import NoSuchExample  # noqa: E402

from ._ordering import direction, holds, in_gap, meets, order_key  # noqa: E402
from .errors import IndicatorRulesError, RuleFileError  # noqa: E402
from .model import DateValue, Quantity, fmt  # noqa: E402
from .project import Project, parse_project  # noqa: E402
from .reader import read_text  # noqa: E402
from .scoring import read_value  # noqa: E402
from .strategies import actual_values, boundary_values, event_counts  # noqa: E402

__all__ = ["KINDS", "Finding", "check_properties", "load_overlapping"]

KINDS = {
    "range": "得分超出[0, 分值]",
    "monotone": "更好的结果得分更低",
    "gap": "分档之间的空档",
    "overlap": "分档重叠",
    "unreachable": "满分不可达",
    "unmet": "未达到目标却得满分",
    "explanation": "说明与得分不符",
    "crash": "评分时出现库外异常",
}
_FINAL = re.compile(r"得(?:满分)?(-?\d+(?:\.\d+)?)分[。）)]*$")


@attrs.frozen(slots=True, kw_only=True)
class Finding:
    """One property a rule breaks: which (`kind`, one of `KINDS`), the indicator, where its
    row starts (source, line), what happens, and the counterexample: one or two records
    ({"actual", "events", "score"}, as written; "score" None where the row refuses it)."""

    kind: str
    indicator: str
    source: str
    line: int
    message: str
    counterexample: tuple[dict, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def __str__(self) -> str:
        shown = "，".join(_record_text(record) for record in self.counterexample)
        example = f"（反例：{shown}）" if shown else ""
        return f"{self.where}: {KINDS[self.kind]}：{self.indicator}：{self.message}{example}"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "source": self.source,
            "line": self.line,
            "message": self.message,
            "counterexample": [dict(record) for record in self.counterexample],
        }


def _record_text(record: dict) -> str:
    text = f"实际{record['actual']}"
    if record.get("events") is not None:
        text += f"、事件次数{_events_text(record['events'])}"
    return text + (f"得{record['score']}分" if record.get("score") is not None else "")


def _events_text(counts: dict) -> str:
    """{"1": 2} → 2次; {"1": 0, "2": 3} → 第1项0次、第2项3次 (the events by their number)."""
    if len(counts) == 1:
        return f"{next(iter(counts.values()))}次"
    return "、".join(f"第{key}项{n}次" for key, n in counts.items())


def _shown(actual) -> str:
    if actual is None:
        return "（空）"
    if isinstance(actual, Decimal):
        return fmt(actual)
    return str(actual)


def check_properties(
    rules,
    *,
    seed: int = 0,
    max_examples: int = 100,
    deadline_per_indicator: float = 5.0,
    encoding=None,
) -> list[Finding]:
    """Search every indicator of `rules` (a rule file's path, or a `Project`) for the
    properties of this module; return the findings, in file order. A file that does not load
    (bands that overlap aside) raises `RuleFileError`, as `load` does."""
    project = rules if isinstance(rules, Project) else load_overlapping(rules, encoding=encoding)
    findings: list[Finding] = []
    for indicator in project.indicators:
        probe = _Probe(indicator, project.source, seed, max_examples, deadline_per_indicator)
        findings.extend(probe.run())
    return findings


def load_overlapping(path, *, encoding=None, limit=None) -> Project:
    """A rule file as `load` reads it, except that bands which overlap are kept, not refused
    (the first band written scores a value two hold), so that the overlap can be searched for
    and shown; any other problem raises `RuleFileError`, as `load` does."""
    source = os.fspath(path)
    text = read_text(path, encoding=encoding, limit=limit)
    project, problems = parse_project(text, source, None, overlapping=True)
    if problems:
        raise RuleFileError(problems, source=source)
    return project


class _Probe:
    """The searches over one indicator's actual values."""

    def __init__(self, indicator, source: str, seed: int, max_examples: int, deadline: float):
        self.indicator, self.source = indicator, source
        self.row = indicator.compiled
        self.rule, self.target, self.weight = self.row.rule, self.row.target, self.row.weight
        self.seed = f"{seed}:{indicator.name}"
        self.settings = settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        self.deadline = time.monotonic() + deadline
        self.ends = self.deadline  # of the property being searched (run shares the deadline out)
        self.values = actual_values(self.row)
        self.events = event_counts(self.row)
        self.records = st.tuples(self.values, self.events)
        self.direction = direction(self.row)
        self.boundary = boundary_values(self.row)
        self.zero = _zero(self.rule)
        self.seeds = [(actual, self.zero) for actual in self.boundary]
        self.crashed: list = []  # (actual, events, the exception) not the library's

    # --- scoring one record ---

    def result(self, actual, events=None, *, explained: bool = False):
        """The row's result, its explanation written when `explained`; None when the row
        refuses the record (an exception not the library's is kept for the `crash` finding)."""
        try:
            result = self.row.result(actual, events=events)
            result.exact  # noqa: B018 - read it: the row may refuse only now
            if explained:
                result.explanation  # noqa: B018
        except IndicatorRulesError:
            return None
        except Exception as error:  # a bug of the library: reported, not raised
            self.crashed.append((actual, events, error))
            return None
        return result

    def value(self, actual):
        """The actual as the scorer reads it, or None when refused."""
        try:
            return read_value(actual, self.target, self.rule, self.row.scorer)
        except IndicatorRulesError:
            return None

    def record(self, actual, events=None) -> dict:
        result = self.result(actual, events)
        return {
            "actual": _shown(actual),
            "events": events,
            "score": str(result.score) if result is not None else None,
        }

    def find(self, strategy, condition, seeds=()):
        """The shrunk example meeting `condition`, or None (none within the budget). The
        `seeds` (the boundary values) are tried first, one by one: what they show is found
        however short the time; the search then looks further and shrinks."""
        seeded = next((example for example in seeds if condition(example)), None)

        def timed(example) -> bool:
            return time.monotonic() < self.ends and condition(example)

        try:
            return find(strategy, timed, settings=self.settings, random=random.Random(self.seed))
        except NoSuchExample:
            return seeded

    def finding(self, kind: str, message: str, *records: dict) -> Finding:
        return Finding(
            kind=kind,
            indicator=self.indicator.name,
            source=self.source,
            line=self.indicator.line,
            message=message,
            counterexample=records,
        )

    # --- the properties ---

    def run(self) -> list[Finding]:
        checks = [self.range, self.explanation, self.unreachable, self.unmet, self.monotone]
        if self.rule is not None and self.rule.bands:
            checks[:0] = [self.gap, self.overlap]
        if self.rule is not None and self.rule.events:
            checks.append(self.more_events)
        findings = []
        for left, check in zip(range(len(checks), 0, -1), checks, strict=True):
            now = time.monotonic()  # each property an equal share of the time left
            self.ends = now + max(self.deadline - now, 0) / left
            finding = check()
            if finding is not None:
                findings.append(finding)
        if self.crashed:
            actual, events, error = self.crashed[0]
            message = f"{type(error).__name__}: {str(error)[:200]}"
            record = {"actual": _shown(actual), "events": events, "score": None}
            findings.append(self.finding("crash", message, record))
        return findings

    def range(self):
        def outside(record) -> bool:
            result = self.result(*record)
            return result is not None and not 0 <= result.exact <= self.weight

        found = self.find(self.records, outside, self.seeds)
        if found is not None:
            result = self.result(*found)
            message = f"得分{fmt(result.exact)}超出[0, {fmt(self.weight)}]"
            return self.finding("range", message, self.record(*found))
        return None

    def explanation(self):
        def disagrees(record) -> bool:
            result = self.result(*record, explained=True)
            return result is not None and _final_points(result.explanation) != result.score

        found = self.find(self.records, disagrees, self.seeds)
        if found is not None:
            text = self.result(*found).explanation
            return self.finding("explanation", f"说明“{text}”的得分与得分不符", self.record(*found))
        return None

    def unreachable(self):
        def full(record) -> bool:
            result = self.result(*record)
            return result is not None and result.exact == self.weight

        if _judged_full(self.rule) or any(full(seed) for seed in self.seeds):
            return None
        if self.find(st.tuples(self.values, st.just(self.zero)), full) is None and (
            time.monotonic() < self.ends
        ):
            return self.finding("unreachable", f"找不到得满分{fmt(self.weight)}分的实际值")
        return None

    def unmet(self):
        if not isinstance(self.target.value, (Quantity, DateValue)) or self.direction is None:
            return None
        if self.rule is not None and self.rule.events and self.rule.fallback is None:
            return None  # 达标得满分，每次扣1分: the events measure 达标 (docs/rules.md, 三)

        def full_unmet(record) -> bool:
            result = self.result(*record)
            if result is None or result.exact != self.weight:
                return False
            met = meets(self.value(record[0]), self.target)
            return met is False

        found = self.find(self.records, full_unmet, self.seeds)
        if found is not None:
            message = f"实际{_shown(found[0])}未达到目标{self.target.display}，却得满分"
            return self.finding("unmet", message, self.record(*found))
        return None

    def monotone(self):
        if self.direction is None:
            return None

        def inversion(actuals):
            scored = []
            for actual in actuals:
                key, result = (
                    order_key(self.value(actual), self.row),
                    self.result(actual, self.zero),
                )
                if key is not None and result is not None:
                    scored.append((key * self.direction, result.exact, actual))
            scored.sort(key=lambda item: item[0])
            for i, (worse_key, worse_score, worse) in enumerate(scored):
                for better_key, better_score, better in scored[i + 1 :]:
                    if better_key > worse_key and better_score < worse_score:
                        return better, worse
            return None

        lists = st.lists(self.values, min_size=2, max_size=6)
        found = self.find(lists, lambda actuals: inversion(actuals), [self.boundary])
        if found is None:
            return None
        better, worse = inversion(found)
        b, w = self.record(better, self.zero), self.record(worse, self.zero)
        message = f"实际{b['actual']}比{w['actual']}更好，得分{b['score']}却低于{w['score']}"
        return self.finding("monotone", message, b, w)

    def more_events(self):
        def more(draw) -> dict:
            _, counts, which, extra = draw
            key = str(which % len(counts) + 1)
            return {**counts, key: counts[key] + extra}

        def raises(draw) -> bool:
            low, high = self.result(draw[0], draw[1]), self.result(draw[0], more(draw))
            return low is not None and high is not None and high.exact > low.exact

        numbers, extra = st.integers(0, len(self.rule.events) - 1), st.integers(1, 5)
        found = self.find(st.tuples(self.values, self.events, numbers, extra), raises)
        if found is None:
            return None
        few, many = self.record(found[0], found[1]), self.record(found[0], more(found))
        message = (
            f"事件次数{_events_text(many['events'])}得{many['score']}分，"
            f"高于次数{_events_text(few['events'])}时的{few['score']}分"
        )
        return self.finding("monotone", message, many, few)

    def gap(self):
        bands = self.rule.bands

        def between(actual) -> bool:
            value = self.value(actual)
            return isinstance(value, Quantity) and in_gap(bands, value)

        found = self.find(self.values, between, self.boundary)
        if found is not None:
            message = f"实际{_shown(found)}不在任何分档内：评分标准没有写明它的得分"
            return self.finding("gap", message, self.record(found))
        return None

    def overlap(self):
        from .printer import band_condition

        bands = self.rule.bands

        def holders(actual) -> list:
            value = self.value(actual)
            if not isinstance(value, Quantity):
                return []
            return [band for band in bands if holds(band, value)]

        found = self.find(self.values, lambda actual: len(holders(actual)) > 1, self.boundary)
        if found is not None:
            names = "”与“".join(band_condition(band) for band in holders(found))
            message = f"实际{_shown(found)}同时属于分档“{names}”（按先写的一档计分）"
            return self.finding("overlap", message, self.record(found))
        return None


def _zero(rule) -> dict | None:
    """No event of any kind, as `events=` takes it; None for a rule without events."""
    if rule is None or not rule.events:
        return None
    return {str(i): 0 for i in range(1, len(rule.events) + 1)}


def _judged_full(rule) -> bool:
    """Whether full marks may be the evaluator's to give (酌情扣分, 13-15分): the search gives
    no judgement, so it cannot say they are unreachable."""
    if rule is None:
        return False
    ranged = any(a.points_low is not None for a in rule.awards) or any(
        band.points_low is not None for band in rule.bands
    )
    return ranged or rule.discretion is not None or bool(rule.grades)


def _final_points(explanation: str) -> Decimal | None:
    from .options import round_score

    match = _FINAL.search(explanation.strip())
    return round_score(Decimal(match.group(1))) if match else None
