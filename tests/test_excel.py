"""绩效目标表 workbooks: both layouts in, merged headings, cell formats, sheet!cell reports,
export and re-import."""

import csv
import io
from pathlib import Path

import pytest

from indicator_rules.cli import main
from indicator_rules.convert import convert_text
from indicator_rules.errors import IndicatorRulesError
from indicator_rules.excel import cell_text, convert_workbook, export_xlsx
from indicator_rules.model import fmt
from indicator_rules.project import load, loads

openpyxl = pytest.importorskip("openpyxl")

EXAMPLES = Path(__file__).parent.parent / "examples"
RULES = EXAMPLES / "chenggong-medical-insurance-2026.rules"

# The table, once as a rule file: what both workbook layouts below must import as.
TABLE_RULES = """项目名称：职业技能培训项目
实施单位：某市人力资源和社会保障局
年度：2026
全年预算数：120万元

一级：产出指标
二级：数量指标
三级：培训人数
  指标性质：≥
  指标值：2000
  度量单位：人
  分值：20
  评分标准：达标得满分20分，否则按完成比例得分
三级：培训合格率
  指标性质：≥
  指标值：92
  度量单位：%
  分值：20
  评分标准：培训合格率达92%得满分20分，否则每少1%扣2分
二级：时效指标
三级：培训完成时间
  指标值：2026年11月
  分值：10
一级：效益指标
二级：社会效益
三级：就业率
  指标性质：≥
  指标值：75.5
  度量单位：%
  分值：30
一级：满意度指标
二级：服务对象满意度
三级：学员满意度
  指标性质：≥
  指标值：90
  度量单位：%
  分值：10
  评分标准：满意度达到90%以上得满分10分，否则每少5%扣2分
"""
ACTUALS = {
    "培训人数": "1800人",
    "培训合格率": "89.5%",
    "培训完成时间": "2026年10月",
    "就业率": "70%",
    "学员满意度": "86%",
    "全年执行数": "110万元",
}

# (一级, 二级, 三级, 指标性质, 指标值 cell, 指标值 format, 度量单位, 分值, 评分标准)
ROWS = [
    ("产出指标", "数量指标", "培训人数", "≥", 2000, '0"人"', "人", 20,
     "达标得满分20分，否则按完成比例得分"),
    ("产出指标", "数量指标", "培训合格率", "≥", 0.92, "0%", "%", 20,
     "培训合格率达92%得满分20分，否则每少1%扣2分"),
    ("产出指标", "时效指标", "培训完成时间", "", "2026年11月", "General", "", 10, ""),
    ("效益指标", "社会效益", "就业率", "≥", 0.755, "0.0%", "%", 30, ""),
    ("满意度指标", "服务对象满意度", "学员满意度", "≥", 0.9, "0%", "%", 10,
     "满意度达到90%以上得满分10分，否则每少5%扣2分"),
]  # fmt: skip


def _facts(sheet):
    """Title merged over the width, then facts as label | value and 名称：值 cells."""
    sheet.append(["项目支出绩效目标表"])
    sheet.merge_cells("A1:J1")
    sheet.append(["项目名称", "职业技能培训项目", None, "实施单位：某市人力资源和社会保障局"])
    sheet.append(["年度", 2026, None, "全年预算数（万元）", 120])
    sheet.append([])


def columns_layout(sheet):
    """Layout (a): 指标性质 · 指标值 · 度量单位 columns under a two-row header, an empty
    column B, and a 合计 row."""
    _facts(sheet)
    sheet.append(["绩效指标", None, None, None, None, "指标性质", "指标值", "度量单位", "分值\n（分）", "评（计）分标准"])  # fmt: skip
    sheet.merge_cells("A5:E5")
    sheet.append(["一级指标", None, "二级指标", "三级指标", "备 注"])
    first = sheet.max_row + 1
    for level1, level2, name, op, value, form, unit, weight, rule in ROWS:
        sheet.append([level1, None, level2, name, None, op, value, unit, weight, rule])
        sheet.cell(row=sheet.max_row, column=7).number_format = form
    sheet.append(["合计", None, None, None, None, None, None, None, 90])
    for column, key in (("A", 0), ("C", 1)):
        _merge_levels_one(sheet, first, column, key)


def _merge_levels_one(sheet, first, letter, key):
    start = 0
    for i in range(1, len(ROWS) + 1):
        if i == len(ROWS) or ROWS[i][: key + 1] != ROWS[start][: key + 1]:
            if i - 1 > start:
                sheet.merge_cells(f"{letter}{first + start}:{letter}{first + i - 1}")
            start = i


def single_layout(sheet):
    """Layout (b): one 年度指标值 column ("≥90%"); 一级/二级 written once, blank below."""
    _facts(sheet)
    sheet.append(["一级指标", "二级指标", "三级指标", "年度指标值", "分值", "评分标准"])
    previous = (None, None)
    for level1, level2, name, op, value, form, unit, weight, rule in ROWS:
        shown = cell_text(_Cell(value, form))
        if unit == "%":
            shown = shown if shown.endswith("%") else shown + "%"
        elif unit and not shown.endswith(unit):
            shown += unit
        sheet.append(
            [
                level1 if level1 != previous[0] else None,
                level2 if (level1, level2) != previous else None,
                name,
                f"{op}{shown}",
                weight,
                rule,
            ]
        )
        previous = (level1, level2)


