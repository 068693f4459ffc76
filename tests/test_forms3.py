"""Forms of round 3 of issue 12 §1/§6, each scored at its boundaries as its words say (the
variants of each are drawn by tests/test_constructs.py from variants.CONSTRUCTS)."""

from __future__ import annotations

import pytest

from indicator_rules import RuleConflictError, RuleSyntaxError, score_row


def _score(rule: str, weight, target=None, **given) -> str:
    return str(score_row(rule=rule, target=target, weight=weight, **given).score)


class TestCapToZero:
    """直至扣为零分 · 扣至零分 · 扣完该项分值为止: the cap at nothing, the default anyway."""

    @pytest.mark.parametrize(
        "cap",
        [
            "直至扣为零",
            "扣到零分为止",
            "扣为0分为止",
            "直至扣完为止",
            "扣完该项分数为止",
            "扣完此项分值为止",
            "扣至零分",
            "扣至0分",
            "扣为零分",
            "扣完该项分值",
        ],
    )
    @pytest.mark.parametrize(("events", "score"), [(0, "100.00"), (2, "20.00"), (3, "0.00")])
    def test_deductions_stop_at_nothing(self, cap, events, score):
        rule = f"制度健全的得100分,每不符合一项扣40分,{cap}。"
        assert _score(rule, 100, events=events) == score

    def test_the_traditional_form(self):
        assert _score("每不符合一項扣40分,直至扣為零分。", 100, events=2) == "20.00"

    @pytest.mark.parametrize("cap", ["扣至零分", "扣至0分", "扣为零分", "扣完该项分值"])
    def test_without_its_end_after_a_condition_it_has_two_readings(self, cap):
        with pytest.raises(RuleSyntaxError, match="两种读法") as caught:
            score_row(
                rule=f"按时完成得10分，每缺1项扣2分，发生事故的，{cap}",
                weight=10,
                actual="按时完成",
            )
        assert "条件成立时得0分" in str(caught.value)

    def test_with_its_end_after_a_condition_it_is_the_cap_as_before(self):
        rule = "按时完成得10分，未按时完成的，扣至零分为止"
        assert _score(rule, 10, actual="未按时完成") == "0.00"


class TestPointsCountedAs:
    """按100分计 · 按10分计算: points written as what the condition counts as, read as 得N分."""

    RULE = "符合全部3项指标的按100分计,每不符合一项扣40分,直至扣为零分。"

    @pytest.mark.parametrize(
        ("given", "score"),
        [({"actual": "符合"}, "100.00"), ({"events": 1}, "60.00"), ({"events": 3}, "0.00")],
    )
    def test_full_marks_less_each_miss(self, given, score):
        assert _score(self.RULE, 100, **given) == score

    @pytest.mark.parametrize("written", ["按10分计", "按10分计算", "按 10 分計", "得10分"])
    @pytest.mark.parametrize(("actual", "score"), [("90%", "10.00"), ("89.99%", "0.00")])
    def test_each_form_scores_as_got(self, written, actual, score):
        assert _score(f"满意度达到90%以上{written}，否则不得分", 10, actual=actual) == score

    def test_points_that_disagree_with_the_weight_are_refused(self):
        with pytest.raises(RuleConflictError):
            score_row(rule="符合要求的按100分计，否则不得分", weight=10, actual="符合")

    def test_a_name_opening_with_a_ratio_is_not_points(self):
        # 按1:1比例…: no 分计 after the number, so 按 opens a name as before
        with pytest.raises(RuleSyntaxError, match="按比例计分"):
            score_row(rule="按1:1比例配套资金到位的得2分", weight=2, actual="到位")
