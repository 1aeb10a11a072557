"""The PostgreSQL backend (psycopg 3): a shared database for many ingest processes.

Chosen by the URL: ``postgresql://``, ``postgres://`` or ``postgresql+psycopg://``. The
tables, migrations, queries and save path are the ones of every SQL backend
(``dateline.store.sql``); this module adds what only PostgreSQL has:

* Full-text search: ``articles_fts(article_id, document tsvector)`` with a GIN index,
  created by the PostgreSQL step of migration ``0001_initial``. The document is built from
  the title (weight A) and text (weight B) cut into letter/digit runs, lower-cased and
  without diacritics, with the ``simple`` configuration (no stemming): the same words
  SQLite's FTS5 ``unicode61 remove_diacritics 2`` tokenizer makes, so a search finds the
  same articles on both backends. Ranking is ``ts_rank`` with the title weighted 3:1, as
  SQLite's ``bm25`` weights; rank values differ between backends, not what is found.
* Concurrent writers run at the same time (READ COMMITTED), unlike SQLite's one write lock.
  Unique keys with ``INSERT ... ON CONFLICT`` keep articles, entities, aliases and label
  votes single; a save takes transaction-scoped advisory locks on the names it resolves
  (so two articles naming the same person resolve one after the other and see each
  other's entity) and is retried whole when it loses a race (deadlock, unique or foreign
  key violation from a concurrent merge).

Text ordering follows the database's collation; create the database with ``C`` or
``C.UTF-8`` collation for the same order as SQLite (``scripts/pg-throwaway`` does).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Connection, create_engine, inspect
from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from dateline.errors import DatelineError
from dateline.model import Article
from dateline.store.base import SearchHit
from dateline.store.migrations import Step
from dateline.store.search_recent import SEARCH_RECENT, SEARCH_WINDOW, search_key
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SNIPPET_CLOSE, SNIPPET_OPEN
from dateline.store.urls import display_url

__all__ = [
    "FTS_INSERT",
    "PostgresStore",
    "fts_row",
    "postgres_url",
    "search_words",
    "tsquery",
]

_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgres+psycopg")
#: SQLSTATEs of a save that lost a race and succeeds when tried again
_RETRY_STATES = frozenset({"40P01", "40001", "23505", "23503"})
_WORD = re.compile(r"[^\W_]+")
_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})

_CREATE_FTS = (
    "CREATE TABLE articles_fts ("
    " article_id VARCHAR(200) PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,"
    " document TSVECTOR NOT NULL)",
    "CREATE INDEX ix_articles_fts_document ON articles_fts USING GIN (document)",
)
_HEADLINE = (
    f"StartSel={SNIPPET_OPEN}, StopSel={SNIPPET_CLOSE}, MaxWords=14, MinWords=6, "
    "MaxFragments=1, FragmentDelimiter=…, ShortWord=1"
)


def _create_fts(conn: Connection) -> None:
    """PostgreSQL-only part of ``0001_initial``: the tsvector table and its GIN index."""
    for statement in _CREATE_FTS:
        conn.exec_driver_sql(statement)


def _add_search_keys(conn: Connection) -> None:
    """PostgreSQL part of ``0008_scale_search_recent``: ``articles_fts.search_key``, filled
    for the stored articles. The GIN index is dropped while the rows are rewritten and
    built again after (updating it row by row would re-insert every document's words)."""
    # (idempotent, as the other migrations: a database whose ledger lost the name is
    # migrated again without harm)
    conn.exec_driver_sql("ALTER TABLE articles_fts ADD COLUMN IF NOT EXISTS search_key BIGINT")
    rows = conn.exec_driver_sql(
        "SELECT f.article_id, a.published_at FROM articles_fts AS f "
        "JOIN articles AS a ON a.id = f.article_id WHERE f.search_key IS NULL"
    ).all()
    if rows:
        conn.exec_driver_sql("DROP INDEX ix_articles_fts_document")
        conn.exec_driver_sql(
            "CREATE TEMP TABLE dateline_rekey (article_id TEXT PRIMARY KEY, search_key BIGINT) "
            "ON COMMIT DROP"
        )
        keys = [(a, search_key(datetime.fromisoformat(p), a)) for a, p in rows]
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy("COPY dateline_rekey (article_id, search_key) FROM STDIN") as copy:
            for row in keys:
                copy.write_row(row)
        conn.exec_driver_sql(
            "UPDATE articles_fts AS f SET search_key = k.search_key FROM dateline_rekey AS k "
            "WHERE k.article_id = f.article_id"
        )
        conn.exec_driver_sql(_CREATE_FTS[1])
    conn.exec_driver_sql("ALTER TABLE articles_fts ALTER COLUMN search_key SET NOT NULL")


def search_words(text: str) -> list[str]:
    """The words of ``text`` as both backends index them: letter/digit runs, lower case,
    diacritics removed (``Café`` -> ``cafe``), like FTS5's unicode61 tokenizer."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\x00", " "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WORD.findall(plain.lower())


def tsquery(user_text: str) -> str | None:
    """A ``to_tsquery`` expression that cannot be a syntax error, meaning what ``fts_query``
    means on SQLite: every term required, a term of several words a phrase, a trailing
    ``*`` a prefix, typed operators ignored. ``None`` when nothing searchable is left."""
    terms: list[str] = []
    for raw in user_text.split():
        if raw in _FTS_OPERATORS:
            continue
        words = search_words(raw.rstrip("*"))
        if not words:
            continue
        lexemes = [f"'{w}'" for w in words]  # letters and digits only: nothing to escape
        if raw.endswith("*"):
            lexemes[-1] += ":*"
        terms.append(lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")")
    return " & ".join(terms) or None


def _lock_key(namespace: str, value: str) -> int:
    """A signed 64-bit advisory-lock key for ``value`` (stable across processes)."""
    digest = hashlib.blake2b(f"{namespace}\x00{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


_MIGRATION_LOCK = _lock_key("dateline", "migrate")


def postgres_url(url: str) -> URL:
    """The SQLAlchemy URL for a ``postgresql://`` URL, always with the psycopg 3 driver."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatelineError(f"bad PostgreSQL URL {display_url(url)!r}") from None
    if parsed.drivername not in _SCHEMES:
        raise DatelineError(
            f"unsupported PostgreSQL driver {parsed.drivername!r}; use postgresql:// "
            "or postgresql+psycopg://"
        )
    return parsed.set(drivername="postgresql+psycopg")


def _best_snippet(body: str, head: str) -> str:
    """The text's fragment, or the title's when only the title matched (as FTS5 picks)."""
    return head if SNIPPET_OPEN in head and SNIPPET_OPEN not in body else body


#: the article's full-text row: title weighted above the body, and its search key
FTS_INSERT = sql_text(
    "INSERT INTO articles_fts (article_id, document, search_key) VALUES (:id, "
    "setweight(to_tsvector('simple', CAST(:title AS TEXT)), 'A') || "
    "setweight(to_tsvector('simple', CAST(:body AS TEXT)), 'B'), :key)"
)


def fts_row(
    *, article_id: str, title: str | None, text: str, published_at: datetime
) -> dict[str, Any]:
    """Parameters of ``FTS_INSERT``: what a save writes, and ``bench/scale_bulk.py`` too."""
    return {
        "id": article_id,
        "key": search_key(published_at, article_id),
        "title": " ".join(search_words(title or "")),
        "body": " ".join(search_words(text)),
    }


class PostgresStore(SQLStore):
    """``Store`` on a PostgreSQL database (which must exist). Creates the tables when
    opened; ``create=False`` refuses a database without dateline's tables instead."""

    migration_steps: ClassVar[Mapping[str, Sequence[Step]]] = {
        "0001_initial": [_create_fts],
        SEARCH_RECENT: [_add_search_keys],
    }
    concurrent_writers: ClassVar[bool] = True

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = postgres_url(url)
        #: the URL as given, password hidden: for messages and repr
        self.shown = shown = display_url(url)
        try:
            self._engine = create_engine(self.url)
        except ImportError:
            raise DatelineError(
                "PostgreSQL needs psycopg: pip install 'dateline[postgres]'"
            ) from None
        self._writer = self._engine
        try:
            with self._engine.connect() as conn:
                if not create and not inspect(conn).has_table("schema_migrations"):
                    raise DatelineError(f"no dateline database at {shown}")
        except SQLAlchemyError as exc:
            self._engine.dispose()
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            password = self.url.password
            if password:
                reason = reason.replace(str(password), "***")
            raise DatelineError(f"could not open {shown}: {reason}") from None
        except DatelineError:
            self._engine.dispose()
            raise
        self._open()

    def __repr__(self) -> str:
        return f"PostgresStore({self.shown!r})"

    # --- hooks of SQLStore ------------------------------------------------------------------
    def _lock_migrations(self, conn: Connection) -> None:
        conn.execute(sql_text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})

    def _lock_names(self, conn: Connection, keys: set[str]) -> None:
        """Advisory locks, held until commit, on every name the save resolves (in key order,
        so two saves never wait for each other in a cycle)."""
        if not keys:
            return
        conn.execute(
            sql_text(
                "SELECT count(pg_advisory_xact_lock(k)) FROM "
                "(SELECT unnest(CAST(:keys AS BIGINT[])) AS k ORDER BY 1) AS sorted"
            ),
            {"keys": sorted({_lock_key("name", key) for key in keys})},
        )

    def _retryable(self, exc: SQLAlchemyError) -> bool:
        return getattr(getattr(exc, "orig", None), "sqlstate", None) in _RETRY_STATES

    def _index_article(self, conn: Connection, article: Article) -> None:
        conn.execute(
            FTS_INSERT,
            fts_row(
                article_id=article.id,
                title=article.title,
                text=article.text,
                published_at=article.published_at,
            ),
        )

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles matching every term of ``text``, best first (``rank``: higher is better).

        Any input is safe: the query is built from letter/digit runs only.
        """
        query = tsquery(text)
        if query is None:
            return []
        # ranked from the tsvector table alone; only matches scoring at least the
        # ``limit``-th best score (ties included) are joined to ``articles`` for the
        # tie-break and the snippet: joining every match first cost three times as much
        sql = (
            "WITH q AS (SELECT to_tsquery('simple', CAST(:query AS TEXT)) AS query), "
            "recent AS MATERIALIZED ("
            " SELECT f.ctid AS tid FROM articles_fts AS f, q"
            " WHERE f.document @@ q.query"
            " ORDER BY f.search_key + 0 DESC, f.article_id DESC LIMIT :window), "
            "ranked AS MATERIALIZED ("
            " SELECT f.article_id, ts_rank('{0, 0, 0.333, 1}', f.document, q.query) AS score"
            " FROM articles_fts AS f, q WHERE f.ctid = ANY(ARRAY(SELECT tid FROM recent))), "
            "cut AS (SELECT score FROM ranked ORDER BY score DESC LIMIT 1 OFFSET :last), "
            "hits AS ("
            " SELECT a.id, a.published_at, a.published_utc, a.title, a.text, r.score"
            " FROM ranked AS r JOIN articles AS a ON a.id = r.article_id"
            " WHERE r.score >= coalesce((SELECT score FROM cut), '-Infinity')"
            " ORDER BY r.score DESC, a.published_utc DESC, a.id LIMIT :limit) "
            "SELECT h.id AS article_id, h.published_at, h.title, h.score,"
            " ts_headline('simple', h.text, q.query, :opts) AS body,"
            " ts_headline('simple', coalesce(h.title, ''), q.query, :opts) AS head "
            "FROM hits AS h, q ORDER BY h.score DESC, h.published_utc DESC, h.id"
        )
        params = {"query": query, "limit": limit, "opts": _HEADLINE, "last": max(limit - 1, 0)}
        # the most recently published matches only (``store.search_recent``), found by their
        # keys without ranking (``+ 0``: a scan in key order would test every document);
        # sorted as row addresses, not documents, then read back by address to be ranked
        params["window"] = max(SEARCH_WINDOW, limit)
        try:
            with self._engine.connect() as conn:
                rows = conn.execute(sql_text(sql), params).all()
        except SQLAlchemyError as exc:
            raise DatelineError(f"could not search: {getattr(exc, 'orig', exc)}") from exc
        return [
            SearchHit(
                article_id=row.article_id,
                published_at=datetime.fromisoformat(row.published_at),
                title=row.title,
                snippet=_best_snippet(row.body, row.head),
                rank=float(row.score),
            )
            for row in rows
        ]
