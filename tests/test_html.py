"""The HTML 自评表, rendered in headless Chromium: the table, total and grade are on the page
(the browser's DOM) and its Chinese text renders as real glyphs (the screenshot)."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from indicator_rules.cli import main
from indicator_rules.html import to_html, to_report_html
from indicator_rules.project import load

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "examples/chenggong-medical-insurance-2026.rules"
ACTUALS = ROOT / "examples/chenggong-medical-insurance-2026-actuals.csv"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--window-size=1200,1600",
)
# Writes each heading character's box into the DOM; it changes no layout.
PROBE = """<script>
const node = document.querySelector("h1").firstChild, boxes = [];
for (let i = 0; i < node.length; i++) {
  const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
  const b = range.getBoundingClientRect(); boxes.push([node.data[i], b.left, b.top, b.width, b.height]);
}
document.body.setAttribute("data-glyphs", JSON.stringify(boxes));
</script></body>"""


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    found = next(
        (
            shutil.which(n)
            for n in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(n)
        ),
        None,
    )
    if found is None:
        reason = "chromium 不可用：apt-get install -y chromium fonts-noto-cjk（.ci/run 会安装）"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    profile = tmp_path_factory.mktemp("chromium-profile")

    def run(page: Path, *args: str) -> str:
        done = subprocess.run(
            [found, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
            capture_output=True,
            timeout=180,
            check=True,
        )
        return done.stdout.decode("utf-8")

    return run


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    evaluation = load(RULES).evaluate(ACTUALS)
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(to_html(evaluation), encoding="utf-8")
    return path


def _screenshot(chromium, page: Path) -> np.ndarray:
    from PIL import Image

    png = page.with_suffix(".png")
    chromium(page, f"--screenshot={png}")
    with Image.open(png) as image:
        return np.asarray(image.convert("L"), dtype=float) / 255


def _glyph_boxes(chromium, page: Path, tmp_path: Path) -> list:
    probe = tmp_path / f"probe-{page.name}"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE), encoding="utf-8")
    dom = chromium(probe, "--dump-dom")
    return json.loads(html.unescape(re.search(r'data-glyphs="([^"]*)"', dom).group(1)))


def _crops(pixels: np.ndarray, boxes) -> list[np.ndarray]:
    width = int(min(b[3] for b in boxes))
    height = int(min(b[4] for b in boxes))
    return [pixels[int(t) : int(t) + height, int(x) : int(x) + width] for _, x, t, _, _ in boxes]


def _blur(crop: np.ndarray) -> np.ndarray:
    """A 3×3 box blur: anti-aliasing at a sub-pixel offset no longer counts as a difference."""
    padded = np.pad(crop, 1, mode="edge")
    h, w = crop.shape
    return sum(padded[y : y + h, x : x + w] for y in range(3) for x in range(3)) / 9


def _distance(a: np.ndarray, b: np.ndarray, shift: int = 2) -> float:
    """Mean pixel difference of two glyph crops at their best alignment (glyphs sit at
    sub-pixel positions, so a crop may be off by a pixel or two)."""
    a, b = _blur(a), _blur(b)
    h, w = a.shape
    best = 1.0
    for dy in range(-shift, shift + 1):
        for dx in range(-shift, shift + 1):
            x = a[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)]
            y = b[max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)]
            best = min(best, float(np.abs(x - y).mean()))
    return best


def _ink(crop: np.ndarray) -> float:
    return float((crop < 0.5).mean())


class TestDom:
    def test_table_total_and_grade_are_on_the_page(self, chromium, page):
        """The browser's DOM holds every indicator row, the subtotals, the total and the grade."""
        dom = chromium(page, "--dump-dom")
        body = re.search(r'<table class="indicators">.*?<tbody>(.*?)</tbody>', dom, re.S).group(1)
        evaluation = load(RULES).evaluate(ACTUALS)
        assert body.count("<tr>") == len(evaluation.rows) == 11
        for row in evaluation.rows:
            assert f"<td>{html.escape(row.indicator.name)}</td>" in body
        assert '<td id="total">93.95</td>' in dom and '<td id="grade">优</td>' in dom
        assert "每少10%扣2分，扣2分，得8分" in dom  # the explanations
        assert dom.count('src="data:image/svg+xml;base64,') >= 2  # the charts, inlined
        assert not re.search(r'(src|href)="(https?:)?//', dom)  # nothing fetched from outside


