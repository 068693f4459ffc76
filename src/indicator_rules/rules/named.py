"""Which named conditions an evaluator's answer holds: by name (with or without its numbering),
by a unique prefix, or by number; an actual written in the rule's own words (“记录不全”)."""

from __future__ import annotations

import contextlib
import re

import attrs

from ..errors import ActualValueError
from ..model import Statement
from ..normalize import normalize
from ..outcome import Facts
from ..segments import strip_mark
from ..states import Condition, otherwise_texts
from ..wording import Target, is_all_good, is_one_good, read_answer
from .event_words import split_counts
from .events import counts_said


def _held_conditions(facts: Facts, ordered: list[str]) -> set[str]:
    """The named conditions the evaluator says hold: by name (with or without its numbering),
    by a prefix only one of them starts with, or by their number in the rule (1, 2, …)."""
    held = set()
    for given in facts.conditions:
        named = _labels_named(given, ordered, listed=True)
        if len(named) != 1:
            _unknown_condition(given, ordered, named)
        held.add(named[0])
    return held


def _labels_named(given: str, ordered: list[str], listed: bool = False) -> list[str]:
    """The conditions `given` may name: the one of its number, its name (with or without the
    numbering), else those whose name starts with it; a condition `listed` by the evaluator
    (conditions=, {"items": …}) also by its last clause (`_by_last_clause`) — never an answer
    in words, whose first clause may answer another condition (已制定，方案不完善)."""
    if given.isdigit() and 0 < int(given) <= len(ordered):
        return [ordered[int(given) - 1]]
    if given in ordered:
        return [given]
    key = given if given.isdigit() else strip_mark(given)
    bare = [strip_mark(label) for label in ordered]
    if key in bare:
        return [ordered[bare.index(key)]]
    starts = [label for label, b in zip(ordered, bare, strict=True) if key and b.startswith(key)]
    return starts or (_by_last_clause(key, ordered, bare) if listed else [])


def _by_last_clause(key: str, ordered: list[str], bare: list[str]) -> list[str]:
    """The one condition `key` names by last clauses: the label's own (未及时报送 for 乡财政预算…
    备案，未及时报送), or the key's, its other clauses naming no condition (管理体制不顺畅，管理
    权限不明确 for 管理权限不明确, whose lead the rule's reading dropped). Else none."""
    clauses = [c.strip() for c in re.split(r"[，,；;]", key) if c.strip()]
    if not clauses:
        return []
    lasts = [re.split(r"[，,；;]", b)[-1].strip() for b in bare]
    found = [label for label, last in zip(ordered, lasts, strict=True) if last == key]
    if len(clauses) > 1 and not any(_labels_named(c, ordered) for c in clauses[:-1]):
        found += [label for label, b in zip(ordered, bare, strict=True) if b == clauses[-1]]
    return found if len(set(found)) == 1 else []


def _unknown_condition(given: str, ordered: list[str], starts: list[str]):
    import difflib

    if starts:
        raise ActualValueError(
            f"“{given}”可对应多个条件：{'、'.join(starts)}", hint="写完整的条件名称或其序号"
        )
    close = difflib.get_close_matches(given, ordered, n=1, cutoff=0.3)
    raise ActualValueError(
        f"评分标准中没有条件“{given}”",
        hint=f"是否要写“{close[0]}”？" if close else f"可选：{'、'.join(sorted(ordered)) or '无'}",
    )


