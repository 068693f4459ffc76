"""Probe every entry point with generated hostile inputs; print what escapes and how long
things take. Asserts nothing (tests/test_hostile.py does).

    python3 benchmarks/hostile_probe.py                 # 10 000 inputs per entry point
    python3 benchmarks/hostile_probe.py -n 1000 --only score_row --seed 7
    python3 benchmarks/hostile_probe.py --dos           # only the size and regex timings

Then the denial-of-service figures: 1 MB and 10 MB of garbage as a rule text and a rule file
(time, peak memory), 10 000 bad 分值 lines (time to refuse and to print), and each hot regex
of src/ on 10⁵-character adversarial input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import hostile_run
from tests.hostile_dos import dos_cases, in_child, regex_cases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--only", action="append")
    parser.add_argument("--dos", action="store_true")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a case is killed")
    args = parser.parse_args()
    if not args.dos:
        total = 0
        for name in args.only or hostile_run.names():
            tally = hostile_run.run_isolated(name, args.n, args.seed, hang=args.limit)
            total += tally.leaks
            print(tally.summary(), flush=True)
        print(f"leaks in all: {total}")
    print("\nsizes and error reports:")
    for label, function in dos_cases():
        took, _, outcome = in_child(function, limit=args.limit)
        _, peak, _ = in_child(function, limit=args.limit, memory=True)
        print(f"  {label:52s} {took:7.2f} s  {peak:7.1f} MB  {outcome}", flush=True)
    print("\nregexes on 10^5-character adversarial input:")
    for label, took in regex_cases():
        print(f"  {label:70s} {took:7.3f} s", flush=True)


if __name__ == "__main__":
    main()
