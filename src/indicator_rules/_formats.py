"""The command line's shared settings: the output format of `score -o FILE`, and the scoring
options a command can set (--steps, --reverse)."""

from __future__ import annotations

import os

from .errors import IndicatorRulesError

__all__ = ["OUTPUT_FORMATS", "add_scoring_options", "output_format"]

# `score -o FILE`: the formats each extension holds, the first when --format is not given.
OUTPUT_FORMATS = {
    ".md": ("markdown", "report"),
    ".markdown": ("markdown", "report"),
    ".txt": ("text", "markdown", "report"),
    ".json": ("json",),
    ".xlsx": ("xlsx",),
    ".html": ("html", "report", "report-html"),  # report -o X.html: the 自评报告 as HTML
    ".htm": ("html", "report", "report-html"),
    ".png": ("png",),
    ".svg": ("svg",),
}


def output_format(fmt: str | None, output: str | None) -> str:
    """The format of `score RULES ACTUALS`: --format, else the extension of -o, else text; a
    --format the extension cannot hold is an error naming both.

    >>> output_format(None, "自评表.xlsx"), output_format("report", "报告.md")
    ('xlsx', 'report')
    >>> output_format("json", "自评表.xlsx")
    Traceback (most recent call last):
    ...
    indicator_rules.errors.IndicatorRulesError: --format json 与输出文件“自评表.xlsx”的扩展名 .xlsx（xlsx）不符
    提示：去掉 --format（按扩展名写 xlsx），或把输出文件改为 .json
    """
    extension = os.path.splitext(output or "")[1].lower()
    held = OUTPUT_FORMATS.get(extension)
    if fmt is None:
        return held[0] if held else "text"
    if held and fmt not in held:
        suffixes = [suffix for suffix, formats in OUTPUT_FORMATS.items() if fmt in formats]
        raise IndicatorRulesError(
            f"--format {fmt} 与输出文件“{output}”的扩展名 {extension}（{'/'.join(held)}）不符",
            hint=f"去掉 --format（按扩展名写 {held[0]}），或把输出文件改为 {suffixes[0]}",
        )
    return fmt


def add_scoring_options(parser) -> None:
    """The scoring options (ScoringOptions) a command can set."""
    parser.add_argument(
        "--steps",
        choices=("ceil", "floor", "proportional"),
        help="a partial step of 每少/每超过: counted whole (ceil, the default), not at all "
        "(floor), or in proportion",
    )
    parser.add_argument(
        "--reverse",
        choices=("ratio", "linear"),
        help="a missed ≤ target without a rule: 分值×目标/实际 (ratio, the default) or "
        "分值×(1−(实际−目标)/目标) (linear)",
    )
