"""The 自评表 as one self-contained HTML page (`score --format html`), and the 自评报告 as one
(`score --format report -o 报告.html`), both printable to A4 from the same page machinery.

The tables of report.py (the funds block, the indicator block with 一级 / 二级 merged as in the
official form, subtotals, total and grade), each indicator's explanation, and the charts of
plot.py inlined as SVG data URIs (the overview, and the score curve of each indicator that lost
points) when the `[charts]` extra is installed. No external resource: the text uses the
system's CJK fonts through a font-family stack, and the charts carry their glyphs as outlines.

>>> from indicator_rules.project import loads
>>> project = loads("项目名称：示例\\n全年预算数：100万元\\n一级：产出指标\\n二级：数量指标\\n"
...                 "三级：培训人数\\n  指标值：≥200人\\n  分值：90\\n")
>>> page = to_html(project.evaluate({"培训人数": "180人", "全年执行数": "95万元"}), charts=False)
>>> '<td id="total">90.50</td>' in page, '<td id="grade">优</td>' in page
(True, True)
>>> report = to_report_html(project.evaluate({"培训人数": "180人", "全年执行数": "95万元"}))
>>> "<h2>四、项目绩效情况</h2>" in report, "总分：90.50分，评价等级：优。" in report
(True, True)
"""

from __future__ import annotations

import base64
import re
from html import escape

from .report import FUNDS_HEADERS, INDICATOR_HEADERS, _funds_row, _indicator_rows, shown_grade

__all__ = ["FONT_STACK", "to_html", "to_report_html"]

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", "Hiragino Sans GB", "SimHei", "SimSun", sans-serif'
)

CSS = """
@page { size: A4; margin: 15mm 12mm; }
* { box-sizing: border-box; }
body { font-family: FONT_STACK; font-size: 10.5pt; color: #222; margin: 24px auto;
       max-width: 1100px; padding: 0 16px; line-height: 1.5; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 4px; letter-spacing: 2px; }
h2 { font-size: 13pt; margin: 22px 0 8px; border-left: 4px solid #1f5fa8; padding-left: 8px; }
h3 { font-size: 11.5pt; margin: 16px 0 6px; }
h4 { font-size: 10.5pt; margin: 12px 0 4px; }
p.to-fill { color: #666; border: 1px dashed #999; padding: 6px 8px; min-height: 3em; }
p.meta { text-align: center; margin: 0 0 16px; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid #666; padding: 4px 6px; vertical-align: top; }
th { background: #eef2f7; font-weight: 600; text-align: center; }
td.num { text-align: right; white-space: nowrap; }
td.lost { color: #b03a2e; }
table.summary { width: auto; min-width: 50%; }
table.summary td { font-size: 12pt; text-align: right; min-width: 8em; }
table.indicators th:nth-child(-n+2) { width: 4.5em; }
table.summary td#total, table.summary td#grade { font-weight: 700; }
ol.explain li { margin: 2px 0; }
figure { margin: 12px 0; text-align: center; page-break-inside: avoid; }
figure img { max-width: 100%; }
figcaption { font-size: 9pt; color: #555; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  h2 { page-break-after: avoid; }
  section.charts { page-break-before: always; }
}
""".replace("FONT_STACK", FONT_STACK)


def _cells(row, numeric=()) -> str:
    return "".join(
        f'<td class="num">{escape(str(c))}</td>' if i in numeric else f"<td>{escape(str(c))}</td>"
        for i, c in enumerate(row)
    )


def _spans(values: list[str]) -> list[int]:
    """Rowspans for merged cells: the run length at a run's first row, 0 below it."""
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans[start] = i - start
            start = i
    return spans


