"""Scoring rules (评分标准): text → lark tree → frozen `Rule`.

The language is one grammar, `grammar/rule.lark`, with one fragment per construct family
(thresholds, ratios, steps, events, deadlines, bands, conditions, ranks, grades, interpolation,
caps); each family's module in this package holds that fragment's callbacks and what its clauses
do when the rule is assembled (assembler.py).

>>> rule = parse_rule("医保政策知晓率达80%得满分10分，否则每少10%扣2分")
>>> rule.full_points, rule.threshold.display
(Decimal('10'), '80%')
>>> rule.fallback.step.display, rule.fallback.points
('10%', Decimal('2'))
"""

from __future__ import annotations

import functools
import re

from lark.exceptions import UnexpectedInput

from .. import limits
from ..errors import RuleConflictError, RuleSyntaxError
from ..grammars import parse_by_shape, raise_syntax_error
from ..limits import text_of
from ..model import Rule
from ..normalize import normalize
from ..options import in_context
from ..segments import item_starts, join_spaced_words, mask, sentence_starts
from .assembler import assemble
from .tree import TREE

__all__ = ["UNSUPPORTED", "parse_rule", "parse_rule_overlapping"]


class _Followed:
    """`first`, where `then` matches somewhere after it: two linear searches (one pattern
    `first.*then` takes quadratic time on 东部东部… without a `then`). The leftmost `first`
    is the one: when nothing follows it, nothing follows a later one either."""

    def __init__(self, first: re.Pattern, then: re.Pattern) -> None:
        self.first, self.then = first, then

    def search(self, text: str):
        match = self.first.search(text)
        if match is not None and self.then.search(text, match.end()) is not None:
            return match
        return None


# Classes of real rule texts the language does not score yet: refused by name, never guessed.
UNSUPPORTED = (
    (
        re.compile(r"加扣分|加扣[0-9]"),  # 每高0.1个比点加扣0.1分: a second deduction on top
        "含“加扣”的写法暂不支持",
        "改写为“每…扣…分”",
    ),
    (
        re.compile(r"倒扣"),  # 该项不得分,倒扣10分: below nothing, off the total of other rows
        "含“倒扣”的写法暂不支持（倒扣使得分低于0分）",
        "本指标得分以0分为限，倒扣的分数在总分中另行扣减",
    ),
    (
        _Followed(re.compile(r"中部|西部|东部"), re.compile(r"[≥≤<>]")),
        "各地区标准不同，需先确定所属地区",
        "按本地区的标准改写",
    ),
    (re.compile(r"优良中低差|优良中差"), "定性等级没有写各等级的得分", "写明各等级得分"),
)


# Any pattern of UNSUPPORTED (a _Followed by its first part): a text this does not match is
# refused by none — one search for most rules instead of one per pattern. Built from the table,
# so a new entry is never missed by the pre-check.
_UNSUPPORTED_ANY = re.compile(
    "|".join(
        f"(?:{(p.first if isinstance(p, _Followed) else p).pattern})" for p, _, _ in UNSUPPORTED
    )
)


def _refuse_unsupported(text: str) -> None:
    if _UNSUPPORTED_ANY.search(text) is None:  # most rules: one search instead of three
        return
    for pattern, reason, hint in UNSUPPORTED:
        match = pattern.search(text)
        if match:
            raise RuleSyntaxError(
                f"暂不支持的评分方式：{reason}",
                text=text,
                line=1 + text.count("\n", 0, match.start()),
                column=match.start() - text.rfind("\n", 0, match.start()),
                hint=hint,
                source="评分标准",
            )


def _position(error: UnexpectedInput, text: str) -> int:
    token = getattr(error, "token", None)
    if token is not None and token.type in ("$END", "<EOF>"):
        return len(text)  # the text ended too soon
    start = getattr(token, "start_pos", None)
    if start is not None:
        return start
    position = getattr(error, "pos_in_stream", None)
    return len(text) if position is None else position


