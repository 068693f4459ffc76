"""Charts: a rule's score curve from the library's own scorer, labels in a CJK font that renders."""

from __future__ import annotations

import io
import itertools
import sys
import unicodedata
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

import numpy as np
from matplotlib import image as mpimg
from matplotlib.figure import Figure

from indicator_rules.cli import main
from indicator_rules.plot import (
    FONT_FAMILY,
    _style,
    curve,
    evaluation_figure,
    indicator_figure,
    render,
    rule_figure,
)
from indicator_rules.project import load
from indicator_rules.scoring import compile_indicator, score_row

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "examples/chenggong-medical-insurance-2026.rules"
ACTUALS = ROOT / "examples/chenggong-medical-insurance-2026-actuals.csv"
STEP_INDICATOR = "医保政策宣传内容知晓率"  # 医保政策知晓率达80%得满分10分，否则每少10%扣2分


def _step_indicator():
    return load(RULES).indicator(STEP_INDICATOR)


def _pixels(png: bytes) -> np.ndarray:
    return mpimg.imread(io.BytesIO(png), format="png")[..., :3]


def _ink(region: np.ndarray) -> float:
    """Share of the region's pixels darker than light grey."""
    return float((region.mean(axis=2) < 0.6).mean())


def _is_han(character: str) -> bool:
    return unicodedata.name(character, "").startswith("CJK UNIFIED IDEOGRAPH")


def _one_line_labels(figure) -> list:
    """The chart's unrotated one-line texts that hold Chinese characters."""
    ax = figure.axes[0]
    texts = [ax.xaxis.label, *ax.texts]
    return [
        t
        for t in texts
        if not t.get_rotation() and "\n" not in t.get_text() and any(map(_is_han, t.get_text()))
    ]


def _character_crops(labels, png: bytes) -> list[list[np.ndarray]]:
    """Each label's characters cropped from the PNG: from the label's drawn box, each
    character's column ends where the advance of the text up to it ends."""
    from matplotlib.backends.backend_agg import RendererAgg

    pixels = _pixels(png)
    height = pixels.shape[0]
    crops = []
    for label in labels:
        box, text, font = label.get_window_extent(), label.get_text(), label.get_fontproperties()
        measure = RendererAgg(8, 8, label.figure.dpi)
        ends = [measure.get_text_width_height_descent(text[: i + 1], font, ismath=False)[0]
                for i in range(len(text))]  # fmt: skip
        assert abs(ends[-1] - box.width) < 1  # the advances add up to the drawn width
        edges = [round(box.x0 + x) for x in (0, *ends)]
        rows = slice(round(height - box.y1), round(height - box.y0))
        crops.append([pixels[rows, a:b] for a, b in itertools.pairwise(edges)])
    return crops