def _indicator_table(evaluation) -> str:
    rows = _indicator_rows(evaluation)
    level1 = _spans([r[0] for r in rows])
    level2 = _spans([f"{r[0]}\0{r[1]}" for r in rows])
    body = []
    for i, (row, result) in enumerate(zip(rows, evaluation.rows, strict=True)):
        cells = []
        for span, text in ((level1[i], row[0]), (level2[i], row[1])):
            if span:
                cells.append(f'<td rowspan="{span}">{escape(text)}</td>')
        lost = result.score is not None and result.score < result.indicator.weight
        cells.append(_cells(row[2:6], numeric=(3,)))
        cells.append(f'<td class="num">{escape(row[6])}</td>')
        cells.append(f'<td class="num{" lost" if lost else ""}">{escape(row[7])}</td>')
        cells.append(f"<td>{escape(row[8])}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in INDICATOR_HEADERS)
    return (
        f'<table class="indicators"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _funds_table(evaluation) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in FUNDS_HEADERS)
    row = _cells(_funds_row(evaluation), numeric=(0, 1, 2, 3, 4, 5))
    parts = [f'<table class="funds"><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody>']
    parts.append("</table>")
    execution = evaluation.execution
    if execution is not None:
        notes = [execution.explanation, *(f"提醒：{w}" for w in execution.warnings)]
        parts.append("".join(f"<p>{escape(n)}</p>" for n in notes))
    return "".join(parts)


def _summary(evaluation) -> str:
    rows = [
        f"<tr><th>{escape(level)}小计</th><td class='num'>{score}</td></tr>"
        for level, score in evaluation.subtotals.items()
    ]
    if evaluation.execution is not None:
        rows.insert(
            0, f"<tr><th>预算执行率</th><td class='num'>{evaluation.execution.score}</td></tr>"
        )
    rows.append(f'<tr><th>总分</th><td id="total">{evaluation.total}</td></tr>')
    rows.append(f'<tr><th>评价等级</th><td id="grade">{escape(shown_grade(evaluation))}</td></tr>')
    if evaluation.missing:
        missing = escape("、".join(evaluation.missing))
        rows.append(f"<tr><th>未评分（缺少实际完成值）</th><td>{missing}</td></tr>")
    return f'<table class="summary">{"".join(rows)}</table>'


def _explanations(evaluation) -> str:
    items = []
    for row in evaluation.rows:
        result = row.result
        text = "未提供实际完成值" if result is None else result.explanation
        notes = [] if result is None else list(result.warnings)
        if row.disagreement:
            notes.append(row.disagreement)
        extra = "".join(f"<br><small>提醒：{escape(n)}</small>" for n in notes)
        score = "—" if result is None else f"{result.score} / {result.weight}"
        items.append(
            f"<li><b>{escape(row.indicator.name)}</b>（{score}）：{escape(text)}{extra}</li>"
        )
    return f'<ol class="explain">{"".join(items)}</ol>'


def _svg_uri(figure) -> str:
    from .plot import render

    data = base64.b64encode(render(figure, "svg")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}"


def _charts(evaluation) -> str:
    """The overview chart and the curve of each indicator that lost points; a note without
    the `[charts]` extra."""
    from .errors import IndicatorRulesError, MissingExtraError

    try:
        from .plot import evaluation_figure, indicator_figure

        figures = [(evaluation_figure(evaluation), "各指标得分与分值")]
    except MissingExtraError as error:
        return f'<p class="note">{escape(str(error))}</p>'
    for row in evaluation.rows:
        result = row.result
        if result is None or result.score >= result.weight:
            continue
        try:
            figure = indicator_figure(row.indicator, row.actual)
        except IndicatorRulesError:
            continue  # not scored by a number: no curve
        figures.append((figure, f"{row.indicator.name}：得分曲线"))
    return "".join(
        f'<figure><img alt="{escape(caption)}" src="{_svg_uri(figure)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
        for figure, caption in figures
    )


def _document(title: str, sections: list[str]) -> str:
    """One HTML document (UTF-8 text, no external resources) of the given body parts."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )


def to_html(evaluation, *, charts: bool = True) -> str:
    """The 自评表 as one HTML document (UTF-8 text, no external resources)."""
    project = evaluation.project
    meta = "　".join(
        escape(part)
        for part in (
            f"项目名称：{project.name}",
            f"实施单位：{project.unit}" if project.unit else "",
            f"年度：{project.year}" if project.year else "",
        )
        if part
    )
    sections = [
        "<h1>项目支出绩效自评表</h1>",
        f'<p class="meta">{meta}</p>',
        "<h2>一、预算执行情况</h2>",
        _funds_table(evaluation),
        "<h2>二、绩效指标完成情况</h2>",
        _indicator_table(evaluation),
        "<h2>三、得分汇总</h2>",
        _summary(evaluation),
        "<h2>四、评分说明</h2>",
        _explanations(evaluation),
    ]
    if charts:
        sections += ['<section class="charts"><h2>五、图表</h2>', _charts(evaluation), "</section>"]
    return _document(f"项目支出绩效自评表：{project.name}", sections)


_NUMBER = re.compile(r"[≥≤<>]?-?\d[\d,]*(\.\d+)?%?")


def _report_table(table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = "".join(
        "<tr>"
        + _cells(row, numeric=tuple(i for i, c in enumerate(row) if _NUMBER.fullmatch(str(c))))
        + "</tr>"
        for row in table.rows
    )
    return f'<table class="report"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def to_report_html(evaluation) -> str:
    """The 自评报告 (selfreport.report_sections, 附件4-2 outline) as one HTML document; the
    narrative the agency writes is a dashed box `<p class="to-fill">`."""
    from .selfreport import report_sections

    sections = report_sections(evaluation)
    parts = []
    for section in sections:
        tag = f"h{min(section.level + 1, 6)}"
        parts.append(f"<{tag}>{escape(section.title)}</{tag}>")
        parts += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
        if section.table is not None:
            parts.append(_report_table(section.table))
        if section.to_fill:
            parts.append(f'<p class="to-fill">{escape(section.to_fill)}</p>')
    return _document(sections[0].title, parts)
