"""Ingest: read inputs, extract, and store one article per transaction.

Resumable by construction: every article is committed on its own and identified by its
content hash, so re-running an interrupted (or finished) ingest skips what is stored and
picks up the rest. Bad inputs never stop the batch; they are recorded with the run.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence, Sized
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from dateline.dedupe import SCHEME, Match, NearDuplicateIndex, Signature, signature
from dateline.errors import DatelineError
from dateline.io.language import language_problem
from dateline.io.readers import Notice, ReadOptions, Rejection, read_inputs
from dateline.model import Article, Extraction
from dateline.store.base import SaveOutcome, Store

__all__ = [
    "IngestOptions",
    "IngestReport",
    "SyndicationIndex",
    "article_chunks",
    "extract_articles",
    "ingest",
    "ingest_articles",
]

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
    #: "local" (this machine's processes) or "ray" (actors of a Ray cluster, dateline.engine_ray)
    engine: str = "local"
    #: the Ray cluster to join (engine "ray"); None starts a local one
    address: str | None = None
    #: the learned attribution tagger on or off; None follows DATELINE_QUOTE_TAGGER
    quote_tagger: bool | None = None


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


def _load_pipeline(quote_tagger: bool | None) -> None:
    """Pool initialiser: load the model while the driver is still sorting the inputs."""
    from dateline.nlp.pipeline import load_pipeline

    load_pipeline(quote_tagger=quote_tagger)


def _extract_batch(articles: Sequence[Article], quote_tagger: bool | None) -> list[Extraction]:
    from dateline.nlp.extract import extraction_from_doc
    from dateline.nlp.pipeline import load_pipeline, process

    nlp = load_pipeline(quote_tagger=quote_tagger)
    return [extraction_from_doc(a, doc) for a, doc in process(articles, nlp=nlp)]


def article_chunks(
    items: Iterable[Article], *, expected: int | None, workers: int, batch_size: int
) -> Iterator[list[Article]]:
    """Lists of articles for the workers (local or Ray), pulled from ``items`` only when the
    next chunk is wanted. Small inputs are still spread over every worker (two chunks each);
    ``expected`` is an upper bound on the count, when known."""
    size = max(1, batch_size)
    if expected is not None:
        size = max(1, min(batch_size, -(-expected // (2 * workers))))
    source = iter(items)
    while chunk := list(islice(source, size)):
        yield chunk


ENGINES = ("local", "ray")
#: near-duplicate signatures stored per transaction during an ingest
SIGNATURE_BATCH = 64


def _extractions(
    articles: Iterable[Article], opts: IngestOptions, *, expected: int
) -> Generator[Extraction, None, None]:
    if opts.engine == "ray":
        from dateline.engine_ray import extract_with_ray

        return extract_with_ray(
            articles,
            workers=opts.workers,
            batch_size=opts.batch_size,
            address=opts.address,
            expected=expected,
            quote_tagger=opts.quote_tagger,
        )
    return extract_articles(
        articles,
        workers=opts.workers,
        batch_size=opts.batch_size,
        expected=expected,
        quote_tagger=opts.quote_tagger,
    )


def _check_engine(opts: IngestOptions) -> None:
    """Refuse a bad engine choice before a run is recorded."""
    if opts.engine not in ENGINES:
        raise DatelineError(f"unknown engine {opts.engine!r}; use one of {', '.join(ENGINES)}")
    if opts.address is not None and opts.engine != "ray":
        raise DatelineError("--address needs --engine ray")
    if opts.engine == "ray":
        from dateline.engine_ray import check_address, require_ray

        require_ray()
        if opts.address is not None:
            check_address(opts.address)


def extract_articles(
    articles: Iterable[Article],
    *,
    workers: int = 1,
    batch_size: int = 64,
    expected: int | None = None,
    quote_tagger: bool | None = None,
) -> Generator[Extraction, None, None]:
    """Extractions in input order; with ``workers > 1`` each process loads the model once.

    ``articles`` is pulled lazily, from this thread, a chunk ahead of the workers: the caller
    can still be deciding which articles need extracting (duplicate and language checks)
    while the first chunks are extracted. ``expected`` (an upper bound on the count, when
    known) sizes the chunks so that small inputs still reach every worker.
    """
    if isinstance(articles, Sized) and expected is None:
        expected = len(articles)
    if workers <= 1 or (expected is not None and expected < 2):
        from dateline.nlp.extract import extraction_from_doc
        from dateline.nlp.pipeline import load_pipeline, process

        nlp = load_pipeline(quote_tagger=quote_tagger)
        for article, doc in process(articles, nlp=nlp, batch_size=batch_size):
            yield extraction_from_doc(article, doc)
        return
    chunks = article_chunks(articles, expected=expected, workers=workers, batch_size=batch_size)
    context = multiprocessing.get_context("spawn")
    with context.Pool(
        processes=workers, initializer=_load_pipeline, initargs=(quote_tagger,)
    ) as pool:
        # two chunks per worker in flight, so a worker never waits while the driver saves
        pending: deque[AsyncResult[list[Extraction]]] = deque()

        def top_up() -> None:
            while len(pending) < 2 * workers and (chunk := next(chunks, None)) is not None:
                pending.append(pool.apply_async(_extract_batch, (chunk, quote_tagger)))

        top_up()
        while pending:
            batch = pending.popleft().get()
            top_up()
            yield from batch


class SyndicationIndex:
    """The near-duplicate index over a store's articles, kept while the store is open.

    Built on first use, signing (a page at a time) articles stored before signatures
    existed or with another scheme; each later run only adds the signatures stored since,
    by this process or another, so a server does not rebuild its LSH index (seconds for
    10,000 articles) on every request. Keys are ``a:ARTICLE_ID``.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: NearDuplicateIndex | None = None
        self._unsaved: list[tuple[str, int, bytes]] = []

    def refreshed(self) -> NearDuplicateIndex:
        """The index with every stored article in it."""
        self._sign_unsigned()
        if self._index is None:
            self._index = NearDuplicateIndex()
        for article_id, size, values in self.store.signatures(scheme=SCHEME):
            self._index.add(f"a:{article_id}", Signature(values=values, size=size))  # once
        return self._index

    def _sign_unsigned(self) -> None:
        # the store answers a page at a time; an article without words gets no signature
        # and comes back in every page, so stop when a page holds nothing new
        tried: set[str] = set()
        while page := [
            (i, text) for i, text in self.store.unsigned_articles(scheme=SCHEME) if i not in tried
        ]:
            for article_id, text in page:
                tried.add(article_id)
                sig = signature(text)
                if sig is not None:
                    self.save_later(article_id, sig)
            self.flush()

    def save_later(self, article_id: str, sig: Signature) -> None:
        """Index ``article_id``'s signature now; store it with the next ``flush``.

        One transaction per ``SIGNATURE_BATCH`` articles instead of one each. A signature
        lost with an interrupted run is not lost for good: the next ``refreshed`` signs
        stored articles that have none.
        """
        self._unsaved.append((article_id, sig.size, sig.values))
        if self._index is not None:
            self._index.add(f"a:{article_id}", sig)
        if len(self._unsaved) >= SIGNATURE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Store the signatures ``save_later`` kept."""
        unsaved, self._unsaved = self._unsaved, []
        self.store.save_signatures(unsaved, scheme=SCHEME)


def _best(first: Match | None, second: Match | None) -> Match | None:
    if first is None or (
        second is not None
        and (second.jaccard, second.containment) > (first.jaccard, first.containment)
    ):
        return second
    return first


class _Syndication:
    """One run's near-duplicate detection: the store's index, and this run's new stories.

    Keys are ``a:ARTICLE_ID`` for stored articles and ``h:CONTENT_HASH`` for articles of
    this run that are not stored yet (kept in a run's own index, dropped with the run).
    """

    def __init__(self, shared: SyndicationIndex) -> None:
        self.shared = shared
        self.store = shared.store
        self._index: NearDuplicateIndex | None = None
        self._run: NearDuplicateIndex | None = None
        self._pending: dict[str, Signature] = {}
        self._stored: dict[str, str] = {}

    def match(self, article: Article) -> Match | None:
        """The story ``article`` copies, or ``None`` (then it is indexed as a new story)."""
        sig = signature(article.text)
        if sig is None:
            return None
        if self._index is None or self._run is None:
            self._index, self._run = self.shared.refreshed(), NearDuplicateIndex()
        found = _best(self._index.match(sig), self._run.match(sig))
        if found is None:
            self._pending[article.content_hash] = sig
            self._run.add(f"h:{article.content_hash}", sig)
        return found

    def stored(self, article: Article, article_id: str) -> None:
        """``article`` was stored as ``article_id``: keep its signature with it."""
        self._stored[article.content_hash] = article_id
        sig = self._pending.pop(article.content_hash, None)
        if sig is not None:
            self.shared.save_later(article_id, sig)

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
    near_duplicate_index: SyndicationIndex | None = None,
) -> IngestReport:
    """Store the articles among ``items``; record rejections and notices with the run.

    ``near_duplicate_index``: the store's index kept between runs (else one is built).
    """
    opts = options or IngestOptions()
    _check_engine(opts)
    shared = near_duplicate_index or SyndicationIndex(store)
    if shared.store is not store:
        raise ValueError("the near-duplicate index belongs to another store")
    started = time.perf_counter()
    run_id = store.start_run(description=description, started_at=datetime.now(UTC))
    rejected: list[Rejection] = []
    notices: list[Notice] = []
    ingested = duplicates = near_duplicates = 0
    syndication = _Syndication(shared) if opts.near_duplicates else None
    copies: list[tuple[Article, Match]] = []
    status = "failed"  # until shown otherwise: a crash must not leave the run "running"

    def reject(origin: str, reason: str) -> None:
        rejected.append(Rejection(origin, reason))
        store.add_rejection(run_id, origin=origin, reason=reason)

    try:
        candidates: list[Article] = []
        for item in items:
            if isinstance(item, Rejection):
                reject(item.origin, item.reason)
            elif isinstance(item, Notice):
                notices.append(item)
            else:
                candidates.append(item)
        settled = 0  # candidates that turned out to need no extraction
        # asked once, a page of hashes per round trip, not once per article (about a
        # millisecond each); what another writer stores meanwhile is a duplicate on saving
        stored = store.stored_contents([item.content_hash for item in candidates])

        def to_extract() -> Iterator[Article]:
            # pulled by the engine a chunk ahead of its workers: sorting the inputs overlaps
            # with extraction instead of keeping every worker waiting until it is done
            nonlocal duplicates, settled
            seen: set[str] = set()
            for item in candidates:
                if item.content_hash in seen or item.content_hash in stored:
                    duplicates += 1
                elif opts.check_language and (problem := language_problem(item)) is not None:
                    reject(item.origin or item.id, problem)
                elif syndication is not None and (match := syndication.match(item)) is not None:
                    seen.add(item.content_hash)
                    copies.append((item, match))
                else:
                    seen.add(item.content_hash)
                    yield item
                    continue
                settled += 1

        if progress:
            progress(0, len(candidates))
        extractions = _extractions(to_extract(), opts, expected=len(candidates))
        done = 0
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
                    progress(done, len(candidates) - settled)
        if progress and done == 0:  # nothing to extract: say so
            progress(0, len(candidates) - settled)
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
        with suppress(DatelineError):  # a signature not stored is made again next time
            shared.flush()
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
    near_duplicate_index: SyndicationIndex | None = None,
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
        near_duplicate_index=near_duplicate_index,
    )
