"""Convert exported 绩效目标表 text (the seed documents) into rule files.

Two export layouts occur:
- the 项目绩效目标表 export (seeds 000, 002, 003): one cell per line, each line led by a tab,
  rows separated by blank lines or begun by a line led by " \\t", 空 for an empty cell;
  an indicator row holds 名称 · 指标性质 · 指标值 · 度量单位 · 定量/定性 · 评分标准 · 指标解释 · 设定依据;
- the 部门项目支出预算绩效目标申报表 grid (seed 001): tab-separated columns 一级 · 二级 · 三级 · 指标值,
  several projects in one file.

A table saved from Excel as CSV or tab-separated text (one row a line, a header row naming
三级指标 and 指标值) is read as a workbook's sheet is, by goaltable.py, in either layout.

A row that cannot be read as an indicator is reported with its line number and kept, cell by
cell, as comment lines of the output: nothing in the source is lost. Where the source gives no
分值, the converter takes the full score of the row's 评分标准; failing that it splits the
template weight of the 一级 block (产出 50, 效益 30, 满意度 10) evenly, and says so in a comment.
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from .errors import IndicatorRulesError
from .evaluation import LEVEL_WEIGHTS
from .model import fmt
from .project import LEVEL1_NAMES, _level1_name
from .rules import parse_rule

__all__ = ["ConvertedProject", "convert_text"]

_LEVEL2_WORDS = (
    "数量",
    "质量",
    "时效",
    "成本",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续影响",
    "服务对象满意度",
    "满意度",
    "进度",
)
_OPERATORS = {"=", "＝", "≥", ">=", "≤", "<=", ">", "<", "﹦"}
_KINDS = ("定量指标", "定性指标", "定量", "定性")


@attrs.frozen(slots=True, kw_only=True)
class ConvertedProject:
    """One project read from an export: the rule-file text and what could not be converted."""

    name: str
    text: str
    problems: tuple[str, ...] = ()


@attrs.define
class _Row:
    cells: list[tuple[int, str]]  # (line number, text)

    def meaningful(self):
        return [(n, c) for n, c in self.cells if c and c != "空"]


def _is_level1(cell: str) -> bool:
    return _level1_name(cell) in LEVEL1_NAMES and len(cell) <= 6


def _unbracketed(cell: str) -> str:
    """`cell` less its bracketed parts (up to the first closing bracket after an opening), in
    linear time: only the text up to the last closing bracket can hold one (an opening with no
    closing after it, tried from each opening, was quadratic)."""
    last = max(cell.rfind(")"), cell.rfind("）"))
    if last < 0:
        return cell
    return re.sub(r"[（(].*?[）)]", "", cell[: last + 1]) + cell[last + 1 :]


def _is_level2(cell: str) -> bool:
    bare = _unbracketed(cell).replace(" ", "")
    return (
        len(bare) <= 10
        and any(bare.startswith(w) for w in _LEVEL2_WORDS)
        and (
            bare.endswith("指标")
            or bare in _LEVEL2_WORDS
            or bare.endswith("效益")
            or bare.endswith("满意度")
        )
    )


def _level2_name(cell: str) -> str:
    return _unbracketed(cell).replace(" ", "")


def _header_value(lines: list[str], label: str) -> str:
    for i, line in enumerate(lines):
        if line.strip() == label:
            for following in lines[i + 1 : i + 4]:
                if following.strip():
                    return following.strip()
    return ""


def _budget(text: str) -> str:
    match = re.search(r"预算金额为\s*([\d,]+(?:\.\d+)?)\s*(万?元)", text)
    return f"{match.group(1).replace(',', '')}{match.group(2)}" if match else ""


class _Writer:
    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[str] = []
        self.problems: list[str] = []
        self.level1 = self.level2 = None
        self.pending: list[tuple[str, dict]] = []  # (level key, fields) in order

    def header(self, **fields) -> None:
        names = {
            "name": "项目名称",
            "unit": "实施单位",
            "department": "主管部门",
            "year": "年度",
            "budget_initial": "年初预算数",
            "budget": "全年预算数",
            "execution_weight": "执行率分值",
        }
        for key, label in names.items():
            if fields.get(key):
                self.lines.append(f"{label}：{fields[key]}")
        self.lines.append("")

    def set_level1(self, name: str) -> None:
        self.level1 = _level1_name(name)
        self.pending.append(("一级", {"name": self.level1}))

    def set_level2(self, name: str) -> None:
        self.level2 = name
        self.pending.append(("二级", {"name": name}))

    def indicator(self, fields: dict) -> None:
        self.pending.append(("三级", dict(fields, level1=self.level1)))

    def damaged(self, row: _Row, why: str, *, where: str | None = None) -> None:
        """A row that is not converted: reported at `where` (a workbook's sheet!cell) or at its
        first line, and kept cell by cell as comments."""
        first = row.cells[0][0]
        shown = " | ".join(c for _, c in row.meaningful())
        place = where or f"第{first}行"
        self.problems.append(f"{self.source}:{where or first}: {why}：{shown}")
        self.pending.append(
            ("damaged", {"place": place, "why": why, "cells": [c for _, c in row.meaningful()]})
        )

    def render(self) -> str:
        self._assign_weights()
        out = list(self.lines)
        for kind, fields in self.pending:
            if kind == "一级":
                out += ["", f"一级：{fields['name']}"]
            elif kind == "二级":
                out.append(f"二级：{fields['name']}")
            elif kind == "damaged":
                out.append(f"# {fields['place']}无法转换（{fields['why']}），原文各栏如下：")
                out += [f"#   {cell}" for cell in fields["cells"]]
            else:
                out += self._indicator_lines(fields)
        return "\n".join(out).rstrip() + "\n"

    def _indicator_lines(self, f: dict) -> list[str]:
        lines = [f"三级：{f['name']}"]
        if f.get("weight_note"):
            lines.insert(0, f"# {f['weight_note']}")
        for key, label in (
            ("operator", "指标性质"),
            ("target", "指标值"),
            ("unit", "度量单位"),
            ("kind", "定量定性"),
            ("weight", "分值"),
            ("rule", "评分标准"),
            ("note", "评分说明"),
            ("explanation", "指标解释"),
            ("basis", "设定依据"),
        ):
            if f.get(key):
                lines.append(f"  {label}：{f[key]}")
        return lines

    def _assign_weights(self) -> None:
        unweighted: dict[str, list[dict]] = {}
        for kind, fields in self.pending:
            if kind != "三级" or fields.get("weight"):
                continue
            unweighted.setdefault(fields.get("level1") or "", []).append(fields)
        for level, rows in unweighted.items():
            share = LEVEL_WEIGHTS.get(level)
            if share is None:
                for fields in rows:
                    fields["weight"] = "10"
                    fields["weight_note"] = "原表未给出分值，暂按10分，请核对"
                continue
            each = (share / len(rows)).quantize(Decimal("0.01"))
            last = share - each * (len(rows) - 1)  # the rounding remainder, so the block adds up
            for number, fields in enumerate(rows, start=1):
                fields["weight"] = fmt(last if number == len(rows) else each)
                fields["weight_note"] = (
                    f"原表未给出分值：按{level}模板分值{fmt(share)}分平均分配，请核对"
                )


def _rule_or_note(text: str) -> tuple[str, str]:
    """The 评分标准 column: a rule when it reads as one, else kept as 评分说明."""
    if not text:
        return "", ""
    try:
        parse_rule(text)
        return text, ""
    except IndicatorRulesError:
        return "", text


def _full_points(rule: str) -> str:
    if not rule:
        return ""
    points = parse_rule(rule).full_points
    return fmt(points) if points is not None else ""


def _take_levels(row: _Row, writer: _Writer) -> list[tuple[int, str]]:
    """Consume the 一级/二级 cells that lead a row; return the cells left.

    The column decides: a name in the first column is 一级, in the second 二级 — so 成本指标
    under 产出 (the older layout) stays 二级, and a 101号 成本指标 in the first column is 一级.
    """
    indexed = [(i, n, c) for i, (n, c) in enumerate(row.cells) if c and c != "空"]
    while indexed:
        index, _, cell = indexed[0]
        if index == 0 and _is_level1(cell):
            writer.set_level1(cell)
        elif index <= 1 and _is_level2(cell):
            writer.set_level2(_level2_name(cell))
        else:
            break
        indexed.pop(0)
    return [(n, c) for _, n, c in indexed]


def _table_start(lines: list[str], source: str) -> int:
    """The index of the line before the table: the first tab-led 项目目标 or 一级 line."""
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if line.startswith(("\t", " \t"))
            and (line.strip() in ("项目绩效目标表", "项目目标") or _is_level1(line.strip()))
        ),
        None,
    )
    if start is None:
        raise IndicatorRulesError(
            f"{source}：找不到绩效目标表（以制表符开头的“项目目标”或“产出指标”行）",
            hint="该文件不是绩效目标表的导出文本",
        )
    return start - 1


def _write_cells_header(writer: _Writer, lines: list[str], text: str) -> None:
    """项目名称, 单位名称, the year and 预算金额 from the text above the table."""
    year = re.search(r"(20\d\d)年", text)
    budget = _budget(text)
    writer.header(
        name=_header_value(lines, "项目名称"),
        unit=re.search(r"单位名称：(\S+)", text).group(1) if "单位名称：" in text else "",
        year=year.group(1) if year else "",
        budget_initial=budget,
        budget=budget,
    )


def _cell_rows(lines: list[str], start: int) -> list[_Row]:
    """The table's rows: tab-led cells, a row ended by a blank line or begun by a " \t" line."""
    rows: list[_Row] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not line.strip("\r"):
            if current:
                rows.append(_Row(current))
            current = []
            continue
        if not line.startswith(("\t", " \t")):
            continue
        if line.startswith(" \t") and current:
            rows.append(_Row(current))
            current = []
        current.append((number, line.strip(" \t\r")))
    if current:
        rows.append(_Row(current))
    return rows


def _is_title_row(row: _Row) -> bool:
    """The table's title or the project's overall goal (总体目标, 预算年度目标): no indicator."""
    return any(
        ("目标" in c and ("总体" in c or "预算年度" in c)) or c in ("项目目标", "项目绩效目标表")
        for _, c in row.meaningful()[:2]
    )


def _write_cell_row(row: _Row, writer: _Writer) -> None:
    """One row: its leading 一级/二级 cells, then an indicator — or a damaged row, kept."""
    cells = _take_levels(row, writer)
    if not cells:
        return
    values = [c for _, c in cells]
    if (
        len(values) < 5
        or values[1] not in _OPERATORS
        or not any(values[4].startswith(k) for k in _KINDS)
    ):
        writer.damaged(_Row(cells), "不是完整的指标行（缺少名称、指标性质或指标值）")
        return
    name, operator, target, unit, kind, *rest = values
    rule, note = _rule_or_note(rest[0] if rest else "")
    writer.indicator(
        {
            "name": name,
            "operator": operator,
            "target": target,
            "unit": unit if unit != "空" else "",
            "kind": kind,
            "weight": _full_points(rule),
            "rule": rule,
            "note": note,
            "explanation": rest[1] if len(rest) > 1 else "",
            "basis": rest[2] if len(rest) > 2 else "",
        }
    )


def _convert_cells(text: str, source: str) -> list[ConvertedProject]:
    """The 项目绩效目标表 export: one cell per tab-led line."""
    lines = text.split("\n")
    start = _table_start(lines, source)
    writer = _Writer(source)
    _write_cells_header(writer, lines, text)
    for row in _cell_rows(lines, start):
        if not _is_title_row(row):
            _write_cell_row(row, writer)
    return [
        ConvertedProject(
            name=_header_value(lines, "项目名称"),
            text=writer.render(),
            problems=tuple(writer.problems),
        )
    ]


def _convert_grid(text: str, source: str) -> list[ConvertedProject]:
    projects = []
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if "部门项目支出预算绩效目标申报表" in line]
    for index, begin in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        block = lines[begin:end]
        writer = _Writer(source)
        fields = {}
        for line in block:
            cells = [c.strip() for c in line.split("\t")]
            meaningful = [c for c in cells if c]
            if meaningful[:1] == ["项目名称"] and len(meaningful) > 1:
                fields["name"] = meaningful[1]
            elif meaningful[:1] == ["主管部门及代码"] and len(meaningful) > 1:
                fields["unit"] = meaningful[-1]
            elif meaningful and meaningful[0].startswith("年度资金总额") and len(meaningful) > 1:
                fields["budget_initial"] = fields["budget"] = f"{meaningful[-1]}万元"
            year = re.search(r"[（(]\s*(20\d\d)\s*年", line)
            if year:
                fields["year"] = year.group(1)
        writer.header(**fields)
        for number, line in enumerate(block, start=begin + 1):
            cells = [c.strip() for c in line.split("\t")]
            meaningful = [c for c in cells if c]
            indicator = next((c for c in meaningful if re.match(r"指标\d+[:：]", c)), None)
            if indicator is None:
                continue
            for cell in meaningful[: meaningful.index(indicator)]:
                if _is_level1(cell):
                    writer.set_level1(cell)
                elif _is_level2(cell.replace(" ", "")):
                    writer.set_level2(_level2_name(cell))
            after = meaningful[meaningful.index(indicator) + 1 :]
            name = re.sub(r"^指标\d+[:：]\s*", "", indicator)
            if not after:
                writer.damaged(_Row([(number, c) for c in meaningful]), "缺少指标值")
                continue
            writer.indicator({"name": name, "target": after[0], "weight": ""})
        projects.append(
            ConvertedProject(
                name=fields.get("name", ""), text=writer.render(), problems=tuple(writer.problems)
            )
        )
    return projects


def convert_text(text: str, source: str = "<text>") -> list[ConvertedProject]:
    """Convert an exported goal table to rule-file text, one `ConvertedProject` per project."""
    from .goaltable import convert_delimited, looks_like_table

    if "部门项目支出预算绩效目标申报表" in text:
        return _convert_grid(text, source)
    if looks_like_table(text):  # a table saved as CSV or tab-separated text, one row a line
        return convert_delimited(text, source)
    return _convert_cells(text, source)
