"""The bundled examples: the 10号 共性指标框架 evaluation scores as its rules say, and is clean."""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from indicator_rules import load
from indicator_rules.cli import main
from indicator_rules.lint import EVALUATION, layout_of, lint_text

EXAMPLES = Path(__file__).parent.parent / "examples"
RULES = EXAMPLES / "project-evaluation-framework-2026.rules"
ACTUALS = EXAMPLES / "project-evaluation-framework-2026-actuals.csv"
CENT = Decimal("0.01")


def _hand_scores() -> dict[str, Decimal]:
    """Each row's score worked out from its 评分标准 and the actual in the actuals file."""
    return {
        # ①②③ 1分 each; ① and ② hold
        "立项依据充分性": Decimal(1) + Decimal(1),
        "立项程序规范性": Decimal(2),  # 符合 → 得2分
        "绩效目标合理性": Decimal(3),  # 有 → 得3分
        "绩效指标明确性": Decimal(0),  # 不明确 → 不得分
        "预算编制科学性": Decimal(3),  # 匹配 → 得3分
        "资金分配合理性": Decimal(2),  # 合理 → 得2分
        # 100%得满分，每降低1%扣0.1分: 96% is 4 points below
        "资金到位率": Decimal(4) - (100 - 96) * Decimal("0.1"),
        "资金使用合规性": Decimal(3) - 1 * Decimal(1),  # 每出现一例扣1分, one case
        "管理制度健全性": Decimal(4),  # 健全 → 得4分
        "制度执行有效性": Decimal(1) * 3,  # ①②④ of four 1-point items
        "实际完成率": Decimal(10) - (100 - 95) * Decimal("0.5"),  # 每降低1%扣0.5分
        "工程验收合格率": Decimal(10) - (100 - 98) * Decimal(1),  # 每降低1%扣1分
        "完成及时性": Decimal(10) - 1 * Decimal(2),  # 2026年12月 against 11月: 每延期一个月扣2分
        "成本节约率": Decimal(10),  # 3.2% ≥ 0 → 得满分
        "社会效益": Decimal(6),  # 社会效益一般的得6分
        "可持续影响": Decimal(5),  # 建立 → 得5分
        "服务对象满意度": Decimal(8),  # 85% in 80%(含)-90% → 得8分
    }


class TestFrameworkExample:
    def test_rows_score_as_their_rules_say(self):
        """Every row's score is the one worked out by hand from its rule and actual."""
        evaluation = load(RULES).evaluate(ACTUALS)
        scores = {row.indicator.name: row.result.score for row in evaluation.rows}
        assert scores == {name: value.quantize(CENT) for name, value in _hand_scores().items()}

    def test_most_rows_have_no_target(self):
        """The framework's rows carry their measure in the rule: only 完成及时性 has a 指标值."""
        project = load(RULES)
        with_target = [i.name for i in project.indicators if i.target.text]
        assert with_target == ["完成及时性"] and len(project.indicators) == 17

    def test_total_and_grade(self):
        """Total = the rows plus 预算执行率 (5 × 185万元 ÷ 200万元); 80 ≤ total < 90 is 良."""
        evaluation = load(RULES).evaluate(ACTUALS)
        execution = (Decimal(5) * Decimal(185) / Decimal(200)).quantize(CENT, ROUND_HALF_UP)
        rows = sum(value.quantize(CENT, ROUND_HALF_UP) for value in _hand_scores().values())
        assert evaluation.execution.score == execution == Decimal("4.63")
        assert evaluation.total == rows + execution
        assert evaluation.grade == "良"

    def test_weights_add_up_to_100(self):
        project = load(RULES)
        assert project.total_weight + project.execution_weight == 100

    def test_check_is_clean(self, capsys):
        """No error or warning: the layout is 10号 附件1 (决策 / 过程 / 产出 / 效益)."""
        text = RULES.read_text(encoding="utf-8")
        findings = lint_text(text, str(RULES))
        assert [f for f in findings if f.severity != "说明"] == []
        assert layout_of(load(RULES)) is EVALUATION
        assert main(["check", str(RULES)]) == 0
        assert "其中错误 0 条" in capsys.readouterr().out

    def test_score_prints_the_table(self, capsys):
        """The README command prints the 自评表 with the total and the grade."""
        assert main(["score", str(RULES), str(ACTUALS)]) == 0
        out = capsys.readouterr().out
        assert "项目支出绩效自评表：农村饮水安全巩固提升工程" in out
        assert "总分：81.73" in out and "评价等级：良" in out
        assert "资金到位率：实际96%，低于标准100%共4个百分点" in out


class TestLayouts:
    def test_self_assessment_layout_still_asks_for_its_categories(self):
        """A 自评表 file (产出 only) is still told it lacks 效益 and 满意度."""
        text = (
            "项目名称：x\n全年预算数：10万元\n一级：产出指标\n二级：数量指标\n三级：人数\n"
            "指标值：≥10人\n分值：90\n"
        )
        messages = [f.message for f in lint_text(text, "x.rules")]
        assert "缺少一级指标“满意度指标”" in messages and "缺少一级指标“效益指标”" in messages

    def test_framework_layout_names_its_missing_parts(self):
        """A 决策 file is checked against 10号 附件1: 过程, 产出, 效益 and the 二级 of 决策."""
        text = (
            "项目名称：x\n全年预算数：10万元\n一级：决策\n二级：项目立项\n三级：立项程序规范性\n"
            "分值：90\n评分标准：项目按照规定的程序申请设立的得90分，不符合不得分\n"
        )
        messages = {f.message for f in lint_text(text, "x.rules") if f.severity == "警告"}
        assert messages == {
            "决策下缺少二级指标“绩效目标”",
            "决策下缺少二级指标“资金投入”",
            "缺少一级指标“过程”",
            "缺少一级指标“产出”",
            "缺少一级指标“效益”",
        }

    def test_management_is_the_process_level(self):
        """决策 / 管理 / 产出 / 效益 (a provincial naming) is the same framework: 管理 is 过程."""
        text = RULES.read_text(encoding="utf-8").replace("一级：过程", "一级：管理指标")
        findings = lint_text(text, "x.rules")
        assert [f for f in findings if f.severity != "说明"] == []
