"""The bulk path of ``scale_store.py``: replica ``r`` written as rows copied from replica 1.

Saving through ``Store.save_extraction`` costs 10-150 ms per article (resolution, JSON,
SQLAlchemy), hours for a million items on two shared cores. Every replica after the first
is the same extraction with other tags and dates, and resolves the same way: its names are
its own (every token carries the replica's tag), except the kept entity's, which are
shared. So the rows ``save_extraction`` writes for replica ``r`` are the rows it wrote for
replica 1 with

- the tag ``zzaab`` replaced by replica ``r``'s and article ids ``...-r1`` by ``...-rR``;
- every date ``r - 1`` years later (publication times, TIMEX3 values, day ranges);
- the recording time of this run (``recorded_at``, ``first_seen``, facts' ``recorded_at``);
- the replica line of the text and the content hash that follows from it;
- new surrogate ids (entities, mentions) in the same order;
- for the entities shared across replicas (the kept one), their label votes raised by what
  one replica adds (measured between replica 1 and replica 2 of the save path).

``verify`` checks the claim: replica 2 written by this path into a copy of the database as
it was after replica 1 must equal replica 2 written by ``save_extraction``, table by table,
apart from surrogate ids and recording times (also inside ``entity_decisions.detail``, the
undo record of an automatic join, which keeps replica 1's ids).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from scale_store import _shift_text, _tag
from sqlalchemy import Connection, Engine, func, insert, select, text, update

from dateline.model import content_hash
from dateline.store import schema as s

_ARTICLE_ID = re.compile(r"\b(reuters-\d+)-r1\b")
_DATE_KEYS = frozenset(
    {"value", "start", "end", "start_value", "end_value", "published_at", "published_utc"}
)
_NOW_KEYS = frozenset({"recorded_at", "first_seen", "decided_at"})


class Transform:
    """Replica 1's values as replica ``r``'s."""

    def __init__(self, replica: int, recorded: datetime) -> None:
        self.years = replica - 1
        self.tag1, self.tag = _tag(1), _tag(replica)
        self.suffix = f"-r{replica}"
        self.marker1, self.marker = "\n\nReplica 1.", f"\n\nReplica {replica}."
        self.recorded = recorded

    def shift_date(self, day: date) -> date:
        try:
            return day.replace(year=day.year + self.years)
        except ValueError:  # 29 February in a year without one
            return day.replace(year=day.year + self.years, day=28)

    def string(self, value: str, key: str) -> str:
        if key in _NOW_KEYS:
            return self.recorded.isoformat()
        if key in _DATE_KEYS:
            return _shift_text(value, self.years)
        if value.endswith(self.marker1):
            value = value[: -len(self.marker1)] + self.marker
        if self.tag1 in value:
            value = value.replace(self.tag1, self.tag)
        if "-r1" in value:
            value = _ARTICLE_ID.sub(lambda m: m[1] + self.suffix, value)
        return value

    def value(self, value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return self.string(value, key)
        if isinstance(value, datetime):
            if key in _NOW_KEYS:
                return self.recorded
            try:
                return value.replace(year=value.year + self.years)
            except ValueError:
                return value.replace(year=value.year + self.years, day=28)
        if isinstance(value, date):
            return self.shift_date(value)
        if isinstance(value, dict):
            return {k: self.value(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v, key) for v in value]
        return value


def _rows(conn: Connection, stmt: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(stmt)]


class ReplicaOne:
    """Replica 1's rows, read once."""

    def __init__(self, conn: Connection) -> None:
        a, e, m, i = s.articles, s.entities, s.mentions, s.items
        self.articles = _rows(conn, select(a).where(a.c.id.like("%-r1")).order_by(a.c.id))
        ids = [r["id"] for r in self.articles]
        self.mentions = _rows(conn, select(m).where(m.c.article_id.in_(ids)).order_by(m.c.id))
        tag = f"%{_tag(1)}%"
        self.entities = _rows(conn, select(e).where(e.c.name_norm.like(tag)).order_by(e.c.id))
        own = [r["id"] for r in self.entities]
        self.aliases = _rows(
            conn, select(s.entity_aliases).where(s.entity_aliases.c.entity_id.in_(own))
        )
        self.labels = _rows(
            conn, select(s.entity_labels).where(s.entity_labels.c.entity_id.in_(own))
        )
        self.items = _rows(conn, select(i).where(i.c.article_id.in_(ids)).order_by(i.c.id))
        item_ids = select(i.c.id).where(i.c.article_id.in_(ids))
        self.links = _rows(
            conn, select(s.item_entities).where(s.item_entities.c.item_id.in_(item_ids))
        )
        d = s.entity_decisions
        self.decisions = _rows(conn, select(d).where(d.c.name_norm.like(tag)).order_by(d.c.id))
        self.own = set(own)


