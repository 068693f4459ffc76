"""Rule classes of real documents (domain.md §5), scored by hand at their boundaries."""

from decimal import Decimal

import pytest

from indicator_rules import (
    ActualValueError,
    RuleConflictError,
    RuleSyntaxError,
    canonical,
    parse_rule,
    score_row,
)
from indicator_rules.coverage import measure_file

from .conftest import DATA


def score(rule, weight, actual=None, **kwargs):
    return score_row(
        target=kwargs.pop("target", "效果显著"), weight=weight, rule=rule, actual=actual, **kwargs
    )


class TestNamedConditions:
    RULE = "按要求将年度任务分解落实到项目区的,得2分;未完成的,不得分。"

    def test_reading(self):
        """A named condition worth the full score, with nothing otherwise."""
        rule = parse_rule(self.RULE)
        assert rule.full.condition.subject == "按要求将年度任务分解落实到项目区的"
        assert rule.full.points == 2

    @pytest.mark.parametrize(
        ("grade", "expected"), [("达成年度指标", "2.00"), ("未达成年度指标且效果较差", "0.00")]
    )
    def test_scores(self, grade, expected):
        assert str(score(self.RULE, 2, grade).score) == expected


class TestChecklist:
    RULE = "設有目標(1分)目標明確(1分)目標細化(1分)目標量化(1分)"

    @pytest.mark.parametrize(
        ("held", "expected"),
        [
            ([], "0.00"),
            (["设有目标"], "1.00"),
            (["设有目标", "目标明确", "目标细化"], "3.00"),
            (["设有目标", "目标明确", "目标细化", "目标量化"], "4.00"),
        ],
    )
    def test_sum_of_satisfied_items(self, held, expected):
        assert str(score(self.RULE, 4, conditions=held).score) == expected

    def test_numbered_items_with_bare_points(self):
        rule = (
            "①已制定管理办法,1分;②相关管理制度合法、合规、完整,1分;③相关管理制度得到有效执行,1分。"
        )
        assert [a.points for a in parse_rule(rule).awards] == [1, 1, 1]
        assert score(rule, 3, conditions="①已制定管理办法；③相关管理制度得到有效执行").score == 2

    def test_unknown_condition_suggests(self):
        with pytest.raises(ActualValueError, match="是否要写"):
            score(self.RULE, 4, conditions=["设立目标"])

    def test_points_must_fit_the_weight(self):
        with pytest.raises(RuleConflictError, match="都不一致"):
            score(self.RULE, 5, conditions=[])


class TestLevels:
    RULE = "财务会计制度健全的得10分,基本健全的得6分,不健全的扣10分。"

    @pytest.mark.parametrize(
        ("held", "expected"),
        [
            (["财务会计制度健全"], "10.00"),
            (["基本健全"], "6.00"),
            (["不健全"], "0.00"),
            (["2"], "6.00"),
        ],
    )
    def test_choice(self, held, expected):
        assert str(score(self.RULE, 10, conditions=held).score) == expected

    def test_only_one_level(self):
        with pytest.raises(ActualValueError, match="只能有一项"):
            score(self.RULE, 10, conditions=["财务会计制度健全", "基本健全"])

    def test_three_levels_without_separator_words(self):
        rule = "无结余,3分;有结余,但不超过上年结转,2分;结余超过上年结转,不得分。"
        assert score(rule, 3, conditions=["有结余，但不超过上年结转"]).score == 2


class TestDiscretion:
    RULE = "查村补针记录,记录齐全得4分,记录不全酌情给分,无记录不得分"

    def test_judgement_within_bounds_is_marked(self):
        result = score(self.RULE, 4, conditions=["记录不全"], judgement="2.5")
        assert result.score == Decimal("2.50") and result.judged and "酌情" in result.explanation

    @pytest.mark.parametrize("judgement", [None, "5", "-1"])
    def test_judgement_required_and_bounded(self, judgement):
        with pytest.raises(ActualValueError):
            score(self.RULE, 4, conditions=["记录不全"], judgement=judgement)

    def test_full_and_none(self):
        assert score(self.RULE, 4, conditions=["记录齐全"]).score == 4
        assert score(self.RULE, 4, conditions=["无记录"]).score == 0


