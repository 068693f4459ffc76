"""Canonical text of a `Rule`: one way to write each meaning, which parses back to an equal rule.

>>> from indicator_rules.rules import parse_rule
>>> canonical(parse_rule("满意度达到95%以上得满分10分，否则每少5%扣2分"))
'满意度达95%得满分10分，否则每少5%扣2分'
>>> canonical(parse_rule("按时补助得20分，未按时补助不得分"))
'按时补助得满分20分，否则不得分'
"""

from __future__ import annotations

import re

from .model import (
    Band,
    Discretion,
    EventDeduction,
    Full,
    LateDeduction,
    MeetTarget,
    NoScore,
    OnTime,
    Operator,
    Proportional,
    Quantity,
    RankBand,
    Reach,
    Rule,
    StepDeduction,
    Unsaid,
    fmt,
)
from .states import has_deadline_word

__all__ = ["canonical"]


def _quantity(q: Quantity) -> str:
    return f"{fmt(q.amount)}{q.unit.name if q.unit else ''}"


# A subject that reads back as the name before 达标: plain words, no keyword at its start.
_SAFE_SUBJECT = re.compile(
    r"(?!按|根据|依据|未|否则|每|扣|达|得|逾期|不)[^\s0-9,;。:%<>=≥≤()，、]+"
)


def _full(full: Full) -> str:
    condition = full.condition
    named = not _SAFE_SUBJECT.fullmatch(condition.subject or "x")
    if isinstance(condition, MeetTarget) and (named or has_deadline_word(condition.subject)):
        # a named condition (按要求…落实到项目区): its own segment, then the points
        points = "" if full.points is None else f"{fmt(full.points)}分"
        return f"{condition.subject}，得满分{points}"
    if isinstance(condition, MeetTarget):
        head = f"{condition.subject}达标"
    elif isinstance(condition, Reach) and condition.operator is not Operator.GE:
        # ≤100%得满分 (with a deduction after it): written as the band it came from
        head = f"{condition.subject}{condition.operator.value}{_quantity(condition.threshold)}"
    elif isinstance(condition, Reach):
        head = f"{condition.subject}达{_quantity(condition.threshold)}"
    else:
        assert isinstance(condition, OnTime)
        subject = condition.subject
        head = subject if has_deadline_word(subject) else f"按时{subject}"
    points = "" if full.points is None else f"{fmt(full.points)}分"
    return f"{head}得满分{points}"


def _each(rule: Rule) -> str:
    """猪瘟、猪蓝耳病分别达100%各得5分: the items, the condition for each, the points of each."""
    condition = rule.full.condition
    names = "、".join(rule.items)
    if isinstance(condition, Reach):
        head = f"{names}分别达{_quantity(condition.threshold)}"
    else:
        head = f"{names}分别达标"
    return f"{head}各得{fmt(rule.full.points)}分"


def _fallback(fallback) -> str:
    if isinstance(fallback, NoScore):
        return "否则不得分"
    if isinstance(fallback, Proportional):
        return f"否则按{fallback.basis}得分"
    if isinstance(fallback, Unsaid):
        return fallback.text  # 达不到扣分, as written
    if isinstance(fallback, Discretion):  # 否则酌情给分 · 否则酌情扣分 · 否则酌情给0-5分
        given = "酌情扣分" if fallback.deduct else "酌情给分"
        if fallback.low is not None:
            given = f"酌情给{fmt(fallback.low)}-{fmt(fallback.high)}分"
        return f"{fallback.label or '否则'}{given}"  # 否则 · 没有达到 · 未达到, as written
    assert isinstance(fallback, StepDeduction)
    word = fallback.direction.value
    return f"否则每{word}{_quantity(fallback.step)}扣{fmt(fallback.points)}分"


def _event(event: EventDeduction) -> str:
    # 未及时宣传，每次扣1分: the event stands as its own segment, so any wording reads back.
    joint = "，" if event.event else ""
    if event.rise:  # 第1起扣5分、第2起扣6分，以此类推
        m, p = event.measure, event.points
        each = f"第1{m}扣{fmt(p)}分、第2{m}扣{fmt(p + event.rise)}分，以此类推"
    else:
        each = f"每{event.measure}扣{fmt(event.points)}分"
    text = f"{event.event}{joint}{each}"
    return text if event.cap is None else f"{text}，最多扣{fmt(event.cap)}分"


def _late(late: LateDeduction) -> str:
    span = late.span.unit.name if late.span.amount == 1 else _quantity(late.span)
    return f"逾期每{span}扣{fmt(late.points)}分"


