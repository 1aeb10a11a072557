"""Indexes that let an as-of query on a materialised timeline skip most of its rows.

An as-of query ("what was reported, and what held, on D") used to read every index entry
of the entity's timeline to count what it keeps and to settle stated orders: about 35 ms
of CPU for an entity with 16,000 items. Dated rows are ranked in order of their first day
(``When.sort_key``), so the rows begun by D are a prefix of ranks, found by one backward
seek on ``(entity_id, dated, coalesce(start_date, end_date), rank)``. Facts (kept when they
hold on D, wherever they rank) and anchored rows (the ones stated orders involve) are read
through their own indexes; undated rows are counted over ``(entity_id, dated,
published_day)``. Migration ``0007_scale_timeline_as_of`` adds the four indexes; the
tables of a new store get them when they are created, so the migration skips them there.
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.schema import CreateIndex

from dateline.store import schema as s

__all__ = ["TIMELINE_AS_OF", "apply_timeline_as_of"]

TIMELINE_AS_OF = "0007_scale_timeline_as_of"


def apply_timeline_as_of(conn: Connection) -> None:
    """Migration ``0007_scale_timeline_as_of``: the as-of indexes on ``timeline_cache``."""
    for index in (
        s.timeline_cache_first_day,
        s.timeline_cache_published_day,
        s.timeline_cache_kind,
        s.timeline_cache_anchored,
    ):
        # IF NOT EXISTS rather than ``checkfirst``: SQLAlchemy cannot reflect an index on
        # an expression (it warns), and a new store's tables have these indexes already
        conn.execute(CreateIndex(index, if_not_exists=True))