class TestPenaltiesAndEvents:
    def test_fixed_deduction(self):
        rule = "项目档案资料齐全的得2分,不齐全的扣2分。"
        assert score(rule, 2, conditions=["项目档案资料齐全"]).score == 2
        assert score(rule, 2, conditions=["不齐全"]).score == 0

    @pytest.mark.parametrize(
        ("count", "expected"), [(0, "5.00"), (1, "4.50"), (10, "0.00"), (11, "0.00")]
    )
    def test_per_missing_item(self, count, expected):
        assert str(score("每缺一項扣0.5分。", 5, events=count).score) == expected

    @pytest.mark.parametrize(
        ("first", "second", "expected"),
        [(0, 0, "6.00"), (3, 1, "2.00"), (5, 0, "2.00"), (9, 9, "0.00")],
    )
    def test_capped_deductions(self, first, second, expected):
        """Each of the two deductions is capped at 4 points; the score floors at 0."""
        rule = "未制定“一河一策”的,少1條扣1分,最高扣4分;未制定年度計劃的,每少1條扣1分,最高扣4分。"
        assert str(score(rule, 6, events={1: first, 2: second}).score) == expected

    def test_step_below_the_row_target_after_a_named_full_score(self):
        rule = "立项且开工建设(含建成)的高标准农田面积达到年度任务90%及以上的,得4分;比例不足90%时,每减少5%,扣1分,扣完为止。"
        for actual, expected in (
            ("90%", "4.00"),
            ("89%", "3.00"),
            ("85%", "3.00"),
            ("84.9%", "2.00"),
            ("60%", "0.00"),
        ):
            assert str(score(rule, 4, actual, target="≥90%").score) == expected


class TestCommaBands:
    RULE = "重点支出安排率≥90%,计5分;80%(含)-90%,计4分;70%(含)-80%,计3分;60%(含)-70%,计2分;低于60%不得分。"

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("90%", "5.00"),
            ("89.99%", "4.00"),
            ("80%", "4.00"),
            ("70%", "3.00"),
            ("60%", "2.00"),
            ("59.99%", "0.00"),
        ],
    )
    def test_edges(self, actual, expected):
        assert str(score(self.RULE, 5, actual, target="≥90%").score) == expected

    def test_reverse_bands_from_zero(self):
        rule = (
            "预算调整率=0,计3分;0-10%(含),计2分;10-20%(含),计1分;20-30%(含),计0.5分;大于30%不得分。"
        )
        for actual, expected in (
            ("0%", "3.00"),
            ("0.1%", "2.00"),
            ("10%", "2.00"),
            ("10.01%", "1.00"),
            ("30%", "0.50"),
            ("31%", "0.00"),
        ):
            assert str(score(rule, 3, actual, target="=0%").score) == expected

    def test_threshold_then_step_above(self):
        rule = "“三公经费”变动率≦0,计5分;“三公经费”>0,每超过一个百分点扣0.5分,扣完为止。"
        for actual, expected in (
            ("0%", "5.00"),
            ("0.5%", "4.50"),
            ("1%", "4.50"),
            ("1.1%", "4.00"),
            ("10%", "0.00"),
        ):
            assert str(score(rule, 5, actual, target="≤0%").score) == expected


