"""Score many actuals of one indicator at once, with NumPy, exactly as the Decimal path does.

Every input is scaled to integers (the actuals, the target and the rule's numbers share one power
of ten), each score is computed as an integer fraction, and rounded half-up to the cent once — so
the result equals `score_row(...).score` to the cent on every input, ties at half a cent included.
Rules the vector plans do not cover (named conditions, events, dates, qualitative grades) are
scored by the compiled per-record scorer instead: slower, never different.

>>> import numpy as np
>>> result = score_batch("达标得满分10分，否则每少10%扣2分", "≥80%", 10, np.array([85.0, 72.0, 69.9]))
>>> result.cents.tolist()
[1000, 800, 600]
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .compiler import NO_FACTS
from .errors import ActualValueError, IndicatorRulesError
from .extras import require
from .model import NoScore, Operator, Proportional, Quantity, Rule, StepDeduction
from .options import ScoringOptions, round_score
from .scoring import compile_indicator

__all__ = ["BatchResult", "score_batch"]

np = require("numpy", "dataframes", "批量评分")  # this module is imported only when used

_INT64_SAFE = 2**62


@attrs.frozen(slots=True)
class BatchResult:
    """Scores in cents (int64, exact); `scores` as Decimals on demand; `vectorised` says which
    path ran."""

    cents: np.ndarray
    vectorised: bool

    @property
    def scores(self) -> list[Decimal]:
        return [Decimal(int(c)).scaleb(-2) for c in self.cents]

    def as_float(self) -> np.ndarray:
        """Scores as floats, for plotting or display (the exact figures are `cents`)."""
        return self.cents / 100


def _scaled_integers(values: np.ndarray, at_least: int) -> tuple[np.ndarray, int]:
    """The floats as integers ×10^places, for the first places in (2, 4, 6) that holds each value
    exactly as written (its shortest repr); `at_least` is what the rule's own numbers need."""
    for places in (2, 4, 6):
        if places < at_least:
            continue
        scaled = values * float(10**places)
        whole = np.rint(scaled)
        if np.all(np.abs(scaled - whole) <= 1e-6):
            return whole.astype(np.int64), places
    raise ActualValueError("批量实际值的小数位数超过6位", hint="先把实际值四舍五入到需要的精度")


def _as_array(actuals) -> np.ndarray:
    if hasattr(actuals, "to_numpy"):  # pandas Series, pyarrow arrays
        actuals = actuals.to_numpy()
    array = np.asarray(actuals)
    if array.dtype.kind not in "iuf":
        try:
            array = np.array([float(Decimal(str(v))) for v in array], dtype=float)
        except Exception:
            raise ActualValueError("批量实际值应为数值（按指标值的单位）") from None
    if not np.all(np.isfinite(array)):
        raise ActualValueError("批量实际值中有缺失或无穷大的数")
    return array.astype(float) if array.dtype.kind == "f" else array.astype(np.int64)


def _round_half_up(numerator, denominator):
    """Half-up rounding of non-negative integer fractions, element-wise."""
    return (2 * numerator + denominator) // (2 * denominator)


def _fast_half_up(factor: int, b: np.ndarray, denominator: int) -> np.ndarray:
    """round_half_up(factor·b / denominator) for non-negative integer b, computed in float64 and
    redone in integers for the few values within 1e-7 of a tie (float error is ~1e-12 here)."""
    x = (float(factor) * b) / float(denominator)
    result = np.floor(x + 0.5).astype(np.int64)
    near = np.abs(x - np.floor(x) - 0.5) < 1e-7
    if near.any():
        result[near] = _round_half_up(factor * b[near], denominator)
    return result


def _scale(value: Decimal, places: int) -> int:
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ValueError("inexact")
    return int(scaled)


def _threshold(rule: Rule | None, target):
    if rule is not None and rule.threshold is not None:
        threshold = rule.threshold
        operator = rule.full.condition.operator
    else:
        threshold, operator = target.value, target.operator
    return threshold, operator


def _vectorisable(rule: Rule | None) -> bool:
    """Whether the rule is one the vector plans know: a threshold with its fallback, or bands.
    Anything else (events, dates, named conditions, ranks, grades, items …) is scored per record."""
    return rule is None or not (
        rule.events
        or rule.late
        or rule.judged
        or rule.interpolation
        or rule.rank_step
        or rule.ranks
        or rule.grades
        or rule.items
    )


