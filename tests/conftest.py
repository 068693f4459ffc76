"""Shared fixtures: the data files copied from the shared conformance and corpus sets."""

import json
from pathlib import Path

import pytest
from hypothesis import settings

# Properties check behaviour, not speed (benchmarks/ measures speed): the first example of a run
# also pays for building the grammars once.
settings.register_profile("indicator_rules", deadline=None)
settings.load_profile("indicator_rules")

DATA = Path(__file__).parent / "data"


def load_jsonl(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
