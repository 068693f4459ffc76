"""A gap stated in the actual (rules/steps.py `reference_gap`): 低于责任指标0.25个百分点 against
未完成省下达责任指标的，每低0.1个百分点扣0.3分 on a row whose 指标值 is no number — scored by
its steps; a gap that could mean two things, or is measured from another reference, refused."""

from decimal import Decimal

import pytest

from indicator_rules import ActualValueError, score_row

RULE = "未完成省下达责任指标的,每低0.1个百分点扣0.3分,扣完为止。"


@pytest.mark.parametrize("target", ["", "省下达责任指标"])
@pytest.mark.parametrize(
    ("actual", "score"),
    [
        ("完成", "3.00"),
        ("达到责任指标", "3.00"),
        ("已完成省下达责任指标", "3.00"),
        ("低于责任指标0.1个百分点", "2.70"),  # exactly one step
        ("低于责任指标0.25个百分点", "2.10"),  # a part of a step counts as a whole one
        ("低于责任指标0.3个百分点", "2.10"),
        ("比标准低1个百分点", "0.00"),  # 10 steps, 3 points: 扣完为止
        ("未完成，低于责任指标0.5个百分点", "1.50"),
        ("低於責任指標０.５個百分點", "1.50"),
        ("低两个百分点", "0.00"),
    ],
)
def test_the_gap_the_actual_states_is_scored_by_the_steps(target, actual, score):
    assert score_row(target=target, weight=3, rule=RULE, actual=actual).score == Decimal(score)


def test_the_explanation_says_the_gap_and_the_steps():
    result = score_row(target="", weight=3, rule=RULE, actual="低于责任指标0.25个百分点")
    assert "低于省下达责任指标0.25个百分点，每低0.1个百分点扣0.3分，扣0.9分" in result.explanation


@pytest.mark.parametrize(
    ("actual", "words"),
    [
        ("低0.5%", "也可读作低省下达责任指标的0.5%"),
        ("低于去年0.5个百分点", "相对“去年”"),
        ("未完成", "没有写低多少个百分点"),
        ("完成，低于责任指标0.5个百分点", "既写了差距"),
        ("高于责任指标0.5个百分点", "无法读作"),
        ("低于责任指标0.1个百分点，低0.2个百分点", "2个差距"),
    ],
)
def test_a_gap_that_could_mean_two_things_is_refused(actual, words):
    with pytest.raises(ActualValueError, match=words):
        score_row(target="", weight=3, rule=RULE, actual=actual)


def test_a_numeric_target_is_still_scored_by_the_threshold():
    assert score_row(target="≥99%", weight=3, rule=RULE, actual="98.75%").score == Decimal("2.10")
