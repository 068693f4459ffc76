"""Reading one actual value (实际完成值) against its target: a number in the target's unit, a
date, a grade, a place in a ranking, the rule's own words, one value per item — or a refusal
naming what was written and what the target wants. Targets themselves: targets.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from .errors import ActualValueError, UnitMismatchError
from .limits import elide, text_of
from .model import (
    DateValue,
    Grade,
    GradeActual,
    ItemActuals,
    Qualitative,
    Quantity,
    Target,
    fmt,
)
from .normalize import normalize
from .targets import (
    _GRADE_WORDS,
    _MAGNITUDES,
    _has_number,
    _is_place,
    check_size,
    clean_decimal,
    read_quantity,
)
from .units import base_unit

__all__ = ["GRADE_SCALES", "parse_actual", "parse_item_actuals", "scales_bare_numbers"]


def parse_actual(actual, target: Target, items: tuple[str, ...] = ()):
    """An actual value as given (text, number, Decimal, date, or {"grade", "ratio"}) → a value.

    Returns a `Quantity`, `DateValue` or `GradeActual`, checked against what the target needs;
    for a rule with several `items`, an `ItemActuals` (see `parse_item_actuals`).
    """
    if items:
        return parse_item_actuals(actual, items, target)
    if isinstance(actual, bool) or actual is None:
        raise ActualValueError(f"实际完成值“{actual}”无法使用", hint="填写数值、日期或评定等级")
    if isinstance(actual, dict):
        return _grade_from_mapping(actual)
    if isinstance(actual, (dt.date, dt.datetime)):
        return DateValue(year=actual.year, month=actual.month, day=actual.day, text=str(actual))
    if isinstance(actual, (int, float, Decimal)):
        written = text_of(actual, "实际完成值")  # a float by its repr; a huge int refused
        try:
            value, _ = clean_decimal(written)
        except (ValueError, InvalidOperation) as error:
            raise ActualValueError(f"实际完成值“{elide(written)}”无法使用：{error}") from None
        quantity = _inherit_unit(Quantity(amount=value, unit=None, text=""), target)
        return _check_sign(_numeric_for(quantity, target, written), written)
    raw = text_of(actual, "实际完成值").strip()
    if not raw:
        raise ActualValueError("实际完成值为空", hint="填写数值、日期或评定等级")
    grade = _GRADE_WORDS.get(normalize(raw))
    if grade is not None:
        return GradeActual(grade=grade, text=raw)
    if normalize(raw) in GRADE_SCALES:
        raise ActualValueError(
            f"实际完成值“{raw}”是等级的名称，不是评定的等级",
            hint="填写评定的等级，如“优”“好”或“达成年度指标”",
        )
    if isinstance(target.value, Qualitative) and normalize(raw) == normalize(target.value.text):
        return GradeActual(grade=Grade.MET, text=raw)
    _refuse_difference(raw)
    if not _has_number(normalize(raw)):
        raise ActualValueError(
            f"实际完成值“{raw}”无法识别",
            hint="填写数值（如 72%）、日期（如 2026年12月）或评定等级（达成年度指标 / "
            "部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差）",
        )
    written_op, value = read_quantity(raw, "实际完成值")
    if written_op is not None and not _is_place(value):
        raise ActualValueError(
            f"实际完成值“{raw}”带有比较词，不是确切的数值",
            hint="填写实际完成的确切数值，如 78%",
        )
    if isinstance(value, Quantity):
        return _check_sign(_numeric_for(_inherit_unit(value, target), target, raw), raw)
    return value


# 低2个百分点 · 比目标低2% · 少3张: a difference from something, not the value achieved (a word
# of change — 降低5%, 提高5%, 增长5% — is the value of a rate, and stays a name)
_DIFFERENCE = re.compile(r"(?:^|[^降减提增])([低高少多差欠缺])(?:了|出)?$")
_GAP_WORDS = re.compile(r"(差距|相差|超出|高出)")  # 超出目标2% · 差距2%: how far, again
_NUMBER_START = re.compile(r"[0-9一二两三四五六七八九十百千零〇]")


def _refuse_difference(raw: str) -> None:
    """An actual whose words before its number say “less/more by” is a gap, refused: read as the
    number, 低2个百分点 was 2%, scored silently against the target."""
    plain = normalize(raw)
    start = _NUMBER_START.search(plain)
    head = plain[: start.start()].rstrip() if start else ""
    found = _DIFFERENCE.search(head) or _GAP_WORDS.search(head)
    if found is not None:
        raise ActualValueError(
            f"实际完成值“{raw}”写的是差距（“{found.group(1)}”多少），不是实际完成的数值",
            hint="填写实际完成的确切数值，如 97%",
        )


# 好坏, 优良中差: the name of a grade scale, which is neither a target met nor a grade given
GRADE_SCALES = frozenset(
    {"好坏", "优良中差", "优良中低差", "优良差", "好中差", "优良中", "好较好一般差"}
)


def _numeric_for(value: Quantity, target: Target, raw: str) -> Quantity:
    """A qualitative target (效果显著) is measured in numbers only as a percentage: a bare
    number against it means nothing and is refused."""
    if isinstance(target.value, Qualitative) and not value.is_percent:
        raise ActualValueError(
            f"定性指标“{target.display}”的实际完成值“{raw}”不是百分比，无法比较",
            hint="填写评定等级（达成年度指标 / 部分达成… / 未达成…），或完成程度的百分比，如 95%",
        )
    return value


_VALUE_START = re.compile(r"[<>=≥≤+\-.0-9]")


def _item_part(part: str) -> tuple[str, str] | None:
    r"""(name, value) of “猪瘟: 100%”, “猪瘟100%” or “100%”: the value from the first character
    that can open a number, the name before it less one colon and the spaces; None when there
    is no value or the name holds a colon of its own. In linear time (the one regex this was,
    ^\s*(name)*?\s*:?\s*(value), backtracked in O(n⁴) on spaces)."""
    found = _VALUE_START.search(part)
    if found is None or "\n" in part[found.start() :]:
        return None
    head = part[: found.start()]
    name, colon, rest = head.partition(":")
    if ":" in rest or (colon and rest.strip()):
        return None
    return name.strip(), part[found.start() :]


def parse_item_actuals(actual, items: tuple[str, ...], target: Target) -> ItemActuals:
    """The actuals of a rule with several items, one per item, in the rule's order.

    Given as a mapping {item: value}, a sequence in the rule's order, or a text such as
    “猪瘟100%；猪蓝耳病98%；猪口蹄疫97%” (names, or values alone in order, split by ； or ，).
    A name matches the item it equals, or the one item it begins or that begins it
    (猪口蹄疫 for 猪口蹄疫免疫密度).
    """
    listing = "、".join(items)
    if isinstance(actual, dict):
        pairs = [(text_of(name, "分项名称"), value) for name, value in actual.items()]
    elif isinstance(actual, (list, tuple)):
        pairs = [("", value) for value in actual]
    elif isinstance(actual, str) and actual.strip():
        pairs = []
        for part in re.split(r"[；;，,、\n]", normalize(actual)):
            if not part.strip():
                continue
            match = _item_part(part)
            if match is None:
                raise ActualValueError(
                    f"分项实际值“{part.strip()}”无法识别", hint=f"如“{items[0]}100%；…”"
                )
            pairs.append(match)
    else:
        raise ActualValueError(
            f"该指标分项计分（{listing}），需要每个分项的实际完成值",
            hint=f"如“{items[0]}100%；{items[1]}98%”，或按顺序写“100%；98%…”",
        )
    named = [name for name, _ in pairs if name]
    if named and len(named) != len(pairs):
        raise ActualValueError("分项实际值要么都写分项名称，要么都不写（按评分标准中的顺序）")
    if len(pairs) != len(items):
        raise ActualValueError(
            f"该指标有{len(items)}个分项（{listing}），给出了{len(pairs)}个实际值",
            hint="每个分项填写一个实际完成值",
        )
    if named:
        order = [_item_index(name, items) for name in named]
        if len(set(order)) != len(order):
            raise ActualValueError(f"分项实际值中有分项重复：{'、'.join(named)}")
        pairs = [pair for _, pair in sorted(zip(order, pairs, strict=True))]
    values = []
    for (_, value), item in zip(pairs, items, strict=True):
        single = parse_actual(value, target)
        if not isinstance(single, Quantity):
            raise ActualValueError(f"分项“{item}”的实际值应为数值，而不是“{single.display}”")
        values.append(single)
    text = actual if isinstance(actual, str) else ""
    return ItemActuals(values=tuple(values), text=text)


def _item_index(name: str, items: tuple[str, ...]) -> int:
    key = normalize(name).strip()
    exact = [i for i, item in enumerate(items) if normalize(item) == key]
    if exact:
        return exact[0]
    close = [
        i
        for i, item in enumerate(items)
        if normalize(item).startswith(key) or key.startswith(normalize(item))
    ]
    if len(close) != 1:
        why = "不是" if not close else "可对应多个"
        raise ActualValueError(f"“{name}”{why}评分标准中的分项", hint=f"分项为：{'、'.join(items)}")
    return close[0]


_WRITTEN_MAGNITUDE = re.compile(r"[0-9.]\s*(万|亿|千)")


def _inherit_unit(value: Quantity, target: Target) -> Quantity:
    """A bare number takes the target's unit as written: 100 against ≥100% is 100%, 95 against
    ≥100万元 is 95万元, 40万 against 35 万元 (度量单位) is 40万元. A target of 0 with no unit takes
    the actual's; another unitless target against an actual with a unit other than % is refused."""
    goal = target.value
    if not isinstance(goal, Quantity):
        return value
    if goal.unit is None:
        if value.unit is None or goal.amount == 0 or value.is_percent:
            return value
        raise UnitMismatchError(
            f"指标值“{target.display}”没有单位，实际完成值“{value.display}”带单位，无法确定指标值的单位",
            hint=f"给指标值写上单位，如“{target.display}{value.unit.name}”",
        )
    if value.unit is not None:
        return value
    own_magnitude = _WRITTEN_MAGNITUDE.search(normalize(value.text)) is not None
    unit, amount = goal.unit, value.amount
    if own_magnitude and unit.factor != 1:  # 40万 against 万元: the magnitude is written once
        unit = base_unit(unit)
    elif not own_magnitude:
        written = _WRITTEN_MAGNITUDE.search(normalize(goal.text))
        if written is not None:  # 95 against ≥100万元: 95万元
            try:
                amount = check_size(amount * _MAGNITUDES[written.group(1)])
            except ValueError as error:
                raise ActualValueError(f"实际完成值“{value.text}”{error}") from None
            shown = value.text or fmt(value.amount)
            return Quantity(amount=amount, unit=unit, text=f"{shown}{written.group(1)}{unit.name}")
    return Quantity(amount=amount, unit=unit, text=value.text)


