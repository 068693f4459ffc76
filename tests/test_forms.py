"""Forms the grammar reads since issue 12 §1/§6, each scored at its boundaries as its words say
(the variants of each are drawn by tests/test_constructs.py from variants.CONSTRUCTS)."""

from __future__ import annotations

import pytest

from indicator_rules import (
    ActualValueError,
    IndicatorRulesError,
    RuleConflictError,
    RuleSyntaxError,
    TargetError,
    compile_indicator,
    loads,
    parse_rule,
    score_row,
)
from indicator_rules.model import Operator, Qualitative
from indicator_rules.targets import parse_target


def _score(rule: str, weight, target=None, **given) -> str:
    return str(score_row(rule=rule, target=target, weight=weight, **given).score)


class TestPeriodicCondition:
    """每年 · 每月 before a name with a numeric condition: how often the count is made."""

    RULE = "每年向科普栏目提供科技稿件2件以上记2分"

    @pytest.mark.parametrize(
        ("actual", "score"), [("2件", "2.00"), ("3件", "2.00"), ("1件", "0.00")]
    )
    def test_the_count_is_the_condition(self, actual, score):
        assert _score(self.RULE, 2, actual=actual) == score

    def test_the_period_is_part_of_the_name(self):
        (band,) = parse_rule(self.RULE).bands
        assert band.lower.value.amount == 2

    def test_a_measure_that_is_not_a_period_is_refused(self):
        with pytest.raises(RuleSyntaxError, match="每人"):
            parse_rule("每人上报科普信息4篇以上记2分")


class TestProportionalDeduction:
    """按比例扣分 · 按完成比例扣分: the score in proportion, as 按比例得分."""

    @pytest.mark.parametrize(
        ("actual", "score"), [("4篇", "2.00"), ("5篇", "2.00"), ("3篇", "1.50"), ("1篇", "0.50")]
    )
    def test_a_shortfall_scores_its_share(self, actual, score):
        rule = "上报科普信息4篇以上记2分(完不成的按比例扣分)。"
        assert _score(rule, 2, "4篇以上", actual=actual) == score

    def test_after_a_lead(self):
        assert _score("完成任务得10分,未完成任务的按比例扣分", 10, "≥100%", actual="80%") == "8.00"

    def test_a_basis_that_is_no_proportion_still_needs_a_method(self):
        with pytest.raises(RuleSyntaxError, match="没有写明扣分方法"):
            parse_rule("完成任务得10分,未完成任务的根据情况扣分")


class TestShortfallOfACount:
    """少一次扣2.5分 after a count the rule needs: each one short of it costs the points."""

    @pytest.mark.parametrize(
        ("actual", "score"), [("3次", "5.00"), ("2次", "5.00"), ("1次", "2.50"), ("0次", "0.00")]
    )
    def test_from_the_condition_before(self, actual, score):
        assert _score("召开2次以上专题会议研究民政工作,少一次扣2.5分", 5, actual=actual) == score

    @pytest.mark.parametrize(
        "needs", ["召开专题会议不少于2次", "全年召开专题会议至少2次", "召开2次以上专题会议"]
    )
    def test_the_ways_a_count_is_needed(self, needs):
        assert _score(f"{needs},缺1次扣2.5分", 5, actual="1次") == "2.50"

    def test_from_the_rule_own_threshold(self):
        assert _score("召开会议达到3次以上得6分,每少1次扣2分", 6, actual="2次") == "4.00"

    def test_the_count_is_the_actual_not_events(self):
        with pytest.raises(IndicatorRulesError, match="事件次数"):
            score_row(rule="召开2次以上专题会议,少一次扣2.5分", weight=5, events=1)

    @pytest.mark.parametrize(
        "rule",
        [
            "召开2次以上会议、3次以上培训,少一次扣1分",  # two counts: which one is short
            "召开2次以上专题会议,少一项扣1分",  # another measure
        ],
    )
    def test_without_one_count_in_its_measure_it_stays_per_event(self, rule):
        assert parse_rule(rule).events
        assert parse_rule(rule).fallback is None


