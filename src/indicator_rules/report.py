"""The 自评表 in the official column layout: terminal text, Markdown, JSON and XLSX; and
`render_text` / `write_evaluation`, the one place a format name picks its writer (the HTML
page, the 自评报告 and the chart included).

Funds block: 年初预算数 · 全年预算数 · 全年执行数 · 分值 · 执行率 · 得分. Indicator block:
一级指标 · 二级指标 · 三级指标 · 年度指标值 · 实际完成值 · 完成率 · 分值 · 得分 · 偏差原因分析及改进措施.
Then 总分 and 评价等级. Files are written by writer.py: atomically, with fsync, keeping the mode,
through symbolic links, never over a read-only file.
"""

from __future__ import annotations

import json
import unicodedata

from .model import fmt
from .options import round_score
from .writer import write_atomically, write_text

__all__ = [
    "FUNDS_HEADERS",
    "INDICATOR_HEADERS",
    "render_text",
    "shown_grade",
    "to_json",
    "to_markdown",
    "to_text",
    "write_evaluation",
    "write_xlsx",
]

FUNDS_HEADERS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
INDICATOR_HEADERS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "完成率",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


def _reason(row) -> str:
    if row.result is None:
        return "未提供实际完成值"
    parts = []
    if row.result.score < row.result.weight:
        parts.append(row.result.explanation)
    parts.extend(row.result.warnings)
    if row.disagreement:
        parts.append(row.disagreement)
    return "；".join(parts)


def _funds_row(evaluation) -> list[str]:
    project, execution = evaluation.project, evaluation.execution
    initial = project.budget_initial.display if project.budget_initial else ""
    if execution is None:
        return [
            initial,
            project.budget.display if project.budget else "",
            "",
            fmt(project.execution_weight),
            "",
            "",
        ]
    return [
        initial,
        execution.budget.display,
        execution.executed.display,
        fmt(execution.weight),
        f"{fmt(round_score(execution.rate * 100))}%",
        str(execution.score),
    ]


def _indicator_rows(evaluation) -> list[list[str]]:
    rows = []
    for row in evaluation.rows:
        indicator = row.indicator
        rows.append(
            [
                indicator.level1,
                indicator.level2,
                indicator.name,
                indicator.target.display,
                row.actual,
                row.completion,
                fmt(indicator.weight),
                "" if row.score is None else str(row.score),
                _reason(row),
            ]
        )
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(headers, rows) -> list[str]:
    widths = [max(_width(str(c)) for c in column) for column in zip(headers, *rows, strict=False)]

    def line(cells):
        return "  ".join(
            str(c) + " " * (w - _width(str(c))) for c, w in zip(cells, widths, strict=False)
        ).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def to_text(evaluation) -> str:
    """The 自评表 as an aligned plain-text table for a terminal."""
    project = evaluation.project
    lines = [f"项目支出绩效自评表：{project.name}", ""]
    if project.unit:
        lines.insert(1, f"实施单位：{project.unit}    年度：{project.year}")
    lines += _table(FUNDS_HEADERS, [_funds_row(evaluation)])
    if evaluation.execution is not None:
        lines.append(f"  {evaluation.execution.explanation}")
        lines.extend(f"  提醒：{w}" for w in evaluation.execution.warnings)
    lines.append("")
    short = [r[:-1] for r in _indicator_rows(evaluation)]
    lines += _table(INDICATOR_HEADERS[:-1], short)
    lines.append("")
    lines.append("偏差原因分析及改进措施：")
    for row, full in zip(evaluation.rows, _indicator_rows(evaluation), strict=True):
        if full[-1]:
            lines.append(f"  {row.indicator.name}：{full[-1]}")
    lines.append("")
    for level, score in evaluation.subtotals.items():
        lines.append(f"{level}小计：{score}")
    lines.append(f"总分：{evaluation.total}")
    lines.append(f"评价等级：{shown_grade(evaluation)}")
    if evaluation.missing:
        lines.append(f"未评分（缺少实际完成值）：{'、'.join(evaluation.missing)}")
    return "\n".join(lines) + "\n"


def shown_grade(evaluation) -> str:
    """The grade as printed: a partial evaluation's ungraded total says 未定级 and why."""
    if evaluation.grade:
        return evaluation.grade
    lacking = [f"{len(evaluation.missing)}个指标的实际完成值"] if evaluation.missing else []
    if evaluation.execution is None:
        lacking.append("全年执行数")
    return f"未定级（缺少{'、'.join(lacking)}）"


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(evaluation) -> str:
    """The 自评表 as Markdown tables."""

    def table(headers, rows):
        out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        return out

    project = evaluation.project
    lines = [f"# 项目支出绩效自评表：{project.name}", ""]
    lines += [*table(FUNDS_HEADERS, [_funds_row(evaluation)]), ""]
    lines += [*table(INDICATOR_HEADERS, _indicator_rows(evaluation)), ""]
    lines.append(f"**总分：{evaluation.total}　评价等级：{shown_grade(evaluation)}**")
    return "\n".join(lines) + "\n"


