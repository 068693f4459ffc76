"""The 自评报告 (项目支出绩效报告（自评）, 附件4-2 outline, seed 004) from an evaluation, and its
completion table read back into actuals so that a filed report can be re-scored.

`report_sections(evaluation)` is the data — a list of `Section`s (title, level, paragraphs, an
optional `Table`, and the note of what the agency still has to write) — that `to_report`
renders as Markdown and an HTML renderer can render as HTML. What the library knows is filled
in: 一、项目基本情况 from the rule file's header; 二、项目资金使用及管理情况 with 预算数 / 执行数 /
执行率; 四、项目绩效情况 with the 预期目标完成程度 table and each deduction's 偏差原因. The narrative
sections are marked “（由单位填写：…）”.

`completion_actuals(text)` reads the 项目预期目标完成程度 table of a report — this module's
Markdown or HTML (html.to_report_html), or the tab-led text export of seed 004 (one cell per
line, rows between blank lines) — into actuals CSV text: 指标名称 · 实际完成值 (完成数 with its 单位), and 全年执行数 when the
report's funds table gives it.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import attrs

from .errors import IndicatorRulesError
from .model import DateValue, Operator, Quantity, fmt
from .options import round_score
from .report import _reason, shown_grade

__all__ = [
    "COMPLETION_HEADERS",
    "TO_FILL",
    "Section",
    "Table",
    "completion_actuals",
    "read_completion_table",
    "report_sections",
    "to_report",
]

TO_FILL = "（由单位填写）"
COMPLETION_HEADERS = ("序号", "指标", "单位", "目标数", "完成数", "完成年目标%", "分值", "得分")
FUNDS_HEADERS = ("年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分")


@attrs.frozen(slots=True, kw_only=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@attrs.frozen(slots=True, kw_only=True)
class Section:
    """One heading of the report: `level` 0 is the title, 1 一、…, 2 （一）/1、…, 3 （1）…;
    `to_fill` says what the agency writes there (empty when the library wrote it all)."""

    title: str
    level: int
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    to_fill: str = ""


def _fill(what: str) -> str:
    return f"（由单位填写：{what}）"


def _target_parts(indicator) -> tuple[str, str]:
    """(单位, 目标数) of an indicator: ≥80 and %, 114803 and 人次, 效果显著 and nothing."""
    target = indicator.target
    value = target.value
    op = "" if target.operator is Operator.EQ else target.operator.value
    if isinstance(value, Quantity):
        unit = value.unit.name if value.unit else ""
        return unit, f"{op}{fmt(value.amount)}"
    if isinstance(value, DateValue):
        return "", f"{op}{value.display}"
    return "", value.display


def _done(actual: str, unit: str) -> str:
    return actual[: -len(unit)] if unit and actual.endswith(unit) and actual != unit else actual


def _basic(evaluation) -> list[Section]:
    project = evaluation.project
    facts = [
        ("项目名称", project.name),
        ("实施单位", project.unit),
        ("主管部门", project.department),
        ("年度", project.year),
        ("年初预算数", project.budget_initial.display if project.budget_initial else ""),
        ("全年预算数", project.budget.display if project.budget else ""),
    ]
    lines = tuple(f"{label}：{value}" for label, value in facts if value)
    count = len(project.indicators)
    summary = (
        f"本项目设三级指标{count}个，按评分标准自评总分{evaluation.total}分，"
        f"评价等级为“{shown_grade(evaluation)}”。各指标完成情况见“四、项目绩效情况”。"
    )
    return [
        Section(title="一、项目基本情况", level=1),
        Section(
            title="（一）项目基本情况简介",
            level=2,
            paragraphs=lines,
            to_fill=_fill("项目基本性质、用途和主要内容、涉及范围等"),
        ),
        Section(
            title="（二）绩效目标设定及指标完成情况",
            level=2,
            paragraphs=(summary,),
            to_fill=_fill("绩效目标设定情况"),
        ),
    ]


def _funds(evaluation) -> Section:
    project, execution = evaluation.project, evaluation.execution
    initial = project.budget_initial.display if project.budget_initial else ""
    if execution is None:
        row = (initial, project.budget.display if project.budget else "", "", "", "", "")
        paragraphs = ("未提供全年执行数，预算执行率未评分。",)
    else:
        rate = f"{fmt(round_score(execution.rate * 100))}%"
        row = (
            initial,
            execution.budget.display,
            execution.executed.display,
            rate,
            fmt(execution.weight),
            str(execution.score),
        )
        paragraphs = (execution.explanation, *(f"提醒：{w}" for w in execution.warnings))
    return Section(
        title="二、项目资金使用及管理情况",
        level=1,
        paragraphs=paragraphs,
        table=Table(headers=FUNDS_HEADERS, rows=(row,)),
        to_fill=_fill("资金到位、使用及管理情况，财务管理制度执行情况"),
    )


def _completion_table(evaluation) -> Table:
    rows = []
    for number, row in enumerate(evaluation.rows, start=1):
        indicator = row.indicator
        unit, target = _target_parts(indicator)
        rows.append(
            (
                str(number),
                indicator.name,
                unit,
                target,
                _done(row.actual, unit),
                row.completion,
                fmt(indicator.weight),
                "" if row.score is None else str(row.score),
            )
        )
    return Table(headers=COMPLETION_HEADERS, rows=tuple(rows))


def _deviations(evaluation) -> tuple[str, ...]:
    lines = []
    for row in evaluation.rows:
        reason = _reason(row)
        if row.score is not None and row.score >= row.indicator.weight and not reason:
            continue
        score = (
            "未评分"
            if row.score is None
            else f"得{row.score}分（分值{fmt(row.indicator.weight)}分）"
        )
        lines.append(f"{row.indicator.name}：{score}。偏差原因：{reason}")
    return tuple(lines) or ("各指标均得满分，无偏差。",)


def _performance(evaluation) -> list[Section]:
    subtotals = "；".join(f"{level}{score}分" for level, score in evaluation.subtotals.items())
    totals = (
        f"小计：{subtotals}。" if subtotals else "",
        f"总分：{evaluation.total}分，评价等级：{shown_grade(evaluation)}。",
    )
    return [
        Section(title="四、项目绩效情况", level=1),
        Section(title="1、项目经济性分析", level=2, to_fill=_fill("成本控制、节约情况")),
        Section(title="2、项目效率性分析", level=2, to_fill=_fill("实施进度、完成质量")),
        Section(title="3、项目效益性分析", level=2),
        Section(
            title="（1）项目预期目标完成程度",
            level=3,
            paragraphs=tuple(t for t in totals if t),
            table=_completion_table(evaluation),
        ),
        Section(
            title="（2）偏差原因分析",
            level=3,
            paragraphs=_deviations(evaluation),
            to_fill=_fill("偏差的具体原因和改进措施"),
        ),
        Section(title="（3）社会效益", level=3, to_fill=_fill("社会效益")),
        Section(title="4、生态环境效益分析", level=2, to_fill=_fill("生态环境效益")),
        Section(title="5、可持续性影响", level=2, to_fill=_fill("可持续影响")),
    ]


def report_sections(evaluation) -> list[Section]:
    """The 自评报告 as data, in the 附件4-2 order; the first section (level 0) is the title."""
    project = evaluation.project
    year = f"{project.year}年度" if project.year else ""
    title = f"{project.unit}{year}{project.name}支出绩效报告（自评）"
    return [
        Section(title=title, level=0),
        *_basic(evaluation),
        _funds(evaluation),
        Section(
            title="三、项目组织实施情况", level=1, to_fill=_fill("组织管理、实施过程和制度保障")
        ),
        *_performance(evaluation),
        Section(title="五、存在的问题", level=1, to_fill=_fill("存在的问题")),
        Section(title="六、其他需要说明的问题", level=1, to_fill=_fill("其他需要说明的问题")),
    ]


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_report(evaluation) -> str:
    """The 自评报告 as Markdown (`score --format report`)."""
    lines: list[str] = []
    for section in report_sections(evaluation):
        lines += ["#" * (section.level + 1) + " " + section.title, ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        if section.table is not None:
            table = section.table
            lines.append("| " + " | ".join(table.headers) + " |")
            lines.append("|" + "---|" * len(table.headers))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
            lines.append("")
        if section.to_fill:
            lines += [section.to_fill, ""]
    return "\n".join(lines).rstrip() + "\n"


# --- reading a report's completion table back ---------------------------------------------------

_NAME_HEADERS = ("指标", "项目", "指标名称", "三级指标")
_DONE_HEADERS = ("累计完成数", "完成数", "全年完成数", "实际完成数", "实际完成值")
_UNIT_HEADERS = ("单位", "计量单位", "度量单位")


def _bare(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text or "")


def _markdown_rows(text: str) -> list[tuple[int, list[str]]]:
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("|") and not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", stripped):
            cells = re.split(r"(?<!\\)\|", stripped.strip("|"))
            rows.append((number, [c.strip().replace("\\|", "|") for c in cells]))
    return rows


class _HtmlRows(HTMLParser):
    """The rows of every <table> of an HTML page (this module's HTML report), cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "tr":
            self.rows.append((self.getpos()[0], []))
        elif tag in ("td", "th") and self.rows:
            self.cell = []

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1][1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _html_rows(text: str) -> list[tuple[int, list[str]]]:
    if "<table" not in text:
        return []
    parser = _HtmlRows()
    parser.feed(text)
    parser.close()
    return parser.rows


def _table_rows(text: str) -> list[tuple[int, list[str]]]:
    """A report's table rows (line, cells): Markdown, HTML, or seed 004's tab-led export."""
    return _markdown_rows(text) or _html_rows(text) or _export_rows(text)


def _export_rows(text: str) -> list[tuple[int, list[str]]]:
    """Seed 004's export: each cell on a line led by a tab, rows between empty lines; a short
    line without a tab continues the cell above (上月末 / 完成数)."""
    rows: list[tuple[int, list[str]]] = []
    cells: list[str] = []
    first = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line or (not line.startswith("\t") and len(line.strip()) > 10):
            if cells:
                rows.append((first, cells))
            cells = []
            continue
        if line.startswith("\t"):
            first = first if cells else number
            cells.append(line[1:].strip(" \t\u3000"))
        elif cells:
            cells[-1] += line.strip()
    if cells:
        rows.append((first, cells))
    return rows


def _header(rows) -> tuple[int, dict[str, int]] | None:
    for index, (_, cells) in enumerate(rows):
        bare = [_bare(c) for c in cells]
        name = next((i for i, c in enumerate(bare) if c in _NAME_HEADERS), None)
        done = next((bare.index(h) for h in _DONE_HEADERS if h in bare), None)
        if name is not None and done is not None:
            unit = next((i for i, c in enumerate(bare) if c in _UNIT_HEADERS), None)
            return index, {"name": name, "done": done, "unit": unit, "width": len(cells)}
    return None


def read_completion_table(text: str, source: str = "<text>") -> list[tuple[str, str, str]]:
    """The rows (指标, 完成数 with its unit, where) of a report's completion table."""
    rows = _table_rows(text)
    found = _header(rows)
    if found is None:
        raise IndicatorRulesError(
            f"{source}：找不到项目预期目标完成程度表（表头应含“指标”或“项目”，以及“完成数”）"
        )
    index, columns = found
    out = []
    for line, cells in rows[index + 1 :]:
        if len(cells) != columns["width"]:
            if out:
                break  # the table ended
            continue
        name, done = cells[columns["name"]].strip(), cells[columns["done"]].strip()
        if not name or _bare(name) in ("甲栏", "合计") or not done:
            continue
        unit = cells[columns["unit"]].strip() if columns["unit"] is not None else ""
        if unit and re.fullmatch(r"-?[\d,.]+", done):
            done = done.replace(",", "") + unit
        out.append((name, done, f"{source}:{line}"))
    if not out:
        raise IndicatorRulesError(f"{source}：项目预期目标完成程度表中没有可读取的指标行")
    return out


def _executed(text: str) -> str | None:
    """全年执行数 from the funds table of a report (the row under its header)."""
    rows = _table_rows(text)
    for index, (_, cells) in enumerate(rows[:-1]):
        if "全年执行数" in cells:
            below = rows[index + 1][1]
            column = cells.index("全年执行数")
            return below[column] or None if column < len(below) else None
    return None


def completion_actuals(text: str, source: str = "<text>") -> str:
    """A report's completion table as actuals CSV (指标名称,实际完成值), ready for `score`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("指标名称", "实际完成值"))
    for name, done, _ in read_completion_table(text, source):
        writer.writerow((name, done))
    executed = _executed(text)
    if executed:
        writer.writerow(("全年执行数", executed))
    return buffer.getvalue()


def looks_like_report(text: str) -> bool:
    """Whether a text holds a completion table (目标数 and 完成数) rather than a goal table."""
    bare = _bare(text)
    return "完成数" in bare and "目标数" in bare
