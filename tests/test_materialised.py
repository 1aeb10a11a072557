"""Materialised timelines answer exactly what the query-time path answers, and go stale."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, insert
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

import dateline
from dateline.api import create_app
from dateline.cli import app as cli_app
from dateline.query.materialised import (
    TimelineCache,
    _Filters,
    _read_as_of,
    _read_filtered,
    contract_text,
    item_from_record,
    record_of,
)
from dateline.query.timeline import entity_timeline, timeline_to_json
from dateline.store import open_store, schema
from dateline.store.base import EntityInfo, Store
from dateline.store.sqlite import SQLiteStore

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

FILTERS: list[dict[str, Any]] = [
    {},
    {"kinds": frozenset({"event"})},
    {"kinds": frozenset({"fact", "quote"})},
    {"start": date(2021, 1, 1), "end": date(2021, 12, 31)},
    {"start": date(2022, 6, 1)},
    {"end": date(2019, 12, 31)},
    {"as_of": date(2019, 1, 1)},
    {"as_of": date(2021, 6, 1)},
    {"as_of": date(2025, 1, 1), "kinds": frozenset({"fact"})},
]


class QueryTime:
    """The store without its engine: ``TimelineCache.of`` refuses it, so timelines are
    combined and clustered at query time, as before materialisation."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name in ("_engine", "_writer"):
            raise AttributeError(name)
        return getattr(self._store, name)


def _entities(store: SQLiteStore, n: int = 12) -> list[EntityInfo]:
    return store.entities(limit=n)


def test_cached_timelines_equal_query_time_ones(sample_copy: Path) -> None:
    with SQLiteStore(sample_copy) as store:
        plain = QueryTime(store)
        assert TimelineCache.of(plain) is None  # type: ignore[arg-type]
        cache = TimelineCache.of(store)
        assert cache is not None
        checked = 0
        for info in _entities(store):
            for filters in FILTERS:
                expected = entity_timeline(plain, info, **filters)  # type: ignore[arg-type]
                got = entity_timeline(store, info, **filters)
                assert got == expected, (info.name, filters)
                assert got.total == len(expected.items) + len(expected.undated)
                found = cache.contract(info, **filters)
                assert found is not None
                text, total = found
                assert text == json.dumps(
                    timeline_to_json(expected), ensure_ascii=False, separators=(",", ":")
                )
                assert total == got.total
                checked += len(got.items) + len(got.undated)
        assert checked > 300
        with store._engine.connect() as conn:  # the stated-order path was taken too
            stated = conn.exec_driver_sql(
                "SELECT count(*) FROM timeline_cache WHERE ordering = 1 AND dated = 1"
            ).scalar_one()
        assert stated > 0


def test_items_survive_the_record_round_trip(sample_db: Path) -> None:
    with SQLiteStore(sample_db, create=False) as store:
        info = _entities(store, 1)[0]
        whole = entity_timeline(QueryTime(store), info)  # type: ignore[arg-type]
    combined = [i for i in whole.items if i.mentions or i.disagreements]
    assert combined, "the sample corpus has clustered reports"
    for item in (*whole.items, *whole.undated):
        from dateline.io.codec import to_json

        assert item_from_record(json.loads(json.dumps(to_json(item)))) == item
        assert record_of(item) == to_json(item)  # the fast encoder writes what the codec does
        assert json.dumps(record_of(item)) == json.dumps(to_json(item))
        assert json.loads(contract_text(item))["id"] == item.id


@pytest.mark.parametrize("filters", [{}, {"as_of": date(2021, 6, 1)}, {"kinds": {"event"}}])
def test_pages_cut_the_whole_list(sample_copy: Path, filters: dict[str, Any]) -> None:
    with SQLiteStore(sample_copy) as store:
        info = _entities(store, 1)[0]
        whole = entity_timeline(store, info, **filters)
        flat = [*whole.items, *whole.undated]
        assert len(flat) > 7
        pages: list[Any] = []
        for offset in range(0, len(flat) + 7, 7):
            page = entity_timeline(store, info, limit=7, offset=offset, **filters)
            assert page.total == len(flat)
            pages += [*page.items, *page.undated]
        assert pages == flat
        beyond = entity_timeline(store, info, limit=5, offset=len(flat) + 3, **filters)
        assert beyond.items == () and beyond.undated == () and beyond.total == len(flat)
        # the query-time path pages the same way
        plain = entity_timeline(QueryTime(store), info, limit=7, offset=7, **filters)  # type: ignore[arg-type]
        assert [*plain.items, *plain.undated] == flat[7:14]


