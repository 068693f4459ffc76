"""Rule files: a project's indicator table as text → `Project`, with every problem reported.

>>> project = loads('''
... 项目名称：示例
... 全年预算数：100万元
... 一级：产出指标
... 二级：数量指标
... 三级：培训人数
...   指标值：≥200人
...   分值：90
...   评分标准：达标得满分90分，否则按完成比例得分
... ''')
>>> project.indicators[0].name, project.indicators[0].weight
('培训人数', Decimal('90'))
>>> project.evaluate({"培训人数": "180人", "全年执行数": "100万元"}).total
Decimal('91.00')
"""

from __future__ import annotations

import difflib
import os
from decimal import Decimal

import attrs

from . import limits
from ._transport import Recompiled
from .compiler import Scorer, compile_row
from .errors import IndicatorRulesError, RuleFileError, TargetError
from .fastpath import collection_paused
from .model import NO_TARGET, Qualitative, Quantity, Rule, Target
from .normalize import normalize
from .options import DEFAULT_OPTIONS, ScoringOptions, in_context
from .reader import read_text
from .rulefile import Entry, read_entries
from .rules import parse_rule, parse_rule_overlapping
from .scoring import parse_weight, qualitative_rule_warning
from .targets import parse_operator, parse_target, parse_target_beside, with_year

__all__ = ["LEVEL1_NAMES", "Indicator", "Project", "load", "loads"]

LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标")

_HEADER_KEYS = {
    "项目名称": "name",
    "实施单位": "unit",
    "单位名称": "unit",
    "主管部门": "department",
    "年度": "year",
    "年初预算数": "budget_initial",
    "全年预算数": "budget",
    "执行率分值": "execution_weight",
}
_LEVEL_KEYS = {"一级": 1, "一级指标": 1, "二级": 2, "二级指标": 2, "三级": 3, "三级指标": 3}
_FIELD_KEYS = {
    "指标值": "target",
    "年度指标值": "target",
    "指标性质": "operator",
    "度量单位": "unit",
    "定量定性": "kind",
    "指标类型": "kind",
    "分值": "weight",
    "评分标准": "rule",
    "指标解释": "explanation",
    "设定依据": "basis",
    "评分说明": "note",
}
_ALL_KEYS = [*_HEADER_KEYS, *_LEVEL_KEYS, *_FIELD_KEYS]


@attrs.frozen(slots=True, kw_only=True)
class Indicator(Recompiled):
    """One 三级指标 row, compiled with `options`: `score(actual, events)` is ready to call. Pickled,
    it is sent without its scorer, compiled again where it is first used (_transport.py)."""

    level1: str
    level2: str
    name: str
    target: Target
    weight: Decimal
    rule: Rule | None = None
    kind: str | None = None
    explanation: str = ""
    basis: str = ""
    note: str = ""
    line: int = attrs.field(default=0, eq=False)
    scorer: Scorer = attrs.field(eq=False, repr=False)
    warnings: tuple[str, ...] = attrs.field(default=(), eq=False)
    options: ScoringOptions = attrs.field(default=DEFAULT_OPTIONS, eq=False, repr=False)
    _compiled: list = attrs.field(init=False, factory=list, eq=False, repr=False)

    _COMPILED = frozenset({"scorer", "_compiled"})  # rebuilt, never pickled

    def _recompile(self) -> dict:
        scorer = compile_row(self.rule, self.target, self.weight, self.options)
        return {"scorer": scorer, "_compiled": []}

    @property
    def compiled(self):
        """The row as a `CompiledIndicator` (its fast path is built on first use, not when the
        file is loaded)."""
        if not self._compiled:
            self._compiled.append(self._compile())
        return self._compiled[0]

    @in_context
    def _compile(self):
        from .fastpath import fast_row
        from .scoring import CompiledIndicator

        rule, target, weight, options = self.rule, self.target, self.weight, self.options
        fast = fast_row(rule, target, weight, options)
        return CompiledIndicator(target, weight, rule, self.scorer, self.warnings, fast, options)

    @property
    def qualitative(self) -> bool:
        return isinstance(self.target.value, Qualitative) or (self.kind or "").startswith("定性")