class TestEvidenceNotes:
    """以文件为依据 · 以会议记录为准 · 查会议记录 · 查阅文件资料: a remark, not a condition."""

    @pytest.mark.parametrize(
        "note", ["以文件为依据", "以会议记录为准", "查会议记录", "查阅文件资料", "查看台账"]
    )
    def test_a_note_of_evidence_is_kept_as_a_remark(self, note):
        rule = parse_rule(f"达标得满分,否则不得分。{note}。")
        assert note in rule.remarks

    @pytest.mark.parametrize(
        ("actual", "score"), [("6次", "1.00"), ("4次", "0.60"), ("0次", "0.00")]
    )
    def test_before_a_shortfall_it_is_no_condition(self, actual, score):
        rule = "全年研究综治工作不少于6次,记1分。查会议记录,少1次扣0.2分。"
        assert _score(rule, 1, actual=actual) == score

    @pytest.mark.parametrize(("actual", "score"), [("2次", "5.00"), ("1次", "2.50")])
    def test_glued_to_the_points_before_it(self, actual, score):
        """少一次扣2.5分以党委会纪要为准): the note follows the points without a separator."""
        rule = "召开2次以上专题会议研究民政工作,少一次扣2.5分以党委会纪要为准)"
        assert _score(rule, 5, actual=actual) == score
        assert "以党委会纪要为准)" in parse_rule(rule).remarks

    def test_a_condition_that_finds_is_no_note(self):
        rule = parse_rule("查出问题的,扣2分")
        assert not rule.remarks


class TestTargetSentence:
    """A target written as a sentence: its one number, in the direction its words agree on."""

    @pytest.mark.parametrize(
        ("text", "operator", "amount"),
        [
            ("至少培育10名以上创业典型。", Operator.GE, 10),
            ("在街道(乡镇)至少建立1个创业者联谊会,增加信息交流,开展创业互助。", Operator.GE, 1),
            ("支出不超过全年预算的5%,厉行节约", Operator.LE, 5),
            ("成立1个领导小组,定期开展活动", Operator.EQ, 1),
        ],
    )
    def test_its_one_number_is_the_target(self, text, operator, amount):
        target = parse_target(text)
        assert (target.operator, target.value.amount, target.text) == (operator, amount, text)

    @pytest.mark.parametrize(
        ("actual", "score"), [("10名", "1.00"), ("11名", "1.00"), ("9名", "0.00")]
    )
    def test_it_scores_as_that_number(self, actual, score):
        rule = "完成的得1分,反之,不得分。以各级表彰决定为依据。"
        assert _score(rule, 1, "至少培育10名以上创业典型。", actual=actual) == score

    @pytest.mark.parametrize(
        ("text", "says"),
        [
            ("健康知识入户每年不少于4次,每次入户率达100%", "2个数"),  # which is the standard
            ("全年张贴宣传画500张以上,发放宣传资料5000份以上", "2个数"),
            ("不超过5人以上,效果好", "说法不一"),  # an upper and a lower bound
            ("按常住人口人均 2 元的标准投入到位", "是否就是标准"),  # per head
            ("全年出勤率100%且在火险等级三级以上每天出勤", "是否就是标准"),  # a numeral in words
            ("2026年底前完成项目验收", "是否就是标准"),  # a date in a sentence
        ],
    )
    def test_a_sentence_it_cannot_read_one_way_is_refused(self, text, says):
        with pytest.raises(TargetError, match=says):
            parse_target(text)

    @pytest.mark.parametrize("text", ["≥9O%", "9O%", "12.5.6"])
    def test_a_mistyped_value_is_no_sentence(self, text):
        """≥9O% keeps the grammar's error at its column, not read as the sentence “9”."""
        with pytest.raises(TargetError) as info:
            parse_target(text)
        assert info.value.column is not None and "一句话" not in str(info.value)


