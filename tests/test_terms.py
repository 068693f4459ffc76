"""The rule's points composed (issue 12 §1–2): score = clamp(base ± terms, 0, 分值), where the
base is the awards that hold — or 分值 itself when the rule has no award, only deductions and
不得分 conditions — and per-item awards are count × points over the items listed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicator_rules import IndicatorRulesError, RuleConflictError, parse_rule, score_row


def _score(weight, rule, **given):
    return score_row(weight=weight, rule=rule, **given)


class TestNoAward:
    """A rule of deductions and vetoes only starts from 分值."""

    RULE = "财政专户的开设符合规定。违规私自开设财政专户的,不得分。"

    def test_nothing_deducted_is_full_marks_and_says_so(self):
        """No deduction or veto holds: 分值, and the explanation says why."""
        result = _score(1, self.RULE, conditions=[])
        assert str(result.score) == "1.00"
        assert result.explanation == "无扣分情形，得满分1分"

    def test_a_veto_that_holds_is_nothing(self):
        """违规…的，不得分 holds: 0, the veto named."""
        result = _score(1, self.RULE, conditions=["违规私自开设财政专户"])
        assert str(result.score) == "0.00"
        assert result.explanation.startswith("违规私自开设财政专户，不得分")

    def test_the_standard_before_a_veto_is_not_the_veto(self):
        """The sentence before 违规…的，不得分 is context: answering it holds no veto."""
        rule = parse_rule(self.RULE)
        assert [a.label for a in rule.awards] == ["违规私自开设财政专户"]
        assert rule.remarks == ("财政专户的开设符合规定",)

    def test_a_lead_names_the_veto(self):
        """成效明显。未开展不得分: the veto is 未开展, not the standard before it."""
        rule = "开展结对共建工作,成效明显。未开展不得分,未签订承诺书扣1分,无成效扣1分。"
        assert str(_score(3, rule, actual="未开展").score) == "0.00"
        assert str(_score(3, rule, conditions=["未签订承诺书", "无成效"]).score) == "1.00"
        assert str(_score(3, rule, conditions=[]).score) == "3.00"

    @pytest.mark.parametrize(
        ("held", "score"), [([], "5.00"), ([1], "3.00"), ([2], "2.00"), ([1, 2], "0.00")]
    )
    def test_deductions_only_are_clamped_at_nothing(self, held, score):
        """未成立…扣2分；未作出…扣3分: 5 less what holds, never below 0."""
        rule = "未成立禁烧工作小组的,扣2分;未作出禁烧工作部署的,扣3分"
        assert str(_score(5, rule, conditions=held).score) == score

    def test_otherwise_makes_the_conditions_the_standard(self):
        """(5分)至少2种宣传方式，否则不得分: the condition earns 分值; it is not a veto."""
        rule = "(5分)至少2种宣传方式,否则不得分。"
        assert str(_score(5, rule, actual="是").score) == "5.00"
        assert str(_score(5, rule, actual="否").score) == "0.00"

    def test_header_points_must_be_the_weight(self):
        """(5分) states the rule's full marks: another 分值 is a conflict."""
        with pytest.raises(RuleConflictError, match="满分5分与指标分值4分不一致"):
            _score(4, "(5分)至少2种宣传方式,否则不得分。", actual="是")


