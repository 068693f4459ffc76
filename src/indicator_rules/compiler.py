"""Compile a rule and its indicator row into a plain scorer: `scorer(actual, events) -> Outcome`.

Everything that depends only on the row (which threshold governs, which fallback, the full
score, the checks of the rule against the row) is decided once here. The returned closure does
Decimal arithmetic only; the explanation text is built lazily, when somebody reads it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise

import attrs

from .errors import ActualValueError, RuleConflictError, TargetError, UnitMismatchError
from .model import (
    DateValue,
    Grade,
    GradeActual,
    ItemActuals,
    NoScore,
    OnTime,
    Operator,
    Proportional,
    Qualitative,
    Quantity,
    Rule,
    Statement,
    StepDeduction,
    StepDirection,
    Target,
    Unsaid,
    Unstated,
    fmt,
)
from .normalize import normalize
from .options import (
    GRADE_BANDS,
    GRADE_LIMIT_SHARES,
    REVERSE_MODES,
    STEP_MODES,
    ScoringOptions,
    round_score,
)
from .segments import strip_mark
from .states import conditions_answered
from .units import PERCENT, Unit

__all__ = ["Outcome", "Scorer", "compile_row"]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@attrs.define(slots=True)
class Outcome:
    """What a scorer returns: the exact score, whether the target was met, warnings, and how to
    write the explanation (`why(outcome) -> str`, called only when somebody asks).

    Not frozen, for speed (this is the one object made per scored record); treat it as read-only.
    `actual` and `events` are the scorer's inputs, kept for the explanation.
    """

    exact: Decimal
    met: bool
    warn: tuple[str, ...] | Callable[[Outcome], tuple[str, ...]]
    why: Callable[[Outcome], str] = attrs.field(eq=False, repr=False)
    judged: bool = False
    actual: object = attrs.field(default=None, eq=False, repr=False)
    events: object = attrs.field(default=None, eq=False, repr=False)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings (a scorer may leave them to be written when read)."""
        warn = self.warn
        return warn if warn.__class__ is tuple else warn(self)

    def explain(self) -> str:
        """The Chinese explanation of the score (实际…，…，得…分)."""
        return self.why(self)


Scorer = Callable[..., Outcome]  # scorer(actual, events, facts=None) -> Outcome


@attrs.frozen(slots=True, kw_only=True)
class Facts:
    """What the evaluator states beyond the actual value: which named conditions hold
    (有工作方案, 记录不全 …) and, where the rule leaves the score to them, the score given."""

    conditions: frozenset[str] = frozenset()
    judgement: Decimal | None = None


NO_FACTS = Facts()


def _clamp(value: Decimal, weight: Decimal) -> Decimal:
    return min(max(value, ZERO), weight)


def _score_text(exact: Decimal, weight: Decimal | None = None) -> str:
    if weight is not None and exact == weight:
        return f"得满分{fmt(weight)}分"
    return f"得{fmt(round_score(exact))}分"


# --- the comparison of an actual with a numeric threshold ------------------------------------


@attrs.frozen(slots=True)
class _Threshold:
    """The number the actual is compared with: the rule's own (达80%) or the row's target."""

    value: Quantity
    operator: Operator
    label: str  # 目标 or 标准

    @property
    def reverse(self) -> bool:
        return self.operator.reverse

    def actual(self, value) -> tuple[Decimal, Decimal]:
        """(b, a): the actual and the threshold as numbers in the threshold's unit (a negative
        actual, a rate of change, is compared as it is: targets.py refuses other negatives)."""
        if isinstance(value, GradeActual):
            raise ActualValueError(
                f"该指标按数值计分，实际完成值应为数值而不是评定等级“{value.display}”",
                hint=f"填写实际完成的数值，与{self.label}{self.value.display}比较",
            )
        if not isinstance(value, Quantity):
            raise ActualValueError(
                f"该指标按数值计分，实际完成值“{value.display}”不是数值",
                hint=f"填写实际完成的数值，与{self.label}{self.value.display}比较",
            )
        return value.in_unit_of(self.value), self.value.amount

    def met(self, b: Decimal, a: Decimal) -> bool:
        return self.operator.holds(b, a)

    def shown(self, amount: Decimal) -> str:
        unit = self.value.unit.name if self.value.unit else ""
        return f"{fmt(amount)}{unit}"

    def written(self, actual: Quantity) -> tuple[str, str]:
        """(actual, threshold) as the user wrote them, with the unit where it was in a column."""
        return actual.display_with_unit, self.value.display_with_unit


def _threshold_for(rule: Rule | None, target: Target) -> _Threshold | None:
    threshold = _stated_threshold(rule, target)
    if threshold is not None and threshold.operator is Operator.EQ and threshold.value.amount == 0:
        # = 0 (事故0起, 投诉0次) means none may happen: met only at 0 or below, as ≤ 0
        return _Threshold(threshold.value, Operator.LE, threshold.label)
    return threshold


def _stated_threshold(rule: Rule | None, target: Target) -> _Threshold | None:
    if rule is not None and rule.threshold is not None:
        threshold = rule.threshold
        if threshold.unit is None and isinstance(target.value, Quantity) and target.value.unit:
            # “三公经费”变动率≦0 against a % target: the bare 0 is 0%
            threshold = Quantity(
                amount=threshold.amount, unit=target.value.unit, text=threshold.text
            )
            return _Threshold(threshold, rule.full.condition.operator, "目标")
        same = (
            isinstance(target.value, Quantity)
            and rule.threshold.convertible(target.value)
            and (rule.threshold.in_unit_of(target.value) == target.value.amount)
        )
        return _Threshold(rule.threshold, rule.full.condition.operator, "目标" if same else "标准")
    if isinstance(target.value, Quantity):
        return _Threshold(target.value, target.operator, "目标")
    if isinstance(target.value, (Qualitative, Unstated)):
        # A qualitative target measured in % (预算资金使用进度 “按财政规定执行”), or none at all
        # (得分=预算执行率×分值): the actual is a rate, and 100% is 达标.
        return _Threshold(Quantity(amount=HUNDRED, unit=PERCENT, text="100%"), Operator.GE, "目标")
    return None


