"""Shared fixtures: the data files copied from the shared conformance and corpus sets."""

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def load_jsonl(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
