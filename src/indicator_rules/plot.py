"""Charts (the `[charts]` extra, matplotlib): a rule's score curve, and a whole evaluation.

`rule_figure` draws the score of one indicator as a function of its actual value, every point
computed by the library's own compiled scorer — at evenly spaced actuals and at each cut point
(the target, each step, each band bound) and a cent either side of it, so a step is drawn as a
step, not a slope. The target, the full score, the steps and the bands are marked and labelled
in Chinese. `evaluation_figure` draws a 自评表 on one page: score against 分值 per indicator,
the subtotal of each 一级指标, the total and the grade.

The labels are set in "IndicatorRules Sans SC", a GB 2312 subset of Noto Sans CJK SC shipped in
`indicator_rules/fonts` (SIL Open Font License, OFL.txt beside it), registered with matplotlib's
font manager at plot time; characters outside it fall back to the system's CJK fonts.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import textwrap
from decimal import Decimal
from importlib import resources

from .actual_values import parse_actual
from .errors import ActualValueError, IndicatorRulesError
from .extras import require
from .model import Quantity, StepDeduction, fmt
from .options import round_score
from .records import make_facts
from .report import shown_grade
from .rules.thresholds import _threshold_for
from .scoring import compile_indicator

__all__ = [
    "FONT_FAMILIES",
    "PlotError",
    "curve",
    "evaluation_figure",
    "format_of",
    "indicator_figure",
    "render",
    "rule_figure",
    "save",
    "score_at",
]

FONT_FAMILY = "IndicatorRules Sans SC"
# The bundled font first; the system's CJK fonts for characters outside its subset.
FONT_FAMILIES = (
    FONT_FAMILY,
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "DejaVu Sans",
)
CENT = Decimal("0.01")
SAMPLES = 240
FORMATS = ("png", "svg")


class PlotError(IndicatorRulesError, ValueError):
    """A chart that cannot be drawn: a rule with no numeric actual, an unknown file type."""


def _matplotlib():
    require("matplotlib", "charts", "绘制图表")
    from matplotlib import font_manager

    path = resources.files("indicator_rules") / "fonts" / "IndicatorRulesSansSC.otf"
    if FONT_FAMILY not in {font.name for font in font_manager.fontManager.ttflist}:
        with resources.as_file(path) as font_path:
            font_manager.fontManager.addfont(str(font_path))
    known = {font.name for font in font_manager.fontManager.ttflist}
    return [family for family in FONT_FAMILIES if family in known]


@contextlib.contextmanager
def _style():
    families = _matplotlib()
    import matplotlib

    settings = {
        "font.family": families,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",  # glyphs as outlines: the SVG needs no font where it is shown
        "svg.hashsalt": "indicator-rules",  # the same chart gives the same SVG
    }
    with matplotlib.rc_context(settings):
        yield


# --- the score curve of one indicator ---------------------------------------------------------


def _cuts(rule, threshold, target, weight: Decimal) -> list[tuple[Decimal, str]]:
    """The actuals where the score may jump or bend, each with what it is, in the axis unit."""
    axis = threshold.value
    cuts = [(axis.amount, "threshold")]

    def add(quantity: Quantity, kind: str) -> None:
        with contextlib.suppress(IndicatorRulesError):
            cuts.append((quantity.in_unit_of(axis), kind))

    if isinstance(target.value, Quantity):
        add(target.value, "target")
    if rule is None:
        return cuts
    if isinstance(rule.fallback, StepDeduction) and rule.fallback.points > 0:
        step = rule.fallback
        size = step.step.amount
        if step.step.unit is not None and not step.step.convertible(axis):
            size = axis.amount * step.step.amount / 100  # 每少5% of a count: 5% of the target
        elif step.step.unit is not None:
            size = step.step.in_unit_of(axis)
        over = step.direction.over(threshold.reverse)
        count = int((weight / step.points).__ceil__())
        for k in range(1, min(count, 64) + 1):
            cuts.append((axis.amount + k * size if over else axis.amount - k * size, "step"))
    for band in rule.bands:
        for bound in (band.lower, band.upper):
            if bound is not None:
                add(bound.value, "band")
    if rule.interpolation is not None:
        add(rule.interpolation.low, "band")
        add(rule.interpolation.high, "band")
    for limit in rule.grades:
        add(limit.bound, "band")
    return cuts


def _range(cuts: list[Decimal], actual: Decimal | None) -> tuple[Decimal, Decimal]:
    points = [*cuts, *([actual] if actual is not None else [])]
    high = max(points)
    low = min(Decimal(0), min(points))
    span = (high - low) or abs(high) or Decimal(1)
    low = low - span * Decimal("0.05") if low < 0 else low
    return low, high + span * Decimal("0.2")


def curve(compiled, cuts, low: Decimal, high: Decimal, unit) -> list[tuple[Decimal, Decimal]]:
    """(actual, score) pairs from the compiled scorer: evenly spaced and each cut ± a cent."""
    xs = {low + (high - low) * i / SAMPLES for i in range(SAMPLES + 1)}
    xs = {x.quantize(CENT) for x in xs}
    for cut in cuts:
        xs.update({cut - CENT, cut, cut + CENT})
    return [(x, score_at(compiled, x, unit)) for x in sorted(x for x in xs if low <= x <= high)]


def score_at(compiled, amount: Decimal, unit) -> Decimal:
    """The score the compiled scorer gives the actual `amount` (in `unit`), rounded as shown."""
    value = Quantity(amount=amount, unit=unit)
    try:
        outcome = compiled.scorer(value, None, make_facts())
    except ActualValueError:  # a rule with per-event deductions: the curve with no events
        outcome = compiled.scorer(value, 0, make_facts())
    return round_score(outcome.exact)


def rule_figure(
    *, target, weight, rule=None, operator=None, unit=None, kind=None, name=None, actual=None
):
    """The score curve of one indicator row (the arguments of `score_row`), as a Figure."""
    compiled = compile_indicator(
        target=target, weight=weight, rule=rule, operator=operator, unit=unit, kind=kind
    )
    threshold = _threshold_for(compiled.rule, compiled.target)
    if threshold is None or not _numeric(compiled):
        raise PlotError(
            f"该指标（指标值{compiled.target.display}）不按数值计分，没有得分曲线",
            hint="得分曲线只适用于按实际数值计分的指标",
        )
    axis = threshold.value
    marked = None
    if actual is not None:
        value = parse_actual(actual, compiled.target)
        if not isinstance(value, Quantity):
            raise PlotError(f"实际完成值“{actual}”不是数值，无法标在曲线上")
        marked = value.in_unit_of(axis)
    cuts = _cuts(compiled.rule, threshold, compiled.target, compiled.weight)
    low, high = _range([c for c, _ in cuts], marked)
    points = curve(compiled, [c for c, _ in cuts], low, high, axis.unit)
    with _style():
        return _draw_curve(compiled, threshold, cuts, points, name, marked)


def indicator_figure(indicator, actual=None):
    """The score curve of one indicator of a rule file (`Project.indicators`)."""
    return rule_figure(
        target=indicator.target,
        weight=indicator.weight,
        rule=indicator.rule.text if indicator.rule is not None else None,
        kind=indicator.kind,
        name=indicator.name,
        actual=actual,
    )


def _numeric(compiled) -> bool:
    """Whether the score is a function of one number: the rule reads a number, or it judges
    the row's numeric target (达标得满分…); not several items, places or named conditions."""
    rule = compiled.rule
    if rule is not None and (rule.items or rule.ranks or rule.judged):
        return False
    if rule is None:
        return isinstance(compiled.target.value, Quantity)
    return rule.is_numeric or (isinstance(compiled.target.value, Quantity) and rule.needs_actual)