def _plan(rule: Rule | None, target, weight: Decimal, options: ScoringOptions):
    """A vector function cents(B, S) for the rule, or None when the rule needs the record path."""
    if not _vectorisable(rule):
        return None
    if not isinstance(target.value, Quantity):
        return None
    if rule is not None and rule.bands:
        return _bands_plan(rule, weight)
    threshold, operator = _threshold(rule, target)
    if (
        threshold.unit is not None
        and target.value.unit is not None
        and (threshold.unit.name != target.value.unit.name)
    ):
        return None
    fallback = rule.fallback if rule is not None else None
    if fallback is None:
        fallback = Proportional()
    reverse = operator.reverse
    strict = operator in (Operator.GT, Operator.LT)
    a = threshold.amount

    def met(b, a_scaled):
        if reverse:
            return b < a_scaled if strict else b <= a_scaled
        return b > a_scaled if strict else b >= a_scaled

    if isinstance(fallback, NoScore):

        def cents(b, places):
            a_s = _scale(a, places)
            return np.where(met(b, a_s), _scale(weight, 2), 0)

        return cents
    if isinstance(fallback, Proportional):
        return _ratio_plan(weight, a, reverse, met, options)
    if isinstance(fallback, StepDeduction):
        return _step_plan(weight, threshold, fallback, met, options, reverse)
    return None


def _ratio_plan(weight, a, reverse, met, options):
    def cents(b, places):
        scale = 10**places
        w_s, a_s = _scale(weight, places), _scale(a, places)
        full = _scale(weight, 2)
        if not reverse:
            if a_s <= 0:
                return np.full(b.shape, full)
            # 100·w·B/A with w, B, A scaled by 10^places: 100·W·Bi / (scale·Ai)
            raw = _fast_half_up(100 * w_s, b, scale * a_s)
            return np.where(met(b, a_s), full, np.minimum(raw, full))
        if options.reverse == "ratio":
            safe_b = np.where(b > 0, b, 1)
            raw = np.where(b > 0, _round_half_up(100 * w_s * a_s, scale * safe_b), 0)
        else:  # linear: w·(2A − B)/A, at least 0
            if a_s <= 0:
                return np.where(met(b, a_s), full, 0)
            raw = _round_half_up(100 * w_s * np.maximum(2 * a_s - b, 0), scale * a_s)
        return np.where(met(b, a_s), full, np.minimum(raw, full))

    return cents


