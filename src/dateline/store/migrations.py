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
from dateline.store.counts import ENTITY_COUNTS, apply_entity_counts
from dateline.store.ddl import run_for_dialect
from dateline.store.search_recent import SEARCH_RECENT, no_shared_step
from dateline.store.timeline_changes import TIMELINE_INCREMENTAL, apply_timeline_incremental
from dateline.store.timeline_indexes import TIMELINE_AS_OF, apply_timeline_as_of

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


_TIMELINE_CACHE = "0004_scale_timeline_cache"

# What a stored timeline depends on, and so what makes it stale: the entity's item links
# (a saved article, a merge or split), the names of the entities sharing its items, the
# items and articles themselves, and the copies (outlets) of those articles. Each change
# bumps ``timeline_state.version`` of the entities concerned in the writer's own
# transaction; an entity without a state row has nothing cached and costs one index probe.
_STALE_ITEM = "SELECT entity_id FROM item_entities WHERE item_id = {row}.item_id"
_STALE_ARTICLE = (
    "SELECT ie.entity_id FROM items AS i JOIN item_entities AS ie ON ie.item_id = i.id "
    "WHERE i.article_id = {row}"
)
_STALE_NAME = (
    "SELECT b.entity_id FROM item_entities AS a JOIN item_entities AS b "
    "ON b.item_id = a.item_id WHERE a.entity_id = NEW.id"
)
_BUMP = "UPDATE timeline_state SET version = version + 1 WHERE entity_id IN ({who})"
_DROP = (
    "DELETE FROM timeline_cache WHERE entity_id = OLD.id",
    "DELETE FROM timeline_state WHERE entity_id = OLD.id",
)


def _sqlite_triggers() -> list[str]:
    def trigger(name: str, when: str, body: Sequence[str]) -> str:
        statements = " ".join(f"{b};" for b in body)
        return f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {statements} END"

    link_new = _BUMP.format(who=f"{_STALE_ITEM.format(row='NEW')} UNION SELECT NEW.entity_id")
    link_old = _BUMP.format(who=f"{_STALE_ITEM.format(row='OLD')} UNION SELECT OLD.entity_id")
    return [
        trigger("timeline_links_ins", "AFTER INSERT ON item_entities", [link_new]),
        trigger("timeline_links_del", "AFTER DELETE ON item_entities", [link_old]),
        trigger("timeline_links_upd", "AFTER UPDATE ON item_entities", [link_old, link_new]),
        trigger(
            "timeline_entity_name",
            "AFTER UPDATE OF name ON entities WHEN OLD.name IS NOT NEW.name",
            [_BUMP.format(who=_STALE_NAME + " UNION SELECT NEW.id")],
        ),
        trigger("timeline_entity_del", "AFTER DELETE ON entities", _DROP),
        trigger(
            "timeline_item_upd",
            "AFTER UPDATE ON items",
            [_BUMP.format(who=_STALE_ITEM.format(row="NEW").replace("NEW.item_id", "NEW.id"))],
        ),
        trigger(
            "timeline_article_upd",
            "AFTER UPDATE ON articles",
            [_BUMP.format(who=_STALE_ARTICLE.format(row="NEW.id"))],
        ),
        *(
            trigger(
                f"timeline_copies_{op[:3].lower()}",
                f"AFTER {op} ON article_copies",
                [_BUMP.format(who=_STALE_ARTICLE.format(row=f"{row}.article_id"))],
            )
            for op, row in (("INSERT", "NEW"), ("DELETE", "OLD"), ("UPDATE", "NEW"))
        ),
    ]


def _postgres_triggers() -> list[str]:
    def function(name: str, body: str) -> str:
        return (
            f"CREATE OR REPLACE FUNCTION dateline_{name}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {body} RETURN NULL; END $$"
        )

    def on(op: str, row: str, statement: str) -> str:
        return f"IF TG_OP IN ({op}) THEN {statement.format(row=row)}; END IF;"

    link = _BUMP.format(who=_STALE_ITEM + " UNION SELECT {row}.entity_id")
    article = _BUMP.format(who=_STALE_ARTICLE.format(row="{row}.article_id"))
    return [
        function(
            "timeline_links",
            on("'INSERT', 'UPDATE'", "NEW", link) + on("'DELETE', 'UPDATE'", "OLD", link),
        ),
        function(
            "timeline_entity_name", _BUMP.format(who=_STALE_NAME + " UNION SELECT NEW.id") + ";"
        ),
        function("timeline_entity_del", " ".join(f"{d};" for d in _DROP)),
        function(
            "timeline_item_upd",
            _BUMP.format(who=_STALE_ITEM.format(row="NEW").replace("NEW.item_id", "NEW.id")) + ";",
        ),
        function(
            "timeline_article_upd", _BUMP.format(who=_STALE_ARTICLE.format(row="NEW.id")) + ";"
        ),
        function(
            "timeline_copies",
            on("'INSERT', 'UPDATE'", "NEW", article) + on("'DELETE', 'UPDATE'", "OLD", article),
        ),
        *(
            f"CREATE OR REPLACE TRIGGER timeline_{name} AFTER {event} FOR EACH ROW "
            f"{condition}EXECUTE FUNCTION dateline_timeline_{name}()"
            for name, event, condition in (
                ("links", "INSERT OR UPDATE OR DELETE ON item_entities", ""),
                (
                    "entity_name",
                    "UPDATE OF name ON entities",
                    "WHEN (OLD.name IS DISTINCT FROM NEW.name) ",
                ),
                ("entity_del", "DELETE ON entities", ""),
                ("item_upd", "UPDATE ON items", ""),
                ("article_upd", "UPDATE ON articles", ""),
                ("copies", "INSERT OR UPDATE OR DELETE ON article_copies", ""),
            )
        ),
    ]


def _timeline_cache(conn: Connection) -> None:
    """The materialised timeline tables and the triggers that mark them stale."""
    _tables_of(_TIMELINE_CACHE)(conn)
    run_for_dialect(
        conn, sqlite=_sqlite_triggers, postgresql=_postgres_triggers, what="timeline cache triggers"
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    # near-duplicate signatures and syndicated copies (dateline.dedupe)
    Migration("0002_inputs_near_duplicates", _tables_of("0002_inputs_near_duplicates")),
    # label votes per entity and manual merge/split decisions (dateline entities ...)
    Migration(_ENTITY_DECISIONS, _entity_decisions),
    # materialised entity timelines, made stale by triggers (dateline.query.materialised)
    Migration(_TIMELINE_CACHE, _timeline_cache),
    # per-entity mention and article counts kept by triggers (dateline.store.counts)
    Migration(ENTITY_COUNTS, apply_entity_counts),
    # added items recorded for in-place timeline updates (dateline.store.timeline_changes)
    Migration(TIMELINE_INCREMENTAL, apply_timeline_incremental),
    # indexes for as-of queries on materialised timelines (dateline.store.timeline_indexes)
    Migration(TIMELINE_AS_OF, apply_timeline_as_of),
    # search keys in publication order, to rank the latest matches (store.search_recent)
    Migration(SEARCH_RECENT, no_shared_step),
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
