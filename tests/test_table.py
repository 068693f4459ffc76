"""Project.evaluate_many: record r of a table scores as Project.evaluate of record r, on every
row kind (numbers, per-event, 定性, dates, rows without a target, named conditions, judgements)."""

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_rules import ActualValueError
from indicator_rules.project import load, loads

EXAMPLE = Path(__file__).parent.parent / "examples" / "chenggong-medical-insurance-2026"

GRADES = ["达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"]
money = st.decimals(0, 160000, places=2).map(float)
percent = st.decimals(0, 120, places=2).map(float)


def _cells(draw, name: str):
    """Cells of the bundled example's indicators, each as users would hold it."""
    if name == "医保宣传资料发放及时率":  # ≤30天 and per-event: a string and a count
        return {name: f"{draw(st.integers(0, 60))}天", f"{name}/事件次数": draw(st.integers(0, 12))}
    if name == "预算资金使用进度":  # a 定性 target in %: the % sign is needed
        return {name: f"{draw(percent)}%"}
    if name == "医保基金使用进一步规范":  # 定性: a grade, or a grade with its point
        grade = draw(st.sampled_from(GRADES))
        if draw(st.booleans()):
            return {name: {"grade": grade, "ratio": "75%"}} if grade == GRADES[0] else {name: grade}
        return {name: grade}
    if name == "呈贡区医疗保障人数":
        return {name: draw(st.integers(0, 130000))}
    return {name: draw(st.one_of(percent, percent.map(lambda v: f"{v}%")))}


def _table(records: list[dict]) -> dict:
    columns = {key: [record.get(key) for record in records] for key in records[0]}
    return columns


def _record(record: dict, project) -> dict:
    """The record as Project.evaluate's mapping: companion columns folded into the entry."""
    mapping = {}
    for indicator in project.indicators:
        value = record[indicator.name]
        events = record.get(f"{indicator.name}/事件次数")
        conditions = record.get(f"{indicator.name}/成立条件")
        judgement = record.get(f"{indicator.name}/评价得分")
        extra = {
            key: given
            for key, given in (
                ("事件次数", events),
                ("成立条件", conditions),
                ("评价得分", judgement),
            )
            if given is not None
        }
        mapping[indicator.name] = {"实际完成值": value, **extra} if extra else value
    mapping["全年执行数"] = record["全年执行数"]
    return mapping


def _assert_equal_row_by_row(project, records):
    """Each record's cents, 预算执行率, total and grade: evaluate_many as evaluate gives them."""
    many = project.evaluate_many(_table(records))
    for index, record in enumerate(records):
        single = project.evaluate(_record(record, project))
        for row in single.rows:
            assert int(many.indicators[row.indicator.name][index]) == row.score * 100, (
                row.indicator.name,
                record[row.indicator.name],
            )
        assert int(many.execution[index]) == single.execution.score * 100
        assert Decimal(int(many.totals[index])).scaleb(-2) == single.total
        assert many.grades[index] == single.grade


@st.composite
def example_records(draw):
    project = load(f"{EXAMPLE}.rules")
    count = draw(st.integers(1, 6))
    records = []
    for _ in range(count):
        record = {}
        for indicator in project.indicators:
            record.update(_cells(draw, indicator.name))
        record["全年执行数"] = draw(money)
        records.append(record)
    return records


class TestBundledExample:
    def test_the_example_as_filed(self):
        """The bundled actuals, as one record of a table: the 自评表's 93.95 and 优."""
        project = load(f"{EXAMPLE}.rules")
        evaluation = project.evaluate(f"{EXAMPLE}-actuals.csv")
        record = {row.indicator.name: row.actual for row in evaluation.rows}
        record["医保宣传资料发放及时率/事件次数"] = 0
        record["全年执行数"] = "145000元"
        many = project.evaluate_many(_table([record]))
        assert many.totals.tolist() == [int(evaluation.total * 100)] == [9395]
        assert many.grades.tolist() == [evaluation.grade] == ["优"]

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(records=example_records())
    def test_every_record_scores_as_evaluate(self, records):
        """Random records of the example (numbers, strings, events, grades): row by row equal."""
        _assert_equal_row_by_row(load(f"{EXAMPLE}.rules"), records)

    @settings(max_examples=10)
    @given(records=example_records())
    def test_pandas_frame_with_every_row_kind(self, records):
        """A DataFrame of mixed columns (objects, ints, floats) scores as the mapping does."""
        pd = pytest.importorskip("pandas")
        project = load(f"{EXAMPLE}.rules")
        table = _table(records)
        frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in table.items()})
        numbers = {k: v for k, v in table.items() if all(isinstance(c, float) for c in v)}
        for name, values in numbers.items():
            frame[name] = np.array(values)
        assert (
            project.evaluate_many(frame).totals.tolist()
            == project.evaluate_many(table).totals.tolist()
        )


