"""The indexed ``stated_order`` gives what the plain scan gave, on every sample timeline."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime
from pathlib import Path

from dateline.model import Precision, Provenance, When
from dateline.query.facts import compatible
from dateline.query.timeline import combined, dated_key, split_dated, stated_order
from dateline.store.base import ItemMention, TimelineItem
from dateline.store.sqlite import SQLiteStore


def _ids(item: TimelineItem) -> set[str]:
    return {item.id, *(m.id for m in item.mentions)}


def reference(items: list[TimelineItem]) -> list[TimelineItem]:
    """The scan ``stated_order`` replaced, kept here as its specification."""
    out = list(items)
    for _ in range(len(out)):
        moved = False
        for item in list(out):
            article = item.id.split(":", 1)[0]
            for relation, target in item.payload.get("ordering", ()) or ():
                other = next((o for o in out if f"{article}:{target}" in _ids(o)), None)
                if other is None or other is item or item.when is None or other.when is None:
                    continue
                if not compatible(item.when, other.when):
                    continue
                i, j = out.index(item), out.index(other)
                if (relation == "after" and i < j) or (relation == "before" and i > j):
                    out.insert(j if relation == "before" else j + 1, out.pop(i))
                    moved = True
        if not moved:
            break
    return out


NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _item(article: str, local: str, day: int, ordering: list[list[str]]) -> TimelineItem:
    when = When(None, date(2024, 1, day), date(2024, 1, day + 1), Precision.DAY)
    return TimelineItem(
        id=f"{article}:{local}",
        kind="event",
        type="x",
        summary=local,
        sentence="",
        when=when,
        entities=(),
        sources=(),
        provenance=Provenance(article, 0, 0, 0),
        published_at=NOW,
        recorded_at=NOW,
        payload={"ordering": ordering} if ordering else {},
    )


def test_random_orderings_match_the_reference() -> None:
    rng = random.Random(7)
    for _ in range(200):
        items = []
        for n in range(rng.randint(2, 14)):
            article = f"a{rng.randint(1, 3)}"
            ordering = [
                [rng.choice(["before", "after"]), f"ev{rng.randint(0, 13)}"]
                for _ in range(rng.choice([0, 0, 1, 2]))
            ]
            items.append(_item(article, f"ev{n}", rng.randint(1, 4), ordering))
        if rng.random() < 0.3:  # a combined item holding another's id as a report
            first = items[0]
            report = ItemMention(items[-1].id, first.provenance, NOW)
            items[0] = dataclasses.replace(first, mentions=(report,))
        items.sort(key=dated_key)
        assert stated_order(items) == reference(items)


def test_sample_timelines_match_the_reference(sample_db: Path) -> None:
    moved = 0
    with SQLiteStore(sample_db, create=False) as store:
        for info in store.entities(limit=60):
            dated, _ = split_dated(combined(store.timeline_items(info.id), None))
            dated.sort(key=dated_key)
            expected = reference(dated)
            assert stated_order(dated) == expected, info.name
            moved += expected != dated
    assert moved > 0, "some sample timeline has a stated order that moves an item"


def test_runs_of_uninvolved_items_order_as_one(monkeypatch: object) -> None:
    """``collapsed_order`` (the cache's shortcut) against ``stated_order`` over every item."""
    from dateline.query.materialised import collapsed_order

    @dataclasses.dataclass(eq=False)
    class Ranked:
        item: TimelineItem
        ranks: tuple[range, ...]

        @property
        def id(self) -> str:
            return self.item.id

        @property
        def when(self) -> When | None:
            return self.item.when

        @property
        def payload(self) -> dict[str, object]:
            return self.item.payload

        @property
        def mentions(self) -> tuple[ItemMention, ...]:
            return self.item.mentions

    rng = random.Random(11)
    for _ in range(300):
        items = []
        for n in range(rng.randint(3, 30)):
            ordering = [
                [rng.choice(["before", "after"]), f"ev{rng.randint(0, 29)}"]
                for _ in range(rng.choice([0, 0, 0, 0, 1, 2]))
            ]
            items.append(_item(f"a{rng.randint(1, 2)}", f"ev{n}", rng.randint(1, 4), ordering))
        items.sort(key=dated_key)
        full = stated_order(items)
        rank = {id(i): n for n, i in enumerate(items)}
        wanted = {
            f"{i.id.split(':')[0]}:{t}" for i in items for _, t in i.payload.get("ordering", [])
        }
        involved = {
            rank[id(i)]: Ranked(i, (range(rank[id(i)], rank[id(i)] + 1),))
            for i in items
            if i.payload.get("ordering") or i.id in wanted
        }
        assert collapsed_order(list(range(len(items))), involved) == [rank[id(i)] for i in full]
