"""预算执行率: 全年执行数 ÷ 全年预算数, computed in one place.

`Project.evaluate` scores it as the 执行率 line of the 自评表; `score_row` reads it from a funds
line given as the actual ({"budget": "200万元", "executed": "185万元"}, or the Chinese names
全年预算数 / 全年执行数), so that a row “得分=预算执行率×分值” scores exactly as that line.

>>> funds_rate("200万元", "185万元")[2]
Decimal('0.925')
>>> funds_rate("200万元", "30")[1].display  # a bare number is in the budget's unit
'30万元'
"""

from __future__ import annotations

from decimal import Decimal

from .actual_values import parse_actual
from .errors import ActualValueError, IndicatorRulesError
from .model import Quantity
from .targets import parse_target
from .units import PERCENT

__all__ = ["FUNDS_KEYS", "funds_rate", "rate_actual"]

# The keys of a funds line, in English and as the 自评表 names them.
FUNDS_KEYS = {
    "budget": "budget",
    "全年预算数": "budget",
    "executed": "executed",
    "全年执行数": "executed",
}


def funds_rate(budget, executed) -> tuple[Quantity, Quantity, Decimal]:
    """(budget, executed, rate): the amounts as read and 执行数 ÷ 预算数, exact."""
    if isinstance(budget, Quantity):
        budget_value = budget
    else:
        try:
            budget_value = parse_target(str(budget)).value
        except IndicatorRulesError as error:
            error.message = f"全年预算数：{error.message}"
            raise
    if not isinstance(budget_value, Quantity):
        raise ActualValueError(f"全年预算数“{budget}”应为金额")
    if budget_value.amount <= 0:
        raise ActualValueError("全年预算数必须大于0")
    try:
        spent = parse_actual(executed, parse_target(budget_value.display))
    except IndicatorRulesError as error:
        error.message = f"全年执行数：{error.message}"
        raise
    if not isinstance(spent, Quantity):
        raise ActualValueError(f"全年执行数“{executed}”应为金额")
    return budget_value, spent, spent.in_unit_of(budget_value) / budget_value.amount


def rate_actual(line: dict) -> Quantity:
    """A funds line as the actual of a rate row: 执行率 as a percentage, every digit kept
    (not through text: a reader of numbers as written would take 28 places for a float's)."""
    given = {FUNDS_KEYS[key]: value for key, value in line.items() if key in FUNDS_KEYS}
    missing = [
        name
        for name, key in (("全年预算数", "budget"), ("全年执行数", "executed"))
        if key not in given
    ]
    if missing:
        raise ActualValueError(
            f"资金到位与执行情况缺少{'、'.join(missing)}",
            hint='如 {"budget": "200万元", "executed": "185万元"}',
        )
    rate = funds_rate(given["budget"], given["executed"])[2]
    percent = rate * 100
    return Quantity(amount=percent, unit=PERCENT, text=f"{round(percent, 2).normalize():f}%")
