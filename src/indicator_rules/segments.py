"""How a rule's text divides into clauses: item numbering, lead labels and asides, read as
the separators they are.

Rule texts number their parts in every way people number things: 1、 1. 1． (1) （1） 1) ①
一、 (一) 一是 A. a、 — at the start, after a separator, or glued to the part before
("…扣1分2.未按要求…"). A lead label says what follows ("评分标准：", "计分方法:"). None of it
scores anything, so `mask` turns each into spaces, and a mark glued to text before it into a
separator and spaces: the text keeps its length, so every error still points at the column the
user wrote. The rule's own text (`Rule.text`) is kept as written.

An aside in brackets right after points (“记2分(以会议记录为准)”, “计2分(不使用不得分)”) is a
clause of its own: its brackets become a separator and a space. Points in brackets that open a
part (“(6分)每缺少一项扣2分”, “…工作。(3分) 2.…”) are read as “6分;”, and a colon after points
(“得1分:否则不得分”) as a separator.

Two readings are kept apart: a number that counts (第1、2项, 按照6、5、4分, 12.5%) is never a mark —
a mark is not followed by a digit and not preceded by 第 or a digit.
"""

from __future__ import annotations

import re

__all__ = [
    "JOINER",
    "MARK",
    "item_starts",
    "join_spaced_words",
    "mask",
    "sentence_starts",
    "strip_mark",
]

_CN = "一二三四五六七八九十"
# What may stand right before a mark: the start, a separator, a space, a colon, or the 分 that
# ends the part before (…得1分二、…).
_OPEN = r"(?:^|(?<=[\s,;。:分]))"
# Marks that can only be numbering, wherever they stand (not after 第 or a digit).
_PLAIN = (
    r"(?<![第0-9.])(?:"
    r"[①-⑳]"
    r"|\( ?[0-9]{1,2} ?\)(?![0-9]*分)"  # (1) (4 ) — (10分) is points
    r"|[0-9]{1,2}[、)](?![0-9])"  # 1、 1)
    r"|[0-9]{1,2}\.(?![0-9])(?=\S)"  # 1.未按 — 1.5 is a number, “1. ” ends a sentence
    r")"
)
# Marks that read as numbering only where a part opens.
_OPENING = (
    _OPEN + r"(?:"
    rf"\([{_CN}]{{1,3}}\)"  # (一)
    rf"|[{_CN}]{{1,3}}[、是](?![0-9{_CN}])"  # 一、 一是
    r"|[A-Za-z][、.](?=[^\s0-9A-Za-z])"  # A. a、
    r"|[0-9]{1,2}\.(?=\s)"  # “1. 建立” where a part opens
    r")"
)
# Every mark begins with one of these characters: the lookahead rejects every other place at
# once, before the alternatives and their lookbehinds are tried there (the same matches).
_MARK_FIRST = rf"(?=[①-⑳(0-9A-Za-z{_CN}])"
MARK = re.compile(rf"{_MARK_FIRST}(?:{_OPENING}|{_PLAIN})\s*")
# 评分标准： 计分方法: 评分细则：— a label opening a part.
_LABEL = re.compile(
    # as _OPEN, but a start inside a run of spaces only at its first or second place: from
    # any later one the spaces before the label are the same run, already tried (a start at
    # every place of the run took quadratic time on long runs of spaces)
    r"(?:^|(?<=[,;。:分])|(?<=\S\s)|(?<=^\s))"
    + r"\s*(?:评分标准|评分细则|评分办法|评分方法|计分方法|计分标准|考核标准|评价标准|扣分标准)\s*:"
)
_SEPARATORS = set(",;。\n:")


# (以会议记录为准) after 2分: an aside — not points (5分), a range (0-1分), or (含)/(包括…)
_ASIDE = re.compile(
    r"(?<=[0-9]分)\s*\((?!\s*[0-9.]+(?:\s*-\s*[0-9.]+)?\s*分\s*\))(?!含\))(?!包括)(?![0-9一二三四五六七八九十]{1,3}\))((?:[^()]|\([^()]*\))*)\)"
)


def _asides(text: str) -> str:
    if "(" not in text:
        return text
    chars = list(text)
    for match in _ASIDE.finditer(text):
        start, end = match.span()
        opening = text.index("(", start)
        chars[opening] = ";"
        chars[end - 1] = " "
    return "".join(chars)


# (6分)每缺少一项扣2分 · …工作。(3分) 2.…: points in brackets opening a part are the points
# of what stands before them, or the full score of what follows: read as “6分;”
# Spaces other than a newline after the separator: a newline is a separator itself, and a run
# of spaces and newlines scanned from each of them took quadratic time.
_OPENING_POINTS = re.compile(r"(?:^|(?<=[,;。\n]))([^\S\n]*)\((\s*[0-9]+(?:\.[0-9]+)?\s*分\s*)\)")


