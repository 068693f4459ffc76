"""A count answered against a condition that states its threshold (counted_words.py)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_rules import ActualValueError, score_row
from indicator_rules.counted_words import count_verdict
from indicator_rules.variants import SLOTS, TO_TRADITIONAL

NUMERALS = {1: ["1", "１", "一"], 2: ["2", "２", "两", "二"], 3: ["3", "三"], 12: ["12", "十二"]}

# (comparator as written, threshold, count → holds)
COMPARATORS = [
    ("至少{n}{m}", lambda c, n: c >= n),
    ("最少{n}{m}", lambda c, n: c >= n),
    ("不少于{n}{m}", lambda c, n: c >= n),
    ("{n}{m}以上", lambda c, n: c >= n),
    ("少于{n}{m}", lambda c, n: c < n),
    ("不足{n}{m}", lambda c, n: c < n),
    ("超过{n}{m}", lambda c, n: c > n),
    ("不超过{n}{m}", lambda c, n: c <= n),
]


@given(
    st.sampled_from(COMPARATORS),
    st.sampled_from(sorted(NUMERALS)),
    st.sampled_from(sorted(NUMERALS)),
    st.sampled_from("种次个件篇"),
    st.data(),
)
def test_a_count_is_compared_with_the_conditions_threshold(shape, threshold, count, measure, data):
    written, holds = shape
    condition = "全年开展宣传" + written.format(n=threshold, m=measure)
    said = data.draw(st.sampled_from(NUMERALS[count])) + measure
    said = data.draw(st.sampled_from([said, "全年" + said, said + "宣传"]))
    assert count_verdict(said, condition) is holds(count, threshold)


@pytest.mark.parametrize(
    ("answer", "condition"),
    [
        ("2次", "至少2种宣传方式"),  # another measure word
        ("2次以上", "会议全年少于2次"),  # a bound, not a count
        ("少于2次", "会议全年少于2次"),
        ("约2次", "至少2次"),
        ("未开展2次", "至少2次"),
        ("1.5次", "至少2次"),
        ("2次", "开展2次"),  # no comparator: the count is the condition's name
        ("2次", "至少2次以上"),  # two comparators
        ("2次", "至少2次，3个月内完成"),  # two numbers
        ("开会2次", "至少2次"),  # words not the condition's own
    ],
)
def test_what_is_not_one_count_against_one_threshold_is_not_read(answer, condition):
    assert count_verdict(answer, condition) is None


@pytest.mark.parametrize("sep", SLOTS["sep"])
@pytest.mark.parametrize("zero", ["不得分", "不计分", "计0分", "得0分"])
@pytest.mark.parametrize(
    ("actual", "score"),
    [
        ("2种", "5.00"),
        ("两种", "5.00"),
        ("3种", "5.00"),
        ("1种", "0.00"),
        ("一种", "0.00"),
        ("0种", "0.00"),
    ],
)
def test_at_least_n_kinds_otherwise_nothing(sep, zero, actual, score):
    """(5分)至少2种宣传方式,否则不得分 answered by a count of kinds: at the threshold full marks."""
    rule = f"(5分)至少2种宣传方式{sep}否则{zero}。"
    for text in (rule, TO_TRADITIONAL.convert(rule)):
        result = score_row(weight=5, rule=text, actual=actual)
        assert result.score == Decimal(score), result.explanation


@pytest.mark.parametrize(
    ("actual", "score"), [("1次", "0.00"), ("全年1次", "0.00"), ("2次", "3.00"), ("三次", "3.00")]
)
def test_a_deduction_below_a_threshold_holds_on_a_smaller_count(actual, score):
    rule = "安全工作专题会议全年少于2次的,扣3分。"
    assert score_row(weight=3, rule=rule, actual=actual).score == Decimal(score)


def test_a_count_against_one_of_two_alternatives_is_not_all_of_them():
    """未建立台账或会议少于2次: 2次 says nothing of the ledger — refused, not full marks."""
    with pytest.raises(ActualValueError):
        score_row(weight=3, rule="未建立台账或会议全年少于2次的,扣3分。", actual="2次")
