"""A scored clause is an optional condition and an action (rule.lark's `scored`); this module
pairs them. Each construct family registers the pairs it reads in its `COMPOSE` table —
(condition kind, action kind) → the callback that builds the clause — and a pair no family
reads is refused here, naming both, never guessed.

Condition kinds: "none" · "lead" (否则, 未…, 达不到…, 低于…的: base._Lead) · "subject" (a name:
有工作方案) · "full" (the condition of full marks: 达标, 达到95%, 按时完成: base._Full) ·
"interval" (a numeric condition: ≥90%, 80%(含)-90%, 排名前5名).
Action kinds: the `act_…` aliases of the grammar fragments (ACTION_LABELS).
"""

from __future__ import annotations

from lark import Token

from ..model import Quantity
from .base import _Clause, _counts_items, _error, _Full, _Interval, _Lead
from .families import merged

# What each action is called in an error (and which fragment reads it).
ACTION_LABELS = {
    "get": "“得…分”",  # thresholds.lark
    "get_full": "“得满分”",
    "score_word": "“得分”“评分”",
    "zero": "“不得分”",
    "unsaid": "“扣分”",
    "points": "“…分”",  # rule.lark: points alone
    "bare_points": "分数",
    "deduct": "“扣…分”",  # conditions.lark
    "full_by": "“按满分计算”",
    "discretion": "“酌情给分”",
    "point_range": "分数范围（如“13-15分”）",
    "by_basis": "“按…比例得分”",  # ratios.lark
    "deduct_basis": "“根据…扣分”",
    "weighted": "“得分(分值*…)”",
    "formula": "计分公式",
    "step": "“每少…扣…分”",  # steps.lark
    "event": "“每次扣…分”",  # events.lark
    "short_event": "“少一项扣…分”",
    "late": "“逾期每天扣…分”",  # deadlines.lark
    "base": "“得基础分”",  # interpolation.lark
    "per_unit": "“每…得…分”",  # counts.lark
    "bonus_step": "“每增加…加…分”",  # bonuses.lark
    "bonus_unit": "“每…加…分”",
    "bonus": "“加…分”",
}


def _table() -> dict:
    pairs = merged("COMPOSE")
    unknown = {action for _, action in pairs} - ACTION_LABELS.keys()
    assert not unknown, f"actions without a label: {unknown}"
    return pairs


COMPOSE = _table()

# 每年 · 每月 before a name with a numeric condition: how often the count is made
_PERIODS = frozenset({"年", "月"})

# actions after which a lead of comparison (小于目标值的) only says the case: kept as a remark
_SAYS_THE_CASE = {"step", "bonus_step"}


class _Act:
    """An action as read: its kind and the children of its alternative, as the clause callbacks
    of the families read them."""

    __slots__ = ("items", "kind")

    def __init__(self, kind: str, items: list) -> None:
        self.kind, self.items = kind, items


class _Interval_condition(list):
    """interval_condition's children: SUBJECT?, the interval."""


def _action_callback(kind: str):
    def act(self, items):
        return _Act(kind, items)

    act.__name__ = f"act_{kind}"
    return act


