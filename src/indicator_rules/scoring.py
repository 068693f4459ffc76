"""Score one indicator row: rule × target × actual × weight → `IndicatorResult`.

>>> result = score_row(target="80", operator=">=", unit="%", weight=10,
...                    rule="医保政策知晓率达80%得满分10分，否则每少10%扣2分", actual="72%")
>>> result.score
Decimal('8.00')
>>> result.explanation
'实际72%，低于目标80%共8个百分点，每少10%扣2分，扣2分，得8分'
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

import attrs

from ._transport import Recompiled, restore
from .actual_values import parse_actual
from .compiler import Scorer, compile_row
from .errors import ActualValueError, IndicatorRulesError, RuleSyntaxError, TargetError
from .fastpath import FastRow, entry_points, fast_row
from .limits import elide, text_of
from .model import NO_TARGET, Qualitative, Quantity, Rule, Statement, Target
from .options import DEFAULT_OPTIONS, ScoringOptions, in_context, round_score
from .records import read_record
from .rules import parse_rule
from .targets import clean_decimal, parse_target_beside, with_year

__all__ = ["CompiledIndicator", "IndicatorResult", "compile_indicator", "parse_weight", "score_row"]


@attrs.define(slots=True)
class IndicatorResult:
    """The score of one indicator, with what it was computed from and why.

    `score` is rounded half-up to 2 decimals (for display, export and totals); `exact` is the
    unrounded Decimal. `explanation` is a short Chinese sentence showing the arithmetic, and
    `warnings` the notes on the row (an over-achievement, a rule that differs from the
    target); these three may be worked out the first time they are read.

    Not frozen, for speed (one is made per scored record, positionally on the fast path);
    treat it as read-only.
    """

    score: Decimal
    _exact: Decimal | Callable[[], Decimal] = attrs.field(alias="exact", eq=False)
    met: bool
    weight: Decimal
    # a function writing the explanation, or None: the Decimal path of `row` on `actual` does;
    # or the explanation itself (an unpickled result)
    _explain: Callable[[], str] | str | None = attrs.field(alias="explain", eq=False, repr=False)
    # the warnings, a function writing them, or None: as the explanation
    _warnings: tuple[str, ...] | Callable[[], tuple[str, ...]] | None = attrs.field(
        alias="warnings", default=(), eq=False, repr=False
    )
    judged: bool = False  # the score includes the evaluator's discretionary judgement
    _row: CompiledIndicator | None = attrs.field(default=None, alias="row", eq=False, repr=False)
    _actual: object = attrs.field(default=None, alias="actual", eq=False, repr=False)

    @property
    def exact(self) -> Decimal:
        exact = self._exact
        if exact.__class__ is not Decimal:
            exact = self._exact = in_context(exact)()
        return exact

    @property
    def warnings(self) -> tuple[str, ...]:
        warnings = self._warnings
        if warnings.__class__ is not tuple:
            warnings = self._warnings = self._write("_warnings", "warnings")
        return warnings

    @property
    def explanation(self) -> str:
        explain = self._explain
        return explain if explain.__class__ is str else self._write("_explain", "explanation")

    @in_context
    def _write(self, own: str, written: str):
        """What is worked out when read: by the row's function, or on the Decimal path; in the
        library's Decimal context, whichever thread reads it (options.CONTEXT)."""
        write = getattr(self, own)
        return write() if write is not None else getattr(self._written(), written)

    def __reduce__(self):
        # what is worked out when read is worked out now: the functions that would write it
        # are closures of the compiled row, which pickle cannot send
        state = {field.name: getattr(self, field.name) for field in attrs.fields(IndicatorResult)}
        state.update(_exact=self.exact, _explain=self.explanation, _warnings=self.warnings)
        state.update(_row=None, _actual=None)
        return restore, (IndicatorResult, state)

    def _written(self) -> IndicatorResult:
        """The Decimal path's result of the same actual (fast-path results write from it)."""
        return self._row.decimal_result(self._actual)

    @property
    def deduction(self) -> Decimal:
        """Points lost: 分值 − 得分."""
        return self.weight - self.score

    def to_dict(self) -> dict:
        """A JSON-ready dict; numbers as strings so no binary float ever touches them."""
        return {
            "score": str(self.score),
            "exact": str(self.exact),
            "weight": str(self.weight),
            "met": self.met,
            "judged": self.judged,
            "explanation": self.explanation,
            "warnings": list(self.warnings),
        }


