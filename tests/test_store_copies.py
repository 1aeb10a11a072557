"""Store: near-duplicate copies, signatures and outlets; the migration on an old database.
Each test runs on SQLite and on PostgreSQL (conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dateline.errors import DatelineError
from dateline.model import Article, Extraction
from dateline.store import open_store
from dateline.store.migrations import MIGRATIONS
from dateline.store.sql import SQLStore

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
STORY = Article(
    text="The wire story as first stored.",
    published_at=datetime(2024, 3, 12, 9, tzinfo=UTC),
    id="story",
    publisher="Valley Wire",
    origin="wire.txt",
)
COPY = Article(
    text="The wire story as first stored, with a line of our own.",
    published_at=datetime(2024, 3, 13, tzinfo=UTC),
    id="copy",
    title="Another headline",
    url="https://outlet.example/story",
    publisher="Outlet",
    origin="outlet.html",
)


def test_copy_is_linked_known_and_listed_as_an_outlet(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(Extraction(article=STORY), recorded_at=NOW)
    outcome = fresh_db.save_copy(COPY, of="story", jaccard=0.9, containment=1.0, recorded_at=NOW)
    assert (outcome.article_id, outcome.status) == ("copy", "copy")
    assert fresh_db.has_content(COPY.content_hash)
    # many at once, a page per round trip: stories and copies, unknown hashes left out
    unknown = [f"{n:064x}" for n in range(450)]
    asked = [*unknown, COPY.content_hash, STORY.content_hash, COPY.content_hash]
    assert fresh_db.stored_contents(asked) == {STORY.content_hash, COPY.content_hash}
    assert fresh_db.stored_contents([]) == set()
    again = fresh_db.save_copy(COPY, of="story", jaccard=0.9, containment=1.0, recorded_at=NOW)
    assert again.status == "duplicate"
    story, copy = fresh_db.outlets(["story"])["story"]
    assert (story.article_id, story.copy_of, story.publisher) == ("story", None, "Valley Wire")
    assert (copy.copy_of, copy.url, copy.jaccard) == ("story", COPY.url, 0.9)
    assert copy.published_at == COPY.published_at
    assert fresh_db.counts()["articles"] == 1


def test_copy_of_a_missing_article_is_an_error(fresh_db: SQLStore) -> None:
    with pytest.raises(DatelineError, match="no article nothing"):
        fresh_db.save_copy(COPY, of="nothing", jaccard=1.0, containment=1.0, recorded_at=NOW)
    assert not fresh_db.has_content(COPY.content_hash)


def test_signatures_round_trip_and_unsigned_articles(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(Extraction(article=STORY), recorded_at=NOW)
    assert list(fresh_db.unsigned_articles(scheme="s1")) == [("story", STORY.text)]
    fresh_db.save_signatures([("story", 3, b"\x01\x02")], scheme="s1")
    assert list(fresh_db.signatures(scheme="s1")) == [("story", 3, b"\x01\x02")]
    assert list(fresh_db.unsigned_articles(scheme="s1")) == []
    # another scheme: the article needs signing again, and the new one replaces the old
    assert [a for a, _ in fresh_db.unsigned_articles(scheme="s2")] == ["story"]
    fresh_db.save_signatures([("story", 4, b"\x03")], scheme="s2")
    assert list(fresh_db.signatures(scheme="s1")) == []


def test_old_database_gets_the_near_duplicate_tables(db_url: str) -> None:
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
    with store._engine.begin() as raw:  # back to a database of the first release
        raw.exec_driver_sql("DROP TABLE article_copies")
        raw.exec_driver_sql("DROP TABLE article_signatures")
        raw.exec_driver_sql(f"DELETE FROM schema_migrations WHERE name != '{MIGRATIONS[0].name}'")
    store.close()
    with open_store(db_url) as store:  # type: ignore[attr-defined]  # opening migrates
        assert store.migrate() == []
        store.save_extraction(Extraction(article=STORY), recorded_at=NOW)
        assert store.save_copy(COPY, of="story", jaccard=1, containment=1, recorded_at=NOW)
        with store._engine.connect() as raw:
            listed = raw.exec_driver_sql("SELECT name FROM schema_migrations ORDER BY name")
            names = [r[0] for r in listed]
    assert names == sorted(m.name for m in MIGRATIONS)


def test_unsigned_articles_are_read_and_signed_a_page_at_a_time(
    fresh_db: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old database is signed in pages (never every text at once); an article without
    words, which gets no signature, does not make signing loop forever."""
    from dateline.dedupe import SCHEME
    from dateline.ingest import SyndicationIndex
    from dateline.store import copies

    monkeypatch.setattr(copies, "UNSIGNED_PAGE", 2)
    texts = [
        "...",
        *(f"Story number {n} about the harbour ferry and its new timetable." for n in range(5)),
    ]
    for n, text in enumerate(texts):
        article = Article(text=text, published_at=datetime(2024, 3, 1 + n, tzinfo=UTC), id=f"a{n}")
        fresh_db.save_extraction(Extraction(article=article), recorded_at=NOW)
    assert [i for i, _ in fresh_db.unsigned_articles(scheme=SCHEME)] == ["a0", "a1"]
    index = SyndicationIndex(fresh_db).refreshed()
    assert len(index) == 5
    assert [i for i, _ in fresh_db.unsigned_articles(scheme=SCHEME)] == ["a0"]  # no words
    assert len(list(fresh_db.signatures(scheme=SCHEME))) == 5
