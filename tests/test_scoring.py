"""Scores at the boundaries of every rule class, computed by hand (domain.md §2–§3)."""

from decimal import Decimal

import pytest

from indicator_rules import ActualValueError, RuleConflictError, ScoringOptions, score_row
from indicator_rules.errors import IndicatorRulesError

KNOW = "医保政策知晓率达80%得满分10分，否则每少10%扣2分"
BANDS = "≥90%得10分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分"


def score(**kwargs) -> Decimal:
    return score_row(**kwargs).score


class TestProportional:
    def test_met_exactly(self):
        assert score(
            target="100%", weight=5, rule="达标得满分5分，否则按完成比例得分", actual="100%"
        ) == Decimal("5.00")

    def test_half_cent_rounds_up(self):
        """5 × 99.5% = 4.975: half-up gives 4.98 (binary floats give 4.97)."""
        result = score_row(
            target="100%", weight=5, rule="达标得满分5分，否则按完成比例得分", actual="99.5%"
        )
        assert result.exact == Decimal("4.975") and result.score == Decimal("4.98")

    def test_capped_above_target(self):
        assert score(
            target="200人", weight=5, rule="达标得满分5分，否则按完成比例得分", actual="400人"
        ) == Decimal("5.00")


class TestStepDeduction:
    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("80%", "10.00"),
            ("79.99%", "8.00"),
            ("72%", "8.00"),
            ("70%", "8.00"),
            ("69.9%", "6.00"),
            ("0%", "0.00"),
        ],
    )
    def test_boundaries(self, actual, expected):
        """At the threshold full; a partial step counts whole; far below floors at 0."""
        assert str(score(target="80%", weight=10, rule=KNOW, actual=actual)) == expected

    @pytest.mark.parametrize(
        ("steps", "expected"), [("ceil", "8.00"), ("floor", "10.00"), ("proportional", "8.40")]
    )
    def test_step_modes(self, steps, expected):
        assert (
            str(score(target="80%", weight=10, rule=KNOW, actual="72%", options={"steps": steps}))
            == expected
        )

    def test_relative_shortfall_for_counts(self):
        """For counts the shortfall is relative: 180 of 200 is 10% short → one step."""
        assert score(
            target="200人", weight=10, rule="达标得满分10分，否则每少10%扣2分", actual="180人"
        ) == Decimal("8.00")
        assert score(
            target="200人", weight=10, rule="达标得满分10分，否则每少10%扣2分", actual="179人"
        ) == Decimal("6.00")

    def test_absolute_step_in_units(self):
        """每少于100公斤扣5分 counts steps of 100 kg."""
        rule = "达标得满分10分，否则每少于100公斤扣5分"
        assert score(target="1000公斤", weight=10, rule=rule, actual="950公斤") == Decimal("5.00")
        assert score(target="1吨", weight=10, rule=rule, actual="950公斤") == Decimal("5.00")

    def test_above_limit(self):
        """每超过一个百分点扣0.5分 on a ≤ target: 2.5 points over → 3 steps → 1.5 off."""
        rule = "“三公经费”变动率达标得满分5分，否则每超过一个百分点扣0.5分，扣完为止"
        assert score(target="≤0%", weight=5, rule=rule, actual="0%") == Decimal("5.00")
        assert score(target="≤0%", weight=5, rule=rule, actual="2.5%") == Decimal("3.50")
        assert score(target="≤0%", weight=5, rule=rule, actual="30%") == Decimal("0.00")

    def test_rule_threshold_governs_and_warns(self):
        result = score_row(target="≥90%", weight=10, rule=KNOW, actual="85%")
        assert result.score == Decimal("10.00")
        assert any("不一致" in w for w in result.warnings)


