"""Scoring options: the choices domain.md leaves to the evaluating agency, with our defaults.

>>> ScoringOptions.from_mapping({"steps": "proportional"}).steps
'proportional'
"""

from __future__ import annotations

import decimal
import functools
from decimal import ROUND_HALF_UP, Decimal

import attrs

from .errors import IndicatorRulesError

__all__ = [
    "GRADE_BANDS",
    "GRADE_LIMIT_SHARES",
    "REVERSE_MODES",
    "STEP_MODES",
    "ScoringOptions",
    "in_context",
    "round_score",
]

CENT = Decimal("0.01")

# The Decimal context every figure is worked out in, whatever the calling thread's own context
# (an embedding app may set its precision, rounding or traps; each thread has its own): that of
# the decimal module's defaults, written out so that a changed `decimal.DefaultContext` does not
# change it either. Entry points run in it (`in_context`); the per-record fast path does integer
# arithmetic and looks its Decimals up in tables built in it.
CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def in_context(function):
    """`function`, run in `CONTEXT` (a decorator of entry points: it costs about a microsecond,
    so not of what is called once per record)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        with decimal.localcontext(CONTEXT):
            return function(*args, **kwargs)

    return run


def round_score(value: Decimal) -> Decimal:
    """The one rounding of the library: half-up to 2 decimals, for display, export and grading."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=CONTEXT)


# How a partial step counts (“每少10%” with a shortfall of 8 points): a whole step by default.
STEP_MODES = {  # whole steps are ints (exact; int × Decimal is a Decimal)
    "ceil": Decimal.__ceil__,
    "floor": Decimal.__floor__,
    "proportional": lambda steps: steps,
}

# 反向 indicators that miss their limit A with actual B, weight w: the template formula w·A/B, or
# the linear one some platforms use, w·(1 − (B−A)/A) = w·(2A − B)/A. Multiply before dividing.
REVERSE_MODES = {
    "ratio": lambda w, a, b: w * a / b if b > 0 else Decimal(0),
    "linear": lambda w, a, b: max(Decimal(0), w * (2 * a - b) / a) if a > 0 else Decimal(0),
}

# Grade limits (优100% 良90% 中85% 差85%) give a grade, not points: the evaluator scores inside the
# grade's band, the grade scale of the total (domain.md §2: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60) read as
# shares of the indicator's 分值 (our choice). [low, high), 优 closed at the top.
GRADE_LIMIT_SHARES = {
    "优": (Decimal("0.9"), Decimal("1")),
    "良": (Decimal("0.8"), Decimal("0.9")),
    "中": (Decimal("0.6"), Decimal("0.8")),
    "差": (Decimal("0"), Decimal("0.6")),
}

# The official bands of the three qualitative grades (share of 分值): [low, high) and the top closed.
GRADE_BANDS = {
    "达成年度指标": (Decimal("0.8"), Decimal("1")),
    "部分达成年度指标并具有一定效果": (Decimal("0.6"), Decimal("0.8")),
    "未达成年度指标且效果较差": (Decimal("0"), Decimal("0.6")),
}


def _choice(table):
    def check(instance, attribute, value):
        if value not in table:
            raise IndicatorRulesError(
                f"选项 {attribute.name} 不能为“{value}”，可选：{'、'.join(table)}"
            )

    return check


def _share(value) -> Decimal:
    return Decimal(str(value)) if not isinstance(value, Decimal) else value


@attrs.frozen(slots=True, kw_only=True)
class ScoringOptions:
    """Options of the evaluator; every default is the one domain.md ships.

    `grade_points` are the default points (share of 分值) of the three qualitative grades
    (达成 / 部分达成 / 未达成) when the evaluator gives none: 100% / 70% / 30% (our choice).
    """

    steps: str = attrs.field(default="ceil", validator=_choice(STEP_MODES))
    reverse: str = attrs.field(default="ratio", validator=_choice(REVERSE_MODES))
    grade_points: tuple[Decimal, Decimal, Decimal] = attrs.field(
        default=(Decimal("1"), Decimal("0.7"), Decimal("0.3")),
        converter=lambda points: tuple(_share(p) for p in points),
    )
    overachievement: Decimal = attrs.field(default=Decimal("1.3"), converter=_share)

    @classmethod
    def from_mapping(cls, mapping) -> ScoringOptions:
        """Options from a mapping such as {"steps": "floor", "reverse": "linear"}."""
        if mapping is None:
            return DEFAULT_OPTIONS
        if isinstance(mapping, ScoringOptions):
            return mapping
        known = {field.name for field in attrs.fields(cls)}
        unknown = sorted(set(mapping) - known)
        if unknown:
            raise IndicatorRulesError(
                f"未知的选项：{'、'.join(unknown)}，可用：{'、'.join(sorted(known))}"
            )
        return cls(**mapping)


DEFAULT_OPTIONS = ScoringOptions()
