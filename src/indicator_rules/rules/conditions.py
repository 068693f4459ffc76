"""Named conditions the evaluator judges (conditions.lark): 有工作方案得1分 · 资料不齐全的扣2分 ·
设有目标(1分)目标明确(1分) · 1.…；2.…；每项2分 · 酌情给0-5分 · 有…的不得分 (a veto)."""

from __future__ import annotations

import re
from decimal import Decimal

from lark import Token

from ..errors import (
    RuleConflictError,
    RuleSyntaxError,
)
from ..model import (
    Award,
    Discretion,
    Full,
    MeetTarget,
    NoScore,
    OnTime,
    Penalty,
    Quantity,
    fmt,
)
from ..outcome import (
    ZERO,
)
from ..targets import check_size
from .base import (
    _Clause,
    _error,
    _first,
    _strip_de,
)
from .events import _counted_event


class ConditionsTree:
    """Callbacks of conditions.lark."""

    def glued_award(self, items):
        """设专职人员1分: points glued to the condition — unless a verb of points ends the name
        (另奖2分, 罚2分): that would read a bonus or a fine as points earned."""
        subject = str(items[0]).rstrip()
        if subject[-1:] in _POINT_VERBS:
            raise _error(
                f"“{subject}{fmt(items[1][0])}分”：“{subject[-1]}”之后的分数不能当作得分",
                items[0],
                hint="得分写作“…得N分”，扣分写作“…扣N分”",
            )
        return self.award_clause(items)

    def reached_zero(self, items):
        """占比为0的不得分: the value written with 为 is a named condition worth nothing."""
        full, *rest = items
        return self.named_zero([*full.raw, *rest])

    def lead_penalty(self, items):
        """未成立…的扣4分: a deduction for what was not done (未 is part of its name)."""
        lead = items[0]
        if lead.kind not in ("not_subject", "not_on_time"):  # 未按时上报的扣1分
            raise _error(f"“{lead[0] or lead[1]}”之后的扣分没有写明条件", lead[1])
        return self.penalty_clause([_lead_subject(lead), *items[1:]])

    def lead_award(self, items):
        """未发生安全事故得满分: points for what did not happen (未 is part of its name)."""
        lead = items[0]
        if lead.kind != "not_subject":
            raise _error(
                f"“{lead[0] or lead[1]}”之后不能写得分：未达标时的得分写作“按…比例得分”或“每少…扣…分”",
                lead[1],
            )
        return self.award_clause([_lead_subject(lead), *items[1:]])

    def bare_discretion(self, items):
        if items[-1].type == "PAREN_RANGE":  # (0-1分) alone: which condition does it score?
            raise _error("括号中的分数范围前没有写明条件", items[-1], hint="如“其他(0-1分)”")
        return self.discretion_clause(items)

    # --- named conditions ---
    def award_clause(self, items):
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        points = next((i for i in items if isinstance(i, tuple)), None)
        if subject.rstrip().endswith("各") and points is not None:  # 建立和开发的各得2分
            names = _each_named(_strip_de(subject.rstrip()[:-1]), _first(items))
            return _Clause("each_named", (names, points[0]), _first(items))
        return _Clause("award", (_strip_de(subject), points[0] if points else None), _first(items))

    def range_clause(self, items):
        """A.符合要求,13-15分: a level (or, alone, the points of the conditions before it) whose
        score the evaluator gives inside the range."""
        token = items[-1]
        low, high = (check_size(Decimal(n)) for n in re.findall(r"[0-9]+(?:\.[0-9]+)?", str(token)))
        if low >= high:
            raise _error(f"分数范围{fmt(low)}-{fmt(high)}分应前小后大", token)
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        if subject:
            return _Clause("award", (_strip_de(subject), high, low), token)
        return _Clause("points", (high, low), token)

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

    def by_named(self, items):
        """按要求进行调查核实(2分): a name that opens with 按 (or 按照, 根据, 依据), judged as any."""
        by, basis = items
        if "比例" in str(basis):  # 按完成比例得10分: in proportion, or a condition worth 10?
            raise _error(
                f"“{by}{basis}”之后的分数可读作按比例计分（最多该分数），也可读作这一条件成立时得该分数，无法确定",
                by,
                hint=f"按比例计分写作“{by}{basis}得分”",
            )
        return Token.new_borrow_pos("SUBJECT", f"{by}{basis}", by)

    def checklist_clause(self, items):
        clauses, label = [], None
        for item in items:
            if item.type == "SUBJECT":
                label = _strip_de(str(item))
            elif item.type == "PAREN_POINTS":
                points = check_size(Decimal(str(item)[1:-1].replace("分", "").strip()))
                clauses.append(_Clause("award", (label, points), item, "paren"))
            else:  # a trailing NOTE: a remark (以上需提供佐证资料)
                clauses.append(_Clause("note", str(item).strip(), item))
        return clauses

    def each_item_clause(self, items):
        """符合以上每项的,得2分: the points of each numbered item written before; glued to the
        last item (…(4)有信息员队伍每项各2.5分), that item is a condition of its own first."""
        points, _ = items[-1]
        each = next(i for i in items if i.type == "EACH_ITEM")
        count = _COUNT_OF_ITEMS.search(str(each))
        if count is not None and int(count.group(1)) != 1:  # 满足3项得1分: per item, or 3 of them?
            raise _error(
                f"“{each}”可读作每满足一项得分，也可读作满足{count.group(1)}项时得分，无法确定",
                each,
                hint="写成“满足以上1项得1分”或“满足3项以上的得满分”",
            )
        if items[0].type == "SUBJECT":
            last = _Clause("note", str(items[0]).strip(), items[0])
            return [last, _Clause("each_item", points, items[1])]
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
        return _Clause("zero_named", veto_label("".join(words)), items[0])


