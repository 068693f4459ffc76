"""Issue 11 §7: each of these was scored wrong without a word, or crashed, before; now each is
scored by its numeric meaning or refused with a reason."""

from decimal import Decimal

import pytest

from indicator_rules import (
    ActualValueError,
    RuleConflictError,
    RuleSyntaxError,
    TargetError,
    UnitMismatchError,
    parse_rule,
    score_row,
)


def score(**row):
    return score_row(**row)


class TestUnits:
    """A bare number, or a unitless target, takes one documented unit."""

    def test_unitless_zero_target_takes_the_actual_unit(self):
        """≤0 with 每超过1%扣1分 against 1.5%: 1.5 points over, 2 steps (it gave full marks)."""
        result = score(target="≤0", weight=10, rule="每超过1%扣1分", actual="1.5%")
        assert result.score == Decimal("8.00") and "扣2分" in result.explanation

    def test_unitless_target_against_money_is_refused(self):
        with pytest.raises(UnitMismatchError, match="没有单位"):
            score(target="≥100", weight=10, actual="95万元")

    def test_bare_number_takes_the_target_unit_as_written(self):
        """95 against ≥100万元 is 95万元 (it was 95元: 0.01%)."""
        result = score(target="≥100万元", weight=10, actual=95)
        assert result.score == Decimal("9.50") and "实际95万元" in result.explanation

    def test_magnitude_written_once(self):
        """40万 against 35 with 度量单位 万元 is 40万元, met (it was 400000万元)."""
        result = score(target="35", unit="万元", operator="≤", weight=10, actual="40万")
        assert result.score == Decimal("8.75")  # 反向: 10 × 35 ÷ 40

    def test_budget_row_bare_executed(self):
        from indicator_rules import loads

        project = loads(
            "项目名称：x\n全年预算数：35万元\n一级：产出指标\n二级：数量指标\n三级：a\n"
            "  指标值：≥1人\n  分值：90\n"
        )
        evaluation = project.evaluate({"a": "1人", "全年执行数": "30"})
        assert evaluation.execution.rate == Decimal(30) / Decimal(35)


class TestDeadlines:
    """A deadline without a year is placed in the project's year, or refused."""

    def test_next_year_is_late_for_year_end(self):
        """2027年2月 against 年底前 of a 2026 project is late (it was on time)."""
        result = score(target="年底前", weight=10, actual="2027年2月", year=2026)
        assert result.score == Decimal("0.00") and not result.met

    def test_year_unknown_is_refused(self):
        with pytest.raises(ActualValueError, match="没有写年份"):
            score(target="年底前", weight=10, actual="2027年2月")

    def test_two_yearless_months(self):
        """9月前 with 8月 (a TypeError before)."""
        assert score(target="9月前", weight=10, actual="8月").score == Decimal("10.00")
        assert score(target="9月前", weight=10, actual="10月").score == Decimal("0.00")

    def test_rule_file_year(self):
        from indicator_rules import loads

        project = loads(
            "项目名称：x\n年度：2026\n全年预算数：1万元\n一级：产出指标\n二级：时效指标\n三级：a\n"
            "  指标值：年底前\n  分值：90\n"
        )
        evaluation = project.evaluate({"a": "2027年2月", "全年执行数": "1万元"})
        assert evaluation.rows[0].score == Decimal("0.00")

    def test_per_day_against_a_time_limit(self):
        """按时完成得满分，逾期每天扣1分 against ≤30天: 33天 loses 3 points (it took 30÷33)."""
        result = score(
            target="≤30天", weight=10, rule="按时完成得满分，逾期每天扣1分", actual="33天"
        )
        assert result.score == Decimal("7.00") and "每超过1天扣1分" in result.explanation

    def test_per_day_against_a_count_is_a_conflict(self):
        with pytest.raises(RuleConflictError, match="时限"):
            score(target="≥30人", weight=10, rule="按时完成得满分，逾期每天扣1分", actual="33人")


