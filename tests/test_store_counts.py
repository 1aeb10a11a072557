"""Per-entity counts kept by triggers equal counting the mentions, whatever wrote them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from dateline.store import open_store
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore

RECOUNT = (
    "SELECT e.id, count(m.id), count(DISTINCT m.article_id) FROM entities AS e "
    "LEFT JOIN mentions AS m ON m.entity_id = e.id GROUP BY e.id"
)
KEPT = (
    "SELECT e.id, coalesce(c.mention_count, 0), coalesce(c.article_count, 0) "
    "FROM entities AS e LEFT JOIN entity_counts AS c ON c.entity_id = e.id"
)


def _counts(store: SQLStore, sql: str) -> dict[int, tuple[int, int]]:
    with store._engine.connect() as conn:
        return {int(r[0]): (int(r[1]), int(r[2])) for r in conn.execute(text(sql))}


def _orphans(store: SQLStore) -> int:
    with store._engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM entity_counts WHERE entity_id NOT IN "
                    "(SELECT id FROM entities)"
                )
            ).scalar_one()
        )


def test_kept_counts_equal_counted_ones(sample_db: Path, db_url: str) -> None:
    """Saves, automatic joins, a manual merge and split, moved and deleted mentions, a
    deleted article and entity (cascades): on each backend the kept counts stay exact."""
    with SQLiteStore(sample_db, create=False) as sample:
        stored = list(sample.articles())
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    try:
        for a in stored:
            store.save_extraction(a.extraction, recorded_at=a.recorded_at)
        counted = _counts(store, RECOUNT)
        assert sum(a for _, a in counted.values()) > 100
        assert any(m > a > 1 for m, a in counted.values()), "several mentions per article"
        assert _counts(store, KEPT) == counted
        people = [e for e in store.entities(limit=80) if e.label == "PERSON"][:2]
        keep, other = people
        store.merge_entities(keep.name, other.name)
        assert _counts(store, KEPT) == _counts(store, RECOUNT)
        merged = store.entity(keep.id)
        assert merged is not None
        assert merged.mention_count == keep.mention_count + other.mention_count
        store.split_entity(keep.name, other.name)
        assert _counts(store, KEPT) == _counts(store, RECOUNT)
        with store._writer.begin() as conn:
            # one statement moving many mentions, some into articles the target is in already
            conn.execute(
                text("UPDATE mentions SET entity_id = :a WHERE entity_id = :b"),
                {"a": people[0].id, "b": people[1].id},
            )
            conn.execute(text("DELETE FROM mentions WHERE id IN (SELECT min(id) FROM mentions)"))
        assert _counts(store, KEPT) == _counts(store, RECOUNT)
        with store._writer.begin() as conn:
            article = conn.execute(text("SELECT min(article_id) FROM mentions")).scalar_one()
            conn.execute(text("DELETE FROM articles WHERE id = :a"), {"a": article})
            conn.execute(text("DELETE FROM entities WHERE id = :e"), {"e": people[0].id})
        assert _counts(store, KEPT) == _counts(store, RECOUNT)
        assert _orphans(store) == 0
    finally:
        store.close()


def test_lookups_read_the_kept_counts(sample_db: Path) -> None:
    """What an entity lookup reports is what counting its mentions gives."""
    with SQLiteStore(sample_db, create=False) as store:
        counted = _counts(store, RECOUNT)
        infos = store.entities(limit=500)
        assert len(infos) > 50
        for info in infos:
            assert (info.mention_count, info.article_count) == counted[info.id]
        ranked = [i.mention_count for i in infos]
        assert ranked == sorted(ranked, reverse=True)
