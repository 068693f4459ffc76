"""Scoring rules (评分标准): text → lark tree → frozen `Rule`.

>>> rule = parse_rule("医保政策知晓率达80%得满分10分，否则每少10%扣2分")
>>> rule.full_points, rule.threshold.display
(Decimal('10'), '80%')
>>> rule.fallback.step.display, rule.fallback.points
('10%', Decimal('2'))
"""

from __future__ import annotations

import functools
import itertools
import re
from decimal import Decimal

import attrs
from lark import Token, Transformer
from lark.exceptions import UnexpectedInput

from .errors import RuleConflictError, RuleSyntaxError
from .grammars import parse_by_shape, raise_syntax_error
from .model import (
    Award,
    Band,
    Bound,
    Discretion,
    EventDeduction,
    Full,
    GradeLimit,
    Interpolation,
    LateDeduction,
    MeetTarget,
    NoScore,
    OnTime,
    Operator,
    Penalty,
    Proportional,
    Quantity,
    RankBand,
    RankStep,
    Reach,
    Rule,
    StepDeduction,
    StepDirection,
    Unsaid,
    fmt,
)
from .normalize import normalize
from .numerals import cn_number
from .segments import mask
from .targets import check_size
from .units import EVENT_MEASURES, lookup_unit

__all__ = ["parse_rule"]

_SHORT_WORDS = {"少", "少于", "低", "低于", "降", "降低", "下降", "减少", "不足", "相差", "差"}
_OVER_WORDS = {"超过", "超出", "超", "高于", "多", "多于", "增加", "大于"}
_LATE_UNITS = {
    "天": "day",
    "日": "day",
    "个工作日": "day",
    "工作日": "day",
    "个月": "month",
    "月": "month",
}
_AT_MOST = {"不超过", "不高于", "不多于", "不大于", "最多", "至多"}
_AT_LEAST = {"不低于", "不少于", "不小于", "至少", "最少"}
_PROPORTION_WORDS = ("比例", "率", "进度", "比", "完成", "占比", "情况")


def _error(message: str, token: Token | None, hint: str | None = None) -> RuleSyntaxError:
    if token is None:
        return RuleSyntaxError(message, line=1, column=1, hint=hint)
    return RuleSyntaxError(message, line=token.line, column=token.column, hint=hint)


class _Clause:
    """One parsed clause before the rule is assembled: kind, value, first token, and the clause
    as written where the assembler may keep it as a remark."""

    __slots__ = ("kind", "token", "value", "written")

    def __init__(self, kind: str, value, token: Token | None = None, written: str = "") -> None:
        self.kind, self.value, self.token, self.written = kind, value, token, written


class _Interval:
    """A band's condition before the bands are resolved: bounds as (Quantity, closed, explicit).

    `form` says how it was written: "range" (80%-90%), "rank" (排名前5名, 第3名, 11名以后) …;
    `problem` is why it cannot be a band (每少 is a step, not a bound), raised only if used as one.
    """

    __slots__ = ("bare", "form", "lower", "problem", "text", "token", "upper", "word")

    def __init__(self, lower, upper, token, bare: bool = False, form: str = "") -> None:
        self.lower, self.upper, self.token, self.bare = lower, upper, token, bare
        self.form, self.problem = form, None
        self.word = None  # (少, 1条) as written before the number
        self.text = ""  # the condition as written, when it stood as its own segment

    def usable(self) -> _Interval:
        if self.problem is not None:
            raise self.problem
        return self

    def meet(self, other: _Interval) -> _Interval:
        """Both conditions at once: >1个月，≤2个月."""
        if (self.lower and other.lower) or (self.upper and other.upper):
            raise _error("同一分档的两个条件都是下限或都是上限", other.token)
        form = self.form or other.form
        return _Interval(
            self.lower or other.lower, self.upper or other.upper, self.token, form=form
        )

    def places(self) -> tuple[int, int | None]:
        """The places a ranking band covers, first and last (None: and every place after)."""
        ends = [end[0] for end in (self.lower, self.upper) if end]
        for end in ends:
            if end.unit is not None and end.unit.name not in ("名", "位"):
                raise _error(f"排名分档的界限应为名次，而不是“{end.display}”", self.token)
            if end.amount < 1 or end.amount != end.amount.to_integral_value():
                raise _error(f"名次应为正整数，而不是“{end.display}”", self.token)
        first = 1
        if self.lower is not None:
            first = int(self.lower[0].amount) + (0 if self.lower[1] else 1)
        last = None
        if self.upper is not None:
            closed = self.upper[1] or self.form in ("range", "rank")  # 6-10名: 10 is in it
            last = int(self.upper[0].amount) - (0 if closed else 1)
        return first, last


