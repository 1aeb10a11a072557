"""Near-duplicate storage on any SQLAlchemy connection: signatures, copies, outlets.

Backend-neutral (SQLAlchemy Core over ``dateline.store.schema``), so a backend's methods are
thin wrappers that open the connection or transaction and call these.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from dateline.errors import DatelineError
from dateline.model import Article
from dateline.store import schema as s
from dateline.store.base import Outlet, SaveOutcome
from dateline.store.rows import article_columns

__all__ = [
    "UNSIGNED_PAGE",
    "copy_id_for_hash",
    "insert_copy",
    "link_copy",
    "outlets_for",
    "replace_signatures",
    "signatures",
    "unsigned_articles",
]

_PAGE = 500
#: articles (with their text) handed out per ``unsigned_articles`` call
UNSIGNED_PAGE = 200


def signatures(conn: Connection, scheme: str) -> Iterator[tuple[str, int, bytes]]:
    sig = s.article_signatures
    stmt = select(sig.c.article_id, sig.c.shingles, sig.c.signature).where(sig.c.scheme == scheme)
    for row in conn.execute(stmt.order_by(sig.c.article_id)):
        yield str(row.article_id), int(row.shingles), bytes(row.signature)


def unsigned_articles(
    conn: Connection, scheme: str, *, limit: int | None = None
) -> list[tuple[str, str]]:
    """The oldest ``limit`` (default ``UNSIGNED_PAGE``) articles without a ``scheme``
    signature: one page, so signing a large old database never holds every text in
    memory. The caller signs them and asks again."""
    a, sig = s.articles, s.article_signatures
    signed = select(sig.c.article_id).where(sig.c.scheme == scheme)
    rows = conn.execute(
        select(a.c.id, a.c.text)
        .where(a.c.id.not_in(signed))
        .order_by(a.c.published_utc, a.c.id)
        .limit(limit or UNSIGNED_PAGE)
    )
    return [(str(row.id), str(row.text)) for row in rows]


def replace_signatures(
    conn: Connection, signatures: Sequence[tuple[str, int, bytes]], *, scheme: str
) -> None:
    """Each article's signature of ``scheme``, replacing any it had: two statements in all."""
    sig = s.article_signatures
    conn.execute(delete(sig).where(sig.c.article_id.in_([a for a, _, _ in signatures])))
    conn.execute(
        insert(sig),
        [
            {"article_id": a, "scheme": scheme, "shingles": n, "signature": v}
            for a, n, v in signatures
        ],
    )


def copy_id_for_hash(conn: Connection, content_hash: str) -> str | None:
    c = s.article_copies
    found = conn.scalar(select(c.c.id).where(c.c.content_hash == content_hash))
    return None if found is None else str(found)


def insert_copy(
    conn: Connection,
    article: Article,
    *,
    of: str,
    jaccard: float,
    containment: float,
    recorded_at: datetime,
) -> str:
    """Insert the copy under a free id (``-2``, ``-3`` ... as for articles); returns it."""
    c, a = s.article_copies, s.articles
    wanted, candidate, n = article.id, article.id, 1
    while conn.scalar(select(c.c.id).where(c.c.id == candidate)) or conn.scalar(
        select(a.c.id).where(a.c.id == candidate)
    ):
        n += 1
        candidate = f"{wanted}-{n}"
    conn.execute(
        insert(c).values(
            id=candidate,
            article_id=of,
            jaccard=jaccard,
            containment=containment,
            recorded_at=recorded_at,
            **article_columns(article),
        )
    )
    return candidate


def link_copy(
    conn: Connection,
    article: Article,
    *,
    of: str,
    jaccard: float,
    containment: float,
    recorded_at: datetime,
) -> SaveOutcome:
    """``article`` as a copy of stored article ``of``; the same content again is a duplicate."""
    a = s.articles
    existing = conn.scalar(
        select(a.c.id).where(a.c.content_hash == article.content_hash)
    ) or copy_id_for_hash(conn, article.content_hash)
    if existing is not None:
        return SaveOutcome(str(existing), "duplicate")
    if not conn.scalar(select(a.c.id).where(a.c.id == of)):
        raise DatelineError(f"no article {of} to be a copy of")
    copy_id = insert_copy(
        conn, article, of=of, jaccard=jaccard, containment=containment, recorded_at=recorded_at
    )
    return SaveOutcome(copy_id, "copy")


def outlets_for(conn: Connection, article_ids: Sequence[str]) -> dict[str, tuple[Outlet, ...]]:
    a, c = s.articles, s.article_copies
    ids = sorted(set(article_ids))
    found: dict[str, list[Outlet]] = {}
    for start in range(0, len(ids), _PAGE):
        chunk = ids[start : start + _PAGE]
        for row in conn.execute(
            select(a.c.id, a.c.published_at, a.c.title, a.c.url, a.c.publisher, a.c.origin).where(
                a.c.id.in_(chunk)
            )
        ):
            found[row.id] = [
                Outlet(
                    article_id=row.id,
                    published_at=row.published_at,
                    title=row.title,
                    url=row.url,
                    publisher=row.publisher,
                    origin=row.origin,
                )
            ]
        for row in conn.execute(
            select(c).where(c.c.article_id.in_(chunk)).order_by(c.c.published_utc, c.c.id)
        ):
            found.setdefault(row.article_id, []).append(
                Outlet(
                    article_id=row.id,
                    published_at=row.published_at,
                    title=row.title,
                    url=row.url,
                    publisher=row.publisher,
                    origin=row.origin,
                    copy_of=row.article_id,
                    jaccard=row.jaccard,
                )
            )
    return {key: tuple(value) for key, value in found.items()}
