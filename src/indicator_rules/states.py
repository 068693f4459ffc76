"""States: rows scored by whether a condition holds, answered in words (有/没有, 符合/不符合 …).

A 评价指标体系 row such as “有完整的项目实施方案的得2分，没有不得分” has no 指标值: the rule names a
condition, and the evaluator answers it. The answer may be

- a word of a state pair that the condition itself uses: 有/没有, 健全/不健全, 相符/不相符 …
  (“未发生安全事故” is answered by 未发生 or 发生);
- 是/否 (or True/False), which answer any condition;
- the condition as written, or the text of the rule's own “otherwise” branch (没有, 不健全,
  记录不全), which say it holds or fails;
- else anything the general reading of wording.py reads: the condition's own words with or
  without a negation (纳入 / 未纳入 against 将…纳入…计划的得1分), several parts (有记录，全部消除
  — the second says the rule's event 未消除 did not happen), or 全部符合 and the like.

Anything else is refused, naming the words this rule accepts: a guess here would be a misread.
`STATE_PAIRS` keeps the bare state words (有/无, 健全/不健全 …) and the hints; the phrases
are read by morphology (wording.py), whose irregular antonyms are one table there.

>>> condition = Condition("制度健全", ("不健全",))
>>> condition.answer("健全"), condition.answer("不健全"), condition.answer("否")
(True, False, False)
>>> condition.answer("合格")
Traceback (most recent call last):
...
indicator_rules.errors.ActualValueError: 实际完成情况“合格”无法对应评分标准的条件“制度健全”
提示：可填：健全、不健全、是、否
"""

from __future__ import annotations

import re

import attrs

from .errors import ActualValueError
from .model import Statement
from .normalize import normalize
from .wording import Target, has_negation, is_all_good, read_answer, says_a_count

__all__ = [
    "ON_TIME_WORDS",
    "STATE_PAIRS",
    "Condition",
    "answer_words",
    "has_deadline_word",
]

# An event named by a failure alone — a shortfall (少一个单位扣1分: 缺少) or a finding (发现一项
# 的扣5分: 发现), maybe after what is found (其他保险缺失的，发现) — or said to follow a failure
# of the rule's own requirements (不符合以上要求，每发生1次投诉…): none happened where the
# condition holds (层层签订, 全年无破坏森林资源现象).
_BARE_FAILURES = ("缺少", "少", "缺", "发现")
_FAILING = ("不符合以上要求", "不符合上述要求", "达不到以上要求", "达不到上述要求")

# The words of a deadline kept (rule.lark's ONTIME).
ON_TIME_WORDS = ("按时", "按期", "如期", "按计划时间", "按规定时间", "按计划进度", "按时间节点")
ON_TIME_WORDS += ("在计划时间内", "在规定时间内", "在规定期限内")

# One table of the state words: (words saying it holds, words saying it does not). Longer
# words are tried first, so 未发生 is not read as 发生, nor 不健全 as 健全.
STATE_PAIRS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("有", "具有", "具备"), ("没有", "无", "未有", "不具备")),
    (("符合", "相符", "一致"), ("不符合", "不相符", "不一致")),
    (("匹配",), ("不匹配",)),
    (("健全", "完善"), ("不健全", "不完善")),
    (("已完成", "完成"), ("未完成", "没有完成", "未能完成")),
    ((*ON_TIME_WORDS, "及时"), ("未按时", "不按时", "未按期", "不及时", "逾期", "延期")),
    (("达到", "达标"), ("未达到", "没有达到", "未达标", "不达标")),
    (("发生", "出现"), ("未发生", "没有发生", "未出现", "没有出现")),
    (("合格",), ("不合格",)),
    (("规范",), ("不规范",)),
    (("完整", "齐全", "完备"), ("不完整", "不齐全", "不全", "不完备", "缺失")),
    (("到位",), ("未到位", "不到位")),
    (("明确",), ("不明确",)),
    (("合理",), ("不合理",)),
    (("充分",), ("不充分",)),
    (("准确",), ("不准确",)),
    (("科学",), ("不科学",)),
    (("合规",), ("不合规",)),
    (("有效",), ("无效",)),
    (("建立",), ("未建立",)),
    (("制定",), ("未制定",)),
    (("落实",), ("未落实",)),
    (("公开",), ("未公开",)),
    (("开展",), ("未开展",)),
    (("通过",), ("未通过",)),
    (("执行",), ("未执行",)),
    (("相适应", "适应"), ("不相适应", "不适应")),
    (("超过", "超出", "超支"), ("未超过", "未超出", "未超支", "不超过", "没有超过")),
)
YES_WORDS = ("是", "符合", "满足")


