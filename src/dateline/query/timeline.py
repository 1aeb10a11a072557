"""Timelines: an entity's events, quotes and facts in time order, and what held on a date.

Ordering works on the ranges partial dates cover: "2023" starts before "2023-01-15" and,
among items starting the same day, the wider range comes first. Undated items are kept
apart rather than invented a date.

``as_of`` is valid time: events and quotes up to that day, and only the facts whose
interval contains it ("what was true about X on D"). ``known_on`` is publication time:
only what had been published by that day, with facts combined from those articles alone
("what could a reader have known on D"). Facts from several articles are combined at
query time (``query.facts``), so the answer does not depend on ingest order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from dateline.errors import NotFoundError
from dateline.io.codec import to_json
from dateline.model import When
from dateline.query.cluster import cluster_events
from dateline.query.facts import combine_facts, compatible, holds_on
from dateline.store.base import EntityInfo, Outlet, Store, TimelineItem

__all__ = [
    "Facts",
    "HasId",
    "Orderable",
    "Timeline",
    "combined",
    "dated_key",
    "entity_timeline",
    "facts",
    "facts_to_json",
    "item_to_json",
    "outlet_to_json",
    "page",
    "split_dated",
    "stated_order",
    "timeline",
    "timeline_to_json",
    "undated_key",
]


@dataclass(frozen=True, slots=True)
class Timeline:
    """An entity's items: dated ones in time order, then undated ones.

    ``total`` counts the whole timeline when ``items``/``undated`` are one page of it.
    """

    entity: EntityInfo
    items: tuple[TimelineItem, ...]
    undated: tuple[TimelineItem, ...]
    total: int | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """What held for an entity: combined facts, each with its three times."""

    entity: EntityInfo
    facts: tuple[TimelineItem, ...]


def _holds_on(item: TimelineItem, day: date) -> bool:
    when = item.when
    if when is None:
        return False
    if item.kind == "fact":
        return holds_on(item, day)
    first = when.start or when.end
    return first is not None and first <= day


def _overlaps(item: TimelineItem, start: date | None, end: date | None) -> bool:
    when = item.when
    if when is None or (when.start is None and when.end is None):
        return True  # undated items are always listed, apart
    if end is not None and when.start is not None and when.start > end:
        return False
    return not (start is not None and when.end is not None and when.end < start)


class HasId(Protocol):
    @property
    def id(self) -> str: ...


class Orderable(Protocol):
    """What ``stated_order`` reads of an item (a ``TimelineItem`` or a lighter stand-in)."""

    @property
    def id(self) -> str: ...
    @property
    def when(self) -> When | None: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def mentions(self) -> Sequence[HasId]: ...


T = TypeVar("T", bound=Orderable)


def _ids(item: Orderable) -> set[str]:
    return {item.id, *(m.id for m in item.mentions)}


def stated_order(
    items: Sequence[T],
    *,
    passes: int | None = None,
    split: Callable[[T], tuple[T, T] | None] | None = None,
) -> list[T]:
    """Items in time order, and where the text says one event came before or after another
    whose time it cannot tell apart ("resigned a day after the report" on the same day,
    "fired after the defeat" in the same week), in the stated order.

    Only items with overlapping times move; dated order is never overturned. Targets are
    found through an index of item and report ids, and positions are kept in a table
    updated over the stretch a move shifts, so a timeline of ten thousand items costs
    milliseconds, not seconds.
    """
    out = list(items)
    holders: dict[str, list[T]] = {}
    for item in out:
        for key in _ids(item):
            holders.setdefault(key, []).append(item)
    movers = [item for item in out if item.payload.get("ordering")]
    pos = {id(item): n for n, item in enumerate(out)}
    # each pass settles at least one constraint; contradicting ones stop after ``passes``
    # (by default one per item: a caller ordering a shortened list passes the full length)
    for _ in range(len(out) if passes is None else passes):
        moved = False
        for item in sorted(movers, key=lambda m: pos[id(m)]):  # in this pass's order
            article = item.id.split(":", 1)[0]
            for relation, target in item.payload.get("ordering", ()) or ():
                found = holders.get(f"{article}:{target}", [])
                other = min(found, key=lambda h: pos[id(h)]) if found else None
                if other is None or other is item or item.when is None or other.when is None:
                    continue
                if not compatible(item.when, other.when):
                    continue
                i, j = pos[id(item)], pos[id(other)]
                if (relation == "after" and i < j) or (relation == "before" and i > j):
                    dest = j if relation == "before" else j + 1
                    moving = out.pop(i)
                    # "after" lands past the target's successor (the index is the one from
                    # before the pop); a caller whose elements stand for runs of items
                    # (``split``) has the run's first item taken out to land after
                    parts = (
                        split(out[j]) if split and relation == "after" and j < len(out) else None
                    )
                    if parts is not None:
                        out[j : j + 1] = parts
                    out.insert(dest, moving)
                    last = (
                        len(out) if parts is not None else max(i, dest) + 1
                    )  # a split shifts all after
                    for n in range(min(i, dest), min(last, len(out))):
                        pos[id(out[n])] = n
                    moved = True
        if not moved:
            break
    return out


def _find(store: Store, entity: str) -> EntityInfo:
    info = store.find_entity(entity)
    if info is None:
        raise NotFoundError(f"no entity matches {entity!r}; try `dateline entities --q TEXT`")
    return info


def _known(items: list[TimelineItem], known_on: date | None) -> list[TimelineItem]:
    if known_on is None:
        return items
    return [i for i in items if i.published_at.date() <= known_on]


def combined(items: list[TimelineItem], known_on: date | None) -> list[TimelineItem]:
    """Facts combined across articles, and reports of one event clustered into one item."""
    known = _known(items, known_on)
    return cluster_events([i for i in known if i.kind != "fact"]) + combine_facts(known)


def _fact_key(item: TimelineItem) -> tuple[object, ...]:
    return (item.when.sort_key() if item.when else (0, 0), item.summary, item.id)


def facts(
    store: Store,
    entity: str,
    *,
    as_of: date | None = None,
    known_on: date | None = None,
) -> Facts:
    """The facts about ``entity`` combined across articles, optionally on a day / as known."""
    info = _find(store, entity)
    items = combine_facts(_known(store.timeline_items(info.id), known_on))
    if as_of is not None:
        items = [i for i in items if holds_on(i, as_of)]
    items.sort(key=lambda i: (i.when is None, *_fact_key(i)))
    return Facts(entity=info, facts=tuple(items))


def timeline(
    store: Store,
    entity: str,
    *,
    start: date | None = None,
    end: date | None = None,
    as_of: date | None = None,
    kinds: frozenset[str] | None = None,
    known_on: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Timeline:
    """The timeline of the entity best matching ``entity`` (name or alias)."""
    info = _find(store, entity)
    return entity_timeline(
        store,
        info,
        start=start,
        end=end,
        as_of=as_of,
        kinds=kinds,
        known_on=known_on,
        limit=limit,
        offset=offset,
    )


def entity_timeline(
    store: Store,
    info: EntityInfo,
    *,
    start: date | None = None,
    end: date | None = None,
    as_of: date | None = None,
    kinds: frozenset[str] | None = None,
    known_on: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Timeline:
    """The timeline of an entity already looked up (the web API addresses entities by id).

    ``limit``/``offset`` cut one page from the whole list (dated items, then undated ones);
    ``total`` is always the length of the whole list. Without ``known_on``, a store on a
    SQL database answers from the materialised timeline (``query.materialised``): the same
    items in the same order, without combining and clustering at every query.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise ValueError("limit and offset must not be negative")
    if known_on is None:
        from dateline.query.materialised import TimelineCache

        cache = TimelineCache.of(store)
        found = (
            None
            if cache is None
            else cache.timeline(
                info, start=start, end=end, as_of=as_of, kinds=kinds, limit=limit, offset=offset
            )
        )
        if found is not None:
            return found
    items = combined(store.timeline_items(info.id), known_on)
    items = [i for i in items if _overlaps(i, start, end)]
    if kinds:
        items = [i for i in items if i.kind in kinds]
    dated, undated = split_dated(items)
    if as_of is not None:
        dated = [i for i in dated if _holds_on(i, as_of)]
        undated = [i for i in undated if i.published_at.date() <= as_of]
    dated.sort(key=dated_key)
    undated.sort(key=undated_key)
    return page(
        Timeline(entity=info, items=tuple(stated_order(dated)), undated=tuple(undated)),
        limit=limit,
        offset=offset,
    )


