"""The 自评报告 (附件4-2 outline) from an evaluation, and its completion table back to actuals."""

import html
from pathlib import Path

import pytest

from indicator_rules.actual_values import parse_actual
from indicator_rules.actuals import read_actuals
from indicator_rules.cli import main
from indicator_rules.errors import IndicatorRulesError
from indicator_rules.html import to_html, to_report_html
from indicator_rules.project import load, loads
from indicator_rules.selfreport import (
    TO_FILL,
    completion_actuals,
    read_completion_table,
    report_sections,
    to_report,
)

from .conftest import load_jsonl

EXAMPLES = Path(__file__).parent.parent / "examples"
RULES = EXAMPLES / "chenggong-medical-insurance-2026.rules"
ACTUALS = EXAMPLES / "chenggong-medical-insurance-2026-actuals.csv"
SEED_004 = Path(__file__).parent / "data" / "seeds" / "004_2592ab7f97bb9832.txt"


@pytest.fixture(scope="module")
def evaluation():
    return load(RULES).evaluate(ACTUALS)


class TestReport:
    """The report holds what the evaluation knows and marks what the agency writes."""

    def test_total_grade_and_every_reason(self, evaluation):
        """Total, grade, and each deduction's reason are in the report."""
        report = to_report(evaluation)
        assert f"总分：{evaluation.total}分，评价等级：{evaluation.grade}" in report
        deducted = [row for row in evaluation.rows if row.score < row.indicator.weight]
        assert len(deducted) >= 5
        for row in deducted:
            assert f"{row.indicator.name}：得{row.score}分" in report
            assert row.result.explanation in report
        execution = evaluation.execution
        assert execution.score < execution.weight and execution.explanation in report

    def test_outline_and_facts(self, evaluation):
        """附件4-2 headings in order; header facts; 预算数/执行数/执行率; narrative to fill."""
        report = to_report(evaluation)
        headings = ["一、项目基本情况", "二、项目资金使用及管理情况", "三、项目组织实施情况",
                    "四、项目绩效情况", "（1）项目预期目标完成程度", "五、存在的问题",
                    "六、其他需要说明的问题"]  # fmt: skip
        lines = [line.lstrip("# ") for line in report.splitlines() if line.startswith("#")]
        positions = [lines.index(h) for h in headings]
        assert positions == sorted(positions)
        project, execution = evaluation.project, evaluation.execution
        assert f"实施单位：{project.unit}" in report
        assert f"| {execution.budget.display} | {execution.executed.display} |" in report
        assert "96.66%" in report
        assert report.count(TO_FILL[:-1].rstrip("）")) >= 8

    def test_sections_are_data(self, evaluation):
        """report_sections: a title, then headed sections; the completion table has a row per
        indicator with 指标, 单位, 目标数, 完成数, 完成年目标%."""
        sections = report_sections(evaluation)
        assert sections[0].level == 0 and "支出绩效报告（自评）" in sections[0].title
        table = next(s.table for s in sections if s.title == "（1）项目预期目标完成程度")
        assert table.headers[1:6] == ("指标", "单位", "目标数", "完成数", "完成年目标%")
        rows = {row[1]: row for row in table.rows}
        assert len(rows) == len(evaluation.rows)
        assert rows["医保政策宣传内容知晓率"][2:6] == ("%", "≥80", "72", "90%")

    def test_command_line(self, tmp_path, capsys):
        """score --format report writes the Markdown report."""
        out = tmp_path / "报告.md"
        assert main(["score", str(RULES), str(ACTUALS), "--format", "report", "-o", str(out)]) == 0
        assert out.read_text(encoding="utf-8") == to_report(load(RULES).evaluate(ACTUALS))


class TestUngraded:
    """A partial evaluation's total is not graded: every page says 未定级 and why."""

    def test_every_form_says_why(self, tmp_path, capsys):
        """Markdown and HTML report, HTML / text / Markdown 自评表 and the CLI's message."""
        from indicator_rules.report import to_markdown, to_text

        partial = tmp_path / "partial.csv"
        partial.write_text("\n".join(ACTUALS.read_text(encoding="utf-8").splitlines()[:5]))
        evaluation = load(RULES).evaluate(partial, partial=True)
        assert evaluation.grade == ""
        why = "未定级（缺少7个指标的实际完成值、全年执行数）"
        for render in (to_report, to_report_html, to_html, to_text, to_markdown):
            page = render(evaluation)
            assert why in page and "评价等级为“”" not in page, render.__name__
        assert (
            main(["score", str(RULES), str(partial), "--partial", "-o", str(tmp_path / "x.txt")])
            == 0
        )
        assert f"评价等级 {why}" in capsys.readouterr().out


