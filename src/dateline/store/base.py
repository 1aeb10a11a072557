"""The storage contract. Callers depend on ``Store`` only, never on a backend module.

A backend keeps articles, their extractions, canonical entities (resolved across articles),
timeline items (events, quotes and facts, each with its time, entities, sources and
provenance), ingest runs and their rejections. Saving one extraction is one transaction: it
either lands whole or not at all, which is what lets an interrupted ingest resume.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from dateline.model import Article, Extraction, Provenance, When

__all__ = [
    "ArticleSummary",
    "Disagreement",
    "EntityInfo",
    "EntityReason",
    "ItemMention",
    "Outlet",
    "RunInfo",
    "SaveOutcome",
    "SearchHit",
    "Store",
    "StoredArticle",
    "TimelineItem",
]


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """A canonical entity across all articles."""

    id: int
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    mention_count: int = 0
    article_count: int = 0


@dataclass(frozen=True, slots=True)
class Outlet:
    """One publication of a story: the stored article, or a near-duplicate copy of it.

    ``copy_of`` is ``None`` for the article whose text was extracted; for a syndicated copy
    it names that article, with the estimated similarity (``dateline.dedupe``).
    """

    article_id: str
    published_at: datetime
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str | None = None
    copy_of: str | None = None
    jaccard: float | None = None


@dataclass(frozen=True, slots=True)
class EntityReason:
    """Why a name belongs to an entity: the rule, and the articles where it applied."""

    name: str
    rule: str
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemMention:
    """One report of an item: set on items that combine several reports (query time)."""

    id: str
    provenance: Provenance
    published_at: datetime
    sources: tuple[str, ...] = ()
    when: When | None = None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Sources that disagree on one attribute of an item: each value with the reports giving it.

    ``values`` holds ``(value, ids of the reports, sources of those reports)``, the value
    the item shows first.
    """

    attribute: str  # "start", "end", "date", "amount" ...
    values: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One dated (or undated) thing about an entity: an event, a quote or a fact.

    ``payload`` is the item's full record as JSON-ready data (roles, speakers, relation ...).
    """

    id: str
    kind: str  # event | quote | fact
    type: str
    summary: str
    sentence: str
    when: When | None
    entities: tuple[str, ...]
    sources: tuple[str, ...]
    provenance: Provenance
    published_at: datetime
    recorded_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    #: every outlet and date that published the story: the article first, then its copies
    outlets: tuple[Outlet, ...] = ()
    #: every report combined into this item (empty for an item read from one place)
    mentions: tuple[ItemMention, ...] = ()
    #: where the reports disagree (kept, not overwritten)
    disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What saving one extraction did: ``stored`` or ``duplicate`` (same content hash)."""

    article_id: str
    status: str


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, with the extraction record it was saved with."""

    extraction: Extraction
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    published_at: datetime
    title: str | None
    snippet: str
    rank: float


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: str
    started_at: datetime
    finished_at: datetime | None
    status: str  # running | finished | interrupted
    counts: dict[str, int]
    rejections: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article as listed (recent articles), without its text or extraction."""

    id: str
    published_at: datetime
    title: str | None
    publisher: str | None
    snippet: str


