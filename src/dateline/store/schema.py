"""Table definitions shared by every backend (SQLAlchemy Core, no dialect-specific types).

Everything here must also work on PostgreSQL: datetimes are ISO text *with their offset*
(``IsoDateTime``; a ``timestamptz`` column would normalise the article's own offset away),
structured data is JSON text (``JsonText``), calendar days are ``Date``. Search indexes that
only one database has (SQLite's FTS5 ``articles_fts``) are created by that backend, not here.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.types import TypeDecorator

__all__ = [
    "IsoDateTime",
    "JsonText",
    "article_copies",
    "article_signatures",
    "articles",
    "entities",
    "entity_aliases",
    "entity_counts",
    "entity_decisions",
    "entity_labels",
    "item_entities",
    "items",
    "mentions",
    "mentions_by_entity_article",
    "metadata",
    "rejections",
    "runs",
    "schema_migrations",
    "timeline_cache",
    "timeline_cache_anchored",
    "timeline_cache_first_day",
    "timeline_cache_kind",
    "timeline_cache_published_day",
    "timeline_pending",
    "timeline_state",
]


class IsoDateTime(TypeDecorator[datetime]):
    """An aware datetime as ISO 8601 text, offset included; naive values are refused.

    The text keeps the article's own offset (``2023-01-05T09:00:00-05:00``), which is part
    of what the source said. Columns that must sort across offsets get a UTC twin.
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing to store naive datetime {value.isoformat()}")
        return value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


