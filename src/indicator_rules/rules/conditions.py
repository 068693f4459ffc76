"""Named conditions the evaluator judges (conditions.lark): 有工作方案得1分 · 资料不齐全的扣2分 ·
设有目标(1分)目标明确(1分) · 1.…；2.…；每项2分 · 酌情给0-5分 · 有…的不得分 (a veto)."""

from __future__ import annotations

import re
from decimal import Decimal

from lark import Token

from ..errors import RuleSyntaxError
from ..model import (
    Award,
    Discretion,
    Full,
    MeetTarget,
    NoScore,
    Penalty,
    Quantity,
    fmt,
)
from ..targets import check_size
from .base import (
    _Clause,
    _error,
    _first,
    _joined,
    _strip_de,
)
from .events import _counted_event


class ConditionsTree:
    """Callbacks of conditions.lark."""

    # --- named conditions ---
    def award_clause(self, items):
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        points = next((i for i in items if isinstance(i, tuple)), None)
        return _Clause("award", (_strip_de(subject), points[0] if points else None), _first(items))

    def points_clause(self, items):
        points = next((i for i in items if isinstance(i, tuple)), None)
        return _Clause("points", (points[0] if points else None, None), _first(items))

    def penalty_clause(self, items):
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        points, _ = items[-1]
        event = _counted_event(_strip_de(subject), points)
        if event is not None:  # 有一项不合格扣5分 · 漏岗一次扣1分 · 不协调、不团结各扣1分
            return _Clause("event", event, _first(items))
        return _Clause("penalty", (_strip_de(subject), points), _first(items))

    def not_penalty(self, items):
        """未成立…的扣4分: a deduction for what was not done (未 is part of its name)."""
        return self.penalty_clause([_joined(items[0], items[1]), *items[2:]])

    def discretion_clause(self, items):
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        word = str(items[-1])
        deduct = "扣" in word or "减" in word
        numbers = [i for i in items if isinstance(i, Token) and i.type == "NUMBER"]
        if numbers:  # 酌情给0-5分
            low, high = (check_size(Decimal(str(n))) for n in numbers)
            return _Clause("discretion", (_strip_de(subject), False, low, high), _first(items))
        if items[-1].type == "PAREN_RANGE":  # 其他(0-1分)
            low, high = re.findall(r"[0-9]+(?:\.[0-9]+)?", str(items[-1]))
            bounds = (check_size(Decimal(low)), check_size(Decimal(high)))
            return _Clause("discretion", (_strip_de(subject), False, *bounds), _first(items))
        return _Clause("discretion", (_strip_de(subject), deduct, None, None), _first(items))

    def checklist_clause(self, items):
        clauses, label = [], None
        for item in items:
            if item.type == "SUBJECT":
                label = _strip_de(str(item))
            elif item.type == "PAREN_POINTS":
                points = check_size(Decimal(str(item)[1:-1].replace("分", "").strip()))
                clauses.append(_Clause("award", (label, points), item))
            else:  # a trailing NOTE: a remark (以上需提供佐证资料)
                clauses.append(_Clause("note", str(item).strip(), item))
        return clauses

    def each_item_clause(self, items):
        """符合以上每项的,得2分: the points of each numbered item written before."""
        points, _ = items[-1]
        return _Clause("each_item", points, items[0])

    def named_zero(self, items):
        """有…的不得分 / 占比为0的不得分: a named condition worth nothing (a veto)."""
        words = [i.text if isinstance(i, Quantity) else str(i) for i in items[:-1]]
        reach = next((i for i in items if isinstance(i, Token) and i.type == "REACH"), None)
        if reach is not None and str(reach) != "为":
            raise _error(
                f"“{''.join(words)}…不得分”无法理解：{reach}到标准反而不得分",
                reach,
                hint="不得分的条件写作“占比为0的不得分”或“低于60%不得分”",
            )
        return _Clause("zero_named", _strip_de("".join(words)), items[0])