def _draw_curve(compiled, threshold, cuts, points, name, marked):
    from matplotlib.figure import Figure

    unit = threshold.value.unit.name if threshold.value.unit else ""
    weight = float(compiled.weight)
    figure = Figure(figsize=(8, 5), dpi=120, layout="constrained")
    ax = figure.add_subplot()
    xs, ys = [float(x) for x, _ in points], [float(y) for _, y in points]
    ax.plot(xs, ys, color="#1f5fa8", linewidth=2, label="得分")
    ax.axhline(weight, color="#999", linestyle="--", linewidth=1)
    ax.text(xs[0], weight, f" 满分{fmt(compiled.weight)}分", va="bottom", color="#555")
    operator = "" if threshold.operator.value == "=" else threshold.operator.value
    ax.axvline(float(threshold.value.amount), color="#c0392b", linewidth=1.2)
    ax.annotate(
        f"{threshold.label} {operator}{threshold.shown(threshold.value.amount)}",
        (float(threshold.value.amount), weight * 0.5),
        rotation=90,
        va="center",
        ha="right",
        color="#c0392b",
    )
    _mark_steps(ax, compiled, cuts, threshold.value.unit)
    _mark_bands(ax, compiled, threshold)
    if compiled.rule is not None and compiled.rule.events:
        events = "；".join(
            f"{e.event}每{e.measure}扣{fmt(e.points)}分" for e in compiled.rule.events
        )
        ax.text(
            0.02,
            0.1,
            f"另按事件扣分（曲线按0次）：{events}",
            transform=ax.transAxes,
            fontsize=9,
            color="#555",
        )
    if marked is not None:
        score = score_at(compiled, marked, threshold.value.unit)
        ax.plot([float(marked)], [float(score)], "o", color="#e67e22", markersize=8)
        right_half = marked > (points[0][0] + points[-1][0]) / 2
        ax.annotate(
            f"实际{fmt(marked)}{unit}：得{fmt(score)}分",
            (float(marked), float(score)),
            textcoords="offset points",
            xytext=(-10, -18) if right_half else (10, -18),
            ha="right" if right_half else "left",
            color="#e67e22",
        )
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(-weight * 0.04, weight * 1.12)
    ax.set_xlabel(f"实际完成值（{unit}）" if unit else "实际完成值")
    ax.set_ylabel("得分（分）")
    ax.grid(True, alpha=0.3)
    title = name or "得分曲线"
    rule_text = compiled.rule.text if compiled.rule is not None else "（未写评分标准：按默认方法）"
    ax.set_title(f"{title}\n" + "\n".join(textwrap.wrap(f"评分标准：{rule_text}", 44)), fontsize=11)
    return figure


