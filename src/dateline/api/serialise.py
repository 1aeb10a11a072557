"""JSON shapes of the API that are not the timeline (that one is ``query.timeline``'s)."""

from __future__ import annotations

from typing import Any

from dateline.io.exporters import extraction_to_json
from dateline.model import Extraction
from dateline.store.base import ArticleSummary, EntityInfo, SearchHit, StoredArticle

__all__ = ["article_json", "canonical_ids", "entity_json", "hit_json", "summary_json"]


def entity_json(info: EntityInfo) -> dict[str, Any]:
    """The same fields as ``dateline entities --format json``."""
    return {
        "id": info.id,
        "name": info.name,
        "type": info.label,
        "aliases": list(info.aliases),
        "mentions": info.mention_count,
        "articles": info.article_count,
    }


def summary_json(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "published_at": summary.published_at.isoformat(),
        "title": summary.title,
        "publisher": summary.publisher,
        "snippet": summary.snippet,
    }


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "article_id": hit.article_id,
        "published_at": hit.published_at.isoformat(),
        "title": hit.title,
        "snippet": hit.snippet,
        "rank": hit.rank,
    }


def article_json(stored: StoredArticle, mentions: list[tuple[int, int, int]]) -> dict[str, Any]:
    """``dateline show --format json``, plus the canonical ``entity_id`` of each entity.

    The id comes from the stored mentions (same spans), so links match the entity pages.
    """
    data = extraction_to_json(stored.extraction)
    ids = canonical_ids(stored.extraction, mentions)
    for entity in data["entities"]:
        entity["entity_id"] = ids.get(entity["key"])
    data["recorded_at"] = stored.recorded_at.isoformat()
    return data


def canonical_ids(extraction: Extraction, mentions: list[tuple[int, int, int]]) -> dict[str, int]:
    """In-article entity key -> canonical entity id, matched through stored mention spans."""
    by_span = {(start, end): entity_id for entity_id, start, end in mentions}
    ids: dict[str, int] = {}
    for entity in extraction.entities:
        spans = ((m.char_start, m.char_end) for m in entity.mentions)
        found = next((by_span[span] for span in spans if span in by_span), None)
        if found is not None:
            ids[entity.key] = found
    return ids
