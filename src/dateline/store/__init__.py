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

__all__ = [
    "EntityInfo",
    "Outlet",
    "RunInfo",
    "SaveOutcome",
    "SearchHit",
    "Store",
    "StoredArticle",
    "TimelineItem",
    "open_store",
]

_POSTGRES_SCHEMES = ("postgresql", "postgres")


def open_store(url_or_path: str | Path, *, create: bool = True) -> Store:
    """A store for ``sqlite:///file.db``, ``sqlite://`` (in memory) or a plain file path.

    ``postgresql://...`` is recognised so that users get a clear message rather than a
    file named after their URL. ``create=False`` refuses to create a missing database.
    """
    from dateline.store.sqlite import SQLiteStore  # the backend loads only when used

    if isinstance(url_or_path, Path):
        return SQLiteStore(url_or_path, create=create)
    target = url_or_path.strip()
    scheme, sep, rest = target.partition("://")
    if not sep:
        return SQLiteStore(target, create=create)
    dialect = scheme.split("+", 1)[0].lower()
    if dialect in _POSTGRES_SCHEMES:
        raise DatelineError("PostgreSQL support is not available yet")
    if dialect != "sqlite":
        raise DatelineError(f"unsupported database URL scheme {scheme!r}; use sqlite:///path")
    if rest in ("", "/", "/:memory:"):
        return SQLiteStore(":memory:", create=create)
    if not rest.startswith("/"):
        raise DatelineError(f"bad SQLite URL {target!r}; use sqlite:///relative/or/absolute.db")
    return SQLiteStore(rest[1:], create=create)
