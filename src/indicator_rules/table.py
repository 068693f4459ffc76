"""Many records of one project at once: `Project.evaluate_many(table)`.

`table` is a pandas DataFrame, a pyarrow Table or a mapping of columns: one column per 三级指标
(named as in the rule file) and, optionally, 全年执行数 (in the unit of the 全年预算数). A cell
holds what `Project.evaluate` takes for that indicator: a number (in the indicator's unit), a
string as written ("72%", "25天", "2026年11月", "达成年度指标"), a mapping such as
{"grade": …, "ratio": …}. Companion columns named “指标名称/事件次数”, “指标名称/成立条件” and
“指标名称/评价得分” carry a record's events, named conditions and the evaluator's score (an
empty cell, None or NaN: not given).

Record r of the result is `Project.evaluate` of record r: the same cents for each indicator, for
预算执行率, the total and the grade. A numeric column of a row the batch path vectorises is
scored by `batch.batch_cents`; every other column record by record, by the very function that
`Project.evaluate` scores a row with.

>>> from indicator_rules.project import loads
>>> project = loads('''
... 项目名称：示例
... 全年预算数：100元
... 一级：产出指标
... 二级：数量指标
... 三级：培训人数
...   指标值：≥200人
...   分值：45
... 三级：宣传及时
...   指标值：≤30天
...   分值：45
...   评分标准：达标得满分45分，未及时宣传每次扣5分
... ''')
>>> result = project.evaluate_many({
...     "培训人数": [180, 200], "宣传及时": ["28天", "29天"], "宣传及时/事件次数": [2, 0],
...     "全年执行数": [95, 100]})
>>> result.indicators["培训人数"].tolist(), result.indicators["宣传及时"].tolist()
([4050, 4500], [3500, 4500])
>>> result.totals.tolist(), result.grades.tolist()
([8500, 10000], ['良', '优'])
"""

from __future__ import annotations

import math

import attrs

from .actuals import CONDITION_COLUMNS, EVENT_COLUMNS, JUDGEMENT_COLUMNS, from_mapping
from .errors import ActualValueError, IndicatorRulesError
from .extras import require
from .options import in_context

__all__ = ["COMPANIONS", "TableResult", "evaluate_table"]

np = require("numpy", "dataframes", "批量评分")

# companion column “指标名称/键” → the key of the record's mapping form (actuals.from_mapping)
COMPANIONS = {"事件次数": EVENT_COLUMNS[0], "成立条件": CONDITION_COLUMNS[0]}
COMPANIONS["评价得分"] = JUDGEMENT_COLUMNS[0]


@attrs.frozen(slots=True)
class TableResult:
    """Scores of many records of one project: cents per indicator, totals and grades per record."""

    indicators: dict
    execution: np.ndarray | None
    totals: np.ndarray  # cents
    grades: np.ndarray

    def to_frame(self):
        """A pandas DataFrame: one column per indicator (scores), 预算执行率, 总分, 等级."""
        pd = require("pandas", "dataframes", "DataFrame 输出")

        data = {name: cents / 100 for name, cents in self.indicators.items()}
        if self.execution is not None:
            data["预算执行率"] = self.execution / 100
        data["总分"] = self.totals / 100
        data["等级"] = self.grades
        return pd.DataFrame(data)


@in_context
def evaluate_table(
    project, table, *, options=None, executed_column: str = "全年执行数"
) -> TableResult:
    """Score every record (row) of `table` (see the module's docstring)."""
    from .evaluation import GRADES

    columns = _columns(table)
    missing = [i.name for i in project.indicators if i.name not in columns]
    if missing:
        raise ActualValueError(f"表中缺少指标列：{'、'.join(missing)}")
    lengths = {len(column) for column in columns.values()}
    if len(lengths) > 1:
        raise ActualValueError(f"表中各列的长度不同：{'、'.join(map(str, sorted(lengths)))}")
    rows = lengths.pop() if lengths else 0
    indicators = {
        indicator.name: _indicator_cents(indicator, columns, options)
        for indicator in project.indicators
    }
    execution = None
    if executed_column in columns and project.budget is not None:
        execution = _execution_cents(project, columns[executed_column])
    totals = sum(indicators.values(), np.zeros(rows, dtype=np.int64))
    if execution is not None:
        totals = totals + execution
    conditions = [totals >= int(lower * 100) for lower, _ in GRADES]
    grades = np.select(conditions, [name for _, name in GRADES], default=GRADES[-1][1])
    return TableResult(indicators=indicators, execution=execution, totals=totals, grades=grades)


