"""Named conditions the evaluator judges (conditions.lark): 有工作方案得1分 · 资料不齐全的扣2分 ·
设有目标(1分)目标明确(1分) · 1.…；2.…；每项2分 · 酌情给0-5分 · 有…的不得分 (a veto)."""

from __future__ import annotations

import re
from decimal import Decimal

from lark import Token

from ..errors import (
    ActualValueError,
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
    Rule,
    fmt,
)
from ..normalize import normalize
from ..options import (
    ScoringOptions,
)
from ..outcome import (
    NO_FACTS,
    ZERO,
    Facts,
    Outcome,
    Scorer,
    _clamp,
    _join,
    _judged_score,
    _nothing,
    _score_text,
)
from ..targets import check_size
from .base import (
    _Clause,
    _error,
    _first,
    _strip_de,
)
from .events import _compile_events, _counted_event
from .named import _held_conditions, _named_in_actual


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
    label, points, *low = clause.value  # 13-15分: (label, 15, 13)
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
    "zero_named": add_veto,
    "award": add_award,
    "penalty": add_award,
    "discretion": add_discretion,
}


def demote_full_among_awards(asm) -> None:
    """年初有计划1分,年终有总结1分,按时上报1分: among named conditions with points, a named
    full-marks condition (按时上报, 资料达标) is one more item of the list, judged as they are."""
    condition = asm.full.condition if asm.full is not None else None
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


def _compile_judged(rule: Rule, weight: Decimal, options: ScoringOptions) -> Scorer:
    """Rules of named conditions: a checklist (points add up to 分值), a choice of levels (the
    highest equals 分值), penalties for conditions that hold, and the evaluator's discretion."""
    plan = _Judged(rule, weight)
    deduct_events = _compile_events(rule.events)

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        facts = _named_in_actual(facts, actual, plan.ordered, plan.sole_label, plan.none_is_zero)
        held = plan.held(facts, events)
        base, parts, judged = plan.base(held, facts)
        minus = plan.deductions(held, parts)
        event_minus, event_text = deduct_events(events) if rule.events else (ZERO, _nothing)
        exact = _clamp(base - minus - event_minus, weight)
        warnings = ("该项得分含评价人酌情评定",) if judged else ()
        return Outcome(
            exact,
            exact == weight,
            warnings,
            lambda _: _join(*parts, event_text(), _score_text(exact, weight)),
            judged,
        )

    score.reads_words = score.words_optional = True
    return score


def _check_judged(rule: Rule, awards: list, weight: Decimal) -> bool:
    """Whether the awards are a checklist (their points add up to 分值); else the highest must
    be 分值. A deduction above 分值 is a slip of the pen, not a rule."""
    points = [p for _, p in awards]
    checklist = len(awards) > 1 and sum(points) == weight and min(points) > 0
    if awards and not checklist and max(points) != weight:
        raise RuleConflictError(
            f"各项得分合计{fmt(sum(points))}分、最高{fmt(max(points))}分，与分值{fmt(weight)}分都不一致",
            hint="核对各项得分或指标分值",
        )
    for penalty in rule.penalties:
        if penalty.points > weight:  # 扣15分 in a 3-point row
            raise RuleConflictError(
                f"“{penalty.label}”扣{fmt(penalty.points)}分，超过指标分值{fmt(weight)}分",
                hint="核对扣分或指标分值",
            )
    return checklist


