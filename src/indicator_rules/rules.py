"""Scoring rules (评分标准): text → lark tree → frozen `Rule`.

>>> rule = parse_rule("医保政策知晓率达80%得满分10分，否则每少10%扣2分")
>>> rule.full_points, rule.threshold.display
(Decimal('10'), '80%')
>>> rule.fallback.step.display, rule.fallback.points
('10%', Decimal('2'))
"""

from __future__ import annotations

import functools
from decimal import Decimal

from lark import Token, Transformer
from lark.exceptions import UnexpectedInput

from .errors import RuleConflictError, RuleSyntaxError
from .grammars import load_parser, raise_syntax_error
from .model import (
    Band,
    Bound,
    EventDeduction,
    Full,
    LateDeduction,
    MeetTarget,
    NoScore,
    OnTime,
    Proportional,
    Quantity,
    Reach,
    Rule,
    StepDeduction,
    StepDirection,
)
from .normalize import normalize
from .targets import check_size, cn_number
from .units import lookup_unit

__all__ = ["parse_rule"]

_SHORT_WORDS = {"少", "少于", "低", "低于", "降", "降低", "下降", "减少", "不足", "相差", "差"}
_OVER_WORDS = {"超过", "超出", "超", "高于", "多", "多于", "增加", "大于"}
_EVENT_MEASURES = {
    "次",
    "例",
    "起",
    "项",
    "处",
    "个",
    "条",
    "件",
    "人次",
    "人",
    "户",
    "家",
    "所",
    "名",
    "位",
    "台",
    "套",
    "只",
    "头",
    "批",
    "篇",
    "场",
    "份",
}
_LATE_UNITS = {
    "天": "day",
    "日": "day",
    "个工作日": "day",
    "工作日": "day",
    "个月": "month",
    "月": "month",
}
_PROPORTION_WORDS = ("比例", "率", "进度", "比", "完成", "占比", "情况")


def _error(message: str, token: Token, hint: str | None = None) -> RuleSyntaxError:
    return RuleSyntaxError(message, line=token.line, column=token.column, hint=hint)


class _Clause:
    """One parsed clause before the rule is assembled: kind, value, first token."""

    __slots__ = ("kind", "token", "value")

    def __init__(self, kind: str, value, token: Token | None = None) -> None:
        self.kind, self.value, self.token = kind, value, token


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

    def on_time(self, items):
        subject = str(items[1]) if len(items) > 1 else ""
        return OnTime(subject=subject), items[0]

    # --- clauses ---
    def full_clause(self, items):
        (condition, first), rest = items[0], items[1:]
        points = next((p for p in rest if isinstance(p, tuple)), None)
        value = points[0] if points else None
        return _Clause("full", (Full(condition=condition, points=value), points), first)

    def otherwise(self, items):
        return ("", items[0])

    def not_met(self, items):
        return ("未" + str(items[1]), items[0])

    def not_on_time(self, items):
        return ("未" + "".join(str(i) for i in items[1:]), items[0])

    def not_subject(self, items):
        return ("未" + str(items[1]), items[0])

    def zero_clause(self, items):
        return _Clause("fallback", NoScore(), _first(items))

    def ratio_clause(self, items):
        basis = next(i for i in items if isinstance(i, Token) and i.type == "BASIS")
        if not any(word in str(basis) for word in _PROPORTION_WORDS):
            raise _error(
                f"无法确定“按{basis}”按什么比例计分",
                basis,
                hint="写明比例，如“否则按完成比例得分”或“否则按覆盖率得分”",
            )
        return _Clause("fallback", Proportional(basis=str(basis)), _first(items))

    def step_clause(self, items):
        word = next(i for i in items if isinstance(i, Token) and i.type == "CMP_WORD")
        step = next(i for i in items if isinstance(i, Quantity))
        points, _ = items[-1]
        if str(word) in _SHORT_WORDS:
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
        unit = next(i for i in items if isinstance(i, Token) and i.type == "UNIT")
        points, _ = items[-1]
        if str(unit) in _LATE_UNITS:
            raise _error(f"“每{unit}扣分”需写明逾期，如“逾期每天扣1分”", unit)
        if str(unit) not in _EVENT_MEASURES:
            raise _error(f"“每{unit}扣分”无法理解：应按次数计", unit, hint="写作“每次扣1分”")
        head = items[0]
        if isinstance(head, tuple):
            event = head[0]
        elif isinstance(head, Token) and head.type == "SUBJECT":
            event = str(head)
        else:
            event = ""
        return _Clause(
            "event", EventDeduction(event=event, points=points, measure=str(unit)), _first(items)
        )

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
        interval = next(i for i in items if isinstance(i, tuple) and len(i) == 3)
        points = next((i for i in items if isinstance(i, tuple) and len(i) == 2), None)
        zero = any(isinstance(i, Token) and i.type == "ZERO" for i in items)
        value = Decimal(0) if zero else (points[0] if points else None)
        return _Clause("band", (interval, value, points), _first(items))

    # --- intervals: (lower, upper, token) with bounds as (Quantity, closed, explicit) ---
    def op_bound(self, items):
        op, quantity = str(items[0]), items[1]
        return (*_OP_BOUNDS[op](quantity), items[0])

    def op_pair(self, items):
        first = _OP_BOUNDS[str(items[0])](items[1])
        second = _OP_BOUNDS[str(items[3])](items[4])
        lower = first[0] or second[0]
        upper = first[1] or second[1]
        if (first[0] and second[0]) or (first[1] and second[1]) or str(items[0]) == "=":
            raise _error("“且”两边应一个是下限、一个是上限，如“≥80%且<90%”", items[0])
        return lower, upper, items[0]

    def range(self, items):
        quantities = [i for i in items if isinstance(i, Quantity)]
        low, high = _share_unit(*quantities)
        incl_low = isinstance(items[1], Token) and items[1].type == "INCL"
        incl_high = isinstance(items[-1], Token) and items[-1].type == "INCL"
        lower = (low, True, incl_low)
        upper = (high, incl_high, incl_high)
        return lower, upper, _first(items)

    def word_after(self, items):
        quantity, word = items[0], str(items[1])
        # 以上/以下 include the number by legal convention: a (含) elsewhere outranks it.
        if word in ("以上", "及以上"):
            return (quantity, True, False), None, items[1]
        return None, (quantity, True, False), items[1]

    def word_before(self, items):
        word, quantity = str(items[0]), items[1]
        if word in ("低于", "少于", "不足", "小于"):
            return None, (quantity, False, True), items[0]
        if word in ("高于", "大于", "超过", "多于"):
            return (quantity, False, True), None, items[0]
        raise _error(
            f"分档中不能用“{word}”表示界限", items[0], hint="用 低于、高于、以上、以下 或 ≥、<"
        )

    def cap_clause(self, items):
        points = Decimal(str(items[1])) if len(items) > 1 else None
        return _Clause("cap", (points, items[-1] if len(items) > 1 else None), items[0])

    def start(self, clauses):
        return _assemble(clauses)


