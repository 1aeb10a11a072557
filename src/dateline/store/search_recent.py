"""Search ranks the most recently published matches, so a common word costs what a rare one does.

Ranking every match (FTS5 ``bm25``, PostgreSQL ``ts_rank``) costs a few microseconds per
match: a word found in 17,000 of 120,000 stories took 35 ms of CPU on SQLite and hundreds
on PostgreSQL. Search now ranks the ``SEARCH_WINDOW`` most recently published matches
(publication time, to the second) and returns the best of those; a word with fewer
matches is ranked over all of them, exactly as before. Both backends find the window in
their full-text index without ranking: each indexed article carries a ``search_key`` that
orders by publication time (the SQLite FTS5 rowid; a column of PostgreSQL's
``articles_fts``), so the window is the matches with the highest keys.

A key is the publication second (UTC, seconds since 1970) shifted left 20 bits, plus 20
bits of a hash of the article id: articles published in the same second are ordered by
that hash, the same on both backends. SQLite needs unique rowids, so a key already taken
(two ids hashing alike in one second, about one pair in a million) moves to the next free
one; PostgreSQL keeps the key and breaks the tie by article id.

Migration ``0008_scale_search_recent`` gives the stored articles their keys: SQLite
rebuilds the FTS5 table with them as rowids, PostgreSQL adds the column.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection

__all__ = ["SEARCH_RECENT", "SEARCH_WINDOW", "free_key", "no_shared_step", "search_key"]

SEARCH_RECENT = "0008_scale_search_recent"
#: how many of the most recently published matches a search ranks
SEARCH_WINDOW = 1000

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SPREAD = 20


def search_key(published_at: datetime, article_id: str) -> int:
    """The article's place in publication order: its second, then a hash of its id."""
    seconds = (published_at - _EPOCH) // timedelta(seconds=1)
    digest = hashlib.blake2b(article_id.encode(), digest_size=4).digest()
    return (seconds << _SPREAD) | (int.from_bytes(digest, "big") & ((1 << _SPREAD) - 1))


def free_key(key: int, taken: Callable[[int], bool]) -> int:
    """``key``, or the next one not ``taken`` (SQLite rowids are unique)."""
    while taken(key):
        key += 1
    return key


def no_shared_step(conn: Connection) -> None:
    """The migration is all backend steps (``migration_steps`` of each store)."""
