"""Hypothesis strategies for property-testing rules: quantities, targets, actual values at the
boundaries of a given indicator, rule texts in every written form, whole projects with actuals.

Needs the `[testing]` extra (`pip install 'indicator-rules[testing]'`): without hypothesis,
importing this module raises `MissingExtraError` naming it. docs/testing.md shows an embedding
app's property test built on these; `indicator-rules test` (propcheck.py) searches with them.

>>> from indicator_rules import compile_indicator
>>> row = compile_indicator(target="≥90%", weight=10, rule="达标得满分10分，否则每少5%扣2分")
>>> [q.display for q in cut_points(row)]
['90%', '85%', '80%', '75%']
>>> from hypothesis import find
>>> find(actual_values(row), lambda actual: actual == "89.99%")  # one cent below the target
'89.99%'
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from .extras import require

require("hypothesis", "testing", "性质测试策略")

from hypothesis import strategies as st  # noqa: E402

from .errors import IndicatorRulesError  # noqa: E402
from .model import DateValue, Grade, Qualitative, Quantity, StepDeduction, fmt  # noqa: E402
from .segments import JOINER  # noqa: E402
from .units import lookup_unit  # noqa: E402
from .variants import (  # noqa: E402
    CN,
    CONSTRUCTS,
    FAMILIES,
    FULL_WIDTH,
    NUMBERING,
    SLOT,
    SLOTS,
    TO_TRADITIONAL,
    VERBS,
)

__all__ = [
    "CONSTRUCTS",
    "FAMILIES",
    "NUMBERING",
    "SLOTS",
    "actual_values",
    "boundary_values",
    "cut_points",
    "event_counts",
    "grammar_targets",
    "grammar_texts",
    "indicator_rows",
    "plain_text",
    "projects",
    "quantities",
    "rule_texts",
    "targets",
    "written",
]

CENT = Decimal("0.01")

# --- rule texts: each construct family's plain form in its written forms (variants.py) ---


@st.composite
def written(draw, template: str) -> str:
    """One written form of a `CONSTRUCTS` template: each slot's variants, one numbering style,
    the points glued or spaced, maybe in traditional characters, maybe with full-width digits."""
    style = draw(st.sampled_from(NUMBERING))

    def fill(match: re.Match) -> str:
        slot, argument = match.group(1), match.group(2)
        if slot == "get":
            verb = draw(st.sampled_from(VERBS))
            space = draw(st.sampled_from(["", " "]))
            return f"{verb}{space}{argument}{space}分"
        if slot == "pts":  # points glued to the condition, spaced, or after a verb
            return draw(st.sampled_from([f"{argument}分", f"{argument} 分", f"得{argument}分"]))
        if slot == "no":
            n = int(argument)
            return style.format(n=n, c=CN[n - 1], circled=chr(0x2460 + n - 1))
        return _argued(draw(st.sampled_from(SLOTS[slot])), argument)

    text = SLOT.sub(fill, template)
    if draw(st.booleans()):
        text = TO_TRADITIONAL.convert(text)
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    return text


def plain_text(template: str) -> str:
    """A template's plain form: the first choice of every slot."""

    def fill(match: re.Match) -> str:
        slot, argument = match.group(1), match.group(2)
        if slot == "get":
            return f"得{argument}分"
        if slot == "pts":
            return f"{argument}分"
        if slot == "no":
            return f"{argument}、"
        return _argued(SLOTS[slot][0], argument)

    return SLOT.sub(fill, template)


def _argued(variant: str, argument: str | None) -> str:
    """A slot's variant with the slot's argument in its place ({incl:80%}: (含80%))."""
    return variant.replace("{n}", argument) if argument else variant


def _constructs(family: str | None) -> list:
    if family is not None and family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; one of {', '.join(FAMILIES)}")
    return [c for c in CONSTRUCTS if family is None or c[0] == family]


