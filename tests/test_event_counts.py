"""Event counts as an evaluator gives them (rules/events.py): one total for several kinds of
event that all cost the same, the count of the one kind an answer names — and the counts
that could be read two ways, refused naming the kinds."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_rules import ActualValueError, parse_rule, score_row
from indicator_rules.variants import TO_TRADITIONAL
from indicator_rules.wording import Target, read_answer

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
            "缺席：每次扣0.5分，最多扣1分",
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


# --- counts said in words in the actual (rules/events.py counts_in_words) ---

WORDS = [
    ("对违纪党员给予通报批评的扣0.5分/例,党内警告的扣1分/例", 3, "通报批评2例,党内警告1例", "1.00"),
    ("对违纪党员给予通报批评的扣0.5分/例,党内警告的扣1分/例", 3, "党内警告2例", "1.00"),
    ("层层签订得2分,少一个单位扣1分", 2, "少1个单位", "1.00"),
    ("层层签订得2分,少一个单位扣1分", 2, "缺3个单位", "0.00"),
    ("层层签订得2分,少一个单位扣1分", 2, "全部签订", "2.00"),
    ("全年到位得3分,缺位一次扣1分", 3, "缺位2次", "1.00"),
    ("全年到位得3分,缺位一次扣1分", 3, "全年缺位两次", "1.00"),
    ("民主议事记录完整,得2分;不完整的每个项目扣1分", 2, "1个项目记录不完整", "1.00"),
    ("未发生安全事故得满分，每发生一起扣2分", 10, "发生2起", "6.00"),
    ("未发生安全事故得满分，每发生一起扣2分", 10, "全年3起", "4.00"),
    ("每缺席一次扣0.5分,每错漏报数据一例扣1分。", 3, "缺席两次,错漏报数据1例", "1.00"),
]


@pytest.mark.parametrize(("rule", "weight", "actual", "score"), WORDS)
def test_counts_said_in_the_actual_are_the_event_counts(rule, weight, actual, score):
    assert score_row(weight=weight, rule=rule, actual=actual).score == Decimal(score)


@pytest.mark.parametrize(
    ("rule", "actual", "words"),
    [
        ("每缺席一次扣0.5分,每错漏报数据一例扣1分。", "3次", "没有写是哪一种扣分事件"),
        ("全年到位得3分,缺位一次扣1分", "缺位2次,缺位1次", "写了两次"),
    ],
)
def test_a_count_that_names_no_one_kind_is_refused(rule, actual, words):
    with pytest.raises(ActualValueError, match=words):
        score_row(weight=3, rule=rule, actual=actual)


NUMERALS = {1: ["1", "一", "１"], 2: ["2", "两", "二", "２"], 3: ["3", "三", "３"]}


@settings(max_examples=30, deadline=None)
@given(
    first=st.sampled_from(sorted(NUMERALS)),
    second=st.sampled_from(sorted(NUMERALS)),
    data=st.data(),
)
def test_every_written_count_scores_as_its_number(first, second, data):
    """通报批评2例，党内警告1例 with 2/两/二/２, any separator, simplified or traditional."""
    rule = "对违纪党员给予通报批评的扣0.5分/例,党内警告的扣1分/例"
    a = data.draw(st.sampled_from(NUMERALS[first]))
    b = data.draw(st.sampled_from(NUMERALS[second]))
    sep = data.draw(st.sampled_from(["，", ",", "；", ";", "。"]))
    actual = f"通报批评{a}例{sep}党内警告{b}例"
    if data.draw(st.booleans()):
        actual = TO_TRADITIONAL.convert(actual)
    expected = max(Decimal(3) - Decimal("0.5") * first - second, Decimal(0))
    assert score_row(weight=3, rule=rule, actual=actual).score == expected


@settings(max_examples=20, deadline=None)
@given(measure=st.sampled_from(["次", "例", "起", "处", "项", "个"]), n=st.integers(0, 6))
def test_a_count_in_the_rules_own_measure_is_read(measure, n):
    rule = f"工作到位得3分,每发现问题一{measure}扣0.5分"
    score = score_row(weight=3, rule=rule, actual=f"发现问题{n}{measure}").score
    assert score == max(Decimal(3) - Decimal("0.5") * n, Decimal(0))


def test_a_negative_answer_speaking_of_several_kinds_says_none_happened():
    assert score_row(weight=20, rule=DIFFERENT, actual="无火灾").score == Decimal("20.00")
    said = read_answer(
        "无火灾", [[Target("1", "发生一般森林火灾", "any"), Target("2", "发生较大火灾", "any")]]
    )
    assert said == {"1": False, "2": False}


@pytest.mark.parametrize("actual", ["发生火灾", "已成立"])
def test_a_positive_answer_speaking_of_several_is_still_refused(actual):
    groups = [[Target("1", "发生一般火灾", "any"), Target("2", "发生较大火灾", "any")]]
    groups += [[Target("3", "未成立禁烧工作小组", "any"), Target("4", "未成立领导小组", "any")]]
    with pytest.raises(ActualValueError, match="可对应多个条件"):
        read_answer(actual, groups)


@pytest.mark.parametrize(
    ("rule", "events", "score"),
    [
        (
            "及時掌握納保對象家庭狀況,應保盡保,應退盡退。虛報一次扣1分,上報不及時一次扣0.5分。",
            {"虛報": 1, "上報不及時": 2},
            "2.00",
        ),
        ("每缺席一次扣0.5分,每错漏报数据一例扣1分。", {"缺席": 1, "错漏报数据": 1}, "2.50"),
    ],
)
def test_an_event_is_keyed_by_its_own_last_words(rule, events, score):
    """虚报 for an event whose name kept the rule's lead; 缺席 for 缺席一次."""
    assert score_row(weight=4, rule=rule, events=events).score == Decimal(score)


