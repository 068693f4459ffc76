"""Event counts said in words in the actual (the events family, events.lark): 未按规定冲洒水3次 ·
通报批评2例，党内警告1例 · 少1个单位 · 全年3起 — each part naming one of the rule's events with
a count in its own measure gives that event's count (states.py and rules/named.py read the
rest of the answer)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import ActualValueError
from ..normalize import normalize
from ..numerals import CN_COUNT, cn_number
from ..outcome import ZERO
from ..wording import has_negation
from .events import _ONE, _kinds

_FILLERS = ("全年", "共计", "合计", "累计", "共", "发现", "存在", "出现")
_SHORT = ("缺少", "少", "缺", "差")


def split_counts(events, counts, answer):
    """(counts, answer): where no counts are given and the answer (a text) counts the rule's
    events in words, those counts and the rest of the answer (None when nothing is left)."""
    if counts is not None or not events or not isinstance(answer, str):
        return counts, answer
    counted, rest = counts_in_words(events, answer)
    return (counts, answer) if counted is None else (counted, rest)


def counts_in_words(events, text: str):
    """The event counts an actual says in words (未按规定冲洒水3次 · 通报批评2例，党内警告1例 ·
    少1个单位 · 全年3起 against a rule of one kind): the parts of `text` (cut at ，,；;。) that
    name one of the rule's events, or none where the rule has one kind, with a count in the
    event's own measure. Returns ({position: count}, the other parts joined) — the kinds not
    named did not happen — or (None, text) when no part counts an event. A counted part that
    names two kinds, or none of several, is refused naming them."""
    counts: dict[int, Decimal] = {}
    rest = []
    for part in re.split(r"[，,；;。]", normalize(str(text))):
        part = part.strip()
        found = _counted_part(events, part) if part else None
        if found is None:
            if part:
                rest.append(part)
            continue
        position, n = found
        if position in counts:
            raise ActualValueError(
                f"实际完成情况中“{_kind_name(events[position - 1])}”的次数写了两次"
            )
        counts[position] = n
    if not counts:
        return None, text
    for part in rest:  # 通报批评2例，受到党内警告: the second happened, how often is unsaid
        said = part
        for filler in (*_FILLERS, "有", "受到"):
            said = said.removeprefix(filler)
        uncounted = [
            e
            for i, e in enumerate(events, start=1)
            if i not in counts and (_names_event(part, e) or _names_event(said, e))
        ]
        if uncounted:
            raise ActualValueError(
                f"实际完成情况中的“{part}”没有写次数（{_kind_name(uncounted[0])}）",
                hint="写明次数，如“党内警告1例”，或用 events 按事件名称填写",
            )
    full = {i: counts.get(i, ZERO) for i in range(1, len(events) + 1)}
    return full, "，".join(rest) or None


def _counted_part(events, part: str):
    """(position, count) when `part` counts one of `events` (see `counts_in_words`)."""
    matches = [
        (m, i)
        for m in re.finditer(r"[0-9]+|[一二两三四五六七八九十]+", part)
        for i, e in enumerate(events, start=1)
        if _measure_at(part, m.end(), e)
    ]
    if not matches:
        return None
    spans = {m.span() for m, _ in matches}
    if len(spans) > 1:
        return None  # two numbers: not a count of one event (机械化作业率95%的“95”不计)
    match = matches[0][0]
    measure = _measure_at(part, match.end(), events[matches[0][1] - 1])
    words = (part[: match.start()] + part[match.end() + len(measure) :]).strip("的了 ")
    for filler in _FILLERS:
        words = words.removeprefix(filler)
    named = [i for _, i in matches if _names_event(words, events[i - 1])]
    if not words and len(events) == 1:
        named = [1]
    if len(named) != 1:
        if not words and len(events) > 1:
            raise ActualValueError(
                f"实际完成情况“{part}”没有写是哪一种扣分事件（{_kinds(events)}）",
                hint="写明事件名称，如“通报批评2例”，或按名称填写 events",
            )
        if len(named) > 1:
            names = "、".join(f"“{_kind_name(events[i - 1])}”" for i in named)
            raise ActualValueError(f"实际完成情况中的“{part}”可对应多个扣分事件：{names}")
        return None
    return named[0], _exact_count(part, match)


# A count said exactly: digits alone (not 1.5, 3-4, 3/4) or a numeral as written for one number
# (not 二三 “two or three”, 两两, 十十); no word of approximation or bound beside it.
_CN_COUNT = re.compile(CN_COUNT)
_NEAR = re.compile(r"[0-9.\-/~～—至到]")
_INEXACT = re.compile(
    r"以上|以下|左右|上下|多|余|至少|最少|最多|至多|近|约|大约|第|超过|不足|不到|几"
)


def _exact_count(part: str, match: re.Match) -> Decimal:
    """The count `match` says in `part`, refused unless it is one exact number."""
    number = match[0]
    before = part[match.start() - 1 : match.start()]
    exact = number.isdigit() or _CN_COUNT.fullmatch(number) is not None
    if not exact or _NEAR.search(before) or _INEXACT.search(part):
        raise ActualValueError(
            f"实际完成情况“{part}”中的次数不是一个确切的数",
            hint="写确切的次数，如“通报批评2例”，或用 events 填写",
        )
    return Decimal(number) if number.isdigit() else cn_number(number)


def _measure_at(part: str, at: int, event) -> str:
    """The event's measure written at `at` (次, 例, 个单位 …), or ""."""
    measure = event.measure
    own = re.search(r"[一1](次|例|起|处|项|个|份|张|件)$", normalize(event.event or ""))
    for written in dict.fromkeys((measure, f"个{measure}", own[1] if own else "")):
        if written and part.startswith(written, at):
            return written
    return ""


def _kind_name(event) -> str:
    return event.event or f"每{event.measure}"


def _names_event(words: str, event) -> bool:
    """Whether `words` (the part less its count) name `event`: the same words, or all the
    pieces (≥ 2 characters, cut at 的) of one in the other (通报批评 in 对违纪党员给予通报批评,
    项目记录不完整 for 不完整的项目); 少/缺/缺少 are one word."""
    name = _strip_count(normalize(event.event))
    words, name = _short_word(words), _short_word(name)
    if not words or not name:
        return False
    if words == name:
        return True
    if has_negation(words) != has_negation(name):
        return False  # 未发生2起 does not count 发生
    pieces = [p for p in name.split("的") if len(p) >= 2]
    if pieces and all(p in words for p in pieces):
        return True
    return len(words) >= 2 and words in name


def _strip_count(name: str) -> str:
    """缺席一次 → 缺席: the count of one an event's name may keep."""
    return _ONE.sub("", name).strip("的 ")


def _short_word(text: str) -> str:
    for word in _SHORT:
        if text.startswith(word):
            return "缺少" + text[len(word) :]
    return text