class TestEvents:
    RULE = "达标得满分10分，未及时宣传每次扣1分"

    @pytest.mark.parametrize(
        ("events", "expected"), [(0, "10.00"), (1, "9.00"), (10, "0.00"), (11, "0.00")]
    )
    def test_per_event(self, events, expected):
        assert (
            str(score(target="<=30天", weight=10, rule=self.RULE, actual="25天", events=events))
            == expected
        )

    def test_events_are_required(self):
        with pytest.raises(ActualValueError, match="次数"):
            score_row(target="<=30天", weight=10, rule=self.RULE, actual="25天")

    @pytest.mark.parametrize("events", [{1: 2}, {"1": 2}, {"未及时宣传": 1}])
    def test_a_mapping_missing_an_event_names_it(self, events):
        """Counts keyed by number for some of the events only: the missing event is named (this
        was a TypeError while writing the hint, found by the corpus collectors)."""
        rule = "达标得满分10分，未及时宣传每次扣1分，资料不全每项扣2分"
        with pytest.raises(ActualValueError, match="第2项扣分事件“资料不全”的次数"):
            score_row(target="<=30天", weight=10, rule=rule, actual="25天", events=events)

    def test_negative_events_refused(self):
        with pytest.raises(ActualValueError):
            score_row(target="<=30天", weight=10, rule=self.RULE, actual="25天", events=-1)


class TestBands:
    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("95%", "10.00"),
            ("90%", "10.00"),
            ("89.99%", "8.00"),
            ("80%", "8.00"),
            ("60%", "6.00"),
            ("59.99%", "0.00"),
            ("0%", "0.00"),
        ],
    )
    def test_band_edges(self, actual, expected):
        assert str(score(target="≥90%", weight=10, rule=BANDS, actual=actual)) == expected

    def test_band_top_must_match_weight(self):
        with pytest.raises(RuleConflictError):
            score_row(target="≥90%", weight=20, rule=BANDS, actual="95%")

    def test_explanation_names_the_band(self):
        assert (
            "80%(含)-90%"
            not in score_row(target="≥90%", weight=10, rule=BANDS, actual="85%").explanation
        )
        assert (
            "属于“≥80%且<90%”档"
            in score_row(target="≥90%", weight=10, rule=BANDS, actual="85%").explanation
        )


class TestDates:
    RULE = "按时完成得满分10分，逾期每天扣1分"

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("2026年12月31日", "10.00"),
            ("2027年1月1日", "9.00"),
            ("2027年1月5日", "5.00"),
            ("2027年3月1日", "0.00"),
        ],
    )
    def test_days_late(self, actual, expected):
        assert str(score(target="2026年12月", weight=10, rule=self.RULE, actual=actual)) == expected

    def test_months_late(self):
        rule = "按时完成得满分10分，每延期一个月扣2分"
        assert score(target="2026年9月", weight=10, rule=rule, actual="2026年11月") == Decimal(
            "6.00"
        )

    def test_late_without_rule_is_zero_with_warning(self):
        result = score_row(target="2023年9月", weight=10, actual="2023年10月")
        assert result.score == 0 and result.warnings

    def test_same_month_without_day_is_refused_against_a_day_deadline(self):
        with pytest.raises(ActualValueError, match="只写到月"):
            score_row(target="2026年12月15日", weight=10, actual="2026年12月")