# Generated projects: one indicator of each kind, drawn with its cells.
KINDS = [
    ("≥90%", None, lambda: percent),
    ("≥200人", "达标得满分{w}分，否则每少10%扣2分", lambda: st.integers(0, 260)),
    ("≥80%", "达80%得满分{w}分，否则每少10%扣2分", lambda: percent.map(lambda v: f"{v}%")),
    ("≤35", None, lambda: st.decimals(1, 80, places=2).map(float)),
    ("≥100万元", None, lambda: st.decimals(0, 130, places=1).map(float)),  # 95 is 95万元
    ("≥90%", "≥90%得{w}分；80%(含)-90%得{w2}分；80%以下不得分", lambda: percent),
    ("效果显著", None, lambda: st.sampled_from(GRADES)),
    (
        "2026年12月31日",
        "逾期每天扣1分",
        lambda: st.sampled_from(["2026年12月20日", "2027年1月5日"]),
    ),
    (
        "",
        "按要求将年度任务分解落实到项目区的,得{w}分;未完成的,不得分",
        lambda: st.sampled_from("是否"),
    ),
]


@st.composite
def projects(draw):
    kinds = draw(st.lists(st.sampled_from(range(len(KINDS) + 2)), min_size=1, max_size=6))
    lines = ["项目名称：生成", "全年预算数：100万元", "一级：产出指标", "二级：数量指标"]
    cells = {}
    for number, kind in enumerate(kinds):
        name, w = f"指标{number}", draw(st.sampled_from([5, 10, 20]))
        lines += [f"三级：{name}", f"  分值：{w}"]
        if kind == len(KINDS):  # per-event, with its count in a companion column
            lines += ["  指标值：≥90%", f"  评分标准：达标得满分{w}分，未及时处置每次扣1分"]
            cells[name] = (percent, {f"{name}/事件次数": st.integers(0, 25)})
            continue
        if kind == len(KINDS) + 1:  # a checklist of named conditions
            lines.append(f"  评分标准：召开工作会得{w - 2}分,有工作方案得1分,有应急预案得1分")
            cells[name] = (
                st.none(),
                {f"{name}/成立条件": st.sampled_from(["有工作方案", "召开工作会；有应急预案", ""])},
            )
            continue
        target, rule, cell = KINDS[kind]
        if target:
            lines.append(f"  指标值：{target}")
        if rule:
            lines.append(f"  评分标准：{rule.format(w=w, w2=w // 2)}")
        cells[name] = (cell(), {})
    project = loads("\n".join(lines) + "\n")
    records = []
    for _ in range(draw(st.integers(1, 4))):
        record = {}
        for name, (cell, extra) in cells.items():
            record[name] = draw(cell)
            record.update({column: draw(values) for column, values in extra.items()})
        record["全年执行数"] = draw(
            st.one_of(st.decimals(0, 120, places=2).map(float), st.just("95万元"))
        )
        records.append(record)
    return project, records


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=projects())
def test_generated_projects_score_as_evaluate(drawn):
    """Projects of every row kind the per-record path scores: evaluate_many row by row equal."""
    project, records = drawn
    for record in records:
        for column in list(record):
            if column.endswith("/成立条件") and record[column] == "":
                record[column] = None
    _assert_equal_row_by_row(project, records)


class TestRefusals:
    def test_a_bare_number_against_a_qualitative_target_names_the_record(self):
        """预算资金使用进度 is 定性 (按财政规定执行): 95 means nothing, 95% is read."""
        project = load(f"{EXAMPLE}.rules")
        record = {
            row.indicator.name: row.actual
            for row in project.evaluate(f"{EXAMPLE}-actuals.csv").rows
        }
        record["医保宣传资料发放及时率/事件次数"] = 0
        record["全年执行数"] = 145000
        table = _table([record, dict(record, 预算资金使用进度=95.0)])
        table["预算资金使用进度"] = np.array([95.0, 95.0])
        with pytest.raises(ActualValueError, match=r"第1条记录：预算资金使用进度：.*不是百分比"):
            project.evaluate_many(table)

    def test_a_strict_target_at_its_bound_is_refused_not_clamped(self):
        """<50 at 50 is neither met nor scored: refused, as for one record."""
        project = loads(
            "项目名称：x\n一级：产出\n二级：数量\n三级：差错\n  指标值：<50\n  分值：10\n"
        )
        with pytest.raises(ActualValueError, match="第2条记录：差错："):
            project.evaluate_many({"差错": np.array([40.0, 50.0])})

    def test_a_missing_event_count_names_the_record(self):
        project = load(f"{EXAMPLE}.rules")
        names = [indicator.name for indicator in project.indicators]
        table = {name: ["100%"] for name in names}
        table["呈贡区医疗保障人数"] = [114803]
        table["医保宣传资料发放及时率"] = ["25天"]
        table["医保基金使用进一步规范"] = ["达成年度指标"]
        with pytest.raises(
            ActualValueError, match=r"第1条记录：医保宣传资料发放及时率：.*事件次数"
        ):
            project.evaluate_many(table)

    def test_columns_of_different_lengths(self):
        project = loads("项目名称：x\n一级：产出\n二级：数量\n三级：甲\n  指标值：≥5\n  分值：10\n")
        with pytest.raises(ActualValueError, match="长度不同"):
            project.evaluate_many({"甲": [1, 2], "全年执行数": [1]})
