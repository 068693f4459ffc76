"""The self-evaluation (自评): a project and its actuals → per-indicator results, totals, grade.

The total is the sum of the rounded indicator scores plus the rounded 预算执行率 score, so the
table adds up as printed; the grade is read off that total.
"""

from __future__ import annotations

import difflib
from decimal import Decimal

import attrs

from .actual_values import parse_actual
from .actuals import Actuals, read_actuals
from .errors import ActualValueError, IndicatorRulesError, RuleFileError
from .fastpath import collection_paused
from .funds import funds_rate
from .model import Quantity, fmt
from .options import ScoringOptions, in_context, round_score
from .records import read_record
from .scoring import IndicatorResult, read_value, result_from, used_judgement
from .targets import parse_target

__all__ = ["GRADES", "Evaluation", "Execution", "RowResult", "evaluate", "grade_of"]

# Grade bands (lower bound inclusive), best first: 优 ≥ 90; 80 ≤ 良 < 90; 60 ≤ 中 < 80; 差 < 60.
GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))
# Template weights of the level-1 blocks (domain.md §2): used by lint to flag a different split.
LEVEL_WEIGHTS = {"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)}


def grade_of(total: Decimal, grades=GRADES) -> str:
    """The grade of a total, graded as displayed (rounded half-up to 2 decimals)."""
    shown = round_score(Decimal(total))
    for lower, name in grades:
        if shown >= lower:
            return name
    return grades[-1][1]


@attrs.frozen(slots=True, kw_only=True)
class Execution:
    """预算执行率: 全年执行数 / 全年预算数, worth `weight` points (10 by default)."""

    budget: Quantity
    executed: Quantity
    weight: Decimal
    rate: Decimal
    exact: Decimal
    score: Decimal
    warnings: tuple[str, ...] = ()

    @property
    def explanation(self) -> str:
        rate = fmt(round_score(self.rate * 100))
        head = f"执行率{rate}%（{self.executed.display}÷{self.budget.display}）"
        if self.rate >= 1:
            return f"{head}，得满分{fmt(self.weight)}分"
        return f"{head}，{fmt(self.weight)}×{rate}%，得{fmt(self.score)}分"


@attrs.define(slots=True)
class RowResult:
    """One indicator of the 自评表: the indicator, its actual as given, the result.

    Not frozen, for speed (one is made per indicator of every evaluation); treat as read-only.
    """

    indicator: object
    actual: str
    result: IndicatorResult | None
    agency_score: Decimal | None = None

    @property
    def score(self) -> Decimal | None:
        return None if self.result is None else self.result.score

    @property
    def completion(self) -> str:
        """完成率 B/A as a percentage, for quantitative rows; empty otherwise."""
        indicator = self.indicator
        value = indicator.target.value
        if self.result is None or not isinstance(value, Quantity) or value.amount == 0:
            return ""
        try:
            actual = parse_actual(self.actual, indicator.target)
            if not isinstance(actual, Quantity):
                return ""
            return f"{fmt(round_score(actual.in_unit_of(value) * 100 / value.amount))}%"
        except IndicatorRulesError:
            return ""

    @property
    def disagreement(self) -> str | None:
        """Why the agency's own score differs from the recomputed one, if it does."""
        if self.agency_score is None or self.result is None:
            return None
        if round_score(self.agency_score) == self.result.score:
            return None
        return f"单位自评{fmt(self.agency_score)}分，按评分标准应为{fmt(self.result.score)}分"


@attrs.frozen(slots=True, kw_only=True)
class Evaluation:
    """A scored 自评表."""

    project: object
    rows: tuple[RowResult, ...]
    execution: Execution | None
    subtotals: dict
    total: Decimal
    grade: str
    missing: tuple[str, ...] = ()

    @property
    def disagreements(self) -> tuple[RowResult, ...]:
        """Rows whose agency score differs from the recomputed one (review mode)."""
        return tuple(row for row in self.rows if row.disagreement)

    def to_json(self, **kwargs) -> str:
        from .report import to_json

        return to_json(self, **kwargs)


def _suggest(name: str, names) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.5)
    return f"是否要写“{close[0]}”？" if close else "请核对指标名称"


def _execution(project, actuals: Actuals) -> Execution:
    budget_text = actuals.budget
    budget = project.budget
    if budget_text is not None:
        budget = parse_target(budget_text).value
    if budget is None:
        raise ActualValueError(
            "缺少全年预算数，无法计算预算执行率",
            hint="在规则文件中写“全年预算数：…”，或在实际完成值中提供“全年预算数”",
        )
    if actuals.executed is None:
        raise ActualValueError(
            "缺少全年执行数，无法计算预算执行率", hint="在实际完成值中加一行“全年执行数”"
        )
    budget, executed, rate = funds_rate(budget, actuals.executed)
    weight = project.execution_weight
    exact = weight * min(Decimal(1), max(Decimal(0), rate))
    warnings = ("预算执行率低于90%，请说明原因",) if rate < Decimal("0.9") else ()
    return Execution(
        budget=budget,
        executed=executed,
        weight=weight,
        rate=rate,
        exact=exact,
        score=round_score(exact),
        warnings=warnings,
    )