class _RuleTree(Transformer):
    """Callbacks of rule.lark, applied inline by the LALR parser."""

    # --- quantities ---
    def quantity(self, items):
        number = check_size(Decimal(str(items[0])))
        unit = lookup_unit(str(items[1])) if len(items) > 1 else None
        return Quantity(amount=number, unit=unit, text="".join(str(i) for i in items))

    def step_quantity(self, items):
        head = items[0]
        number = check_size(
            cn_number(str(head)) if head.type == "CN_NUMBER" else Decimal(str(head))
        )
        unit = lookup_unit(str(items[1])) if len(items) > 1 else None
        return Quantity(amount=number, unit=unit, text="".join(str(i) for i in items))

    def points(self, items):
        token = items[0]
        return check_size(Decimal(str(token))), token

    def bare_points(self, items):
        high = check_size(Decimal(str(items[0])))
        low = check_size(Decimal(str(items[-1]))) if len(items) > 1 else None
        if low is not None and low > high:
            high, low = low, high
        return ("bare_points", high, low if low != high else None, items[0])

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

    def otherwise(self, items):
        return ("", items[0])

    def missed(self, items):
        return ("".join(str(i) for i in items), items[0])

    def each_item_clause(self, items):
        """符合以上每项的,得2分: the points of each numbered item written before."""
        points, _ = items[-1]
        return _Clause("each_item", points, items[0])

    def unsaid_clause(self, items):
        """达不到扣分: the deduction named, its size not — scored only when it does not apply."""
        words = "".join((i[0] or str(i[1])) if isinstance(i, tuple) else str(i) for i in items)
        if "根据" in words or "依据" in words:  # 根据…扣分: the basis of deductions (deduct_basis)
            raise _error(f"“{words}”没有写明扣分方法", _first(items), hint="写明每差多少扣几分")
        return _Clause("fallback", Unsaid(text=words), _first(items))

    def not_met(self, items):
        return ("未" + str(items[1]), items[0])

    def not_on_time(self, items):
        return ("未" + "".join(str(i) for i in items[1:]), items[0])

    def not_subject(self, items):
        return ("未" + str(items[1]), items[0])

    def compared(self, items):
        """低于增幅的: the case below (or above) a named reference — what “otherwise” says."""
        return ("".join(str(i) for i in items), items[0])

    def zero_clause(self, items):
        return _Clause("fallback", NoScore(), _first(items))

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
        """应根据超计划时间占计划完成时间百分比扣分: what the deductions are measured on."""
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

    def step_clause(self, items):
        word = next(i for i in items if isinstance(i, Token) and i.type == "CMP_WORD")
        step = next(i for i in items if isinstance(i, Quantity))
        points, _ = items[-1]
        if str(word) in _SHORT_WORDS and _counts_items(step):
            # 每少1条扣1分: missing items are counted events, not a shortfall from the target.
            subject = next(
                (str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), ""
            )
            name = f"{_strip_de(subject)}{word}" if subject else "缺少"  # 张贴公告少2张
            event = EventDeduction(event=name, points=points, measure=step.unit.name)
            return _Clause("event", _per_one(event, step, word), _first(items))
        if str(word) in ("相差", "差"):  # 与计划每相差4%: either side, as the target says
            direction = StepDirection.APART
        elif str(word) in _SHORT_WORDS:
            direction = StepDirection.SHORT
        elif str(word) in _OVER_WORDS:
            direction = StepDirection.OVER
        else:
            raise _error(
                f"“每{word}”不是扣分的比较词",
                word,
                hint="写作“每少10%扣2分”或“每超过1个百分点扣0.5分”",
            )
        if step.amount <= 0:
            raise _error("扣分的步长必须大于0", word)
        return _Clause(
            "fallback", StepDeduction(direction=direction, step=step, points=points), _first(items)
        )

    def event_clause(self, items):
        points, _ = items[-1]
        measure_token = next((i for i in items if isinstance(i, Token) and i.type == "UNIT"), None)
        count = next((i for i in items if isinstance(i, Quantity)), None)
        if measure_token is not None:
            measure = str(measure_token)
        elif count is not None and count.unit is not None:
            measure = count.unit.name
        else:
            measure = "次"
        where = measure_token or _first(items)
        if measure in _LATE_UNITS:
            raise _error(f"“每{measure}扣分”需写明逾期，如“逾期每天扣1分”", where)
        if measure not in EVENT_MEASURES:
            raise _error(f"“每{measure}扣分”无法理解：应按次数计", where, hint="写作“每次扣1分”")
        words = []
        for item in items:
            if isinstance(item, tuple) and isinstance(item[0], str):  # a lead: 未及时宣传
                words.append(item[0])
            elif isinstance(item, Token) and item.type in ("SUBJECT", "EVENT_VERB"):
                words.append(str(item))
        event = EventDeduction(event=_strip_de("".join(words)), points=points, measure=measure)
        return _Clause("event", _per_one(event, count, where), _first(items))

    def short_event(self, items):
        """少一项扣1分 (without 每): one deduction per missing item."""
        word = next(i for i in items if isinstance(i, Token) and i.type == "CMP_WORD")
        number = next(i for i in items if isinstance(i, Token) and i.type == "CN_NUMBER")
        unit = next(i for i in items if isinstance(i, Token) and i.type == "UNIT")
        count = Quantity(amount=cn_number(str(number)), unit=lookup_unit(str(unit)))
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        points, _ = items[-1]
        return _short_event(subject, word, count, points, _first(items))

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

    def band_clause(self, items):
        interval = next(i for i in items if isinstance(i, _Interval)).usable()
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        bare = next((i for i in items if isinstance(i, tuple) and i[0] == "bare_points"), None)
        points = next((i for i in items if isinstance(i, tuple) and len(i) == 2), None)
        zero = any(isinstance(i, Token) and i.type == "ZERO" for i in items)
        if bare is not None:
            value, low = bare[1], bare[2]
        else:
            value, low = (Decimal(0) if zero else (points[0] if points else None)), None
        return _Clause("band", (interval, value, low, subject, None), _first(items))

    def band_deduct(self, items):
        """6-10名的扣0.5分: the band scores 分值 less the points (少1条扣1分 is an event)."""
        interval = next(i for i in items if isinstance(i, _Interval))
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        points, _ = items[-1]
        if interval.word is not None:
            word, count = interval.word
            if str(word) in _SHORT_WORDS and _counts_items(count):
                return _short_event(subject, word, count, points, _first(items))
        interval.usable()
        return _Clause("band", (interval, None, None, subject, points), _first(items))

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

    def base_clause(self, items):
        quantity = next(i for i in items if isinstance(i, Quantity))
        return _Clause("base", quantity, _first(items))

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

    def rank_clause(self, items):
        if len(items) == 1:
            return _Clause("rank_by", None, items[0])
        points = check_size(Decimal(str(next(i for i in items if i.type == "NUMBER"))))
        return _Clause("rank_step", points, items[0])

    def rising_clause(self, items):
        """第一起扣5分、第二起扣6分 / 第一起、第二起…分别扣5分、6分: rising points per event."""
        token = next(i for i in items if i.type == "RISING")
        amounts = next((i for i in items if i.type == "AMOUNTS"), None)
        words = "".join(_strip_de(str(i)) for i in items if i.type == "SUBJECT")
        if amounts is None and "扣" not in str(token):  # 第一起、第二起…森林火灾，（分别扣…）
            return _Clause("rising_listed", (token, words), _first(items))
        return _Clause("rising", _rising_event(token, amounts, words), _first(items))

    def amounts_clause(self, items):
        return _Clause("amounts", items[-1], items[0])

    def etc_clause(self, items):
        return _Clause("etc", None, items[0])

    def stated_clause(self, items):
        """满分5分: the rule's full score, written apart from any condition."""
        points, token = items[-1]
        return _Clause("stated", points, token)

    def grade_clause(self, items):
        token = items[0]
        text = str(token)
        head = text.index("优")
        lead, tail = text[:head].strip(" :"), text[head:]
        note = re.search(r"\(([^()\n]*)\)\s*$", tail)
        limits = []
        for match in re.finditer(r"([优良中差])\s*([0-9]+(?:\.[0-9]+)?)(%?)", tail):
            grade, number, unit = match.groups()
            bound = Quantity(
                amount=check_size(Decimal(number)),
                unit=lookup_unit(unit) if unit else None,
                text=number + unit,
            )
            limits.append(GradeLimit(grade=grade, bound=bound))
        grades = [limit.grade for limit in limits]
        if grades != [g for g in "优良中差" if g in grades]:
            raise _error("等级应按“优、良、中、差”的顺序各写一次", token)
        amounts = [limit.bound.amount for limit in limits]
        if len(limits) < 2 or amounts[-1] != amounts[-2]:
            raise _error(
                f"最低等级“{limits[-1].grade}{limits[-1].bound.text}”应与上一等级同一界限"
                f"（表示低于该界限），否则低于{limits[-1].bound.text}的属于哪一等级未写明",
                token,
                hint="如“优100% 良90% 中85% 差85%”：低于85%为差",
            )
        upper = amounts[:-1]
        if not (upper == sorted(upper, reverse=True) or upper == sorted(upper)) or len(
            set(upper)
        ) != len(upper):
            raise _error("等级界限应依次递减（越大越好）或依次递增（越小越好）", token)
        written = (lead, note.group(1).strip() if note else "")
        remarks = [r for r in written if re.search(r"\w", r)]  # stray punctuation carries nothing
        return _Clause("grades", (tuple(limits), remarks), token)

    def note_clause(self, items):
        return _Clause("note", str(items[0]).strip(), items[0])

    # --- intervals ---
    def op_bound(self, items):
        lower, upper = _OP_BOUNDS[str(items[0])](items[1])
        return _Interval(lower, upper, items[0])

    def op_pair(self, items):
        first = _OP_BOUNDS[str(items[0])](items[1])
        second = _OP_BOUNDS[str(items[3])](items[4])
        if (first[0] and second[0]) or (first[1] and second[1]) or str(items[0]) == "=":
            raise _error("“且”两边应一个是下限、一个是上限，如“≥80%且<90%”", items[0])
        return _Interval(first[0] or second[0], first[1] or second[1], items[0])

    def range(self, items):
        quantities = [i for i in items if isinstance(i, Quantity)]
        low, high = _share_unit(*quantities)
        incl_low = isinstance(items[1], Token) and items[1].type == "INCL"
        incl_high = isinstance(items[-1], Token) and items[-1].type == "INCL"
        return _Interval(
            (low, True, incl_low), (high, incl_high, incl_high), _first(items), form="range"
        )

    def word_after(self, items):
        quantity, word = items[0], str(items[1])
        explicit = len(items) > 2  # 100%以下(含)
        # 以上/以下 include the number by legal convention: a (含) elsewhere outranks it.
        if word in ("以上", "及以上"):
            return _Interval((quantity, True, explicit), None, items[1])
        return _Interval(None, (quantity, True, explicit), items[1])

    def word_before(self, items):
        word, quantity = str(items[0]), items[1]
        if word in ("低于", "少于", "不足", "小于"):
            interval = _Interval(None, (quantity, False, True), items[0], form="before")
        elif word in ("高于", "大于", "超过", "多于"):
            interval = _Interval((quantity, False, True), None, items[0], form="before")
        elif word in _AT_MOST:  # 不超过2%: the number itself included
            interval = _Interval(None, (quantity, True, True), items[0], form="before")
        elif word in _AT_LEAST:  # 不低于95%
            interval = _Interval((quantity, True, True), None, items[0], form="before")
        else:
            interval = _Interval(None, None, items[0], form="before")
            interval.problem = _error(
                f"分档中不能用“{word}”表示界限", items[0], hint="用 低于、高于、以上、以下 或 ≥、<"
            )
        interval.word = (items[0], quantity)  # 少1条扣1分 is an event after all
        return interval

    # --- places in a ranking: the record gives the place ---
    def rank_top(self, items):
        """排名前5名: the first five places."""
        return _Interval(None, (items[1], True, True), items[0], form="rank")

    def rank_single(self, items):
        """第3名: that place alone."""
        end = (items[1], True, True)
        return _Interval(end, end, items[0], form="rank")

    def rank_range(self, items):
        """第6-10名: both places and those between."""
        low, high = _share_unit(items[1], items[3])
        return _Interval((low, True, True), (high, True, True), items[0], form="rank")

    def rank_after(self, items):
        """11名以后 / 第11名及以后: that place and every place after."""
        quantity = next(i for i in items if isinstance(i, Quantity))
        return _Interval((quantity, True, True), None, _first(items), form="rank")

    def bare_bound(self, items):
        """耳标佩戴率100%得5分 / 0% 0: the value itself; the assembler decides ≥ or =."""
        quantity = items[0]
        return _Interval((quantity, True, False), None, _first([quantity]) or None, bare=True)

    def numeric_condition(self, items):
        return next(i for i in items if isinstance(i, _Interval)).usable()

    condition_only = numeric_condition

    def reach_only(self, items):
        """完成率达到80%以上 as a condition segment (…。25分): at least the number."""
        quantity = next(i for i in items if isinstance(i, Quantity))
        word = next((i for i in items if isinstance(i, Token) and i.type == "BOUND_WORD"), None)
        reach = next(i for i in items if isinstance(i, Token) and i.type == "REACH")
        if str(reach) == "为":
            return None  # 占比为0 is that value, not a lower bound: a named condition
        if word is not None and str(word) in ("以下", "及以下", "以内"):
            return None  # 达到…以下 contradicts itself: the segment stays a named condition
        return _Interval((quantity, True, False), None, word or _first(items))

    def cap_clause(self, items):
        points = Decimal(str(items[1])) if len(items) > 1 else None
        return _Clause("cap", (points, items[-1] if len(items) > 1 else None), items[0])

    def cap_max(self, items):
        return _Clause("cap_max", items[1][0], items[0])

    def start(self, clauses):
        flat = []
        for clause in clauses:
            flat.extend(clause if isinstance(clause, list) else [clause])
        return flat


