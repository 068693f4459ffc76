"""Every error indicator_rules raises, with compiler-style Chinese messages.

Each concrete error inherits `IndicatorRulesError` and the matching builtin, stores its fields,
builds its text in `__str__`, pickles, and compares equal by its fields. Errors about a piece of
text show the line, the column, the source line and a caret under the offending character,
padded by display width so that it lines up under Chinese text (lark's own `get_context`
misaligns it, lark issue #1530).
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "ActualValueError",
    "IndicatorRulesError",
    "InputFileError",
    "MissingExtraError",
    "OutputFileError",
    "RuleConflictError",
    "RuleFileError",
    "RuleSyntaxError",
    "TargetError",
    "UnitMismatchError",
    "caret_block",
]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# The lines of the last text shown: every problem of one rule file holds the same text, and
# splitting it once per problem made printing 10 000 problems quadratic.
_LAST_LINES: tuple = (None, [])
_WINDOW = 60  # characters shown either side of the caret on a long line


def caret_block(text: str, line: int, column: int) -> str:
    """The source line `line` of `text` with a caret under `column` (both 1-based); of a long
    line, only the characters around the column (a 10 MB line is not printed whole)."""
    global _LAST_LINES
    known, lines = _LAST_LINES
    if known is not text:
        lines = text.split("\n")  # lark counts lines by \n only
        _LAST_LINES = (text, lines)
    source = lines[min(max(line, 1), len(lines)) - 1].rstrip("\r")
    at = max(column - 1, 0)
    if len(source) > 2 * _WINDOW + 20:
        start = max(at - _WINDOW, 0)
        end = min(at + _WINDOW, len(source))
        head = "…" if start else ""
        source, at = (
            head + source[start:end] + ("…" if end < len(source) else ""),
            at - start + len(head),
        )
    pad = " " * _display_width(source[:at])
    return f"    {source}\n    {pad}^"


class IndicatorRulesError(Exception):
    """Base class of every error this library raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        text: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.line = line
        self.column = column
        self.hint = hint
        self.source = source

    def __reduce__(self):
        return (_rebuild, (type(self), self.__dict__.copy()))

    def __eq__(self, other):
        """Errors are equal when of one class with the same fields (a pickled copy is equal)."""
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        # the fields change while a file's problems are gathered (the message gets its place):
        # the class alone, which does not change, keeps equal errors' hashes equal
        return hash(type(self))

    def __str__(self) -> str:
        where = ""
        if self.line is not None and self.column is not None:
            where = f"{self.source or '<text>'}:{self.line}:{self.column}: "
        elif self.source:
            where = f"{self.source}: "
        return f"{where}{self.detail()}"

    def detail(self) -> str:
        """The message without its `file:line:col:` prefix: the text, the source line with a
        caret, the hint (`check` prints the file once, then each problem's detail)."""
        parts = [_capped(self.message)]
        if self.text is not None and self.line is not None and self.column is not None:
            parts.append(caret_block(self.text, self.line, self.column))
        if self.hint:
            parts.append(f"提示：{self.hint}")
        return "\n".join(parts)


_MESSAGE_LIMIT = 2000  # characters of a message shown; the middle of a longer one is left out


def _capped(message: str) -> str:
    if len(message) <= _MESSAGE_LIMIT:
        return message
    half = _MESSAGE_LIMIT // 2
    return f"{message[:half]}…（省略{len(message) - 2 * half}字）…{message[-half:]}"


def _rebuild(cls, state):
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message"))
    error.__dict__.update(state)
    return error


class RuleSyntaxError(IndicatorRulesError, ValueError):
    """A scoring-rule text (评分标准) that the rule language does not read."""


class TargetError(IndicatorRulesError, ValueError):
    """A target (指标值 / 度量单位 / 指标性质) that cannot be read."""


class ActualValueError(IndicatorRulesError, ValueError):
    """An actual value (实际完成值), event count or qualitative grade that cannot be used."""


class UnitMismatchError(IndicatorRulesError, ValueError):
    """Two quantities of different dimensions compared: people against money, say."""


class RuleConflictError(IndicatorRulesError, ValueError):
    """A rule that contradicts its indicator row, or itself (full score ≠ 分值, overlapping bands)."""


class RuleFileError(IndicatorRulesError, ValueError):
    """A rule file or table with one or more problems; `problems` holds each one."""

    def __init__(self, problems, *, source: str | None = None) -> None:
        problems = tuple(problems)
        super().__init__(f"{len(problems)} 处问题", source=source)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class InputFileError(IndicatorRulesError, ValueError):
    """A file that cannot be read as input: missing, unreadable, binary, too large, or in an
    encoding that cannot be told (`source` is its path)."""


class OutputFileError(IndicatorRulesError, OSError):
    """A file that cannot be written: its folder is missing or not writable, the disk is full,
    the file is read-only or is one of the command's own inputs (`source` is the path asked
    for); the file that was there is left as it was (writer.py)."""


class MissingExtraError(IndicatorRulesError, ImportError):
    """An optional extra that is not installed; the message names the `pip install` to run."""
