"""Numbers written in Chinese numerals, read exactly: 二百五十人, 一万人, 1万2千, 三点五, 三成.

The whole part is read by cn2an (a maintained reader of Chinese numerals, mixed forms such as
1万2千 included; imported only when a value holds one); the part after 点 digit by digit, so a
decimal is never a float. 三成 is 30%.

`with_digits` rewrites a value text (a target or an actual) into the digits the grammar reads
when — and only when — a numeral stands where a number stands: after the start, an operator or
an operator word, and before a unit, 成, a bound word or the end. 统一 / 一般 / 第一批次 are words.

>>> with_digits("二百五十人"), with_digits("≥一万人次"), with_digits("1万2千元")
('250人', '≥10000人次', '12000元')
>>> with_digits("不低于九十五点五%"), with_digits("三成"), with_digits("效果一般")
('不低于95.5%', '30%', None)
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from .units import known_names

__all__ = ["CN_COUNT", "cn_number", "with_digits"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_CN_DIGIT = "零〇一二两三四五六七八九"
# A numeral as written for one count (两, 十二, 二十): not 二三 “two or three”, 两两, 十十
CN_COUNT = r"[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九]"
_WHOLE = rf"(?:[{_CN_DIGIT}十百千万亿]+|[0-9]+(?:[万千百亿][0-9{_CN_DIGIT}]+)+[万千百十]?)"
_RUN = rf"(?P<whole>{_WHOLE})(?:点(?P<frac>[{_CN_DIGIT}]+))?"
# what may stand before a number: the start, an operator, an operator word's last character
_BEFORE = r"(?:^|(?<=[\s≥≤<>=~\-至到于过足达为约共计第]))"
_BOUND = r"(?:及以上|以上|及以下|以下|以内|之内|内|左右|\(含\))?"


@functools.lru_cache(maxsize=1)
def _value_pattern() -> re.Pattern:
    """A numeral in a number's place: then a known unit (units.py), 成 or %, a bound word, the
    end — 一般, 一次性, 三成五 are not values."""
    units = "|".join(re.escape(name) for name in known_names())
    after = rf"(?P<after>(?:成|{units})?{_BOUND})$"
    return re.compile(rf"{_BEFORE}{_RUN}{after}")


def cn_number(text: str) -> Decimal:
    """A Chinese numeral, possibly mixed with digits and with 点: 九十五 → 95, 1万2千 → 12000,
    九十九点五 → 99.5 (exact)."""
    match = re.fullmatch(_RUN, text)
    if match is None:
        raise ValueError(f"无法读取中文数字“{text}”")
    return _value(match.group("whole"), match.group("frac"))


def _value(whole: str, frac: str | None) -> Decimal:
    if whole in _DIGITS:  # one digit: no need for cn2an
        number = _DIGITS[whole]
    else:
        import cn2an  # 117 ms to import: only for a value that holds a numeral

        try:
            number = cn2an.cn2an(whole, "smart")
        except (ValueError, KeyError, IndexError) as error:
            raise ValueError(f"无法读取中文数字“{whole}”") from error
        if not isinstance(number, int):
            raise ValueError(f"无法读取中文数字“{whole}”")
    value = Decimal(number)
    if frac:
        value += Decimal("0." + "".join(str(_DIGITS[ch]) for ch in frac))
    return value


def with_digits(text: str) -> str | None:
    """`text` with its numeral written in digits, or None when it holds no numeral in a
    number's place (then it is read as it stands)."""
    if not re.search(rf"[{_CN_DIGIT}十百千]", text):
        return None
    match = _value_pattern().search(text.strip())
    if match is None:
        return None
    whole, frac, after = match.group("whole"), match.group("frac"), match.group("after")
    if not re.search(rf"[{_CN_DIGIT}十百千]", whole + (frac or "")):
        return None  # 35万: the grammar reads digits with a magnitude itself
    try:
        value = _value(whole, frac)
    except ValueError:
        return None
    digits = f"{value.normalize():f}" if frac else str(int(value))
    if after.startswith("成"):  # 三成 is 30%
        digits, after = f"{(value * 10).normalize():f}", "%" + after[1:]
    return text.strip()[: match.start()] + digits + after
