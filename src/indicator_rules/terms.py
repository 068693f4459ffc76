"""The frozen model of a scoring rule: the conditions, the scoring terms and the `Rule` they make.

Each construct family of the rule language (rules/<family>.py) reads its terms from text and
compiles them; these are only values. Re-exported by model.py, where the values they speak of
(Quantity, Target, the actuals) live.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from .model import Operator, Quantity, _decimal, _frozen


@_frozen
class MeetTarget:
    """达标 / 达到标准: the row's own target decides."""

    subject: str = ""


@_frozen
class Reach:
    """达80% / 达到95%以上: the rule states its own threshold."""

    subject: str
    threshold: Quantity
    operator: Operator = Operator.GE


@_frozen
class OnTime:
    """按时补助 / 按时完成: a date target met on or before its deadline."""

    subject: str = ""


@_frozen
class Full:
    """The full-marks clause: a condition and the points it gives (None: 满分 without a number)."""

    condition: MeetTarget | Reach | OnTime
    points: Decimal | None = None


@_frozen
class NoScore:
    """否则不得分: nothing when the condition fails."""


@_frozen
class Unsaid:
    """达不到扣分 / 不及时扣分: a deduction the rule names without saying how much. The full
    marks still score; a miss is refused, naming the words (`text`)."""

    text: str = ""


@_frozen
class Proportional:
    """否则按覆盖率得分 / 按完成比例得分: 分值 × completion (capped at 1)."""

    basis: str = "完成比例"


class StepDirection(enum.Enum):
    SHORT = "少"  # 每少 / 每降低 / 每低于: deduct below the threshold
    OVER = "超过"  # 每超过 / 每超出: deduct above the limit
    APART = "相差"  # 每相差4%: deduct on whichever side misses the threshold

    def over(self, reverse: bool) -> bool:
        """Whether steps are counted above the threshold, for a 反向 (`reverse`) or 正向 one."""
        return self is StepDirection.OVER or (self is StepDirection.APART and reverse)


@_frozen
class StepDeduction:
    """每少10%扣2分 (below the threshold) or 每超过一个百分点扣0.5分 (above the limit)."""

    direction: StepDirection
    step: Quantity
    points: Decimal = attrs.field(converter=_decimal)


@_frozen
class EventDeduction:
    """未及时宣传每次扣1分: points off per event counted in the actual record.

    `cap` is a limit on this deduction (最多扣4分), when the rule states one. `rise` is what
    each later event costs more (第一起扣5分、第二起扣6分，以此类推: points 5, rise 1).
    """

    event: str
    points: Decimal = attrs.field(converter=_decimal)
    measure: str = "次"
    cap: Decimal | None = None
    rise: Decimal = attrs.field(default=Decimal(0), converter=_decimal)

    def total(self, n: Decimal) -> Decimal:
        """Points off for n events: n·points, plus rise for the second, 2·rise for the third …"""
        off = n * self.points + self.rise * n * (n - 1) / 2
        return off if self.cap is None else min(off, self.cap)


@_frozen
class LateDeduction:
    """逾期每天扣1分 / 每延期一个月扣2分: points off per `span` (天 or 月) after the deadline."""

    span: Quantity
    points: Decimal = attrs.field(converter=_decimal)


@_frozen
class Bound:
    """One end of a band; `closed` when the value itself belongs to the band."""

    value: Quantity
    closed: bool


@_frozen
class Band:
    """A band of a piecewise rule: lower/upper bounds (None: open-ended) and its points.

    `points` None means 满分 without a number: the indicator's 分值.
    """

    lower: Bound | None
    upper: Bound | None
    points: Decimal | None
    points_low: Decimal | None = None  # 9-8分: the evaluator picks between points_low and points
    # a reading by convention at this band's lower end (80%-90% beside 80%以下), said as a warning
    note: str = ""

    def holds(self, value: Quantity) -> bool:
        """Whether `value` lies in this band (converted to the band's units)."""
        if self.lower is not None:
            low = value.in_unit_of(self.lower.value)
            if low < self.lower.value.amount or (
                low == self.lower.value.amount and not self.lower.closed
            ):
                return False
        if self.upper is not None:
            high = value.in_unit_of(self.upper.value)
            if high > self.upper.value.amount or (
                high == self.upper.value.amount and not self.upper.closed
            ):
                return False
        return True


@_frozen
class Award:
    """有工作方案得1分: points when a named condition holds, as judged by the evaluator.

    Several awards form a checklist (their points add up to 分值) or a choice of levels
    (健全的得10分，基本健全的得6分: the highest equals 分值); the weight decides which.
    """

    label: str
    points: Decimal | None = attrs.field(converter=attrs.converters.optional(_decimal))
    # A.符合要求,13-15分: a level whose points the evaluator gives between points_low and points
    points_low: Decimal | None = attrs.field(
        default=None, converter=attrs.converters.optional(_decimal)
    )


@_frozen
class PerUnit:
    """每完成一项得2分 · 每户计1分 · 4×实达标数: points for each unit counted in the actual,
    at most `cap` (最多得2分) and at most 分值."""

    what: str  # what is counted, as written (完成, 实达标数); "" when only the unit is
    points: Decimal = attrs.field(converter=_decimal)
    measure: str = "项"
    cap: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(_decimal))


@_frozen
class Bonus:
    """每增加1%加1分 · 每超额完成一例奖一分: points added above the threshold, as written. The
    score never exceeds 分值 (over-achievement earns no bonus): a bonus is kept, named in the
    explanation, and capped."""

    text: str  # the bonus clause as written (大于目标值的，每增加1%加1分)
    points: Decimal = attrs.field(converter=_decimal)
    cap: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(_decimal))


