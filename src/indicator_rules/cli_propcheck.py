"""The `test` command of `indicator-rules`: property-check rule files (propcheck.py).

indicator-rules test FILE.rules…  [--seed N] [--max-examples N] [--deadline S] [--json]

Each file's name, then its findings by line with the counterexample; a progress line per file
on stderr. Exit status 0 when nothing is found, 1 when something is, 2 when a file does not
load (the other files are still tested).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
import time

from .errors import IndicatorRulesError

__all__ = ["add_test"]


def _test(args) -> int:
    from .extras import require

    require("hypothesis", "testing", "性质测试")
    from .propcheck import check_properties, load_overlapping

    files, errors = [], 0
    for number, path in enumerate(args.rules, start=1):
        started = time.monotonic()
        try:
            project = load_overlapping(path, encoding=args.encoding, limit=args.max_size)
            findings = check_properties(
                project,
                seed=args.seed,
                max_examples=args.max_examples,
                deadline_per_indicator=args.deadline,
            )
        except (IndicatorRulesError, OSError) as error:
            errors += 1
            error = error if isinstance(error, IndicatorRulesError) else f"无法读取文件：{error}"
            print(str(error), file=sys.stderr)
            files.append({"path": path, "error": str(error), "indicators": 0, "findings": []})
            continue
        seconds = time.monotonic() - started
        print(
            f"[{number}/{len(args.rules)}] {path}：{len(project.indicators)}个指标，"
            f"{len(findings)}条结果，用时{seconds:.1f}秒",
            file=sys.stderr,
        )
        files.append(
            {
                "path": path,
                "error": None,
                "indicators": len(project.indicators),
                "findings": findings,
            }
        )
    found = sum(len(entry["findings"]) for entry in files)
    if args.json:
        _print_json(files, args)
    else:
        for entry in (e for e in files if e["error"] is None):
            print(entry["path"])
            for finding in entry["findings"]:
                print(textwrap.indent(_in_file(finding), "  "))
            print(f"  {entry['indicators']}个指标，{len(entry['findings'])}条结果")
    return 2 if errors else 1 if found else 0


def _in_file(finding) -> str:
    """A finding without its file name (printed once above it): `12: 分档之间的空档：…`."""
    return str(finding).removeprefix(f"{finding.source}:")


def _print_json(files: list, args) -> None:
    document = {
        "seed": args.seed,
        "max_examples": args.max_examples,
        "files": [
            {**entry, "findings": [finding.to_dict() for finding in entry["findings"]]}
            for entry in files
        ],
        "findings": sum(len(entry["findings"]) for entry in files),
    }
    print(json.dumps(document, ensure_ascii=False, indent=2))


def _positive(text: str, kind=int):
    try:
        value = kind(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"应为正数：{text}")
    return value


def add_test(commands, add_reading) -> None:
    test = commands.add_parser(
        "test",
        help="property-test rule files: scores outside [0, 分值], a better result scoring "
        "lower, band gaps and overlaps, full marks unreachable or given below the target, "
        "explanations unlike the score",
        description="Search every indicator's actual values (hypothesis, seeded) for what a "
        "rule must never do; each finding names the indicator, FILE:LINE and the shrunk "
        "counterexample. Exit status 0: nothing found; 1: findings; 2: a file did not load. "
        "Needs the [testing] extra.",
    )
    test.add_argument("rules", nargs="+", help="rule files")
    test.add_argument("--seed", type=int, default=0, help="the search's seed (default 0)")
    test.add_argument(
        "--max-examples", type=_positive, default=100, help="examples per property (default 100)"
    )
    test.add_argument(
        "--deadline",
        type=lambda text: _positive(text, float),
        default=5.0,
        help="seconds per indicator at most (default 5)",
    )
    test.add_argument("--json", action="store_true", help="print the findings as JSON")
    add_reading(test)
    test.set_defaults(handler=_test)
