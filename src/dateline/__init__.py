"""dateline: turn dated news into timelines.

import dateline

with dateline.connect("news.db") as dl:
    dl.ingest(["articles/"])
    for item in dl.timeline("Kutcher").items:
        print(item.when.value, item.summary)

record = dateline.extract("date 2023-09-15 ...article text...")
"""

from dateline._api import DEFAULT_DB, Dateline, connect, extract, sample_corpus
from dateline.errors import DatelineError, InputError, NotFoundError
from dateline.ingest import IngestReport
from dateline.io.readers import Notice, Rejection
from dateline.model import (
    Article,
    Attribution,
    Entity,
    Event,
    Extraction,
    Fact,
    Mention,
    Precision,
    Provenance,
    Quote,
    Span,
    Timex,
    When,
)
from dateline.query.quotes import QuoteHit, QuoteList, quotes_to_json
from dateline.query.timeline import (
    Facts,
    Timeline,
    facts_to_json,
    item_to_json,
    timeline_to_json,
)
from dateline.store import open_store
from dateline.store.base import (
    EntityInfo,
    Outlet,
    SearchHit,
    Store,
    StoredArticle,
    TimelineItem,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_DB",
    "Article",
    "Attribution",
    "Dateline",
    "DatelineError",
    "Entity",
    "EntityInfo",
    "Event",
    "Extraction",
    "Fact",
    "Facts",
    "IngestReport",
    "InputError",
    "Mention",
    "NotFoundError",
    "Notice",
    "Outlet",
    "Precision",
    "Provenance",
    "Quote",
    "QuoteHit",
    "QuoteList",
    "Rejection",
    "SearchHit",
    "Span",
    "Store",
    "StoredArticle",
    "Timeline",
    "TimelineItem",
    "Timex",
    "When",
    "__version__",
    "connect",
    "extract",
    "facts_to_json",
    "item_to_json",
    "open_store",
    "quotes_to_json",
    "sample_corpus",
    "timeline_to_json",
]
