"""Two properties that hunt classes of misreads rather than single rows.

1. A score's explanation agrees with it: the points it ends on are the score.
2. An actual scores as its numeric meaning, however it is written (digits, full-width digits,
   Chinese numerals, 百分之…, a space before the unit) — or every writing is refused alike.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_rules import IndicatorRulesError, score_row
from indicator_rules.model import fmt

CORPUS = Path(__file__).parent / "data" / "corpus"


def _dev_rows():
    rows = []
    for name in ("eval_rows_a.jsonl", "goal_rows_b.jsonl"):
        with open(CORPUS / name, encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return [row for row in rows if row.get("split") == "dev" and row.get("rule")]


ROWS = _dev_rows()
RULES = [
    ("≥90%", 10, "达标得满分10分，否则每少10%扣2分"),
    ("≥90%", 10, "达90%得满分10分，否则按完成比例得分"),
    (None, 10, "资金到位率100%得满分，每降低1%扣0.1分"),
    (None, 10, "≥90%得10分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分"),
    ("≤30天", 10, "按时完成得满分，逾期每天扣1分"),
    (None, 10, "得分=预算执行率×分值"),
    ("≥300人", 10, None),
]
ENDING = re.compile(r"得(?:满分)?([0-9]+(?:\.[0-9]+)?)分$")


def _actuals(row):
    """Actuals that fit a row: its annotated ones, numbers, and the words of states."""
    given = [case.get("actual") for case in row.get("cases", ()) if case.get("actual") is not None]
    return st.sampled_from([*given, "有", "没有", "符合", "不符合", "95%", "80%", "0", "12"])


@settings(max_examples=300)
@given(st.data())
def test_the_explanation_ends_on_the_score(data):
    row = data.draw(st.sampled_from(ROWS))
    actual = data.draw(_actuals(row))
    events = data.draw(st.none() | st.integers(min_value=0, max_value=5))
    try:
        result = score_row(
            target=row.get("target") or None,
            weight=row["weight"],
            rule=row["rule"],
            actual=actual,
            events=events,
        )
    except IndicatorRulesError:
        return
    _agrees(result)


def _agrees(result):
    text = result.explanation
    match = ENDING.search(text)
    assert match, text
    assert Decimal(match.group(1)) == Decimal(fmt(result.score)), text
    assert Decimal(0) <= result.score <= result.weight


@given(
    st.sampled_from(RULES),
    st.decimals(min_value=0, max_value=130, places=1),
    st.sampled_from(["%", "天", "人"]),
)
def test_rule_rows_explain_their_score(spec, amount, unit):
    target, weight, rule = spec
    try:
        result = score_row(target=target, weight=weight, rule=rule, actual=f"{amount}{unit}")
    except IndicatorRulesError:
        return
    _agrees(result)


def _writings(n: int, unit: str):
    full_width = str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    forms = [f"{n}{unit}", f"{full_width}{unit}", f"{n} {unit}", f"{cn2an.an2cn(n)}{unit}"]
    if unit == "%":
        forms.append(f"百分之{cn2an.an2cn(n)}")
    return forms


@given(
    st.sampled_from(RULES),
    st.integers(min_value=0, max_value=150),
    st.sampled_from(["%", "天", "人"]),
)
def test_every_writing_of_a_number_scores_alike(spec, n, unit):
    target, weight, rule = spec
    outcomes = set()
    for actual in _writings(n, unit):
        try:
            result = score_row(target=target, weight=weight, rule=rule, actual=actual)
            outcomes.add(("score", result.score, result.exact))
        except IndicatorRulesError as error:
            outcomes.add(("refused", type(error).__name__))
    assert len(outcomes) == 1, outcomes
