"""The SQLite backend: one file, safe for several ingest processes writing at once.

Concurrency: WAL journal (readers never block the writer), a busy timeout, and every write
transaction opened with ``BEGIN IMMEDIATE``. Taking the write lock up front matters: a
deferred transaction that reads (duplicate check, entity lookup) and then writes can fail
at once with ``SQLITE_BUSY`` if another process committed in between, and the busy timeout
does not help there. sqlite3's own transaction handling is switched off so that
SQLAlchemy's begin/commit/rollback are the only ones (see SQLAlchemy's SQLite notes on
"legacy transaction mode"). Queries and the save path are in ``dateline.store.sql``.

Full-text search uses an FTS5 table ``articles_fts`` created by a SQLite-only step of
migration ``0001_initial``. It keeps its own copy of title and text: an external-content
table would need a stable integer rowid, which ``articles`` (text primary key) lacks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Connection, create_engine, event
from sqlalchemy import text as sql_text
from sqlalchemy.pool import StaticPool

from dateline.errors import DatelineError
from dateline.model import Article
from dateline.store.base import SearchHit
from dateline.store.migrations import Step
from dateline.store.search_recent import SEARCH_RECENT, SEARCH_WINDOW, free_key, search_key
from dateline.store.sql import SQLStore

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SNIPPET_CLOSE",
    "SNIPPET_OPEN",
    "SQLiteStore",
    "fts_query",
    "index_fts",
]

#: How long a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 30_000
#: Snippet markers around matched terms (plain characters, safe in rich markup).
SNIPPET_OPEN, SNIPPET_CLOSE = "«", "»"

_CREATE_FTS = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "article_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')"
)


def _create_fts(conn: Connection) -> None:
    """SQLite-only part of ``0001_initial``: the full-text index over title and text."""
    conn.exec_driver_sql(_CREATE_FTS)


def _rekey_fts(conn: Connection) -> None:
    """SQLite part of ``0008_scale_search_recent``: the FTS5 table rebuilt with each
    article's ``search_key`` as its rowid (in the order the articles were indexed, so a
    key taken twice goes to the one indexed first)."""
    rows = conn.exec_driver_sql(
        "SELECT f.rowid, f.article_id, a.published_at FROM articles_fts AS f "
        "JOIN articles AS a ON a.id = f.article_id ORDER BY f.rowid"
    ).all()
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for rowid, article_id, published_at in rows:
        key = free_key(
            search_key(datetime.fromisoformat(published_at), article_id), taken.__contains__
        )
        taken.add(key)
        pairs.append((rowid, key))
    conn.exec_driver_sql("CREATE TEMP TABLE dateline_rekey (old INTEGER PRIMARY KEY, new INTEGER)")
    if pairs:
        conn.exec_driver_sql("INSERT INTO temp.dateline_rekey (old, new) VALUES (?, ?)", pairs)
    conn.exec_driver_sql(_CREATE_FTS.replace("articles_fts", "articles_fts_rekeyed", 1))
    conn.exec_driver_sql(
        "INSERT INTO articles_fts_rekeyed (rowid, article_id, title, text) "
        "SELECT k.new, f.article_id, f.title, f.text FROM articles_fts AS f "
        "JOIN temp.dateline_rekey AS k ON k.old = f.rowid ORDER BY k.new"
    )
    conn.exec_driver_sql("DROP TABLE articles_fts")
    conn.exec_driver_sql("ALTER TABLE articles_fts_rekeyed RENAME TO articles_fts")
    conn.exec_driver_sql("DROP TABLE temp.dateline_rekey")


_FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def fts_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression that cannot be a syntax error: every term quoted.

    Terms are ANDed; a trailing ``*`` keeps its prefix meaning. FTS5 operators typed by a
    user are dropped (bare ``AND``/``OR``/``NOT``/``NEAR``) or searched as text (quotes,
    brackets, ``^``, ``:``). ``None`` when nothing searchable is left.
    """
    terms: list[str] = []
    for raw in user_text.split():
        if raw in _FTS_OPERATORS:
            continue
        prefix = raw.endswith("*")
        word = raw.rstrip("*").replace("\x00", "")  # FTS5 ends a string at NUL
        if not any(ch.isalnum() for ch in word):
            continue
        quoted = '"' + word.replace('"', '""') + '"'
        terms.append(quoted + "*" if prefix else quoted)
    return " ".join(terms) or None


