"""The `indicator-rules` command line.

    indicator-rules score examples/chenggong-medical-insurance-2026.rules \
                          examples/chenggong-medical-insurance-2026-actuals.csv
    indicator-rules score DIR -o OUTDIR            (many projects: X.rules ↔ X-actuals.csv …)
    indicator-rules score RULES ACTUALS --format report [-o 报告.html]   (the 自评报告)
    indicator-rules check FILE.rules
    indicator-rules test FILE.rules…                (property-check: gaps, overlaps, monotonicity)
    indicator-rules convert EXPORT.txt -o FILE.rules
    indicator-rules convert GOALS.xlsx -o FILE.rules · FILE.rules -o GOALS.xlsx · REPORT.md -o A.csv
    indicator-rules explain --target '>=80%' --weight 10 --rule '…' --actual 72%
    indicator-rules parse '达标得满分10分，否则每少10%扣2分'

Errors are printed as compiler-style messages on stderr with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from . import __version__
from ._formats import add_scoring_options, output_format
from .cli_plot import add_plot
from .cli_propcheck import add_test
from .errors import IndicatorRulesError
from .printer import canonical
from .rules import parse_rule
from .scoring import score_row

__all__ = ["main"]


def _explain(args) -> int:
    from .actuals import _structured

    actual = _structured(args.actual, "--actual")  # 有 · 72% · {"items": [1, 3]}
    if args.grade:
        actual = {"grade": args.grade, "ratio": args.ratio}
    options = _options(args)
    events = args.events
    result = score_row(
        target=args.target,
        actual=actual,
        weight=args.weight,
        rule=args.rule,
        operator=args.operator,
        unit=args.unit,
        events=events,
        options=options,
        kind=args.kind,
        conditions=args.conditions,
        judgement=args.judgement,
        year=args.year,
    )
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"得分：{result.score} / {result.weight}")
        print(f"说明：{result.explanation}")
        for warning in result.warnings:
            print(f"提醒：{warning}")
    return 0


def _events_arg(text: str):
    """--events 3, or a JSON mapping by event name or number."""
    text = text.strip()
    if text.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise argparse.ArgumentTypeError(f"不是有效的 JSON：{text}") from None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"事件次数应为整数或 JSON：{text}") from None


def _parse(args) -> int:
    rule = parse_rule(args.rule)
    print(canonical(rule))
    return 0


def _options(args):
    options = {}
    if getattr(args, "steps", None):
        options["steps"] = args.steps
    if getattr(args, "reverse", None):
        options["reverse"] = args.reverse
    return options or None


def _reading(args) -> dict:
    """The one file reader's settings from the command line: --encoding, --max-size."""
    return {"encoding": args.encoding, "limit": args.max_size}


def _is_single(inputs) -> bool:
    """score RULES ACTUALS (one project) rather than score DIR… / A.rules B.rules …"""
    import os

    return (
        len(inputs) == 2
        and inputs[0].endswith(".rules")
        and not inputs[1].endswith(".rules")
        and not os.path.isdir(inputs[1])
    )


def _score_many(args) -> int:
    from .many import score_many, summary_text

    fmt = "json" if args.json else args.format or "text"
    outcomes = score_many(
        args.inputs,
        output=args.output,
        fmt=fmt,
        workers=args.workers,
        quiet=args.quiet,
        options=_options(args),
        partial=args.partial,
        **_reading(args),
    )
    for outcome in outcomes:
        if not outcome.ok:
            print(f"失败：{outcome.name}：{outcome.error}", file=sys.stderr)
    sys.stdout.write(summary_text(outcomes))
    if args.output:
        print(f"已写入 {args.output}：summary.csv 及各项目自评表")
    return 1 if any(not o.ok for o in outcomes) else 0


def _score(args) -> int:
    from .actuals import read_actuals
    from .project import load
    from .report import FILE_FORMATS, render_text, write_evaluation
    from .writer import refuse_inputs

    if not _is_single(args.inputs):
        return _score_many(args)
    args.rules, args.actuals = args.inputs
    fmt = output_format("json" if args.json else args.format, args.output)
    refuse_inputs(args.output, args.inputs)
    project = load(args.rules, **_reading(args))
    actuals = read_actuals(args.actuals, **_reading(args))
    evaluation = project.evaluate(actuals, options=_options(args), partial=args.partial)
    output = args.output
    if fmt == "report" and (output or "").lower().endswith((".html", ".htm")):
        fmt = "report-html"  # the 自评报告 as one HTML page
    if fmt in FILE_FORMATS and not (output or "").lower().endswith(f".{fmt}"):
        raise IndicatorRulesError(f"--format {fmt} 需要用 -o 指定输出文件，如 -o 自评表.{fmt}")
    if output:
        write_evaluation(evaluation, output, fmt)
        _written(output, evaluation)
    else:
        sys.stdout.write(render_text(evaluation, fmt))
    return 0


def _written(output, evaluation) -> None:
    from .report import shown_grade

    print(f"已写入 {output}：总分 {evaluation.total}，评价等级 {shown_grade(evaluation)}")