class TestRangeBands:
    RULE = "≤1个月 10; >1个月,≤2个月 9-8; >2个月,≤3个月 7-6; >3个月,≤4个月 5-4"

    def test_fixed_band(self):
        assert score(self.RULE, 10, "1个月", target="≤1个月").score == 10

    @pytest.mark.parametrize(
        ("judgement", "expected"), [("8", "8.00"), ("9", "9.00"), ("8.5", "8.50")]
    )
    def test_evaluator_picks_inside_the_range(self, judgement, expected):
        result = score(self.RULE, 10, "1.5个月", target="≤1个月", judgement=judgement)
        assert str(result.score) == expected and result.judged

    @pytest.mark.parametrize("judgement", [None, "7.5", "10"])
    def test_range_bound_checked(self, judgement):
        with pytest.raises(ActualValueError):
            score(self.RULE, 10, "1.5个月", target="≤1个月", judgement=judgement)


class TestFormulasAndRestatements:
    def test_formula_alone_uses_the_defaults(self):
        rule = parse_rule("實際到位/計劃到位*100%")
        assert (
            rule.remarks == ("实际到位/计划到位*100%",) and not rule.needs_actual
        ) or rule.remarks
        assert score("實際到位/計劃到位*100%", 3, "90%", target="100%").score == Decimal("2.70")

    def test_weight_times_rate(self):
        assert score("得分(20分*執行率)", 20, "95%", target="100%").score == 19

    def test_target_restated(self):
        assert score("≤ 101400 元", 5, "110000元", target="≤101400元").score == Decimal("4.61")


class TestBasePlusInterpolation:
    RULE = "免疫抗体合格率达70%以上得该项分数基础分,合格率为90%得该项分数的满分,合格率为70%89%按比例增分,低于70%不得分。分值的80%为基础分"

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("95%", "8.00"),
            ("90%", "8.00"),
            ("89.9%", "7.99"),
            ("80%", "7.20"),
            ("70%", "6.40"),
            ("69.99%", "0.00"),
            ("0%", "0.00"),
        ],
    )
    def test_boundaries(self, actual, expected):
        """Base 80% of 8 = 6.4 at 70%; +1.6 spread evenly up to 90%; nothing below 70%."""
        assert str(score(self.RULE, 8, actual, target="≥90%").score) == expected

    def test_inconsistent_range_is_refused(self):
        with pytest.raises(RuleSyntaxError, match="不一致"):
            parse_rule("达60%得基础分,为90%得满分,合格率为70%-89%按比例增分,分值的80%为基础分")

    def test_base_share_required(self):
        with pytest.raises(RuleSyntaxError, match="基础分是分值的多少"):
            parse_rule("达70%得基础分,为90%得满分,其间按比例增分")


class TestRank:
    RULE = "按排位打分,每位次按0.25分递减"

    @pytest.mark.parametrize(
        ("rank", "expected"),
        [("1", "20.00"), ("2", "19.75"), ("3", "19.50"), ("81", "0.00"), ("100", "0.00")],
    )
    def test_per_place(self, rank, expected):
        assert str(score(self.RULE, 20, rank, target="1").score) == expected

    @pytest.mark.parametrize("rank", ["0", "2.5", "-1"])
    def test_rank_must_be_a_place(self, rank):
        with pytest.raises(ActualValueError, match=r"名次|负数"):
            score(self.RULE, 20, rank, target="1")