def parse_weight(value) -> Decimal:
    """分值 as given: 10, "10", "10分", 10.0; never a binary float's noise."""
    if isinstance(value, bool) or value is None:
        raise TargetError(f"分值“{value}”无法读取", hint="分值应为正数，如 10")
    if isinstance(value, Decimal):
        weight = value
        if not weight.is_finite() or weight.adjusted() >= 6 or weight.as_tuple().exponent < -10:
            raise TargetError(f"分值“{elide(str(value))}”无法读取", hint="分值应为正数，如 10")
    else:
        # 10, 10分, and 20% (a share of the 100-point table, as some sheets write it)
        written = text_of(value, "分值", TargetError)
        text = written.strip().removesuffix("分").removesuffix("%").strip()
        try:
            weight, _ = clean_decimal(text)
        except (InvalidOperation, ValueError):
            raise TargetError(
                f"分值“{elide(written)}”无法读取", hint="分值应为正数，如 10"
            ) from None
    if not weight.is_finite() or weight <= 0:
        raise TargetError(f"分值必须大于0：{value}")
    return weight


@attrs.frozen(slots=True)
class CompiledIndicator(Recompiled):
    """One indicator row compiled once, to score many actuals.

    `score(actual)` is the 2-decimal score, `result(actual)` the whole `IndicatorResult` (its
    explanation written when read). `actual` is a number, a Decimal or a string as written
    ("87.25", "87.25%", "2026年11月", a grade); `events`, `conditions` and `judgement` are as
    in `score_row`. Numbers and plain number strings are scored in exact integers
    (fastpath.py); everything else on the Decimal path, to the same cent.

    >>> row = compile_indicator(target="≥90%", weight=10, rule="达90%得满分10分，否则按完成比例得分")
    >>> row.score(88.0), row.score("95%")
    (Decimal('9.78'), Decimal('10.00'))
    >>> row.result("88%").explanation
    '实际88%，未达到目标90%，完成率97.78%，按完成比例得分：10×88÷90，得9.78分'

    `scorer` is the compiled Decimal scorer: `scorer(parse_actual(a, target), events, facts)`.
    `options` are those it was compiled with. Pickled, it is sent without its scorers, which
    are compiled again from the rule, target, weight and options where they are first used.
    """

    target: Target
    weight: Decimal
    rule: Rule | None
    scorer: Scorer = attrs.field(eq=False, repr=False)
    warnings: tuple[str, ...] = ()
    fast: FastRow | None = attrs.field(default=None, eq=False, repr=False)
    options: ScoringOptions = attrs.field(default=DEFAULT_OPTIONS, eq=False, repr=False)
    # score(actual, *, events=None, conditions=None, judgement=None) -> Decimal, and result(…)
    # -> IndicatorResult: closures (fastpath.entry_points), called once per record.
    score: Callable[..., Decimal] = attrs.field(init=False, eq=False, repr=False)
    result: Callable[..., IndicatorResult] = attrs.field(init=False, eq=False, repr=False)

    _COMPILED = frozenset({"scorer", "fast", "score", "result"})

    def __attrs_post_init__(self) -> None:
        score, result = self._entry_points(self.fast)
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "result", result)

    def _entry_points(self, fast):
        # a fast-path result keeps this row and its actual, to write what is read later (the
        # explanation, warnings) on the Decimal path: no closure per record
        made = (IndicatorResult, self.weight, self.warnings, self)
        return entry_points(fast, self.decimal_result, made)

    def _recompile(self) -> dict:
        rule, target, weight, options = self.rule, self.target, self.weight, self.options
        fast = fast_row(rule, target, weight, options)
        score, result = self._entry_points(fast)
        scorer = compile_row(rule, target, weight, options)
        return {"scorer": scorer, "fast": fast, "score": score, "result": result}

    @in_context
    def decimal_result(self, actual, events=None, conditions=None, judgement=None):
        """`result` on the Decimal path (what the fast path is checked against)."""
        rule = self.rule
        actual, events, facts = read_record(
            actual, events, conditions, judgement, self.weight, _items(rule)
        )
        value = read_value(actual, self.target, rule, self.scorer, events)
        outcome = used_judgement(self.scorer(value, events, facts), facts)
        return result_from(outcome, self.weight, self.warnings)


