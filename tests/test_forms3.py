"""Forms of round 3 of issue 12 §1/§6, each scored at its boundaries as its words say (the
variants of each are drawn by tests/test_constructs.py from variants.CONSTRUCTS)."""

from __future__ import annotations

import pytest

from indicator_rules import RuleSyntaxError, score_row


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