def _check(args) -> int:
    """Each file's name once, then its findings by line and column, then the count."""
    from .lint import lint_text
    from .reader import read_text

    errors = 0
    for path in args.rules:
        findings = lint_text(read_text(path, **_reading(args)), path)
        found = sum(1 for f in findings if f.severity == "错误")
        print(path)
        for finding in findings:
            print(textwrap.indent(finding.in_file(), "  "))
        print(f"  {len(findings)} 条结果，其中错误 {found} 条")
        errors += found
    return 1 if errors else 0


def _convert(args) -> int:
    from .convert import convert_text
    from .reader import read_text
    from .writer import refuse_inputs, write_text

    refuse_inputs(args.output, (args.source,))
    suffix = args.source.rpartition(".")[2].lower()
    if suffix == "rules":
        return _export(args)
    if suffix in ("xlsx", "xlsm"):
        from .excel import convert_workbook

        projects = convert_workbook(args.source, sheet=args.sheet, limit=args.max_size)
    else:
        text = read_text(args.source, **_reading(args))
        from .selfreport import completion_actuals, looks_like_report

        if looks_like_report(text):
            return _write_or_print(args.output, completion_actuals(text, args.source), "实际完成值")
        projects = convert_text(text, args.source)
    for problem in (p for project in projects for p in project.problems):
        print(f"提醒：{problem}", file=sys.stderr)
    for number, project in enumerate(projects, start=1):
        if not args.output:
            sys.stdout.write(
                project.text
                if len(projects) == 1
                else f"# ==== 第{number}个项目 ====\n{project.text}"
            )
            continue
        stem, dot, suffix = args.output.rpartition(".")
        path = (
            args.output
            if len(projects) == 1
            else f"{stem or suffix}-{number}.{suffix if dot else 'rules'}"
        )
        refuse_inputs(path, (args.source,))
        write_text(path, project.text)
        print(f"已写入 {path}：{project.name}")
    return 0


def _write_or_print(output, text: str, what: str) -> int:
    from .writer import write_text

    if not output:
        sys.stdout.write(text)
        return 0
    write_text(output, text)
    print(f"已写入 {output}：{what}")
    return 0


def _export(args) -> int:
    from .excel import export_xlsx
    from .project import load

    if not args.output or not args.output.lower().endswith(".xlsx"):
        raise IndicatorRulesError("导出绩效目标表需要用 -o 指定 .xlsx 文件，如 -o 绩效目标表.xlsx")
    project = load(args.source, **_reading(args))
    export_xlsx(project, args.output, layout=args.layout)
    print(f"已写入 {args.output}：{project.name}（{len(project.indicators)}个指标）")
    return 0


def _add_reading(parser) -> None:
    parser.add_argument(
        "--encoding",
        help="input encoding (default: told apart — UTF-8 with or without BOM, UTF-16, GBK/GB18030)",
    )
    parser.add_argument(
        "--max-size", default=None, help="refuse input files larger than this (default 64M)"
    )


def _coverage(args) -> int:
    from .annotated import is_annotated, measure_cases
    from .coverage import measure, read_corpus

    rows = [row for path in args.corpus for row in read_corpus(path)]
    if is_annotated(rows):  # rows with hand-computed cases: agreed / refused / misread
        chosen = [row for row in rows if args.split is None or row.get("split") == args.split]
        sys.stdout.write(measure_cases(chosen).to_text() + "\n")
        return 0
    report = measure(rows)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(report.to_text())
    return 0


def _serve(args) -> int:
    from .extras import require

    for module in ("fastapi", "uvicorn"):
        require(module, "serve", "HTTP 服务")
    from .service import serve

    limits = {"max_bytes": args.max_bytes, "time_limit": args.time_limit}
    serve(args.host, args.port, **{k: v for k, v in limits.items() if v is not None})
    return 0


def _add_serve(commands) -> None:
    serve = commands.add_parser("serve", help="run the HTTP service (docs/service.md)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--max-bytes", type=int, help="request body limit (default 1 MiB)")
    serve.add_argument("--time-limit", type=float, help="seconds per request (default 10)")
    serve.set_defaults(handler=_serve)


