"""Lint a rule file: the problems that stop it loading, and what a reviewer would question.

Errors (错误) are what `load` refuses; warnings (警告) and notes (说明) are findings on a file
that loads: weights that do not add up, a rule's threshold that differs from the row's target,
a 定性 row scored by a numeric rule, missing 二级 categories.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .errors import UnitMismatchError
from .evaluation import LEVEL_WEIGHTS
from .model import Qualitative, Quantity, fmt
from .project import parse_project

__all__ = ["Finding", "lint_text"]

# Required 二级 categories per 一级 (templates of 10号 and 101号).
REQUIRED_LEVEL2 = {
    "产出指标": ("数量", "质量", "时效"),
    "满意度指标": ("服务对象满意度",),
}


@attrs.frozen(slots=True, kw_only=True)
class Finding:
    """One lint finding: severity 错误/警告/说明, where (file:line), and the message."""

    severity: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}：{self.message}"


def lint_text(text: str, source: str = "<text>") -> list:
    """All findings of a rule file, errors first (as full messages with carets), then the rest."""
    project, problems = parse_project(text, source)
    findings: list = [
        Finding(severity="错误", where=_where(p, source), message=str(p)) for p in problems
    ]
    if project is None:
        return findings
    findings.extend(_weights(project, source))
    for indicator in project.indicators:
        where = f"{source}:{indicator.line}"
        for warning in indicator.warnings:
            findings.append(
                Finding(severity="警告", where=where, message=f"{indicator.name}：{warning}")
            )
        rule = indicator.rule
        if (
            rule is not None
            and rule.threshold is not None
            and isinstance(indicator.target.value, Quantity)
        ):
            try:
                same = (
                    rule.threshold.in_unit_of(indicator.target.value)
                    == indicator.target.value.amount
                )
            except UnitMismatchError:
                findings.append(
                    Finding(
                        severity="错误",
                        where=where,
                        message=(
                            f"{indicator.name}：评分标准中的标准{rule.threshold.display}与指标值"
                            f"{indicator.target.display}单位不同，无法比较"
                        ),
                    )
                )
                continue
            if not same:
                findings.append(
                    Finding(
                        severity="警告",
                        where=where,
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
                    where=where,
                    message=f"{indicator.name}：未写评分标准，按默认方法（{how}）计分",
                )
            )
    findings.extend(_categories(project, source))
    return findings


def _where(problem, source: str) -> str:
    return f"{source}:{problem.line}" if getattr(problem, "line", None) else source


def _weights(project, source: str) -> list:
    total = project.total_weight
    execution = project.execution_weight
    findings = []
    message = (
        f"指标分值合计{fmt(total)}分，加预算执行率{fmt(execution)}分，共{fmt(total + execution)}分"
    )
    if total + execution == 100:
        findings.append(Finding(severity="说明", where=source, message=message))
    else:
        findings.append(Finding(severity="警告", where=source, message=f"{message}，应为100分"))
    subtotals: dict[str, Decimal] = {}
    for indicator in project.indicators:
        subtotals[indicator.level1] = subtotals.get(indicator.level1, Decimal(0)) + indicator.weight
    for level, expected in LEVEL_WEIGHTS.items():
        if level in subtotals and subtotals[level] != expected:
            findings.append(
                Finding(
                    severity="说明",
                    where=source,
                    message=(f"{level}分值合计{fmt(subtotals[level])}分，模板为{fmt(expected)}分"),
                )
            )
    return findings


def _categories(project, source: str) -> list:
    present: dict[str, set[str]] = {}
    for indicator in project.indicators:
        present.setdefault(indicator.level1, set()).add(indicator.level2)
    findings = []
    for level1, required in REQUIRED_LEVEL2.items():
        if level1 not in present:
            findings.append(
                Finding(severity="警告", where=source, message=f"缺少一级指标“{level1}”")
            )
            continue
        for name in required:
            if not any(name in level2 for level2 in present[level1]):
                findings.append(
                    Finding(
                        severity="警告", where=source, message=f"{level1}下缺少二级指标“{name}指标”"
                    )
                )
    has_cost = "成本指标" in present or any("成本" in l2 for l2 in present.get("产出指标", ()))
    if not has_cost:
        findings.append(
            Finding(
                severity="说明",
                where=source,
                message="未设成本指标（产出指标下的成本指标，或101号的一级成本指标）",
            )
        )
    if "效益指标" not in present:
        findings.append(Finding(severity="警告", where=source, message="缺少一级指标“效益指标”"))
    return findings
