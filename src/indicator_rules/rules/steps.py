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
