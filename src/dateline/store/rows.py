"""Row mapping and small query helpers shared by the SQL store and its backends."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

from dateline.io.codec import from_json, to_json, when_from_json
from dateline.model import Article, Extraction, Fact, Provenance
from dateline.store import schema as s
from dateline.store.base import Outlet, StoredArticle, TimelineItem

__all__ = [
    "PAGE",
    "article_columns",
    "aware_utc",
    "chunks",
    "entity_select",
    "escape_like",
    "id_for_hash",
    "item_from_row",
    "item_row",
    "like_contains",
    "per_dialect",
    "restamp",
    "stored",
    "timeline_key",
    "upsert",
]

PAGE = 200  # rows per round trip when streaming articles or chunking IN lists


def article_columns(article: Article) -> dict[str, Any]:
    """The columns a stored story and a stored copy of one share (``articles`` and
    ``article_copies`` describe a story the same way)."""
    return {
        "content_hash": article.content_hash,
        "published_at": article.published_at,
        "published_utc": article.published_at.astimezone(UTC).isoformat(),
        "title": article.title,
        "url": article.url,
        "publisher": article.publisher,
        "author": article.author,
        "origin": article.origin,
    }


def upsert(conn: Connection, table: Table) -> PgInsert | SqliteInsert:
    """An INSERT with ``on_conflict_do_nothing``/``_do_update`` for the connection's database.

    SQLite and PostgreSQL spell ``ON CONFLICT`` the same way, and SQLAlchemy gives both
    dialects' inserts the same methods.
    """
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


T = TypeVar("T")


def per_dialect(build: Callable[[Connection], T]) -> Callable[[Connection], T]:
    """A statement built once per database dialect, then the same object every time.

    For the statements every save runs: building one and working out its cache key cost
    SQLAlchemy more than running it on SQLite; a statement object reused is neither
    rebuilt nor keyed again. ``build`` may only look at the connection's dialect.
    """
    built: dict[str, T] = {}

    def statement(conn: Connection) -> T:
        name = conn.dialect.name
        found = built.get(name)
        if found is None:
            found = built[name] = build(conn)
        return found

    return statement


def aware_utc(name: str, value: datetime) -> datetime:
    """``value`` in UTC; a naive datetime is refused (the store never guesses a zone)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def id_for_hash(conn: Connection, content_hash: str) -> str | None:
    found = conn.scalar(select(s.articles.c.id).where(s.articles.c.content_hash == content_hash))
    return None if found is None else str(found)


def restamp(extraction: Extraction, *, article_id: str, recorded_at: datetime) -> Extraction:
    """The extraction as stored: final article id everywhere, facts stamped as recorded."""
    old_id = extraction.article.id

    def fact(f: Fact) -> Fact:
        provenance = tuple(
            dataclasses.replace(p, article_id=article_id) if p.article_id == old_id else p
            for p in f.provenance
        )
        return dataclasses.replace(
            f, provenance=provenance, recorded_at=f.recorded_at or recorded_at
        )

    article = extraction.article
    if article.id != article_id:
        article = dataclasses.replace(article, id=article_id)
    return dataclasses.replace(
        extraction, article=article, facts=tuple(fact(f) for f in extraction.facts)
    )


def item_row(item: TimelineItem) -> dict[str, Any]:
    p = item.provenance
    return {
        "id": item.id,
        "article_id": p.article_id,
        "kind": item.kind,
        "type": item.type,
        "summary": item.summary,
        "sentence": item.sentence,
        "when_json": to_json(item.when) if item.when is not None else None,
        "start_date": item.when.start if item.when else None,
        "end_date": item.when.end if item.when else None,
        "sentence_index": p.sentence_index,
        "char_start": p.char_start,
        "char_end": p.char_end,
        "published_at": item.published_at,
        "recorded_at": item.recorded_at,
        "sources": list(item.sources),
        "payload": item.payload,
    }


def item_from_row(
    row: Any, entities: tuple[str, ...], outlets: tuple[Outlet, ...] = ()
) -> TimelineItem:
    return TimelineItem(
        id=row.id,
        kind=row.kind,
        type=row.type,
        summary=row.summary,
        sentence=row.sentence,
        when=when_from_json(row.when_json) if row.when_json is not None else None,
        entities=entities,
        sources=tuple(row.sources),
        provenance=Provenance(row.article_id, row.sentence_index, row.char_start, row.char_end),
        published_at=row.published_at,
        recorded_at=row.recorded_at,
        payload=row.payload,
        outlets=outlets,
    )


def timeline_key(item: TimelineItem) -> tuple[tuple[int, int], datetime, str]:
    when_key = item.when.sort_key() if item.when else (date.max.toordinal(), 0)
    return when_key, item.published_at, item.id


def stored(extraction: dict[str, Any], recorded_at: datetime) -> StoredArticle:
    return StoredArticle(from_json(Extraction, extraction), recorded_at)


def entity_select() -> Select[Any]:
    """Entities with mention and article counts, most mentioned first.

    The counts are kept per entity by triggers (``store.counts``), so a lookup reads them
    instead of counting the entity's mentions.
    """
    e, c = s.entities, s.entity_counts
    mention_count = func.coalesce(c.c.mention_count, 0).label("mention_count")
    article_count = func.coalesce(c.c.article_count, 0).label("article_count")
    return (
        select(e.c.id, e.c.name, e.c.label, mention_count, article_count)
        .select_from(e.outerjoin(c, c.c.entity_id == e.c.id))
        .order_by(mention_count.desc(), e.c.id)
    )


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_contains(value: str) -> str:
    return f"%{escape_like(value)}%"


def chunks(values: list[Any], size: int = PAGE) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
