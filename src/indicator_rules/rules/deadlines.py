"""Deductions per day or month late (deadlines.lark): 逾期每天扣1分 · 每延期一个月扣2分."""

from __future__ import annotations

from lark import Token

from ..model import (
    LateDeduction,
    Quantity,
)
from ..units import lookup_unit
from .base import (
    _LATE_UNITS,
    _Clause,
    _error,
    _first,
)


class DeadlinesTree:
    """Callbacks of deadlines.lark."""

    def late_clause(self, items):
        span = next(
            i
            for i in items
            if isinstance(i, (Quantity, Token)) and not (isinstance(i, Token) and i.type == "LATE")
        )
        if isinstance(span, Token):
            span = Quantity(amount=1, unit=lookup_unit(str(span)), text=str(span))
        if span.unit is None or span.unit.name not in _LATE_UNITS:
            raise _error("逾期扣分应按天或按月计，如“逾期每天扣1分”", _first(items))
        points, _ = items[-1]
        unit = "天" if _LATE_UNITS[span.unit.name] == "day" else "月"
        span = Quantity(amount=span.amount, unit=lookup_unit(unit), text=span.text)
        return _Clause("late", LateDeduction(span=span, points=points), _first(items))


# --- assembling ---


def add_late(asm, clause, labels) -> None:
    if asm.late is not None:
        raise _error("规则中有两种逾期扣分方法", clause.token)
    asm.late = clause.value
    asm.remarks.extend(labels)


RAW_KINDS = {}
CONDITIONED_KINDS = {"late": add_late}