class TestSigns:
    """Negative actuals are real values only as percentages; -0 is 0."""

    @pytest.mark.parametrize("actual", ["-0%", -0.0, "-0", Decimal("-0.00")])
    def test_minus_zero_prints_zero(self, actual):
        result = score(target="≥90%", weight=10, actual=actual)
        assert str(result.score) == "0.00"

    @pytest.mark.parametrize(
        ("target", "actual"), [("≥0", -5), ("≤30天", "-5天"), ("≥10人", "-1人")]
    )
    def test_negative_count_is_refused(self, target, actual):
        with pytest.raises(ActualValueError, match="负数"):
            score(target=target, weight=10, actual=actual)

    def test_negative_rate(self):
        result = score(target="≥5%", weight=10, rule="每少1%扣1分", actual="-3%")
        assert result.score == Decimal("2.00") and "实际-3%" in result.explanation


class TestOperators:
    """= 0, strict bounds and places mean what they say."""

    def test_equal_zero_is_none_may_happen(self):
        """=0起 with 2起 misses (it was full marks: = was read as ≥)."""
        result = score(target="=0起", weight=10, actual="2起")
        assert result.score == Decimal("0.00") and not result.met
        assert "超过目标0起" in result.explanation

    def test_greater_than_zero_with_zero(self):
        """>0 with 0: not met, 0 points, and the explanation can be read (it raised)."""
        result = score(target=">0", weight=10, actual=0)
        assert result.score == Decimal("0.00") and not result.met
        assert result.explanation.endswith("得0分")

    def test_strict_bound_at_the_bound_is_refused(self):
        """<5% with 5%: missed, yet 5÷5 is full marks (it printed 10.00 with met=False)."""
        with pytest.raises(ActualValueError, match="矛盾"):
            score(target="<5%", weight=10, actual="5%")

    def test_place_is_smaller_is_better(self):
        """第3名 with 5: missed, 10 × 3 ÷ 5 (it was full marks)."""
        result = score(target="第3名", weight=10, actual=5)
        assert result.score == Decimal("6.00") and not result.met
        assert score(target="第3名", weight=10, actual=2).score == Decimal("10.00")


class TestWords:
    """Actuals with a comparison word, grade-scale names and numbers for 定性 targets."""

    @pytest.mark.parametrize("actual", ["不足80%", "低于50%", "≥90%", "90%以上"])
    def test_actual_with_an_operator_is_refused(self, actual):
        with pytest.raises(ActualValueError, match="比较词"):
            score(target="≥80%", weight=10, actual=actual)

    @pytest.mark.parametrize("scale", ["好坏", "优良中差"])
    def test_grade_scale_name_is_not_a_grade(self, scale):
        with pytest.raises(ActualValueError, match="等级的名称"):
            score(target=scale, weight=10, actual=scale)

    def test_bare_number_for_a_qualitative_target_is_refused(self):
        """效果显著 with 50 (it scored 5.00 as 50%)."""
        with pytest.raises(ActualValueError, match="不是百分比"):
            score(target="效果显著", weight=10, actual=50)
        assert score(target="效果显著", weight=10, actual="50%").score == Decimal("5.00")

    def test_grade_with_events_keeps_the_deductions(self):
        """A grade actual with per-event deductions: the deductions apply (they were dropped)."""
        result = score(
            target="效果显著",
            weight=10,
            rule="效果显著得满分，每发生一起投诉扣2分",
            actual="达成年度指标",
            events=2,
        )
        assert result.score == Decimal("6.00") and "扣4分" in result.explanation


