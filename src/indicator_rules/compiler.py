"""Compile a rule and its indicator row into a plain scorer: `scorer(actual, events) -> Outcome`.

Everything that depends only on the row (which threshold governs, which fallback, the full
score, the checks of the rule against the row) is decided once here. The returned closure does
Decimal arithmetic only; the explanation text is built lazily, when somebody reads it.

Each construct family compiles its own rules (rules/<family>.py, “scoring” section); this
module checks the row and picks the family that scores it, in the order of `compile_row`.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import RuleConflictError, TargetError
from .model import DateValue, OnTime, Proportional, Qualitative, Rule, Target, fmt
from .options import ScoringOptions
from .outcome import NO_FACTS, ZERO, Facts, Outcome, Scorer
from .rules.bands import _compile_bands
from .rules.counts import _compile_per_unit
from .rules.deadlines import _compile_date
from .rules.grades import _compile_grade_limits, _compile_grades
from .rules.interpolation import _compile_interpolation
from .rules.items import _compile_items
from .rules.judged import _compile_judged
from .rules.ranks import _compile_rank, _compile_rank_bands
from .rules.steps import compile_reference_gap, reference_gap
from .rules.thresholds import _compile_threshold

__all__ = ["NO_FACTS", "ZERO", "Facts", "Outcome", "Scorer", "compile_row"]


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
    if reference_gap(rule, target):
        return compile_reference_gap(rule, target, weight, options)  # 低于责任指标0.25个百分点
    if not target.stated:
        unstated = _compile_unstated(rule, target, weight, options)
        if unstated is not None:
            return unstated
    if rule is not None and rule.items:
        return _compile_items(rule, target, options)
    if rule is not None and rule.per_unit is not None:
        return _compile_per_unit(rule, weight)
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


def _column_of(text: str, needle: str) -> int | None:
    index = text.find(f"{needle}分")
    return index + 1 if index >= 0 else 1
