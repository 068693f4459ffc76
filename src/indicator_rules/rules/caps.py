"""Caps (caps.lark): 扣完为止 · 扣完10分为止 · 封顶 — the default anyway, a stated number checked against the
full score — and a limit on one deduction, 最多扣5分."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..errors import RuleConflictError
from .base import (
    _Clause,
    _error,
)


class CapsTree:
    """Callbacks of caps.lark."""

    def cap_clause(self, items):
        points = Decimal(str(items[1])) if len(items) > 1 else None
        return _Clause("cap", (points, items[-1] if len(items) > 1 else None), items[0])

    def cap_max(self, items):
        return _Clause("cap_max", items[1][0], items[0])


# --- assembling ---

# Caps written without 为止: after a condition of their own (发生事故的，扣至零分) they may also
# say that this condition scores nothing, so they are a cap only as a clause of their own.
BARE = frozenset({"扣至零分", "扣至0分", "扣为零分", "扣完该项分值", "扣完本项分值"})


def add_cap(asm, clause, labels) -> None:
    """扣完10分为止: a stated cap must be the full score."""
    if labels and str(clause.token) in BARE:
        raise _error(
            f"“{'，'.join(labels)}，{clause.token}”有两种读法：扣分以零分为限，或条件成立时得0分",
            clause.token,
            "扣分以零分为限写“扣完为止”，得0分写“不得分”",
        )
    asm.remarks.extend(labels)
    cap_points, cap_token = clause.value
    if cap_points is not None and asm.full and asm.full.points not in (None, cap_points):
        raise RuleConflictError(
            f"“扣完{cap_points}分为止”与满分{asm.full.points}分不一致",
            line=cap_token.line,
            column=cap_token.column,
        )


def add_cap_max(asm, clause, labels) -> None:
    """最多扣5分: a limit on the per-event deduction written just before."""
    asm.remarks.extend(labels)
    if asm.last_deduction is None or asm.last_deduction[0] != "event":
        raise _error("“最多扣…分”前没有按次扣分的条款", clause.token)
    index = asm.last_deduction[1]
    asm.events[index] = attrs.evolve(asm.events[index], cap=clause.value)


RAW_KINDS = {}
CONDITIONED_KINDS = {"cap": add_cap, "cap_max": add_cap_max}
