"""Points for each unit counted (counts.lark): 每完成一项得2分 · 每户计1分 · 4×实达标数 ·
有一次会议纪要的得1分，最多得2分. The actual is the count; the score is points × count, at
most the cap the rule writes (最多得2分) and at most 分值.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lark import Token

from ..errors import ActualValueError, RuleConflictError, RuleSyntaxError
from ..model import NoScore, PerUnit, Quantity, Rule, fmt
from ..outcome import Outcome, Scorer, _join, _score_text
from ..targets import check_size
from .base import _Clause, _error, _first, _strip_de
from .events import _ONE_COUNT

_FORMULA = re.compile(r"(?P<points>[0-9]+(?:\.[0-9]+)?)\s*(?:×|\*|乘以)\s*(?P<what>.+)")


class CountsTree:
    """Callbacks of counts.lark."""

    def per_unit(self, items):
        """每完成一项得2分: what is counted, its unit, the points of each."""
        if len(items) == 1 and isinstance(items[0], Token) and items[0].type == "COUNT_FORMULA":
            match = _FORMULA.fullmatch(str(items[0]).strip())
            points = check_size(Decimal(match.group("points")))
            what = match.group("what").strip()
            return _Clause("per_unit", PerUnit(what=what, points=points, measure=""), items[0])
        points, _ = items[-1]
        words = [str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"]
        count = next((i for i in items if isinstance(i, Quantity)), None)
        unit = next((i for i in items if isinstance(i, Token) and i.type == "UNIT"), None)
        if count is not None and count.amount != 1:
            raise _error(
                f"“每{count.display}得分”：每几项得分暂不支持，请写成每项得多少分", _first(items)
            )
        what = _strip_de("".join(words))
        if count is None and unit is None:  # 每完成一项得2分: the count of one is in the name
            match = _ONE_COUNT.match(what)
            if match is None:
                raise _error(
                    f"“每{what}得分”没有写明按什么计数", _first(items), hint="如“每完成一项得2分”"
                )
            what = _strip_de((match.group("before") + match.group("after")).strip())
            unit = match.group("measure")
        measure = count.unit.name if count is not None and count.unit else str(unit)
        return _Clause(
            "per_unit", PerUnit(what=what, points=points, measure=measure), _first(items)
        )

    def subject_per_unit(self, items):
        """双季稻种植大户的每户计1分: the name before 每 says what is counted."""
        per = self.per_unit(items[1:]).value
        what = _strip_de(str(items[0])) + per.what
        return _Clause(
            "per_unit", PerUnit(what=what, points=per.points, measure=per.measure), items[0]
        )

    def cap_get(self, items):
        return _Clause("cap_get", items[-1][0], items[0])


COMPOSE = {
    ("none", "per_unit"): "per_unit",
    ("subject", "per_unit"): "subject_per_unit",  # 双季稻种植大户的每户计1分
}


# --- assembling ---


def add_per_unit(asm, clause, labels) -> None:
    if asm.per_unit is not None:
        raise _error("规则中有两处按个数计分", clause.token)
    value = clause.value
    if labels:  # 查会议记录，每发表一篇得1分: what is counted, as the rule words it
        asm.remarks.extend(labels)
    asm.per_unit = value


def add_cap_get(asm, clause, labels) -> None:
    """最多得2分: the cap of the points per unit before it (有一次…的得1分 counts one each)."""
    asm.remarks.extend(labels)
    if asm.per_unit is None and asm.awards:
        last = asm.awards[-1]
        match = _ONE_COUNT.match(last.label) if last.points else None
        if match is not None:  # 有一次会议纪要的得1分，最多得2分: one point each
            what = (match.group("before") + match.group("after")).strip("，, ")
            asm.awards.pop()
            asm.per_unit = PerUnit(
                what=_strip_de(what), points=last.points, measure=match.group("measure")
            )
    if asm.per_unit is None:
        raise _error("“最多得…分”前没有按个数计分的条款（如“每完成一项得2分”）", clause.token)
    asm.per_unit = PerUnit(
        what=asm.per_unit.what,
        points=asm.per_unit.points,
        measure=asm.per_unit.measure,
        cap=clause.value,
    )


def check_alone(asm) -> None:
    if asm.per_unit is None:  # the common case: nothing of this family to check
        return
    others = (
        asm.full
        or (asm.fallback is not None and not isinstance(asm.fallback, NoScore))  # 反之不得分
        or asm.events
        or asm.late
        or asm.bands
        or asm.awards
        or asm.penalties
        or asm.discretion
        or asm.grades
    )
    if others:
        raise RuleSyntaxError(
            "按个数计分（每…得…分）目前不能与其他计分方法混用",
            line=1,
            column=1,
            hint="单独写成一条指标，如“每完成一项得2分，最多得10分”",
        )


RAW_KINDS = {}
CONDITIONED_KINDS = {"per_unit": add_per_unit, "cap_get": add_cap_get}


# --- scoring ---


def _compile_per_unit(rule: Rule, weight: Decimal) -> Scorer:
    per = rule.per_unit
    if per.cap is not None and per.cap > weight:
        raise RuleConflictError(
            f"“最多得{fmt(per.cap)}分”超过指标分值{fmt(weight)}分", hint="核对分值"
        )
    top = weight if per.cap is None else per.cap
    unit = per.measure or "个"

    def score(actual, events=None, facts=None) -> Outcome:
        n = _count_of(actual, per)
        exact = min(per.points * n, top)
        capped = per.points * n > top

        def explain(_):
            limit = f"，最多{fmt(top)}分" if capped else ""
            return _join(
                f"{per.what or '计数'}{fmt(n)}{unit}",
                f"每{unit}{fmt(per.points)}分，计{fmt(per.points * n)}分{limit}",
                _score_text(exact, weight),
            )

        return Outcome(exact, exact == weight, (), explain, False, actual, events)

    return score


def _count_of(actual, per: PerUnit) -> Decimal:
    unit = actual.unit if isinstance(actual, Quantity) else None
    if isinstance(actual, Quantity) and (
        unit is None or unit.name == per.measure or unit.dimension == "count"
    ):
        n = actual.amount
        if n >= 0 and n == n.to_integral_value():
            return n
    shown = "空" if actual is None else f"“{actual.display}”"
    raise ActualValueError(
        f"按个数计分（每{per.measure or '个'}{fmt(per.points)}分），实际完成值应为个数，而不是{shown}",
        hint=f"填写{per.what or '完成'}的个数，如 3",
    )
