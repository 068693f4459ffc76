"""Full marks at a condition and what happens otherwise (thresholds.lark): 达标得满分10分，否则不得分 ·
满意度达到95%以上得满分 · 达不到扣分 (unsaid) · 满分5分 (the full score stated) · 分别…各得5分."""

from __future__ import annotations

from decimal import Decimal

import attrs
from lark import Token

from ..errors import RuleConflictError, RuleSyntaxError
from ..model import (
    Full,
    MeetTarget,
    NoScore,
    OnTime,
    Operator,
    Quantity,
    Reach,
    Unsaid,
    fmt,
)
from .base import (
    _Clause,
    _error,
    _first,
    _Interval,
    _strip_de,
)


class ThresholdsTree:
    """Callbacks of thresholds.lark."""

    # --- conditions ---
    def meet_target(self, items):
        subject = str(items[0]) if len(items) == 2 else ""
        return MeetTarget(subject=subject), items[0]

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
        return Reach(subject=subject, threshold=threshold), items[0]

    def each_condition(self, items):
        """猪瘟、猪蓝耳病、猪口蹄疫免疫密度分别达到100%: the items, and the condition for each."""
        subject = str(items[0])
        names = tuple(name.strip() for name in subject.split("、"))
        if len(names) < 2 or not all(names):
            raise _error(
                f"“{subject}分别…”：“分别”前应列出两个以上分项，用“、”隔开",
                items[0],
                hint="如“猪瘟、猪蓝耳病免疫密度分别达到100%各得5分”",
            )
        subject = "、".join(names)
        threshold = next((i for i in items if isinstance(i, Quantity)), None)
        if threshold is None:
            condition = MeetTarget(subject=subject)
        else:
            condition = attrs.evolve(self.reach([items[0], *items[2:]])[0], subject=subject)
        return condition, items[0], names

    def full_each(self, items):
        condition, first, names = items[0]
        points = items[-1]
        return [
            _Clause("full", (Full(condition=condition, points=points[0]), points), first),
            _Clause("items", names, first),
        ]

    def on_time(self, items):
        """按时完成: what follows the deadline word. 项目按计划时间完成: a subject comes first,
        and the whole phrase is the condition (model.OnTime keeps it as written)."""
        if items[0].type == "SUBJECT":
            return OnTime(subject=_strip_de("".join(str(i) for i in items))), items[0]
        return OnTime(subject="".join(str(i) for i in items[1:])), items[0]

    # --- clauses ---
    def full_clause(self, items):
        (condition, first), rest = items[0], items[1:]
        points = next((p for p in rest if isinstance(p, tuple)), None)
        value = points[0] if points else None
        return _Clause("full", (Full(condition=condition, points=value), points), first)

    def unsaid_clause(self, items):
        """达不到扣分: the deduction named, its size not — scored only when it does not apply."""
        words = "".join((i[0] or str(i[1])) if isinstance(i, tuple) else str(i) for i in items)
        if "根据" in words or "依据" in words:  # 根据…扣分: the basis of deductions (deduct_basis)
            raise _error(f"“{words}”没有写明扣分方法", _first(items), hint="写明每差多少扣几分")
        return _Clause("fallback", Unsaid(text=words), _first(items))

    def zero_clause(self, items):
        return _Clause("fallback", NoScore(), _first(items))

    def stated_clause(self, items):
        """满分5分: the rule's full score, written apart from any condition."""
        points, token = items[-1]
        return _Clause("stated", points, token)


# --- assembling (rules/assembler.py calls these by clause kind) ---


def add_items(asm, clause) -> None:
    """分别…各得5分: the items named before 分别, each scored alone."""
    if asm.items:
        raise _error("规则中有两组分项", clause.token)
    asm.items = clause.value


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
    if asm.full is not None:
        raise _error("规则中有两个满分条件", clause.token)
    asm.full = clause.value[0]
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
    asm.fallback, asm.fallback_written = clause.value, clause.written
    asm.remarks.extend(labels)


RAW_KINDS = {"items": add_items, "stated": add_stated}
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


def check_items(asm) -> None:
    """分别…各得5分 scores each item alone: a full-marks condition and what happens otherwise."""
    if not asm.items:
        return
    others = (
        asm.events
        or asm.late
        or asm.bands
        or asm.awards
        or asm.penalties
        or asm.discretion
        or asm.grades
        or asm.rank_by
    )
    if others or isinstance(asm.full.condition, OnTime):
        raise RuleSyntaxError(
            "分项计分（分别…各得…）只能与“否则…”“每少…扣…”同用",
            line=1,
            column=1,
            hint="如“猪瘟、猪蓝耳病免疫密度分别达到100%各得5分，单项每降1%扣0.5分”",
        )
