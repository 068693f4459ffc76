"""Full marks at a condition and what happens otherwise (thresholds.lark): 达标得满分10分，否则不得分 ·
满意度达到95%以上得满分 · 达不到扣分 (unsaid) · 满分5分 (the full score stated) · 分别…各得5分."""

from __future__ import annotations

from decimal import Decimal

import attrs
from lark import Token

from ..errors import (
    ActualValueError,
    RuleConflictError,
    UnitMismatchError,
)
from ..model import (
    Discretion,
    Full,
    GradeActual,
    MeetTarget,
    NoScore,
    OnTime,
    Operator,
    Proportional,
    Qualitative,
    Quantity,
    Reach,
    Rule,
    StepDeduction,
    Target,
    Unsaid,
    Unstated,
    fmt,
)
from ..options import (
    ScoringOptions,
    round_score,
)
from ..outcome import (
    HUNDRED,
    NO_FACTS,
    ZERO,
    Outcome,
    Scorer,
    _join,
    _judged_score,
    _nothing,
    _score_text,
)
from ..units import PERCENT
from .base import (
    _Clause,
    _error,
    _first,
    _Full,
    _Interval,
    _Lead,
    _strip_de,
)
from .bonuses import bonus_note
from .conditions import _lead_subject, veto_label
from .deadlines import _late_as_step
from .events import _compile_events
from .ratios import _ratio_part
from .steps import _step_part


class ThresholdsTree:
    """Callbacks of thresholds.lark."""

    # --- conditions ---
    def meet_target(self, items):
        subject = str(items[0]) if len(items) == 2 else ""
        return _Full(MeetTarget(subject=subject), items[0], items)

    def reach(self, items):
        subject = (
            str(items[0]) if isinstance(items[0], Token) and items[0].type == "SUBJECT" else ""
        )
        words = [i for i in items if isinstance(i, Token) and i.type == "BOUND_WORD"]
        if words and str(words[0]) in ("以下", "及以下", "以内"):
            raise _error(
                f"“达到…{words[0]}”自相矛盾：达到是下限，{words[0]}是上限",
                words[0],
                hint="上限请写作分档，如“≤5天得满分”",
            )
        threshold = next(i for i in items if isinstance(i, Quantity))
        return _Full(Reach(subject=subject, threshold=threshold), items[0], items)

    def on_time(self, items):
        """按时完成: what follows the deadline word. 项目按计划时间完成: a subject comes first,
        and the whole phrase is the condition (model.OnTime keeps it as written)."""
        if items[0].type == "SUBJECT":
            return _Full(OnTime(subject=_strip_de("".join(str(i) for i in items))), items[0], items)
        return _Full(OnTime(subject="".join(str(i) for i in items[1:])), items[0], items)

    # --- clauses ---
    def full_clause(self, items):
        (condition, first), rest = items[0], items[1:]
        points = next((p for p in rest if isinstance(p, tuple)), None)
        value = points[0] if points else None
        raw = getattr(items[0], "raw", [])
        written = "".join(i.text if isinstance(i, Quantity) else str(i) for i in raw)
        full = Full(condition=condition, points=value)
        return _Clause("full", (full, points), first, _strip_de(written))

    def otherwise_discretion(self, items):
        """达标得满分，否则酌情给分: a miss is scored by the evaluator (0-分值, or the range)."""
        lead = items[0]
        if lead.kind not in ("otherwise", "not_met", "missed", "not_on_time"):
            return self.discretion_clause([_lead_subject(lead), *items[1:]])  # 未建立…酌情扣分
        _, deduct, low, high = self.discretion_clause(items[1:]).value
        written = lead[0] or str(lead[1])
        return _Clause(
            "fallback", Discretion(label=written, deduct=deduct, low=low, high=high), lead[1]
        )

    def unsaid_clause(self, items):
        """达不到扣分: the deduction named, its size not — scored only when it does not apply."""
        words = "".join((i[0] or str(i[1])) if isinstance(i, tuple) else str(i) for i in items)
        if "根据" in words or "依据" in words:  # 根据…扣分: the basis of deductions (deduct_basis)
            raise _error(f"“{words}”没有写明扣分方法", _first(items), hint="写明每差多少扣几分")
        return _Clause("fallback", Unsaid(text=words), _first(items))

    def zero_clause(self, items):
        """不得分 · 否则不得分 · 未开展不得分: the lead (its kind and words) is kept for the
        assembler, which reads it with the conditions written before (assembler.py)."""
        lead = items[0] if isinstance(items[0], _Lead) else None
        return _Clause("fallback", NoScore(), _first(items), lead)

    def stated_clause(self, items):
        """满分5分: the rule's full score, written apart from any condition."""
        points, token = items[-1]
        return _Clause("stated", points, token)