def rule_texts(family: str | None = None) -> st.SearchStrategy[str]:
    """评分标准 texts the language reads, drawn from the constructs of `family` (thresholds,
    ratios, steps, events, deadlines, bands, conditions, counts, bonuses, ranks; None: all)
    in each construct's written variants: numbering, punctuation, points glued or spaced, 的,
    synonyms of the verbs, traditional characters, full-width digits."""
    templates = [template for _, template, _, _ in _constructs(family)]
    return st.sampled_from(templates).flatmap(written)


def indicator_rows(family: str | None = None) -> st.SearchStrategy[dict]:
    """Rows as `compile_indicator(**row)` takes them: {"target", "weight", "rule"}, the rule in
    one written form of a construct of `family`, with the target and weight it is written for."""
    return st.sampled_from(_constructs(family)).flatmap(
        lambda c: written(c[1]).map(
            lambda text: {"target": c[2][0], "weight": c[2][1], "rule": text}
        )
    )


# --- texts generated from the grammars themselves ---

# Terminals written as regular expressions with lookaheads: generated from their plain words.
_KEYWORDS = {
    "RANK_TOP": ["排名前", "前"],
    "ORDINAL": ["第"],
    "FULL_MARK": ["满分", "满分为"],
    "GLUED_FULL": ["得满分"],
    "SUBJECT": ["满意度", "覆盖率", "医保系统网络覆盖率", "及时宣传", "完成比例", "补助"],
    "BASIS": ["满意度", "覆盖率", "医保系统网络覆盖率", "及时宣传", "完成比例", "补助"],
    "NOTE": ["现场实查", "有工作方案", "≥90%", "80%(含)-90%", "按要求落实的"],
    "WEIGHT_TIMES": ["(20分*执行率)", "(10分*完成率)"],
    "PAREN_POINTS": ["(1分)", "(2分)", "(0.5分)"],
    "EVENT_VERB": ["发现", "缺", "出现"],
}


@functools.cache
def _grammar(name: str):
    from .grammars import load_parser

    return load_parser(name, cached=False)  # from_lark reads the grammar itself