def _sqlite_path(path: str | Path) -> str:
    return str(path) if str(path) == ":memory:" else str(Path(path).expanduser())


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # sqlite3 must not BEGIN/COMMIT behind SQLAlchemy
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, much faster
    finally:
        cur.close()


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("dateline_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


# built once: every save runs them
_FTS_KEY_TAKEN = sql_text("SELECT 1 FROM articles_fts WHERE rowid = :k")
_FTS_INSERT = sql_text(
    "INSERT INTO articles_fts (rowid, article_id, title, text) VALUES (:key, :id, :t, :x)"
)


def index_fts(
    conn: Connection, *, article_id: str, title: str | None, text: str, published_at: datetime
) -> None:
    """The article's full-text row, its search key (publication order) as the rowid: what
    a save writes, and what ``bench/scale_bulk.py`` writes for the stores it builds."""

    def taken(key: int) -> bool:
        return conn.execute(_FTS_KEY_TAKEN, {"k": key}).first() is not None

    key = free_key(search_key(published_at, article_id), taken)
    conn.execute(_FTS_INSERT, {"key": key, "id": article_id, "t": title or "", "x": text})


class SQLiteStore(SQLStore):
    """``Store`` on a SQLite file. Creates and migrates the database when opened.

    With ``create=False`` a missing file is an error instead of a new empty database,
    which is what read-only commands want.
    """

    migration_steps: ClassVar[Mapping[str, Sequence[Step]]] = {
        "0001_initial": [_create_fts],
        SEARCH_RECENT: [_rekey_fts],
    }

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        location = _sqlite_path(path)
        memory = location == ":memory:"
        if not memory and not create and not Path(location).is_file():
            raise DatelineError(f"no dateline database at {location}")
        if not memory:
            Path(location).parent.mkdir(parents=True, exist_ok=True)
        self.path = location
        self._engine = create_engine(
            f"sqlite+pysqlite:///{location}",
            **({"poolclass": StaticPool} if memory else {}),
            connect_args={"check_same_thread": False} if memory else {},
        )
        event.listen(self._engine, "connect", _on_connect)
        event.listen(self._engine, "begin", _on_begin)
        # every write transaction takes SQLite's one write lock up front (BEGIN IMMEDIATE)
        self._writer = self._engine.execution_options(dateline_begin="IMMEDIATE")
        self._open()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    def _index_article(self, conn: Connection, article: Article) -> None:
        index_fts(
            conn,
            article_id=article.id,
            title=article.title,
            text=article.text,
            published_at=article.published_at,
        )

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles matching every term of ``text``, best first (``rank``: higher is better).

        Any input is safe: terms are quoted, so FTS5 operators are searched as words.
        """
        match = fts_query(text)
        if match is None:
            return []
        # Rank first, then build snippets for the page only: SQLite evaluates every result
        # column of every match before sorting, and snippet() is the costly one. Ranking
        # reads the full-text index alone: the page is every match scoring at least the
        # ``limit``-th best score (ties included), and only those are joined to ``articles``
        # for the tie-break. Reading ``published_utc`` for every match walked each article's
        # overflow pages (it is stored after the text): most of a common word's search.
        # Only the most recently published matches are ranked (``store.search_recent``):
        # the rowid is the search key, so the window is the matches from the rowid of the
        # ``window``-th match counted from the end, found in the index without ranking.
        sql = (
            "WITH edge AS (SELECT rowid AS key FROM articles_fts WHERE articles_fts MATCH "
            ":match ORDER BY rowid DESC LIMIT 1 OFFSET :window_last), "
            "ranked AS MATERIALIZED (SELECT rowid AS rid, "
            "bm25(articles_fts, 0.0, 3.0, 1.0) AS score "
            "FROM articles_fts WHERE articles_fts MATCH :match "
            "AND rowid >= coalesce((SELECT key FROM edge), -9223372036854775808)), "
            "cut AS (SELECT score FROM ranked ORDER BY score LIMIT 1 OFFSET :last), "
            "top AS (SELECT r.rid, r.score, a.published_utc FROM ranked AS r "
            "JOIN articles_fts AS f ON f.rowid = r.rid JOIN articles AS a ON a.id = f.article_id "
            "WHERE r.score <= coalesce((SELECT score FROM cut), 9e999) "
            "ORDER BY r.score, a.published_utc DESC LIMIT :limit) "
            "SELECT f.article_id AS article_id, a.published_at AS published_at, "
            "a.title AS title, "
            "snippet(articles_fts, -1, :open, :close, '…', 12) AS snippet, top.score AS score "
            "FROM top CROSS JOIN articles_fts AS f ON f.rowid = top.rid "
            "JOIN articles AS a ON a.id = f.article_id "
            "WHERE articles_fts MATCH :match ORDER BY top.score, top.published_utc DESC"
        )
        # a negative limit is no limit (SQLite's LIMIT -1): no cut then
        last = limit - 1 if limit > 0 else (0 if limit == 0 else 2**62)
        window = max(SEARCH_WINDOW, limit) if limit >= 0 else 2**62  # a page fits in it
        params = {
            "window_last": window - 1,
            "open": SNIPPET_OPEN,
            "close": SNIPPET_CLOSE,
            "match": match,
            "limit": limit,
            "last": last,
        }
        with self._engine.connect() as conn:
            rows = conn.execute(sql_text(sql), params).all()
        return [
            SearchHit(
                article_id=row.article_id,
                published_at=datetime.fromisoformat(row.published_at),
                title=row.title,
                snippet=row.snippet,
                rank=-float(row.score),
            )
            for row in rows
        ]
