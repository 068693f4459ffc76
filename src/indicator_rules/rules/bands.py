"""Bands (bands.lark): a numeric condition and its points, ≥90%得10分；80%(含)-90%得8分；60%以下不得分.
The numeric conditions (intervals) are read here for every construct that uses one."""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal
from itertools import pairwise

from lark import Token

from ..errors import (
    ActualValueError,
    RuleConflictError,
    RuleSyntaxError,
)
from ..model import (
    Award,
    Band,
    Bound,
    Full,
    Operator,
    Quantity,
    Reach,
    Rule,
    Target,
    fmt,
)
from ..outcome import (
    NO_FACTS,
    ZERO,
    Outcome,
    Scorer,
    _join,
    _judged_score,
    _nothing,
    _score_text,
)
from ..targets import check_size
from ..units import EVENT_MEASURES, Unit
from . import ladders
from .base import (
    _SHORT_WORDS,
    _Clause,
    _counts_items,
    _error,
    _first,
    _Interval,
    _strip_de,
)
from .events import _compile_events, _short_event


def _measures_events(count: Quantity) -> bool:
    """少1人次 · 少1户: people or households counted one by one, as 次 and 项 are."""
    return count.unit is not None and count.unit.name in EVENT_MEASURES


class BandsTree:
    """Callbacks of bands.lark, and of the condition segments rule.lark reads again."""

    def band_clause(self, items):
        interval = next(i for i in items if isinstance(i, _Interval)).usable()
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        bare = next((i for i in items if isinstance(i, tuple) and i[0] == "bare_points"), None)
        points = next((i for i in items if isinstance(i, tuple) and len(i) == 2), None)
        zero = any(isinstance(i, Token) and i.type == "ZERO" for i in items)
        if bare is not None:
            value, low = bare[1], bare[2]
        else:
            value, low = (Decimal(0) if zero else (points[0] if points else None)), None
        return _Clause("band", (interval, value, low, subject, None), _first(items))

    def band_deduct(self, items):
        """6-10名的扣0.5分: the band scores 分值 less the points (少1条扣1分 is an event)."""
        interval = next(i for i in items if isinstance(i, _Interval))
        subject = next((str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), "")
        points, _ = items[-1]
        if interval.word is not None:
            word, count = interval.word
            if str(word) in _SHORT_WORDS and (_counts_items(count) or _measures_events(count)):
                return _short_event(subject, word, count, points, _first(items))  # 少1人次扣0.5分
        elif interval.bare and _counts_items(interval.lower[0]):  # 迟报1次扣0.5分: per event
            count = interval.lower[0]
            if count.amount != 1:  # 迟报2次扣0.5分: per two, or once at two — not guessed
                raise _error(
                    f"“{subject}{count.display}扣{fmt(points)}分”可读作每{count.display}扣"
                    f"{fmt(points)}分，也可读作{count.display}及以上时扣一次{fmt(points)}分，无法确定",
                    _first(items),
                    hint=f"按次扣分写成“{subject}每{count.unit.name}扣…分”",
                )
            return _short_event(subject, _first(items), count, points, _first(items))
        interval.usable()
        return _Clause("band", (interval, None, None, subject, points), _first(items))

    def bare_points(self, items):
        high = check_size(Decimal(str(items[0])))
        low = check_size(Decimal(str(items[-1]))) if len(items) > 1 else None
        if low is not None and low > high:
            high, low = low, high
        return ("bare_points", high, low if low != high else None, items[0])

    # --- intervals ---


def _resolve_bands(bands: list[tuple], *, overlapping: bool = False) -> tuple[Band, ...]:
    """Bands with each end decided; a bound closed only by convention yields to an explicit one.

    “60%(含)-80%得6分；60%以下不得分”: 60% belongs to the 6-point band because (含) says so,
    and 以下 includes the number only by convention. Two explicit claims on one point conflict.
    A written range beside an open band sharing its lower end (80%-90% beside 80%以下) keeps
    that end, as a-b does by convention, and says so (`Band.note`). Bands that still overlap
    are an error. A bare value among several bands (0% 0) is that value exactly.

    `overlapping=True` keeps bands that overlap, each end as written (the first band written
    scores a value two hold): for `indicator-rules test`, which looks for those values.
    """
    if not bands:  # most rules: nothing to decide
        return ()
    rows = []
    for interval, points, low, token, _subject, _off in bands:
        lower, upper = interval.lower, interval.upper
        if interval.bare and len(bands) > 1:
            lower = (lower[0], True, True)
            upper = (lower[0], True, True)
        rows.append([lower, upper, points, low, token, interval.form, ""])
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            for x, y in ((a, b), (b, a)):
                _share_end(x, y, overlapping)
    result = [_band(row) for row in rows]
    if not overlapping:
        _refuse_overlaps(result, rows)
    return tuple(result)


