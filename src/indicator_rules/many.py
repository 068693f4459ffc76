"""Many projects at once: `indicator-rules score DIR` (or several rule files).

Pairing rule: each rule file `X.rules` is scored against the one actuals file beside it named
`X-actuals` with the extension .csv, .tsv, .txt, .json or .xlsx (`X-actuals.csv`, say). A
directory gives every `*.rules` directly inside it, in name order. None or more than one actuals
file for a project is that project's failure, not the run's.

Projects are scored in worker processes when there are enough of them to pay for starting the
workers (`PARALLEL_FROM`); workers get paths, not `Project` objects, and write their own 自评表.
One bad project is reported and the rest go on. The summary table (项目 · 总分 · 等级 · 未评分 ·
说明) is printed and, with an output folder, written as `summary.csv` beside each project's
自评表. A progress bar is shown on a terminal (tqdm with the `[progress]` extra, else a plain
counter); never when the output is not a terminal or with `quiet`.
"""

from __future__ import annotations

import concurrent.futures
import csv
import io
import os
import shutil
import sys

import attrs

from .errors import IndicatorRulesError, InputFileError, RuleFileError
from .extras import require

__all__ = [
    "ACTUALS_SUFFIXES",
    "PARALLEL_FROM",
    "Job",
    "Outcome",
    "find_jobs",
    "score_many",
    "summary_csv",
]

ACTUALS_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".xlsx")
# Fewer projects are scored in this process. Measured (2 shared cores, README of the report): a
# project costs about 6 ms once the grammars are built, starting two workers about 0.1 s, so
# workers pay from a few dozen projects on (200: 1.47 s → 1.09 s; 2000: 11.9 s → 9.4 s).
PARALLEL_FROM = 64
_EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json", "xlsx": ".xlsx", "report": ".md",
               "report-html": ".html", "html": ".html", "png": ".png", "svg": ".svg"}  # fmt: skip
_FORMAT_EXTRAS = {
    "png": ("matplotlib", "charts", "绘制图表"),
    "svg": ("matplotlib", "charts", "绘制图表"),
    "xlsx": ("openpyxl", "excel", "写 XLSX"),
}
SUMMARY_HEADERS = ("项目", "规则文件", "总分", "等级", "未评分", "说明")


@attrs.frozen(slots=True, kw_only=True)
class Job:
    """One project to score: its name (the rule file's stem) and paths, all plain strings."""

    name: str
    rules: str
    actuals: str | None
    problem: str = ""  # why it cannot be scored before it starts (no actuals file, say)


@attrs.frozen(slots=True, kw_only=True)
class Outcome:
    """What a worker sends back: the summary row, never the evaluation."""

    name: str
    rules: str
    total: str = ""
    grade: str = ""
    refused: int = 0  # rows without a score: problems, or missing actuals under --partial
    error: str = ""
    report: str = ""  # the 自评表 file written, if any

    @property
    def ok(self) -> bool:
        return not self.error


def _pair(rules: str) -> Job:
    stem = rules[: -len(".rules")]
    name = os.path.basename(stem)
    found = [stem + "-actuals" + suffix for suffix in ACTUALS_SUFFIXES]
    found = [path for path in found if os.path.isfile(path)]
    if len(found) == 1:
        return Job(name=name, rules=rules, actuals=found[0])
    if not found:
        why = f"找不到实际完成值文件 {name}-actuals.csv（或 .tsv .txt .json .xlsx）"
    else:
        why = f"实际完成值文件不止一个：{'、'.join(os.path.basename(p) for p in found)}"
    return Job(name=name, rules=rules, actuals=None, problem=why)


def find_jobs(paths) -> list[Job]:
    """Directories and rule files → one `Job` per rule file, paired with its actuals."""
    jobs = []
    for path in map(os.fspath, paths):
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if n.endswith(".rules"))
            if not names:
                raise InputFileError("目录中没有 .rules 规则文件", source=path)
            jobs += [_pair(os.path.join(path, n)) for n in names]
        elif path.endswith(".rules"):
            jobs.append(_pair(path))
        else:
            raise InputFileError(
                "不是规则文件（.rules）或目录",
                source=path,
                hint="一次评多个项目：score 目录 或 score A.rules B.rules …",
            )
    return jobs