def _mark_steps(ax, compiled, cuts, unit) -> None:
    """Each step's cut where the score jumps as a dotted line, each plateau with its score (the
    last cut of a rule that has reached 0 is no boundary: 0 on both sides)."""
    steps = sorted(
        c
        for c, kind in cuts
        if kind == "step"
        and score_at(compiled, c - CENT, unit) != score_at(compiled, c + CENT, unit)
    )
    if not steps:
        return
    rule = compiled.rule
    for cut in steps:
        ax.axvline(float(cut), color="#7f8c8d", linestyle=":", linewidth=0.8)
    plateaus = sorted({*steps, *(c for c, kind in cuts if kind == "threshold")})
    for left, right in itertools.pairwise(plateaus):
        middle = (left + right) / 2
        score = score_at(compiled, middle, unit)
        ax.text(
            float(middle), float(score), f"{fmt(score)}分", ha="center", va="bottom", fontsize=9
        )
    step = rule.fallback
    word = {"少": "每少", "超过": "每超过", "相差": "每相差"}[step.direction.value]
    ax.text(
        0.02,
        0.04,
        f"{word}{step.step.display}扣{fmt(step.points)}分（虚线为每一档的分界）",
        transform=ax.transAxes,
        fontsize=9,
        color="#555",
    )


def _mark_bands(ax, compiled, threshold) -> None:
    """Each band of a piecewise rule shaded, with its points."""
    rule = compiled.rule
    if rule is None or not rule.bands:
        return
    low = ax.get_xlim()[0]
    colours = ("#eaf2fb", "#fdf2e9")
    for number, band in enumerate(rule.bands):
        left = _bound(band.lower, threshold)
        right = _bound(band.upper, threshold)
        left = float(left) if left is not None else -1e12
        right = float(right) if right is not None else 1e12
        ax.axvspan(left, right, color=colours[number % 2], zorder=0)
        points = compiled.weight if band.points is None else band.points
        shown = f"{fmt(band.points_low)}-{fmt(points)}分" if band.points_low else f"{fmt(points)}分"
        ax.text(
            max(left, low),
            0.98,
            f" 第{number + 1}档 {shown}",
            transform=ax.get_xaxis_transform(),
            va="top",
            fontsize=8,
            color="#555",
        )


