"""The transformer of rule.lark: one mixin of callbacks per construct family, composed."""

from __future__ import annotations

import re

from lark import Transformer
from lark.exceptions import UnexpectedInput

from ..errors import RuleSyntaxError
from ..grammars import parse_by_shape
from .bands import BandsTree
from .base import CommonTree, _Interval
from .bonuses import BonusesTree
from .caps import CapsTree
from .compose import ComposeTree
from .conditions import ConditionsTree
from .counts import CountsTree
from .deadlines import DeadlinesTree
from .events import EventsTree
from .grades import GradesTree
from .interpolation import InterpolationTree
from .intervals import IntervalsTree
from .items import ItemsTree
from .notes import NotesTree
from .ranks import RanksTree
from .ratios import RatiosTree
from .steps import StepsTree
from .thresholds import ThresholdsTree


class RuleTree(
    CommonTree,
    ComposeTree,
    ThresholdsTree,
    RatiosTree,
    StepsTree,
    EventsTree,
    DeadlinesTree,
    BandsTree,
    IntervalsTree,
    ItemsTree,
    ConditionsTree,
    RanksTree,
    GradesTree,
    InterpolationTree,
    CapsTree,
    CountsTree,
    BonusesTree,
    NotesTree,
    Transformer,
):
    """Callbacks of rule.lark and its fragments, applied inline by the LALR parser (or replayed
    by grammars.parse_by_shape)."""


TREE = RuleTree()

_ASCII_DIGIT = re.compile("[0-9]")


def read_condition(text: str) -> _Interval | None:
    """A condition segment as a numeric interval (≥90%, 80%(含)-90%), or None if it is named.

    Every interval holds a NUMBER ([0-9]+ in rule.lark): a segment without an ASCII digit is a
    named condition (有工作方案) without asking the parser."""
    if _ASCII_DIGIT.search(text) is None:
        return None
    try:
        return parse_by_shape("rule", TREE, text, "condition_only", failed=None)
    except (UnexpectedInput, RuleSyntaxError, ValueError):
        return None
