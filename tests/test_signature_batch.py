"""Near-duplicate signatures are stored a batch per transaction, and none is lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from test_store_copies import NOW, STORY

import dateline
from dateline import sample_corpus
from dateline.dedupe import SCHEME
from dateline.model import Article, Extraction
from dateline.store import open_store
from dateline.store.sql import SQLStore


def test_save_signatures_stores_and_replaces_many(fresh_db: SQLStore) -> None:
    other = Article(text="A second story.", published_at=STORY.published_at, id="other")
    for article in (STORY, other):
        fresh_db.save_extraction(Extraction(article=article), recorded_at=NOW)
    fresh_db.save_signatures([], scheme="s1")  # nothing to do
    fresh_db.save_signatures([("story", 3, b"\x01"), ("other", 5, b"\x02")], scheme="s1")
    assert sorted(fresh_db.signatures(scheme="s1")) == [
        ("other", 5, b"\x02"),
        ("story", 3, b"\x01"),
    ]
    # a new scheme replaces the old one's rows of those articles only
    fresh_db.save_signatures([("story", 4, b"\x03")], scheme="s2")
    assert list(fresh_db.signatures(scheme="s1")) == [("other", 5, b"\x02")]
    assert list(fresh_db.signatures(scheme="s2")) == [("story", 4, b"\x03")]


def _stories(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(sample_corpus().glob("*.txt"))[:count]:
        shutil.copy(path, folder / path.name)
    return folder


def _signed(db: Path) -> set[str]:
    with open_store(db) as store:  # type: ignore[attr-defined]
        return {article_id for article_id, _, _ in store.signatures(scheme=SCHEME)}


def _stored(db: Path) -> set[str]:
    with sqlite3.connect(db) as raw:
        found = {row[0] for row in raw.execute("SELECT id FROM articles")}
    raw.close()
    return found


@pytest.mark.model
def test_every_stored_article_gets_its_signature(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    with dateline.connect(db) as dl:
        report = dl.ingest([_stories(tmp_path, 3)])
    stored = _stored(db)
    assert report.ingested == 3 == len(stored)
    assert _signed(db) == stored


@pytest.mark.model
def test_an_interrupted_ingest_keeps_the_signatures_of_what_it_stored(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"

    def stop_after_one(done: int, total: int) -> None:
        if done == 1:
            raise KeyboardInterrupt

    with dateline.connect(db) as dl:
        report = dl.ingest([_stories(tmp_path, 3)], progress=stop_after_one)
        assert dl.runs()[0].status == "interrupted"
    stored = _stored(db)
    assert report.ingested == 1 == len(stored)
    assert _signed(db) == stored