def _named_in_actual(facts: Facts, actual, plan, events) -> tuple[Facts, object]:
    """An actual given to a rule of named conditions names those that hold (“记录不全”, or
    several separated by ；), in the rule's own words (已成立，未作出部署: wording.py), or says
    that all hold (全部符合); what it says of the events may give their counts (全部消除 → 0).
    A number or date there is refused, never ignored. Returns the facts and the event counts."""
    if actual is None:
        return facts, events
    if isinstance(actual, Statement):
        events, rest = split_counts(plan.rule.events, events, actual.text)  # 通报批评2例
        if rest is None:
            return facts, events
        actual = Statement(text=rest)
    if not isinstance(actual, Statement):
        raise ActualValueError(
            "该指标按所列条件计分，实际完成值应写成立的条件，而不是数值",
            hint=f"可选：{'、'.join(plan.ordered) or '无'}（或用 conditions= 给出）",
        )
    if is_all_good(actual.text) or (is_one_good(actual.text) and _one_standard(plan)):
        return _all_good(facts, plan, actual.text), counts_said(
            plan.rule.events, events, dict.fromkeys(range(len(plan.rule.events)), False)
        )
    named, said, failed = [], {}, []
    for part in re.split(r"[；;\n]", normalize(actual.text)):
        part = part.strip()
        if not part:
            continue
        if _names_a_label(part, plan.ordered):
            named.append(part)
            continue
        answered = _answered(part, plan, said, failed)
        named += [part] if answered is None else answered  # an unknown part is refused later
    award_labels = {label for label, _ in plan.awards}
    if failed and not plan.none_is_zero and not award_labels & set(named):
        named += failed  # 不合格村 against 村民自治村计2分，合格村计1分: the rule does not say
    events = counts_said(plan.rule.events, events, said)
    return attrs.evolve(facts, conditions=facts.conditions | frozenset(named)), events


def _answered(part: str, plan, said: dict[int, bool], failed: list[str]) -> list[str] | None:
    """The labels a part in words says hold (None: it answers none). 是/符合 or a state word
    answer the one condition worth 分值; else the general reading (wording.py) over the
    awards (all their clauses), the deductions and the events — never the discretionary
    clause (记录不全酌情扣分: what it costs is the evaluator's to say). Awards said to fail are added
    to `failed`, the events said to happen or not to `said`."""
    if plan.sole_label is not None:
        with contextlib.suppress(ActualValueError):
            condition = Condition(plan.sole_label, otherwise_texts(plan.rule))
            return [plan.sole_label] if condition.answer(part) else []
    # not the discretionary clause: its score is the evaluator's, not said by words
    labels = [Target(label, label) for label, _ in plan.awards]
    labels += [Target(normalize(p.label), p.label, "any") for p in plan.rule.penalties]
    events = [Target(f"#{i}", e.event, "any") for i, e in enumerate(plan.rule.events) if e.event]
    unread: list[str] = []
    verdicts = read_answer(part, [labels, events], unread)
    if unread:
        return None
    for key, holds in verdicts.items():
        if key.startswith("#"):
            said[int(key[1:])] = holds
        elif not holds and any(key == label for label, _ in plan.awards):
            failed.append(part)
    return [key for key, holds in verdicts.items() if holds and not key.startswith("#")]


def _one_standard(plan) -> bool:
    """Whether the rule's full marks are one named standard with deductions or events beside
    it (勤政廉政计6分。…扣2分): 符合 · 达到要求 say it holds and nothing is deducted. Without
    them `_answered` reads the word (Condition); against several awards it names none."""
    return plan.sole is not None and plan.sole_label is None


def _all_good(facts: Facts, plan, word: str) -> Facts:
    """全部符合 · 各项均符合要求: every award holds, no deduction. Refused where that is not one
    reading: a level choice (which level?), discretion (what score?), an award worth nothing."""
    rule = plan.rule
    levels = len(plan.awards) > 1 and not plan.checklist
    why = (
        "评分标准有酌情计分，得分由评价人评定"
        if rule.discretion is not None
        else "评分标准分档次计分，未说明哪一档成立"
        if levels or plan.ranges
        else "评分标准有不得分的条件，“全部符合”可读作该条件成立或不成立"
        if any(points == 0 for _, points in plan.awards)
        else None
    )
    if why:
        raise ActualValueError(
            f"实际完成情况“{word}”无法确定得分：{why}",
            hint=f"写明成立的条件：{'、'.join(plan.ordered)}",
        )
    held = frozenset(label for label, _ in plan.awards)
    return attrs.evolve(facts, conditions=facts.conditions | held)


def _names_a_label(given: str, ordered: list[str]) -> bool:
    """Whether `given` names one condition as _held_conditions reads it."""
    return len(_labels_named(given, ordered)) == 1