def labels_of(conn: Connection) -> dict[tuple[int, str], int]:
    """Every entity's label votes."""
    el = s.entity_labels
    return {(r.entity_id, r.label): r.mentions for r in conn.execute(select(el))}


def shared_votes(old: dict[tuple[int, str], int], after: Connection) -> dict[tuple[int, str], int]:
    """What one replica adds to the label votes of entities it shares with the others:
    votes after replica 2 less ``old``, the votes after replica 1."""
    el = s.entity_labels
    tag = f"%{_tag(1)}%"
    shared = select(s.entities.c.id).where(~s.entities.c.name_norm.like(tag))
    out: dict[tuple[int, str], int] = {}
    for r in after.execute(select(el).where(el.c.entity_id.in_(shared))):
        key = (r.entity_id, r.label)
        if key in old and r.mentions != old[key]:
            out[key] = r.mentions - old[key]
    return out


def write_replica(
    conn: Connection,
    one: ReplicaOne,
    replica: int,
    *,
    recorded: datetime,
    votes: dict[tuple[int, str], int],
    fts: Callable[[Connection, list[dict[str, Any]]], None],
) -> int:
    """Insert replica ``replica``; returns the number of items written."""
    t = Transform(replica, recorded)
    articles = []
    for row in one.articles:
        new = t.value(row)
        new["content_hash"] = content_hash(new["text"])
        new["extraction"]["article"]["content_hash"] = new["content_hash"]
        articles.append(new)
    conn.execute(insert(s.articles), articles)
    fts(conn, articles)
    e = s.entities
    entities = [{k: t.value(v, k) for k, v in r.items() if k != "id"} for r in one.entities]
    if entities:
        conn.execute(insert(e), entities)
    norms = [r["name_norm"] for r in entities]
    new_id: dict[int, int] = {}
    by_norm = {}
    for start in range(0, len(norms), 500):
        chunk = norms[start : start + 500]
        by_norm.update(
            dict(conn.execute(select(e.c.name_norm, e.c.id).where(e.c.name_norm.in_(chunk))).all())
        )
    for old, new in zip(one.entities, entities, strict=True):
        new_id[old["id"]] = by_norm[new["name_norm"]]

    def entity(old: int) -> int:
        return new_id.get(old, old)  # shared entities keep their id

    for table, rows in ((s.entity_aliases, one.aliases), (s.entity_labels, one.labels)):
        out = [{**t.value(r), "entity_id": entity(r["entity_id"])} for r in rows]
        if out:
            conn.execute(insert(table), out)
    mentions = [
        {
            **{k: t.value(v, k) for k, v in r.items() if k != "id"},
            "entity_id": entity(r["entity_id"]),
        }
        for r in one.mentions
    ]
    if mentions:
        conn.execute(insert(s.mentions), mentions)
    conn.execute(insert(s.items), [t.value(r) for r in one.items])
    links = [{**t.value(r), "entity_id": entity(r["entity_id"])} for r in one.links]
    conn.execute(insert(s.item_entities), links)
    decisions = [{k: t.value(v, k) for k, v in r.items() if k != "id"} for r in one.decisions]
    if decisions:
        conn.execute(insert(s.entity_decisions), decisions)
    el = s.entity_labels
    for (entity_id, label), n in votes.items():
        conn.execute(
            update(el)
            .where(el.c.entity_id == entity_id, el.c.label == label)
            .values(mentions=el.c.mentions + n)
        )
    return len(one.items)


