"""Measure the library on annotated real rows: each row's rule scored on hand-computed cases.

A corpus line is one real indicator row (source_url, split, target, unit, weight, rule) with
`cases`: {"actual": …, "events": …, "score": "2.70"} (the score a person computed from the rule
text) or {"actual": …, "refuse": "reason"} (the text cannot be scored as written). Each case is

- **agreed**: scored as annotated (to the cent), or refused where the annotation refuses;
- **refused**: the library refuses with a named reason where the annotation has a score;
- **misread**: the library scores differently from the annotation — the figure that must be 0;
- **scored a refusal**: the library scores a case the annotation refuses (listed for review).

`indicator-rules coverage FILE.jsonl… [--split dev|test]` prints the figures.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import attrs

from .coverage import _reason
from .errors import IndicatorRulesError
from .model import fmt
from .options import round_score
from .scoring import score_row

__all__ = ["CaseReport", "is_annotated", "measure_cases", "read_rows"]


@attrs.frozen(slots=True, kw_only=True)
class CaseResult:
    row: str
    rule: str
    actual: str
    expected: str  # the annotated score, or "拒绝：…"
    got: str  # our score, or the reason we refused
    explanation: str = ""


@attrs.define(slots=True, kw_only=True)
class CaseReport:
    """Figures of one run over annotated cases."""

    rows: int = 0
    cases: int = 0
    agreed: int = 0
    refused: list[CaseResult] = attrs.Factory(list)
    misread: list[CaseResult] = attrs.Factory(list)
    scored_refusals: list[CaseResult] = attrs.Factory(list)

    @property
    def share(self) -> Decimal:
        return round_score(Decimal(self.agreed) * 100 / self.cases) if self.cases else Decimal(0)

    def to_text(self) -> str:
        lines = [
            f"标注用例：{self.rows}行，{self.cases}例；与标注一致{self.agreed}例（{fmt(self.share)}%），"
            f"拒绝{len(self.refused)}例，得分与标注不同{len(self.misread)}例，"
            f"标注为拒绝而计了分{len(self.scored_refusals)}例"
        ]
        for title, items in (
            ("得分与标注不同", self.misread),
            ("标注为拒绝而计了分", self.scored_refusals),
            ("拒绝", self.refused),
        ):
            if items:
                lines.append(f"{title}：")
                lines.extend(
                    f"  {c.row} {c.rule[:50]} | 实际{c.actual} | 标注{c.expected} | 结果{c.got}"
                    for c in items
                )
        if self.refused:
            lines.append("拒绝原因：")
            reasons = Counter(c.got for c in self.refused)
            lines.extend(f"  {n}例：{reason}" for reason, n in reasons.most_common())
        return "\n".join(lines) + "\n"


def read_rows(path, split: str | None = None) -> list[dict]:
    """The annotated rows of a corpus file (through the one file reader), of one split or all."""
    from .coverage import read_corpus

    return [row for row in read_corpus(path) if split is None or row.get("split") == split]


def is_annotated(rows: list[dict]) -> bool:
    """Whether a corpus holds annotated cases (this module's format)."""
    return bool(rows) and all("cases" in row for row in rows)


def _score_case(row: dict, case: dict):
    return score_row(
        target=row.get("target") or None,
        operator=row.get("operator") or None,
        unit=row.get("unit") or None,
        weight=row["weight"],
        rule=row.get("rule") or None,
        actual=case.get("actual"),
        events=case.get("events"),
        year=row.get("project_year"),
    )


def measure_cases(rows) -> CaseReport:
    """Score every annotated case of `rows` and compare with its annotation."""
    report = CaseReport()
    for row in rows:
        report.rows += 1
        for case in row.get("cases", ()):
            report.cases += 1
            _measure_one(report, row, case)
    return report


def _measure_one(report: CaseReport, row: dict, case: dict) -> None:
    expected = case.get("score")
    shown = json.dumps(case.get("actual"), ensure_ascii=False)
    if case.get("events") is not None:
        shown += f" 事件{case['events']}"
    about = {"row": row.get("id", ""), "rule": row.get("rule") or "", "actual": shown}
    try:
        result = _score_case(row, case)
    except IndicatorRulesError as error:
        if expected is None:
            report.agreed += 1
        else:
            report.refused.append(CaseResult(**about, expected=expected, got=_reason(error)))
        return
    if expected is None:
        report.scored_refusals.append(
            CaseResult(
                **about,
                expected=f"拒绝：{case.get('refuse', '')}",
                got=str(result.score),
                explanation=result.explanation,
            )
        )
    elif result.score == Decimal(expected):
        report.agreed += 1
    else:
        report.misread.append(
            CaseResult(
                **about, expected=expected, got=str(result.score), explanation=result.explanation
            )
        )