class JsonText(TypeDecorator[Any]):
    """JSON as text: readable in any SQL shell and identical on every backend."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", IsoDateTime, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("published_at", IsoDateTime, nullable=False),
    # UTC twin of published_at: ISO text in one offset sorts chronologically.
    Column("published_utc", String(40), nullable=False, index=True),
    Column("title", Text),
    Column("url", Text),
    Column("publisher", Text),
    Column("author", Text),
    Column("origin", Text),
    Column("body_offset", Integer, nullable=False, default=0),
    Column("recorded_at", IsoDateTime, nullable=False),
    Column("extraction", JsonText, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("name_norm", Text, nullable=False, unique=True),
    Column("label", String(40), nullable=False),
    # Last name token, for "Kutcher" -> "Ashton Kutcher" (see dateline.resolve).
    Column("last_token", Text, nullable=False, index=True),
    # When the store first saw the entity (UTC recorded_at of the introducing article).
    Column("first_seen", IsoDateTime, nullable=False),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("alias_norm", Text, nullable=False, index=True),
    UniqueConstraint("entity_id", "alias_norm"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "entity_id",
        Integer,
        ForeignKey("entities.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("text", Text, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("sentence_index", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
)

items = Table(
    "items",
    metadata,
    # article id + ":" + the record's id inside its extraction
    Column("id", String(300), primary_key=True),
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("kind", String(10), nullable=False),  # event | quote | fact
    Column("type", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("when_json", JsonText),
    # Inclusive calendar range of ``when`` for filtering; NULL ends are open, both NULL undated.
    Column("start_date", Date),
    Column("end_date", Date),
    Column("sentence_index", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("published_at", IsoDateTime, nullable=False),
    Column("recorded_at", IsoDateTime, nullable=False),
    Column("sources", JsonText, nullable=False),
    Column("payload", JsonText, nullable=False),
    Index(None, "start_date", "end_date"),
)

item_entities = Table(
    "item_entities",
    metadata,
    Column("item_id", String(300), ForeignKey("items.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    # agent | patient | participant | speaker | about | subject | object
    Column("role", String(20), nullable=False),
    Column("position", Integer, nullable=False),  # order of the entity within its item
    PrimaryKeyConstraint("item_id", "entity_id"),
    Index(None, "entity_id", "item_id"),
)

runs = Table(
    "runs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("description", Text, nullable=False),
    Column("started_at", IsoDateTime, nullable=False, index=True),
    Column("finished_at", IsoDateTime),
    Column("status", String(20), nullable=False),
    Column("counts", JsonText, nullable=False),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "run_id",
        String(40),
        ForeignKey("runs.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("origin", Text, nullable=False),
    Column("reason", Text, nullable=False),
)


# --- added by migration 0002_inputs_near_duplicates ------------------------------------
# Tables created by a later migration carry its name in ``info`` so ``0001_initial`` skips
# them on a new database and the later migration creates them, as on an old one.
_NEAR_DUPLICATES = {"migration": "0002_inputs_near_duplicates"}

article_signatures = Table(
    "article_signatures",
    metadata,
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # how the signature was made (dateline.dedupe.SCHEME); others are recomputed
    Column("scheme", String(60), nullable=False),
    Column("shingles", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    info=_NEAR_DUPLICATES,
)

# A near-duplicate (syndicated copy) of a stored article: another outlet and date for the
# same story. Its text is not extracted again; the original's items stand for both.
article_copies = Table(
    "article_copies",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column(
        "article_id",
        String(200),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("jaccard", Float, nullable=False),
    Column("containment", Float, nullable=False),
    Column("published_at", IsoDateTime, nullable=False),
    Column("published_utc", String(40), nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("publisher", Text),
    Column("author", Text),
    Column("origin", Text),
    Column("recorded_at", IsoDateTime, nullable=False),
    info=_NEAR_DUPLICATES,
)

# --- added by migration 0003_events_entity_decisions -------------------------------------
_ENTITY_DECISIONS = {"migration": "0003_events_entity_decisions"}

#: how many mentions gave an entity each type; the entity's label is the winner, so the
#: type does not depend on which article came first
entity_labels = Table(
    "entity_labels",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("label", String(40), nullable=False),
    Column("mentions", Integer, nullable=False),
    PrimaryKeyConstraint("entity_id", "label"),
    info=_ENTITY_DECISIONS,
)

#: manual entity decisions (``merge``/``split``), applied again to later ingests
entity_decisions = Table(
    "entity_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # merge | split
    Column("name_norm", Text, nullable=False, index=True),  # the entity kept
    Column("other_norm", Text, nullable=False, index=True),  # merged into it / split off
    Column("detail", JsonText, nullable=False),  # what moved, to undo it
    Column("decided_at", IsoDateTime, nullable=False),
    info=_ENTITY_DECISIONS,
)

# --- added by migration 0004_scale_timeline_cache ----------------------------------------
# Materialised entity timelines (dateline.query.materialised): each entity's timeline with
# facts combined and event reports clustered, computed on first use and kept until a
# database trigger bumps ``timeline_state.version`` (a saved article, a copy or an entity
# change touching the entity). Derived data only: dropping both tables loses nothing.
_TIMELINE_CACHE = {"migration": "0004_scale_timeline_cache"}

#: per entity: ``version`` is bumped by triggers; the cache is current when ``built_version``
#: equals it
timeline_state = Table(
    "timeline_state",
    metadata,
    Column("entity_id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False, default=0),
    Column("built_version", Integer),
    Column("items", Integer),
    info=_TIMELINE_CACHE,
)

#: one combined timeline item per row, ``position`` in the full timeline's order
timeline_cache = Table(
    "timeline_cache",
    metadata,
    Column("entity_id", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("dated", Integer, nullable=False),  # 1: in ``items``, 0: in ``undated``
    # order of the item among the dated (or undated) items before stated orderings apply
    Column("rank", Integer, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("published_day", Date, nullable=False),  # published_at's own calendar day
    Column("ordering", Integer, nullable=False),  # 1 when the item states an order
    Column("item_id", String(300), nullable=False),
    # what ``stated_order`` needs beyond id and days: report ids and stated orderings
    Column("anchors", JsonText),
    Column("anchored", Integer, nullable=False),  # 1 when ``anchors`` is set
    # (the two columns below came with migration 0006_scale_timeline_incremental, which
    # recreates this table; they sit before the large ones so reading them stays cheap)
    # which items combine with which: ``event:CLASS``, ``fact``, or "" for an item that
    # never combines (query.materialised updates only the blocks a save touched)
    Column("block", Text, nullable=False, server_default=""),
    # the item's place in the sorted order (``dated_key``/``undated_key``), as JSON
    Column("sort_key", Text, nullable=False, server_default="[]"),
    Column("record", JsonText, nullable=False),  # the item, losslessly (io.codec)
    Column("contract", Text, nullable=False),  # the item in the JSON contract, as text
    PrimaryKeyConstraint("entity_id", "position"),
    Index(
        None,
        "entity_id",
        "dated",
        "rank",
        "kind",
        "start_date",
        "end_date",
        "ordering",
        "published_day",
        "anchored",
    ),
    Index(None, "entity_id", "item_id"),  # targets of stated orders
    info=_TIMELINE_CACHE,
)

# --- added by migration 0005_scale_entity_counts -----------------------------------------
# Mention and article counts per entity, kept by database triggers on ``mentions``
# (dateline.store.counts) so an entity lookup reads two numbers instead of counting an
# entity's mentions (tens of thousands for a much-reported name) at every query.
_ENTITY_COUNTS = {"migration": "0005_scale_entity_counts"}

entity_counts = Table(
    "entity_counts",
    metadata,
    Column("entity_id", Integer, primary_key=True, autoincrement=False),
    Column("mention_count", Integer, nullable=False),
    Column("article_count", Integer, nullable=False),
    info=_ENTITY_COUNTS,
)

#: whether an entity already has a mention in an article: what keeps ``article_count``
#: exact when a mention comes or goes (created by the migration on older stores)
mentions_by_entity_article = Index(
    "ix_mentions_entity_article", mentions.c.entity_id, mentions.c.article_id
)

# --- added by migration 0006_scale_timeline_incremental ----------------------------------
# Items saved for an entity whose timeline is materialised, until the timeline takes them
# in (query.materialised): a save that only adds items updates the blocks they belong to
# instead of rebuilding the whole timeline. ``bumps`` counts the ``timeline_state.version``
# bumps these rows stand for; when the version moved by more, something else changed too
# (a merge, a rename, a copy) and the timeline is rebuilt whole.
_TIMELINE_INCREMENTAL = {"migration": "0006_scale_timeline_incremental"}

timeline_pending = Table(
    "timeline_pending",
    metadata,
    Column("entity_id", Integer, nullable=False),
    Column("item_id", String(300), nullable=False),
    Column("bumps", Integer, nullable=False),
    PrimaryKeyConstraint("entity_id", "item_id"),
    info=_TIMELINE_INCREMENTAL,
)

# --- added by migration 0007_scale_timeline_as_of ----------------------------------------
# An as-of query reads a few index entries instead of every row of the entity's timeline
# (query.materialised): dated rows are in rank order of their first day, so the rows begun
# by a day are a rank prefix found by one backward seek; facts and anchored rows (the only
# ones a stated order or the holds-on test looks at one by one) are read by their own index.
timeline_cache_first_day = Index(
    "ix_timeline_cache_first_day",
    timeline_cache.c.entity_id,
    timeline_cache.c.dated,
    func.coalesce(timeline_cache.c.start_date, timeline_cache.c.end_date),
    timeline_cache.c.rank,
)
timeline_cache_published_day = Index(
    "ix_timeline_cache_published_day",
    timeline_cache.c.entity_id,
    timeline_cache.c.dated,
    timeline_cache.c.published_day,
)
timeline_cache_kind = Index(
    "ix_timeline_cache_kind",
    timeline_cache.c.entity_id,
    timeline_cache.c.kind,
    timeline_cache.c.dated,
    timeline_cache.c.rank,
    timeline_cache.c.start_date,
    timeline_cache.c.end_date,
)
timeline_cache_anchored = Index(
    "ix_timeline_cache_anchored",
    timeline_cache.c.entity_id,
    timeline_cache.c.dated,
    timeline_cache.c.anchored,
    timeline_cache.c.rank,
)
