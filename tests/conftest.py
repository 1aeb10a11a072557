"""Shared fixtures. Keep each fixture small and documented; helpers live in the tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.store.sqlite import SQLiteStore


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[SQLiteStore]:
    """An empty, migrated SQLite store in a temporary file, closed after the test."""
    store = SQLiteStore(tmp_path / "dateline.db")
    try:
        yield store
    finally:
        store.close()


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the bundled sample corpus ingested once per test session (read-only use)."""
    import dateline

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with dateline.connect(path) as dl:
        report = dl.ingest([dateline.sample_corpus()])
    assert report.ingested >= 40 and not report.rejected, report
    return path


@pytest.fixture
def sample_copy(sample_db: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database for tests that write (SQLite backup API)."""
    import sqlite3
    from contextlib import closing

    target = tmp_path / "sample-copy.db"
    with closing(sqlite3.connect(sample_db)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target