def scales_bare_numbers(target: Target) -> bool:
    """Whether `_inherit_unit` reads a bare number against `target` in a magnitude or a unit
    other than the target's base (95 against ≥100万元 is 95万元)."""
    goal = target.value
    if not isinstance(goal, Quantity) or goal.unit is None:
        return False
    return goal.unit.factor != 1 or _WRITTEN_MAGNITUDE.search(normalize(goal.text)) is not None


def _check_sign(value: Quantity, raw: str) -> Quantity:
    """A negative actual is a real value only as a percentage (a rate of change: −5% is below
    0%); a negative count, amount, duration or bare number is refused, never clamped to 0."""
    if value.amount < 0 and not value.is_percent:
        raise ActualValueError(
            f"实际完成值“{raw}”为负数",
            hint="数量、金额、天数不能为负；变动率、增长率等请写成百分比，如 -5%",
        )
    if value.amount == 0 and value.amount.is_signed():
        return Quantity(amount=abs(value.amount), unit=value.unit, text=value.text)  # -0 is 0
    return value


def _grade_from_mapping(actual: dict) -> GradeActual:
    name = text_of(actual.get("grade", ""), "评定等级").strip()
    grade = _GRADE_WORDS.get(normalize(name))
    if grade is None:
        raise ActualValueError(
            f"评定等级“{name}”无法识别",
            hint="等级应为 达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差",
        )
    ratio = actual.get("ratio")
    if ratio is None:
        return GradeActual(grade=grade, text=name)
    _, quantity = read_quantity(text_of(ratio, "评分比例"), "评分比例")
    if not isinstance(quantity, Quantity) or (
        quantity.unit is not None and not quantity.is_percent
    ):
        raise ActualValueError(f"评分比例“{ratio}”应为百分比，如 75%")
    share = quantity.amount / 100 if quantity.is_percent else quantity.amount
    return GradeActual(grade=grade, ratio=share, text=name)
