"""The `plot` command of `indicator-rules`: its flags and what it does.

indicator-rules plot --target '>=80%' --weight 10 --rule '…' -o 曲线.png   (one row)
indicator-rules plot FILE.rules [ACTUALS] --indicator NAME -o 曲线.svg      (one indicator)
indicator-rules plot FILE.rules ACTUALS -o 自评.png                         (a whole evaluation)
"""

from __future__ import annotations

__all__ = ["add_plot"]


def _plot(args) -> int:
    """`plot`: one rule's score curve (a row, or --indicator of a rule file), or a whole
    evaluation (RULES ACTUALS)."""
    from .plot import PlotError, evaluation_figure, format_of, indicator_figure, rule_figure, save

    if not args.output:
        raise PlotError("需要用 -o 指定输出文件（.png 或 .svg），如 -o 曲线.png")
    format_of(args.output)
    if args.target is not None:
        if args.weight is None:
            raise PlotError("按一行绘图需要 --target 和 --weight")
        figure = rule_figure(
            target=args.target,
            weight=args.weight,
            rule=args.rule,
            operator=args.operator,
            unit=args.unit,
            kind=args.kind,
            name=args.name,
            actual=args.actual,
        )
    elif args.rules is None:
        raise PlotError("请给出规则文件，或用 --target --weight --rule 描述一个指标")
    else:
        figure = _plot_file(args, indicator_figure, evaluation_figure)
    save(figure, args.output)
    print(f"已写入 {args.output}")
    return 0


def _plot_file(args, indicator_figure, evaluation_figure):
    from .actuals import read_actuals
    from .plot import PlotError
    from .project import load

    project = load(args.rules)
    if args.indicator is None:
        if args.actuals is None:
            names = "、".join(i.name for i in project.indicators)
            raise PlotError(
                "请用 --indicator 指定要画的指标，或给出实际完成值以画整个自评",
                hint=f"指标：{names}",
            )
        return evaluation_figure(project.evaluate(args.actuals, partial=True))
    names = [i.name for i in project.indicators]
    if args.indicator not in names:
        from .evaluation import _suggest

        raise PlotError(
            f"规则文件中没有指标“{args.indicator}”", hint=_suggest(args.indicator, names)
        )
    indicator = project.indicator(args.indicator)
    actual = args.actual
    if actual is None and args.actuals is not None:
        entry = read_actuals(args.actuals).entries.get(indicator.name)
        actual = entry.actual if entry is not None else None
    return indicator_figure(indicator, actual)


def add_plot(commands) -> None:
    plot = commands.add_parser("plot", help="chart a rule's score curve, or a whole evaluation")
    plot.add_argument("rules", nargs="?", help="a rule file (.rules)")
    plot.add_argument("actuals", nargs="?", help="its actuals: chart the whole evaluation")
    plot.add_argument("--indicator", help="the indicator of the rule file to chart")
    plot.add_argument("--target", help="指标值, e.g. '>=80%%' (one row, as explain takes it)")
    plot.add_argument("--weight", help="分值, e.g. 10")
    plot.add_argument("--rule", help="评分标准 text")
    plot.add_argument("--operator", help="指标性质 column: = >= <= ≥ ≤")
    plot.add_argument("--unit", help="度量单位 column, e.g. %%")
    plot.add_argument("--kind", help="定量 or 定性")
    plot.add_argument("--name", help="the chart's title (the indicator's name)")
    plot.add_argument("--actual", help="mark this actual on the curve, e.g. 72%%")
    plot.add_argument("-o", "--output", help="the chart to write: .png or .svg")
    plot.set_defaults(handler=_plot)
