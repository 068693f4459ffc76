"""States: rows scored by whether a condition holds, answered in words (有/没有, 符合/不符合 …).

A 评价指标体系 row such as “有完整的项目实施方案的得2分，没有不得分” has no 指标值: the rule names a
condition, and the evaluator answers it. The answer may be

- a word of a state pair that the condition itself uses: 有/没有, 健全/不健全, 相符/不相符 …
  (“未发生安全事故” is answered by 未发生 or 发生);
- 是/否 (or True/False), which answer any condition;
- the condition as written, or the text of the rule's own “otherwise” branch (没有, 不健全,
  记录不全), which say it holds or fails.

Anything else is refused, naming the words this rule accepts: a guess here would be a misread.

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

import contextlib

import attrs

from .errors import ActualValueError
from .model import Statement
from .normalize import normalize

__all__ = [
    "ON_TIME_WORDS",
    "STATE_PAIRS",
    "Condition",
    "answer_words",
    "conditions_answered",
    "has_deadline_word",
]

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
    """A condition of a rule and the written text of its “otherwise” branches."""

    text: str
    otherwise: tuple[str, ...] = ()

    def answer(self, actual) -> bool:
        """Whether the condition holds, by the evaluator's answer (a word, or True/False)."""
        if isinstance(actual, bool):
            return actual
        word = normalize(str(actual)).strip().rstrip("。.")
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
            return all(polarity == states[index] for index, polarity in said.items())
        raise ActualValueError(
            f"实际完成情况“{actual}”无法对应评分标准的条件“{self.text}”",
            hint=f"可填：{'、'.join(answer_words(self.text, self.otherwise))}",
        )


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
_AFFIRMATIONS_BEFORE = ("已经", "已", "均已", "均", "全部", "都", "有")


def conditions_answered(word: str, labels: list[str], sole: str | None) -> list[str] | None:
    """The named conditions (`labels`) an answer in words says hold — [] when it says the one
    it speaks of does not — or None when it answers none of them (the caller refuses it).

    - 是 / 符合 / a state word of `sole`, the one condition worth 分值, answer it;
    - 已成立 against 未成立…的扣4分 says that deduction does not apply; 未整合 against
      整合…的得2分 says that award does not; 有整合 that it does. One label only, else None."""
    word = normalize(word).strip().rstrip("。.")
    if sole is not None:
        with contextlib.suppress(ActualValueError):
            return [sole] if Condition(sole, ()).answer(word) else []
    negation = next((n for n in _NEGATIONS_BEFORE if word.startswith(n)), None)
    core = word[len(negation) :] if negation else _strip(word, _AFFIRMATIONS_BEFORE)
    if len(core) < 2:
        return None
    found = []
    for label in labels:
        plain = normalize(label)
        own = next((n for n in _NEGATIONS_BEFORE if plain.startswith(n)), None)
        positive = plain[len(own) :] if own else plain
        if positive.startswith(core):
            # the answer and the label agree in polarity: the label holds
            found.append((label, (negation is None) == (own is None)))
    if len(found) != 1:
        return None
    label, holds = found[0]
    return [label] if holds else []


def _strip(word: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if word.startswith(prefix):
            return word[len(prefix) :]
    return word


def otherwise_texts(rule) -> tuple[str, ...]:
    """The rule's own words for a failed condition: remarks written as a negative state
    (没有, 不健全, 记录不全) — not notes such as 现场实查."""
    texts = []
    for remark in rule.remarks:
        plain = normalize(remark).strip()
        if plain.startswith(_NEGATIVE_START) or any(
            polarity is False for polarity in _states_in(plain).values()
        ):
            texts.append(remark)
    return tuple(texts)


def compile_state(rule, weight):
    """The scorer of a rule whose full marks depend on a condition answered in words."""
    from .model import NoScore, OnTime, Unsaid
    from .outcome import NO_FACTS, ZERO, Outcome, _clamp, _join, _score_text
    from .rules.events import _compile_events

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
    condition = Condition(subject, otherwise_texts(rule))
    deduct_events = _compile_events(rule.events)

    def score(actual, events=None, facts=NO_FACTS) -> Outcome:
        answer = actual.text if isinstance(actual, Statement) else actual
        # no answer, only events (scoring.read_value): the events measure the condition
        holds = True if answer is None else condition.answer(answer)
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
