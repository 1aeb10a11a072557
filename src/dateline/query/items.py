"""From one extraction to timeline items: every event, quote and fact becomes one item.

Pure mapping, no database: the backend stores the items and turns the in-document entity
keys in ``ItemDraft.links`` into canonical entity ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from dateline.io.codec import to_json
from dateline.model import Entity, Event, Extraction, Fact, Provenance, Quote, When
from dateline.query.facts import fact_interval
from dateline.store.base import TimelineItem

__all__ = ["SUMMARY_LIMIT", "ItemDraft", "entity_lookup", "items_for", "quote_summary"]

#: Longest quote summary, in characters, before the content is cut with an ellipsis.
SUMMARY_LIMIT = 200


@dataclass(frozen=True, slots=True)
class ItemDraft:
    """A timeline item and its links: (in-document entity key, role), in item order."""

    item: TimelineItem
    links: tuple[tuple[str, str], ...]


def entity_lookup(entities: Iterable[Entity]) -> dict[str, Entity]:
    """Name -> entity for the names records use: names first, then keys, then aliases."""
    ents = list(entities)
    table: dict[str, Entity] = {}
    for ent in ents:
        table.setdefault(ent.name, ent)
    for ent in ents:
        table.setdefault(ent.key, ent)
    for ent in ents:
        for alias in ent.aliases:
            table.setdefault(alias, ent)
    return table


def _links(
    lookup: dict[str, Entity], *groups: tuple[tuple[str, ...], str]
) -> tuple[tuple[str, str], ...]:
    """(key, role) per entity, first role wins, names that are no entity are skipped."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for names, role in groups:
        for name in names:
            ent = lookup.get(name)
            if ent is not None and ent.key not in seen:
                seen.add(ent.key)
                out.append((ent.key, role))
    return tuple(out)


def _unique(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for group in groups for name in group))


def quote_summary(quote: Quote) -> str:
    """``Speaker: “content”``, the content cut so the whole stays near ``SUMMARY_LIMIT``."""
    prefix = f"{' and '.join(quote.speakers)}: " if quote.speakers else ""
    content = " ".join(quote.content.text.split())
    room = max(SUMMARY_LIMIT - len(prefix) - 2, 20)
    if len(content) > room:
        content = content[: room - 1].rstrip() + "…"
    return f"{prefix}“{content}”"


class _Mapper:
    def __init__(self, extraction: Extraction, recorded_at: datetime) -> None:
        self.ex = extraction
        self.article_id = extraction.article.id
        self.recorded_at = recorded_at
        self.lookup = entity_lookup(extraction.entities)

    def sentence(self, index: int) -> str:
        sentences = self.ex.sentences
        return sentences[index].text if 0 <= index < len(sentences) else ""

    def item(
        self,
        *,
        local_id: str,
        kind: str,
        type_: str,
        summary: str,
        when: When | None,
        entities: tuple[str, ...],
        sources: tuple[str, ...],
        provenance: Provenance,
        payload: object,
    ) -> TimelineItem:
        data = to_json(payload)
        assert isinstance(data, dict)
        return TimelineItem(
            id=f"{self.article_id}:{local_id}",
            kind=kind,
            type=type_,
            summary=summary,
            sentence=self.sentence(provenance.sentence_index),
            when=when,
            entities=entities,
            sources=sources,
            provenance=provenance,
            published_at=self.ex.article.published_at,
            recorded_at=self.recorded_at,
            payload=data,
        )

    def event(self, ev: Event) -> ItemDraft:
        others = tuple(n for n in ev.entities if n not in ev.agents and n not in ev.patients)
        prov = Provenance(
            self.article_id, ev.sentence_index, ev.trigger.char_start, ev.trigger.char_end
        )
        item = self.item(
            local_id=ev.id,
            kind="event",
            type_=ev.type,
            summary=ev.summary,
            when=ev.when,
            entities=_unique(ev.agents, ev.patients, ev.entities),
            sources=ev.sources,
            provenance=prov,
            payload=ev,
        )
        links = _links(
            self.lookup, (ev.agents, "agent"), (ev.patients, "patient"), (others, "participant")
        )
        return ItemDraft(item, links)

    def claim_sources(self, start: int, end: int) -> tuple[str, ...]:
        """Sources of the attributed claims ("according to TMZ", "sources told CNN") that
        contain the characters [start, end)."""
        return _unique(
            *(
                (a.source_entity or a.source.text,)
                for a in self.ex.attributions
                if a.content.char_start <= start and end <= a.content.char_end
            )
        )

    def quote(self, q: Quote) -> ItemDraft:
        prov = Provenance(
            self.article_id, q.sentence_index, q.content.char_start, q.content.char_end
        )
        item = self.item(
            local_id=q.id,
            kind="quote",
            type_="quote",
            summary=quote_summary(q),
            when=q.when,
            entities=_unique(q.speakers, q.about),
            sources=self.claim_sources(q.content.char_start, q.content.char_end),
            provenance=prov,
            payload=q,
        )
        return ItemDraft(item, _links(self.lookup, (q.speakers, "speaker"), (q.about, "about")))

    def fact(self, f: Fact) -> ItemDraft:
        if f.provenance:
            first = f.provenance[0]
            prov = Provenance(
                self.article_id, first.sentence_index, first.char_start, first.char_end
            )
        else:
            prov = Provenance(self.article_id, -1, 0, 0)
        when = fact_interval(f.valid_from, f.valid_to)
        objects = (f.object,) if f.object in self.lookup else ()
        item = self.item(
            local_id=f.id,
            kind="fact",
            type_=f.relation,
            summary=f"{f.subject} {f.relation} {f.object}",
            when=when,
            entities=_unique((f.subject,), objects),
            sources=f.sources,
            provenance=prov,
            payload=f,
        )
        links = _links(self.lookup, ((f.subject,), "subject"), (objects, "object"))
        return ItemDraft(item, links)


def items_for(extraction: Extraction, *, recorded_at: datetime) -> list[ItemDraft]:
    """Every event, quote and fact of ``extraction`` as an item, ids prefixed by article id.

    Item entities are the names the records use; names that are not one of the
    extraction's entities (a nominal such as "a spokesperson") stay in the item but get
    no link. A fact's object is an entity only when it names one.
    """
    mapper = _Mapper(extraction, recorded_at)
    drafts = [mapper.event(ev) for ev in extraction.events]
    drafts += [mapper.quote(q) for q in extraction.quotes]
    drafts += [mapper.fact(f) for f in extraction.facts]
    return drafts