def _warn_over(threshold: _Threshold, b: Decimal, a: Decimal, options: ScoringOptions):
    if not threshold.reverse and a > 0 and b >= a * options.overachievement:
        return (
            f"实际值为{threshold.label}的{fmt(round_score(b / a * HUNDRED))}%，"
            f"超过{fmt(options.overachievement * HUNDRED)}%，请说明目标是否设置偏低",
        )
    return ()


# --- the parts of a threshold-style scorer ---------------------------------------------------


def _step_table(a, s, p, w, over: bool, mode: str, limit: int = 64):
    """`b ↦ w − steps·p` by lookup: the actuals where the number of steps changes are the cuts
    a ∓ k·s, k = 0 … K, K = ⌈w/p⌉ (beyond it the score is 0 after clamping); counting the cuts
    past b is the number of steps. Exact (Decimal comparisons). None when a table does not fit."""
    if mode == "proportional" or p <= 0 or s <= 0 or (w / p) > limit:
        return None
    k_max = int((w / p).__ceil__())
    first = (
        0 if mode == "ceil" else 1
    )  # ceil counts the cut at b = a itself (a gap of 0 is 0 steps)
    cuts = sorted(a + k * s if over else a - k * s for k in range(first, k_max + 1))
    scores = [w - n * p for n in range(len(cuts) + 1)]
    n_cuts = len(cuts)
    if not over and mode == "ceil":  # steps = #{cuts > b}
        return lambda b: scores[n_cuts - bisect_right(cuts, b)]
    if not over:  # floor: steps = #{cuts ≥ b}
        return lambda b: scores[n_cuts - bisect_left(cuts, b)]
    if mode == "ceil":  # steps = #{cuts < b}
        return lambda b: scores[bisect_left(cuts, b)]
    return lambda b: scores[bisect_right(cuts, b)]  # floor: steps = #{cuts ≤ b}


def _met_text(threshold: _Threshold, actual: Quantity, met: bool) -> str:
    b_text, a_text = threshold.written(actual)
    if met:
        return f"实际{b_text}，达到{threshold.label}{a_text}"
    word = "超过" if threshold.reverse else "未达到"
    return f"实际{b_text}，{word}{threshold.label}{a_text}"


def _ratio_part(threshold: _Threshold, options: ScoringOptions, basis: str, weight: Decimal):
    """The score when missed, proportional: 正向 w·B/A (at most w), 反向 per the reverse option.
    Returns (score(b), text(b)) for this row's weight and threshold. A target of 0 or less has
    no proportion: a miss scores 0, and says so."""
    w, a = weight, threshold.value.amount
    strict = threshold.operator in (Operator.LT, Operator.GT)
    if threshold.reverse:
        reverse_mode = REVERSE_MODES[options.reverse]
        if options.reverse == "ratio":

            def text(b):
                return f"按{threshold.label}÷实际计分：{fmt(w)}×{fmt(a)}÷{fmt(b)}"
        else:

            def text(b):
                return f"按超出比例计分：{fmt(w)}×(1-({fmt(b)}-{fmt(a)})÷{fmt(a)})"

        def reverse(b: Decimal) -> Decimal:
            if a <= 0:
                return ZERO
            _refuse_boundary(strict, b, a, threshold)
            return reverse_mode(w, a, b)

        def reverse_text(b):
            return _no_proportion(threshold) if a <= 0 else text(b)

        return reverse, reverse_text

    def forward(b: Decimal) -> Decimal:
        if a <= 0:
            return ZERO
        _refuse_boundary(strict, b, a, threshold)
        return min(w, w * b / a)

    def forward_text(b):
        if a <= 0:
            return _no_proportion(threshold)
        rate = fmt(round_score(b * HUNDRED / a))
        return f"完成率{rate}%，按{basis}得分：{fmt(w)}×{fmt(b)}÷{fmt(a)}"

    return forward, forward_text


def _no_proportion(threshold: _Threshold) -> str:
    return f"{threshold.label}为{threshold.value.display}，未达到时无比例可计，不得分"


def _refuse_boundary(strict: bool, b: Decimal, a: Decimal, threshold: _Threshold) -> None:
    """“<5%” with exactly 5% misses the target, yet 5÷5 of 分值 is full marks: refuse the
    contradiction rather than score either way."""
    if strict and b == a:
        raise ActualValueError(
            f"实际值恰为{threshold.label}{threshold.value.display}：“{threshold.operator.value}”"
            f"不含该值，未达标，但按比例计分为满分，二者矛盾",
            hint=f"把指标值改为“{'≤' if threshold.reverse else '≥'}{threshold.value.display}”，"
            "或在评分标准中写明未达标时如何计分",
        )


