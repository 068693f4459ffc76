"""Items scored alone (items.lark): 猪瘟、猪蓝耳病、猪口蹄疫免疫密度分别达到100%各得5分 — each item
named before 分别 is a row of its own, scored by the rest of the rule out of its own points; the
score is their sum (分值 is checked to be that sum)."""

from __future__ import annotations

import attrs

from ..errors import (
    ActualValueError,
    RuleSyntaxError,
)
from ..model import (
    Full,
    ItemActuals,
    MeetTarget,
    OnTime,
    Quantity,
    Rule,
    Target,
)
from ..options import (
    ScoringOptions,
)
from ..outcome import (
    NO_FACTS,
    ZERO,
    Outcome,
    Scorer,
    _score_text,
)
from .base import (
    _Clause,
    _error,
)


class ItemsTree:
    """Callbacks of items.lark."""

    def each_condition(self, items):
        """猪瘟、猪蓝耳病、猪口蹄疫免疫密度分别达到100%: the items, and the condition for each."""
        subject = str(items[0])
        names = tuple(name.strip() for name in subject.split("、"))
        if len(names) < 2 or not all(names):
            raise _error(
                f"“{subject}分别…”：“分别”前应列出两个以上分项，用“、”隔开",
                items[0],
                hint="如“猪瘟、猪蓝耳病免疫密度分别达到100%各得5分”",
            )
        subject = "、".join(names)
        threshold = next((i for i in items if isinstance(i, Quantity)), None)
        if threshold is None:
            condition = MeetTarget(subject=subject)
        else:
            condition = attrs.evolve(self.reach([items[0], *items[2:]])[0], subject=subject)
        return condition, items[0], names

    def full_each(self, items):
        condition, first, names = items[0]
        points = items[-1]
        return [
            _Clause("full", (Full(condition=condition, points=points[0]), points), first),
            _Clause("items", names, first),
        ]


# --- assembling ---


def add_items(asm, clause) -> None:
    """分别…各得5分: the items named before 分别, each scored alone."""
    if asm.items:
        raise _error("规则中有两组分项", clause.token)
    asm.items = clause.value


def check_items(asm) -> None:
    """分别…各得5分 scores each item alone: a full-marks condition and what happens otherwise."""
    if not asm.items:
        return
    others = (
        asm.events
        or asm.late
        or asm.bands
        or asm.awards
        or asm.penalties
        or asm.discretion
        or asm.grades
        or asm.rank_by
    )
    if others or isinstance(asm.full.condition, OnTime):
        raise RuleSyntaxError(
            "分项计分（分别…各得…）只能与“否则…”“每少…扣…”同用",
            line=1,
            column=1,
            hint="如“猪瘟、猪蓝耳病免疫密度分别达到100%各得5分，单项每降1%扣0.5分”",
        )


def _compile_items(rule: Rule, target: Target, options: ScoringOptions) -> Scorer:
    """猪瘟、猪蓝耳病、猪口蹄疫免疫密度分别达到100%各得5分: each item scored alone by the rule, out
    of its own points; the score is their sum (分值 is checked to be that sum)."""
    from ..compiler import compile_row  # each item is a row of its own

    each = rule.full.points
    one = compile_row(attrs.evolve(rule, items=()), target, each, options)
    names = rule.items

    def score(actual, events=None, facts=NO_FACTS) -> Outcome:
        if not isinstance(actual, ItemActuals) or len(actual.values) != len(names):
            raise ActualValueError(
                f"该指标分项计分（{'、'.join(names)}），需要每个分项的实际完成值",
                hint=f"如“{names[0]}100%；{names[1]}98%”",
            )
        parts = [one(value, events, facts) for value in actual.values]
        exact = sum((part.exact for part in parts), ZERO)
        met = all(part.met for part in parts)

        def explain(_):
            lines = [f"{name}：{part.explain()}" for name, part in zip(names, parts, strict=True)]
            return "；".join(lines) + f"；合计{_score_text(exact)}"

        def warn(_):
            return tuple(w for part in parts for w in part.warnings)

        return Outcome(exact, met, warn, explain, False, actual, events)

    return score


RAW_KINDS = {"items": add_items}
CONDITIONED_KINDS = {}
COMPOSE = {}