def _published(article: dict[str, Any]) -> datetime:
    """An article row's publication time (a string in some rows)."""
    published = article["published_at"]
    return datetime.fromisoformat(published) if isinstance(published, str) else published


def postgres_fts(conn: Connection, articles: list[dict[str, Any]]) -> None:
    """The rows ``PostgresStore`` writes to ``articles_fts`` (weighted tsvector)."""
    from dateline.store.postgres import FTS_INSERT, fts_row

    conn.execute(
        FTS_INSERT,
        [
            fts_row(
                article_id=a["id"], title=a["title"], text=a["text"], published_at=_published(a)
            )
            for a in articles
        ],
    )


def sqlite_fts(conn: Connection, articles: list[dict[str, Any]]) -> None:
    """The rows ``SQLiteStore`` writes to ``articles_fts`` (the search key as rowid)."""
    from dateline.store.sqlite import index_fts

    for a in articles:
        index_fts(
            conn, article_id=a["id"], title=a["title"], text=a["text"], published_at=_published(a)
        )


# --- verification -------------------------------------------------------------------------
def replica_rows(conn: Connection, replica: int) -> dict[str, Counter[str]]:
    """Replica ``replica``'s rows per table, ids replaced by names, recording times dropped."""
    suffix = f"%-r{replica}"
    tag = f"%{_tag(replica)}%"
    e = s.entities
    names = dict(conn.execute(select(e.c.id, e.c.name_norm)).all())
    drop = {"id", "recorded_at", "first_seen", "decided_at"}

    def norm(row: dict[str, Any]) -> str:
        out = {}
        for k, v in row.items():
            if k in drop:
                continue
            if k == "entity_id":
                v = names.get(v, v)
            if k == "extraction" and isinstance(v, dict):
                v = {**v, "facts": [{**f, "recorded_at": None} for f in v.get("facts", [])]}
            if k == "detail":  # the undo record of a join names surrogate ids
                v = _without_ids(v)
            if k == "payload" and isinstance(v, dict) and "recorded_at" in v:
                v = {**v, "recorded_at": None}
            out[k] = v
        return repr(sorted(out.items(), key=lambda kv: kv[0]))

    a, m, i = s.articles, s.mentions, s.items
    ids = select(a.c.id).where(a.c.id.like(suffix))
    item_ids = select(i.c.id).where(i.c.article_id.in_(ids))
    own = select(e.c.id).where(e.c.name_norm.like(tag))
    tables = {
        "articles": select(a).where(a.c.id.like(suffix)),
        "entities": select(e).where(e.c.name_norm.like(tag)),
        "entity_aliases": select(s.entity_aliases).where(s.entity_aliases.c.entity_id.in_(own)),
        "entity_labels": select(s.entity_labels).where(s.entity_labels.c.entity_id.in_(own)),
        "mentions": select(m).where(m.c.article_id.in_(ids)),
        "items": select(i).where(i.c.article_id.in_(ids)),
        "item_entities": select(s.item_entities).where(s.item_entities.c.item_id.in_(item_ids)),
        "entity_decisions": select(s.entity_decisions).where(
            s.entity_decisions.c.name_norm.like(tag)
        ),
        "shared_labels": select(s.entity_labels).where(
            s.entity_labels.c.entity_id.in_(select(e.c.id).where(~e.c.name_norm.like("%zz___%")))
        ),
        "shared_entities": select(e).where(~e.c.name_norm.like("%zz___%")),
    }
    out = {
        name: Counter(norm(dict(r._mapping)) for r in conn.execute(stmt))
        for name, stmt in tables.items()
    }
    out["articles_fts"] = Counter(
        repr(tuple(r))
        for r in conn.execute(
            text("SELECT article_id, title, text FROM articles_fts WHERE article_id LIKE :s"),
            {"s": suffix},
        )
    )
    out["counts"] = Counter({str(conn.scalar(select(func.count()).select_from(i))): 1})
    return out


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _without_ids(v)
            for k, v in value.items()
            if k not in {"id", "entity_id", "mentions", "first_seen"}
        }
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def compare(normal: Engine, bulk: Engine, replica: int) -> list[str]:
    """Differences between replica ``replica`` as saved and as bulk-written (empty: none)."""
    with normal.connect() as a, bulk.connect() as b:
        left, right = replica_rows(a, replica), replica_rows(b, replica)
    problems = []
    for table in left:
        only_left = left[table] - right[table]
        only_right = right[table] - left[table]
        if only_left or only_right:
            sample = next(iter(only_left or only_right))[:600]
            problems.append(
                f"{table}: {sum(only_left.values())} rows only saved, "
                f"{sum(only_right.values())} only bulk-written; e.g. {sample}"
            )
    return problems


