"""The compiled per-record API and its exact integer fast path (fastpath.py)."""

import math
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from indicator_rules import IndicatorRulesError, compile_indicator, score_row

# Rows of every kind the fast path reads, and some it hands to the Decimal path.
ROWS = [
    {"target": "≥90%", "weight": 10},
    {"target": "≥100", "weight": 10},
    {"target": "=100%", "weight": 5, "rule": "达100%得满分5分，否则按正常使用率得分"},
    {"target": "≥92.5%", "weight": 2.5},
    {"target": "≤35", "weight": 10},
    {"target": "≤5%", "weight": 10, "options": {"reverse": "linear"}},
    {"target": "≥80%", "weight": 10, "rule": "达80%得满分10分，否则每少10%扣2分"},
    {"target": "≥80%", "weight": 10, "rule": "达80%得满分10分，否则每少3%扣0.75分"},
    {
        "target": "≥80%",
        "weight": 10,
        "rule": "达80%得满分10分，否则每少10%扣2分",
        "options": {"steps": "floor"},
    },
    {"target": "≥200人", "weight": 10, "rule": "达标得满分10分，否则每少10%扣2分"},
    {"target": "≤30天", "weight": 10, "rule": "达标得满分10分，否则每超过2天扣1分"},
    {"target": "≥85%", "weight": 10, "rule": "达到90%得满分10分，否则按完成比例得分"},
    {"target": "≥90%", "weight": 10, "rule": "达标得满分10分，否则不得分"},
    {
        "target": "≥90%",
        "weight": 10,
        "rule": "≥90%得10分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分",
    },
    {
        "target": "≥90",
        "weight": 10,
        "rule": "≥90得10分；80(含)-90得8分；60(含)-80得6分；60以下不得分",
    },
    {
        "target": "≥90%",
        "weight": 10,
        "rule": "达标得满分10分，未及时宣传每次扣1分",
    },  # events: Decimal path
    {"target": "≥31.7万元", "weight": 10},  # 31.7万元 is 317000元: a bare number is 元
]


def _row(spec):
    return compile_indicator(**spec)


def _decimal(row, actual):
    """The Decimal path's result, or the class of its error."""
    try:
        return row.decimal_result(actual)
    except IndicatorRulesError as error:
        return type(error)


def _fast(row, actual):
    try:
        return row.score(actual), row.result(actual)
    except IndicatorRulesError as error:
        return type(error)


def _ties(spec):
    """Actuals whose ratio score is exactly half a cent: 100·w·b/a = m + ½."""
    row = _row(spec)
    a, w = row.target.value.amount, row.weight
    return [a * (2 * m + 1) / (200 * w) for m in range(0, int(100 * w), 7)]


def _decimal_texts(places: int):
    return st.integers(-(10**8), 10**8).map(lambda n: str(Decimal(n).scaleb(-places)))


ACTUALS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-200, 200).map(lambda x: round(x, 2)),
    st.floats(-200, 200).map(lambda x: round(x, 3)),
    st.sampled_from(
        [
            math.inf,
            -math.inf,
            math.nan,
            0.0,
            -0.0,
            1e13,
            -1e13,
            1e15,
            2.0**53,
            79.995,
            89.995,
            90.0,
            60.0,
            80.0,
        ]
    ),
    st.integers(-(10**16), 10**16),
    st.integers(0, 130),
    st.integers(0, 6).flatmap(_decimal_texts),
    st.integers(0, 4).flatmap(_decimal_texts).map(lambda t: t + "%"),
    st.integers(0, 3).flatmap(_decimal_texts).map(lambda t: f" {t} "),
    st.integers(0, 3).flatmap(_decimal_texts).map(Decimal),
    st.sampled_from(["72%", "+5", "007", "-0", "-0.0", "5.", ".5", "1e3", "72 %", "1,000", "７２"]),
    st.sampled_from(["200人", "30天", "3万元", "72人", "达成年度指标", "", "abc", "99.5%%"]),
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(spec=st.sampled_from(ROWS), actual=ACTUALS)
def test_the_fast_path_equals_the_decimal_path(spec, actual):
    """score() and result() give the Decimal path's score to the cent (and its exact value,
    met, warnings and explanation), or the same error, on every input."""
    row = _row(spec)
    expected = _decimal(row, actual)
    got = _fast(row, actual)
    if isinstance(expected, type):
        assert got == expected
        return
    score, result = got
    assert str(score) == str(expected.score)
    assert str(result.score) == str(expected.score)
    assert str(result.exact) == str(expected.exact)
    assert result.met == expected.met
    assert result.warnings == expected.warnings
    assert result.explanation == expected.explanation


@pytest.mark.parametrize("spec", ROWS[:6])
def test_half_cent_ties_round_up_on_both_paths(spec):
    """Actuals exactly half a cent between two scores: both paths round them up."""
    row = _row(spec)
    for tie in _ties(spec):
        for actual in (str(tie), tie, float(tie)):
            expected = _decimal(row, actual)
            if not isinstance(expected, type):
                assert row.score(actual) == expected.score


@settings(max_examples=200)
@given(spec=st.sampled_from(ROWS[:6]), m=st.integers(0, 999))
def test_ties_drawn_at_random_round_up(spec, m):
    """A tie of the ratio score as a string and as a float rounds half up, as Decimal does."""
    row = _row(spec)
    a, w = row.target.value.amount, row.weight
    tie = a * (2 * m + 1) / (200 * w)
    assume(tie.as_tuple().exponent >= -6)
    for actual in (str(tie), float(tie)):
        expected = _decimal(row, actual)
        if not isinstance(expected, type):
            assert row.score(actual) == expected.score


