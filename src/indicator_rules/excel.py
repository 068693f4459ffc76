"""绩效目标表 workbooks (XLSX) ⇄ rule files, with the `[excel]` extra (openpyxl).

Every sheet, or a chosen one, is read as a grid of cell texts — numbers by their cell format
(0.92 formatted `0%` is 92%, `0"人"` appends 人), merged ranges filled from their top-left cell —
and goaltable.py reads the grid in either layout (指标性质 · 指标值 · 度量单位 columns, or one
年度指标值 column), the header row found by its names. A row that cannot be read is reported as
`sheet!cell` and kept, cell by cell, as comment lines of the rule file.

`export_xlsx(project)` writes a rule file back in either layout; importing it gives an equal
project.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from decimal import Decimal

from .convert import ConvertedProject
from .errors import IndicatorRulesError, InputFileError
from .extras import require
from .goaltable import FACT_LABELS, HEADER_HINT, Grid, grid_project
from .model import Operator, Quantity, fmt

__all__ = [
    "LAYOUTS",
    "cell_text",
    "convert_workbook",
    "export_xlsx",
    "open_workbook",
    "sheet_texts",
]

LAYOUTS = ("columns", "single")


def _openpyxl():
    return require("openpyxl", "excel", "读写 XLSX")


# An encrypted workbook (password to open) is an OLE compound file, as an old .xls is.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNPACKED = 512 * 1024**2  # bytes of a workbook's parts once unzipped (a zip bomb is refused)
MAX_CELLS = 2_000_000  # cells of one sheet read as actuals


def _unreadable(error: BaseException, name: str) -> InputFileError:
    return InputFileError(
        f"不是可读取的 XLSX 工作簿（{type(error).__name__}）",
        source=name,
        hint="在 Excel 中另存为 .xlsx 后重试",
    )


def _check_archive(data: bytes, name: str) -> None:
    """Refuse an encrypted or old-format workbook, a broken archive, and one that would unzip
    past `MAX_UNPACKED`, before openpyxl reads it."""
    if data.startswith(_OLE):
        raise InputFileError(
            "是加密的工作簿或旧版 .xls 文件，无法读取",
            source=name,
            hint="在 Excel 中取消“用密码进行加密”，另存为 .xlsx 后重试",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as error:  # BadZipFile, and what a damaged directory raises
        raise _unreadable(error, name) from None
    if unpacked > MAX_UNPACKED:
        raise InputFileError(
            f"解压后超过 {MAX_UNPACKED // 1024**2} MB，不像是绩效表格",
            source=name,
            hint="确认文件无误后删去无关的工作表",
        )


def open_workbook(source, name: str = "<bytes>", *, read_only: bool = False, limit=None):
    """An openpyxl workbook from bytes or a path (read through `reader.read_bytes`)."""
    from .reader import read_bytes

    openpyxl = _openpyxl()
    if not isinstance(source, bytes | bytearray):
        name = str(source)
        source = read_bytes(source, limit=limit)
    _check_archive(bytes(source), name)
    try:
        return openpyxl.load_workbook(io.BytesIO(source), read_only=read_only, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and its own errors
        raise _unreadable(error, name) from None


def sheet_texts(data: bytes, name: str) -> list[list[str | None]]:
    """The first sheet's cells as texts (`cell_text`), read-only: openpyxl then reads the
    sheet's XML while iterating, so every failure of the archive met there (a damaged
    stream, malformed XML, a missing part) is an `InputFileError` too."""
    workbook = open_workbook(data, name, read_only=True)
    try:
        if not workbook.worksheets:
            raise InputFileError("工作簿中没有工作表", source=name)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the cells present, not a declared A1:XFD1048576
        rows, cells = [], 0
        for row in sheet.iter_rows():
            cells += len(row)
            if cells > MAX_CELLS:
                raise InputFileError(f"工作表超过 {MAX_CELLS} 个单元格", source=name)
            rows.append([cell_text(cell) for cell in row])
    except IndicatorRulesError:
        raise
    except Exception as error:
        raise _unreadable(error, name) from None
    finally:
        workbook.close()
    return rows


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
    if isinstance(value, float) and not math.isfinite(value):
        raise InputFileError(f"单元格 {getattr(cell, 'coordinate', '')} 的数值“{value}”无法读取")
    if isinstance(value, int | float):
        section = form.split(";")[0]
        bare = re.sub(r'"[^"]*"|\\.', "", section)
        if "%" in bare:
            return f"{fmt(_number_text(value) * 100)}%"
        suffix = re.search(r'"([^"]*)"\s*$', section)
        return fmt(_number_text(value)) + (suffix.group(1) if suffix else "")
    return str(value).strip()


def _grid(sheet) -> Grid:
    """One worksheet as a grid of texts, merged ranges filled from their top-left cell."""
    rows = [[cell_text(c) for c in row] for row in sheet.iter_rows()]
    merged = set()
    for cells in sheet.merged_cells.ranges:
        top = rows[cells.min_row - 1][cells.min_col - 1]
        for r in range(cells.min_row, cells.max_row + 1):
            for c in range(cells.min_col, cells.max_col + 1):
                if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                    rows[r - 1][c - 1] = top
                if (r, c) != (cells.min_row, cells.min_col):
                    merged.add((r - 1, c - 1))
    return Grid(title=sheet.title, rows=rows, merged=frozenset(merged))


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
    projects = [p for p in (grid_project(_grid(s), label) for s in sheets) if p is not None]
    if not projects:
        raise IndicatorRulesError(
            f"{label}：找不到绩效目标表（没有同时含“三级指标”和“指标值”的表头行）",
            hint=HEADER_HINT,
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
    return [(FACT_LABELS[k], v) for k, v in values.items() if v]


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
        from .writer import write_bytes

        write_bytes(path, data)
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