def bulk(
    db: str,
    *,
    items: int,
    checkpoints: str,
    old_labels: dict[tuple[int, str], int],
) -> dict[str, Any]:
    """Check the bulk path on replica 2, then write replicas 3.. until ``items`` are stored."""
    import shutil
    import sys
    import time
    from datetime import UTC

    from scale_store import checkpoint

    from dateline.store import open_store

    marks = sorted(int(x) for x in checkpoints.split(","))
    snapshot = f"{db}.r1"
    check = f"{db}.verify"
    problems: list[str] | None = None
    with open_store(db) as store:
        engine, writer = store._engine, store._writer
        postgres = engine.dialect.name == "postgresql"
        fts = postgres_fts if postgres else sqlite_fts
        with engine.connect() as conn:
            one = ReplicaOne(conn)
            votes = shared_votes(old_labels, conn)
        if not postgres:  # replica 2 again, by this path, into the copy made after replica 1
            shutil.copy(snapshot, check)
            with open_store(check) as other:
                with other._writer.begin() as conn:
                    write_replica(conn, one, 2, recorded=datetime.now(UTC), votes=votes, fts=fts)
                problems = compare(engine, other._engine, 2)
            for path in (check, check + "-wal", check + "-shm"):
                Path(path).unlink(missing_ok=True)
            print(f"bulk path vs save path, replica 2: {problems or 'identical'}", file=sys.stderr)
        counts = store.counts()
        stored = counts["items"]
        marks = [m for m in marks if m > stored]
        growth: list[dict[str, Any]] = []
        started = time.perf_counter()
        replica = 3
        while stored < items:
            with writer.begin() as conn:
                stored += write_replica(
                    conn, one, replica, recorded=datetime.now(UTC), votes=votes, fts=fts
                )
            replica += 1
            while marks and stored >= marks[0]:
                found = checkpoint(store, db, time.perf_counter() - started)
                growth.append({**found.__dict__, "path": "bulk"})
                marks.pop(0)
        final = store.counts()
    return {
        "verified_replica": None if problems is None else 2,
        "problems": problems,
        "replicas": replica,
        "per_replica_items": len(one.items),
        "votes": len(votes),
        "growth": growth,
        "counts": final,
    }


# --- the PostgreSQL store: the SQLite store's rows, copied -------------------------------
COPIED = (
    s.articles,
    s.entities,
    s.entity_aliases,
    s.entity_labels,
    s.entity_decisions,
    s.mentions,
    s.items,
    s.item_entities,
)


