"""Deductions per day or month late (deadlines.lark): 逾期每天扣1分 · 每延期一个月扣2分."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .thresholds import _Threshold

import calendar
import datetime as dt

from lark import Token

from ..errors import ActualValueError, RuleConflictError
from ..model import (
    DateValue,
    LateDeduction,
    NoScore,
    Proportional,
    Quantity,
    StepDeduction,
    StepDirection,
    fmt,
)
from ..options import (
    STEP_MODES,
)
from ..outcome import (
    NO_FACTS,
    ZERO,
    Outcome,
    Scorer,
    _clamp,
    _join,
    _score_text,
)
from ..units import lookup_unit
from .base import (
    _LATE_UNITS,
    _Clause,
    _error,
    _first,
)
from .events import _compile_events


class DeadlinesTree:
    """Callbacks of deadlines.lark."""

    def late_clause(self, items):
        span = next(
            i
            for i in items
            if isinstance(i, (Quantity, Token)) and not (isinstance(i, Token) and i.type == "LATE")
        )
        if isinstance(span, Token):
            span = Quantity(amount=1, unit=lookup_unit(str(span)), text=str(span))
        if span.unit is None or span.unit.name not in _LATE_UNITS:
            raise _error("逾期扣分应按天或按月计，如“逾期每天扣1分”", _first(items))
        points, _ = items[-1]
        unit = "天" if _LATE_UNITS[span.unit.name] == "day" else "月"
        span = Quantity(amount=span.amount, unit=lookup_unit(unit), text=span.text)
        return _Clause("late", LateDeduction(span=span, points=points), _first(items))


# --- assembling ---


def add_late(asm, clause, labels) -> None:
    if asm.late is not None:
        raise _error("规则中有两种逾期扣分方法", clause.token)
    asm.late = clause.value
    asm.remarks.extend(labels)


RAW_KINDS = {}
CONDITIONED_KINDS = {"late": add_late}


# --- scoring: how this family's rules compile into a scorer ---


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


COMPOSE = {("none", "late"): "late_clause"}