def score_job(job: Job, settings: dict) -> Outcome:
    """Score one project; every library error becomes the outcome's `error` (runs in a worker)."""
    from .actuals import read_actuals
    from .project import load
    from .report import write_evaluation

    if job.problem:
        return Outcome(name=job.name, rules=job.rules, error=job.problem)
    reading = {"encoding": settings.get("encoding"), "limit": settings.get("limit")}
    try:
        project = load(job.rules, **reading)
        evaluation = project.evaluate(
            read_actuals(job.actuals, **reading),
            options=settings.get("options"),
            partial=settings.get("partial", False),
        )
        report = ""
        if settings.get("output"):
            fmt = settings.get("format", "text")
            kind = "-自评报告" if fmt.startswith("report") else "-自评表"
            report = os.path.join(settings["output"], job.name + kind + _EXTENSIONS[fmt])
            write_evaluation(evaluation, report, fmt)
    except IndicatorRulesError as error:
        refused = len(error.problems) if isinstance(error, RuleFileError) else 1
        first = str(error).split("\n")[0]
        more = f"（共{refused}处问题）" if refused > 1 else ""
        return Outcome(name=job.name, rules=job.rules, refused=refused, error=first + more)
    except OSError as error:
        return Outcome(name=job.name, rules=job.rules, error=f"无法读写文件：{error}")
    return Outcome(
        name=job.name,
        rules=job.rules,
        total=str(evaluation.total),
        grade=evaluation.grade,
        refused=len(evaluation.missing),
        report=report,
    )


class _Counter:
    """The progress line without tqdm: `评分 37/200`, redrawn in place."""

    def __init__(self, total: int, stream) -> None:
        self.total, self.done, self.stream = total, 0, stream

    def update(self, count: int = 1) -> None:
        self.done += count
        percent = self.done * 100 // max(self.total, 1)
        self.stream.write(f"\r评分 {percent:3d}% {self.done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


def _progress(total: int, quiet: bool, stream):
    if quiet or not getattr(stream, "isatty", lambda: False)():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return _Counter(total, stream)
    width = shutil.get_terminal_size((80, 24)).columns  # a terminal of size 0 falls back to 80
    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked after the bar
    return tqdm(total=total, desc="评分", unit="个项目", file=stream, ncols=width)


def score_many(
    paths,
    *,
    output: str | None = None,
    fmt: str = "text",
    workers: int | None = None,
    quiet: bool = False,
    stream=None,
    **settings,
) -> list[Outcome]:
    """Score every project of `paths` (directories or rule files); outcomes in job order.

    `output`: folder for each 自评表 (in `fmt`) and `summary.csv`; `workers`: processes (default:
    CPU count, 1 below `PARALLEL_FROM` projects); `settings`: options, partial, encoding, limit.
    """
    jobs = find_jobs(paths)
    if output and fmt in _FORMAT_EXTRAS:  # one hint, not one failed project per project
        require(*_FORMAT_EXTRAS[fmt])
    if output:
        os.makedirs(output, exist_ok=True)
    settings = dict(settings, output=output, format=fmt)
    stream = sys.stderr if stream is None else stream
    bar = _progress(len(jobs), quiet, stream)
    workers = workers or (os.cpu_count() or 1)
    outcomes: list[Outcome | None] = [None] * len(jobs)
    try:
        if workers > 1 and len(jobs) >= PARALLEL_FROM:
            _in_workers(jobs, settings, workers, outcomes, bar)
        else:
            for index, job in enumerate(jobs):
                outcomes[index] = score_job(job, settings)
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    if output:
        from .writer import write_text

        write_text(os.path.join(output, "summary.csv"), summary_csv(outcomes))
    return outcomes


def _in_workers(jobs, settings, workers, outcomes, bar) -> None:
    """The first project is scored here, which builds the grammars once (about 2 s); workers
    forked after it inherit them instead of each building its own."""
    import multiprocessing

    outcomes[0] = score_job(jobs[0], settings)
    if bar is not None:
        bar.update(1)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(score_job, job, settings): index
            for index, job in enumerate(jobs)
            if index > 0
        }
        for future in concurrent.futures.as_completed(futures):
            outcomes[futures[future]] = future.result()
            if bar is not None:
                bar.update(1)


def _row(outcome: Outcome) -> list[str]:
    note = outcome.error or (f"{outcome.refused}个指标缺少实际完成值" if outcome.refused else "")
    return [
        outcome.name,
        outcome.rules,
        outcome.total,
        outcome.grade,
        str(outcome.refused),
        note,
    ]


def summary_csv(outcomes) -> str:
    """The summary table as CSV, with a BOM so that Excel on a Chinese Windows opens it right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SUMMARY_HEADERS)
    writer.writerows(_row(o) for o in outcomes)
    return "\ufeff" + buffer.getvalue()


def summary_text(outcomes) -> str:
    """The summary table for a terminal, then one line of counts."""
    from .report import _table

    rows = [
        [o.name, o.total, o.grade, str(o.refused), "成功" if o.ok else "失败"] for o in outcomes
    ]
    lines = ["汇总：", *_table(("项目", "总分", "等级", "未评分", "状态"), rows), ""]
    failed = [o for o in outcomes if not o.ok]
    lines.append(
        f"共{len(outcomes)}个项目：成功{len(outcomes) - len(failed)}个，失败{len(failed)}个"
    )
    return "\n".join(lines) + "\n"
