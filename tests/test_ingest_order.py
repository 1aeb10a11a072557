"""The result does not depend on ingest order: the sample corpus stored in shuffled orders.

Extraction is per article, so the corpus is read once and its extractions are saved into
fresh stores in several orders (the ingest's own save path). Entities (names, types,
aliases), combined facts and every recurring entity's timeline must come out the same.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import dateline
from dateline.ingest import extract_articles
from dateline.io.readers import ReadOptions, read_inputs
from dateline.model import Article, Extraction
from dateline.query.timeline import facts, timeline
from dateline.store.sqlite import SQLiteStore

pytestmark = pytest.mark.model

RECURRING = [
    "Lena Okafor",
    "Marcus Feld",
    "Dana Whitlock",
    "Victor Hale",
    "Noah Brandt",
    "Elise Marin",
    "Rowan Ellery",
    "Teodor Vukic",
    "Carla Benedetti",
    "Harborview Robotics",
    "Brightwater Foundation",
    "Port Alder Mariners FC",
]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    articles = [
        a
        for a in read_inputs([dateline.sample_corpus()], options=ReadOptions())
        if isinstance(a, Article)
    ]
    return list(extract_articles(articles, workers=1))


def snapshot(store: SQLiteStore) -> dict[str, Any]:
    entities = sorted(
        (e.name, e.label, tuple(sorted(e.aliases))) for e in store.entities(limit=10**6)
    )
    out: dict[str, Any] = {"entities": entities}
    for name in RECURRING:
        out[f"facts:{name}"] = [
            (f.summary, f.when.to_json() if f.when else None, sorted(m.id for m in f.mentions))
            for f in facts(store, name).facts
        ]
        result = timeline(store, name)
        out[f"timeline:{name}"] = [
            (
                i.id,
                i.when.to_json() if i.when else None,
                i.entities,
                sorted(m.id for m in i.mentions),
            )
            for i in (*result.items, *result.undated)
        ]
    return out


def stored_in(order: Sequence[int], extractions: list[Extraction], path: Path) -> dict[str, Any]:
    with SQLiteStore(path) as store:
        for index in order:
            assert store.save_extraction(extractions[index], recorded_at=NOW).status == "stored"
        return snapshot(store)


def test_same_result_in_any_order(extractions: list[Extraction], tmp_path: Path) -> None:
    n = len(extractions)
    assert n == 46
    forward = stored_in(range(n), extractions, tmp_path / "forward.db")
    assert all(forward[f"timeline:{name}"] for name in RECURRING)
    orders = {"reversed": list(reversed(range(n)))}
    for seed in (1, 2):
        shuffled = list(range(n))
        random.Random(seed).shuffle(shuffled)
        orders[f"shuffled{seed}"] = shuffled
    for label, order in orders.items():
        other = stored_in(order, extractions, tmp_path / f"{label}.db")
        for key in forward:
            assert other[key] == forward[key], f"{label}: {key} differs"