_ITEM_MARK = re.compile(r"[①-⑳]|[A-Za-z][、.．]|[0-9]{1,2}、")

# 以上指标 · 上述各项: a segment that only points back at the items before it
_REFERS_BACK = re.compile(r"(?:以上|上述)(?:各项)?(?:指标|内容|要求|条件)?")

# 其他(0-1分) · 25分以内: points in a segment read as a remark would be points dropped unsaid
_POINTS = re.compile(r"[0-9]\s*分(?![值数])")


def _refuse_points_in_remarks(remarks: list[str]) -> None:
    for remark in remarks:
        if _POINTS.search(remark):
            raise RuleSyntaxError(
                f"“{remark}”中写有分数，但读不出它的得分条件或扣分方法",
                line=1,
                column=1,
                hint="分开写条件与分数，如“其他情况酌情给0-1分”",
            )


# --- assembling ---


def add_each_item(asm, clause) -> None:
    """1.…；2.…；每项2分: each numbered item before is worth the points."""
    _, labels = asm.take_pending()
    items = [label for label in labels if not _REFERS_BACK.fullmatch(label)]
    if len(items) < 2:
        raise _error("“每项…分”前应列出两个以上的分项", clause.token, hint="如“1.…；2.…；每项2分”")
    asm.awards.extend(Award(label=label, points=clause.value) for label in items)


def add_veto(asm, clause, labels) -> None:
    """有…的不得分: a named condition worth nothing."""
    value = clause.value
    asm.remarks.extend(labels)
    asm.awards.append(Award(label="，".join([*labels, value]) if labels else value, points=0))


def add_award(asm, clause, labels) -> None:
    """有工作方案得1分 · 资料不齐全的扣2分: points given or taken for a named condition."""
    label, points = clause.value
    if label:  # 查村补针记录，记录齐全得4分: the preamble is context, unless it opens an item
        asm.remarks.extend(part for part in labels if not _ITEM_MARK.match(part))
        labels = [part for part in labels if _ITEM_MARK.match(part)]
    label = "，".join(part for part in [*labels, label] if part)
    if not label:
        raise _error(
            "得分或扣分前没有写明条件",
            clause.token,
            hint="如“有工作方案得1分”或“资料不齐全的扣2分”",
        )
    if clause.kind == "award":
        asm.awards.append(Award(label=label, points=points))
    else:
        asm.penalties.append(Penalty(label=label, points=points))


def add_discretion(asm, clause, labels) -> None:
    if asm.discretion is not None:
        raise _error("规则中有两处酌情计分", clause.token)
    label, deduct, low, high = clause.value
    label = "，".join(part for part in [*labels, label] if part)
    if low is not None and low >= high:
        raise _error(f"酌情计分的范围{fmt(low)}-{fmt(high)}分应前小后大", clause.token)
    asm.discretion = Discretion(label=label, deduct=deduct, low=low, high=high)


RAW_KINDS = {"each_item": add_each_item}
CONDITIONED_KINDS = {
    "zero_named": add_veto,
    "award": add_award,
    "penalty": add_award,
    "discretion": add_discretion,
}


def promote_single_award(asm) -> None:
    """按要求…的，得2分；未完成的，不得分 — one named condition for the full score, with a
    deduction or nothing as the alternative, is the full-marks clause of the row's target."""
    named = [a for a in asm.awards if a.points != 0]
    if asm.full or len(named) != 1 or asm.bands or asm.discretion or asm.penalties:
        return
    zero = [a for a in asm.awards if a.points == 0]
    if not (zero or asm.fallback or asm.events or asm.late):
        return
    award = named[0]
    asm.full = Full(condition=MeetTarget(subject=award.label), points=award.points)
    asm.remarks.extend(a.label for a in zero)
    if zero and asm.fallback is None:
        asm.fallback = NoScore()
    asm.awards = []
