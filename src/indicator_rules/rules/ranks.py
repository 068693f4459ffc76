"""Places in a ranking (ranks.lark): 排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分 ·
按排位打分，每位次按0.25分递减. The actual record gives the place."""

from __future__ import annotations

from decimal import Decimal

from ..errors import (
    ActualValueError,
    RuleSyntaxError,
)
from ..model import (
    Proportional,
    Quantity,
    RankBand,
    RankStep,
    Rule,
    fmt,
)
from ..normalize import normalize
from ..outcome import (
    NO_FACTS,
    ZERO,
    Outcome,
    Scorer,
    _clamp,
    _join,
    _score_text,
)
from ..targets import check_size
from .base import (
    _Clause,
    _error,
    _first,
    _Interval,
    _share_unit,
    _strip_de,
)
from .named import _held_conditions


class RanksTree:
    """Callbacks of ranks.lark."""

    def rank_clause(self, items):
        if len(items) == 1:
            return _Clause("rank_by", None, items[0])
        points = check_size(Decimal(str(next(i for i in items if i.type == "NUMBER"))))
        return _Clause("rank_step", points, items[0])

    # --- places in a ranking: the record gives the place ---
    def rank_top(self, items):
        """排名前5名: the first five places."""
        return _Interval(None, (items[1], True, True), items[0], form="rank")

    def rank_single(self, items):
        """第3名: that place alone."""
        end = (items[1], True, True)
        return _Interval(end, end, items[0], form="rank")

    def rank_range(self, items):
        """第6-10名: both places and those between."""
        low, high = _share_unit(items[1], items[3])
        return _Interval((low, True, True), (high, True, True), items[0], form="rank")

    def rank_after(self, items):
        """11名以后 / 第11名及以后: that place and every place after."""
        quantity = next(i for i in items if isinstance(i, Quantity))
        return _Interval((quantity, True, True), None, _first(items), form="rank")


# --- assembling ---


def add_rank_by(asm, clause) -> None:
    _, labels = asm.take_pending()
    asm.remarks.extend(labels)
    asm.rank_by = True


def add_rank_step(asm, clause) -> None:
    _, labels = asm.take_pending()
    asm.remarks.extend(labels)
    asm.rank_points = clause.value


RAW_KINDS = {"rank_by": add_rank_by, "rank_step": add_rank_step}
CONDITIONED_KINDS = {}


def rank_step(asm) -> RankStep | None:
    if not asm.rank_by and asm.rank_points is None:
        return None
    if asm.rank_points is None:
        raise RuleSyntaxError(
            "按排位打分，未写明每位次扣几分",
            line=1,
            column=1,
            hint="如“按排位打分，每位次按0.25分递减”",
        )
    return RankStep(points=asm.rank_points)


def ranks(asm) -> tuple[RankBand, ...]:
    """排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分: bands over the place in a ranking.

    In a rule that speaks of places, every band is one (6-10名 includes both ends); together
    they must cover every place from the first, once. A named condition worth nothing
    (占比为0的不得分) is a veto; “按…比例折算” says what is ranked and is kept as written.
    """
    if not any(band[0].form == "rank" for band in asm.bands):
        return ()
    if isinstance(asm.fallback, Proportional) and asm.full is None:
        asm.formulas.append(asm.fallback_written)
        asm.fallback = None
    mixed = (
        asm.full
        or asm.fallback
        or asm.events
        or asm.late
        or asm.penalties
        or asm.discretion
        or any(award.points != 0 for award in asm.awards)
    )
    if mixed:
        raise _error(
            "排名分档不能与其他计分方法混用",
            asm.bands[0][3],
            hint="如“排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分”",
        )
    ranks = []
    for interval, points, low, token, subject, off in asm.bands:
        if low is not None:
            raise _error("排名分档的得分应为一个数，不能是范围", token)
        first, last = interval.places()
        ranks.append(
            (first, last, token, RankBand(first=first, last=last, points=points, off=off or 0))
        )
        if subject:
            asm.remarks.append(_strip_de(subject))
    ranks.sort(key=lambda r: r[0])
    expected = 1
    hint = "各档名次应从第1名起连续，如“前5名…，6-10名…，11名以后…”"
    for first, last, token, _ in ranks:
        if expected is None or first < expected:
            raise _error(f"排名分档重叠：第{first}名同时属于两档", token, hint=hint)
        if first > expected:
            raise _error(f"排名分档没有包括第{expected}名", token, hint=hint)
        if last is not None and last < first:
            raise _error(f"排名分档“第{first}-{last}名”是空的", token)
        expected = None if last is None else last + 1
    if expected is not None:
        raise _error(
            f"排名分档没有写明第{expected}名及以后的得分",
            ranks[-1][2],
            hint=f"如“{expected}名以后不得分”",
        )
    asm.bands = []
    return tuple(rank for *_, rank in ranks)


# --- scoring: how this family's rules compile into a scorer ---


def _place_of(actual) -> Decimal:
    """The place in a ranking the actual gives: 3, 第3名 (a whole number from 1)."""
    place = actual.amount if isinstance(actual, Quantity) else None
    unit = actual.unit if isinstance(actual, Quantity) else None
    if (
        place is None
        or place < 1
        or place != place.to_integral_value()
        or (unit is not None and unit.name not in ("名", "位"))
    ):
        shown = "空" if actual is None else f"“{actual.display}”"
        raise ActualValueError(
            f"按排名计分，实际完成值应为名次，如 3 或 第3名，而不是{shown}",
            hint="填写本单位的排名（正整数）",
        )
    return place


def _compile_rank_bands(rule: Rule, weight: Decimal) -> Scorer:
    """排名前5名的得满分，6-10名的扣0.5分…: the place picks the band; a veto (占比为0的不得分),
    stated by the evaluator as a condition that holds, gives nothing."""
    ranks = rule.ranks
    vetoes = [normalize(award.label) for award in rule.awards]

    def shown(band) -> str:
        from ..printer import rank_places

        return rank_places(band)

    def score(actual, events=None, facts=NO_FACTS) -> Outcome:
        held = _held_conditions(facts, vetoes)
        if held:
            label = next(a.label for a in rule.awards if normalize(a.label) in held)
            return Outcome(ZERO, False, (), lambda _: f"{label}，不得分", False, actual, events)
        place = _place_of(actual)
        band = next(band for band in ranks if band.holds(place))
        exact = _clamp((weight if band.points is None else band.points) - band.off, weight)

        def explain(_):
            off = f"扣{fmt(band.off)}分" if band.off else ""
            return _join(
                f"排第{fmt(place)}名", f"属于“{shown(band)}”", off, _score_text(exact, weight)
            )

        return Outcome(exact, exact == weight, (), explain, False, actual, events)

    return score


def _compile_rank(rule: Rule, weight: Decimal) -> Scorer:
    """按排位打分: 分值 for first place, less per place after; the actual is the rank."""
    step = rule.rank_step.points

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        rank = _place_of(actual)
        exact = _clamp(weight - step * (rank - 1), weight)
        return Outcome(
            exact,
            rank == 1,
            (),
            lambda _: _join(
                f"排第{fmt(rank)}位",
                f"每位次递减{fmt(step)}分，扣{fmt(weight - exact)}分",
                _score_text(exact, weight),
            ),
        )

    return score