def has_deadline_word(text: str) -> bool:
    """Whether `text` says “on time” itself (项目按计划时间完成)."""
    return any(word in text for word in ON_TIME_WORDS)


NO_WORDS = ("否", "不是", "不符合", "不满足")

_WORDS = sorted(
    (
        (word, index, polarity)
        for index, (yes, no) in enumerate(STATE_PAIRS)
        for polarity, words in ((True, yes), (False, no))
        for word in words
    ),
    key=lambda entry: -len(entry[0]),
)


def _scan(text: str) -> tuple[list[tuple[int, bool]], list[bool]]:
    """The state words in `text`, longest first and not overlapping: (pair index, polarity)
    for each, and which characters they took."""
    said: list[tuple[int, bool]] = []
    taken = [False] * len(text)
    for word, index, polarity in _WORDS:
        start = text.find(word)
        while start >= 0:
            span = range(start, start + len(word))
            if not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                said.append((index, polarity))
            start = text.find(word, start + 1)
    return said, taken


def _states_in(text: str) -> dict[int, bool]:
    """The state pairs a condition uses and their polarity (the first word of each pair)."""
    found: dict[int, bool] = {}
    for index, polarity in _scan(text)[0]:
        found.setdefault(index, polarity)
    return found


def _states_of(condition: str, otherwise: tuple[str, ...] = ()) -> dict[int, bool]:
    """The state pairs that answer a condition and the polarity that says it holds: those its
    own words use, then those of its “otherwise” texts, turned round (不健全 → 健全 holds)."""
    states = _states_in(normalize(condition))
    for text in otherwise:
        for index, polarity in _states_in(normalize(text)).items():
            states.setdefault(index, not polarity)
    return states


_NEGATIONS = set("未不没无否非")


def _phrase_states(text: str) -> dict[int, bool]:
    """The states a phrase answer names, or none when a negation in it belongs to no state
    word (有制度未严格执行: what is not done is not a state of the rule — refused), or when it
    names both sides of one pair."""
    said, taken = _scan(text)
    found = dict(said)
    if len(found) != len(set(said)):
        return {}  # both polarities of one pair: no answer
    loose = any(char in _NEGATIONS and not taken[i] for i, char in enumerate(text))
    return {} if loose else found