def _columns(table) -> dict:
    """{column: 1-d array} from a pandas DataFrame, a pyarrow Table, or a mapping of columns;
    a column of mixed numbers and strings stays as objects (each cell as given)."""
    if hasattr(table, "to_pydict") and hasattr(table, "column_names"):  # pyarrow.Table
        pairs = [(name, table.column(name).to_numpy()) for name in table.column_names]
    elif hasattr(table, "columns") and hasattr(table, "__getitem__"):  # pandas.DataFrame
        pairs = [(name, table[name].to_numpy()) for name in table.columns]
    else:
        pairs = list(dict(table).items())
    columns = {}
    for name, values in pairs:
        array = np.asarray(values)
        if array.dtype.kind in "USb" or array.ndim != 1:
            array = np.asarray(values, dtype=object).reshape(-1)
        columns[str(name)] = array
    return columns


def _indicator_cents(indicator, columns: dict, options) -> np.ndarray:
    from .batch import batch_cents
    from .scoring import compile_indicator

    name = indicator.name
    extra = {
        key: columns[f"{name}/{column}"]
        for column, key in COMPANIONS.items()
        if f"{name}/{column}" in columns
    }
    values = columns[name]
    if not extra and values.dtype.kind in "iuf":
        row = indicator.compiled
        if options is not None:  # as Project.evaluate: the row compiled again with them
            row = compile_indicator(
                target=indicator.target,
                weight=indicator.weight,
                rule=indicator.rule,
                options=options,
            )
        return batch_cents(row, values, f"第{{}}条记录：{name}：").cents
    return _record_cents(indicator, values.tolist(), extra, options)


def _given(cell) -> bool:
    return not (
        cell is None
        or (isinstance(cell, float) and math.isnan(cell))
        or (isinstance(cell, str) and not cell.strip())
    )


def _record_cents(indicator, values: list, extra: dict, options) -> np.ndarray:
    """Each record as `Project.evaluate` scores the row: its mapping form read by
    `actuals.from_mapping`, then `evaluation._score`."""
    from .evaluation import _score

    name = indicator.name
    extra = {key: column.tolist() for key, column in extra.items()}
    cents = np.empty(len(values), dtype=np.int64)
    for index, cell in enumerate(values):
        given = {key: column[index] for key, column in extra.items() if _given(column[index])}
        value = {"实际完成值": cell, **given} if given else cell
        try:
            entry = from_mapping({name: value}).entries[name]
            cents[index] = int(_score(indicator, entry, options).score.scaleb(2))
        except IndicatorRulesError as error:
            error.message = f"第{index + 1}条记录：{name}：{error.message}"
            raise
    return cents


def _execution_cents(project, column) -> np.ndarray:
    """预算执行率 of each record, as `Project.evaluate` scores 全年执行数: numbers below 10¹⁵ (whose
    str is plain digits) by the batch path, each other cell on its own."""
    from .actuals import Actuals
    from .batch import batch_cents
    from .evaluation import _execution
    from .scoring import compile_indicator

    numbers = column.dtype.kind in "iuf" and column.size and np.abs(column).max() < 1e15
    if numbers and project.budget.amount > 0:  # a budget of 0 is refused below
        row = compile_indicator(target=project.budget.display, weight=project.execution_weight)
        return batch_cents(row, column, "第{}条记录：全年执行数：").cents
    cents = np.empty(len(column), dtype=np.int64)
    for index, cell in enumerate(column.tolist()):
        executed = str(cell) if _given(cell) else None
        try:
            cents[index] = int(_execution(project, Actuals(executed=executed)).score.scaleb(2))
        except IndicatorRulesError as error:
            error.message = f"第{index + 1}条记录：全年执行数：{error.message}"
            raise
    return cents
