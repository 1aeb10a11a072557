"""Named schema migrations, recorded in ``schema_migrations(name, applied_at)``.

A migration is applied once, in the transaction that records it, so a crash leaves either
the old schema or the new one. Names sort in application order (``0001_initial``,
``0002_...``); a migration is never edited once released, a new one is added instead.

Steps here are backend-neutral (they use ``dateline.store.schema``). A backend passes its
own extra steps by migration name (its ``migration_steps``: SQLite adds the FTS5 table to
``0001_initial``, PostgreSQL the tsvector table and its GIN index); they run in the same
transaction, right after the shared step. To add a migration: append it to ``MIGRATIONS``
(name prefixed by its topic), put tables in ``schema.py`` with ``info={"migration": name}``,
and add a backend's own steps (an index type only it has) to that backend's
``migration_steps`` under the same name. Both backends' tests run every migration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, inspect, select

from dateline.store import schema

__all__ = ["MIGRATIONS", "Migration", "applied_names", "apply_migrations", "pending_migrations"]

Step = Callable[[Connection], None]


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    apply: Step


_ENTITY_DECISIONS = "0003_events_entity_decisions"


def _initial(conn: Connection) -> None:
    """Every core table and index as of the first release (not those of later migrations)."""
    tables = [
        t
        for t in schema.metadata.sorted_tables
        if t is not schema.schema_migrations and "migration" not in t.info
    ]
    schema.metadata.create_all(conn, tables=tables)


def _tables_of(name: str) -> Step:
    """A migration step creating the tables whose ``info`` names this migration."""

    def step(conn: Connection) -> None:
        tables = [t for t in schema.metadata.sorted_tables if t.info.get("migration") == name]
        schema.metadata.create_all(conn, tables=tables)

    return step


def _entity_decisions(conn: Connection) -> None:
    """Label votes per entity (seeded from the stored labels) and manual entity decisions."""
    _tables_of(_ENTITY_DECISIONS)(conn)
    e, m = schema.entities, schema.mentions
    counts = select(m.c.entity_id, func.count().label("n")).group_by(m.c.entity_id).subquery()
    rows = conn.execute(
        select(e.c.id, e.c.label, func.coalesce(counts.c.n, 0)).outerjoin(
            counts, counts.c.entity_id == e.c.id
        )
    ).all()
    if rows:
        conn.execute(
            insert(schema.entity_labels),
            [{"entity_id": r[0], "label": r[1], "mentions": int(r[2])} for r in rows],
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    # near-duplicate signatures and syndicated copies (dateline.dedupe)
    Migration("0002_inputs_near_duplicates", _tables_of("0002_inputs_near_duplicates")),
    # label votes per entity and manual merge/split decisions (dateline entities ...)
    Migration(_ENTITY_DECISIONS, _entity_decisions),
)


def _ensure_ledger(conn: Connection) -> None:
    schema.schema_migrations.create(conn, checkfirst=True)


def applied_names(conn: Connection) -> set[str]:
    """Names already recorded; an empty set for a database without the ledger table."""
    if not inspect(conn).has_table(schema.schema_migrations.name):
        return set()
    return set(conn.scalars(select(schema.schema_migrations.c.name)))


def pending_migrations(
    conn: Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> list[Migration]:
    """Migrations not yet recorded, in order. Read-only, so cheap to call on every open."""
    done = applied_names(conn)
    return [m for m in migrations if m.name not in done]


def apply_migrations(
    conn: Connection,
    *,
    extra_steps: Mapping[str, Sequence[Step]] | None = None,
    migrations: Sequence[Migration] = MIGRATIONS,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[str]:
    """Apply and record pending migrations inside the caller's (write) transaction.

    The caller holds the write lock, so a second process migrating at the same time waits
    and then finds nothing pending.
    """
    unknown = set(extra_steps or {}) - {m.name for m in migrations}
    if unknown:
        raise ValueError(f"extra steps for unknown migrations: {sorted(unknown)}")
    _ensure_ledger(conn)
    applied: list[str] = []
    for migration in pending_migrations(conn, migrations):
        migration.apply(conn)
        for step in (extra_steps or {}).get(migration.name, ()):
            step(conn)
        conn.execute(insert(schema.schema_migrations).values(name=migration.name, applied_at=now()))
        applied.append(migration.name)
    return applied
