"""Fresh databases on every store backend, for the fixtures in conftest.py.

SQLite: a new file under the test's tmp_path. PostgreSQL: a new schema in the database named
by ``DATELINE_TEST_POSTGRES_URL`` (``scripts/pg-throwaway run -- make test`` starts a
throwaway server and sets it), reached through ``?options=-csearch_path=...``; the schema
is dropped after the test. Without the variable the postgres cases skip, saying why.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from dateline.model import Article

BACKENDS = ("sqlite", "postgres")
POSTGRES_ENV = "DATELINE_TEST_POSTGRES_URL"
SKIP_REASON = (
    f"PostgreSQL tests need {POSTGRES_ENV}=postgresql://user@host:port/db "
    "(scripts/pg-throwaway run -- make test starts a throwaway server)"
)


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def skip_without_postgres() -> str:
    url = postgres_base_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    return url


def _admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database,
        autocommit=True,
    )


class Databases:
    """Hands out URLs of new empty databases on one backend; drops them at ``close``."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        self.tmp_path = tmp_path
        self.schemas: list[str] = []
        self.made = 0
        self.base = skip_without_postgres() if backend == "postgres" else None

    def new(self) -> str:
        self.made += 1
        if self.base is None:
            return str(self.tmp_path / f"db-{self.made}.db")
        from sqlalchemy.engine import make_url

        schema = f"t_{uuid.uuid4().hex[:16]}"
        with _admin(self.base) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        self.schemas.append(schema)
        url = make_url(self.base).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def close(self) -> None:
        if self.base is None or not self.schemas:
            return
        with _admin(self.base) as conn:
            for schema in self.schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@contextmanager
def databases(backend: str, tmp_path: Path) -> Iterator[Databases]:
    made = Databases(backend, tmp_path)
    try:
        yield made
    finally:
        made.close()


# --- several processes ingesting into one database (tests/test_store.py) ------------------
#: people named across the overlapping articles; the pool is small so writers race on them
PEOPLE = (
    ("Ines Calloway", "PERSON"),
    ("Tomas Brecht", "PERSON"),
    ("Harbor Freight Union", "ORG"),
    ("Lena Okafor", "PERSON"),
    ("Valley Water Board", "ORG"),
    ("Otto Brandvold", "PERSON"),
)


def overlapping_article(number: int):  # type: ignore[no-untyped-def]
    """Article ``number`` of the concurrency test: our own words, two or three people from
    ``PEOPLE`` each with an event, the same article for every worker that gets ``number``."""
    from datetime import UTC, datetime

    from dateline.model import Article, Entity, Event, Extraction, Mention, Span, when_for_value

    chosen = [PEOPLE[(number + k * (1 + number % 2)) % len(PEOPLE)] for k in range(2 + number % 2)]
    # one person named in full in some articles and by surname only in others: the surname
    # joins the full name whichever is saved first, so writers racing on it must see each
    # other's entity. The four workers start with it, two in full and two by surname (without
    # the PostgreSQL name locks this ends with two entities: the test fails)
    if number % 10 == 0:
        chosen.append(("Marisol Quint" if number % 20 == 0 else "Quint", "PERSON"))
    elif number % 10 == 5:
        chosen.append(("Quint", "PERSON"))
    text = " ".join(f"{name} met the council on day {number}." for name, _ in chosen)
    entities, events, at = [], [], 0
    for index, (name, label) in enumerate(chosen):
        sentence = f"{name} met the council on day {number}."
        mention = Mention(name, at, at + len(name), index, "name")
        entities.append(Entity(f"e{index}", name, label, (), (mention,)))
        events.append(
            Event(
                f"ev{index}",
                "meet",
                "meeting",
                f"{name} met the council",
                Span("met", at + len(name) + 1, at + len(name) + 4),
                index,
                agents=(name,),
                when=when_for_value(f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}"),
            )
        )
        at += len(sentence) + 1
    published = datetime(2024, 1, 1, tzinfo=UTC).replace(day=1 + number % 28)
    return Extraction(
        Article(text, published, id=f"story-{number}"),
        sentences=(Span(text, 0, len(text)),),
        entities=tuple(entities),
        events=tuple(events),
    )


def ingest_worker(url: str, numbers: list[int], start, results) -> None:  # type: ignore[no-untyped-def]
    """One ingest process: wait for the others, save the articles, report statuses."""
    from datetime import UTC, datetime

    from dateline.store import open_store

    statuses: list[str] = []
    try:
        with open_store(url) as store:  # type: ignore[attr-defined]
            start.wait(timeout=60)
            for number in numbers:
                outcome = store.save_extraction(
                    overlapping_article(number), recorded_at=datetime(2026, 1, 1, tzinfo=UTC)
                )
                statuses.append(outcome.status)
    except BaseException as exc:  # reported to the test, which fails on it
        results.put(("error", f"{type(exc).__name__}: {exc}"))
        return
    results.put(("ok", statuses))


def save_copies(
    sample_db: Path, store: Any, copies: int, *, tag: str, every: timedelta
) -> list[Article]:
    """Every story of the sample database saved ``copies`` times into ``store``: copy *n*
    has ``-{tag}{n}`` after its id, one line added to its text (a new content hash) and is
    published *n* × ``every`` later. Returns the articles saved, in order."""
    from dateline.store.sqlite import SQLiteStore

    with SQLiteStore(sample_db, create=False) as sample:
        stored = list(sample.articles())
    saved: list[Article] = []
    for copy in range(copies):
        for a in stored:
            ex = a.extraction
            article = dataclasses.replace(
                ex.article,
                id=f"{ex.article.id}-{tag}{copy}",
                text=f"{ex.article.text}\n\nCopy {copy}.",
                content_hash="",
                published_at=ex.article.published_at + every * copy,
            )
            store.save_extraction(
                dataclasses.replace(ex, article=article), recorded_at=a.recorded_at
            )
            saved.append(article)
    return saved
