"""Frozen records for articles and what is read from them."""

from dateline.model.records import (
    ATTRIBUTION_RELATION,
    Article,
    Attribution,
    Entity,
    Event,
    Extraction,
    Fact,
    Mention,
    Provenance,
    Quote,
    Span,
    Timex,
    content_hash,
)
from dateline.model.when import (
    Precision,
    When,
    interval,
    parse_value,
    readable,
    readable_bounds,
    when_for_value,
)

__all__ = [
    "ATTRIBUTION_RELATION",
    "Article",
    "Attribution",
    "Entity",
    "Event",
    "Extraction",
    "Fact",
    "Mention",
    "Precision",
    "Provenance",
    "Quote",
    "Span",
    "Timex",
    "When",
    "content_hash",
    "interval",
    "parse_value",
    "readable",
    "readable_bounds",
    "when_for_value",
]