@attrs.frozen(slots=True, kw_only=True)
class Project:
    """A project's 绩效目标表: header facts and the indicators, in file order."""

    name: str
    unit: str = ""
    department: str = ""
    year: str = ""
    budget_initial: Quantity | None = None
    budget: Quantity | None = None
    execution_weight: Decimal = Decimal(10)
    indicators: tuple[Indicator, ...] = ()
    source: str = attrs.field(default="<text>", eq=False)
    findings: tuple = attrs.field(default=(), eq=False)

    def indicator(self, name: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.name == name:
                return indicator
        raise KeyError(name)

    @property
    def total_weight(self) -> Decimal:
        return sum((i.weight for i in self.indicators), Decimal(0))

    def evaluate(self, actuals, options=None, *, partial: bool = False):
        """Score every indicator from `actuals` (a mapping, an `Actuals`, or a file path)."""
        from .evaluation import evaluate

        return evaluate(self, actuals, options=options, partial=partial)

    def evaluate_many(self, table, options=None):
        """Score many records at once (NumPy): `table` is a pandas DataFrame, a pyarrow Table or
        a mapping with one column per indicator (and 全年执行数); record r scores as
        `evaluate` of record r. See table.py."""
        from .table import evaluate_table

        return evaluate_table(self, table, options=options)


def _money(text: str, what: str) -> Quantity:
    target = parse_target(text)
    value = target.value
    if not isinstance(value, Quantity) or (
        value.unit is not None and value.unit.dimension != "money"
    ):
        raise TargetError(f"{what}“{text}”应为金额，如 150015.05元 或 35万元")
    return value


class _Builder:
    """Walk the entries, building indicators and collecting every problem with its place."""

    def __init__(self, text: str, source: str, options: ScoringOptions, read_rule=None) -> None:
        self.text, self.source, self.options = text, source, options
        self.read_rule = read_rule or parse_rule
        self.lines = text.split("\n")  # once: a column per unknown key read it per key
        self.problems: list[IndicatorRulesError] = []
        self.header: dict[str, str] = {}
        self.header_entries: dict[str, Entry] = {}
        self.level1 = self.level2 = None
        self.current: dict[str, Entry] | None = None
        self.current_entry: Entry | None = None
        self.indicators: list[Indicator] = []
        self.names: dict[str, int] = {}
        self.dropped = 0  # problems past limits.MAX_PROBLEMS, counted, not kept

    def problem(self, error: IndicatorRulesError, entry: Entry | None, *, inner: bool = True):
        """Record `error`, re-positioned into the file: line of the entry, column within it."""
        if len(self.problems) >= limits.MAX_PROBLEMS:
            self.dropped += 1
            return
        label = error.source
        if label and label != self.source and not error.message.startswith(label):
            error.message = f"{label}：{error.message}"  # 评分标准：… / 指标值：…
        if entry is not None:
            column = entry.column
            if inner and error.column is not None and error.line in (None, 1):
                column = entry.column + error.column - 1
            error.line, error.column, error.text = entry.line, column, self.text
        error.source = self.source
        self.problems.append(error)

    def run(self, entries: list[Entry]) -> None:
        for entry in entries:
            key = normalize(entry.key)
            if key in _HEADER_KEYS:
                if self.current is not None or self.level1 is not None:
                    self.problem(
                        IndicatorRulesError(
                            f"“{entry.key}”是项目信息，应写在指标之前",
                            hint="把项目信息移到文件开头",
                        ),
                        entry,
                        inner=False,
                    )
                    continue
                self.header[_HEADER_KEYS[key]] = entry.value
                self.header_entries[_HEADER_KEYS[key]] = entry
            elif key in _LEVEL_KEYS:
                self.level(entry, _LEVEL_KEYS[key])
            elif key in _FIELD_KEYS:
                self.field(entry, _FIELD_KEYS[key])
            elif len(self.problems) >= limits.MAX_PROBLEMS:
                self.dropped += 1  # past the limit: not worth a “did you mean”
            else:
                close = difflib.get_close_matches(key, _ALL_KEYS, n=1, cutoff=0.4)
                hint = f"是否要写“{close[0]}”？" if close else f"可用的键：{'、'.join(_ALL_KEYS)}"
                self.problem(
                    IndicatorRulesError(f"未知的键“{entry.key}”", hint=hint),
                    Entry(key=entry.key, value="", line=entry.line, column=self._key_column(entry)),
                    inner=False,
                )
        self.finish_indicator()

    def _key_column(self, entry: Entry) -> int:
        line_text = self.lines[entry.line - 1]
        return line_text.find(entry.key) + 1

    def level(self, entry: Entry, depth: int) -> None:
        self.finish_indicator()
        name = entry.value.strip()
        if not name:
            self.problem(IndicatorRulesError("指标名称为空"), entry, inner=False)
            return
        if depth == 1:
            self.level1, self.level2 = _level1_name(name), None
        elif depth == 2:
            if self.level1 is None:
                self.problem(
                    IndicatorRulesError(
                        f"二级指标“{name}”之前没有一级指标", hint="先写“一级：产出指标”"
                    ),
                    entry,
                    inner=False,
                )
            self.level2 = name
        else:
            if self.level1 is None or self.level2 is None:
                self.problem(
                    IndicatorRulesError(
                        f"三级指标“{name}”之前缺少一级或二级指标", hint="先写“一级：…”和“二级：…”"
                    ),
                    entry,
                    inner=False,
                )
            self.current, self.current_entry = {"name": entry}, entry

    def field(self, entry: Entry, name: str) -> None:
        if self.current is None:
            self.problem(
                IndicatorRulesError(f"“{entry.key}”应写在“三级：指标名称”之后"), entry, inner=False
            )
            return
        if name in self.current:
            first = self.current[name].line
            self.problem(
                IndicatorRulesError(f"“{entry.key}”重复（第{first}行已写）"), entry, inner=False
            )
            return
        self.current[name] = entry

    def finish_indicator(self) -> None:
        fields, head = self.current, self.current_entry
        self.current = self.current_entry = None
        if fields is None:
            return
        name = head.value.strip()
        if name in self.names:
            self.problem(
                IndicatorRulesError(
                    f"指标名称“{name}”重复（第{self.names[name]}行已有）",
                    hint="实际完成值按名称对应，名称必须唯一",
                ),
                head,
                inner=False,
            )
            return
        self.names[name] = head.line
        missing = [key for key, field in (("分值", "weight"),) if field not in fields]
        if missing:
            self.problem(
                IndicatorRulesError(f"指标“{name}”缺少{'、'.join(missing)}"), head, inner=False
            )
            return
        self.build(name, fields, head)

    def build(self, name: str, fields: dict[str, Entry], head: Entry) -> None:
        values = {key: entry.value.strip() for key, entry in fields.items()}
        ok = True
        try:
            operator = values.get("operator")
            parse_operator(operator)
        except IndicatorRulesError as error:
            self.problem(error, fields["operator"], inner=False)
            ok, operator = False, None
        kind = values.get("kind")
        target = weight = rule = None
        try:
            target = self._target(values, operator, fields.get("rule"))
            target = with_year(target, self.header.get("year"))
        except IndicatorRulesError as error:
            self.problem(error, fields["target"])
            ok = False
        try:
            weight = parse_weight(values["weight"])
        except IndicatorRulesError as error:
            self.problem(error, fields["weight"], inner=False)
            ok = False
        if values.get("rule"):
            try:
                rule = self.read_rule(fields["rule"].value)
            except IndicatorRulesError as error:
                self.problem(error, fields["rule"])
                ok = False
        if not ok:
            return
        try:
            scorer = compile_row(rule, target, weight, self.options)
        except IndicatorRulesError as error:
            self.problem(error, fields.get("rule") or fields.get("target") or head)
            return
        warnings = qualitative_rule_warning(kind, rule, target)
        self.indicators.append(
            Indicator(
                level1=self.level1 or "",
                level2=self.level2 or "",
                name=name,
                target=target,
                weight=weight,
                rule=rule,
                kind=kind,
                explanation=values.get("explanation", ""),
                basis=values.get("basis", ""),
                note=values.get("note", ""),
                line=head.line,
                scorer=scorer,
                warnings=warnings,
                options=self.options,
            )
        )

    def _target(self, values: dict, operator, rule: Entry | None):
        """The row's target (a sentence beside a rule of words is text: parse_target_beside)."""
        if not values.get("target"):
            return NO_TARGET

        def words_only() -> bool:
            try:
                return rule is not None and self.read_rule(rule.value).words_only
            except IndicatorRulesError:
                return False  # the rule's own error is reported where it is read

        unit = values.get("unit")
        return parse_target_beside(values["target"], words_only, operator=operator, unit=unit)

    def project(self) -> Project:
        header = self.header
        budget_initial = budget = None
        execution_weight = Decimal(10)
        for key, what in (("budget_initial", "年初预算数"), ("budget", "全年预算数")):
            if key in header:
                try:
                    value = _money(header[key], what)
                except IndicatorRulesError as error:
                    self.problem(error, self.header_entries[key])
                    continue
                if key == "budget":
                    budget = value
                else:
                    budget_initial = value
        if "execution_weight" in header:
            try:
                execution_weight = parse_weight(header["execution_weight"])
            except IndicatorRulesError as error:
                self.problem(error, self.header_entries["execution_weight"], inner=False)
        if "name" not in header:
            self.problems.insert(0, IndicatorRulesError("缺少“项目名称：…”", source=self.source))
        if not self.indicators and not self.problems:
            self.problems.append(IndicatorRulesError("文件中没有任何三级指标", source=self.source))
        return Project(
            name=header.get("name", ""),
            unit=header.get("unit", ""),
            department=header.get("department", ""),
            year=header.get("year", ""),
            budget_initial=budget_initial,
            budget=budget,
            execution_weight=execution_weight,
            indicators=tuple(self.indicators),
            source=self.source,
        )


def _level1_name(name: str) -> str:
    """产出 → 产出指标; 产出指标(50分) → 产出指标; other names as written."""
    bare = normalize(name).split("(")[0].strip()
    for full in LEVEL1_NAMES:
        if bare in (full, full.removesuffix("指标")):
            return full
    return name


def parse_project(
    text: str, source: str = "<text>", options=None, *, overlapping: bool = False
) -> tuple[Project | None, list]:
    """Parse a rule file; return the project (None when unreadable) and every problem found.

    `overlapping=True` reads rules whose bands overlap instead of refusing them
    (`rules.parse_rule_overlapping`): `indicator-rules test` loads a file so, to find the values
    two bands hold; `load`, `loads` and `check` refuse such a rule."""
    options = ScoringOptions.from_mapping(options) if options is not None else DEFAULT_OPTIONS
    if text.startswith("\ufeff"):
        text = text[1:]
    entries, problem = read_entries(text, source)
    if problem is not None:
        return None, [problem]
    builder = _Builder(text, source, options, parse_rule_overlapping if overlapping else None)
    with collection_paused():
        builder.run(entries)
        project = builder.project()
    if builder.dropped:
        builder.problems.append(
            IndicatorRulesError(
                f"另有{builder.dropped}处问题未列出（只列出前{limits.MAX_PROBLEMS}处）",
                source=source,
                hint="先改正上面的问题",
            )
        )
    return project, builder.problems


@in_context
def loads(text: str, *, source: str = "<text>", options=None) -> Project:
    """Load a rule file from text; raise `RuleFileError` listing every problem."""
    project, problems = parse_project(text, source, options)
    if problems:
        raise RuleFileError(problems, source=source)
    return project


def load(path, *, options=None, encoding: str | None = None, limit=None) -> Project:
    """Load a rule file from `path` through the one file reader (`reader.read_text`): UTF-8
    with or without BOM, GBK/GB18030 and UTF-16 are told apart, or `encoding` says which."""
    text = read_text(path, encoding=encoding, limit=limit)
    return loads(text, source=os.fspath(path), options=options)
