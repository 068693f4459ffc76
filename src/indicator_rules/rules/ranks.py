"""Places in a ranking (ranks.lark): 排名前5名的得满分，6-10名的扣0.5分，11名以后扣1分 ·
按排位打分，每位次按0.25分递减. The actual record gives the place."""

from __future__ import annotations

from decimal import Decimal

from ..errors import RuleSyntaxError
from ..model import (
    Proportional,
    Quantity,
    RankBand,
    RankStep,
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
