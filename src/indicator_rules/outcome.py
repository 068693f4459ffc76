"""What every scorer returns (`Outcome`), what the evaluator states beyond the actual (`Facts`),
and the small pieces of every explanation (得满分10分 · 扣2分（扣完为止）)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs

from .errors import ActualValueError
from .model import fmt
from .options import round_score

__all__ = ["NO_FACTS", "Facts", "Outcome", "Scorer"]

ZERO = Decimal(0)

ONE = Decimal(1)

HUNDRED = Decimal(100)


@attrs.define(slots=True)
class Outcome:
    """What a scorer returns: the exact score, whether the target was met, warnings, and how to
    write the explanation (`why(outcome) -> str`, called only when somebody asks).

    Not frozen, for speed (this is the one object made per scored record); treat it as read-only.
    `actual` and `events` are the scorer's inputs, kept for the explanation.
    """

    exact: Decimal
    met: bool
    warn: tuple[str, ...] | Callable[[Outcome], tuple[str, ...]]
    why: Callable[[Outcome], str] = attrs.field(eq=False, repr=False)
    judged: bool = False
    actual: object = attrs.field(default=None, eq=False, repr=False)
    events: object = attrs.field(default=None, eq=False, repr=False)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings (a scorer may leave them to be written when read)."""
        warn = self.warn
        return warn if warn.__class__ is tuple else warn(self)

    def explain(self) -> str:
        """The Chinese explanation of the score (实际…，…，得…分)."""
        return self.why(self)


Scorer = Callable[..., Outcome]  # scorer(actual, events, facts=None) -> Outcome


@attrs.frozen(slots=True, kw_only=True)
class Facts:
    """What the evaluator states beyond the actual value: which named conditions hold
    (有工作方案, 记录不全 …) and, where the rule leaves the score to them, the score given."""

    conditions: frozenset[str] = frozenset()
    judgement: Decimal | None = None


NO_FACTS = Facts()


def _clamp(value: Decimal, weight: Decimal) -> Decimal:
    return min(max(value, ZERO), weight)


def _score_text(exact: Decimal, weight: Decimal | None = None) -> str:
    if weight is not None and exact == weight:
        return f"得满分{fmt(weight)}分"
    return f"得{fmt(round_score(exact))}分"


def _deducted(off: Decimal, weight: Decimal) -> str:
    """扣2分, or 扣10分（扣完为止） when the steps take off more than the whole 分值."""
    return f"扣{fmt(weight)}分（扣完为止）" if off > weight else f"扣{fmt(off)}分"


def _nothing() -> str:
    return ""


def _join(*parts: str) -> str:
    return "，".join(part for part in parts if part)


def _judged_score(facts: Facts, low: Decimal, high: Decimal, what: str) -> Decimal:
    """The evaluator's score where the rule leaves it to them, checked against its bounds."""
    if facts.judgement is None:
        raise ActualValueError(
            f"{what}的得分由评价人在{fmt(low)}-{fmt(high)}分之间评定，需要提供评定得分",
            hint="提供 judgement（评价得分），如 judgement=8",
        )
    if not low <= facts.judgement <= high:
        raise ActualValueError(
            f"评定得分{fmt(facts.judgement)}分超出{what}的范围{fmt(low)}-{fmt(high)}分",
            hint="在规定范围内评定",
        )
    return facts.judgement
