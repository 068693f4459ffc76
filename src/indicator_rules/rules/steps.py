"""A deduction per step short of (or over) the threshold (steps.lark): 每少10%扣2分 · 每超过1个百分点扣0.5分 ·
与计划每相差4%扣1分."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .thresholds import _Threshold

from bisect import bisect_left, bisect_right

from lark import Token

from ..errors import RuleConflictError, UnitMismatchError
from ..model import (
    EventDeduction,
    Quantity,
    StepDeduction,
    StepDirection,
    fmt,
)
from ..normalize import normalize
from ..options import (
    STEP_MODES,
    ScoringOptions,
    round_score,
)
from ..outcome import (
    HUNDRED,
    ZERO,
    _deducted,
)
from .base import (
    _OVER_WORDS,
    _SHORT_WORDS,
    _Clause,
    _counts_items,
    _error,
    _first,
    _strip_de,
)
from .events import _per_one

_REFERENCE = re.compile(r"(?:完成)?(?:目标值|目标任务|目标|计划数|计划值|计划)的?$")


class StepsTree:
    """Callbacks of steps.lark."""

    def step_clause(self, items):
        word = next(i for i in items if isinstance(i, Token) and i.type in ("CMP_WORD", "REF_CMP"))
        if word.type == "REF_CMP":  # 每少完成目标值10%: the word without what it compares with
            word = Token.new_borrow_pos("CMP_WORD", _REFERENCE.sub("", str(word)), word)
        step = next(i for i in items if isinstance(i, Quantity))
        points, _ = items[-1]
        if str(word) in _SHORT_WORDS and _counts_items(step):
            # 每少1条扣1分: missing items are counted events, not a shortfall from the target.
            subject = next(
                (str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), ""
            )
            name = f"{_strip_de(subject)}{word}" if subject else "缺少"  # 张贴公告少2张
            event = EventDeduction(event=name, points=points, measure=step.unit.name)
            return _Clause("shortfall", _per_one(event, step, word), _first(items))
        if str(word) in ("相差", "差"):  # 与计划每相差4%: either side, as the target says
            direction = StepDirection.APART
        elif str(word) in _SHORT_WORDS:
            direction = StepDirection.SHORT
        elif str(word) in _OVER_WORDS:
            direction = StepDirection.OVER
        else:
            raise _error(
                f"“每{word}”不是扣分的比较词",
                word,
                hint="写作“每少10%扣2分”或“每超过1个百分点扣0.5分”",
            )
        if step.amount <= 0:
            raise _error("扣分的步长必须大于0", word)
        return _Clause(
            "fallback", StepDeduction(direction=direction, step=step, points=points), _first(items)
        )


RAW_KINDS = {}
CONDITIONED_KINDS = {}  # a step deduction is what happens otherwise: thresholds.add_fallback


# --- scoring: how this family's rules compile into a scorer ---


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


def _step_in_unit(threshold: _Threshold, step: StepDeduction, over: bool) -> tuple[bool, Decimal]:
    """(relative, the step in the threshold's unit): a % step against a target not in % is a
    share of the target (relative); otherwise the step converts to the target's unit. A step
    whose direction the target can never miss (每少 against ≤35) is refused."""
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
    if relative or step.step.unit is None:
        return relative, step.step.amount
    return relative, Quantity(amount=step.step.amount, unit=step.step.unit).in_unit_of(
        threshold.value
    )


def _step_part(threshold: _Threshold, step: StepDeduction, options: ScoringOptions, weight):
    """The score when missed: points off per step of shortfall below (or excess above) the
    threshold. Returns (score(b), text(b)) for this row's weight and threshold."""
    count_steps = STEP_MODES[options.steps]
    over = step.direction.over(threshold.reverse)
    relative, step_in_unit = _step_in_unit(threshold, step, over)

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


COMPOSE = {(condition, "step"): "step_clause" for condition in ("none", "lead", "subject")}


# --- a gap stated in the actual, against a reference the row does not give in numbers ---

# 低于责任指标0.25个百分点 · 比标准低1个百分点 · 低0.3个百分点: a gap below the reference.
_GAP = re.compile(
    r"(?:比(?P<before>[^低少差]{0,16}))?(?:低于|低|少于|少|差)(?P<after>[^0-9.一二两三四五六七八九十零〇点]{0,16})"
    r"(?P<n>[0-9.]{1,12}|[一二两三四五六七八九十零〇点]{1,12})(?P<unit>个百分点|百分点|%)"
)
_REFERENCE_WORDS = (
    "标准",
    "目标",
    "目标值",
    "指标",
    "指标值",
    "责任指标",
    "任务",
    "计划",
    "下达指标",
)
_MISSED = re.compile(r"^(?:未完成|没有完成|未能完成|未达到|没有达到|达不到|低于)")
_REACHED = re.compile(
    r"^(?P<no>未能|未|没有|没)?(?:已经|已|均已)?(?:完成|达到|达标|实现)(?P<what>.*)$"
)


def reference_gap(rule, target) -> bool:
    """Whether the row is scored by the gap its actual states (低于责任指标0.25个百分点): a rule
    of steps per 百分点 below a reference (未完成省下达责任指标的，每低0.1个百分点扣0.3分), with
    no full-marks condition or threshold of its own, on a row whose 指标值 is no number (none,
    or the reference in words: 省下达责任指标)."""
    fallback = rule.fallback if rule is not None else None
    return (
        isinstance(fallback, StepDeduction)
        and fallback.direction is StepDirection.SHORT
        and fallback.step.unit is not None
        and fallback.step.unit.name in ("百分点", "个百分点")
        and rule.full is None
        and rule.threshold is None
        and not rule.events
        and not rule.bands
        and (not target.stated or target.value.__class__.__name__ == "Qualitative")
    )


def _reference_of(rule, target) -> str:
    """省下达责任指标: the reference named by the row's 指标值, else by the rule's lead."""
    if target.stated:
        return normalize(target.value.text).strip()
    for remark in rule.remarks:
        plain = _strip_de(normalize(remark).strip().rstrip("，,。；;"))
        if _MISSED.match(plain):
            return _MISSED.sub("", plain)
    return ""


def compile_reference_gap(rule, target, weight, options):
    """The scorer of a `reference_gap` row: the actual says the reference is met (完成, 达到责任
    指标: full marks) or by how many 百分点 it falls below it; a gap in % (低0.5%: 0.5 points,
    or 0.5% of the reference?) or below another reference (低于去年) is refused."""
    from ..outcome import Outcome, _clamp, _score_text

    step, reference = rule.fallback, _reference_of(rule, target)
    count_steps = STEP_MODES[options.steps]

    def met(text: str) -> bool | None:
        """完成 · 达到责任指标 (True), 未完成 (False), else None."""
        match = _REACHED.match(text.strip("，,；;。 "))
        what = _strip_de(match["what"].strip()) if match else None
        if what is None or (what and what not in _REFERENCE_WORDS and what not in reference):
            return None
        return not match["no"]

    def score(actual, events=None, facts=None) -> Outcome:
        text = normalize(actual.text if hasattr(actual, "text") else str(actual)).strip()
        gap = _stated_gap(text, reference, met)
        if gap is None:
            exact, said = weight, f"实际“{text}”，达到{reference or '指标'}"
        else:
            steps = count_steps(gap / step.step.amount)
            exact = _clamp(weight - steps * step.points, weight)
            said = (
                f"实际低于{reference or '指标'}{fmt(gap)}个百分点，每低{step.step.display}"
                f"扣{fmt(step.points)}分，{_deducted(steps * step.points, weight)}"
            )
        return Outcome(exact, gap is None, (), lambda _: f"{said}，{_score_text(exact, weight)}")

    score.reads_words = True
    return score


def _stated_gap(text: str, reference: str, met) -> Decimal | None:
    """The gap below the reference `text` states (None: it says the reference is met)."""
    from ..errors import ActualValueError
    from ..numerals import cn_number

    found = list(_GAP.finditer(text))
    if not found:
        if met(text):
            return None
        if met(text) is None:
            raise ActualValueError(
                f"实际完成情况“{text}”无法读作达到{reference or '指标'}或低于它多少个百分点",
                hint=f"写“完成”，或写明差距，如“低于{reference or '指标'}0.25个百分点”",
            )
        raise ActualValueError(
            f"实际完成情况“{text}”说未达到{reference or '指标'}，但没有写低多少个百分点，无法计分",
            hint="写明差距，如“低于责任指标0.25个百分点”",
        )
    if len(found) > 1:
        raise ActualValueError(f"实际完成情况“{text}”写了{len(found)}个差距，无法确定按哪一个计分")
    match = found[0]
    named = [w for w in (match["before"], match["after"]) if w and w.strip()]
    for word in named:
        word = _strip_de(word.strip())
        if word not in _REFERENCE_WORDS and (not reference or word not in reference):
            raise ActualValueError(
                f"实际完成情况“{text}”的差距是相对“{word}”的，评分标准以“{reference or '指标'}”为准",
                hint=f"写明低于{reference or '指标'}多少个百分点",
            )
    if match["unit"] == "%":
        raise ActualValueError(
            f"“{match[0]}”可读作低{match['n']}个百分点，也可读作低{reference or '指标'}的"
            f"{match['n']}%，无法确定",
            hint=f"写作“低于{reference or '指标'}{match['n']}个百分点”",
        )
    rest = (text[: match.start()] + text[match.end() :]).strip("，,；;。 ")
    if rest and met(rest) is not False:
        raise ActualValueError(f"实际完成情况“{text}”既写了差距，又说“{rest}”，无法确定")
    number = match["n"]
    try:
        return Decimal(number) if number[0].isdigit() else cn_number(number)
    except (ArithmeticError, ValueError):  # 1.2.3 · 十十: not one number
        raise ActualValueError(
            f"实际完成情况“{text}”中的差距“{number}”不是一个数", hint="如“低于责任指标0.25个百分点”"
        ) from None