def _state(store: SQLiteStore, entity_id: int) -> tuple[int, int | None]:
    with store._engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT version, built_version FROM timeline_state WHERE entity_id = ?", (entity_id,)
        ).one()
    return int(row[0]), row[1]


def test_a_saved_article_about_the_entity_makes_its_timeline_stale(sample_copy: Path) -> None:
    with dateline.connect(sample_copy) as dl:
        store = dl.store
        assert isinstance(store, SQLiteStore)
        info = _entities(store, 1)[0]
        cache = TimelineCache.of(store)
        assert cache is not None
        before = dl.timeline(info.name)
        assert cache.is_current(info.id)
        assert not cache.ensure(info.id)  # current: nothing to build
        other = next(e for e in _entities(store, 40) if info.name not in e.name)
        entity_timeline(store, other)
        text = f"{info.name} resigned from the board on March 3, 2026, the company said."
        article = dateline.Article(
            text=text, published_at=datetime(2026, 3, 4, 9, tzinfo=UTC), title="Board news"
        )
        report = dl.ingest_articles([article])
        assert report.ingested == 1
        assert not cache.is_current(info.id)
        version, built = _state(store, info.id)
        assert built is not None and version > built
        assert cache.is_current(other.id), "an article not about it leaves it alone"
        after = dl.timeline(info.name)
        assert after == entity_timeline(QueryTime(store), store.entity(info.id) or info)  # type: ignore[arg-type]
        assert len(after.items) + len(after.undated) > len(before.items) + len(before.undated)
        assert cache.is_current(info.id)


def test_merge_split_and_rename_make_timelines_stale(sample_copy: Path) -> None:
    with dateline.connect(sample_copy) as dl:
        store = dl.store
        assert isinstance(store, SQLiteStore)
        cache = TimelineCache.of(store)
        assert cache is not None
        people = [e for e in _entities(store, 60) if e.label == "PERSON"][:2]
        keep, other = people
        for info in people:
            entity_timeline(store, info)
        dl.merge_entities(keep.name, other.name)
        assert not cache.is_current(keep.id)
        merged = store.entity(keep.id)
        assert merged is not None
        assert entity_timeline(store, merged) == entity_timeline(QueryTime(store), merged)  # type: ignore[arg-type]
        dl.split_entity(keep.name, other.name)
        assert not cache.is_current(keep.id)
        back = store.entity(keep.id)
        assert back is not None
        assert entity_timeline(store, back) == entity_timeline(QueryTime(store), back)  # type: ignore[arg-type]
        with store._writer.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE entities SET name = name || ' Jr' WHERE id = ?", (back.id,)
            )
        assert not cache.is_current(back.id)
        renamed = entity_timeline(store, back)
        assert any(f"{back.name} Jr" in i.entities for i in renamed.items)


def test_a_copy_of_an_article_makes_its_entities_stale(sample_copy: Path) -> None:
    with SQLiteStore(sample_copy) as store:
        cache = TimelineCache.of(store)
        assert cache is not None
        info = _entities(store, 1)[0]
        whole = entity_timeline(store, info)
        article_id = whole.items[0].provenance.article_id
        copy = dateline.Article(
            text="A syndicated copy we wrote for this test.",
            published_at=datetime(2026, 2, 1, tzinfo=UTC),
            publisher="Another Outlet",
        )
        store.save_copy(copy, of=article_id, jaccard=0.9, containment=0.95, recorded_at=NOW)
        assert not cache.is_current(info.id)
        again = entity_timeline(store, info)
        first = next(i for i in again.items if i.id == whole.items[0].id)
        assert [o.publisher for o in first.outlets][-1] == "Another Outlet"


def test_rest_api_pages_with_a_total(sample_copy: Path) -> None:
    with dateline.connect(sample_copy) as dl, TestClient(create_app(dl)) as client:
        found = client.get("/api/entities", params={"q": "okafor"}).json()["items"][0]
        url = f"/api/entities/{found['id']}/timeline"
        whole = client.get(url)
        assert whole.headers["x-total-count"] == str(len(whole.json()))
        page = client.get(url, params={"limit": 5, "offset": 5})
        assert page.json() == whole.json()[5:10]
        assert page.headers["x-total-count"] == str(len(whole.json()))
        typed = client.get(url, params={"type": "role", "limit": 1})
        assert len(typed.json()) == 1 and typed.json()[0]["type"] == "role"
        assert int(typed.headers["x-total-count"]) >= 1
        assert client.get(url, params={"limit": 0}).status_code == 422
        cli = CliRunner().invoke(
            cli_app,
            [
                *("timeline", "Lena Okafor", "--limit", "5", "--offset", "5"),
                *("--format", "json", "--db", str(sample_copy)),
            ],
        )
        assert cli.exit_code == 0, cli.output
        assert json.loads(cli.stdout) == page.json()
        assert f"items 6-10 of {len(whole.json())}" in cli.stderr