class TestScreenshot:
    def test_chinese_heading_renders_real_glyphs(self, chromium, page, tmp_path):
        """Each character of the heading 项目支出绩效自评表 has ink and a glyph of its own;
        tofu (a code point no font has) gives the same box for every character."""
        boxes = _glyph_boxes(chromium, page, tmp_path)
        assert "".join(b[0] for b in boxes) == "项目支出绩效自评表"
        crops = _crops(_screenshot(chromium, page), boxes)
        assert all(_ink(c) > 0.05 for c in crops), [_ink(c) for c in crops]
        distinct = [_distance(a, b) for a, b in combinations(crops, 2)]

        tofu_page = tmp_path / "tofu.html"
        heading = "项目支出绩效自评表"
        tofu_page.write_text(
            page.read_text(encoding="utf-8").replace(
                f"<h1>{heading}</h1>", "<h1>" + "\ue000" * len(heading) + "</h1>"
            ),
            encoding="utf-8",
        )
        tofu_boxes = _glyph_boxes(chromium, tofu_page, tmp_path)
        tofu = _crops(_screenshot(chromium, tofu_page), tofu_boxes)
        same = [_distance(tofu[0], t) for t in tofu[1:]]
        versus_tofu = [_distance(c, tofu[0]) for c in crops]
        assert max(same) < 0.04  # the method sees tofu as one repeated box
        assert min(distinct) > max(same) + 0.04  # …and the heading as distinct glyphs
        assert min(versus_tofu) > 0.05

    def test_page_is_not_blank_below_the_heading(self, chromium, page):
        pixels = _screenshot(chromium, page)
        assert _ink(pixels[200:1500]) > 0.01


class TestReportPage:
    """The 自评报告 as HTML (`score --format report -o 报告.html`) in the same browser."""

    def test_dom_and_screenshot(self, chromium, tmp_path):
        """The DOM holds the outline, the completion table, total, grade and every deduction's
        reason; the page has ink below its title."""
        evaluation = load(RULES).evaluate(ACTUALS)
        path = tmp_path / "报告.html"
        path.write_text(to_report_html(evaluation), encoding="utf-8")
        dom = chromium(path, "--dump-dom")
        headings = re.findall(r"<h[2-4]>(.*?)</h[2-4]>", dom)
        for heading in ("一、项目基本情况", "二、项目资金使用及管理情况", "四、项目绩效情况",
                        "（1）项目预期目标完成程度", "（2）偏差原因分析", "六、其他需要说明的问题"):  # fmt: skip
            assert heading in headings, heading
        tables = re.findall(r'<table class="report">.*?<tbody>(.*?)</tbody>', dom, re.S)
        assert [t.count("<tr>") for t in tables] == [1, len(evaluation.rows)]
        assert "总分：93.95分，评价等级：优。" in dom
        for row in evaluation.rows:
            if row.score < row.indicator.weight:
                assert html.escape(row.result.explanation) in dom, row.indicator.name
        assert not re.search(r'(src|href)="(https?:)?//', dom)
        assert _ink(_screenshot(chromium, path)[100:1500]) > 0.01


class TestCommand:
    def test_score_format_html(self, tmp_path, capsys):
        out = tmp_path / "自评表.html"
        assert main(["score", str(RULES), str(ACTUALS), "--format", "html", "-o", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and "@page { size: A4" in text
        assert "93.95" in capsys.readouterr().out

    def test_without_charts_extra_the_page_says_so(self, monkeypatch):
        import sys

        monkeypatch.setitem(sys.modules, "matplotlib", None)
        page = to_html(load(RULES).evaluate(ACTUALS))
        assert "pip install &#x27;indicator-rules[charts]&#x27;" in page
        assert '<td id="grade">优</td>' in page

    def test_cells_are_escaped(self):
        from indicator_rules.project import loads

        project = loads(
            "项目名称：A<b>&\n全年预算数：100万元\n一级：产出指标\n二级：数量指标\n"
            "三级：培训<script>人数\n  指标值：≥200人\n  分值：90\n"
        )
        text = to_html(project.evaluate({"培训<script>人数": "180人", "全年执行数": "95万元"}))
        assert "<script>" not in text and "培训&lt;script&gt;人数" in text


def test_screenshot_helper_reads_png(tmp_path):
    """The PNG reader the screenshot checks rely on sees ink where there is ink."""
    from PIL import Image

    image = Image.new("L", (10, 10), 255)
    image.paste(0, (0, 0, 5, 10))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path = tmp_path / "x.png"
    path.write_bytes(buffer.getvalue())
    with Image.open(path) as loaded:
        assert _ink(np.asarray(loaded, dtype=float) / 255) == 0.5