def test_a_key_naming_no_one_event_is_refused():
    with pytest.raises(ActualValueError, match="没有扣分事件“数据”"):
        score_row(weight=3, rule="每缺席一次扣0.5分,每错漏报数据一例扣1分。", events={"数据": 1})


# --- conditions named by their last clause (rules/named.py) ---

FOUR = "绿化程度在本地区属差的,扣10分;环境不美观,庭院不整洁扣10分;管理用房等配套设施不完善扣10分。"


@pytest.mark.parametrize(
    ("rule", "weight", "items", "score"),
    [
        (
            "管理体制不顺畅,管理权限不明确的扣20分; 无水库管理机构或无专门水库管护人员的,此项不得分;",
            40,
            ["管理体制不顺畅,管理权限不明确"],
            "20.00",
        ),
        (
            FOUR,
            40,
            ["绿化程度在本地区属差", "环境不美观,庭院不整洁", "管理用房等配套设施不完善"],
            "10.00",
        ),
        (
            "预算编制不完整,扣2分;乡财政预算于5月31日前报区乡财局备案,未及时报送的,扣1分。",
            6,
            ["未及时报送"],
            "5.00",
        ),
    ],
)
def test_a_condition_is_named_by_its_last_clause(rule, weight, items, score):
    result = score_row(target="", weight=weight, rule=rule, actual={"items": items})
    assert result.score == Decimal(score)


def test_two_conditions_joined_by_a_comma_are_not_one():
    with pytest.raises(ActualValueError, match="没有条件"):
        score_row(
            target="",
            weight=40,
            rule=FOUR,
            actual={"items": ["绿化程度在本地区属差,管理用房等配套设施不完善"]},
        )


# --- events that are failures of the condition by their name (states.py) ---