def _step_part(threshold: _Threshold, step: StepDeduction, options: ScoringOptions, weight):
    """The score when missed: points off per step of shortfall below (or excess above) the
    threshold. Returns (score(b), text(b)) for this row's weight and threshold."""
    count_steps = STEP_MODES[options.steps]
    step_amount = step.step.amount
    over = step.direction.over(threshold.reverse)
    if over != threshold.reverse:  # 每少 against ≤35, 每超过 against ≥90%: never misses
        side = "反向（越小越好）" if threshold.reverse else "正向（越大越好）"
        raise RuleConflictError(
            f"“每{step.direction.value}{step.step.display}扣分”与{side}的{threshold.label}"
            f"{threshold.value.display}方向相反，未达标时无从扣分",
            hint="反向指标写“每超过…扣…分”，正向指标写“每少…扣…分”",
        )
    relative = step.step.is_percent and not threshold.value.is_percent
    if relative and threshold.value.unit is None and threshold.value.amount == 0:
        relative = False  # ≤0 with 每超过1%: a bare 0 is 0%, and the gap is in points
    if not relative and not step.step.convertible(threshold.value):
        raise UnitMismatchError(
            f"扣分步长“{step.step.display}”与{threshold.label}{threshold.value.display}的单位不一致",
            hint="步长应与指标值同一类单位，或写成百分比",
        )
    step_in_unit = (
        step_amount
        if relative or step.step.unit is None
        else (Quantity(amount=step_amount, unit=step.step.unit).in_unit_of(threshold.value))
    )

    def gap_of(b: Decimal, a: Decimal) -> Decimal:
        gap = (b - a) if over else (a - b)
        if relative:
            return gap * HUNDRED / a if a > 0 else ZERO
        return gap

    w, a, p = weight, threshold.value.amount, step.points
    table = None if relative else _step_table(a, step_in_unit, p, w, over, options.steps)
    if table is not None:
        score = table
    elif relative:

        def score(b: Decimal) -> Decimal:
            return w - count_steps(gap_of(b, a) / step_in_unit) * p
    elif over:

        def score(b: Decimal) -> Decimal:
            return w - count_steps((b - a) / step_in_unit) * p
    else:

        def score(b: Decimal) -> Decimal:
            return w - count_steps((a - b) / step_in_unit) * p

    def text(b: Decimal) -> str:
        gap = gap_of(b, a)
        if relative:
            gap_text = f"差{fmt(round_score(gap))}%"
        elif threshold.value.is_percent:
            gap_text = f"共{fmt(gap)}个百分点"
        else:
            gap_text = f"差{threshold.shown(gap)}"
        steps = count_steps(gap / step_in_unit)
        partial = f"按比例计{fmt(steps)}档，" if options.steps == "proportional" else ""
        return (
            f"实际{threshold.shown(b)}，{'超过' if over else '低于'}{threshold.label}"
            f"{threshold.shown(a)}{gap_text}，{partial}每{step.direction.value}"
            f"{step.step.display}扣{fmt(step.points)}分，{_deducted(steps * step.points, w)}"
        )

    return score, text


# --- compile -------------------------------------------------------------------------------------


def compile_row(
    rule: Rule | None,
    target: Target,
    weight: Decimal,
    options: ScoringOptions,
) -> Scorer:
    """Build the scorer of one indicator row. Conflicts between rule and row raise here."""
    if weight <= 0:
        raise RuleConflictError(f"分值必须大于0：{fmt(weight)}")
    if rule is not None and not rule.scores:
        rule = None  # 到位率=实际到位/计划到位*100%: defines the measure; the defaults score it
    if rule is not None:
        _check_full_points(rule, weight)
    if not target.stated:
        unstated = _compile_unstated(rule, target, weight, options)
        if unstated is not None:
            return unstated
    if rule is not None and rule.items:
        return _compile_items(rule, target, options)
    if rule is not None and rule.interpolation is not None:
        return _compile_interpolation(rule, target, weight)
    if rule is not None and rule.rank_step is not None:
        return _compile_rank(rule, weight)
    if rule is not None and rule.ranks:
        return _compile_rank_bands(rule, weight)
    if rule is not None and rule.grades:
        return _compile_grade_limits(rule, weight)
    if rule is not None and rule.actual_optional:
        return _compile_judged(rule, weight, options)
    if rule is not None and rule.bands:
        return _compile_bands(rule, target, weight)
    if isinstance(target.value, DateValue):
        return _compile_date(rule, target, weight)
    if rule is None and isinstance(target.value, Qualitative):
        return _compile_grades(weight, options, _compile_threshold(None, target, weight, options))
    scorer = _compile_threshold(rule, target, weight, options)
    if isinstance(target.value, Qualitative):
        return _compile_grades(weight, options, scorer, rule)
    return scorer


def _compile_unstated(rule, target, weight, options) -> Scorer | None:
    """A row without 指标值: the rule must state its own condition, threshold or method.
    Returns the scorer of a condition answered in words, None when the usual scorers apply
    (bands, checklists, events, ranks… need no target), or raises naming what is missing."""
    from .states import compile_state

    if rule is None:
        raise TargetError(
            "指标值为空，且没有评分标准，无法计分",
            hint="填写指标值（如 ≥90%），或写明评分标准（如“有…的得2分，没有不得分”）",
        )
    full = rule.full
    if full is None or rule.items or rule.threshold is not None:
        return None
    if isinstance(full.condition, OnTime) or full.condition.subject:
        if isinstance(rule.fallback, Proportional) and not full.condition.subject:
            return None
        return compile_state(rule, weight)
    if isinstance(rule.fallback, Proportional):
        return None  # 得分=执行率×分值: the actual is the rate itself (threshold 100%)
    raise TargetError(
        f"评分标准“{rule.text or '达标得满分'}”以指标值为标准，但该指标没有指标值",
        hint="填写指标值，或在评分标准中写明标准（如“达到95%得满分”）",
    )


def _check_full_points(rule: Rule, weight: Decimal) -> None:
    stated = rule.full_points
    if rule.bands:
        named = [band.points for band in rule.bands if band.points is not None]
        stated = max(named) if named and all(b.points is not None for b in rule.bands) else None
    if stated is not None and stated != weight:
        raise RuleConflictError(
            f"评分标准的满分{fmt(stated)}分与指标分值{fmt(weight)}分不一致",
            text=rule.text or None,
            source="评分标准",
            line=1 if rule.text else None,
            column=_column_of(rule.text, fmt(stated)) if rule.text else None,
            hint=f"把评分标准中的满分改为{fmt(weight)}分，或把分值改为{fmt(stated)}分",
        )


def _unsaid_deduction(fallback):
    """达不到扣分: a miss is refused, never scored by a guess."""

    def missed(b):
        raise ActualValueError(
            f"未达标：评分标准只写了“{fallback.text}”，没有写扣多少分，无法计分",
            hint="在评分标准中写明扣分方法，如“每少1%扣1分”，或由评价人评定（写“酌情扣分”）",
        )

    return missed


def _column_of(text: str, needle: str) -> int | None:
    index = text.find(f"{needle}分")
    return index + 1 if index >= 0 else 1


