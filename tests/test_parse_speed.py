"""The shortcuts of the cold parse read every text exactly as the plain code does."""

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token

from indicator_rules import RuleSyntaxError, parse_rule, rules, segments
from indicator_rules import normalize as normalizing
from indicator_rules.normalize import normalize
from indicator_rules.rules.base import _number
from indicator_rules.targets import check_size


def test_the_string_table_maps_each_character_below_u10000_as_the_dict():
    table, bmp = normalizing._TABLE, normalizing._BMP_TABLE
    assert len(bmp) == 0x10000
    assert [c for c in range(0x10000) if bmp[c] != chr(table.get(c, c))] == []


def test_a_text_with_a_character_beyond_uffff_is_translated_by_the_dict(monkeypatch):
    monkeypatch.setitem(normalizing._TABLE, 0x1F600, ord("A"))  # the string table has none
    assert normalize("\U0001f600１評") == "A1评"
    assert normalize("\U0001f601１評") == "\U0001f6011评"


_MARK_ALPHABET = "①⑳(（)） 0123456789Aza一二十是、.．,;。:分第\n评得"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_MARK_ALPHABET, max_size=30))
def test_marks_are_found_as_without_the_lookahead_of_their_first_character(text):
    plain = re.compile(rf"(?:{segments._OPENING}|{segments._PLAIN})\s*")
    text = normalize(text)
    assert [m.span() for m in segments.MARK.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


@pytest.mark.parametrize(
    "text", ["①达标", "(1)达标", "1、达标", "1.达标", "一是达标", "A.达标", "(一)达标"]
)
def test_each_kind_of_mark_begins_with_a_character_of_the_lookahead(text):
    assert segments.MARK.match(text) is not None


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[0-9]{1,18}(\.[0-9]{1,14})?\Z"))
def test_a_number_of_the_rule_is_read_as_check_size_reads_it(text):
    token = Token("NUMBER", text)
    try:
        expected = check_size(Decimal(text))
    except ValueError as error:
        with pytest.raises(ValueError, match=str(error)):
            _number(token)
    else:
        assert _number(token) == expected


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("0.000000001", False),
        ("0.0000000001", False),
        ("0.00000000001", True),
        ("999999999999999", False),
        ("1000000000000000", True),
    ],
)
def test_the_numbers_beside_the_short_length_are_checked(text, refused):
    if refused:
        with pytest.raises(ValueError):
            _number(Token("NUMBER", text))
    else:
        assert _number(Token("NUMBER", text)) == Decimal(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("每高0.1个比点加扣0.1分", "加扣"),
        ("达标得5分，每少1%加扣1分", "加扣"),
        ("西部地区≥80%得10分", "各地区标准不同"),
        ("中部≥85%得10分", "各地区标准不同"),
        ("东部地区≥90%得10分", "各地区标准不同"),
        ("按优良中差评定", "定性等级"),
        ("按优良中低差评定", "定性等级"),
    ],
)
def test_each_unsupported_form_passes_the_pre_check_and_is_refused(text, reason):
    assert rules._UNSUPPORTED_ANY.search(text) is not None
    with pytest.raises(RuleSyntaxError, match=reason):
        parse_rule(text)