class TestRankBands:
    """Row 4 of the corpus: bands over the place in a ranking, a stated full score, a veto."""

    RULE = (
        "高标准农田年度建成面积对当年全省总任务的贡献率,满分5分,按年度上图入库面积占全省总任务的"
        "比例折算,占比排名前5名的得满分,6-10名的扣0.5分,11名以后扣1分,占比为0的不得分。"
    )

    def test_reading(self):
        rule = parse_rule(self.RULE)
        assert [(r.first, r.last, r.points, r.off) for r in rule.ranks] == [
            (1, 5, None, 0),
            (6, 10, None, Decimal("0.5")),
            (11, None, None, 1),
        ]
        assert rule.full_points == 5
        assert [a.label for a in rule.awards] == ["占比为0"]
        # “按…比例折算” says what is ranked: kept as written, not a second method
        assert "按年度上图入库面积占全省总任务的比例折算" in rule.remarks
        assert rule.fallback is None

    @pytest.mark.parametrize(
        ("place", "expected"),
        [
            ("第1名", "5.00"),
            ("5", "5.00"),  # last place of the first band
            ("6", "4.50"),  # first place of the next
            ("第10名", "4.50"),  # 6-10名 includes 10
            ("11", "4.00"),  # 11名以后 includes 11
            ("87", "4.00"),
        ],
    )
    def test_places(self, place, expected):
        assert str(score(self.RULE, 5, place, target="第1名").score) == expected

    def test_explanation(self):
        result = score(self.RULE, 5, "第7名", target="第1名")
        assert result.explanation == "排第7名，属于“第6-10名”，扣0.5分，得4.5分"

    @pytest.mark.parametrize("held", ["占比为0", "1"])
    def test_veto(self, held):
        result = score(self.RULE, 5, None, target="第1名", conditions=held)
        assert (str(result.score), result.explanation) == ("0.00", "占比为0，不得分")

    @pytest.mark.parametrize("place", ["0", "2.5", "3%", "-1"])
    def test_place_must_be_a_whole_number_from_one(self, place):
        with pytest.raises(ActualValueError, match=r"名次|负数"):
            score(self.RULE, 5, place, target="第1名")

    def test_stated_full_score_is_checked_against_the_weight(self):
        with pytest.raises(RuleConflictError, match="满分5分与指标分值4分不一致"):
            score(self.RULE, 4, "3", target="第1名")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("前3名得满分,5-10名扣1分,11名以后不得分", "没有包括第4名"),
            ("前3名得满分,3-10名扣1分,11名以后不得分", "重叠：第3名"),
            ("前3名得满分,4-10名扣1分", "没有写明第11名及以后"),
            ("前3名得满分,4名以后扣1分,6-10名扣2分", "重叠：第6名"),
            ("前3名得满分,4-10%扣1分,11名以后不得分", "名次"),
            ("前2.5名得满分,3名以后不得分", "正整数"),
            ("达标得满分,前3名得满分,4名以后不得分", "混用"),
            ("60%以下扣5分", "只用于排名分档"),
        ],
    )
    def test_refused(self, text, message):
        with pytest.raises(RuleSyntaxError, match=message):
            parse_rule(text)

    def test_bands_written_by_single_places_and_in_any_order(self):
        rule = parse_rule("第3名得5分,第1-2名得满分,第4名及以后不得分")
        assert [str(score(rule.text, 8, p, target="1").score) for p in "1234"] == [
            "8.00",
            "8.00",
            "5.00",
            "0.00",
        ]

    def test_counted_people_are_not_places(self):
        """100-200名 without a word of ranking is a count of people, bands as usual."""
        rule = parse_rule("≥200名得5分,100-200名得3分,低于100名不得分")
        assert rule.ranks == () and len(rule.bands) == 3


