"""The per-record fast path: a compiled row scored in integers, exactly, for the common inputs.

The compiler's scorers (compiler.py) do Decimal arithmetic on `Quantity` values; this module
wraps the same row in a function of plain integers. An actual as users hold it — a float such
as 87.25, an int, a short Decimal, a string "87.25" or "87.25%" — is read as the integer
n = actual·10^P when that is exact (P: the row's scale, the most decimals of its numbers and at
least 2). The row's numbers are scaled once, so comparing with the threshold, counting steps
and finding a band are integer operations; a ratio score is an integer half-up division; the
2-decimal Decimal comes from a table built here once. Whatever else comes in (more decimals,
another unit, a date, a grade, events or named conditions, a kind of rule not handled here)
returns None and the caller takes the Decimal path. A hypothesis property checks that both
paths give the same score on every input (tests/test_fastpath.py).

>>> from indicator_rules import compile_indicator
>>> row = compile_indicator(target="≥80%", weight=10, rule="达80%得满分10分，否则每少10%扣2分")
>>> row.score(72.5), row.score("79.99%"), row.score(80)
(Decimal('8.00'), Decimal('8.00'), Decimal('10.00'))
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from bisect import bisect_right
from collections.abc import Callable
from decimal import Decimal

import attrs

from .actual_values import scales_bare_numbers
from .model import (
    Discretion,
    Operator,
    Proportional,
    Quantity,
    Rule,
    StepDeduction,
    Target,
    Unsaid,
)
from .options import CONTEXT, ScoringOptions, round_score
from .rules.bands import _band_pieces, band_gaps
from .rules.ratios import _ratio_part
from .rules.thresholds import _threshold_for

__all__ = ["FastRow", "collection_paused", "entry_points", "fast_row"]

ZERO = Decimal(0)
# |n| < 2⁵⁰: a float of P decimals is then the nearest double of exactly one P-place decimal.
_LIMIT = 2**50
_MAX_STEPS = 10_000  # tables of at most this many step counts
_MAX_CENTS = 100_000  # ratio scores by table up to 分值 1 000
_NUMBER = re.compile(r"([+-]?)([0-9]{1,16})(?:\.([0-9]{1,10}))?(%?)")


@attrs.frozen(slots=True)
class FastRow:
    """The integer scorer of one row: an actual is read as n = actual·10^places; `pick(n)` is
    the 2-decimal score and `entry(n, actual)` is (score, exact, met, warned), where `exact`
    is a Decimal or a function giving it, and `warned` says the row has warnings to write
    (from the Decimal path, when they are read).
    `percent`: an actual written "72%" is the number 72 here. `cuts`: the actuals (Decimals, in
    the target's unit, ascending) at which the score may change, for a row whose score is
    constant between them (all-or-nothing, whole steps, bands); None for a ratio row. The
    batch path looks floats up among them (batch.py)."""

    places: int
    percent: bool
    pick: Callable[[int], Decimal]
    entry: Callable[[int, object], tuple]
    cuts: tuple[Decimal, ...] | None = None
    # bands: (breaks, entries), entry(n, actual) = entries[bisect_right(breaks, n)], for the
    # result of `entry_points` to look up without a call
    bands: tuple | None = None


@contextlib.contextmanager
def collection_paused():
    """No garbage collection inside: for loading a file or scoring a project, which make many
    small objects that all live on (a collection on the way finds nothing to free, and on a
    large heap costs up to a third of the time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def fast_row(rule: Rule | None, target: Target, weight: Decimal, options: ScoringOptions):
    """The `FastRow` of a compiled row, or None when this path does not know the row."""
    if not isinstance(target.value, Quantity) or _places(weight) > 2:
        return None
    if target.operator in (Operator.GT, Operator.LT):  # at the bound: refused (compiler)
        return None
    if scales_bare_numbers(target):  # 95 against ≥100万元 is 95万元: the Decimal path's reading
        return None
    if rule is not None and not rule.scores:
        rule = None  # as compile_row: a rule that only defines the measure scores by default
    if rule is not None and not _plain(rule):
        return None
    if rule is not None and isinstance(rule.fallback, (Unsaid, Discretion)):  # refused or judged
        return None
    if rule is not None and rule.bands:
        if band_gaps(rule.bands) or any(band.note for band in rule.bands):
            return None  # a gap is refused, a band end read by convention warns: the Decimal path
        return _bands(rule, target, weight)
    return _threshold(rule, target, weight, options)


def entry_points(fast: FastRow | None, slow, made):
    """`score` and `result` of a compiled row, as `CompiledIndicator` offers them: the fast
    path where it reads the actual, else `slow(actual, events, conditions, judgement)` (the
    Decimal path's result). `made` = (new, weight, warnings, row): a result of the fast
    path's (score, exact, met, warned) is new(score, exact, met, weight, None, warnings or
    None when warned, False, row, actual) — what it writes when read comes from `row`."""
    if fast is None:

        def slow_score(actual, *, events=None, conditions=None, judgement=None):
            return slow(actual, events, conditions, judgement).score

        def slow_result(actual, *, events=None, conditions=None, judgement=None):
            return slow(actual, events, conditions, judgement)

        return slow_score, slow_result
    whole = float(10**fast.places)
    bound = _LIMIT / 10**fast.places
    read, pick, entry = _reader(fast.places, fast.percent), fast.pick, fast.entry
    new, weight, row_warnings, row = made
    breaks, entries = fast.bands or (None, None)

    def score(actual, *, events=None, conditions=None, judgement=None):
        if events is None and conditions is None and judgement is None:
            if actual.__class__ is float and -bound < actual < bound:
                n = round(actual * whole)
                if n >= 0 and n / whole == actual:  # at most `places` decimals, not negative
                    return pick(n)
            else:
                n = read(actual)
                if n is not None and n >= 0:  # a negative is the Decimal path's to refuse
                    return pick(n)
        return slow(actual, events, conditions, judgement).score

    def result(actual, *, events=None, conditions=None, judgement=None):
        if events is None and conditions is None and judgement is None:
            if actual.__class__ is float and -bound < actual < bound:
                n = round(actual * whole)
                if not (n >= 0 and n / whole == actual):
                    return slow(actual, None, None, None)
            else:
                n = read(actual)
                if n is None or n < 0:
                    return slow(actual, None, None, None)
            if breaks is not None:  # a band: `entry` inline
                shown, exact, met, warned = entries[bisect_right(breaks, n)]
            else:
                shown, exact, met, warned = entry(n, actual)
            warnings = None if warned else row_warnings
            return new(shown, exact, met, weight, None, warnings, False, row, actual)
        return slow(actual, events, conditions, judgement)

    return score, result


def _plain(rule: Rule) -> bool:
    """A threshold with its fallback, or bands: no part that needs more than the actual."""
    return not (
        rule.events
        or rule.late
        or rule.awards
        or rule.penalties
        or rule.discretion
        or rule.interpolation
        or rule.rank_step
        or rule.ranks
        or rule.per_unit
        or rule.bonuses
        or rule.grades
        or rule.items
        or rule.actual_optional
        or any(band.points_low is not None for band in rule.bands)
    )


def _places(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)


def _scaled(value: Decimal, places: int) -> int:
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ValueError("inexact at this scale")
    return int(scaled)


@functools.lru_cache(maxsize=64)
def _cents_table(cents: int) -> tuple[Decimal, ...]:
    """round_score(k/100) for k = 0 … cents (100·分值): the scores a ratio can give."""
    return tuple(round_score(Decimal(k).scaleb(-2)) for k in range(cents + 1))


def _reader(places: int, percent: bool):
    """actual → n with actual = n/10^places exactly, or None (ints, strings, Decimals; floats
    are read by `entry_points` itself). `percent`: "72%" is 72."""
    scale = 10**places
    pad = [10 ** (places - k) for k in range(places + 1)]  # n = int(digits + fraction)·pad[k]
    # the common text first: digits, at most `places` decimals, maybe %; then the rest
    plain = re.compile(rf"([0-9]{{1,16}})(?:\.([0-9]{{1,{places}}}))?(%?)").fullmatch
    fullmatch = _NUMBER.fullmatch

    def read(actual):
        kind = actual.__class__
        if kind is str:
            # "87.25%" as users write it: what `plain` matches, read with str methods (faster)
            body = actual[:-1] if actual[-1:] == "%" else actual
            whole, dot, fraction = body.partition(".")
            if whole.isdigit() and whole.isascii() and len(whole) <= 16:
                if body is not actual and not percent:
                    return None  # a percentage where the row reads none, however written
                if not dot:
                    return int(whole) * scale
                if fraction.isdigit() and fraction.isascii() and len(fraction) <= places:
                    n = int(whole + fraction) * pad[len(fraction)]
                    return n if n < _LIMIT else None
            match = plain(actual)
            if match is not None:
                digits, fraction, sign_of_percent = match.groups()
                if sign_of_percent and not percent:
                    return None
                if fraction is None:
                    return int(digits) * scale
                n = int(digits + fraction) * pad[len(fraction)]
                return n if n < _LIMIT else None
            match = fullmatch(actual.strip())
            if match is None:
                return None
            sign, digits, fraction, sign_of_percent = match.groups()
            if sign_of_percent and not percent:
                return None
            if fraction is None:
                n = int(digits) * scale
            elif len(fraction) <= places:
                n = int(digits + fraction) * pad[len(fraction)]
            else:
                return None
            return (-n if sign == "-" else n) if n < _LIMIT else None
        if kind is int:
            return actual * scale if -_LIMIT < actual * scale < _LIMIT else None
        if kind is Decimal and actual.is_finite() and _places(actual) <= places:
            n = int(actual.scaleb(places, CONTEXT))
            return n if -_LIMIT < n < _LIMIT else None
        return None

    return read


def _written(actual) -> Decimal:
    """The actual as the Decimal path reads it (repr of a float, the digits of a string)."""
    if actual.__class__ is float:
        return Decimal(repr(actual))
    if actual.__class__ is str:
        match = _NUMBER.fullmatch(actual.strip())
        return Decimal(match[1] + match[2] + (f".{match[3]}" if match[3] else ""))
    return Decimal(actual)


def _unit_fits(target: Target, unit) -> bool:
    """A number read for this target has the target's unit (or none): is it the threshold's?"""
    own = target.value.unit
    return own is None or unit is None or own is unit


def _threshold(rule, target: Target, weight: Decimal, options: ScoringOptions):
    threshold = _threshold_for(rule, target)
    unit = threshold.value.unit
    if not _unit_fits(target, unit):
        return None
    fallback = rule.fallback if rule is not None else None
    a_dec = threshold.value.amount
    numbers = [weight, a_dec, options.overachievement * a_dec]
    if isinstance(fallback, StepDeduction):
        numbers.append(fallback.step.amount)
    places = max(2, *(_places(n) for n in numbers))
    if places > 6:
        return None
    a = _scaled(a_dec, places)
    over_at = _over_at(threshold, a_dec, options, places)
    warn_always = rule is not None and rule.threshold is not None  # may differ from the target
    # met ⟺ sign·n ≥ least: ≥ a, > a (n ≥ a + 1 in integers), ≤ a (−n ≥ −a), < a (−n ≥ 1 − a)
    operator = threshold.operator.value
    sign = -1 if operator in ("≤", "<") else 1
    least = sign * a + (1 if operator in (">", "<") else 0)
    full = (round_score(weight), weight, True)
    met = (sign, least, full[0])
    missed = _missed(threshold, fallback, options, weight, places, met, warn_always)
    if missed is None:
        return None
    pick, values_missed, cuts = missed

    plain, warned = (*full, warn_always), (*full, True)
    if over_at is None:
        over_at = _LIMIT  # never reached: reverse, or a target of 0

    def entry(n, actual):
        if sign * n >= least:
            return warned if n >= over_at else plain
        return values_missed(n, actual)

    return FastRow(places, unit is None or unit.name == "%", pick, entry, cuts)


def _over_at(threshold, a_dec: Decimal, options, places: int) -> int | None:
    """The scaled actual from which the over-achievement warning is written (None: never).
    `places` covers the decimals of a·130%, so the product scales exactly."""
    if threshold.reverse or a_dec <= 0:
        return None
    return _scaled(a_dec * options.overachievement, places)


def _missed(threshold, fallback, options, weight: Decimal, places: int, met, warned: bool):
    """(pick(n), values(n, actual), cuts) of a threshold: `pick` is the score, met or not;
    `values` the (score, exact, met, warned) of a missed one; `cuts` as in `FastRow`. None
    when not handled here.
    `met` = (sign, least, full score): the target is met when sign·n ≥ least; `warned`: the
    row has a warning whatever the actual."""
    if fallback is None or isinstance(fallback, Proportional):
        return _missed_ratio(threshold, options, weight, places, fallback, met, warned)
    if isinstance(fallback, StepDeduction):
        return _missed_steps(threshold, fallback, options, weight, places, met, warned)
    sign, least, full = met
    zero = (round_score(ZERO), ZERO, False, warned)  # 不得分
    cuts = (threshold.value.amount,)
    return (lambda n: full if sign * n >= least else zero[0]), (lambda n, actual: zero), cuts


def _missed_ratio(threshold, options, weight: Decimal, places: int, fallback, met, warned):
    """正向 w·b/a (at most w), 反向 w·a/b or w·(2a−b)/a: integer half-up division to cents.
    The exact value comes from the compiler's own ratio function, on the Decimal as read."""
    basis = fallback.basis if fallback is not None else "完成比例"
    exact_of = _ratio_part(threshold, options, basis, weight)[0]
    a = _scaled(threshold.value.amount, places)
    w = int(weight * 100)  # cents; the weight has at most 2 decimals
    if w > _MAX_CENTS or options.reverse not in ("ratio", "linear"):
        return None
    cents = _cents_table(w)
    reverse, linear = threshold.reverse, options.reverse == "linear"
    sign, least, full = met
    if not reverse and a <= 0:
        return (lambda n: cents[w]), (lambda n, actual: (cents[w], weight, False, warned)), None

    def score(n):
        if not reverse:  # 100·w·b/a = w·n/a in cents
            top, bottom = w * n, a
        elif not linear:  # 100·w·a/b
            if n <= 0:
                return cents[0]
            top, bottom = w * a, n
        else:  # 100·w·(2a − b)/a, at least 0
            if a <= 0:
                return cents[0]
            top, bottom = w * max(2 * a - n, 0), a
        c = (2 * top + bottom) // (2 * bottom)
        return cents[c if c < w else w]

    def exact(n, actual) -> Decimal:
        written = _written(actual)
        value = exact_of(written.copy_abs() if not n else written)  # -0 is 0
        return ZERO if value < ZERO else weight if value > weight else value

    def values(n, actual):  # the exact value is worked out when read
        return score(n), functools.partial(exact, n, actual), False, warned

    if reverse:
        return (lambda n: full if sign * n >= least else score(n)), values, None
    w2, a2 = 2 * w, 2 * a
    partial = functools.partial

    def values_forward(n, actual):  # `values` with score(n) inlined: w·n/a in cents, half up
        c = (w2 * n + a) // a2
        return cents[c if c < w else w], partial(exact, n, actual), False, warned

    def forward(n):  # the national default: w·min(1, b/a), inlined
        if n >= least:
            return full
        c = (w2 * n + a) // a2
        return cents[c if c < w else w]

    return forward, values_forward, None


def _missed_steps(
    threshold, step: StepDeduction, options, weight: Decimal, places: int, met, warned: bool
):
    """w − steps·p, whole steps (ceil or floor) of the gap, as the compiler counts them."""
    if options.steps == "proportional" or step.points <= 0:
        return None
    over = step.direction.over(threshold.reverse)
    if over != threshold.reverse:
        return None  # the compiler refuses this row; it never gets here
    relative = step.step.is_percent and not threshold.value.is_percent
    if not relative and step.step.unit is not None and step.step.unit is not threshold.value.unit:
        return None  # a step in another unit: converted on the Decimal path
    a, s = _scaled(threshold.value.amount, places), _scaled(step.step.amount, places)
    if s <= 0 or (relative and a <= 0):
        return None
    k_max = int(-(-weight // step.points))  # from here on the score is 0
    if k_max > _MAX_STEPS:
        return None
    # as the compiler clamps w − k·p: a negative base is 0, a base of exactly 0 is kept
    exact = [weight - k * step.points for k in range(k_max + 1)] + [ZERO]
    exact = [ZERO if value < ZERO else value for value in exact]
    shown = [round_score(value) for value in exact]
    entries = [(score, value, False, warned) for score, value in zip(shown, exact, strict=True)]
    ceil = options.steps == "ceil"
    # steps = ⌈gap/s⌉ (or ⌊⌋); relative: gap% = 100·gap/a, steps = ⌈100·gap/(a·s)⌉
    top, bottom = (100 * 10**places, a * s) if relative else (1, s)
    last = k_max + 1

    def count(n):
        gap = (n - a if over else a - n) * top
        k = -(-gap // bottom) if ceil else gap // bottom
        return k if k < last else last

    sign, least, full = met

    def pick(n):
        if sign * n >= least:
            return full
        gap = (n - a if over else a - n) * top
        k = -(-gap // bottom) if ceil else gap // bottom
        return shown[k if k < last else last]

    def values(n, actual):
        return entries[count(n)]

    # the count changes where the gap is a whole number of steps: a ∓ j·step, j = 0 … last
    amount = threshold.value.amount
    width = step.step.amount * (amount / 100 if relative else 1)
    cuts = sorted(amount + (j if over else -j) * width for j in range(last + 1))
    return pick, values, tuple(cuts)


def _bands(rule: Rule, target: Target, weight: Decimal):
    """Bands: the band holding the actual, found among the scaled cut points."""
    pieces = _band_pieces(rule.bands)
    if pieces is None:
        return None
    cuts_dec, owners, unit = pieces
    if not _unit_fits(target, unit):
        return None
    places = max(2, _places(weight), *(_places(c) for c in cuts_dec))
    if places > 6:
        return None
    cuts = [_scaled(c, places) for c in cuts_dec]
    bases = [weight if band.points is None else band.points for band in rule.bands]
    entries = []
    for owner in owners:
        base = ZERO if owner is None else bases[owner]
        exact = ZERO if base < ZERO else weight if base > weight else base
        entries.append((round_score(exact), exact, owner is not None and base == weight, False))
    # the pieces alternate (below the first cut, at it, between it and the next, …); in whole
    # numbers "above c" is "from c + 1", so the piece of n is the count of breaks ≤ n
    breaks = [edge for cut in cuts for edge in (cut, cut + 1)]
    shown = [values[0] for values in entries]

    def entry(n, actual=None):
        return entries[bisect_right(breaks, n)]

    def pick(n):
        return shown[bisect_right(breaks, n)]

    percent = unit is None or unit.name == "%"
    return FastRow(places, percent, pick, entry, tuple(cuts_dec), (breaks, tuple(entries)))
