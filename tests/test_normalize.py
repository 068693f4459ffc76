"""normalize: traditional → simplified, character for character (positions stay true)."""

from __future__ import annotations

import pytest

from indicator_rules import score_row
from indicator_rules.normalize import normalize


@pytest.mark.parametrize(
    ("written", "plain"), [("參與", "参与"), ("參加", "参加"), ("參照", "参照")]
)
def test_can_is_participate_not_the_numeral_three(written, plain):
    """參 read as the financial numeral 三 made 參與 三与 (a condition no answer could match)."""
    assert normalize(written) == plain
    assert len(normalize(written)) == len(written)


def test_financial_numerals_still_read_as_digits():
    assert normalize("壹貳肆") == "一二四"


def test_a_traditional_condition_is_answered_in_simplified_words():
    rule = "積極參與重大科普活動記4分"
    assert str(score_row(weight=4, rule=rule, actual="参与").score) == "4.00"
    assert str(score_row(weight=4, rule=rule, actual="未参与").score) == "0.00"
