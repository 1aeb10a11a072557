"""The domain model: frozen records that flow from the NLP stages to the store.

Records hold data only. Reading, writing and storing them lives in ``dateline.io`` and
``dateline.store`` so the model never depends on a backend. Character offsets are always into
``Article.text`` (the body as read, after any ``date`` prefix); ``Article.body_offset`` maps
them back to the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from dateline.model.when import When

__all__ = [
    "Article",
    "Attribution",
    "Entity",
    "Event",
    "Extraction",
    "Fact",
    "Mention",
    "Provenance",
    "Quote",
    "Span",
    "Timex",
    "content_hash",
]


def content_hash(text: str) -> str:
    """Identity of an article's content: the same body ingested twice is one article."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")


@dataclass(frozen=True, slots=True)
class Article:
    """A dated news article. ``published_at`` is the document creation time (DCT)."""

    text: str
    published_at: datetime
    id: str = ""
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    origin: str | None = None
    body_offset: int = 0
    content_hash: str = field(default="", compare=False)
    #: where ``published_at`` came from when a reader had to look for it: ``page`` (the
    #: page's metadata), ``url``, ``feed``, ``csv``, ``crawl`` (a WARC record's date, only
    #: when the page gives none) or ``given`` (``--date``); ``None`` when the format has it
    date_source: str | None = None

    def __post_init__(self) -> None:
        _require_aware("published_at", self.published_at)
        digest = self.content_hash or content_hash(self.text)
        object.__setattr__(self, "content_hash", digest)
        if not self.id:
            object.__setattr__(self, "id", digest[:16])


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the article text."""

    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record was read: article, sentence and characters."""

    article_id: str
    sentence_index: int
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One reference to an entity: a name, a pronoun, a nominal or a group nominal."""

    text: str
    char_start: int
    char_end: int
    sentence_index: int
    kind: str  # name | pronoun | nominal | group


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity as one article knows it: canonical name, type, aliases and mentions."""

    key: str
    name: str
    label: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression with its TIMEX3 type, value and mod, anchored to the DCT."""

    tid: str
    text: str
    char_start: int
    char_end: int
    sentence_index: int
    type: str  # DATE | TIME | DURATION | SET
    value: str
    mod: str | None = None
    when: When | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when: one predicate and its participants (canonical names)."""

    id: str
    predicate: str
    type: str
    summary: str
    trigger: Span
    sentence_index: int
    agents: tuple[str, ...] = ()
    patients: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    when: When | None = None
    polarity: str = "positive"
    modality: str = "asserted"
    tense: str = "unknown"
    sources: tuple[str, ...] = ()
    #: typed roles beyond agent and patient: (role, filler), e.g. ("co-agent", "Demi Moore"),
    #: ("organisation", "Thorn"), ("charge", "bribery"), ("venue", "Port Alder District Court")
    roles: tuple[tuple[str, str], ...] = ()
    #: orderings the text states: ("before" | "after", the other event's id or its words)
    ordering: tuple[tuple[str, str], ...] = ()
    #: ``verbal`` ("convicted") or ``nominal`` ("the conviction", "stepping down")
    form: str = "verbal"


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to speakers: ``direct``, or ``partial`` (a phrase in reported speech)."""

    id: str
    content: Span
    sentence_index: int
    kind: str  # direct | partial
    speakers: tuple[str, ...] = ()
    cue: Span | None = None
    source: Span | None = None
    venue: str | None = None
    when: When | None = None
    about: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Attribution:
    """A claim credited to a source ("according to TMZ ..."); anonymous sources are flagged."""

    id: str
    source: Span
    cue: Span
    content: Span
    sentence_index: int
    source_entity: str | None = None
    anonymous: bool = False


#: the relation of a fact made from an attribution ("X says ..."): quote queries find
#: attribution facts by it, so the query side needs no NLP import
ATTRIBUTION_RELATION = "says"


@dataclass(frozen=True, slots=True)
class Fact:
    """A time-scoped statement ``subject relation object`` with three times.

    ``valid_from``/``valid_to`` say when it held (open ends are ``None``), ``published_at``
    when it was published, ``recorded_at`` when dateline stored it (``None`` before storing).
    """

    id: str
    subject: str
    relation: str
    object: str
    provenance: tuple[Provenance, ...]
    published_at: datetime
    valid_from: When | None = None
    valid_to: When | None = None
    recorded_at: datetime | None = None
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _require_aware("published_at", self.published_at)
        _require_aware("recorded_at", self.recorded_at)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one article."""

    article: Article
    sentences: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    facts: tuple[Fact, ...] = ()
