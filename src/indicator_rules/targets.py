"""Targets (指标值) and actual values (实际完成值): text → lark tree → `Target` / actual value.

`parse_target("≥90%")`, `parse_target("114803", operator="=", unit="人次")`,
`parse_target("效果显著")`; `parse_actual("31.2万", target)` reads an actual against its target
(a bare 100 against a % target is 100%, 元 against 人 is a `UnitMismatchError`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from lark import Transformer
from lark.exceptions import UnexpectedInput

from .errors import ActualValueError, TargetError, UnitMismatchError
from .grammars import load_parser, raise_detached, raise_syntax_error
from .limits import elide, read_decimal, text_of
from .model import (
    DateValue,
    Grade,
    Operator,
    Qualitative,
    Quantity,
    Target,
)
from .normalize import normalize
from .numerals import cn_number, with_digits
from .options import in_context
from .units import known_names, lookup_unit

__all__ = ["parse_operator", "parse_target", "read_quantity", "with_year"]

_OPERATORS = {
    "≥": Operator.GE,
    ">=": Operator.GE,
    "≤": Operator.LE,
    "<=": Operator.LE,
    "=": Operator.EQ,
    "==": Operator.EQ,
    ">": Operator.GT,
    "<": Operator.LT,
}
_PREFIX_WORDS = {
    "不超过": Operator.LE,
    "不高于": Operator.LE,
    "不多于": Operator.LE,
    "不低于": Operator.GE,
    "不少于": Operator.GE,
    "达到": Operator.GE,
    "达": Operator.GE,
    "超过": Operator.GT,
    "高于": Operator.GT,
    "大于": Operator.GT,
    "多于": Operator.GT,
    "低于": Operator.LT,
    "少于": Operator.LT,
    "不足": Operator.LT,
    "小于": Operator.LT,
}
_SUFFIX_WORDS = {
    "及以上": Operator.GE,
    "以上": Operator.GE,
    "及以下": Operator.LE,
    "以下": Operator.LE,
    "以内": Operator.LE,
    "之内": Operator.LE,
    "内": Operator.LE,
    "(含)": None,
    "前": Operator.LE,
    "之前": Operator.LE,
    "以前": Operator.LE,
    "后": Operator.GE,
    "之后": Operator.GE,
    "以后": Operator.GE,
}
_MAGNITUDES = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000)}
_GRADE_WORDS = {
    "达成年度指标": Grade.MET,
    "达成预期指标": Grade.MET,
    "达成": Grade.MET,
    "部分达成年度指标并具有一定效果": Grade.PARTIAL,
    "部分达成预期指标并具有一定效果": Grade.PARTIAL,
    "部分达成": Grade.PARTIAL,
    "未达成年度指标且效果较差": Grade.FAILED,
    "未达成预期指标且效果较差": Grade.FAILED,
    "未达成": Grade.FAILED,
}
_OPERATOR_NAMES = dict(_OPERATORS, **{"＝": Operator.EQ, "定量": None, "定性": None, "": None})
_DIGIT = re.compile(r"[0-9]")
_NUMBER_WORDS = re.compile(r"^百分之|^(年底|年末|年内)(前|之前|以前)?$")


def clean_decimal(text: str) -> tuple[Decimal, bool]:
    """The Decimal a number text means, and whether it was a spreadsheet float artefact.

    0.0900000762939453 is 0.09 stored as a single-precision float; it is read as 0.09. The
    text is read by the bounded reader (limits.read_decimal): too many digits or a huge
    exponent is a ValueError, never a rounding; only a text a float could have written (at
    most 17 significant digits) is taken for an artefact.
    """
    value = read_decimal(text)
    digits = text.partition(".")[2]
    if len(digits) >= 12 and len(value.as_tuple().digits) <= _FLOAT_DIGITS:
        for places in range(0, 7):
            short = round(value, places)
            if short != value and abs(short - value) <= Decimal("1e-6") * max(1, abs(value)):
                return check_size(short), True
    return check_size(value), False


_FLOAT_DIGITS = 17  # the significant digits of a double's shortest repr
MAX_MAGNITUDE = Decimal(10) ** 15
MAX_PLACES = 10


def check_size(value: Decimal) -> Decimal:
    """Refuse numbers no budget table holds: |x| ≥ 10¹⁵ or more than 10 decimal places.

    This keeps every computation inside Decimal's 28 significant digits, exactly. The
    comparisons look at the digits and the exponent, never at a computed value (abs() of
    1E+999999999 overflows the context).
    """
    if not value.is_finite():
        raise ValueError("数值过大（不能超过15位整数）")
    _, digits, exponent = value.as_tuple()
    if value and len(digits) + exponent > 15:
        raise ValueError("数值过大（不能超过15位整数）")
    if exponent < -MAX_PLACES:
        raise ValueError(f"小数位数过多（最多{MAX_PLACES}位）")
    return value


class _TargetTree(Transformer):
    """Lark tree of target.lark → (operator or None, Quantity | DateValue)."""

    def number(self, items):
        value, _ = clean_decimal(str(items[0]))
        if len(items) > 1:
            value = check_size(value * _MAGNITUDES[str(items[1])])
        return value

    def quantity(self, items):
        unit = lookup_unit(str(items[1])) if len(items) > 1 else None
        return Quantity(amount=items[0], unit=unit)

    def cn_percent(self, items):
        return Quantity(amount=check_size(cn_number(str(items[0])[3:])), unit=lookup_unit("%"))

    def date(self, items):
        token = items[0]
        text = str(token)
        if token.type == "YEAR_END":
            return DateValue(year=None, month=12, day=31)
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if token.type == "DATE_Y":
            year, month, day = numbers[0], 12, 31
        elif token.type == "DATE_MD":
            year, month, day = None, numbers[0], numbers[1] if len(numbers) > 1 else None
        else:
            year, month = numbers[0], numbers[1]
            day = numbers[2] if len(numbers) > 2 else None
        if text.endswith(("底", "末")):
            day = None
        if not 1 <= month <= 12:
            raise ValueError(f"月份“{month}”不存在")
        if day is not None:
            dt.date(year or 2000, month, day)  # raises ValueError for 2月30日
        return DateValue(year=year, month=month, day=day)

    def prefix(self, items):
        return ("prefix", _PREFIX_WORDS[str(items[0])])

    def suffix(self, items):
        return ("suffix", _SUFFIX_WORDS[str(items[0])])

    def start(self, items):
        operator = None
        value = None
        for item in items:
            if isinstance(item, tuple):
                if item[1] is not None:
                    operator = item[1]
            elif hasattr(item, "type") and item.type == "OP":
                operator = _OPERATORS[str(item)]
            elif hasattr(item, "type") and item.type == "ORDINAL":
                continue  # 第3名 is the place 3
            else:
                value = item
        return operator, value


_TREE = _TargetTree()


def parse_operator(text: str | None) -> Operator | None:
    """指标性质 as written in its own column (=, ＝, ≥, >=, ≤, <=, >, <); 定量/定性/empty: None."""
    if text is None:
        return None
    key = normalize(text_of(text, "指标性质", TargetError)).strip()
    if key not in _OPERATOR_NAMES:
        raise TargetError(
            f"无法识别指标性质“{text}”",
            hint="指标性质应为 =、≥、≤、>、< 之一（也可写 >=、<=）",
        )
    return _OPERATOR_NAMES[key]


@functools.lru_cache(maxsize=4096)
@in_context  # inside the cache: a value read in a thread's own context would be shared
def read_quantity(text: str, what: str = "指标值") -> tuple[Operator | None, Quantity | DateValue]:
    """Parse a number or date as written: the operator it carries (if any) and the value."""
    normalized = normalize(text).strip().rstrip("。")  # a sentence's stop is not part of it
    digits = with_digits(normalized)  # 二百五十人 → 250人 (numerals.py)
    error_cls = TargetError if what == "指标值" else ActualValueError
    try:
        operator, value = load_parser("target", _TREE).parse(digits or normalized)
    except UnexpectedInput as error:
        if digits:  # the columns are those of the digits, not of the text as written
            raise_detached(
                error_cls(
                    f"{what}“{text.strip()}”（读作“{digits}”）无法读取",
                    hint="如 250人、1.5万元、≥90%",
                )
            )
        raise_syntax_error(error, text.strip(), error_cls, what)
    except (ValueError, InvalidOperation) as error:
        raise error_cls(f"{what}“{text.strip()}”无法读取：{error}") from None
    return operator, _with_text(value, text.strip())


_LEADING_OPERATOR = re.compile(r"^\s*(>=|<=|==|[≥≤=<>])\s*")


def _with_text(value, text):
    """Attach the text as written, less a leading operator symbol (kept on the `Target`)."""
    match = _LEADING_OPERATOR.match(normalize(text))
    text = text[match.end() :] if match else text
    if isinstance(value, Quantity):
        return Quantity(amount=value.amount, unit=value.unit, text=text)
    return DateValue(year=value.year, month=value.month, day=value.day, text=text)


def _combine_unit(value: Quantity, unit_text: str | None, text: str) -> Quantity:
    """Apply the 度量单位 column to a value written without a unit; both given must agree."""
    if unit_text is None:
        return value
    unit_text = text_of(unit_text, "度量单位", TargetError)
    if not unit_text.strip():
        return value
    column = lookup_unit(normalize(unit_text).strip())
    if value.unit is None:
        amount = value.amount
        if column.name in ("万", "亿") and any(m in text for m in ("万", "亿")):
            column = lookup_unit(
                "个"
            )  # “5万” with the unit column “万”: the magnitude is written once
        return Quantity(amount=amount, unit=column, text=value.text)
    if value.unit.dimension != column.dimension:
        raise UnitMismatchError(
            f"指标值“{text}”的单位“{value.unit.name}”与度量单位“{unit_text}”不一致",
            hint="删去其中一个单位，或改为同一类单位",
        )
    return value


@in_context
def parse_target(
    text,
    *,
    operator: str | None = None,
    unit: str | None = None,
    qualitative: bool = False,
    described: bool = False,
) -> Target:
    """Read a target as written, with the 指标性质 and 度量单位 columns when the table has them.

    `described`: the rule beside it scores by its own words (`Rule.words_only`), so a sentence
    whose numbers name no one standard (全年张贴宣传画500张以上，发放资料5000份以上) describes the
    work and is kept as text, as a sentence without a number is; beside any other rule, refused.

    >>> parse_target("≥90%").display
    '≥90%'
    >>> parse_target("31.7万").value.amount
    Decimal('317000.0')
    >>> parse_target("效果显著").value
    Qualitative(text='效果显著')
    """
    raw = "" if text is None else text_of(text, "指标值", TargetError).strip()
    if not raw:
        raise TargetError("指标值为空", hint="填写指标值，如 ≥90% 或 效果显著")
    _refuse_negated_comparison(raw)
    column_op = parse_operator(operator)
    if qualitative or not _has_number(normalize(raw)):
        return Target(operator=column_op or Operator.EQ, value=Qualitative(text=raw), text=raw)
    try:
        written_op, value = read_quantity(raw, "指标值")
    except TargetError:
        try:
            piece = _sentence_value(raw)  # 至少培育10名以上创业典型。: a sentence, its one number
        except TargetError:
            if not described:
                raise
            return Target(operator=column_op or Operator.EQ, value=Qualitative(text=raw), text=raw)
        if piece is None:
            raise
        written_op, value = read_quantity(piece, "指标值")
    if column_op and written_op and column_op is not written_op:
        raise TargetError(
            f"指标值“{raw}”中的运算符“{written_op.value}”与指标性质“{operator}”不一致",
            hint="删去其中一个，或改为一致",
        )
    op = written_op or column_op or Operator.EQ
    if (
        op is Operator.EQ
        and normalize(raw).lstrip("=").startswith(("第", "前"))
        and _is_place(value)
    ):
        op = Operator.LE  # 第3名 / 前3名: a place, where a smaller number is better
    if isinstance(value, Quantity):
        value = _combine_unit(value, unit, raw)
    elif op in (Operator.GE, Operator.GT):
        raise TargetError(
            f"日期指标“{raw}”只能是截止时间（=、≤ 或“前”）",
            hint="时效指标写作“2026年12月”或“9月前”",
        )
    return Target(operator=op, value=value, text=raw)


def parse_target_beside(text, words_only, *, operator=None, unit=None) -> Target:
    """`parse_target` of a row's target beside its rule: a sentence naming no one standard is
    kept as text when `words_only()` says the rule scores by its own words (`described`).
    `words_only` is asked only then, and answers False for a rule it cannot read (whose own
    error is reported where the rule is read)."""
    try:
        return parse_target(text, operator=operator, unit=unit)
    except TargetError:
        if not words_only():
            raise
        return parse_target(text, operator=operator, unit=unit, described=True)


# A target written as a sentence (至少培育10名以上创业典型。): its one number, with the words of
# comparison beside it, is the target; the rest says what is counted.
_SENTENCE_NUMBER = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_SENTENCE_OPS = {"至少": "不少于", "最少": "不少于", "最多": "不超过", "至多": "不超过"}


def _sentence_value(raw: str) -> str | None:
    """A target written as a sentence read as its one number, with its unit and the direction
    the sentence's words of comparison agree on (至少培育10名以上创业典型 → ≥10名; none: =, read
    as a 正向 target); None when the text holds no digit. Refused, never guessed: more than one
    number (which is the standard?), words of comparison that disagree, a numeral in words
    beside the digits, a count per period or per head (每季度, 人均), a place (第), a date or a
    time of day (2026年, 7:30). A text without words, or with a symbol or a letter, is no
    sentence. `raw` is stripped: columns are those of the normalized text."""
    text = normalize(raw).rstrip("。")
    numbers = list(_SENTENCE_NUMBER.finditer(text))
    if not numbers or _NOT_WORDS.search(text) or not _WORDS.search(text):
        return None  # ≥9O% · 12.5.6: a value mistyped, not a sentence (the grammar's error)
    number = numbers[0]
    if len(numbers) > 1:
        listed = "、".join(n.group() for n in numbers[:4])
        _refuse_sentence(
            raw, numbers[1], f"其中有{len(numbers)}个数（{listed}），无法确定以哪个为标准"
        )
    after = text[number.end() :].lstrip()
    if _SENTENCE_REFUSED.search(text) or re.match(r"(?:年|月|日|-|/|:)", after):
        _refuse_sentence(raw, number, f"无法确定其中的“{number.group()}”是否就是标准")
    words = _SENTENCE_COMPARES.findall(text)
    operators = {_PREFIX_WORDS.get(_SENTENCE_OPS.get(w, w)) or _SUFFIX_WORDS[w] for w in words}
    if len(operators) > 1:  # 不超过…以上: an upper and a lower bound, or strict and not
        says = (
            f"其中的比较词（{'、'.join(words)}）说法不一，无法确定“{number.group()}”是上限还是下限"
        )
        _refuse_sentence(raw, number, says)
    unit = next((u for u in known_names() if after.startswith(u)), "")
    symbol = operators.pop().value if operators else ""
    return f"{symbol}{number.group()}{unit}"


# 不得少于10名 · 不应超过10起 · 未超过: a comparison negated by a word the target grammar does not
# read as part of it (不少于, 不超过 it does read); read without it, the direction turns round.
_NEGATED_COMPARISON = re.compile(
    r"(?:不得|不能|不应|不可|不宜|不准|未)(?:少于|低于|超过|高于|多于|大于|小于|超出)"
)


def _refuse_negated_comparison(raw: str) -> None:
    found = _NEGATED_COMPARISON.search(normalize(raw))
    if found is not None:
        _refuse_at(
            raw,
            found.start(),
            f"中的“{found.group()}”是否定的比较，暂不读取（去掉否定词读会把方向读反）",
            "写作“≥10名”“不少于10名”或“≤10起”“不超过10起”",
        )


def _refuse_sentence(raw: str, at: re.Match, says: str) -> None:
    hint = "把指标值写成一个数，如 ≥10名 或 ≤5%；其余的说明写在指标名称或评分标准中"
    _refuse_at(raw, at.start(), f"是一句话，{says}", hint)


def _refuse_at(raw: str, start: int, says: str, hint: str) -> None:
    """A target refused at a column of its (stripped, normalized) text."""
    raise TargetError(
        f"指标值“{elide(raw)}”{says}",
        text=raw,
        line=1,
        column=start + 1,
        source="指标值",
        hint=hint,
    )


_SENTENCE_COMPARES = re.compile(
    "|".join(
        sorted([*_PREFIX_WORDS, *_SENTENCE_OPS, "以上", "以下", "以内"], key=len, reverse=True)
    )
)
_NOT_WORDS = re.compile(r"[A-Za-z≥≤<>=]|[0-9][.][0-9]+[.]")
_WORDS = re.compile(r"[\u4e00-\u9fff]{2}")
_SENTENCE_REFUSED = re.compile("[一二两三四五六七八九十百千零〇]|每|均|第|:")


def with_year(target: Target, year) -> Target:
    """A deadline written without a year (年底前, 9月前) placed in the project's year."""
    value = target.value
    if year is None or not isinstance(value, DateValue) or value.year is not None:
        return target
    written = text_of(year, "项目年度", TargetError).strip()
    try:
        number = int(written.removesuffix("年")[:8])
    except ValueError:
        raise TargetError(f"项目年度“{elide(written)}”不是年份", hint="写作 2026") from None
    if not 1900 <= number <= 2200:
        raise TargetError(f"项目年度“{elide(written)}”不是年份", hint="写作 2026")
    dated = DateValue(year=number, month=value.month, day=value.day, text=value.text)
    return Target(operator=target.operator, value=dated, text=target.text)


def _has_number(text: str) -> bool:
    """Whether a text is meant as a number or date rather than a qualitative phrase."""
    return bool(_DIGIT.search(text) or _NUMBER_WORDS.search(text) or with_digits(text) is not None)


def _is_place(value) -> bool:
    return (
        isinstance(value, Quantity) and value.unit is not None and value.unit.name in ("名", "位")
    )