def _share_end(x: list, y: list, overlapping: bool = False) -> None:
    """x's upper end and y's lower end on one point: decide which band has it (both keep it,
    `overlapping`, when the rule claims it twice)."""
    up, low = x[1], y[0]
    if up is None or low is None or not (up[1] and low[1]):
        return
    if up[0].amount != low[0].amount or not up[0].convertible(low[0]):
        return
    if up[2] and not low[2]:
        y[0] = (low[0], False, False)
    elif low[2] and not up[2]:
        x[1] = (up[0], False, False)
    elif x[0] is not None and y[1] is not None and x[0] == y[1]:
        return
    elif y[5] == "range" and not up[2] and not low[2] and x[0] is None:
        x[1] = (up[0], False, False)  # 80%以下 beside 80%-90%: the range keeps 80%
        point = up[0].display
        upper = f"{point}-{y[1][0].display}" if y[1] else f"{point}以上"
        y[6] = f"“{point}以下”与“{upper}”都含{point}：按“a-b含下限”的惯例，{point}属于“{upper}”档"
    elif not overlapping:
        raise RuleConflictError(
            f"分档重叠：{up[0].display}同时属于两个分档",
            line=y[4].line if y[4] else None,
            column=y[4].column if y[4] else None,
            hint="用“(含)”标明该值属于哪一档",
        )


def _band(row: list) -> Band:
    lower, upper, points, low_points, token, _form, note = row
    low = Bound(value=lower[0], closed=lower[1]) if lower else None
    high = Bound(value=upper[0], closed=upper[1]) if upper else None
    if low and high and _empty(low, high):
        raise RuleSyntaxError(
            f"分档“{low.value.display}-{high.value.display}”是空的",
            line=token.line if token else None,
            column=token.column if token else None,
        )
    return Band(lower=low, upper=high, points=points, points_low=low_points, note=note)


def _empty(low: Bound, high: Bound) -> bool:
    if not low.value.convertible(high.value):
        return False
    a, b = low.value.amount, high.value.in_unit_of(low.value)
    return a > b or (a == b and not (low.closed and high.closed))


def _refuse_overlaps(result: list[Band], rows: list) -> None:
    """80%-95% beside 90%以上: a value two bands claim is an error, never the first one's."""
    for i, a in enumerate(result):
        for j in range(i + 1, len(result)):
            b = result[j]
            low = _tighter(a.lower, b.lower, lower=True)
            high = _tighter(a.upper, b.upper, lower=False)
            overlap = low is None or high is None or not _empty(low, high)
            if overlap and _comparable(a, b):
                token = rows[j][4]
                raise RuleConflictError(
                    f"分档重叠：“{_shown(a)}”与“{_shown(b)}”有相同的取值",
                    line=token.line if token else None,
                    column=token.column if token else None,
                    hint="调整分档界限，使每个值只属于一个分档",
                )


def _comparable(a: Band, b: Band) -> bool:
    bounds = [x.value for x in (a.lower, a.upper, b.lower, b.upper) if x is not None]
    return all(bounds[0].convertible(other) for other in bounds[1:])


def _tighter(a: Bound | None, b: Bound | None, lower: bool) -> Bound | None:
    """Of two lower ends the later one, of two upper ends the earlier one; at one value the
    open end (an end in another unit is not compared)."""
    if a is None or b is None:
        return a or b
    if not a.value.convertible(b.value):
        return a
    x, y = a.value.amount, b.value.in_unit_of(a.value)
    if x != y:
        return a if (x > y) == lower else b
    return a if not a.closed else b


def band_gaps(bands) -> list[tuple[Band, Band]]:
    """Pairs of bands with values between them that no band holds (≥90% · 80%-85%: 85%–90%),
    in the order of the number line; bands in several units are not compared."""
    pieces = _band_pieces(bands)
    if pieces is None:
        return []
    _, owners, _ = pieces
    gaps, last = [], None
    for index, owner in enumerate(owners):
        if owner is not None:
            if last is not None and owners[index - 1] is None and last[0] != owner:
                gaps.append((bands[last[0]], bands[owner]))
            last = (owner, index)
    return gaps


def _refuse_gap(bands, actual) -> None:
    """An actual between two bands that no band holds: the rule does not say, so it is refused
    (below the lowest band or above the highest, no band is nothing: 0 as written)."""
    below = [band for band in bands if band.upper is not None and _after(actual, band.upper)]
    above = [band for band in bands if band.lower is not None and _before(actual, band.lower)]
    if below and above:  # the two bands around the gap: the highest below, the lowest above
        low = max(below, key=lambda band: band.upper.value.in_unit_of(actual))
        high = min(above, key=lambda band: band.lower.value.in_unit_of(actual))
        raise ActualValueError(
            f"实际{actual.display_with_unit}不在任何分档内：评分标准在“{_shown(low)}”与"
            f"“{_shown(high)}”之间没有写明得分",
            hint="在评分标准中补上这一档",
        )