@in_context
def evaluate(project, actuals, *, options=None, partial: bool = False, grades=GRADES) -> Evaluation:
    """Score every indicator of `project`; every problem of the actuals is reported at once.

    Unknown indicator names get a "did you mean"; missing ones are an error unless `partial`.
    """
    with collection_paused():
        return _evaluate(project, read_actuals(actuals), options, partial, grades)


def _evaluate(project, actuals: Actuals, options, partial: bool, grades) -> Evaluation:
    if options is not None:
        options = ScoringOptions.from_mapping(options)
    problems: list[IndicatorRulesError] = []
    names = {indicator.name for indicator in project.indicators}
    unknown = actuals.entries.keys() - names
    for name, entry in actuals.entries.items() if unknown else ():
        if name in unknown:
            problems.append(
                ActualValueError(
                    f"{entry.where or name}：未知的指标“{name}”", hint=_suggest(name, names)
                )
            )
    rows, missing = _rows(project, actuals.entries, options, problems)
    if missing and not partial:
        problems.append(
            ActualValueError(
                f"缺少{len(missing)}个指标的实际完成值：{'、'.join(missing)}",
                hint="补齐实际完成值，或以部分评分方式运行（partial=True / --partial）",
            )
        )
    execution = None
    try:
        execution = _execution(project, actuals)
    except IndicatorRulesError as error:
        if not (partial and actuals.executed is None):  # partial: missing, never unreadable
            problems.append(error)
    if problems:
        raise RuleFileError(problems, source=actuals.source)
    subtotals: dict[str, Decimal] = {}
    for row in rows:
        if row.result is not None:
            level = row.indicator.level1
            subtotals[level] = subtotals.get(level, Decimal(0)) + row.result.score
    total = sum(subtotals.values(), Decimal(0)) + (execution.score if execution else Decimal(0))
    return Evaluation(
        project=project,
        rows=tuple(rows),
        execution=execution,
        subtotals=subtotals,
        total=round_score(total),
        grade="" if missing or execution is None else grade_of(total, grades),
        missing=tuple(missing),
    )


def _rows(project, entries: dict, options, problems: list) -> tuple[list, list]:
    """Each indicator's `RowResult` (result None when its actual is missing), the names of the
    missing ones; a row that cannot be scored adds its error to `problems`."""
    rows, missing = [], []
    append = rows.append
    for indicator in project.indicators:
        entry = entries.get(indicator.name)
        if entry is None:
            missing.append(indicator.name)
            append(RowResult(indicator, "", None))
            continue
        actual = entry.actual
        try:
            if (
                options is None
                and entry.events is None
                and entry.conditions is None
                and entry.judgement is None
                and (actual.__class__ is not str or (actual and not actual.isspace()))
            ):  # _score's common case, inline: one call less per row
                result = indicator.compiled.result(actual)
            else:
                result = _score(indicator, entry, options)
        except IndicatorRulesError as error:
            error.message = f"{entry.where or indicator.name}：{indicator.name}：{error.message}"
            problems.append(error)
            continue
        shown = actual if actual.__class__ is str else _shown(actual)
        append(RowResult(indicator, shown, result, entry.agency_score))
    return rows, missing


def _shown(actual) -> str:
    if isinstance(actual, dict):
        grade = actual.get("grade", "")
        ratio = actual.get("ratio")
        return f"{grade}（{ratio}）" if ratio else str(grade)
    return str(actual)


def _score(indicator, entry, options) -> IndicatorResult:
    actual = entry.actual
    if options is None and (actual.__class__ is not str or (actual and not actual.isspace())):
        # the row's compiled path (fast for plain numbers); a blank text is read below
        events, conditions, judgement = entry.events, entry.conditions, entry.judgement
        if events is None and conditions is None and judgement is None:
            return indicator.compiled.result(actual)
        return indicator.compiled.result(
            actual, events=events, conditions=conditions, judgement=judgement
        )
    scorer = indicator.scorer
    if options is not None:
        from .compiler import compile_row

        scorer = compile_row(indicator.rule, indicator.target, indicator.weight, options)
    actual, events, facts = read_record(
        entry.actual,
        entry.events,
        entry.conditions,
        entry.judgement,
        indicator.weight,
        indicator.rule.items if indicator.rule is not None else (),
    )
    value = read_value(actual, indicator.target, indicator.rule, scorer, events)
    outcome = used_judgement(scorer(value, events, facts), facts)
    return result_from(outcome, indicator.weight, indicator.warnings)