@functools.lru_cache(maxsize=4096)
def _compiled(rule_text, target: Target, written, weight, options: ScoringOptions) -> Scorer:
    """The scorer of a row, cached. `written` is the target as written (left out of a Target's
    equality, but shown in explanations: ≥80.0% is explained as 80.0%, not as the 80% of an
    equal target compiled before it)."""
    rule = parse_rule(rule_text) if rule_text else None
    return compile_row(rule, target, weight, options)


def _as_written(target: Target) -> tuple:
    return target.text, getattr(target.value, "text", None), str(target.value.__class__)


def qualitative_rule_warning(kind, rule: Rule | None, target: Target) -> tuple[str, ...]:
    """The lint warning for a row marked 定性 whose rule scores a number."""
    marked = bool(kind) and text_of(kind, "定量定性", TargetError).strip().startswith("定性")
    numeric = rule is not None and rule.is_numeric and not isinstance(target.value, Qualitative)
    return (
        ("该指标标为定性指标，但评分标准按数值计分：按评分标准计分",) if marked and numeric else ()
    )


def result_from(outcome, weight: Decimal, warnings: tuple[str, ...] = ()) -> IndicatorResult:
    """The `IndicatorResult` of a scorer's `Outcome`: the one place a score is rounded."""
    return IndicatorResult(
        score=round_score(outcome.exact),
        exact=outcome.exact,
        met=outcome.met,
        weight=weight,
        warnings=warnings + outcome.warnings,
        judged=outcome.judged,
        explain=outcome.explain,
    )


@in_context
def compile_indicator(
    *, target=None, weight, rule=None, operator=None, unit=None, options=None, kind=None, year=None
) -> CompiledIndicator:
    """Compile one indicator row once, to score many actuals (see `CompiledIndicator`).

    The arguments are those of `score_row`; the Decimal scorer is cached by rule text, target
    and weight. `year` is the project's year, for deadlines written without one (年底前)."""
    options = ScoringOptions.from_mapping(options)
    rule_text = rule.text if isinstance(rule, Rule) else rule
    if rule_text is not None and rule_text.__class__ is not str:
        rule_text = text_of(rule_text, "评分标准", RuleSyntaxError)
    if rule_text is not None and not rule_text.strip():
        rule_text = None
    if target is None or (isinstance(target, str) and not target.strip()):
        target = NO_TARGET
    elif not isinstance(target, Target):
        only = functools.partial(_words_only, rule_text)
        target = parse_target_beside(target, only, operator=operator, unit=unit)
    target = with_year(target, year)
    weight = parse_weight(weight)
    scorer = _compiled(rule_text, target, _as_written(target), weight, options)
    parsed = parse_rule(rule_text) if rule_text else None
    return CompiledIndicator(
        target,
        weight,
        parsed,
        scorer,
        qualitative_rule_warning(kind, parsed, target),
        fast_row(parsed, target, weight, options),
        options,
    )


def _words_only(rule_text: str | None) -> bool:
    """Whether the rule scores by its own words (`Rule.words_only`); not an unreadable one."""
    try:
        return rule_text is not None and parse_rule(rule_text).words_only
    except IndicatorRulesError:
        return False


# score_row's rows, by their arguments as given (a target and rule as text).
_ROWS: dict[tuple, CompiledIndicator] = {}


def _row(target, weight, rule, operator, unit, options, kind, year=None) -> CompiledIndicator:
    key = None
    plain_target = target is None or target.__class__ is str
    if options is None and plain_target and (rule is None or rule.__class__ is str):
        key = (target, weight, weight.__class__, rule, operator, unit, kind, year)  # 10 ≠ 10.0
        if operator is None and unit is None and kind is None and year is None:
            key = (target, rule, weight, weight.__class__)  # the common row: a shorter key
        try:
            return _ROWS[key]
        except KeyError:
            pass
        except TypeError:  # an argument that cannot be a key
            key = None
    row = compile_indicator(
        target=target,
        weight=weight,
        rule=rule,
        operator=operator,
        unit=unit,
        options=options,
        kind=kind,
        year=year,
    )
    if key is not None:
        if len(_ROWS) >= 4096:
            _ROWS.clear()
        _ROWS[key] = row
    return row


