"""Grades (grades.lark). Grade limits: 评价标准 优100% 良90% 中85% 差85%, the grade's points left
to the evaluator inside its band. A graded list: 按严重、比较严重、一般5档划分，计分为1分、2分、3分 —
the n-th grade named gets the n-th points, the same rule as 严重得1分，比较严重得2分，一般得3分."""

from __future__ import annotations

import re
from decimal import Decimal

from ..errors import ActualValueError
from ..model import (
    Award,
    Grade,
    GradeActual,
    GradeLimit,
    NoScore,
    Quantity,
    Rule,
    fmt,
)
from ..numerals import cn_number
from ..options import (
    GRADE_BANDS,
    GRADE_LIMIT_SHARES,
)
from ..outcome import (
    HUNDRED,
    NO_FACTS,
    ZERO,
    Outcome,
    Scorer,
    _clamp,
    _join,
    _nothing,
    _score_text,
)
from ..targets import check_size
from ..units import lookup_unit
from .base import (
    _Clause,
    _error,
)
from .events import _compile_events


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

    def grade_list_clause(self, items):
        """按A、B、C3档划分，计分为1分、2分、3分: each grade named, with the points in its place."""
        head, listed = items[0], items[-1]
        parts = _grade_list_parts(str(head).strip())
        if parts is None:
            raise _error("无法读取等级和档数", head, hint="写作“按A、B、C3档划分”")
        subject, names, written = parts
        subject = subject.strip(" :")
        count = int(written) if written.isdigit() else int(cn_number(written))
        points = [check_size(Decimal(n)) for n in re.findall(r"[0-9]+(?:\.[0-9]+)?", str(listed))]
        if count != len(names):
            raise _error(
                f"写明{count}档，列出的等级是{len(names)}个（{'、'.join(names)}）",
                head,
                hint="核对等级与档数",
            )
        if len(points) != len(names):
            raise _error(
                f"{len(names)}个等级（{'、'.join(names)}）对应{len(points)}个分数，"
                "无法确定各等级的得分",
                listed,
                hint=f"按等级的顺序写{len(names)}个分数，如“计分为5分、4分、3分”",
            )
        if len(set(names)) != len(names) or not all(names):
            raise _error(f"等级“{'、'.join(names)}”中有重复或空的等级", head)
        return _Clause("grade_list", (subject, tuple(zip(names, points, strict=True))), head)


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


def add_grade_list(asm, clause) -> None:
    """Each grade of the list is a named level with its points (as 严重得1分 is)."""
    asm.take_pending()
    asm.remarks.extend(asm.described)
    subject, levels = clause.value
    if subject:
        asm.remarks.append(subject)  # 群众对禁毒工作的整体评价: what is graded
    asm.awards.extend(Award(label=name, points=points) for name, points in levels)


# The end of 按A、B、C3档划分, read backwards (so that the count is found without trying every
# place the names could end: linear in the text): 划分 … 档 … 3 → the count, the names before it.
_GRADE_LIST_END = re.compile(
    r"(?:分划|定评|价评|分区)(?:次档|档|级等|次等)个?\s*(?P<count>[0-9]+|[一二三四五六七八九十]+)"
)


def _grade_list_parts(head: str) -> tuple[str, list[str], str] | None:
    """(subject, names, count) of 群众评价按满意、一般、差3档划分 (GRADE_LIST's text), or None.
    The subject runs to the first 按 (按照 as one word), the count is all the numerals before
    档, the names are what lies between, split at 、."""
    subject, found, rest = head.partition("按")
    end = _GRADE_LIST_END.match(rest[::-1]) if found else None
    if end is None:
        return None
    names = rest[: len(rest) - end.end()]
    if names.startswith("照") and len(names) > 1:
        names = names[1:]
    return (subject, names.split("、"), end["count"][::-1]) if names else None


RAW_KINDS = {"grades": add_grades, "grade_list": add_grade_list}
CONDITIONED_KINDS = {}


# --- scoring: how this family's rules compile into a scorer ---


