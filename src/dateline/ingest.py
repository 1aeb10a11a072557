"""Ingest: read inputs, extract, and store one article per transaction.

Resumable by construction: every article is committed on its own and identified by its
content hash, so re-running an interrupted (or finished) ingest skips what is stored and
picks up the rest. Bad inputs never stop the batch; they are recorded with the run.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dateline.dedupe import SCHEME, Match, NearDuplicateIndex, Signature, signature
from dateline.errors import DatelineError
from dateline.io.language import language_problem
from dateline.io.readers import Notice, ReadOptions, Rejection, read_inputs
from dateline.model import Article, Extraction
from dateline.store.base import SaveOutcome, Store

__all__ = ["IngestOptions", "IngestReport", "extract_articles", "ingest", "ingest_articles"]

#: called after each article with (articles done, articles to do)
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    read: ReadOptions = field(default_factory=ReadOptions)
    workers: int = 1
    batch_size: int = 64
    #: reject articles detected as not English (the pipeline reads English only)
    check_language: bool = True
    #: link near-duplicates (syndicated copies) to the stored story instead of extracting them
    near_duplicates: bool = True


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one run did; ``rejected`` names each bad input and why."""

    run_id: str
    ingested: int
    duplicates: int
    rejected: tuple[Rejection, ...]
    notices: tuple[Notice, ...]
    seconds: float
    interrupted: bool = False
    #: syndicated copies linked to a stored story (``dateline.dedupe``), not extracted again
    near_duplicates: int = 0

    @property
    def articles_per_second(self) -> float:
        return self.ingested / self.seconds if self.seconds > 0 else 0.0


def _extract_batch(articles: Sequence[Article]) -> list[Extraction]:
    from dateline.nlp.extract import extraction_from_doc
    from dateline.nlp.pipeline import process

    return [extraction_from_doc(a, doc) for a, doc in process(articles)]


