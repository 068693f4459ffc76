"""Chinese numerals in targets and actuals read exactly, in every common writing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_rules import parse_target, score_row
from indicator_rules.actual_values import parse_actual
from indicator_rules.numerals import cn_number, with_digits

cn2an = pytest.importorskip("cn2an")
UNITS = ["人", "人次", "户", "个", "万元", "元", "天", "项", "公里", ""]


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(UNITS))
def test_an_integer_in_chinese_numerals(n, unit):
    if unit == "万元":
        n %= 10000  # 一万万元 is not how an amount is written (1亿元 is)
        n = n or 1
    written = cn2an.an2cn(n) + unit
    digits = parse_target(f"{n}{unit}").value
    read = parse_target(written).value
    assert read.amount * (read.unit.factor if read.unit else 1) == digits.amount * (
        digits.unit.factor if digits.unit else 1
    )
    assert parse_target(written).text == written  # kept as written


@given(
    st.integers(min_value=0, max_value=9999),
    st.text(alphabet="0123456789", min_size=1, max_size=4),
    st.sampled_from(["%", "天", "万元"]),
)
def test_a_decimal_digit_by_digit(whole, frac, unit):
    cn_frac = "".join("零一二三四五六七八九"[int(d)] for d in frac)
    written = f"{cn2an.an2cn(whole)}点{cn_frac}{unit}"
    assert cn_number(written.removesuffix(unit)) == Decimal(f"{whole}.{frac}")


@given(st.integers(min_value=1, max_value=9), st.sampled_from(["以上", "以下", ""]))
def test_tenths_cheng(k, bound):
    assert with_digits(f"{'一二三四五六七八九'[k - 1]}成{bound}") == f"{k * 10}%{bound}"


@given(
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=1, max_value=9),
    st.sampled_from(["人", "元", "次", ""]),
)
def test_digits_with_magnitudes(wan, qian, unit):
    """1万2千 · 3万5千人: digits between magnitudes."""
    assert with_digits(f"{wan}万{qian}千{unit}") == f"{wan * 10000 + qian * 1000}{unit}"


@pytest.mark.parametrize(
    "text", ["一般", "统一", "一次性", "效果一般", "一些", "第一批次", "三成五", "五十万元整"]
)
def test_words_are_not_numbers(text):
    assert with_digits(text) is None


@pytest.mark.parametrize(
    ("prefix", "op"),
    [("≥", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("≤", "≤"), ("不超过", "≤"), ("达到", "≥")],
)
def test_operators_before_a_numeral(prefix, op):
    target = parse_target(f"{prefix}一万人")
    assert target.operator.value == op and target.value.amount == 10000


def test_an_actual_in_numerals_scores_as_in_digits():
    for written, digits in [
        ("二百五十人", "250人"),
        ("两千零五人", "2005人"),
        ("1万2千人", "12000人"),
    ]:
        a = score_row(target="≥300人", weight=10, actual=written)
        b = score_row(target="≥300人", weight=10, actual=digits)
        assert a.score == b.score and a.exact == b.exact
        assert written in a.explanation


def test_first_place_in_numerals():
    assert parse_actual("第一名", parse_target("第3名")).amount == 1


@given(
    st.sampled_from(
        ["完工率", "全年", "乡村人口人均", "各个自然村张贴公告", "辖区内的供水工程完工率"]
    ),
    st.sampled_from(
        [("达", "≥"), ("不少于", "≥"), ("不低于", "≥"), ("不超过", "≤"), ("≥", "≥"), ("", "=")]
    ),
    st.integers(min_value=1, max_value=500),
    st.sampled_from(["%", "次", "元", "张"]),
    st.sampled_from(["", "。"]),
)
def test_a_name_before_the_value(name, op, n, unit, stop):
    """完工率达100% · 全年不少于2次: what is measured, then the value; the text kept whole."""
    word, symbol = op
    text = f"{name}{word}{n}{unit}{stop}"
    target = parse_target(text)
    assert target.operator.value == symbol and target.value.amount == n
    assert target.text == text
