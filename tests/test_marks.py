"""Ends of a numeric condition marked closed or open ((含80%) · (包括80%) · (含本数) · (不含)),
ranges of points written 13至15分 · (0到1分), a count inside a name (年内发展1名以上新党员), names opening with
按 (按要求进行调查核实(2分)), and 倒扣 refused by name (issue 12 §1/§6; the
variants of each are drawn by tests/test_constructs.py from variants.CONSTRUCTS)."""

from __future__ import annotations

import pytest

from indicator_rules import (
    IndicatorRulesError,
    RuleConflictError,
    RuleSyntaxError,
    parse_rule,
    score_row,
)


def _score(rule: str, weight, **given) -> str:
    return str(score_row(rule=rule, weight=weight, **given).score)


class TestInclusionMarks:
    BANDS = "90%(含90%)以上得10分;80%(包括80%)-90%得8分;低于80%不得分"

    @pytest.mark.parametrize(
        ("actual", "score"),
        [("90%", "10.00"), ("89.99%", "8.00"), ("80%", "8.00"), ("79.99%", "0.00")],
    )
    def test_the_marked_end_belongs_to_its_band(self, actual, score):
        assert _score(self.BANDS, 10, actual=actual) == score

    def test_a_mark_is_read_as_the_plain_closed_end(self):
        plain = parse_rule("90%以上得10分;80%(含)-90%得8分;低于80%不得分")
        assert parse_rule(self.BANDS).bands == plain.bands

    def test_a_mark_after_a_word_of_comparison_closes_its_end(self):
        rule = "高于30%(包括 30%)得4分;20%(含)-30%得2分;低于20%不得分"
        assert _score(rule, 4, actual="30%") == "4.00"
        assert _score(rule, 4, actual="29.99%") == "2.00"

    def test_a_mark_after_the_upper_end_naming_the_lower_closes_the_lower(self):
        rule = "≥90%得10分;80%-90%(含80%)得8分;80%以下不得分"
        (_, band, _) = parse_rule(rule).bands
        assert band.lower.closed and not band.upper.closed
        assert _score(rule, 10, actual="80%") == "8.00"

    def test_not_included_opens_the_end(self):
        rule = "≥90%得10分;80%(不含)-90%得8分;80%(含)以下不得分"
        assert _score(rule, 10, actual="80%") == "0.00"
        assert _score(rule, 10, actual="80.01%") == "8.00"

    def test_a_number_in_the_mark_other_than_the_end_is_refused(self):
        with pytest.raises(RuleSyntaxError, match="可读作含80%，也可读作含括号里的数"):
            parse_rule("≥90%得10分;80%(含85%)-90%得8分;80%以下不得分")

    def test_a_mark_against_the_word_is_refused(self):
        with pytest.raises(RuleSyntaxError, match="自相矛盾"):
            parse_rule("不低于90%(不含)得10分;否则不得分")

    def test_two_bands_claiming_the_marked_end_are_an_overlap(self):
        with pytest.raises(RuleConflictError, match="分档重叠：90%同时属于两个分档"):
            parse_rule("≥90%得10分;80%-90%(含90%)得8分;80%以下不得分")


class TestPointRanges:
    @pytest.mark.parametrize("to", ["至", "到", "-"])
    def test_a_level_range_written_with_zhi(self, to):
        rule = f"A.符合要求,13{to}15分;B.基本符合要求,8{to}12分;C.不符合要求,0分"
        assert _score(rule, 15, conditions=["基本符合要求"], judgement="9") == "9.00"

    def test_a_bracketed_range_bounds_the_evaluator(self):
        rule = "服务对象是农民(2分),其他(0至1分)"
        assert _score(rule, 2, conditions=["其他"], judgement="1") == "1.00"
        with pytest.raises(IndicatorRulesError, match="超出“其他”的范围0-1分"):
            score_row(rule=rule, weight=2, conditions=["其他"], judgement="1.5")


def test_daokou_is_refused_by_name():
    with pytest.raises(RuleSyntaxError, match="倒扣"):
        parse_rule("未發生安全事故的,得2分。發生較大及以上事故的,該項不得分,倒扣10分")


class TestCountInAName:
    RULE = "年内发展1名以上新党员计2分,有3个以上示范点的得2分"

    def test_the_count_and_the_words_after_it_are_one_named_condition(self):
        rule = parse_rule(self.RULE)
        assert [a.label for a in rule.awards] == ["年内发展1名以上新党员", "有3个以上示范点"]
        assert rule.bands == ()

    def test_the_evaluator_says_which_hold(self):
        assert _score(self.RULE, 4, conditions=[2]) == "2.00"
        assert _score(self.RULE, 4, conditions=[1, 2]) == "4.00"

    def test_a_number_for_an_answer_is_refused(self):
        with pytest.raises(IndicatorRulesError, match="没有条件“3个”"):
            score_row(rule=self.RULE, weight=4, actual="3个")


class TestNameOpeningWithBy:
    def test_a_checklist_item_opening_with_an(self):
        rule = parse_rule("申请材料齐全规范(2分)。按要求进行调查核实、听证、公示(2分)")
        assert [a.label for a in rule.awards] == [
            "申请材料齐全规范",
            "按要求进行调查核实、听证、公示",
        ]

    @pytest.mark.parametrize("by", ["按", "按照", "根据", "依据"])
    @pytest.mark.parametrize(("answer", "score"), [("是", "2.00"), ("否", "0.00")])
    def test_the_condition_of_full_marks(self, by, answer, score):
        assert _score(f"{by}规定上报的得满分,否则不得分", 2, actual=answer) == score

    def test_a_ratio_stays_a_ratio(self):
        assert _score("按完成比例得分", 10, target="100%", actual="80%") == "8.00"

    def test_points_after_a_proportion_are_refused_naming_both_readings(self):
        with pytest.raises(RuleSyntaxError, match="可读作按比例计分"):
            parse_rule("按完成比例得10分")


@pytest.mark.parametrize("answer", ["3个", "三个", "两项", "2条", "共3个"])
def test_an_item_count_beside_several_conditions_is_refused(answer):
    """3个 beside two named conditions: the threshold of one, or how many of them hold?"""
    with pytest.raises(IndicatorRulesError, match=r"无法对应|没有条件"):
        score_row(rule="年内发展1名以上新党员计2分,有3个以上示范点的得2分", weight=4, actual=answer)