def _add_score(commands) -> None:
    score = commands.add_parser(
        "score",
        help="score a rule file against actuals: the 自评表; or many projects at once",
        usage="indicator-rules score RULES ACTUALS [options]\n"
        "       indicator-rules score DIR|X.rules… [-o OUTDIR] [--quiet] [options]",
        description="RULES ACTUALS: one project. DIR or several .rules files: every project, "
        "each X.rules paired with X-actuals.csv|.tsv|.txt|.json|.xlsx beside it; a summary "
        "table (and with -o OUTDIR summary.csv plus each 自评表); exit status 1 if any failed.",
    )
    score.add_argument(
        "inputs",
        nargs="+",
        metavar="PATH",
        help="RULES ACTUALS (.csv .tsv .txt .xlsx .json), or directories / rule files",
    )
    score.add_argument(
        "--quiet", action="store_true", help="many projects: no progress bar on a terminal"
    )
    score.add_argument("--workers", type=int, help="many projects: processes (default: CPUs)")
    score.add_argument(
        "--format",
        choices=("text", "markdown", "json", "xlsx", "report", "report-html", "html", "png", "svg"),
        default=None,
        help="report: the 自评报告 (附件4-2 outline) as Markdown (as HTML with -o X.html); "
        "report-html: the 自评报告 as one HTML page; html: the 自评表 as one printable page; "
        "png/svg: the one-page chart (default: from the extension of -o, else text)",
    )
    score.add_argument("--json", action="store_true", help="same as --format json")
    score.add_argument(
        "-o", "--output", help="write the report to this file (atomically); many projects: a folder"
    )
    score.add_argument(
        "--partial", action="store_true", help="score what has actuals; list the rest"
    )
    add_scoring_options(score)
    _add_reading(score)
    score.set_defaults(handler=_score)


def _add_convert(commands) -> None:
    convert = commands.add_parser(
        "convert",
        help="绩效目标表 (exported text or .xlsx) → rule file; a rule file → .xlsx; "
        "a 自评报告's completion table → actuals",
        description="EXPORT.txt or GOALS.xlsx → FILE.rules; FILE.rules -o GOALS.xlsx → a workbook "
        "in the layout of --layout; REPORT.md/.txt (a 自评报告 with its 项目预期目标完成程度 table) "
        "→ actuals CSV, to re-score a filed report.",
    )
    convert.add_argument(
        "source",
        help="exported text (tab-separated), a .xlsx workbook, a .rules file, or a 自评报告 (.md/.txt)",
    )
    convert.add_argument("-o", "--output", help="the file to write (-1, -2 … for several projects)")
    convert.add_argument("--sheet", help="read only this worksheet of a workbook (default: all)")
    convert.add_argument(
        "--layout",
        choices=("columns", "single"),
        default="columns",
        help="exported workbook: 指标性质/指标值/度量单位 columns, or one 年度指标值 column",
    )
    _add_reading(convert)
    convert.set_defaults(handler=_convert)


def _add_explain(commands) -> None:
    explain = commands.add_parser("explain", help="score one indicator and explain the score")
    explain.add_argument(
        "--target", help="指标值, e.g. '>=80%%' or '31.7万'; omitted when the rule says it all"
    )
    explain.add_argument("--weight", required=True, help="分值, e.g. 10")
    explain.add_argument("--rule", help="评分标准 text; omitted: the national defaults")
    explain.add_argument("--actual", help="实际完成值 as written, e.g. 72%%")
    explain.add_argument("--grade", help="qualitative grade instead of --actual")
    explain.add_argument("--ratio", help="the evaluator's point inside the grade's band, e.g. 75%%")
    explain.add_argument("--operator", help="指标性质 column: = >= <= ≥ ≤")
    explain.add_argument("--unit", help="度量单位 column, e.g. %% or 人次")
    explain.add_argument("--kind", help="定量 or 定性")
    explain.add_argument(
        "--events", type=_events_arg, help="event count, or JSON by event name/number: '{\"1\": 2}'"
    )
    explain.add_argument(
        "--conditions", help="the rule's conditions that hold, by name or number, ；-separated"
    )
    explain.add_argument(
        "--judgement", help="the evaluator's score where the rule leaves it to them"
    )
    explain.add_argument("--year", type=int, help="the project's year, for deadlines without one")
    add_scoring_options(explain)
    explain.add_argument("--json", action="store_true", help="print the result as JSON")
    explain.set_defaults(handler=_explain)


def _add_check(commands) -> None:
    check = commands.add_parser("check", help="lint rule files: errors, warnings and notes")
    check.add_argument("rules", nargs="+", help="rule files")
    _add_reading(check)
    check.set_defaults(handler=_check)


def _add_coverage(commands) -> None:
    coverage = commands.add_parser("coverage", help="measure the language on a corpus (.jsonl)")
    coverage.add_argument(
        "corpus",
        nargs="+",
        help="rule texts ({rule: …}), scored rows ({target, actual, …}) or annotated rows ({…, cases})",
    )
    coverage.add_argument("--split", choices=("dev", "test"), help="annotated rows: one split only")
    coverage.add_argument("--json", action="store_true", help="print the measures as JSON")
    coverage.set_defaults(handler=_coverage)


def _add_parse(commands) -> None:
    parse = commands.add_parser("parse", help="print the canonical form of a rule, or its error")
    parse.add_argument("rule", help="评分标准 text")
    parse.set_defaults(handler=_parse)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="indicator-rules",
        description="预算绩效指标评分：读取评分标准，计算得分并说明理由。",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="print the version"
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", help="one of the commands below"
    )

    _add_explain(commands)
    _add_score(commands)
    _add_check(commands)
    add_test(commands, _add_reading)
    _add_convert(commands)
    _add_coverage(commands)
    _add_parse(commands)
    _add_serve(commands)
    add_plot(commands)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
