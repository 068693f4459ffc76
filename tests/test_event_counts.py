"""Event counts as an evaluator gives them (rules/events.py): one total for several kinds of
event that all cost the same, the count of the one kind an answer names — and the counts
that could be read two ways, refused naming the kinds."""

from decimal import Decimal

import pytest

from indicator_rules import ActualValueError, score_row

SAME = "村专干按时参加例会上报数据计2分,每缺席一次扣0.5分,每错漏报数据一例扣0.5分。"
DIFFERENT = "责任区内无火灾,计20分。发生一般森林火灾一次扣5分,发生较大以上森林火灾一次扣10分。"


@pytest.mark.parametrize(("events", "score"), [(0, "2.00"), (1, "1.50"), (3, "0.50"), (4, "0.00")])
def test_a_total_count_of_kinds_that_cost_the_same_is_read(events, score):
    result = score_row(weight=2, rule=SAME, events=events)
    assert result.score == Decimal(score)
    if events:
        off = Decimal("0.5") * events
        assert (
            f"各类事件每次均扣0.5分，合计{events}次，扣{off.normalize():f}分" in result.explanation
        )


def test_the_total_and_the_counts_by_name_agree():
    by_name = score_row(weight=2, rule=SAME, events={"1": 2, "2": 1}).score
    assert by_name == score_row(weight=2, rule=SAME, events=3).score == Decimal("0.50")


@pytest.mark.parametrize(
    ("rule", "kinds"),
    [
        (DIFFERENT, "发生一般森林火灾：每次扣5分；发生较大以上森林火灾：每次扣10分"),
        (
            "每缺席一次扣0.5分,最多扣1分,每错漏报数据一例扣0.5分。",
            "缺席一次：每次扣0.5分，最多扣1分",
        ),
    ],
)
def test_a_total_count_of_kinds_that_cost_differently_is_refused_naming_them(rule, kinds):
    with pytest.raises(ActualValueError, match="分别填写") as error:
        score_row(weight=20, rule=rule, events=1)
    assert kinds in str(error.value)


@pytest.mark.parametrize(
    ("actual", "events", "score"),
    [
        ("发生一般森林火灾", 1, "15.00"),
        ("发生较大以上森林火灾", 1, "10.00"),
        ("发生较大以上森林火灾", 2, "0.00"),
        ("發生一般森林火災", "2", "10.00"),
    ],
)
def test_the_count_is_of_the_one_kind_the_answer_names(actual, events, score):
    assert score_row(weight=20, rule=DIFFERENT, actual=actual, events=events).score == Decimal(
        score
    )


@pytest.mark.parametrize(
    "actual",
    ["发生火灾", "发生一般森林火灾,发生较大以上森林火灾", "未发生一般森林火灾"],
)
def test_a_count_the_answer_does_not_give_one_kind_is_refused(actual):
    with pytest.raises(ActualValueError):
        score_row(weight=20, rule=DIFFERENT, actual=actual, events=1)
