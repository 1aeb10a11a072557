"""The sample corpus: each recurring entity's timeline against the one written with it.

The expectations (tests/sample_expected.py) are transcribed from docs/sample-corpus.md: for
every recurring entity its events (date and words), the roles with their intervals, the
duplicate pairs and the two conflicts. Every one must be found, except the few listed as
not reached yet (``UNREACHED_EVENTS``, ``UNREACHED_FACTS``, each with its reason in the
document's "Not reached yet" section): those must be exactly the ones missed, so a
regression fails here and so does a newly reached item that is still listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sample_expected import (
    EVENTS,
    FACTS,
    UNREACHED_EVENTS,
    UNREACHED_FACTS,
    Score,
    score,
)

import dateline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def result(sample_db: Path) -> Iterator[Score]:
    with dateline.connect(sample_db, create=False) as dl:
        yield score(dl)


def test_duplicate_events_are_clustered_with_all_reports(result: Score) -> None:
    assert result.duplicates == {"A": True, "B": True, "C": True, "D": True}


def test_conflicts_are_kept_with_their_sources(result: Score) -> None:
    assert len(result.conflicts) == 2 and all(result.conflicts.values()), result.conflicts


@pytest.mark.parametrize("entity", sorted(EVENTS))
def test_each_recurring_entity_has_its_full_timeline(result: Score, entity: str) -> None:
    missed = {(e, v, tuple(w)) for e, v, w in result.missed_events if e == entity}
    assert missed == {m for m in UNREACHED_EVENTS if m[0] == entity}
    found, expected = result.events[entity]
    assert found == expected - len(missed) and expected == len(EVENTS[entity])


def test_events_overall(result: Score) -> None:
    assert result.events_expected == 100
    assert result.events_found == result.events_expected - len(UNREACHED_EVENTS)


def test_roles_with_intervals(result: Score) -> None:
    assert len(FACTS) == 11
    missed = {(person, org) for person, org, *_ in result.missed_facts}
    assert missed == UNREACHED_FACTS, result.missed_facts
    assert result.facts_found == len(FACTS) - len(UNREACHED_FACTS)
