"""A base score and interpolation up to full marks (interpolation.lark): 达70%以上得基础分，为90%得满分，
其间按比例增分，分值的80%为基础分."""

from __future__ import annotations

import re
from decimal import Decimal

from lark import Token

from ..errors import (
    RuleSyntaxError,
)
from ..model import (
    Interpolation,
    Operator,
    Reach,
    Rule,
    Target,
    fmt,
)
from ..outcome import (
    NO_FACTS,
    ZERO,
    Outcome,
    Scorer,
    _join,
    _score_text,
)
from ..targets import check_size
from .base import (
    _Clause,
    _error,
)
from .thresholds import _Threshold


class InterpolationTree:
    """Callbacks of interpolation.lark."""

    def reached_base(self, items):
        """达70%以上得基础分: the threshold of the base score."""
        full = items[0]
        if not isinstance(full[0], Reach):
            raise _error("“得基础分”前应写明达到的标准，如“达70%以上得基础分”", full[1])
        return _Clause("base", full[0].threshold, full[1])

    def interp_clause(self, items):
        pair = next((i for i in items if isinstance(i, Token) and i.type == "PERCENT_PAIR"), None)
        bounds = None
        if pair is not None:
            low, high = re.findall(r"[0-9]+(?:\.[0-9]+)?", str(pair))
            bounds = (check_size(Decimal(low)), check_size(Decimal(high)))
        return _Clause("interp", bounds, items[0])

    def base_share_clause(self, items):
        share = items[1]
        if not share.is_percent:
            raise _error("基础分应写成分值的百分比，如“分值的80%为基础分”", items[0])
        return _Clause("base_share", share.amount / 100, items[0])


# --- assembling ---


def _setter(field: str):
    def add(asm, clause) -> None:
        _, labels = asm.take_pending()
        asm.remarks.extend(labels)
        setattr(asm, field, clause.value)
        if field == "interp":
            asm.interp_token = clause.token

    return add


RAW_KINDS = {kind: _setter(kind) for kind in ("base", "interp", "base_share")}
CONDITIONED_KINDS = {}


def interpolation(asm) -> Interpolation | None:
    """基础分 at one threshold, 满分 at another, 按比例增分 between, nothing below."""
    if asm.base is None and asm.base_share is None and asm.interp is None:
        return None
    if asm.base is None or asm.full is None:
        raise RuleSyntaxError(
            "“按比例增分”需要写明得基础分的标准和得满分的标准",
            line=1,
            column=1,
            hint="如“达70%得基础分，达90%得满分，其间按比例增分，分值的80%为基础分”",
        )
    if not isinstance(asm.full.condition, Reach):
        raise RuleSyntaxError("得满分的条件应是一个数值，如“为90%得满分”", line=1, column=1)
    if asm.base_share is None:
        raise RuleSyntaxError(
            "未写明基础分是分值的多少", line=1, column=1, hint="如“分值的80%为基础分”"
        )
    low, high = asm.base, asm.full.condition.threshold
    if not low.convertible(high) or low.in_unit_of(high) >= high.amount:
        raise RuleSyntaxError("得基础分的标准应低于得满分的标准", line=1, column=1)
    if asm.interp is not None and (asm.interp[0] != low.amount or asm.interp[1] > high.amount):
        raise RuleSyntaxError(
            f"按比例增分的区间{fmt(asm.interp[0])}%-{fmt(asm.interp[1])}%与基础分、满分的标准不一致",
            line=1,
            column=1,
        )
    # 低于70%不得分 restates what the interpolation means below its base threshold
    asm.bands = [
        b
        for b in asm.bands
        if not (
            b[0].lower is None
            and b[0].upper is not None
            and b[0].upper[0].amount == low.amount
            and b[1] == 0
        )
    ]
    asm.full = None
    return Interpolation(low=low, high=high, base_share=asm.base_share)


# --- scoring: how this family's rules compile into a scorer ---


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


COMPOSE = {("full", "base"): "reached_base"}  # 达70%以上得基础分