_LOWER = {True: "≥", False: ">"}
_UPPER = {True: "≤", False: "<"}


def band_condition(band: Band) -> str:
    """The condition of a band, canonically: ≥80%且<90%, =0, <60%."""
    if band.lower is not None and band.upper is not None and band.lower.value == band.upper.value:
        return f"={_quantity(band.lower.value)}"
    parts = []
    if band.lower is not None:
        parts.append(f"{_LOWER[band.lower.closed]}{_quantity(band.lower.value)}")
    if band.upper is not None:
        parts.append(f"{_UPPER[band.upper.closed]}{_quantity(band.upper.value)}")
    return "且".join(parts)


def _band(band: Band) -> str:
    if band.points_low is not None:  # 9-8分: the evaluator picks inside the range
        return f"{band_condition(band)} {fmt(band.points_low)}-{fmt(band.points)}"
    points = "得满分" if band.points is None else f"得{fmt(band.points)}分"
    return band_condition(band) + points


def rank_places(band: RankBand) -> str:
    """The places of a ranking band: 前5名, 第3名, 第6-10名, 第11名及以后."""
    if band.last is None:
        return f"第{band.first}名及以后"
    if band.first == band.last:
        return f"第{band.first}名"
    if band.first == 1:
        return f"前{band.last}名"
    return f"第{band.first}-{band.last}名"


def _rank(band: RankBand) -> str:
    if band.points is None and not band.off:
        return f"{rank_places(band)}得满分"
    if band.points is None:
        return f"{rank_places(band)}扣{fmt(band.off)}分"
    if band.off:
        raise ValueError("a ranking band with points and a deduction has no canonical text")
    return f"{rank_places(band)}得{fmt(band.points)}分"


def _per_unit(per) -> str:
    if per.measure:
        text = f"每{per.what}一{per.measure}得{fmt(per.points)}分"
    else:
        text = f"{fmt(per.points)}×{per.what}"
    return text if per.cap is None else f"{text}，最多得{fmt(per.cap)}分"


def canonical(rule: Rule) -> str:
    """The canonical Chinese text of `rule`; `parse_rule(canonical(r)) == r`."""
    clauses = [] if rule.full_marks is None else [f"满分{fmt(rule.full_marks)}分"]
    if rule.interpolation is not None:
        low, high = rule.interpolation.low, rule.interpolation.high
        share = fmt(rule.interpolation.base_share * 100)
        clauses += [
            f"达{_quantity(low)}得基础分",
            f"达{_quantity(high)}得满分",
            "其间按比例增分",
            f"分值的{share}%为基础分",
        ]
    if rule.rank_step is not None:
        clauses.append(f"按排位打分，每位次按{fmt(rule.rank_step.points)}分递减")
    if rule.full is not None and rule.items:
        clauses.append(_each(rule))
    elif rule.full is not None:
        clauses.append(_full(rule.full))
    if rule.fallback is not None:
        clauses.append(_fallback(rule.fallback))
    clauses.extend(_band(band) for band in rule.bands)
    clauses.extend(_rank(band) for band in rule.ranks)
    clauses.extend(_event(event) for event in rule.events)
    if rule.late is not None:
        clauses.append(_late(rule.late))
    for award in rule.awards:
        points = "得满分" if award.points is None else f"得{fmt(award.points)}分"
        if award.points_low is not None:
            points = f"{fmt(award.points_low)}-{fmt(award.points)}分"
        clauses.append(f"{award.label}，{points}" if award.label else points)
    for penalty in rule.penalties:
        deduct = f"扣{fmt(penalty.points)}分"
        clauses.append(f"{penalty.label}，{deduct}" if penalty.label else deduct)
    if rule.per_unit is not None:
        clauses.append(_per_unit(rule.per_unit))
    for bonus in rule.bonuses:
        clauses.append(
            bonus.text if bonus.cap is None else f"{bonus.text}，最高加{fmt(bonus.cap)}分"
        )
    if rule.discretion is not None:
        d = rule.discretion
        word = "酌情扣分" if d.deduct else "酌情给分"
        if d.low is not None:
            word = f"酌情给{fmt(d.low)}-{fmt(d.high)}分"
        clauses.append(f"{rule.discretion.label}，{word}" if rule.discretion.label else word)
    if rule.grades:
        clauses.append(" ".join(f"{g.grade}{_quantity(g.bound)}" for g in rule.grades))
    clauses.extend(rule.remarks)
    return "，".join(clauses)