# 满足以上3项: the count of items (from the start of a run of digits only: linear)
_COUNT_OF_ITEMS = re.compile(r"(?<![0-9])([0-9]+)项")

# 不符合 · 不满足 · 未完成 · 没有完成: the miss of what was said before, not a condition of its own
_BARE_MISS = re.compile(r"(?:不|未|没有)(?:符合|满足|达到|达标|完成|具备)(?:要求|条件|标准)?")

_THIS_ITEM = re.compile(r"(?:该项|此项|本项)\s*$")


def veto_label(words: str) -> str:
    """The condition of a veto as written before 不得分: 违规开设专户的该项不得分 → 违规开设专户
    (该项 / 此项 / 本项 belong to 不得分, as in rule.lark's ZERO; 的 closes the condition)."""
    return _strip_de(_THIS_ITEM.sub("", words))


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
    """1.…；2.…；每项2分 · …是否…，是否…，符合一项得1分: each item listed before is worth the
    points (count × points, the count bounded by the items listed). Numbered items are the
    items, whatever separators run inside them (text before the first is context); without
    numbers each condition is one. A numeric condition (达到93%以上) is an item as written."""
    asm.take_pending()
    written = [label for label in asm.described if not _REFERS_BACK.fullmatch(label)]
    items = _numbered_items(written, asm.openers)
    if len(items) < 2:
        raise _error("“每项…分”前应列出两个以上的分项", clause.token, hint="如“1.…；2.…；每项2分”")
    asm.awards.extend(Award(label=label, points=clause.value) for label in items)


def _numbered_items(written: list[str], openers: set[str]) -> list[str]:
    """The items of `written`: each opener starts one, the conditions after it until the next
    run on inside it; with no opener among them, each condition is an item."""
    if not any(label in openers for label in written):
        return written
    items: list[list[str]] = []
    for label in written:
        if label in openers:
            items.append([label])
        elif items:  # 是否建立…，是否严格履行职责: one item of (1)
            items[-1].append(label)
    return ["，".join(parts) for parts in items]


def _each_named(words: str, token) -> tuple[str, ...]:
    """建立、开发 · 建立和开发: the items 各得N分 gives points to each. 、 parts them; without it one
    和 / 与 / 及 may, when both sides are words of two characters or more — else the items
    cannot be told apart (参与和组织: 参与 or 参, 与和组织?) and the rule is refused."""
    names = [n.strip() for n in words.split("、")]
    if len(names) < 2:
        names = [n.strip() for n in re.split(r"[和与及]", words)]
        if len(names) != 2 or min(len(n) for n in names) < 2:
            names = []
    if len(names) < 2 or not all(names):
        raise _error(
            f"“{words}各…”：读不出各项，应列出两项以上，用“、”隔开",
            token,
            hint="如“建立基地、开发项目的各得2分”",
        )
    return tuple(names)


def add_each_named(asm, clause, labels) -> None:
    """建立和开发的各得2分: each item named is worth the points (count × points)."""
    names, points = clause.value
    asm.remarks.extend(labels)
    asm.awards.extend(Award(label=name, points=points) for name in names)


def add_veto(asm, clause, labels) -> None:
    """有…的不得分: a named condition worth nothing; the conditions before it are context (…并得到
    落实。无计划不得分: the veto is 无计划, not the standard written before it). 不符合不得分 names
    no condition of its own: it is what happens otherwise (否则不得分)."""
    asm.remarks.extend(labels)
    if _BARE_MISS.fullmatch(clause.value) and not labels and asm.fallback is None:
        asm.remarks.append(clause.value)
        asm.fallback = NoScore()
        return
    asm.awards.append(Award(label=clause.value, points=0))


