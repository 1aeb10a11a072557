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