class ComposeTree:
    """Callbacks of the scored clause and its actions."""

    def compose(self, items):
        *condition, action = items
        if not isinstance(action, _Act):  # points (1分) or bare points (≥90% 10)
            kind = "bare_points" if action[0] == "bare_points" else "points"
            action = _Act(kind, [action])
        kind, before = _condition_of(condition)
        build = COMPOSE.get((kind, action.kind))
        if build is None:
            raise _refusal(kind, before, action)
        if build.startswith("split_"):  # the callback reads the condition and action apart
            return getattr(self, build)(before, action.items)
        clause = getattr(self, build)([*before, *action.items])
        if kind == "lead" and before[0].kind == "compared" and action.kind in _SAYS_THE_CASE:
            # 小于目标值的每少1%扣1分: the words of the case are kept, as when a comma parts them
            return [_Clause("note", before[0][0], before[0][1]), clause]
        return clause

    def interval_condition(self, items):
        interval = items[-1]
        if len(items) == 1 and getattr(interval, "named", ""):  # 80%≤满意度<90%: its name
            items = [Token.new_borrow_pos("SUBJECT", interval.named, interval.token), interval]
        return _Interval_condition(items)

    def not_counted(self, items):
        """未完成1次扣1分: a name that starts with 未 and a count of events — the deduction is
        per event, as 迟报1次扣0.5分. Only a count of events: 未完成80% could mean below 80% or
        80% not done, and is refused naming both."""
        not_word, subject, quantity = items[0], items[1], items[2]
        name = Token.new_borrow_pos("SUBJECT", f"{not_word}{subject}", not_word)
        if not _counts_items(quantity):
            raise _error(
                f"“{name}{quantity.display}”可读作“低于{quantity.display}”，也可读作"
                f"“{quantity.display}未{subject}”，无法确定",
                not_word,
                hint=f"写成“{subject}低于{quantity.display}”或“未{subject}的比例达{quantity.display}”",
            )
        interval = _Interval((quantity, True, False), None, not_word, bare=True)
        interval.problem = _error(
            f"“{name}{quantity.display}”只能按次数扣分（如“{name}1次扣1分”）",
            not_word,
            hint="写明每次扣多少分",
        )
        return _Interval_condition([name, interval])

    def periodic(self, items):
        """每年上报科普信息4篇以上: the period (每年, 每月) says how often the count is made and is
        part of the name; a measure that is not a period (每人…2件以上) is refused, not guessed."""
        unit, subject, interval = items[0], items[1], items[2]
        if str(unit) not in _PERIODS:
            raise _error(
                f"“每{unit}{subject}”之后的数值条件无法确定是每{unit}的标准还是合计的标准",
                unit,
                hint=f"写成“{subject}”的合计标准，如“{subject}达到…以上”",
            )
        name = Token.new_borrow_pos("SUBJECT", f"每{unit}{subject}", unit)
        return _Interval_condition([name, interval])

    def counted_name(self, items):
        """年内发展1名以上新党员(计2分): a count with more name after it is no numeric condition of
        the row's measure but one named condition, the evaluator saying whether it holds."""
        words = [i.text if isinstance(i, Quantity) else str(i) for i in items]
        first = next(i for i in items if isinstance(i, Token))
        return Token.new_borrow_pos("SUBJECT", "".join(words), first)

    def glued_full(self, items):
        """…的得满分低于增幅的…: 得满分 glued to the next clause."""
        if isinstance(items[0], _Full):
            return self.full_clause(items)
        return self.award_clause(items)


for _kind in ACTION_LABELS:
    if _kind not in ("points", "bare_points"):
        setattr(ComposeTree, f"act_{_kind}", _action_callback(_kind))


def _condition_of(condition: list) -> tuple[str, list]:
    if not condition:
        return "none", []
    (first,) = condition
    if isinstance(first, _Interval_condition):
        return "interval", list(first)
    if isinstance(first, _Lead):
        return "lead", [first]
    if isinstance(first, _Full):
        return "full", [first]
    assert isinstance(first, Token) and first.type == "SUBJECT", first
    return "subject", [first]


def _written(items: list) -> tuple[str, Token | None]:
    """The words of a condition or an action as written, and its first token."""
    words, first = [], None
    for item in items:
        if isinstance(item, _Act):
            item = item.items
        parts = item if isinstance(item, (list, tuple)) else [item]
        for part in parts:
            if isinstance(part, Token):
                words.append(str(part))
                first = first or part
    return "".join(words), first


def _refusal(kind: str, before: list, action: _Act):
    condition, first = _written(before)
    _, where = _written([action])
    readable = sorted(
        {ACTION_LABELS[a] for c, a in COMPOSE if c == kind}, key=list(ACTION_LABELS.values()).index
    )
    label = ACTION_LABELS[action.kind]
    if kind == "none":
        message = f"{label}前没有写明条件"
    elif kind == "interval" or not condition:
        message = f"数值条件之后不能写{label}"
    else:
        message = f"“{condition}”之后不能写{label}"
    hint = f"此类条件之后可写：{'、'.join(readable)}" if readable else None
    return _error(message, where or first, hint=hint)
