"""Lint a rule file: the problems that stop it loading, and what a reviewer would question.

Errors (错误) are what `load` refuses; warnings (警告) and notes (说明) are findings on a file
that loads: weights that do not add up, a rule's threshold that differs from the row's target,
a 定性 row scored by a numeric rule, missing 一级 and 二级 categories. The categories are those of
the file's layout: the 自评表 of 10号 (产出 / 效益 / 满意度, the 执行率 apart) or, when the file
has a 决策 or 过程 一级, the 绩效评价 framework of 10号 附件1 (决策 / 过程 / 产出 / 效益).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .errors import UnitMismatchError
from .evaluation import LEVEL_WEIGHTS
from .model import Qualitative, Quantity, fmt
from .normalize import normalize
from .project import parse_project

__all__ = ["EVALUATION", "SELF_ASSESSMENT", "Finding", "Layout", "layout_of", "lint_text"]


@attrs.frozen(slots=True, kw_only=True)
class Layout:
    """An indicator table's layout: its 一级 (as `check` names them), the 二级 each must have
    ({name: word}: a 二级 whose name contains the word is that one), template weights, and
    whether a missing cost indicator is noted."""

    name: str
    required: dict[str, dict[str, str]]
    weights: dict[str, Decimal] = attrs.field(factory=dict)
    cost_note: bool = False


# The 自评表 of 10号 and 101号: 产出 / 效益 / 满意度, the 预算执行率 scored apart.
SELF_ASSESSMENT = Layout(
    name="自评表",
    required={
        "产出指标": {"数量指标": "数量", "质量指标": "质量", "时效指标": "时效"},
        "满意度指标": {"服务对象满意度指标": "服务对象满意度"},
        "效益指标": {},
    },
    weights=LEVEL_WEIGHTS,
    cost_note=True,
)
# The 项目支出绩效评价指标体系框架 of 10号 附件1: no template weights, 满意度 a 三级 of 效益.
EVALUATION = Layout(
    name="绩效评价指标体系（财预〔2020〕10号附件1）",
    required={
        "决策": {"项目立项": "项目立项", "绩效目标": "绩效目标", "资金投入": "资金投入"},
        "过程": {"资金管理": "资金管理", "组织实施": "组织实施"},
        "产出": {
            "产出数量": "数量",
            "产出质量": "质量",
            "产出时效": "时效",
            "产出成本": "成本",
        },
        "效益": {"项目效益": "效益"},
    },
)


# Other names of a framework 一级 (some provinces write 决策 / 管理 / 产出 / 效益).
_ALIASES = {"管理": "过程"}


def _bare(level1: str) -> str:
    """决策指标 → 决策, 产出指标(40分) → 产出, 管理 → 过程: the 一级 as the layouts compare it."""
    bare = normalize(level1).split("(")[0].strip().removesuffix("指标")
    return _ALIASES.get(bare, bare)


def layout_of(project) -> Layout:
    """The 10号 附件1 framework when a 一级 is 决策 or 过程, else the 自评表."""
    bare = {_bare(indicator.level1) for indicator in project.indicators}
    return EVALUATION if bare & {"决策", "过程"} else SELF_ASSESSMENT


@attrs.frozen(slots=True, kw_only=True)
class Finding:
    """One lint finding: severity 错误/警告/说明, the file, the message (an error's with its
    source line and caret), and where in the file (line, column) when it is one place."""

    severity: str
    source: str
    message: str
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        """`file`, `file:line` or `file:line:col`."""
        return ":".join(str(n) for n in (self.source, self.line, self.column) if n is not None)

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}：{self.message}"

    def in_file(self) -> str:
        """The finding without its file name (`check` prints the file once): `8:6: 错误：…`."""
        place = ":".join(str(n) for n in (self.line, self.column) if n is not None)
        return (
            f"{place}: {self.severity}：{self.message}"
            if place
            else f"{self.severity}：{self.message}"
        )


def lint_text(text: str, source: str = "<text>") -> list:
    """All findings of a rule file, errors first (as full messages with carets), then the rest."""
    project, problems = parse_project(text, source)
    findings: list = [_problem(p, source) for p in problems]
    if project is None:
        return findings
    layout = layout_of(project)
    findings.extend(_weights(project, source, layout))
    for indicator in project.indicators:
        line = indicator.line
        for warning in indicator.warnings:
            findings.append(
                Finding(
                    severity="警告",
                    source=source,
                    line=line,
                    message=f"{indicator.name}：{warning}",
                )
            )
        findings.extend(_rule_findings(indicator, source))
    findings.extend(_categories(project, source, layout))
    return findings


def _rule_findings(indicator, source: str) -> list:
    """What the indicator's rule says against its row: a threshold unlike the target, bands
    with a gap between them, a band end decided by convention, no rule at all."""
    findings: list = []
    line = indicator.line
    rule = indicator.rule
    if (
        rule is not None
        and rule.threshold is not None
        and isinstance(indicator.target.value, Quantity)
    ):
        try:
            same = (
                rule.threshold.in_unit_of(indicator.target.value) == indicator.target.value.amount
            )
        except UnitMismatchError:
            findings.append(
                Finding(
                    severity="错误",
                    source=source,
                    line=line,
                    message=(
                        f"{indicator.name}：评分标准中的标准{rule.threshold.display}与指标值"
                        f"{indicator.target.display}单位不同，无法比较"
                    ),
                )
            )
            return findings
        if not same:
            findings.append(
                Finding(
                    severity="警告",
                    source=source,
                    line=line,
                    message=(
                        f"{indicator.name}：评分标准中的标准{rule.threshold.display}与指标值"
                        f"{indicator.target.display}不一致，按评分标准计分"
                    ),
                )
            )
    if rule is None:
        how = "定性分档" if isinstance(indicator.target.value, Qualitative) else "完成比例"
        findings.append(
            Finding(
                severity="说明",
                source=source,
                line=line,
                message=f"{indicator.name}：未写评分标准，按默认方法（{how}）计分",
            )
        )
    if rule is not None:
        findings.extend(_band_findings(indicator, source))
    return findings


def _band_findings(indicator, source: str) -> list:
    from .printer import band_condition
    from .rules.bands import band_gaps

    findings = []
    bands = indicator.rule.bands
    for low, high in band_gaps(bands):
        findings.append(
            Finding(
                severity="错误",
                source=source,
                line=indicator.line,
                message=(
                    f"{indicator.name}：分档“{band_condition(low)}”与“{band_condition(high)}”"
                    "之间的取值没有写明得分"
                ),
            )
        )
    for band in bands:
        if band.note:
            findings.append(
                Finding(
                    severity="警告",
                    source=source,
                    line=indicator.line,
                    message=f"{indicator.name}：{band.note}",
                )
            )
    return findings


def _problem(problem, source: str) -> Finding:
    """A problem that stops the file loading, placed once (line, column) with its detail."""
    line = getattr(problem, "line", None)
    column = getattr(problem, "column", None) if line else None
    return Finding(
        severity="错误", source=source, message=problem.detail(), line=line, column=column
    )


def _weights(project, source: str, layout: Layout) -> list:
    total = project.total_weight
    execution = project.execution_weight
    findings = []
    message = (
        f"指标分值合计{fmt(total)}分，加预算执行率{fmt(execution)}分，共{fmt(total + execution)}分"
    )
    if total + execution == 100:
        findings.append(Finding(severity="说明", source=source, message=message))
    else:
        findings.append(Finding(severity="警告", source=source, message=f"{message}，应为100分"))
    subtotals: dict[str, Decimal] = {}
    for indicator in project.indicators:
        subtotals[indicator.level1] = subtotals.get(indicator.level1, Decimal(0)) + indicator.weight
    for level, expected in layout.weights.items():
        if level in subtotals and subtotals[level] != expected:
            findings.append(
                Finding(
                    severity="说明",
                    source=source,
                    message=(f"{level}分值合计{fmt(subtotals[level])}分，模板为{fmt(expected)}分"),
                )
            )
    return findings


def _categories(project, source: str, layout: Layout) -> list:
    present: dict[str, set[str]] = {}
    for indicator in project.indicators:
        present.setdefault(_bare(indicator.level1), set()).add(indicator.level2)
    findings = []
    for level1, required in layout.required.items():
        if _bare(level1) not in present:
            findings.append(
                Finding(severity="警告", source=source, message=f"缺少一级指标“{level1}”")
            )
            continue
        for name, word in required.items():
            if not any(word in level2 for level2 in present[_bare(level1)]):
                findings.append(
                    Finding(
                        severity="警告",
                        source=source,
                        message=f"{level1}下缺少二级指标“{name}”",
                    )
                )
    has_cost = "成本" in present or any("成本" in l2 for l2 in present.get("产出", ()))
    if layout.cost_note and not has_cost:
        findings.append(
            Finding(
                severity="说明",
                source=source,
                message="未设成本指标（产出指标下的成本指标，或101号的一级成本指标）",
            )
        )
    return findings
