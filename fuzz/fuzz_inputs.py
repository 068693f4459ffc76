"""atheris harness for the rule parser, the target parser, the rule-file loader and the
actuals readers: only `IndicatorRulesError` may escape (docs/fuzzing.md).

    python fuzz/fuzz_inputs.py rule -atheris_runs=100000
    python fuzz/fuzz_inputs.py target -max_total_time=120
    python fuzz/fuzz_inputs.py rulefile -max_total_time=120
    python fuzz/fuzz_inputs.py actuals -max_total_time=120   # CSV, TSV, JSON and XLSX bytes

Any other exception is a finding: atheris prints it with the input and writes the input to
crash-<hash>, to be replayed with `python fuzz/fuzz_inputs.py MODE crash-<hash>`.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from indicator_rules import IndicatorRulesError, loads, parse_rule, parse_target
    from indicator_rules.actuals import read_actuals

_FORMATS = ("csv", "tsv", "json", "xlsx")


def _text(data: bytes) -> str:
    provider = atheris.FuzzedDataProvider(data)
    return provider.ConsumeUnicodeNoSurrogates(len(data))


def rule(data: bytes) -> None:
    parse_rule(_text(data))


def target(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    unit = provider.ConsumeUnicodeNoSurrogates(4) if provider.ConsumeBool() else None
    parse_target(provider.ConsumeUnicodeNoSurrogates(len(data)), unit=unit)


def rulefile(data: bytes) -> None:
    loads(_text(data))


def actuals(data: bytes) -> None:
    kind = _FORMATS[data[0] % len(_FORMATS)] if data else "csv"
    read_actuals(data[1:], format=kind)


MODES = {"rule": rule, "target": target, "rulefile": rulefile, "actuals": actuals}


def main() -> None:
    mode = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in MODES else "rule"
    call = MODES[mode]

    def one_input(data: bytes) -> None:
        try:
            call(data)
        except IndicatorRulesError as error:
            str(error)

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