class _Judged:
    """What a rule of named conditions decides once: its conditions in order (the numbers an
    evaluator may give), whether it is a checklist, and the one award worth 分值, if any."""

    def __init__(self, rule: Rule, weight: Decimal) -> None:
        awards = [(a.label, weight if a.points is None else a.points) for a in rule.awards]
        self.checklist = _check_judged(rule, awards, weight)
        self.rule, self.weight = rule, weight
        self.awards = [(normalize(label), p) for label, p in awards]
        # A.符合要求,13-15分: levels whose points the evaluator gives inside a range
        self.ranges = {
            normalize(a.label): a.points_low for a in rule.awards if a.points_low is not None
        }
        self.ordered = [label for label, _ in self.awards]
        self.ordered += [normalize(p.label) for p in rule.penalties]
        if rule.discretion is not None:
            self.ordered.append(normalize(rule.discretion.label))
        one = len(self.awards) == 1 and self.awards[0][1] == weight
        self.sole = self.awards[0][1] if one else None
        # the one award worth 分值 beside levels worth nothing (有会议纪录 0分): with deductions
        # and no award said to hold, is it 分值 less the deductions, or nothing? (refused)
        positive = [(label, p) for label, p in self.awards if p > 0]
        self.full_award = (
            positive[0][0] if len(positive) == 1 and positive[0][1] == weight else None
        )
        # 是/符合 answer the one condition worth 分值 — unless deductions follow it (得3分；无规划
        # 扣1分: a failed award is then 3 less its deductions, or 0?); a “none of them” answer
        # scores 0 only where the rule says so (a checklist, 否则不得分) or has one award
        plain = not (rule.penalties or rule.events)
        self.sole_label = self.awards[0][0] if self.sole is not None and plain else None
        self.none_is_zero = (
            self.checklist or isinstance(rule.fallback, NoScore) or len(self.awards) <= 1
        )

    def held(self, facts: Facts, events) -> set[str]:
        held = _held_conditions(facts, self.ordered)  # by name, or by number (1, 2, …)
        measured = self.sole is not None and self.rule.events and events is not None
        if measured and not facts.conditions:
            held.add(self.awards[0][0])  # 勤政廉政计6分，…各扣2分: events measure the award
        return held

    def base(self, held: set[str], facts: Facts) -> tuple[Decimal, list[str], bool]:
        """The points before deductions, the words saying why, and whether it was judged."""
        rule = self.rule
        discretion = rule.discretion is not None and (
            rule.discretion.label in held or facts.judgement is not None
        )
        if self.checklist and (not discretion or any(label in held for label, _ in self.awards)):
            return self._checklist(held, facts), self._checklist_words(held), False
        if self.awards:
            return self._level(held, facts, discretion)
        if rule.discretion is not None:
            return self._judged(facts, True)
        return self.weight, [], False

    def _checklist(self, held: set[str], facts: Facts) -> Decimal:
        _refuse_partial_checklist(self.rule, self.awards, held, facts)
        return sum((p for label, p in self.awards if label in held), ZERO)

    def _checklist_words(self, held: set[str]) -> list[str]:
        met = [f"{label}（{fmt(p)}分）" for label, p in self.awards if label in held]
        return [f"符合{len(met)}项：{'、'.join(met)}" if met else "各项均不符合"]

    def _level(self, held: set[str], facts: Facts, discretion: bool):
        """A choice of levels: the one that holds, else the evaluator's, else nothing."""
        chosen = [(label, p) for label, p in self.awards if label in held]
        if len(chosen) > 1:
            raise ActualValueError(
                f"各等级只能有一项成立，而提供了{len(chosen)}项：{'、'.join(c for c, _ in chosen)}"
            )
        if chosen:
            return self._chosen(chosen[0], facts)
        if self.ranges and facts.judgement is not None:
            return self._by_score(facts)
        if discretion:
            return self._judged(facts, False)
        deducted = sum((p.points for p in self.rule.penalties if normalize(p.label) in held), ZERO)
        if self.full_award is not None and self.rule.penalties and deducted < self.weight:
            _refuse_unsaid_award(self.full_award, self.weight)  # 2 less 1, or 0?
        if isinstance(self.rule.fallback, NoScore) or not held:
            return ZERO, ["所列得分条件均不成立"], False
        return ZERO, [], False

    def _chosen(self, level, facts: Facts):
        label, points = level
        low = self.ranges.get(label)
        if low is None:
            return points, [label], False
        given = _judged_score(facts, low, points, f"“{label}”档")
        return given, [f"{label}（{fmt(low)}-{fmt(points)}分），评价人评定{fmt(given)}分"], True

    def _by_score(self, facts: Facts):
        """Only the evaluator's score given: the one level whose points hold it."""
        given = facts.judgement
        holding = [
            (label, p)
            for label, p in self.awards
            if (self.ranges[label] <= given <= p if label in self.ranges else given == p)
        ]
        if len(holding) != 1:
            shown = "、".join(label for label, _ in holding) or "无"
            raise ActualValueError(
                f"评定得分{fmt(given)}分对应的档次不唯一或不存在（{shown}）",
                hint="写明成立的档次（conditions=），或在某一档的分数范围内评定",
            )
        return self._chosen(holding[0], facts)

    def _judged(self, facts: Facts, strip: bool):
        discretion = self.rule.discretion
        base = _judged_score(facts, *_discretion_bounds(discretion, self.weight))
        words = f"{discretion.label}，评价人酌情评定{fmt(base)}分"
        return base, [words.lstrip("，") if strip else words], True

    def deductions(self, held: set[str], parts: list[str]) -> Decimal:
        minus = ZERO
        for penalty in self.rule.penalties:
            if normalize(penalty.label) in held:
                minus += penalty.points
                parts.append(f"{penalty.label}，扣{fmt(penalty.points)}分")
        return minus


def _refuse_unsaid_award(label: str, weight: Decimal) -> None:
    """得3分；未成立领导小组扣1分 with only the deductions said: does “label” still hold (3
    less the deductions) or not (0)? Both readings are named, neither is taken."""
    raise ActualValueError(
        f"未说明“{label}”是否成立：成立时从{fmt(weight)}分中扣分，不成立时得0分，无法确定",
        hint=f"在成立的条件中写上“{label}”（或其序号1），再列出扣分的条件",
    )


def _refuse_partial_checklist(rule: Rule, awards, held: set[str], facts: Facts) -> None:
    """A checklist beside a discretionary clause, some items missing and no score given: the
    sum of the items, or the evaluator's score? Both readings are named, neither is taken."""
    missing = [label for label, _ in awards if label not in held]
    if rule.discretion is not None and missing and facts.judgement is None:
        raise ActualValueError(
            f"部分条件不成立（{'、'.join(missing)}）：可按成立各项之和计分，也可能适用"
            f"“{rule.discretion.label}”的酌情计分，无法确定",
            hint="提供评定得分（judgement），或列出全部成立的条件",
        )


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