class TestActualsFiles:
    """An actuals file that could mean two things is an error naming the row and column."""

    def _project(self):
        from indicator_rules import loads

        return loads(
            "项目名称：x\n全年预算数：10万元\n一级：产出指标\n二级：数量指标\n三级：人数\n"
            "  指标值：≥1000人\n  分值：90\n"
        )

    def _evaluate(self, tmp_path, text, **kwargs):
        path = tmp_path / "actuals.csv"
        path.write_text(text, encoding="utf-8")
        return self._project().evaluate(path, **kwargs)

    def test_extra_cells_are_refused(self, tmp_path):
        """人数,1,200 under a two-column header: 1 or 1200? (it kept 1)."""
        from indicator_rules import RuleFileError

        with pytest.raises(RuleFileError, match=r"actuals.csv:2.*多出1个单元格"):
            self._evaluate(tmp_path, "指标名称,实际完成值\n人数,1,200\n全年执行数,10万元\n")

    def test_two_executed_rows(self, tmp_path):
        from indicator_rules import RuleFileError

        with pytest.raises(RuleFileError, match="全年执行数”重复"):
            self._evaluate(
                tmp_path, "指标名称,实际完成值\n人数,1200\n全年执行数,10万元\n全年执行数,9万元\n"
            )

    def test_two_value_columns(self, tmp_path):
        with pytest.raises(ActualValueError, match="2列都是“实际完成值”"):
            self._evaluate(tmp_path, "指标名称,实际值,实际完成值\n人数,1200,1300\n")

    def test_nan_agency_score(self, tmp_path):
        from indicator_rules import RuleFileError

        with pytest.raises(RuleFileError, match="自评得分“NaN”不是数字"):
            self._evaluate(
                tmp_path, "指标名称,实际完成值,自评得分\n人数,1200,NaN\n全年执行数,10万元,\n"
            )

    def test_partial_keeps_an_unreadable_executed_as_an_error(self, tmp_path):
        """partial tolerates a missing 全年执行数, not an unreadable one (it dropped the row)."""
        from indicator_rules import RuleFileError

        with pytest.raises(RuleFileError, match="全年执行数"):
            self._evaluate(
                tmp_path, "指标名称,实际完成值\n人数,1200\n全年执行数,很多\n", partial=True
            )

    def test_partial_total_is_not_graded(self, tmp_path):
        evaluation = self._evaluate(tmp_path, "指标名称,实际完成值\n人数,1200\n", partial=True)
        assert evaluation.grade == "" and evaluation.total == Decimal("90.00")

    def test_xlsx_percentage_cell(self, tmp_path):
        """0.92 formatted as 0% is 92% (it was read as 0.92%)."""
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["指标名称", "实际完成值"])
        sheet.append(["率", 0.92])
        sheet["B2"].number_format = "0%"
        sheet.append(["全年执行数", "10万元"])
        path = tmp_path / "a.xlsx"
        book.save(path)
        from indicator_rules import loads

        project = loads(
            "项目名称：x\n全年预算数：10万元\n一级：产出指标\n二级：质量指标\n三级：率\n"
            "  指标值：≥90%\n  分值：90\n"
        )
        evaluation = project.evaluate(path)
        assert evaluation.rows[0].actual == "92%" and evaluation.rows[0].score == Decimal("90.00")


