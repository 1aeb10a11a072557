"""Top-k search gives what ranking every match gives: same hits, order, ranks, snippets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from store_backends import save_copies

from dateline.store import open_store
from dateline.store.base import SearchHit
from dateline.store.postgres import PostgresStore, tsquery
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SNIPPET_CLOSE, SNIPPET_OPEN, SQLiteStore, fts_query

# The queries before top-k ranking (every match ranked and joined, then cut): the reference.
SQLITE_EVERY_MATCH = (
    "SELECT f.article_id AS article_id, a.published_at AS published_at, a.title AS title, "
    "snippet(articles_fts, -1, :open, :close, '…', 12) AS snippet, "
    "bm25(articles_fts, 0.0, 3.0, 1.0) AS score "
    "FROM articles_fts AS f JOIN articles AS a ON a.id = f.article_id "
    "WHERE articles_fts MATCH :match ORDER BY score, a.published_utc DESC LIMIT :limit"
)
POSTGRES_EVERY_MATCH = (
    "WITH q AS (SELECT to_tsquery('simple', CAST(:query AS TEXT)) AS query), "
    "hits AS ("
    " SELECT a.id, a.published_at, a.published_utc, a.title, a.text,"
    "  ts_rank('{0, 0, 0.333, 1}', f.document, q.query) AS score"
    " FROM articles_fts AS f JOIN articles AS a ON a.id = f.article_id, q"
    " WHERE f.document @@ q.query"
    " ORDER BY score DESC, a.published_utc DESC, a.id LIMIT :limit) "
    "SELECT h.id AS article_id, h.score,"
    " ts_headline('simple', h.text, q.query, :opts) AS body,"
    " ts_headline('simple', coalesce(h.title, ''), q.query, :opts) AS head "
    "FROM hits AS h, q ORDER BY h.score DESC, h.published_utc DESC, h.id"
)
WORDS = ("said", "the", "company", "council", "board", "years", "a*", "ministerzz")


def _reference(store: SQLStore, word: str, limit: int) -> list[tuple[str, float, str]]:
    """(article id, rank, snippet) of every hit by the every-match query."""
    if isinstance(store, SQLiteStore):
        params = {"open": SNIPPET_OPEN, "close": SNIPPET_CLOSE}
        params |= {"match": fts_query(word), "limit": limit}
        with store._engine.connect() as conn:
            rows = conn.execute(text(SQLITE_EVERY_MATCH), params).all()
        return [(r.article_id, -float(r.score), r.snippet) for r in rows]
    assert isinstance(store, PostgresStore)
    from dateline.store.postgres import _HEADLINE, _best_snippet

    params = {"query": tsquery(word), "limit": limit, "opts": _HEADLINE}
    with store._engine.connect() as conn:
        rows = conn.execute(text(POSTGRES_EVERY_MATCH), params).all()
    return [(r.article_id, float(r.score), _best_snippet(r.body, r.head)) for r in rows]


def _hits(found: list[SearchHit]) -> list[tuple[str, float, str]]:
    return [(h.article_id, h.rank, h.snippet) for h in found]


def test_top_k_search_equals_ranking_every_match(sample_db: Path, db_url: str) -> None:
    """Each sample story is stored four times with one line added (identical scores, so
    the page boundary falls inside runs of ties, broken by publication time)."""
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    try:
        save_copies(sample_db, store, 4, tag="c", every=timedelta(days=400))
        tied = found = 0
        for word in WORDS:
            for limit in (1, 3, 7, 20, 1000):
                expected = _reference(store, word, limit)
                found += bool(expected)
                got = _hits(store.search(word, limit=limit))
                assert got == expected, (word, limit)
                ranks = [r for _, r, _ in expected]
                tied += len(ranks) > 1 and ranks[-1] == ranks[-2]
        assert found == 5 * (len(WORDS) - 1), "every word but the made-up one is found"
        assert tied > 10, "page boundaries inside runs of equal scores were checked"
    finally:
        store.close()


@pytest.mark.parametrize("limit", [0, -1])
def test_search_limits_at_the_edges(sample_db: Path, limit: int) -> None:
    """SQLite: ``limit=0`` finds nothing and a negative limit is no limit, as before."""
    with SQLiteStore(sample_db, create=False) as store:
        expected = _reference(store, "the", limit)
        assert _hits(store.search("the", limit=limit)) == expected
        assert (len(expected) > 20) == (limit < 0)
