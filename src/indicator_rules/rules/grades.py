"""Grade limits (grades.lark): 评价标准 优100% 良90% 中85% 差85%, the grade's points left to the
evaluator inside its band."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import (
    GradeLimit,
    Quantity,
)
from ..targets import check_size
from ..units import lookup_unit
from .base import (
    _Clause,
    _error,
)


class GradesTree:
    """Callbacks of grades.lark."""

    def grade_clause(self, items):
        token = items[0]
        text = str(token)
        head = text.index("优")
        lead, tail = text[:head].strip(" :"), text[head:]
        note = re.search(r"\(([^()\n]*)\)\s*$", tail)
        limits = []
        for match in re.finditer(r"([优良中差])\s*([0-9]+(?:\.[0-9]+)?)(%?)", tail):
            grade, number, unit = match.groups()
            bound = Quantity(
                amount=check_size(Decimal(number)),
                unit=lookup_unit(unit) if unit else None,
                text=number + unit,
            )
            limits.append(GradeLimit(grade=grade, bound=bound))
        grades = [limit.grade for limit in limits]
        if grades != [g for g in "优良中差" if g in grades]:
            raise _error("等级应按“优、良、中、差”的顺序各写一次", token)
        amounts = [limit.bound.amount for limit in limits]
        if len(limits) < 2 or amounts[-1] != amounts[-2]:
            raise _error(
                f"最低等级“{limits[-1].grade}{limits[-1].bound.text}”应与上一等级同一界限"
                f"（表示低于该界限），否则低于{limits[-1].bound.text}的属于哪一等级未写明",
                token,
                hint="如“优100% 良90% 中85% 差85%”：低于85%为差",
            )
        upper = amounts[:-1]
        if not (upper == sorted(upper, reverse=True) or upper == sorted(upper)) or len(
            set(upper)
        ) != len(upper):
            raise _error("等级界限应依次递减（越大越好）或依次递增（越小越好）", token)
        written = (lead, note.group(1).strip() if note else "")
        remarks = [r for r in written if re.search(r"\w", r)]  # stray punctuation carries nothing
        return _Clause("grades", (tuple(limits), remarks), token)


# --- assembling ---


def add_grades(asm, clause) -> None:
    asm.take_pending()
    asm.remarks.extend(asm.described)  # 问卷调查中…的比率: what the grades measure
    limits, remarks = clause.value
    if asm.grades:
        raise _error("等级界限只能写一组", clause.token)
    asm.grades, asm.grades_token = limits, clause.token
    asm.remarks.extend(remarks)


def check_alone(asm) -> None:
    if asm.grades and (asm.full or asm.fallback or asm.bands or asm.awards):
        raise _error(
            "等级界限（优…良…）不能与其他计分方法混用",
            asm.grades_token,
            hint="全部写成分档，如“≥100%得10分；90%(含)-100%得8分”",
        )


RAW_KINDS = {"grades": add_grades}
CONDITIONED_KINDS = {}