# --- assembling (rules/assembler.py calls these by clause kind) ---


def add_stated(asm, clause) -> None:
    """满分5分: the rule's full score; the conditions before it say what is scored."""
    value, token = clause.value, clause.token
    asm.take_pending()
    asm.remarks.extend(asm.described)  # …的贡献率，满分5分: what is scored
    if asm.stated is not None:
        raise _error("规则中写了两次满分", token)
    if value <= 0:
        raise _error("满分应大于0", token)
    asm.stated = (value, token)


def add_full(asm, clause, labels) -> None:
    if asm.full is not None and _climbs(asm.full, clause.value[0]):
        _step_up(asm, clause.value[0], clause.token)
        asm.remarks.extend(labels)
        return
    if asm.full is not None:
        raise _error(
            "规则中有两个满分条件",
            clause.token,
            hint="几个“达到…得…分”的界限与分数须同时递增（达到5%得1分，达到10%得2分），"
            "才按阶梯读作分档",
        )
    asm.full = clause.value[0]
    asm.full_written = clause.written
    asm.remarks.extend(labels)


def add_fallback(asm, clause, labels) -> None:
    """What happens otherwise: 否则不得分 · 按比例 · 每少…扣… · 达不到扣分 (one method only)."""
    if asm.general is not None:
        asm.formulas.append(asm.general)
        asm.fallback = asm.general = None
    if asm.fallback is not None:
        raise _error(
            "规则中有两种未达标时的计分方法",
            clause.token,
            hint="只保留一种，如“否则按完成比例得分”",
        )
    asm.fallback = clause.value
    lead = clause.written if isinstance(clause.written, _Lead) else None  # zero_clause's lead
    asm.fallback_written, asm.fallback_lead = ("", lead) if lead else (clause.written, None)
    asm.remarks.extend(labels)


def lead_as_standard(asm) -> None:
    """未按时间节点完成…的本项不得分，本项20分 · 未开展不得分 alone: the lead's positive is the
    condition of full marks (按时间节点完成…得满分，否则不得分), when nothing else scores."""
    lead = asm.fallback_lead
    if lead is None or lead.kind not in ("not_subject", "not_on_time") or asm.full is not None:
        return
    if asm.awards or asm.bands or asm.events or asm.penalties or asm.late or asm.discretion:
        return
    positive = veto_label(lead[0][1:])  # 未开展的该项 → 开展
    if not positive:
        return
    condition = OnTime(subject=positive) if lead.kind == "not_on_time" else None
    asm.full = Full(condition=condition or MeetTarget(subject=positive))


def _climbs(top: Full, new: Full) -> bool:
    """达到5%得1分；达到10%得2分: the same measure, a higher threshold and more points."""
    old_reach, new_reach = top.condition, new.condition
    if not (isinstance(old_reach, Reach) and isinstance(new_reach, Reach)):
        return False
    if top.points is None or new.points is None or top.points >= new.points:
        return False
    if old_reach.operator is not Operator.GE or new_reach.operator is not Operator.GE:
        return False
    old_q, new_q = old_reach.threshold, new_reach.threshold
    same_unit = (old_q.unit and old_q.unit.name) == (new_q.unit and new_q.unit.name)
    named = "" in (old_reach.subject, new_reach.subject) or old_reach.subject == new_reach.subject
    return same_unit and named and old_q.amount < new_q.amount