class TestReportHtml:
    """The same report as one HTML page: `score --format report -o 报告.html`."""

    def test_same_sections_as_the_markdown(self, evaluation):
        """Every heading in order at its level, the tables, each paragraph and each note to fill."""
        page = to_report_html(evaluation)
        assert page.startswith("<!DOCTYPE html>") and "@page { size: A4" in page
        sections = report_sections(evaluation)
        positions = []
        for section in sections:
            tag = f"h{section.level + 1}"
            positions.append(page.index(f"<{tag}>{html.escape(section.title)}</{tag}>"))
            for paragraph in section.paragraphs:
                assert f"<p>{html.escape(paragraph)}</p>" in page, paragraph
        assert positions == sorted(positions)
        fills = [s.to_fill for s in sections if s.to_fill]
        assert page.count('<p class="to-fill">') == len(fills) >= 8
        assert page.count('<table class="report">') == 2
        assert f"<title>{html.escape(sections[0].title)}</title>" in page

    def test_total_grade_and_every_reason(self, evaluation):
        """Total, grade, the 执行率 explanation and each deduction's reason are on the page."""
        page = to_report_html(evaluation)
        assert f"总分：{evaluation.total}分，评价等级：{evaluation.grade}。" in page
        assert html.escape(evaluation.execution.explanation) in page
        for row in evaluation.rows:
            if row.score < row.indicator.weight:
                assert html.escape(row.result.explanation) in page, row.indicator.name
        completion = page.split('<table class="report">')[2]
        assert completion.count("<tr>") == len(evaluation.rows) + 1  # the header row too

    def test_command_line_by_suffix(self, tmp_path, capsys):
        """-o X.html writes the HTML report, -o X.md the Markdown one, no -o prints Markdown;
        --format report-html prints the HTML one."""
        evaluation = load(RULES).evaluate(ACTUALS)
        base = ["score", str(RULES), str(ACTUALS), "--format", "report"]
        for name, expected in (("报告.html", to_report_html), ("报告.HTM", to_report_html),
                               ("报告.md", to_report)):  # fmt: skip
            assert main([*base, "-o", str(tmp_path / name)]) == 0
            assert (tmp_path / name).read_text(encoding="utf-8") == expected(evaluation), name
            assert "93.95" in capsys.readouterr().out
        assert main(base) == 0
        assert capsys.readouterr().out == to_report(evaluation)
        assert main([*base[:-1], "report-html"]) == 0
        assert capsys.readouterr().out == to_report_html(evaluation)


class TestCompletionTable:
    """convert reads a report's 项目预期目标完成程度 table into actuals."""

    def _cases(self):
        return [c for c in load_jsonl("conformance_seeds.jsonl") if c["seed"].startswith("004")]

    def test_seed_004_scores_as_the_conformance_cases(self, tmp_path):
        """Seed 004's table → actuals that score its two indicators as the cases say."""
        cases = self._cases()
        assert len(cases) == 2
        text = SEED_004.read_text(encoding="utf-8")
        assert [name for name, _, _ in read_completion_table(text)] == [
            c["indicator"] for c in cases
        ]
        rules = "项目名称：城乡居民医疗保险区级财政补助资金\n一级：产出指标\n二级：数量指标\n"
        for case in cases:
            rules += f"三级：{case['indicator']}\n  指标值：{case['target']}\n"
            rules += f"  度量单位：{case['unit']}\n  分值：{case['weight']}\n"
        path = tmp_path / "seed004-actuals.csv"
        assert main(["convert", str(SEED_004), "-o", str(path)]) == 0
        evaluation = loads(rules).evaluate(path, partial=True)
        for case, row in zip(cases, evaluation.rows, strict=True):
            assert str(row.score) == case["score"], case["id"]
            assert row.actual == case["actual"] + case["unit"]

    @pytest.mark.parametrize("render", [to_report, to_report_html])
    def test_own_report_reads_back(self, evaluation, render):
        """The bundled example's report (Markdown or HTML) → actuals equal to the original
        actuals, value by value."""
        back = read_actuals(completion_actuals(render(evaluation)).encode("utf-8"))
        original = read_actuals(ACTUALS)
        assert back.executed == original.executed
        for indicator in evaluation.project.indicators:
            target = indicator.target
            assert parse_actual(back.entries[indicator.name].actual, target) == parse_actual(
                original.entries[indicator.name].actual, target
            ), indicator.name

    def test_convert_a_filed_html_report(self, tmp_path, capsys):
        """score --format report -o 报告.html, then convert 报告.html: its completion table."""
        report, back = tmp_path / "报告.html", tmp_path / "back-actuals.csv"
        assert (
            main(["score", str(RULES), str(ACTUALS), "--format", "report", "-o", str(report)]) == 0
        )
        assert main(["convert", str(report), "-o", str(back)]) == 0
        text = report.read_text(encoding="utf-8")
        assert back.read_text(encoding="utf-8") == completion_actuals(text, str(report))
        assert "医保政策宣传内容知晓率,72%" in back.read_text(encoding="utf-8")

    def test_no_table(self):
        """A text without the table is a clear error."""
        with pytest.raises(IndicatorRulesError, match="找不到项目预期目标完成程度表"):
            read_completion_table("一、项目基本情况\n目标数 完成数\n")
