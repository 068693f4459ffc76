"""How a rule of named conditions scores (conditions.py reads it), one algebra for all of them
(docs/rules.md, “一句规则怎样组成”): score = clamp(base − deductions − events, 0, 分值).

The base is the awards that hold: a checklist (points add up to 分值, per-item awards count ×
points), or a choice of levels (the highest is 分值; a level may give a range of points), or the
evaluator's discretion. A rule with no award — only deductions and 不得分 conditions (vetoes:
违规开设财政专户的，不得分) — starts from 分值 itself; a veto that holds takes it to 0.
Refused because the words allow two readings: an award unsaid beside deductions, a partial
checklist beside discretion."""

from __future__ import annotations

from decimal import Decimal

from ..errors import (
    ActualValueError,
    RuleConflictError,
)
from ..model import (
    NoScore,
    Rule,
    fmt,
)
from ..normalize import normalize
from ..options import (
    ScoringOptions,
)
from ..outcome import (
    NO_FACTS,
    ZERO,
    Facts,
    Outcome,
    Scorer,
    _clamp,
    _join,
    _judged_score,
    _nothing,
    _score_text,
)
from .conditions import _discretion_bounds
from .events import _compile_events
from .named import _held_conditions, _named_in_actual


def _compile_judged(rule: Rule, weight: Decimal, options: ScoringOptions) -> Scorer:
    """Rules of named conditions: a checklist (points add up to 分值), a choice of levels (the
    highest equals 分值), penalties for conditions that hold, and the evaluator's discretion."""
    plan = _Judged(rule, weight)
    deduct_events = _compile_events(rule.events)

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        facts, events = _named_in_actual(facts, actual, plan, events)
        held = plan.held(facts, events, said=actual is not None)
        base, parts, judged = plan.base(held, facts)
        minus = plan.deductions(held, parts)
        event_minus, event_text = deduct_events(events) if rule.events else (ZERO, _nothing)
        exact = _clamp(base - minus - event_minus, weight)
        if plan.unawarded and not parts and exact == weight:
            parts = ["无扣分情形"]  # 分值 less nothing: no deduction and no veto holds
        warnings = ("该项得分含评价人酌情评定",) if judged else ()
        return Outcome(
            exact,
            exact == weight,
            warnings,
            lambda _: _join(*parts, event_text(), _score_text(exact, weight)),
            judged,
        )

    score.reads_words = score.words_optional = True
    return score


def _check_judged(rule: Rule, awards: list, weight: Decimal) -> bool:
    """Whether the awards are a checklist (their points add up to 分值); else the highest must
    be 分值. A deduction above 分值 is a slip of the pen, not a rule."""
    points = [p for _, p in awards]
    checklist = len(awards) > 1 and sum(points) == weight and min(points) > 0
    vetoes = [label for label, p in awards if not p]
    if vetoes and sum(points) == weight and len(awards) - len(vetoes) > 1:
        raise RuleConflictError(  # 25 + 1 + 4 = 30 beside 低于…的，不得分
            f"所列各项合计{fmt(weight)}分，与分值一致，但“{'、'.join(vetoes)}”不得分：可读作整项"
            "不得分，也可读作只是某一项不得分，无法确定",
            hint="写明不得分的范围，如“…的，本项不得分”或“…的，该小项不得分”",
        )
    if any(points) and not checklist and max(points) != weight:  # vetoes only: base 分值
        raise RuleConflictError(
            f"各项得分合计{fmt(sum(points))}分、最高{fmt(max(points))}分，与分值{fmt(weight)}分都不一致",
            hint="核对各项得分或指标分值",
        )
    for penalty in rule.penalties:
        if penalty.points > weight:  # 扣15分 in a 3-point row
            raise RuleConflictError(
                f"“{penalty.label}”扣{fmt(penalty.points)}分，超过指标分值{fmt(weight)}分",
                hint="核对扣分或指标分值",
            )
    return checklist