def _step_up(asm, new: Full, token) -> None:
    """The rung below becomes a band up to the new threshold (excluded); the new one is the top."""
    top = asm.full
    lower = (top.condition.threshold, True, True)
    upper = (new.condition.threshold, False, False)
    asm.bands.append((_Interval(lower, upper, token), top.points, None, token, "", None))
    asm.full, asm.ladder = new, True


def close_ladder(asm) -> None:
    """达到15%以上得3分 at the top of a ladder: the band from its threshold up; below the lowest
    rung nothing, as below the lowest band."""
    if not asm.ladder:
        return
    top, asm.full = asm.full, None
    lower = (top.condition.threshold, True, True)
    token = asm.bands[-1][3]
    asm.bands.append((_Interval(lower, None, token), top.points, None, token, "", None))


RAW_KINDS = {"stated": add_stated}
CONDITIONED_KINDS = {"full": add_full, "fallback": add_fallback}


def promote_threshold_only(asm) -> None:
    """“≤ 101400 元” alone: the rule restates the threshold; the default method scores it."""
    if asm.full or asm.fallback or asm.events or asm.late or asm.bands or asm.awards:
        return
    if asm.penalties or asm.discretion or len(asm.pending) != 1:
        return
    condition = asm.pending[0]
    if not isinstance(condition, _Interval) or condition.bare:
        return
    lower, upper = condition.lower, condition.upper
    if lower and upper and lower[0] != upper[0]:
        return
    if lower is not None:
        operator = Operator.GE if lower[1] else Operator.GT
        quantity = lower[0]
    else:
        operator = Operator.LE if upper[1] else Operator.LT
        quantity = upper[0]
    asm.full = Full(condition=Reach(subject="", threshold=quantity, operator=operator))
    asm.pending = []


def stated_full(asm) -> Decimal | None:
    """满分10分 beside 达标得满分: the points of the full-marks clause; alone, kept apart."""
    if asm.stated is None:
        return None
    points, token = asm.stated
    if asm.full is None:
        return points
    if asm.full.points is None:
        asm.full = attrs.evolve(asm.full, points=points)
    elif asm.full.points * max(1, len(asm.items)) != points:
        each = f"各得{fmt(asm.full.points)}分" if asm.items else f"得满分{fmt(asm.full.points)}分"
        raise RuleConflictError(
            f"“满分{fmt(points)}分”与“{each}”不一致",
            line=token.line,
            column=token.column,
        )
    return None


# --- scoring: how this family's rules compile into a scorer ---


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


def _met_text(threshold: _Threshold, actual: Quantity, met: bool) -> str:
    b_text, a_text = threshold.written(actual)
    if met:
        return f"实际{b_text}，达到{threshold.label}{a_text}"
    word = "超过" if threshold.reverse else "未达到"
    return f"实际{b_text}，{word}{threshold.label}{a_text}"


def _unsaid_deduction(fallback):
    """达不到扣分: a miss is refused, never scored by a guess."""

    def missed(b):
        raise ActualValueError(
            f"未达标：评分标准只写了“{fallback.text}”，没有写扣多少分，无法计分",
            hint="在评分标准中写明扣分方法，如“每少1%扣1分”，或由评价人评定（写“酌情扣分”）",
        )

    return missed


