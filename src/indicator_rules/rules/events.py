"""Deductions per counted event (events.lark): 每次扣1分 · 漏岗一次扣1分 · 少一项扣1分 ·
第一起扣5分、第二起扣6分，以此类推. The actual record gives the counts (事件次数)."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import attrs
from lark import Token

from ..errors import ActualValueError
from ..limits import elide, read_decimal, text_of
from ..model import (
    EventDeduction,
    Full,
    Operator,
    Quantity,
    Reach,
    StepDeduction,
    StepDirection,
    fmt,
)
from ..normalize import normalize
from ..numerals import cn_number
from ..outcome import (
    ZERO,
)
from ..targets import check_size
from ..units import EVENT_MEASURES, lookup_unit
from . import ladders
from .base import (
    _LATE_UNITS,
    _SHORT_WORDS,
    _Clause,
    _error,
    _first,
    _strip_de,
)


class EventsTree:
    """Callbacks of events.lark."""

    def event_clause(self, items):
        if isinstance(items[-1], Token) and items[-1].type == "PER_EVENT":  # 扣0.5分/例
            per = items.pop()
            items = [*items, Token.new_borrow_pos("UNIT", str(per).lstrip("/ "), per)]
            items.append(items.pop(-2))  # the points last, as the other forms have them
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
        verb = next((str(i) for i in items if isinstance(i, Token) and i.type == "EVENT_VERB"), "")
        kind = "shortfall" if verb == "缺" else "event"  # 缺1次扣2分: a shortfall, maybe of a count
        return _Clause(kind, _per_one(event, count, where), _first(items))

    def short_event(self, items):
        """少一项扣1分 (without 每): one deduction per missing item."""
        word = next(i for i in items if isinstance(i, Token) and i.type == "CMP_WORD")
        number = next(i for i in items if isinstance(i, Token) and i.type == "CN_NUMBER")
        unit = next(i for i in items if isinstance(i, Token) and i.type == "UNIT")
        count = Quantity(amount=cn_number(str(number)), unit=lookup_unit(str(unit)))
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        points, _ = items[-1]
        return _short_event(subject, word, count, points, _first(items))

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


def _per_one(event: EventDeduction, count: Quantity | None, where) -> EventDeduction:
    if count is not None and count.amount != 1:
        raise _error(
            f"“每{count.display}扣分”：每几次扣分暂不支持，请写成每次扣多少分",
            where,
            hint=f"如“每{count.unit.name if count.unit else '次'}扣…分”",
        )
    return event


def _short_event(subject: str, word: Token, count: Quantity, points, first) -> _Clause:
    """少1条扣1分: one deduction per missing item, an event counted in the actual record (or a
    shortfall from a count the rule needs: `add_shortfall`)."""
    measure = count.unit.name if count.unit else "项"
    event = EventDeduction(event=_strip_de(subject) or "缺少", points=points, measure=measure)
    short = word.type == "CMP_WORD" and str(word) in _SHORT_WORDS
    return _Clause("shortfall" if short else "event", _per_one(event, count, word), first)


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


# --- assembling ---


def add_listed(asm, clause) -> None:
    """第一起、第二起…森林火灾: waits for its 分别扣5分、6分…"""
    if asm.listed is not None:
        raise _error("逐次扣分写了两次", clause.token)
    asm.listed = clause.value


def add_amounts(asm, clause) -> None:
    if asm.listed is None:
        raise _error("“分别扣…分”前没有写明第一起、第二起…", clause.token)
    (listed, event), asm.listed = asm.listed, None
    asm.add(_Clause("rising", _rising_event(listed, clause.value, event), clause.token))


def add_rising(asm, clause) -> None:
    asm.add(_Clause("event", clause.value, clause.token))
    asm.rising.append(clause.token)  # waits for its 以此类推


def add_etc(asm, clause) -> None:
    """以此类推 after rising deductions; else after rungs of points (ladders.py)."""
    if not asm.rising:
        ladders.add_etc(asm, clause)
        return
    asm.rising.pop()


def add_event(asm, clause, labels) -> None:
    value = clause.value
    if labels:
        event = "，".join(part for part in [*labels, value.event] if part)
        value = attrs.evolve(value, event=event)
    asm.events.append(value)
    asm.last_deduction = ("event", len(asm.events) - 1)


# 召开2次以上专题会议 · 不少于3次 · 至少2次: the count full marks need, in the condition before a
# shortfall (少一次扣2.5分)
_NEEDED = r"(?:(?:不少于|至少|最少|达到|达)\s*{n}\s*{m}|{n}\s*{m}\s*(?:及以上|以上))"
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _needed_count(asm, labels, measure: str) -> Quantity | None:
    """The count a shortfall is measured from: the rule's own threshold (达到2次以上得5分 · 不少于
    6次,记1分) or the one number of the condition just before it (召开2次以上专题会议), in the
    shortfall's measure, as a lower bound; None when there is none, or more than one number (not
    guessed). A band it is taken from becomes the condition of full marks."""
    if asm.full is None and not labels and len(asm.bands) == 1:
        _band_as_full(asm, measure)
    full = asm.full
    if full is not None:
        condition = full.condition
        if isinstance(condition, Reach) and condition.operator is Operator.GE and not labels:
            unit = condition.threshold.unit
            return condition.threshold if unit is not None and unit.name == measure else None
        return None
    if len(labels) != 1:
        return None
    numbers = _NUMBER.findall(labels[0])
    if len(numbers) != 1:
        return None
    pattern = _NEEDED.format(n=re.escape(numbers[0]), m=re.escape(measure))
    if re.search(pattern, normalize(labels[0])) is None:
        return None
    return Quantity(amount=read_decimal(numbers[0]), unit=lookup_unit(measure))


def _band_as_full(asm, measure: str) -> None:
    """不少于6次,记1分 before 少1次扣0.2分: the one band, a closed lower bound in the shortfall's
    measure, is the condition of full marks."""
    interval, points, low, _token, subject, off = asm.bands[0]
    if low is not None or off is not None or interval.upper is not None or interval.bare:
        return
    quantity, closed = interval.lower[0], interval.lower[1]
    if not closed or quantity.unit is None or quantity.unit.name != measure:
        return
    reach = Reach(subject=subject, threshold=quantity, operator=Operator.GE)
    asm.full, asm.bands = Full(condition=reach, points=points), []


def add_shortfall(asm, clause, labels) -> None:
    """少一次扣2.5分 after a count the rule needs (召开2次以上专题会议 · 达到2次以上得5分): each one
    short of it costs the points — the actual is the count (1次 → one short). Without such a
    count it is an event counted in the actual record, as 每次扣1分."""
    event = clause.value
    needed = None if asm.fallback is not None else _needed_count(asm, labels, event.measure)
    if needed is None:
        add_event(asm, clause, labels)
        return
    if asm.full is None:
        reach = Reach(subject=labels[0], threshold=needed, operator=Operator.GE)
        asm.full = Full(condition=reach)
    one = Quantity(amount=Decimal(1), unit=needed.unit)
    asm.fallback = StepDeduction(direction=StepDirection.SHORT, step=one, points=event.points)
    asm.last_deduction = ("shortfall", None)


def check_rising(asm) -> None:
    """第一起、第二起… needs its amounts; rising deductions need 以此类推."""
    if asm.listed is not None:
        raise _error("写了第一起、第二起…，但没有写各起扣几分", asm.listed[0])
    if asm.rising:
        raise _error(
            "逐次扣分只写到最后一起，之后每起扣几分未写明",
            asm.rising[0],
            hint="在后面加“以此类推”",
        )


RAW_KINDS = {
    "rising_listed": add_listed,
    "amounts": add_amounts,
    "rising": add_rising,
    "etc": add_etc,
}
CONDITIONED_KINDS = {"event": add_event, "shortfall": add_shortfall}


# --- scoring: how this family's rules compile into a scorer ---


def _compile_events(events):
    """Per-event deductions: `counts` is an int (one kind of event) or {event name: count}."""
    if not events:
        return lambda counts: (ZERO, lambda: "")

    def deduct(counts):
        if counts is None:
            names = "、".join(e.event or f"每{e.measure}" for e in events)
            raise ActualValueError(
                f"评分标准按次数扣分（{names}），需要提供事件次数",
                hint="在实际完成情况中填写次数，如 events=3（未发生填 0）",
            )
        if not isinstance(counts, dict) and _uniform(events):
            return _deduct_total(events, counts)
        counts = _event_keys(events, counts)
        total, texts = ZERO, []
        for position, event in enumerate(events, start=1):
            n = _count_for(event, counts, events, position)
            if n:
                off = event.total(n)
                total += off
                capped = (
                    "" if event.cap is None or off < event.cap else f"（最多扣{fmt(event.cap)}分）"
                )
                m = event.measure
                each = (
                    f"第1{m}扣{fmt(event.points)}分、以后每{m}多扣{fmt(event.rise)}分"
                    if event.rise
                    else f"每{m}扣{fmt(event.points)}分"
                )
                texts.append(f"{event.event or '发生'}{fmt(n)}{m}，{each}{capped}，扣{fmt(off)}分")
        return total, lambda: "，".join(texts)

    return deduct


def _uniform(events) -> bool:
    """Several kinds of event that each cost the same points per event, without a rise or a
    cap of their own (每缺席一次扣0.5分，每错漏报数据一例扣0.5分): a total count over all
    kinds reads one way only. Where the points differ, the kinds must be counted by name."""
    first = events[0]
    return len(events) > 1 and all(
        e.points == first.points and not e.rise and e.cap is None for e in events
    )


def _deduct_total(events, counts):
    """One count for every kind of a uniform rule (`_uniform`): count × the shared points."""
    n = _count_for(events[0], counts, events[:1])
    off = n * events[0].points
    names = "、".join(e.event or f"每{e.measure}" for e in events)
    text = f"{names}，各类事件每次均扣{fmt(events[0].points)}分，合计{fmt(n)}次，扣{fmt(off)}分"
    return off, lambda: text if n else ""


def counts_said(events, counts, said: dict[int, bool]):
    """The event counts an answer in words gives (states.Condition.read, rules/named.py):
    where no count is given and the answer says that none of the rule's events happened
    (全年到位 against 缺位一次扣1分, 全部消除 against 未消除一次扣1分), each count is 0; an
    event said to have happened still needs its count (refused by the deduction). Where the
    rule has several kinds, the answer names one as happened and one count is given (发生一般
    森林火灾 with events=1), the count is of that kind, the others did not happen."""
    said_none = len(events) == 1 and said.get(0) is False
    given = counts is not None and not isinstance(counts, dict)
    if said_none and given and str(counts).strip() not in ("0", "0次"):
        raise ActualValueError(
            f"实际完成情况说明“{events[0].event}”没有发生，但事件次数为{counts}，二者矛盾",
            hint="核对事件次数或实际完成情况",
        )
    named = [index for index, happened in said.items() if happened]
    if given and len(events) > 1 and len(named) == 1 and not _uniform(events):
        # 发生一般森林火灾 with events=1: the count is of the one kind the answer names
        return {i: counts if i - 1 == named[0] else 0 for i in range(1, len(events) + 1)}
    if counts is not None or not events or len(said) != len(events) or any(said.values()):
        return counts
    return 0 if len(events) == 1 else dict.fromkeys(range(1, len(events) + 1), 0)


def _event_keys(events, counts):
    """Event counts keyed by the rule's event names or by number ("1" and 1 alike); a key the
    rule does not have is an error, never ignored."""
    if not isinstance(counts, dict):
        return counts
    keyed = {}
    names = [normalize(e.event) for e in events]
    for key, value in counts.items():
        text = normalize(str(key)).strip()
        known = [i for i, name in enumerate(names) if text in _names_of(name)]
        if text.isdigit() and 0 < int(text) <= len(events):
            keyed[int(text)] = value
        elif text in names:
            keyed[events[names.index(text)].event] = value
        elif len(known) == 1:  # 虚报 for …，应退尽退，虚报 · 缺席 for 缺席一次
            keyed[events[known[0]].event] = value
        else:
            listing = "、".join(f"{i}.{e.event or '事件'}" for i, e in enumerate(events, start=1))
            raise ActualValueError(f"评分标准中没有扣分事件“{key}”", hint=f"可填：{listing}")
    return keyed


def _kinds(events) -> str:
    """缺席一次：每次扣0.5分；错漏报数据一例：每次扣1分: the kinds of a rule, for a refusal."""
    parts = []
    for e in events:
        each = f"每{e.measure}扣{fmt(e.points)}分"
        if e.rise:
            each += f"，以后每{e.measure}多扣{fmt(e.rise)}分"
        if e.cap is not None:
            each += f"，最多扣{fmt(e.cap)}分"
        parts.append(f"{e.event or '事件'}：{each}")
    return "；".join(parts)


def _names_of(name: str) -> set[str]:
    """The names an event may be keyed by besides its own: its last clause (虚报 of a name
    that kept the rule's lead: …应退尽退，虚报) and either without its count of one (缺席 of
    缺席一次)."""
    last = re.split(r"[，,；;。]", name)[-1].strip()
    return {n for text in (name, last) for n in (text, _ONE.sub("", text).strip()) if n}


_ONE = re.compile(r"[一1](?:次|例|起|处|项|个|份|张|件)$")


def _count_for(event, counts, events, position: int | None = None) -> Decimal:
    if isinstance(counts, dict) and position is not None and position in counts:
        value = counts[position]  # {1: 5, 2: 1}: events by their order in the rule
    elif isinstance(counts, dict):
        if event.event not in counts:
            raise ActualValueError(
                f"缺少第{position}项扣分事件“{event.event or '事件'}”的次数",
                hint=f"每项事件都要填次数（未发生填0），可按名称或序号{position}填写",
            )
        value = counts[event.event]
    elif len(events) > 1:
        raise ActualValueError(
            f"评分标准有多种扣分事件（{_kinds(events)}），次数应按事件名称分别填写",
            hint="如 events={名称: 次数}；各类事件每次扣分相同时才可只填合计次数",
        )
    else:
        value = counts
    written = text_of(value, "事件次数")
    try:  # the bounded reader: 1e999999999 is refused, never multiplied or expanded
        n = check_size(read_decimal(written.strip().removesuffix("次")))
    except ValueError:
        raise ActualValueError(f"事件次数“{elide(written)}”不是数字") from None
    if n < 0 or n != n.to_integral_value():
        raise ActualValueError(f"事件次数“{value}”应为非负整数")
    return n


COMPOSE = {
    **{(condition, "event"): "event_clause" for condition in ("none", "lead", "subject")},
    ("none", "short_event"): "short_event",
    ("subject", "short_event"): "short_event",  # 少一项扣1分
}