class TestCompiledIndicator:
    def test_which_rows_take_the_integer_path(self):
        """Thresholds, steps and bands have a fast path; per-event rows do not."""
        assert all(_row(spec).fast is not None for spec in ROWS[:15])
        assert _row(ROWS[15]).fast is None

    def test_score_of_a_float_a_string_and_a_percent(self):
        """87.25, "87.25" and "87.25%" are one actual against a % target."""
        row = compile_indicator(target="≥90%", weight=10)
        assert row.score(87.25) == row.score("87.25") == row.score("87.25%") == Decimal("9.69")

    def test_events_and_conditions_are_keywords(self):
        """A per-event row takes its count as `events`, on the Decimal path."""
        row = compile_indicator(
            target="≥90%", weight=10, rule="达标得满分10分，未及时宣传每次扣1分"
        )
        assert row.score(95, events=3) == Decimal("7.00")
        assert "未及时宣传3次" in row.result("95%", events=3).explanation

    def test_the_over_achievement_warning_is_written_when_read(self):
        """A result above 130% of its target carries the warning, written on first reading."""
        row = compile_indicator(target="≥50%", weight=10)
        result = row.result(80.0)
        assert not isinstance(result._warnings, tuple)  # not written yet
        assert result.warnings == ("实际值为目标的160%，超过130%，请说明目标是否设置偏低",)
        assert row.result(60.0).warnings == ()

    def test_score_row_reuses_the_row_compiled_for_its_arguments(self):
        """The same arguments give the same compiled row; 10 and 10.0 are two rows."""
        from indicator_rules.scoring import _row as row_of

        one = row_of("≥90%", 10, None, None, None, None, None)
        assert row_of("≥90%", 10, None, None, None, None, None) is one
        assert row_of("≥90%", 10.0, None, None, None, None, None) is not one
        assert score_row(target="≥90%", weight=10.0, actual=90).weight == Decimal("10.0")


class TestProjectRows:
    def test_a_project_scores_as_on_the_decimal_path(self):
        """Project.evaluate takes each row's compiled path; every row's score, exact value,
        explanation and warnings, the total and the grade are those of the Decimal path
        (options given: each row is compiled again and scored in Decimals)."""
        from pathlib import Path

        from indicator_rules.project import load

        examples = Path(__file__).parent.parent / "examples"
        project = load(examples / "chenggong-medical-insurance-2026.rules")
        actuals = examples / "chenggong-medical-insurance-2026-actuals.csv"
        fast, slow = project.evaluate(actuals), project.evaluate(actuals, options={})
        assert (fast.total, fast.grade) == (slow.total, slow.grade) == (Decimal("93.95"), "优")
        for one, other in zip(fast.rows, slow.rows, strict=True):
            assert str(one.result.exact) == str(other.result.exact)
            assert one.result.score == other.result.score
            assert one.result.explanation == other.result.explanation
            assert one.result.warnings == other.result.warnings
        assert any(row.indicator.compiled.fast is not None for row in fast.rows)


def _read_by_expression(places: int, percent: bool):
    """The reading of strings `fastpath._reader` had before its str-method fast case: the
    regular expressions alone (the reference the fast case must equal)."""
    import re

    plain = re.compile(rf"([0-9]{{1,16}})(?:\.([0-9]{{1,{places}}}))?(%?)").fullmatch
    number = re.compile(r"([+-]?)([0-9]{1,16})(?:\.([0-9]{1,10}))?(%?)").fullmatch

    def read(text):
        match = plain(text)
        if match is not None:
            digits, fraction, sign_of_percent = match.groups()
            if sign_of_percent and not percent:
                return None
            if fraction is None:
                return int(digits) * 10**places
            n = int(digits + fraction) * 10 ** (places - len(fraction))
            return n if n < 2**50 else None
        match = number(text.strip())
        if match is None:
            return None
        sign, digits, fraction, sign_of_percent = match.groups()
        if (sign_of_percent and not percent) or (fraction and len(fraction) > places):
            return None
        n = int(digits + (fraction or "")) * 10 ** (places - len(fraction or ""))
        return (-n if sign == "-" else n) if n < 2**50 else None

    return read


@settings(max_examples=1500)
@given(
    places=st.integers(2, 6),
    percent=st.booleans(),
    text=st.one_of(
        st.text(alphabet="0123456789.%+- ٣²", max_size=22),
        st.from_regex(r"\A[0-9]{1,18}(\.[0-9]{0,8})?%{0,2}\Z"),
    ),
)
def test_a_string_is_read_as_the_expressions_read_it(places, percent, text):
    """“87.25%” read with str methods: the same integer as the regular expressions give, or
    None where they give None (Unicode digits, a bare dot, too many decimals, 16+ digits)."""
    from indicator_rules.fastpath import _reader

    assert _reader(places, percent)(text) == _read_by_expression(places, percent)(text)


def test_score_row_finds_the_common_row_without_compiling(monkeypatch):
    """A row of target, weight and rule text only is looked up, not compiled, on later calls;
    a row with an operator or unit is a row of its own."""
    from indicator_rules import scoring

    made = []
    monkeypatch.setattr(scoring, "_ROWS", {})
    compile_row = scoring.compile_indicator
    monkeypatch.setattr(
        scoring, "compile_indicator", lambda **kw: made.append(kw) or compile_row(**kw)
    )
    rule = "达80%得满分10分，否则每少10%扣2分"
    for actual in ("72.5%", "81%", 79.0):
        score_row(target="≥80%", weight=10, rule=rule, actual=actual)
    assert len(made) == 1
    score_row(target="≥80%", weight=10, rule=rule, actual="72%", unit="%")
    score_row(target="≥80%", weight=10, rule=rule, actual="72%", unit="%")
    assert len(made) == 2
