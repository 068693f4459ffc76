"""Scoring options: the choices domain.md leaves to the evaluating agency, with our defaults.

>>> ScoringOptions.from_mapping({"steps": "proportional"}).steps
'proportional'
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import attrs

from .errors import IndicatorRulesError
from .limits import elide, read_decimal, text_of

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
    """The one rounding of the library: half-up to 2 decimals, for display, export and grading.

    A figure of more digits than `CONTEXT` holds (an 执行率 of 1.45e37%, from a budget of
    1e-30元) is rounded in a context just wide enough: exactly, never InvalidOperation."""
    try:
        return value.quantize(CENT, rounding=ROUND_HALF_UP, context=CONTEXT)
    except decimal.InvalidOperation:
        if not value.is_finite():
            raise
        wide = CONTEXT.copy()
        wide.prec = value.adjusted() + 4  # every digit of the integer part, and two places
        return value.quantize(CENT, rounding=ROUND_HALF_UP, context=wide)


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
        if value.__class__ is not str or value not in table:
            # a value that is not text is named by its type: its str() may fail or be huge
            shown = elide(value) if isinstance(value, str) else type(value).__name__
            raise IndicatorRulesError(
                f"选项 {attribute.name} 不能为“{shown}”，可选：{'、'.join(table)}"
            )

    return check


def _share(value) -> Decimal:
    """A share (1.3, "0.7", Decimal) by the bounded reader: finite, at most 10 places."""
    from .targets import check_size

    try:
        if isinstance(value, Decimal):
            return check_size(value)
        return check_size(read_decimal(text_of(value, "选项的比例", IndicatorRulesError)))
    except ValueError as error:
        raise IndicatorRulesError(f"选项的比例“{elide(str(value))}”无法使用：{error}") from None


def _points(points) -> tuple[Decimal, Decimal, Decimal]:
    if not isinstance(points, list | tuple) or len(points) != 3:
        raise IndicatorRulesError(
            "选项 grade_points 应为三个比例（达成 / 部分达成 / 未达成）",
            hint='如 ("1", "0.7", "0.3")',
        )
    return tuple(_share(p) for p in points)


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
        converter=_points,
    )
    overachievement: Decimal = attrs.field(default=Decimal("1.3"), converter=_share)

    @classmethod
    def from_mapping(cls, mapping) -> ScoringOptions:
        """Options from a mapping such as {"steps": "floor", "reverse": "linear"}."""
        if mapping is None:
            return DEFAULT_OPTIONS
        if isinstance(mapping, ScoringOptions):
            return mapping
        if not isinstance(mapping, Mapping):
            raise IndicatorRulesError(
                f"选项应为映射或 ScoringOptions，而不是 {type(mapping).__name__}",
                hint='如 {"steps": "floor"}',
            )
        known = {field.name for field in attrs.fields(cls)}
        names = [
            key if key.__class__ is str else text_of(key, "选项名", IndicatorRulesError)
            for key in mapping
        ]
        unknown = sorted(set(names) - known)
        if unknown:
            raise IndicatorRulesError(
                f"未知的选项：{'、'.join(unknown)}，可用：{'、'.join(sorted(known))}"
            )
        return cls(**mapping)


DEFAULT_OPTIONS = ScoringOptions()
