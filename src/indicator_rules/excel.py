"""绩效目标表 workbooks (XLSX) ⇄ rule files, with the `[excel]` extra (openpyxl).

Two layouts are read, on every sheet or a chosen one:

- **columns** — 指标性质 · 指标值 · 度量单位 in separate columns (the 101号 template and its
  provincial variants);
- **single** — one 年度指标值 column that carries operator and unit (`≥90%`).

The header row is found by its names (三级指标 and a 指标值 column, anywhere in the first 30
rows), not by position; 一级 / 二级 headings may be merged cells or written once and left blank
below. Project facts (项目名称, 实施单位, 年度, 预算数 …) are read from the rows above the header,
as `名称 | 值` pairs or `名称：值` cells. Numbers are read by their cell format: 0.92 formatted
`0%` is 92%, `0"人"` appends 人. A row that cannot be read is reported as `sheet!cell` and kept,
cell by cell, as comment lines of the rule file (`convert.py` writes the text).

`export_xlsx(project)` writes a rule file back in either layout; importing it gives an equal
project.
"""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import re
from decimal import Decimal

from .convert import ConvertedProject, _Row, _rule_or_note, _Writer
from .errors import IndicatorRulesError, InputFileError
from .extras import require
from .model import Operator, Quantity, fmt
from .normalize import normalize
from .scoring import parse_weight
from .targets import parse_operator, parse_target

__all__ = ["LAYOUTS", "cell_text", "convert_workbook", "export_xlsx", "open_workbook"]

LAYOUTS = ("columns", "single")
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
_FACT_LABELS = {
    "name": "项目名称",
    "unit": "实施单位",
    "department": "主管部门",
    "year": "年度",
    "budget_initial": "年初预算数",
    "budget": "全年预算数",
    "execution_weight": "执行率分值",
}


def _openpyxl():
    return require("openpyxl", "excel", "读写 XLSX")


def open_workbook(source, name: str = "<bytes>", *, read_only: bool = False, limit=None):
    """An openpyxl workbook from bytes or a path (read through `reader.read_bytes`)."""
    from .reader import read_bytes

    openpyxl = _openpyxl()
    if not isinstance(source, bytes | bytearray):
        name = str(source)
        source = read_bytes(source, limit=limit)
    try:
        return openpyxl.load_workbook(io.BytesIO(source), read_only=read_only, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and its own errors
        raise InputFileError(
            f"不是可读取的 XLSX 工作簿（{type(error).__name__}）",
            source=name,
            hint="在 Excel 中另存为 .xlsx 后重试",
        ) from None


def _number_text(value: float | int) -> Decimal:
    """An Excel number as the Decimal it shows at full precision (15 significant digits)."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(format(value, ".15g"))


def cell_text(cell) -> str | None:
    """A cell's value as text, read by its number format: 0.92 in `0%` → '92%'."""
    value = cell.value
    if value is None:
        return None
    form = getattr(cell, "number_format", None) or "General"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime | dt.date):
        day = "" if "d" not in form.lower() and form != "General" else f"{value.day}日"
        return f"{value.year}年{value.month}月{day}"
    if isinstance(value, int | float):
        section = form.split(";")[0]
        bare = re.sub(r'"[^"]*"|\\.', "", section)
        if "%" in bare:
            return f"{fmt(_number_text(value) * 100)}%"
        suffix = re.search(r'"([^"]*)"\s*$', section)
        return fmt(_number_text(value)) + (suffix.group(1) if suffix else "")
    return str(value).strip()


def _label(text: str | None) -> str:
    """A header cell as a key: no spaces or line breaks, half-width, bracketed notes dropped."""
    if not text:
        return ""
    bare = normalize(str(text)).replace(" ", "").replace("\n", "").replace("\u3000", "")
    return bare.replace("*", "").replace("＊", "")


def _match(label: str, table: dict) -> str | None:
    if not label:
        return None
    stripped = re.sub(r"\(.*?\)$", "", label)
    for field, names in table.items():
        if label in names or stripped in names:
            return field
    return None


