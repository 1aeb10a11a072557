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

from dateline.errors import DatelineError
from dateline.io.language import language_problem
from dateline.io.readers import Notice, ReadOptions, Rejection, read_inputs
from dateline.model import Article, Extraction
from dateline.store.base import Store

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
    ingested = duplicates = 0
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
                    else:
                        duplicates += 1
                if progress:
                    progress(done, len(todo))
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
