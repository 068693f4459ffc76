"""Error classes: hierarchy, messages with carets, pickling."""

import pickle

import pytest

from indicator_rules import (
    ActualValueError,
    IndicatorRulesError,
    RuleConflictError,
    RuleFileError,
    RuleSyntaxError,
    TargetError,
    UnitMismatchError,
    parse_rule,
)
from indicator_rules.errors import caret_block

ERRORS = [RuleSyntaxError, TargetError, ActualValueError, UnitMismatchError, RuleConflictError]


@pytest.mark.parametrize("cls", ERRORS)
def test_each_error_is_ours_and_a_value_error(cls):
    assert issubclass(cls, IndicatorRulesError) and issubclass(cls, ValueError)


@pytest.mark.parametrize("cls", ERRORS)
def test_errors_pickle_with_their_fields(cls):
    error = cls("消息", text="达标得满分", line=1, column=3, hint="提示", source="rules.txt")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls and str(copy) == str(error)
    assert (copy.line, copy.column, copy.hint, copy.source) == (1, 3, "提示", "rules.txt")


def test_rule_file_error_lists_every_problem():
    error = RuleFileError([TargetError("一", source="a:1:1"), TargetError("二", source="a:2:1")])
    assert str(error).count("\n") >= 1 and "一" in str(error) and "二" in str(error)
    assert len(pickle.loads(pickle.dumps(error)).problems) == 2


def test_caret_counts_wide_characters_twice():
    assert caret_block("满意度x", 1, 4) == "    满意度x\n          ^"


def test_real_error_message_shape():
    with pytest.raises(RuleSyntaxError) as info:
        parse_rule("达标得满分10份")
    lines = str(info.value).splitlines()
    assert lines[0].startswith("评分标准:1:8: ")
    assert lines[1] == "    达标得满分10份"
    assert lines[3].startswith("提示：")


@pytest.mark.parametrize("grammar", ["rule", "target"])
def test_every_terminal_has_a_chinese_name_for_messages(grammar):
    """“此处应为…” names what was expected in words, never a grammar's terminal name."""
    from indicator_rules.grammars import TERMINAL_LABELS, load_parser

    names = {t.name for t in load_parser(grammar).terminals if not t.name.startswith("__")}
    assert names - set(TERMINAL_LABELS) == set()


class TestNearMiss:
    """Issue 12 §6: a refused text one known variation away from a rule names that rule."""

    @pytest.mark.parametrize(
        ("written", "meant"),
        [
            ("达标得满分10，否则不得分", "达标得满分10分，否则不得分"),  # 分 left out
            ("达标得满分10分，否则每少10%扣2", "达标得满分10分，否则每少10%扣2分"),
            ("达标得满分10分#否则不得分", "达标得满分10分，否则不得分"),  # a stray symbol
            ("达标得满分10分否则不得分", "达标得满分10分，否则不得分"),  # run together
        ],
    )
    def test_the_near_rule_is_named(self, written, meant):
        from indicator_rules import RuleSyntaxError, parse_rule

        with pytest.raises(RuleSyntaxError) as refused:
            parse_rule(written)
        assert refused.value.hint == f"是否要写“{meant}”？"
        parse_rule(meant)

    def test_a_word_of_the_rule_is_never_dropped_to_make_it_read(self):
        """否则 → 则 would read (则不得分 is a named condition) but changes the rule."""
        from indicator_rules import RuleSyntaxError, parse_rule

        with pytest.raises(RuleSyntaxError) as refused:
            parse_rule("达标得满分10分否则不得分")
        assert "否则" in (refused.value.hint or "")
