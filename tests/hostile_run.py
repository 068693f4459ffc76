"""Feed generated hostile inputs to each entry point and count what escapes.

An entry point is (generate(rng) → input, call(input)); `run(name, count, seed)` makes `count`
inputs and returns a `Tally`: how many calls, how many leaks (an exception that is not an
`IndicatorRulesError`, or a library error whose text cannot be written), grouped by kind and
where they were raised, and the slowest calls. Used by tests/test_hostile.py and
benchmarks/hostile_probe.py.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import random
import reprlib
import tempfile
import time
import traceback
from pathlib import Path

import attrs

from indicator_rules import IndicatorRulesError, canonical, loads, parse_rule, parse_target
from indicator_rules.actuals import read_actuals
from indicator_rules.scoring import score_row

from .hostile_files import ACTUALS_FORMATS, actuals_bytes
from .hostile_inputs import (
    EXAMPLE_RULES,
    OPERATORS,
    RULES,
    TARGETS,
    UNITS,
    hostile_argument,
    rule_file,
    score_row_kwargs,
)

_PROJECT = []


def example_project():
    if not _PROJECT:
        _PROJECT.append(loads(EXAMPLE_RULES.read_text(encoding="utf-8")))
    return _PROJECT[0]


def call_score_row(kwargs: dict) -> None:
    result = score_row(**kwargs)
    result.exact, result.explanation, result.warnings, result.to_dict()


def call_parse_rule(text) -> None:
    canonical(parse_rule(text))


def call_parse_target(args: tuple) -> None:
    text, operator, unit = args
    parse_target(text, operator=operator, unit=unit).display  # noqa: B018


def call_loads(text: str) -> None:
    project = loads(text)
    evaluated = project.evaluate(
        read_actuals(EXAMPLE_RULES.with_name(EXAMPLE_RULES.stem + "-actuals.csv")), partial=True
    )
    evaluated.to_json()


def _evaluate(actuals) -> None:
    example_project().evaluate(actuals, partial=True).to_json()


def reader_from_bytes(kind: str):
    def call(data: bytes) -> None:
        _evaluate(read_actuals(data, format="csv" if kind == "txt" else kind))

    return call


def reader_from_path(kind: str, folder: Path):
    def call(data: bytes) -> None:
        path = folder / f"actuals.{kind}"
        path.write_bytes(data)
        _evaluate(read_actuals(path))

    return call


def _target_args(rng: random.Random) -> tuple:
    return (
        hostile_argument(rng, TARGETS),
        hostile_argument(rng, (*OPERATORS, None)) if rng.random() < 0.3 else None,
        hostile_argument(rng, (*UNITS, None)) if rng.random() < 0.3 else None,
    )


def entry_points(folder: Path) -> dict:
    """name → (generate, call) for every entry point."""
    points = {
        "score_row": (score_row_kwargs, call_score_row),
        "parse_rule": (lambda rng: hostile_argument(rng, RULES), call_parse_rule),
        "parse_target": (_target_args, call_parse_target),
        "loads": (rule_file, call_loads),
    }
    for kind in ACTUALS_FORMATS:
        generate = _actuals_maker(kind)
        points[f"read_actuals[{kind} bytes]"] = (generate, reader_from_bytes(kind))
        points[f"read_actuals[{kind} file]"] = (generate, reader_from_path(kind, folder))
    return points


def _actuals_maker(kind: str):
    return lambda rng: actuals_bytes(rng, kind)


@attrs.define
class Tally:
    """What one entry point let out."""

    name: str
    calls: int = 0
    leaks: int = 0
    kinds: collections.Counter = attrs.field(factory=collections.Counter)
    samples: dict = attrs.field(factory=dict)
    seconds: float = 0.0
    slowest: float = 0.0
    slow: list = attrs.field(factory=list)

    def summary(self) -> str:
        head = (
            f"{self.name}: {self.calls} inputs, {self.leaks} leaks of {len(self.kinds)} kinds, "
            f"{self.seconds:.1f} s, slowest {self.slowest:.3f} s"
        )
        lines = [head]
        for kind, count in self.kinds.most_common():
            lines.append(f"    {count:6d} × {kind}   e.g. {self.samples[kind]}")
        for seconds, shown in sorted(self.slow, reverse=True)[:5]:
            lines.append(f"    slow {seconds:.2f} s: {shown}")
        return "\n".join(lines)


def _where(error: BaseException) -> str:
    frames = [
        f for f in traceback.extract_tb(error.__traceback__) if "indicator_rules" in f.filename
    ]
    frame = frames[-1] if frames else traceback.extract_tb(error.__traceback__)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"


_REPR = reprlib.Repr()  # keyword arguments only from Python 3.12
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 4, 120, 120, 40


def _shown(value, limit: int = 160) -> str:
    try:
        text = _REPR.repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} chars)"


def attempt(call, value) -> BaseException | None:
    """Call; None when it returned or raised a library error whose text can be written, else
    the exception that escaped."""
    try:
        call(value)
    except IndicatorRulesError as error:
        try:
            str(error)
        except Exception as broken:
            return broken
    except RecursionError as error:  # before Exception: the stack is unwound by now
        return error
    except Exception as error:
        return error
    return None


def _record(tally: Tally, value, took: float, escaped, bound: float) -> None:
    tally.calls += 1
    tally.slowest = max(tally.slowest, took)
    if took > bound:
        tally.slow.append((took, _shown(value)))
    if escaped is not None:
        tally.leaks += 1
        tally.kinds[escaped] += 1


def _inputs(name: str, seed: int, folder: Path):
    generate, call = entry_points(folder)[name]
    rng = random.Random(f"{seed}:{name}")
    while True:
        yield generate(rng), call


def run(name: str, count: int, seed: int, *, bound: float = 2.0) -> Tally:
    """`count` inputs of entry point `name`, from `seed`, in this process."""
    tally = Tally(name)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        inputs = _inputs(name, seed, Path(folder))
        for _ in range(count):
            value, call = next(inputs)
            begin = time.perf_counter()
            escaped = attempt(call, value)
            took = time.perf_counter() - begin
            kind = None
            if escaped is not None:
                kind = f"{type(escaped).__name__} at {_where(escaped)}"
                tally.samples.setdefault(kind, f"{_shown(value)} → {_shown(str(escaped), 100)}")
            _record(tally, value, took, kind, bound)
    tally.seconds = time.perf_counter() - started
    return tally


def _worker(name: str, count: int, seed: int, first: int, pipe) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inputs = _inputs(name, seed, Path(folder))
        for index in range(count):
            value, call = next(inputs)
            if index < first:
                continue
            pipe.send(("start", index, _shown(value)))
            begin = time.perf_counter()
            escaped = attempt(call, value)
            took = time.perf_counter() - begin
            kind = sample = None
            if escaped is not None:
                kind = f"{type(escaped).__name__} at {_where(escaped)}"
                sample = f"{_shown(value)} → {_shown(str(escaped), 100)}"
            pipe.send(("done", took, kind, sample))
    pipe.send(("end",))


def run_isolated(name: str, count: int, seed: int, *, bound: float = 2.0, hang: float = 30.0):
    """As `run`, in a forked child: a call that takes more than `hang` seconds (int() of a
    huge Decimal cannot be interrupted) is killed, counted as a leak of kind HANG, and the
    run goes on from the next input in a new child."""
    context = multiprocessing.get_context("fork")
    tally, first, started = Tally(name), 0, time.perf_counter()
    while first < count:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_worker, args=(name, count, seed, first, send))
        child.start()
        send.close()
        current = None
        while True:
            if not receive.poll(hang if current else 600):
                child.kill()
                index, shown = current or (first, "?")
                tally.samples.setdefault("HANG", shown)
                _record(tally, shown, hang, "HANG", bound)
                first = index + 1
                break
            try:
                message = receive.recv()
            except EOFError:  # the child died: the generator or the interpreter failed
                index, shown = current or (first, "?")
                tally.samples.setdefault("CRASH", shown)
                _record(tally, shown, 0.0, "CRASH", bound)
                first = index + 1
                break
            if message[0] == "start":
                current = message[1:]
            elif message[0] == "done":
                took, kind, sample = message[1:]
                if kind is not None:
                    tally.samples.setdefault(kind, sample)
                _record(tally, current[1], took, kind, bound)
                current = None
            else:
                first = count
                break
        child.join()
    tally.seconds = time.perf_counter() - started
    return tally


def names() -> list[str]:
    return list(entry_points(Path(os.devnull)))
