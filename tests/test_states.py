"""Rows without a target, scored by a condition the evaluator answers in words (states.py)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_rules import ActualValueError, TargetError, loads, score_row
from indicator_rules.states import STATE_PAIRS, Condition, answer_words

# (rule, 分值, answers that hold, answers that fail)
STATE_ROWS = [
    ("有完整的项目实施方案的得2分，没有不得分", 2, ["有", "是", True], ["没有", "无", "否", False]),
    (
        "与部门职责相符，得满分；不相符，不得分",
        3,
        ["相符", "符合", "是"],
        ["不相符", "不符合", "否"],
    ),
    ("制度健全得2分，不健全不得分", 2, ["健全", "是"], ["不健全", "否"]),
    ("按时完成得满分，未按时完成不得分", 4, ["按时", "按时完成", "完成"], ["未按时", "未完成"]),
]


class TestNoTarget:
    """A row with no 指标值 is scored by its rule alone."""

    @pytest.mark.parametrize(("rule", "weight", "yes", "no"), STATE_ROWS)
    def test_answers_that_hold_give_full_marks_and_others_zero(self, rule, weight, yes, no):
        """Each word of the condition's own state pair, and 是/否, answers it."""
        for answer in yes:
            result = score_row(target=None, weight=weight, rule=rule, actual=answer)
            assert result.score == Decimal(weight) and result.met, answer
            assert "条件成立" in result.explanation
        for answer in no:
            result = score_row(target=None, weight=weight, rule=rule, actual=answer)
            assert result.score == Decimal("0.00") and not result.met, answer
            assert "条件不成立" in result.explanation and "得0分" in result.explanation

    def test_unknown_word_is_refused_with_the_accepted_words(self):
        """A word that answers no condition of the rule is an error that lists the answers."""
        with pytest.raises(ActualValueError) as info:
            score_row(weight=2, rule="制度健全得2分，不健全不得分", actual="合格")
        assert "健全、不健全、是、否" in str(info.value)

    def test_number_for_a_state_row_is_refused(self):
        """A number does not answer a condition."""
        with pytest.raises(ActualValueError):
            score_row(weight=2, rule="制度健全得2分，不健全不得分", actual="95%")

    def test_stated_threshold_scores_without_target(self):
        """资金到位率100%得满分，每降低1%扣0.1分: 97.5% is 2.5 points short, 3 whole steps."""
        rule = "资金到位率=实际到位资金/计划投入资金×100%，资金到位率100%得满分，每降低1%扣0.1分"
        assert score_row(weight=2, rule=rule, actual="97.5%").score == Decimal("1.70")
        assert score_row(weight=2, rule=rule, actual="100%").score == Decimal("2.00")
        assert score_row(weight=2, rule=rule, actual="99%").score == Decimal("1.90")

    def test_meet_target_without_target_names_what_is_missing(self):
        """达标得满分 compares with a target that is not there: an error, never a guess."""
        with pytest.raises(TargetError) as info:
            score_row(weight=10, rule="达标得满分，否则不得分", actual="95%")
        assert "没有指标值" in str(info.value)

    def test_no_target_and_no_rule_is_an_error(self):
        with pytest.raises(TargetError, match="指标值为空，且没有评分标准"):
            score_row(weight=10, actual="95%")

    def test_rule_file_indicator_without_target(self):
        """A rule file may leave 指标值 out when the rule says everything."""
        project = loads(
            "项目名称：评价\n全年预算数：10万元\n一级：决策\n二级：项目立项\n三级：立项依据充分性\n"
            "  分值：2\n  评分标准：有完整的项目实施方案的得2分，没有不得分\n"
        )
        evaluation = project.evaluate({"立项依据充分性": "没有", "全年执行数": "10万元"})
        assert evaluation.rows[0].score == Decimal("0.00")
        assert "条件不成立" in evaluation.rows[0].result.explanation


class TestStateWords:
    """The table of state pairs answers every condition that uses one of its words."""

    @given(st.sampled_from(STATE_PAIRS), st.sampled_from(["", "项目", "的相关制度"]))
    def test_each_pair_answers_its_condition(self, pair, tail):
        """For each pair, a condition written with its first word is held by the yes words and
        failed by the no words; a condition written with its no word the other way round."""
        yes, no = pair
        positive = Condition(f"{yes[0]}{tail}")
        negative = Condition(f"{no[0]}{tail}")
        for word in yes:
            assert positive.answer(word) is True
            assert negative.answer(word) is False
        for word in no:
            assert positive.answer(word) is False
            assert negative.answer(word) is True

    def test_longest_word_wins(self):
        """未发生安全事故 is the negative state of 发生, not 发生 itself."""
        condition = Condition("未发生安全事故")
        assert condition.answer("未发生") is True and condition.answer("发生") is False
        assert answer_words("未发生安全事故")[:2] == ("发生", "未发生")

    def test_rule_otherwise_text_is_an_answer(self):
        """The rule's own words for failing (记录不全) answer the condition."""
        result = score_row(weight=2, rule="记录完整的得2分，记录不全不得分", actual="记录不全")
        assert result.score == Decimal("0.00")