_OP_BOUNDS = {
    "≥": lambda q: ((q, True, True), None),
    ">=": lambda q: ((q, True, True), None),
    ">": lambda q: ((q, False, True), None),
    "≤": lambda q: (None, (q, True, True)),
    "<=": lambda q: (None, (q, True, True)),
    "<": lambda q: (None, (q, False, True)),
    "=": lambda q: ((q, True, True), (q, True, True)),
}


def _first(items):
    for item in items:
        if isinstance(item, Token):
            return item
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


def _assemble(clauses: list[_Clause]) -> Rule:
    full = fallback = late = None
    events, bands = [], []
    for clause in clauses:
        if clause.kind == "full":
            if full is not None:
                raise _error("规则中有两个满分条件", clause.token)
            full = clause.value
        elif clause.kind == "fallback":
            if fallback is not None:
                raise _error(
                    "规则中有两种未达标时的计分方法",
                    clause.token,
                    hint="只保留一种，如“否则按完成比例得分”",
                )
            fallback = clause.value
        elif clause.kind == "event":
            events.append(clause.value)
        elif clause.kind == "late":
            if late is not None:
                raise _error("规则中有两种逾期扣分方法", clause.token)
            late = clause.value
        elif clause.kind == "band":
            bands.append(clause)
        elif clause.kind == "cap":
            cap_points, token = clause.value
            if cap_points is not None and full and full[0].points not in (None, cap_points):
                raise RuleConflictError(
                    f"“扣完{cap_points}分为止”与满分{full[0].points}分不一致",
                    line=token.line,
                    column=token.column,
                )
    if bands and (full or fallback):
        raise _error(
            "分档规则不能与“达标得满分”“否则…”混用",
            bands[0].token,
            hint="全部写成分档，如“≥90%得10分；80%(含)-90%得8分；80%以下不得分”",
        )
    if not (full or fallback or events or late or bands):
        raise RuleSyntaxError(
            "规则没有给出计分方法", line=1, column=1, hint="例如“达标得满分10分，否则不得分”"
        )
    return Rule(
        full=full[0] if full else None,
        fallback=fallback,
        events=tuple(events),
        late=late,
        bands=_resolve_bands(bands),
    )


def _resolve_bands(clauses: list[_Clause]) -> tuple[Band, ...]:
    """Bands with each end decided; a bound closed only by convention yields to an explicit one.

    “60%(含)-80%得6分；60%以下不得分”: 60% belongs to the 6-point band because (含) says so,
    and 以下 includes the number only by convention. Two explicit claims on one point conflict.
    """
    bands = []
    for clause in clauses:
        (lower, upper, _), points, _ = clause.value
        bands.append([lower, upper, points, clause.token])
    for i, a in enumerate(bands):
        for b in bands[i + 1 :]:
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
                    continue  # “=0” next to “=0”: the same band twice, reported below
                else:
                    raise RuleConflictError(
                        f"分档重叠：{up[0].display}同时属于两个分档",
                        line=y[3].line,
                        column=y[3].column,
                        hint="用“(含)”标明该值属于哪一档",
                    )
    result = []
    for lower, upper, points, token in bands:
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
                line=token.line,
                column=token.column,
            )
        result.append(Band(lower=low, upper=high, points=points))
    return tuple(result)


_TREE = _RuleTree()


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
    parser = load_parser("rule", _TREE)
    try:
        rule = parser.parse(normalize(stripped))
    except UnexpectedInput as error:
        raise_syntax_error(error, stripped, RuleSyntaxError, "评分标准")
    except (RuleSyntaxError, RuleConflictError) as error:
        error.text, error.source = stripped, error.source or "评分标准"
        raise
    except ValueError as error:  # a number out of range, from check_size
        raise RuleSyntaxError(f"评分标准中的数值无法使用：{error}", source="评分标准") from None
    return Rule(
        full=rule.full,
        fallback=rule.fallback,
        events=rule.events,
        late=rule.late,
        bands=rule.bands,
        text=written,
    )
