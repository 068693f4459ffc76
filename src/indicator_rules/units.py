"""Units are data: one table of (name, dimension, factor to the dimension's base unit).

万元 is money with factor 10000 (base 元); ‰ is a percentage with factor 0.1; 人 and 人次 count
people. A unit the table does not know is its own dimension: it compares only with itself, so
"25TB" against "25TB" works and "25TB" against "25人" is a `UnitMismatchError`, never a guess.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import attrs

__all__ = [
    "DIMENSION_NAMES",
    "EVENT_MEASURES",
    "PERCENT",
    "Unit",
    "base_unit",
    "known_names",
    "lookup_unit",
]


@attrs.frozen(slots=True, kw_only=True)
class Unit:
    """A unit as written (`name`), its `dimension` and the `factor` to the dimension's base."""

    name: str
    dimension: str
    factor: Decimal = Decimal(1)


DIMENSION_NAMES = {
    "percent": "百分比",
    "people": "人数",
    "count": "数量",
    "money": "金额",
    "day": "天数",
    "month": "月数",
    "year": "年数",
    "length": "长度",
    "area": "面积",
    "mass": "重量",
    "score": "分数",
    "times": "倍数",
}

_TABLE: dict[str, tuple[str, str]] = {}


def _add(dimension: str, factor: str, *names: str) -> None:
    for name in names:
        _TABLE[name] = (dimension, factor)


_add("percent", "1", "%", "百分比", "百分点", "个百分点")
_add("percent", "0.1", "‰")
_add("people", "1", "人", "人次", "名", "位", "人/次")
_add("people", "10000", "万人", "万人次")
_add(
    "count",
    "1",
    "个",
    "户",
    "条",
    "次",
    "项",
    "只",
    "头",
    "台",
    "套",
    "家",
    "所",
    "处",
    "件",
    "份",
    "场",
    "期",
    "批",
    "篇",
    "例",
    "起",
    "辆",
    "座",
    "张",
    "本",
    "册",
    "间",
    "栋",
    "块",
    "株",
    "棵",
    "匹",
    "羽",
    "口",
    "眼",
    "宗",
    "单",
    "门",
    "类",
    "种",
    "组",
    "支",
    "部",
    "节",
    "课时",
    "学时",
    "场次",
    "户次",
    "家次",
    "个数",
    "单位",
    "个单位",
)
_add("count", "10000", "万", "万个", "万户", "万次")
_add("count", "100000000", "亿")
_add("money", "1", "元")
_add("money", "1000", "千元")
_add("money", "10000", "万元")
_add("money", "100000000", "亿元")
_add("day", "1", "天", "日", "个工作日", "工作日")
_add("month", "1", "月", "个月")
_add("year", "1", "年")
_add("length", "1", "米", "m")
_add("length", "0.01", "厘米", "cm")
_add("length", "1000", "公里", "千米", "km")
_add("area", "1", "平方米", "㎡", "m2")
_add("area", "666.6666666666666666666666667", "亩")
_add("area", "10000", "公顷")
_add("area", "1000000", "平方公里")
_add("mass", "1", "公斤", "千克", "kg")
_add("mass", "0.5", "斤")
_add("mass", "1000", "吨")
_add("score", "1", "分")
_add("times", "1", "倍")

# The counts a per-event deduction is measured in (每次 · 每例 · 有一项 …): a chosen part of the
# count and people units above — not 期, 部, 口 (一部分, 一口气 are no counts of events).
EVENT_MEASURES = frozenset(
    {
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
        "张",
        "本",
        "册",
        "间",
        "栋",
        "块",
        "株",
        "棵",
        "辆",
        "座",
        "宗",
        "种",
        "组",
        "个单位",
        "单位",
    }
)
assert _TABLE.keys() >= EVENT_MEASURES

PERCENT = Unit(name="%", dimension="percent")


def known_names() -> tuple[str, ...]:
    """Every unit name the table knows, longest first."""
    return tuple(sorted(_TABLE, key=len, reverse=True))


@functools.lru_cache(maxsize=1024)
def lookup_unit(name: str) -> Unit:
    """The `Unit` for a unit name as written; an unknown name is a dimension of its own.

    One `Unit` object per name (cached): compiled scorers recognise their own unit by identity.

    A rate such as 元/人 or 万元/户 is money per the denominator: its dimension names the
    denominator, its factor is the numerator's.
    """
    name = name.strip()
    if name in _TABLE:
        dimension, factor = _TABLE[name]
        return Unit(name=name, dimension=dimension, factor=Decimal(factor))
    if "/" in name:
        numerator, _, denominator = name.partition("/")
        if numerator in _TABLE:
            dimension, factor = _TABLE[numerator]
            return Unit(name=name, dimension=f"{dimension}/{denominator}", factor=Decimal(factor))
    return Unit(name=name, dimension=f"unit:{name}")


def dimension_name(unit: Unit | None) -> str:
    """The Chinese name of a unit's dimension, for error messages."""
    if unit is None:
        return "无单位数值"
    dimension = unit.dimension
    if dimension.startswith("unit:"):
        return f"以“{unit.name}”计的数值"
    head, _, per = dimension.partition("/")
    name = DIMENSION_NAMES.get(head, head)
    return f"{name}/{per}" if per else name


_BASE_NAMES = {"money": "元", "count": "个", "people": "人", "percent": "%"}


def base_unit(unit: Unit) -> Unit:
    """The unit of factor 1 of `unit`'s dimension (万元 → 元), or `unit` itself when it has none."""
    name = _BASE_NAMES.get(unit.dimension)
    return lookup_unit(name) if name is not None else unit
