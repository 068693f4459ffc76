"""The shortcuts of the cold parse read every text exactly as the plain code does."""

from indicator_rules import normalize as normalizing
from indicator_rules.normalize import normalize


def test_the_string_table_maps_each_character_below_u10000_as_the_dict():
    table, bmp = normalizing._TABLE, normalizing._BMP_TABLE
    assert len(bmp) == 0x10000
    assert [c for c in range(0x10000) if bmp[c] != chr(table.get(c, c))] == []


def test_a_text_with_a_character_beyond_uffff_is_translated_by_the_dict(monkeypatch):
    monkeypatch.setitem(normalizing._TABLE, 0x1F600, ord("A"))  # the string table has none
    assert normalize("\U0001f600１評") == "A1评"
    assert normalize("\U0001f601１評") == "\U0001f6011评"