class _Judged:
    """What a rule of named conditions decides once: its conditions in order (the numbers an
    evaluator may give), whether it is a checklist, and the one award worth 分值, if any."""

    def __init__(self, rule: Rule, weight: Decimal) -> None:
        awards = [(a.label, weight if a.points is None else a.points) for a in rule.awards]
        self.checklist = _check_judged(rule, awards, weight)
        self.rule, self.weight = rule, weight
        self.awards = [(normalize(label), p) for label, p in awards]
        # A.符合要求,13-15分: levels whose points the evaluator gives inside a range
        self.ranges = {
            normalize(a.label): a.points_low for a in rule.awards if a.points_low is not None
        }
        self.ordered = [label for label, _ in self.awards]
        self.ordered += [normalize(p.label) for p in rule.penalties]
        if rule.discretion is not None:
            self.ordered.append(normalize(rule.discretion.label))
        one = len(self.awards) == 1 and self.awards[0][1] == weight
        self.sole = self.awards[0][1] if one else None
        # the one award worth 分值 beside levels worth nothing (有会议纪录 0分): with deductions
        # and no award said to hold, is it 分值 less the deductions, or nothing? (refused)
        positive = [(label, p) for label, p in self.awards if p > 0]
        self.full_award = (
            positive[0][0] if len(positive) == 1 and positive[0][1] == weight else None
        )
        # 是/符合 answer the one condition worth 分值 — unless deductions follow it (得3分；无规划
        # 扣1分: a failed award is then 3 less its deductions, or 0?); a “none of them” answer
        # scores 0 only where the rule says so (a checklist, 否则不得分) or has one award
        plain = not (rule.penalties or rule.events)
        self.sole_label = self.awards[0][0] if self.sole is not None and plain else None
        self.none_is_zero = (
            self.checklist or isinstance(rule.fallback, NoScore) or len(self.awards) <= 1
        )
        # no award, only deductions and vetoes (不得分 conditions): the base is 分值 itself
        # (未开展不得分 is a fallback of no standard said: what fails is unknown, so not here)
        self.unawarded = not any(p for _, p in self.awards) and not (
            rule.discretion or rule.fallback
        )

    def held(self, facts: Facts, events, said: bool = True) -> set[str]:
        held = _held_conditions(facts, self.ordered)  # by name, or by number (1, 2, …)
        measured = self.sole is not None and self.rule.events and events is not None
        if measured and not facts.conditions:
            held.add(self.awards[0][0])  # 勤政廉政计6分，…各扣2分: events measure the award
        elif (
            events is not None
            and self.awards
            and not (said or facts.conditions or facts.judgement is not None)
        ):
            _refuse_unsaid_awards([label for label, _ in self.awards])  # 0, or 分值?
        return held

    def base(self, held: set[str], facts: Facts) -> tuple[Decimal, list[str], bool]:
        """The points before deductions, the words saying why, and whether it was judged."""
        rule = self.rule
        discretion = rule.discretion is not None and (
            rule.discretion.label in held or facts.judgement is not None
        )
        if self.checklist and (not discretion or any(label in held for label, _ in self.awards)):
            return self._checklist(held, facts), self._checklist_words(held), False
        if self.unawarded:
            return self._vetoed(held)
        if self.awards:
            return self._level(held, facts, discretion)
        if rule.discretion is not None:
            return self._judged(facts, True)
        return self.weight, [], False

    def _vetoed(self, held: set[str]) -> tuple[Decimal, list[str], bool]:
        """No award: 分值, unless a veto (a condition worth nothing) holds."""
        vetoes = [label for label, _ in self.awards if label in held]
        if vetoes:
            return ZERO, [f"{'、'.join(vetoes)}，不得分"], False
        return self.weight, [], False

    def _checklist(self, held: set[str], facts: Facts) -> Decimal:
        _refuse_partial_checklist(self.rule, self.awards, held, facts)
        return sum((p for label, p in self.awards if label in held), ZERO)

    def _checklist_words(self, held: set[str]) -> list[str]:
        met = [f"{label}（{fmt(p)}分）" for label, p in self.awards if label in held]
        return [f"符合{len(met)}项：{'、'.join(met)}" if met else "各项均不符合"]

    def _level(self, held: set[str], facts: Facts, discretion: bool):
        """A choice of levels: the one that holds, else the evaluator's, else nothing."""
        chosen = [(label, p) for label, p in self.awards if label in held]
        if len(chosen) > 1:
            raise ActualValueError(
                f"各等级只能有一项成立，而提供了{len(chosen)}项：{'、'.join(c for c, _ in chosen)}"
            )
        if chosen:
            return self._chosen(chosen[0], facts)
        if self.ranges and facts.judgement is not None:
            return self._by_score(facts)
        if discretion:
            return self._judged(facts, False)
        deducted = sum((p.points for p in self.rule.penalties if normalize(p.label) in held), ZERO)
        if self.full_award is not None and self.rule.penalties and deducted < self.weight:
            _refuse_unsaid_award(self.full_award, self.weight)  # 2 less 1, or 0?
        if isinstance(self.rule.fallback, NoScore) or not held:
            return ZERO, ["所列得分条件均不成立"], False
        return ZERO, [], False

    def _chosen(self, level, facts: Facts):
        label, points = level
        low = self.ranges.get(label)
        if low is None:
            return points, [label], False
        given = _judged_score(facts, low, points, f"“{label}”档")
        return given, [f"{label}（{fmt(low)}-{fmt(points)}分），评价人评定{fmt(given)}分"], True

    def _by_score(self, facts: Facts):
        """Only the evaluator's score given: the one level whose points hold it."""
        given = facts.judgement
        holding = [
            (label, p)
            for label, p in self.awards
            if (self.ranges[label] <= given <= p if label in self.ranges else given == p)
        ]
        if len(holding) != 1:
            shown = "、".join(label for label, _ in holding) or "无"
            raise ActualValueError(
                f"评定得分{fmt(given)}分对应的档次不唯一或不存在（{shown}）",
                hint="写明成立的档次（conditions=），或在某一档的分数范围内评定",
            )
        return self._chosen(holding[0], facts)

    def _judged(self, facts: Facts, strip: bool):
        discretion = self.rule.discretion
        base = _judged_score(facts, *_discretion_bounds(discretion, self.weight))
        words = f"{discretion.label}，评价人酌情评定{fmt(base)}分"
        return base, [words.lstrip("，") if strip else words], True

    def deductions(self, held: set[str], parts: list[str]) -> Decimal:
        minus = ZERO
        for penalty in self.rule.penalties:
            if normalize(penalty.label) in held:
                minus += penalty.points
                parts.append(f"{penalty.label}，扣{fmt(penalty.points)}分")
        return minus