class TestNothingGivenIsDropped:
    """What a record or a rule says is used or refused, never dropped (found on the corpus)."""

    def test_events_for_a_rule_without_per_event_deductions(self):
        with pytest.raises(ActualValueError, match="没有按次数扣分"):
            score_row(weight=2, rule="有工作方案得2分，没有不得分", actual="有", events=1)

    def test_a_judgement_the_rule_leaves_no_room_for(self):
        with pytest.raises(ActualValueError, match="没有由评价人评定"):
            score_row(weight=2, rule="有工作方案得2分，没有不得分", actual="有", judgement=1)

    def test_a_number_for_a_rule_of_named_conditions(self):
        with pytest.raises(ActualValueError, match="没有条件“80%”"):
            score_row(weight=4, rule="村民自治村计4分,合格村计2分", actual="80%")

    def test_the_rule_own_words_name_the_condition(self):
        rule = "村民自治村计4分,合格村计2分"
        assert score_row(weight=4, rule=rule, actual="合格村").score == Decimal("2.00")

    def test_spaced_points_are_points(self):
        """有工作方案计 2 分 was a remark and 没有不得分 an award of 0 points."""
        result = score_row(weight=2, rule="有工作方案计 2 分，没有不得分", actual="有")
        assert result.score == Decimal("2.00")
        assert score_row(weight=2, rule="有工作方案计 2 分，没有不得分", actual="没有").score == 0

    def test_points_in_a_remark_are_refused(self):
        with pytest.raises(RuleSyntaxError, match="写有分数"):
            parse_rule("服务对象是农业(2分),其他(视情况给0.5分)")

    def test_a_condition_with_reach_before_its_points(self):
        """完成率达到80%以上。25分 was a named condition: 80% scored 0."""
        rule = "4、项目计划投资和任务完成率达到80%以上。25分"
        assert score_row(weight=25, rule=rule, actual="80%").score == Decimal("25.00")
        assert score_row(weight=25, rule=rule, actual="79.9%").score == 0

    def test_a_checklist_beside_discretion_with_items_missing(self):
        rule = "履责到位,得3分;落实机构,得2分。履责不到位,酌情给0~5分。"
        with pytest.raises(ActualValueError, match="无法确定"):
            score_row(weight=5, rule=rule, conditions=["落实机构"])
        assert score_row(weight=5, rule=rule, conditions=[1, 2]).score == Decimal("5.00")
        assert score_row(weight=5, rule=rule, judgement=4).score == Decimal("4.00")

    @pytest.mark.parametrize("given", [{"conditions": []}, {}, {"actual": {"items": []}}])
    def test_an_award_with_deductions_and_nothing_said_to_hold(self, given):
        """编制好…计6分。预算编制不完整,扣2分…: with no condition said to hold, is it 6 (no
        deduction applies) or 0 (the award fails)? Refused naming both (was 0 without a word)."""
        rule = "编制好乡财政年度综合预算,计6分。预算编制不完整,扣2分;未及时报送的,扣1分。"
        with pytest.raises(ActualValueError, match="无法确定"):
            score_row(weight=6, rule=rule, **given)
        held = score_row(weight=6, rule=rule, conditions=[1, "预算编制不完整"])
        assert held.score == Decimal("4.00")

    def test_an_award_beside_a_level_worth_nothing_and_a_deduction(self):
        """…落實計5分,有會議紀錄,未研究不計分,只研究不落實扣2.5分 with only the deduction held."""
        rule = "对经费落实计5分,有会议纪录,未研究不计分,只研究不落实扣2.5分。"
        with pytest.raises(ActualValueError, match="无法确定"):
            score_row(weight=5, rule=rule, actual="只研究不落实")


class TestAnswersInPhrases:
    def test_a_negation_outside_the_rule_words_is_refused(self):
        rule = "建立资金管理制度，有相关文件，且严格参照执行的，得2分;否则不得分。"
        with pytest.raises(ActualValueError, match="无法对应"):
            score_row(weight=2, rule=rule, actual="有制度未严格执行")

    def test_a_failed_condition_with_events_and_a_veto_is_refused(self):
        rule = "未发生安全投诉和通报,得2分。不符合以上要求,每发生1次投诉扣0.5分;发生通报,不得分。"
        with pytest.raises(ActualValueError, match="无法确定"):
            score_row(weight=2, rule=rule, actual="发生投诉", events=3)
        assert score_row(weight=2, rule=rule, events=3).score == Decimal("0.50")

    def test_a_failed_condition_costs_its_events(self):
        rule = "民主议事记录完整,得2分;不完整的每个项目扣1分"
        assert score_row(weight=2, rule=rule, actual="不完整", events=1).score == Decimal("1.00")
        assert score_row(weight=2, rule=rule, actual="完整", events=0).score == Decimal("2.00")


