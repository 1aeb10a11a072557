"""Storage: the ``Store`` protocol and its backends.

Callers open a store with ``open_store`` and depend on ``Store`` only.
"""

from __future__ import annotations

from pathlib import Path

from dateline.errors import DatelineError
from dateline.store.base import (
    EntityInfo,
    Outlet,
    RunInfo,
    SaveOutcome,
    SearchHit,
    Store,
    StoredArticle,
    TimelineItem,
)
from dateline.store.urls import display_url, is_postgres

__all__ = [
    "EntityInfo",
    "Outlet",
    "RunInfo",
    "SaveOutcome",
    "SearchHit",
    "Store",
    "StoredArticle",
    "TimelineItem",
    "display_url",
    "open_store",
]


def open_store(url_or_path: str | Path, *, create: bool = True) -> Store:
    """A store for ``sqlite:///file.db``, ``sqlite://`` (in memory), a plain file path, or
    ``postgresql://user@host/db`` (also ``postgres://``, ``postgresql+psycopg://``).

    ``create=False`` refuses to create a missing database (on PostgreSQL: one without
    dateline's tables). Errors never show a password from the URL.
    """
    if isinstance(url_or_path, Path):
        from dateline.store.sqlite import SQLiteStore  # a backend loads only when used

        return SQLiteStore(url_or_path, create=create)
    target = url_or_path.strip()
    if is_postgres(target):
        from dateline.store.postgres import PostgresStore

        return PostgresStore(target, create=create)
    from dateline.store.sqlite import SQLiteStore

    scheme, sep, rest = target.partition("://")
    dialect = scheme.split("+", 1)[0].lower()
    if not sep:
        return SQLiteStore(target, create=create)
    if dialect != "sqlite":
        raise DatelineError(
            f"unsupported database URL scheme {scheme!r}; use sqlite:///path or postgresql://"
        )
    if rest in ("", "/", "/:memory:"):
        return SQLiteStore(":memory:", create=create)
    if not rest.startswith("/"):
        raise DatelineError(f"bad SQLite URL {target!r}; use sqlite:///relative/or/absolute.db")
    return SQLiteStore(rest[1:], create=create)