def to_dict(evaluation) -> dict:
    """The JSON document of an evaluation (schema in docs/json-schema.md); numbers as strings."""
    project, execution = evaluation.project, evaluation.execution
    funds = None
    if execution is not None:
        funds = {
            "budget_initial": project.budget_initial.display if project.budget_initial else None,
            "budget": execution.budget.display,
            "executed": execution.executed.display,
            "weight": fmt(execution.weight),
            "rate": str(round_score(execution.rate * 100)),
            "score": str(execution.score),
            "exact": str(execution.exact),
            "explanation": execution.explanation,
            "warnings": list(execution.warnings),
        }
    indicators = []
    for row in evaluation.rows:
        indicator, result = row.indicator, row.result
        indicators.append(
            {
                "level1": indicator.level1,
                "level2": indicator.level2,
                "name": indicator.name,
                "target": indicator.target.display,
                "actual": row.actual,
                "completion": row.completion,
                "weight": fmt(indicator.weight),
                "score": None if result is None else str(result.score),
                "exact": None if result is None else str(result.exact),
                "met": None if result is None else result.met,
                "explanation": None if result is None else result.explanation,
                "warnings": [] if result is None else list(result.warnings),
                "agency_score": None if row.agency_score is None else str(row.agency_score),
                "disagreement": row.disagreement,
            }
        )
    return {
        "project": {
            "name": project.name,
            "unit": project.unit,
            "year": project.year,
            "source": project.source,
        },
        "funds": funds,
        "indicators": indicators,
        "subtotals": {level: str(score) for level, score in evaluation.subtotals.items()},
        "total": str(evaluation.total),
        "grade": evaluation.grade,
        "missing": list(evaluation.missing),
    }


def to_json(evaluation, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(evaluation), ensure_ascii=False, indent=indent)


def write_xlsx(evaluation, path) -> None:
    """The 自评表 as an .xlsx workbook (openpyxl); scores are exact decimal numbers."""
    from decimal import Decimal

    from .extras import require

    openpyxl = require("openpyxl", "excel", "写 XLSX")
    from openpyxl.styles import Alignment, Font

    data = to_dict(evaluation)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append([f"项目支出绩效自评表：{evaluation.project.name}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"实施单位：{evaluation.project.unit}", f"年度：{evaluation.project.year}"])
    sheet.append(list(FUNDS_HEADERS))
    funds = _funds_row(evaluation)
    sheet.append([_number(c) for c in funds])
    sheet.append([])
    sheet.append(list(INDICATOR_HEADERS))
    header_row = sheet.max_row
    for row in _indicator_rows(evaluation):
        sheet.append([_number(c) if i in (6, 7) else c for i, c in enumerate(row)])
    sheet.append(["总分", "", "", "", "", "", "", Decimal(data["total"])])
    sheet.append(["评价等级", shown_grade(evaluation)])
    for cell in sheet[3] + sheet[header_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (10, 14, 36, 14, 14, 10, 8, 8, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    write_atomically(path, workbook.save)


def _number(text):
    from decimal import Decimal, InvalidOperation

    if text in ("", None):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return text


TEXT_FORMATS = ("text", "markdown", "json", "report", "html", "report-html")
FILE_FORMATS = ("xlsx", "png", "svg")  # binary, or a chart: written to a file only


def render_text(evaluation, fmt: str) -> str:
    """The evaluation as text in one of TEXT_FORMATS: the 自评表 as terminal text, Markdown,
    JSON or an HTML page; the 自评报告 (附件4-2) as Markdown (`report`) or HTML (`report-html`)."""
    if fmt in ("html", "report-html"):
        from .html import to_html, to_report_html

        return (to_html if fmt == "html" else to_report_html)(evaluation)
    if fmt == "report":
        from .selfreport import to_report

        return to_report(evaluation)
    render = {"text": to_text, "markdown": to_markdown, "json": lambda e: to_json(e) + "\n"}
    return render[fmt](evaluation)


def write_evaluation(evaluation, path, fmt: str) -> None:
    """Write the evaluation to `path` atomically in a text format, as XLSX, or as the chart."""
    if fmt == "xlsx":
        write_xlsx(evaluation, path)
    elif fmt in ("png", "svg"):
        from .plot import evaluation_figure, save

        save(evaluation_figure(evaluation), path)
    else:
        write_text(path, render_text(evaluation, fmt))