def _compile_threshold(rule, target, weight, options) -> Scorer:
    threshold = _threshold_for(rule, target)
    fallback = rule.fallback if rule is not None else None
    if rule is not None and rule.late is not None and fallback is None:
        fallback = _late_as_step(rule.late, threshold)
    events = rule.events if rule is not None else ()
    warn_rule = ()
    if rule is not None and rule.threshold is not None and isinstance(target.value, Quantity):
        try:
            differs = rule.threshold.in_unit_of(target.value) != target.value.amount
        except UnitMismatchError:
            differs = True
        if differs:
            warn_rule = (
                f"评分标准中的标准{rule.threshold.display}与指标值{target.display}不一致，"
                f"按评分标准计分",
            )
    default_note = ""
    if rule is not None and fallback is None and not events:
        default_note = "（评分标准未说明未达标时如何计分，按默认方法）"
    if fallback is None and not events:
        fallback = Proportional(basis="完成比例")
    deduct_events = _compile_events(events)
    missed = missed_text = None
    if isinstance(fallback, Proportional):
        missed, missed_text = _ratio_part(threshold, options, fallback.basis, weight)
    elif isinstance(fallback, StepDeduction):
        missed, missed_text = _step_part(threshold, fallback, options, weight)
    elif isinstance(fallback, Unsaid):
        missed = _unsaid_deduction(fallback)
    else:
        missed_base = weight if fallback is None else ZERO  # no fallback: only events take off
        missed = lambda b: missed_base  # noqa: E731
    step = isinstance(fallback, StepDeduction)
    # The hot path compares plain Decimals: the actual is taken as it is when its unit is the
    # threshold's (units are one object per name) or either has none, as Quantity.in_unit_of
    # does; otherwise it is converted.
    a = threshold.value.amount
    unit = threshold.value.unit
    holds = threshold.operator.compare
    over_at = a * options.overachievement if not threshold.reverse and a > 0 else None

    def score(actual, event_counts=None, facts=NO_FACTS) -> Outcome:
        if actual.__class__ is Quantity and (
            unit is None or actual.unit is unit or actual.unit is None
        ):
            b = actual.amount
        else:
            b, _ = threshold.actual(actual)
        met = holds(b, a)
        base = weight if met else missed(b)
        if events:
            base -= deduct_events(event_counts)[0]
        exact = ZERO if base < ZERO else weight if base > weight else base
        warn = warn_rule if over_at is None or b < over_at else warn_over
        return Outcome(exact, met, warn, explain, False, actual, event_counts)

    def warn_over(outcome: Outcome) -> tuple[str, ...]:
        return warn_rule + _warn_over(threshold, threshold.actual(outcome.actual)[0], a, options)

    def explain(outcome: Outcome) -> str:
        actual, met = outcome.actual, outcome.met
        b, _ = threshold.actual(actual)
        how = ""
        if not met and missed_text is not None:
            how = missed_text(b) + ("" if step else default_note)
        head = "" if step and not met else _met_text(threshold, actual, met)
        minus_text = deduct_events(outcome.events)[1] if events else _nothing
        return _join(head, how, minus_text(), _score_text(outcome.exact, weight))

    return score


def _late_as_step(late, threshold: _Threshold) -> StepDeduction:
    """逾期每天扣1分 against a time limit (≤30天): each day past the limit is a step over it."""
    unit = threshold.value.unit
    if unit is None or unit.dimension != late.span.unit.dimension or not threshold.reverse:
        raise RuleConflictError(
            f"“逾期每{late.span.display}扣{fmt(late.points)}分”需要截止日期或"
            f"“≤N{late.span.unit.name}”的时限，而指标值是{threshold.value.display}",
            hint="指标值写作截止日期（如 2026年12月）或时限（如 ≤30天）",
        )
    span = Quantity(
        amount=late.span.amount, unit=unit, text=f"{fmt(late.span.amount)}{late.span.unit.name}"
    )
    return StepDeduction(direction=StepDirection.OVER, step=span, points=late.points)


def _compile_items(rule: Rule, target: Target, options: ScoringOptions) -> Scorer:
    """猪瘟、猪蓝耳病、猪口蹄疫免疫密度分别达到100%各得5分: each item scored alone by the rule, out
    of its own points; the score is their sum (分值 is checked to be that sum)."""
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


def _deducted(off: Decimal, weight: Decimal) -> str:
    """扣2分, or 扣10分（扣完为止） when the steps take off more than the whole 分值."""
    return f"扣{fmt(weight)}分（扣完为止）" if off > weight else f"扣{fmt(off)}分"


def _nothing() -> str:
    return ""


def _join(*parts: str) -> str:
    return "，".join(part for part in parts if part)


def _compile_events(events):
    """Per-event deductions: `counts` is an int (one kind of event) or {event name: count}."""
    if not events:
        return lambda counts: (ZERO, lambda: "")

    def deduct(counts):
        if counts is None:
            names = "、".join(e.event or f"每{e.measure}" for e in events)
            raise ActualValueError(
                f"评分标准按次数扣分（{names}），需要提供事件次数",
                hint="在实际完成情况中填写次数，如 events=3（未发生填 0）",
            )
        counts = _event_keys(events, counts)
        total, texts = ZERO, []
        for position, event in enumerate(events, start=1):
            n = _count_for(event, counts, len(events), position)
            if n:
                off = event.total(n)
                total += off
                capped = (
                    "" if event.cap is None or off < event.cap else f"（最多扣{fmt(event.cap)}分）"
                )
                m = event.measure
                each = (
                    f"第1{m}扣{fmt(event.points)}分、以后每{m}多扣{fmt(event.rise)}分"
                    if event.rise
                    else f"每{m}扣{fmt(event.points)}分"
                )
                texts.append(f"{event.event or '发生'}{fmt(n)}{m}，{each}{capped}，扣{fmt(off)}分")
        return total, lambda: "，".join(texts)

    return deduct


def _event_keys(events, counts):
    """Event counts keyed by the rule's event names or by number ("1" and 1 alike); a key the
    rule does not have is an error, never ignored."""
    if not isinstance(counts, dict):
        return counts
    keyed = {}
    names = [normalize(e.event) for e in events]
    for key, value in counts.items():
        text = normalize(str(key)).strip()
        if text.isdigit() and 0 < int(text) <= len(events):
            keyed[int(text)] = value
        elif text in names:
            keyed[events[names.index(text)].event] = value
        else:
            listing = "、".join(f"{i}.{e.event or '事件'}" for i, e in enumerate(events, start=1))
            raise ActualValueError(f"评分标准中没有扣分事件“{key}”", hint=f"可填：{listing}")
    return keyed


