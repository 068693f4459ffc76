"""Score many actuals of one indicator at once, with NumPy, exactly as one record is scored.

`score_batch(rule, target, weight, actuals)` gives, for every actual, the score that
`compile_indicator(target=…, weight=…, rule=…).score(actual)` gives it — to the cent, half-cent
ties, -0.0 and huge values included — and refuses what that refuses. Numbers are read as a
record's bare number is: in the target's unit (72.5 against a % target is 72.5%), in 万元 against
a target written in 万元.

Two vector plans, for the rows the per-record fast path reads (fastpath.py) and the values it
reads itself — decimals of the row's P places (n/10^P is the float: then it is the decimal the
float's repr writes, the one the record path reads):

- a score that is constant between cut points (all-or-nothing, whole steps, bands: the row's
  `FastRow.cuts`) is looked up among the cuts straight on the floats (a count of comparisons,
  or `np.searchsorted`), in a table of cents worked out once per row by scoring one actual at
  each cut and one inside each piece. Exact, because rounding to the nearest double keeps
  order and two decimals of at most 15 significant digits never meet in one double: b ≥ c of
  the floats is b ≥ c of the decimals.
- 正向 w·min(1, B/A) is ⌊(2·w·min(n, a) + a) / 2a⌋ in cents, whole numbers held exactly by
  float64: one rounding, which cannot cross a whole number — half-cent ties round up.

Any other value (more decimals, a float artefact such as 0.30000000000000004, which the record
path reads as 0.3, a refusal) is scored on its own; any other row, and an array with a negative,
missing or too large value, record by record on the compiled path: slower, never different.
`BatchResult.vectorised` says which ran.

>>> import numpy as np
>>> result = score_batch("达标得满分10分，否则每少10%扣2分", "≥80%", 10, np.array([85.0, 72.0, 69.9]))
>>> result.cents.tolist(), result.vectorised
([1000, 800, 600], True)
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import attrs

from .errors import IndicatorRulesError
from .extras import require
from .model import Proportional, Quantity
from .options import in_context

__all__ = ["BatchResult", "batch_cents", "score_batch"]

np = require("numpy", "dataframes", "批量评分")  # this module is imported only when used

_EXACT_INTS = 2**53  # integers a float64 holds exactly
_DIGITS = 1e15  # an integer below this has at most 15 digits: one double, one decimal
_MAX_CUTS = 256  # a lookup table of at most 2·256 + 1 pieces (built once per row)


@attrs.frozen(slots=True)
class BatchResult:
    """Scores in cents (int64, exact); `scores` as Decimals on demand; `vectorised` says which
    path ran (False: record by record)."""

    cents: np.ndarray
    vectorised: bool

    @property
    def scores(self) -> list[Decimal]:
        return [Decimal(int(c)).scaleb(-2) for c in self.cents]

    def as_float(self) -> np.ndarray:
        """Scores as floats, for plotting or display (the exact figures are `cents`)."""
        return self.cents / 100


@in_context
def score_batch(
    rule, target, weight, actuals, *, operator=None, unit=None, options=None
) -> BatchResult:
    """Score an array of actuals for one indicator row (see the module's docstring).

    `actuals` may be a NumPy array, a pandas Series, a pyarrow array or any sequence; numbers
    are vectorised, anything else (strings as written, None) is scored record by record.
    """
    from .scoring import _row

    row = _row(target, weight, rule, operator, unit, options, None)
    return batch_cents(row, actuals)


def batch_cents(row, actuals, where: str = "第{}个实际值：") -> BatchResult:
    """The cents of a `CompiledIndicator` for every actual: a vector plan where one applies,
    else `row.score` of each actual; an error names the actual (`where` of its number)."""
    array = _as_array(actuals)
    if array.dtype.kind in "iuf":
        cents = _vector_cents(row, array)
        if cents is not None:
            return BatchResult(cents=cents, vectorised=True)
    return BatchResult(cents=record_cents(row.score, array.tolist(), where), vectorised=False)


def record_cents(score, values, where: str = "第{}个实际值：", numbers=None) -> np.ndarray:
    """score(value) × 100 of each value, record by record; an error names the value's place
    (`where` of its number, counted from 1; `numbers`: the values' places, if not 0, 1, …)."""
    cents = np.empty(len(values), dtype=np.int64)
    for index, value in enumerate(values):
        try:
            cents[index] = int(score(value).scaleb(2))
        except IndicatorRulesError as error:
            place = index if numbers is None else int(numbers[index])
            error.message = where.format(place + 1) + error.message
            raise
    return cents


def _as_array(actuals) -> np.ndarray:
    if hasattr(actuals, "to_numpy"):  # pandas Series, pyarrow arrays
        actuals = actuals.to_numpy()
    array = np.asarray(actuals)
    if array.dtype.kind == "b" or array.ndim != 1:
        array = np.asarray(actuals, dtype=object).reshape(-1)
    return array


def _vector_cents(row, array: np.ndarray):
    """The cents by a vector plan, or None (then record by record). The row has a fast path
    (fastpath.fast_row: it reads bare numbers as they are, in the target's unit, and knows
    the rule); the values are not negative (refused, or a rate of change: the record path's),
    finite and below 10¹⁵ once scaled. A value that is not a decimal of the fast path's
    places (P) is scored on its own: the record path reads more decimals, float artefacts
    (0.30000000000000004 is 0.3) and refusals its own way."""
    fast = row.fast
    if fast is None or not array.size:
        return None
    scale = float(10**fast.places)
    low, high = array.min(), array.max()
    if not (low >= 0 and high * scale < _DIGITS):  # NaN fails both comparisons
        return None
    if array.dtype.kind == "f":
        scaled = np.multiply(array, scale)
        np.rint(scaled, out=scaled)
        same = np.equal(scaled / scale, array)  # else not n/10^P: another reading
        odd = () if same.all() else np.flatnonzero(~same)
        if 2 * len(odd) > array.size:
            return None
    else:
        scaled, odd = array * int(scale), ()
    if fast.cuts is not None:
        plan = _lookup(row)
        if plan is None:
            return None
        cents = _look_up(array, *plan)
    else:
        cents = _forward_ratio(row, scaled)
        if cents is None:
            return None
    if len(odd):
        cents[odd] = record_cents(row.score, array[odd].tolist(), numbers=odd)
    return cents


def _look_up(array: np.ndarray, breaks: np.ndarray, table: np.ndarray) -> np.ndarray:
    """table[the number of breaks ≤ b] for each b: counted by comparisons for a few breaks
    (one pass each, in bytes), by binary search for more."""
    if len(breaks) > 16:
        return table.take(np.searchsorted(breaks, array, side="right"))
    if not len(breaks):
        return np.full(array.shape, table[0], dtype=np.int64)
    count = np.greater_equal(array, breaks[0]).view(np.uint8)
    passed = np.empty(array.shape, dtype=bool)
    for cut in breaks[1:]:
        np.greater_equal(array, cut, out=passed)
        count += passed.view(np.uint8)
    return table.take(count)


# FastRow → (row, plan): a row's lookup table, built on its first batch
_LOOKUPS: dict[int, tuple] = {}


def _lookup(row):
    fast = row.fast
    held = _LOOKUPS.get(id(fast))
    if held is not None and held[0] is fast:
        return held[1]
    plan = _lookup_plan(row, fast.cuts)
    if len(_LOOKUPS) >= 1024:
        _LOOKUPS.clear()
    _LOOKUPS[id(fast)] = (fast, plan)
    return plan


def _lookup_plan(row, cuts: tuple[Decimal, ...]):
    """(breaks, table): the float breaks of the cut points and the cents of each piece, so that
    cents = table[searchsorted(breaks, b, side="right")]. Each cut c gives two breaks, c and the
    next double above it: the pieces are below the first cut, the first cut itself, between
    the first two, … above the last. Equal neighbours are merged. None when a cut has more
    than 15 significant digits, or there are too many."""
    if len(cuts) > _MAX_CUTS or any(len(c.normalize().as_tuple().digits) > 15 for c in cuts):
        return None
    probes = [cuts[0] - 1 if cuts[0] >= 1 else cuts[0] / 2 if cuts[0] > 0 else None]
    for low, high in pairwise(cuts):
        probes += [low, (low + high) / 2]
    probes += [cuts[-1], cuts[-1] + 1]
    # below a cut at 0 lie only negatives, which never reach a vector plan
    try:
        table = [-1 if probe is None else int(row.score(probe).scaleb(2)) for probe in probes]
    except IndicatorRulesError:  # a cut the record path refuses: each value goes there
        return None
    breaks = []
    for cut in cuts:
        at = float(cut)
        breaks += [at, np.nextafter(at, np.inf)]
    kept = [i for i in range(len(breaks)) if table[i] != table[i + 1]]
    return (
        np.array([breaks[i] for i in kept], dtype=np.float64),
        np.array([table[0]] + [table[i + 1] for i in kept], dtype=np.int64),
    )


def _forward_ratio(row, scaled: np.ndarray):
    """正向 w·min(1, B/A) in cents, B = n/10^P (`scaled`, overwritten): ⌊(2·w·min(n, a) + a) / 2a⌋ with w in cents and
    a = A·10^P, in float64, where every term is a whole number below 2⁵³ — so the one
    division is the only rounding, and it cannot cross a whole number (the exact quotient is
    at least 1/2a from the next, more than its error). None for any other ratio row."""
    rule, target, weight = row.rule, row.target, row.weight
    if rule is not None and (
        rule.full is None
        or rule.threshold is not None
        or rule.bands
        or not (rule.fallback is None or isinstance(rule.fallback, Proportional))
    ):
        return None
    value = target.value
    if not isinstance(value, Quantity) or target.operator.reverse or value.amount <= 0:
        return None
    full = int(weight * 100)  # the fast path takes weights of at most 2 decimals
    a = int(value.amount.scaleb(row.fast.places))  # the fast path's places cover A
    if (2 * full + 1) * a >= _EXACT_INTS:
        return None
    top = np.minimum(scaled, float(a), out=scaled if scaled.dtype.kind == "f" else None)
    top *= 2.0 * full
    top += a
    top /= 2.0 * a
    return np.floor(top, out=top).astype(np.int64)