@_frozen
class Penalty:
    """不齐全的扣2分: points off when a named condition holds."""

    label: str
    points: Decimal = attrs.field(converter=_decimal)


@_frozen
class Discretion:
    """酌情扣分 / 酌情给分 / 视具体情况扣分: the evaluator decides, within the stated bounds.
    `low`–`high`: the points the rule allows (酌情给0-5分, 其他(0-1分)); None: 0 to 分值."""

    label: str
    deduct: bool
    low: Decimal | None = None
    high: Decimal | None = None


@_frozen
class Interpolation:
    """达70%以上得基础分，合格率为90%得满分，其间按比例增分；分值的80%为基础分.

    Below `low` nothing; from `low` the base share of 分值, rising linearly to 分值 at `high`.
    """

    low: Quantity
    high: Quantity
    base_share: Decimal = attrs.field(converter=_decimal)


@_frozen
class RankStep:
    """按排位打分，每位次按0.25分递减: 分值 for first place, `points` less for each place after."""

    points: Decimal = attrs.field(converter=_decimal)


@_frozen
class RankBand:
    """排名前5名的得满分 / 第6-10名扣0.5分 / 11名以后扣1分: places `first` to `last` (None: and
    every place after) score `points` (None: 分值) less `off`. The record gives the place."""

    first: int
    last: int | None
    points: Decimal | None = attrs.field(
        default=None, converter=attrs.converters.optional(_decimal)
    )
    off: Decimal = attrs.field(default=Decimal(0), converter=_decimal)

    def holds(self, place: int) -> bool:
        return self.first <= place and (self.last is None or place <= self.last)


@_frozen
class GradeLimit:
    """优90%: the actual reaches this bound for this grade (优 良 中 差, best first). The grade's
    points are a share of 分值, picked by the evaluator inside the grade's band (options.py)."""

    grade: str
    bound: Quantity


@_frozen
class Rule:
    """A parsed scoring rule (评分标准).

    Threshold-style (`full` plus `fallback` and deductions), piecewise (`bands`), or made of
    named conditions the evaluator judges (`awards`, `penalties`, `discretion`). `remarks`
    keeps condition text that carries no score (现场实查, 以上需提供佐证资料). `text` keeps the
    rule as written.
    """

    full: Full | None = None
    fallback: NoScore | Proportional | StepDeduction | Unsaid | Discretion | None = None
    events: tuple[EventDeduction, ...] = ()
    late: LateDeduction | None = None
    bands: tuple[Band, ...] = ()
    awards: tuple[Award, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    discretion: Discretion | None = None
    interpolation: Interpolation | None = None
    rank_step: RankStep | None = None
    ranks: tuple[RankBand, ...] = ()
    grades: tuple[GradeLimit, ...] = ()
    full_marks: Decimal | None = None  # 满分5分, written apart from any condition
    items: tuple[str, ...] = ()  # 猪瘟、猪蓝耳病…分别达到100%各得5分: each item scored alone
    per_unit: PerUnit | None = None  # 每完成一项得2分: points per unit counted
    bonuses: tuple[Bonus, ...] = ()  # 每增加1%加1分: above the threshold, capped at 分值
    remarks: tuple[str, ...] = ()
    text: str = attrs.field(default="", eq=False)

    @property
    def judged(self) -> bool:
        """Whether scoring needs the evaluator's judgement of named conditions."""
        return bool(self.awards or self.penalties or self.discretion)

    @property
    def scores(self) -> bool:
        """Whether the rule says anything about points (a formula alone does not)."""
        return self.needs_actual or bool(self.events) or self.judged

    @property
    def actual_optional(self) -> bool:
        """Whether the rule can be scored without an actual value: named conditions, events."""
        return self.judged or not self.needs_actual

    @property
    def needs_actual(self) -> bool:
        """Whether the score depends on the actual value (每缺一项扣0.5分 does not)."""
        return bool(
            self.full
            or self.fallback
            or self.bands
            or self.late
            or self.interpolation
            or self.rank_step
            or self.ranks
            or self.grades
            or self.per_unit
        )

    @property
    def full_points(self) -> Decimal | None:
        """The full score the rule itself states, if any (得满分10分, or 满分10分 on its own)."""
        if self.full is not None and self.full.points is not None:
            return self.full.points * max(1, len(self.items))  # 各得5分: 5 for each item
        return self.full_marks

    @property
    def threshold(self) -> Quantity | None:
        """The threshold the rule states (达80%), which governs over the row's target."""
        if self.full and isinstance(self.full.condition, Reach):
            return self.full.condition.threshold
        return None

    @property
    def words_only(self) -> bool:
        """Whether the rule scores by its own conditions, items, events and discretion only,
        never comparing a value with the target or a threshold (no full marks by a measure,
        bands, steps, proportion, deadline, ranks, grades or per-unit points)."""
        return not (
            self.full
            or self.late
            or self.bands
            or self.grades
            or self.interpolation
            or self.rank_step
            or self.ranks
            or self.per_unit
            or isinstance(self.fallback, (Proportional, StepDeduction))
        )

    @property
    def is_numeric(self) -> bool:
        """Whether the rule needs a numeric actual (a 定性 row with such a rule is linted)."""
        return bool(
            self.bands
            or self.grades
            or self.interpolation
            or self.threshold is not None
            or isinstance(self.fallback, (Proportional, StepDeduction))
        )