class TestPerItem:
    """Per-item awards are count × points, the count bounded by the items listed."""

    NUMBERED = (
        "(1)是否建立领导小组,是否履行职责,监督是否规范;(2)是否成立工作机构,是否有专门人员。"
        "符合以上每项的,得2分,否则不得分。"
    )

    def test_numbered_items_are_the_items_whatever_runs_inside(self):
        """(1)…,…,…；(2)…,…: two items of 2 points, not five."""
        rule = parse_rule(self.NUMBERED)
        assert [a.points for a in rule.awards] == [2, 2]
        assert rule.awards[1].label == "是否成立工作机构，是否有专门人员"

    @pytest.mark.parametrize(("held", "score"), [([], "0.00"), ([2], "2.00"), ([1, 2], "4.00")])
    def test_count_times_points(self, held, score):
        """Each item that holds adds its points; none holds is nothing."""
        assert str(_score(4, self.NUMBERED, conditions=held).score) == score

    def test_the_count_is_bounded_by_the_items_listed(self):
        """A third item of two listed is refused, not counted."""
        with pytest.raises(IndicatorRulesError, match="没有条件“3”"):
            _score(4, self.NUMBERED, conditions=[1, 2, 3])

    @pytest.mark.parametrize(
        "award", ["符合一项得1分", "满足以上1项得1分", "符合任一项的,计1分", "达到一项给1分"]
    )
    def test_one_item_worth_points(self, award):
        """…是否…，是否…，符合一项得1分: each listed condition is an item of 1 point."""
        rule = f"是否设定了目标,是否符合要求,是否符合实际,是否做到了细化,{award},不符合不得分。"
        assert str(_score(4, rule, conditions=[1, 4]).score) == "2.00"
        assert str(_score(4, rule, conditions=[1, 2, 3, 4]).score) == "4.00"

    def test_items_that_do_not_add_up_to_the_weight_conflict(self):
        """Four items of 1 point in a 3-point row: the points are checked, not guessed."""
        rule = "是否设定了目标,是否符合要求,是否符合实际,是否做到了细化,符合一项得1分"
        with pytest.raises(RuleConflictError, match="合计4分"):
            _score(3, rule, conditions=[1])

    def test_a_bare_miss_is_what_happens_otherwise(self):
        """不符合不得分 after the items names no veto of its own."""
        rule = parse_rule("是否设定了目标,是否符合要求,符合一项得1分,不符合不得分。")
        assert [a.label for a in rule.awards] == ["是否设定了目标", "是否符合要求"]
        assert rule.fallback is not None


class TestHeading:
    """Points in brackets opening the rule are its full marks when what follows adds up to
    them, when a colon follows them, or when only deductions follow."""

    LISTED = (
        "救灾、减灾工作(2分):查灾、核灾,做到及时、准确(1分);台帐完整(0.5分);开展减灾活动(0.5分)。"
    )

    def test_the_items_after_a_heading_are_the_checklist(self):
        """(2分): then 1 + 0.5 + 0.5: the heading is 满分2分, the items are three."""
        rule = parse_rule(self.LISTED)
        assert rule.full_marks == 2
        assert [a.points for a in rule.awards] == [1, Decimal("0.5"), Decimal("0.5")]
        assert str(_score(2, self.LISTED, conditions=[1, 3]).score) == "1.50"

    def test_a_heading_is_checked_against_the_weight(self):
        """满分2分 in a 3-point row is a conflict, not a checklist of 4 points."""
        with pytest.raises(RuleConflictError, match="满分2分与指标分值3分不一致"):
            _score(3, self.LISTED, conditions=[1])

    def test_deductions_under_a_heading_start_from_it(self):
        """加强组织领导(4分)。…未成立…的，扣2分: 4 less the deductions; the sentence before is
        context, not part of the deduction's condition."""
        rule = (
            "(1)加强组织领导(4分)。成立禁烧工作领导小组,及时作出部署。"
            "未成立禁烧工作领导小组的,扣2分;政府未作出禁烧工作部署的,扣2分。"
        )
        assert [p.label for p in parse_rule(rule).penalties] == [
            "未成立禁烧工作领导小组",
            "政府未作出禁烧工作部署",
        ]
        assert str(_score(4, rule, conditions=[]).score) == "4.00"
        assert str(_score(4, rule, conditions=["未成立禁烧工作领导小组"]).score) == "2.00"
        assert str(_score(4, rule, conditions=[1, 2]).score) == "0.00"

    def test_two_equal_items_stay_a_checklist(self):
        """成立领导小组(2分);有关部门参加(2分): two items, not a heading and one item."""
        rule = parse_rule("成立领导小组(2分);有关部门参加(2分)")
        assert rule.full_marks is None
        assert [a.points for a in rule.awards] == [2, 2]