class TestSeveralItems:
    """Row 10 of the corpus: three items, each scored alone out of its own 5 points."""

    RULE = (
        "现场实查免疫密度和核对防疫档案、免疫记录,猪瘟、猪蓝耳病、猪口蹄疫免疫密度分别达到100%"
        "各得5分;单项密度每降1%扣0.5分,扣完为止。"
    )

    def test_reading(self):
        rule = parse_rule(self.RULE)
        assert rule.items == ("猪瘟", "猪蓝耳病", "猪口蹄疫免疫密度")
        assert (rule.full.points, rule.full_points) == (5, 15)
        assert rule.threshold.display == "100%"
        assert rule.remarks == ("现场实查免疫密度和核对防疫档案、免疫记录",)

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("100%；100%；100%", "15.00"),  # each exactly at the threshold
            ("100%；99%；100%", "14.50"),  # one step below
            ("100%；99.5%；100%", "14.50"),  # a partial step counts whole
            ("100%；100%；90%", "10.00"),  # 10 steps: that item's 5 points are gone
            ("100%；100%；0%", "10.00"),  # far below: never below 0 for the item
            ("0%；0%；0%", "0.00"),
        ],
    )
    def test_each_item_alone(self, actual, expected):
        assert str(score(self.RULE, 15, actual, target="100%").score) == expected

    @pytest.mark.parametrize(
        "actual",
        [
            "猪瘟100%；猪蓝耳病99%；猪口蹄疫98%",
            "猪口蹄疫：98%，猪瘟：100%，猪蓝耳病：99%",  # any order, by name; a name begun
            {"猪瘟免疫密度": "100%", "猪蓝耳病": "99%", "猪口蹄疫免疫密度": "98"},
            ["100%", "99%", "98%"],
        ],
    )
    def test_actuals_by_name_or_in_order(self, actual):
        result = score(self.RULE, 15, actual, target="100%")
        assert str(result.score) == "13.50"
        assert result.explanation.startswith("猪瘟：实际100%，达到目标100%，得满分5分；猪蓝耳病：")
        assert result.explanation.endswith("；合计得13.5分")

    @pytest.mark.parametrize(
        ("actual", "message"),
        [
            ("100%；99%", "有3个分项"),
            ("100%", "有3个分项"),
            ("猪瘟100%；牛99%；猪口蹄疫98%", "“牛”不是评分标准中的分项"),
            ("猪瘟100%；99%；98%", "要么都写分项名称"),
            ("猪瘟100%；猪瘟99%；猪口蹄疫98%", "重复"),
            (None, "需要每个分项的实际完成值"),
        ],
    )
    def test_actuals_refused(self, actual, message):
        with pytest.raises(ActualValueError, match=message):
            score(self.RULE, 15, actual, target="100%")

    def test_sum_of_items_must_be_the_weight(self):
        """The source row has 分值 8 against 3 × 5 = 15: a conflict, never a silent rescale."""
        with pytest.raises(RuleConflictError, match="满分15分与指标分值8分不一致"):
            score(self.RULE, 8, "100%；100%；100%", target="100%")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("猪瘟分别达到100%各得5分", "两个以上分项"),
            ("猪瘟、猪蓝耳病分别达到100%各得5分,≥90%得3分", "只能与"),
        ],
    )
    def test_refused(self, text, message):
        with pytest.raises(RuleSyntaxError, match=message):
            parse_rule(text)

    def test_met_all_is_met(self):
        assert score("甲、乙分别达标各得5分,否则不得分", 10, "1；1", target="1").met is True
        assert score("甲、乙分别达标各得5分,否则不得分", 10, "1；0", target="1").met is False


class TestGluedClauses:
    """Row 49: “…的得满分低于增幅的按比例减分” — two clauses with no separator between them."""

    RULE = "年度增幅高于中央安排本省的财政专项扶贫资金增幅的得满分低于增幅的按比例减分"

    def test_reading(self):
        rule = parse_rule(self.RULE)
        assert rule.full.condition.subject == "年度增幅高于中央安排本省的财政专项扶贫资金增幅"
        assert rule.fallback.basis == "比例"

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [("12.01%", "10.00"), ("12%", "10.00"), ("11.99%", "9.99"), ("9%", "7.50"), ("0%", "0.00")],
    )
    def test_scores_against_the_reference_growth_as_target(self, actual, expected):
        assert str(score(self.RULE, 10, actual, target="≥12%").score) == expected

    @pytest.mark.parametrize(
        ("text", "actual", "expected"),
        [
            ("达标得满分否则不得分", "79%", "0.00"),
            ("按时完成得满分未按时完成不得分", "80%", "10.00"),
            ("达标得满分低于标准的每少1%扣1分", "77.5%", "7.00"),
        ],
    )
    def test_any_clause_may_follow_full_marks(self, text, actual, expected):
        assert str(score(text, 10, actual, target="≥80%").score) == expected

    def test_only_bare_full_marks_run_into_the_next_clause(self):
        with pytest.raises(RuleSyntaxError) as info:
            parse_rule("达标得满分10分否则不得分")
        assert info.value.column == 9  # at 否则: a separator is needed after points

    def test_grade_limits_never_swallow_a_scoring_clause(self):
        with pytest.raises(RuleSyntaxError, match="不能与其他计分方法混用"):
            parse_rule("满意度得满分优90%中80%差80%")