def _count_for(event, counts, kinds: int, position: int | None = None) -> Decimal:
    if isinstance(counts, dict) and position is not None and position in counts:
        value = counts[position]  # {1: 5, 2: 1}: events by their order in the rule
    elif isinstance(counts, dict):
        if event.event not in counts:
            raise ActualValueError(f"缺少“{event.event}”的次数", hint=f"可填：{'、'.join(counts)}")
        value = counts[event.event]
    elif kinds > 1:
        raise ActualValueError("评分标准有多种扣分事件，次数应按事件名称分别填写")
    else:
        value = counts
    try:
        n = Decimal(str(value))
    except Exception:
        raise ActualValueError(f"事件次数“{value}”不是数字") from None
    if n < 0 or n != n.to_integral_value():
        raise ActualValueError(f"事件次数“{value}”应为非负整数")
    return n


def _compile_grades(weight, options, numeric: Scorer, rule: Rule | None = None) -> Scorer:
    """A qualitative target: graded actuals use the three official bands; % actuals the rule."""
    defaults = dict(zip(Grade, options.grade_points, strict=True))
    all_or_nothing = rule is not None and not rule.is_numeric
    deduct_events = _compile_events(rule.events if rule is not None else ())

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        if not isinstance(actual, GradeActual):
            return numeric(actual, events, facts)
        grade = actual.grade
        met = grade is Grade.MET
        if rule is not None:
            if not met and not all_or_nothing and not isinstance(rule.fallback, NoScore):
                raise ActualValueError(
                    f"评分标准按比例或步长计分，评定等级“{grade.value}”无法换算",
                    hint="填写实际完成的百分比，如 95%",
                )
            minus, minus_text = deduct_events(events) if rule.events else (ZERO, _nothing)
            exact = _clamp((weight if met else ZERO) - minus, weight)
            return Outcome(
                exact,
                met,
                (),
                lambda _: _join(
                    f"评定为“{grade.value}”，{'达标' if met else '未达标'}",
                    minus_text(),
                    _score_text(exact, weight),
                ),
            )
        low, high = GRADE_BANDS[grade.value]
        share = actual.ratio if actual.ratio is not None else defaults[grade]
        inside = low <= share <= high if grade is Grade.MET else low <= share < high
        if not inside:
            raise ActualValueError(
                f"评分比例{fmt(share * HUNDRED)}%超出“{grade.value}”的区间"
                f"[{fmt(low * HUNDRED)}%, {fmt(high * HUNDRED)}%{']' if grade is Grade.MET else ')'}",
                hint="选择该等级区间内的比例，或改选等级",
            )
        exact = weight * share
        chosen = "取" if actual.ratio is not None else "默认取"
        return Outcome(
            exact,
            met,
            (),
            lambda _: (
                f"评定为“{grade.value}”（该档得分为分值的{fmt(low * HUNDRED)}%–{fmt(high * HUNDRED)}%），"
                f"{chosen}{fmt(share * HUNDRED)}%：{fmt(weight)}×{fmt(share * HUNDRED)}%，{_score_text(exact)}"
            ),
        )

    return score


def _months_between(deadline: DateValue, actual: DateValue) -> int:
    return (actual.year - deadline.year) * 12 + actual.month - deadline.month


def _lateness(deadline: DateValue, actual: DateValue) -> tuple[int, int | None]:
    """(months late, days late or None when the day is not known on both sides); ≤ 0 is on time.

    A deadline without a year (年底前, 9月前) takes the project's year (`with_year`); if it has
    none, an actual with a year cannot be placed and is refused; two year-less dates are
    compared within one (leap) year."""
    if deadline.year is None and actual.year is not None:
        raise ActualValueError(
            f"截止时间“{deadline.display}”没有写年份，无法判断“{actual.display}”是否按时",
            hint="在指标值中写明年份（如 2026年12月），或提供项目年度（year=2026，规则文件“年度：2026”）",
        )
    year = deadline.year if deadline.year is not None else 2024
    deadline = DateValue(year=year, month=deadline.month, day=deadline.day)
    if actual.year is None:
        actual = DateValue(year=year, month=actual.month, day=actual.day)
    months = _months_between(deadline, actual)
    last = calendar.monthrange(year, deadline.month)[1]
    end = dt.date(year, deadline.month, deadline.day or last)
    if actual.day is not None:
        days = (dt.date(actual.year, actual.month, actual.day) - end).days
    elif deadline.day is None or months != 0:
        # Month precision: a later month is late by whole months; the same month is on time.
        first = dt.date(actual.year, actual.month, 1)
        days = (first - end).days if months > 0 else min(0, (first - end).days)
    else:
        raise ActualValueError(
            f"实际完成时间“{actual.display}”只写到月，无法与截止日期“{deadline.display}”比较",
            hint="写明具体日期，如 2026年12月20日",
        )
    return months, days


def _compile_date(rule, target, weight) -> Scorer:
    deadline: DateValue = target.value
    late = rule.late if rule is not None else None
    zero_when_late = rule is not None and isinstance(rule.fallback, NoScore)
    if rule is not None and isinstance(rule.fallback, (Proportional, StepDeduction)):
        raise RuleConflictError(
            f"时效指标（{target.display}）不能按比例或步长计分",
            hint="写作“按时完成得满分，逾期每天扣1分”或“未按时完成不得分”",
        )
    deduct_events = _compile_events(rule.events if rule is not None else ())

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        if not isinstance(actual, DateValue):
            raise ActualValueError(
                f"时效指标的实际完成值应为日期，如 2026年11月，而不是“{actual.display}”"
            )
        months, days = _lateness(deadline, actual)
        met = days <= 0
        warnings = ()
        if met:
            base, how = weight, f"不晚于截止时间{deadline.display}，按时完成"
        elif late is not None:
            unit_days = late.span.unit.name == "天"
            if unit_days and actual.day is None:
                raise ActualValueError(
                    f"逾期按天扣分，实际完成时间“{actual.display}”需写到日", hint="如 2027年1月5日"
                )
            amount = Decimal(days if unit_days else months)
            steps = STEP_MODES["ceil"](amount / late.span.amount)
            base = weight - steps * late.points
            how = (
                f"晚于截止时间{deadline.display}，逾期{fmt(amount)}{late.span.unit.name}，"
                f"每{late.span.display}扣{fmt(late.points)}分，扣{fmt(steps * late.points)}分"
            )
        else:
            base = ZERO
            how = f"晚于截止时间{deadline.display}，未按时完成"
            if not zero_when_late:
                warnings = ("逾期完成且评分标准未规定逾期扣分，按0分计（默认），请说明原因",)
        minus, minus_text = deduct_events(events)
        exact = _clamp(base - minus, weight)
        return Outcome(
            exact,
            met,
            warnings,
            lambda _: _join(f"实际{actual.display}", how, minus_text(), _score_text(exact, weight)),
        )

    return score


