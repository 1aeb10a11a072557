"""Pure page models: an article's text cut into annotated segments, a timeline's geometry.

Nothing here produces HTML. Templates (autoescaped) turn these records into markup, so the
article text is only ever inserted as text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from urllib.parse import quote

from dateline.model import Extraction, When, readable_bounds, readable_span
from dateline.store.base import TimelineItem

__all__ = [
    "WIDTH",
    "Annotation",
    "Axis",
    "Bar",
    "Block",
    "Segment",
    "annotations_for",
    "axis_for",
    "bar_for",
    "blocks_for",
    "item_link",
    "when_label",
]

#: Bars and the axis share one coordinate system: 0 to WIDTH across the page.
WIDTH = 1000.0
_MIN_BAR = 6.0  # a single day is still visible and clickable


@dataclass(frozen=True, slots=True)
class Annotation:
    """A span of the text with a layer (entity, timex, quote, source, focus) and a label."""

    start: int
    end: int
    layer: str
    label: str
    entity_id: int | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    layers: tuple[str, ...]
    label: str
    entity_id: int | None


@dataclass(frozen=True, slots=True)
class Block:
    """A run of segments in one sentence (``sentence`` None: text between sentences)."""

    sentence: int | None
    highlighted: bool
    segments: tuple[Segment, ...]


def annotations_for(
    extraction: Extraction,
    mentions: Iterable[tuple[int, int, int]],
    names: dict[int, str],
) -> list[Annotation]:
    """Entities (linked to their canonical id), timexes, quotes and sources of an article."""
    out = [
        Annotation(start, end, "entity", names.get(entity_id, ""), entity_id)
        for entity_id, start, end in mentions
    ]
    out += [
        Annotation(t.char_start, t.char_end, "timex", f"{t.type} {t.value}")
        for t in extraction.timexes
    ]
    for q in extraction.quotes:
        who = " and ".join(q.speakers) or "unknown speaker"
        out.append(Annotation(q.content.char_start, q.content.char_end, "quote", f"quote: {who}"))
        if q.source is not None:
            out.append(Annotation(q.source.char_start, q.source.char_end, "source", "speaker"))
    for a in extraction.attributions:
        label = "anonymous source" if a.anonymous else f"source: {a.source_entity or a.source.text}"
        out.append(Annotation(a.source.char_start, a.source.char_end, "source", label))
    return out


def blocks_for(
    text: str,
    sentences: Sequence[tuple[int, int]],
    annotations: Sequence[Annotation],
    *,
    highlight: int | None = None,
) -> list[Block]:
    """Cut ``text`` at every span boundary; merge neighbours annotated alike.

    Overlapping spans need no nesting: each segment lists every layer covering it, and
    links to the first entity covering it. One pass over the sorted boundaries, keeping the
    sentences and spans open at each, so the cost grows with the segments (and the spans
    open at each), not with sentences x spans per segment.
    """
    size = len(text)
    spans = [a for a in annotations if 0 <= a.start < a.end <= size]
    opening: dict[int, list[tuple[bool, int]]] = defaultdict(list)  # (is_sentence, index)
    closing: dict[int, list[tuple[bool, int]]] = defaultdict(list)
    for i, (start, end) in enumerate(sentences):
        begin, finish = max(0, min(start, size)), max(0, min(end, size))
        if begin < finish:
            opening[begin].append((True, i))
            closing[finish].append((True, i))
    for i, a in enumerate(spans):
        opening[a.start].append((False, i))
        closing[a.end].append((False, i))
    points = sorted({0, size} | opening.keys() | closing.keys())
    open_sentences: set[int] = set()
    open_spans: set[int] = set()
    blocks: list[Block] = []
    current: list[Segment] = []
    current_sentence: int | None = -2
    for left, right in pairwise(points):
        for is_sentence, i in closing.get(left, ()):
            (open_sentences if is_sentence else open_spans).discard(i)
        for is_sentence, i in opening.get(left, ()):
            (open_sentences if is_sentence else open_spans).add(i)
        sentence = min(open_sentences) if open_sentences else None
        covering = [spans[i] for i in sorted(open_spans)]
        layers = tuple(sorted({a.layer for a in covering}))
        entity = next((a for a in covering if a.entity_id is not None), None)
        label = "; ".join(dict.fromkeys(a.label for a in covering if a.label))
        segment = Segment(text[left:right], layers, label, entity.entity_id if entity else None)
        if sentence != current_sentence:
            if current:
                blocks.append(_block(current_sentence, current, highlight))
            current, current_sentence = [], sentence
        if current and _same(current[-1], segment):
            last = current[-1]
            current[-1] = Segment(last.text + segment.text, last.layers, last.label, last.entity_id)
        else:
            current.append(segment)
    if current:
        blocks.append(_block(current_sentence, current, highlight))
    return blocks


def _same(a: Segment, b: Segment) -> bool:
    return (a.layers, a.label, a.entity_id) == (b.layers, b.label, b.entity_id)


def _block(sentence: int | None, segments: list[Segment], highlight: int | None) -> Block:
    index = sentence if sentence is not None and sentence >= 0 else None
    return Block(index, index is not None and index == highlight, tuple(segments))


@dataclass(frozen=True, slots=True)
class Axis:
    """The date range drawn and its tick marks (x in 0..WIDTH, label)."""

    first: date
    last: date
    ticks: tuple[tuple[float, str], ...]

    def x(self, day: date) -> float:
        total = (self.last - self.first).days + 1
        return max(0.0, min(WIDTH, (day - self.first).days / total * WIDTH))


@dataclass(frozen=True, slots=True)
class Bar:
    """Where an item's range sits on the axis; open ends run to the edge."""

    x: float
    width: float
    open_start: bool
    open_end: bool


