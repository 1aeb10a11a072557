"""Updating a materialised timeline in place after saves that only added items.

A timeline is ``query.timeline.combined`` over the entity's items, sorted, then put in
stated order. Combining works in closed blocks: event reports cluster only with reports of
the same event class (``nlp.lexicon.event_class``; ``query.cluster`` compares a report
with a cluster's first report only when the classes match, so clustering the items of one
class alone gives the clusters it gives among all items), facts combine only with facts
(``query.facts``), and quotes never combine. So the items a save added change only the
rows of their blocks: those rows are read back as the items they were made of (each row's
own id and its reports' ids), combined again with the new items, and replace the old rows.
Every other row keeps its record; only its rank and position move, recomputed from the
sort keys stored with the rows and the stated orders (``materialised.collapsed_order``,
the same order a whole rebuild gives).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from dateline.model import Precision, When
from dateline.nlp.lexicon import event_class
from dateline.query.timeline import combined, split_dated
from dateline.store import schema as s
from dateline.store.base import TimelineItem
from dateline.store.sql import items_of

__all__ = ["Update", "apply_update", "block_of", "plan_update", "sort_key_of"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CHUNK = 500


def block_of(item: TimelineItem) -> str:
    """Which items this one may combine with: ``event:CLASS``, ``fact``, or "" (none)."""
    if item.kind == "event":
        return "event:" + event_class(str(item.payload.get("predicate", item.type)))
    return "fact" if item.kind == "fact" else ""


def _instant(value: datetime) -> list[int]:
    delta = value - _EPOCH
    return [delta.days, delta.seconds, delta.microseconds]


def sort_key_of(item: TimelineItem, *, dated: bool) -> list[Any]:
    """``dated_key`` / ``undated_key`` of ``query.timeline`` as a JSON list that sorts the
    same way (the publication time as exact integers, not a float)."""
    if dated:
        when = item.when
        return [*(when.sort_key() if when else (0, 0)), *_instant(item.published_at), item.id]
    return [*_instant(item.published_at), item.provenance.char_start, item.id]


@dataclass(frozen=True, slots=True)
class Update:
    """What changes in the entity's rows: removed (old positions), moved (old position,
    new position, new rank), and new rows; ``size`` is the timeline's length after."""

    removed: list[int]
    moved: list[tuple[int, int, int]]
    added: list[dict[str, Any]]
    size: int


@dataclass(slots=True)
class _Entry:
    key: list[Any] | str  # a stored row's key stays JSON text until a comparison needs it
    item_id: str
    start: Any
    end: Any
    anchors: dict[str, Any] | None
    old: tuple[int, int] | None  # (position, rank) of a kept row
    row: dict[str, Any] | None  # a new row


def plan_update(
    conn: Connection, entity_id: int, added_ids: Sequence[str], *, make_row: Any
) -> Update | None:
    """The update that takes in the items ``added_ids`` (new, or already there with another
    entity now); ``None`` when they cannot be taken in so (an item no longer linked, a
    row's reports not all found): the timeline is then rebuilt whole."""
    c = s.timeline_cache.c
    rows = conn.execute(
        select(
            c.position,
            c.dated,
            c.rank,
            c.item_id,
            c.block,
            c.sort_key,
            c.start_date,
            c.end_date,
            c.anchors,
        ).where(c.entity_id == entity_id)
    ).all()
    added = items_of(conn, entity_id, ids=added_ids)
    if len(added) != len(set(added_ids)):
        return None
    new_ids = {i.id for i in added}
    blocks = {block_of(i) for i in added} - {""}
    singles = {i.id for i in added if not block_of(i)}
    replaced = [r for r in rows if r.block in blocks or (not r.block and r.item_id in singles)]
    # an event row that is one report (no cluster) is that report as stored: its record
    one = [
        r.position
        for r in replaced
        if r.block.startswith("event:")
        and not (r.anchors or {}).get("mentions")
        and r.item_id not in new_ids
    ]
    members = _records(conn, entity_id, one)
    wanted: set[str] = set()
    for r in replaced:
        if r.position not in members:
            wanted |= {r.item_id, *(r.anchors or {}).get("mentions", ())}
    wanted -= new_ids
    found = {i.id: i for i in items_of(conn, entity_id, ids=sorted(wanted))}
    if len(found) != len(wanted):
        return None
    pool = {i.id: i for i in members.values()} | found
    if "fact" in blocks:  # facts combine by subject and object: take them all again
        pool |= {i.id: i for i in items_of(conn, entity_id, [s.items.c.kind == "fact"])}
    pool |= {i.id: i for i in added}
    fresh = combined(list(pool.values()), None)
    # a combined item made of the same stored reports as a row, none of them new, is that
    # row's item again: the row stays (it may move)
    before = {r.item_id: r for r in replaced if r.block != "fact"}
    same: set[int] = set()
    changed: list[TimelineItem] = []
    for item in fresh:
        row = before.get(item.id)
        reports = {m.id for m in item.mentions}
        if (
            row is not None
            and reports == set((row.anchors or {}).get("mentions", ()))
            and not (reports | {item.id}) & new_ids
        ):
            same.add(row.position)
        else:
            changed.append(item)
    fresh_dated, fresh_undated = split_dated(changed)
    gone = {r.position for r in replaced} - same
    dated: list[_Entry] = []
    undated: list[_Entry] = []
    for r in rows:
        if r.position not in gone:
            entry = _Entry(
                r.sort_key,
                r.item_id,
                r.start_date,
                r.end_date,
                r.anchors,
                (r.position, r.rank),
                None,
            )
            (dated if r.dated else undated).append(entry)
    for is_dated, items in ((True, fresh_dated), (False, fresh_undated)):
        for item in items:
            row = make_row(entity_id, 0, int(is_dated), 0, item)
            entry = _Entry(
                sort_key_of(item, dated=is_dated),
                item.id,
                row["start_date"],
                row["end_date"],
                row["anchors"],
                None,
                row,
            )
            (dated if is_dated else undated).append(entry)
    dated, undated = _merged(dated), _merged(undated)
    order = _stated(dated)
    placed = [(p, e, rank) for p, rank in enumerate(order) for e in (dated[rank],)]
    placed += [(len(dated) + rank, e, rank) for rank, e in enumerate(undated)]
    moved: list[tuple[int, int, int]] = []
    new_rows: list[dict[str, Any]] = []
    for position, entry, rank in placed:
        if entry.row is not None:
            new_rows.append({**entry.row, "position": position, "rank": rank})
        elif entry.old != (position, rank):
            assert entry.old is not None
            moved.append((entry.old[0], position, rank))
    return Update(sorted(gone), moved, new_rows, len(placed))


