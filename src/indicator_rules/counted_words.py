"""A count answered against a condition that states its threshold in words (wording.py): 2种
against 至少2种宣传方式 holds, 1次 against 全年少于2次 holds, 2次 does not.

The condition (one clause of it) holds exactly one threshold — a comparator before the number
(至少 · 最少 · 不少于 · 不低于 · 达到 · 少于 · 低于 · 不足 · 多于 · 超过 · 不超过) or 以上 after its
measure word — and no other number. The answer is one exact count (digits, or a numeral 两 ·
二 · 十二 as written for one number) in the same measure word, with at most words of the
condition's own text or a filler (全年, 共, 累计) around it; no word of bound, approximation or
negation (少于2次, 2次以上, 约2次, 未开展2次 are not read). Anything else is not read here.

>>> count_verdict("2种", "至少2种宣传方式"), count_verdict("1种", "至少2种宣传方式")
(True, False)
>>> count_verdict("全年1次", "会议全年少于2次"), count_verdict("两次", "会议全年少于2次")
(True, False)
>>> count_verdict("2次以上", "会议全年少于2次") is None
True
"""

from __future__ import annotations

import operator
import re
from decimal import Decimal

from .normalize import normalize
from .numerals import CN_COUNT, cn_number

__all__ = ["count_verdict", "counts_items"]

_MEASURES = "种次个项件篇名人户天起例处份张场期家条所"
_ITEM_MEASURES = "个项条"
_NUMBER = rf"[0-9]{{1,6}}|{CN_COUNT}"
_BEFORE = {
    "至少": operator.ge,
    "最少": operator.ge,
    "不少于": operator.ge,
    "不低于": operator.ge,
    "达到": operator.ge,
    "不超过": operator.le,
    "少于": operator.lt,
    "低于": operator.lt,
    "不足": operator.lt,
    "多于": operator.gt,
    "超过": operator.gt,
}
# longest first: 不少于 before 少于, 不超过 before 超过
_WORDS = "|".join(sorted(_BEFORE, key=len, reverse=True))
# bounded runs, a number starting where no digit is before it: linear on any text (test_hostile)
_THRESHOLD = re.compile(
    rf"(?:({_WORDS}))?((?<![0-9])[0-9]{{1,6}}|{CN_COUNT})([{_MEASURES}])(以上)?"
)
_ANSWER = re.compile(
    rf"([\u4e00-\u9fff]{{0,16}}?)({_NUMBER})([{_MEASURES}])([\u4e00-\u9fff]{{0,16}})"
)
_FILLERS = ("全年", "年内", "共", "共计", "合计", "累计")
# a word beside the count that bounds, approximates or negates it: not one exact count
_NOT_EXACT = re.compile(r"[少多不未没无缺差超低高以约近余第至最达满几]")


def count_verdict(answer: str, condition: str) -> bool | None:
    """Whether the count `answer` says makes `condition` hold; None where either is not one
    count and one threshold in the same measure word."""
    threshold = _threshold(condition)
    said = _ANSWER.fullmatch(normalize(str(answer)).strip())
    if threshold is None or said is None:
        return None
    compare, number, measure = threshold
    head, count, unit, tail = said.groups()
    if unit != measure or not all(_beside(words, condition) for words in (head, tail)):
        return None
    value = Decimal(count) if count.isdigit() else cn_number(count)
    return compare(value, number)


def counts_items(answer: str) -> bool:
    """Whether `answer` is a count in a measure word of items held (3个, 两项, 2条): beside
    several conditions it could as well say how many of them hold."""
    said = _ANSWER.fullmatch(normalize(str(answer)).strip())
    return said is not None and said[3] in _ITEM_MEASURES


def _threshold(condition: str):
    """(comparison, number, measure word) of the one threshold `condition` states, or None."""
    text = normalize(str(condition))
    found = list(_THRESHOLD.finditer(text))
    if len(found) != 1 or len(re.findall(r"[0-9]+", text)) > 1:
        return None
    word, number, measure, above = found[0].groups()
    if bool(word) == bool(above):  # none, or two (至少2次以上)
        return None
    compare = operator.ge if above else _BEFORE[word]
    return compare, Decimal(number) if number.isdigit() else cn_number(number), measure


def _beside(words: str, condition: str) -> bool:
    """Whether the words around the answer's count may stand there: none, a filler, or words
    of the condition's own text that do not bound or negate."""
    if not words or words in _FILLERS:
        return True
    return words in normalize(str(condition)) and _NOT_EXACT.search(words) is None