def _band_pieces(bands) -> tuple[list[Decimal], list[int | None], Unit | None] | None:
    """The number line cut at every band bound, which band (first written) holds each piece, and
    the bounds' unit.

    Pieces alternate: below the first cut, the first cut itself, between the first two cuts, …,
    above the last cut. Each piece is decided by asking the bands about one number inside it, so
    a lookup agrees with asking the bands in order. None when the bounds use different units.
    """
    bounds = [bound.value for band in bands for bound in (band.lower, band.upper) if bound]
    units = {bound.unit.name for bound in bounds if bound.unit is not None}
    if len(units) > 1:
        return None
    cuts = sorted({bound.amount for bound in bounds})
    probes = [cuts[0] - 1] if cuts else [ZERO]
    for low, high in pairwise(cuts):
        probes += [low, (low + high) / 2]
    probes += [cuts[-1], cuts[-1] + 1] if cuts else []
    unit = next((bound.unit for bound in bounds if bound.unit is not None), None)
    owners = []
    for probe in probes:
        value = Quantity(amount=probe, unit=unit)
        owners.append(next((i for i, band in enumerate(bands) if band.holds(value)), None))
    return cuts, owners, unit


def _compile_bands(rule: Rule, target: Target, weight: Decimal) -> Scorer:
    bands = rule.bands
    events = rule.events
    deduct_events = _compile_events(events)
    bases = [weight if band.points is None else band.points for band in bands]
    pieces = _band_pieces(bands)
    table = pieces is not None  # else bounds in several units: ask each band, converting
    cuts, owners, unit = pieces if table else ([], [], None)

    def describe(band) -> str:
        from .printer import band_condition

        return band_condition(band)

    def band_of(actual) -> int | None:
        if not isinstance(actual, Quantity):
            raise ActualValueError(f"分档计分需要数值实际值，而不是“{actual.display}”")
        return next((i for i, band in enumerate(bands) if band.holds(actual)), None)

    def score(actual, event_counts=None, facts=NO_FACTS) -> Outcome:
        if (
            table
            and actual.__class__ is Quantity
            and (unit is None or actual.unit is unit or actual.unit is None)
        ):  # plain Decimals, as in _compile_threshold
            b = actual.amount
            i = bisect_left(cuts, b)
            index = owners[2 * i + 1] if i < len(cuts) and cuts[i] == b else owners[2 * i]
        else:
            index = band_of(actual)
        judged = False
        if index is None:
            base = ZERO
        elif bands[index].points_low is not None:
            band = bands[index]
            base = _judged_score(facts, band.points_low, band.points, f"“{describe(band)}”档")
            judged = True
        else:
            base = bases[index]
        met = index is not None and base == weight
        if events:
            base -= deduct_events(event_counts)[0]
        exact = ZERO if base < ZERO else weight if base > weight else base
        return Outcome(exact, met, (), explain, judged, actual, event_counts)

    def explain(outcome: Outcome) -> str:
        index = band_of(outcome.actual)
        if index is None:
            how = "不在任何分档内"
        elif bands[index].points_low is not None:
            band = bands[index]
            how = f"属于“{describe(band)}”档（{fmt(band.points_low)}-{fmt(band.points)}分），评价人评定"
        else:
            how = f"属于“{describe(bands[index])}”档"
        minus_text = deduct_events(outcome.events)[1] if events else _nothing
        return _join(
            f"实际{outcome.actual.display_with_unit}",
            how,
            minus_text(),
            _score_text(outcome.exact, weight),
        )

    return score


def _discretion_bounds(discretion, weight: Decimal) -> tuple[Decimal, Decimal, str]:
    """The points an evaluator may give under `discretion`: its stated range, else 0-分值."""
    low = ZERO if discretion.low is None else discretion.low
    high = weight if discretion.high is None else discretion.high
    if high > weight:
        raise RuleConflictError(
            f"酌情计分的上限{fmt(high)}分超过指标分值{fmt(weight)}分", hint="核对分值"
        )
    return low, high, f"“{discretion.label or '酌情'}”"


def _judged_score(facts: Facts, low: Decimal, high: Decimal, what: str) -> Decimal:
    """The evaluator's score where the rule leaves it to them, checked against its bounds."""
    if facts.judgement is None:
        raise ActualValueError(
            f"{what}的得分由评价人在{fmt(low)}-{fmt(high)}分之间评定，需要提供评定得分",
            hint="提供 judgement（评价得分），如 judgement=8",
        )
    if not low <= facts.judgement <= high:
        raise ActualValueError(
            f"评定得分{fmt(facts.judgement)}分超出{what}的范围{fmt(low)}-{fmt(high)}分",
            hint="在规定范围内评定",
        )
    return facts.judgement


