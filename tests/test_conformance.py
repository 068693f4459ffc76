"""The seed conformance cases (copied from shared/conformance/seeds.jsonl): 74 of 74 must pass."""

import pytest

from indicator_rules import (
    ActualValueError,
    RuleConflictError,
    RuleSyntaxError,
    UnitMismatchError,
    score_row,
)

from .conftest import load_jsonl

CASES = load_jsonl("conformance_seeds.jsonl")

# The `expect_error` texts of the seed file, read as the error class each one names.
EXPECTED_ERRORS = {
    "s1-06e": ActualValueError,
    "s1-07a": UnitMismatchError,
    "e-01": RuleSyntaxError,
    "e-02": RuleConflictError,
    "e-03": ActualValueError,
}


def _score(case):
    return score_row(
        target=case["target"],
        actual=case["actual"],
        weight=case["weight"],
        rule=case["rule"],
        operator=case.get("operator"),
        unit=case.get("unit"),
        events=case.get("events"),
        options=case.get("options"),
    )


def test_every_case_is_covered():
    """The file holds 74 cases and every error case has its class named here."""
    assert len(CASES) == 74
    assert {c["id"] for c in CASES if "expect_error" in c} == set(EXPECTED_ERRORS)


@pytest.mark.parametrize("case", [c for c in CASES if "score" in c], ids=lambda c: c["id"])
def test_score_to_the_cent(case):
    """Each scored case gives the expected score, rounded half-up to 2 decimals."""
    result = _score(case)
    assert str(result.score) == case["score"]
    assert result.explanation.endswith("分")


@pytest.mark.parametrize("case", [c for c in CASES if "expect_error" in c], ids=lambda c: c["id"])
def test_named_error(case):
    """Each error case raises the error its description names."""
    with pytest.raises(EXPECTED_ERRORS[case["id"]]):
        _score(case)


def test_syntax_error_points_at_the_wrong_character():
    """e-01: the caret is under 份 (line 1, column 8) and the message asks for 分."""
    case = next(c for c in CASES if c["id"] == "e-01")
    with pytest.raises(RuleSyntaxError) as info:
        _score(case)
    error = info.value
    assert (error.line, error.column) == (1, 8)
    assert "“分”" in error.message
    caret_line = str(error).splitlines()[2]
    # 7 characters before 份, all wide except the two digits: 5×2 + 2 = 12 columns of padding.
    assert caret_line == "    " + " " * 12 + "^"


def test_full_score_conflict_names_both_figures():
    """e-02: the message names the rule's 12 and the row's 10."""
    case = next(c for c in CASES if c["id"] == "e-02")
    with pytest.raises(RuleConflictError, match="12分与指标分值10分"):
        _score(case)
