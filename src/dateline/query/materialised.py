"""Materialised entity timelines: combine and cluster once, then answer pages from SQL.

A timeline combines facts and clusters event reports across articles (``query.facts``,
``query.cluster``). Doing that at every query costs seconds for an entity with thousands
of items. Here the whole timeline of an entity (no filters, no ``known_on``) is computed by
the same code on first use and stored row by row in ``timeline_cache``, each row with the
columns the filters need (kind, day range, publication day) and two ranks: ``position`` in
the whole timeline and ``rank`` among the dated (or undated) items before stated orderings
apply. A filtered query is then a range scan of the entity's rows; a page is a ``LIMIT``.

Staleness is decided by the database, not by this module: triggers added by migration
``0004_scale_timeline_cache`` bump ``timeline_state.version`` of every entity a saved
article, copy, merge, split or rename touches, in the writer's own transaction. A cache is
used only while ``built_version`` equals ``version``; a rebuild is stored only when the
version did not move while it was computed, so a save racing with a rebuild is never lost.

The answers are those of ``query.timeline`` computed from scratch, item for item and in
the same order: filtered items keep their stable-sort order (``rank``), and when any of them
states an order relative to another ("a day after the report") the page is ordered by
``stated_order`` in Python over the filtered items, exactly as before.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    case,
    delete,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from dateline.io.codec import to_json, when_from_json
from dateline.model import Precision, Provenance, When
from dateline.query.facts import interval_holds
from dateline.query.timeline import (
    Timeline,
    combined,
    dated_key,
    item_to_json,
    split_dated,
    stated_order,
    undated_key,
)
from dateline.query.timeline_update import apply_update, block_of, plan_update, sort_key_of
from dateline.store import schema as s
from dateline.store.base import (
    Disagreement,
    EntityInfo,
    ItemMention,
    Outlet,
    Store,
    TimelineItem,
)

__all__ = [
    "TimelineCache",
    "collapsed_order",
    "contract_text",
    "item_from_record",
    "light_item",
    "record_of",
]

_CHUNK = 500  # rows per statement: INSERT batches when storing a timeline, IN lists when reading
_LOCKS: dict[tuple[int, int], threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _lock_for(engine: Engine, entity_id: int) -> threading.Lock:
    """One rebuild of an entity at a time per process: no thundering herd on a stale one."""
    with _LOCKS_LOCK:
        return _LOCKS.setdefault((id(engine), entity_id), threading.Lock())


def contract_text(item: TimelineItem) -> str:
    """The item in the JSON contract, serialised as the REST API sends it (compact)."""
    return json.dumps(item_to_json(item), ensure_ascii=False, separators=(",", ":"))


def item_from_record(data: dict[str, Any]) -> TimelineItem:
    """Inverse of ``io.codec.to_json`` for a timeline item, written out field by field: the
    generic decoder walks type hints and costs about 2 ms an item, this a few microseconds."""

    def when(value: Any) -> When | None:
        return when_from_json(value) if value else None

    def at(value: str) -> datetime:
        return datetime.fromisoformat(value)

    return TimelineItem(
        id=data["id"],
        kind=data["kind"],
        type=data["type"],
        summary=data["summary"],
        sentence=data["sentence"],
        when=when(data["when"]),
        entities=tuple(data["entities"]),
        sources=tuple(data["sources"]),
        provenance=Provenance(**data["provenance"]),
        published_at=at(data["published_at"]),
        recorded_at=at(data["recorded_at"]),
        payload=data["payload"],
        outlets=tuple(
            Outlet(**{**o, "published_at": at(o["published_at"])}) for o in data["outlets"]
        ),
        mentions=tuple(
            ItemMention(
                id=m["id"],
                provenance=Provenance(**m["provenance"]),
                published_at=at(m["published_at"]),
                sources=tuple(m["sources"]),
                when=when(m["when"]),
            )
            for m in data["mentions"]
        ),
        disagreements=tuple(
            Disagreement(
                attribute=d["attribute"],
                values=tuple((str(v), tuple(ids), tuple(src)) for v, ids, src in d["values"]),
            )
            for d in data["disagreements"]
        ),
    )


def _plain(value: Any) -> Any:
    """``io.codec.to_json`` of JSON-ready data (an item's payload), without its dataclass
    checks on every string and number."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value
    if kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    return to_json(value)


def _at(value: datetime) -> str:
    return value.isoformat()


def record_of(item: TimelineItem) -> dict[str, Any]:
    """``io.codec.to_json(item)`` written out field by field, as ``item_from_record`` reads
    it back: the generic encoder walks every field and payload value with dataclass checks
    and was most of the time a timeline took to materialise."""
    when = item.when
    return {
        "id": item.id,
        "kind": item.kind,
        "type": item.type,
        "summary": item.summary,
        "sentence": item.sentence,
        "when": None if when is None else when.to_json(),
        "entities": list(item.entities),
        "sources": list(item.sources),
        "provenance": _provenance(item.provenance),
        "published_at": _at(item.published_at),
        "recorded_at": _at(item.recorded_at),
        "payload": _plain(item.payload),
        "outlets": [
            {
                "article_id": o.article_id,
                "published_at": _at(o.published_at),
                "title": o.title,
                "url": o.url,
                "publisher": o.publisher,
                "origin": o.origin,
                "copy_of": o.copy_of,
                "jaccard": o.jaccard,
            }
            for o in item.outlets
        ],
        "mentions": [
            {
                "id": m.id,
                "provenance": _provenance(m.provenance),
                "published_at": _at(m.published_at),
                "sources": list(m.sources),
                "when": None if m.when is None else m.when.to_json(),
            }
            for m in item.mentions
        ],
        "disagreements": [
            {
                "attribute": d.attribute,
                "values": [[v, list(ids), list(src)] for v, ids, src in d.values],
            }
            for d in item.disagreements
        ],
    }


def _provenance(p: Provenance) -> dict[str, Any]:
    return {
        "article_id": p.article_id,
        "sentence_index": p.sentence_index,
        "char_start": p.char_start,
        "char_end": p.char_end,
    }


@dataclass(frozen=True, slots=True)
class _Filters:
    start: date | None
    end: date | None
    as_of: date | None
    kinds: frozenset[str] | None

    @property
    def none(self) -> bool:
        return self.start is None and self.end is None and self.as_of is None and not self.kinds


@dataclass(frozen=True, slots=True)
class _Page:
    """A page as (item, contract text) pairs, split like ``Timeline``, and the total."""

    dated: list[tuple[TimelineItem | None, str]]
    undated: list[tuple[TimelineItem | None, str]]
    total: int


class TimelineCache:
    """Materialised timelines of one store's SQL database."""

    def __init__(self, store: Store, reader: Engine, writer: Engine) -> None:
        self.store, self.reader, self.writer = store, reader, writer
        #: how the last build went: ``whole``, ``in place`` (only added items), or None
        self.last_build: str | None = None

    @classmethod
    def of(cls, store: Store) -> TimelineCache | None:
        """The cache of a store backed by SQLAlchemy with the cache tables; else ``None``.

        Backends keep their engine private; a store without one (a test double) is answered
        by the query-time path instead.
        """
        reader = getattr(store, "_engine", None)
        writer = getattr(store, "_writer", reader)
        if not isinstance(reader, Engine) or not isinstance(writer, Engine):
            return None
        return cls(store, reader, writer)

    # --- reading ------------------------------------------------------------------------
    def timeline(
        self,
        info: EntityInfo,
        *,
        start: date | None = None,
        end: date | None = None,
        as_of: date | None = None,
        kinds: frozenset[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Timeline | None:
        """Like ``query.timeline.entity_timeline`` without ``known_on``; ``None`` when the
        entity's timeline kept changing while we read it (the caller computes it then)."""
        found = self._page(info, _Filters(start, end, as_of, kinds), limit, offset, items=True)
        if found is None:
            return None
        return Timeline(
            entity=info,
            items=tuple(i for i, _ in found.dated if i is not None),
            undated=tuple(i for i, _ in found.undated if i is not None),
            total=found.total,
        )

    def contract(
        self,
        info: EntityInfo,
        *,
        start: date | None = None,
        end: date | None = None,
        as_of: date | None = None,
        kinds: frozenset[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[str, int] | None:
        """(JSON text of the page in the timeline contract, total items): what
        ``json.dumps(timeline_to_json(...))`` gives, without building the items; ``None``
        as for ``timeline``."""
        found = self._page(info, _Filters(start, end, as_of, kinds), limit, offset, items=False)
        if found is None:
            return None
        texts = [t for _, t in (*found.dated, *found.undated)]
        return "[" + ",".join(texts) + "]", found.total

    def _page(
        self, info: EntityInfo, filters: _Filters, limit: int | None, offset: int, *, items: bool
    ) -> _Page | None:
        for attempt in range(4):  # a save between the check and the read: look again
            if attempt:
                self.ensure(info.id)
            with self.reader.connect() as conn:
                version = _current(conn, info.id)
                if version is None:
                    continue
                found = _read_filtered(
                    conn, info.id, filters, limit, offset, items=items, size=version[1]
                )
                if conn.dialect.name == "sqlite" or _current(conn, info.id) == version:
                    return found  # (one SQLite read transaction is one snapshot)
        return None  # saves touching the entity all the time: not from the cache

    # --- building -----------------------------------------------------------------------
    def is_current(self, entity_id: int) -> bool:
        with self.reader.connect() as conn:
            return _current(conn, entity_id) is not None

    def ensure(self, entity_id: int) -> bool:
        """Build the entity's timeline unless it is current; whether it was (re)built.

        A database that cannot be written (read-only file, no rights) builds nothing: the
        timeline is then computed at query time, as before materialisation.
        """
        if self.is_current(entity_id):
            return False
        with _lock_for(self.reader, entity_id):
            if self.is_current(entity_id):  # another thread built it meanwhile
                return False
            try:
                self._build(entity_id)
            except SQLAlchemyError:
                return False
            return True

    def _build(self, entity_id: int) -> None:
        """Bring the entity's timeline up to date: in place when only items were added
        since it was built (``query.timeline_update``), else whole."""
        st, tp = s.timeline_state, s.timeline_pending
        with self.writer.begin() as conn:  # a state row first, so triggers start counting
            conn.execute(_insert_ignore(conn, st, {"entity_id": entity_id, "version": 0}))
        with self.reader.connect() as conn:
            state = conn.execute(
                select(st.c.version, st.c.built_version).where(st.c.entity_id == entity_id)
            ).one()
            pending = conn.execute(
                select(tp.c.item_id, tp.c.bumps).where(tp.c.entity_id == entity_id)
            ).all()
            version = state.version
            change = None
            # the version moved by exactly the bumps of added items: nothing else changed
            if (
                pending
                and state.built_version is not None
                and version - state.built_version == sum(p.bumps for p in pending)
            ):
                change = plan_update(conn, entity_id, [p.item_id for p in pending], make_row=_row)
        rows = self._whole(entity_id) if change is None else []
        with self.writer.begin() as conn:
            stmt = select(st.c.version).where(st.c.entity_id == entity_id)
            if conn.dialect.name == "postgresql":
                stmt = stmt.with_for_update()
            if conn.scalar(stmt) != version:
                return  # changed while we computed: the next query builds again
            if change is not None:
                apply_update(conn, entity_id, change)
                size = change.size
            else:
                conn.execute(
                    delete(s.timeline_cache).where(s.timeline_cache.c.entity_id == entity_id)
                )
                for start in range(0, len(rows), _CHUNK):
                    conn.execute(insert(s.timeline_cache), rows[start : start + _CHUNK])
                size = len(rows)
            conn.execute(delete(tp).where(tp.c.entity_id == entity_id))
            conn.execute(
                sql_update(st)
                .where(st.c.entity_id == entity_id)
                .values(built_version=version, items=size)
            )
        self.last_build = "whole" if change is None else "in place"

    def _whole(self, entity_id: int) -> list[dict[str, Any]]:
        """Every row of the entity's timeline, computed from its items."""
        items = combined(self.store.timeline_items(entity_id), None)
        dated, undated = split_dated(items)
        dated.sort(key=dated_key)
        undated.sort(key=undated_key)
        rank = {id(i): n for n, i in enumerate(dated)} | {id(i): n for n, i in enumerate(undated)}
        whole = [(1, i) for i in stated_order(dated)] + [(0, i) for i in undated]
        return [
            _row(entity_id, position, dated_, rank[id(item)], item)
            for position, (dated_, item) in enumerate(whole)
        ]


def _read_filtered(
    conn: Connection,
    entity_id: int,
    filters: _Filters,
    limit: int | None,
    offset: int,
    *,
    items: bool,
    size: int | None = None,
) -> _Page:
    """A page of the cached timeline under ``filters``, counted and cut in SQL."""
    c = s.timeline_cache.c
    columns = [c.record, c.contract] if items else [c.contract]
    mine = c.entity_id == entity_id
    if filters.none:
        total = (
            size if size is not None else int(conn.scalar(select(func.count()).where(mine)) or 0)
        )
        stmt = select(c.dated, *columns).where(mine).order_by(c.position)
        rows = conn.execute(_cut(stmt, limit, offset)).all()
        return _Page(
            [_pair(r, items) for r in rows if r.dated],
            [_pair(r, items) for r in rows if not r.dated],
            total,
        )
    if (
        filters.as_of is not None
        and filters.start is None
        and filters.end is None
        and not filters.kinds
    ):
        return _read_as_of(conn, entity_id, filters.as_of, limit, offset, items=items)
    dated_where = and_(mine, c.dated == 1, *_dated_conditions(filters))
    undated_where = and_(mine, c.dated == 0, *_undated_conditions(filters))
    # one pass over the entity's index entries: how many of each, and any stated order
    counts = conn.execute(
        select(
            func.sum(case((dated_where, 1), else_=0)),
            func.sum(case((undated_where, 1), else_=0)),
            func.max(case((dated_where, c.ordering), else_=0)),
        ).where(mine)
    ).one()
    n_dated, n_undated, ordered = (int(v or 0) for v in counts)
    total = n_dated + n_undated
    stop = total if limit is None else min(total, offset + limit)
    dated: list[tuple[TimelineItem | None, str]] = []
    if offset < n_dated:
        if ordered:  # an item states an order: settle it as over every filtered item
            ranks = _stated_ranks(conn, entity_id, dated_where)[offset:stop]
            dated = _by_ranks(conn, entity_id, ranks, items=items)
        else:
            stmt = select(*columns).where(dated_where).order_by(c.rank)
            rows = conn.execute(_cut(stmt, stop - offset, offset)).all()
            dated = [_pair(r, items) for r in rows]
    undated = _undated_page(conn, undated_where, n_dated, offset, stop, items=items)
    return _Page(dated, undated, total)


def _by_ranks(
    conn: Connection, entity_id: int, ranks: list[int], *, items: bool
) -> list[tuple[TimelineItem | None, str]]:
    """The dated rows of ``ranks``, in that order, looked up in chunks: a page with no
    limit may hold more ranks than the database takes parameters in one statement."""
    c = s.timeline_cache.c
    columns = [c.record, c.contract] if items else [c.contract]
    by_rank: dict[int, tuple[TimelineItem | None, str]] = {}
    for at in range(0, len(ranks), _CHUNK):
        part = ranks[at : at + _CHUNK]
        stmt = select(c.rank, *columns).where(
            c.entity_id == entity_id, c.dated == 1, c.rank.in_(part)
        )
        by_rank |= {r.rank: _pair(r, items) for r in conn.execute(stmt)}
    return [by_rank[n] for n in ranks]


def _undated_page(
    conn: Connection,
    where: ColumnElement[bool],
    n_dated: int,
    offset: int,
    stop: int,
    *,
    items: bool,
) -> list[tuple[TimelineItem | None, str]]:
    """The undated rows of a page that starts at ``offset`` and ends before ``stop``
    (positions counted over the dated rows first, as ``Timeline`` lists them)."""
    if stop <= n_dated:
        return []
    c = s.timeline_cache.c
    columns = [c.record, c.contract] if items else [c.contract]
    first = max(0, offset - n_dated)
    stmt = select(*columns).where(where).order_by(c.rank)
    return [_pair(r, items) for r in conn.execute(_cut(stmt, stop - n_dated - first, first))]


def _ordering_targets(
    conn: Connection,
    entity_id: int,
    anchored: Sequence[Any],
    *,
    kept: ColumnElement[Any],
    keep: Callable[[Any], bool],
) -> dict[int, _Light]:
    """The items that ``anchored`` rows name as the targets of a stated order, by rank,
    where ``keep`` (given each found row, with ``kept`` as its column ``kept``) says so.

    Found by id (the (entity_id, item_id) index) and filtered on what is found: with the
    filters in WHERE, SQLite took another index and read every dated row of the entity.
    """
    c = s.timeline_cache.c
    wanted = sorted(
        {
            f"{row.item_id.split(':', 1)[0]}:{target}"
            for row in anchored
            for _relation, target in (row.anchors or {}).get("ordering") or ()
        }
    )
    light = (c.rank, c.item_id, c.start_date, c.end_date, c.anchors, c.kind)
    out: dict[int, _Light] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found = conn.execute(
            select(*light, kept.label("kept")).where(c.entity_id == entity_id, c.item_id.in_(chunk))
        )
        out |= {row.rank: _Light.of(row) for row in found if keep(row)}
    return out


def _read_as_of(
    conn: Connection, entity_id: int, day: date, limit: int | None, offset: int, *, items: bool
) -> _Page:
    """A page of the items an as-of query keeps, reading index entries for the facts, the
    anchored rows and the page, not for every row (``store.timeline_indexes``).

    Dated rows rank in order of their first day, so the events and quotes begun by ``day``
    are the ranks before ``begun``; facts are kept where they hold on ``day``, wherever they
    rank. Stated orders are settled over those items with each run of uninvolved ones as
    one element (``collapsed_order``), the runs held as ranges of ranks.
    """
    c = s.timeline_cache.c
    mine = c.entity_id == entity_id
    first_day = func.coalesce(c.start_date, c.end_date)
    last = conn.scalar(
        select(c.rank)
        .where(mine, c.dated == 1, first_day <= day)
        .order_by(first_day.desc(), c.rank.desc())
        .limit(1)
    )
    begun = 0 if last is None else int(last) + 1
    facts = conn.execute(
        select(c.rank, c.start_date, c.end_date).where(mine, c.kind == "fact", c.dated == 1)
    ).all()
    held = {f.rank for f in facts if interval_holds(f.start_date, f.end_date, day)}
    dropped = sorted(f.rank for f in facts if f.rank < begun and f.rank not in held)
    spans: list[range] = []
    low = 0
    for rank in dropped:
        if rank > low:
            spans.append(range(low, rank))
        low = rank + 1
    if begun > low:
        spans.append(range(low, begun))
    spans += [range(r, r + 1) for r in sorted(r for r in held if r >= begun)]
    n_dated = sum(len(span) for span in spans)

    def kept(rank: int, kind: str) -> bool:
        return rank in held if kind == "fact" else rank < begun

    light = (c.rank, c.item_id, c.start_date, c.end_date, c.anchors, c.kind)
    anchored_rows = select(*light).where(mine, c.dated == 1, c.anchored == 1)
    rows = list(conn.execute(anchored_rows.where(c.rank < begun)))
    late = sorted(rank for rank in held if rank >= begun)
    for at in range(0, len(late), _CHUNK):  # bounded binds: an entity may hold many facts
        rows += conn.execute(anchored_rows.where(c.rank.in_(late[at : at + _CHUNK])))
    anchored = [row for row in rows if kept(row.rank, row.kind)]
    involved = _ordering_targets(
        conn,
        entity_id,
        anchored,
        kept=c.dated,
        keep=lambda target: bool(target.kept) and kept(target.rank, target.kind),
    ) | {row.rank: _Light.of(row) for row in anchored}
    undated_where = and_(mine, c.dated == 0, c.published_day <= day)
    n_undated = int(conn.scalar(select(func.count()).where(undated_where)) or 0)
    total = n_dated + n_undated
    stop = total if limit is None else min(total, offset + limit)
    dated: list[tuple[TimelineItem | None, str]] = []
    if offset < n_dated:
        if any(element.payload.get("ordering") for element in involved.values()):
            order: Iterator[int] = _ordered_spans(_elements(spans, involved), n_dated)
        else:
            order = chain.from_iterable(spans)
        dated = _by_ranks(conn, entity_id, list(islice(order, offset, stop)), items=items)
    undated = _undated_page(conn, undated_where, n_dated, offset, stop, items=items)
    return _Page(dated, undated, total)


@dataclass(frozen=True, slots=True, eq=False)
class _Mention:
    id: str


@dataclass(frozen=True, slots=True, eq=False)
class _Light:
    """What ``stated_order`` reads of a cached item, without decoding the item; or a run
    of items no stated order involves (``ranks`` holds them all as ranges of ranks, ``id``
    matches nothing)."""

    ranks: tuple[range, ...]
    id: str
    when: When | None
    payload: dict[str, Any]
    mentions: tuple[_Mention, ...]

    @classmethod
    def of(cls, row: Any) -> _Light:
        when = When(None, row.start_date, row.end_date, Precision.UNKNOWN)
        return light_item(row.rank, row.item_id, when, row.anchors)

    @classmethod
    def run(cls, ranks: tuple[range, ...]) -> _Light:
        return cls(ranks=ranks, id=f"\x00{ranks[0].start}", when=None, payload={}, mentions=())


def light_item(rank: int, item_id: str, when: When, anchors: dict[str, Any] | None) -> _Light:
    """What ``stated_order`` reads of a stored item: its day range and ``anchors``."""
    ordering = (anchors or {}).get("ordering")
    return _Light(
        ranks=(range(rank, rank + 1),),
        id=item_id,
        when=when,
        payload={"ordering": ordering} if ordering else {},
        mentions=tuple(_Mention(m) for m in (anchors or {}).get("mentions", ())),
    )


def _stated_ranks(conn: Connection, entity_id: int, where: ColumnElement[bool]) -> list[int]:
    """Ranks of the filtered dated items in ``stated_order``, without reading them all.

    Only items that state an order (and items holding their targets) can move or be moved
    past; ``stated_order`` never changes the order of the others, and it inserts a moved
    item right before or after its target, so a run of uninvolved items between two
    involved ones stays whole. Ordering the involved items with each run as one element
    gives the order ``stated_order`` gives over every item.
    """
    c = s.timeline_cache.c
    light = (c.rank, c.item_id, c.start_date, c.end_date, c.anchors)
    anchored = conn.execute(select(*light).where(where, c.anchored == 1)).all()
    kept = case((where, 1), else_=0)
    involved = _ordering_targets(
        conn, entity_id, anchored, kept=kept, keep=lambda target: bool(target.kept)
    ) | {row.rank: _Light.of(row) for row in anchored}
    ranks = list(conn.scalars(select(c.rank).where(where).order_by(c.rank)).all())
    return collapsed_order(ranks, involved)


def _split_run(element: Any) -> tuple[Any, Any] | None:
    """A run of several items as (its first item, the rest); ``None`` for anything else."""
    if not isinstance(element, _Light) or not element.id.startswith("\x00"):
        return None
    first, *others = element.ranks
    if len(first) + sum(len(r) for r in others) < 2:
        return None
    head = range(first.start, first.start + 1)
    rest = (range(first.start + 1, first.stop), *others) if len(first) > 1 else tuple(others)
    return _Light.run((head,)), _Light.run(rest)


def _spans(ranks: list[int]) -> list[range]:
    """Ranks in order as ranges of consecutive ranks."""
    out: list[range] = []
    for rank in ranks:
        if out and out[-1].stop == rank:
            out[-1] = range(out[-1].start, rank + 1)
        else:
            out.append(range(rank, rank + 1))
    return out


def _elements(spans: Sequence[range], involved: dict[int, Any]) -> list[Any]:
    """The items of ``spans`` (ranks in order) as ``stated_order`` elements: each involved
    item alone, each run of the others between two of them as one element."""
    elements: list[Any] = []
    run: list[range] = []
    cuts = sorted(involved)
    at = 0
    for span in spans:
        low = span.start
        while at < len(cuts) and cuts[at] < span.stop:
            rank = cuts[at]
            at += 1
            if rank < low:
                continue  # not among the filtered items
            if rank > low:
                run.append(range(low, rank))
            if run:
                elements.append(_Light.run(tuple(run)))
                run = []
            elements.append(involved[rank])
            low = rank + 1
        if low < span.stop:
            run.append(range(low, span.stop))
    if run:
        elements.append(_Light.run(tuple(run)))
    return elements


def _ordered_spans(elements: list[Any], passes: int) -> Iterator[int]:
    """The ranks of ``elements`` in stated order (lazily: a page reads only its own)."""
    ordered = stated_order(elements, passes=passes, split=_split_run)
    return chain.from_iterable(part for element in ordered for part in element.ranks)


def collapsed_order(ranks: list[int], involved: dict[int, Any]) -> list[int]:
    """``ranks`` (in rank order) as ``stated_order`` orders them, given the items that
    state an order or hold a target (``involved``, by rank); runs of the others are kept
    whole as one element each."""
    return list(_ordered_spans(_elements(_spans(ranks), involved), len(ranks)))


def _row(
    entity_id: int, position: int, dated: int, rank: int, item: TimelineItem
) -> dict[str, Any]:
    when = item.when
    return {
        "entity_id": entity_id,
        "position": position,
        "dated": dated,
        "rank": rank,
        "kind": item.kind,
        "start_date": when.start if when else None,
        "end_date": when.end if when else None,
        "published_day": item.published_at.date(),
        "ordering": 1 if item.payload.get("ordering") else 0,
        "item_id": item.id,
        "anchors": (
            {
                "mentions": [m.id for m in item.mentions],
                "ordering": item.payload.get("ordering") or [],
            }
            if item.mentions or item.payload.get("ordering")
            else None
        ),
        "anchored": 1 if item.mentions or item.payload.get("ordering") else 0,
        "block": block_of(item),
        "sort_key": json.dumps(sort_key_of(item, dated=bool(dated)), ensure_ascii=False),
        "record": record_of(item),
        "contract": contract_text(item),
    }


def _current(conn: Connection, entity_id: int) -> tuple[int, int | None] | None:
    """(state version, items stored) when the entity's cache is current, else ``None``."""
    st = s.timeline_state.c
    row = conn.execute(
        select(st.version, st.built_version, st["items"]).where(st.entity_id == entity_id)
    ).first()
    if row is None or row.built_version is None or row.built_version != row.version:
        return None
    return int(row.version), (None if row.items is None else int(row.items))


def _insert_ignore(conn: Connection, table: Any, values: dict[str, Any]) -> Any:
    if conn.dialect.name == "postgresql":
        return pg_insert(table).values(values).on_conflict_do_nothing()
    return sqlite_insert(table).values(values).on_conflict_do_nothing()


def _cut(stmt: Any, limit: int | None, offset: int) -> Any:
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt.offset(offset) if offset else stmt


def _pair(row: Any, items: bool) -> tuple[TimelineItem | None, str]:
    return (item_from_record(row.record) if items else None), row.contract


def _dated_conditions(f: _Filters) -> Sequence[ColumnElement[bool]]:
    """``_overlaps``, ``kinds`` and ``_holds_on`` of ``query.timeline`` in SQL."""
    c = s.timeline_cache.c
    out: list[ColumnElement[bool]] = []
    if f.kinds:
        out.append(c.kind.in_(sorted(f.kinds)))
    if f.end is not None:
        out.append(or_(c.start_date.is_(None), c.start_date <= f.end))
    if f.start is not None:
        out.append(or_(c.end_date.is_(None), c.end_date >= f.start))
    if f.as_of is not None:
        day = f.as_of
        holds = and_(
            or_(c.start_date.is_(None), c.start_date <= day),
            or_(c.end_date.is_(None), c.end_date >= day),
        )
        begun = func.coalesce(c.start_date, c.end_date) <= day
        out.append(or_(and_(c.kind == "fact", holds), and_(c.kind != "fact", begun)))
    return out


def _undated_conditions(f: _Filters) -> Sequence[ColumnElement[bool]]:
    c = s.timeline_cache.c
    out: list[ColumnElement[bool]] = []
    if f.kinds:
        out.append(c.kind.in_(sorted(f.kinds)))
    if f.as_of is not None:
        out.append(c.published_day <= f.as_of)
    return out