class TestStepDirection:
    """每相差4% deducts on the side that misses the target; 每少 / 每超过 must face the target."""

    RULE = "达标得满分,实际完成情况与计划每相差4%,扣1分,扣满10分为止"

    @pytest.mark.parametrize(
        ("target", "actual", "expected"),
        [
            ("≤100%", "100%", "10.00"),  # at the limit
            ("≤100%", "104%", "9.00"),  # one step over
            ("≤100%", "104.5%", "8.00"),  # a partial step counts whole
            ("≤100%", "140%", "0.00"),  # far over
            ("≥100%", "96%", "9.00"),  # a forward target: the shortfall
            ("≥100%", "120%", "10.00"),
        ],
    )
    def test_either_side_as_the_target_says(self, target, actual, expected):
        assert str(score(self.RULE, 10, actual, target=target).score) == expected

    @pytest.mark.parametrize(
        ("rule", "target"),
        [("达标得满分,否则每少10%扣2分", "≤35"), ("达标得满分,每超过1个百分点扣0.5分", "≥90%")],
    )
    def test_a_step_facing_away_from_the_target_is_a_conflict(self, rule, target):
        """It used to give full marks to a missed target: never a silent 10."""
        with pytest.raises(RuleConflictError, match="方向相反"):
            score(rule, 10, "50", target=target)


class TestTimeOverrun:
    """Row 33: full marks within the planned time; per 4% of overrun 1 point off, 10 at most.
    The statements “根据…计分” and “应根据…百分比扣分” say what is measured and are kept."""

    RULE = (
        "根据项目完成时间进度计分,在计划时间内完成的,得满分,超过计划时间的,除政策性原因或特殊"
        "原因外,应根据超计划时间占计划完成时间百分比扣分。实际完成情况与计划每相差4%,扣1分,"
        "扣满10分为止。"
    )

    def test_reading(self):
        rule = parse_rule(self.RULE)
        assert rule.full.condition.subject == "在计划时间内完成的"
        assert (rule.fallback.step.display, rule.fallback.points) == ("4%", 1)
        assert "应根据超计划时间占计划完成时间百分比扣分" in rule.remarks
        assert "根据项目完成时间进度计分" in rule.remarks
        assert "除政策性原因或特殊原因外" in rule.remarks

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("100%", "10.00"),
            ("104%", "9.00"),
            ("104.1%", "8.00"),
            ("96%", "10.00"),
            ("180%", "0.00"),
        ],
    )
    def test_time_used_against_the_plan(self, actual, expected):
        """The actual is the time used as a share of the planned time (≤100%)."""
        assert str(score(self.RULE, 10, actual, target="≤100%").score) == expected

    def test_explanation_says_the_deduction_stops_at_the_weight(self):
        result = score(self.RULE, 10, "180%", target="≤100%")
        assert "扣10分（扣完为止），得0分" in result.explanation

    def test_a_basis_of_deduction_alone_is_refused(self):
        with pytest.raises(RuleSyntaxError, match="没有写明扣分方法"):
            parse_rule("应根据超计划时间占计划完成时间百分比扣分")

    def test_a_general_method_yields_to_a_concrete_one(self):
        rule = parse_rule("达标得满分,根据完成比例评分,每少10%扣2分")
        assert rule.fallback.points == 2 and rule.remarks == ("根据完成比例评分",)
        assert parse_rule("根据完成比例评分").fallback.basis == "完成比例"