def _compile_grades(weight, options, numeric: Scorer, rule: Rule | None = None) -> Scorer:
    """A qualitative target: graded actuals use the three official bands; % actuals the rule."""
    defaults = dict(zip(Grade, options.grade_points, strict=True))
    all_or_nothing = rule is not None and not rule.is_numeric
    deduct_events = _compile_events(rule.events if rule is not None else ())

    def score(actual, events, facts=NO_FACTS) -> Outcome:
        if not isinstance(actual, GradeActual):
            return numeric(actual, events, facts)
        grade = actual.grade
        met = grade is Grade.MET
        if rule is not None:
            if not met and not all_or_nothing and not isinstance(rule.fallback, NoScore):
                raise ActualValueError(
                    f"评分标准按比例或步长计分，评定等级“{grade.value}”无法换算",
                    hint="填写实际完成的百分比，如 95%",
                )
            minus, minus_text = deduct_events(events) if rule.events else (ZERO, _nothing)
            exact = _clamp((weight if met else ZERO) - minus, weight)
            return Outcome(
                exact,
                met,
                (),
                lambda _: _join(
                    f"评定为“{grade.value}”，{'达标' if met else '未达标'}",
                    minus_text(),
                    _score_text(exact, weight),
                ),
            )
        low, high = GRADE_BANDS[grade.value]
        share = actual.ratio if actual.ratio is not None else defaults[grade]
        inside = low <= share <= high if grade is Grade.MET else low <= share < high
        if not inside:
            raise ActualValueError(
                f"评分比例{fmt(share * HUNDRED)}%超出“{grade.value}”的区间"
                f"[{fmt(low * HUNDRED)}%, {fmt(high * HUNDRED)}%{']' if grade is Grade.MET else ')'}",
                hint="选择该等级区间内的比例，或改选等级",
            )
        exact = weight * share
        chosen = "取" if actual.ratio is not None else "默认取"
        return Outcome(
            exact,
            met,
            (),
            lambda _: (
                f"评定为“{grade.value}”（该档得分为分值的{fmt(low * HUNDRED)}%–{fmt(high * HUNDRED)}%），"
                f"{chosen}{fmt(share * HUNDRED)}%：{fmt(weight)}×{fmt(share * HUNDRED)}%，{_score_text(exact)}"
            ),
        )

    return score


def _compile_grade_limits(rule: Rule, weight: Decimal) -> Scorer:
    """优100% 良90% 中85% 差85%: the actual gives the grade; the evaluator scores inside the
    grade's band of 分值 (GRADE_LIMIT_SHARES), and the score is marked as a judgement."""
    limits = rule.grades
    reverse = limits[0].bound.amount < limits[1].bound.amount  # 优5% 良10%…: smaller is better
    unit = limits[0].bound

    def grade_of(actual) -> int:
        if not isinstance(actual, Quantity):
            raise ActualValueError(f"按等级界限评价需要数值实际值，而不是“{actual.display}”")
        b = actual.in_unit_of(unit)
        for index, limit in enumerate(limits[:-1]):
            if (b <= limit.bound.amount) if reverse else (b >= limit.bound.amount):
                return index
        return len(limits) - 1

    def band_of(index: int) -> tuple[Decimal, Decimal]:
        low, high = GRADE_LIMIT_SHARES[limits[index].grade]
        return weight * low, weight * high

    def score(actual, events=None, facts=NO_FACTS) -> Outcome:
        index = grade_of(actual)
        grade = limits[index].grade
        low, high = band_of(index)
        given = facts.judgement
        top = index == 0
        if given is None or not (low <= given <= high) or (given == high and not top):
            shown = f"{fmt(low)}-{fmt(high)}分" + ("" if top else f"（不含{fmt(high)}分）")
            what = "需要提供评定得分" if given is None else f"评定得分{fmt(given)}分不在此范围"
            raise ActualValueError(
                f"实际{actual.display_with_unit}，等级为“{grade}”，该等级得分由评价人在{shown}之间评定，{what}",
                hint="提供 judgement（评价得分），如 judgement=" + fmt(high if top else low),
            )
        return Outcome(given, top and given == weight, (), explain, True, actual, events)

    def explain(outcome: Outcome) -> str:
        index = grade_of(outcome.actual)
        limit = limits[index]
        if index < len(limits) - 1:
            where = f"{'不高于' if reverse else '达到'}“{limit.grade}”的界限{limit.bound.display}"
        else:
            before = limits[index - 1]
            where = f"{'高于' if reverse else '低于'}“{before.grade}”的界限{before.bound.display}"
        low, high = GRADE_LIMIT_SHARES[limit.grade]
        return _join(
            f"实际{outcome.actual.display_with_unit}",
            f"{where}，等级为“{limit.grade}”（该等级得分为分值的{fmt(low * HUNDRED)}%–{fmt(high * HUNDRED)}%）",
            f"评价人评定{fmt(outcome.exact)}分",
            _score_text(outcome.exact, weight),
        )

    return score
