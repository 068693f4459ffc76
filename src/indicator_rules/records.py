"""Structured actuals: the one documented form of a record (docs/api.md, “结构化的实际值”),
the same in `score_row(actual=…)`, actuals files (a JSON cell) and the HTTP/JSON side.

- ``{"items": [...]}`` the checklist items satisfied (their text, a unique prefix, or number);
- ``{"grade": …, "ratio": …}`` or ``{"grade": …, "score": …}`` a grade with the point inside it;
- ``{"budget": …, "executed": …}`` a funds line, read as 预算执行率 (funds.py);
- ``{"score": …}`` a discretionary score; ``{"completion": "85%", "score": …}`` one checked
  against the band the completion falls in;
- ``{"parts": {"1": …, "2": …}}`` one actual per numbered item; ``events``/``conditions``.

>>> read_record({"items": [1, 3]})[2].conditions == frozenset({"1", "3"})
True
"""

from __future__ import annotations

import re
from decimal import InvalidOperation

from .errors import ActualValueError
from .funds import FUNDS_KEYS, rate_actual
from .limits import check_depth, elide, text_of
from .normalize import normalize
from .outcome import Facts
from .targets import clean_decimal

__all__ = ["RECORD_KEYS", "make_facts", "read_record"]


RECORD_KEYS = ("items", "grade", "ratio", "score", "completion", "parts", "events", "conditions")


def read_record(actual, events=None, conditions=None, judgement=None, weight=None, items=()):
    """One record's inputs from the documented structured forms of an actual (docs/api.md):

    {"items": [...]} the checklist items satisfied (their text, a unique prefix, or number);
    {"grade": …, "ratio": …} or {"grade": …, "score": …} a grade with the point inside it;
    {"budget": …, "executed": …} a funds line (全年预算数 / 全年执行数), read as 预算执行率 (funds.py);
    {"score": …} a discretionary score; {"completion": "85%", "score": …} a discretionary
    score checked against the band the completion falls in; {"parts": {"1": …, "2": …}} one
    actual per numbered item; "events" and "conditions" as the keywords. Returns
    (actual, events, facts); anything else is refused, naming the keys. For a rule with
    several `items`, a mapping {item name: value} gives one actual per item.
    """
    if isinstance(actual, dict | list | tuple):
        check_depth(actual, "实际完成值")
    if isinstance(actual, dict) and _keys(actual) & FUNDS_KEYS.keys():
        return rate_actual(actual), events, make_facts(conditions, judgement)  # 执行率 row
    plain = not isinstance(actual, dict) or (
        "grade" in actual and set(actual) <= {"grade", "ratio"}
    )
    if plain or (items and not _keys(actual) & set(RECORD_KEYS)):
        return actual, events, make_facts(conditions, judgement)
    unknown = sorted(_keys(actual) - set(RECORD_KEYS))
    if unknown:
        raise ActualValueError(
            f"实际完成值中有无法识别的键：{'、'.join(unknown)}",
            hint=f"可用的键：{'、'.join(RECORD_KEYS)}（见 docs/api.md）",
        )
    both = [key for key in ("events", "conditions") if key in actual]
    given = {"events": events, "conditions": conditions}
    for key in both:
        if given[key] is not None:
            raise ActualValueError(f"“{key}”同时在实际完成值和参数中给出，无法确定用哪一个")
    events = actual.get("events", events)
    held = actual.get("items", actual.get("conditions", conditions))
    if "items" in actual and not isinstance(actual["items"], (list, tuple)):
        raise ActualValueError(
            "“items”应为列表：符合的各项（名称或序号）", hint='如 {"items": [1, 3]}'
        )
    score = actual.get("score", judgement)
    value = actual.get("completion")
    if "grade" in actual:
        value = {"grade": actual["grade"], "ratio": _share_of(score, weight)}
        score = None
    elif "parts" in actual:
        value = _parts(actual["parts"])
    return value, events, make_facts(held, score)


def _keys(mapping: dict) -> set[str]:
    return {key if key.__class__ is str else text_of(key, "实际完成值的键") for key in mapping}


def _share_of(score, weight):
    """{"grade": …, "score": 8} of 分值 10: the point 80% inside the grade's band."""
    if score is None:
        return None
    written = text_of(score, "评定得分")
    try:
        points, _ = clean_decimal(written.strip().removesuffix("分"))
    except (InvalidOperation, ValueError):
        raise ActualValueError(f"评定得分“{elide(written)}”不是数字") from None
    return f"{points * 100 / weight}%"


def _parts(parts):
    """{"parts": {"1": …, "2": …}} or a list: the actuals of numbered items, in order."""
    if isinstance(parts, (list, tuple)):
        return list(parts)
    if not isinstance(parts, dict):
        raise ActualValueError("“parts”应为 {序号: 实际值} 或列表")
    try:
        numbered = sorted((_part_number(key), value) for key, value in parts.items())
    except ValueError:
        return dict(parts)  # by item name
    if [n for n, _ in numbered] != list(range(1, len(numbered) + 1)):
        raise ActualValueError("“parts”的序号应从1起连续编号", hint='如 {"1": "100%", "2": "98%"}')
    return [value for _, value in numbered]


def _part_number(key) -> int:
    text = text_of(key, "分项序号").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise ValueError(text)
    return int(text)


def make_facts(conditions=None, judgement=None) -> Facts:
    """The evaluator's statements: conditions that hold (names, or a ；-separated text) and a score."""
    if isinstance(conditions, str):
        conditions = [part for part in re.split(r"[；;\n]", conditions) if part.strip()]
    elif conditions is not None and not isinstance(conditions, list | tuple | set | frozenset):
        raise ActualValueError(
            f"成立条件应为文本或列表，而不是 {type(conditions).__name__}",
            hint='如 "有工作方案；记录齐全" 或 ["有工作方案", 2]',
        )
    held = frozenset(normalize(text_of(c, "成立条件")).strip() for c in (conditions or ()))
    score = None
    written = None if judgement is None else text_of(judgement, "评定得分").strip()
    if written:
        try:
            score, _ = clean_decimal(written.removesuffix("分"))
        except (InvalidOperation, ValueError):
            raise ActualValueError(f"评定得分“{elide(written)}”不是数字") from None
    return Facts(conditions=held, judgement=score)