class _Cell:
    def __init__(self, value, number_format):
        self.value, self.number_format = value, number_format


def _workbook(*builders, titles=("目标表",)):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for builder, title in zip(builders, titles, strict=True):
        builder(workbook.create_sheet(title))
    return workbook


def _bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _scored(project):
    evaluation = project.evaluate(ACTUALS)
    return evaluation.total, evaluation.grade, [row.score for row in evaluation.rows]


class TestCellText:
    """Cells are read by their number format."""

    @pytest.mark.parametrize(
        ("value", "form", "text"),
        [
            (0.92, "0%", "92%"),
            (0.755, "0.0%", "75.5%"),
            (2000, '0"人"', "2000人"),
            (114803.0, "General", "114803"),
            (0.1 + 0.2, "0.00", "0.3"),
            (" 效果显著 ", "General", "效果显著"),
        ],
    )
    def test_formats(self, value, form, text):
        """0.92 formatted 0% is 92%; a quoted unit is appended; floats at 15 digits."""
        assert cell_text(_Cell(value, form)) == text


class TestImport:
    """Both layouts import as the table written as a rule file, and score the same."""

    @pytest.mark.parametrize("builder", [columns_layout, single_layout])
    def test_layout_equals_rule_file(self, builder):
        """Merged or blank 一级/二级, header found by name, formats read: equal project."""
        [converted] = convert_workbook(_bytes(_workbook(builder)))
        assert converted.problems == ()
        expected = loads(TABLE_RULES)
        project = loads(converted.text)
        assert project == expected
        assert _scored(project) == _scored(expected)
        assert [i.level2 for i in project.indicators] == [i.level2 for i in expected.indicators]

    def test_every_sheet_or_one(self, tmp_path):
        """All sheets with a header row are projects; --sheet picks one; unknown names listed."""
        path = tmp_path / "goals.xlsx"
        workbook = _workbook(columns_layout, single_layout, titles=("省模板", "单列"))
        workbook.create_sheet("说明").append(["填表说明：…"])
        workbook.save(path)
        assert len(convert_workbook(path)) == 2
        [one] = convert_workbook(path, sheet="单列")
        assert loads(one.text) == loads(TABLE_RULES)
        with pytest.raises(IndicatorRulesError, match="省模板、单列、说明"):
            convert_workbook(path, sheet="其他")

    def test_unreadable_rows_are_reported_by_cell(self):
        """A row that does not read is reported as sheet!cell and kept as comments."""
        workbook = _workbook(columns_layout)
        sheet = workbook["目标表"]
        sheet["F8"] = "约等于"  # 指标性质 of 培训合格率
        sheet["I10"] = "十分左右"  # 分值 of 就业率
        [converted] = convert_workbook(_bytes(workbook), name="goals.xlsx")
        assert [p.split(": ")[0] for p in converted.problems] == [
            "goals.xlsx:目标表!F8",
            "goals.xlsx:目标表!I10",
        ]
        assert "# 目标表!F8无法转换" in converted.text and "#   约等于" in converted.text
        names = [i.name for i in loads(converted.text).indicators]
        assert names == ["培训人数", "培训完成时间", "学员满意度"]

    def test_no_table(self):
        """A workbook without a header row is a clear error."""
        workbook = openpyxl.Workbook()
        workbook.active.append(["随便", "什么"])
        with pytest.raises(IndicatorRulesError, match="找不到绩效目标表"):
            convert_workbook(_bytes(workbook))


