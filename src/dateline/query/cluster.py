"""Reports of one real-world event, in one article or several, shown as one timeline item.

Computed at query time from the stored event items, so it does not depend on ingest order.
Two reports are the same event when they report the same kind of event (``event_class``:
"fired", "sacked" and "parted company with" are one dismissal), share their participants
(at least two canonical entities when both name two) and have compatible times (their day
ranges overlap; a time read only from the tense, "is buying", counts as any day of the month
before the article). Only asserted, reported or alleged positive events cluster: "did not
resign" and "may resign" are not reports of a resignation. The cluster keeps every report
as a mention with its sources, shows the most precise time, and keeps amounts the reports
disagree on ("$340 million" against "about $360 million") as a disagreement.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import timedelta

from dateline.model import When
from dateline.nlp.lexicon import SAME_EVENT, event_class
from dateline.query.facts import compatible
from dateline.store.base import Disagreement, ItemMention, TimelineItem

__all__ = ["AMOUNT", "ONCE", "cluster_events", "same_event"]

#: money amounts in a sentence ("$340 million", "about $360 million", "$85,000")
AMOUNT = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s(?:million|billion|thousand|bn|m)\b)?")
_CLUSTERING_MODALITIES = frozenset({"asserted", "reported", "alleged"})
_KINDS = frozenset(SAME_EVENT.values())
_TENSE_WINDOW = timedelta(days=31)
#: event classes that happen once to the same participants (dates that differ disagree)
ONCE = frozenset({"founding"})


def _class(item: TimelineItem) -> str:
    return event_class(str(item.payload.get("predicate", item.type)))


def _clusterable(item: TimelineItem) -> bool:
    when = item.when
    return (
        item.kind == "event"
        and item.payload.get("polarity", "positive") == "positive"
        and item.payload.get("modality", "asserted") in _CLUSTERING_MODALITIES
        and when is not None
        and when.start is not None
        and when.end is not None
        and _class(item) in _KINDS
    )


def _span(when: When) -> When:
    """A tense-only time ("is buying", the article date) as the month up to that day."""
    if when.basis == "article" and when.start is not None and when.end is not None:
        return dataclasses.replace(when, start=when.start - _TENSE_WINDOW)
    return when


def same_event(a: TimelineItem, b: TimelineItem) -> bool:
    """Whether two event items report one real-world event (see the module docstring).

    A founding happens once: reports of it with the same participants are one event even
    when their dates disagree (the disagreement is kept, see ``cluster_events``).
    """
    if not (_clusterable(a) and _clusterable(b)) or _class(a) != _class(b):
        return False
    assert a.when is not None and b.when is not None
    shared = set(a.entities) & set(b.entities)
    if len(shared) < min(2, len(set(a.entities)), len(set(b.entities))):
        return False
    return _class(a) in ONCE or compatible(_span(a.when), _span(b.when))


def _width(item: TimelineItem) -> tuple[int, int]:
    when = item.when
    assert when is not None and when.start is not None and when.end is not None
    weak = 1 if when.basis == "article" else 0
    return (weak, when.end.toordinal() - when.start.toordinal())


def _amounts(item: TimelineItem) -> set[str]:
    return {" ".join(m.split()) for m in AMOUNT.findall(item.sentence)}


def _date_groups(cluster: Sequence[TimelineItem]) -> list[list[TimelineItem]]:
    """Reports grouped by compatible times, best supported first (then earliest)."""
    groups: list[list[TimelineItem]] = []
    for item in cluster:
        assert item.when is not None
        for group in groups:
            assert group[0].when is not None
            if compatible(_span(group[0].when), _span(item.when)):
                group.append(item)
                break
        else:
            groups.append([item])
    groups.sort(
        key=lambda g: (
            -len({i.provenance.article_id for i in g}),
            g[0].when.sort_key() if g[0].when else (0, 0),
        )
    )
    return groups


def _merged(cluster: Sequence[TimelineItem]) -> TimelineItem:
    if len(cluster) == 1:
        return cluster[0]
    dates = _date_groups(cluster)
    first = dates[0][0]  # the most precise report of the best supported time
    reports = sorted(cluster, key=lambda i: (i.published_at, i.id))
    by_amount: dict[str, list[TimelineItem]] = {}
    for item in reports:
        for amount in sorted(_amounts(item)):
            by_amount.setdefault(amount, []).append(item)
    disagreements = list(first.disagreements)
    if len(dates) > 1:
        disagreements.append(
            Disagreement(
                attribute="date",
                values=tuple(
                    (
                        (g[0].when.value or "?") if g[0].when else "?",
                        tuple(i.id for i in g),
                        tuple(dict.fromkeys(s for i in g for s in i.sources)),
                    )
                    for g in dates
                ),
            )
        )
    if len(by_amount) > 1:
        ranked = sorted(by_amount.items(), key=lambda kv: (-len(kv[1]), kv[1][0].published_at))
        disagreements.append(
            Disagreement(
                attribute="amount",
                values=tuple(
                    (
                        amount,
                        tuple(i.id for i in items),
                        tuple(dict.fromkeys(s for i in items for s in i.sources)),
                    )
                    for amount, items in ranked
                ),
            )
        )
    return dataclasses.replace(
        first,
        entities=tuple(dict.fromkeys(n for i in (first, *reports) for n in i.entities)),
        sources=tuple(dict.fromkeys(s for i in reports for s in i.sources)),
        published_at=reports[0].published_at,
        recorded_at=min(i.recorded_at for i in reports),
        mentions=tuple(
            ItemMention(i.id, i.provenance, i.published_at, i.sources, i.when) for i in reports
        ),
        disagreements=tuple(disagreements),
    )


def cluster_events(items: Sequence[TimelineItem]) -> list[TimelineItem]:
    """The items with every cluster of event reports replaced by one item.

    Items are taken most precise first (then by publication and id), and each joins the
    first cluster whose leading report it matches: the result depends on the set of items,
    not on their order.
    """
    candidates = sorted(
        (i for i in items if _clusterable(i)),
        key=lambda i: (_width(i), i.when.sort_key() if i.when else (0, 0), i.published_at, i.id),
    )
    chosen = {i.id for i in candidates}
    clusters: list[list[TimelineItem]] = []
    for item in candidates:
        for cluster in clusters:
            if same_event(cluster[0], item):
                cluster.append(item)
                break
        else:
            clusters.append([item])
    return [i for i in items if i.id not in chosen] + [_merged(c) for c in clusters]
