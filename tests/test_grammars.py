"""Parser start-up: the LALR tables are built once per user, not once per process."""

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_rules.grammars import _trusted, cache_path

_SCRIPT = (
    "from indicator_rules import score_row; from indicator_rules.grammars import BUILT; "
    "score_row(target='≥80%', weight=10, actual='72%', rule='达80%得满分10分，否则每少10%扣2分'); "
    "print(BUILT['rule'], BUILT['target'])"
)


def _run(cache_home) -> str:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


class TestParserCache:
    def test_a_second_process_loads_the_tables_instead_of_building_them(self, tmp_path):
        """The first process builds the grammars and writes their tables; the next reads them."""
        assert _run(tmp_path) == "grammar grammar"
        files = sorted(p.name for p in (tmp_path / "indicator-rules").glob("*.lark-cache"))
        assert [name.split("-")[0] for name in files] == ["rule", "target"]
        assert _run(tmp_path) == "cache cache"

    def test_the_cache_file_is_named_by_the_grammar_and_its_options(self, tmp_path, monkeypatch):
        """A different grammar option (or grammar text, or lark) is a different file."""
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        one = cache_path("rule", {"parser": "lalr"})
        assert one == cache_path("rule", {"parser": "lalr"})
        assert one != cache_path("rule", {"parser": "lalr", "strict": True})
        assert one.parent == tmp_path / "indicator-rules"

    @pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
    def test_a_file_others_can_write_is_never_unpickled(self, tmp_path):
        """lark's cache is a pickle: a group- or world-writable file or folder is not read."""
        path = tmp_path / "rule.lark-cache"
        path.write_bytes(b"")
        path.chmod(0o600)
        tmp_path.chmod(0o700)
        assert _trusted(path)
        path.chmod(0o666)
        assert not _trusted(path)
        path.chmod(0o600)
        tmp_path.chmod(0o777)
        assert not _trusted(tmp_path / "not-yet-written")
        tmp_path.chmod(0o700)

    def test_without_a_writable_cache_folder_the_tables_are_built_in_memory(self, tmp_path):
        """A cache home that cannot be created (a file in its way) is no error."""
        blocker = tmp_path / "file"
        blocker.write_text("")
        assert _run(blocker) == "grammar grammar"


_LINE_TEXT = st.lists(
    st.sampled_from(
        ["项目名称", "分值", "：", ":", "10", " ", "\t", "\u3000", "#注", "\r", "\n", "\n", "a"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300)
@given(_LINE_TEXT)
def test_reading_a_rule_file_by_lines_equals_lark_parse(text):
    """The line reader gives the entries (key, value, line, column) lark's parse of
    rulefile.lark gives, and declines exactly the texts lark refuses."""
    from lark.exceptions import UnexpectedInput

    from indicator_rules.grammars import load_parser
    from indicator_rules.rulefile import _ENTRIES, _read_lines

    try:
        expected = load_parser("rulefile", _ENTRIES).parse(text + "\n")
    except UnexpectedInput:
        expected = None
    assert _read_lines(text) == expected
