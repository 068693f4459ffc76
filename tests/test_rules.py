"""The rule language: what each phrase means, canonical text, and refusals with positions."""

from decimal import Decimal

import pytest

from indicator_rules import RuleConflictError, RuleSyntaxError, canonical, parse_rule
from indicator_rules.model import (
    MeetTarget,
    NoScore,
    OnTime,
    Proportional,
    Reach,
    StepDirection,
)

SEED_RULES = [
    "达标得满分10分，未达标准按保障人数比例得分",
    "医保系统网络覆盖率达100%得5分，否则按覆盖率得分",
    "医保系统网络正常使用率达100%得满分5分，否则按正常使用率得分",
    "达标得满分10分，未及时宣传每次扣1分",
    "发现问题处置率达100%得满分10分，否则按处置率得分",
    "支付到位达100%得满分10分，否则按照支付到位率得分",
    "达标得满分5分，否则按照执行进度得分",
    "达标得满分10分，否则按完成比例得分",
    "医保政策知晓率达80%得满分10分，否则每少10%扣2分",
    "达标得满分5分，否则不得分",
    "满意度达到95%以上得满分10分，否则每少5%扣2分",
    "达到标准得满分10分，否则根据参保人次完成比例评分",
    "补助覆盖率达到100%得20分，否则根据覆盖率完成比例评分",
    "按时补助得20分，未按时补助不得分",
    "满意度达标得20分，否则每少10%扣5分",
]

MORE_RULES = [
    "≥90%得10分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分",
    "每超过一个百分点扣0.5分，扣完为止",
    "逾期每天扣1分",
    "按时完成得满分，每延期一个月扣2分",
    "≥80%且<90%得8分",
    "低于60%不得分",
    "达标得满分10分，否则每降低1个百分点扣0.5分，扣完10分为止",
    "達標得滿分10分，否則不得分",
    "达标得满分１０分，否则不得分",
    "达标得满分10分,否则每少于100公斤扣5分",
    "达标得满分10分，每例扣2分",
]


class TestMeaning:
    def test_full_and_proportional(self):
        rule = parse_rule("达标得满分10分，未达标准按保障人数比例得分")
        assert rule.full.condition == MeetTarget()
        assert rule.full.points == Decimal(10)
        assert rule.fallback == Proportional(basis="保障人数比例")

    def test_threshold_stated_in_the_rule(self):
        rule = parse_rule("满意度达到95%以上得满分10分，否则每少5%扣2分")
        assert isinstance(rule.full.condition, Reach)
        assert rule.threshold.amount == 95 and rule.threshold.is_percent
        assert rule.fallback.direction is StepDirection.SHORT
        assert rule.fallback.step.amount == 5 and rule.fallback.points == 2

    def test_on_time(self):
        rule = parse_rule("按时补助得20分，未按时补助不得分")
        assert rule.full.condition == OnTime(subject="补助")
        assert rule.fallback == NoScore()

    def test_per_event(self):
        rule = parse_rule("达标得满分10分，未及时宣传每次扣1分")
        assert rule.fallback is None
        assert [(e.event, e.points, e.measure) for e in rule.events] == [
            ("未及时宣传", Decimal(1), "次")
        ]

    def test_step_above_a_limit(self):
        rule = parse_rule("每超过一个百分点扣0.5分，扣完为止")
        assert rule.fallback.direction is StepDirection.OVER
        assert rule.fallback.step.amount == 1 and rule.fallback.step.is_percent

    def test_late_per_month(self):
        rule = parse_rule("按时完成得满分，每延期一个月扣2分")
        assert rule.late.span.unit.name == "月" and rule.late.points == 2

    def test_traditional_and_full_width_read_the_same(self):
        assert parse_rule("達標得滿分10分，否則不得分") == parse_rule("达标得满分10分，否则不得分")
        assert parse_rule("达标得满分１０分，否则不得分") == parse_rule(
            "达标得满分10分，否则不得分"
        )

    def test_text_is_kept(self):
        text = "達標得滿分10分，否則不得分"
        assert parse_rule(text).text == text


class TestBands:
    def test_explicit_inclusion_outranks_the_convention(self):
        """60% belongs to the 6-point band: (含) says so; 以下 includes it only by convention."""
        rule = parse_rule("≥90%得10分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分")
        lowest = rule.bands[-1]
        assert lowest.upper.value.amount == 60 and not lowest.upper.closed
        assert rule.bands[2].lower.closed

    def test_two_explicit_claims_conflict(self):
        with pytest.raises(RuleConflictError, match="重叠"):
            parse_rule("≥60%得6分；≤60%不得分")

    def test_empty_band(self):
        with pytest.raises(RuleSyntaxError, match="空的"):
            parse_rule("90%-80%得8分")


class TestCanonical:
    @pytest.mark.parametrize("text", SEED_RULES + MORE_RULES)
    def test_round_trip(self, text):
        """Every seed rule prints to a canonical text that parses back to an equal rule."""
        rule = parse_rule(text)
        printed = canonical(rule)
        assert parse_rule(printed) == rule
        assert canonical(parse_rule(printed)) == printed

    def test_canonical_is_readable(self):
        assert (
            canonical(parse_rule("按时补助得20分，未按时补助不得分"))
            == "按时补助得满分20分，否则不得分"
        )


class TestRefused:
    @pytest.mark.parametrize(
        ("text", "column", "fragment"),
        [
            ("达标得满分10份，否则每少10%扣2分", 8, "“分”"),
            ("达标得满分10分，否则按要求得分", 13, "按什么比例"),
            ("达标得满分10分，否则不得分，否则按完成比例得分", 16, "两种"),
            ("达到5天以下得满分10分", 5, "自相矛盾"),
            ("达标得满分10分，每天扣1分", 11, "逾期"),
        ],
    )
    def test_position_and_message(self, text, column, fragment):
        with pytest.raises(RuleSyntaxError) as info:
            parse_rule(text)
        assert info.value.line == 1 and info.value.column == column
        assert fragment in str(info.value)

    @pytest.mark.parametrize("text", ["", "   ", "扣完为止", "效果显著", "得分"])
    def test_no_scoring_method(self, text):
        with pytest.raises(RuleSyntaxError):
            parse_rule(text)

    def test_incomplete_rule_points_at_the_end(self):
        with pytest.raises(RuleSyntaxError, match="不完整") as info:
            parse_rule("达标得满分10分，否则每少10%")
        assert info.value.column == len("达标得满分10分，否则每少10%") + 1

    def test_cap_must_match_full_score(self):
        with pytest.raises(RuleConflictError, match="扣完8分为止"):
            parse_rule("达标得满分10分，否则每少1%扣1分，扣完8分为止")