def grammar_texts(**terminals: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Strings generated from grammar/rule.lark (`hypothesis.extra.lark.from_lark`), the free
    text of names, notes and lookahead keywords drawn from plain words (`terminals` replaces
    the words of a terminal: `NOTE=st.just("现场实查")`): most are no rule the language reads,
    so they test that a parse either reads or raises the library's error."""
    from hypothesis.extra.lark import from_lark

    explicit = {name: st.sampled_from(words) for name, words in _KEYWORDS.items()}
    texts = from_lark(_grammar("rule"), start="start", explicit={**explicit, **terminals})
    # U+200B, which rule.lark ignores, is the library's own mark of a space inside a name
    # (segments.join_spaced_words), never written by an author: drawn as the space it stands for
    return texts.map(lambda text: text.replace(JOINER, " "))


def grammar_targets() -> st.SearchStrategy[str]:
    """Strings generated from grammar/target.lark: 指标值 texts, read or refused."""
    from hypothesis.extra.lark import from_lark

    return from_lark(_grammar("target"))


# --- quantities and targets ---

_UNITS = ("%", "人", "人次", "万人", "元", "万元", "天", "个月", "项", "次", "公里", "亩", "吨")


def quantities(unit: str | None = None, *, min_value=0, max_value=10**6, places=2):
    """`Quantity` values of `unit` (a name of the unit table: "%", "万元", "人次" …; None: a
    unit drawn from a few common ones, or none), amounts in [min_value, max_value] with up to
    `places` decimals. `.display` writes one as people do: 92%, 31.7万人."""
    units = st.just(unit) if unit is not None else st.sampled_from((None, *_UNITS))
    amounts = st.decimals(min_value=min_value, max_value=max_value, places=places)
    return st.builds(
        lambda amount, name: Quantity(amount=amount, unit=lookup_unit(name) if name else None),
        amounts,
        units,
    )


_OPERATORS = {"≥": ["≥", ">=", "不低于", "不少于"], "≤": ["≤", "<=", "不超过", "不高于"],
              ">": [">", "大于"], "<": ["<", "小于"], "=": [""]}  # fmt: skip
_QUALITATIVE = ("效果显著", "切实提升", "按财政规定执行", "有效改善")


def targets() -> st.SearchStrategy[str]:
    """指标值 texts as written, all read by `parse_target`: an operator in one of its words
    (≥ >= 不低于 …, or none) before a quantity (≥90%, 不超过30天, 31.7万人), a date
    (2026年12月, 2026年11月30日) or a qualitative target (效果显著)."""
    words = st.sampled_from([word for op in sorted(_OPERATORS) for word in _OPERATORS[op]])
    numeric = st.builds(lambda word, q: f"{word}{q.display}", words, quantities(min_value=1))
    dates = st.builds(
        lambda y, m, d: f"{y}年{m}月" + (f"{d}日" if d else ""),
        st.integers(2020, 2030),
        st.integers(1, 12),
        st.none() | st.integers(1, 28),
    )
    return st.one_of(numeric, dates, st.sampled_from(_QUALITATIVE))


# --- actual values for a given indicator ---


def _row(indicator):
    """A `CompiledIndicator` from an `Indicator` of a rule file, or the row itself."""
    return getattr(indicator, "compiled", indicator)


def cut_points(indicator) -> list[Quantity]:
    """The values where the indicator's score may change: its target, the rule's threshold,
    each band bound, grade limit and interpolation end, and a step or two either side of the
    threshold of a step deduction; in the target's unit where there is one."""
    row = _row(indicator)
    rule, target = row.rule, row.target
    points = [target.value] if isinstance(target.value, Quantity) else []
    if rule is not None:
        if rule.threshold is not None:
            points.append(rule.threshold)
        points += [b.value for band in rule.bands for b in (band.lower, band.upper) if b]
        points += [limit.bound for limit in rule.grades]
        if rule.interpolation is not None:
            points += [rule.interpolation.low, rule.interpolation.high]
        step = rule.fallback if isinstance(rule.fallback, StepDeduction) else None
        if step is not None and points:
            base, sign = points[0], -1 if not target.operator.reverse else 1
            for k in (1, 2, 3):
                amount = base.amount + sign * k * step.step.amount
                points.append(Quantity(amount=amount, unit=base.unit))
    unit = target.value.unit if isinstance(target.value, Quantity) else None
    return [_in_unit(q, unit) for q in points]


def _in_unit(q: Quantity, unit) -> Quantity:
    if unit is None or q.unit is None or q.unit is unit or not q.convertible(Quantity(0, unit)):
        return q
    return Quantity(amount=q.amount * q.unit.factor / unit.factor, unit=unit)


def _amounts(row) -> list[Decimal]:
    """Boundary amounts: each cut point and one cent and one unit either side, zero, negative
    values, and 130% of the target and beyond."""
    cuts = [q.amount for q in cut_points(row)]
    found = {Decimal(0), -CENT, Decimal(-1)}
    for cut in cuts:
        found |= {cut, cut - CENT, cut + CENT, cut - 1, cut + 1}
    if isinstance(row.target.value, Quantity):
        t = row.target.value.amount
        found |= {t * Decimal("1.3"), t * Decimal("1.3") + CENT, t * 2, t / 2}
    if not cuts:  # a rate without a threshold of its own (得分=执行率×分值): 0–130%
        found |= {Decimal(50), Decimal("99.99"), Decimal(100), Decimal(130)}
    return sorted(Decimal(int(a)) if a == a.to_integral() else a for a in found)


def _forms(amount: Decimal, unit) -> list:
    """One amount as a record may hold it: a Decimal (the target's unit), a string as written
    with its unit, and in 万 where the unit has one (31.7万人)."""
    forms: list = [amount]
    if unit is not None:
        forms.insert(0, f"{fmt(amount)}{unit.name}")
        big = {"people": "万人", "money": "万元", "count": "万"}.get(unit.dimension)
        if big and unit.factor == 1 and amount >= 1000:
            forms.append(f"{fmt(amount / 10000)}{big}")
    return forms


def _quantity_values(row) -> tuple[list, st.SearchStrategy]:
    unit = row.target.value.unit if isinstance(row.target.value, Quantity) else None
    if unit is None:
        unit = next((q.unit for q in cut_points(row) if q.unit is not None), None)
    if unit is None and isinstance(row.target.value, Qualitative):
        unit = lookup_unit("%")  # 按照执行进度得分 against 按财政规定执行: a rate
    amounts = _amounts(row)
    spread = st.decimals(min_value=min(amounts), max_value=max(amounts), places=2)
    if unit is None:
        return amounts, spread
    forms = [form for amount in amounts for form in _forms(amount, unit)]
    return forms, spread.flatmap(lambda a: st.sampled_from(_forms(a, unit)))


_DATE_FORMS = ("{y}年{m}月", "{y}年{m}月{d}日", "{y}-{m:02d}")


def _date_values(row) -> tuple[list, st.SearchStrategy]:
    value = row.target.value
    year = (value.year or 2026) if isinstance(value, DateValue) else 2026
    month = value.month if isinstance(value, DateValue) else 12

    def written(k: int, day: int, form: str) -> str:
        y, m = divmod(year * 12 + month - 1 + k, 12)
        return form.format(y=y, m=m + 1, d=day)

    near = [written(k, 28, form) for k in (-1, 0, 1, 2) for form in _DATE_FORMS[:2]]
    spread = st.builds(
        written, st.integers(-14, 14), st.integers(1, 28), st.sampled_from(_DATE_FORMS)
    )
    return near, spread


def _rank_values(row) -> tuple[list, st.SearchStrategy]:
    rule = row.rule
    lasts = [band.last or band.first for band in rule.ranks] or [10]
    most = max(lasts) + 3
    places = sorted({1, *(n for last in lasts for n in (last, last + 1)), most})
    spread = st.integers(min_value=1, max_value=most)
    return [f"第{n}名" for n in places] + places, spread.flatmap(
        lambda n: st.sampled_from([n, str(n), f"第{n}名"])
    )


def _count_values(row) -> tuple[list, st.SearchStrategy]:
    per = row.rule.per_unit
    most = min(int(row.weight / per.points) + 3 if per.points > 0 else 10, 1000)
    measure = per.measure or "项"  # 4×实达标数: a bare 15 may read as the target's unit
    spread = st.integers(min_value=0, max_value=most).map(lambda n: f"{n}{measure}")
    return [f"{n}{measure}" for n in range(most + 1)][:50], spread


def _item_values(rule) -> tuple[list, st.SearchStrategy]:
    """The named conditions that hold, by number ({"items": [1, 3]}): a checklist's items, a
    level of a graded list, the conditions of a deduction."""
    numbers = list(range(1, len(rule.awards) + len(rule.penalties) + 1))
    held = [[], numbers, *([n] for n in numbers)]
    spread = st.lists(st.sampled_from(numbers), unique=True) if numbers else st.just([])
    words = ["是", "否"]  # 有方案得1分: the answer in words, for a rule of one condition
    return [{"items": h} for h in held] + words, spread.map(lambda h: {"items": sorted(h)})


def _grade_values() -> tuple[list, st.SearchStrategy]:
    grades = [g.value for g in Grade]
    ratios = st.none() | st.sampled_from(["0%", "50%", "75%", "100%"])
    spread = st.builds(lambda g, r: {"grade": g, "ratio": r}, st.sampled_from(grades), ratios)
    return grades, spread


def _kinds(row) -> tuple[list, st.SearchStrategy]:
    """The boundary values of the row and a strategy spreading between them, by what the row
    takes: a date, a place, a count, conditions, words, a grade, else a quantity."""
    rule, value = row.rule, row.target.value
    if isinstance(value, DateValue) or (rule is not None and rule.late is not None):
        return _date_values(row)
    if rule is not None and (rule.ranks or rule.rank_step):
        return _rank_values(row)
    if rule is not None and rule.per_unit is not None:
        return _count_values(row)
    if rule is not None and (rule.awards or rule.penalties):
        return _item_values(rule)
    if getattr(row.scorer, "reads_words", False):
        return ["是", "否"], st.sampled_from([True, False])
    if isinstance(value, Qualitative) and not (rule is not None and rule.is_numeric):
        return _grade_values()
    return _quantity_values(row)


def boundary_values(indicator) -> list:
    """The values `actual_values` concentrates on, as a list to try one by one: each cut point
    and one cent and one unit either side (as written with the unit, and as a Decimal), zero,
    negative, 130% of the target; the months around a deadline; the places at each ranking
    band's ends; the counts up to full marks; no condition, every condition, each alone."""
    boundary, _ = _kinds(_row(indicator))
    rule = _row(indicator).rule
    return ([None] if rule is not None and rule.actual_optional else []) + boundary


def actual_values(indicator, *, refused: bool = True) -> st.SearchStrategy:
    """Actual values for one indicator (a `CompiledIndicator`, or an `Indicator` of a rule
    file), concentrated where scores change: `boundary_values` (exactly at each threshold and
    cut point, one cent and one unit either side, zero, negative, 130% of the target and over,
    as Decimals and as strings written with the unit: "92%", "31.7万人"), and values spread
    between them; dates around a deadline; places around a ranking's bands; counts; the
    conditions that hold ({"items": [1, 3]}); grades of a 定性 row; 是/否 for a rule of
    conditions. `refused=False` keeps only values the row scores (no `IndicatorRulesError`):
    for a whole project's actuals."""
    row = _row(indicator)
    _, spread = _kinds(row)
    values = st.sampled_from(boundary_values(row)) | spread
    return values if refused else values.filter(lambda actual: _scores(row, actual))


def _scores(row, actual, events=None) -> bool:
    try:
        row.result(actual, events=events).exact  # noqa: B018 - scoring is the check
    except IndicatorRulesError:
        return False
    return True


def event_counts(indicator, *, most: int = 12) -> st.SearchStrategy:
    """Event counts for a rule that deducts per event, as `events=` takes them: {"1": n, …}
    by the number of the event in the rule; `st.none()` for a rule without events."""
    rule = _row(indicator).rule
    if rule is None or not rule.events:
        return st.none()
    count = st.integers(min_value=0, max_value=most)
    return st.tuples(*[count for _ in rule.events]).map(
        lambda ns: {str(i): n for i, n in enumerate(ns, start=1)}
    )


# --- whole projects ---

_VALUED = [c for c in CONSTRUCTS if all(set(given) == {"actual"} for given, _ in c[3])]


@st.composite
def projects(draw, *, min_size: int = 1, max_size: int = 5):
    """(Project, actuals): a rule file of a few indicators (the constructs whose rows take an
    actual value, each rule in one written form), loaded, and a mapping of actuals the project
    scores (`project.evaluate(actuals)`), 全年执行数 included."""
    from .project import loads

    chosen = draw(st.lists(st.sampled_from(_VALUED), min_size=min_size, max_size=max_size))
    lines = [
        "项目名称：性质测试项目",
        "年度：2026",
        "全年预算数：100万元",
        "一级：产出指标",
        "二级：数量指标",
    ]
    for number, (_, template, (target, weight), _) in enumerate(chosen, start=1):
        lines += [
            f"三级：指标{number}",
            f"  分值：{weight}",
            f"  评分标准：{draw(written(template))}",
        ]
        if target is not None:
            lines.append(f"  指标值：{target}")
    project = loads("\n".join(lines) + "\n", source="<projects>")
    actuals = {ind.name: draw(actual_values(ind, refused=False)) for ind in project.indicators}
    actuals["全年执行数"] = f"{fmt(draw(st.decimals(min_value=0, max_value=100, places=2)))}万元"
    return project, actuals
