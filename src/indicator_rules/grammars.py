"""Load the .lark grammars shipped in the package, and turn lark's errors into ours.

The grammars live in the top-level `grammar/` folder of the source tree, installed as the
package `indicator_rules.grammar`. Each is built once, LALR with the contextual lexer, in lark's
strict mode so that a terminal collision fails at build time rather than misreading a rule.
"""

from __future__ import annotations

import functools

from lark import Lark, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .errors import IndicatorRulesError

__all__ = ["TERMINAL_LABELS", "load_parser", "raise_syntax_error"]

# What each terminal is called in an "expected …" message.
TERMINAL_LABELS = {
    "_FEN": "“分”",
    "NUMBER": "数字（如 10）",
    "CN_NUMBER": "中文数字（如 一）",
    "GET_FULL": "“得满分”",
    "GET": "“得”或“计”",
    "SCORE_WORD": "“得分”或“评分”",
    "ZERO": "“不得分”",
    "MEET": "“达标”",
    "REACH": "“达”或“达到”",
    "ONTIME": "“按时”",
    "OTHERWISE": "“否则”",
    "NOT": "“未”",
    "BY": "“按”或“根据”",
    "_EACH": "“每”",
    "_DEDUCT": "“扣”",
    "CMP_WORD": "“少”“低于”“超过”等比较词",
    "LATE": "“逾期”",
    "OP": "运算符（≥ ≤ = > <）",
    "AND": "“且”",
    "DASH": "“-”",
    "INCL": "“(含)”",
    "BOUND_WORD": "“以上”或“以下”",
    "CAP": "“扣完为止”",
    "CAP_UPTO": "“扣完”",
    "_UNTIL": "“为止”",
    "UNIT": "单位（如 %、人、次、天）",
    "SUBJECT": "指标或事项名称",
    "BASIS": "计分依据（如 完成比例）",
    "_SEP": "分隔符（，或；）",
    "PERCENT": "“%”",
    "MAGNITUDE": "“万”或“亿”",
    "PREFIX_WORD": "“不超过”等词",
    "SUFFIX_WORD": "“以上”“以下”等词",
    "DATE_YMD": "日期（如 2026年12月）",
    "DATE_ISO": "日期（如 2026-12）",
    "DATE_Y": "年份（如 2026年）",
    "DATE_MD": "月份（如 9月）",
    "YEAR_END": "“年底”",
    "CN_PERCENT": "“百分之…”",
    "$END": "结尾",
}


@functools.cache
def load_parser(name: str, transformer: Transformer | None = None) -> Lark:
    """The LALR parser for `grammar/<name>.lark`, built once per process."""
    return Lark.open_from_package(
        "indicator_rules.grammar",
        f"{name}.lark",
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=False,
        transformer=transformer,
    )


def _expected(names) -> str:
    labels = sorted({TERMINAL_LABELS.get(name, name) for name in names if name != "$END"})
    if "$END" in names:
        labels.append(TERMINAL_LABELS["$END"])
    return "、".join(labels[:6]) + ("等" if len(labels) > 6 else "")


def raise_syntax_error(
    error: UnexpectedInput, text: str, cls: type[IndicatorRulesError], what: str
) -> None:
    """Re-raise a lark error as `cls`, in Chinese, with position, caret and expectations."""
    line, column = error.line, error.column
    if isinstance(error, UnexpectedCharacters):
        char = text.splitlines()[line - 1][column - 1] if text else ""
        expected = _expected(error.allowed)
        message = f"{what}无法识别“{char}”，此处应为{expected}"
        hint = None
        single = [n for n in error.allowed if TERMINAL_LABELS.get(n, "").count("“") == 1]
        if len(error.allowed) == 1 and single:
            hint = f"把“{char}”改为{TERMINAL_LABELS[single[0]]}"
    elif isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        expected = _expected(error.expected)
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
        message = f"{what}不完整，结尾处应为{expected}"
        hint = "规则需要写完整，例如“达标得满分10分，否则不得分”"
    else:
        assert isinstance(error, UnexpectedToken)
        expected = _expected(error.expected)
        message = f"{what}此处不应出现“{error.token}”，此处应为{expected}"
        hint = None
    raise cls(message, text=text, line=line, column=column, hint=hint) from None