_OP_BOUNDS = {
    "≥": lambda q: ((q, True, True), None),
    ">=": lambda q: ((q, True, True), None),
    ">": lambda q: ((q, False, True), None),
    "≤": lambda q: (None, (q, True, True)),
    "<=": lambda q: (None, (q, True, True)),
    "<": lambda q: (None, (q, False, True)),
    "=": lambda q: ((q, True, True), (q, True, True)),
}


def _strip_de(text: str) -> str:
    """按要求…的 → 按要求…: the particle 的 that closes a condition."""
    text = text.strip()
    return text[:-1] if text.endswith("的") and len(text) > 1 else text


# 有一项… · 一处… · …一次 · 每一例…: a count of one names what each deduction is for (一次性 and
# 一项以上 do not count); …各 after a list: each item listed is one deduction.
_ONE_COUNT = re.compile(
    r"^(?P<before>.*?)(?:有|每)?一(?P<measure>"
    + "|".join(sorted(EVENT_MEASURES, key=len, reverse=True))
    + r")(?!性|以上|及以上|以下|及以下|以内)(?P<after>.*)$"
)


def _counted_event(label: str, points: Decimal) -> EventDeduction | None:
    """The per-event reading of a deduction's condition, when its words count one event."""
    if label.endswith("各") and len(label) > 1:
        return EventDeduction(event=label[:-1], points=points, measure="项")
    match = _ONE_COUNT.match(label)
    if match is None:
        return None
    event = (match.group("before") + match.group("after")).strip("，, ") or label
    return EventDeduction(event=_strip_de(event), points=points, measure=match.group("measure"))


