"""Measure the language on a corpus of real rule texts or scored 自评 rows (JSON lines).

Rule-text rows ({"rule": …}) are understood or refused, refusals grouped by reason. Scored rows
({"target", "actual", "weight", "score", …}) have their target and actual read (or refused with
a reason), are scored again, and are compared with the agency's own score to 0.05.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal

import attrs

from .errors import IndicatorRulesError
from .model import fmt
from .options import round_score
from .rules import parse_rule
from .scoring import score_row

__all__ = ["CoverageReport", "measure", "measure_file"]

TOLERANCE = Decimal("0.05")
# Rows the corpus marks as not budget-performance phrasing (kept only for variety).
_NOT_BUDGET = ("not budget self-evaluation", "NON-GOVERNMENT")


@attrs.frozen(slots=True, kw_only=True)
class Refusal:
    row: int
    text: str
    reason: str


@attrs.frozen(slots=True, kw_only=True)
class Disagreement:
    row: int
    name: str
    agency: Decimal
    ours: Decimal
    explanation: str


@attrs.define(slots=True, kw_only=True)
class CoverageReport:
    """Counts and lists of one corpus run."""

    kind: str
    total: int = 0
    understood: int = 0
    refusals: list[Refusal] = attrs.Factory(list)
    budget_total: int = 0
    budget_understood: int = 0
    compared: int = 0
    agree: int = 0
    disagreements: list[Disagreement] = attrs.Factory(list)

    @property
    def by_reason(self) -> Counter:
        return Counter(refusal.reason for refusal in self.refusals)

    def to_text(self) -> str:
        lines = [
            f"{self.kind}：共{self.total}条，理解{self.understood}条，拒绝{len(self.refusals)}条"
        ]
        if self.kind == "评分标准" and self.budget_total:
            share = fmt(round_score(Decimal(self.budget_understood) * 100 / self.budget_total))
            lines.append(
                f"  其中预算绩效类{self.budget_total}条，理解{self.budget_understood}条（{share}%）"
            )
        if self.refusals:
            lines.append("拒绝原因：")
            lines.extend(f"  {count}条：{reason}" for reason, count in self.by_reason.most_common())
            lines.append("拒绝明细：")
            lines.extend(f"  第{r.row}行：{r.text[:60]} —— {r.reason}" for r in self.refusals)
        if self.kind == "自评行":
            lines.append(f"与单位自评得分比较{self.compared}条，相差不超过0.05的{self.agree}条")
            if self.disagreements:
                lines.append("不一致：")
                lines.extend(
                    f"  第{d.row}行 {d.name}：单位{fmt(d.agency)}分，重算{fmt(d.ours)}分 —— {d.explanation}"
                    for d in self.disagreements
                )
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "total": self.total,
            "understood": self.understood,
            "budget_total": self.budget_total,
            "budget_understood": self.budget_understood,
            "refused": [attrs.asdict(r) for r in self.refusals],
            "by_reason": dict(self.by_reason),
            "compared": self.compared,
            "agree": self.agree,
            "disagreements": [
                {**attrs.asdict(d), "agency": str(d.agency), "ours": str(d.ours)}
                for d in self.disagreements
            ],
        }


_PARTS = {
    "RuleSyntaxError": "评分标准",
    "RuleConflictError": "评分标准",
    "TargetError": "指标值",
    "ActualValueError": "实际完成值",
    "UnitMismatchError": "单位",
}


def _reason(error: IndicatorRulesError) -> str:
    """A refusal's reason, short enough to group by: which part, and the message's gist."""
    part = _PARTS.get(type(error).__name__, "")
    message = error.message
    if message.startswith("暂不支持的评分方式："):
        return message.removeprefix("暂不支持的评分方式：")
    if "此处不应出现" in message or "无法识别" in message or "不完整" in message:
        return f"{part}：有读不懂的写法"
    return f"{part}：" + re.sub(r"“[^”]*”", "“…”", message)


def _rule_rows(rows, report: CoverageReport) -> None:
    for number, row in enumerate(rows, start=1):
        budget = not any(mark in (row.get("note") or "") for mark in _NOT_BUDGET)
        report.total += 1
        report.budget_total += budget
        try:
            parse_rule(row["rule"])
        except IndicatorRulesError as error:
            report.refusals.append(Refusal(row=number, text=row["rule"], reason=_reason(error)))
            continue
        report.understood += 1
        report.budget_understood += budget


_EXECUTION = re.compile(r"执行率|執行率")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _execution_row(row) -> tuple[Decimal, str]:
    """预算执行率 rows: “全年预算数 7.29” against “全年执行数 7.29; 执行率 100%”."""
    budget = _NUMBER.search(str(row["target"]))
    executed = _NUMBER.search(str(row["actual"]))
    if budget is None or executed is None or Decimal(budget.group()) <= 0:
        raise IndicatorRulesError("预算执行率行缺少全年预算数或全年执行数")
    rate = Decimal(executed.group()) / Decimal(budget.group())
    weight = Decimal(str(row["weight"]))
    score = round_score(weight * min(Decimal(1), rate))
    return score, f"执行率{fmt(round_score(rate * 100))}%，{fmt(weight)}×执行率，得{fmt(score)}分"


def _scored_rows(rows, report: CoverageReport) -> None:
    for number, row in enumerate(rows, start=1):
        report.total += 1
        name = row.get("name", "")
        try:
            if _EXECUTION.search(name) or "预算执行" in row.get("level1", ""):
                ours, explanation = _execution_row(row)
            else:
                result = score_row(
                    target=row["target"],
                    operator=row.get("operator") or None,
                    unit=row.get("unit") or None,
                    weight=row["weight"],
                    rule=row.get("rule") or None,
                    actual=row["actual"],
                )
                ours, explanation = result.score, result.explanation
        except IndicatorRulesError as error:
            text = f"{row['target']} / {row['actual']}"
            report.refusals.append(Refusal(row=number, text=text, reason=_reason(error)))
            continue
        report.understood += 1
        if row.get("score") is None:
            continue
        agency = Decimal(str(row["score"]))
        report.compared += 1
        if abs(agency - ours) <= TOLERANCE:
            report.agree += 1
        else:
            report.disagreements.append(
                Disagreement(
                    row=number, name=name, agency=agency, ours=ours, explanation=explanation
                )
            )


def measure(rows) -> CoverageReport:
    """Measure a list of corpus rows: rule texts if they carry "rule" only, else scored rows."""
    rows = list(rows)
    scored = bool(rows) and "actual" in rows[0]
    report = CoverageReport(kind="自评行" if scored else "评分标准")
    (_scored_rows if scored else _rule_rows)(rows, report)
    return report


def read_corpus(path) -> list[dict]:
    """The rows of a JSON-lines corpus file, read through the one file reader."""
    from .reader import read_text

    rows = []
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise IndicatorRulesError(f"{path}:{number}: 不是有效的 JSON 行：{error.msg}") from None
    return rows


def measure_file(path) -> CoverageReport:
    """Measure a JSON-lines corpus file of rule texts or scored rows."""
    return measure(read_corpus(path))
