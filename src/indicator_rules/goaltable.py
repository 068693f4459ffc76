"""A 绩效目标表 as a grid of cell texts → a rule file: the reading shared by workbooks (excel.py,
one grid per worksheet, merged cells filled) and delimited text (a table saved from Excel as
CSV, or tab-separated, in any encoding the one reader tells).

Two layouts are read:

- **columns** — 指标性质 · 指标值 · 度量单位 in separate columns (the 101号 template and its
  provincial variants);
- **single** — one 年度指标值 column that carries operator and unit (`≥90%`).

The header row is found by its names (三级指标 and a 指标值 column, anywhere in the first 30
rows), not by position; 一级 / 二级 headings may be merged cells or written once and left blank
below. Project facts (项目名称, 实施单位, 年度, 预算数 …) are read from the rows above the header,
as `名称 | 值` pairs or `名称：值` cells. A row that cannot be read is reported at its cell
(`sheet!F8`, or `F8` in a CSV file) and kept, cell by cell, as comment lines of the rule file.

>>> table = "三级指标,指标性质,指标值,度量单位,分值\\n培训人数,≥,200,人,90\\n"
>>> [project] = convert_delimited(table, "goals.csv")
>>> print(project.text.split("\\n三级：")[1].strip())
培训人数
  指标性质：≥
  指标值：200
  度量单位：人
  分值：90
"""

from __future__ import annotations

import csv
import io
import re

import attrs

from .convert import ConvertedProject, _Row, _rule_or_note, _Writer
from .errors import IndicatorRulesError
from .normalize import normalize
from .scoring import parse_weight
from .targets import parse_operator, parse_target

__all__ = [
    "FACT_LABELS",
    "HEADER_HINT",
    "Grid",
    "convert_delimited",
    "grid_project",
    "looks_like_table",
]

_HEADER_SCAN = 30  # rows searched for the header row
_TOTALS = ("合计", "小计", "总计", "总分")

# Column names as they occur in templates → the rule-file field they fill.
_COLUMNS = {
    "level1": ("一级指标", "一级"),
    "level2": ("二级指标", "二级"),
    "name": ("三级指标", "三级", "指标名称"),
    "operator": ("指标性质", "运算符", "比较符"),
    "target": ("指标值", "年度指标值", "目标值", "年度目标值", "指标目标值", "年度指标"),
    "unit": ("度量单位", "计量单位", "单位"),
    "kind": ("定量定性", "定量/定性", "指标类型", "指标属性"),
    "weight": ("分值", "权重", "指标分值", "权重分值"),
    "rule": ("评分标准", "评分规则", "计分方法", "评分方法", "评（计）分标准", "评(计)分标准"),
    "explanation": ("指标解释", "指标说明"),
    "basis": ("设定依据", "指标值设定依据"),
    "note": ("评分说明", "备注"),
}
_FACTS = {
    "name": ("项目名称",),
    "unit": ("实施单位", "单位名称", "项目单位"),
    "department": ("主管部门", "主管部门及代码"),
    "year": ("年度", "预算年度"),
    "budget_initial": ("年初预算数", "年度资金总额", "预算金额"),
    "budget": ("全年预算数", "调整后预算数"),
    "execution_weight": ("执行率分值",),
}
FACT_LABELS = {
    "name": "项目名称",
    "unit": "实施单位",
    "department": "主管部门",
    "year": "年度",
    "budget_initial": "年初预算数",
    "budget": "全年预算数",
    "execution_weight": "执行率分值",
}
HEADER_HINT = "表头应有：一级指标、二级指标、三级指标、指标值（或年度指标值）、分值"


def _label(text: str | None) -> str:
    """A header cell as a key: no spaces or line breaks, half-width, bracketed notes dropped."""
    if not text:
        return ""
    bare = normalize(str(text)).replace(" ", "").replace("\n", "").replace("\u3000", "")
    return bare.replace("*", "").replace("＊", "")


def _match(label: str, table: dict) -> str | None:
    if not label:
        return None
    # only a label ending in a bracket has one to strip (tried from each opening otherwise:
    # quadratic on ((((…)
    stripped = re.sub(r"\(.*?\)$", "", label) if label.endswith(")") else label
    for field, names in table.items():
        if label in names or stripped in names:
            return field
    return None