def _tofu(label) -> list[np.ndarray]:
    """Three U+E000 (a code point no font has) in the label's font, alone on a page: tofu."""
    figure = Figure(figsize=(3, 1), dpi=label.figure.dpi)
    text = figure.text(0.1, 0.5, "\ue000" * 3, fontproperties=label.get_fontproperties())
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing from every font: that is the point
        figure.savefig(buffer, format="png")
        return _character_crops([text], buffer.getvalue())[0]


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels inked in one crop and not the other, over their common area (ink:
    darker than light grey, so the light grid behind a label does not count)."""
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    ink_a, ink_b = a[:h, :w].mean(axis=2) < 0.6, b[:h, :w].mean(axis=2) < 0.6
    return float((ink_a != ink_b).mean())


class TestCurve:
    def test_every_point_is_the_scorer_and_steps_are_steps(self):
        """The curve is score_row at each sampled actual, with both sides of each step's cut."""
        indicator = _step_indicator()
        rule = indicator.rule.text
        compiled = compile_indicator(target=indicator.target, weight=10, rule=rule)
        points = dict(curve(compiled, [Decimal(70)], Decimal(0), Decimal(100), None))
        assert len(points) > 200
        for x, score in points.items():
            expected = score_row(target=indicator.target, weight=10, rule=rule, actual=f"{x}%")
            assert score == expected.score, x
        assert points[Decimal(70)] == Decimal("8.00") and points[Decimal("69.99")] == Decimal(
            "6.00"
        )

    def test_cut_points_of_the_chart_include_every_step(self):
        """The drawn line passes through each step's cut and a cent below it: no slopes."""
        figure = indicator_figure(_step_indicator(), "72%")
        line = figure.axes[0].lines[0]
        drawn = dict(zip(line.get_xdata(), line.get_ydata(), strict=True))
        for cut, above, below in ((80, 10, 8), (70, 8, 6), (60, 6, 4), (50, 4, 2), (40, 2, 0)):
            assert drawn[cut] == above and drawn[round(cut - 0.01, 2)] == below

    def test_dotted_lines_only_where_the_score_jumps(self):
        """每少10%扣2分 from 80%: the score jumps at 70, 60, 50 and 40 (0 below 40), so those
        are the dotted lines — none at 30, where it is 0 on both sides."""
        ax = indicator_figure(_step_indicator(), "72%").axes[0]
        dotted = sorted(line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == ":")
        assert dotted == [40, 50, 60, 70]
        labels = [t.get_text() for t in ax.texts]
        assert [t for t in labels if t.endswith("分") and len(t) == 2] == [
            "2分",
            "4分",
            "6分",
            "8分",
        ]

    def test_bands_are_shaded_and_labelled(self):
        figure = rule_figure(
            target=">=90%",
            weight=10,
            rule="≥90%得10分；80%(含)-90%得8分；60%(含)-80%得6分；60%以下不得分",
        )
        texts = [t.get_text() for t in figure.axes[0].texts]
        assert any("第2档 8分" in t for t in texts)
        line = figure.axes[0].lines[0]
        drawn = dict(zip(line.get_xdata(), line.get_ydata(), strict=True))
        assert (drawn[80], drawn[79.99], drawn[60], drawn[59.99]) == (8, 6, 6, 0)

    def test_a_qualitative_row_has_no_curve(self, capsys):
        assert main(["plot", "--target", "效果显著", "--weight", "10", "-o", "x.png"]) == 2
        assert "不按数值计分" in capsys.readouterr().err


class TestChineseRenders:
    def test_step_rule_png_has_real_cjk_glyphs(self, tmp_path):
        """The bundled step rule's PNG: no glyph missing, and its title region has ink."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure = indicator_figure(_step_indicator(), "72%")
            png = render(figure, "png")
        missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
        assert missing == []
        (tmp_path / "step.png").write_bytes(png)
        pixels = _pixels(png)
        box = figure.axes[0].title.get_window_extent()
        height = pixels.shape[0]
        title = pixels[int(height - box.y1) : int(height - box.y0), int(box.x0) : int(box.x1)]
        assert title.size and _ink(title) > 0.05

    def test_step_rule_png_labels_are_distinct_glyphs_not_tofu(self):
        """In the PNG of the bundled step rule, each Chinese character of the one-line labels
        (axis label, 满分, each plateau's score, the step note, the actual's note), cropped at
        its advance, has ink; within a label equal characters crop to the same ink and
        different ones do not (tofu would be one box repeated); and none is the tofu box that
        U+E000 (in no font) draws in that font and size."""
        figure = indicator_figure(_step_indicator(), "72%")
        labels = _one_line_labels(figure)
        texts = [t.get_text() for t in labels]
        assert "实际完成值（%）" in texts and "实际72%：得8分" in texts and len(labels) >= 7
        crops = _character_crops(labels, render(figure, "png"))
        same, different, checked = [], [], 0
        for label, row in zip(labels, crops, strict=True):
            glyphs = [(c, g) for c, g in zip(label.get_text(), row, strict=True) if _is_han(c)]
            assert all(_ink(g) > 0.02 for _, g in glyphs), label.get_text()
            for (a, glyph_a), (b, glyph_b) in itertools.combinations(glyphs, 2):
                (same if a == b else different).append(_difference(glyph_a, glyph_b))
            tofu = _tofu(label)
            assert max(_difference(tofu[0], box) for box in tofu) < 0.02  # one repeated box
            assert min(_difference(g, tofu[0]) for _, g in glyphs) > 0.15, label.get_text()
            checked += len(glyphs)
        assert checked >= 25
        assert len(same) >= 3 and max(same) < 0.02  # the crops sit on the glyphs
        assert len(different) >= 80 and min(different) > 0.1

    @staticmethod
    def _glyph(character: str, family) -> np.ndarray:
        figure = Figure(figsize=(0.6, 0.6), dpi=100)
        figure.text(0.5, 0.5, character, fontsize=28, ha="center", va="center", family=family)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return _pixels(buffer.getvalue())

    def test_glyphs_differ_where_tofu_would_be_identical(self):
        """Distinct characters draw distinct glyphs in the chart font; without a CJK font
        (DejaVu Sans) they draw the same box, which is what this comparison would catch."""
        characters = "目标得分扣满"
        with _style():
            ours = [self._glyph(c, FONT_FAMILY) for c in characters]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tofu = [self._glyph(c, "DejaVu Sans") for c in characters]
        assert any("missing from font" in str(w.message) for w in caught)
        assert all(np.array_equal(tofu[0], t) for t in tofu[1:])  # the reference is tofu
        assert all(_ink(g) > 0.02 for g in ours)
        assert not any(np.array_equal(a, b) for i, a in enumerate(ours) for b in ours[i + 1 :])
        assert not any(np.array_equal(g, tofu[0]) for g in ours)

    def test_svg_draws_each_glyph_from_the_shipped_font(self):
        """The SVG carries its glyphs as outlines from the shipped font (no <text>, so no font
        is needed where it is shown): 目 of 目标 is drawn with the font's own glyph for 目."""
        from importlib import resources

        from matplotlib.ft2font import FT2Font

        path = resources.files("indicator_rules") / "fonts" / "IndicatorRulesSansSC.otf"
        glyph = FT2Font(str(path)).get_char_index(ord("目"))
        assert glyph != 0
        svg = render(indicator_figure(_step_indicator()), "svg").decode()
        assert f'id="IndicatorRulesSansSC-Regular-{glyph:x}"' in svg and "<text" not in svg
        assert "<!-- 实际完成值（%） -->" in svg