class TestRisingEvents:
    """domain.md §5 class 5: 第一起扣5分、第二起扣6分，以此类推 (each later event costs more)."""

    RULE = "达标得满分20分,未及时处置的,第一起扣5分、第二起扣6分,以此类推"

    @pytest.mark.parametrize(
        ("events", "expected"),
        [(0, "20.00"), (1, "15.00"), (2, "9.00"), (3, "2.00"), (4, "0.00"), (9, "0.00")],
    )
    def test_events(self, events, expected):
        result = score(self.RULE, 20, "95%", target="≥90%", events=events)
        assert str(result.score) == expected

    def test_explanation(self):
        result = score(self.RULE, 20, "95%", target="≥90%", events=2)
        assert "未及时处置的2起，第1起扣5分、以后每起多扣1分，扣11分，得9分" in result.explanation

    def test_listed_then_amounts(self):
        rule = parse_rule(
            "第一起、第二起、第三起、第四起森林火灾,分别扣5分、6分、7分、8分,以此类推"
        )
        (event,) = rule.events
        assert (event.event, event.points, event.rise, event.measure) == ("森林火灾", 5, 1, "起")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("第一起扣5分、第二起扣6分", "加“以此类推”"),
            ("第一起扣5分、第二起扣7分、第三起扣8分,以此类推", "增加相同的分数"),
            ("第一起扣5分、第二起扣4分,以此类推", "增加相同的分数"),
            ("第一起、第三起分别扣5分、6分,以此类推", "依次写出"),
            ("第一起、第二起分别扣5分、6分、7分,以此类推", "写了2起，但扣分有3个"),
            ("达标得满分,以此类推", "前没有逐次扣分"),
        ],
    )
    def test_refused(self, text, message):
        with pytest.raises(RuleSyntaxError, match=message):
            parse_rule(text)


class TestGradeLimits:
    """評價標準 優100% 良90% 中85% 差85%: the actual gives the grade (a bound belongs to the grade
    it names; the last grade is below the bound before it); the evaluator scores inside the
    grade's band of 分值 (优 90–100%, 良 80–90%, 中 60–80%, 差 0–60%)."""

    RULE = "評價標準 優100% 良90% 中85% 差85%(按臨時救助標準評價)"

    @pytest.mark.parametrize(
        ("actual", "grade", "judgement"),
        [
            ("100%", "优", "10"),  # at the 优 bound
            ("99.99%", "良", "8.9"),  # just below it
            ("90%", "良", "8"),
            ("89.9%", "中", "7.9"),
            ("85%", "中", "6"),  # at the last bound: still 中
            ("84.99%", "差", "5.9"),  # below it: 差
            ("0%", "差", "0"),  # far below
        ],
    )
    def test_grade_at_the_bounds(self, actual, grade, judgement):
        result = score(self.RULE, 10, actual, target="100%", judgement=judgement)
        assert result.exact == Decimal(judgement) and result.judged
        assert f"等级为“{grade}”" in result.explanation

    @pytest.mark.parametrize(("actual", "judgement"), [("92%", None), ("92%", "9"), ("92%", "7.9")])
    def test_score_must_lie_in_the_grades_band(self, actual, judgement):
        with pytest.raises(ActualValueError, match="8-9分"):
            score(self.RULE, 10, actual, target="100%", judgement=judgement)

    def test_smaller_is_better_when_the_bounds_rise(self):
        rule = "优5% 良10% 中20% 差20%"
        assert "等级为“优”" in score(rule, 10, "5%", target="≤5%", judgement="9").explanation
        assert "等级为“中”" in score(rule, 10, "20%", target="≤5%", judgement="7").explanation
        assert "等级为“差”" in score(rule, 10, "20.1%", target="≤5%", judgement="0").explanation

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("优90% 良80% 中70% 差60%", "属于哪一等级未写明"),
            ("优90% 中80% 良70% 差70%", "顺序"),
            ("优90% 良95% 中70% 差70%", "依次递减"),
        ],
    )
    def test_incomplete_or_disordered_limits_are_refused(self, text, message):
        with pytest.raises(RuleSyntaxError, match=message):
            parse_rule(text)

    def test_definition_before_the_limits_is_kept(self):
        rule = parse_rule(
            "问卷调查中,满意和较满意的对象占调研对象总数的比率; 优85% 良80% 中70% 差70%"
        )
        assert [g.grade for g in rule.grades] == list("优良中差")
        assert "满意和较满意的对象占调研对象总数的比率" in rule.remarks