def test_the_rest_body_is_the_compact_json_of_the_contract(sample_copy: Path) -> None:
    with dateline.connect(sample_copy) as dl, TestClient(create_app(dl)) as client:
        found = client.get("/api/entities", params={"q": "okafor"}).json()["items"][0]
        body = client.get(f"/api/entities/{found['id']}/timeline").content
    with SQLiteStore(sample_copy) as store:
        info = store.entity(found["id"])
        assert info is not None
        expected = timeline_to_json(entity_timeline(QueryTime(store), info))  # type: ignore[arg-type]
    assert body == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()


def test_negative_pages_are_refused(sample_db: Path) -> None:
    with SQLiteStore(sample_db, create=False) as store:
        info = _entities(store, 1)[0]
        with pytest.raises(ValueError, match="negative"):
            entity_timeline(store, info, offset=-1)


def test_known_on_is_answered_at_query_time(sample_copy: Path) -> None:
    with SQLiteStore(sample_copy) as store:
        info = _entities(store, 1)[0]
        day = date(2021, 6, 1)
        got = entity_timeline(store, info, known_on=day, limit=3)
        expected = entity_timeline(QueryTime(store), info, known_on=day)  # type: ignore[arg-type]
        assert [*got.items, *got.undated] == [*expected.items, *expected.undated][:3]
        assert dataclasses.replace(got, items=(), undated=()).total == expected.total


