"""Every written form of one construct reads as that construct (duckling's Corpus.hs idea).

Each property draws the variants people write — item numbering in any style, glued or spaced,
spaces between a number and 分, the verbs 得/计/记/给, the zero forms, a count of one naming a
per-event deduction, a minus sign before points — and checks that the rule read equals the
rule read from the plain form.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_rules import parse_rule, score_row
from indicator_rules.errors import IndicatorRulesError, RuleSyntaxError
from indicator_rules.segments import mask, strip_mark
from indicator_rules.states import ON_TIME_WORDS

# Rules whose plain form the language reads, each of a different construct.
PLAIN = [
    "达标得满分10分，否则每少10%扣2分",
    "资金到位率100%得满分，每降低1%扣0.1分",
    "有工作方案得2分，没有不得分",
    "≥90%得10分；80%(含)-90%得8分；80%以下不得分",
    "记录齐全得4分，记录不全酌情给分",
    "按时完成得满分，逾期每天扣1分",
    "未及时宣传每次扣1分，扣完为止",
]
CHECKLIST = ["有工作方案得1分", "有实施细则得1分", "召开动员会得1分"]


def _same(text: str):
    rule = parse_rule(text)
    return attrs.evolve(rule, text="")


CN = "一二三四五六七八九十"


def _mark(style: str, n: int) -> str:
    return {
        "dun": f"{n}、",
        "dot": f"{n}.",
        "paren": f"({n})",
        "full_paren": f"（{n}）",
        "half": f"{n})",
        "circled": chr(0x2460 + n - 1),
        "cn_dun": f"{CN[n - 1]}、",
        "cn_paren": f"({CN[n - 1]})",
        "cn_shi": f"{CN[n - 1]}是",
    }[style]


STYLES = ["dun", "dot", "paren", "full_paren", "half", "circled", "cn_dun", "cn_paren", "cn_shi"]
# what stands between one numbered part and the next
JOINS = ["；", "。", "，", " ", "\n", ""]


class TestNumbering:
    @given(st.sampled_from(PLAIN), st.sampled_from(STYLES), st.sampled_from(["", " ", "  "]))
    def test_a_leading_mark_is_not_part_of_the_rule(self, text, style, space):
        assert _same(_mark(style, 1) + space + text) == _same(text)

    @given(st.sampled_from(STYLES), st.sampled_from(JOINS), st.booleans())
    def test_numbered_items_are_separate_items(self, style, join, traditional):
        parts = [_mark(style, i + 1) + part for i, part in enumerate(CHECKLIST)]
        if style == "cn_shi" and join == "":
            join = "，"  # 一是…二是… glued to the text before is a word, not a mark
        text = join.join(parts)
        if traditional:
            text = text.replace("实施", "實施").replace("细则", "細則")
        assert _same(text) == _same("；".join(CHECKLIST))

    @given(st.sampled_from(["评分标准：", "评分标准:", "计分方法：", "评分细则: "]))
    def test_a_lead_label_is_not_part_of_the_rule(self, label):
        for text in PLAIN[:3]:
            assert _same(label + text) == _same(text)

    @pytest.mark.parametrize(
        "text",
        ["前三名按照6、5、4分打分", "第1、2项", "达到12.5%得1分", "每1.5%扣1分", "X(10分)"],
    )
    def test_numbers_that_count_are_not_marks(self, text):
        assert mask(text) == text

    def test_the_text_keeps_its_length(self):
        for style in STYLES:
            text = "；".join(_mark(style, i + 1) + part for i, part in enumerate(CHECKLIST))
            assert len(mask(text)) == len(text)

    @pytest.mark.parametrize("label", ["①有方案", "1、有方案", "(1)有方案", "一是有方案", "有方案"])
    def test_strip_mark(self, label):
        assert strip_mark(label) == "有方案"


class TestPoints:
    @given(
        st.sampled_from(PLAIN[:5]),
        st.sampled_from(["", " ", "  "]),
        st.sampled_from(["", " "]),
    )
    def test_spaces_around_points(self, text, before, after):
        import re

        spaced = re.sub(r"(得|计)([0-9.]+)分", lambda m: f"{m[1]}{before}{m[2]}{after}分", text)
        assert _same(spaced) == _same(text)

    @given(st.sampled_from(["得", "计", "记", "给"]), st.sampled_from(["", " "]))
    def test_verbs_of_points(self, verb, space):
        assert _same(f"有工作方案{verb}{space}2分，没有不得分") == _same(
            "有工作方案得2分，没有不得分"
        )

    @given(st.sampled_from(["不得分", "得0分", "计0分", "记0分", "计 0 分", "得零分", "记零分"]))
    def test_zero_forms(self, zero):
        assert _same(f"有工作方案得2分，没有{zero}") == _same("有工作方案得2分，没有不得分")

    @given(st.sampled_from(["(1分)", "(1 分)", "( 1分 )", "（1分）"]))
    def test_points_in_brackets(self, points):
        text = f"设有目标{points}目标明确{points}"
        assert _same(text) == _same("设有目标(1分)目标明确(1分)")


MEASURES = ["项", "次", "处", "例", "起", "个", "件", "人"]


class TestCountOfOne:
    """有一项不合格扣5分 · 漏岗一次扣1分 · 一处不符要求-5分 · A、B各扣1分: per-event deductions."""

    @given(
        st.sampled_from(MEASURES),
        st.sampled_from(["有一{m}不合格", "不合格一{m}", "每一{m}不合格", "一{m}不合格"]),
        st.sampled_from(["扣5分", "扣 5 分", "-5分"]),
    )
    def test_one_event_per_deduction(self, measure, form, deduct):
        text = f"记录完整得15分，{form.format(m=measure)}{deduct}"
        try:
            rule = parse_rule(text)
        except RuleSyntaxError:
            assert deduct == "-5分" and form.endswith("不合格") is False
            return
        [event] = rule.events
        assert event.measure == measure and event.points == Decimal(5)
        assert "不合格" in event.event
        for n in (0, 1, 4):
            result = score_row(weight=15, rule=text, events=n)
            assert result.score == max(Decimal(15) - 5 * n, Decimal(0))

    @pytest.mark.parametrize("text", ["一次性补助得2分，否则不得分", "一项以上不合格的扣5分"])
    def test_one_that_does_not_count(self, text):
        rule = parse_rule(text)
        assert not rule.events

    def test_each_listed_item(self):
        text = "班子团结计4分。班子不团结、不协调、战斗力不强各扣1分。"
        [event] = parse_rule(text).events
        assert event.points == 1 and event.event == "班子不团结、不协调、战斗力不强"
        assert score_row(weight=4, rule=text, events=3).score == Decimal(1)

    @given(st.integers(min_value=0, max_value=6))
    def test_a_bare_full_score_opens_the_rule(self, n):
        result = score_row(weight=2, rule="得2分,漏岗一次扣1分", events=n)
        assert result.score == max(Decimal(2) - n, Decimal(0))
        if n:
            assert f"漏岗{n}次" in result.explanation


class TestDiscretionRange:
    @given(
        st.sampled_from(["0-5", "0~5", "0～5", "0 - 5"]),
        st.decimals(min_value=0, max_value=5, places=1),
    )
    def test_a_stated_range(self, span, given_score):
        text = f"领导小组发挥作用不明显，酌情给{span}分。"
        result = score_row(weight=5, rule=text, judgement=given_score)
        assert result.score == given_score.quantize(Decimal("0.01"))

    def test_a_bracketed_range_is_a_level(self):
        text = "服务对象是农业、农村、农民(2分),其他(0-1分)"
        assert score_row(weight=2, rule=text, actual={"score": "0.5"}).score == Decimal("0.50")
        assert score_row(weight=2, rule=text, conditions=[1]).score == Decimal("2.00")
        with pytest.raises(IndicatorRulesError, match="范围0-1分"):
            score_row(weight=2, rule=text, judgement="1.5")


class TestStates:
    """Rows without a target, answered in the rule's own words."""

    @given(
        st.sampled_from(
            [("合理", "不合理"), ("健全", "不健全"), ("明确", "不明确"), ("相适应", "不相适应")]
        ),
        st.sampled_from(["资金分配依据充分、额度{yes}", "与项目单位实际{yes}", "{yes}"]),
    )
    def test_the_otherwise_words_answer_the_condition(self, pair, condition):
        yes, no = pair
        rule = f"{condition.format(yes=yes)}的得2分，{no}不得分"
        assert score_row(weight=2, rule=rule, actual=yes).score == Decimal("2.00")
        assert score_row(weight=2, rule=rule, actual=no).score == 0
        with pytest.raises(IndicatorRulesError, match="可填"):
            score_row(weight=2, rule=rule, actual="差不多")

    @given(st.sampled_from(ON_TIME_WORDS), st.sampled_from(["", "项目"]))
    def test_deadline_words(self, word, subject):
        """Every word of states.ON_TIME_WORDS is a deadline in rule.lark too (two lists)."""
        rule = f"{subject}{word}完成的得10分，未按时完成不得分"
        assert score_row(weight=10, rule=rule, actual="按时").score == Decimal("10.00")
        assert score_row(weight=10, rule=rule, actual="未按时完成").score == 0
        assert score_row(weight=10, rule=rule, actual="按时完成").score == Decimal("10.00")

    @given(st.sampled_from(["超过", "超出", "超支"]))
    def test_over_or_not(self, word):
        rule = f"实际成本未{word}计划成本的得5分，{word}不得分"
        assert score_row(weight=5, rule=rule, actual=f"未{word}").score == Decimal("5.00")
        assert score_row(weight=5, rule=rule, actual=word).score == 0

    @given(st.sampled_from(["质量达标率", "达标率", "设备达标数"]))
    def test_names_with_da_biao(self, name):
        rule = f"{name}100%得满分，每降低1%扣1分"
        unit = "%" if name.endswith("率") else ""
        actual = f"97{unit}" if unit else "97%"
        assert score_row(weight=10, rule=rule, actual=actual).score == Decimal("7.00")


