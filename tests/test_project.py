"""Rule files, actuals and the self-evaluation of a whole project."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from indicator_rules import RuleFileError
from indicator_rules.evaluation import grade_of
from indicator_rules.project import load, loads

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "chenggong-medical-insurance-2026.rules"
ACTUALS = ROOT / "examples" / "chenggong-medical-insurance-2026-actuals.csv"

SEED_002_ACTUALS = {
    "呈贡区医疗保障人数": "114803",
    "医保系统网络覆盖率": "100%",
    "医保系统网络正常使用": "99.5%",
    "医保宣传资料发放及时率": {"实际完成值": "25天", "事件次数": 0},
    "发现问题处置率": "87.5%",
    "城乡居民基本医疗保险工作支付到位率": "100%",
    "预算资金使用进度": "95%",
    "全区居民人人参保城乡居民基本医疗保险，人人正常享受参保待遇": "98%",
    "医保政策宣传内容知晓率": "72%",
    "医保基金使用进一步规范": "达成年度指标",
    "全区居民对参加城乡居民基本医疗保险的满意度": "93%",
    "全年执行数": "145000",
}

SMALL = """项目名称：示例项目
全年预算数：100万元
一级：产出指标
二级：数量指标
三级：培训人数
  指标值：≥200人
  分值：50
三级：宣传次数
  指标值：≥10次
  分值：40
  评分标准：达标得满分40分，否则每少10%扣4分
"""


class TestSeed002:
    def test_acceptance_total_and_grade(self):
        """Issue 3: seed 002 with the given actuals totals 93.95, grade 优; 执行率 96.66%, 9.67 points."""
        evaluation = load(EXAMPLE).evaluate(SEED_002_ACTUALS)
        assert evaluation.total == Decimal("93.95") and evaluation.grade == "优"
        assert evaluation.execution.score == Decimal("9.67")
        assert str(evaluation.execution.rate * 100)[:5] == "96.65"

    def test_bundled_csv_gives_the_same_total(self):
        evaluation = load(EXAMPLE).evaluate(ACTUALS)
        assert evaluation.total == Decimal("93.95")

    def test_total_is_the_sum_of_rounded_rows(self):
        evaluation = load(EXAMPLE).evaluate(SEED_002_ACTUALS)
        assert (
            evaluation.total == sum(r.score for r in evaluation.rows) + evaluation.execution.score
        )

    def test_subtotals_per_level1(self):
        subtotals = load(EXAMPLE).evaluate(SEED_002_ACTUALS).subtotals
        assert subtotals == {
            "产出指标": Decimal("53.48"),
            "效益指标": Decimal("22.80"),
            "满意度指标": Decimal("8.00"),
        }

    def test_review_mode_lists_disagreements(self):
        """The bundled actuals carry the agency's own scores; two differ from the rules."""
        evaluation = load(EXAMPLE).evaluate(ACTUALS)
        names = [row.indicator.name for row in evaluation.disagreements]
        assert names == ["医保系统网络正常使用", "全区居民对参加城乡居民基本医疗保险的满意度"]
        assert "单位自评10分，按评分标准应为8分" in evaluation.disagreements[1].disagreement


class TestGrades:
    @pytest.mark.parametrize(
        ("total", "grade"),
        [
            ("100", "优"),
            ("90.00", "优"),
            ("89.99", "良"),
            ("80.00", "良"),
            ("79.99", "中"),
            ("60.00", "中"),
            ("59.99", "差"),
            ("0", "差"),
            ("89.995", "优"),
        ],
    )
    def test_boundaries(self, total, grade):
        """Graded as displayed: 89.995 shows as 90.00 and is 优."""
        assert grade_of(Decimal(total)) == grade