class TestSentenceBesideAWordsRule:
    """A target sentence that names no one standard is a description beside a rule that scores
    by its own words (Rule.words_only), and refused beside any other rule."""

    SENTENCE = "全年张贴宣传画500张以上,发放宣传资料5000份以上"
    WORDS = (
        "未成立禁烧工作小组的,扣2分;未作出禁烧工作部署的,扣3分。",
        "成立领导小组得2分;制定工作方案得3分",
    )
    MEASURED = (
        "达标得满分,否则不得分",
        "完成率每少10%扣1分",
        "≥90%得5分,80%-90%得3分",
        "有工作方案得5分,否则不得分",
    )

    @pytest.mark.parametrize("rule", WORDS)
    def test_beside_a_words_rule_it_is_kept_as_text(self, rule):
        compiled = compile_indicator(target=self.SENTENCE, weight=5, rule=rule)
        assert compiled.target.value == Qualitative(text=self.SENTENCE)
        assert compiled.target.text == self.SENTENCE  # nothing the user gave is lost

    def test_it_scores_by_the_rule(self):
        rule = self.WORDS[0]
        assert _score(rule, 5, self.SENTENCE, actual="已成立,未作出部署") == "2.00"

    @pytest.mark.parametrize("rule", MEASURED)
    def test_beside_a_rule_that_measures_it_is_refused(self, rule):
        with pytest.raises(TargetError, match="2个数"):
            compile_indicator(target=self.SENTENCE, weight=5, rule=rule)

    def test_a_rule_file_reads_it_the_same_way(self):
        text = "项目名称：宣传\n年度：2026\n\n一级：产出\n二级：数量\n三级：宣传工作\n  指标值：{s}\n  分值：5\n  评分标准：{r}\n"
        project = loads(text.format(s=self.SENTENCE, r=self.WORDS[0]))
        assert project.indicators[0].target.value == Qualitative(text=self.SENTENCE)
        with pytest.raises(IndicatorRulesError, match="2个数"):
            loads(text.format(s=self.SENTENCE, r=self.MEASURED[0]))


class TestLadder:
    """完成目标得10分，完成目标的90%得9分，完成80%得8分，依次类推: rungs continued to no points."""

    RULE = "完成年度计划目标得10分,完成目标的90%得9分,完成80%得8 分,依次类推。"

    @pytest.mark.parametrize(
        ("actual", "score"),
        [("120%", "10.00"), ("100%", "10.00"), ("90%", "9.00"), ("50%", "5.00"), ("0%", "0.00")],
    )
    def test_each_rung_scores_its_points(self, actual, score):
        assert _score(self.RULE, 10, actual=actual) == score

    @pytest.mark.parametrize("actual", ["85%", "99.99%", "5%"])
    def test_between_two_rungs_is_refused(self, actual):
        with pytest.raises(ActualValueError, match="不在任何分档内"):
            _score(self.RULE, 10, actual=actual)

    def test_a_target_other_than_100_percent_is_refused(self):
        with pytest.raises(RuleConflictError, match="完成比例还是指标本身"):
            _score(self.RULE, 10, "≥3%", actual="2.7%")

    def test_a_target_of_100_percent_is_the_share(self):
        assert _score(self.RULE, 10, "100%", actual="70%") == "7.00"

    @pytest.mark.parametrize(
        "rule",
        [
            "完成目标得10分,完成目标的90%得9分,完成80%得7分,依次类推",  # points do not step evenly
            "完成目标得10分,完成目标的90%得9分,完成70%得8分,依次类推",  # shares do not
            "达到5%得1分,依次类推",  # no target met at the top
        ],
    )
    def test_rungs_that_do_not_climb_evenly_are_not_continued(self, rule):
        with pytest.raises(RuleSyntaxError, match="依次类推"):
            parse_rule(rule)


class TestEventWords:
    """Counted events: 一般 after 发生 is a word, not one event; people and households count."""

    def test_a_word_beginning_with_a_numeral_is_no_count(self):
        (event,) = parse_rule("发生一般森林火灾一次扣5分").events
        assert (event.event, event.measure) == ("发生一般森林火灾", "次")

    @pytest.mark.parametrize(
        ("rule", "measure", "score"),
        [("少1人次扣0.5分", "人次", "8.00"), ("少一户扣1分", "户", "6.00")],
    )
    def test_people_short_are_counted_one_by_one(self, rule, measure, score):
        (event,) = parse_rule(rule).events
        assert event.measure == measure
        assert _score(rule, 10, events=4) == score
