"""The construct families of the rule language, and the tables each registers, merged once."""

from __future__ import annotations

from . import (
    bands,
    bonuses,
    caps,
    conditions,
    counts,
    deadlines,
    events,
    grades,
    interpolation,
    items,
    notes,
    ranks,
    ratios,
    steps,
    thresholds,
)

FAMILIES = (
    thresholds,
    ratios,
    steps,
    events,
    deadlines,
    bands,
    conditions,
    ranks,
    grades,
    interpolation,
    caps,
    counts,
    items,
    bonuses,
    notes,
)


def merged(table: str) -> dict:
    """One family's table (RAW_KINDS, CONDITIONED_KINDS, COMPOSE) joined with every other's; a
    key two families claim is a mistake in the language, caught at import."""
    joined: dict = {}
    for family in FAMILIES:
        entries = getattr(family, table, {})
        overlap = joined.keys() & entries.keys()
        assert not overlap, f"{table}: claimed twice: {overlap}"
        joined.update(entries)
    return joined
