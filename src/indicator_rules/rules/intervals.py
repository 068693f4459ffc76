"""Numeric conditions (intervals.lark), read for every construct that compares the actual with a
number: ≥90% · 80%(含)-90% · 90%以上 · 低于60% · 不超过2% · ≥80%且<90% · 80%≤满意度<90% · a bare
value (100%); places in a ranking come from ranks.lark. Boundary words follow the legal
convention: 以上 以下 以内 include the number; 超过 低于 不足 大于 小于 exclude it; (含) marks a
closed end, which outranks a convention (bands.py resolves shared ends).
"""

from __future__ import annotations

import re
from decimal import Decimal

from lark import Token

from ..model import (
    Quantity,
)
from .base import (
    _AT_LEAST,
    _AT_MOST,
    _error,
    _first,
    _Interval,
    _share_unit,
)

# words that compare: after one of them in a name, the number says how much more or less
_COMPARES = re.compile(
    "超过|超出|高于|低于|不足|少于|多于|大于|小于|不超过|不低于|达到|未达到|以上|以下"
)


class IntervalsTree:
    """Callbacks of intervals.lark, and of the condition segments rule.lark reads again."""

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
        marks = [i for i in items if isinstance(i, Token) and i.type == "INCL"]
        low_end, high_end = (low, True, False), (high, False, False)
        if _is_mark(items[1]):
            low_end = (low, _closes(items[1], quantities[0]), True)
        if _is_mark(items[-1]):  # 80%-90%(含90%) · 80%-90%(含80%): the number names its end
            if _names(items[-1], quantities[1]) or len(marks) > 1:
                high_end = (high, _closes(items[-1], quantities[1]), True)
            else:
                low_end = (low, _closes(items[-1], quantities[0]), True)
        return _Interval(low_end, high_end, _first(items), form="range")

    def word_after(self, items):
        quantity = items[0]
        word = str(next(i for i in items[1:] if i.type == "BOUND_WORD"))
        mark = next((i for i in items[1:] if i.type == "INCL"), None)  # 100%以下(含) · 90%(含)以上
        # 以上/以下 include the number by legal convention: a (含) elsewhere outranks it.
        end = (quantity, True, False) if mark is None else (quantity, _closes(mark, quantity), True)
        if word in ("以上", "及以上"):
            return _Interval(end, None, items[1])
        return _Interval(None, end, items[1])

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
        if len(items) > 2:  # 高于30%(包括30%): the mark outranks the word's convention
            _mark_end(interval, items[2], quantity, word)
        return interval

    def between(self, items):
        """80%≤满意度<90%: the name between its two bounds (the first written from the left)."""
        low_quantity, first, name, second, high_quantity = items
        mirrored = {"≤": "≥", "<=": ">=", "<": ">", "≥": "≤", ">=": "<=", ">": "<"}
        if str(first) not in mirrored or str(second) == "=":
            raise _error("“…≤名称<…”两边应为 ≤ < ≥ >", first)
        left = _OP_BOUNDS[mirrored[str(first)]](low_quantity)
        right = _OP_BOUNDS[str(second)](high_quantity)
        if (left[0] and right[0]) or (left[1] and right[1]):
            raise _error("“…≤名称<…”两边应一个是下限、一个是上限，如“80%≤满意度<90%”", first)
        interval = _Interval(left[0] or right[0], left[1] or right[1], first)
        interval.named = str(name)
        return interval

    def bare_bound(self, items):
        """耳标佩戴率100%得5分 / 0% 0: the value itself; the assembler decides ≥ or =."""
        quantity = items[0]
        return _Interval((quantity, True, False), None, _first([quantity]) or None, bare=True)

    def numeric_condition(self, items):
        return next(i for i in items if isinstance(i, _Interval)).usable()

    def condition_only(self, items):
        """A condition segment: its interval — but a bare value after a name holding a word of
        comparison (整合资金超过项目投资50%) is not that value: the segment stays a named one."""
        interval = self.numeric_condition(items)
        name = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        if interval.bare and _COMPARES.search(name):
            return None
        return interval

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


_OP_BOUNDS = {
    "≥": lambda q: ((q, True, True), None),
    ">=": lambda q: ((q, True, True), None),
    ">": lambda q: ((q, False, True), None),
    "≤": lambda q: (None, (q, True, True)),
    "<=": lambda q: (None, (q, True, True)),
    "<": lambda q: (None, (q, False, True)),
    "=": lambda q: ((q, True, True), (q, True, True)),
}


_MARK_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _is_mark(item) -> bool:
    return isinstance(item, Token) and item.type == "INCL"


def _names(mark: Token, quantity: Quantity) -> bool:
    """Whether the mark's number (含80%) is this end's (none written, or 本数: it is)."""
    number = _MARK_NUMBER.search(str(mark))
    own = _MARK_NUMBER.search(quantity.text or "")
    return number is None or own is None or Decimal(number.group()) == Decimal(own.group())


def _closes(mark: Token, quantity: Quantity) -> bool:
    """Whether the mark closes the end at `quantity` ((含) yes, (不含) no); a number in the
    mark other than the end's is refused, naming both readings."""
    if not _names(mark, quantity):
        raise _error(
            f"“{quantity.text}{mark}”中括号里的数与界限不同：可读作含{quantity.text}，"
            f"也可读作含括号里的数，无法确定",
            mark,
            hint=f"写成“{quantity.text}(含)”",
        )
    return not str(mark).startswith("(不")


def _mark_end(interval: _Interval, mark: Token, quantity: Quantity, word: str) -> None:
    """The end a word before the number made (高于30% · 低于60%), closed or opened by the mark
    after it; a mark against a word that already says (不低于95%(不含)) is refused."""
    closes = _closes(mark, quantity)
    if (word in _AT_MOST or word in _AT_LEAST) and not closes:
        raise _error(
            f"“{word}{quantity.text}{mark}”自相矛盾：“{word}”含{quantity.text}，括号说不含",
            mark,
            hint="删去其中之一",
        )
    if interval.lower is not None:
        interval.lower = (quantity, closes, True)
    elif interval.upper is not None:
        interval.upper = (quantity, closes, True)


def _describe(interval: _Interval) -> str:
    """A waiting numeric condition as written: it came from a segment of its own (a NOTE)."""
    return interval.text
