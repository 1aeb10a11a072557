"""What an entity said, and what was said about it: the quote items of its timeline.

Built on the timeline query (so quotes come with time, provenance and sources in the
timeline contract) and split by the entity's role in each quote: ``speaker`` when it is one
of the quote's speakers, ``about`` otherwise (it is named or referred to in the words).
Attribution facts (``X says <claim>``, see ``nlp.attribution_facts``) are listed with the
quotes: the entity is their ``speaker`` when it is the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.errors import DatelineError
from dateline.model import ATTRIBUTION_RELATION
from dateline.query.timeline import item_to_json, timeline
from dateline.store.base import EntityInfo, Store, TimelineItem

__all__ = ["QUOTE_ROLES", "QuoteHit", "QuoteList", "quotes", "quotes_to_json"]

#: the roles an entity can have in a quote
QUOTE_ROLES = ("speaker", "about")


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A quote item and the entity's role in it."""

    item: TimelineItem
    role: str


@dataclass(frozen=True, slots=True)
class QuoteList:
    entity: EntityInfo
    quotes: tuple[QuoteHit, ...]


def _names(entity: EntityInfo) -> set[str]:
    return {n.casefold() for n in (entity.name, *entity.aliases)}


def _role(item: TimelineItem, names: set[str]) -> str:
    if item.kind == "fact":
        speakers: Any = (item.payload.get("subject"),)
    else:
        speakers = item.payload.get("speakers") or ()
    return "speaker" if any(str(s).casefold() in names for s in speakers) else "about"


def _is_quote(item: TimelineItem) -> bool:
    return item.kind == "quote" or (item.kind == "fact" and item.type == ATTRIBUTION_RELATION)


def quotes(
    store: Store,
    entity: str,
    *,
    role: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuoteList:
    """Quotes and attribution facts by or about ``entity`` (name or alias), in time order,
    undated ones last."""
    if role is not None and role not in QUOTE_ROLES:
        raise DatelineError(f"unknown role {role!r}; use speaker or about")
    result = timeline(store, entity, start=start, end=end, kinds=frozenset({"quote", "fact"}))
    names = _names(result.entity)
    hits = [QuoteHit(i, _role(i, names)) for i in (*result.items, *result.undated) if _is_quote(i)]
    if role is not None:
        hits = [h for h in hits if h.role == role]
    return QuoteList(entity=result.entity, quotes=tuple(hits))


def quotes_to_json(result: QuoteList) -> list[dict[str, Any]]:
    """Timeline items (docs/json-contract.md) with the entity's ``role`` added."""
    return [{**item_to_json(h.item), "role": h.role} for h in result.quotes]