class TestDefaults:
    def test_forward_ratio(self):
        assert score(target="≥200人", weight=5, actual="180人") == Decimal("4.50")

    @pytest.mark.parametrize(("mode", "expected"), [("ratio", "8.75"), ("linear", "8.57")])
    def test_reverse_modes(self, mode, expected):
        assert (
            str(score(target="≤35万元", weight=10, actual="40万元", options={"reverse": mode}))
            == expected
        )

    def test_reverse_linear_reaches_zero_at_twice_the_limit(self):
        assert (
            score(target="≤35万元", weight=10, actual="70万元", options={"reverse": "linear"}) == 0
        )

    def test_zero_target(self):
        """A = 0: 正向 is met by any B ≥ 0; 反向 only by B ≤ 0."""
        assert score(target="≥0", weight=5, actual="0") == Decimal("5.00")
        assert score(target="≤0", weight=5, actual="0") == Decimal("5.00")
        assert score(target="≤0", weight=5, actual="3") == Decimal("0.00")

    def test_negative_count_is_refused_not_clamped(self):
        """-20 against ≥100 is no count: refused (it used to count as 0 and score 0)."""
        with pytest.raises(ActualValueError, match="负数"):
            score(target="≥100", weight=5, actual="-20")

    def test_negative_rate_is_compared_as_it_is(self):
        """A rate of change may be negative: -3% is 8 points below 5% (it used to read 0%)."""
        result = score_row(target="≥5%", weight=10, rule="每少1%扣1分", actual="-3%")
        assert result.score == Decimal("2.00") and "实际-3%" in result.explanation

    def test_overachievement_warns(self):
        result = score_row(target="≥100人", weight=5, actual="130人")
        assert result.score == 5 and any("偏低" in w for w in result.warnings)
        assert not score_row(target="≥100人", weight=5, actual="129人").warnings

    def test_float_input_is_exact(self):
        """0.1 means 0.1: floats go through repr, never Decimal.from_float."""
        result = score_row(target="0.3", weight=3, actual=0.1)
        assert result.exact == Decimal(1)


class TestQualitative:
    @pytest.mark.parametrize(
        ("grade", "ratio", "expected"),
        [
            ("达成年度指标", None, "10.00"),
            ("达成年度指标", "80%", "8.00"),
            ("部分达成年度指标并具有一定效果", "60%", "6.00"),
            ("未达成年度指标且效果较差", "0", "0.00"),
        ],
    )
    def test_grade_points(self, grade, ratio, expected):
        assert (
            str(score(target="效果显著", weight=10, actual={"grade": grade, "ratio": ratio}))
            == expected
        )

    @pytest.mark.parametrize(
        ("grade", "ratio"),
        [
            ("部分达成年度指标并具有一定效果", "80%"),
            ("未达成年度指标且效果较差", "60%"),
            ("达成年度指标", "79%"),
        ],
    )
    def test_ratio_outside_its_band(self, grade, ratio):
        with pytest.raises(ActualValueError, match="超出"):
            score_row(target="效果显著", weight=10, actual={"grade": grade, "ratio": ratio})

    def test_configurable_default_points(self):
        options = ScoringOptions(grade_points=("1", "0.6", "0.5"))
        assert (
            score(
                target="效果显著",
                weight=10,
                actual="部分达成年度指标并具有一定效果",
                options=options,
            )
            == 6
        )

    def test_qualitative_row_with_numeric_rule_warns(self):
        result = score_row(
            target="100",
            operator="=",
            unit="%",
            kind="定性指标",
            weight=5,
            rule="医保系统网络正常使用率达100%得满分5分，否则按正常使用率得分",
            actual="99.5%",
        )
        assert result.score == Decimal("4.98") and any("定性" in w for w in result.warnings)

    def test_grade_against_a_numeric_target_is_refused(self):
        with pytest.raises(ActualValueError, match="评定等级"):
            score_row(target="≥90%", weight=10, actual="达成年度指标")


class TestInputs:
    @pytest.mark.parametrize("weight", [0, -5, "abc", None, True])
    def test_bad_weight(self, weight):
        with pytest.raises(IndicatorRulesError):
            score_row(target="≥90%", weight=weight, actual="90%")

    def test_weight_forms(self):
        assert score_row(target="≥90%", weight="10分", actual="90%").weight == 10
        assert score_row(target="≥90%", weight=10.0, actual="90%").weight == 10

    def test_unknown_option(self):
        with pytest.raises(IndicatorRulesError, match="未知的选项"):
            score_row(target="≥90%", weight=10, actual="90%", options={"step": "ceil"})

    def test_bad_option_value(self):
        with pytest.raises(IndicatorRulesError, match="steps"):
            score_row(target="≥90%", weight=10, actual="90%", options={"steps": "round"})

    def test_result_to_dict(self):
        data = score_row(target="≥90%", weight=10, actual="90%").to_dict()
        assert data["score"] == "10.00" and data["met"] is True
