"""The frozen model: what a target, an actual value and a scoring rule mean, as values.

Parsers build these; the printer turns a `Rule` back into canonical text; the compiler turns it
into a scorer. Nothing here evaluates anything. Text as the user wrote it and source positions
travel with the values but are left out of equality.
"""

from __future__ import annotations

import enum
import operator
from decimal import Decimal

import attrs

from .errors import UnitMismatchError
from .units import Unit, dimension_name

__all__ = [
    "NO_TARGET",
    "Award",
    "Band",
    "Bonus",
    "Bound",
    "DateValue",
    "Discretion",
    "EventDeduction",
    "Full",
    "Grade",
    "GradeActual",
    "GradeLimit",
    "Interpolation",
    "ItemActuals",
    "LateDeduction",
    "MeetTarget",
    "NoScore",
    "OnTime",
    "Operator",
    "Penalty",
    "PerUnit",
    "Proportional",
    "Qualitative",
    "Quantity",
    "RankBand",
    "RankStep",
    "Reach",
    "Rule",
    "Statement",
    "StepDeduction",
    "StepDirection",
    "Target",
    "Unsaid",
    "Unstated",
]

_frozen = attrs.frozen(slots=True, kw_only=True)


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


class Operator(enum.Enum):
    """指标性质: how the actual is compared with the target."""

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="

    @property
    def reverse(self) -> bool:
        """True for 反向 indicators (smaller is better: ≤ and <)."""
        return self in (Operator.LE, Operator.LT)

    def holds(self, actual: Decimal, target: Decimal) -> bool:
        """Whether `actual` meets `target` under this operator (= is scored like ≥)."""
        return _HOLDS[self](actual, target)

    @property
    def compare(self):
        """`holds` as a plain two-argument function (operator.ge …), for compiled scorers."""
        return _HOLDS[self]


_HOLDS = {
    Operator.GE: operator.ge,
    Operator.EQ: operator.ge,
    Operator.GT: operator.gt,
    Operator.LE: operator.le,
    Operator.LT: operator.lt,
}


@_frozen
class Quantity:
    """A number with an optional unit: 31.7万人 is `amount=317000, unit=人`."""

    amount: Decimal = attrs.field(converter=_decimal)
    unit: Unit | None = None
    text: str = attrs.field(default="", eq=False)

    @property
    def is_percent(self) -> bool:
        return self.unit is not None and self.unit.dimension == "percent"

    def convertible(self, other: Quantity) -> bool:
        if self.unit is None or other.unit is None:
            return True
        return self.unit.dimension == other.unit.dimension

    def in_unit_of(self, other: Quantity) -> Decimal:
        """This amount expressed in `other`'s unit; different dimensions are an error."""
        if not self.convertible(other):
            raise UnitMismatchError(
                f"单位不一致：“{self.display}”是{dimension_name(self.unit)}，"
                f"“{other.display}”是{dimension_name(other.unit)}，不能比较",
                hint="实际完成值应与指标值使用同一类单位",
            )
        if self.unit is None or other.unit is None or self.unit.name == other.unit.name:
            return self.amount
        return self.amount * self.unit.factor / other.unit.factor

    @property
    def display(self) -> str:
        """The value as written (without a leading operator), else amount and unit."""
        if self.text:
            return self.text
        return f"{fmt(self.amount)}{self.unit.name if self.unit else ''}"

    @property
    def display_with_unit(self) -> str:
        """`display`, with the unit appended when it came from a 度量单位 column: 80 → 80%."""
        text = self.display
        if (
            self.unit is not None
            and not text.endswith(self.unit.name)
            and (self.text and self.text[-1:].isdigit())
        ):
            return text + self.unit.name
        return text


@_frozen
class DateValue:
    """A date as precise as it was written: 2026年12月 has no day; 年底 is month 12."""

    year: int | None
    month: int
    day: int | None = None
    text: str = attrs.field(default="", eq=False)

    @property
    def display(self) -> str:
        if self.text:
            return self.text
        year = f"{self.year}年" if self.year else ""
        day = f"{self.day}日" if self.day else ""
        return f"{year}{self.month}月{day}"


@_frozen
class Qualitative:
    """A qualitative target such as 效果显著, 切实提升, 按财政规定执行."""

    text: str

    @property
    def display(self) -> str:
        return self.text


class Grade(enum.Enum):
    """The three official grades of a qualitative indicator and their bands (share of 分值)."""

    MET = "达成年度指标"
    PARTIAL = "部分达成年度指标并具有一定效果"
    FAILED = "未达成年度指标且效果较差"


@_frozen
class GradeActual:
    """A qualitative actual: the evaluator's grade and, optionally, the point chosen in its band."""

    grade: Grade
    ratio: Decimal | None = None
    text: str = attrs.field(default="", eq=False)

    @property
    def display(self) -> str:
        return self.grade.value


@_frozen
class ItemActuals:
    """One actual per item of a rule with several items (猪瘟100%；猪蓝耳病98%), in the rule's
    order of items."""

    values: tuple[Quantity, ...]
    text: str = attrs.field(default="", eq=False)

    @property
    def display(self) -> str:
        return self.text or "；".join(value.display for value in self.values)


@_frozen
class Unstated:
    """No 指标值: the rule states its own measure, threshold or conditions (评价指标体系 rows)."""

    @property
    def display(self) -> str:
        return ""


@_frozen
class Statement:
    """An actual in words (有, 没有, 符合, 未按时, 记录不全): what the evaluator found. Which
    condition of the rule it answers is decided by the rule's scorer (states.py)."""

    text: str

    @property
    def display(self) -> str:
        return self.text

    display_with_unit = display


@_frozen
class Target:
    """指标值 with its operator: `≥90%`, `≤35万元`, `=2023年9月`, `效果显著`."""

    operator: Operator
    value: Quantity | DateValue | Qualitative | Unstated
    text: str = attrs.field(default="", eq=False)

    @property
    def stated(self) -> bool:
        """Whether the row has a 指标值 at all."""
        return not isinstance(self.value, Unstated)

    @property
    def display(self) -> str:
        if not self.stated:
            return ""
        plain = isinstance(self.value, Qualitative) or self.operator is Operator.EQ
        op = "" if plain else self.operator.value
        shown = (
            self.value.display_with_unit if isinstance(self.value, Quantity) else self.value.display
        )
        return f"{op}{shown}"


NO_TARGET = Target(operator=Operator.EQ, value=Unstated())

# --- scoring rules -----------------------------------------------------------------------------


def fmt(value: Decimal) -> str:
    """A Decimal as people write it: 8 not 8.00, 4.98 not 4.980, never an exponent."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# The terms of a rule, re-exported: `from indicator_rules.model import Rule` keeps working.
from .terms import (  # noqa: E402
    Award,
    Band,
    Bonus,
    Bound,
    Discretion,
    EventDeduction,
    Full,
    GradeLimit,
    Interpolation,
    LateDeduction,
    MeetTarget,
    NoScore,
    OnTime,
    Penalty,
    PerUnit,
    Proportional,
    RankBand,
    RankStep,
    Reach,
    Rule,
    StepDeduction,
    StepDirection,
    Unsaid,
)
