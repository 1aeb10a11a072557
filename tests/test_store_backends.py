"""The sample corpus ingested into SQLite and into PostgreSQL answers every query the same:
entities, timelines, as-of facts and timelines, search, graph edges and counts.

The SQLite side is the session's ``sample_db``; the PostgreSQL side is ingested here into a
schema of the server named by DATELINE_TEST_POSTGRES_URL (skipped without it). Record times
differ between the two ingests (they are the time of saving), so they are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from store_backends import databases

import dateline
from dateline.io.codec import to_json
from dateline.store.base import TimelineItem

pytestmark = pytest.mark.model

#: searches with one word, several words, a phrase-like term, a prefix and an operator
SEARCHES = ("said", "council vote", "minister", "announc*", "strike AND union", "court")
#: days for the as-of questions (the sample corpus runs through 2023 and 2024)
DAYS = (date(2022, 6, 1), date(2023, 3, 1), date(2023, 9, 15), date(2024, 2, 1), date(2024, 8, 1))


@pytest.fixture(scope="module")
def postgres_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with databases("postgres", tmp_path_factory.mktemp("pg")) as made:
        url = made.new()
        with dateline.connect(url) as dl:
            report = dl.ingest([dateline.sample_corpus()])
        assert report.ingested >= 40 and not report.rejected, report
        yield url


@pytest.fixture(scope="module")
def both(sample_db: Path, postgres_sample: str) -> Iterator[tuple[Any, Any]]:
    with (
        dateline.connect(sample_db, create=False) as lite,
        dateline.connect(postgres_sample, create=False) as pg,
    ):
        yield lite, pg


def plain(value: Any) -> Any:
    """JSON form without record times (the moment each ingest saved) or entity ids."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in {"recorded_at", "id"}}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def items(found: tuple[TimelineItem, ...]) -> list[Any]:
    return [plain(to_json(item)) | {"item": item.id} for item in found]


def names(both: tuple[Any, Any]) -> list[str]:
    lite, _ = both
    return [e.name for e in lite.entities(limit=1000)]


def test_same_entities_and_counts(both: tuple[Any, Any]) -> None:
    lite, pg = both
    assert lite.store.counts() == pg.store.counts()
    assert lite.store.counts()["facts"] > 0

    def listing(dl: Any) -> list[Any]:
        return [
            (e.name, e.label, e.aliases, e.mention_count, e.article_count)
            for e in dl.entities(limit=1000)
        ]

    assert listing(lite) == listing(pg)
    for label in ("PERSON", "ORG", "GPE"):
        assert listing_of(lite, label) == listing_of(pg, label)
    for query in ("ma", "council", "the"):
        assert [e.name for e in lite.entities(query=query)] == [
            e.name for e in pg.entities(query=query)
        ]


def listing_of(dl: Any, label: str) -> list[str]:
    return [e.name for e in dl.entities(label=label, limit=1000)]


def test_same_timelines_for_every_entity(both: tuple[Any, Any]) -> None:
    lite, pg = both
    for name in names(both):
        a, b = lite.timeline(name), pg.timeline(name)
        assert a.entity.name == b.entity.name == name
        assert items(a.items) == items(b.items), name
        assert items(a.undated) == items(b.undated), name


def test_same_as_of_answers(both: tuple[Any, Any]) -> None:
    lite, pg = both
    checked = 0
    for name in names(both)[:25]:
        for day in DAYS:
            a, b = lite.facts(name, as_of=day), pg.facts(name, as_of=day)
            assert items(a.facts) == items(b.facts), (name, day)
            checked += len(a.facts)
            ta, tb = lite.timeline(name, as_of=day), pg.timeline(name, as_of=day)
            assert items(ta.items) == items(tb.items), (name, day)
        a, b = lite.facts(name, known_on=DAYS[2]), pg.facts(name, known_on=DAYS[2])
        assert items(a.facts) == items(b.facts), name
    assert checked > 0  # some fact held on some day: the comparison compared something


def test_same_search_results(both: tuple[Any, Any]) -> None:
    lite, pg = both
    found = 0
    for text in SEARCHES:
        a, b = lite.search(text, limit=100), pg.search(text, limit=100)
        # the same articles match; ranks are each database's own measure
        assert sorted(h.article_id for h in a) == sorted(h.article_id for h in b), text
        assert {(h.article_id, h.published_at, h.title) for h in a} == {
            (h.article_id, h.published_at, h.title) for h in b
        }
        found += len(a)
        for hit in b:
            assert hit.rank > 0
    assert found > 0
    # both mark the matched words in the snippet (the fragments themselves may differ)
    for hits in (lite.search("council", limit=5), pg.search("council", limit=5)):
        assert hits and all("«" in h.snippet and "»" in h.snippet for h in hits)


def test_same_graph_and_related_entities(both: tuple[Any, Any]) -> None:
    lite, pg = both

    def by_name(dl: Any) -> list[tuple[str, str, str, int]]:
        ids = {e.id: e.name for e in dl.entities(limit=1000)}
        return sorted((ids[a], ids[b], rel, n) for a, b, rel, n in dl.store.entity_edges())

    assert by_name(lite) == by_name(pg)
    for name in names(both)[:10]:
        a = lite.store.find_entity(name)
        b = pg.store.find_entity(name)
        assert a is not None and b is not None
        assert [(e.name, n) for e, n in lite.store.related_entities(a.id)] == [
            (e.name, n) for e, n in pg.store.related_entities(b.id)
        ]
        assert sorted(lite.store.entity_item_roles(a.id).items()) == sorted(
            pg.store.entity_item_roles(b.id).items()
        )
    assert [a.id for a in lite.store.recent_articles(limit=50)] == [
        a.id for a in pg.store.recent_articles(limit=50)
    ]
