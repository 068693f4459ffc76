"""Which named conditions an evaluator's answer holds: by name (with or without its numbering),
by a unique prefix, or by number; an actual written in the rule's own words (“记录不全”)."""

from __future__ import annotations

import re

import attrs

from ..errors import ActualValueError
from ..model import Statement
from ..normalize import normalize
from ..outcome import Facts
from ..segments import strip_mark
from ..states import conditions_answered


def _held_conditions(facts: Facts, ordered: list[str]) -> set[str]:
    """The named conditions the evaluator says hold: by name (with or without its numbering),
    by a prefix only one of them starts with, or by their number in the rule (1, 2, …)."""
    held = set()
    for given in facts.conditions:
        named = _labels_named(given, ordered)
        if len(named) != 1:
            _unknown_condition(given, ordered, named)
        held.add(named[0])
    return held


def _labels_named(given: str, ordered: list[str]) -> list[str]:
    """The conditions `given` may name: the one of its number, its name (with or without the
    numbering), else those whose name starts with it."""
    if given.isdigit() and 0 < int(given) <= len(ordered):
        return [ordered[int(given) - 1]]
    if given in ordered:
        return [given]
    key = given if given.isdigit() else strip_mark(given)
    bare = [strip_mark(label) for label in ordered]
    if key in bare:
        return [ordered[bare.index(key)]]
    return [label for label, b in zip(ordered, bare, strict=True) if key and b.startswith(key)]


def _unknown_condition(given: str, ordered: list[str], starts: list[str]):
    import difflib

    if starts:
        raise ActualValueError(
            f"“{given}”可对应多个条件：{'、'.join(starts)}", hint="写完整的条件名称或其序号"
        )
    close = difflib.get_close_matches(given, ordered, n=1, cutoff=0.3)
    raise ActualValueError(
        f"评分标准中没有条件“{given}”",
        hint=f"是否要写“{close[0]}”？" if close else f"可选：{'、'.join(sorted(ordered)) or '无'}",
    )


def _named_in_actual(
    facts: Facts, actual, ordered: list[str], sole: str | None, none_is_zero: bool
) -> Facts:
    """An actual given to a rule of named conditions names those that hold (“记录不全”, or
    several separated by ；); a number or date there is refused, never ignored."""
    if actual is None:
        return facts
    if not isinstance(actual, Statement):
        raise ActualValueError(
            "该指标按所列条件计分，实际完成值应写成立的条件，而不是数值",
            hint=f"可选：{'、'.join(ordered) or '无'}（或用 conditions= 给出）",
        )
    named = []
    for part in re.split(r"[；;\n]", normalize(actual.text)):
        part = part.strip()
        if not part:
            continue
        answered = (
            None if _names_a_label(part, ordered) else conditions_answered(part, ordered, sole)
        )
        if answered == [] and not none_is_zero:
            answered = None  # 不合格村 against 村民自治村计2分，合格村计1分: the rule does not say
        named += [part] if answered is None else answered  # an unknown part is refused later
    return attrs.evolve(facts, conditions=facts.conditions | frozenset(named))


def _names_a_label(given: str, ordered: list[str]) -> bool:
    """Whether `given` names one condition as _held_conditions reads it."""
    return len(_labels_named(given, ordered)) == 1