def test_a_timeline_that_keeps_changing_is_computed_at_query_time(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SQLiteStore(sample_copy) as store:
        info = _entities(store, 1)[0]
        monkeypatch.setattr(TimelineCache, "ensure", lambda self, entity_id: False)
        cache = TimelineCache.of(store)
        assert cache is not None
        with store._writer.begin() as conn:  # stale, as after a save (the copy may be built)
            conn.exec_driver_sql("UPDATE timeline_state SET version = version + 1")
        assert not cache.is_current(info.id)  # and ensure builds nothing
        assert cache.timeline(info) is None and cache.contract(info) is None
        got = entity_timeline(store, info, limit=4)
        expected = entity_timeline(QueryTime(store), info, limit=4)  # type: ignore[arg-type]
        assert got == expected and len(got.items) + len(got.undated) == 4


def test_cached_timelines_on_every_backend(sample_db: Path, db_url: str) -> None:
    """The sample extractions saved into a new database of each backend (PostgreSQL too):
    cached answers equal query-time ones, and saving more articles makes them stale."""
    with SQLiteStore(sample_db, create=False) as sample:
        stored = list(sample.articles())
    first, rest = stored[:-6], stored[-6:]
    store = open_store(db_url)
    try:
        for a in first:
            store.save_extraction(a.extraction, recorded_at=a.recorded_at)
        cache = TimelineCache.of(store)
        assert cache is not None
        infos = store.entities(limit=6)
        for info in infos:
            for filters in FILTERS[:4] + FILTERS[6:8]:
                expected = entity_timeline(QueryTime(store), info, **filters)  # type: ignore[arg-type]
                assert entity_timeline(store, info, **filters) == expected, (info.name, filters)
        assert all(cache.is_current(info.id) for info in infos)
        for a in rest:
            store.save_extraction(a.extraction, recorded_at=a.recorded_at)
        stale = [info for info in infos if not cache.is_current(info.id)]
        assert stale, "the last articles mention some of the top entities"
        for info in infos:
            now = store.entity(info.id) or info
            expected = entity_timeline(QueryTime(store), now)  # type: ignore[arg-type]
            assert entity_timeline(store, now) == expected, info.name
    finally:
        store.close()


def test_a_database_that_cannot_be_written_is_answered_at_query_time(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: TimelineCache, entity_id: int) -> None:
        raise OperationalError("INSERT ...", {}, Exception("attempt to write a readonly database"))

    monkeypatch.setattr(TimelineCache, "_build", refuse)  # as a read-only file would
    with SQLiteStore(sample_copy, create=False) as store:
        info = _entities(store, 1)[0]
        cache = TimelineCache.of(store)
        assert cache is not None and not cache.ensure(info.id)
        got = entity_timeline(store, info, limit=5)
        expected = entity_timeline(QueryTime(store), info, limit=5)  # type: ignore[arg-type]
        assert got == expected and got.total == expected.total


def _ids(timeline: Any) -> set[str]:
    return {
        x for i in (*timeline.items, *timeline.undated) for x in (i.id, *(m.id for m in i.mentions))
    }


def test_saves_that_add_items_update_timelines_in_place(sample_db: Path, db_url: str) -> None:
    """Half the sample saved, timelines built, then the other half saved one article at a
    time: each stale timeline is updated in place (not rebuilt), and is item for item the
    query-time timeline, filtered or not; reports joining a cluster already shown and facts
    combining with stored ones are among the updates. A merge still rebuilds whole."""
    with SQLiteStore(sample_db, create=False) as sample:
        stored = list(sample.articles())
    half = len(stored) // 2
    store = open_store(db_url)
    try:
        for a in stored[:half]:
            store.save_extraction(a.extraction, recorded_at=a.recorded_at)
        cache = TimelineCache.of(store)
        assert cache is not None
        infos = store.entities(limit=10)
        seen: dict[int, set[str]] = {}
        for info in infos:
            assert cache.ensure(info.id) and cache.last_build == "whole"
            seen[info.id] = _ids(entity_timeline(store, info))
        updated = joined = 0
        for a in stored[half:]:
            store.save_extraction(a.extraction, recorded_at=a.recorded_at)
            for info in infos:
                if cache.is_current(info.id):
                    continue
                now = store.entity(info.id) or info
                old_ids = seen[info.id]
                assert cache.ensure(info.id) and cache.last_build == "in place", info.name
                updated += 1
                for filters in FILTERS[:1] + FILTERS[3:4] + FILTERS[6:8]:
                    expected = entity_timeline(QueryTime(store), now, **filters)  # type: ignore[arg-type]
                    got = cache.timeline(now, **filters)
                    assert got is not None and got == dataclasses.replace(
                        expected, total=got.total
                    ), (info.name, filters)
                    assert got.total == len(expected.items) + len(expected.undated)
                found = cache.contract(now)
                whole = entity_timeline(QueryTime(store), now)  # type: ignore[arg-type]
                assert found is not None and found[0] == json.dumps(
                    timeline_to_json(whole), ensure_ascii=False, separators=(",", ":")
                )
                seen[info.id] = _ids(whole)
                joined += any(
                    len(i.mentions) > 1
                    and {m.id for m in i.mentions} & old_ids
                    and {m.id for m in i.mentions} - old_ids
                    for i in (*whole.items, *whole.undated)
                )
        assert updated >= 10, updated
        assert joined >= 1, "a new report joined a cluster already in a timeline"
        people = [e for e in store.entities(limit=60) if e.label == "PERSON"][:2]
        for info in people:
            cache.ensure(info.id)
        store.merge_entities(people[0].name, people[1].name)
        assert cache.ensure(people[0].id) and cache.last_build == "whole"
        merged = store.entity(people[0].id)
        assert merged is not None
        assert entity_timeline(store, merged) == entity_timeline(QueryTime(store), merged)  # type: ignore[arg-type]
    finally:
        store.close()


def test_as_of_on_every_day_that_matters(sample_db: Path, db_url: str) -> None:
    """The as-of path reads a rank prefix, the facts and the anchored rows only
    (``store.timeline_indexes``): on every day an item starts or ends, the day before and
    after, it answers what the query-time path answers, whole and by pages, on each
    backend; facts that hold though they rank after the prefix (no start, a later end)
    and facts begun but over are among the cases."""
    with SQLiteStore(sample_db, create=False) as sample:
        stored = list(sample.articles())
    store = open_store(db_url)
    try:
        for a in stored:
            store.save_extraction(a.extraction, recorded_at=a.recorded_at)
        plain = QueryTime(store)
        held_late = over = checked = 0
        for info in store.entities(limit=8):
            whole = entity_timeline(plain, info)  # type: ignore[arg-type]
            bounds = {
                d
                for i in (*whole.items, *whole.undated)
                if i.when is not None
                for d in (i.when.start, i.when.end, i.published_at.date())
                if d is not None
            }
            days = sorted({d + timedelta(days=k) for d in bounds for k in (-1, 0, 1)})
            for day in days:
                expected = entity_timeline(plain, info, as_of=day)  # type: ignore[arg-type]
                got = entity_timeline(store, info, as_of=day)
                assert got == expected, (info.name, day)
                assert got.total == len(expected.items) + len(expected.undated)
                flat = [*expected.items, *expected.undated]
                page = entity_timeline(store, info, as_of=day, limit=3, offset=2)
                assert [*page.items, *page.undated] == flat[2:5], (info.name, day)
                assert page.total == len(flat)
                checked += len(flat)
                for i in expected.items:
                    when = i.when
                    if i.kind == "fact" and when is not None and when.start is None:
                        held_late += when.end is not None and when.end > day
                for i in whole.items:
                    when = i.when
                    if i.kind == "fact" and when is not None and when.end is not None:
                        over += (when.start or when.end) <= day and when.end < day
        assert checked > 1000
        assert held_late > 0, "a fact with no start holds on a day before its end"
        assert over > 0, "a fact begun and over by the day is left out"
    finally:
        store.close()


def _few_parameters_engine(path: Path) -> Engine:
    """A store's database whose connections take at most 999 parameters a statement
    (older SQLite builds; PostgreSQL stops at 65,535)."""
    SQLiteStore(path).close()  # the schema, by the store's own migrations
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _few_parameters(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)

    return engine


def _cache_row(rank: int, **fields: Any) -> dict[str, Any]:
    """A dated ``timeline_cache`` row of entity 7 whose contract names its rank."""
    return {
        "entity_id": 7,
        "position": rank,
        "dated": 1,
        "rank": rank,
        "start_date": None,
        "end_date": None,
        "published_day": date(2020, 1, 1),
        "ordering": 0,
        "anchors": {"mentions": [f"m{rank}"]},
        "anchored": 1,
        "record": {},
        "contract": json.dumps({"n": rank}),
        **fields,
    }


def test_as_of_binds_a_bounded_number_of_parameters(tmp_path: Path) -> None:
    """An entity holding more facts on a day than the database takes parameters in one
    statement still answers: the held facts are looked up in chunks, not bound in one
    ``IN`` list."""
    engine = _few_parameters_engine(tmp_path / "many.db")
    n = 2_000
    # held on every day, and never "begun": all after the prefix
    rows = [_cache_row(i, kind="fact", item_id=f"a{i}:f1") for i in range(n)]
    try:
        with engine.begin() as conn:
            conn.execute(insert(schema.timeline_cache), rows)
        with engine.connect() as conn:
            page = _read_as_of(conn, 7, date(2021, 6, 1), 5, 1_500, items=False)
        assert page.total == n
        assert [json.loads(text)["n"] for _item, text in page.dated] == list(range(1500, 1505))
        assert page.undated == []
    finally:
        engine.dispose()


def test_filtered_pages_with_a_stated_order_bind_a_bounded_number_of_parameters(
    tmp_path: Path,
) -> None:
    """A filtered page with no limit over an entity whose items state an order reads its
    rows by rank in chunks: 2,000 ranks in one ``IN`` list fail where a statement takes
    999 parameters. The stated order is kept: each second event was "before" the first."""
    engine = _few_parameters_engine(tmp_path / "ordered.db")
    n = 2_000
    rows = [
        _cache_row(
            i,
            kind="event",
            start_date=date(2020, 6, 1),
            end_date=date(2020, 6, 1),
            published_day=date(2020, 6, 2),
            ordering=i % 2,
            item_id=f"a{i // 2}:e{i % 2}",
            anchors={"ordering": [["before", "e0"]]} if i % 2 else {"mentions": []},
        )
        for i in range(n)
    ]
    swapped = [i + 1 if i % 2 == 0 else i - 1 for i in range(n)]
    try:
        with engine.begin() as conn:
            conn.execute(insert(schema.timeline_cache), rows)
        with engine.connect() as conn:
            since = _Filters(start=date(2020, 1, 1), end=None, as_of=None, kinds=None)
            page = _read_filtered(conn, 7, since, None, 0, items=False)
            as_of = _read_as_of(conn, 7, date(2020, 6, 1), None, 0, items=False)
        for got in (page, as_of):
            assert got.total == n
            assert [json.loads(text)["n"] for _item, text in got.dated] == swapped
    finally:
        engine.dispose()
