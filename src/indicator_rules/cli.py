"""The `indicator-rules` command line.

    indicator-rules explain --target '>=80%' --weight 10 --rule '…' --actual 72%
    indicator-rules parse '达标得满分10分，否则每少10%扣2分'

Errors are printed as compiler-style messages on stderr with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from .errors import IndicatorRulesError
from .printer import canonical
from .rules import parse_rule
from .scoring import score_row

__all__ = ["main"]


def _explain(args) -> int:
    actual = args.actual
    if args.grade:
        actual = {"grade": args.grade, "ratio": args.ratio}
    options = {}
    if args.steps:
        options["steps"] = args.steps
    if args.reverse:
        options["reverse"] = args.reverse
    events = args.events
    result = score_row(
        target=args.target,
        actual=actual,
        weight=args.weight,
        rule=args.rule,
        operator=args.operator,
        unit=args.unit,
        events=events,
        options=options or None,
        kind=args.kind,
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"得分：{result.score} / {result.weight}")
        print(f"说明：{result.explanation}")
        for warning in result.warnings:
            print(f"提醒：{warning}")
    return 0


def _parse(args) -> int:
    rule = parse_rule(args.rule)
    print(canonical(rule))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="indicator-rules",
        description="预算绩效指标评分：读取评分标准，计算得分并说明理由。",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    explain = commands.add_parser("explain", help="score one indicator and explain the score")
    explain.add_argument("--target", required=True, help="指标值, e.g. '>=80%%' or '31.7万'")
    explain.add_argument("--weight", required=True, help="分值, e.g. 10")
    explain.add_argument("--rule", help="评分标准 text; omitted: the national defaults")
    explain.add_argument("--actual", help="实际完成值 as written, e.g. 72%%")
    explain.add_argument("--grade", help="qualitative grade instead of --actual")
    explain.add_argument("--ratio", help="the evaluator's point inside the grade's band, e.g. 75%%")
    explain.add_argument("--operator", help="指标性质 column: = >= <= ≥ ≤")
    explain.add_argument("--unit", help="度量单位 column, e.g. %% or 人次")
    explain.add_argument("--kind", help="定量 or 定性")
    explain.add_argument("--events", type=int, help="event count for per-event rules")
    explain.add_argument("--steps", choices=("ceil", "floor", "proportional"))
    explain.add_argument("--reverse", choices=("ratio", "linear"))
    explain.add_argument("--json", action="store_true", help="print the result as JSON")
    explain.set_defaults(handler=_explain)

    parse = commands.add_parser("parse", help="print the canonical form of a rule, or its error")
    parse.add_argument("rule", help="评分标准 text")
    parse.set_defaults(handler=_parse)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "explain" and args.actual is None and args.grade is None:
        parser.error("explain needs --actual or --grade")
    try:
        return args.handler(args)
    except IndicatorRulesError as error:
        print(str(error), file=sys.stderr)
        return 2
    except OSError as error:
        print(f"无法读写文件：{error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