class TestComparisonWordsBeforeTheNumber:
    """不超过2%得满分 was read as ≥2% (the word kept in the name): 1% scored 0."""

    @pytest.mark.parametrize("word", ["不超过", "不高于", "不多于", "不大于", "最多"])
    def test_at_most(self, word):
        rule = f"投诉率{word}2%得满分，否则不得分"
        assert score_row(weight=5, rule=rule, actual="1%").score == Decimal("5.00")
        assert score_row(weight=5, rule=rule, actual="2%").score == Decimal("5.00")
        assert score_row(weight=5, rule=rule, actual="2.5%").score == 0

    @pytest.mark.parametrize("word", ["不低于", "不少于", "不小于", "至少", "最少"])
    def test_at_least(self, word):
        rule = f"满意度{word}80%得满分，否则不得分"
        assert score_row(weight=5, rule=rule, actual="80%").score == Decimal("5.00")
        assert score_row(weight=5, rule=rule, actual="79.9%").score == 0

    @pytest.mark.parametrize("name", ["超支率", "少数民族学生资助率", "多元投入率", "低保覆盖率"])
    def test_names_that_start_with_a_comparison_character(self, name):
        rule = f"{name}不超过5%得满分，否则不得分"
        assert score_row(weight=5, rule=rule, actual="4%").score == Decimal("5.00")


class TestDifferenceAsActual:
    """低2个百分点 · 比目标低2% · 少3人 is how far from something, not the value achieved: read as
    the number it scored 2% against the target (0 points) without a word. Refused; a word of
    change (降低5%, 增长5%) is the value of a rate and still reads."""

    @pytest.mark.parametrize("lead", ["", "比目标", "比标准", "较去年"])
    @pytest.mark.parametrize("word", ["低", "高", "少", "多", "差", "低了", "多出"])
    @pytest.mark.parametrize("number", ["2个百分点", "2%", "两个百分点"])
    def test_a_difference_is_refused(self, lead, word, number):
        with pytest.raises(ActualValueError, match="差距"):
            score(target="≥95%", weight=10, rule="每低1%扣1分", actual=f"{lead}{word}{number}")

    @pytest.mark.parametrize(("actual", "points"), [("降低5%", "9.00"), ("提高5%", "9.00")])
    def test_a_change_is_the_value_of_a_rate(self, actual, points):
        result = score(target="≥6%", weight=10, rule="每少1%扣1分", actual=actual)
        assert str(result.score) == points


class TestCountBesideAStateThatHolds:
    """未发生2起 (a count beside the state that holds contradicts it) and 2个项目记录完整 (the
    others unsaid) scored full marks by the state word; a count of failures still reads."""

    @pytest.mark.parametrize(
        ("rule", "actual"),
        [
            ("未发生安全事故得满分，每发生一起扣2分", "未发生2起"),
            ("未发生安全事故得满分，每发生一起扣2分", "未发生两起"),
            ("民主议事记录完整,得2分;不完整的每个项目扣1分", "2个项目记录完整"),
            ("民主议事记录完整,得2分;不完整的每个项目扣1分", "两个项目记录完整"),
            ("有完整的项目实施方案的得2分，没有不得分", "有3个"),
        ],
    )
    def test_it_is_refused(self, rule, actual):
        with pytest.raises(ActualValueError, match="无法对应"):
            score(weight=2, rule=rule, actual=actual)

    def test_a_count_of_failures_with_its_events_reads(self):
        rule = "民主议事记录完整,得2分;不完整的每个项目扣1分"
        assert str(score(weight=2, rule=rule, actual="1个项目记录不完整", events=1).score) == "1.00"


class TestReviewFindings:
    """Found by review: a comparison negated by 不得/不应/未 read the other way round (不得少于10名
    with 8名 was full marks), and 超出目标2% · 差距2% read as the value 2%."""

    @pytest.mark.parametrize(
        "target", ["创业典型不得少于10名，", "投诉不应超过10起", "投诉未超过10起", "不能低于90%"]
    )
    def test_a_negated_comparison_in_a_target_is_refused(self, target):
        with pytest.raises(TargetError, match="否定的比较"):
            score(target=target, weight=10, rule=None, actual="8")

    @pytest.mark.parametrize("actual", ["超出目标2%", "差距2%", "相差2个百分点", "高出2%"])
    def test_a_gap_word_before_the_number_is_refused(self, actual):
        with pytest.raises(ActualValueError, match="差距"):
            score(target="≥90%", weight=10, rule="≥90%得满分，每低1个百分点扣1分", actual=actual)