class TestEvaluationChart:
    def test_one_page_with_subtotals_total_and_grade(self):
        evaluation = load(RULES).evaluate(ACTUALS)
        figure = evaluation_figure(evaluation)
        ax = figure.axes[0]
        assert "总分 93.95" in ax.get_title() and "评价等级 优" in ax.get_title()
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels[0] == "预算执行率" and len(labels) == len(evaluation.rows) + 1
        texts = " ".join(t.get_text() for t in ax.texts)
        for level, subtotal in evaluation.subtotals.items():
            assert f"{level}\n小计 {subtotal}" in texts
        assert "8.00 / 10" in texts

    @pytest.mark.parametrize("fmt", ["png", "svg"])
    def test_score_format_png_and_svg(self, tmp_path, fmt, capsys):
        out = tmp_path / f"eval.{fmt}"
        assert main(["score", str(RULES), str(ACTUALS), "--format", fmt, "-o", str(out)]) == 0
        data = out.read_bytes()
        assert data.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in data[:400]
        assert "93.95" in capsys.readouterr().out


class TestPlotCommand:
    def test_plot_indicator_with_actual_from_the_actuals(self, tmp_path):
        out = tmp_path / "c.png"
        args = ["plot", str(RULES), str(ACTUALS), "--indicator", STEP_INDICATOR, "-o", str(out)]
        assert main(args) == 0
        assert out.read_bytes().startswith(b"\x89PNG")

    def test_plot_one_row_as_explain_takes_it(self, tmp_path):
        out = tmp_path / "row.svg"
        rule = "医保政策知晓率达80%得满分10分，否则每少10%扣2分"
        args = ["plot", "--target", ">=80%", "--weight", "10", "--rule", rule, "-o", str(out)]
        assert main([*args, "--actual", "72%"]) == 0
        assert b"<svg" in out.read_bytes()[:400]

    def test_plot_errors_are_one_message(self, tmp_path, capsys):
        assert main(["plot", str(RULES), "--indicator", "医保政策宣传内容知晓", "-o", "x.png"]) == 2
        assert "是否要写“医保政策宣传内容知晓率”" in capsys.readouterr().err
        assert main(["plot", str(RULES), "--indicator", STEP_INDICATOR, "-o", "x.pdf"]) == 2
        assert ".png 或 .svg" in capsys.readouterr().err
        assert main(["plot", str(RULES), "--indicator", STEP_INDICATOR]) == 2
        assert "-o" in capsys.readouterr().err

    def test_missing_extra_is_a_one_line_hint(self, monkeypatch, capsys, tmp_path):
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        out = tmp_path / "x.png"
        assert main(["plot", str(RULES), "--indicator", STEP_INDICATOR, "-o", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert err == "绘制图表需要可选依赖 matplotlib：pip install 'indicator-rules[charts]'"