def _chunks(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def extract_articles(
    articles: Sequence[Article], *, workers: int = 1, batch_size: int = 64
) -> Generator[Extraction, None, None]:
    """Extractions in input order; with ``workers > 1`` each process loads the model once."""
    if workers <= 1 or len(articles) < 2:
        from dateline.nlp.extract import extraction_from_doc
        from dateline.nlp.pipeline import process

        for article, doc in process(articles, batch_size=batch_size):
            yield extraction_from_doc(article, doc)
        return
    # small inputs are still spread over every worker
    chunk = max(1, min(batch_size, -(-len(articles) // (2 * workers))))
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=workers) as pool:
        for batch in pool.imap(_extract_batch, _chunks(articles, chunk)):
            yield from batch


class _Syndication:
    """Near-duplicate detection over the store's articles and this run's, built lazily.

    Keys are ``a:ARTICLE_ID`` for stored articles and ``h:CONTENT_HASH`` for articles of
    this run that are not stored yet. Articles stored before signatures existed (or with
    another scheme) are signed when the index is first needed.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: NearDuplicateIndex | None = None
        self._pending: dict[str, Signature] = {}
        self._stored: dict[str, str] = {}

    def _load(self) -> NearDuplicateIndex:
        if self._index is None:
            for article_id, text in list(self.store.unsigned_articles(scheme=SCHEME)):
                sig = signature(text)
                if sig is not None:
                    self._save_signature(article_id, sig)
            self._index = NearDuplicateIndex(
                (f"a:{article_id}", Signature(values=values, size=size))
                for article_id, size, values in self.store.signatures(scheme=SCHEME)
            )
        return self._index

    def _save_signature(self, article_id: str, sig: Signature) -> None:
        self.store.save_signature(
            article_id, scheme=SCHEME, shingles=sig.size, signature=sig.values
        )

    def match(self, article: Article) -> Match | None:
        """The story ``article`` copies, or ``None`` (then it is indexed as a new story)."""
        sig = signature(article.text)
        if sig is None:
            return None
        index = self._load()
        found = index.match(sig)
        if found is None:
            self._pending[article.content_hash] = sig
            index.add(f"h:{article.content_hash}", sig)
        return found

    def stored(self, article: Article, article_id: str) -> None:
        """``article`` was stored as ``article_id``: keep its signature with it."""
        self._stored[article.content_hash] = article_id
        sig = self._pending.pop(article.content_hash, None)
        if sig is not None:
            self._save_signature(article_id, sig)

    def save_copy(self, article: Article, match: Match) -> SaveOutcome | str:
        """Link the copy to its story; a reason string when the story was not stored."""
        kind, key = match.key.split(":", 1)
        of = key if kind == "a" else self._stored.get(key)
        if of is None:
            return "near-duplicate of an article of this run that was not stored"
        try:
            return self.store.save_copy(
                article,
                of=of,
                jaccard=match.jaccard,
                containment=match.containment,
                recorded_at=datetime.now(UTC),
            )
        except DatelineError as exc:
            return f"could not be stored: {exc}"


def ingest_articles(
    items: Iterable[Article | Rejection | Notice],
    *,
    store: Store,
    options: IngestOptions | None = None,
    description: str = "ingest",
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Store the articles among ``items``; record rejections and notices with the run."""
    opts = options or IngestOptions()
    started = time.perf_counter()
    run_id = store.start_run(description=description, started_at=datetime.now(UTC))
    rejected: list[Rejection] = []
    notices: list[Notice] = []
    ingested = duplicates = near_duplicates = 0
    syndication = _Syndication(store) if opts.near_duplicates else None
    copies: list[tuple[Article, Match]] = []
    status = "failed"  # until shown otherwise: a crash must not leave the run "running"

    def reject(origin: str, reason: str) -> None:
        rejected.append(Rejection(origin, reason))
        store.add_rejection(run_id, origin=origin, reason=reason)

    try:
        todo: list[Article] = []
        seen: set[str] = set()
        for item in items:
            if isinstance(item, Rejection):
                reject(item.origin, item.reason)
            elif isinstance(item, Notice):
                notices.append(item)
            elif item.content_hash in seen or store.has_content(item.content_hash):
                duplicates += 1
            elif opts.check_language and (problem := language_problem(item)) is not None:
                reject(item.origin or item.id, problem)
            elif syndication is not None and (match := syndication.match(item)) is not None:
                seen.add(item.content_hash)
                copies.append((item, match))
            else:
                seen.add(item.content_hash)
                todo.append(item)
        if progress:
            progress(0, len(todo))
        extractions = extract_articles(todo, workers=opts.workers, batch_size=opts.batch_size)
        with closing(extractions):  # stops the worker pool however the loop ends
            for done, extraction in enumerate(extractions, start=1):
                try:
                    outcome = store.save_extraction(extraction, recorded_at=datetime.now(UTC))
                except DatelineError as exc:  # rolled back: record it, carry on
                    reject(
                        extraction.article.origin or extraction.article.id,
                        f"could not be stored: {exc}",
                    )
                else:
                    if outcome.status == "stored":
                        ingested += 1
                        if syndication is not None:
                            syndication.stored(extraction.article, outcome.article_id)
                    else:
                        duplicates += 1
                if progress:
                    progress(done, len(todo))
        for article, match in copies:
            linked = syndication.save_copy(article, match) if syndication else None
            if isinstance(linked, str):
                reject(article.origin or article.id, linked)
            elif linked is not None and linked.status == "copy":
                near_duplicates += 1
            else:
                duplicates += 1
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
    finally:
        store.finish_run(
            run_id,
            finished_at=datetime.now(UTC),
            counts={
                "ingested": ingested,
                "duplicates": duplicates,
                "near_duplicates": near_duplicates,
                "rejected": len(rejected),
                "notices": len(notices),
            },
            status=status,
        )
    seconds = time.perf_counter() - started
    return IngestReport(
        run_id=run_id,
        ingested=ingested,
        duplicates=duplicates,
        rejected=tuple(rejected),
        notices=tuple(notices),
        seconds=seconds,
        interrupted=status == "interrupted",
        near_duplicates=near_duplicates,
    )


def ingest(
    paths: Iterable[str | Path],
    *,
    store: Store,
    options: IngestOptions | None = None,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read files, directories (recursively) or ``-`` (stdin) and store what they hold."""
    opts = options or IngestOptions()
    names = [str(p) for p in paths]
    return ingest_articles(
        read_inputs(names, options=opts.read),
        store=store,
        options=opts,
        description="ingest " + " ".join(names),
        progress=progress,
    )