class TestTraditional:
    """A rule written in traditional characters reads as the simplified one (OpenCC's table)."""

    @given(st.sampled_from([*PLAIN, "；".join(CHECKLIST), "得2分,漏岗一次扣1分"]))
    @settings(max_examples=30)
    def test_traditional_writing(self, text):
        from opencc import OpenCC

        traditional = OpenCC("s2t").convert(text)
        assert len(traditional) == len(text)
        assert _same(traditional) == _same(text)

    def test_answers_in_traditional_writing(self):
        rule = "制度健全得2分，不健全不得分"
        assert score_row(weight=2, rule=rule, actual="不健全").score == 0
        assert score_row(weight=2, rule=rule, actual="健全").score == Decimal("2.00")


class TestNamedConditionsAnswered:
    """Rows of named conditions answered in words, not only by the condition's own text."""

    @given(st.sampled_from(["是", "符合", "已落实"]), st.sampled_from(["否", "不符合"]))
    def test_yes_and_no_answer_the_one_condition(self, yes, no):
        rule = "各项规章制度执行好、资金落实到位计4分"
        assert score_row(weight=4, rule=rule, actual=yes if yes != "已落实" else "是").score == 4
        assert score_row(weight=4, rule=rule, actual=no).score == 0

    @given(st.sampled_from(["已成立", "成立", "均已成立"]))
    def test_the_positive_of_a_deduction(self, answer):
        rule = "未成立相应的领导组织机构的扣4分"
        assert score_row(weight=4, rule=rule, actual=answer).score == Decimal("4.00")
        assert score_row(weight=4, rule=rule, actual="未成立").score == 0

    @given(st.sampled_from([("有整合", 2), ("整合", 2), ("未整合", 0), ("没有整合", 0)]))
    def test_the_negative_of_an_award(self, case):
        answer, points = case
        rule = "整合其他涉农财政资金支持农村公益事业的得2分"
        assert score_row(weight=2, rule=rule, actual=answer).score == points

    def test_a_failed_award_with_deductions_is_not_guessed(self):
        rule = "有明确的发展规划和年度工作计划,得3分;无规划扣1分,无年度计划扣1分。"
        with pytest.raises(IndicatorRulesError):
            score_row(weight=3, rule=rule, actual="否")
        with pytest.raises(IndicatorRulesError, match="未说明"):  # does the award still hold?
            score_row(weight=3, rule=rule, conditions=["无规划"])
        assert score_row(weight=3, rule=rule, conditions=[1, "无规划"]).score == 2

    def test_a_deduction_above_the_weight_is_refused(self):
        with pytest.raises(IndicatorRulesError, match="超过指标分值"):
            score_row(weight=3, rule="未绘制包干图的扣15分;未制定考核办法的,扣15分。", actual="否")

    def test_none_of_the_levels_is_not_zero_unless_said(self):
        rule = "村民自治村计2分,合格村计1分。"
        with pytest.raises(IndicatorRulesError):
            score_row(weight=2, rule=rule, actual="不合格村")
        assert score_row(weight=2, rule=rule + "否则不得分", actual="不合格村").score == 0