class _Sheet:
    """One worksheet as a grid of texts, merged ranges filled from their top-left cell."""

    def __init__(self, sheet) -> None:
        self.title = sheet.title
        self.rows = [[cell_text(c) for c in row] for row in sheet.iter_rows()]
        for merged in sheet.merged_cells.ranges:
            top = self.rows[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if r - 1 < len(self.rows) and c - 1 < len(self.rows[r - 1]):
                        self.rows[r - 1][c - 1] = top
        self.merged = {  # (row, column) from 0 of every merged cell but the top-left one
            (r - 1, c - 1)
            for merged in sheet.merged_cells.ranges
            for r in range(merged.min_row, merged.max_row + 1)
            for c in range(merged.min_col, merged.max_col + 1)
            if (r, c) != (merged.min_row, merged.min_col)
        }

    def where(self, row: int, column: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{self.title}!{get_column_letter(column + 1)}{row + 1}"

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


def _sheet_project(sheet: _Sheet, source: str) -> ConvertedProject | None:
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


def _indicator(writer: _Writer, sheet: _Sheet, index: int, columns: dict, get) -> None:
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


def convert_workbook(
    source, *, sheet: str | None = None, name: str = "<bytes>", limit=None
) -> list[ConvertedProject]:
    """Every sheet of a 绩效目标表 workbook (bytes or a path) with a header row → one
    `ConvertedProject` each; `sheet` picks one sheet by name."""
    label = name if isinstance(source, bytes | bytearray) else str(source)
    workbook = open_workbook(source, label, limit=limit)
    sheets = workbook.worksheets
    if sheet is not None:
        sheets = [s for s in sheets if s.title == sheet]
        if not sheets:
            raise IndicatorRulesError(
                f"{label}：没有名为“{sheet}”的工作表",
                hint=f"可用的工作表：{'、'.join(s.title for s in workbook.worksheets)}",
            )
    projects = [p for p in (_sheet_project(_Sheet(s), label) for s in sheets) if p is not None]
    if not projects:
        raise IndicatorRulesError(
            f"{label}：找不到绩效目标表（没有同时含“三级指标”和“指标值”的表头行）",
            hint="表头应有：一级指标、二级指标、三级指标、指标值（或年度指标值）、分值",
        )
    return projects


# --- export ------------------------------------------------------------------------------------

_EXPORT_COLUMNS = {
    "columns": (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "定量定性",
        "分值",
        "评分标准",
        "指标解释",
        "设定依据",
        "评分说明",
    ),
    "single": (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "定量定性",
        "分值",
        "评分标准",
        "指标解释",
        "设定依据",
        "评分说明",
    ),
}


def _target_cells(indicator, layout: str) -> list:
    """指标值 as cells: [operator, value, unit] for `columns`, [text] for `single`. Numbers are
    written as numbers; percentages as fractions formatted as percentages."""
    target = indicator.target
    if layout == "single":
        return [target.display]
    value = target.value
    operator = "" if target.operator is Operator.EQ else target.operator.value
    if not isinstance(value, Quantity):
        return [operator or "=", value.display, ""]
    unit = value.unit.name if value.unit else ""
    if value.is_percent:
        return [operator or "=", (value.amount / 100, _percent_format(value.amount)), unit]
    if value.text and not re.fullmatch(r"\d+(\.\d+)?", value.text):
        return [operator or "=", value.text, indicator_unit(indicator)]  # 31.7万: as written
    return [operator or "=", (value.amount, "General"), unit]


def indicator_unit(indicator) -> str:
    """The 度量单位 to write beside a target kept as written: its unit unless the text has it."""
    value = indicator.target.value
    unit = value.unit.name if value.unit else ""
    return "" if not unit or value.text.endswith(unit) else unit


def _percent_format(amount: Decimal) -> str:
    places = max(0, -amount.normalize().as_tuple().exponent)
    return "0%" if places == 0 else "0." + "0" * places + "%"


def _indicator_cells(indicator, layout: str) -> list:
    rule = indicator.rule
    if rule is not None:
        from .printer import canonical

        rule = rule.text or canonical(rule)
    tail = [
        indicator.kind or "",
        (indicator.weight, "General"),
        rule or "",
        indicator.explanation,
        indicator.basis,
        indicator.note,
    ]
    return [
        indicator.level1,
        indicator.level2,
        indicator.name,
        *_target_cells(indicator, layout),
        *tail,
    ]


def _facts_of(project) -> list[tuple[str, str]]:
    values = {
        "name": project.name,
        "unit": project.unit,
        "department": project.department,
        "year": project.year,
        "budget_initial": project.budget_initial.display if project.budget_initial else "",
        "budget": project.budget.display if project.budget else "",
        "execution_weight": fmt(project.execution_weight),
    }
    return [(_FACT_LABELS[k], v) for k, v in values.items() if v]


def _put(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, tuple):
        number, form = value
        cell.value = int(number) if number == number.to_integral_value() else float(number)
        cell.number_format = form
    else:
        cell.value = value if value != "" else None


def export_xlsx(project, path=None, *, layout: str = "columns") -> bytes:
    """A project as a 绩效目标表 workbook in `layout` (`columns` or `single`); 一级 and 二级
    headings merged over their rows. Returns the bytes; writes them to `path` when given."""
    if layout not in LAYOUTS:
        raise IndicatorRulesError(f"未知的表格样式“{layout}”，可用：{'、'.join(LAYOUTS)}")
    openpyxl = _openpyxl()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "绩效目标表"
    sheet.cell(row=1, column=1, value="项目绩效目标表")
    row = 2
    for label, value in _facts_of(project):
        sheet.cell(row=row, column=1, value=label)
        sheet.cell(row=row, column=2, value=value)
        row += 1
    headers = _EXPORT_COLUMNS[layout]
    for column, text in enumerate(headers, start=1):
        sheet.cell(row=row + 1, column=column, value=text)
    first = row + 2
    for offset, indicator in enumerate(project.indicators):
        for column, value in enumerate(_indicator_cells(indicator, layout), start=1):
            _put(sheet, first + offset, column, value)
    _merge_runs(sheet, first, len(project.indicators))
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        from .report import write_atomically

        write_atomically(path, lambda tmp: pathlib.Path(tmp).write_bytes(data))
    return data


def _merge_runs(sheet, first: int, count: int) -> None:
    """Merge each run of equal 一级 (column A) and, within it, 二级 (column B) headings."""
    for column in (1, 2):
        start = first
        for row in range(first + 1, first + count + 1):
            same = row < first + count and all(
                sheet.cell(row=row, column=c).value == sheet.cell(row=start, column=c).value
                for c in range(1, column + 1)
            )
            if not same:
                if row - 1 > start:
                    sheet.merge_cells(
                        start_row=start, start_column=column, end_row=row - 1, end_column=column
                    )
                start = row
