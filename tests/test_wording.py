"""Answers in the rule's own words (wording.py): negation by morphology, several answers in one
actual, words saying that all holds, events said not to happen — and the readings refused."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicator_rules import ActualValueError, score_row
from indicator_rules.variants import NUMBERING, SLOTS, TO_TRADITIONAL
from indicator_rules.wording import ONE_GOOD, Target, read_answer

# (rule, 分值, actual, events, the score as its words say)
READ = [
    # a count against the condition's threshold (counted_words.py): 2次 is not 少于2次
    ("专题会议全年少于2次的,扣3分;未制定方案的扣1分", 3, "2次", None, "3.00"),
    ("专题会议全年少于2次的,扣3分;未制定方案的扣1分", 3, "全年1次", None, "0.00"),
    # words of things opening with a negation character are no negation (review)
    ("不锈钢护栏安装到位的得2分，否则不得分", 2, "未安装到位", None, "0.00"),
    ("未来三年规划编制完成的得2分，否则不得分", 2, "未编制完成", None, "0.00"),
    ("未来三年规划编制完成的得1分；建立工作台账的得1分", 2, "已编制完成，已建立台账", None, "2.00"),
    ("财政奖补资金实行专账核算,得1分", 1, "实行", None, "1.00"),
    ("财政奖补资金实行专账核算,得1分", 1, "未实行", None, "0.00"),
    ("积极参与“科技活动周”等重大科普活动记4分", 4, "参与", None, "4.00"),
    ("积极参与“科技活动周”等重大科普活动记4分", 4, "未参与", None, "0.00"),
    ("将社会救助工作纳入本地区发展计划的得1分:否则不得分。", 1, "纳入", None, "1.00"),
    ("将社会救助工作纳入本地区发展计划的得1分:否则不得分。", 1, "未纳入", None, "0.00"),
    ("不按要求向省教育厅报送学校安全工作总结的,扣2分。", 2, "按要求报送", None, "2.00"),
    ("不按要求向省教育厅报送学校安全工作总结的,扣2分。", 2, "未报送", None, "0.00"),
    ("未按要求推进隐患排查治理体系建设,扣4分。", 4, "未推进", None, "0.00"),
    ("全年到位得3分,缺位一次扣1分", 3, "全年到位", None, "3.00"),
    ("全年到位得3分,缺位一次扣1分", 3, "缺位", 2, "1.00"),
    ("有记录和材料可查得2分,未消除一次扣1分", 2, "有记录,全部消除", None, "2.00"),
    ("有记录和材料可查得2分,未消除一次扣1分", 2, "未消除", 1, "1.00"),
    ("有记录和材料可查得2分,未消除一次扣1分", 2, "全部消除", None, "2.00"),
    ("民主议事记录完整,得2分;不完整的每个项目扣1分", 2, "记录完整", None, "2.00"),
    ("迟报扣2分,漏报、瞒报、谎报的扣3分。", 3, "瞒报", None, "0.00"),
    ("学生归档材料不全、不规范的扣5分;不及时上报的扣5分。", 10, "材料不全,及时上报", None, "5.00"),
    ("学生归档材料不全、不规范的扣5分;不及时上报的扣5分。", 10, "材料不全且不及时上报", None, "0.00"),
    ("未成立禁烧工作小组的,扣2分;未作出禁烧工作部署的,扣3分。", 5, "已成立并作出部署", None, "5.00"),
    ("未成立禁烧工作小组的,扣2分;未作出禁烧工作部署的,扣3分。", 5, "已成立,未作出部署", None, "2.00"),
    ("未成立禁烧工作小组的,扣2分;未作出禁烧工作部署的,扣3分。", 5, "未成立，已部署", None, "3.00"),
    ("未成立禁烧工作小组的,扣2分;未作出禁烧工作部署的,扣3分。", 5, "全部落实", None, "5.00"),
    ("及时完成中心安排的其他工作,不及时的一次扣2分。", 5, "均及时完成", None, "5.00"),
    ("及时完成中心安排的其他工作,不及时的一次扣2分。", 5, "不及时", 2, "1.00"),
    ("按要求完成年度计划,未完成的每处扣2分,扣完为止。", 10, "全部完成", None, "10.00"),
    ("积极申报联合体,提交申报材料的得1分,申报成功的得2.5分。", 2.5, "提交申报材料,未成功", None, "1.00"),
    ("加强资金管理,确保乡村两级的正常运转计4分,未做到的,本项不计分。", 4, "未做到", None, "0.00"),
    ("加强资金管理,确保乡村两级的正常运转计4分,未做到的,本项不计分。", 4, "做到", None, "4.00"),
    ("(10分)“十个一”有一个完成不了,扣10分。", 10, "全部完成", None, "10.00"),
    # the positive form of a condition with its negation inside (资料不齐全, 方案不完善)
    ("档案资料不齐全的扣2分", 2, "资料齐全", None, "2.00"),
    ("档案资料不齐全的扣2分", 2, "档案齐全", None, "2.00"),
    ("制定工作方案得2分,方案不完善扣1分", 2, "已制定,方案完善", None, "2.00"),
    ("制定工作方案得2分,方案不完善扣1分", 2, "已制定,方案不完善", None, "1.00"),
    # the rule's own “otherwise” words, with a negation anywhere in them (无分 is a score)
    ("全年无火灾得10分,发生森林火灾无分", 10, "未发生", None, "10.00"),
    ("全年无火灾得10分,发生森林火灾无分", 10, "发生", None, "0.00"),
    ("熟知责任区基本情况计10分,四至和情况不清的不得分。", 10, "四至不清", None, "0.00"),
    ("熟知责任区基本情况计10分,四至和情况不清的不得分。", 10, "熟知", None, "10.00"),
    ("创食办未按要求设在府办的扣0.25分,创食办未抽调人员独立集中办公的扣0.5分", 0.75,
     "创食办未设在府办且未独立集中办公", None, "0.00"),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "weight", "actual", "events", "score"), READ)
def test_answers_in_the_rules_words_score_as_they_say(rule, weight, actual, events, score):
    result = score_row(weight=weight, rule=rule, actual=actual, events=events)
    assert result.score == Decimal(score), result.explanation


# (rule, 分值, actual, events, words of the refusal): two readings are named, a part read as
# none is named
REFUSED = [
    # 按时 is not 按要求: the manner of a negated condition the answer does not repeat (review)
    ("不按要求向省教育厅报送学校安全工作总结的,扣2分。", 2, "按时报送", None, "按时报送"),
    ("未按时足额拨付资金的扣5分；未建立台账的扣2分", 7, "已足额拨付资金，已建立台账", None, "足额"),
    # a fault the answer does not name: 已调整预算 is not 擅自调整预算 (review)
    ("擅自调整预算的扣5分；未建立台账的扣2分", 7, "已调整预算，已建立台账", None, "调整预算"),
    ("违规开设财政专户的，不得分；未建立台账的扣2分", 2, "已开设财政专户", None, "开设财政专户"),
    # a negated core two conditions share: which one?
    ("提交申报材料的得1分,申报成功的得2.5分。", 2.5, "未申报", None, "可对应多个条件"),
    # 齐备 says nothing of 不规范
    ("学生归档材料不全、不规范的扣5分;不及时上报的扣5分。", 10, "齐备且及时上报", None, "一部分"),
    # used, but as the rules say? (未使用 would answer)
    ("不按规定使用专项资金的扣2分;未编制预算的扣2分", 4, "使用专项资金", None, "“使用专项资金”"),
    # paid, but fully?
    ("资金拨付到位得2分;未建立台账的扣1分", 2, "已拨付", None, "“已拨付”"),
    # a count is compared with the condition's threshold only when it is one exact count in
    # its measure word (counted_words.py): a bound or another measure is not read
    ("专题会议全年少于2次的,扣3分;未制定方案的扣1分", 3, "2次以上", None, "“2次以上”"),
    ("专题会议全年少于2次的,扣3分;未制定方案的扣1分", 3, "2个", None, "“2个”"),
    # the negation modifies a noun (的): 进行督办 is not negated
    ("对未完成的项目进行督办的得2分;未建立台账的扣1分", 2, "未进行督办", None, "“未进行督办”"),
    # 及时率低 begins with 及时 but is no word of the rule's own: it says nothing of 不及时
    ("及时完成中心安排的其他工作,不及时的一次扣2分。", 5, "及时率低", None, "“及时率低”"),
    # the event said to happen, no count
    ("全年到位得3分,缺位一次扣1分", 3, "缺位", None, "需要提供事件次数"),
    # said not to happen, and counted
    ("全年到位得3分,缺位一次扣1分", 3, "全年到位", 2, "矛盾"),
    # 全部符合 with discretion, or a choice of levels
    ("制度健全得3分;执行不到位的酌情扣分", 3, "全部符合", None, "酌情"),
    ("提交申报材料的得1分,申报成功的得2.5分。", 2.5, "全部完成", None, "档次"),
    # 符合 against several awards: which one holds?
    ("提交申报材料的得1分,申报成功的得2.5分。", 2.5, "符合", None, "提交申报材料、申报成功"),
    # 不符合 against the one standard beside deductions: 0, or 6 less the deductions?
    ("班子成员勤政廉政计6分。村级班子成员有不廉洁现象扣2分。", 6, "不符合", None, "不符合"),
    # 符合 says nothing happened: a count contradicts it
    ("班子成员勤政廉政计6分。有不廉洁现象扣2分。每发生一起违纪扣2分。", 6, "符合", 2, "矛盾"),
]  # fmt: skip


# The one standard worth 分值, deductions or events beside it: a general word says it holds
ONE_STANDARD = [
    "班子成员勤政廉政计6分。村级班子成员有不廉洁现象扣2分。换届选举工作不能按要求落实到位扣2分。",
    "制度健全得6分；未建立台账的扣1分",
    "班子成员勤政廉政计6分。有不廉洁现象扣2分。每发生一起违纪扣2分。",
]


@pytest.mark.parametrize("rule", ONE_STANDARD)
@pytest.mark.parametrize(
    "word", [*ONE_GOOD, "符合規定", "達到要求", "滿足要求", "符合。", " 符合要求 "]
)
def test_a_word_saying_the_one_standard_holds_is_full_marks(rule, word):
    """勤政廉政计6分，…扣2分 answered 符合 · 达到要求 · 符合規定: 6, nothing deducted."""
    result = score_row(weight=6, rule=rule, actual=word)
    assert result.score == Decimal("6.00"), result.explanation


@pytest.mark.parametrize(("rule", "weight", "actual", "events", "words"), REFUSED)
def test_readings_that_could_go_two_ways_are_refused(rule, weight, actual, events, words):
    with pytest.raises(ActualValueError) as info:
        score_row(weight=weight, rule=rule, actual=actual, events=events)
    assert words in str(info.value)


def test_the_discretionary_clause_is_not_answered_by_words():
    """记录不全酌情扣分: a part saying it does not hold is no score (the evaluator's to say)."""
    rule = "建立台账得2分;记录不全的酌情扣分"
    with pytest.raises(ActualValueError):
        score_row(weight=2, rule=rule, actual="记录齐全")


class TestReading:
    def test_a_negation_after_the_core_leaves_it_unread(self):
        """上报不及时 answered by 上报: reported, but on time? Not read."""
        unread: list[str] = []
        assert read_answer("上报", [[Target("1", "年度总结上报不及时", "any")]], unread) == {}
        assert unread == ["上报"]

    def test_a_core_does_not_cut_a_negation_word(self):
        """有档案 against 没有档案: the negation is 没有, not 有."""
        assert read_answer("有档案", [[Target("1", "没有档案", "any")]]) == {"1": False}

    def test_a_comparator_is_not_a_negation(self):
        """不少于6次 is a quantity: 开展 against it is a positive condition."""
        said = read_answer("未开展", [[Target("1", "全年开展培训不少于6次")]])
        assert said == {"1": False}

    def test_an_otherwise_text_turns_the_verdict_round(self):
        group = [Target("c", "确保正常运转"), Target("c", "未做到的", "any", flip=True)]
        assert read_answer("做到", [group]) == {"c": True}
        assert read_answer("未做到", [group]) == {"c": False}

    def test_a_condition_of_two_clauses_needs_both(self):
        group = [Target("c", "制度健全，执行到位")]
        assert read_answer("制度健全，执行到位", [group]) == {"c": True}
        assert read_answer("执行不到位", [group]) == {"c": False}
        with pytest.raises(ActualValueError, match="一部分"):
            read_answer("制度健全", [group])


# --- the property: generated conditions and answers, polarity decides ---

CORES = [
    ("实行", "专账核算"),
    ("纳入", "年度预算"),
    ("成立", "工作领导小组"),
    ("报送", "工作总结"),
    ("制定", "实施方案"),
    ("组织", "科普活动"),  # not 参与: normalize reads 參 as the numeral 三
    ("开展", "业务培训"),
    ("建立", "管理台账"),
]
SUBJECTS = ["", "本单位", "乡镇"]
CONDITION_NEGATIONS = ["未", "没有", "不"]
ANSWER_NEGATIONS = ["未", "没有", "尚未", "未能"]
AFFIRMATIONS = ["", "已", "已经", "均已", "全部"]
NUMBERS = [n.format(n=1, c="一", circled="①") for n in NUMBERING] + [""]


@st.composite
def worded_cases(draw):
    """(rule, 分值, answer, score as its words say): an award or a deduction for a condition
    written with or without its own negation, answered with or without one, in every written
    variant (numbering, separator, verb, 的, traditional characters)."""
    verb, thing = draw(st.sampled_from(CORES))
    subject = draw(st.sampled_from(SUBJECTS))
    negative = draw(st.booleans())
    number, sep, de = (draw(st.sampled_from(s)) for s in (NUMBERS, SLOTS["sep"][:4], ["", "的"]))
    points = draw(st.sampled_from([1, 2, 4]))
    if negative:
        negation = draw(st.sampled_from(CONDITION_NEGATIONS))
        deduct = draw(st.sampled_from(SLOTS["deduct"]))
        rule = f"{number}{subject}{negation}{verb}{thing}{de}{sep}{deduct}{points}分"
    else:
        verb_of_points = draw(st.sampled_from(["得", "计", "记"]))
        otherwise = draw(st.sampled_from(["", f"{sep}否则不得分"]))
        rule = f"{number}{subject}{verb}{thing}{de}{sep}{verb_of_points}{points}分{otherwise}"
    says_not = draw(st.booleans())
    core = draw(st.sampled_from([verb, verb + thing]))
    if says_not:
        answer = draw(st.sampled_from(ANSWER_NEGATIONS)) + core
    else:
        answer = draw(st.sampled_from(AFFIRMATIONS)) + core
    if draw(st.booleans()):
        rule = TO_TRADITIONAL.convert(rule)
    if draw(st.booleans()):
        answer = TO_TRADITIONAL.convert(answer)
    holds = says_not == negative  # a deduction applies when it holds, an award is earned
    earned = holds != negative
    return rule, points, answer, Decimal(points if earned else 0)


@given(worded_cases())
def test_the_answers_polarity_decides_the_score_as_its_words_say(case):
    rule, weight, answer, score = case
    result = score_row(weight=weight, rule=rule, actual=answer)
    assert result.score == score, (rule, answer, result.explanation)
