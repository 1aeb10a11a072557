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
