"""An embedding app's own property tests of its rule file, built on indicator_rules.strategies.

docs/testing.md shows this file as it is (tests/test_strategies.py checks that the two agree).
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_rules import IndicatorRulesError, load
from indicator_rules.strategies import actual_values, event_counts, projects

RULES = Path(__file__).parent.parent / "examples" / "chenggong-medical-insurance-2026.rules"
PROJECT = load(RULES)
FINAL_POINTS = re.compile(r"得(?:满分)?(\d+(?:\.\d+)?)分$")


@pytest.mark.parametrize("indicator", PROJECT.indicators, ids=lambda i: i.name[:8])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_no_indicator_scores_outside_its_weight(indicator, data):
    """Every actual value either scores in [0, 分值], its explanation ending with the score,
    or is refused with the library's error (never another exception)."""
    actual = data.draw(actual_values(indicator), label="actual")
    events = data.draw(event_counts(indicator), label="events")
    try:
        result = indicator.compiled.result(actual, events=events)
        explanation = result.explanation
    except IndicatorRulesError:
        return  # refused, with a message saying why: fine for this app
    assert Decimal(0) <= result.score <= indicator.weight
    final = FINAL_POINTS.search(explanation)
    assert final is not None and Decimal(final.group(1)) == result.score, explanation


@settings(max_examples=20, deadline=None)
@given(projects())
def test_the_total_is_the_sum_of_the_rows(drawn):
    """A whole project scored: the total adds up the rows and the 预算执行率 points."""
    project, actuals = drawn
    evaluation = project.evaluate(actuals)
    rows = sum(row.score for row in evaluation.rows)
    assert evaluation.total == rows + evaluation.execution.score
