"""Scores in proportion (ratios.lark): 否则按完成比例得分 · 得分=预算执行率×分值 · 得分(20分*执行率) ·
根据…百分比扣分 (what deductions are measured on) · measure definitions 到位率=实际到位/计划到位×100%."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .thresholds import _Threshold

import re
from decimal import Decimal

from lark import Token

from ..errors import ActualValueError
from ..model import (
    Full,
    MeetTarget,
    Operator,
    Proportional,
    StepDeduction,
    fmt,
)
from ..options import (
    REVERSE_MODES,
    ScoringOptions,
    round_score,
)
from ..outcome import (
    HUNDRED,
    ZERO,
)
from ..targets import check_size
from .base import (
    _PROPORTION_WORDS,
    _Clause,
    _error,
    _first,
)


class RatiosTree:
    """Callbacks of ratios.lark."""

    def ratio_clause(self, items):
        basis = next(i for i in items if isinstance(i, Token) and i.type == "BASIS")
        if not any(word in str(basis) for word in _PROPORTION_WORDS):
            raise _error(
                f"无法确定“按{basis}”按什么比例计分",
                basis,
                hint="写明比例，如“否则按完成比例得分”或“否则按覆盖率得分”",
            )
        written = "".join(i[0] or str(i[1]) if isinstance(i, tuple) else str(i) for i in items)
        by = next(i for i in items if isinstance(i, Token) and i.type == "BY")
        general = str(basis).endswith("情况") or (  # 根据项目工作量完成情况评分 / 根据…进度计分
            str(by) in ("根据", "依据") and not isinstance(items[0], tuple)
        )
        if general:  # says what is measured; the method unless a concrete one is written
            return _Clause(
                "general_fallback", (Proportional(basis=str(basis)), written), _first(items)
            )
        return _Clause("fallback", Proportional(basis=str(basis)), _first(items), written)

    def deduct_basis(self, items):
        """应根据超计划时间占计划完成时间百分比扣分: what the deductions are measured on.
        按比例扣分 · 按完成比例扣分 (按, a basis that is a 比例): the score in proportion, as
        按比例得分 — what is deducted is the share not done."""
        by = next(i for i in items if isinstance(i, Token) and i.type == "BY")
        basis = next(i for i in items if isinstance(i, Token) and i.type == "BASIS")
        if str(by) in ("按", "按照") and str(basis).endswith("比例"):
            return self.ratio_clause(items)
        if isinstance(items[0], tuple):  # 未完成的根据…扣分: a case, and no method
            written = "".join(i[0] or str(i[1]) if isinstance(i, tuple) else str(i) for i in items)
            raise _error(
                f"“{written}”没有写明扣分方法",
                by,
                hint="写明每差多少扣几分，如“每相差4%，扣1分”，或“按完成比例扣分”",
            )
        return _Clause("deduct_basis", "".join(str(i) for i in items), _first(items))

    def weighted_ratio(self, items):
        """得分(20分*执行率): the full score times a rate."""
        text = str(items[1])[1:-1]
        points, _, basis = text.partition("分*")
        if not any(word in basis for word in _PROPORTION_WORDS):
            raise _error(f"无法确定“{basis}”是什么比例", items[1], hint="如“得分(20分*执行率)”")
        full = Full(condition=MeetTarget(), points=check_size(Decimal(points)))
        return [
            _Clause("full", (full, None), items[0]),
            _Clause("fallback", Proportional(basis=basis), items[1]),
        ]

    def score_formula(self, items):
        """得分=预算执行率×分值 · 实际完成值/目标值×该项分值: 分值 times a rate (capped at 分值);
        a number of points written in place of 分值 is the full score, checked against it."""
        text = str(items[0])
        match = _SCORE_FORMULA.fullmatch(text.strip())
        basis = match.group("basis").strip().removeprefix("按").removeprefix("按照")
        if not any(word in basis for word in _PROPORTION_WORDS):
            raise _error(f"无法确定“{basis}”是什么比例", items[0], hint="如“得分=预算执行率×分值”")
        clauses = [_Clause("fallback", Proportional(basis=basis), items[0])]
        if match.group("points"):
            clauses.append(_Clause("stated", check_size(Decimal(match.group("points"))), items[0]))
        return clauses


# A、只防疫 / ①已制定… / 1、…: the segment opens a numbered item.
_SCORE_FORMULA = re.compile(
    r"(?:(?:该项|该指标|本项)?得分\s*(?:=|为|等于)\s*)?(?P<basis>[^\s0-9,;。\n=得扣分]+?)\s*(?:×|\*|乘以)\s*"
    r"(?:该项|该指标|本项|指标)?(?:分值|权重|满分|(?P<points>[0-9]+(?:\.[0-9]+)?)\s*分)"
    r"(?:计分|得分|计算|评分)?"
)

# 到位率=实际到位/计划到位*100%: a name defined by arithmetic on words (= 1 元/人 is a value).
_DEFINED = re.compile(r"=\s*[^0-9\s]")
_ARITHMETIC = re.compile(r"[/*×÷]")


class _Formula:
    r"""`=\s*[^0-9\s].*[/*×÷]|[/*×÷].*100%` on each line, in linear steps: the leftmost start
    of either alternative is the one to look after (that pattern took quadratic time on
    ×××… or =a=a…)."""

    @staticmethod
    def search(text: str) -> bool:
        for line in text.split("\n"):
            defined = _DEFINED.search(line)
            if defined is not None and _ARITHMETIC.search(line, defined.end()) is not None:
                return True
            operator = _ARITHMETIC.search(line)
            if operator is not None and "100%" in line[operator.end() :]:
                return True
        return False


_FORMULA = _Formula()


# --- assembling ---


def add_deduct_basis(asm, clause) -> None:
    asm.take_pending()
    asm.remarks.extend(asm.described)  # 超过计划时间的，除…外: the case it speaks of
    asm.deduct_basis.append((clause.value, clause.token))


def add_general(asm, clause, labels) -> None:
    """“根据…完成情况评分” is the method only when the rule names no other; with a concrete one
    (每相差3%扣1分) it says what is measured and is kept as written."""
    proportional, written = clause.value
    asm.remarks.extend(labels)
    if asm.fallback is None:
        asm.fallback, asm.general = proportional, written
    else:
        asm.formulas.append(written)


def check_deduct_basis(asm) -> None:
    """“根据…扣分” needs a concrete method; it then says what the deductions are measured on."""
    if asm.deduct_basis:
        written, token = asm.deduct_basis[0]
        if not (isinstance(asm.fallback, StepDeduction) or asm.events or asm.late):
            raise _error(
                f"“{written}”没有写明扣分方法",
                token,
                hint="写明每差多少扣几分，如“每相差4%，扣1分”",
            )
        asm.formulas.extend(written for written, _ in asm.deduct_basis)


RAW_KINDS = {"deduct_basis": add_deduct_basis}
CONDITIONED_KINDS = {"general_fallback": add_general}


# --- scoring: how this family's rules compile into a scorer ---


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


COMPOSE = {
    ("none", "by_basis"): "ratio_clause",  # 按完成比例得分
    ("lead", "by_basis"): "ratio_clause",  # 否则按覆盖率得分
    ("none", "deduct_basis"): "deduct_basis",
    ("subject", "deduct_basis"): "deduct_basis",  # 应根据超计划时间占…百分比扣分
    ("lead", "deduct_basis"): "deduct_basis",  # 未完成任务的按比例扣分
    ("none", "weighted"): "weighted_ratio",
    ("none", "formula"): "score_formula",
}
