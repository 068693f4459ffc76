"""The NumPy batch path equals the Decimal per-record path to the cent, ties included."""

import os
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicator_rules import (
    ActualValueError,
    IndicatorRulesError,
    RuleConflictError,
    compile_indicator,
    score_row,
)
from indicator_rules.batch import batch_cents, score_batch

RULES = [
    None,
    "达标得满分{w}分，否则不得分",
    "达标得满分{w}分，否则按完成比例得分",
    "达标得满分{w}分，否则每少10%扣2分",
    "达80%得满分{w}分，否则每少10%扣2分",
    "满意度达到95%以上得满分{w}分，否则每少5%扣2分",
    "达标得满分{w}分，否则每降低1个百分点扣0.5分",
    "≥90%得{w}分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分",
]
TARGETS = ["≥80%", "≥90%", "=100%", "≥200", "≤35", "<50", "≥37.5%", "≥0"]

weights = st.sampled_from([Decimal(10), Decimal(20), Decimal("12.5"), Decimal(5)])
actual_values = st.decimals(min_value=-5, max_value=150, places=2)


def _expected(row, values):
    """The record path's cents of each value, or the class of the first error."""
    cents = []
    for value in values:
        try:
            cents.append(int(row.score(value) * 100))
        except IndicatorRulesError as error:
            return type(error)
    return cents


def _batch(row, array):
    try:
        return batch_cents(row, array).cents.tolist()
    except IndicatorRulesError as error:
        return type(error)


@settings(max_examples=int(os.environ.get("BATCH_EXAMPLES", "300")))
@given(
    template=st.sampled_from(RULES),
    target=st.sampled_from(TARGETS),
    weight=weights,
    actuals=st.lists(actual_values, min_size=1, max_size=20),
    steps=st.sampled_from(["ceil", "floor", "proportional"]),
    reverse=st.sampled_from(["ratio", "linear"]),
)
def test_batch_equals_record_path(template, target, weight, actuals, steps, reverse):
    """Every actual: the batch cents equal score_row's rounded score × 100 (the actual written
    as a string), or both refuse."""
    if template and "得8分" in template and weight != 10:
        weight = Decimal(10)
    rule = template.format(w=weight) if template else None
    unit = "%" if "%" in target else ""
    options = {"steps": steps, "reverse": reverse}
    try:
        score_row(target=target, weight=weight, rule=rule, actual=f"0{unit}", options=options)
    except RuleConflictError:  # 每少10% against ≤35: refused the same way on both paths
        with pytest.raises(RuleConflictError):
            score_batch(rule, target, weight, np.array([0.0]), options=options)
        return
    row = compile_indicator(target=target, weight=weight, rule=rule, options=options)
    expected = _expected(row, [f"{a}{unit}" for a in actuals])
    assert _batch(row, np.array([float(a) for a in actuals])) == expected


# Floats as users hold them: 2 decimals, more, half-cent ties, -0.0, huge, integers.
FLOATS = st.one_of(
    st.floats(0, 200).map(lambda x: round(x, 2)),
    st.floats(-5, 200).map(lambda x: round(x, 3)),
    st.floats(0, 200),
    st.sampled_from([0.0, -0.0, 80.0, 79.995, 89.995, 99.5, 4.975, 50.0, 1e15, 2.0**53, 1e300]),
    st.floats(0, 1e16),
)
ROWS = [
    *({"target": t} for t in TARGETS),
    {"target": "=0"},
    {"target": ">80%"},
    {"target": "≥100万元"},  # a bare 95 is 95万元
    {"target": "≥31.7万元"},
    {"target": "≥114803人次", "rule": "达标得满分10分，未达标准按保障人数比例得分"},
    {"target": "≥80%", "rule": "达80%得满分10分，否则每少10%扣2分"},
    {
        "target": "≥80%",
        "rule": "达80%得满分10分，否则每少3%扣0.75分",
        "options": {"steps": "floor"},
    },
    {"target": "≥200人", "rule": "达标得满分10分，否则每少10%扣2分"},
    {"target": "≤30天", "rule": "达标得满分10分，否则每超过2天扣1分"},
    {"target": "≥90%", "rule": "≥90%得10分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分"},
    {"target": "≥90", "rule": "≥90.5得10分；80(含)-90.5得8.5分；60.25以下不得分"},
    {"target": "≥90%", "rule": "达标得满分10分，否则不得分"},
    {"target": "≥85%", "rule": "达到90%得满分10分，否则按完成比例得分"},
    {"target": "按财政规定执行", "unit": "%", "rule": "达标得满分10分，否则按照执行进度得分"},
]