_NEXT = re.compile(r"\s*(\S)")


def _opening_points(text: str) -> str:
    if "(" not in text:
        return text
    chars = list(text)
    for match in _OPENING_POINTS.finditer(text):
        opening, closing = match.start(2) - 1, match.end(2)
        chars[opening] = " "
        after = _NEXT.match(text, closing + 1)  # the next character that is not a space
        follows = after is not None and after.group(1) not in ",;。\n"
        chars[closing] = ";" if follows else " "
    return "".join(chars)


# 得1分:否则不得分 · 救灾工作(2分):… — a colon after points (in brackets or not) ends the clause
_COLON_AFTER_POINTS = re.compile(r"(?:(?<=[0-9]分)|(?<=[0-9]分\)))\s*:")


# A character every mark, label, aside or colon holds: a text without one has nothing to mask.
_ANY_MARK = re.compile(r"[、.)①-⑳是:(]")


def mask(text: str) -> str:
    """`text` with item marks and lead labels as spaces, a mark glued to the text before it
    as a separator, an aside after points as a clause of its own; the same length, character
    for character elsewhere."""
    if _ANY_MARK.search(text) is None:  # most rules: nothing to mask (the hot path)
        return text
    text = _asides(text)
    if ":" in text:
        text = _COLON_AFTER_POINTS.sub(lambda m: m.group(0)[:-1] + ";", text)
    text = _blank(MARK, text)
    if ":" in text:  # every label ends with a colon; a label may follow a mark: 1.评分标准:
        text = _blank(_LABEL, text)
    return _opening_points(text)  # after the marks: 1.(6分)…


def item_starts(text: str) -> frozenset[int]:
    """Where the text of each numbered item begins (right after its mark) in `text` as `mask`
    reads it: (1)…,…；(2)… is two items, whatever separators run inside each."""
    if _ANY_MARK.search(text) is None:
        return frozenset()
    return frozenset(match.end() for match in MARK.finditer(_asides(text)))


_SENTENCE_END = re.compile(r"[。\n]\s*")


def sentence_starts(text: str) -> frozenset[int]:
    """Where each sentence after the first begins (after 。 or a line break and the spaces
    following it) in `text`."""
    return frozenset(match.end() for match in _SENTENCE_END.finditer(text))


def _blank(pattern: re.Pattern, text: str) -> str:
    """Each match of `pattern` as spaces, its first a separator when glued to the text before."""
    chars = None
    for match in pattern.finditer(text):
        start, end = match.span()
        if pattern is _LABEL and _grade_limits_follow(text, end):
            continue
        chars = chars or list(text)
        chars[start:end] = " " * (end - start)
        before = start - 1
        while before >= 0 and chars[before].isspace():
            before -= 1
        if before >= 0 and chars[before] not in _SEPARATORS:
            chars[start] = ";"
    return text if chars is None else "".join(chars)


def _grade_limits_follow(text: str, end: int) -> bool:
    """评价标准: 优90% 良80% … is a grade scale, read as one (rule.lark's GRADE_LIMITS)."""
    return re.match(r"\s*优\s*[0-9]", text[end:]) is not None


def strip_mark(label: str) -> str:
    """An item's text without its numbering (①, 1、, (1), 一是, 一、)."""
    match = MARK.match(label.lstrip())
    return label.lstrip()[match.end() :].strip() if match else label.strip()


# A space between two Chinese characters is a line break or column gap of the PDF the row was
# copied from (副 主任, 违法 线索举报): the name runs on. It becomes JOINER, which the free-text
# terminals read as part of a name and rule.lark ignores between tokens; the tree drops it from
# the words (rules/base.py), so the name reads as one. Same length: positions stay true.
JOINER = "\u200b"
# Not beside a character that starts or ends a keyword of rule.lark (the first characters of
# the SUBJECT and NOTE guards, and 分): 得满分 第一起 · 的 不计分 keep their space.
_KEYWORD_EDGE = (
    "排名在前第满分按根依达为得计记给不至最超高低少多大小每扣减加奖否如酌视以基比递折反逾封"
)
_SPACED_WORDS = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?<![{_KEYWORD_EDGE}]) (?=[\u4e00-\u9fff])(?![{_KEYWORD_EDGE}])"
)


def join_spaced_words(text: str) -> str:
    """`text` with each single space between two Chinese characters as JOINER."""
    return _SPACED_WORDS.sub(JOINER, text) if " " in text else text
