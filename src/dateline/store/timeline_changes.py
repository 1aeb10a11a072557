"""Which items a save added to a materialised timeline, so it can be updated, not rebuilt.

Migration ``0004_scale_timeline_cache`` made every change touching an entity bump its
``timeline_state.version``; the next query then rebuilt the whole timeline (36 s for an
entity with 16,000 items). Most changes are saves that add items. Migration
``0006_scale_timeline_incremental`` adds one trigger beside the ones that bump the version
for a new item link: it records the item in ``timeline_pending`` for each entity whose
version that link bumps (the entities linked to the item, only those with a timeline
state), counting the bumps. ``query.materialised`` compares: when the version moved by
exactly the pending bumps, only items were added (or an item already in the timeline got
another entity) and the timeline is updated from those items; otherwise (a merge, a split,
a rename, a copy, an item or article edited) it is rebuilt whole.

The migration also recreates ``timeline_cache`` with the columns the update needs (each
row's block and sort key, placed before the large columns) and marks every timeline for a
whole rebuild: the table holds derived data only.
"""

from __future__ import annotations

from sqlalchemy import Connection, update

from dateline.store import schema as s
from dateline.store.ddl import run_for_dialect

__all__ = ["TIMELINE_INCREMENTAL", "apply_timeline_incremental"]

TIMELINE_INCREMENTAL = "0006_scale_timeline_incremental"

# the entities whose version a new link bumps (as migration 0004's trigger), with a state
_WHO = (
    "SELECT entity_id FROM timeline_state WHERE entity_id IN ("
    "SELECT entity_id FROM item_entities WHERE item_id = NEW.item_id "
    "UNION SELECT NEW.entity_id)"
)
_RECORD = (
    f"INSERT INTO timeline_pending (entity_id, item_id, bumps) SELECT entity_id, NEW.item_id, "
    f"1 FROM ({_WHO}) AS who WHERE true ON CONFLICT (entity_id, item_id) DO UPDATE SET "
    "bumps = timeline_pending.bumps + 1"
)
_FORGET = "DELETE FROM timeline_pending WHERE entity_id = OLD.id"


def _sqlite_triggers() -> list[str]:
    return [
        "CREATE TRIGGER IF NOT EXISTS timeline_pending_links AFTER INSERT ON item_entities "
        f"BEGIN {_RECORD}; END",
        "CREATE TRIGGER IF NOT EXISTS timeline_pending_forget AFTER DELETE ON entities "
        f"BEGIN {_FORGET}; END",
    ]


def _postgres_triggers() -> list[str]:
    # row triggers, as migration 0004's: PostgreSQL runs both at the end of the statement,
    # so they see the same links and count the same entities
    return [
        "CREATE OR REPLACE FUNCTION dateline_timeline_pending_links() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {_RECORD}; RETURN NULL; END $$",
        "CREATE OR REPLACE TRIGGER timeline_pending_links AFTER INSERT ON item_entities "
        "FOR EACH ROW EXECUTE FUNCTION dateline_timeline_pending_links()",
        "CREATE OR REPLACE FUNCTION dateline_timeline_pending_forget() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {_FORGET}; RETURN NULL; END $$",
        "CREATE OR REPLACE TRIGGER timeline_pending_forget AFTER DELETE ON entities "
        "FOR EACH ROW EXECUTE FUNCTION dateline_timeline_pending_forget()",
    ]


def apply_timeline_incremental(conn: Connection) -> None:
    """Migration ``0006_scale_timeline_incremental``: the cache table in its new shape, the
    pending table, the trigger recording added items; every timeline rebuilt on next use."""
    s.timeline_cache.drop(conn, checkfirst=True)
    s.timeline_cache.create(conn)
    s.timeline_pending.create(conn, checkfirst=True)
    conn.execute(update(s.timeline_state).values(built_version=None, items=None))
    run_for_dialect(
        conn, sqlite=_sqlite_triggers, postgresql=_postgres_triggers, what="timeline triggers"
    )