def add_award(asm, clause, labels) -> None:
    """有工作方案得1分 · 资料不齐全的扣2分: points given or taken for a named condition."""
    label, points, *low = clause.value  # 13-15分: (label, 15, 13)
    if label:  # 查村补针记录，记录齐全得4分: the preamble is context, unless it opens an item
        asm.remarks.extend(part for part in labels if not _ITEM_MARK.match(part))
        labels = [part for part in labels if _ITEM_MARK.match(part)]
    else:  # 成立…部署。未成立…的，扣2分: the sentences before are context
        labels = asm.last_sentence(labels)
    label = _strip_de("，".join(part for part in [*labels, label] if part))  # 未成立…的，扣2分
    if not label:
        raise _error(
            "得分或扣分前没有写明条件",
            clause.token,
            hint="如“有工作方案得1分”或“资料不齐全的扣2分”",
        )
    if clause.kind == "award":
        if clause.written and asm.opens_rule() and not asm.awards:
            asm.heading = clause  # 加强组织领导(4分)。…: may be the rule's heading
        asm.awards.append(Award(label=label, points=points, points_low=low[0] if low else None))
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
    "each_named": add_each_named,
    "zero_named": add_veto,
    "award": add_award,
    "penalty": add_award,
    "discretion": add_discretion,
}


def promote_heading(asm) -> None:
    """救灾、减灾工作(2分):…(1分);…(0.5分);…(0.5分) · 加强组织领导(4分)。…未成立…的，扣2分:
    points in brackets opening the rule are its heading — the full marks of what follows (as
    “满分2分”, checked against 分值) — when two or more awards after them add up to those
    points, or when only deductions and vetoes follow. Otherwise they are the first item of a
    checklist (成立领导小组(2分);有关部门参加(2分))."""
    heading = asm.heading
    if heading is None or asm.stated is not None or asm.full is not None or asm.bands:
        return
    first, *rest = asm.awards
    points = [a.points for a in rest if a.points]
    deductions = asm.penalties or asm.events or any(a.points == 0 for a in rest)
    if (len(points) > 1 and sum(points) == first.points) or (
        not points and deductions and first.points
    ):
        asm.awards = rest
        asm.remarks.append(first.label)
        asm.stated = (first.points, heading.token)


def demote_full_among_awards(asm) -> None:
    """年初有计划1分,年终有总结1分,按时上报1分: among named conditions with points, a named
    full-marks condition (按时上报, 资料达标) is one more item of the list, judged as they are."""
    if asm.full is None or not asm.awards:  # the common case: nothing to demote
        return
    condition = asm.full.condition
    named = isinstance(condition, OnTime) or (
        isinstance(condition, MeetTarget) and condition.subject
    )
    scoring = [a for a in asm.awards if a.points]
    if not (named and scoring and asm.full.points is not None and asm.full_written):
        return
    if asm.fallback is not None or asm.bands or asm.events or asm.late:
        return
    asm.awards.append(Award(label=asm.full_written, points=asm.full.points))
    asm.full = None


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


# --- scoring: how this family's rules compile into a scorer ---


def _discretion_bounds(discretion, weight: Decimal) -> tuple[Decimal, Decimal, str]:
    """The points an evaluator may give under `discretion`: its stated range, else 0-分值."""
    low = ZERO if discretion.low is None else discretion.low
    high = weight if discretion.high is None else discretion.high
    if high > weight:
        raise RuleConflictError(
            f"酌情计分的上限{fmt(high)}分超过指标分值{fmt(weight)}分", hint="核对分值"
        )
    return low, high, f"“{discretion.label or '酌情'}”"


COMPOSE = {
    **{("none", action): "points_clause" for action in ("get", "get_full", "points")},
    **{("subject", action): "award_clause" for action in ("get", "get_full", "full_by")},
    ("subject", "points"): "glued_award",  # 设专职人员1分
    ("none", "full_by"): "award_clause",
    ("subject", "zero"): "named_zero",  # 有…的不得分
    ("full", "zero"): "reached_zero",  # 占比为0的不得分
    ("none", "deduct"): "penalty_clause",
    ("subject", "deduct"): "penalty_clause",  # 不齐全的扣2分
    ("lead", "deduct"): "lead_penalty",  # 未成立领导机构的扣4分
    ("lead", "get"): "lead_award",  # 未发生安全事故得5分
    ("lead", "get_full"): "lead_award",  # 未发生安全事故得满分
    ("none", "discretion"): "bare_discretion",
    ("none", "point_range"): "range_clause",
    ("subject", "point_range"): "range_clause",
    ("subject", "discretion"): "discretion_clause",  # 记录不全酌情给分
}


# a name ending in one of these before N分 is a bonus, a fine or a deduction, not points earned
_POINT_VERBS = set("加奖罚减扣倒")


def _lead_subject(lead) -> Token:
    """未 + 成立领导机构的, read as one name."""
    return Token.new_borrow_pos("SUBJECT", lead[0], lead[1])
