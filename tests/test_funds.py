"""The 预算执行率 row scores through score_row exactly as Project.evaluate scores 执行率."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_rules import ActualValueError, loads, parse_rule, score_row

FORMULAS = [
    "得分=预算执行率×分值",
    "该项得分=预算执行率*分值",
    "预算执行率=实际支出资金/实际到位资金×100%，得分=预算执行率×分值",
    "按预算执行率乘以权重计分",
]


def _project(budget: str, weight: int):
    return loads(
        f"项目名称：执行率检验\n全年预算数：{budget}\n执行率分值：{weight}\n\n"
        "一级：产出指标\n二级：数量指标\n三级：人数\n  指标值：≥1人\n  分值：90\n"
    )


@given(
    budget=st.decimals(min_value="0.01", max_value=10**6, places=2),
    share=st.decimals(min_value=0, max_value="1.3", places=4),
    weight=st.integers(min_value=1, max_value=20),
    formula=st.sampled_from(FORMULAS),
    unit=st.sampled_from(["万元", "元"]),
)
def test_the_rate_row_equals_the_execution_line(budget, share, weight, formula, unit):
    executed = (budget * share).quantize(Decimal("0.01"))
    line = {"budget": f"{budget}{unit}", "executed": f"{executed}{unit}"}
    row = score_row(weight=weight, rule=formula, actual=line)
    evaluation = _project(f"{budget}{unit}", weight).evaluate(
        {"人数": "1人", "全年执行数": f"{executed}{unit}"}
    )
    assert row.score == evaluation.execution.score
    assert row.exact == evaluation.execution.exact


def test_the_chinese_names_of_a_funds_line():
    line = {"全年预算数": "200万元", "全年执行数": "185"}  # a bare number is in 万元
    assert score_row(weight=10, rule=FORMULAS[0], actual=line).score == Decimal("9.25")


def test_a_funds_line_without_its_execution():
    with pytest.raises(ActualValueError, match="缺少全年执行数"):
        score_row(weight=10, rule=FORMULAS[0], actual={"budget": "200万元"})


@pytest.mark.parametrize(
    ("rule", "target", "actual", "expected"),
    [
        ("实际完成值/目标值×该项分值", "≥200人", "150人", "7.50"),
        ("得分=任务完成率×10分", None, "93%", "9.30"),
        ("造林成活率达95%,得10分,低于95%,得分=造林成活率×10分", None, "90%", "9.47"),
        ("得分=完成率×分值", None, "120%", "10.00"),
    ],
)
def test_formula_rows(rule, target, actual, expected):
    assert score_row(weight=10, rule=rule, target=target, actual=actual).score == Decimal(expected)


def test_a_formula_whose_points_differ_from_the_weight():
    with pytest.raises(IndicatorRulesError, match="不一致"):
        parse_rule("得分=完成率×8分") and score_row(weight=10, rule="得分=完成率×8分", actual="90%")


from indicator_rules import IndicatorRulesError  # noqa: E402
