"""Numeric conditions (intervals.lark), read for every construct that compares the actual with a
number: ≥90% · 80%(含)-90% · 90%以上 · 低于60% · 不超过2% · ≥80%且<90% · 80%≤满意度<90% · a bare
value (100%); places in a ranking come from ranks.lark. Boundary words follow the legal
convention: 以上 以下 以内 include the number; 超过 低于 不足 大于 小于 exclude it; (含) marks a
closed end, which outranks a convention (bands.py resolves shared ends).
"""

from __future__ import annotations

import re

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


def _describe(interval: _Interval) -> str:
    """A waiting numeric condition as written: it came from a segment of its own (a NOTE)."""
    return interval.text
