"""Timelines: an entity's events, quotes and facts in time order, and what held on a date.

Ordering works on the ranges partial dates cover: "2023" starts before "2023-01-15" and,
among items starting the same day, the wider range comes first. Undated items are kept
apart rather than invented a date.

``as_of`` is valid time: events and quotes up to that day, and only the facts whose
interval contains it ("what was true about X on D").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.errors import NotFoundError
from dateline.io.codec import to_json
from dateline.store.base import EntityInfo, Outlet, Store, TimelineItem

__all__ = [
    "Timeline",
    "entity_timeline",
    "item_to_json",
    "outlet_to_json",
    "timeline",
    "timeline_to_json",
]


@dataclass(frozen=True, slots=True)
class Timeline:
    entity: EntityInfo
    items: tuple[TimelineItem, ...]
    undated: tuple[TimelineItem, ...]


def _holds_on(item: TimelineItem, day: date) -> bool:
    when = item.when
    if when is None:
        return False
    if item.kind == "fact":
        starts_ok = when.start is None or when.start <= day
        ends_ok = when.end is None or day <= when.end
        return starts_ok and ends_ok
    first = when.start or when.end
    return first is not None and first <= day


def timeline(
    store: Store,
    entity: str,
    *,
    start: date | None = None,
    end: date | None = None,
    as_of: date | None = None,
    kinds: frozenset[str] | None = None,
) -> Timeline:
    """The timeline of the entity best matching ``entity`` (name or alias)."""
    info = store.find_entity(entity)
    if info is None:
        raise NotFoundError(f"no entity matches {entity!r}; try `dateline entities --q TEXT`")
    return entity_timeline(store, info, start=start, end=end, as_of=as_of, kinds=kinds)


def entity_timeline(
    store: Store,
    info: EntityInfo,
    *,
    start: date | None = None,
    end: date | None = None,
    as_of: date | None = None,
    kinds: frozenset[str] | None = None,
) -> Timeline:
    """The timeline of an entity already looked up (the web API addresses entities by id)."""
    items = store.timeline_items(info.id, start=start, end=end)
    if kinds:
        items = [i for i in items if i.kind in kinds]
    dated: list[TimelineItem] = []
    undated: list[TimelineItem] = []
    for item in items:
        has_time = item.when is not None and (item.when.start or item.when.end)
        (dated if has_time else undated).append(item)
    if as_of is not None:
        dated = [i for i in dated if _holds_on(i, as_of)]
        undated = [i for i in undated if i.published_at.date() <= as_of]
    dated.sort(key=lambda i: (i.when.sort_key() if i.when else (0, 0), i.published_at, i.id))
    undated.sort(key=lambda i: (i.published_at, i.provenance.char_start, i.id))
    return Timeline(entity=info, items=tuple(dated), undated=tuple(undated))


def item_to_json(item: TimelineItem) -> dict[str, Any]:
    """One item in the JSON timeline contract (docs/json-contract.md)."""
    return {
        "id": item.id,
        "kind": item.kind,
        "type": item.type,
        "summary": item.summary,
        "when": item.when.to_json() if item.when else None,
        "sentence": item.sentence,
        "entities": list(item.entities),
        "sources": list(item.sources),
        "provenance": to_json(item.provenance),
        "published_at": item.published_at.isoformat(),
        "recorded_at": item.recorded_at.isoformat(),
        "details": item.payload,
        "outlets": [outlet_to_json(o) for o in item.outlets],
    }


def outlet_to_json(outlet: Outlet) -> dict[str, Any]:
    """One publication of a story (docs/json-contract.md, ``outlets``)."""
    return {
        "article_id": outlet.article_id,
        "published_at": outlet.published_at.isoformat(),
        "title": outlet.title,
        "url": outlet.url,
        "publisher": outlet.publisher,
        "origin": outlet.origin,
        "copy_of": outlet.copy_of,
        "jaccard": None if outlet.jaccard is None else round(outlet.jaccard, 3),
    }


def timeline_to_json(result: Timeline) -> list[dict[str, Any]]:
    """The contract: a list of items, dated ones in time order, then undated ones."""
    return [item_to_json(i) for i in (*result.items, *result.undated)]
