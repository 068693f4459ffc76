"""How `indicator-rules test` (propcheck.py) compares values: which way is better for a row,
a number ordering its values, whether a value meets the 指标值, whether a value lies in a gap
between bands."""

from __future__ import annotations

from decimal import Decimal

from .errors import IndicatorRulesError
from .model import DateValue, Operator, Quantity

__all__ = ["direction", "holds", "in_gap", "meets", "order_key"]


def holds(band, value: Quantity) -> bool:
    """`band.holds(value)`, False for a value of another dimension than the band's."""
    try:
        return band.holds(value)
    except IndicatorRulesError:  # another unit's dimension: not this band's value
        return False


def _side(bound, value: Quantity, sign: int) -> bool:
    """Whether `value` lies beyond `bound` (sign 1: above it, -1: below it)."""
    if bound is None or not value.convertible(bound.value):
        return False
    amount = value.in_unit_of(bound.value)
    limit = bound.value.amount
    return (amount - limit) * sign > 0 or (amount == limit and not bound.closed)


def in_gap(bands, value: Quantity) -> bool:
    """Whether no band holds `value` while one lies below it and one above (a gap; beyond the
    lowest or the highest band is nothing, as written).

    >>> from indicator_rules import parse_rule
    >>> bands = parse_rule("≥90%得10分；80%(含)-90%得8分；60%以下不得分").bands
    >>> [in_gap(bands, Quantity(amount=a)) for a in (95, 85, 70, 60, 50)]
    [False, False, True, False, False]
    """
    if any(holds(band, value) for band in bands):
        return False
    above = any(_side(band.upper, value, 1) for band in bands)
    below = any(_side(band.lower, value, -1) for band in bands)
    return above and below


def direction(row) -> int | None:
    """+1 when more is better, -1 when less is, None when the row says neither."""
    rule, target = row.rule, row.target
    if isinstance(target.value, DateValue) or (rule is not None and rule.late is not None):
        return -1
    if rule is not None and (rule.ranks or rule.rank_step):
        return -1
    if rule is not None and rule.per_unit is not None:
        return 1
    if isinstance(target.value, Quantity) and target.operator is not Operator.EQ:
        return -1 if target.operator.reverse else 1
    if rule is None:  # = is scored as ≥ by the default method
        return 1 if isinstance(target.value, Quantity) else None
    if rule.full is not None and rule.threshold is not None:
        return -1 if rule.full.condition.operator.reverse else 1
    if rule.bands:
        best = max(
            rule.bands, key=lambda band: band.points if band.points is not None else row.weight
        )
        if best.upper is None and best.lower is not None:
            return 1
        if best.lower is None and best.upper is not None:
            return -1
    if rule.interpolation is not None:
        return 1
    if isinstance(target.value, Quantity) and not rule.bands:
        return 1  # =100% with 否则按比例得分: scored as ≥
    return None  # =0 with bands 0 / 0-10% / …: the bands say which way, not the =


def order_key(value, row) -> Decimal | None:
    """A number ordering the values the direction compares: an amount in the target's unit,
    a month count for a date, the place or the count itself."""
    if isinstance(value, Quantity):
        reference = row.target.value if isinstance(row.target.value, Quantity) else None
        if reference is not None and value.convertible(reference):
            return value.in_unit_of(reference)
        return value.amount
    if isinstance(value, DateValue):
        year = value.year or getattr(row.target.value, "year", None) or 0
        return Decimal(year * 12 + value.month)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return None


def meets(value, target) -> bool | None:
    """Whether a value meets the 指标值 (= as ≥), None when they do not compare."""
    reference = target.value
    if isinstance(value, Quantity) and isinstance(reference, Quantity):
        if not value.convertible(reference):
            return None
        return target.operator.holds(value.in_unit_of(reference), reference.amount)
    if isinstance(value, DateValue) and isinstance(reference, DateValue):
        year = value.year or reference.year or 0
        return (year, value.month) <= ((reference.year or year), reference.month)
    return None