def _joined(first: Token, second: Token) -> Token:
    """Two adjacent tokens read as one SUBJECT (未 + 成立领导机构的)."""
    return Token.new_borrow_pos("SUBJECT", str(first) + str(second), first)


def _counts_items(step: Quantity) -> bool:
    return step.unit is not None and step.unit.dimension == "count"


def _per_one(event: EventDeduction, count: Quantity | None, where) -> EventDeduction:
    if count is not None and count.amount != 1:
        raise _error(
            f"“每{count.display}扣分”：每几次扣分暂不支持，请写成每次扣多少分",
            where,
            hint=f"如“每{count.unit.name if count.unit else '次'}扣…分”",
        )
    return event


def _short_event(subject: str, word: Token, count: Quantity, points, first) -> _Clause:
    """少1条扣1分: one deduction per missing item, an event counted in the actual record."""
    measure = count.unit.name if count.unit else "项"
    event = EventDeduction(event=_strip_de(subject) or "缺少", points=points, measure=measure)
    return _Clause("event", _per_one(event, count, word), first)


def _rising_event(listed_token: Token, amounts: Token | None, event: str) -> EventDeduction:
    """第一起扣5分、第二起扣6分 (or 第一起、第二起 with 分别扣5分、6分): points rising evenly."""
    listed = re.findall(
        r"第([一二三四五六七八九十0-9]+)([起次例项件])(?:扣([0-9]+(?:\.[0-9]+)?)分)?",
        str(listed_token),
    )
    places = [int(n) if n.isdigit() else int(cn_number(n)) for n, _, _ in listed]
    if places != list(range(1, len(places) + 1)):
        raise _error("逐次扣分应从第一起起依次写出（第一起、第二起、第三起…）", listed_token)
    inline = [points for _, _, points in listed if points]
    if amounts is not None and not inline:
        inline = re.findall(r"[0-9]+(?:\.[0-9]+)?", str(amounts))
    if len(inline) != len(listed):
        raise _error(
            f"写了{len(listed)}起，但扣分有{len(inline)}个",
            amounts or listed_token,
            hint="每一起对应一个扣分，如“第一起扣5分、第二起扣6分”",
        )
    points = [check_size(Decimal(p)) for p in inline]
    rises = {b - a for a, b in itertools.pairwise(points)}
    if len(rises) != 1 or min(rises) < 0:
        raise _error(
            "逐次扣分应每次增加相同的分数（如5分、6分、7分），才能以此类推",
            amounts or listed_token,
        )
    return EventDeduction(event=event, points=points[0], measure=listed[0][1], rise=rises.pop())


def _first(items):
    for item in items:
        if isinstance(item, Token):
            return item
        if isinstance(item, _Interval):
            return item.token
        if isinstance(item, tuple):
            for part in item:
                if isinstance(part, Token):
                    return part
    return None


def _share_unit(low: Quantity, high: Quantity) -> tuple[Quantity, Quantity]:
    """0-10%(含): a bare end takes the unit of the other end."""
    if low.unit is None and high.unit is not None:
        low = Quantity(amount=low.amount, unit=high.unit, text=low.text)
    if high.unit is None and low.unit is not None:
        high = Quantity(amount=high.amount, unit=low.unit, text=high.text)
    return low, high


_ASCII_DIGIT = re.compile("[0-9]")


def _read_condition(text: str) -> _Interval | None:
    """A condition segment as a numeric interval (≥90%, 80%(含)-90%), or None if it is named.

    Every interval holds a NUMBER ([0-9]+ in rule.lark): a segment without an ASCII digit is a
    named condition (有工作方案) without asking the parser."""
    if _ASCII_DIGIT.search(text) is None:
        return None
    try:
        return parse_by_shape("rule", _TREE, text, "condition_only", failed=None)
    except (UnexpectedInput, RuleSyntaxError, ValueError):
        return None