def _key(entry: _Entry) -> list[Any]:
    if isinstance(entry.key, str):
        entry.key = json.loads(entry.key)
    assert isinstance(entry.key, list)
    return entry.key


def _merged(entries: list[_Entry]) -> list[_Entry]:
    """Entries in sort-key order: the stored rows are in that order already (by their old
    rank), so each new entry is placed by binary search, decoding a few keys only."""
    kept = sorted((e for e in entries if e.old is not None), key=lambda e: e.old[1] if e.old else 0)
    new = sorted((e for e in entries if e.old is None), key=_key)
    out: list[_Entry] = []
    at = 0
    for entry in new:
        stop = bisect.bisect_left(kept, _key(entry), lo=at, key=_key)
        out += kept[at:stop]
        out.append(entry)
        at = stop
    return out + kept[at:]


def _records(conn: Connection, entity_id: int, positions: list[int]) -> dict[int, TimelineItem]:
    """The items stored at these positions, by position."""
    from dateline.query.materialised import item_from_record

    c = s.timeline_cache.c
    out: dict[int, TimelineItem] = {}
    for start in range(0, len(positions), _CHUNK):
        chunk = positions[start : start + _CHUNK]
        stmt = select(c.position, c.record).where(c.entity_id == entity_id, c.position.in_(chunk))
        out |= {r.position: item_from_record(r.record) for r in conn.execute(stmt).all()}
    return out


def _stated(dated: list[_Entry]) -> list[int]:
    """Ranks of the dated entries in stated order, as ``materialised._stated_ranks`` finds
    them for a filtered page (here over every dated entry)."""
    from dateline.query.materialised import collapsed_order, light_item

    wanted: set[str] = set()
    for entry in dated:
        article = entry.item_id.split(":", 1)[0]
        for _relation, target in (entry.anchors or {}).get("ordering") or ():
            wanted.add(f"{article}:{target}")
    involved = {
        rank: light_item(
            rank,
            entry.item_id,
            When(None, entry.start, entry.end, Precision.UNKNOWN),
            entry.anchors,
        )
        for rank, entry in enumerate(dated)
        if entry.anchors or entry.item_id in wanted
    }
    return collapsed_order(list(range(len(dated))), involved)


def apply_update(conn: Connection, entity_id: int, change: Update) -> None:
    """Write ``change`` in the caller's transaction (positions are unique per entity:
    moved rows step aside to negative positions first)."""
    tc = s.timeline_cache
    c = tc.c
    mine = c.entity_id == entity_id
    for start in range(0, len(change.removed), _CHUNK):
        chunk = change.removed[start : start + _CHUNK]
        conn.execute(delete(tc).where(mine, c.position.in_(chunk)))
    olds = [old for old, _, _ in change.moved]
    for start in range(0, len(olds), _CHUNK):
        chunk = olds[start : start + _CHUNK]
        conn.execute(update(tc).where(mine, c.position.in_(chunk)).values(position=-1 - c.position))
    if change.moved:
        conn.execute(
            update(tc)
            .where(c.entity_id == bindparam("e"), c.position == bindparam("aside"))
            .values(position=bindparam("to"), rank=bindparam("r")),
            [{"e": entity_id, "aside": -1 - o, "to": p, "r": r} for o, p, r in change.moved],
        )
    for start in range(0, len(change.added), _CHUNK):
        conn.execute(insert(tc), change.added[start : start + _CHUNK])
