"""The sample corpus: each recurring entity's timeline against the one written with it.

The expectations (tests/sample_expected.py) are transcribed from docs/sample-corpus.md: for
every recurring entity its events, the roles with their intervals, the four duplicate pairs
and the two conflicts. Clustered duplicates and conflicts must all be right; events and
roles are read by rules from text the model tags imperfectly, so their share found must not
fall below the floors here (the figures are in docs/benchmarks.md, from
bench/sample_timelines.py, with every miss listed there).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_expected import EVENTS, FACTS, Score, score

import dateline

pytestmark = pytest.mark.model

#: at least this share of each entity's expected events must be on its timeline
ENTITY_FLOOR = 0.25
#: and of all expected events together
EVENT_FLOOR = 0.6
#: roles with the right interval (start and end agreeing with the document's)
FACT_FLOOR = 7


@pytest.fixture(scope="module")
def result(sample_db: Path) -> Iterator[Score]:
    with dateline.connect(sample_db, create=False) as dl:
        yield score(dl)


def test_duplicate_events_are_clustered_with_both_reports(result: Score) -> None:
    assert result.duplicates == {"A": True, "B": True, "C": True, "D": True}


def test_conflicts_are_kept_with_their_sources(result: Score) -> None:
    assert result.conflicts and all(result.conflicts.values()), result.conflicts


@pytest.mark.parametrize("entity", sorted(EVENTS))
def test_each_recurring_entity_has_its_timeline(result: Score, entity: str) -> None:
    found, expected = result.events[entity]
    missed = [m for m in result.missed_events if m[0] == entity]
    assert found / expected >= ENTITY_FLOOR, missed


def test_events_overall(result: Score) -> None:
    share = result.events_found / result.events_expected
    assert share >= EVENT_FLOOR, (share, result.missed_events)


def test_roles_with_intervals(result: Score) -> None:
    assert len(FACTS) == 11
    assert result.facts_found >= FACT_FLOOR, result.missed_facts
