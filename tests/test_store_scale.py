"""The scale migrations: search ranks the most recently published matches (0008) and
as-of queries have their indexes (0007), on new stores and on stores migrated to them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from store_backends import save_copies
from test_store_search import _hits, _reference

import dateline.store.postgres as pg_store
import dateline.store.sqlite as sqlite_store
from dateline.model import Article
from dateline.store import open_store
from dateline.store.search_recent import SEARCH_RECENT, free_key, search_key
from dateline.store.sql import SQLStore
from dateline.store.timeline_indexes import TIMELINE_AS_OF

AS_OF_INDEXES = {
    "ix_timeline_cache_first_day",
    "ix_timeline_cache_published_day",
    "ix_timeline_cache_kind",
    "ix_timeline_cache_anchored",
}


def _copies(sample_db: Path, store: SQLStore, copies: int) -> list[Article]:
    """Every sample story stored ``copies`` times, each copy a year and a minute later."""
    return save_copies(sample_db, store, copies, tag="w", every=timedelta(days=365, minutes=1))


def test_search_key_orders_by_publication_second() -> None:
    early = datetime(1987, 3, 1, 9, 0, 0, tzinfo=UTC)
    assert search_key(early, "b") < search_key(early + timedelta(seconds=1), "a")
    assert search_key(early, "a") != search_key(early, "b")  # same second: by a hash of the id
    assert search_key(early, "a") == search_key(early.astimezone(), "a")  # UTC, not the offset
    before_1970 = datetime(1912, 4, 15, tzinfo=UTC)
    assert search_key(before_1970, "a") < search_key(early, "a") < 2**63
    taken = {5, 6}
    assert free_key(5, taken.__contains__) == 7 and free_key(9, taken.__contains__) == 9


def test_search_ranks_the_most_recently_published_matches(
    sample_db: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a window of 12, a word matching more stories is ranked over the 12 published
    last only: the hits are the every-match ranking of those 12, cut to the page; a page
    larger than the window widens it."""
    for module in (sqlite_store, pg_store):
        monkeypatch.setattr(module, "SEARCH_WINDOW", 12)
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    try:
        saved = {a.id: a for a in _copies(sample_db, store, 3)}
        key = {i: search_key(a.published_at, i) for i, a in saved.items()}
        cut = 0
        for word in ("said", "the", "company", "council", "board"):
            every = _reference(store, word, 100_000)
            assert len(every) > 12, word
            recent = set(sorted((h[0] for h in every), key=key.__getitem__)[-12:])
            for limit in (1, 5, 12):
                expected = [h for h in every if h[0] in recent][:limit]
                assert _hits(store.search(word, limit=limit)) == expected, (word, limit)
                cut += expected != every[:limit]
            wide = _hits(store.search(word, limit=len(every)))
            assert wide == every, word  # the page does not fit the window: all ranked
        assert cut > 0, "the window left out some match the every-match ranking had on a page"
    finally:
        store.close()


def _undo(store: SQLStore, name: str) -> None:
    with store._writer.begin() as conn:
        conn.execute(text("DELETE FROM schema_migrations WHERE name = :n"), {"n": name})


def test_migrations_bring_an_older_store_to_the_new_search_and_indexes(
    sample_db: Path, db_url: str
) -> None:
    """A store as it was before 0007 and 0008 (no as-of indexes; SQLite's FTS5 rowids in
    indexing order, PostgreSQL without ``search_key``) gets them when opened."""
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    try:
        saved = _copies(sample_db, store, 1)
        words = ("said", "council", "board")
        before = {w: _hits(store.search(w, limit=5)) for w in words}
        sqlite = store._engine.dialect.name == "sqlite"
        with store._writer.begin() as conn:
            for index in AS_OF_INDEXES:
                conn.exec_driver_sql(f"DROP INDEX {index}")
            if sqlite:
                conn.exec_driver_sql(
                    sqlite_store._CREATE_FTS.replace("articles_fts", "articles_fts_old", 1)
                )
                conn.exec_driver_sql(
                    "INSERT INTO articles_fts_old (article_id, title, text) "
                    "SELECT article_id, title, text FROM articles_fts ORDER BY rowid"
                )
                conn.exec_driver_sql("DROP TABLE articles_fts")
                conn.exec_driver_sql("ALTER TABLE articles_fts_old RENAME TO articles_fts")
            else:
                conn.exec_driver_sql("ALTER TABLE articles_fts DROP COLUMN search_key")
        _undo(store, TIMELINE_AS_OF)
        _undo(store, SEARCH_RECENT)
        store.close()
        store = open_store(db_url)
        assert isinstance(store, SQLStore)
        with store._engine.connect() as conn:
            if sqlite:
                found = conn.exec_driver_sql("SELECT article_id, rowid FROM articles_fts").all()
                indexes = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
            else:
                found = conn.exec_driver_sql(
                    "SELECT article_id, search_key FROM articles_fts"
                ).all()
                indexes = {r[0] for r in conn.exec_driver_sql("SELECT indexname FROM pg_indexes")}
            keys = {r[0]: r[1] for r in found}
        assert keys == {a.id: search_key(a.published_at, a.id) for a in saved}
        assert indexes >= AS_OF_INDEXES
        assert {w: _hits(store.search(w, limit=5)) for w in words} == before
    finally:
        store.close()
