"""Targets and actual values as written in real tables."""

import datetime as dt
from decimal import Decimal

import pytest

from indicator_rules import TargetError, UnitMismatchError, parse_target
from indicator_rules.actual_values import parse_actual
from indicator_rules.errors import ActualValueError
from indicator_rules.model import DateValue, Grade, GradeActual, Operator, Qualitative
from indicator_rules.targets import parse_operator


class TestNumbers:
    @pytest.mark.parametrize(
        ("text", "amount", "unit"),
        [
            ("31.7万", "317000", None),
            ("31.7万人", "317000", "人"),
            ("≤35万元", "350000", "元"),
            ("1,200", "1200", None),
            ("１２", "12", None),
            ("百分之九十五", "95", "%"),
            ("5‰", "5", "‰"),
            ("≥266米", "266", "米"),
            (">=530元/人*月", "530", "元/人*月"),
            ("-0.300000152587891", "-0.3", None),
            ("0.0900000762939453", "0.09", None),
            ("2亿", "200000000", None),
        ],
    )
    def test_amount_and_unit(self, text, amount, unit):
        """Magnitudes, separators, full-width digits, Chinese percentages, float artefacts."""
        value = parse_target(text).value
        assert value.amount == Decimal(amount)
        assert (value.unit.name if value.unit else None) == unit

    def test_text_is_kept_as_written(self):
        """Nothing the user gave is rewritten: the display is the text minus its operator."""
        target = parse_target("≤35万元")
        assert target.text == "≤35万元"
        assert target.value.display == "35万元"


class TestOperators:
    @pytest.mark.parametrize(
        ("text", "operator"),
        [
            ("≥90%", Operator.GE),
            (">=90%", Operator.GE),
            ("≧90%", Operator.GE),
            ("＞＝90%", Operator.GE),
            ("≤30天", Operator.LE),
            ("<=30天", Operator.LE),
            ("‹=30天", Operator.LE),
            ("≦30天", Operator.LE),
            ("﹦8个", Operator.EQ),
            ("═8个", Operator.EQ),
            ("98%以上", Operator.GE),
            ("5天以内", Operator.LE),
            ("不超过5天", Operator.LE),
            ("不低于95%", Operator.GE),
            ("低于3%", Operator.LT),
            ("114803", Operator.EQ),
        ],
    )
    def test_operator_forms(self, text, operator):
        """Every operator glyph and glued operator word of domain.md."""
        assert parse_target(text).operator is operator

    def test_operator_column(self):
        """The 指标性质 column supplies the operator when the value carries none."""
        assert parse_target("30", operator="<=", unit="天").operator is Operator.LE

    def test_conflicting_operators_are_an_error(self):
        """A value's own operator must agree with the column's."""
        with pytest.raises(TargetError, match="不一致"):
            parse_target("≥90%", operator="<=")

    def test_unknown_operator_column(self):
        with pytest.raises(TargetError, match="指标性质"):
            parse_operator("约等于")


class TestUnits:
    def test_unit_column_applies_to_a_bare_value(self):
        value = parse_target("114803", operator="=", unit="人次").value
        assert value.unit.name == "人次"

    def test_unit_column_must_agree(self):
        with pytest.raises(UnitMismatchError):
            parse_target("35万元", unit="人")

    def test_money_converts(self):
        """35万元 and 350000元 are the same amount of money."""
        target = parse_target("≤35万元")
        actual = parse_actual("350000元", target)
        assert actual.in_unit_of(target.value) == target.value.amount

    def test_people_against_money_is_an_error(self):
        target = parse_target("31.7万人")
        with pytest.raises(UnitMismatchError, match="金额"):
            parse_actual("31.7万元", target).in_unit_of(target.value)

    def test_bare_actual_takes_the_percent_of_its_target(self):
        """A bare 100 against ≥100% is 100%."""
        actual = parse_actual("100", parse_target("≥100%"))
        assert actual.is_percent


class TestDates:
    @pytest.mark.parametrize(
        ("text", "year", "month", "day"),
        [
            ("2026年12月", 2026, 12, None),
            ("2023年9月", 2023, 9, None),
            ("2026年12月31日", 2026, 12, 31),
            ("2026-12", 2026, 12, None),
            ("2026/12/31", 2026, 12, 31),
            ("9月前", None, 9, None),
            ("年底前", None, 12, 31),
            ("2026年", 2026, 12, 31),
        ],
    )
    def test_date_forms(self, text, year, month, day):
        value = parse_target(text).value
        assert isinstance(value, DateValue)
        assert (value.year, value.month, value.day) == (year, month, day)

    def test_durations_are_not_dates(self):
        assert parse_target("≥15年").value.unit.name == "年"
        assert parse_target("≤1个月").value.unit.name == "个月"

    def test_impossible_date(self):
        with pytest.raises(TargetError):
            parse_target("2026年2月30日")

    def test_a_date_cannot_be_a_lower_bound(self):
        with pytest.raises(TargetError, match="截止"):
            parse_target("≥2026年12月")

    def test_python_date_actual(self):
        value = parse_actual(dt.date(2026, 11, 3), parse_target("2026年12月"))
        assert (value.year, value.month, value.day) == (2026, 11, 3)


class TestQualitative:
    @pytest.mark.parametrize("text", ["效果显著", "切实提升", "按财政规定执行", "显著提升"])
    def test_phrases(self, text):
        assert parse_target(text).value == Qualitative(text=text)

    @pytest.mark.parametrize("grade", list(Grade))
    def test_official_grades(self, grade):
        value = parse_actual(grade.value, parse_target("效果显著"))
        assert value == GradeActual(grade=grade)

    def test_actual_equal_to_a_qualitative_target_is_met(self):
        value = parse_actual("显著提升", parse_target("显著提升"))
        assert value.grade is Grade.MET


class TestRejected:
    @pytest.mark.parametrize("text", ["", "   ", None])
    def test_empty_target(self, text):
        with pytest.raises(TargetError, match="为空"):
            parse_target(text)

    @pytest.mark.parametrize("text", ["中部≥40%,西部≥30%", "0.6%和1.8%以下", "12.5.6"])
    def test_two_values_are_refused(self, text):
        with pytest.raises(TargetError) as info:
            parse_target(text)
        assert info.value.line == 1 and info.value.column >= 1

    @pytest.mark.parametrize("text", ["见附件", "完成", "", "N/A"])
    def test_unreadable_actual(self, text):
        with pytest.raises(ActualValueError):
            parse_actual(text, parse_target("≥90%"))

    def test_nan_actual(self):
        with pytest.raises(ActualValueError):
            parse_actual(float("nan"), parse_target("≥90%"))