def dated_key(item: TimelineItem) -> tuple[object, ...]:
    """Order of dated items: time (``When.sort_key``), then publication time and id."""
    return (item.when.sort_key() if item.when else (0, 0), item.published_at, item.id)


def undated_key(item: TimelineItem) -> tuple[object, ...]:
    """Order of undated items: publication time, then place in the article and id."""
    return (item.published_at, item.provenance.char_start, item.id)


def split_dated(items: list[TimelineItem]) -> tuple[list[TimelineItem], list[TimelineItem]]:
    """(items with a day range, items without one), each in the input order."""
    dated: list[TimelineItem] = []
    undated: list[TimelineItem] = []
    for item in items:
        has_time = item.when is not None and (item.when.start or item.when.end)
        (dated if has_time else undated).append(item)
    return dated, undated


def page(result: Timeline, *, limit: int | None, offset: int) -> Timeline:
    """One page of a whole timeline: ``offset`` items skipped, at most ``limit`` kept."""
    dated, undated = result.items, result.undated
    total = len(dated) + len(undated)
    if limit is None and offset == 0:
        return dataclasses.replace(result, total=total)
    stop = total if limit is None else offset + limit
    return Timeline(
        entity=result.entity,
        items=dated[offset:stop],
        undated=undated[max(0, offset - len(dated)) : max(0, stop - len(dated))],
        total=total,
    )


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
        "mentions": [
            {
                "id": m.id,
                "provenance": to_json(m.provenance),
                "published_at": m.published_at.isoformat(),
                "sources": list(m.sources),
                "when": m.when.to_json() if m.when else None,
            }
            for m in item.mentions
        ],
        "disagreements": [
            {
                "attribute": d.attribute,
                "values": [
                    {"value": value, "reports": list(ids), "sources": list(sources)}
                    for value, ids, sources in d.values
                ],
            }
            for d in item.disagreements
        ],
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


def facts_to_json(result: Facts) -> list[dict[str, Any]]:
    """Combined facts in the timeline item shape (docs/json-contract.md, ``dateline facts``)."""
    return [item_to_json(i) for i in result.facts]
