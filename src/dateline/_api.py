"""The Python API behind ``import dateline``; the CLI is a thin layer over it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from dateline.errors import DatelineError, InputError, NotFoundError
from dateline.ingest import (
    IngestOptions,
    IngestReport,
    ProgressCallback,
    SyndicationIndex,
    ingest,
    ingest_articles,
)
from dateline.io.exporters import write_graphml, write_jsonl
from dateline.io.readers import (
    DEFAULT_FUTURE_TOLERANCE,
    DEFAULT_MAX_BYTES,
    CsvColumns,
    ReadOptions,
    Rejection,
    parse_date,
    read_inputs,
    read_text,
)
from dateline.model import Article, Extraction
from dateline.query.quotes import QuoteList, quotes
from dateline.query.timeline import Facts, Timeline, facts, outlet_to_json, timeline
from dateline.store import open_store
from dateline.store.base import (
    EntityInfo,
    EntityReason,
    RunInfo,
    SearchHit,
    Store,
    StoredArticle,
)

__all__ = ["DEFAULT_DB", "Dateline", "connect", "extract", "sample_corpus"]

#: the database used when none is given: $DATELINE_DB, else dateline.db in the working directory
DEFAULT_DB = "dateline.db"


def _default_db() -> str:
    return os.environ.get("DATELINE_DB") or DEFAULT_DB


def sample_corpus() -> Path:
    """The folder of the bundled sample articles (our own fictional news)."""
    return Path(__file__).resolve().parent / "sample"


def _read_options(
    *,
    date: datetime | None,
    max_bytes: int,
    future_tolerance: timedelta,
    format: str = "auto",
    columns: CsvColumns | None = None,
) -> ReadOptions:
    return ReadOptions(
        default_date=date,
        max_bytes=max_bytes,
        future_tolerance=future_tolerance,
        format=format,
        columns=columns or CsvColumns(),
    )


def extract(
    source: str | Path | Article,
    *,
    date: datetime | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    quote_tagger: bool | None = None,
) -> Extraction:
    """Everything dateline reads from one article, without a database.

    ``source`` is an ``Article``, a path to a file holding one article (dated text, an HTML
    page, a one-item feed ...), or the article text itself
    (then ``date`` is required unless the text starts with ``date YYYY-MM-DD``).
    ``quote_tagger`` turns the learned attribution tagger on or off (``None``: as
    ``DATELINE_QUOTE_TAGGER`` says; it needs the ``tagger`` extra).
    """
    from dateline.nlp.extract import extraction_from_doc
    from dateline.nlp.pipeline import load_pipeline, process

    if isinstance(date, str):
        try:
            date = parse_date(date)
        except ValueError as exc:
            raise InputError("--date", str(exc)) from None
    if isinstance(source, Article):
        article = source
    else:
        options = ReadOptions(default_date=date, max_bytes=max_bytes)
        if isinstance(source, Path):  # any format a file can be in (an HTML page, ...)
            items = list(read_inputs([source], options=options))
        else:
            items = list(read_text(source.encode("utf-8"), origin="<text>", options=options))
        rejection = next((i for i in items if isinstance(i, Rejection)), None)
        if rejection is not None:
            raise InputError(rejection.origin, rejection.reason)
        found = [i for i in items if isinstance(i, Article)]
        if len(found) != 1:
            raise InputError(str(source), f"holds {len(found)} articles; use `dateline ingest`")
        article = found[0]
    (_, doc) = next(iter(process([article], nlp=load_pipeline(quote_tagger=quote_tagger))))
    return extraction_from_doc(article, doc)


class Dateline:
    """A dateline database: ingest articles, then ask for timelines, entities and sources."""

    def __init__(
        self, db: str | Path | None = None, *, store: Store | None = None, create: bool = True
    ) -> None:
        """Open ``db`` (created when missing unless ``create=False``) or wrap ``store``."""
        self.store = store if store is not None else open_store(db or _default_db(), create=create)
        try:
            self.store.migrate()
        except BaseException:
            self.store.close()
            raise
        #: near-duplicate index, built on the first ingest and kept for the next ones
        self.syndication = SyndicationIndex(self.store)

    def __enter__(self) -> Dateline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        date: datetime | None = None,
        workers: int = 1,
        max_bytes: int = DEFAULT_MAX_BYTES,
        future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE,
        progress: ProgressCallback | None = None,
        format: str = "auto",
        columns: CsvColumns | None = None,
        check_language: bool = True,
        near_duplicates: bool = True,
        engine: str = "local",
        address: str | None = None,
        quote_tagger: bool | None = None,
    ) -> IngestReport:
        """Ingest files, directories or ``-``; idempotent and resumable.

        ``format`` forces one input format (default: detected per file from its content);
        ``columns`` names the CSV columns; ``check_language=False`` keeps non-English text;
        ``near_duplicates=False`` extracts syndicated copies as articles of their own;
        ``engine="ray"`` extracts on ``workers`` Ray actors (of the cluster at ``address``,
        else a local one), still storing from this process; ``quote_tagger`` turns the
        learned attribution tagger on or off (``None``: as ``DATELINE_QUOTE_TAGGER`` says).
        """
        try:
            read = _read_options(
                date=date,
                max_bytes=max_bytes,
                future_tolerance=future_tolerance,
                format=format,
                columns=columns,
            )
        except ValueError as exc:
            raise DatelineError(str(exc)) from None
        options = IngestOptions(
            read=read,
            workers=workers,
            check_language=check_language,
            near_duplicates=near_duplicates,
            engine=engine,
            address=address,
            quote_tagger=quote_tagger,
        )
        return ingest(
            paths,
            store=self.store,
            options=options,
            progress=progress,
            near_duplicate_index=self.syndication,
        )

    def ingest_articles(
        self,
        articles: Iterable[Article],
        *,
        workers: int = 1,
        description: str = "api",
        engine: str = "local",
        address: str | None = None,
        quote_tagger: bool | None = None,
    ) -> IngestReport:
        """Ingest ``Article`` records built in Python (options as for ``ingest``)."""
        options = IngestOptions(
            workers=workers, engine=engine, address=address, quote_tagger=quote_tagger
        )
        return ingest_articles(
            articles,
            store=self.store,
            options=options,
            description=description,
            near_duplicate_index=self.syndication,
        )

    def timeline(
        self,
        entity: str,
        *,
        start: date | None = None,
        end: date | None = None,
        as_of: date | None = None,
        kinds: Sequence[str] | None = None,
        known_on: date | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Timeline:
        """Items about ``entity`` in time order; ``as_of`` is valid time, ``known_on``
        publication time (only articles published by that day). ``limit``/``offset`` give
        one page of the whole list (``Timeline.total`` counts it)."""
        return timeline(
            self.store,
            entity,
            start=start,
            end=end,
            as_of=as_of,
            kinds=frozenset(kinds) if kinds else None,
            known_on=known_on,
            limit=limit,
            offset=offset,
        )

    def quotes(
        self,
        entity: str,
        *,
        role: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> QuoteList:
        """Quotes by (``role="speaker"``) or about (``role="about"``) the entity; both when
        ``role`` is None."""
        return quotes(self.store, entity, role=role, start=start, end=end)

    def facts(
        self, entity: str, *, as_of: date | None = None, known_on: date | None = None
    ) -> Facts:
        """Facts about ``entity`` combined across articles: what held ``as_of`` a day, as
        known from the articles published by ``known_on``."""
        return facts(self.store, entity, as_of=as_of, known_on=known_on)

    def entities(
        self, *, label: str | None = None, query: str | None = None, limit: int = 100
    ) -> list[EntityInfo]:
        return self.store.entities(label=label, query=query, limit=limit)

    def merge_entities(self, keep: str, other: str) -> tuple[str, str]:
        """Merge entity ``other`` into ``keep`` (recorded; later ingests follow it)."""
        return self.store.merge_entities(keep, other)

    def split_entity(self, entity: str, name: str) -> tuple[str, str]:
        """Undo a merge, or take an alias out of ``entity`` as an entity of its own."""
        return self.store.split_entity(entity, name)

    def why_entity(self, name: str) -> tuple[str, list[EntityReason]]:
        """The entity's name and why each of its aliases was joined to it."""
        return self.store.explain_entity(name)

    def article(self, article_id: str) -> StoredArticle:
        found = self.store.article(article_id)
        if found is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        return found

    def search(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        if not text.strip():
            raise DatelineError("search text is empty")
        return self.store.search(text, limit=limit)

    def runs(self, *, limit: int = 20) -> list[RunInfo]:
        return self.store.runs(limit=limit)

    def export(self, out: TextIO, *, format: str = "jsonl") -> int:
        """Write the store as JSON Lines (one article per line) or GraphML; returns a count."""
        if format == "jsonl":

            def copies(extraction: Extraction) -> list[dict[str, Any]]:
                article_id = extraction.article.id
                found = self.store.outlets([article_id]).get(article_id, ())
                return [outlet_to_json(o) for o in found if o.copy_of is not None]

            articles = (a.extraction for a in self.store.articles())
            return write_jsonl(articles, out, copies=copies)
        if format == "graphml":
            entities = self.store.entities(limit=1_000_000)
            write_graphml(entities, self.store.entity_edges(), out)
            return len(entities)
        raise DatelineError(f"unknown export format {format!r}; use jsonl or graphml")


def connect(db: str | Path | None = None, *, create: bool = True) -> Dateline:
    """Open a dateline database (a SQLite path or URL, or a ``postgresql://`` URL);
    ``create=False`` refuses a missing one."""
    return Dateline(db, create=create)