class TestRuleFile:
    def test_small_file(self):
        project = loads(SMALL)
        assert [i.name for i in project.indicators] == ["培训人数", "宣传次数"]
        assert project.budget.amount == Decimal(1000000)

    def test_several_problems_reported_at_once(self):
        text = (
            SMALL.replace("分值：50", "分值：五十")
            .replace("达标得满分40分", "达标得满分40份")
            .replace("指标值：≥10次", "指标值：≥10次\n  指标值：≥12次")
        )
        with pytest.raises(RuleFileError) as info:
            loads(text, source="demo.rules")
        problems = info.value.problems
        assert len(problems) == 3
        lines = sorted(p.line for p in problems)
        assert lines == [7, 10, 12]
        rendered = str(info.value)
        assert "demo.rules:12:" in rendered and "“分”" in rendered

    def test_rule_error_column_is_inside_the_file_line(self):
        text = SMALL.replace("达标得满分40分", "达标得满分40份")
        with pytest.raises(RuleFileError) as info:
            loads(text, source="demo.rules")
        (problem,) = info.value.problems
        line = text.split("\n")[problem.line - 1]
        assert line[problem.column - 1] == "份"

    def test_unknown_key_suggests(self):
        with pytest.raises(RuleFileError, match="是否要写“评分标准”"):
            loads(SMALL.replace("评分标准：", "评份标准："))

    def test_missing_fields_and_misplaced_lines(self):
        text = "项目名称：x\n分值：10\n一级：产出指标\n二级：数量指标\n三级：a\n  分值：10\n"
        with pytest.raises(RuleFileError) as info:
            loads(text)
        messages = " ".join(p.message for p in info.value.problems)
        assert "应写在“三级：指标名称”之后" in messages and "指标值为空，且没有评分标准" in messages

    def test_duplicate_names(self):
        with pytest.raises(RuleFileError, match="重复"):
            loads(SMALL.replace("三级：宣传次数", "三级：培训人数"))

    def test_line_without_colon(self):
        with pytest.raises(RuleFileError) as info:
            loads("项目名称：x\n一级 产出指标\n")
        assert info.value.problems[0].line == 2

    def test_comments_and_full_width_colons(self):
        text = "# 注释\n项目名称: x\n全年预算数：10元\n一级：产出\n二级：数量指标\n三级：a\n指标值：5\n分值：90\n"
        project = loads(text)
        assert project.indicators[0].level1 == "产出指标"

    def test_101_layout_with_cost_as_level1(self):
        text = SMALL.replace("一级：产出指标", "一级：成本指标").replace(
            "二级：数量指标", "二级：经济成本指标"
        )
        assert loads(text).indicators[0].level1 == "成本指标"


class TestActuals:
    def test_unknown_name_suggests_and_missing_are_listed(self):
        project = loads(SMALL)
        with pytest.raises(RuleFileError) as info:
            project.evaluate({"培训人": "200人", "全年执行数": "100万元"})
        text = str(info.value)
        assert "是否要写“培训人数”" in text and "缺少2个指标的实际完成值" in text

    def test_partial(self):
        evaluation = loads(SMALL).evaluate(
            {"培训人数": "200人", "全年执行数": "50万元"}, partial=True
        )
        assert evaluation.missing == ("宣传次数",)
        assert evaluation.total == Decimal("55.00")

    def test_execution_is_required(self):
        with pytest.raises(RuleFileError, match="全年执行数"):
            loads(SMALL).evaluate({"培训人数": "200人", "宣传次数": "10次"})

    def test_low_execution_warns(self):
        evaluation = loads(SMALL).evaluate(
            {"培训人数": "200人", "宣传次数": "10次", "全年执行数": "80万元"}
        )
        assert evaluation.execution.score == Decimal("8.00") and evaluation.execution.warnings

    def test_json_and_csv_and_xlsx_files(self, tmp_path):
        openpyxl = pytest.importorskip("openpyxl")
        data = {
            "培训人数": "180人",
            "宣传次数": {"实际完成值": "9次", "自评得分": "40"},
            "全年执行数": "100万元",
        }
        (tmp_path / "a.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (tmp_path / "a.csv").write_text(
            "指标名称,实际完成值,自评得分\n培训人数,180人,\n宣传次数,9次,40\n全年执行数,100万元,\n",
            encoding="utf-8",
        )
        book = openpyxl.Workbook()
        for row in (
            ["指标名称", "实际完成值", "自评得分"],
            ["培训人数", "180人", None],
            ["宣传次数", "9次", 40],
            ["全年执行数", 1000000, None],
        ):
            book.active.append(row)
        book.save(tmp_path / "a.xlsx")
        totals = {
            loads(SMALL).evaluate(tmp_path / name).total for name in ("a.json", "a.csv", "a.xlsx")
        }
        assert totals == {Decimal("91.00")}
        review = loads(SMALL).evaluate(tmp_path / "a.csv")
        assert [r.indicator.name for r in review.disagreements] == ["宣传次数"]

    def test_bad_actual_names_its_row(self, tmp_path):
        (tmp_path / "a.csv").write_text(
            "指标名称,实际完成值\n培训人数,见附件\n宣传次数,10次\n全年执行数,1\n", encoding="utf-8"
        )
        with pytest.raises(RuleFileError, match=r"a\.csv:2"):
            loads(SMALL).evaluate(tmp_path / "a.csv")