def _compile_judged(rule: Rule, weight: Decimal, options: ScoringOptions) -> Scorer:
    """Rules of named conditions: a checklist (points add up to 分值), a choice of levels (the
    highest equals 分值), penalties for conditions that hold, and the evaluator's discretion."""
    awards = [(a.label, weight if a.points is None else a.points) for a in rule.awards]
    points = [p for _, p in awards]
    checklist = len(awards) > 1 and sum(points) == weight and min(points) > 0
    if awards and not checklist and max(points) != weight:
        raise RuleConflictError(
            f"各项得分合计{fmt(sum(points))}分、最高{fmt(max(points))}分，与分值{fmt(weight)}分都不一致",
            hint="核对各项得分或指标分值",
        )
    for penalty in rule.penalties:
        if penalty.points > weight:  # 扣15分 in a 3-point row: a slip of the pen, not a rule
            raise RuleConflictError(
                f"“{penalty.label}”扣{fmt(penalty.points)}分，超过指标分值{fmt(weight)}分",
                hint="核对扣分或指标分值",
            )
    awards = [(normalize(label), p) for label, p in awards]
    ordered = [label for label, _ in awards] + [normalize(p.label) for p in rule.penalties]
    if rule.discretion is not None:
        ordered.append(normalize(rule.discretion.label))
    deduct_events = _compile_events(rule.events)

    sole = awards[0][1] if len(awards) == 1 and awards[0][1] == weight else None
    # 是/符合 answer the one condition worth 分值 — unless deductions follow it (得3分；无规划扣1分:
    # a failed award is then 3 less its deductions, or 0?); a “none of them” answer scores 0
    # only where the rule says so (a checklist, 否则不得分) or has one award
    plain = not (rule.penalties or rule.events)
    sole_label = awards[0][0] if sole is not None and plain else None
    none_is_zero = checklist or isinstance(rule.fallback, NoScore) or len(awards) <= 1

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        facts = _named_in_actual(facts, actual, ordered, sole_label, none_is_zero)
        held = _held_conditions(facts, ordered)  # by name, or by number in the rule (1, 2, …)
        if sole is not None and rule.events and events is not None and not facts.conditions:
            held.add(awards[0][0])  # 勤政廉政计6分，…各扣2分: events alone measure the award
        parts, judged = [], False
        discretion = rule.discretion is not None and (
            rule.discretion.label in held or facts.judgement is not None
        )
        if checklist and (not discretion or any(label in held for label, _ in awards)):
            _refuse_partial_checklist(rule, awards, held, facts)
            base = sum((p for label, p in awards if label in held), ZERO)
            met_items = [f"{label}（{fmt(p)}分）" for label, p in awards if label in held]
            parts.append(
                f"符合{len(met_items)}项：{'、'.join(met_items)}" if met_items else "各项均不符合"
            )
        elif awards:
            chosen = [(label, p) for label, p in awards if label in held]
            if len(chosen) > 1:
                raise ActualValueError(
                    f"各等级只能有一项成立，而提供了{len(chosen)}项：{'、'.join(c for c, _ in chosen)}"
                )
            if chosen:
                base = chosen[0][1]
                parts.append(chosen[0][0])
            elif discretion:
                base = _judged_score(facts, *_discretion_bounds(rule.discretion, weight))
                parts.append(f"{rule.discretion.label}，评价人酌情评定{fmt(base)}分")
                judged = True
            elif (
                sole is not None
                and rule.penalties
                and (held or actual is not None)
                and (
                    sum((p.points for p in rule.penalties if normalize(p.label) in held), ZERO)
                    < weight
                )
            ):  # the award unsaid changes the score (2 less 1, or 0?): refused
                _refuse_unsaid_award(awards[0][0], weight)
            elif isinstance(rule.fallback, NoScore) or not held:
                base = ZERO
                parts.append("所列得分条件均不成立")
            else:
                base = ZERO
        elif rule.discretion is not None:
            base = _judged_score(facts, *_discretion_bounds(rule.discretion, weight))
            parts.append(f"{rule.discretion.label}，评价人酌情评定{fmt(base)}分".lstrip("，"))
            judged = True
        else:
            base = weight
        minus = ZERO
        for penalty in rule.penalties:
            if normalize(penalty.label) in held:
                minus += penalty.points
                parts.append(f"{penalty.label}，扣{fmt(penalty.points)}分")
        event_minus, event_text = deduct_events(events) if rule.events else (ZERO, _nothing)
        exact = _clamp(base - minus - event_minus, weight)
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


def _named_in_actual(
    facts: Facts, actual, ordered: list[str], sole: str | None, none_is_zero: bool
) -> Facts:
    """An actual given to a rule of named conditions names those that hold (“记录不全”, or
    several separated by ；); a number or date there is refused, never ignored."""
    if actual is None:
        return facts
    if not isinstance(actual, Statement):
        raise ActualValueError(
            "该指标按所列条件计分，实际完成值应写成立的条件，而不是数值",
            hint=f"可选：{'、'.join(ordered) or '无'}（或用 conditions= 给出）",
        )
    named = []
    for part in re.split(r"[；;\n]", normalize(actual.text)):
        part = part.strip()
        if not part:
            continue
        answered = (
            None if _names_a_label(part, ordered) else conditions_answered(part, ordered, sole)
        )
        if answered == [] and not none_is_zero:
            answered = None  # 不合格村 against 村民自治村计2分，合格村计1分: the rule does not say
        named += [part] if answered is None else answered  # an unknown part is refused later
    return attrs.evolve(facts, conditions=facts.conditions | frozenset(named))


def _names_a_label(given: str, ordered: list[str]) -> bool:
    """Whether `given` names one condition as _held_conditions reads it."""
    return len(_labels_named(given, ordered)) == 1


def _compile_interpolation(rule: Rule, target: Target, weight: Decimal) -> Scorer:
    """Nothing below `low`; base share of 分值 at `low`, rising linearly to 分值 at `high`."""
    spec = rule.interpolation
    threshold = _Threshold(spec.high, Operator.GE, "标准")
    low = spec.low.in_unit_of(spec.high)
    high, base = spec.high.amount, spec.base_share

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        b, _ = threshold.actual(actual)
        shown = threshold.shown
        if b >= high:
            exact, how = weight, f"达到{shown(high)}"
        elif b >= low:
            exact = weight * (base + (1 - base) * (b - low) / (high - low))
            how = (
                f"在{shown(low)}与{shown(high)}之间，基础分{fmt(weight * base)}分加按比例增分："
                f"{fmt(weight)}×({fmt(base)}+{fmt(1 - base)}×({fmt(b)}-{fmt(low)})÷({fmt(high)}-{fmt(low)}))"
            )
        else:
            exact, how = ZERO, f"低于{shown(low)}"
        return Outcome(
            exact,
            b >= high,
            (),
            lambda _: _join(f"实际{shown(b)}", how, _score_text(exact, weight)),
        )

    return score