def score_row(
    *,
    target=None,
    actual=None,
    weight,
    rule=None,
    operator=None,
    unit=None,
    events=None,
    options=None,
    kind=None,
    conditions=None,
    judgement=None,
    year=None,
) -> IndicatorResult:
    """Score one indicator row.

    `target` is the 指标值 as written ("≥90%", "31.7万", "2026年12月", "效果显著") or a `Target`;
    `operator` and `unit` are the 指标性质 and 度量单位 columns when the table has them; `rule` is
    the 评分标准 text (None: the national defaults); `actual` is the 实际完成值 as written, a
    number, a date, or {"grade": ..., "ratio": ...}; `events` counts events for per-event rules
    (an int, or {event name: count}); `options` a `ScoringOptions` or mapping; `kind` 定量/定性;
    `conditions` names the conditions of the rule that hold (有工作方案, 记录不全 …) and
    `judgement` is the evaluator's score where the rule leaves it to them (酌情扣分, 9-8分);
    `year` the project's year, for deadlines written without one (年底前).
    For a rule made only of such conditions, `actual` may be None; `target` may be None when
    the rule states its own condition, threshold or method.

    The row is compiled once for its arguments; to score many actuals of one row, compile it
    yourself with `compile_indicator`.
    """
    row = None
    common = operator is None and unit is None and options is None and kind is None
    if (
        common
        and year is None
        and target.__class__ is str
        and (rule is None or rule.__class__ is str)
    ):
        # _row's lookup of the common row, inline: this is the per-record path (and a
        # with-statement of contextlib.suppress would cost more than the lookup)
        try:  # noqa: SIM105
            row = _ROWS.get((target, rule, weight, weight.__class__))
        except TypeError:  # a weight that cannot be a key
            pass
    if row is None:
        row = _row(target, weight, rule, operator, unit, options, kind, year)
    if events is None and conditions is None and judgement is None:
        return row.result(actual)
    return row.result(actual, events=events, conditions=conditions, judgement=judgement)


def used_judgement(outcome, facts):
    """`outcome`, once sure that an evaluator's score given with the record was used: a
    judgement the rule leaves no room for is refused, never dropped."""
    if facts.judgement is not None and not outcome.judged:
        raise ActualValueError(
            f"提供了评定得分{facts.judgement}分，但评分标准中没有由评价人评定的部分",
            hint="按评分标准给出实际完成值或条件，不要提供评定得分",
        )
    return outcome


def read_value(actual, target: Target, rule: Rule | None, scorer: Scorer, events=None):
    """The actual as the row's scorer takes it: None where the rule needs none, an answer in
    words (有, 不符合) for a rule scored by a condition, else a value (`parse_actual`).
    Event counts for a rule that deducts nothing per event are refused (the caller reads the
    rule differently from us)."""
    counted = rule is not None and bool(rule.events)
    if events is not None and not counted:
        raise ActualValueError(
            "提供了事件次数，但评分标准中没有按次数扣分的内容",
            hint="按评分标准给出实际完成值或成立的条件，不要提供 events",
        )
    blank = actual is None or (isinstance(actual, str) and not actual.strip())
    if blank and rule is not None and rule.actual_optional:
        return None
    if getattr(scorer, "reads_words", False):
        if isinstance(actual, bool):
            return actual
        if blank and (getattr(scorer, "words_optional", False) or (counted and events is not None)):
            return None  # 记录齐全得15分，有一项不合格扣5分: the events say how far from it
        if blank:
            raise ActualValueError(
                "实际完成情况为空", hint="填写是否符合评分标准的条件，如 有 / 没有"
            )
        return Statement(text=str(actual).strip())
    if isinstance(actual, Quantity) and actual.is_percent:
        return actual  # a rate worked out exactly (funds.rate_actual)
    return parse_actual(actual, target, _items(rule))


def _items(rule) -> tuple[str, ...]:
    """The items of a rule that scores several (分别…各得…), whose actual gives one value each."""
    return rule.items if rule is not None and rule.scores else ()