@settings(max_examples=int(os.environ.get("BATCH_EXAMPLES", "300")))
@given(
    spec=st.sampled_from(ROWS),
    weight=weights,
    values=st.lists(FLOATS, min_size=1, max_size=30),
    ints=st.booleans(),
)
def test_batch_equals_compiled_score_on_floats(spec, weight, values, ints):
    """score_batch on an array is compile_indicator(…).score of each element, to the cent, or
    the same refusal: negatives, strict bounds at the bound, bare numbers against 万元 and
    定性 targets, half-cent ties, huge values."""
    if "10分" in spec.get("rule", ""):
        weight = Decimal(10)
    row = compile_indicator(weight=weight, **spec)
    if ints:
        values = [int(v) for v in values if abs(v) < 2**62]
        assume(values)
    expected = _expected(row, values)
    assert _batch(row, np.array(values)) == expected
    assert _batch(row, values) == expected  # a list


def test_half_cent_ties_round_up():
    """5 × 99.5% = 4.975 → 4.98; 10 × 92.345/100 = 9.2345 → 9.23 (not a tie); 10 × 0.0005 → 0.01."""
    result = score_batch(
        "达标得满分5分，否则按完成比例得分", "100%", 5, np.array([99.5, 99.3, 0.1])
    )
    assert result.vectorised and result.cents.tolist() == [498, 497, 1]


def test_pandas_series_and_fallback_path():
    pd = pytest.importorskip("pandas")
    series = pd.Series([72.0, 85.0])
    assert score_batch("达标得满分10分，否则每少10%扣2分", "≥80%", 10, series).cents.tolist() == [
        800,
        1000,
    ]
    # a qualitative target measured in %: scored by the per-record path, same figures
    result = score_batch(
        "达标得满分5分，否则按照执行进度得分", "按财政规定执行", 5, ["95%", "100%"], unit="%"
    )
    assert not result.vectorised and result.cents.tolist() == [475, 500]
    # a bare number against it means nothing, in a batch as in one record
    with pytest.raises(ActualValueError, match=r"第1个实际值：.*不是百分比"):
        score_batch("达标得满分5分，否则按照执行进度得分", "按财政规定执行", 5, [95.0], unit="%")


def test_scores_as_decimals():
    result = score_batch(None, "≥200", 5, [180, 200])
    assert result.scores == [Decimal("4.50"), Decimal("5.00")]


@pytest.mark.parametrize(
    ("rule", "target", "weight", "actuals"),
    [
        ("排名前5名的得满分,6-10名的扣0.5分,11名以后扣1分", "第1名", 5, [1, 5, 6, 10, 11, 40]),
        ("按排位打分,每位次按0.25分递减", "1", 20, [1, 2, 3, 81]),
    ],
)
def test_rules_the_plans_do_not_know_take_the_record_path(rule, target, weight, actuals):
    """A ranking is not a threshold: the batch must not read it as one."""
    result = score_batch(rule, target, weight, np.array([float(a) for a in actuals]))
    expected = [
        score_row(target=target, weight=weight, rule=rule, actual=str(a)).score for a in actuals
    ]
    assert (result.vectorised, result.scores) == (False, expected)


def test_several_items_need_one_value_each_not_a_batch_of_numbers():
    with pytest.raises(ActualValueError, match="第1个实际值：该指标分项计分"):
        score_batch("甲、乙分别达标各得5分,否则不得分", "1", 10, np.array([1.0]))


def test_grade_limits_need_the_evaluators_score_in_a_batch_too():
    """优/良/中/差 limits leave the points to the evaluator: no batch of numbers can score them."""
    with pytest.raises(ActualValueError, match="需要提供评定得分"):
        score_batch("评价标准 优100% 良90% 中85% 差85%", "100%", 10, np.array([95.0]))