@runtime_checkable
class Store(Protocol):
    """What dateline needs from a database: SQLite and PostgreSQL behind the same methods."""

    def migrate(self) -> list[str]:
        """Apply pending named migrations; return the names applied now."""
        ...

    def close(self) -> None: ...

    # --- writing -----------------------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        """Whether an article with this content hash is already stored."""
        ...

    def stored_contents(self, content_hashes: Sequence[str]) -> set[str]:
        """The hashes among ``content_hashes`` already stored (``has_content`` for many, a
        page per round trip: an ingest asks about every input before extracting)."""
        ...

    def save_extraction(self, extraction: Extraction, *, recorded_at: datetime) -> SaveOutcome:
        """Store an article and everything read from it in one transaction (idempotent)."""
        ...

    def start_run(self, *, description: str, started_at: datetime) -> str: ...

    # --- near-duplicates (dateline.dedupe) ------------------------------------------------
    def signatures(self, *, scheme: str) -> Iterator[tuple[str, int, bytes]]:
        """(article id, shingle count, signature) of every article signed with ``scheme``."""
        ...

    def unsigned_articles(self, *, scheme: str) -> Iterator[tuple[str, str]]:
        """(article id, text) of articles without a ``scheme`` signature, to sign them.

        May answer one page (the oldest first): the caller signs them and asks again until
        nothing new comes back.
        """
        ...

    def save_signatures(self, signatures: Sequence[tuple[str, int, bytes]], *, scheme: str) -> None:
        """Many (article id, shingle count, signature) at once, in one transaction."""
        ...

    def save_copy(
        self,
        article: Article,
        *,
        of: str,
        jaccard: float,
        containment: float,
        recorded_at: datetime,
    ) -> SaveOutcome:
        """Record ``article`` as a near-duplicate of stored article ``of`` (status ``copy``).

        The same content twice is a ``duplicate`` and writes nothing.
        """
        ...

    def outlets(self, article_ids: Sequence[str]) -> dict[str, tuple[Outlet, ...]]:
        """For each stored article: itself, then its copies in publication order."""
        ...

    def add_rejection(self, run_id: str, *, origin: str, reason: str) -> None: ...

    def finish_run(
        self, run_id: str, *, finished_at: datetime, counts: dict[str, int], status: str
    ) -> None: ...

    # --- reading -----------------------------------------------------------------------
    def runs(self, *, limit: int = 20) -> list[RunInfo]: ...

    def entities(
        self, *, label: str | None = None, query: str | None = None, limit: int = 100
    ) -> list[EntityInfo]:
        """Entities by mention count, optionally filtered by type and by name or alias."""
        ...

    def find_entity(self, name: str) -> EntityInfo | None:
        """The entity whose name or alias best matches ``name`` (case-insensitive)."""
        ...

    def timeline_items(
        self,
        entity_id: int,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> list[TimelineItem]:
        """Items involving the entity whose time range overlaps [start, end], plus undated."""
        ...

    def article(self, article_id: str) -> StoredArticle | None: ...

    def articles(self, *, limit: int | None = None) -> Iterator[StoredArticle]: ...

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]: ...

    def counts(self) -> dict[str, int]:
        """Numbers of articles, entities, items and facts stored."""
        ...

    def entity_edges(self) -> Sequence[tuple[int, int, str, int]]:
        """(entity, entity, relation, weight) pairs for graph export."""
        ...

    # --- reading for the web API and pages -------------------------------------------
    def entity(self, entity_id: int) -> EntityInfo | None:
        """The entity with this id, with aliases and counts."""
        ...

    def entities_by_id(self, entity_ids: Sequence[int]) -> list[EntityInfo]:
        """The stored entities among ``entity_ids``, in the order asked (``entity`` for
        many: a page of ids per round trip)."""
        ...

    def related_entities(self, entity_id: int, *, limit: int = 20) -> list[tuple[EntityInfo, int]]:
        """Entities sharing timeline items with this one, with the count shared, most first."""
        ...

    def entity_item_roles(self, entity_id: int) -> dict[str, str]:
        """Item id -> the entity's role in it (agent, patient, speaker, about, subject ...)."""
        ...

    def recent_articles(self, *, limit: int = 20) -> list[ArticleSummary]:
        """The most recently published articles, newest first."""
        ...

    def article_mentions(self, article_id: str) -> list[tuple[int, int, int]]:
        """(canonical entity id, char_start, char_end) of every mention in the article."""
        ...

    # --- entity decisions (recorded; later ingests follow them) -----------------------
    def merge_entities(self, keep: str, other: str) -> tuple[str, str]:
        """Merge entity ``other`` into ``keep``; returns (kept name, merged name)."""
        ...

    def split_entity(self, entity: str, name: str) -> tuple[str, str]:
        """Undo a merge or take an alias out of ``entity``; returns (entity, split name)."""
        ...

    def explain_entity(self, name: str) -> tuple[str, list[EntityReason]]:
        """The entity's name and why each alias or merged name belongs to it."""
        ...
