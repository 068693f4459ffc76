"""indicator_rules.strategies: each strategy draws what its docstring says, and docs/testing.md
shows the embedding app's example test as it is."""

import importlib
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from indicator_rules import (
    IndicatorRulesError,
    MissingExtraError,
    compile_indicator,
    load,
    parse_rule,
    parse_target,
)
from indicator_rules.model import DateValue, Qualitative, Quantity
from indicator_rules.strategies import (
    FAMILIES,
    actual_values,
    boundary_values,
    cut_points,
    event_counts,
    indicator_rows,
    projects,
    quantities,
    rule_texts,
    targets,
)

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "tests" / "test_embedding_app.py"
DOC = ROOT / "docs" / "testing.md"


def test_without_hypothesis_the_import_names_the_extra(monkeypatch):
    """No hypothesis: importing the module is a one-line MissingExtraError naming [testing]."""
    for name in [m for m in sys.modules if m == "hypothesis" or m.startswith("hypothesis.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "indicator_rules.strategies")
    with pytest.raises(MissingExtraError, match=r"pip install 'indicator-rules\[testing\]'"):
        importlib.import_module("indicator_rules.strategies")


@pytest.mark.parametrize("family", FAMILIES)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_rule_texts_of_each_family_are_read(family, data):
    text = data.draw(rule_texts(family))
    assert parse_rule(text).scores or parse_rule(text).remarks


def test_an_unknown_family_is_refused():
    with pytest.raises(ValueError, match="thresholds"):
        rule_texts("no-such-family")


@settings(max_examples=30, deadline=None)
@given(indicator_rows())
def test_indicator_rows_compile(row):
    assert compile_indicator(**row).weight == row["weight"]


@settings(max_examples=60, deadline=None)
@given(targets())
def test_targets_are_read(text):
    assert isinstance(parse_target(text).value, (Quantity, DateValue, Qualitative))


@settings(max_examples=30, deadline=None)
@given(quantities("万元"), quantities())
def test_quantities_carry_their_unit(money, any_quantity):
    assert money.unit.name == "万元" and Decimal(0) <= money.amount <= 10**6
    assert parse_target(money.display).value.in_unit_of(money) == money.amount
    assert isinstance(any_quantity, Quantity)


class TestActualValues:
    """actual_values concentrates on the boundaries of the indicator it is given."""

    ROW = compile_indicator(target="≥90%", weight=10, rule="达标得满分10分，否则每少5%扣2分")

    def test_the_cut_points_of_a_step_rule(self):
        assert [q.display for q in cut_points(self.ROW)] == ["90%", "85%", "80%", "75%"]

    @pytest.mark.parametrize(
        "value", ["90%", "89.99%", "90.01%", "89%", "91%", "0%", "-0.01%", "-1%", "117%", "180%"]
    )
    def test_each_boundary_is_drawn(self, value):
        """At the threshold, a cent and a unit either side, zero, negative, 130% and 200%."""
        assert value in boundary_values(self.ROW)
        assert find(actual_values(self.ROW), lambda actual: actual == value) == value

    def test_values_written_in_wan(self):
        """A count of people is also written in 万 (31.7万人 style)."""
        row = compile_indicator(target="≥114803人次", weight=10)
        assert "11.4803万人" in boundary_values(row) and 114803 in boundary_values(row)

    def test_a_deadline_row_draws_dates_around_it(self):
        row = compile_indicator(
            target="2026年11月", weight=10, rule="按期完成得10分，每延期一个月扣2分"
        )
        values = boundary_values(row)
        assert "2026年11月" in values and "2026年12月" in values and "2026年10月" in values

    def test_a_ranking_draws_the_places_at_each_band_end(self):
        row = compile_indicator(weight=5, rule="排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分")
        assert {"第5名", "第6名", "第10名", "第11名"} <= set(boundary_values(row))

    def test_a_checklist_draws_its_conditions(self):
        row = compile_indicator(weight=3, rule="设有目标(1分)目标明确(1分)目标细化(1分)")
        assert {"items": [1, 2, 3]} in boundary_values(row)
        assert row.score({"items": [1, 2, 3]}) == 3

    @settings(max_examples=40, deadline=None)
    @given(data=st.data())
    def test_values_of_a_rule_file_score_or_are_refused_by_the_library(self, data):
        """Every drawn value of the bundled example either scores or raises our error."""
        project = load(ROOT / "examples" / "project-evaluation-framework-2026.rules")
        indicator = data.draw(st.sampled_from(project.indicators))
        actual = data.draw(actual_values(indicator))
        events = data.draw(event_counts(indicator))
        try:
            score = indicator.compiled.score(actual, events=events)
        except IndicatorRulesError:
            return
        assert 0 <= score <= indicator.weight

    def test_event_counts_by_number(self):
        row = compile_indicator(weight=3, rule="缺 1 次扣 1 分,迟报 1 次扣 0.5 分")
        counts = find(event_counts(row), lambda c: c["2"] == 3)
        assert counts == {"1": 0, "2": 3} and row.score(None, events=counts) == Decimal("1.50")
        assert find(event_counts(self.ROW), lambda c: True) is None


@settings(max_examples=15, deadline=None)
@given(projects(max_size=3))
def test_projects_are_scored_whole(drawn):
    project, actuals = drawn
    assert 1 <= len(project.indicators) <= 3 and "全年执行数" in actuals
    assert project.evaluate(actuals).grade in ("优", "良", "中", "差")


def test_the_doc_shows_the_example_test_as_it_is():
    """docs/testing.md's example block is tests/test_embedding_app.py, character for character."""
    doc = DOC.read_text(encoding="utf-8")
    start = doc.index("<!-- tests/test_embedding_app.py -->\n```python\n") + len(
        "<!-- tests/test_embedding_app.py -->\n```python\n"
    )
    assert doc[start : doc.index("```\n", start)] == EXAMPLE.read_text(encoding="utf-8")
