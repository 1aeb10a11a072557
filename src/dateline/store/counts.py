"""Per-entity mention and article counts, kept exact by the database itself.

``EntityInfo`` carries how often an entity is mentioned and in how many articles; entity
lookups sort ties by it. Counting at query time meant a correlated ``count(*)`` and
``count(DISTINCT article_id)`` over the entity's mentions for every entity a lookup
considers: for a name reported twelve thousand times that is most of a timeline query.

Migration ``0005_scale_entity_counts`` adds ``entity_counts`` and fills it from the stored
mentions; triggers on ``mentions`` then keep it in step in the writer's own transaction,
whatever writes the mentions (a save, an automatic or manual merge, a split, an article
or entity deleted through the foreign-key cascade). An article is counted when the first
mention of the entity in it arrives and uncounted when the last one goes; the index on
``mentions (entity_id, article_id)`` makes that check one index probe.

SQLite runs row triggers after each row, so each sees the rows before it. PostgreSQL runs
AFTER row triggers once the whole statement is done (each would see all the statement's
rows), so there the triggers are per statement, over its transition tables: for every
(entity, article) pair the statement touched, the article count moves by whether the pair
has mentions now minus whether it had before (now minus the statement's net change).
"""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select

from dateline.store import schema as s
from dateline.store.ddl import run_for_dialect

__all__ = ["ENTITY_COUNTS", "apply_entity_counts", "recount_entities"]

ENTITY_COUNTS = "0005_scale_entity_counts"

_HAS_OTHER = (
    "EXISTS (SELECT 1 FROM mentions AS m WHERE m.entity_id = {row}.entity_id "
    "AND m.article_id = {row}.article_id{other})"
)
_NEW_ARTICLE = "NOT " + _HAS_OTHER.format(row="NEW", other=" AND m.id <> NEW.id")
_ADD = (
    "INSERT INTO entity_counts (entity_id, mention_count, article_count) "
    "VALUES (NEW.entity_id, 1, 1) ON CONFLICT (entity_id) DO UPDATE SET "
    "mention_count = mention_count + 1, "
    f"article_count = article_count + ({_NEW_ARTICLE})"
)
_REMOVE = (
    "UPDATE entity_counts SET mention_count = mention_count - 1, "
    f"article_count = article_count - (NOT {_HAS_OTHER.format(row='OLD', other='')}) "
    "WHERE entity_id = OLD.entity_id"
)
_FORGET = "DELETE FROM entity_counts WHERE entity_id = OLD.id"


def _sqlite_triggers() -> list[str]:
    def trigger(name: str, when: str, body: list[str]) -> str:
        statements = " ".join(f"{b};" for b in body)
        return f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {statements} END"

    return [
        trigger("entity_counts_ins", "AFTER INSERT ON mentions", [_ADD]),
        trigger("entity_counts_del", "AFTER DELETE ON mentions", [_REMOVE]),
        trigger(
            "entity_counts_upd",
            "AFTER UPDATE OF entity_id, article_id ON mentions WHEN "
            "OLD.entity_id IS NOT NEW.entity_id OR OLD.article_id IS NOT NEW.article_id",
            [_REMOVE, _ADD],
        ),
        trigger("entity_counts_forget", "AFTER DELETE ON entities", [_FORGET]),
    ]


def _postgres_delta(changes: str, *, upsert: bool) -> str:
    """One statement applying the net change of ``changes`` (rows ``entity_id,
    article_id, d`` with ``d`` +1 for a row added, -1 for a row removed)."""
    delta = (
        f"WITH pairs AS (SELECT entity_id, article_id, sum(d) AS d FROM ({changes}) AS c "
        "GROUP BY entity_id, article_id), "
        "now AS (SELECT p.entity_id, p.d, (SELECT count(*) FROM mentions AS m "
        "WHERE m.entity_id = p.entity_id AND m.article_id = p.article_id) AS n FROM pairs AS p), "
        "per AS (SELECT entity_id, sum(d) AS dm, "
        "sum((n > 0)::int - ((n - d) > 0)::int) AS da FROM now GROUP BY entity_id) "
    )
    if upsert:
        return (
            delta + "INSERT INTO entity_counts (entity_id, mention_count, article_count) "
            "SELECT entity_id, dm, da FROM per ON CONFLICT (entity_id) DO UPDATE SET "
            "mention_count = entity_counts.mention_count + EXCLUDED.mention_count, "
            "article_count = entity_counts.article_count + EXCLUDED.article_count"
        )
    return (
        delta + "UPDATE entity_counts AS c SET mention_count = c.mention_count + per.dm, "
        "article_count = c.article_count + per.da FROM per WHERE c.entity_id = per.entity_id"
    )


def _postgres_triggers() -> list[str]:
    added = "SELECT entity_id, article_id, 1 AS d FROM new_rows"
    removed = "SELECT entity_id, article_id, -1 AS d FROM old_rows"
    bodies = {
        # a removal never creates a row: a cascade from a deleted entity must not bring
        # its row back after ``entity_counts_forget`` removed it
        "ins": (_postgres_delta(added, upsert=True), "INSERT", "NEW TABLE AS new_rows"),
        "del": (_postgres_delta(removed, upsert=False), "DELETE", "OLD TABLE AS old_rows"),
        "upd": (
            _postgres_delta(f"{added} UNION ALL {removed}", upsert=True),
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        ),
    }
    out: list[str] = []
    for name, (body, event, tables) in bodies.items():
        out += [
            f"CREATE OR REPLACE FUNCTION dateline_entity_counts_{name}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER entity_counts_{name} AFTER {event} ON mentions "
            f"REFERENCING {tables} FOR EACH STATEMENT "
            f"EXECUTE FUNCTION dateline_entity_counts_{name}()",
        ]
    return [
        *out,
        "CREATE OR REPLACE FUNCTION dateline_entity_counts_forget() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {_FORGET}; RETURN NULL; END $$",
        "CREATE OR REPLACE TRIGGER entity_counts_forget AFTER DELETE ON entities "
        "FOR EACH ROW EXECUTE FUNCTION dateline_entity_counts_forget()",
    ]


def recount_entities(conn: Connection) -> None:
    """Fill ``entity_counts`` from the stored mentions (after a bulk load with triggers off)."""
    m = s.mentions
    conn.execute(s.entity_counts.delete())
    conn.execute(
        insert(s.entity_counts).from_select(
            ["entity_id", "mention_count", "article_count"],
            select(m.c.entity_id, func.count(), func.count(m.c.article_id.distinct())).group_by(
                m.c.entity_id
            ),
        )
    )


def apply_entity_counts(conn: Connection) -> None:
    """Migration ``0005_scale_entity_counts``: table, index, counts so far, triggers."""
    s.entity_counts.create(conn, checkfirst=True)
    s.mentions_by_entity_article.create(conn, checkfirst=True)
    recount_entities(conn)
    run_for_dialect(
        conn, sqlite=_sqlite_triggers, postgresql=_postgres_triggers, what="entity count triggers"
    )