class TestGeneralStatementThenMethod:
    """“根据…完成情况评分” followed by a concrete method: the statement says what is measured
    (kept as written), the concrete method scores. Alone, it is the proportional method."""

    RULE = (
        "根据项目工作量完成情况评分,如大型修缮项目已完成的工程量占计划的百分比。"
        "实际完成情况与计划每相差3%,扣1分,扣满15分为止。"
    )

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [("100%", "15.00"), ("97%", "14.00"), ("96.9%", "13.00"), ("55%", "0.00")],
    )
    def test_the_step_scores(self, actual, expected):
        assert str(score(self.RULE, 15, actual, target="100%").score) == expected

    def test_statement_kept_and_alone_it_is_the_method(self):
        assert "根据项目工作量完成情况评分" in parse_rule(self.RULE).remarks
        alone = score("达标得满分10分，否则根据参保人次完成情况评分", 10, "80%", target="100%")
        assert alone.score == Decimal("8.00")

    def test_two_concrete_methods_still_conflict(self):
        with pytest.raises(RuleSyntaxError, match="两种"):
            parse_rule("达标得满分10分，否则按完成比例得分，每少10%扣2分")


class TestRefusedByName:
    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("定性 优良中低差", "没有写各等级的得分"),
            ("中部≥40%,西部≥30%,东部≥100%", "地区"),
            ("完成任务得10分，另有创新的加5分", "加分"),
        ],
    )
    def test_reason_is_named(self, text, reason):
        with pytest.raises(RuleSyntaxError, match="暂不支持") as info:
            parse_rule(text)
        assert reason in str(info.value) and info.value.column >= 1


class TestCanonicalOfRealRules:
    @pytest.mark.parametrize(
        "text",
        [
            TestNamedConditions.RULE,
            TestChecklist.RULE,
            TestLevels.RULE,
            TestDiscretion.RULE,
            TestCommaBands.RULE,
            TestRangeBands.RULE,
            "每缺一項扣0.5分。",
            "未制定“一河一策”的,少1條扣1分,最高扣4分;未制定年度計劃的,每少1條扣1分,最高扣4分。",
            "100%以下(含)计满分,每超出5%扣2分,扣完为止。没有楼堂馆所项目的部门按满分计算。",
            "实際到位/計劃到位*100%",
            TestBasePlusInterpolation.RULE,
            TestRank.RULE,
            TestGradeLimits.RULE,
            TestGeneralStatementThenMethod.RULE,
            TestRankBands.RULE,
            TestSeveralItems.RULE,
            TestGluedClauses.RULE,
            TestTimeOverrun.RULE,
            TestStepDirection.RULE,
            TestRisingEvents.RULE,
        ],
    )
    def test_round_trip(self, text):
        rule = parse_rule(text)
        assert parse_rule(canonical(rule)) == rule


class TestCorpusFloors:
    """The dev corpus, measured: the current figures are floors; raise them as the language grows."""

    def test_rule_texts(self):
        report = measure_file(DATA / "rule_texts_dev.jsonl")
        assert report.budget_total == 61
        assert report.budget_understood >= 58  # 95.08%: the issue asks for at least 95%
        assert report.understood >= 67
        assert all(refusal.reason for refusal in report.refusals)

    def test_scored_rows(self):
        report = measure_file(DATA / "scored_rows_dev.jsonl")
        assert report.total == 86
        assert (
            report.understood >= 74
        )  # row 33 “≥360天” as an actual is refused (domain §2: an actual needs the exact value)
        assert report.agree >= 55
        assert all(refusal.reason for refusal in report.refusals)