class TestAsides:
    @given(
        st.sampled_from(["以会议记录为准", "以文件上报为准", "现场实查"]),
        st.sampled_from(["计", "记", "得"]),
    )
    def test_an_aside_after_points_is_a_remark(self, aside, verb):
        text = f"年内召开专题会议1次以上{verb}2分({aside})"
        rule = parse_rule(text)
        assert aside in rule.remarks
        assert score_row(weight=2, rule=text, actual="1次").score == Decimal("2.00")

    @given(st.sampled_from(["使用", "已使用", "不使用"]))
    def test_an_aside_that_scores(self, answer):
        text = "积极推广使用信息化资源记2分(不使用不得分)"
        expected = Decimal("0.00") if answer == "不使用" else Decimal("2.00")
        assert score_row(weight=2, rule=text, actual=answer).score == expected

    @given(st.sampled_from(["(6分)", "（6分）", "(6 分)"]), st.sampled_from(["", "1.", "(1)"]))
    def test_points_opening_a_part(self, points, mark):
        """(6分)每缺少一项扣2分: the full score of what follows; …工作。(3分): of what precedes."""
        text = f"{mark}{points}每缺少一项扣2分。"
        assert _same(text) == _same("6分;每缺少一项扣2分。")
        checklist = f"1.建档立卡工作。{points} 2.上报信息。(2分) 以上指标,不达标不得分。"
        assert score_row(weight=8, rule=checklist, actual={"items": [1]}).score == 6

    @pytest.mark.parametrize("text", ["得分(20分*执行率)", "设有目标(1分)目标明确(1分)"])
    def test_points_in_brackets_are_not_asides(self, text):
        assert mask(text) == text