def _saved_as_text(workbook, delimiter=","):
    """The sheet as Excel's 另存为 CSV / Unicode text writes it: each cell as shown, a merged
    range's text in its top-left cell only, quoted where it holds a comma or a line break."""
    sheet = workbook.active
    hidden = {
        (r, c)
        for merged in sheet.merged_cells.ranges
        for r in range(merged.min_row, merged.max_row + 1)
        for c in range(merged.min_col, merged.max_col + 1)
        if (r, c) != (merged.min_row, merged.min_col)
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in sheet.iter_rows():
        texts = [cell_text(c) if (c.row, c.column) not in hidden else None for c in row]
        writer.writerow(["" if t is None else t for t in texts])
    return buffer.getvalue()


class TestDelimitedTable:
    """A 绩效目标表 saved from Excel as CSV or Unicode text converts as the workbook does."""

    @pytest.mark.parametrize("builder", [columns_layout, single_layout])
    @pytest.mark.parametrize(
        ("suffix", "delimiter", "encoding"),
        [(".csv", ",", "gbk"), (".csv", ",", "utf-8-sig"), (".txt", "\t", "utf-16")],
    )
    def test_layout_equals_rule_file(self, tmp_path, capsys, builder, suffix, delimiter, encoding):
        """GBK CSV, UTF-8-BOM CSV and UTF-16 tab-separated text: the table's rule file."""
        path = tmp_path / f"goals{suffix}"
        text = _saved_as_text(_workbook(builder), delimiter)
        assert "\n（分）" in text or builder is single_layout  # a quoted two-line header cell
        path.write_bytes(text.encode(encoding))
        out = tmp_path / "goals.rules"
        assert main(["convert", str(path), "-o", str(out)]) == 0
        assert "提醒" not in capsys.readouterr().err
        assert load(out) == loads(TABLE_RULES)

    def test_unreadable_rows_are_reported_by_cell(self):
        """A row that does not read is reported at its cell, as a spreadsheet names it."""
        workbook = _workbook(columns_layout)
        workbook["目标表"]["F8"] = "约等于"
        [converted] = convert_text(_saved_as_text(workbook), "goals.csv")
        assert [p.split(": ")[0] for p in converted.problems] == ["goals.csv:F8"]
        assert len(loads(converted.text).indicators) == 4

    def test_not_a_table(self, tmp_path, capsys):
        """A CSV without the header row is a clear error, exit 2."""
        path = tmp_path / "x.csv"
        path.write_text("指标名称,实际完成值\n培训人数,180人\n", encoding="gbk")
        assert main(["convert", str(path)]) == 2
        assert "找不到绩效目标表" in capsys.readouterr().err


class TestRoundTrip:
    """A rule file exports to a workbook in either layout and re-imports equal."""

    @pytest.mark.parametrize("layout", ["columns", "single"])
    def test_bundled_example(self, layout):
        """The bundled example → XLSX → rule file: an equal project."""
        original = load(RULES)
        [converted] = convert_workbook(export_xlsx(original, layout=layout))
        assert loads(converted.text) == original

    def test_table_round_trip_and_merges(self):
        """The fixture table round-trips; 一级 headings come out merged."""
        original = loads(TABLE_RULES)
        data = export_xlsx(original)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert any(r.startswith("A") for r in merged)
        [converted] = convert_workbook(data)
        assert loads(converted.text) == original

    def test_command_line(self, tmp_path, capsys):
        """convert X.rules -o G.xlsx --layout single, then convert G.xlsx -o Y.rules."""
        goals, back = tmp_path / "goals.xlsx", tmp_path / "back.rules"
        assert main(["convert", str(RULES), "-o", str(goals), "--layout", "single"]) == 0
        assert main(["convert", str(goals), "-o", str(back)]) == 0
        assert load(back) == load(RULES)
        assert main(["convert", str(goals), "--sheet", "没有"]) == 2
        assert "没有名为" in capsys.readouterr().err


class TestRoundTripProperty:
    """Any table the rule-file language holds survives export → import, in both layouts."""

    @staticmethod
    def _rule_file(rows):
        lines = ["项目名称：性质检验", "全年预算数：100万元", ""]
        level1 = None  # each 一级 once: the rows grouped by it
        for number, (level, op, amount, unit, weight) in enumerate(
            sorted(rows, key=lambda r: r[0])
        ):
            if level != level1:
                lines += [f"一级：{level}", "二级：数量指标"]
                level1 = level
            lines += [f"三级：指标{number}", f"  指标值：{op}{amount}", f"  度量单位：{unit}"]
            lines.append(f"  分值：{weight}")
        return "\n".join(lines) + "\n"

    @staticmethod
    def _meaning(indicator):
        value = indicator.target.value
        amount = value.amount * value.unit.factor
        return (
            indicator.level1,
            indicator.level2,
            indicator.name,
            indicator.weight,
            indicator.target.operator,
            amount.normalize(),
            value.unit.dimension,
        )

    def test_round_trip(self):
        """Numbers (decimals, percentages, 15 significant digits), operators, units, weights."""
        from hypothesis import given, settings
        from hypothesis import strategies as st

        amounts = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False).map(
            lambda d: fmt(d.normalize()) if d else "0"
        )
        row = st.tuples(
            st.sampled_from(["产出指标", "效益指标", "满意度指标"]),
            st.sampled_from(["", "≥", "≤", "＞", "<"]),
            amounts,
            st.sampled_from(["%", "人", "人次", "万元", "元", "天", "个"]),
            st.decimals(min_value="0.5", max_value=30, places=1).map(lambda d: fmt(d)),
        )

        @settings(max_examples=40)
        @given(st.lists(row, min_size=1, max_size=6))
        def check(rows):
            original = loads(self._rule_file(rows))
            [converted] = convert_workbook(export_xlsx(original, layout="columns"))
            assert converted.problems == ()
            assert loads(converted.text) == original
            # one 指标值 cell writes the unit into the value: the same meaning, not the same text
            [converted] = convert_workbook(export_xlsx(original, layout="single"))
            assert converted.problems == ()
            meaning = self._meaning
            assert list(map(meaning, loads(converted.text).indicators)) == list(
                map(meaning, original.indicators)
            )

        check()