def _refuse_unsaid_awards(labels: list[str]) -> None:
    """Only event counts given to a rule of several awards: nothing says whether an award
    holds, so neither 0 (none holds) nor 分值 less the events (one holds) is taken."""
    raise ActualValueError(
        f"只提供了事件次数，未说明得分条件（{'、'.join(labels)}）是否成立：可能不得分，也可能按成立的一项扣分",
        hint="写明成立的条件（实际完成情况或 conditions=），再提供事件次数",
    )


def _refuse_unsaid_award(label: str, weight: Decimal) -> None:
    """得3分；未成立领导小组扣1分 with only the deductions said: does “label” still hold (3
    less the deductions) or not (0)? Both readings are named, neither is taken."""
    raise ActualValueError(
        f"未说明“{label}”是否成立：成立时从{fmt(weight)}分中扣分，不成立时得0分，无法确定",
        hint=f"在成立的条件中写上“{label}”（或其序号1），再列出扣分的条件",
    )


def _refuse_partial_checklist(rule: Rule, awards, held: set[str], facts: Facts) -> None:
    """A checklist beside a discretionary clause, some items missing and no score given: the
    sum of the items, or the evaluator's score? Both readings are named, neither is taken."""
    missing = [label for label, _ in awards if label not in held]
    if rule.discretion is not None and missing and facts.judgement is None:
        raise ActualValueError(
            f"部分条件不成立（{'、'.join(missing)}）：可按成立各项之和计分，也可能适用"
            f"“{rule.discretion.label}”的酌情计分，无法确定",
            hint="提供评定得分（judgement），或列出全部成立的条件",
        )
