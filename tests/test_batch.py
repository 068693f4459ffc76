"""The NumPy batch path equals the Decimal per-record path to the cent, ties included."""

import os
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_rules import ActualValueError, RuleConflictError, score_row
from indicator_rules.batch import score_batch

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
    """Every actual: the batch cents equal score_row's rounded Decimal score × 100."""
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
    array = np.array([float(a) for a in actuals])
    if not unit and min(actuals) < 0:  # a negative count is refused on both paths
        with pytest.raises(ActualValueError):
            score_row(target=target, weight=weight, rule=rule, actual=min(actuals))
        with pytest.raises(ActualValueError):
            score_batch(rule, target, weight, array, options=options)
        return
    expected = [
        int(
            score_row(
                target=target, weight=weight, rule=rule, actual=f"{a}{unit}", options=options
            ).score
            * 100
        )
        for a in actuals
    ]
    result = score_batch(rule, target, weight, array, options=options)
    assert result.cents.tolist() == expected


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
        "达标得满分5分，否则按照执行进度得分", "按财政规定执行", 5, [95.0, 100.0], unit="%"
    )
    assert not result.vectorised and result.cents.tolist() == [475, 500]


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
