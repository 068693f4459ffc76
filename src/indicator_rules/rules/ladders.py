"""Ladders continued by 依次类推 (the ETC clause of events.lark): 完成年度计划目标得10分，完成目标的90%
得9分，完成80%得8分，依次类推 — the target met, then rungs at even steps of completion and of
points, continued down to no points (70% 7分 … 10% 1分, 0% 0分).

The actual is the completion, a share of the target. It scores at a rung (or at the target and
above); between two rungs the rule does not say — the rung below, or in proportion? — and it is
refused as a gap between bands. Rungs that do not climb evenly are refused, not continued."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from ..errors import RuleConflictError
from ..model import MeetTarget, Quantity, Target, fmt
from ..units import lookup_unit
from .base import _error, _Interval

# 完成年度计划目标 · 完成目标任务 · 达到目标: the target met, the top of a ladder
_TOP = re.compile(r"^(?:全面)?(?:完成|达到)[^,;。]{0,8}?(?:目标|任务|计划)(?:任务|值)?的?$")
_HUNDRED = Decimal(100)
_ETC = ("以此类推", "依此类推", "依次类推", "以次类推")
_PERCENT = lookup_unit("%")


def add_etc(asm, clause) -> None:
    """依次类推 after rungs of points: waits for the rule's end, where the ladder is known."""
    if asm.etc is not None:
        raise _error("“依次类推”写了两次", clause.token)
    asm.etc = clause.token


def close(asm) -> None:
    """The ladder 依次类推 continues, as bands: ≥100% the top points, each rung its points."""
    if asm.etc is None:
        return
    token, asm.etc = asm.etc, None
    top = _top(asm)
    rungs = [_rung(band) for band in asm.bands]
    if top is None or len(rungs) < 1 or None in rungs:
        raise _error(
            "“依次类推”前没有逐次扣分（第一起扣5分、第二起扣6分），也没有逐级得分"
            "（完成目标得10分，完成目标的90%得9分）",
            token,
        )
    steps = [(_HUNDRED, top), *rungs]
    values = {a[0] - b[0] for a, b in itertools.pairwise(steps)}
    points = {a[1] - b[1] for a, b in itertools.pairwise(steps)}
    if len(values) != 1 or len(points) != 1 or min(values) <= 0 or min(points) <= 0:
        raise _error(
            "“依次类推”前的各级应按相同的比例和分数递减（如完成90%得9分、完成80%得8分）",
            token,
        )
    value_step, points_step = values.pop(), points.pop()
    while steps[-1][0] - value_step >= 0 and steps[-1][1] - points_step >= 0:
        steps.append((steps[-1][0] - value_step, steps[-1][1] - points_step))
    asm.bands = [_band(_HUNDRED, top, token, open_above=True)]
    asm.bands += [_band(value, points, token) for value, points in steps[1:]]
    asm.remarks.append(_ETC[2])  # one word for all its spellings: the model of every variant


def _top(asm) -> Decimal | None:
    """The points of the target met: 完成年度计划目标得10分 (a named level) or 达标得10分."""
    if asm.full is not None:
        full = asm.full
        if not isinstance(full.condition, MeetTarget) or full.points is None or asm.awards:
            return None
        asm.full = None
        return full.points
    if len(asm.awards) != 1 or not _TOP.match(asm.awards[0].label):
        return None
    (award,) = asm.awards
    asm.awards = []
    return award.points


def _rung(band) -> tuple[Decimal, Decimal] | None:
    """完成目标的90%得9分 · 完成80%得8分: a share written alone (a bare value) and its points."""
    interval, points, low, _token, _subject, off = band
    lower = interval.lower
    if not interval.bare or interval.upper is not None or low is not None or off is not None:
        return None
    if points is None or lower is None or lower[0].unit is not _PERCENT:
        return None
    return lower[0].amount, points


def _band(value: Decimal, points: Decimal, token, open_above: bool = False):
    share = Quantity(amount=value, unit=_PERCENT, text=f"{fmt(value)}%")
    upper = None if open_above else (share, True, True)
    return (_Interval((share, True, True), upper, token), points, None, token, "", None)


def check_target(rule, target: Target) -> None:
    """A ladder counts the share of the target done: with a 指标值 other than 100% the actual
    could be that share or the indicator itself — refused, not guessed."""
    if not target.stated or not any(r in _ETC for r in rule.remarks):
        return
    value = target.value
    if isinstance(value, Quantity) and value.unit is _PERCENT and value.amount == _HUNDRED:
        return
    raise RuleConflictError(
        f"评分标准按完成指标值的比例逐级计分（依次类推），指标值为“{target.text}”时，"
        "实际完成值是完成比例还是指标本身的数值无法确定",
        hint="实际完成值填完成比例并删去指标值，或把评分标准写成指标本身的分档",
    )


RAW_KINDS = {}
CONDITIONED_KINDS = {}
