"""What every construct family of the rule language shares: a parsed clause, a numeric
condition (interval) before it is resolved, the words of comparisons, and small helpers."""

from __future__ import annotations

from decimal import Decimal

from lark import Token

from ..errors import RuleSyntaxError
from ..model import (
    Quantity,
)
from ..numerals import cn_number
from ..segments import JOINER
from ..targets import check_size
from ..units import lookup_unit

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

    __slots__ = ("bare", "form", "lower", "named", "problem", "text", "token", "upper", "word")

    def __init__(self, lower, upper, token, bare: bool = False, form: str = "") -> None:
        self.lower, self.upper, self.token, self.bare = lower, upper, token, bare
        self.form, self.problem = form, None
        self.word = None  # (少, 1条) as written before the number
        self.text = ""  # the condition as written, when it stood as its own segment
        self.named = ""  # the name written between two bounds (80%≤满意度<90%)

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


class _Lead(tuple):
    """A lead of what happens otherwise — (words, first token) — and which lead it is:
    otherwise (否则), missed (达不到…), not_met (未达标), not_on_time (未按时…), not_subject (未…),
    compared (低于…的)."""

    def __new__(cls, kind: str, words: str, token: Token):
        lead = super().__new__(cls, (words, token))
        lead.kind = kind
        return lead


class _Full(tuple):
    """The condition of full marks — (MeetTarget | Reach | OnTime, first token) — with the
    children it was read from (`raw`), for the clauses that read its words (占比为0的不得分)."""

    def __new__(cls, condition, token: Token, raw: list):
        full = super().__new__(cls, (condition, token))
        full.raw = raw
        return full


def _strip_de(text: str) -> str:
    """按要求…的 → 按要求…: the particle 的 that closes a condition."""
    text = text.strip()
    return text[:-1] if text.endswith("的") and len(text) > 1 else text


def _joined(first: Token, second: Token) -> Token:
    """Two adjacent tokens read as one SUBJECT (未 + 成立领导机构的)."""
    return Token.new_borrow_pos("SUBJECT", str(first) + str(second), first)


def _counts_items(step: Quantity) -> bool:
    return step.unit is not None and step.unit.dimension == "count"


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


_SHORT = 11  # NUMBER ([0-9]+(.[0-9]+)?) of at most 11 characters: ≤ 11 digits, ≤ 9 places


def _number(token: Token) -> Decimal:
    """A NUMBER token's value, as `check_size(Decimal(str(token)))` gives it: a short one is
    inside check_size's bounds (15 digits, 10 places) as written, and is not checked again."""
    value = Decimal(token)
    return value if len(token) <= _SHORT else check_size(value)


class CommonTree:
    """Callbacks of rule.lark itself: quantities, points, the leads of “otherwise”, remarks."""

    # --- free text: a name run on across a PDF's space (segments.join_spaced_words) is one ---
    def SUBJECT(self, token: Token) -> Token:
        return token.update(value=token.value.replace(JOINER, "")) if JOINER in token else token

    NOTE = GRADE_LIMITS = GRADE_LIST = BASIS = SUBJECT  # the terminals that hold free text

    # --- quantities ---
    def quantity(self, items):
        number = _number(items[0])
        unit = lookup_unit(str(items[1])) if len(items) > 1 else None
        return Quantity(amount=number, unit=unit, text="".join(items))

    def step_quantity(self, items):
        head = items[0]
        number = check_size(cn_number(str(head))) if head.type == "CN_NUMBER" else _number(head)
        unit = lookup_unit(str(items[1])) if len(items) > 1 else None
        return Quantity(amount=number, unit=unit, text="".join(items))

    def points(self, items):
        token = items[0]
        return _number(token), token

    def otherwise(self, items):
        return _Lead("otherwise", "", items[0])

    def missed(self, items):
        return _Lead("missed", "".join(str(i) for i in items), items[0])

    def not_met(self, items):
        return _Lead("not_met", "未" + str(items[1]), items[0])

    def not_on_time(self, items):
        return _Lead("not_on_time", "未" + "".join(str(i) for i in items[1:]), items[0])

    def not_subject(self, items):
        return _Lead("not_subject", "未" + str(items[1]), items[0])

    def compared(self, items):
        """低于增幅的: the case below (or above) a named reference — what “otherwise” says."""
        return _Lead("compared", "".join(str(i) for i in items), items[0])

    def note_clause(self, items):
        return _Clause("note", str(items[0]).strip(), items[0])

    def start(self, clauses):
        flat = []
        for clause in clauses:
            flat.extend(clause if isinstance(clause, list) else [clause])
        return flat