def _after(actual, bound: Bound) -> bool:
    if not actual.convertible(bound.value):
        return False
    b = actual.in_unit_of(bound.value)
    return b > bound.value.amount or (b == bound.value.amount and not bound.closed)


def _before(actual, bound: Bound) -> bool:
    if not actual.convertible(bound.value):
        return False
    b = actual.in_unit_of(bound.value)
    return b < bound.value.amount or (b == bound.value.amount and not bound.closed)


def _shown(band: Band) -> str:
    from ..printer import band_condition

    return band_condition(band)


# --- assembling ---


def add_points(asm, clause) -> None:
    """A band (≥90%得10分), or points after the conditions they reward (≥90%，计5分 · 有方案，得1分),
    or, opening the rule, its full score (得2分，漏岗一次扣1分)."""
    kind, value, token = clause.kind, clause.value, clause.token
    interval, labels = asm.take_pending()
    subject, off = "", None
    if kind == "band":
        own, points, low, subject, off = value
        interval = own if interval is None else interval.meet(own)
    else:
        points, low = value
    if interval is not None and _named_item(asm, interval, subject, off, low):
        asm.remarks.extend(labels)  # 有办公设备1分,有工作人员1人以上1分: one item more
        asm.awards.append(Award(label=f"{subject}{_worded(interval)}", points=points))
    elif interval is not None:
        asm.remarks.extend(labels)
        asm.bands.append((interval, points, low, token, subject, off))
    elif labels:
        label = "，".join(labels)
        if points == 0 and low is None:  # 有方案的;0分 as 有方案的，得0分 (thresholds.zero_clause)
            label = _strip_de(label)
        asm.awards.append(Award(label=label, points=points, points_low=low))
    elif kind == "points" and points is not None and low is None and asm.opens_rule():
        asm.add(_Clause("stated", points, token))  # 得2分，漏岗一次扣1分: the full score
    else:
        raise _error("分值前没有写明得分条件", token, hint="如“≥90%，计5分”或“有工作方案，得1分”")


def _named_item(asm, interval, subject: str, off, low) -> bool:
    """有工作人员1人以上1分 after named items with points (机构健全1分,有办公场地1分): a named
    condition with a count in it is one more item of the list, judged as they are — not a
    band of a measure the row does not have."""
    named = [a for a in asm.awards if a.points]
    if _is_share(interval):  # 完成目标的90%得9分: a share of a measure, the rungs of a ladder
        return False
    return bool(subject and named and off is None and low is None) and not (asm.bands or asm.full)


def _is_share(interval) -> bool:
    """Whether a numeric condition is a percentage (a rate or share, not a count of things)."""
    bounds = [b for b in (interval.lower, interval.upper) if b]
    return any(bound[0].is_percent for bound in bounds)


def _worded(interval) -> str:
    """A numeric condition in words, as a label: 1人以上 · 超过5% · 3次以下 · 低于2次 · 1-3次."""
    lower, upper = interval.lower, interval.upper
    if lower and upper:
        return f"{lower[0].text}-{upper[0].text}"
    if lower:
        return f"{lower[0].text}以上" if lower[1] else f"超过{lower[0].text}"
    return f"{upper[0].text}以下" if upper[1] else f"低于{upper[0].text}"


def check_bands(asm) -> None:
    """A deduction in a band is for rankings only; bands do not mix with 达标得满分 / 否则…."""
    deducting = next((band for band in asm.bands if band[5] is not None), None)
    if deducting is not None:
        raise _error(
            "分档中写“扣…分”目前只用于排名分档（排名前5名的得满分，6-10名的扣0.5分）",
            deducting[3],
            hint="写成该档的得分，如“80%(含)-90%得8分”",
        )
    if asm.bands and (asm.full or asm.fallback):
        raise _error(
            "分档规则不能与“达标得满分”“否则…”混用",
            asm.bands[0][3],
            hint="全部写成分档，如“≥90%得10分；80%(含)-90%得8分；80%以下不得分”",
        )


RAW_KINDS = {"points": add_points, "band": add_points}
CONDITIONED_KINDS = {}


def promote_single_band(asm) -> None:
    """100%计满分，每低于5%扣2分: one one-sided band with a fallback is the full condition."""
    if len(asm.bands) != 1 or asm.full is not None:
        return
    interval, points, low, _token, subject, off = asm.bands[0]
    if (
        low is not None
        or off is not None
        or (interval.lower and interval.upper and not interval.bare)
    ):
        return
    if not (asm.fallback or asm.events or asm.late or interval.bare):
        return
    if interval.lower is not None:
        quantity, closed = interval.lower[0], interval.lower[1]
        operator = Operator.GE if closed else Operator.GT
    else:
        quantity, closed = interval.upper[0], interval.upper[1]
        operator = Operator.LE if closed else Operator.LT
    condition = Reach(subject=subject, threshold=quantity, operator=operator)
    asm.full = Full(condition=condition, points=points)
    asm.bands = []


