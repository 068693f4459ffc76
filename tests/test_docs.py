"""docs/rules.md is tested: every documented phrase is accepted, every stated score holds."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from indicator_rules import IndicatorRulesError, parse_rule, score_row

DOC = (Path(__file__).parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
SECTIONS = DOC.split("## ")[1:7]  # 一 … 六: the rule phrases
FULL = "达标得满分10分，"


def _table_phrases():
    for section in SECTIONS:
        for line in section.splitlines():
            if line.startswith("| `"):
                first = line.split("|")[1]
                yield from re.findall(r"`([^`]+)`", first)


PHRASES = list(_table_phrases())


def _parse_in_context(phrase):
    """A phrase alone, or after a full-marks clause (otherwise-clauses need one)."""
    for text in (phrase, FULL + phrase, FULL + "否则每少1%扣1分，" + phrase):
        try:
            return parse_rule(text)
        except IndicatorRulesError:
            continue
    raise AssertionError(f"documented phrase not accepted: {phrase}")


def test_the_doc_lists_phrases():
    assert len(PHRASES) >= 45


@pytest.mark.parametrize("phrase", PHRASES)
def test_documented_phrase_is_accepted(phrase):
    _parse_in_context(phrase)


def _examples():
    section = SECTIONS[1]  # 二、未达标时: “例：目标 ≥80%，分值10”
    for line in section.splitlines():
        match = re.search(r"\| ([\d.]+%) → (\d+)", line)
        if match and line.startswith("| `"):
            phrase = re.findall(r"`([^`]+)`", line.split("|")[1])[0]
            yield phrase, match.group(1), match.group(2)


@pytest.mark.parametrize(("phrase", "actual", "expected"), list(_examples()))
def test_documented_scores(phrase, actual, expected):
    result = score_row(target="≥80%", weight=10, rule=FULL + phrase, actual=actual)
    assert result.score == Decimal(expected)


def test_documented_band_scores():
    rule = re.search(r"```\n(≥90%[^\n]+)\n```", DOC).group(1)
    pairs = re.findall(r"([\d.]+%) → (\d+)", DOC[DOC.index(rule) :][:200])
    assert len(pairs) == 5
    for actual, expected in pairs:
        assert score_row(target="≥90%", weight=10, rule=rule, actual=actual).score == Decimal(
            expected
        )


def _row(start):
    return next(line for line in DOC.splitlines() if line.startswith(f"| `{start}"))


def test_documented_ranking_example():
    line = _row("排名前5名")
    rule = re.findall(r"`([^`]+)`", line)[0]
    weight = re.search(r"例：分值(\d+)", line).group(1)
    pairs = re.findall(r"第(\d+)名 → ([\d.]+)", line)
    assert len(pairs) == 4
    for place, expected in pairs:
        result = score_row(target="第1名", weight=weight, rule=rule, actual=f"第{place}名")
        assert result.score == Decimal(expected)


def test_documented_items_example():
    line = _row("猪瘟、猪蓝耳病")
    rule, actual = re.findall(r"`([^`]+)`", line)[:2]
    weight = re.search(r"例：分值(\d+)", line).group(1)
    parts, total = re.search(r"上例 → ([\d.+ ]+) = ([\d.]+)", line).groups()
    result = score_row(target="100%", weight=weight, rule=rule, actual=actual)
    assert result.score == Decimal(total) == sum(Decimal(p) for p in parts.split("+"))