def _compile_grade_limits(rule: Rule, weight: Decimal) -> Scorer:
    """优100% 良90% 中85% 差85%: the actual gives the grade; the evaluator scores inside the
    grade's band of 分值 (GRADE_LIMIT_SHARES), and the score is marked as a judgement."""
    limits = rule.grades
    reverse = limits[0].bound.amount < limits[1].bound.amount  # 优5% 良10%…: smaller is better
    unit = limits[0].bound

    def grade_of(actual) -> int:
        if not isinstance(actual, Quantity):
            raise ActualValueError(f"按等级界限评价需要数值实际值，而不是“{actual.display}”")
        b = actual.in_unit_of(unit)
        for index, limit in enumerate(limits[:-1]):
            if (b <= limit.bound.amount) if reverse else (b >= limit.bound.amount):
                return index
        return len(limits) - 1

    def band_of(index: int) -> tuple[Decimal, Decimal]:
        low, high = GRADE_LIMIT_SHARES[limits[index].grade]
        return weight * low, weight * high

    def score(actual, events=None, facts=NO_FACTS) -> Outcome:
        index = grade_of(actual)
        grade = limits[index].grade
        low, high = band_of(index)
        given = facts.judgement
        top = index == 0
        if given is None or not (low <= given <= high) or (given == high and not top):
            shown = f"{fmt(low)}-{fmt(high)}分" + ("" if top else f"（不含{fmt(high)}分）")
            what = "需要提供评定得分" if given is None else f"评定得分{fmt(given)}分不在此范围"
            raise ActualValueError(
                f"实际{actual.display_with_unit}，等级为“{grade}”，该等级得分由评价人在{shown}之间评定，{what}",
                hint="提供 judgement（评价得分），如 judgement=" + fmt(high if top else low),
            )
        return Outcome(given, top and given == weight, (), explain, True, actual, events)

    def explain(outcome: Outcome) -> str:
        index = grade_of(outcome.actual)
        limit = limits[index]
        if index < len(limits) - 1:
            where = f"{'不高于' if reverse else '达到'}“{limit.grade}”的界限{limit.bound.display}"
        else:
            before = limits[index - 1]
            where = f"{'高于' if reverse else '低于'}“{before.grade}”的界限{before.bound.display}"
        low, high = GRADE_LIMIT_SHARES[limit.grade]
        return _join(
            f"实际{outcome.actual.display_with_unit}",
            f"{where}，等级为“{limit.grade}”（该等级得分为分值的{fmt(low * HUNDRED)}%–{fmt(high * HUNDRED)}%）",
            f"评价人评定{fmt(outcome.exact)}分",
            _score_text(outcome.exact, weight),
        )

    return score


def _place_of(actual) -> Decimal:
    """The place in a ranking the actual gives: 3, 第3名 (a whole number from 1)."""
    place = actual.amount if isinstance(actual, Quantity) else None
    unit = actual.unit if isinstance(actual, Quantity) else None
    if (
        place is None
        or place < 1
        or place != place.to_integral_value()
        or (unit is not None and unit.name not in ("名", "位"))
    ):
        shown = "空" if actual is None else f"“{actual.display}”"
        raise ActualValueError(
            f"按排名计分，实际完成值应为名次，如 3 或 第3名，而不是{shown}",
            hint="填写本单位的排名（正整数）",
        )
    return place


def _compile_rank_bands(rule: Rule, weight: Decimal) -> Scorer:
    """排名前5名的得满分，6-10名的扣0.5分…: the place picks the band; a veto (占比为0的不得分),
    stated by the evaluator as a condition that holds, gives nothing."""
    ranks = rule.ranks
    vetoes = [normalize(award.label) for award in rule.awards]

    def shown(band) -> str:
        from .printer import rank_places

        return rank_places(band)

    def score(actual, events=None, facts=NO_FACTS) -> Outcome:
        held = _held_conditions(facts, vetoes)
        if held:
            label = next(a.label for a in rule.awards if normalize(a.label) in held)
            return Outcome(ZERO, False, (), lambda _: f"{label}，不得分", False, actual, events)
        place = _place_of(actual)
        band = next(band for band in ranks if band.holds(place))
        exact = _clamp((weight if band.points is None else band.points) - band.off, weight)

        def explain(_):
            off = f"扣{fmt(band.off)}分" if band.off else ""
            return _join(
                f"排第{fmt(place)}名", f"属于“{shown(band)}”", off, _score_text(exact, weight)
            )

        return Outcome(exact, exact == weight, (), explain, False, actual, events)

    return score


def _held_conditions(facts: Facts, ordered: list[str]) -> set[str]:
    """The named conditions the evaluator says hold: by name (with or without its numbering),
    by a prefix only one of them starts with, or by their number in the rule (1, 2, …)."""
    held = set()
    for given in facts.conditions:
        named = _labels_named(given, ordered)
        if len(named) != 1:
            _unknown_condition(given, ordered, named)
        held.add(named[0])
    return held


def _labels_named(given: str, ordered: list[str]) -> list[str]:
    """The conditions `given` may name: the one of its number, its name (with or without the
    numbering), else those whose name starts with it."""
    if given.isdigit() and 0 < int(given) <= len(ordered):
        return [ordered[int(given) - 1]]
    if given in ordered:
        return [given]
    key = given if given.isdigit() else strip_mark(given)
    bare = [strip_mark(label) for label in ordered]
    if key in bare:
        return [ordered[bare.index(key)]]
    return [label for label, b in zip(ordered, bare, strict=True) if key and b.startswith(key)]


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


def _compile_rank(rule: Rule, weight: Decimal) -> Scorer:
    """按排位打分: 分值 for first place, less per place after; the actual is the rank."""
    step = rule.rank_step.points

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        rank = _place_of(actual)
        exact = _clamp(weight - step * (rank - 1), weight)
        return Outcome(
            exact,
            rank == 1,
            (),
            lambda _: _join(
                f"排第{fmt(rank)}位",
                f"每位次递减{fmt(step)}分，扣{fmt(weight - exact)}分",
                _score_text(exact, weight),
            ),
        )

    return score