@pytest.mark.parametrize(
    ("rule", "weight", "actual"),
    [
        (
            "责任区内全年无滥伐林木、毁林开荒等破坏森林资源现象的计20分,发现一项的扣5分,扣完为止。",
            20,
            "全年无破坏森林资源现象",
        ),
        (
            "1.施工安全检查评定等级合格,且未发生投诉,得2分。2.不符合以上要求,每发生1次投诉扣0.5分,扣完为止。",
            2,
            "合格,未发生投诉",
        ),
        ("层层签订得2分,少一个单位扣1分", 2, "全部签订"),
    ],
)
def test_an_event_named_as_a_failure_did_not_happen_where_the_condition_holds(rule, weight, actual):
    assert score_row(weight=weight, rule=rule, actual=actual).score == Decimal(weight)


def test_a_finding_still_needs_its_count_where_the_condition_fails():
    rule = "责任区内全年无破坏森林资源现象的计20分,发现一项的扣5分,扣完为止。"
    assert score_row(weight=20, rule=rule, events=2).score == Decimal("10.00")
    with pytest.raises(ActualValueError):
        score_row(weight=20, rule=rule, actual="有破坏森林资源现象")


@pytest.mark.parametrize(
    ("rule", "name", "measure"),
    [
        ("每缺席一次扣0.5分", "缺席", "次"),
        ("每错漏报数据一例扣0.5分", "错漏报数据", "例"),
        ("每發現一處扣1分", "发现", "处"),
        ("迟报一次扣1分", "迟报", "次"),
    ],
)
def test_one_and_its_measure_close_the_event_name(rule, name, measure):
    """每缺席一次扣0.5分: the event is 缺席, counted in 次 (its name kept 一次: “缺席一次2次”)."""
    (event,) = parse_rule(rule).events
    assert (event.event, event.measure) == (name, measure)


class TestCountsSaidExactly:
    """Found by review: 二三例 read as 23, 1.5起 as 5, 3-4起 as 4, 3起以上 as 3; an event named
    without its count counted 0; 十十起 raised ValueError."""

    ONE = "每发生一起安全事故扣2分"
    TWO = "受到通报批评的，每例扣2分；受到党内警告的，每例扣3分"

    @pytest.mark.parametrize(
        "count",
        ["二三", "两两", "一二", "十十", "1.5", "3-4", "3/4", "3至4"],
    )
    def test_a_count_that_is_not_one_number_is_refused(self, count):
        with pytest.raises(ActualValueError, match="确切"):
            score_row(weight=10, rule=self.ONE, actual=f"发生安全事故{count}起")

    @pytest.mark.parametrize("words", ["{n}起以上", "至少{n}起", "近{n}起", "约{n}起", "{n}起左右"])
    def test_a_count_with_a_word_of_bound_is_refused(self, words):
        with pytest.raises(ActualValueError, match="确切"):
            score_row(weight=10, rule=self.ONE, actual="发生安全事故" + words.format(n=3))

    @pytest.mark.parametrize(("count", "score"), [("3", "4.00"), ("三", "4.00"), ("十二", "0.00")])
    def test_an_exact_count_reads(self, count, score):
        assert (
            str(score_row(weight=10, rule=self.ONE, actual=f"发生安全事故{count}起").score) == score
        )

    @pytest.mark.parametrize("second", ["受到党内警告", "党内警告", "有党内警告"])
    def test_a_kind_named_without_its_count_is_refused(self, second):
        with pytest.raises(ActualValueError, match="没有写次数"):
            score_row(weight=10, rule=self.TWO, actual=f"通报批评2例，{second}")

    @pytest.mark.parametrize("gap", ["1.2.3", "0.2.", "十十"])
    def test_a_gap_that_is_not_one_number_is_an_error_not_a_traceback(self, gap):
        rule = "未完成省下达责任指标的，每低0.1个百分点扣0.3分"
        with pytest.raises(ActualValueError, match="不是一个数"):
            score_row(weight=3, rule=rule, actual=f"低于指标{gap}个百分点")
