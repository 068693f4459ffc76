"""A deduction per step short of (or over) the threshold (steps.lark): 每少10%扣2分 · 每超过1个百分点扣0.5分 ·
与计划每相差4%扣1分."""

from __future__ import annotations

from lark import Token

from ..model import (
    EventDeduction,
    Quantity,
    StepDeduction,
    StepDirection,
)
from .base import (
    _OVER_WORDS,
    _SHORT_WORDS,
    _Clause,
    _counts_items,
    _error,
    _first,
    _strip_de,
)
from .events import _per_one


class StepsTree:
    """Callbacks of steps.lark."""

    def step_clause(self, items):
        word = next(i for i in items if isinstance(i, Token) and i.type == "CMP_WORD")
        step = next(i for i in items if isinstance(i, Quantity))
        points, _ = items[-1]
        if str(word) in _SHORT_WORDS and _counts_items(step):
            # 每少1条扣1分: missing items are counted events, not a shortfall from the target.
            subject = next(
                (str(i) for i in items if isinstance(i, Token) and i.type == "SUBJECT"), ""
            )
            name = f"{_strip_de(subject)}{word}" if subject else "缺少"  # 张贴公告少2张
            event = EventDeduction(event=name, points=points, measure=step.unit.name)
            return _Clause("event", _per_one(event, step, word), _first(items))
        if str(word) in ("相差", "差"):  # 与计划每相差4%: either side, as the target says
            direction = StepDirection.APART
        elif str(word) in _SHORT_WORDS:
            direction = StepDirection.SHORT
        elif str(word) in _OVER_WORDS:
            direction = StepDirection.OVER
        else:
            raise _error(
                f"“每{word}”不是扣分的比较词",
                word,
                hint="写作“每少10%扣2分”或“每超过1个百分点扣0.5分”",
            )
        if step.amount <= 0:
            raise _error("扣分的步长必须大于0", word)
        return _Clause(
            "fallback", StepDeduction(direction=direction, step=step, points=points), _first(items)
        )


RAW_KINDS = {}
CONDITIONED_KINDS = {}  # a step deduction is what happens otherwise: thresholds.add_fallback