def answer_words(condition: str, otherwise: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The words that answer `condition`: its pairs' words, then 是 and 否."""
    words: list[str] = []
    for index in _states_of(condition, otherwise):
        yes, no = STATE_PAIRS[index]
        words += [yes[0], no[0]]
    return (*words, YES_WORDS[0], NO_WORDS[0])


@attrs.frozen(slots=True)
class Condition:
    """A condition of a rule, the written text of its “otherwise” branches, and the rule's
    per-event deductions (their names: an answer may say they did not happen)."""

    text: str
    otherwise: tuple[str, ...] = ()
    events: tuple[str, ...] = ()

    def answer(self, actual) -> bool:
        """Whether the condition holds, by the evaluator's answer (a word, or True/False)."""
        return self.read(actual)[0]

    def read(self, actual, unsaid_ok: bool = False) -> tuple[bool | None, dict[int, bool]]:
        """Whether the condition holds, and what the answer says of the events (their index →
        whether they happened): by the words of the state table, else by the general reading
        of wording.py (未纳入 · 有记录，全部消除 · 全部完成). An event that is a failure of the
        condition (缺位 against 全年到位, 不完整的项目 against 记录完整, a bare shortfall 缺少)
        did not happen where the condition holds. With `unsaid_ok`, an answer speaking of the events only gives None."""
        holds, events = self._read(actual, unsaid_ok)
        if holds:
            for index, event in enumerate(self.events):
                if index not in events and event and self._failure_of(event):
                    events[index] = False
        return holds, events

    def _failure_of(self, event: str) -> bool:
        """Whether the event is a failure of the condition: by its name (`_BARE_FAILURES`,
        `_FAILING`), else read as an answer (`_fails_by`)."""
        clauses = [c.strip("的 ") for c in re.split(r"[，,]", normalize(event)) if c.strip("的 ")]
        if not clauses:
            return False
        if clauses[0] in _FAILING:
            return True
        if clauses[-1] in _BARE_FAILURES:
            return len(clauses) == 1 or self._fails_by("，".join(clauses[:-1]))
        return self._fails_by(event)

    def _fails_by(self, event: str) -> bool:
        """Whether `event`, read as an answer, says the condition fails."""
        unread: list[str] = []
        try:
            said = read_answer(event, [[Target("c", self.text)]], unread)
        except ActualValueError:
            return False
        return not unread and said.get("c") is False

    def _read(self, actual, unsaid_ok: bool) -> tuple[bool | None, dict[int, bool]]:
        if isinstance(actual, bool):
            return actual, {}
        word = normalize(str(actual)).strip().rstrip("。.")
        if is_all_good(word):  # 全部完成: the condition holds, no event happened
            return True, dict.fromkeys(range(len(self.events)), False)
        holds = self._by_table(word)
        reading, events = self._by_reading(word, decided=holds is not None)
        if holds is not None and reading not in (None, holds):
            raise ActualValueError(
                f"实际完成情况“{actual}”对条件“{self.text}”可读作成立，也可读作不成立，无法确定",
                hint=f"可填：{'、'.join(answer_words(self.text, self.otherwise))}",
            )
        if holds is None:
            holds = reading
        if holds is None and not (unsaid_ok and events):
            raise ActualValueError(
                f"实际完成情况“{actual}”无法对应评分标准的条件“{self.text}”",
                hint=f"可填：{'、'.join(answer_words(self.text, self.otherwise))}",
            )
        return holds, events

    def _by_table(self, word: str) -> bool | None:
        """The condition as written, its “otherwise” texts, 是/否 and the state table."""
        condition = normalize(self.text)
        if word == condition:
            return True
        if word in (normalize(t) for t in self.otherwise):
            return False
        if word in _positives(self.otherwise):  # 使用 against the rule's own 不使用不得分
            return True
        states = _states_of(self.text, self.otherwise)
        for entry_word, index, polarity in _WORDS:
            if word == entry_word and index in states:  # 符合 against 不符合…: the pair decides
                return polarity == states[index]
        if word in YES_WORDS or word in NO_WORDS:
            return word in YES_WORDS
        said = _phrase_states(word)  # 未按时完成: every state it names must be the rule's
        if said and all(index in states for index in said):
            holds = all(polarity == states[index] for index, polarity in said.items())
            # 未发生2起 · 2个项目记录完整: a count beside a state that holds contradicts it or
            # leaves the rest unsaid (1个项目记录不完整 counts the failures: it stays read)
            return None if holds and says_a_count(word) else holds
        return None

    def _by_reading(self, word: str, decided: bool) -> tuple[bool | None, dict[int, bool]]:
        """The general reading (wording.py): the condition (its “otherwise” texts turned
        round) and the events, one group each. Once the table decided, a part it cannot read
        is no error: the reading then only adds what it says of the events."""
        condition = [Target("c", self.text), *(Target("c", t, "any", True) for t in self.otherwise)]
        events = [Target(str(i), e, "any") for i, e in enumerate(self.events) if e]
        unread: list[str] = []
        try:
            said = read_answer(word, [condition, events], unread)
        except ActualValueError:
            if decided:
                return None, {}
            raise
        if unread and not decided:
            return None, {}
        return said.get("c"), {int(k): v for k, v in said.items() if k != "c"}


_NEGATIVE_START = ("未", "不", "没", "无", "否")


def _positives(otherwise: tuple[str, ...]) -> set[str]:
    """The positive forms of the rule's own negative words: 不使用 → 使用, 已使用."""
    found = set()
    for text in otherwise:
        plain = normalize(text).strip()
        negation = next((n for n in _NEGATIONS_BEFORE if plain.startswith(n)), None)
        if negation and len(plain) - len(negation) >= 2:
            positive = plain[len(negation) :]
            found |= {positive, "已" + positive}
    return found


_NEGATIONS_BEFORE = ("没有", "未能", "未", "不", "无")


def otherwise_texts(rule) -> tuple[str, ...]:
    """The rule's own words for a failed condition: remarks written as a negative state
    (没有, 不健全, 记录不全) or with a negation word (四至和情况不清) — not notes such as
    现场实查."""
    texts = []
    for remark in rule.remarks:
        plain = normalize(remark).strip()
        negative = any(polarity is False for polarity in _states_in(plain).values())
        if plain.startswith(_NEGATIVE_START) or negative or has_negation(plain):
            texts.append(remark)
    return tuple(texts)


def compile_state(rule, weight):
    """The scorer of a rule whose full marks depend on a condition answered in words."""
    from .model import NoScore, OnTime, Unsaid
    from .outcome import NO_FACTS, ZERO, Outcome, _clamp, _join, _score_text
    from .rules.event_words import split_counts
    from .rules.events import _compile_events, counts_said

    full = rule.full
    unsaid = isinstance(rule.fallback, Unsaid)
    if not (rule.fallback is None or isinstance(rule.fallback, NoScore) or unsaid) or rule.late:
        from .errors import TargetError

        raise TargetError(
            "评分标准按比例、步长或逾期时间计分，但该指标没有指标值，无从比较",
            hint="填写指标值，或在评分标准中写明标准（如“达到95%得满分”）",
        )
    subject = full.condition.subject
    if isinstance(full.condition, OnTime) and not has_deadline_word(subject):
        subject = f"按时{subject or '完成'}"
    condition = Condition(subject, otherwise_texts(rule), tuple(e.event for e in rule.events))
    deduct_events = _compile_events(rule.events)

    def score(actual, events=None, facts=NO_FACTS) -> Outcome:
        answer = actual.text if isinstance(actual, Statement) else actual
        events, answer = split_counts(rule.events, events, answer)  # 缺位2次 · 少1个单位
        # no answer, only events (scoring.read_value): the events measure the condition
        # events only (未消除 with its count, 全部消除): with no “otherwise” the events measure
        measured = rule.fallback is None and bool(rule.events)
        holds, said = (True, {}) if answer is None else condition.read(answer, measured)
        if holds is None:
            answer, holds = None, True
        events = counts_said(rule.events, events, said)  # 全年到位: no 缺位 happened
        if not holds and rule.events and isinstance(rule.fallback, NoScore):
            raise ActualValueError(
                f"“{subject}”不成立：可按“{rule.events[0].event}”的次数扣分，也可能不得分，无法确定",
                hint="按扣分事件计分时只提供事件次数，不填实际完成情况",
            )
        minus, minus_text = deduct_events(events) if rule.events else (ZERO, lambda: "")
        if not holds and unsaid:
            raise ActualValueError(
                f"条件不成立：评分标准只写了“{rule.fallback.text}”，没有写扣多少分，无法计分",
                hint="在评分标准中写明扣分，如“不及时扣2分”，或写“酌情扣分”由评价人评定",
            )
        # X得2分。不符合…每发生一次扣0.5分: failing X costs what the events cost, not all
        base = weight if holds or (rule.fallback is None and rule.events) else ZERO
        exact = _clamp(base - minus, weight)
        shown = "是" if answer is True else "否" if answer is False else str(answer)

        def explain(_):
            if answer is None:
                return _join(f"{subject}：按扣分事件计", minus_text(), _score_text(exact, weight))
            verdict = "条件成立" if holds else "条件不成立"
            return _join(
                f"{subject}：实际“{shown}”，{verdict}", minus_text(), _score_text(exact, weight)
            )

        return Outcome(exact, holds and exact == weight, (), explain, False, actual, events)

    score.reads_words = True
    return score