def column_letter(number: int) -> str:
    """A spreadsheet column's letters: 1 → A, 27 → AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@attrs.frozen(slots=True, kw_only=True)
class Grid:
    """One table as rows of cell texts (None for an empty cell); `merged` holds the (row,
    column) from 0 of each merged cell but a range's top-left one (its text is copied in)."""

    title: str
    rows: list[list[str | None]]
    merged: frozenset[tuple[int, int]] = frozenset()

    def where(self, row: int, column: int) -> str:
        cell = f"{column_letter(column + 1)}{row + 1}"
        return f"{self.title}!{cell}" if self.title else cell

    def _fields(self, index: int) -> dict[str, int]:
        columns: dict[str, int] = {}
        for column, text in enumerate(self.rows[index]):
            if (index, column) in self.merged:  # only a merged range's own (top-left) cell
                continue
            field = _match(_label(text), _COLUMNS)
            if field and field not in columns:
                columns[field] = column
        return columns

    def header(self) -> tuple[int, dict[str, int]] | None:
        """The last header row's index and field → column, or None when the sheet has none.
        A header over two rows (绩效指标 above 一级 · 二级 · 三级) is read as one."""
        for index in range(min(_HEADER_SCAN, len(self.rows))):
            columns = self._fields(index)
            if "name" in columns and "target" in columns:
                return index, columns
            if index + 1 < len(self.rows):
                below = self._fields(index + 1)
                combined = {**columns, **below}
                if "name" in below and "target" in combined and len(below) > 1:
                    return index + 1, combined
        return None

    def facts(self, before: int) -> dict[str, str]:
        """Project facts above the header: `名称 | 值` pairs or `名称：值` cells."""
        facts: dict[str, str] = {}
        for row in self.rows[:before]:
            cells = [c for c in row if c]
            for i, text in enumerate(cells):
                label, colon, value, *_ = [*re.split(r"([:：])", text, maxsplit=1), "", ""]
                field = _match(_label(label), _FACTS)
                if field is None or field in facts:
                    continue
                if not colon and i + 1 < len(cells) and cells[i + 1] != text:
                    value = cells[i + 1]
                if value.strip():
                    facts[field] = _money_fact(field, label, value.strip())
        return facts


def _money_fact(field: str, label: str, value: str) -> str:
    """预算数 labels may carry the unit: 年度资金总额（万元） | 150 → 150万元."""
    if field in ("budget", "budget_initial") and re.fullmatch(r"[\d.,]+", value):
        unit = "万元" if "万元" in label else "元"
        return value.replace(",", "") + unit
    return value


def grid_project(sheet: Grid, source: str) -> ConvertedProject | None:
    found = sheet.header()
    if found is None:
        return None
    header_row, columns = found
    facts = sheet.facts(header_row)
    writer = _Writer(f"{source}")
    writer.header(**facts)
    level1 = level2 = None
    for index in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[index]

        def get(field, row=row):
            column = columns.get(field)
            return (row[column] or "").strip() if column is not None and column < len(row) else ""

        name = get("name")
        if any(_label(text) in _TOTALS for text in row[:3]):
            continue
        if get("level1") and get("level1") != level1:
            level1, level2 = get("level1"), None  # a new 一级 starts its own 二级 list
            writer.set_level1(level1)
        if get("level2") and get("level2") != level2:
            level2 = get("level2")
            writer.set_level2(level2)
        if not name:
            continue
        _indicator(writer, sheet, index, columns, get)
    return ConvertedProject(
        name=facts.get("name", sheet.title), text=writer.render(), problems=tuple(writer.problems)
    )


def _indicator(writer: _Writer, sheet: Grid, index: int, columns: dict, get) -> None:
    """One indicator row, checked field by field; a field that does not read marks the row
    damaged at its own cell."""
    operator, target, unit = get("operator"), get("target"), get("unit")
    if unit == "%" and target.endswith("%") and target != "%":
        target = target[:-1]  # 0.92 formatted 0% beside a 度量单位 % column
    checks = (
        ("operator", lambda: parse_operator(operator or None)),
        ("target", lambda: parse_target(target, operator=operator or None, unit=unit or None)),
        ("weight", lambda: get("weight") and parse_weight(get("weight"))),
    )
    for field, check in checks:
        try:
            check()
        except IndicatorRulesError as error:
            cells = [(index + 1, text or "") for text in sheet.rows[index]]
            writer.damaged(
                _Row(cells), error.message, where=sheet.where(index, columns.get(field, 0))
            )
            return
    rule, note = _rule_or_note(get("rule"))
    writer.indicator(
        {
            "name": get("name"),
            "operator": operator,
            "target": target,
            "unit": unit,
            "kind": get("kind"),
            "weight": get("weight") or _weight_of(rule),
            "rule": rule,
            "note": "；".join(t for t in (note, get("note")) if t),
            "explanation": get("explanation"),
            "basis": get("basis"),
        }
    )


def _weight_of(rule: str) -> str:
    from .convert import _full_points

    return _full_points(rule)


def looks_like_table(text: str) -> bool:
    """Whether delimited text has a 绩效目标表 header row (三级指标 and a 指标值 column)."""
    return _grid_of(text, "").header() is not None


def _grid_of(text: str, title: str) -> Grid:
    """Delimited text as a grid: tab-separated when the first rows hold more tabs than commas;
    quoted cells may hold commas and line breaks (分值\n（分）), as Excel writes them."""
    text = text.lstrip("\ufeff")
    sample = "\n".join(text.splitlines()[:_HEADER_SCAN])
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return Grid(title=title, rows=[[cell.strip() or None for cell in row] for row in reader])


def convert_delimited(text: str, source: str = "<text>") -> list[ConvertedProject]:
    """A 绩效目标表 saved as CSV or tab-separated text (either layout) → one `ConvertedProject`."""
    project = grid_project(_grid_of(text, ""), source)
    if project is None:
        raise IndicatorRulesError(
            f"{source}：找不到绩效目标表（没有同时含“三级指标”和“指标值”的表头行）",
            hint=HEADER_HINT,
        )
    return [project]
