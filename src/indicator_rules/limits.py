"""The limits on what the library reads, and the one bounded reader of numbers.

Every number a user writes — in a rule, a target, a 分值, an actual, an event count, an option —
becomes a Decimal here, in `read_decimal`, which refuses before any Decimal or int is made a
text with more than `MAX_DIGITS` digits, an exponent past `MAX_EXPONENT`, NaN or Infinity: so
`1e999999999` is refused at once (int() of it would run for hours) and a 100 000-digit fraction
is refused, not rounded. Every argument that is turned into text goes through `text_of`, which
refuses what has no sensible text (a list, a dict, bytes, an object whose str() fails, an int
of thousands of digits) and a text longer than `MAX_TEXT`. `check_depth` refuses structured
values nested deeper than `MAX_DEPTH`.

The limits are module attributes, read at each call: an embedding app may change them
(`indicator_rules.limits.MAX_TEXT = 50_000`). File sizes are `reader.DEFAULT_LIMIT` (the
`limit=` argument and `--max-size`).

>>> read_decimal("1,250.5")
Decimal('1250.5')
>>> read_decimal("1e999999999")
Traceback (most recent call last):
...
ValueError: 指数过大（“1e999999999”）
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from .errors import ActualValueError, IndicatorRulesError

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_TEXT",
    "check_depth",
    "elide",
    "load_json",
    "read_decimal",
    "text_of",
]

MAX_DIGITS = 40  # digits of one number as written (15 integer digits and 10 places fit easily)
MAX_EXPONENT = 40  # |e| of a number written with an exponent (repr(1e-05) is "1e-05")
MAX_TEXT = 20_000  # characters of one rule text, target, actual or other argument
MAX_DEPTH = 16  # nesting of a structured actual or a JSON actuals file
MAX_PROBLEMS = 1000  # problems of one rule file listed; the rest are counted
ECHO = 200  # characters of a value an error message shows

_PLAIN = re.compile(r"[+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = frozenset(
    {"nan", "snan", "inf", "infinity", "+nan", "-nan", "+inf", "-inf", "+infinity", "-infinity"}
)


def elide(text: str, limit: int | None = None) -> str:
    """`text` cut to about `limit` characters (default `ECHO`), its middle left out and counted.

    >>> elide("甲" * 1000, 20)
    '甲甲甲甲甲甲甲甲甲甲…（省略980字）…甲甲甲甲甲甲甲甲甲甲'
    """
    limit = ECHO if limit is None else limit
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}…（省略{len(text) - 2 * half}字）…{text[-half:]}"


def read_decimal(text: str) -> Decimal:
    """The Decimal of a number text (digits, an optional point and exponent, thousands
    commas), refused with a ValueError when it has too many digits, a huge exponent, or is
    not finite — checked on the text, before any conversion."""
    text = text.strip()
    if len(text) > 3 * MAX_DIGITS or text.lower() in _NOT_FINITE:
        if text.lower() in _NOT_FINITE:
            raise ValueError(f"“{text}”不是有限的数")
        raise ValueError(f"数字位数过多（最多{MAX_DIGITS}位）")
    if _PLAIN.fullmatch(text) is None:
        raise ValueError(f"“{text}”不是数字")
    mantissa, _, exponent = text.lower().partition("e")
    if sum(ch.isdigit() for ch in mantissa) > MAX_DIGITS:
        raise ValueError(f"数字位数过多（最多{MAX_DIGITS}位）")
    if exponent and abs(int(exponent)) > MAX_EXPONENT:
        raise ValueError(f"指数过大（“{text}”）")
    return Decimal(text.replace(",", ""))


def _number_text(value, what: str, error) -> str:
    if isinstance(value, int):
        if value.bit_length() > 4 * MAX_DIGITS:
            raise error(f"{what}数值过大（超过{MAX_DIGITS}位）")
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))
    return str(value)


def text_of(value, what: str, error=ActualValueError) -> str:
    """`value` as text, for a string argument: a str (at most `MAX_TEXT` characters), a number
    or a Decimal; anything else raises `error` naming `what` and the type given."""
    if value.__class__ is not str:
        if isinstance(value, str):
            value = str.__str__(value)
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return _number_text(value, what, error)
        else:
            raise error(f"{what}应为文本或数字，而不是 {type(value).__name__}")
    if len(value) > MAX_TEXT:
        message = f"{what}过长（{len(value)}字，上限{MAX_TEXT}字）"
        if issubclass(error, IndicatorRulesError):
            raise error(message, hint=_LONG_HINT)
        raise error(message)
    return value


_LONG_HINT = (
    "检查是否把整个文件或表格填进了一个单元格；确需更长时调大 indicator_rules.limits.MAX_TEXT"
)


def _json_int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise ValueError(f"数字位数过多（最多{MAX_DIGITS}位）")
    return int(text)


def _json_float(text: str) -> float:
    number = float(read_decimal(text))  # bounded first: 1e999999999 never becomes inf
    return number


def _json_constant(text: str):
    raise ValueError(f"“{text}”不是有限的数")


def load_json(text: str):
    """`json.loads` within the limits: NaN and Infinity refused, numbers bounded as in
    `read_decimal`, nesting at most `MAX_DEPTH` — each a ValueError with its reason (a
    syntax error stays a `json.JSONDecodeError`, a subclass, with its position)."""
    try:
        data = json.loads(
            text, parse_int=_json_int, parse_float=_json_float, parse_constant=_json_constant
        )
    except RecursionError:
        raise ValueError(f"嵌套过深（超过{MAX_DEPTH}层）") from None
    return check_depth(data, "", ValueError)


def check_depth(value, what: str, error=ActualValueError, depth: int | None = None):
    """`value` unchanged, once sure its dicts, lists and tuples nest at most `depth` deep
    (default `MAX_DEPTH`); walked without recursion."""
    limit = MAX_DEPTH if depth is None else depth
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            continue
        if level >= limit:
            raise error(f"{what}嵌套过深（超过{limit}层）")
        stack.extend((child, level + 1) for child in children)
    return value