# One known variation away from a rule the language reads: the 分 of points left out
# (得满分10 · 扣2), a stray character where the parse stopped, a missing separator.
_NEAR_MISS_LIMIT = 500


def near_miss(written: str, normalized: str, at: int) -> str | None:
    """The written text with one small change that the language reads, or None (a long text is
    not tried: each variant is a parse of its own)."""
    if len(normalized) > _NEAR_MISS_LIMIT:
        return None
    candidates = []
    if 0 < at <= len(normalized) and normalized[at - 1].isdigit():
        candidates.append((at, at, "分"))  # 得满分10 → 得满分10分
    if at < len(normalized):
        candidates.append((at, at, "，"))  # two clauses run together
        if not normalized[at].isalnum():  # a stray symbol — never a word of the rule
            candidates.append((at, at + 1, ""))
            candidates.append((at, at + 1, "，"))
    for begin, end, insert in candidates:
        variant = written[:begin] + insert + written[end:]
        if variant.strip() and _reads(variant):
            return variant
    return None


def _reads(text: str) -> bool:
    try:
        assemble(
            parse_by_shape("rule", TREE, join_spaced_words(mask(normalize(text))), "start"), text
        )
    except (UnexpectedInput, RuleSyntaxError, RuleConflictError, ValueError):
        return False
    return True


def parse_rule(text: str) -> Rule:
    """Parse a scoring rule as written; the result is cached by text.

    Raises `RuleSyntaxError` (with line, column and a caret) for text the language does not
    read, a text longer than `limits.MAX_TEXT` or not a text at all, and `RuleConflictError`
    for a rule that contradicts itself.
    """
    return _parsed(_text(text))


def parse_rule_overlapping(text: str) -> Rule:
    """`parse_rule`, keeping bands that overlap (80%-95%得8分 beside ≥90%得10分) instead of
    refusing them; the first band written scores a value two hold. Only for looking for those
    values (`indicator-rules test`, propcheck.py); not cached, so never mixed with `parse_rule`'s
    results."""
    return _parse(_text(text), overlapping=True)


def _text(text) -> str:
    """The rule's text, checked before any cache sees it (unhashable, not text, too long)."""
    if text.__class__ is not str:
        if text is None:
            raise RuleSyntaxError("评分标准为空", hint="例如“达标得满分10分，否则不得分”")
        return text_of(text, "评分标准", RuleSyntaxError)
    if len(text) > limits.MAX_TEXT:
        text_of(text, "评分标准", RuleSyntaxError)
    return text


@functools.lru_cache(maxsize=8192)
def _parsed(written: str) -> Rule:
    return _parse(written, overlapping=False)


@in_context  # inside the cache: a rule read in a thread's own context would be shared
def _parse(written: str, *, overlapping: bool) -> Rule:
    if not written.strip():
        raise RuleSyntaxError("评分标准为空", hint="例如“达标得满分10分，否则不得分”")
    stripped = written.strip()
    unmasked = normalize(stripped)
    normalized = join_spaced_words(mask(unmasked))
    _refuse_unsupported(normalized)
    try:
        clauses = parse_by_shape("rule", TREE, normalized, "start")
        starts = (item_starts(unmasked), sentence_starts(normalized))
        return assemble(clauses, written, overlapping=overlapping, starts=starts)
    except UnexpectedInput as error:
        try:
            raise_syntax_error(error, stripped, RuleSyntaxError, "评分标准")
        except RuleSyntaxError as refused:
            near = near_miss(stripped, normalized, _position(error, normalized))
            if near is not None:  # one known variation away: name it
                refused.hint = f"是否要写“{near}”？"
            raise
    except (RuleSyntaxError, RuleConflictError) as error:
        error.text, error.source = stripped, error.source or "评分标准"
        raise
    except ValueError as error:  # a number out of range, from check_size
        raise RuleSyntaxError(f"评分标准中的数值无法使用：{error}", source="评分标准") from None


parse_rule.cache_clear = _parsed.cache_clear
parse_rule.cache_info = _parsed.cache_info