def copy_to_postgres(sqlite_path: str, url: str, *, batch: int = 2000) -> dict[str, Any]:
    """Every row of the SQLite store's tables into a new PostgreSQL store, ids included.

    ``COPY`` per table, in foreign-key order; the full-text rows are made by the SQL
    ``PostgresStore`` uses when it saves an article; sequences move past the copied ids.
    The cache triggers are off while copying (nothing is cached yet) and on again after.
    """
    import sqlite3
    import sys
    import time

    from dateline.store import open_store

    started = time.perf_counter()
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    with open_store(url) as store:
        if store.counts()["items"]:
            raise ValueError(f"{url} is not empty")
        engine = store._engine
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for table in COPIED:
            cur.execute(f"ALTER TABLE {table.name} DISABLE TRIGGER USER")
        for table in COPIED:
            names = [c.name for c in table.columns]
            columns = ", ".join(f'"{n}"' for n in names)
            rows = source.execute(f"SELECT {columns} FROM {table.name}")
            n = 0
            with cur.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    n += 1
            print(f"{table.name}: {n} rows, {time.perf_counter() - started:.0f} s", file=sys.stderr)
        raw.commit()
        for table in COPIED:
            cur.execute(f"ALTER TABLE {table.name} ENABLE TRIGGER USER")
        for table in (s.entities, s.mentions, s.entity_decisions):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table.name}))"
            )
        raw.commit()
    finally:
        raw.close()
    pending = source.execute("SELECT id, title, text, published_at FROM articles ORDER BY id")
    with engine.begin() as conn:
        while chunk := pending.fetchmany(batch):
            rows = [{"id": i, "title": t, "text": x, "published_at": p} for i, t, x, p in chunk]
            postgres_fts(conn, rows)
    source.close()
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return {"seconds": time.perf_counter() - started}


def article_rows(conn: Connection, ids: list[str]) -> dict[str, Counter[str]]:
    """The rows saving these articles wrote (entity ids as names, recording times dropped)."""
    e, a, m, i, ie = s.entities, s.articles, s.mentions, s.items, s.item_entities
    names = dict(conn.execute(select(e.c.id, e.c.name_norm)).all())
    drop = {"id", "recorded_at"}

    def norm(row: dict[str, Any]) -> str:
        out = {}
        for k, v in row.items():
            if k in drop:
                continue
            if k == "entity_id":
                v = names.get(v, v)
            if k == "extraction":
                v = {**v, "facts": [{**f, "recorded_at": None} for f in v.get("facts", [])]}
            if k == "payload" and "recorded_at" in v:
                v = {**v, "recorded_at": None}
            out[k] = v
        return repr(sorted(out.items()))

    item_ids = select(i.c.id).where(i.c.article_id.in_(ids))
    tables = {
        "articles": select(a).where(a.c.id.in_(ids)),
        "mentions": select(m).where(m.c.article_id.in_(ids)),
        "items": select(i).where(i.c.article_id.in_(ids)),
        "item_entities": select(ie).where(ie.c.item_id.in_(item_ids)),
    }
    out = {k: Counter(norm(dict(r._mapping)) for r in conn.execute(q)) for k, q in tables.items()}
    out["articles_fts"] = Counter(
        repr(tuple(r))
        for r in conn.execute(
            text(
                "SELECT article_id, CAST(document AS TEXT) FROM articles_fts "
                "WHERE article_id = ANY(:ids)"
            ),
            {"ids": ids},
        )
    )
    return out


def compare_articles(saved: Engine, copied: Engine) -> tuple[int, list[str]]:
    """Articles the save path stored in ``saved``, against the same articles in ``copied``."""
    with saved.connect() as conn:
        ids = list(conn.scalars(select(s.articles.c.id)))
        left = article_rows(conn, ids)
    with copied.connect() as conn:
        right = article_rows(conn, ids)
    problems = []
    for table in left:
        only_left, only_right = left[table] - right[table], right[table] - left[table]
        if only_left or only_right:
            sample = next(iter(only_left or only_right))[:600]
            problems.append(
                f"{table}: {sum(only_left.values())} rows only saved, "
                f"{sum(only_right.values())} only copied; e.g. {sample}"
            )
    return len(ids), problems


def later_joins(saved: Engine, copied: Engine) -> str:
    """Automatic joins in the copied store of names the saved store keeps apart: made by
    stories the saved store does not hold, they move mentions of the compared stories."""
    d = s.entity_decisions
    with saved.connect() as conn:
        apart = set(conn.scalars(select(s.entities.c.name_norm)))
    with copied.connect() as conn:
        rows = conn.execute(select(d.c.name_norm, d.c.other_norm).where(d.c.kind == "auto")).all()
    joins = [f"'{o}' into '{n}'" for n, o in rows if o in apart and n not in apart]
    if not joins:
        return ""
    return "automatic joins made by later stories, not among those compared: " + ", ".join(
        joins[:5]
    )