def _compile_threshold(rule, target, weight, options) -> Scorer:
    threshold = _threshold_for(rule, target)
    fallback = rule.fallback if rule is not None else None
    if rule is not None and rule.late is not None and fallback is None:
        fallback = _late_as_step(rule.late, threshold)
    events = rule.events if rule is not None else ()
    bonuses = rule.bonuses if rule is not None else ()
    warn_rule = _differs_from_target(rule, target)
    default_note = ""
    if rule is not None and fallback is None and not events:
        default_note = "（评分标准未说明未达标时如何计分，按默认方法）"
    if fallback is None and not events:
        fallback = Proportional(basis="完成比例")
    deduct_events = _compile_events(events)
    missed, missed_text = _missed_part(threshold, fallback, options, weight)
    judged = _judged_miss(fallback, weight)
    step = isinstance(fallback, StepDeduction)
    # The hot path compares plain Decimals: the actual as it is in the threshold's unit (one
    # object per name) or with none, as Quantity.in_unit_of does; otherwise converted.
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
        base = weight if met else missed(b) if judged is None else judged(facts)
        if events:
            base -= deduct_events(event_counts)[0]
        exact = ZERO if base < ZERO else weight if base > weight else base
        warn = warn_rule if over_at is None or b < over_at else warn_over
        used = judged is not None and not met
        if used:
            warn = (*warn_rule, "该项得分含评价人酌情评定")
        return Outcome(exact, met, warn, explain, used, actual, event_counts)

    def warn_over(outcome: Outcome) -> tuple[str, ...]:
        return warn_rule + _warn_over(threshold, threshold.actual(outcome.actual)[0], a, options)

    def explain(outcome: Outcome) -> str:
        actual, met = outcome.actual, outcome.met
        b, _ = threshold.actual(actual)
        how = ""
        if not met and judged is not None:
            how = f"由评价人酌情评定{fmt(outcome.exact)}分" if not events else "由评价人酌情评定"
        elif not met and missed_text is not None:
            how = missed_text(b) + ("" if step else default_note)
        head = "" if step and not met else _met_text(threshold, actual, met)
        if met and bonuses and b != a:  # above the threshold: the bonus is named, and capped
            how = bonus_note(bonuses)
        minus_text = deduct_events(outcome.events)[1] if events else _nothing
        return _join(head, how, minus_text(), _score_text(outcome.exact, weight))

    return score


def _differs_from_target(rule, target) -> tuple[str, ...]:
    """The warning of a rule whose own threshold is not the row's target."""
    if rule is None or rule.threshold is None or not isinstance(target.value, Quantity):
        return ()
    try:
        differs = rule.threshold.in_unit_of(target.value) != target.value.amount
    except UnitMismatchError:
        differs = True
    if not differs:
        return ()
    return (
        f"评分标准中的标准{rule.threshold.display}与指标值{target.display}不一致，按评分标准计分",
    )


def _missed_part(threshold, fallback, options, weight):
    """(score(b), text(b) or None) when the threshold is missed, by the rule's fallback."""
    if isinstance(fallback, Proportional):
        return _ratio_part(threshold, options, fallback.basis, weight)
    if isinstance(fallback, StepDeduction):
        return _step_part(threshold, fallback, options, weight)
    if isinstance(fallback, Unsaid):
        return _unsaid_deduction(fallback), None
    missed_base = weight if fallback is None else ZERO  # no fallback: only events take off
    return (lambda b: missed_base), None


def _judged_miss(fallback, weight):
    """否则酌情给分: a miss is scored by the evaluator, inside the rule's range (0-分值)."""
    if not isinstance(fallback, Discretion):
        return None
    from .conditions import _discretion_bounds

    low, high, _ = _discretion_bounds(fallback, weight)

    def judged(facts) -> Decimal:
        return _judged_score(facts, low, high, "未达标时")

    return judged


# --- which conditions each action of this fragment follows (rules/compose.py) ---
COMPOSE = {
    **{("full", action): "full_clause" for action in ("get", "get_full", "score_word", "points")},
    ("none", "zero"): "zero_clause",  # 不得分 (after its condition)
    ("lead", "zero"): "zero_clause",  # 否则不得分
    ("none", "unsaid"): "unsaid_clause",
    ("lead", "unsaid"): "unsaid_clause",  # 达不到扣分
    ("subject", "unsaid"): "unsaid_clause",  # 不及时扣分
    ("lead", "discretion"): "otherwise_discretion",  # 否则酌情给分
}
