"""One real-world event reported several times is one timeline item with every source."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime

import pytest

from dateline.model import Provenance, when_for_value
from dateline.query.cluster import cluster_events, same_event
from dateline.store.base import TimelineItem


def event(
    item_id: str,
    published: str,
    predicate: str,
    when: str | None,
    entities: tuple[str, ...],
    *,
    sentence: str = "",
    sources: tuple[str, ...] = (),
    modality: str = "asserted",
    polarity: str = "positive",
    basis: str = "timex",
) -> TimelineItem:
    day = date.fromisoformat(published)
    return TimelineItem(
        id=item_id,
        kind="event",
        type=predicate,
        summary=f"{' and '.join(entities)} {predicate}",
        sentence=sentence,
        when=when_for_value(when, dct=day, basis=basis) if when else None,
        entities=entities,
        sources=sources,
        provenance=Provenance(item_id.split(":")[0], 0, 0, 1),
        published_at=datetime.fromisoformat(published).replace(tzinfo=UTC),
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
        payload={"predicate": predicate, "modality": modality, "polarity": polarity},
    )


CLUB, COACH = "Port Alder Mariners FC", "Teodor Vukic"
FIRED = [
    event("a1:ev1", "2021-04-12", "fire", "2021-04-11", (CLUB, COACH), sources=("KVRT News",)),
    event("a2:ev3", "2021-04-14", "part", "2021-04-11", (CLUB, COACH), sources=("Coastal Ledger",)),
    event("a3:ev2", "2021-04-21", "fire", "2021-04", (COACH,)),
    event("a1:ev9", "2021-04-12", "sack", "2021-04-12", (COACH,), basis="article"),
]
OTHER = [
    event("a4:ev1", "2018-06-18", "appoint", "2018-06-15", (CLUB, COACH)),
    event("a5:ev1", "2021-04-12", "fire", "2021-04-11", (CLUB, COACH), modality="hypothetical"),
    event("a6:ev1", "2019-02-01", "fire", "2019-01", (CLUB, "Declan Orme")),
]


def test_reports_of_one_dismissal_become_one_item() -> None:
    result = cluster_events([*FIRED, *OTHER])
    clustered = [i for i in result if i.mentions]
    assert len(clustered) == 1
    [item] = clustered
    assert {m.id for m in item.mentions} == {i.id for i in FIRED}
    assert item.when is not None and item.when.value == "2021-04-11"
    assert set(item.sources) == {"KVRT News", "Coastal Ledger"}
    assert item.published_at.date() == date(2021, 4, 12)
    # the hypothetical report, another appointment and another manager's dismissal stay apart
    assert {i.id for i in result if not i.mentions} == {i.id for i in OTHER}


@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5])
def test_clusters_do_not_depend_on_order(order: tuple[int, ...]) -> None:
    items = [FIRED[i] for i in order] + OTHER
    result = cluster_events(items)
    [item] = [i for i in result if i.mentions]
    assert item.id == "a1:ev1" or item.id == "a2:ev3"
    assert item.when is not None and item.when.value == "2021-04-11"
    assert {m.id for m in item.mentions} == {i.id for i in FIRED}


def test_incompatible_dates_or_kinds_are_different_events() -> None:
    a = event("a1:ev1", "2020-06-22", "marry", "2020-06-20", ("Noah Brandt", "Elise Marin"))
    vows = event("a2:ev1", "2020-06-25", "exchange", "2020-06-20", ("Noah Brandt", "Elise Marin"))
    later = event("a3:ev1", "2024-05-08", "marry", "2024-05-07", ("Noah Brandt", "Elise Marin"))
    divorce = event("a4:ev1", "2024-05-08", "divorce", "2024-05-06", ("Noah Brandt", "Elise Marin"))
    assert same_event(a, vows)
    assert not same_event(a, later) and not same_event(later, divorce)


def test_amounts_the_reports_disagree_on_are_kept() -> None:
    deal = ("Harborview Robotics", "Quayside Sensors")
    first = event(
        "a1:ev1",
        "2022-05-10",
        "acquire",
        "2022-05-09",
        deal,
        sentence="Harborview agreed to acquire Quayside for $340 million.",
    )
    second = event(
        "a2:ev1",
        "2022-05-12",
        "buy",
        "2022-05-12",
        deal,
        sentence="Harborview is buying Quayside in a deal worth about $360 million.",
        sources=("Metro Wire",),
        basis="article",
    )
    [item] = cluster_events([second, first])
    [dispute] = item.disagreements
    assert dispute.attribute == "amount"
    assert {value for value, _, _ in dispute.values} == {"$340 million", "$360 million"}
    assert ("$360 million", ("a2:ev1",), ("Metro Wire",)) in dispute.values


def test_a_founding_told_with_two_years_is_one_event_with_a_date_dispute() -> None:
    founders = ("Marcus Feld", "Lena Okafor", "Harborview Robotics")
    items = [
        event("a1:ev1", "2018-02-14", "co-found", "2009", founders),
        event("a2:ev1", "2021-03-05", "found", "2009", founders[2:]),
        event("a3:ev1", "2024-09-17", "co-found", "2009", founders),
        event("a4:ev1", "2023-06-06", "found", "2010", founders, sources=("Metro Wire",)),
    ]
    [item] = cluster_events(items)
    assert item.when is not None and item.when.value == "2009"
    [dispute] = item.disagreements
    assert dispute.attribute == "date"
    assert dispute.values[0][0] == "2009" and dispute.values[1] == (
        "2010",
        ("a4:ev1",),
        ("Metro Wire",),
    )


def test_stated_order_among_items_whose_times_overlap() -> None:
    from dateline.query.timeline import stated_order

    report = event("a1:ev2", "2023-03-13", "report", "2023-03", ("Victor Hale",))
    resigned = dataclasses.replace(
        event("a1:ev1", "2023-03-13", "resign", "2023-03", ("Victor Hale",)),
        payload={"predicate": "resign", "ordering": [["after", "ev2"]]},
    )
    earlier = event("a2:ev1", "2023-02-07", "charge", "2023-02-06", ("Victor Hale",))
    ordered = stated_order([earlier, resigned, report])
    assert [i.id for i in ordered] == ["a2:ev1", "a1:ev2", "a1:ev1"]
    # a stated order never overturns dates that tell the events apart
    late = dataclasses.replace(
        event("a1:ev3", "2023-03-13", "resign", "2023-01", ("Victor Hale",)),
        payload={"predicate": "resign", "ordering": [["after", "ev2"]]},
    )
    assert [i.id for i in stated_order([late, report])] == ["a1:ev3", "a1:ev2"]