class _Assembler:
    """Pair each consequence with the conditions written before it, then build the `Rule`."""

    def __init__(self) -> None:
        self.full = self.fallback = self.late = None
        self.events: list[EventDeduction] = []
        self.bands: list[tuple] = []  # (interval, points, points_low, token, subject, off)
        self.awards: list[Award] = []
        self.penalties: list[Penalty] = []
        self.discretion: Discretion | None = None
        self.remarks: list[str] = []
        self.pending: list = []  # conditions waiting for their consequence
        self.formulas: list[str] = []  # measure definitions (X率=A/B*100%), kept as remarks
        self.base = self.base_share = self.interp = None  # 基础分 + 按比例增分
        self.rank_by = False
        self.rank_points = None
        self.last_deduction = None
        self.general = None  # 根据…情况评分, the method until a concrete one is written
        self.grades: tuple[GradeLimit, ...] = ()  # 优100% 良90% 中85% 差85%
        self.grades_token: Token | None = None
        self.stated = None  # 满分5分: (points, token)
        self.items: tuple[str, ...] = ()  # 猪瘟、猪蓝耳病…分别…各得5分
        self.rising: list[Token] = []  # rising deductions still waiting for “以此类推”
        self.listed = None  # 第一起、第二起…森林火灾, waiting for 分别扣5分、6分…
        self.fallback_written = ""  # the fallback clause as written (按…比例折算)
        self.deduct_basis: list[tuple[str, Token]] = []  # 根据…百分比扣分, with its first token

    def take_pending(self):
        """The waiting conditions: their numeric part combined, and the named ones in order."""
        pending, self.pending = self.pending, []
        interval = None
        for item in pending:
            if isinstance(item, _Interval):
                interval = item if interval is None else interval.meet(item)
        self.described = [c if isinstance(c, str) else _describe(c) for c in pending]
        return interval, [c for c in pending if isinstance(c, str)]

    def opens_rule(self) -> bool:
        """Nothing that scores has been read yet."""
        return not (self.awards or self.bands or self.events or self.penalties) and (
            self.stated is None and self.full is None
        )

    def add(self, clause: _Clause) -> None:
        kind, value, token = clause.kind, clause.value, clause.token
        if kind == "note":
            if not re.search(r"\w", value):  # stray punctuation carries nothing
                return
            if _FORMULA.search(value):  # 到位率=实际到位/计划到位*100%: defines the measure
                self.formulas.append(value)
                return
            condition = _read_condition(value)
            if condition is not None:
                condition.text = value
            self.pending.append(condition if condition is not None else value)
            return
        if kind == "rising_listed":
            if self.listed is not None:
                raise _error("逐次扣分写了两次", token)
            self.listed = value
            return
        if kind == "amounts":
            if self.listed is None:
                raise _error("“分别扣…分”前没有写明第一起、第二起…", token)
            (listed, event), self.listed = self.listed, None
            self.add(_Clause("rising", _rising_event(listed, value, event), token))
            return
        if kind == "rising":
            self.add(_Clause("event", value, token))
            self.rising.append(token)  # waits for its 以此类推
            return
        if kind == "etc":
            if not self.rising:
                raise _error("“以此类推”前没有逐次扣分（第一起扣5分、第二起扣6分）", token)
            self.rising.pop()
            return
        if kind == "deduct_basis":
            self.take_pending()
            self.remarks.extend(self.described)  # 超过计划时间的，除…外: the case it speaks of
            self.deduct_basis.append((value, token))
            return
        if kind == "items":
            if self.items:
                raise _error("规则中有两组分项", token)
            self.items = value
            return
        if kind == "stated":
            self.take_pending()
            self.remarks.extend(self.described)  # …的贡献率，满分5分: what is scored
            if self.stated is not None:
                raise _error("规则中写了两次满分", token)
            if value <= 0:
                raise _error("满分应大于0", token)
            self.stated = (value, token)
            return
        if kind == "grades":
            self.take_pending()
            self.remarks.extend(self.described)  # 问卷调查中…的比率: what the grades measure
            limits, remarks = value
            if self.grades:
                raise _error("等级界限只能写一组", token)
            self.grades, self.grades_token = limits, token
            self.remarks.extend(remarks)
            return
        if kind in ("base", "interp", "base_share", "rank_by", "rank_step"):
            _, labels = self.take_pending()
            self.remarks.extend(labels)
            setattr(
                self,
                {
                    "base": "base",
                    "interp": "interp",
                    "base_share": "base_share",
                    "rank_by": "rank_by",
                    "rank_step": "rank_points",
                }[kind],
                True if kind == "rank_by" else value,
            )
            self.interp_token = token if kind == "interp" else getattr(self, "interp_token", None)
            return
        if kind == "each_item":
            _, labels = self.take_pending()
            items = [label for label in labels if not _REFERS_BACK.fullmatch(label)]
            if len(items) < 2:
                raise _error("“每项…分”前应列出两个以上的分项", token, hint="如“1.…；2.…；每项2分”")
            self.awards.extend(Award(label=label, points=value) for label in items)
            return
        if kind in ("points", "band"):
            interval, labels = self.take_pending()
            subject, off = "", None
            if kind == "band":
                own, points, low, subject, off = value
                interval = own if interval is None else interval.meet(own)
            else:
                points, low = value
            if interval is not None:
                self.remarks.extend(labels)
                self.bands.append((interval, points, low, token, subject, off))
            elif labels:
                self.awards.append(Award(label="，".join(labels), points=points))
            elif kind == "points" and points is not None and low is None and self.opens_rule():
                self.add(_Clause("stated", points, token))  # 得2分，漏岗一次扣1分: the full score
            else:
                raise _error(
                    "分值前没有写明得分条件", token, hint="如“≥90%，计5分”或“有工作方案，得1分”"
                )
            return
        interval, labels = self.take_pending()
        if labels and all(_REFERS_BACK.fullmatch(label) for label in labels):
            self.remarks.extend(labels)  # 以上指标，不达标不得分: speaks of the items before
            labels = []
        if kind == "fallback" and isinstance(value, NoScore) and (interval is not None or labels):
            if interval is not None:  # 大于30%，不得分
                self.bands.append((interval, Decimal(0), None, token, "", None))
                self.remarks.extend(labels)
            else:  # 未完成的，不得分: a level worth nothing, like 无记录不得分
                self.awards.append(Award(label="，".join(labels), points=0))
            return
        if interval is not None and kind in ("award", "zero_named"):
            # ≥90%，按满分计算: a numeric condition makes it a band; words beside it are remarks
            label, points = (value, Decimal(0)) if kind == "zero_named" else value
            self.bands.append((interval, points, None, token, "", None))
            self.remarks.extend(part for part in [*labels, label] if part)
            return
        if interval is not None:
            labels = self.described  # numeric conditions worded, in the order written
        if kind == "full":
            if self.full is not None:
                raise _error("规则中有两个满分条件", token)
            self.full = value[0]
            self.remarks.extend(labels)
        elif kind == "general_fallback":
            # “根据…完成情况评分” is the method only when the rule names no other; with a
            # concrete one (每相差3%扣1分) it says what is measured and is kept as written.
            proportional, written = value
            self.remarks.extend(labels)
            if self.fallback is None:
                self.fallback, self.general = proportional, written
            else:
                self.formulas.append(written)
        elif kind == "fallback":
            if self.general is not None:
                self.formulas.append(self.general)
                self.fallback = self.general = None
            if self.fallback is not None:
                raise _error(
                    "规则中有两种未达标时的计分方法",
                    token,
                    hint="只保留一种，如“否则按完成比例得分”",
                )
            self.fallback, self.fallback_written = value, clause.written
            self.remarks.extend(labels)
        elif kind == "zero_named":
            self.remarks.extend(labels)
            self.awards.append(
                Award(label="，".join([*labels, value]) if labels else value, points=0)
            )
        elif kind == "event":
            if labels:
                event = "，".join(part for part in [*labels, value.event] if part)
                value = attrs.evolve(value, event=event)
            self.events.append(value)
            self.last_deduction = ("event", len(self.events) - 1)
        elif kind == "late":
            if self.late is not None:
                raise _error("规则中有两种逾期扣分方法", token)
            self.late = value
            self.remarks.extend(labels)
        elif kind in ("award", "penalty"):
            label, points = value
            if (
                label
            ):  # 查村补针记录，记录齐全得4分: the preamble is context, unless it opens an item
                context = [part for part in labels if not _ITEM_MARK.match(part)]
                self.remarks.extend(context)
                labels = [part for part in labels if _ITEM_MARK.match(part)]
            label = "，".join(part for part in [*labels, label] if part)
            if not label:
                raise _error(
                    "得分或扣分前没有写明条件",
                    token,
                    hint="如“有工作方案得1分”或“资料不齐全的扣2分”",
                )
            if kind == "award":
                self.awards.append(Award(label=label, points=points))
            else:
                self.penalties.append(Penalty(label=label, points=points))
        elif kind == "discretion":
            if self.discretion is not None:
                raise _error("规则中有两处酌情计分", token)
            label, deduct, low, high = value
            label = "，".join(part for part in [*labels, label] if part)
            if low is not None and low >= high:
                raise _error(f"酌情计分的范围{fmt(low)}-{fmt(high)}分应前小后大", token)
            self.discretion = Discretion(label=label, deduct=deduct, low=low, high=high)
        elif kind == "cap":
            self.remarks.extend(labels)
            cap_points, cap_token = value
            if cap_points is not None and self.full and self.full.points not in (None, cap_points):
                raise RuleConflictError(
                    f"“扣完{cap_points}分为止”与满分{self.full.points}分不一致",
                    line=cap_token.line,
                    column=cap_token.column,
                )
        elif kind == "cap_max":
            self.remarks.extend(labels)
            if self.last_deduction is None or self.last_deduction[0] != "event":
                raise _error("“最多扣…分”前没有按次扣分的条款", token)
            index = self.last_deduction[1]
            self.events[index] = attrs.evolve(self.events[index], cap=value)

    def rule(self, text: str = "") -> Rule:
        interpolation = self._interpolation()
        rank_step = self._rank_step()
        ranks = self._ranks()
        self._promote_threshold_only()
        self.remarks.extend(c if isinstance(c, str) else _describe(c) for c in self.pending)
        self.pending = []
        self._promote_single_band()
        self._promote_single_award()
        full_marks = self._stated_full()
        self._check_items()
        self._check_deductions()
        self.remarks.extend(band[4] for band in self.bands if band[4])
        deducting = next((band for band in self.bands if band[5] is not None), None)
        if deducting is not None:
            raise _error(
                "分档中写“扣…分”目前只用于排名分档（排名前5名的得满分，6-10名的扣0.5分）",
                deducting[3],
                hint="写成该档的得分，如“80%(含)-90%得8分”",
            )
        if self.bands and (self.full or self.fallback):
            raise _error(
                "分档规则不能与“达标得满分”“否则…”混用",
                self.bands[0][3],
                hint="全部写成分档，如“≥90%得10分；80%(含)-90%得8分；80%以下不得分”",
            )
        if self.grades and (self.full or self.fallback or self.bands or self.awards):
            raise _error(
                "等级界限（优…良…）不能与其他计分方法混用",
                self.grades_token,
                hint="全部写成分档，如“≥100%得10分；90%(含)-100%得8分”",
            )
        scored = (
            interpolation
            or rank_step
            or ranks
            or self.grades
            or (
                self.full
                or self.fallback
                or self.events
                or self.late
                or self.bands
                or self.awards
                or self.penalties
                or self.discretion
            )
        )
        if not scored and self.formulas:
            # Only a formula: it defines the measure; the national default method scores it.
            return Rule(remarks=tuple([*self.formulas, *self.remarks]), text=text)
        self.remarks[:0] = self.formulas
        if not scored:
            if self.remarks:
                raise RuleSyntaxError(
                    f"规则没有给出计分方法：“{'，'.join(self.remarks)}”只是条件或说明",
                    line=1,
                    column=1,
                    hint="写明得分，如“达到…得10分，否则不得分”",
                )
            raise RuleSyntaxError(
                "规则没有给出计分方法", line=1, column=1, hint="例如“达标得满分10分，否则不得分”"
            )
        _refuse_points_in_remarks(self.remarks)
        return Rule(
            interpolation=interpolation,
            rank_step=rank_step,
            ranks=ranks,
            full_marks=full_marks,
            items=self.items,
            full=self.full,
            fallback=self.fallback,
            events=tuple(self.events),
            late=self.late,
            bands=_resolve_bands(self.bands),
            awards=tuple(self.awards),
            penalties=tuple(self.penalties),
            discretion=self.discretion,
            grades=self.grades,
            remarks=tuple(r for r in self.remarks if r),
            text=text,
        )

    def _interpolation(self) -> Interpolation | None:
        """基础分 at one threshold, 满分 at another, 按比例增分 between, nothing below."""
        if self.base is None and self.base_share is None and self.interp is None:
            return None
        if self.base is None or self.full is None:
            raise RuleSyntaxError(
                "“按比例增分”需要写明得基础分的标准和得满分的标准",
                line=1,
                column=1,
                hint="如“达70%得基础分，达90%得满分，其间按比例增分，分值的80%为基础分”",
            )
        if not isinstance(self.full.condition, Reach):
            raise RuleSyntaxError("得满分的条件应是一个数值，如“为90%得满分”", line=1, column=1)
        if self.base_share is None:
            raise RuleSyntaxError(
                "未写明基础分是分值的多少", line=1, column=1, hint="如“分值的80%为基础分”"
            )
        low, high = self.base, self.full.condition.threshold
        if not low.convertible(high) or low.in_unit_of(high) >= high.amount:
            raise RuleSyntaxError("得基础分的标准应低于得满分的标准", line=1, column=1)
        if self.interp is not None and (
            self.interp[0] != low.amount or self.interp[1] > high.amount
        ):
            raise RuleSyntaxError(
                f"按比例增分的区间{fmt(self.interp[0])}%-{fmt(self.interp[1])}%与基础分、满分的标准不一致",
                line=1,
                column=1,
            )
        # 低于70%不得分 restates what the interpolation means below its base threshold
        self.bands = [
            b
            for b in self.bands
            if not (
                b[0].lower is None
                and b[0].upper is not None
                and b[0].upper[0].amount == low.amount
                and b[1] == 0
            )
        ]
        self.full = None
        return Interpolation(low=low, high=high, base_share=self.base_share)

    def _rank_step(self) -> RankStep | None:
        if not self.rank_by and self.rank_points is None:
            return None
        if self.rank_points is None:
            raise RuleSyntaxError(
                "按排位打分，未写明每位次扣几分",
                line=1,
                column=1,
                hint="如“按排位打分，每位次按0.25分递减”",
            )
        return RankStep(points=self.rank_points)

    def _stated_full(self) -> Decimal | None:
        """满分10分 beside 达标得满分: the points of the full-marks clause; alone, kept apart."""
        if self.stated is None:
            return None
        points, token = self.stated
        if self.full is None:
            return points
        if self.full.points is None:
            self.full = attrs.evolve(self.full, points=points)
        elif self.full.points * max(1, len(self.items)) != points:
            each = (
                f"各得{fmt(self.full.points)}分"
                if self.items
                else f"得满分{fmt(self.full.points)}分"
            )
            raise RuleConflictError(
                f"“满分{fmt(points)}分”与“{each}”不一致",
                line=token.line,
                column=token.column,
            )
        return None

    def _check_deductions(self) -> None:
        """Deduction statements that need something after them: 第一起、第二起… needs its
        amounts, rising deductions need 以此类推, and “根据…扣分” needs a concrete method (it then
        says what the deductions are measured on and is kept as written)."""
        if self.listed is not None:
            raise _error("写了第一起、第二起…，但没有写各起扣几分", self.listed[0])
        if self.rising:
            raise _error(
                "逐次扣分只写到最后一起，之后每起扣几分未写明",
                self.rising[0],
                hint="在后面加“以此类推”",
            )
        if self.deduct_basis:
            written, token = self.deduct_basis[0]
            if not (isinstance(self.fallback, StepDeduction) or self.events or self.late):
                raise _error(
                    f"“{written}”没有写明扣分方法",
                    token,
                    hint="写明每差多少扣几分，如“每相差4%，扣1分”",
                )
            self.formulas.extend(written for written, _ in self.deduct_basis)

    def _check_items(self) -> None:
        """分别…各得5分 scores each item alone: a full-marks condition and what happens otherwise."""
        if not self.items:
            return
        others = (
            self.events
            or self.late
            or self.bands
            or self.awards
            or self.penalties
            or self.discretion
            or self.grades
            or self.rank_by
        )
        if others or isinstance(self.full.condition, OnTime):
            raise RuleSyntaxError(
                "分项计分（分别…各得…）只能与“否则…”“每少…扣…”同用",
                line=1,
                column=1,
                hint="如“猪瘟、猪蓝耳病免疫密度分别达到100%各得5分，单项每降1%扣0.5分”",
            )

    def _ranks(self) -> tuple[RankBand, ...]:
        """排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分: bands over the place in a ranking.

        In a rule that speaks of places, every band is one (6-10名 includes both ends); together
        they must cover every place from the first, once. A named condition worth nothing
        (占比为0的不得分) is a veto; “按…比例折算” says what is ranked and is kept as written.
        """
        if not any(band[0].form == "rank" for band in self.bands):
            return ()
        if isinstance(self.fallback, Proportional) and self.full is None:
            self.formulas.append(self.fallback_written)
            self.fallback = None
        mixed = (
            self.full
            or self.fallback
            or self.events
            or self.late
            or self.penalties
            or self.discretion
            or any(award.points != 0 for award in self.awards)
        )
        if mixed:
            raise _error(
                "排名分档不能与其他计分方法混用",
                self.bands[0][3],
                hint="如“排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分”",
            )
        ranks = []
        for interval, points, low, token, subject, off in self.bands:
            if low is not None:
                raise _error("排名分档的得分应为一个数，不能是范围", token)
            first, last = interval.places()
            ranks.append(
                (first, last, token, RankBand(first=first, last=last, points=points, off=off or 0))
            )
            if subject:
                self.remarks.append(_strip_de(subject))
        ranks.sort(key=lambda r: r[0])
        expected = 1
        hint = "各档名次应从第1名起连续，如“前5名…，6-10名…，11名以后…”"
        for first, last, token, _ in ranks:
            if expected is None or first < expected:
                raise _error(f"排名分档重叠：第{first}名同时属于两档", token, hint=hint)
            if first > expected:
                raise _error(f"排名分档没有包括第{expected}名", token, hint=hint)
            if last is not None and last < first:
                raise _error(f"排名分档“第{first}-{last}名”是空的", token)
            expected = None if last is None else last + 1
        if expected is not None:
            raise _error(
                f"排名分档没有写明第{expected}名及以后的得分",
                ranks[-1][2],
                hint=f"如“{expected}名以后不得分”",
            )
        self.bands = []
        return tuple(rank for *_, rank in ranks)

    def _promote_threshold_only(self) -> None:
        """“≤ 101400 元” alone: the rule restates the threshold; the default method scores it."""
        if self.full or self.fallback or self.events or self.late or self.bands or self.awards:
            return
        if self.penalties or self.discretion or len(self.pending) != 1:
            return
        condition = self.pending[0]
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
        self.full = Full(condition=Reach(subject="", threshold=quantity, operator=operator))
        self.pending = []

    def _promote_single_award(self) -> None:
        """按要求…的，得2分；未完成的，不得分 — one named condition for the full score, with a
        deduction or nothing as the alternative, is the full-marks clause of the row's target."""
        named = [a for a in self.awards if a.points != 0]
        if self.full or len(named) != 1 or self.bands or self.discretion or self.penalties:
            return
        zero = [a for a in self.awards if a.points == 0]
        if not (zero or self.fallback or self.events or self.late):
            return
        award = named[0]
        self.full = Full(condition=MeetTarget(subject=award.label), points=award.points)
        self.remarks.extend(a.label for a in zero)
        if zero and self.fallback is None:
            self.fallback = NoScore()
        self.awards = []

    def _promote_single_band(self) -> None:
        """100%计满分，每低于5%扣2分: one one-sided band with a fallback is the full condition."""
        if len(self.bands) != 1 or self.full is not None:
            return
        interval, points, low, _token, subject, off = self.bands[0]
        if (
            low is not None
            or off is not None
            or (interval.lower and interval.upper and not interval.bare)
        ):
            return
        if not (self.fallback or self.events or self.late or interval.bare):
            return
        if interval.lower is not None:
            quantity, closed = interval.lower[0], interval.lower[1]
            operator = Operator.GE if closed else Operator.GT
        else:
            quantity, closed = interval.upper[0], interval.upper[1]
            operator = Operator.LE if closed else Operator.LT
        condition = Reach(subject=subject, threshold=quantity, operator=operator)
        self.full = Full(condition=condition, points=points)
        self.bands = []


