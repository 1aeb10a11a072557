"""The store on SQL databases (SQLAlchemy Core): every query and the save path, any backend.

A backend (``sqlite.py``, ``postgres.py``) makes the engine, takes the write lock its
database needs, adds its own migration steps (the full-text index) and answers ``search``;
everything else is here, written once, so both backends give the same results.

Concurrent writers: uniqueness is the database's job (unique keys on article id and content
hash, entity name, alias, label vote), written with ``INSERT ... ON CONFLICT``, never a read
followed by a blind write. A backend whose writers run at the same time (PostgreSQL) also
serialises the saves that touch the same names (``_lock_names``) so entity resolution sees
what the other writer committed, and retries a save that lost a race (``_retryable``).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from dateline.errors import DatelineError
from dateline.io.codec import to_json
from dateline.model import Article, Extraction
from dateline.query.items import ItemDraft, items_for
from dateline.resolve.entities import (
    normalise_name,
)
from dateline.store import copies
from dateline.store import schema as s
from dateline.store.base import (
    ArticleSummary,
    EntityInfo,
    Outlet,
    RunInfo,
    SaveOutcome,
    SearchHit,
    StoredArticle,
    TimelineItem,
)
from dateline.store.entities import EntityDecisions, absorb, has_manual_merges
from dateline.store.migrations import Step, apply_migrations, pending_migrations
from dateline.store.resolution import lock_keys, resolve_entities
from dateline.store.rows import (
    PAGE,
    article_columns,
    aware_utc,
    chunks,
    entity_select,
    id_for_hash,
    item_from_row,
    item_row,
    like_contains,
    per_dialect,
    restamp,
    timeline_key,
    upsert,
)
from dateline.store.rows import (
    stored as stored_article,
)

__all__ = ["SQLStore", "items_of"]

#: how often a save that lost a race (deadlock, serialisation failure) is tried again
SAVE_ATTEMPTS = 8


#: the statements every save runs, built once (see ``rows.per_dialect``)
_add_article = per_dialect(
    lambda conn: upsert(conn, s.articles).on_conflict_do_nothing().returning(s.articles.c.id)
)
_ADD_ITEMS = insert(s.items)
_LINK_ITEMS = insert(s.item_entities)


class SQLStore(EntityDecisions):
    """``Store`` over a SQLAlchemy engine. Subclasses set ``_engine`` and ``_writer`` and
    call ``_open()``; they provide ``search`` and may override the hooks below."""

    #: extra migration steps of this backend, by migration name
    migration_steps: ClassVar[Mapping[str, Sequence[Step]]] = {}
    #: whether other transactions write at the same time as ours (not so under SQLite's lock)
    concurrent_writers: ClassVar[bool] = False
    _engine: Engine
    _writer: Engine

    def _open(self) -> None:
        try:
            self.migrate()
        except Exception:
            self._engine.dispose()
            raise

    # --- backend hooks -------------------------------------------------------------------
    def _index_article(self, conn: Connection, article: Article) -> None:
        """Add the article to the backend's full-text index."""
        raise NotImplementedError

    def _lock_names(self, conn: Connection, keys: set[str]) -> None:
        """Hold, until commit, whatever makes resolving these names safe (nothing: SQLite)."""

    def _lock_migrations(self, conn: Connection) -> None:
        """Hold, until commit, the lock that lets one process migrate at a time."""

    def _retryable(self, exc: SQLAlchemyError) -> bool:
        """Whether the failed save lost a race and succeeds when tried again."""
        return False

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        raise NotImplementedError

    # --- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _write(self, what: str) -> Iterator[Connection]:
        """One write transaction holding the database write lock; DB errors as ours."""
        try:
            with self._writer.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise DatelineError(f"could not {what}: {reason}") from exc

    def migrate(self) -> list[str]:
        with self._engine.connect() as conn:
            if not pending_migrations(conn):
                return []
        with self._write("migrate the database") as conn:
            self._lock_migrations(conn)
            return apply_migrations(conn, extra_steps=self.migration_steps)

    # --- writing -----------------------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        """Stored as an article, or as a near-duplicate copy of one."""
        return bool(self.stored_contents([content_hash]))

    def stored_contents(self, content_hashes: Sequence[str]) -> set[str]:
        found: set[str] = set()
        a, c = s.articles, s.article_copies
        with self._engine.connect() as conn:
            for page in chunks(sorted(set(content_hashes))):
                for table in (a, c):
                    found.update(
                        conn.scalars(
                            select(table.c.content_hash).where(table.c.content_hash.in_(page))
                        )
                    )
        return found

    def save_extraction(self, extraction: Extraction, *, recorded_at: datetime) -> SaveOutcome:
        """Store the article, its extraction, entities, mentions and items, or nothing.

        The same content (by hash) is a ``duplicate`` and writes nothing. An id already
        used by other content gets a ``-2``, ``-3`` ... suffix, applied to the stored
        extraction too. Facts get ``recorded_at`` when they have none. A save that lost a
        race with another writer (deadlock, a row it needed deleted) is tried again whole.
        """
        recorded = aware_utc("recorded_at", recorded_at)
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                with self._write(f"store article {extraction.article.id}") as conn:
                    return self._save(conn, extraction, recorded)
            except DatelineError as exc:
                cause = exc.__cause__
                if attempt == SAVE_ATTEMPTS or not (
                    isinstance(cause, SQLAlchemyError) and self._retryable(cause)
                ):
                    raise
                time.sleep(random.uniform(0, 0.01 * 2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _save(self, conn: Connection, extraction: Extraction, recorded: datetime) -> SaveOutcome:
        article = extraction.article
        ex = restamp(extraction, article_id=article.id, recorded_at=recorded)
        lost: set[str] = set()  # ids taken by other content (or by a writer just before us)
        # the article row first, claimed with ON CONFLICT (content hash and id are unique):
        # the usual new article costs one statement, a duplicate or taken id a few more
        while not self._insert_article(conn, ex, recorded):
            existing = id_for_hash(conn, article.content_hash)
            if existing is not None:
                return SaveOutcome(existing, "duplicate")
            lost.add(ex.article.id)
            article_id = self._free_article_id(conn, article.id, lost=lost)
            ex = restamp(extraction, article_id=article_id, recorded_at=recorded)
        self._index_article(conn, ex.article)
        self._lock_names(conn, lock_keys(ex))
        if self._manual_decisions is None:  # read once per open store; merges set it
            self._manual_decisions = has_manual_merges(conn)
        canonical, aliased = resolve_entities(
            conn,
            ex,
            recorded,
            manual_decisions=self._manual_decisions,
            lock_rows=self.concurrent_writers,
        )
        self._insert_items(conn, items_for(ex, recorded_at=recorded), canonical)
        absorb(conn, aliased, decided_at=recorded)
        return SaveOutcome(ex.article.id, "stored")

    @staticmethod
    def _free_article_id(conn: Connection, wanted: str, *, lost: set[str]) -> str:
        """``wanted``, else the first free ``wanted-2``, ``wanted-3`` ..."""
        candidate, n = wanted, 1
        while candidate in lost or conn.scalar(
            select(s.articles.c.id).where(s.articles.c.id == candidate)
        ):
            n += 1
            candidate = f"{wanted}-{n}"
        return candidate

    @staticmethod
    def _insert_article(conn: Connection, ex: Extraction, recorded: datetime) -> bool:
        """Insert the article row; ``False`` when another writer took its id or hash first."""
        a = ex.article
        result = conn.execute(  # values as parameters: one statement object for every save
            _add_article(conn),
            {
                "id": a.id,
                "text": a.text,
                "body_offset": a.body_offset,
                **article_columns(a),
                "recorded_at": recorded,
                "extraction": to_json(ex),
            },
        )
        return result.first() is not None

    @staticmethod
    def _insert_items(
        conn: Connection, drafts: Sequence[ItemDraft], canonical: dict[str, int]
    ) -> None:
        if not drafts:
            return
        conn.execute(_ADD_ITEMS, [item_row(d.item) for d in drafts])
        links: dict[tuple[str, int], dict[str, Any]] = {}
        for d in drafts:
            for position, (key, role) in enumerate(d.links):
                entity_id = canonical.get(key)
                if entity_id is not None:
                    links.setdefault(
                        (d.item.id, entity_id),
                        {
                            "item_id": d.item.id,
                            "entity_id": entity_id,
                            "role": role,
                            "position": position,
                        },
                    )
        if links:
            conn.execute(_LINK_ITEMS, list(links.values()))

    # --- near-duplicates: see dateline.store.copies ---------------------------------------
    def signatures(self, *, scheme: str) -> Iterator[tuple[str, int, bytes]]:
        with self._engine.connect() as conn:
            rows = list(copies.signatures(conn, scheme))
        yield from rows

    def unsigned_articles(self, *, scheme: str) -> Iterator[tuple[str, str]]:
        with self._engine.connect() as conn:
            rows = copies.unsigned_articles(conn, scheme)
        yield from rows

    def save_signatures(self, signatures: Sequence[tuple[str, int, bytes]], *, scheme: str) -> None:
        if not signatures:
            return
        with self._write("store near-duplicate signatures") as conn:
            copies.replace_signatures(conn, signatures, scheme=scheme)

    def save_copy(
        self,
        article: Article,
        *,
        of: str,
        jaccard: float,
        containment: float,
        recorded_at: datetime,
    ) -> SaveOutcome:
        recorded = aware_utc("recorded_at", recorded_at)
        with self._write(f"store {article.id} as a copy of {of}") as conn:
            return copies.link_copy(
                conn, article, of=of, jaccard=jaccard, containment=containment, recorded_at=recorded
            )

    def outlets(self, article_ids: Sequence[str]) -> dict[str, tuple[Outlet, ...]]:
        with self._engine.connect() as conn:
            return copies.outlets_for(conn, article_ids)

    def start_run(self, *, description: str, started_at: datetime) -> str:
        started = aware_utc("started_at", started_at)
        run_id = f"{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"  # sortable, unique
        with self._write("start a run") as conn:
            conn.execute(
                insert(s.runs).values(
                    id=run_id,
                    description=description,
                    started_at=started,
                    status="running",
                    counts={},
                )
            )
        return run_id

    def add_rejection(self, run_id: str, *, origin: str, reason: str) -> None:
        with self._write(f"record a rejection for run {run_id}") as conn:
            conn.execute(insert(s.rejections).values(run_id=run_id, origin=origin, reason=reason))

    def finish_run(
        self, run_id: str, *, finished_at: datetime, counts: dict[str, int], status: str
    ) -> None:
        finished = aware_utc("finished_at", finished_at)
        with self._write(f"finish run {run_id}") as conn:
            done = conn.execute(
                update(s.runs)
                .where(s.runs.c.id == run_id)
                .values(finished_at=finished, counts=dict(counts), status=status)
            )
            if done.rowcount == 0:
                raise DatelineError(f"no run {run_id}")

    # --- reading -----------------------------------------------------------------------
    def runs(self, *, limit: int = 20) -> list[RunInfo]:
        r, rj = s.runs, s.rejections
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(r).order_by(r.c.started_at.desc(), r.c.id.desc()).limit(limit)
            ).all()
            rejected: dict[str, list[tuple[str, str]]] = {}
            for chunk in chunks([row.id for row in rows]):
                for rej in conn.execute(
                    select(rj.c.run_id, rj.c.origin, rj.c.reason)
                    .where(rj.c.run_id.in_(chunk))
                    .order_by(rj.c.id)
                ):
                    rejected.setdefault(rej.run_id, []).append((rej.origin, rej.reason))
        return [
            RunInfo(
                id=row.id,
                started_at=row.started_at,
                finished_at=row.finished_at,
                status=row.status,
                counts={str(k): int(v) for k, v in row.counts.items()},
                rejections=tuple(rejected.get(row.id, ())),
            )
            for row in rows
        ]

    def entities(
        self, *, label: str | None = None, query: str | None = None, limit: int = 100
    ) -> list[EntityInfo]:
        stmt = entity_select()
        if label is not None:
            stmt = stmt.where(s.entities.c.label == label)
        needle = normalise_name(query) if query else ""
        if needle:
            pattern = like_contains(needle)
            stmt = stmt.where(
                or_(
                    s.entities.c.name_norm.like(pattern, escape="\\"),
                    s.entities.c.id.in_(
                        select(s.entity_aliases.c.entity_id).where(
                            s.entity_aliases.c.alias_norm.like(pattern, escape="\\")
                        )
                    ),
                )
            )
        with self._engine.connect() as conn:
            return self._entity_infos(conn, stmt.limit(limit))

    def find_entity(self, name: str) -> EntityInfo | None:
        """Exact normalised name, then alias, then a unique last token, then substring.

        Ties go to the most mentioned entity.
        """
        norm = normalise_name(name)
        if not norm:
            return None
        e, al = s.entities, s.entity_aliases
        aliased = select(al.c.entity_id).where(al.c.alias_norm == norm)
        with self._engine.connect() as conn:
            for condition in (e.c.name_norm == norm, e.c.id.in_(aliased)):
                found = self._entity_infos(conn, entity_select().where(condition).limit(1))
                if found:
                    return found[0]
            if " " not in norm:
                by_last = self._entity_infos(
                    conn, entity_select().where(e.c.last_token == norm).limit(2)
                )
                if len(by_last) == 1:
                    return by_last[0]
            pattern = like_contains(norm)
            found = self._entity_infos(
                conn, entity_select().where(e.c.name_norm.like(pattern, escape="\\")).limit(1)
            )
        return found[0] if found else None

    @staticmethod
    def _entity_infos(conn: Connection, stmt: Select[Any]) -> list[EntityInfo]:
        rows = conn.execute(stmt).all()
        aliases: dict[int, list[str]] = {}
        al = s.entity_aliases
        for chunk in chunks([row.id for row in rows]):
            for a in conn.execute(
                select(al.c.entity_id, al.c.alias)
                .where(al.c.entity_id.in_(chunk))
                .order_by(al.c.alias_norm)
            ):
                aliases.setdefault(a.entity_id, []).append(a.alias)
        return [
            EntityInfo(
                id=row.id,
                name=row.name,
                label=row.label,
                aliases=tuple(aliases.get(row.id, ())),
                mention_count=row.mention_count,
                article_count=row.article_count,
            )
            for row in rows
        ]

    def timeline_items(
        self,
        entity_id: int,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> list[TimelineItem]:
        """Items whose inclusive day range overlaps [start, end]; open ends overlap freely.

        Undated items are always included. Ordered by time (``When.sort_key``, undated
        last), then publication time and id. ``entities`` are the canonical names of the
        linked entities; the record's own names stay in ``payload``.
        """
        i = s.items
        conditions: list[ColumnElement[bool]] = []
        if end is not None:
            conditions.append(or_(i.c.start_date.is_(None), i.c.start_date <= end))
        if start is not None:
            conditions.append(or_(i.c.end_date.is_(None), i.c.end_date >= start))
        with self._engine.connect() as conn:
            return items_of(conn, entity_id, conditions)

    def article(self, article_id: str) -> StoredArticle | None:
        a = s.articles
        with self._engine.connect() as conn:
            row = conn.execute(
                select(a.c.extraction, a.c.recorded_at).where(a.c.id == article_id)
            ).first()
        return None if row is None else stored_article(row.extraction, row.recorded_at)

    def articles(self, *, limit: int | None = None) -> Iterator[StoredArticle]:
        """All articles by publication time, fetched a page at a time.

        No connection stays open between pages, so abandoning the iterator leaks nothing.
        """
        a = s.articles
        after: tuple[str, str] | None = None
        remaining = limit
        while remaining is None or remaining > 0:
            size = PAGE if remaining is None else min(PAGE, remaining)
            stmt = select(a.c.id, a.c.published_utc, a.c.extraction, a.c.recorded_at)
            if after is not None:
                stmt = stmt.where(
                    or_(
                        a.c.published_utc > after[0],
                        and_(a.c.published_utc == after[0], a.c.id > after[1]),
                    )
                )
            with self._engine.connect() as conn:
                rows = conn.execute(stmt.order_by(a.c.published_utc, a.c.id).limit(size)).all()
            for row in rows:
                yield stored_article(row.extraction, row.recorded_at)
            if len(rows) < size:
                return
            after = (rows[-1].published_utc, rows[-1].id)
            if remaining is not None:
                remaining -= len(rows)

    def counts(self) -> dict[str, int]:
        """Articles, entities, mentions, items, and items per kind (events, quotes, facts)."""
        with self._engine.connect() as conn:

            def count(table: Any, *where: ColumnElement[bool]) -> int:
                return int(conn.scalar(select(func.count()).select_from(table).where(*where)) or 0)

            i = s.items
            return {
                "articles": count(s.articles),
                "entities": count(s.entities),
                "mentions": count(s.mentions),
                "items": count(i),
                "events": count(i, i.c.kind == "event"),
                "quotes": count(i, i.c.kind == "quote"),
                "facts": count(i, i.c.kind == "fact"),
            }

    def entity_edges(self) -> Sequence[tuple[int, int, str, int]]:
        """``co_occurs`` pairs (lower id first) weighted by shared items, then fact edges.

        A fact whose subject and object are both entities also gives a directed
        ``subject -> object`` edge named by its relation, weighted by how often it is stated.
        """
        ie, i = s.item_entities, s.items
        a, b = ie.alias("a"), ie.alias("b")
        co = (
            select(a.c.entity_id, b.c.entity_id, literal("co_occurs"), func.count())
            .join(b, and_(a.c.item_id == b.c.item_id, a.c.entity_id < b.c.entity_id))
            .group_by(a.c.entity_id, b.c.entity_id)
            .order_by(func.count().desc(), a.c.entity_id, b.c.entity_id)
        )
        subj, obj = ie.alias("subj"), ie.alias("obj")
        facts = (
            select(subj.c.entity_id, obj.c.entity_id, i.c.type, func.count())
            .select_from(i)
            .join(subj, and_(subj.c.item_id == i.c.id, subj.c.role == "subject"))
            .join(obj, and_(obj.c.item_id == i.c.id, obj.c.role == "object"))
            .where(i.c.kind == "fact")
            .group_by(subj.c.entity_id, obj.c.entity_id, i.c.type)
            .order_by(func.count().desc(), subj.c.entity_id, obj.c.entity_id, i.c.type)
        )
        with self._engine.connect() as conn:
            rows = [*conn.execute(co), *conn.execute(facts)]
        return [(int(r[0]), int(r[1]), str(r[2]), int(r[3])) for r in rows]

    # --- reading for the web API and pages -------------------------------------------
    def entity(self, entity_id: int) -> EntityInfo | None:
        with self._engine.connect() as conn:
            found = self._entity_infos(
                conn, entity_select().where(s.entities.c.id == entity_id).limit(1)
            )
        return found[0] if found else None

    def entities_by_id(self, entity_ids: Sequence[int]) -> list[EntityInfo]:
        wanted = list(dict.fromkeys(entity_ids))
        found: dict[int, EntityInfo] = {}
        with self._engine.connect() as conn:
            for page in chunks(sorted(wanted)):
                infos = self._entity_infos(conn, entity_select().where(s.entities.c.id.in_(page)))
                found.update((info.id, info) for info in infos)
        return [found[i] for i in wanted if i in found]

    def related_entities(self, entity_id: int, *, limit: int = 20) -> list[tuple[EntityInfo, int]]:
        """Co-occurrence through shared items (same join as ``entity_edges``), most first."""
        ie = s.item_entities
        mine, other = ie.alias("mine"), ie.alias("other")
        shared = (
            select(other.c.entity_id, func.count(other.c.item_id.distinct()).label("n"))
            .join(mine, mine.c.item_id == other.c.item_id)
            .where(mine.c.entity_id == entity_id, other.c.entity_id != entity_id)
            .group_by(other.c.entity_id)
            .order_by(func.count(other.c.item_id.distinct()).desc(), other.c.entity_id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            counts = {int(r.entity_id): int(r.n) for r in conn.execute(shared)}
            infos = self._entity_infos(
                conn, entity_select().where(s.entities.c.id.in_(sorted(counts)))
            )
        by_id = {info.id: info for info in infos}
        return [(by_id[i], n) for i, n in counts.items() if i in by_id]

    def entity_item_roles(self, entity_id: int) -> dict[str, str]:
        ie = s.item_entities
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(ie.c.item_id, ie.c.role).where(ie.c.entity_id == entity_id)
            ).all()
        return {str(r.item_id): str(r.role) for r in rows}

    def recent_articles(self, *, limit: int = 20) -> list[ArticleSummary]:
        a = s.articles
        stmt = (
            select(
                a.c.id,
                a.c.published_at,
                a.c.title,
                a.c.publisher,
                func.substr(a.c.text, 1, 200).label("head"),
            )
            .order_by(a.c.published_utc.desc(), a.c.id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return [
            ArticleSummary(
                id=r.id,
                published_at=r.published_at,
                title=r.title,
                publisher=r.publisher,
                snippet=" ".join(str(r.head).split()),
            )
            for r in rows
        ]

    def article_mentions(self, article_id: str) -> list[tuple[int, int, int]]:
        m = s.mentions
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(m.c.entity_id, m.c.char_start, m.c.char_end)
                .where(m.c.article_id == article_id)
                .order_by(m.c.char_start, m.c.char_end)
            ).all()
        return [(int(r.entity_id), int(r.char_start), int(r.char_end)) for r in rows]


def items_of(
    conn: Connection,
    entity_id: int,
    conditions: Sequence[ColumnElement[bool]] = (),
    *,
    ids: Sequence[str] | None = None,
) -> list[TimelineItem]:
    """The entity's items meeting ``conditions`` (and among ``ids`` when given), in
    ``timeline_key`` order, as ``SQLStore.timeline_items`` returns them. The materialised
    timelines read the items a save added through it."""
    i, ie, e = s.items, s.item_entities, s.entities
    mine = i.c.id.in_(select(ie.c.item_id).where(ie.c.entity_id == entity_id))
    groups: list[list[ColumnElement[bool]]] = (
        [[mine, *conditions]]
        if ids is None
        else [[mine, *conditions, i.c.id.in_(chunk)] for chunk in chunks(sorted(set(ids)))]
    )
    rows: list[Any] = []
    names: dict[str, list[str]] = {}
    for where in groups:
        rows += conn.execute(select(i).where(and_(*where))).all()
        for link in conn.execute(
            select(ie.c.item_id, e.c.name)
            .join(e, e.c.id == ie.c.entity_id)
            .where(ie.c.item_id.in_(select(i.c.id).where(and_(*where))))
            .order_by(ie.c.item_id, ie.c.position)
        ).all():
            names.setdefault(link.item_id, []).append(link.name)
    outlets = copies.outlets_for(conn, [row.article_id for row in rows])
    items = [
        item_from_row(row, tuple(names.get(row.id, ())), outlets.get(row.article_id, ()))
        for row in rows
    ]
    items.sort(key=timeline_key)
    return items