def _bound(bound, threshold) -> Decimal | None:
    if bound is None:
        return None
    try:
        return bound.value.in_unit_of(threshold.value)
    except IndicatorRulesError:
        return None


# --- a whole evaluation --------------------------------------------------------------------------


def evaluation_figure(evaluation):
    """The 自评表 on one page: score and 分值 per indicator, subtotals, total and grade."""
    with _style():
        return _draw_evaluation(evaluation)


def _short(text: str, width: int = 22) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _draw_evaluation(evaluation):
    from matplotlib.figure import Figure

    rows = []  # (label, score, weight, level1)
    if evaluation.execution is not None:
        rows.append(("预算执行率", evaluation.execution.score, evaluation.execution.weight, ""))
    for row in evaluation.rows:
        score = row.score if row.score is not None else Decimal(0)
        rows.append((_short(row.indicator.name), score, row.indicator.weight, row.indicator.level1))
    figure = Figure(figsize=(9, 1.6 + 0.42 * len(rows)), dpi=120, layout="constrained")
    ax = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    weights = [float(w) for _, _, w, _ in rows]
    scores = [float(s) for _, s, _, _ in rows]
    colours = ["#27ae60" if s >= w else "#e67e22" for _, s, w, _ in rows]
    ax.barh(positions, weights, color="#e5e8eb", height=0.7, label="分值")
    ax.barh(positions, scores, color=colours, height=0.45, label="得分")
    for y, (_, score, weight, _) in zip(positions, rows, strict=True):
        ax.text(float(weight), y, f" {score} / {fmt(weight)}", va="center", fontsize=9)
    ax.set_yticks(positions, [label for label, *_ in rows], fontsize=9)
    _level_brackets(ax, rows, positions, evaluation.subtotals)
    ax.set_xlim(0, max(weights) * 1.45)
    ax.set_xlabel("分")
    figure.legend(loc="outside lower center", ncols=2, fontsize=9)
    project = evaluation.project
    ax.set_title(
        f"项目支出绩效自评：{project.name}\n总分 {evaluation.total}　评价等级 {shown_grade(evaluation)}",
        fontsize=12,
    )
    return figure


def _level_brackets(ax, rows, positions, subtotals) -> None:
    """The subtotal of each 一级指标, written beside its block of bars."""
    limit = max(float(w) for *_, w, _ in rows) * 1.45
    start = 0
    while start < len(rows):
        level = rows[start][3]
        end = start
        while end + 1 < len(rows) and rows[end + 1][3] == level:
            end += 1
        if level:
            top, bottom = positions[start], positions[end]
            ax.axhspan(bottom - 0.45, top + 0.45, color="#f6f8fa", zorder=0)
            weight = sum((w for *_, w, lv in rows if lv == level), Decimal(0))
            ax.text(
                limit * 0.99,
                (top + bottom) / 2,
                f"{level}\n小计 {subtotals.get(level, Decimal(0))} / {fmt(weight)}",
                ha="right",
                va="center",
                fontsize=9,
                color="#34495e",
            )
        start = end + 1


# --- output --------------------------------------------------------------------------------------


def format_of(path: str) -> str:
    suffix = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    if suffix not in FORMATS:
        raise PlotError(
            f"无法识别图表文件“{path}”的格式", hint="输出文件以 .png 或 .svg 结尾，如 -o 曲线.png"
        )
    return suffix


def render(figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes."""
    if fmt not in FORMATS:
        raise PlotError(f"不支持的图表格式“{fmt}”", hint="png 或 svg")
    buffer = io.BytesIO()
    with _style():
        figure.savefig(buffer, format=fmt, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict:
    return {"Date": None} if fmt == "svg" else {"Software": "indicator-rules"}


def save(figure, path) -> str:
    """Write the figure to `path` (.png or .svg, by its extension), atomically; the format."""
    from .writer import write_bytes

    fmt = format_of(path)
    write_bytes(path, render(figure, fmt))
    return fmt
