"""Points added above the target (bonuses.lark): 大于目标值的，每增加1%加1分，最高加2分 ·
超额部分每增加500亩加1分 · 每超额完成一例引产手术奖一分 · 加分至基本分值封顶.

The declared policy (财预〔2020〕10号, docs/rules.md): the score never exceeds 分值 —
over-achievement earns no bonus. A bonus above the full-marks threshold is therefore read,
checked and named in the explanation, and capped; a bonus that could change a score below 分值
(另有创新的加5分: independent of the target) is refused by name, never guessed.
"""

from __future__ import annotations

from decimal import Decimal

from lark import Token

from ..errors import RuleSyntaxError
from ..model import Bonus, Quantity, fmt
from ..numerals import cn_number
from ..targets import check_size
from .base import _Clause, _error, _first, _Lead

_REFUSED = "暂不支持的评分方式：含加分项（可超过分值）暂不支持"


class BonusesTree:
    """Callbacks of bonuses.lark."""

    def bonus_points(self, items):
        token = items[0]
        number = cn_number(str(token)) if token.type == "CN_NUMBER" else Decimal(str(token))
        return check_size(number), token

    def split_bonus(self, condition, action):
        """A bonus action with the condition before it (大于目标值的 · 超额部分), as written."""
        points, _ = action[-1]
        each = any(_counts(i) or _compares(i) for i in action)
        compared = condition and isinstance(condition[0], _Lead) and condition[0].kind == "compared"
        written = "" if compared else "".join(_words(item) for item in condition)
        written += ("每" if each else "") + "".join(_words(item) for item in action[:-1])
        written += f"{fmt(points)}分"
        kind = "bonus" if each else "flat_bonus"
        clause = _Clause(kind, Bonus(text=written, points=points), _first([*condition, *action]))
        if compared:  # 大于目标值的每增加1%加1分: the case kept as a remark, as after a comma
            return [_Clause("note", condition[0][0], condition[0][1]), clause]
        return clause

    def bonus_cap(self, items):
        cap = items[1][0] if len(items) > 1 else None  # 加分至基本分值封顶: 分值 itself
        return _Clause("bonus_cap", cap, items[0])


def _words(item) -> str:
    if isinstance(item, _Lead):
        return item[0] or str(item[1])
    if isinstance(item, Quantity):
        return item.text
    return str(item) if isinstance(item, Token) else ""


def _counts(item) -> bool:
    return isinstance(item, Quantity) or (isinstance(item, Token) and item.type == "UNIT")


def _compares(item) -> bool:
    return isinstance(item, Token) and item.type in ("CMP_WORD", "REF_CMP")


COMPOSE = {
    (condition, action): "split_bonus"
    for condition in ("none", "lead", "subject")
    for action in ("bonus_step", "bonus_unit", "bonus")
}


# --- assembling ---


def add_bonus(asm, clause, labels) -> None:
    asm.remarks.extend(labels)
    asm.bonuses.append((clause.value, clause.token))


def add_flat_bonus(asm, clause, labels) -> None:
    """另有创新的加5分: points added whatever the target — they would change a score below 分值."""
    raise RuleSyntaxError(
        _REFUSED,
        line=clause.token.line,
        column=clause.token.column,
        hint="加分项请在总分之外单独处理",
    )


def add_bonus_cap(asm, clause, labels) -> None:
    """最高加2分: the cap of the bonus just before it."""
    asm.remarks.extend(labels)
    if not asm.bonuses:
        raise _error("“最高加…分”前没有加分条款", clause.token)
    bonus, token = asm.bonuses[-1]
    asm.bonuses[-1] = (Bonus(text=bonus.text, points=bonus.points, cap=clause.value), token)


def check_bonuses(asm) -> None:
    """A bonus reads only above the full-marks threshold of a target (达标/完成得基本分, 达到…):
    beside named conditions, bands or a rule without full marks it could change a score below
    分值, and is refused."""
    if not asm.bonuses:
        return
    others = asm.awards or asm.penalties or asm.bands or asm.discretion or asm.per_unit
    if asm.full is None or others or asm.items:
        token = asm.bonuses[0][1]
        raise RuleSyntaxError(
            _REFUSED,
            line=token.line if token else 1,
            column=token.column if token else 1,
            hint="加分项请在总分之外单独处理",
        )


RAW_KINDS = {}
CONDITIONED_KINDS = {"bonus": add_bonus, "flat_bonus": add_flat_bonus, "bonus_cap": add_bonus_cap}


# --- scoring ---


def bonus_note(bonuses) -> str:
    """The words an explanation adds above the target: which bonus, and that 分值 caps it."""
    said = "；".join(
        b.text + (f"（最高加{fmt(b.cap)}分）" if b.cap is not None else "") for b in bonuses
    )
    return f"另有加分（{said}），得分以分值为限"