class TestUnsaidDeduction:
    """达不到扣分 · 不及时扣分 · 否则扣分: full marks score, a miss is refused (no size given)."""

    @given(
        st.sampled_from(["达不到扣分", "未达到扣分", "不达标扣分", "否则扣分", "达不到的扣分"]),
        st.decimals(min_value=0, max_value=120, places=1),
    )
    def test_threshold(self, unsaid, amount):
        rule = f"考取证书不少于80%的得25分,{unsaid}"
        if amount >= 80:
            assert score_row(weight=25, rule=rule, actual=f"{amount}%").score == 25
        else:
            with pytest.raises(IndicatorRulesError, match="没有写扣多少分"):
                score_row(weight=25, rule=rule, actual=f"{amount}%")

    def test_state(self):
        rule = "及时录入的得10分,不及时扣分"
        assert score_row(weight=10, rule=rule, actual="及时").score == 10
        with pytest.raises(IndicatorRulesError, match="没有写扣多少分"):
            score_row(weight=10, rule=rule, actual="不及时")


class TestEachItem:
    @given(
        st.sampled_from(STYLES[:6]),
        st.sampled_from(["符合以上每项的,得2分", "以上指标,每项2分", "每项2分", "上述每项计2分"]),
        st.lists(st.booleans(), min_size=3, max_size=3),
    )
    def test_each_numbered_item_is_worth_the_points(self, style, each, held):
        parts = ["建立领导小组", "成立工作机构", "配备专门人员"]
        text = " ".join(_mark(style, i + 1) + p + "。" for i, p in enumerate(parts)) + each
        items = [i + 1 for i, h in enumerate(held) if h]
        result = score_row(weight=6, rule=text + ",否则不得分", actual={"items": items})
        assert result.score == 2 * len(items)

    def test_one_item_is_not_a_list(self):
        with pytest.raises(IndicatorRulesError, match="两个以上"):
            parse_rule("建立领导小组。以上每项2分")


class TestMeasureWords:
    @given(
        st.sampled_from(
            ["张", "本", "册", "间", "栋", "块", "株", "棵", "辆", "座", "个单位", "单位"]
        )
    )
    def test_count_units_of_the_unit_table(self, unit):
        """A measure word units.py counts in reads as the unit of a per-event deduction."""
        from indicator_rules.units import lookup_unit

        assert lookup_unit(unit.removeprefix("个")).dimension == "count" or unit == "单位"
        [event] = parse_rule(f"公告齐全得2分,每少1{unit}扣0.5分").events
        assert event.measure == unit and event.points == Decimal("0.5")


class TestClauseEnds:
    @given(st.sampled_from([":", "：", " : "]))
    def test_a_colon_after_points(self, colon):
        text = f"将社会救助工作纳入发展计划的得1分{colon}否则不得分。"
        assert _same(text) == _same("将社会救助工作纳入发展计划的得1分;否则不得分。")

    def test_an_aside_with_brackets_inside(self):
        text = "成立组织机构记4分(以文件上报县科学素质办(科协)为准)"
        assert "以文件上报县科学素质办(科协)为准" in parse_rule(text).remarks