# A、只防疫 / ①已制定… / 1、…: the segment opens a numbered item.
_SCORE_FORMULA = re.compile(
    r"(?:(?:该项|该指标|本项)?得分\s*(?:=|为|等于)\s*)?(?P<basis>[^\s0-9,;。\n=得扣分]+?)\s*(?:×|\*|乘以)\s*"
    r"(?:该项|该指标|本项|指标)?(?:分值|权重|满分|(?P<points>[0-9]+(?:\.[0-9]+)?)\s*分)"
    r"(?:计分|得分|计算|评分)?"
)
_ITEM_MARK = re.compile(r"[①-⑳]|[A-Za-z][、.．]|[0-9]{1,2}、")
# 到位率=实际到位/计划到位*100%: a name defined by arithmetic on words (= 1 元/人 is a value).
_FORMULA = re.compile(r"=\s*[^0-9\s].*[/*×÷]|[/*×÷].*100%")


def _describe(interval: _Interval) -> str:
    """A waiting numeric condition as written: it came from a segment of its own (a NOTE)."""
    return interval.text


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


def _assemble(clauses: list[_Clause], text: str = "") -> Rule:
    assembler = _Assembler()
    for clause in clauses:
        assembler.add(clause)
    return assembler.rule(text)


def _resolve_bands(bands: list[tuple]) -> tuple[Band, ...]:
    """Bands with each end decided; a bound closed only by convention yields to an explicit one.

    “60%(含)-80%得6分；60%以下不得分”: 60% belongs to the 6-point band because (含) says so,
    and 以下 includes the number only by convention. Two explicit claims on one point conflict.
    A bare value among several bands (0% 0) is that value exactly.
    """
    rows = []
    for interval, points, low, token, _subject, _off in bands:
        lower, upper = interval.lower, interval.upper
        if interval.bare and len(bands) > 1:
            lower = (lower[0], True, True)
            upper = (lower[0], True, True)
        rows.append([lower, upper, points, low, token])
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            for x, y in ((a, b), (b, a)):
                up, low = x[1], y[0]
                if up is None or low is None or not (up[1] and low[1]):
                    continue
                if up[0].amount != low[0].amount or not up[0].convertible(low[0]):
                    continue
                if up[2] and not low[2]:
                    y[0] = (low[0], False, False)
                elif low[2] and not up[2]:
                    x[1] = (up[0], False, False)
                elif x[0] is not None and y[1] is not None and x[0] == y[1]:
                    continue
                else:
                    raise RuleConflictError(
                        f"分档重叠：{up[0].display}同时属于两个分档",
                        line=y[4].line if y[4] else None,
                        column=y[4].column if y[4] else None,
                        hint="用“(含)”标明该值属于哪一档",
                    )
    result = []
    for lower, upper, points, low_points, token in rows:
        low = Bound(value=lower[0], closed=lower[1]) if lower else None
        high = Bound(value=upper[0], closed=upper[1]) if upper else None
        if (
            low
            and high
            and (
                low.value.amount > high.value.amount
                or (low.value.amount == high.value.amount and not (low.closed and high.closed))
            )
        ):
            raise RuleSyntaxError(
                f"分档“{low.value.display}-{high.value.display}”是空的",
                line=token.line if token else None,
                column=token.column if token else None,
            )
        result.append(Band(lower=low, upper=high, points=points, points_low=low_points))
    return tuple(result)


