"""A rule file's lines as entries (`键：值`, where each value starts): rulefile.lark's reading,
line by line on the common path, by lark where a line is not one fact (lark says where and what
is wrong). project.py builds the indicators from the entries."""

from __future__ import annotations

import functools
import re

import attrs
from lark import Transformer
from lark.exceptions import UnexpectedInput

from .errors import IndicatorRulesError
from .grammars import load_parser, raise_syntax_error

__all__ = ["Entry", "read_entries"]


@attrs.frozen(slots=True, kw_only=True)
class Entry:
    """One `键：值` line: the key, the value as written, where the value starts."""

    key: str
    value: str
    line: int
    column: int


class _Entries(Transformer):
    def start(self, items):
        entries = []
        for token in items:
            text = str(token)
            cut = min(i for i in (text.find(":"), text.find("：")) if i >= 0)
            key, raw = text[:cut], text[cut + 1 :]
            value = raw.strip()
            column = token.column + cut + 1 + (len(raw) - len(raw.lstrip()))
            entries.append(Entry(key=key.strip(), value=value, line=token.line, column=column))
        return entries


_ENTRIES = _Entries()


@functools.cache
def _line_terminals():
    """rulefile.lark's ENTRY and COMMENT, as the parser compiled them."""
    parser = load_parser("rulefile", _ENTRIES)
    return tuple(
        re.compile(parser.get_terminal(name).pattern.to_regexp()) for name in ("ENTRY", "COMMENT")
    )


def _read_lines(text: str) -> list[Entry] | None:
    """The entries lark's parse of rulefile.lark gives, read line by line: in that grammar each
    line is blank, a comment or one ENTRY (it runs to the end of the line), after ignored
    spaces. None when a line is none of these (the parser then reports it)."""
    entry, comment = _line_terminals()
    entries = []
    for number, line in enumerate(text.split("\n"), start=1):
        body = line.lstrip(" \t\u3000")
        if not body or body == "\r" or comment.fullmatch(body):
            continue
        if entry.fullmatch(body) is None:
            return None
        cut = min(i for i in (body.find(":"), body.find("：")) if i >= 0)
        raw = body[cut + 1 :]
        value = raw.strip()
        column = len(line) - len(body) + cut + 2 + (len(raw) - len(raw.lstrip()))
        entries.append(Entry(key=body[:cut].strip(), value=value, line=number, column=column))
    return entries


def read_entries(text: str, source: str) -> tuple[list[Entry] | None, IndicatorRulesError | None]:
    """(the entries, None), or (None, the error at the first line that is not one fact)."""
    try:
        entries = _read_lines(text)
        if entries is None:  # a line that is not one fact: lark says where and what is wrong
            entries = load_parser("rulefile", _ENTRIES).parse(text + "\n")
    except UnexpectedInput as error:
        try:
            raise_syntax_error(error, text, IndicatorRulesError, source)
        except IndicatorRulesError as problem:
            problem.message = problem.message.replace("结尾", "行尾")
            if "应为" in problem.message and "“:”" not in problem.message:
                problem.hint = problem.hint or "每行写作“键：值”，如“分值：10”"
            return None, problem
    return entries, None
