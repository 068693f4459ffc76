"""Shared fixtures: the data files copied from the shared conformance and corpus sets."""

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Properties check behaviour, not speed (benchmarks/ measures speed): the first example of a run
# also pays for building the grammars once.
settings.register_profile("indicator_rules", deadline=None)
settings.load_profile("indicator_rules")

DATA = Path(__file__).parent / "data"


# Long fuzz runs (tests marked `fuzz`) are opt-in: `pytest --run-fuzz` or INDICATOR_RULES_FUZZ=1.
def pytest_addoption(parser):
    parser.addoption("--run-fuzz", action="store_true", help="run the long fuzz tests (fuzz)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-fuzz") or os.environ.get("INDICATOR_RULES_FUZZ"):
        return
    skip = pytest.mark.skip(reason="long fuzz run: pytest --run-fuzz or INDICATOR_RULES_FUZZ=1")
    for item in items:
        if "fuzz" in item.keywords:
            item.add_marker(skip)


def load_jsonl(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