def _step_plan(weight, threshold, step: StepDeduction, met, options, reverse: bool):
    over = step.direction.over(reverse)
    relative = step.step.is_percent and not threshold.is_percent
    if (
        not relative
        and step.step.unit is not None
        and threshold.unit is not None
        and (
            step.step.unit.dimension != threshold.unit.dimension
            or step.step.unit.factor != threshold.unit.factor
        )
    ):
        return None

    def cents(b, places):
        scale = 10**places
        a_s = _scale(threshold.amount, places)
        g = (b - a_s) if over else (a_s - b)
        g = np.maximum(g, 0)
        st = _scale(step.step.amount, places)
        w_s, p_s = _scale(weight, places), _scale(step.points, places)
        if relative:  # gap% = g·100/A; steps = gap% / step% = 100·g / (A·step)
            if a_s <= 0:
                return np.where(met(b, a_s), _scale(weight, 2), _scale(weight, 2))
            num, den = 100 * g * scale, a_s * st
        else:
            num, den = g, st
        if options.steps == "proportional":
            # score·100 = 100·(W·den − P·num) / (scale·den), floored at 0 before rounding
            top = 100 * (w_s * den - p_s * num)
            raw = np.where(top > 0, _round_half_up(np.maximum(top, 0), scale * den), 0)
        else:
            steps = -((-num) // den) if options.steps == "ceil" else num // den
            raw = _round_half_up(100 * np.maximum(w_s - steps * p_s, 0), scale)
        return np.where(met(b, a_s), _scale(weight, 2), raw)

    return cents


def _bands_plan(rule: Rule, weight: Decimal):
    if any(band.points_low is not None for band in rule.bands):
        return None
    units = {
        b.value.unit.name if b.value.unit else None
        for band in rule.bands
        for b in (band.lower, band.upper)
        if b is not None
    }
    if len(units - {None}) > 1:
        return None

    def cents(b, places):
        conditions, values = [], []
        for band in rule.bands:
            inside = np.ones(b.shape, dtype=bool)
            if band.lower is not None:
                low = _scale(band.lower.value.amount, places)
                inside &= (b >= low) if band.lower.closed else (b > low)
            if band.upper is not None:
                high = _scale(band.upper.value.amount, places)
                inside &= (b <= high) if band.upper.closed else (b < high)
            conditions.append(inside)
            values.append(_scale(weight if band.points is None else band.points, 2))
        return np.select(conditions, values, default=0)

    return cents


def score_batch(
    rule, target, weight, actuals, *, operator=None, unit=None, options=None
) -> BatchResult:
    """Score an array of actuals (numbers in the target's unit) for one indicator row.

    `actuals` may be a NumPy array, a pandas Series, a pyarrow array or any sequence of numbers.
    """
    row = compile_indicator(
        target=target, weight=weight, rule=rule, operator=operator, unit=unit, options=options
    )
    target_value, weight_value, scorer = row.target, row.weight, row.scorer
    options = ScoringOptions.from_mapping(options)
    parsed = row.rule if row.rule is not None and row.rule.scores else None
    array = _as_array(actuals)
    unit_of = target_value.value.unit if isinstance(target_value.value, Quantity) else None
    negative = bool(array.size) and array.min() < 0
    if negative and not (unit_of is not None and unit_of.dimension == "percent"):
        index = int(np.argmax(array < 0))
        raise ActualValueError(
            f"第{index + 1}个实际值为负数：{array.tolist()[index]}",
            hint="数量、金额、天数不能为负；变动率、增长率等请以百分比为指标值",
        )
    fast = None if negative else _forward_ratio_floats(parsed, target_value, weight_value, array)
    if fast is not None:
        return BatchResult(cents=fast, vectorised=True)
    plan = None if negative else _plan(parsed, target_value, weight_value, options)
    if plan is not None:
        try:
            needed = max(
                max(0, -n.as_tuple().exponent) for n in _numbers(parsed, target_value, weight_value)
            )
            if array.dtype.kind == "f":
                b, places = _scaled_integers(array, needed)
            else:
                places = needed
                b = array.astype(np.int64) * 10**places
            bound = int(np.max(b, initial=0)) * 10 ** (places + 8) * (1 + int(weight_value))
            if places <= 6 and bound < _INT64_SAFE:
                return BatchResult(
                    cents=np.asarray(plan(b, places), dtype=np.int64), vectorised=True
                )
        except (ValueError, OverflowError):
            pass
    cents = np.empty(array.shape, dtype=np.int64)
    for index, value in enumerate(array.tolist()):
        quantity = Quantity(
            amount=Decimal(repr(value)) if isinstance(value, float) else Decimal(value),
            unit=unit_of,
        )
        try:
            outcome = scorer(quantity, None, NO_FACTS)
        except IndicatorRulesError as error:
            error.message = f"第{index + 1}个实际值：{error.message}"
            raise
        cents[index] = int(round_score(outcome.exact).scaleb(2))
    return BatchResult(cents=cents, vectorised=False)


def _forward_ratio_floats(rule, target, weight: Decimal, array: np.ndarray):
    """正向 w·min(1, B/A) straight on float input: comparisons of floats that stand for decimals
    are exact (rounding to the nearest double keeps order), and the one rounding is redone in
    scaled integers for the values within 1e-9 of a half-cent tie."""
    if (
        array.dtype.kind != "f"
        or not _vectorisable(rule)
        or (
            rule is not None
            and (
                rule.full is None
                or rule.threshold is not None
                or rule.bands
                or not (rule.fallback is None or isinstance(rule.fallback, Proportional))
            )
        )
    ):
        return None
    value = target.value
    if not isinstance(value, Quantity) or target.operator.reverse or value.amount <= 0:
        return None
    a = float(value.amount)
    if Decimal(repr(a)) != value.amount:
        return None
    full = int(weight * 100)
    if full != weight * 100:
        return None
    b = array if array.min(initial=0.0) >= 0 else np.maximum(array, 0.0)
    x = b * (100.0 * float(weight) / a)
    x += 0.5
    cents = np.floor(x)
    x -= cents  # the fraction: a tie leaves it within 1e-9 of 0 or 1
    x -= 0.5
    near = np.abs(x, out=x) > 0.5 - 1e-9
    cents = cents.astype(np.int64)
    if near.any():  # decide the ties exactly, in scaled integers
        needed = max(max(0, -n.as_tuple().exponent) for n in (weight, value.amount))
        b_int, places = _scaled_integers(b[near], needed)
        w_s, a_s = _scale(weight, places), _scale(value.amount, places)
        cents[near] = _round_half_up(100 * w_s * b_int, 10**places * a_s)
    # B ≥ A gives 100·w·B/A ≥ 100·w: the cap alone yields full marks for every met target
    return np.minimum(cents, full, out=cents)


def _numbers(rule: Rule | None, target, weight: Decimal):
    yield weight
    if isinstance(target.value, Quantity):
        yield target.value.amount
    if rule is None:
        return
    if rule.threshold is not None:
        yield rule.threshold.amount
    if isinstance(rule.fallback, StepDeduction):
        yield rule.fallback.step.amount
        yield rule.fallback.points
    for band in rule.bands:
        for bound in (band.lower, band.upper):
            if bound is not None:
                yield bound.value.amount
        if band.points is not None:
            yield band.points


def _columns(table) -> dict:
    """{column: array} from a pandas DataFrame, a pyarrow Table, or a mapping of arrays."""
    if hasattr(table, "to_pydict") and hasattr(table, "column_names"):  # pyarrow.Table
        return {name: table.column(name).to_numpy() for name in table.column_names}
    if hasattr(table, "columns") and hasattr(table, "__getitem__"):  # pandas.DataFrame
        return {str(name): table[name].to_numpy() for name in table.columns}
    return {str(name): np.asarray(values) for name, values in dict(table).items()}


@attrs.frozen(slots=True)
class TableResult:
    """Scores of many records of one project: cents per indicator, totals and grades per record."""

    indicators: dict
    execution: np.ndarray | None
    totals: np.ndarray  # cents
    grades: np.ndarray

    def to_frame(self):
        """A pandas DataFrame: one column per indicator (scores), 预算执行率, 总分, 等级."""
        pd = require("pandas", "dataframes", "DataFrame 输出")

        data = {name: cents / 100 for name, cents in self.indicators.items()}
        if self.execution is not None:
            data["预算执行率"] = self.execution / 100
        data["总分"] = self.totals / 100
        data["等级"] = self.grades
        return pd.DataFrame(data)


def evaluate_table(
    project, table, *, options=None, executed_column: str = "全年执行数"
) -> TableResult:
    """Score every record (row) of `table`: one column per 三级指标 holding actual numbers in each
    indicator's unit, and optionally a 全年执行数 column in the unit of the project's 全年预算数."""
    from .evaluation import GRADES

    columns = _columns(table)
    missing = [i.name for i in project.indicators if i.name not in columns]
    if missing:
        raise ActualValueError(f"表中缺少指标列：{'、'.join(missing)}")
    indicators = {}
    for indicator in project.indicators:
        result = score_batch(
            indicator.rule,
            indicator.target,
            indicator.weight,
            columns[indicator.name],
            options=options,
        )
        indicators[indicator.name] = result.cents
    rows = len(next(iter(indicators.values()))) if indicators else 0
    execution = None
    if executed_column in columns and project.budget is not None:
        execution = score_batch(
            None, project.budget.display, project.execution_weight, columns[executed_column]
        ).cents
    totals = sum(indicators.values(), np.zeros(rows, dtype=np.int64))
    if execution is not None:
        totals = totals + execution
    conditions = [totals >= int(lower * 100) for lower, _ in GRADES]
    grades = np.select(conditions, [name for _, name in GRADES], default=GRADES[-1][1])
    return TableResult(indicators=indicators, execution=execution, totals=totals, grades=grades)