def axis_for(items: Iterable[TimelineItem]) -> Axis | None:
    """Whole years (or months, for spans under three years) around every dated item."""
    days = [d for i in items if i.when for d in (i.when.start, i.when.end) if d is not None]
    if not days:
        return None
    lo, hi = min(days), max(days)
    if (hi - lo).days > 3 * 365:
        first, last = date(lo.year, 1, 1), date(hi.year, 12, 31)
        step = max(1, (last.year - first.year + 1) // 12 + 1)
        marks = [date(y, 1, 1) for y in range(first.year, last.year + 1, step)]
        labels = [str(m.year) for m in marks]
    else:
        first = date(lo.year, lo.month, 1)
        last = _month_end(hi)
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        step = max(1, months // 10 + (1 if months % 10 else 0))
        marks = [_add_months(first, k) for k in range(0, months, step)]
        labels = [m.strftime("%Y-%m") for m in marks]
    axis = Axis(first, last, ())
    ticks = tuple((axis.x(m), label) for m, label in zip(marks, labels, strict=True))
    return Axis(first, last, ticks)


def _month_end(day: date) -> date:
    return _add_months(date(day.year, day.month, 1), 1) - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def bar_for(when: When | None, axis: Axis | None) -> Bar | None:
    """The item's whole range: a month is a month wide, a year a year wide."""
    if when is None or axis is None or (when.start is None and when.end is None):
        return None
    start = axis.x(when.start) if when.start else 0.0
    end = axis.x(when.end + timedelta(days=1)) if when.end else WIDTH
    width = max(end - start, _MIN_BAR)
    x = min(start, WIDTH - width)
    return Bar(round(x, 2), round(width, 2), when.start is None, when.end is None)


def when_label(when: When | None) -> str:
    """``2023-01 (month)``, ``2019 → 2022``; the value as the text gave it."""
    if when is None:
        return "undated"
    if when.is_interval:
        return readable_span(when, open_end="now")
    value = readable_bounds(when)[0] or "?"
    precision = when.precision.value
    return value if precision in {"day", "unknown"} else f"{value} ({precision})"


def item_link(item: TimelineItem) -> str:
    """The article page, scrolled to the item's sentence with its words marked."""
    p = item.provenance
    path = f"/articles/{quote(p.article_id, safe='')}"
    if p.sentence_index < 0:
        return path
    return f"{path}?s={p.sentence_index}&start={p.char_start}&end={p.char_end}#s-{p.sentence_index}"
