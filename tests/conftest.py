"""Shared fixtures. Keep each fixture small and documented; helpers live in the tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_backends import BACKENDS, Databases, databases

from dateline.store import open_store
from dateline.store.sql import SQLStore


@pytest.fixture(params=BACKENDS)
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Databases]:
    """Fresh empty databases on each backend (``new_db.new()`` -> a URL or path); the
    postgres case skips without DATELINE_TEST_POSTGRES_URL (see tests/store_backends.py)."""
    with databases(request.param, tmp_path) as made:
        yield made


@pytest.fixture
def db_url(new_db: Databases) -> str:
    """The URL (PostgreSQL) or file path (SQLite) of one fresh database, each backend."""
    return new_db.new()


@pytest.fixture
def fresh_db(db_url: str) -> Iterator[SQLStore]:
    """An empty, migrated store on each backend, closed after the test."""
    store = open_store(db_url)
    assert isinstance(store, SQLStore)
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