# --- scoring: how this family's rules compile into a scorer ---


def _band_pieces(bands) -> tuple[list[Decimal], list[int | None], Unit | None] | None:
    """The number line cut at every band bound, which band (first written) holds each piece, and
    the bounds' unit.

    Pieces alternate: below the first cut, the first cut itself, between the first two cuts, …,
    above the last cut. Each piece is decided by asking the bands about one number inside it, so
    a lookup agrees with asking the bands in order. None when the bounds use different units.
    """
    bounds = [bound.value for band in bands for bound in (band.lower, band.upper) if bound]
    units = {bound.unit.name for bound in bounds if bound.unit is not None}
    if len(units) > 1:
        return None
    cuts = sorted({bound.amount for bound in bounds})
    probes = [cuts[0] - 1] if cuts else [ZERO]
    for low, high in pairwise(cuts):
        probes += [low, (low + high) / 2]
    probes += [cuts[-1], cuts[-1] + 1] if cuts else []
    unit = next((bound.unit for bound in bounds if bound.unit is not None), None)
    owners = []
    for probe in probes:
        value = Quantity(amount=probe, unit=unit)
        owners.append(next((i for i, band in enumerate(bands) if band.holds(value)), None))
    return cuts, owners, unit


def _band_base(bands, bases, index, actual, facts) -> tuple[Decimal, bool]:
    """The points of the band holding the actual (the evaluator's inside a range of points);
    none holds: refused in a gap between bands, else nothing."""
    if index is None:
        _refuse_gap(bands, actual)
        return ZERO, False
    band = bands[index]
    if band.points_low is not None:
        return _judged_score(facts, band.points_low, band.points, f"“{_shown(band)}”档"), True
    return bases[index], False


def _compile_bands(rule: Rule, target: Target, weight: Decimal) -> Scorer:
    ladders.check_target(rule, target)  # 完成目标的90%得9分…依次类推: a share of the target
    bands = rule.bands
    events = rule.events
    deduct_events = _compile_events(events)
    bases = [weight if band.points is None else band.points for band in bands]
    notes = [(band.note,) if band.note else () for band in bands]
    pieces = _band_pieces(bands)
    table = pieces is not None  # else bounds in several units: ask each band, converting
    cuts, owners, unit = pieces if table else ([], [], None)

    def describe(band) -> str:
        from ..printer import band_condition

        return band_condition(band)

    def band_of(actual) -> int | None:
        if not isinstance(actual, Quantity):
            raise ActualValueError(f"分档计分需要数值实际值，而不是“{actual.display}”")
        return next((i for i, band in enumerate(bands) if band.holds(actual)), None)

    def score(actual, event_counts=None, facts=NO_FACTS) -> Outcome:
        if (
            table
            and actual.__class__ is Quantity
            and (unit is None or actual.unit is unit or actual.unit is None)
        ):  # plain Decimals, as in _compile_threshold
            b = actual.amount
            i = bisect_left(cuts, b)
            index = owners[2 * i + 1] if i < len(cuts) and cuts[i] == b else owners[2 * i]
        else:
            index = band_of(actual)
        base, judged = _band_base(bands, bases, index, actual, facts)
        met = index is not None and base == weight
        if events:
            base -= deduct_events(event_counts)[0]
        exact = ZERO if base < ZERO else weight if base > weight else base
        warn = notes[index] if index is not None and notes[index] else ()
        if warn and bands[index].lower.value.amount != actual.in_unit_of(bands[index].lower.value):
            warn = ()  # the convention decided only its own point
        return Outcome(exact, met, warn, explain, judged, actual, event_counts)

    def explain(outcome: Outcome) -> str:
        index = band_of(outcome.actual)
        if index is None:
            how = "不在任何分档内"
        elif bands[index].points_low is not None:
            band = bands[index]
            how = f"属于“{describe(band)}”档（{fmt(band.points_low)}-{fmt(band.points)}分），评价人评定"
        else:
            how = f"属于“{describe(bands[index])}”档"
        minus_text = deduct_events(outcome.events)[1] if events else _nothing
        return _join(
            f"实际{outcome.actual.display_with_unit}",
            how,
            minus_text(),
            _score_text(outcome.exact, weight),
        )

    return score


COMPOSE = {
    **{
        ("interval", action): "band_clause"
        for action in ("get", "get_full", "score_word", "zero", "points", "bare_points", "full_by")
    },
    ("interval", "deduct"): "band_deduct",  # 6-10名的扣0.5分
}