_TREE = _RuleTree()

# Classes of real rule texts the language does not score yet: refused by name, never guessed.
UNSUPPORTED = (
    (
        re.compile(r"加[0-9]*(\.[0-9]+)?分|加扣分"),
        "含加分项（可超过分值）暂不支持",
        "加分项请在总分之外单独处理",
    ),
    (
        re.compile(r"(中部|西部|东部).*[≥≤<>]"),
        "各地区标准不同，需先确定所属地区",
        "按本地区的标准改写",
    ),
    (re.compile(r"优良中低差|优良中差"), "定性等级没有写各等级的得分", "写明各等级得分"),
)


def _refuse_unsupported(text: str) -> None:
    for pattern, reason, hint in UNSUPPORTED:
        match = pattern.search(text)
        if match:
            raise RuleSyntaxError(
                f"暂不支持的评分方式：{reason}",
                text=text,
                line=1 + text.count("\n", 0, match.start()),
                column=match.start() - text.rfind("\n", 0, match.start()),
                hint=hint,
                source="评分标准",
            )


@functools.lru_cache(maxsize=8192)
def parse_rule(text: str) -> Rule:
    """Parse a scoring rule as written; the result is cached by text.

    Raises `RuleSyntaxError` (with line, column and a caret) for text the language does not
    read, and `RuleConflictError` for a rule that contradicts itself.
    """
    if text is None or not str(text).strip():
        raise RuleSyntaxError("评分标准为空", hint="例如“达标得满分10分，否则不得分”")
    written = str(text)
    stripped = written.strip()
    normalized = mask(normalize(stripped))
    _refuse_unsupported(normalized)
    try:
        return _assemble(parse_by_shape("rule", _TREE, normalized, "start"), written)
    except UnexpectedInput as error:
        raise_syntax_error(error, stripped, RuleSyntaxError, "评分标准")
    except (RuleSyntaxError, RuleConflictError) as error:
        error.text, error.source = stripped, error.source or "评分标准"
        raise
    except ValueError as error:  # a number out of range, from check_size
        raise RuleSyntaxError(f"评分标准中的数值无法使用：{error}", source="评分标准") from None