class TestEachNamed:
    """A、B各得N分: each item named is worth the points."""

    def test_items_joined_by_and(self):
        """建立和开发的各得2分，反之，不得分: two items of 2 points."""
        rule = "建立和开发的各得2分,反之,不得分。以实地察看和台账为依据。"
        assert [a.label for a in parse_rule(rule).awards] == ["建立", "开发"]
        assert str(_score(4, rule, conditions=[1]).score) == "2.00"
        assert str(_score(4, rule, conditions=[1, 2]).score) == "4.00"

    def test_items_that_cannot_be_told_apart_are_refused(self):
        """参与和组织: 与 and 和 both part words — refused, not guessed."""
        with pytest.raises(IndicatorRulesError, match="读不出各项"):
            parse_rule("参与和组织的各得1分")


class TestVetoBesideItems:
    """A veto beside items adding up to 分值 could end the whole row or one item: refused."""

    def test_both_readings_are_named(self):
        """得25分；低于…的，不得分；…得1分；…得4分 in a 30-point row."""
        rule = (
            "面积不低于考核指标,得25分;低于考核指标的,不得分。证书中注明,得1分。设立标志牌,得4分。"
        )
        with pytest.raises(RuleConflictError, match="可读作整项不得分，也可读作只是某一项不得分"):
            _score(30, rule, conditions=[1])


class TestCountOfItems:
    """满足以上N项: one item is per item; another count could be a threshold — refused."""

    def test_a_count_other_than_one_is_refused(self):
        """满足以上3项得1分: per item, or 1 point once 3 hold?"""
        rule = "是否设定了目标,是否符合要求,是否符合实际,满足以上3项得1分"
        with pytest.raises(IndicatorRulesError, match="可读作每满足一项得分"):
            parse_rule(rule)


class TestStatedAlone:
    """本项N分 states the full marks; 未X不得分 alone makes X the condition of full marks."""

    RULE = "3.未按照时间节点完成清理坟场的本项不得分,本项20分;"

    def test_this_item_points_are_the_full_marks(self):
        """本项20分 is 满分20分, not a condition named 本项."""
        rule = parse_rule(self.RULE)
        assert rule.full_points == 20
        assert rule.full.condition.subject == "按照时间节点完成清理坟场"

    def test_the_lead_positive_earns_full_marks(self):
        """未…不得分 alone: …得满分，否则不得分."""
        assert str(_score(20, self.RULE, actual="是").score) == "20.00"
        assert str(_score(20, self.RULE, actual="否").score) == "0.00"

    def test_stated_points_are_checked(self):
        """本项20分 in a 10-point row is a conflict."""
        with pytest.raises(RuleConflictError, match="满分20分与指标分值10分不一致"):
            _score(10, self.RULE, actual="是")


class TestCountedItem:
    """A named item with a count in it, after named items with points, is one more item."""

    RULE = "村(居)委残协机构健全1分,有办公场地1分,有办公设备1分,有工作人员1人以上1分。"

    def test_it_is_the_fourth_item(self):
        """有工作人员1人以上1分: an item of the checklist, not a band of a measure."""
        rule = parse_rule(self.RULE)
        assert rule.bands == ()
        assert [a.label for a in rule.awards][-1] == "有工作人员1人以上"
        assert str(_score(4, self.RULE, conditions=[2, 4]).score) == "2.00"

    def test_bands_alone_stay_bands(self):
        """满意度≥90%得5分 opening a rule is a band."""
        assert parse_rule("满意度≥90%得5分,80%-90%得3分").awards == ()


class TestEventsBesideSeveralAwards:
    """Only event counts given to a rule of several awards: nothing says which award holds."""

    RULE = "A项工作完成得3分。B项材料齐全得3分,有一个月材料缺失的扣1分。"

    @pytest.mark.parametrize("events", [0, 2])
    def test_events_alone_are_refused_naming_both_readings(self, events):
        """Not 0 as if no award held (the merge of two branches scored it so, silently)."""
        with pytest.raises(IndicatorRulesError, match="可能不得分，也可能按成立的一项扣分"):
            _score(3, self.RULE, actual=None, events=events)

    def test_an_award_said_to_hold_is_measured_by_the_events(self):
        result = _score(3, self.RULE, conditions=["A项工作完成"], events=2)
        assert str(result.score) == "1.00"
