"""Answers in the rule's own words: how an evaluator's phrase (未纳入, 已成立并作出部署, 全部完成)
is read against the conditions of a rule. One reading for every family: states.py (one
condition, its “otherwise” texts and per-event deductions) and rules/named.py (named awards,
deductions and events).

1. **Parts.** An answer is cut at ，,；;。、 into parts; a part that answers nothing is cut
   again at 且/并/和. Each part answers one condition of a group (the conditions, or the
   events); a part that answers none, or two, is refused naming the candidates — unless it
   is negative and says that none of several events happened (无火灾 against two kinds).
2. **Morphology.** A part is read whole (材料不全), else as ``head? negation? affirmation*
   core``: negations 未/没有/不/无/未能/尚未/缺少… (`NEGATIONS`), affirmations 已/均已/全部/有/
   按要求… (`AFFIRMATIONS`). The core (≥ 2 characters, no 的 at its ends) must be found in the
   condition's text, whole or in two pieces of ≥ 2 characters at most 6 characters apart
   (作出部署 in 未作出禁烧工作部署), never cutting one of its negation words (有档案 is not found
   in 没有档案); a head (创食办未设在府办) must be found before it. A part with a number (2次,
   少一项) is a quantity, never read as words.
3. **Polarity.** The condition's own negation before the core says whether it is written
   negatively (未按要求推进 is negative of 推进); the part holds the condition when both are
   negative or both positive. The part is left unread — a guess would be a misread — where
   the condition has two negations before the core, or one after it (上报不及时 answered by
   上报), or one more than 8 characters before it or before a 的 (对未完成的项目进行督办), or a
   comparator right before it (少于2次); and a positive part is unread where the condition
   says how or how far (不按规定使用资金, 资金拨付到位: `MANNERS`, `COMPLEMENTS`) and the part
   does not (使用资金, 已拨付) — a negative one (未使用) does answer. A bare state (不及时) is
   also answered by a core that begins or ends with it, the rest being words of the
   condition's own text (均及时完成 against 及时完成…工作，不及时). Irregular antonyms are
   rewritten once, before reading, to a negation (`IRREGULAR`: 缺位 → 不到位, 缺失 → 不完整,
   迟报 → 不及时报 …); words that begin with a negation character without negating (不少于,
   不断, 无论, 无人机 …) are not negations (`NOT_NEGATIONS`).
4. **Conditions of several clauses.** An award or the row's condition (kind ``all``) holds
   when every clause is said to hold, fails when one is said to fail; a deduction, an event
   or an “otherwise” text (kind ``any``) is its last clause, whose alternatives (、 或) hold
   when one is said to hold and fail when all are said to fail. Anything between is refused
   naming what is unsaid.

Words saying that everything holds (全部符合, 各项均符合要求, 均已落实 …) are one table
(`ALL_GOOD`); the families say where they are unambiguous. Words saying that one standard
holds (符合, 达到要求: `ONE_GOOD`) say all is good only where the full marks are one named
standard, deductions or events beside it.

>>> read_answer("已成立,未作出部署", [[Target("1", "未成立禁烧工作小组的", "any"),
...                                   Target("2", "未作出禁烧工作部署的", "any")]])
{'1': False, '2': True}
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from .counted_words import count_verdict, counts_items
from .errors import ActualValueError
from .normalize import normalize

__all__ = [
    "AFFIRMATIONS",
    "ALL_GOOD",
    "IRREGULAR",
    "NEGATIONS",
    "ONE_GOOD",
    "Target",
    "has_negation",
    "is_all_good",
    "is_one_good",
    "read_answer",
    "says_a_count",
]

# Longest first: 没有 before 没, 未能 before 未.
NEGATIONS = ("尚未", "未能", "没有", "不能", "缺少", "未", "没", "不", "无", "缺")
NOT_NEGATIONS = ("不少于", "不低于", "不高于", "不大于", "不小于", "不超过", "不多于", "不断")
NOT_NEGATIONS += ("不仅", "无论", "不论", "不得分", "不计分", "毫不", "不定期", "不间断", "不动产")
NOT_NEGATIONS += (
    "未成年",
    "无人机",
    "无害化",
    "无公害",
    "无障碍",
    "无偿",
    "无线",
    "无纸化",
    "没收",
)
NOT_NEGATIONS += ("缺陷", "不良", "无分")
# Words of things that open with a negation character (不锈钢护栏 is no negated 钢护栏; found by
# review: 未来三年规划编制完成 answered 未编制完成 scored full marks). A closed list: a word
# segmenter's dictionary (jieba) would find them all.
NOT_NEGATIONS += ("未来", "不锈钢", "无菌", "无息", "无机", "无形", "无烟", "无铅", "无纺", "无缝")
NOT_NEGATIONS += ("无尘", "无损", "无限", "无土", "无籽", "不粘", "不干胶", "无水", "无糖", "无醇")
AFFIRMATIONS = ("已经", "均已", "都已", "全部", "全都", "均", "已", "都", "有")
AFFIRMATIONS += ("按要求", "按规定", "按时", "按期")
# Irregular antonyms, rewritten to a negation before reading (both answer and condition).
IRREGULAR = (
    ("缺失", "不完整"),
    ("残缺", "不完整"),
    ("完备", "完整"),
    ("齐备", "齐全"),
    ("缺位", "不到位"),
    ("缺席", "不出席"),
    ("缺勤", "不出勤"),
    ("逾期", "不按时"),
    ("超期", "不按时"),
    ("延期", "不按时"),
    ("迟报", "不及时报"),
    ("滞后", "不及时"),
)
_NEGATION_CHARS = {word[0] for word in NEGATIONS}
_NOT_WHOLE = re.compile(r"不全(?!面)")  # 材料不全 → 不齐全, but not 不全面
ALL_GOOD = ("全部符合", "全部完成", "全部落实", "全部达标", "全部符合要求", "均符合", "均符合要求")
ALL_GOOD += ("均已落实", "均已完成", "均已符合要求", "各项均符合", "各项均符合要求", "各项均已落实")
ALL_GOOD += ("各项均达标", "无问题", "没有问题", "未发现问题")
# Words saying that the one standard holds (符合, 达到要求): all is good where the rule's full
# marks are one named standard; against several they do not say which.
ONE_GOOD = ("符合", "满足", "符合要求", "满足要求", "达到要求", "符合规定", "符合标准", "达到标准")
ONE_GOOD += ("均符合规定", "已达到要求", "已符合要求")

# Words saying how a thing is done: a condition that names one (未按要求推进, 按规定使用) is
# answered positively only by a part that says how too (按时推进), negatively by any (未推进).
MANNERS = ("按", "经批准", "经审批", "经审核", "经过", "依法", "依规", "依据", "依照", "及时")
MANNERS += ("如实", "足额", "严格", "规范", "全面")
# Words completing a verb (拨付到位, 整改完成): a part naming the verb alone does not say it.
COMPLEMENTS = ("到位", "完成", "完整", "齐全", "及时", "合格", "规范", "达标", "准确", "完善")
COMPLEMENTS += ("健全", "落实", "清楚", "充分", "有效", "合理", "明确", "彻底", "全面")
# A core right after one of these is a quantity compared (少于2次), never a state.
COMPARATORS = ("少于", "低于", "高于", "多于", "大于", "小于", "超过", "不足", "达到", "达", "满")
COMPARATORS += ("以上", "以下", "以内", "不到")
_NUMBER = re.compile(r"[0-9]|[一二两三四五六七八九十百千万][个次项处份人张件例篇名户天起]")
_PARTS = re.compile(r"[，,；;。、\n]")
_JOINS = re.compile(r"并且|且|并|和")
_CLAUSES = re.compile(r"[，,；;。:：]")
_CHOICES = re.compile(r"[、/]|或")
_GAP = 6
_SCOPE = 8
# Manner words a positive answer must repeat to say a negated condition fails (未按时足额拨付
# answered by 已足额拨付 leaves 按时 unsaid), and qualifiers that make a deed a fault (擅自调整
# 预算, 违规开设专户: 已调整预算 does not say the deduction holds).
_SAID_MANNERS = ("按时", "按期", "足额", "及时", "按要求", "按规定", "如实", "严格", "依法", "全额")
_FAULTS = (
    "擅自",
    "违规",
    "违法",
    "私自",
    "超标准",
    "超范围",
    "随意",
    "无故",
    "故意",
    "虚报",
    "冒领",
)


@attrs.frozen(slots=True)
class Target:
    """A text an answer may speak of: `key` names the condition (several texts may share it),
    `kind` is ``all`` (award, the row's condition) or ``any`` (deduction, event, otherwise
    text); `flip` turns the verdict round (an “otherwise” text holding says its key fails)."""

    key: str
    text: str
    kind: str = "all"
    flip: bool = False

    def pieces(self) -> list[str]:
        clauses = [c for c in (_clean(c) for c in _CLAUSES.split(_plain(self.text))) if c]
        if self.kind == "all" or not clauses:
            return clauses
        return [c for c in (_clean(c) for c in _CHOICES.split(clauses[-1])) if c]


def _plain(text: str) -> str:
    """Normalized text with the irregular antonyms rewritten as negations."""
    text = normalize(str(text)).strip()
    for word, negated in IRREGULAR:
        text = text.replace(word, negated)
    return _NOT_WHOLE.sub("不齐全", text)


def _clean(text: str) -> str:
    text = text.strip().removeprefix("并且").removeprefix("且").removeprefix("并")
    return text.strip("的了 .。").strip()


def is_all_good(answer) -> bool:
    """Whether `answer` is one of the words saying that everything holds (全部符合 …)."""
    return _clean(normalize(str(answer))) in ALL_GOOD


def is_one_good(answer) -> bool:
    """Whether `answer` says that a standard holds in a general word (符合, 达到要求 …)."""
    return _clean(normalize(str(answer))) in ONE_GOOD


def says_a_count(text: str) -> bool:
    """Whether `text` holds a number or a counted numeral (2次, 两个): a quantity, no state."""
    return _NUMBER.search(text) is not None


def has_negation(text: str) -> bool:
    """Whether `text` has a negation word (四至和情况不清 has; 不少于6次 has not)."""
    return bool(_negations(_plain(text)))


def _negations(text: str) -> list[tuple[int, int]]:
    """The spans of the negation words of `text`, left to right (不少于 is none)."""
    spans, i = [], 0
    while i < len(text):
        exempt = next((w for w in NOT_NEGATIONS if text.startswith(w, i)), None)
        if exempt:
            i += len(exempt)
            continue
        word = next((w for w in NEGATIONS if text.startswith(w, i)), None)
        if word:
            spans.append((i, i + len(word)))
            i += len(word)
        else:
            i += 1
    return spans


@attrs.frozen(slots=True)
class _Shape:
    head: str
    negated: bool
    core: str
    manner: bool = False  # the part says how (按时报送, 按要求完成)


def _shapes(part: str) -> list[_Shape]:
    """The readings of a part: whole, then head? negation? affirmation* core. A part with a
    number (2次, 少1项) is a quantity, not words: it has none."""
    if _NUMBER.search(part):
        return []
    shapes = [_Shape("", False, part, _says_manner(part))] if len(part) >= 2 else []
    spans = _negations(part)
    if len(spans) > 1:
        return shapes
    if spans:
        (start, end), negated = spans[0], True
    else:
        # the first affirmation after a head of ≥ 2 characters, or none (所有项目已完成: 已)
        found = [
            (m.start(), -len(w), w)
            for w in AFFIRMATIONS
            for m in re.finditer(re.escape(w), part)
            if m.start() == 0 or m.start() >= 2
        ]
        if not found:
            return shapes
        start, _, word = min(found)
        end, negated = start + len(word), False
    head, core = part[:start], part[end:]
    manner = _says_manner(part[start:end]) or _says_manner(core)
    while (word := next((w for w in AFFIRMATIONS if core.startswith(w)), None)) is not None:
        core = core[len(word) :]
    core = core.strip("的了")
    if not head or len(head) >= 2:
        # 不完整的项目: the predicate before 的 is a reading too
        cores = [core, core.split("的")[0]] if "的" in core else [core]
        shapes += [_Shape(head, negated, c, manner) for c in cores if len(c) >= 2]
    return shapes


def _says_manner(text: str) -> bool:
    """Whether `text` begins by saying how something was done (按要求, 及时, 如实 …)."""
    return text.startswith(MANNERS)


def _places(core: str, piece: str) -> list[tuple[int, int, bool]]:
    """Where `core` is in `piece` (start, end, whether a negation of the piece stands inside):
    whole, or in two pieces of ≥ 2 characters at most `_GAP` characters apart with no
    negation between (作出部署 in 作出禁烧工作部署) but one right before the second piece
    (资料齐全 in 资料不齐全, 宣传到位 in 宣传不到位: the piece is negative of the core)."""
    places = [(m.start(), m.end(), False) for m in re.finditer(re.escape(core), piece)]
    if places or len(core) > len(piece):
        return places
    for cut in range(2, len(core) - 1):
        left, right = core[:cut], core[cut:]
        for m in re.finditer(re.escape(left), piece):
            after = piece.find(right, m.end(), m.end() + _GAP + len(right))
            if after < 0:
                continue
            spans = _negations(piece[m.end() : after])
            inside = bool(spans) and len(spans) == 1 and spans[0][1] == after - m.end()
            if not spans or inside:
                places.append((m.start(), after + len(right), inside))
    return places


def _on_piece(shape: _Shape, piece: str, whole: str = "") -> bool | None:
    """Whether `shape` says `piece` (of the text `whole`) holds (True), fails (False), or
    does not speak of it."""
    spans = _negations(piece)
    verdicts = set()
    for start, end, inside in _places(shape.core, piece):
        if any(s < start < e or s < end < e for s, e in spans):
            continue  # the core cuts a negation word (有档案 in 没有档案)
        region = 0
        if shape.head:
            found = piece.rfind(shape.head, 0, start)
            if found < 0 or found + len(shape.head) > start:
                continue
            region = found + len(shape.head)
        if piece[:start].endswith(COMPARATORS):
            verdicts.add(None)  # 少于2次: a quantity compared, not a state
            continue
        before = [s for s in spans if region <= s[0] and s[1] <= start]
        after = [s for s in spans if s[0] >= end]
        if inside:  # 资料不齐全 against 资料齐全: the negation inside is the piece's own
            before = [*before, (start, start)]
        scope = piece[before[-1][1] : start] if before else ""
        how = piece[before[-1][1] if before else region : start]
        if len(before) > 1 or after or len(scope) > _SCOPE or "的" in scope:
            # 上报不及时 answered by 上报 · 对未完成的项目进行督办 answered by 进行督办: the
            # negation is after the core, or too far from it, or ends in a modifier (的)
            verdicts.add(None)
        elif _unsaid(shape, scope, how, bool(before)):
            verdicts.add(None)
        elif not shape.negated and (
            (any(m in how for m in MANNERS) and not shape.manner)
            or piece[end:].lstrip("得").startswith(COMPLEMENTS)
        ):
            # 不按规定使用资金 or 资金未拨付到位 answered by 使用资金, 已拨付: done, but how, or
            # how far? (未使用, 未拨付 do answer: what is not done is not done well)
            verdicts.add(None)
        else:
            verdicts.add(shape.negated == bool(before))
    verdicts.update(_on_bare_state(shape, piece, spans, whole))
    return verdicts.pop() if len(verdicts) == 1 else None


def _unsaid(shape: _Shape, scope: str, how: str, negated: bool) -> bool:
    """Whether the condition's words between its negation (or clause start) and the core leave
    the answer unsure: a manner of a negated condition the positive answer does not repeat, a
    fault the answer does not name."""
    if negated and not shape.negated:
        return any(m in scope and m not in shape.core for m in _SAID_MANNERS)
    return not negated and any(f in how and f not in shape.core for f in _FAULTS)


def _on_bare_state(shape: _Shape, piece: str, spans, whole: str) -> set[bool]:
    """不及时 answered by 均及时完成: a bare state (negation? core) is answered by a core that
    begins or ends with its own, the rest being words of the condition's own text (`whole`:
    完成 in 及时完成…工作，不及时) and no negation (及时率低 says nothing of 不及时)."""
    if shape.head or len(spans) > 1 or (spans and spans[0][0] != 0):
        return set()
    core = piece[spans[0][1] :] if spans else piece
    if len(core) < 2 or len(shape.core) <= len(core) or set(shape.core) & _NEGATION_CHARS:
        return set()
    if shape.core.startswith(core) == shape.core.endswith(core):
        return set()
    rest = shape.core[len(core) :] if shape.core.startswith(core) else shape.core[: -len(core)]
    if _JOINS.search(shape.core) or rest not in whole:
        return set()
    return {shape.negated == bool(spans)}


def _part_on(part: str, target: Target, *, alone: bool = True) -> dict[int, bool] | None:
    """The pieces of `target` the part says hold or fail, by the first reading that speaks.
    A count in 个 · 项 · 条 is read against a threshold only for a target `alone` in its group:
    beside other conditions, 3个 could as well be how many of them hold."""
    pieces = target.pieces()
    # 2种 against 至少2种宣传方式: the count against its threshold (counted_words.py)
    counted = (alone or not counts_items(part)) and {
        i: v for i, p in enumerate(pieces) if (v := count_verdict(part, p)) is not None
    }
    if counted:
        return counted
    for shape in _shapes(part):
        said = {}
        for index, piece in enumerate(pieces):
            verdict = _on_piece(shape, piece, _plain(target.text))
            if verdict is not None:
                said[index] = verdict
        if said:
            return said
    return None


def _read_part(part: str, group: Sequence[Target]) -> dict[str, list]:
    """The keys of `group` a part speaks of, with (target, pieces said)."""
    found: dict[str, list] = {}
    for target in group:
        said = _part_on(part, target, alone=len(group) == 1)
        if said:
            found.setdefault(target.key, []).append((target, said))
    return found


def read_answer(
    answer: str, groups: Sequence[Sequence[Target]], unread: list[str] | None = None
) -> dict[str, bool]:
    """What `answer` says of the keys of `groups`: True (holds) or False (fails), for the keys
    it speaks of. Raises ActualValueError for a part that speaks of two keys of one group, for
    a condition only partly answered, and for a part that speaks of none of them — unless
    `unread` is given: such parts are then added to it."""
    said: dict[str, list] = {}
    for part in _parts(answer):
        spoken = _speak(part, groups)
        if spoken is None:
            pieces = [p for p in (_clean(p) for p in _JOINS.split(part)) if p]
            if len(pieces) > 1 and all(_speak(p, groups) is not None for p in pieces):
                for piece in pieces:
                    _merge(said, _speak(piece, groups))
                continue
            if unread is not None:
                unread.append(part)
                continue
            raise ActualValueError(
                f"实际完成情况中的“{part}”无法对应评分标准的条件",
                hint=f"可对应：{'、'.join(t.text for g in groups for t in g) or '无'}",
            )
        _merge(said, spoken)
    return {key: _verdict(entries) for key, entries in said.items()}


def _parts(answer: str) -> list[str]:
    return [p for p in (_clean(p) for p in _PARTS.split(_plain(answer))) if p]


def _speak(part: str, groups) -> dict[str, list] | None:
    """The keys a part speaks of, one per group at most; None when it speaks of none."""
    spoken: dict[str, list] = {}
    for group in groups:
        found = _read_part(part, group)
        if len(found) > 1 and not _none_of(part, found):
            names = "、".join(f"“{entries[0][0].text}”" for entries in found.values())
            raise ActualValueError(
                f"实际完成情况中的“{part}”可对应多个条件：{names}",
                hint="写出条件的原文或其序号，每个条件分开写",
            )
        spoken.update(found)
    return spoken or None


def _none_of(part: str, found: dict[str, list]) -> bool:
    """Whether a negative part says that none of the events or deductions (kind ``any``) it
    speaks of happened (无火灾 against 发生一般森林火灾 and 发生较大以上森林火灾): one reading.
    A positive part speaking of two (发生火灾, 已成立) is refused: which one? So is a negative
    one against two awards (未申报 against 提交申报材料的 and 申报成功的: which failed?)."""
    entries = [entry for listed in found.values() for entry in listed]
    return has_negation(part) and all(
        target.kind == "any" and not target.flip and not any(said.values())
        for target, said in entries
    )


def _merge(said: dict[str, list], spoken: dict[str, list]) -> None:
    for key, entries in spoken.items():
        said.setdefault(key, []).extend(entries)


def _verdict(entries: list) -> bool:
    """One key's verdict from every piece said of its texts."""
    verdicts = set()
    for target in {target for target, _ in entries}:
        pieces: dict[int, set] = {}
        for entry, said in entries:
            if entry == target:
                for index, value in said.items():
                    pieces.setdefault(index, set()).add(value)
        verdict = _target_verdict(target, pieces)
        if verdict is not None:
            verdicts.add(verdict != target.flip)
    if len(verdicts) != 1:
        text = entries[0][0].text
        raise ActualValueError(
            f"实际完成情况对条件“{text}”说法不一或只说明了其中一部分，无法确定是否成立",
            hint="分别写明该条件的每一部分是否成立，或写 是 / 否",
        )
    return verdicts.pop()


def _target_verdict(target: Target, pieces: dict[int, set]) -> bool | None:
    if any(len(values) > 1 for values in pieces.values()):
        return None  # one piece said to hold and to fail
    values = {index: next(iter(v)) for index, v in pieces.items()}
    every = len(values) == len(target.pieces())
    if target.kind == "all":
        return False if False in values.values() else (True if every else None)
    return True if True in values.values() else (False if every else None)
